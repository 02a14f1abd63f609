"""Charts for notebooks and reports (the ``plot`` extra: matplotlib).

Each function draws on a new figure, or on the axes given as ``ax``, and
returns the `matplotlib.figure.Figure`: ``fig.savefig("x.svg")`` works in
scripts, and in a notebook the returned figure shows once, as the cell's
result.  A new figure is not left open in pyplot (``plt.get_fignums()``
stays empty), so notebooks do not draw it a second time and loops do not
leak figures; ``plt.show()`` therefore does not show it either: save it,
or display it (``IPython.display.display(fig)``).

- `plot_proposals`: a dumbbell chart, one panel per metric, each actor's
  latest figure as a marker whose shape tells a cap, a floor, an estimate
  or an exact figure; a metric with one figure is a labelled point.
- `plot_timeline`: each actor's figures on one metric over time, as steps
  (a figure holds until the actor's next).
- `plot_stances`: the issue-by-actor stance matrix as coloured cells, each
  issue with its proposition.
- `actor_colours`: the colour of each actor, the same in every chart.

The colours are colour-blind safe (Okabe-Ito) and follow the lexicon's
actor order, so Russia is vermillion and Ukraine blue in every chart of the
default lexicon.

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
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from peacetalks import _figures, _optional, _palette
from peacetalks._palette import STANCE_COLOURS
from peacetalks.comparison import (
    Proposal,
    ProposalsTable,
    TableRow,
    proposals,
    proposals_table,
)
from peacetalks.lexicon import Lexicon, NameKind, Names
from peacetalks.model import Bound, Demand, Position
from peacetalks.stances import MARKS, StanceMatrix, stance_matrix

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

__all__ = ["actor_colours", "plot_proposals", "plot_stances", "plot_timeline"]

#: A figure's marker says how it binds: a cap points down the axis, a floor up.
_MARKERS: Final = {Bound.MAX: "<", Bound.MIN: ">", Bound.APPROX: "D", Bound.EXACT: "o"}
_BOUND_LABELS: Final = {
    Bound.MAX: "≤ a cap (at most)",
    Bound.MIN: "≥ a floor (at least)",
    Bound.APPROX: "≈ about",
    Bound.EXACT: "= exactly",
}
_GAP_COLOUR: Final = "#B0B0B0"
#: Points closer than this share of a panel's span are drawn one above the other.
_CROWDED: Final = 0.1
#: An issue's label: its id and proposition, on at most two lines this wide.
_LABEL_WIDTH: Final = 44


def actor_colours(
    actors: Iterable[str], lexicon: Lexicon | None = None
) -> dict[str, str]:
    """The colour of each actor in the charts: the same in every chart.

    Colours are the Okabe-Ito colours, safe for colour-blind readers, given
    in the lexicon's actor order: the lexicon's first seven actors always
    have their own colour (Russia vermillion, Ukraine blue, the United
    States bluish green in the default lexicon).  Later actors take their
    colour by their place too, and move to a free colour when an earlier
    actor of the same chart has it; only a chart with more than seven
    actors repeats a colour.

    Args:
        actors: The actors of one chart (canonical names).
        lexicon: Whose actor order decides; `Lexicon.default` if None.

    Returns:
        Each actor's colour as ``#RRGGBB``, in the lexicon's actor order
        (actors it does not know last).

    >>> colours = actor_colours(["Russia", "France", "Ukraine"])
    >>> colours["Russia"], colours["Ukraine"], colours["France"] != colours["Russia"]
    ('#D55E00', '#0072B2', True)
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    return _palette.actor_colours(actors, lex.actor_names)


def _new_figure(feature: str, width: float, height: float) -> Figure:
    """A figure with no pyplot state, that a notebook still knows how to show.

    Made through pyplot, so that the backend is loaded (Jupyter's inline
    backend registers how to display a figure when it loads), then closed
    at once: pyplot forgets it, so the notebook does not draw it a second
    time after the cell, and a loop of charts does not keep them all open.
    """
    pyplot: Any = _optional.pyplot(feature)
    figure = cast(
        "Figure", pyplot.figure(figsize=(width, height), layout="constrained")
    )
    pyplot.close(figure)
    return figure


