"""Positions side by side: the stance matrix, common ground, clashes, changes.

Each function takes positions (a `Findings`, a list, any iterable) and
returns immutable results whose order depends only on the positions, never
on the order they come in.  Every position counts, whatever its act or
modality: filter first to leave some out.

**Names.**  Actors and issues are read through the lexicon (the
``lexicon`` argument, else the default) by the rule of `Names`: any case
or alias of a name is the name (``"moscow"`` is ``"Russia"``), a name the
lexicon does not know may still be one of the positions' own, and any
other name raises `UnknownNameError`, saying which names come close.

>>> from peacetalks import Position
>>> positions = [
...     Position("Russia", "neutrality", "supports", act="demand"),
...     Position("Ukraine", "neutrality", "supports", act="offer"),
...     Position("Russia", "nato_membership", "opposes", act="demand"),
...     Position("Ukraine", "nato_membership", "supports"),
... ]
>>> print(stance_matrix(positions))
issue            Russia  Ukraine  proposition
nato_membership  -       +        Ukraine joins NATO / NATO expands to Ukraine
neutrality       +       +        Ukraine takes a permanent neutral, non-aligned status
+ supports  - opposes  ± mixed  · no position
>>> [a.issue for a in common_ground(positions, "Russia", "Ukraine")]
['neutrality']
>>> [c.issue for c in clashes(positions, "Russia", "Ukraine")]
['nato_membership']

**A mixed side.**  An actor whose positions on an issue disagree within
the window has the stance ``"mixed"`` there, and a mixed side makes neither
common ground nor a clash: the issue is in neither list (narrow the window
with ``start`` and ``end`` to see where the actor stands at a time).  So an
issue is never both common ground and a clash.

**Dates.**  ``start`` and ``end`` (inclusive, either may be ``None`` for
open) are read as in `peacetalks.window`: dates, ISO strings, ``"March
2022"`` (as an end, the 31st) or `Published`.  They keep the positions whose
date overlaps the window, as `Corpus.filter` does: a date known only to the
month overlaps every day of that month; once a window is given, undated
positions are left out.  Dates are ordered by the first day of the period
they stand for, so ``2022-03`` comes before ``2022-03-29``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from peacetalks import _html, _optional
from peacetalks.errors import UnknownNameError
from peacetalks.findings import Findings
from peacetalks.lexicon import Lexicon, Names
from peacetalks.model import Position, Precision, Published, Stance
from peacetalks.window import DateLike, DateWindow

__all__ = [
    "MARKS",
    "Agreement",
    "CellStance",
    "Clash",
    "StanceCell",
    "StanceChange",
    "StanceMatrix",
    "clashes",
    "common_ground",
    "stance_changes",
    "stance_matrix",
]

#: What a cell of the matrix holds: one stance, or ``"mixed"`` when the
#: actor's positions disagree.
CellStance = Literal["supports", "opposes", "mixed"]

#: The mark each cell stance gets in the text table; ``None`` is no position.
MARKS: Final[Mapping[CellStance | None, str]] = {
    "supports": "+",
    "opposes": "-",
    "mixed": "±",
    None: "·",
}

_DEFINITE: Final[Mapping[CellStance | None, Stance]] = {
    "supports": Stance.SUPPORTS,
    "opposes": Stance.OPPOSES,
}
_Evidence = tuple[Position, ...]
_LEGEND: Final = "+ supports  - opposes  ± mixed  · no position"
_PRECISION_RANK: Final = {
    Precision.DAY: 0,
    Precision.MONTH: 1,
    Precision.YEAR: 2,
    Precision.UNKNOWN: 3,
}


# -- ordering ---------------------------------------------------------------


def _date_key(date: Published) -> tuple[datetime.date, int]:
    """Order dates by the start of their period, undated first."""
    if date.date is None:
        return datetime.date.min, _PRECISION_RANK[Precision.UNKNOWN]
    return date.date, _PRECISION_RANK[date.precision]


def _position_key(position: Position) -> tuple[Any, ...]:
    """A total order on positions, so that results never depend on input order."""
    evidence = position.evidence
    producer = position.producer
    return (
        _date_key(position.date),
        position.date.raw or "",
        position.actor,
        position.issue,
        position.stance.value,
        position.act.value,
        position.modality.value,
        position.speaker or "",
        (evidence.article_id, evidence.start, evidence.end, evidence.quote)
        if evidence is not None
        else (),
        position.confidence,
        (producer.name, producer.version or "") if producer is not None else (),
    )


def _sorted(positions: Iterable[Position]) -> tuple[Position, ...]:
    return tuple(sorted(positions, key=_position_key))


def _stance_of(positions: Iterable[Position]) -> CellStance | None:
    """One stance when all positions agree, ``"mixed"`` when not, else None."""
    stances = {p.stance for p in positions}
    if not stances:
        return None
    if len(stances) > 1:
        return "mixed"
    return "supports" if stances.pop() is Stance.SUPPORTS else "opposes"


def _positions(positions: Iterable[Position] | Findings) -> list[Position]:
    """The positions as a list, refusing anything else (a `Findings` gives its own)."""
    if isinstance(positions, Findings):
        return list(positions.positions)
    kept = list(positions)
    given: list[object] = list(kept)  # anything may come in at run time
    for index, item in enumerate(given):
        if not isinstance(item, Position):
            msg = (
                f"expected positions, got {type(item).__name__} at {index} "
                "(give a Findings, or its .positions)"
            )
            raise TypeError(msg)
    return kept


def _names(
    positions: Sequence[Position], lexicon: Lexicon | None
) -> tuple[Names, Names]:
    """How the caller's actor and issue names resolve, against these positions."""
    actors = Names("actor", {p.actor for p in positions}, lexicon)
    issues = Names("issue", {p.issue for p in positions}, lexicon)
    return actors, issues


