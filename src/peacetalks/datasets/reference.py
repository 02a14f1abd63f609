"""Reference data: the sourced figures of the Russia-Ukraine talks as `Demand` s.

Two datasets ship with peacetalks, both read from ``proposals.jsonl`` (the
compiled table of proposals, one sourced figure a line) with the decisions
in ``mapping.toml`` next to it:

- `istanbul_2022`: the annex of the Istanbul draft treaty of 15 April 2022,
  Russia's and Ukraine's caps on Ukraine's peacetime forces;
- `proposals`: every usable figure, from March 2022 to 2026.

Each is a `Reference`: a sequence of `Demand` s, so every helper that takes
demands works on it directly, whose `Reference.entries` keep each demand's
sources and their `Confirmation`.  `check` tells whether extracted demands
agree with it; `left_out` lists the rows that are not demands, and why.

>>> import peacetalks as pt
>>> istanbul = pt.datasets.istanbul_2022()
>>> istanbul
<Reference istanbul_2022: 16 demands, 11 confirmed by several outlets>
>>> troops = istanbul.filter(metric="troops")
>>> [(d.actor, d.quantity.value) for d in troops]
[('Russia', 85000.0), ('Ukraine', 250000.0)]
>>> [e.confirmation.value for e in troops.entries]
['several outlets', 'several outlets']
"""

from __future__ import annotations

import enum
import functools
import json
import math
import re
import tomllib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final, overload

import attrs

from peacetalks import _optional
from peacetalks.errors import ValidationError
from peacetalks.io.dates import parse_date
from peacetalks.lexicon import Lexicon
from peacetalks.model import Act, Bound, Demand, Producer, Published, Quantity

__all__ = [
    "ISTANBUL_ANNEX",
    "PRODUCER",
    "Check",
    "CheckStatus",
    "Confirmation",
    "LeftOut",
    "Reference",
    "Source",
    "Sourced",
    "check",
    "istanbul_2022",
    "left_out",
    "proposals",
    "proposals_path",
]

#: The context that marks the rows of the Istanbul annex of 15 April 2022.
ISTANBUL_ANNEX: Final = (
    "Istanbul draft treaty 2022-04-15 (annex on peacetime armed forces)"
)

#: What produced the reference demands.
PRODUCER: Final = Producer("peacetalks.datasets.proposals")

# When sources give one figure with different bounds, the most frequent bound
# wins; on a tie, the more telling one (a cap says more than "about").
_BOUND_PREFERENCE: Final = (Bound.MAX, Bound.MIN, Bound.EXACT, Bound.APPROX)
_RANGE: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*")


def proposals_path() -> Path:
    """The bundled ``proposals.jsonl``, exactly as compiled.

    >>> path = proposals_path()
    >>> path.name, path.is_file()
    ('proposals.jsonl', True)
    """
    root = resources.files("peacetalks.datasets").joinpath(
        "data", "reference", "proposals.jsonl"
    )
    return Path(str(root))


def _mapping_path() -> Path:
    return proposals_path().with_name("mapping.toml")


# -- the types ----------------------------------------------------------------


class Confirmation(enum.StrEnum):
    """How well a figure is sourced: by two or more outlets, or by one.

    >>> [confirmation.value for confirmation in Confirmation]
    ['several outlets', 'single source']
    >>> istanbul_2022().entries[0].confirmation in Confirmation
    True
    """

    SEVERAL = "several outlets"
    SINGLE = "single source"


@attrs.frozen
class Source:
    """One outlet's report of a figure.

    Args:
        title: The title of the article or document.
        publisher: Who published the copy that was read, as the table names
            it, e.g. ``"UAWire (summary of Welt am Sonntag, 2024-04)"``.
        outlet: The primary outlet whose reporting it carries
            (``"Welt am Sonntag"``); reprints of one outlet count once.
        url: Where the copy is.
        quote: The words that give the figure.
        line: The 1-based line of ``proposals.jsonl`` it comes from.
        note: The compiler's caveat on the row, if any.

    >>> source = istanbul_2022().filter(metric="troops").entries[0].sources[0]
    >>> source.outlet, source.line > 0, bool(source.quote)
    ('The Wall Street Journal', True, True)
    """

    title: str
    publisher: str
    outlet: str
    url: str
    quote: str
    line: int
    note: str | None = None