def _figure(
    feature: str, ax: Axes | None, heights: Sequence[float] = (2.4,)
) -> tuple[Figure, list[Axes]]:
    """A new figure with axes stacked this high (inches), or the figure of ``ax``."""
    if ax is not None:
        _optional.pyplot(feature)  # the extra's error, whatever ax is
        return cast("Figure", ax.figure), [ax]
    heights = heights or (1.0,)
    figure = _new_figure(feature, 7, 1.0 + sum(heights))
    axes = figure.subplots(len(heights), 1, squeeze=False, height_ratios=heights)
    return figure, [row[0] for row in axes]


def _separated(axis: Axis) -> None:
    """Tick labels with thousands separators (85,000), never a 1e11 offset."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(_tick))


def _tick(value: float, _: object = None) -> str:
    """An axis number: ``85,000``, ``2.5``, ``300,000,000,000``.

    >>> _tick(85_000.0), _tick(2.5), _tick(0.0), _tick(3e11)
    ('85,000', '2.5', '0', '300,000,000,000')
    """
    return _figures.rounded(value)


def _interval(proposal: Proposal) -> tuple[float, float]:
    """The ends of the proposal's range, or its value twice."""
    quantity = proposal.quantity
    low = quantity.low if quantity.low is not None else quantity.midpoint
    high = quantity.high if quantity.high is not None else quantity.midpoint
    return low, high


def _levels(values: Sequence[float], span: float) -> list[int]:
    """A row for each value so that values closer than `_CROWDED` do not overlap."""
    last: list[float] = []  # the rightmost value on each row so far
    levels = [0] * len(values)
    for n in sorted(range(len(values)), key=lambda n: values[n]):
        free = [r for r, x in enumerate(last) if values[n] - x >= _CROWDED * span]
        level = free[0] if free else len(last)
        if level == len(last):
            last.append(values[n])
        else:
            last[level] = values[n]
        levels[n] = level
    return levels


def _draw_row(
    axis: Axes,
    row: TableRow,
    points: Sequence[tuple[str, Proposal]],
    colours: dict[str, str],
) -> None:
    """One metric's panel: the actors' figures, the gap between them, labelled."""
    ends = [_interval(p) for _, p in points]
    values = [p.midpoint for _, p in points]
    low, high = min(e[0] for e in ends), max(e[1] for e in ends)
    span = (high - low) or abs(high) or 1.0
    levels = _levels(values, span)
    single = len(points) == 1
    if not single:
        axis.hlines(
            0, min(values), max(values), color=_GAP_COLOUR, linewidth=3, zorder=1
        )
    for (actor, proposal), value, level, (start, stop) in zip(
        points, values, levels, ends, strict=True
    ):
        colour = colours[actor]
        if start != stop:  # a range: its span as a line through the marker
            axis.hlines(level, start, stop, color=colour, linewidth=2, zorder=2)
        axis.scatter(
            [value],
            [level],
            s=80,
            marker=_MARKERS[proposal.quantity.bound],
            facecolors="white",  # hollow: a marker under another still shows
            edgecolors=colour,
            linewidths=2,
            zorder=3,
            label=actor,  # not for the legend (its handles are given): for tests
        )
        label = f"{actor} {proposal.figure}" if single else proposal.figure
        axis.annotate(
            label,
            (value, level),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=8,
        )
    unit = f" ({row.unit})" if row.unit else ""
    axis.set_title(f"{row.metric}{unit}", fontsize=9, loc="left")
    axis.set_yticks([])
    axis.set_ylim(-0.6, max(levels) + 0.9)
    for side in ("left", "right", "top"):
        axis.spines[side].set_visible(False)
    if single:  # no scale for one number: the label says it
        value = values[0]
        axis.set_xlim(*((0.0, 2 * value) if value > 0 else (value - 1, value + 1)))
        axis.set_xticks([])
        axis.set_title("one figure: nothing to compare", fontsize=7, loc="right")
    else:
        axis.margins(x=0.12)
        _separated(axis.xaxis)


def _actor_handles(colours: dict[str, str], marker: str = "o") -> list[Artist]:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], linestyle="", marker=marker, markersize=7, color=c, label=a)
        for a, c in colours.items()
    ]


def _bound_handles(bounds: set[Bound]) -> list[Artist]:
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            linestyle="",
            marker=_MARKERS[bound],
            markersize=7,
            markerfacecolor="white",
            markeredgecolor="#777777",
            markeredgewidth=1.5,
            label=label,
        )
        for bound, label in _BOUND_LABELS.items()
        if bound in bounds
    ]