# -- the matrix -------------------------------------------------------------


@attrs.frozen
class StanceCell:
    """Where one actor stands on one issue: a cell of a `StanceMatrix`.

    Args:
        issue: The issue id (the row).
        actor: The actor (the column).
        stance: ``"supports"`` or ``"opposes"`` when all the actor's
            positions agree, ``"mixed"`` when they disagree, ``None`` when
            there are none.
        latest: The stance at the latest date on which the actor took one;
            ``None`` when the positions of that date disagree or no position
            is dated (then ``stance`` tells all there is).
        evidence: The positions behind the cell, in date order.

    >>> from peacetalks import Position
    >>> positions = [Position("Russia", "ceasefire", "opposes"),
    ...              Position("Ukraine", "ceasefire", "supports"),
    ...              Position("Russia", "neutrality", "supports"),
    ...              Position("Ukraine", "neutrality", "supports")]
    >>> cell = stance_matrix(positions)["ceasefire", "Ukraine"]
    >>> cell.issue, cell.actor, cell.stance, cell.latest
    ('ceasefire', 'Ukraine', 'supports', None)
    """

    issue: str
    actor: str
    stance: CellStance | None
    latest: Stance | None
    evidence: tuple[Position, ...]

    @property
    def count(self) -> int:
        """The number of positions behind the cell.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> stance_matrix(positions)["neutrality", "Russia"].count
        1
        """
        return len(self.evidence)

    @property
    def mark(self) -> str:
        """The cell's mark in the text table: ``+``, ``-``, ``±`` or ``·``.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> matrix = stance_matrix(positions)
        >>> [cell.mark for cell in matrix.row("ceasefire")]
        ['-', '+']
        """
        return MARKS[self.stance]


def _latest(positions: Sequence[Position]) -> Stance | None:
    dated = [p for p in positions if p.date.date is not None]
    if not dated:
        return None
    last = max(_date_key(p.date) for p in dated)
    stances = {p.stance for p in dated if _date_key(p.date) == last}
    return stances.pop() if len(stances) == 1 else None


def _cell(issue: str, actor: str, positions: Sequence[Position]) -> StanceCell:
    ordered = _sorted(positions)
    return StanceCell(issue, actor, _stance_of(ordered), _latest(ordered), ordered)


