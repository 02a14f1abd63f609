"""Charts for notebooks and reports (the ``plot`` extra: matplotlib).

Each function draws on a new figure, or on the axes given as ``ax``, and
returns the `matplotlib.figure.Figure`, so that ``fig.savefig("x.svg")``
works in scripts and the figure shows in notebooks.

- `plot_proposals`: a dumbbell chart, one row per metric, each actor's
  latest figure as a dot and the gap between them as a bar.
- `plot_timeline`: each actor's figures on one metric over time.
- `plot_stances`: the issue-by-actor stance matrix as coloured cells.

Example:
    >>> import peacetalks as pt
    >>> from peacetalks.plot import plot_proposals
    >>> demands = pt.datasets.sample().extract().demands
    >>> figure = plot_proposals(demands, metrics=["troops", "tanks"])
    >>> [ax.get_title(loc="left") for ax in figure.axes]
    ['troops (personnel)', 'tanks (units)']
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs

from peacetalks import _optional
from peacetalks.comparison import (
    Proposal,
    ProposalsTable,
    proposals,
    proposals_table,
)
from peacetalks.lexicon import Lexicon, NameKind, Names
from peacetalks.model import Demand, Position
from peacetalks.stances import StanceMatrix, stance_matrix

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_proposals", "plot_stances", "plot_timeline"]

#: One colour per actor, in table order (matplotlib's default cycle).
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
_SUPPORTS, _OPPOSES, _MIXED = "#2ca02c", "#d62728", "#bbbbbb"


def _figure(feature: str, ax: Axes | None, rows: int = 1) -> tuple[Figure, list[Axes]]:
    """A new figure with ``rows`` stacked axes, or the figure of ``ax``."""
    pyplot: Any = _optional.pyplot(feature)
    if ax is not None:
        return cast("Figure", ax.figure), [ax]
    figure, axes = pyplot.subplots(
        max(rows, 1), 1, figsize=(7, 1.4 + 1.1 * max(rows, 1)), squeeze=False
    )
    return figure, [row[0] for row in axes]


def plot_proposals(
    items: ProposalsTable | Iterable[Position | Demand | Proposal],
    *,
    metrics: str | Iterable[str] | None = None,
    lexicon: Lexicon | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A dumbbell chart of each actor's latest figure, one panel per metric.

    Args:
        items: A `ProposalsTable`, or demands (a `Findings` will do) to
            lay out with `proposals_table`.
        metrics: Draw these metrics only, in this order.
        lexicon: For units and names; `Lexicon.default` if None.
        ax: Draw one metric on these axes (``metrics`` must then name one).

    Names in ``metrics`` are read as `proposals_table` reads them (any
    case or alias; `UnknownNameError` for a name neither the lexicon nor
    the figures know).

    Raises:
        MissingExtraError: If matplotlib is not installed.
        UnknownNameError: A metric that neither the lexicon nor the figures
            know.
        ValueError: If ``ax`` is given for more than one metric.

    >>> from peacetalks import Demand, Quantity
    >>> figure = plot_proposals([
    ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
    ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
    ... ])
    >>> [ax.get_title(loc="left") for ax in figure.axes]
    ['troops (personnel)']
    """
    if isinstance(items, ProposalsTable):
        table = items
        if metrics is not None:
            names = Names("metric", [row.metric for row in table], lexicon)
            wanted = set(names.resolve_all(metrics, argument="metrics"))
            table = attrs.evolve(table, rows=[r for r in table if r.metric in wanted])
    else:
        table = proposals_table(items, metrics=metrics, lexicon=lexicon)
    rows = [row for row in table if row.cells]
    if ax is not None and len(rows) > 1:
        msg = f"ax= draws one metric; got {len(rows)}: name one with metrics="
        raise ValueError(msg)
    figure, axes = _figure("plot_proposals()", ax, len(rows))
    colours = {
        actor: _COLOURS[n % len(_COLOURS)] for n, actor in enumerate(table.actors)
    }
    for axis, row in zip(axes, rows, strict=False):
        latest = [(actor, row.latest(actor)) for actor in table.actors]
        points = [(actor, p.midpoint) for actor, p in latest if p is not None]
        values = [value for _, value in points]
        axis.hlines(0, min(values), max(values), color="#999999", linewidth=3, zorder=1)
        for actor, value in points:
            axis.scatter(
                [value], [0], s=80, color=colours[actor], label=actor, zorder=2
            )
            axis.annotate(
                f"{value:,.0f}" if value >= 100 else f"{value:g}",
                (value, 0),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
        unit = f" ({row.unit})" if row.unit else ""
        axis.set_title(f"{row.metric}{unit}", fontsize=9, loc="left")
        axis.set_yticks([])
        axis.margins(x=0.15)
        axis.legend(loc="lower right", fontsize=7, frameon=False, ncol=len(points))
    if not rows:
        axes[0].set_axis_off()
        axes[0].set_title("no figures to compare", fontsize=9)
    figure.tight_layout()
    return figure


def _when(proposal: Proposal) -> datetime.date | None:
    published = proposal.date
    return published.range[0] if published.range else None


def plot_timeline(
    items: Iterable[Position | Demand | Proposal],
    metric: str,
    *,
    actors: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Each actor's figures on ``metric`` over time (undated figures left out).

    Args:
        items: Demands, proposals or a whole `Findings`.
        metric: The metric to follow (``"troops"``).
        actors: Draw these actors only.
        lexicon: For units; `Lexicon.default` if None.
        ax: Draw on these axes.

    Names are read as `proposals_table` reads them: ``"Troops"`` and
    ``"troops"`` are one metric, and a name that neither the lexicon nor
    the figures know raises `UnknownNameError`.

    Raises:
        MissingExtraError: If matplotlib is not installed.
        UnknownNameError: ``metric`` or an actor is unknown.

    >>> from peacetalks import Demand, Quantity, parse_date
    >>> figure = plot_timeline([
    ...     Demand("Russia", "troops", Quantity(50_000, bound="max"),
    ...            date=parse_date("March 2022")),
    ...     Demand("Russia", "troops", Quantity(85_000, bound="max"),
    ...            date=parse_date("April 2022")),
    ... ], "troops")
    >>> axes = figure.axes[0]
    >>> axes.get_title(loc="left"), [line.get_label() for line in axes.get_lines()]
    ('troops (personnel)', ['Russia'])
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    figures = proposals(items, lexicon=lex)
    metric_names = Names("metric", {p.metric for p in figures}, lex)
    actor_names = Names("actor", {p.actor for p in figures}, lex)
    metric = metric_names.resolve(metric, argument="metric")
    wanted = (
        None
        if actors is None
        else set(actor_names.resolve_all(actors, argument="actors"))
    )
    found = [
        attrs.evolve(p, actor=actor_names.canonical(p.actor))
        for p in figures
        if metric_names.canonical(p.metric) == metric
        and _when(p) is not None
        and (wanted is None or actor_names.canonical(p.actor) in wanted)
    ]
    figure, (axis,) = _figure("plot_timeline()", ax)
    names = sorted({p.actor for p in found})
    for n, actor in enumerate(names):
        mine = sorted(
            (p for p in found if p.actor == actor),
            key=lambda p: _when(p) or datetime.date.min,
        )
        days: list[Any] = [_when(p) for p in mine]  # matplotlib plots dates
        axis.plot(
            days,
            [p.midpoint for p in mine],
            marker="o",
            color=_COLOURS[n % len(_COLOURS)],
            label=actor,
        )
    unit = lex.metric(metric).unit if metric in lex.metric_ids else None
    axis.set_title(f"{metric} ({unit})" if unit else metric, fontsize=9, loc="left")
    if names:
        axis.legend(fontsize=8, frameon=False)
    else:
        axis.text(0.5, 0.5, "no dated figures", ha="center", transform=axis.transAxes)
    figure.autofmt_xdate()
    return figure


def _labels(
    labels: Sequence[str], given: Sequence[str] | None, kind: NameKind, argument: str
) -> Sequence[str]:
    """The labels of a matrix that ``given`` names, in its order (all if None)."""
    if given is None:
        return labels
    names = Names(kind, labels)
    wanted = set(names.resolve_all(given, argument=argument))
    return [label for label in labels if names.canonical(label) in wanted]


def plot_stances(
    items: StanceMatrix | Iterable[Position | Demand],
    *,
    issues: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The issue-by-actor stance matrix: green supports, red opposes, grey mixed.

    Args:
        items: A `StanceMatrix`, or positions (a `Findings` will do) for
            `stance_matrix`.
        issues: Draw these issues only (rows).
        actors: Draw these actors only (columns).
        ax: Draw on these axes.

    Names are read as `stance_matrix` reads them (any case or alias;
    `UnknownNameError` for a name neither the lexicon nor the matrix
    knows).

    Raises:
        MissingExtraError: If matplotlib is not installed.
        UnknownNameError: An issue or actor is unknown.

    >>> import peacetalks as pt
    >>> figure = plot_stances(pt.datasets.sample().extract().positions)
    >>> len(figure.axes[0].get_yticklabels()) > 5
    True
    """
    if isinstance(items, StanceMatrix):
        matrix = items
        rows = list(_labels(matrix.issues, issues, "issue", "issues"))
        columns = list(_labels(matrix.actors, actors, "actor", "actors"))
    else:
        positions = [p for p in items if isinstance(p, Position)]
        matrix = stance_matrix(positions, issues=issues, actors=actors)
        rows, columns = list(matrix.issues), list(matrix.actors)
    figure, (axis,) = _figure("plot_stances()", ax)
    from matplotlib.patches import Rectangle  # the extra is there: _figure checked

    if ax is None:
        figure.set_size_inches(1.2 + 1.1 * max(len(columns), 1), 0.8 + 0.35 * len(rows))
    colours = {"supports": _SUPPORTS, "opposes": _OPPOSES, "mixed": _MIXED}
    for y, issue in enumerate(rows):
        for x, actor in enumerate(columns):
            cell = matrix[issue, actor]
            if cell.stance is None:
                continue
            axis.add_patch(
                Rectangle((x - 0.45, y - 0.45), 0.9, 0.9, color=colours[cell.stance])
            )
            axis.text(x, y, str(cell.count), ha="center", va="center", fontsize=7)
    axis.set_xlim(-0.5, len(columns) - 0.5)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    axis.set_xticks(range(len(columns)), columns, rotation=30, ha="right", fontsize=8)
    axis.set_yticks(range(len(rows)), rows, fontsize=8)
    axis.set_title("green supports, red opposes, grey mixed", fontsize=8, loc="left")
    figure.tight_layout()
    return figure