def _legend(figure: Figure, ax: Axes | None, handles: list[Artist], ncols: int) -> None:
    """The legend above a figure we made, or on the caller's axes."""
    if not handles:
        return
    if ax is None:
        figure.legend(
            handles=handles,
            loc="outside upper left",
            ncols=ncols,
            fontsize=7,
            frameon=False,
        )
    else:
        ax.legend(handles=handles, fontsize=7, frameon=False)  # one column: narrow


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
        lexicon: For units, names and colours; `Lexicon.default` if None.
        ax: Draw one metric on these axes (``metrics`` must then name one).

    Each actor has its colour (`actor_colours`); a marker's shape says
    whether the figure is a cap (◀, ≤), a floor (▶, ≥), an estimate
    (◆, ≈) or exact (●), and the legend says so.  Markers are hollow and
    each carries its figure; figures too close to tell apart are drawn one
    above the other.  A range is a line through its marker.  A metric with
    one figure has no scale to read: it is a point labelled with the actor
    and figure.  Axis numbers have thousands separators.

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
    >>> [text.get_text() for text in figure.legends[0].get_texts()]
    ['Russia', 'Ukraine', '≤ a cap (at most)']
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
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
    # a lone figure is a labelled point, lower than a panel with a scale
    heights = [0.8 if len(row.cells) == 1 else 1.1 for row in rows]
    figure, axes = _figure("plot_proposals()", ax, heights)
    drawn: dict[str, None] = {}
    bounds: set[Bound] = set()
    colours = actor_colours(table.actors, lex)
    for axis, row in zip(axes, rows, strict=False):
        points = [
            (actor, latest)
            for actor in table.actors
            if (latest := row.latest(actor)) is not None
        ]
        _draw_row(axis, row, points, colours)
        drawn.update(dict.fromkeys(actor for actor, _ in points))
        bounds.update(p.quantity.bound for _, p in points)
    if not rows:
        axes[0].set_axis_off()
        axes[0].set_title("no figures to compare", fontsize=9)
    shown = {actor: colour for actor, colour in colours.items() if actor in drawn}
    handles = _actor_handles(shown) + _bound_handles(bounds)
    _legend(figure, ax, handles, ncols=min(len(handles), 5))
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
        lexicon: For units and colours; `Lexicon.default` if None.
        ax: Draw on these axes.

    Each actor's figures are steps: a figure holds from its date until the
    actor's next one (a line between them would suggest a gradual change
    that nobody proposed).  Each actor has its colour (`actor_colours`),
    and the axis numbers have thousands separators.

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
    >>> axes.get_lines()[0].get_drawstyle()
    'steps-post'
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
    colours = actor_colours({p.actor for p in found}, lex)
    for actor, colour in colours.items():
        mine = sorted(
            (p for p in found if p.actor == actor),
            key=lambda p: _when(p) or datetime.date.min,
        )
        days: list[Any] = [_when(p) for p in mine]  # matplotlib plots dates
        axis.plot(
            days,
            [p.midpoint for p in mine],
            drawstyle="steps-post",
            marker="o",
            markerfacecolor="white",  # hollow: equal figures stay visible
            color=colour,
            label=actor,
        )
    unit = lex.metric(metric).unit if metric in lex.metric_ids else None
    axis.set_title(f"{metric} ({unit})" if unit else metric, fontsize=9, loc="left")
    axis.set_xlabel(
        "date of the figure; each figure holds until the actor's next", fontsize=8
    )
    if colours:
        axis.legend(fontsize=8, frameon=False)
        _separated(axis.yaxis)
        _dated(axis.xaxis)
    else:
        axis.text(0.5, 0.5, "no dated figures", ha="center", transform=axis.transAxes)
    return figure