@attrs.frozen(repr=False)
class StanceMatrix:
    """Issues by actors: each actor's stance on each issue, with its evidence.

    Build one with `stance_matrix`.  Rows are issues and columns actors,
    both in the order given to `stance_matrix` (sorted by default); every
    row and column has a `StanceCell`, empty ones included.  Index it with
    ``matrix[issue, actor]``; iterating and ``len`` go over the cells, row
    by row.

    Args:
        issues: The row labels.
        actors: The column labels.
        cells: One cell per issue and actor, row by row.
        start: The start of the window, if any.
        end: The end of the window, if any.
        lexicon: Where the printed and HTML tables find each issue's
            proposition; the default lexicon if None.  Not compared: two
            matrices of the same cells are equal whatever their lexicons.

    >>> from peacetalks import Position
    >>> matrix = stance_matrix([
    ...     Position("Russia", "ceasefire", "supports", act="offer"),
    ...     Position("Russia", "ceasefire", "opposes", act="reject"),
    ... ])
    >>> matrix
    <StanceMatrix: 1 issue, 1 actor, 2 positions>
    >>> cell = matrix["ceasefire", "Russia"]
    >>> cell.stance, cell.count, cell.mark
    ('mixed', 2, '±')
    """

    issues: tuple[str, ...]
    actors: tuple[str, ...]
    cells: tuple[StanceCell, ...]
    start: datetime.date | None = None
    end: datetime.date | None = None
    lexicon: Lexicon | None = attrs.field(default=None, eq=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        expected = [(i, a) for i in self.issues for a in self.actors]
        if [(c.issue, c.actor) for c in self.cells] != expected:
            msg = "'cells' must hold one cell per issue and actor, row by row"
            raise ValueError(msg)

    def __repr__(self) -> str:
        issues = len(self.issues)
        actors = len(self.actors)
        count = sum(cell.count for cell in self.cells)
        return (
            f"<StanceMatrix: {issues} issue{'s' * (issues != 1)}, "
            f"{actors} actor{'s' * (actors != 1)}, "
            f"{count} position{'s' * (count != 1)}>"
        )

    def __getitem__(self, key: tuple[str, str]) -> StanceCell:
        """The cell of ``(issue, actor)``.

        Names are read as `stance_matrix` reads them, through the default
        lexicon and the matrix's own labels: ``matrix["NATO membership",
        "moscow"]`` is ``matrix["nato_membership", "Russia"]``.

        Raises:
            KeyError: If the issue or the actor is not in the matrix; an
                `UnknownNameError` when no lexicon or label knows the name.
        """
        issue, actor = key
        index = self.issues.index(self._row_label(issue)) * len(self.actors)
        return self.cells[index + self.actors.index(self._column_label(actor))]

    def _row_label(self, issue: str) -> str:
        if issue in self.issues:  # the common case, without the lexicon
            return issue
        label = Names("issue", self.issues).among(issue, self.issues)
        if label is None:
            msg = f"issue {issue!r} is not a row of the matrix"
            raise KeyError(msg)
        return label

    def _column_label(self, actor: str) -> str:
        if actor in self.actors:
            return actor
        label = Names("actor", self.actors).among(actor, self.actors)
        if label is None:
            msg = f"actor {actor!r} is not a column of the matrix"
            raise KeyError(msg)
        return label

    def __iter__(self) -> Iterator[StanceCell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def row(self, issue: str) -> tuple[StanceCell, ...]:
        """The cells of one issue, one per actor, in column order.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> row = stance_matrix(positions).row("ceasefire")
        >>> [(cell.actor, cell.stance) for cell in row]
        [('Russia', 'opposes'), ('Ukraine', 'supports')]
        """
        issue = self._row_label(issue)
        return tuple(self[issue, actor] for actor in self.actors)

    def column(self, actor: str) -> tuple[StanceCell, ...]:
        """The cells of one actor, one per issue, in row order.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> column = stance_matrix(positions).column("Russia")
        >>> [(cell.issue, cell.stance) for cell in column]
        [('ceasefire', 'opposes'), ('neutrality', 'supports')]
        """
        actor = self._column_label(actor)
        return tuple(self[issue, actor] for issue in self.issues)

    def proposition(self, issue: str) -> str | None:
        """What supporting ``issue`` means, from the matrix's lexicon.

        ``None`` for an issue the lexicon does not know (a name of the
        positions' own).

        >>> from peacetalks import Position
        >>> matrix = stance_matrix([Position("Russia", "neutrality", "supports")])
        >>> matrix.proposition("neutrality")
        'Ukraine takes a permanent neutral, non-aligned status'
        """
        lexicon = self.lexicon if self.lexicon is not None else Lexicon.default()
        try:
            return " ".join(lexicon.issue(issue).proposition.split())
        except UnknownNameError:
            return None

    def __str__(self) -> str:
        header = ["issue", *self.actors, "proposition"]
        rows = [
            [issue, *(c.mark for c in self.row(issue)), self.proposition(issue) or ""]
            for issue in self.issues
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines = [
            "  ".join(
                value.ljust(width) for value, width in zip(r, widths, strict=True)
            ).rstrip()
            for r in [header, *rows]
        ]
        return "\n".join([*lines, _LEGEND])

    def _repr_html_(self) -> str:
        """The matrix as an HTML table: a stance and a count in each cell.

        Each row says its issue's proposition, with the issue's id after it.
        """

        def show(cell: StanceCell) -> str:
            if cell.stance is None:
                return ""
            return f"{cell.mark} {cell.stance} ({cell.count})"

        def label(issue: str) -> str:
            proposition = self.proposition(issue)
            return f"{proposition} ({issue})" if proposition else issue

        rows = [
            [label(issue), *(show(c) for c in self.row(issue))] for issue in self.issues
        ]
        return _html.table(["issue", *self.actors], rows, caption=repr(self))

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per cell, empty cells included, row by row.

        Keys: ``issue``, ``actor``, ``stance``, ``latest``, ``count``,
        ``supports``, ``opposes`` (counts), ``first`` and ``last`` (the
        earliest and latest date labels, ``None`` if no position is dated).

        >>> from peacetalks import Position
        >>> stance_matrix([Position("Ukraine", "ceasefire", "supports")]).to_records()
        [{'issue': 'ceasefire', 'actor': 'Ukraine', 'stance': 'supports',
          'latest': None, 'count': 1, 'supports': 1, 'opposes': 0,
          'first': None, 'last': None}]
        """
        records = []
        for cell in self.cells:
            dated = [p.date for p in cell.evidence if p.date.date is not None]
            records.append(
                {
                    "issue": cell.issue,
                    "actor": cell.actor,
                    "stance": cell.stance,
                    "latest": cell.latest.value if cell.latest is not None else None,
                    "count": cell.count,
                    "supports": sum(p.stance is Stance.SUPPORTS for p in cell.evidence),
                    "opposes": sum(p.stance is Stance.OPPOSES for p in cell.evidence),
                    "first": dated[0].label if dated else None,
                    "last": dated[-1].label if dated else None,
                }
            )
        return records

    def to_pandas(self) -> Any:
        """The matrix as a pandas DataFrame: issues as index, actors as columns.

        Each value is the cell's stance (``None`` for no position).  For the
        counts and dates, use ``pandas.DataFrame(matrix.to_records())``.
        Needs the ``pandas`` extra.

        Raises:
            MissingExtraError: If pandas is not installed.

        >>> from peacetalks import Position
        >>> frame = stance_matrix([Position("Ukraine", "ceasefire", "supports")],
        ...     actors=["Russia", "Ukraine"]).to_pandas()
        >>> frame.to_dict("index")
        {'ceasefire': {'Russia': None, 'Ukraine': 'supports'}}
        """
        pandas = _optional.pandas("StanceMatrix.to_pandas()")
        data = [[cell.stance for cell in self.row(issue)] for issue in self.issues]
        return pandas.DataFrame(
            data,
            index=pandas.Index(list(self.issues), name="issue"),
            columns=pandas.Index(list(self.actors), name="actor"),
            dtype=object,
        )


def _unique(given: Iterable[str], field: str, names: Names) -> tuple[str, ...]:
    """The names ``given`` for ``field``, resolved, each once."""
    if isinstance(given, str):
        msg = f"'{field}' must be a sequence of names, not the string {given!r}"
        raise TypeError(msg)
    listed = list(given)
    result = names.resolve_all(listed, argument=field)
    if len(set(result)) != len(result):
        msg = f"'{field}' must not name anything twice (got {listed!r})"
        raise ValueError(msg)
    return result


def stance_matrix(
    positions: Iterable[Position] | Findings,
    *,
    issues: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    lexicon: Lexicon | None = None,
) -> StanceMatrix:
    """Tabulate each actor's stance on each issue, with the positions behind it.

    Args:
        positions: The positions to tabulate (a `Findings` gives its
            positions).
        issues: The rows, in this order; by default every issue that has a
            position, sorted.  Issues given here that no position mentions
            get a row of empty cells; positions on other issues are left out.
        actors: The columns, in this order; by default every actor that has
            a position, sorted.  Works like ``issues``.
        start: The first day of the window, if any: a date, an ISO string,
            ``"March 2022"`` or a `Published` (see `peacetalks.window`).
        end: The last day of the window, if any (``"March 2022"`` is the
            31st).
        lexicon: How names are read (see the module notes); the default
            lexicon if None.

    Returns:
        The matrix; the same for the same positions in any order.

    Raises:
        TypeError: Something that is not a position comes in, or a bound of
            the window is not a date, a string or a `Published`.
        UnknownNameError: ``issues`` or ``actors`` names something that
            neither the lexicon nor the positions know.
        ValueError: ``start`` is after ``end``, a bound names no date, or
            ``issues`` or ``actors`` names something twice.

    >>> from peacetalks import Position, Precision, Published
    >>> import datetime
    >>> def said(actor, stance, day):
    ...     date = Published(day, datetime.date.fromisoformat(day), Precision.DAY)
    ...     return Position(actor, "neutrality", stance, date=date)
    >>> positions = [said("Ukraine", "supports", "2022-03-29"),
    ...              said("Ukraine", "opposes", "2025-06-02")]
    >>> stance_matrix(positions)["neutrality", "Ukraine"].stance
    'mixed'
    >>> stance_matrix(positions)["neutrality", "Ukraine"].latest
    <Stance.OPPOSES: 'opposes'>
    >>> stance_matrix(positions, end="2022")["neutrality", "Ukraine"].stance
    'supports'
    >>> stance_matrix(positions, actors=["Kyiv"]).actors
    ('Ukraine',)
    >>> stance_matrix(positions, actors=["Ukrain"])
    Traceback (most recent call last):
        ...
    peacetalks.errors.UnknownNameError: unknown actor 'Ukrain' in lexicon
    'russia-ukraine'; did you mean 'Ukraine'?
    """
    given = _positions(positions)
    window = DateWindow.of(start, end)
    actor_names, issue_names = _names(given, lexicon)
    kept = [p for p in given if window.contains(p.date)]
    groups: dict[tuple[str, str], list[Position]] = defaultdict(list)
    for position in kept:
        key = (
            issue_names.canonical(position.issue),
            actor_names.canonical(position.actor),
        )
        groups[key].append(position)
    rows = (
        _unique(issues, "issues", issue_names)
        if issues is not None
        else tuple(sorted({issue for issue, _ in groups}))
    )
    columns = (
        _unique(actors, "actors", actor_names)
        if actors is not None
        else tuple(sorted({actor for _, actor in groups}))
    )
    cells = tuple(
        _cell(issue, actor, groups.get((issue, actor), []))
        for issue in rows
        for actor in columns
    )
    return StanceMatrix(
        rows, columns, cells, start=window.start, end=window.end, lexicon=lexicon
    )


# -- two actors ---------------------------------------------------------------


@attrs.frozen
class Agreement:
    """An issue on which two actors take the same stance: common ground.

    Args:
        issue: The issue id.
        stance: The stance both take.
        a: The first actor.
        b: The second actor.
        a_evidence: The positions of ``a`` on the issue, in date order.
        b_evidence: The positions of ``b`` on the issue, in date order.

    >>> from peacetalks import Position
    >>> positions = [Position("Russia", "ceasefire", "opposes"),
    ...              Position("Ukraine", "ceasefire", "supports"),
    ...              Position("Russia", "neutrality", "supports"),
    ...              Position("Ukraine", "neutrality", "supports")]
    >>> agreement = common_ground(positions, "Russia", "Ukraine")[0]
    >>> agreement.issue, agreement.stance, agreement.a, agreement.b
    ('neutrality', <Stance.SUPPORTS: 'supports'>, 'Russia', 'Ukraine')
    """

    issue: str
    stance: Stance
    a: str
    b: str
    a_evidence: tuple[Position, ...]
    b_evidence: tuple[Position, ...]

    def swapped(self) -> Agreement:
        """The same agreement with the sides the other way round.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> swapped = common_ground(positions, "Russia", "Ukraine")[0].swapped()
        >>> swapped.a, swapped.b, swapped.a_evidence[0].actor
        ('Ukraine', 'Russia', 'Ukraine')
        """
        return Agreement(
            self.issue, self.stance, self.b, self.a, self.b_evidence, self.a_evidence
        )


@attrs.frozen
class Clash:
    """An issue on which two actors take opposite stances.

    Args:
        issue: The issue id.
        a: The first actor.
        b: The second actor.
        a_stance: The stance of ``a``.
        b_stance: The stance of ``b`` (the opposite one).
        a_evidence: The positions of ``a`` on the issue, in date order.
        b_evidence: The positions of ``b`` on the issue, in date order.

    >>> from peacetalks import Position
    >>> positions = [Position("Russia", "ceasefire", "opposes"),
    ...              Position("Ukraine", "ceasefire", "supports"),
    ...              Position("Russia", "neutrality", "supports"),
    ...              Position("Ukraine", "neutrality", "supports")]
    >>> clash = clashes(positions, "Russia", "Ukraine")[0]
    >>> clash.issue, clash.a, clash.a_stance, clash.b, clash.b_stance
    ('ceasefire', 'Russia', <Stance.OPPOSES: 'opposes'>, 'Ukraine', <Stance.SUPPORTS:
    'supports'>)
    """

    issue: str
    a: str
    b: str
    a_stance: Stance
    b_stance: Stance
    a_evidence: tuple[Position, ...]
    b_evidence: tuple[Position, ...]

    def swapped(self) -> Clash:
        """The same clash with the sides the other way round.

        >>> from peacetalks import Position
        >>> positions = [Position("Russia", "ceasefire", "opposes"),
        ...              Position("Ukraine", "ceasefire", "supports"),
        ...              Position("Russia", "neutrality", "supports"),
        ...              Position("Ukraine", "neutrality", "supports")]
        >>> swapped = clashes(positions, "Russia", "Ukraine")[0].swapped()
        >>> swapped.a, swapped.a_stance.value, swapped.b, swapped.b_stance.value
        ('Ukraine', 'supports', 'Russia', 'opposes')
        """
        return Clash(
            self.issue,
            self.b,
            self.a,
            self.b_stance,
            self.a_stance,
            self.b_evidence,
            self.a_evidence,
        )


_Pair = tuple[str, Stance, Stance, _Evidence, _Evidence]


def _pairs(
    positions: Iterable[Position] | Findings,
    a: str,
    b: str,
    window: tuple[DateLike, DateLike],
    lexicon: Lexicon | None,
) -> tuple[str, str, list[_Pair]]:
    """``a`` and ``b`` resolved, and each issue where both hold one stance."""
    given = _positions(positions)
    actors, _ = _names(given, lexicon)
    a, b = actors.resolve(a, argument="a"), actors.resolve(b, argument="b")
    if a == b:
        msg = f"'a' and 'b' must be two different actors (got {a!r} twice)"
        raise ValueError(msg)
    start, end = window
    matrix = stance_matrix(given, actors=[a, b], start=start, end=end, lexicon=lexicon)
    found = []
    for issue in matrix.issues:
        left, right = matrix.row(issue)
        if left.stance in _DEFINITE and right.stance in _DEFINITE:
            found.append(
                (
                    issue,
                    _DEFINITE[left.stance],
                    _DEFINITE[right.stance],
                    left.evidence,
                    right.evidence,
                )
            )
    return a, b, found


def common_ground(
    positions: Iterable[Position] | Findings,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    lexicon: Lexicon | None = None,
) -> list[Agreement]:
    """The issues on which ``a`` and ``b`` take the same stance, by issue id.

    A side whose positions on an issue disagree (``"mixed"``) agrees with
    nobody there; an actor without positions has no common ground.
    ``common_ground(p, a, b)`` is ``common_ground(p, b, a)`` with each
    agreement `swapped`.

    Args:
        positions: The positions to compare.
        a: One actor, by any of its names (see the module notes).
        b: Another actor.
        start: The first day of the window, if any (see `stance_matrix`).
        end: The last day of the window, if any.
        lexicon: How names are read; the default lexicon if None.

    Returns:
        The agreements, naming ``a`` and ``b`` by their canonical names.

    Raises:
        UnknownNameError: Neither the lexicon nor the positions know ``a``
            or ``b``.
        ValueError: If ``a`` and ``b`` are the same actor.

    >>> from peacetalks import Position
    >>> found = common_ground([
    ...     Position("Russia", "prisoner_exchange", "supports"),
    ...     Position("Ukraine", "prisoner_exchange", "supports"),
    ... ], "the Kremlin", "Ukraine")
    >>> [(x.issue, x.a, x.stance.value, len(x.a_evidence), len(x.b_evidence))
    ...  for x in found]
    [('prisoner_exchange', 'Russia', 'supports', 1, 1)]
    """
    a, b, pairs = _pairs(positions, a, b, (start, end), lexicon)
    return [
        Agreement(issue, left, a, b, a_evidence, b_evidence)
        for issue, left, right, a_evidence, b_evidence in pairs
        if left is right
    ]


def clashes(
    positions: Iterable[Position] | Findings,
    a: str,
    b: str,
    *,
    start: DateLike = None,
    end: DateLike = None,
    lexicon: Lexicon | None = None,
) -> list[Clash]:
    """The issues on which ``a`` and ``b`` take opposite stances, by issue id.

    A mixed side clashes with nobody (see the module notes), so an issue is
    never both common ground and a clash.  ``clashes(p, a, b)`` is
    ``clashes(p, b, a)`` with each clash `swapped`.

    Args:
        positions: The positions to compare.
        a: One actor, by any of its names (see the module notes).
        b: Another actor.
        start: The first day of the window, if any (see `stance_matrix`).
        end: The last day of the window, if any.
        lexicon: How names are read; the default lexicon if None.

    Returns:
        The clashes, naming ``a`` and ``b`` by their canonical names.

    Raises:
        UnknownNameError: Neither the lexicon nor the positions know ``a``
            or ``b``.
        ValueError: If ``a`` and ``b`` are the same actor.

    >>> from peacetalks import Position
    >>> found = clashes([
    ...     Position("Russia", "nato_membership", "opposes", act="demand"),
    ...     Position("Ukraine", "nato_membership", "supports"),
    ... ], "Ukraine", "Russia")
    >>> [(x.issue, x.a, x.a_stance.value, x.b, x.b_stance.value) for x in found]
    [('nato_membership', 'Ukraine', 'supports', 'Russia', 'opposes')]
    """
    a, b, pairs = _pairs(positions, a, b, (start, end), lexicon)
    return [
        Clash(issue, a, b, left, right, a_evidence, b_evidence)
        for issue, left, right, a_evidence, b_evidence in pairs
        if left is not right
    ]


# -- over time ----------------------------------------------------------------


@attrs.frozen
class StanceChange:
    """A moment an actor's stance on an issue changed.

    Args:
        actor: The actor.
        issue: The issue id.
        before: The stance at the earlier date (``"mixed"`` when that
            date's positions disagree).
        after: The stance at the later date.
        since: The earlier date: the last one with the old stance.
        on: The later date: the first one with the new stance.
        before_evidence: The positions of the earlier date.
        after_evidence: The positions of the later date.
        kind: ``"concession"`` when the actor moved to the stance its
            counterpart last took on the issue (on or before ``on``),
            ``"hardening"`` when it moved away from it, and ``"reversal"``
            when no counterpart was given or it has no stance yet.

    >>> from peacetalks import Position, parse_date
    >>> def said(stance, day):
    ...     return Position("Ukraine", "neutrality", stance, date=parse_date(day))
    >>> change = stance_changes([said("supports", "2022-03-29"),
    ...                          said("opposes", "2025-06-02")])[0]
    >>> change.before, change.after, change.since.label, change.on.label, change.kind
    ('supports', 'opposes', '2022-03-29', '2025-06-02', 'reversal')
    """

    actor: str
    issue: str
    before: CellStance
    after: CellStance
    since: Published
    on: Published
    before_evidence: tuple[Position, ...]
    after_evidence: tuple[Position, ...]
    kind: str = "reversal"


def stance_changes(
    positions: Iterable[Position] | Findings,
    *,
    actor: str | None = None,
    issue: str | None = None,
    counterpart: str | None = None,
    lexicon: Lexicon | None = None,
) -> list[StanceChange]:
    """The moments an actor's stance on an issue changed, in date order.

    The dated positions of each actor on each issue are grouped by date
    (the day, month or year they are known to); each date has one stance,
    or ``"mixed"`` when its positions disagree.  A change is a date whose
    stance differs from that of the date before.  Positions without a date
    cannot be placed in time and are left out.  Changes are ordered by
    date, then actor, then issue.

    Args:
        positions: The positions to follow.
        actor: Only this actor's changes, if given.
        issue: Only changes on this issue, if given.
        counterpart: The other side: a change toward its latest stance on
            the issue is a concession, one away from it a hardening.
        lexicon: How names are read (see the module notes); the default
            lexicon if None.

    Raises:
        UnknownNameError: Neither the lexicon nor the positions know
            ``actor``, ``issue`` or ``counterpart``.

    >>> import datetime
    >>> from peacetalks import Position, Precision, Published
    >>> def said(stance, day):
    ...     date = Published(day, datetime.date.fromisoformat(day), Precision.DAY)
    ...     return Position("Ukraine", "neutrality", stance, date=date)
    >>> changes = stance_changes([said("opposes", "2025-06-02"),
    ...                           said("supports", "2022-03-29"),
    ...                           said("supports", "2022-04-15")])
    >>> [(c.before, c.after, c.since.label, c.on.label) for c in changes]
    [('supports', 'opposes', '2022-04-15', '2025-06-02')]
    >>> russia = Position("Russia", "neutrality", "supports", date=Published(
    ...     "2022", datetime.date(2022, 1, 1), Precision.YEAR))
    >>> [c.kind for c in stance_changes([*changes[0].before_evidence,
    ...     *changes[0].after_evidence, russia], actor="Ukraine", counterpart="Russia")]
    ['hardening']
    """
    groups: dict[tuple[str, str], dict[tuple[datetime.date, int], list[Position]]]
    groups = defaultdict(lambda: defaultdict(list))
    given = _positions(positions)
    actors, issues = _names(given, lexicon)
    wanted_actor = None if actor is None else actors.resolve(actor, argument="actor")
    wanted_issue = None if issue is None else issues.resolve(issue, argument="issue")
    other = (
        None
        if counterpart is None
        else actors.resolve(counterpart, argument="counterpart")
    )
    theirs: dict[str, list[Position]] = defaultdict(list)  # by issue
    for p in given:
        if other is not None and actors.canonical(p.actor) == other and p.date.date:
            theirs[issues.canonical(p.issue)].append(p)
    for position in given:
        who, what = actors.canonical(position.actor), issues.canonical(position.issue)
        if position.date.date is None:
            continue
        if wanted_actor is not None and who != wanted_actor:
            continue
        if wanted_issue is not None and what != wanted_issue:
            continue
        key = _date_key(position.date)
        groups[who, what][key].append(position)
    changes: list[StanceChange] = []
    for (who, what), by_date in groups.items():
        previous: tuple[CellStance, tuple[Position, ...]] | None = None
        for key in sorted(by_date):
            evidence = _sorted(by_date[key])
            stance = _stance_of(evidence)
            assert stance is not None  # every group has a position
            if previous is not None and previous[0] != stance:
                changes.append(
                    StanceChange(
                        who,
                        what,
                        previous[0],
                        stance,
                        _date_of(previous[1]),
                        _date_of(evidence),
                        previous[1],
                        evidence,
                        kind=_kind(stance, theirs.get(what, []), key),
                    )
                )
            previous = (stance, evidence)
    changes.sort(key=lambda c: (_date_key(c.on), c.actor, c.issue))
    return changes


def _kind(
    after: CellStance,
    theirs: list[Position],
    on: tuple[datetime.date, int],
) -> str:
    """Concession, hardening or reversal, against the counterpart's stance.

    ``theirs`` are the counterpart's dated positions on the issue.
    """
    known = [p for p in theirs if _date_key(p.date) <= on]
    if not known or after == "mixed":
        return "reversal"
    latest = max(_date_key(p.date) for p in known)
    stance = _stance_of(_sorted([p for p in known if _date_key(p.date) == latest]))
    if stance is None or stance == "mixed":
        return "reversal"
    return "concession" if stance == after else "hardening"


def _date_of(evidence: tuple[Position, ...]) -> Published:
    """The date of a group of positions, as the first of them gives it."""
    return evidence[0].date