@attrs.frozen
class Sourced:
    """A reference demand with the sources that give it.

    Args:
        demand: The figure as a `Demand` of the default lexicon.
        context: The document or event it comes from.
        sources: Every row that gives this actor, metric and figure on
            this date, in file order.

    >>> entry = istanbul_2022().filter(metric="troops").entries[0]
    >>> entry.demand.actor, entry.demand.quantity.value, len(entry.sources) > 0
    ('Russia', 85000.0, True)
    """

    demand: Demand
    context: str
    sources: tuple[Source, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        """The distinct primary outlets behind the figure, sorted.

        >>> istanbul_2022().filter(metric="troops").entries[0].outlets[:2]
        ('ISW', 'RBC-Ukraine')
        """
        return tuple(sorted({source.outlet for source in self.sources}))

    @property
    def confirmation(self) -> Confirmation:
        """`Confirmation.SEVERAL` when two or more primary outlets give it.

        >>> troops = istanbul_2022().filter(metric="troops")
        >>> [entry.confirmation.value for entry in troops.entries]
        ['several outlets', 'several outlets']
        """
        if len(self.outlets) >= 2:
            return Confirmation.SEVERAL
        return Confirmation.SINGLE

    @property
    def notes(self) -> tuple[str, ...]:
        """The compiler's caveats on the rows, without repeats.

        >>> all(isinstance(note, str) for e in proposals().entries for note in e.notes)
        True
        """
        return tuple(dict.fromkeys(s.note for s in self.sources if s.note))


@attrs.frozen
class LeftOut:
    """A row of ``proposals.jsonl`` that is not a reference demand.

    Args:
        line: Its 1-based line.
        actor: Its actor, as written.
        metric: Its metric, as written.
        value: Its value, as written.
        reason: Why it is left out.

    >>> row = left_out()[0]
    >>> isinstance(row.line, int), isinstance(row.reason, str)
    (True, True)
    """

    line: int
    actor: str
    metric: str
    value: float | str | None
    reason: str


def _sourced_items(value: Iterable[Sourced]) -> tuple[Sourced, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class Reference(Sequence[Demand]):
    """Reference demands with their sources: a read-only sequence of `Demand`.

    Iterating, indexing and ``len`` give the demands, so a `Reference` can be
    passed wherever demands are expected; `entries` gives the same figures
    with their sources, one `Sourced` per demand, in the same order.

    Args:
        entries: The sourced demands, in order.
        name: What the reference is called, for its ``repr``.

    >>> istanbul = istanbul_2022()
    >>> istanbul
    <Reference istanbul_2022: 16 demands, 11 confirmed by several outlets>
    >>> istanbul[0] == istanbul.entries[0].demand
    True
    """

    entries: tuple[Sourced, ...] = attrs.field(converter=_sourced_items)
    name: str = "reference"

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Demand: ...
    @overload
    def __getitem__(self, index: slice) -> Reference: ...
    def __getitem__(self, index: int | slice) -> Demand | Reference:
        if isinstance(index, slice):
            return Reference(self.entries[index], name=self.name)
        return self.entries[index].demand

    def __iter__(self) -> Iterator[Demand]:
        return (entry.demand for entry in self.entries)

    def __contains__(self, item: object) -> bool:
        return any(entry.demand == item for entry in self.entries)

    def __repr__(self) -> str:
        several = sum(e.confirmation is Confirmation.SEVERAL for e in self.entries)
        count = len(self.entries)
        return (
            f"<Reference {self.name}: {count} demand{'s' * (count != 1)}, "
            f"{several} confirmed by several outlets>"
        )

    @property
    def demands(self) -> tuple[Demand, ...]:
        """The demands, in order.

        >>> troops = istanbul_2022().filter(metric="troops")
        >>> [(d.actor, d.quantity.value) for d in troops.demands]
        [('Russia', 85000.0), ('Ukraine', 250000.0)]
        """
        return tuple(self)

    def filter(
        self,
        *,
        actor: str | Collection[str] | None = None,
        metric: str | Collection[str] | None = None,
    ) -> Reference:
        """Keep the entries of this actor and metric (one name or several each).

        >>> import peacetalks as pt
        >>> [d.quantity.value for d in pt.datasets.istanbul_2022().filter(
        ...     actor="Ukraine", metric=["tanks", "missile_range"])]
        [800.0, 280.0]
        """

        def wanted(value: str, names: str | Collection[str] | None) -> bool:
            if names is None:
                return True
            return value == names if isinstance(names, str) else value in names

        kept = [
            e
            for e in self.entries
            if wanted(e.demand.actor, actor) and wanted(e.demand.metric, metric)
        ]
        return Reference(kept, name=self.name)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per entry: the figure, its context and sourcing.

        Keys: ``actor``, ``target``, ``metric``, ``value``, ``low``,
        ``high``, ``unit``, ``bound``, ``date`` (at its precision),
        ``speaker``, ``context``, ``confirmation``, ``outlets`` (joined with
        ``"; "``) and ``sources`` (how many rows give the figure).

        >>> import peacetalks as pt
        >>> record = pt.datasets.istanbul_2022().to_records()[-1]
        >>> {k: record[k] for k in ("actor", "metric", "value", "confirmation")}
        {'actor': 'Ukraine', 'metric': 'missile_range', 'value': 280.0,
         'confirmation': 'single source'}
        """
        records = []
        for entry in self.entries:
            demand = entry.demand
            quantity = demand.quantity
            records.append(
                {
                    "actor": demand.actor,
                    "target": demand.target,
                    "metric": demand.metric,
                    "value": quantity.value,
                    "low": quantity.low,
                    "high": quantity.high,
                    "unit": quantity.unit,
                    "bound": quantity.bound.value,
                    "date": demand.date.label,
                    "speaker": demand.speaker,
                    "context": entry.context,
                    "confirmation": entry.confirmation.value,
                    "outlets": "; ".join(entry.outlets),
                    "sources": len(entry.sources),
                }
            )
        return records

    def to_pandas(self) -> Any:
        """The entries as a pandas DataFrame, one row per record (`to_records`).

        Needs the ``pandas`` extra.

        Raises:
            MissingExtraError: If pandas is not installed.

        >>> frame = istanbul_2022().filter(metric="troops").to_pandas()
        >>> frame[["actor", "metric", "value"]].to_dict("records")
        [{'actor': 'Russia', 'metric': 'troops', 'value': 85000.0}, {'actor': 'Ukraine',
        'metric': 'troops', 'value': 250000.0}]
        """
        pandas = _optional.pandas("Reference.to_pandas()")
        return pandas.DataFrame(self.to_records())


# -- reading the table ------------------------------------------------------


@attrs.frozen
class _Mapping:
    actors: Mapping[str, Mapping[str, str]]
    metrics: Mapping[str, str]
    units: Mapping[str, Mapping[str, Any]]
    outlets: Mapping[str, str]
    left_out_actors: Mapping[str, str]
    left_out_metrics: Mapping[str, str]


def _read_mapping() -> _Mapping:
    data = tomllib.loads(_mapping_path().read_text(encoding="utf-8"))
    left = data["left_out"]
    return _Mapping(
        data["actors"],
        data["metrics"],
        data["units"],
        data["outlets"],
        left["actors"],
        left["metrics"],
    )


def _outlet(publisher: str, outlets: Mapping[str, str]) -> str:
    if publisher in outlets:
        return outlets[publisher]
    return publisher.split(" (", 1)[0].strip()


def _quantity(raw: object, unit: Mapping[str, Any], bound: Bound) -> Quantity | str:
    """The row's figure in the lexicon's unit, or why it is not one."""
    factor = float(unit.get("factor", 1.0))
    name = str(unit["unit"])
    if raw is None:
        return "no number given"
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Quantity(raw * factor, unit=name, bound=bound)
    match = _RANGE.fullmatch(raw) if isinstance(raw, str) else None
    if match is None:
        return f"not one number or a range ({raw!r})"
    low, high = (float(g) * factor for g in match.groups())
    return Quantity(low=low, high=high, unit=name, bound=bound)


@attrs.frozen
class _Row:
    line: int
    actor: str
    metric: str
    quantity: Quantity
    date: Published
    context: str
    act: Act
    speaker: str | None
    source: Source


def _bad(message: str, line: int | None = None) -> ValidationError:
    return ValidationError([message], path=str(proposals_path()), line=line)


def _read_rows() -> tuple[tuple[_Row, ...], tuple[LeftOut, ...]]:
    mapping = _read_mapping()
    lexicon = Lexicon.default()
    rows: list[_Row] = []
    left: list[LeftOut] = []
    text = proposals_path().read_text(encoding="utf-8")
    for line, raw_line in enumerate(text.splitlines(), start=1):
        data = json.loads(raw_line)
        actor_label, metric_label = data["actor"], data["metric"]
        reason = mapping.left_out_actors.get(actor_label) or (
            mapping.left_out_metrics.get(metric_label)
        )
        if reason is None and actor_label not in mapping.actors:
            raise _bad(f"'actor' {actor_label!r} is not in mapping.toml", line)
        if reason is None and metric_label not in mapping.metrics:
            raise _bad(f"'metric' {metric_label!r} is not in mapping.toml", line)
        quantity: Quantity | str = reason or ""
        if reason is None:
            if data["unit"] not in mapping.units:
                raise _bad(f"'unit' {data['unit']!r} is not in mapping.toml", line)
            quantity = _quantity(
                data["value"], mapping.units[data["unit"]], Bound(data["bound"])
            )
        if isinstance(quantity, str):
            left.append(
                LeftOut(line, actor_label, metric_label, data["value"], quantity)
            )
            continue
        party = mapping.actors[actor_label]
        metric = lexicon.metric(mapping.metrics[metric_label])
        speaker = party.get("speaker")
        rows.append(
            _Row(
                line,
                lexicon.actor(party["actor"]).name,
                metric.id,
                lexicon.convert_quantity(quantity, metric.unit),
                parse_date(data["proposed_on"], path=str(proposals_path())),
                data["context"],
                Act(party.get("act", "demand")),
                lexicon.speaker(speaker).name if speaker else None,
                Source(
                    data["source_title"],
                    data["source_publisher"],
                    _outlet(data["source_publisher"], mapping.outlets),
                    data["source_url"],
                    data["quote"],
                    line,
                    data.get("note"),
                ),
            )
        )
    return tuple(rows), tuple(left)


def _bound(rows: list[_Row]) -> Bound:
    counts = Counter(row.quantity.bound for row in rows)
    return max(counts, key=lambda b: (counts[b], -_BOUND_PREFERENCE.index(b)))


def _entry(rows: list[_Row], lexicon: Lexicon) -> Sourced:
    first = rows[0]
    speakers = [row.speaker for row in rows if row.speaker]
    demand = Demand(
        first.actor,
        first.metric,
        attrs.evolve(first.quantity, bound=_bound(rows)),
        target=lexicon.target_for(first.metric),
        act=first.act,
        date=first.date,
        speaker=speakers[0] if speakers else None,
        producer=PRODUCER,
    )
    return Sourced(demand, first.context, tuple(row.source for row in rows))


@functools.cache
def _entries() -> tuple[tuple[Sourced, ...], tuple[LeftOut, ...]]:
    rows, left = _read_rows()
    groups: dict[tuple[object, ...], list[_Row]] = {}
    for row in rows:
        q = row.quantity
        date = row.date.date, row.date.precision
        key = (row.actor, row.metric, q.value, q.low, q.high, *date)
        groups.setdefault(key, []).append(row)
    lexicon = Lexicon.default()
    return tuple(_entry(group, lexicon) for group in groups.values()), left


# -- the datasets -------------------------------------------------------------


@functools.cache
def proposals() -> Reference:
    """Every usable figure of ``proposals.jsonl``, as sourced demands.

    Rows that give one figure for the same actor and metric on the same
    date (one proposal, however the compiler worded its context) are one
    entry with several sources, and the first row's context.  Entries are
    in the order of their first row; rows that are not demands are in
    `left_out`.

    >>> entries = proposals().filter(actor="United States", metric="troops")
    >>> [(d.quantity.value, d.date.label) for d in entries]
    [(600000.0, '2025-11-20')]
    >>> entries.entries[0].outlets
    ('AP', 'Axios', 'BBC')
    """
    return Reference(_entries()[0], name="proposals")


@functools.cache
def istanbul_2022() -> Reference:
    """The Istanbul draft of 15 April 2022: each side's caps on Ukraine's forces.

    One entry per side and metric of the annex.  Where the sources read a
    figure differently (Ukraine's troops: 250,000, or 245,000 in one reading
    of a photo; Russia's tanks: 342, or 343 in one summary) the reading with
    the most outlets is kept; `proposals` has both.

    >>> for demand in istanbul_2022().filter(actor="Russia"):
    ...     print(demand.metric, demand.quantity.value, demand.quantity.unit)
    troops 85000.0 personnel
    tanks 342.0 units
    armored_vehicles 1029.0 units
    artillery 519.0 units
    mlrs 96.0 units
    mortars 147.0 units
    combat_aircraft 102.0 units
    missile_range 40.0 km
    """
    best: dict[tuple[str, str], Sourced] = {}
    for entry in proposals().entries:
        if entry.context != ISTANBUL_ANNEX:
            continue
        key = entry.demand.actor, entry.demand.metric
        held = best.get(key)
        if held is None or (len(entry.outlets), len(entry.sources)) > (
            len(held.outlets),
            len(held.sources),
        ):
            best[key] = entry
    kept = set(map(id, best.values()))
    return Reference(
        [e for e in proposals().entries if id(e) in kept], name="istanbul_2022"
    )


def left_out() -> tuple[LeftOut, ...]:
    """The rows of ``proposals.jsonl`` that are not reference demands, and why.

    >>> [(row.line, row.reason) for row in left_out()][:2]
    [(13, 'no metric in the lexicon: National Guard personnel'),
     (40, 'category uncertain (anti-tank guns or ATGM launchers)')]
    """
    return _entries()[1]


# -- checking extracted demands ---------------------------------------------


class CheckStatus(enum.StrEnum):
    """What the reference says about a demand.

    >>> [status.value for status in CheckStatus]
    ['confirmed', 'differs', 'unknown']
    """

    CONFIRMED = "confirmed"
    DIFFERS = "differs"
    UNKNOWN = "unknown"


@attrs.frozen
class Check:
    """A demand held against the reference.

    Args:
        demand: The demand checked.
        status: ``confirmed`` when the reference has the same actor, metric
            and figure; ``differs`` when it has the actor and metric with
            other figures only; ``unknown`` when it has neither.
        reference: The entries that confirm the demand, or, when it
            differs, every entry of its actor and metric.

    >>> from peacetalks import Demand, Quantity
    >>> found = check([Demand("Russia", "troops", Quantity(85_000))])[0]
    >>> found.status, found.demand.actor, len(found.reference) > 0
    (<CheckStatus.CONFIRMED: 'confirmed'>, 'Russia', True)
    """

    demand: Demand
    status: CheckStatus
    reference: tuple[Sourced, ...]

    @property
    def values(self) -> tuple[Quantity, ...]:
        """The reference's distinct figures, smallest first.

        >>> from peacetalks import Demand, Quantity
        >>> found = check([Demand("Russia", "tanks", Quantity(500))])[0]
        >>> found.status.value, [quantity.value for quantity in found.values]
        ('differs', [300.0, 342.0, 343.0])
        """
        distinct = dict.fromkeys(
            attrs.evolve(e.demand.quantity, bound=Bound.EXACT) for e in self.reference
        )
        return tuple(sorted(distinct, key=lambda q: q.midpoint))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _same_figure(found: Quantity, known: Quantity, lexicon: Lexicon) -> bool:
    """Tell whether two quantities give the same figure (bounds aside)."""
    ends = [found.value, found.low, found.high]
    if found.unit and known.unit and found.unit != known.unit:
        try:
            ends = [
                None if v is None else lexicon.convert(v, found.unit, known.unit)
                for v in ends
            ]
        except (KeyError, ValueError):
            return False
    return all(
        _close(a, b)
        for a, b in zip(ends, [known.value, known.low, known.high], strict=True)
    )


def check(
    demands: Iterable[Demand],
    reference: Reference | Iterable[Sourced] | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> list[Check]:
    """Hold each demand against the reference: confirmed, differs or unknown.

    A demand is confirmed when an entry has its actor and metric and the
    same figure: the same value (or the same low-high range) once converted
    into the entry's unit; the bound and the date are not compared, since
    articles report old figures and word caps loosely.

    Args:
        demands: The demands to check, e.g. ``findings.demands``.
        reference: The reference; `proposals` by default.
        lexicon: The lexicon to convert units with; the default one if None.

    Returns:
        One `Check` per demand, in the demands' order.

    >>> from peacetalks import Demand, Quantity
    >>> checks = check([
    ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
    ...     Demand("Russia", "missile_range", Quantity(25, unit="miles")),
    ...     Demand("Turkey", "troops", Quantity(1, unit="personnel")),
    ... ], istanbul_2022())
    >>> [(c.status.value, [q.value for q in c.values]) for c in checks]
    [('confirmed', [85000.0]), ('differs', [40.0]), ('unknown', [])]
    """
    lexicon = lexicon or Lexicon.default()
    if reference is None:
        reference = proposals()
    entries = (
        reference.entries if isinstance(reference, Reference) else tuple(reference)
    )
    items = list(demands)
    given: list[object] = list(items)  # anything may come in at run time
    for item in given:
        if not isinstance(item, Demand):
            msg = f"expected demands, got {type(item).__name__}"
            raise TypeError(msg)
    checks: list[Check] = []
    for demand in items:
        same = tuple(
            e
            for e in entries
            if e.demand.actor == demand.actor and e.demand.metric == demand.metric
        )
        matches = tuple(
            e for e in same if _same_figure(demand.quantity, e.demand.quantity, lexicon)
        )
        if matches:
            checks.append(Check(demand, CheckStatus.CONFIRMED, matches))
        elif same:
            checks.append(Check(demand, CheckStatus.DIFFERS, same))
        else:
            checks.append(Check(demand, CheckStatus.UNKNOWN, ()))
    return checks