def _dated(axis: Axis) -> None:
    """Short date labels that do not overlap, on any axes (2023, Jul, 2024...)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    # matplotlib's stubs leave these two constructors untyped
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]  # mpl stub
    concise = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]  # mpl stub
    axis.set_major_locator(locator)
    axis.set_major_formatter(concise)


def _labels(
    labels: Sequence[str], given: Sequence[str] | None, kind: NameKind, argument: str
) -> Sequence[str]:
    """The labels of a matrix that ``given`` names, in its order (all if None)."""
    if given is None:
        return labels
    names = Names(kind, labels)
    wanted = set(names.resolve_all(given, argument=argument))
    return [label for label in labels if names.canonical(label) in wanted]


def _issue_label(issue: str, lexicon: Lexicon) -> str:
    """``"occupied_territory: Russia keeps control of …"``, on at most two lines."""
    if issue not in lexicon.issue_ids:
        return issue
    text = f"{issue}: {lexicon.issue(issue).proposition}"
    return "\n".join(textwrap.wrap(text, _LABEL_WIDTH, max_lines=2, placeholder=" …"))


def plot_stances(
    items: StanceMatrix | Iterable[Position | Demand],
    *,
    issues: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The issue-by-actor stance matrix: blue supports, orange opposes, grey mixed.

    Args:
        items: A `StanceMatrix`, or positions (a `Findings` will do) for
            `stance_matrix`.
        issues: Draw these issues only (rows).
        actors: Draw these actors only (columns).
        lexicon: For names, propositions and colours; `Lexicon.default` if
            None.
        ax: Draw on these axes.

    Each row is labelled with the issue and its proposition (what
    supporting it means); each column's actor has its colour
    (`actor_colours`) in a band above it.  A cell's colour and mark say
    the stance (``+`` supports, ``-`` opposes, ``±`` mixed: both), its
    number how many positions (an actor's statements on the issue) are
    behind it; the legend and the caption say so.

    Names are read as `stance_matrix` reads them (any case or alias;
    `UnknownNameError` for a name neither the lexicon nor the matrix
    knows).

    Raises:
        MissingExtraError: If matplotlib is not installed.
        UnknownNameError: An issue or actor is unknown.

    >>> import peacetalks as pt
    >>> figure = plot_stances(pt.datasets.sample().extract().positions)
    >>> labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    >>> [label.splitlines() for label in labels if label.startswith("neutrality")]
    [['neutrality: Ukraine takes a permanent', 'neutral, non-aligned status']]
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    if isinstance(items, StanceMatrix):
        matrix = items
        rows = list(_labels(matrix.issues, issues, "issue", "issues"))
        columns = list(_labels(matrix.actors, actors, "actor", "actors"))
    else:
        positions = [p for p in items if isinstance(p, Position)]
        matrix = stance_matrix(positions, issues=issues, actors=actors, lexicon=lexicon)
        rows, columns = list(matrix.issues), list(matrix.actors)
    if ax is None:
        figure = _new_figure(
            "plot_stances()",
            3.6 + 0.6 * max(len(columns), 1),
            1.7 + 0.42 * max(len(rows), 1),
        )
        axis = figure.subplots()
    else:
        figure, (axis,) = _figure("plot_stances()", ax)
    from matplotlib.patches import Patch, Rectangle

    colours = actor_colours(columns, lex)
    for x, actor in enumerate(columns):  # the actor's colour, as in other charts
        band = Rectangle((x - 0.45, -0.78), 0.9, 0.16, color=colours[actor])
        band.set_label(actor)  # not for the legend (its handles are given)
        axis.add_patch(band)
    for y, issue in enumerate(rows):
        for x, actor in enumerate(columns):
            cell = matrix[issue, actor]
            if cell.stance is None:
                continue
            axis.add_patch(
                Rectangle(
                    (x - 0.45, y - 0.45), 0.9, 0.9, color=STANCE_COLOURS[cell.stance]
                )
            )
            axis.text(
                x,
                y,
                f"{MARKS[cell.stance]}{cell.count}",
                ha="center",
                va="center",
                fontsize=7,
            )
    axis.set_xlim(-0.5, len(columns) - 0.5)
    axis.set_ylim(len(rows) - 0.5, -0.8)
    axis.set_xticks(range(len(columns)), columns, rotation=30, ha="right", fontsize=8)
    axis.set_yticks(range(len(rows)), [_issue_label(i, lex) for i in rows], fontsize=7)
    axis.tick_params(length=0)
    for spine in axis.spines.values():
        spine.set_visible(False)
    axis.set_xlabel(
        "the number in a cell: how many positions\n"
        "(statements by the actor on the issue) are behind it",
        fontsize=7,
    )
    handles: list[Artist] = [
        Patch(color=STANCE_COLOURS[stance], label=f"{MARKS[stance]} {stance}")
        for stance in ("supports", "opposes", "mixed")
    ]
    _legend(figure, ax, handles, ncols=3)
    return figure
