"""Compare the figures that actors put on the table, across actors and over time.

A `Proposal` is one actor's figure on one metric, in the metric's unit:
`proposals` builds them from demands (or a `Findings`).  `compare` sets two
of them side by side in one unit (`Comparison`: the gap, the ratio, the
midpoint, which side is more restrictive, where the two could meet and the
evidence behind each number); `proposals_table` lays out a metrics by actors
table of them (`ProposalsTable`), with the comparison of the two main
parties on each metric; `moves` tells how each actor's figure moved between
dates (`Move`: a concession, a hardening, or unchanged).

>>> import peacetalks as pt
>>> demands = pt.datasets.sample().extract().demands
>>> table = pt.proposals_table(demands)
>>> print(table)
metric           unit          Russia    Ukraine      gap  ratio
troops           personnel   ≤ 85,000  ≤ 250,000  165,000   2.94
tanks            units          ≤ 342      ≤ 800      458   2.34
missile_range    km              ≤ 40      ≤ 280      240   7.00
territory_share  percent         ≈ 20          -        -      -
ratio = Ukraine / Russia; ≤ a cap, ≥ a floor, ≈ about, = exactly
>>> troops = table.row("troops").comparison
>>> troops.gap, round(troops.ratio, 3), troops.more_restrictive
(165000.0, 2.941, 'Russia')
"""

from __future__ import annotations

import csv
import datetime
import html
import itertools
import math
import re
import textwrap
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Final, Literal, overload

import attrs

from peacetalks import _figures, _frames, _optional, model
from peacetalks.corpus import Corpus
from peacetalks.errors import FieldValueError, FormatError, UnknownNameError
from peacetalks.findings import Findings
from peacetalks.io.columns import COMPARISON_KEYS, TABLE_KEYS
from peacetalks.lexicon import Lexicon, Names
from peacetalks.model import (
    Act,
    Article,
    Bound,
    Demand,
    Evidence,
    Modality,
    Position,
    Published,
    Quantity,
)
from peacetalks.window import DateLike, DateWindow

if TYPE_CHECKING:
    import pandas

__all__ = [
    "COMPARISON_KEYS",
    "TABLE_FORMATS",
    "TABLE_KEYS",
    "Comparison",
    "Move",
    "MoveKind",
    "Proposal",
    "ProposalsTable",
    "TableRow",
    "compare",
    "is_joint",
    "moves",
    "proposals",
    "proposals_table",
    "write_table",
]

#: What a `Move` is: see `moves` for which way is which.
MoveKind = Literal["concession", "hardening", "unchanged", "changed"]

#: The formats `write_table` writes.
TABLE_FORMATS: Final = ("table", "json", "csv")

_SIGNS: Final = {
    Bound.MAX: "≤ ",
    Bound.MIN: "≥ ",
    Bound.APPROX: "≈ ",
    Bound.EXACT: "= ",
}
_LEGEND: Final = "≤ a cap, ≥ a floor, ≈ about, = exactly"


# -- helpers ----------------------------------------------------------------------


def _interval(quantity: Quantity) -> tuple[float, float]:
    """The values a quantity stands for: its range, or its single value twice."""
    low = quantity.low if quantity.low is not None else quantity.value
    high = quantity.high if quantity.high is not None else quantity.value
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None  # noqa: PT018 - a Quantity has one
    return low, high


def _sense(first: Bound, second: Bound) -> Bound | None:
    """Which way is restrictive: caps (MAX), floors (MIN), or neither."""
    bounds = {first, second}
    if Bound.MAX in bounds and Bound.MIN not in bounds:
        return Bound.MAX
    if Bound.MIN in bounds and Bound.MAX not in bounds:
        return Bound.MIN
    return None


def _convert(quantity: Quantity, unit: str | None, lexicon: Lexicon) -> Quantity:
    """``quantity`` in ``unit`` (a missing unit on either side is taken as it)."""
    if unit is None or quantity.unit is None or quantity.unit == unit:
        return quantity if unit is None else attrs.evolve(quantity, unit=unit)
    return lexicon.convert_quantity(quantity, unit)


def _in_unit(proposal: Proposal, unit: str | None, lexicon: Lexicon) -> Proposal:
    try:
        quantity = _convert(proposal.quantity, unit, lexicon)
    except (KeyError, ValueError) as exc:
        reason = str(exc) if isinstance(exc, UnknownNameError) else exc.args[0]
        msg = (
            f"{proposal.actor}'s figure on {proposal.metric!r} is in "
            f"{proposal.quantity.unit!r}, which does not convert to {unit!r} "
            f"({reason})"
        )
        raise FieldValueError("unit", msg) from None
    return attrs.evolve(proposal, quantity=quantity)


# -- proposals --------------------------------------------------------------------


@attrs.frozen
class Proposal:
    """One actor's figure on one metric: a row of a comparison.

    Build it from a `Demand` with `from_demand` (or many with `proposals`),
    which puts the figure in the metric's unit and fills in the target the
    lexicon gives for the metric when the demand names none.

    Args:
        actor: Who proposes the figure.
        metric: The metric id (``"troops"``).
        quantity: The figure, in the metric's unit.
        target: Whose forces or obligations it concerns, if known.
        act: Demand, offer, accept or statement.
        date: When it was put forward, as far as known.
        evidence: The text it rests on, if any.
        confidence: How sure its producer is, between 0 and 1.
        speaker: Who said it, when someone speaks for the actor.
        source: Where it comes from, for people: the article's file, else
            the article's id, else the producer's name.
        outlet: The outlet that published the article it comes from, when
            known (`proposals` and `proposals_table` read it from their
            ``articles``).

    Its ``date`` is the figure's own date: the date its sentence gives
    ("in March 2022, Russia demanded ...") when extraction finds one, else
    its article's.  This is the date the table's "latest" goes by.

    >>> from peacetalks import Demand, Quantity
    >>> demand = Demand("Russia", "missile_range",
    ...                 Quantity(25, unit="miles", bound="max"))
    >>> proposal = Proposal.from_demand(demand)
    >>> proposal.quantity.value, proposal.quantity.unit, proposal.target
    (40.2336, 'km', 'Ukraine')
    >>> proposal.figure
    '≤ 40.23'
    """

    # The same checks as a Demand's fields.
    actor: str = attrs.field(validator=model._non_empty)
    metric: str = attrs.field(validator=model._non_empty)
    quantity: Quantity = attrs.field(
        converter=model._to_quantity, validator=model._quantity
    )
    target: str | None = attrs.field(
        default=None, validator=model._optional_text_check, kw_only=True
    )
    act: Act = attrs.field(
        default=Act.DEMAND,
        converter=model._to_act,
        validator=model._member,
        kw_only=True,
    )
    date: Published = attrs.field(
        factory=Published,
        converter=model._to_published,
        validator=model._published,
        kw_only=True,
    )
    evidence: Evidence | None = attrs.field(
        default=None, validator=model._optional_evidence, kw_only=True
    )
    confidence: float = attrs.field(
        default=1.0,
        converter=model._to_float,
        validator=model._in_unit_interval,
        kw_only=True,
    )
    speaker: str | None = attrs.field(
        default=None, validator=model._optional_text_check, kw_only=True
    )
    source: str | None = attrs.field(
        default=None, validator=model._optional_text_check, kw_only=True
    )
    outlet: str | None = attrs.field(
        default=None, validator=model._optional_text_check, kw_only=True
    )

    @classmethod
    def from_demand(
        cls,
        demand: Demand,
        *,
        lexicon: Lexicon | None = None,
        source: str | None = None,
        outlet: str | None = None,
    ) -> Proposal:
        """The demand's figure as a proposal, in its metric's unit.

        Args:
            demand: The demand.
            lexicon: Where the metric's unit and default target come from;
                the default lexicon if None.  A metric the lexicon does not
                know keeps the demand's own unit.
            source: A label for where it comes from; by default the
                evidence's article id, else the producer's name.
            outlet: The outlet of the article it comes from, if known.

        Raises:
            FieldValueError: The demand's unit does not convert to the
                metric's (its ``field`` is ``"unit"``).

        >>> from peacetalks import Demand, Quantity
        >>> demand = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> proposal = Proposal.from_demand(demand, source="interview")
        >>> proposal.target, proposal.quantity.unit, proposal.source
        ('Ukraine', 'personnel', 'interview')
        >>> Proposal.from_demand(Demand("Russia", "troops", Quantity(5, unit="km")))
        Traceback (most recent call last):
            ...
        peacetalks.errors.FieldValueError: Russia's figure on 'troops' is in 'km', which
        does not convert to 'personnel' (cannot convert 'km' (measured in 'km') to
        'personnel' (measured in 'personnel'))
        """
        lexicon = lexicon if lexicon is not None else Lexicon.default()
        if source is None and demand.evidence is not None:
            source = demand.evidence.article_id
        if source is None and demand.producer is not None:
            source = demand.producer.name
        proposal = cls(
            demand.actor,
            demand.metric,
            demand.quantity,
            target=demand.target,
            act=demand.act,
            date=demand.date,
            evidence=demand.evidence,
            confidence=demand.confidence,
            speaker=demand.speaker,
            source=source,
            outlet=outlet,
        )
        return proposal.normalised(lexicon)

    def normalised(self, lexicon: Lexicon | None = None) -> Proposal:
        """This proposal with the lexicon's metric id, unit and default target.

        Raises:
            FieldValueError: The unit does not convert to the metric's.

        >>> from peacetalks import Quantity
        >>> raw = Proposal("Russia", "missile range", Quantity(25, unit="miles"))
        >>> proposal = raw.normalised()
        >>> proposal.metric, proposal.quantity.unit, round(proposal.midpoint, 1)
        ('missile_range', 'km', 40.2)
        """
        lexicon = lexicon if lexicon is not None else Lexicon.default()
        actor = lexicon.canonical("actor", self.actor) or self.actor
        target = self.target
        if target is not None:
            target = lexicon.canonical("actor", target) or target
        metric = lexicon.canonical("metric", self.metric)
        if metric is None:
            return attrs.evolve(self, actor=actor, target=target)
        if target is None:
            target = lexicon.target_for(metric)
        proposal = attrs.evolve(self, actor=actor, metric=metric, target=target)
        return _in_unit(proposal, lexicon.metric(metric).unit, lexicon)

    @property
    def midpoint(self) -> float:
        """The figure, or the middle of its range.

        >>> from peacetalks import Quantity
        >>> Proposal("Ukraine", "troops", Quantity(low=200_000, high=250_000)).midpoint
        225000.0
        """
        return self.quantity.midpoint

    @property
    def figure(self) -> str:
        """The figure with its bound: ``≤ 85,000``, ``≈ 200,000-250,000``.

        >>> from peacetalks import Quantity
        >>> Proposal("Russia", "troops", Quantity(85_000, bound="max")).figure
        '≤ 85,000'
        >>> Proposal("Ukraine", "troops",
        ...          Quantity(low=200_000, high=250_000, bound="approx")).figure
        '≈ 200,000-250,000'
        """
        quantity = self.quantity
        if quantity.value is not None:
            amount = _figures.rounded(quantity.value)
        else:
            low, high = _interval(quantity)
            amount = (
                _figures.rounded(low)
                if low == high
                else f"{_figures.rounded(low)}-{_figures.rounded(high)}"
            )
        return _SIGNS[quantity.bound] + amount


def _wanted(demand: Demand) -> bool:
    """Whether a demand is the actor's own figure (not negated, not rejected)."""
    return demand.modality is not Modality.NEGATED and demand.act is not Act.REJECT


def proposals(
    items: Iterable[Position | Demand | Proposal],
    *,
    lexicon: Lexicon | None = None,
    articles: Iterable[Article] | None = None,
) -> tuple[Proposal, ...]:
    """The proposals among ``items``, each in its metric's unit, in input order.

    Demands become proposals with `Proposal.from_demand`, except those
    that are negated ("Russia did not demand ...") or rejected (the figure
    is then someone else's).  Positions are skipped, so a whole `Findings`
    can be given; its demands' sources are then their articles' files.
    Proposals are kept, in the lexicon's units.  A floor and a cap that one
    actor puts in one quote ("a truce of two to three days", which
    extraction writes as two demands) become the one range they are.

    Args:
        items: Demands, proposals, or a whole `Findings`.
        lexicon: Names and units; the default lexicon if None.
        articles: The articles the figures were found in (a `Corpus`, say):
            each figure then gets its article's `Article.outlet`, and its
            file as the ``source`` when ``items`` do not give one.

    >>> import peacetalks as pt
    >>> found = proposals(pt.datasets.sample().extract())
    >>> len(found), found[1].actor, found[1].source
    (7, 'Russia', 'sample/002_de5fcd0c532bc2fc.txt')
    >>> corpus = pt.datasets.sample()
    >>> proposals(corpus.extract(), articles=corpus)[1].outlet
    'Bloomberg'
    """
    return _proposals(items, lexicon, "proposals", articles)


def _proposals(
    items: Iterable[Position | Demand | Proposal],
    lexicon: Lexicon | None,
    caller: str,
    articles: Iterable[Article] | None = None,
) -> tuple[Proposal, ...]:
    """`proposals`, with errors that name the public function called."""
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    expected = "demands, proposals or a Findings"
    given: object = items  # anything may come in at run time
    if isinstance(given, str) or not isinstance(given, Iterable):
        msg = f"{caller}() takes {expected} (got {type(given).__name__})"
        raise TypeError(msg)
    if isinstance(given, Corpus):
        msg = (
            f"{caller}() takes {expected}, not a Corpus: extract its findings "
            f"first, {caller}(corpus.extract())"
        )
        raise TypeError(msg)
    by_id = _by_id(articles, caller)
    paths: Mapping[str, str | None] = (
        items.articles if isinstance(items, Findings) else {}
    )
    found: list[Proposal] = []
    for index, item in enumerate(given):
        if isinstance(item, Proposal):
            found.append(item.normalised(lexicon))
        elif isinstance(item, Demand):
            if not _wanted(item):
                continue
            article_id = item.evidence.article_id if item.evidence is not None else None
            article = by_id.get(article_id) if article_id is not None else None
            path = paths.get(article_id) if article_id is not None else None
            if path is None and article is not None:
                path = article.path
            outlet = None if article is None else article.outlet
            found.append(
                Proposal.from_demand(item, lexicon=lexicon, source=path, outlet=outlet)
            )
        elif not isinstance(item, Position):
            hint = " (extract it first)" if isinstance(item, Article) else ""
            msg = (
                f"{caller}() takes {expected} "
                f"(got {type(item).__name__} at {index}{hint})"
            )
            raise TypeError(msg)
    return tuple(_ranges(found))


def _range_key(proposal: Proposal) -> tuple[object, ...] | None:
    """What a floor and a cap must share to be one range: all but the figure."""
    quantity = proposal.quantity
    if (
        proposal.evidence is None
        or quantity.value is None
        or quantity.bound not in (Bound.MIN, Bound.MAX)
    ):
        return None
    return (
        proposal.actor,
        proposal.metric,
        proposal.target,
        proposal.act,
        proposal.date,
        proposal.evidence,
        proposal.speaker,
        proposal.source,
        proposal.outlet,
        quantity.unit,
    )


def _ranges(found: list[Proposal]) -> list[Proposal]:
    """A floor and a cap an actor puts in one quote, as the one range they are.

    Extraction writes "a truce of 2-3 days" as two demands, a floor of 2 and
    a cap of 3 (the gold convention); a table that kept only one would show
    "≥ 2" for it.  Each such pair becomes one figure, ``= 2-3``, where the
    first of the two stood; anything less clear-cut is left as it is.
    """
    pairs: dict[tuple[object, ...], list[int]] = {}
    for index, proposal in enumerate(found):
        key = _range_key(proposal)
        if key is not None:
            pairs.setdefault(key, []).append(index)
    merged: dict[int, Proposal] = {}
    dropped: set[int] = set()
    for indexes in pairs.values():
        if len(indexes) != 2:
            continue
        first, second = (found[i] for i in indexes)
        floor, cap = (
            (first, second) if first.quantity.bound is Bound.MIN else (second, first)
        )
        low, high = floor.quantity.value, cap.quantity.value
        if (
            floor.quantity.bound is not Bound.MIN
            or cap.quantity.bound is not Bound.MAX
            or low is None
            or high is None
            or not low < high
        ):
            continue
        quantity = Quantity(low=low, high=high, unit=floor.quantity.unit)
        confidence = min(floor.confidence, cap.confidence)
        merged[indexes[0]] = attrs.evolve(
            first, quantity=quantity, confidence=confidence
        )
        dropped.add(indexes[1])
    return [merged.get(i, p) for i, p in enumerate(found) if i not in dropped]


def _by_id(articles: Iterable[Article] | None, caller: str) -> Mapping[str, Article]:
    """The ``articles`` argument by article id (anything may come in)."""
    if articles is None:
        return {}
    given: object = articles
    if isinstance(given, str) or not isinstance(given, Iterable):
        msg = f"{caller}() 'articles' must be articles, a Corpus, say (got {given!r})"
        raise TypeError(msg)
    found: dict[str, Article] = {}
    for article in given:
        if not isinstance(article, Article):
            msg = (
                f"{caller}() 'articles' must be articles, a Corpus, say "
                f"(got {type(article).__name__})"
            )
            raise TypeError(msg)
        found.setdefault(article.id, article)
    return found


# -- comparing two ----------------------------------------------------------------


@attrs.frozen(repr=False)
class Comparison:
    """Two figures on one metric, in one unit, side by side.

    Made by `compare`, which converts both to the metric's unit.  ``a`` and
    ``b`` play symmetric parts except in `ratio`, which is ``b`` over ``a``:
    comparing ``b`` with ``a`` gives the same gap, midpoint, overlap and
    more restrictive side, and the inverse ratio.

    Args:
        a: The first proposal.
        b: The second, on the same metric and in the same unit.

    Raises:
        FieldValueError: The metrics or the units differ.

    >>> from peacetalks import Demand, Quantity
    >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
    >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
    >>> comparison = compare(russia, ukraine)
    >>> comparison.a.actor, comparison.b.actor, comparison.unit
    ('Russia', 'Ukraine', 'personnel')
    >>> round(comparison.ratio, 3), round(comparison.mirror().ratio, 3)
    (2.941, 0.34)
    >>> comparison
    <Comparison troops: Russia ≤ 85,000, Ukraine ≤ 250,000 personnel; gap 165,000,
    ratio 2.94>

    Its repr is one line, as its `str` (both figures, the gap and the ratio);
    the proposals themselves are ``a`` and ``b``.
    """

    a: Proposal
    b: Proposal

    def __attrs_post_init__(self) -> None:
        if self.a.metric != self.b.metric:
            msg = (
                f"cannot compare different metrics: {self.a.actor}'s "
                f"{self.a.metric!r} with {self.b.actor}'s {self.b.metric!r}"
            )
            raise FieldValueError("metric", msg)
        units = {self.a.quantity.unit, self.b.quantity.unit} - {None}
        if len(units) > 1:
            msg = (
                f"compare {self.a.metric!r} in one unit "
                f"(got {self.a.quantity.unit!r} and {self.b.quantity.unit!r})"
            )
            raise FieldValueError("unit", msg)

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"{self.metric}: {self.a.actor} {self.a.figure}{unit}, "
            f"{self.b.actor} {self.b.figure}{unit}; {self._gap_and_ratio()}"
        )

    def __repr__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"<Comparison {self.metric}: {self.a.actor} {self.a.figure}, "
            f"{self.b.actor} {self.b.figure}{unit}; {self._gap_and_ratio()}>"
        )

    def _gap_and_ratio(self) -> str:
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}"
        return f"gap {_figures.rounded(self.gap)}, ratio {ratio}"

    @property
    def metric(self) -> str:
        """The metric both figures are on.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> compare(russia, ukraine).metric
        'troops'
        """
        return self.a.metric

    @property
    def unit(self) -> str | None:
        """The unit both figures are in.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "missile_range", Quantity(40, unit="km"))
        >>> ukraine = Demand("Ukraine", "missile_range", Quantity(25, unit="miles"))
        >>> comparison = compare(russia, ukraine)
        >>> comparison.unit, comparison.b.quantity.value
        ('km', 40.2336)
        """
        return self.a.quantity.unit or self.b.quantity.unit

    @property
    def gap(self) -> float:
        """How far apart the figures are; for ranges, the distance between them.

        It is 0 exactly when the figures are equal or the ranges overlap.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> compare(russia, ukraine).gap
        165000.0
        >>> ranged = Demand("Ukraine", "troops", Quantity(low=50_000, high=100_000))
        >>> compare(russia, ranged).gap
        0.0
        """
        a_low, a_high = _interval(self.a.quantity)
        b_low, b_high = _interval(self.b.quantity)
        return max(b_low - a_high, a_low - b_high, 0.0)

    @property
    def ratio(self) -> float | None:
        """``b``'s figure over ``a``'s (midpoints of ranges); None if ``a``'s is 0.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> round(compare(russia, ukraine).ratio, 3)
        2.941
        """
        if self.a.midpoint == 0:
            return None
        return self.b.midpoint / self.a.midpoint

    @property
    def midpoint(self) -> float:
        """Halfway between the two figures (the midpoints of ranges).

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> compare(russia, ukraine).midpoint
        167500.0
        """
        return self.a.midpoint / 2 + self.b.midpoint / 2

    @property
    def more_restrictive(self) -> str | None:
        """The actor whose figure restricts more, or None.

        For caps the lower figure restricts more, for floors the higher.
        None on a tie, or when the bounds do not tell (neither figure is a cap
        or a floor, or one is a cap and the other a floor).

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> compare(russia, ukraine).more_restrictive
        'Russia'
        >>> floor = Demand("Ukraine", "troops", Quantity(250_000, bound="min"))
        >>> print(compare(russia, floor).more_restrictive)
        None
        """
        sense = _sense(self.a.quantity.bound, self.b.quantity.bound)
        a, b = self.a.midpoint, self.b.midpoint
        if sense is None or a == b:
            return None
        lower, higher = (self.a, self.b) if a < b else (self.b, self.a)
        return (lower if sense is Bound.MAX else higher).actor

    @property
    def overlap(self) -> tuple[float, float] | None:
        """Where both figures meet (a deal both could sign), or None.

        Two point figures meet only when equal; ranges where they overlap.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> print(compare(russia, ukraine).overlap)
        None
        >>> ranged = Demand("Ukraine", "troops", Quantity(low=50_000, high=100_000))
        >>> compare(russia, ranged).overlap
        (85000.0, 85000.0)
        """
        a_low, a_high = _interval(self.a.quantity)
        b_low, b_high = _interval(self.b.quantity)
        low, high = max(a_low, b_low), min(a_high, b_high)
        return (low, high) if low <= high else None

    @property
    def evidence(self) -> tuple[Evidence | None, Evidence | None]:
        """The evidence behind ``a``'s figure and ``b``'s.

        >>> import peacetalks as pt
        >>> table = pt.proposals_table(pt.datasets.sample().extract().demands)
        >>> russia, ukraine = table.row("tanks").comparison.evidence
        >>> russia.quote[:45]
        'According to them, Russia demanded to limit t'
        >>> ukraine.quote[:45]
        'while Ukraine wanted an army of 250,000 peopl'
        """
        return self.a.evidence, self.b.evidence

    def mirror(self) -> Comparison:
        """The same comparison from ``b``'s side.

        >>> from peacetalks import Demand, Quantity
        >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
        >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
        >>> mirrored = compare(russia, ukraine).mirror()
        >>> mirrored.a.actor, round(mirrored.ratio, 2), mirrored.more_restrictive
        ('Ukraine', 0.34, 'Russia')
        """
        return Comparison(self.b, self.a)


def compare(
    a: Proposal | Demand, b: Proposal | Demand, *, lexicon: Lexicon | None = None
) -> Comparison:
    """Compare two figures on one metric, in the metric's unit.

    Args:
        a: A demand or proposal.
        b: Another, on the same metric.
        lexicon: Where the metric's unit comes from (units convert with
            `Lexicon.convert`); the default lexicon if None.  A metric it
            does not know is compared in the figures' own unit (the one
            whose id sorts first, when they differ).

    Returns:
        The comparison; its `Comparison.ratio` is ``b`` over ``a``.

    Raises:
        TypeError: ``a`` or ``b`` is not a demand or a proposal.
        FieldValueError: The metrics differ (``field`` is ``"metric"``), or
            a unit does not convert (``"unit"``).

    >>> from peacetalks import Demand, Quantity
    >>> russia = Demand("Russia", "troops", Quantity(85_000, bound="max"))
    >>> ukraine = Demand("Ukraine", "troops", Quantity(250_000, bound="max"))
    >>> print(compare(russia, ukraine))
    troops: Russia ≤ 85,000 personnel, Ukraine ≤ 250,000 personnel; gap 165,000,
    ratio 2.94
    >>> compare(russia, ukraine).more_restrictive
    'Russia'
    >>> compare(russia, Demand("Russia", "tanks", Quantity(342)))
    Traceback (most recent call last):
      ...
    peacetalks.errors.FieldValueError: cannot compare different metrics: Russia's
    'troops' with Russia's 'tanks'
    """
    given: tuple[object, object] = (a, b)  # anything may come in at run time
    for name, item in zip("ab", given, strict=True):
        if not isinstance(item, Proposal | Demand):
            msg = (
                f"compare() takes two demands or proposals; {name!r} is a "
                f"{type(item).__name__}"
            )
            raise TypeError(msg)
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    first, second = (
        item.normalised(lexicon)
        if isinstance(item, Proposal)
        else Proposal.from_demand(item, lexicon=lexicon)
        for item in (a, b)
    )
    units = sorted(
        {u for u in (first.quantity.unit, second.quantity.unit) if u is not None}
    )
    if len(units) > 1 and first.metric == second.metric:
        first, second = (_in_unit(p, units[0], lexicon) for p in (first, second))
    return Comparison(first, second)


# -- ordering ---------------------------------------------------------------------

_NO_DATE: Final = datetime.date.min


def _text_order(proposal: Proposal) -> tuple[str, int, int]:
    evidence = proposal.evidence
    if evidence is None:
        return "", -1, -1
    return evidence.article_id, evidence.start, evidence.end


def _rest(proposal: Proposal) -> tuple[object, ...]:
    """Everything else about a proposal, to make the order total."""
    quantity = proposal.quantity
    ends = [math.inf if v is None else v for v in (quantity.low, quantity.value)]
    ends.append(-math.inf if quantity.high is None else quantity.high)
    return (
        *ends,
        quantity.bound.value,
        quantity.unit or "",
        proposal.target or "",
        proposal.act.value,
        proposal.date.precision.value,
        proposal.date.raw or "",
        proposal.speaker or "",
        proposal.source or "",
        proposal.outlet or "",
        proposal.evidence.quote if proposal.evidence is not None else "",
    )


def _preference(proposal: Proposal) -> tuple[object, ...]:
    """The definition of "latest", as a sort key: smallest first.

    The figure's own date (`Proposal.date`: its sentence's, else its
    article's), latest first, any date before none; at the same day, the
    surest (highest confidence); then the first in the text (news gives
    the newest first and the background after); then the rest of the
    figure, so that the order is total and input order never matters.
    """
    date = proposal.date.date
    return (
        date is None,
        -(date or _NO_DATE).toordinal(),
        -proposal.confidence,
        _text_order(proposal),
        _rest(proposal),
    )


def _in_date_order(found: Iterable[Proposal]) -> list[Proposal]:
    """Figures from the earliest to the latest: `_preference` backwards.

    So the last one listed (``--every``) is always the latest (the table's):
    undated figures first, then by date; at the same day the less sure
    first, and at the same sureness the later in the text first.
    """
    return sorted(found, key=_preference, reverse=True)


def _orderer(known: Sequence[str]) -> Callable[[str], tuple[int, str]]:
    """A sort key: names in ``known``'s order first, the others alphabetically."""
    rank = {name: n for n, name in enumerate(known)}
    return lambda name: (rank.get(name, len(rank)), name)


# -- the table --------------------------------------------------------------------


def _to_cells(
    value: Mapping[str, Sequence[Proposal]],
) -> Mapping[str, tuple[Proposal, ...]]:
    return types.MappingProxyType({k: tuple(v) for k, v in value.items()})


def _to_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


@attrs.frozen
class TableRow:
    """One metric of a `ProposalsTable`: each actor's figures and a comparison.

    Args:
        metric: The metric id.
        unit: The unit every figure in the row is in.
        cells: Each actor that has a figure, in the table's actor order, with
            its proposals: the latest only, or all of them in date order.
        comparison: The table's two parties compared on their latest
            figures, when both have one.
        actors: The table's columns, so that `cell` and `latest` know an
            actor of the table that has no figure in this row; by default
            the row's own.

    `cell` and `latest` read an actor's name as `proposals_table` does,
    through the default lexicon and the row's actors: any case or alias
    (``row.cell("moscow")``), and `UnknownNameError` for a name neither
    knows.

    >>> from peacetalks import Demand, Quantity
    >>> table = proposals_table([
    ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
    ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
    ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
    ... ])
    >>> row = table.row("troops")
    >>> row.metric, row.unit, list(row.cells), row.comparison.gap
    ('troops', 'personnel', ['Russia', 'Ukraine'], 165000.0)
    """

    metric: str
    unit: str | None
    cells: Mapping[str, tuple[Proposal, ...]] = attrs.field(
        converter=_to_cells, hash=False
    )
    comparison: Comparison | None = None
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=_to_names, kw_only=True, eq=False, repr=False
    )

    def _figures(self, actor: str) -> tuple[Proposal, ...]:
        """The actor's proposals in this row, found by any of its names."""
        if actor in self.cells:  # the common case, without the lexicon
            return self.cells[actor]
        labels = tuple(self.cells)
        label = Names("actor", (*self.actors, *labels)).among(actor, labels)
        return () if label is None else self.cells[label]

    def latest(self, actor: str) -> Proposal | None:
        """The actor's latest proposal on the metric, or None.

        >>> from peacetalks import Demand, Quantity
        >>> table = proposals_table([
        ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
        ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
        ... ])
        >>> row = table.row("tanks")
        >>> row.latest("Russia").figure, row.latest("Ukraine")
        ('≤ 342', None)
        """
        found = self._figures(actor)
        return min(found, key=_preference) if found else None

    def cell(self, actor: str) -> str:
        """The actor's figures as text: ``≤ 85,000``, or ``≤ 50,000 → ≤ 85,000``.

        >>> from peacetalks import Demand, Quantity
        >>> table = proposals_table([
        ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
        ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
        ... ])
        >>> row = table.row("tanks")
        >>> row.cell("Russia"), row.cell("Kyiv")
        ('≤ 342', '-')
        >>> row.cell("Rusia")
        Traceback (most recent call last):
            ...
        peacetalks.errors.UnknownNameError: unknown actor 'Rusia' in lexicon
        'russia-ukraine'; did you mean 'Russia'?
        """
        return _cell_text(self._figures(actor))


def _cell_text(found: Sequence[Proposal]) -> str:
    return " → ".join(p.figure for p in found) if found else "-"


def _date_label(proposal: Proposal) -> str:
    return proposal.date.label if proposal.date.date is not None else "undated"


def _cited(
    proposal: Proposal, *, figure: bool = True, seen: dict[str, str] | None = None
) -> str:
    """Where a figure comes from: ``≤ 85,000: 2025-01, Bloomberg: "quote"``.

    With ``seen`` (quotes to the marks of the notes that gave them), a quote
    given before is referred to, not repeated.
    """
    where = proposal.outlet or proposal.source or "source unknown"
    text = f"{_date_label(proposal)}, {where}"
    quote = _quote(proposal)
    if quote is not None:
        mark = None if seen is None else seen.get(quote)
        text += f" (same quote as {mark})" if mark else f': "{quote}"'
    return f"{proposal.figure}: {text}" if figure else text


def _quote(proposal: Proposal) -> str | None:
    """The figure's quote on one line, without quotation marks of its own."""
    if proposal.evidence is None:
        return None
    return " ".join(proposal.evidence.quote.split()).strip('"“”„«» ')


def _actors(count: int) -> str:
    return "actor" if count == 1 else "actors"


def _layout(header: list[str], body: list[list[str]], shown: list[int]) -> list[str]:
    """The lines of the table's ``shown`` columns: metric and unit to the left."""
    widths = {i: max(len(r[i]) for r in [header, *body]) for i in shown}
    lines = []
    for cells in [header, *body]:
        parts = [
            cells[i].ljust(widths[i]) if i < 2 else cells[i].rjust(widths[i])
            for i in shown
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def _text_width(header: list[str], body: list[list[str]], shown: list[int]) -> int:
    return max(len(line) for line in _layout(header, body, shown))


def _wrapped(line: str, width: int | None, *, table: bool) -> str:
    """A line of notes wrapped to ``width``; table lines are left as they are."""
    if width is None or table or len(line) <= width:
        return line
    indent = len(line) - len(line.lstrip())
    indent += 4 if indent or line.startswith("[") else 0
    return textwrap.fill(
        line, width=width, subsequent_indent=" " * indent, break_on_hyphens=False
    )


def _to_rows(rows: Iterable[TableRow]) -> tuple[TableRow, ...]:
    return tuple(rows)


@attrs.frozen(repr=False)
class ProposalsTable(Sequence[TableRow]):
    """Figures by metric and actor, with the two main parties compared.

    Made by `proposals_table`.  It is an immutable sequence of `TableRow`,
    one per metric; ``str(table)`` is a fixed-width text table, and
    notebooks show it as HTML.

    Args:
        rows: One per metric, in the lexicon's metric order.
        actors: The columns: actors in the lexicon's order (others after
            them, alphabetically).
        parties: The two actors compared in each row, or None.
        latest: Whether the cells hold the latest proposal only.

    >>> from peacetalks import Demand, Quantity
    >>> table = proposals_table([
    ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
    ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
    ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
    ... ])
    >>> table
    <ProposalsTable: 2 metrics, 2 actors, Russia vs Ukraine>
    >>> [row.metric for row in table], table.actors, table.parties
    (['troops', 'tanks'], ('Russia', 'Ukraine'), ('Russia', 'Ukraine'))
    """

    rows: tuple[TableRow, ...] = attrs.field(converter=_to_rows)
    actors: tuple[str, ...] = attrs.field(converter=_to_names)
    parties: tuple[str, str] | None = None
    latest: bool = True

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> TableRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[TableRow]: ...
    def __getitem__(self, index: int | slice) -> TableRow | Sequence[TableRow]:
        return self.rows[index]

    def __iter__(self) -> Iterator[TableRow]:
        return iter(self.rows)

    def __repr__(self) -> str:
        metrics = "metric" if len(self.rows) == 1 else "metrics"
        actors = "actor" if len(self.actors) == 1 else "actors"
        text = f"{len(self.rows)} {metrics}, {len(self.actors)} {actors}"
        if self.parties is not None:
            text += f", {self.parties[0]} vs {self.parties[1]}"
        return f"<ProposalsTable: {text}>"

    def row(self, metric: str) -> TableRow:
        """The row of ``metric``, by any of its names (through the default lexicon).

        Raises:
            KeyError: No row has that metric; an `UnknownNameError` when
                neither the default lexicon nor the table knows the name.

        >>> from peacetalks import Demand, Quantity
        >>> table = proposals_table([
        ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
        ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
        ... ])
        >>> table.row("Troops").cell("Ukraine")
        '≤ 250,000'
        >>> table.row("warships")
        Traceback (most recent call last):
            ...
        KeyError: 'warships'
        >>> table.row("troop")
        Traceback (most recent call last):
            ...
        peacetalks.errors.UnknownNameError: unknown metric 'troop' in lexicon
        'russia-ukraine'; did you mean 'troops'?
        """
        metrics = [row.metric for row in self.rows]
        label = Names("metric", metrics).among(metric, metrics, argument="metric")
        for row in self.rows:
            if row.metric == label:
                return row
        raise KeyError(metric)

    def _grid(self) -> tuple[list[str], list[list[str]]]:
        header = ["metric", "unit", *self.actors, "gap", "ratio"]
        body = []
        for row in self.rows:
            comparison = row.comparison
            gap = "-" if comparison is None else _figures.rounded(comparison.gap)
            ratio = None if comparison is None else comparison.ratio
            body.append(
                [
                    row.metric,
                    row.unit or "-",
                    *(_cell_text(row.cells.get(actor, ())) for actor in self.actors),
                    gap,
                    "-" if ratio is None else f"{ratio:.2f}",
                ]
            )
        return header, body

    def _note(self) -> str:
        if self.parties is None:
            return _LEGEND
        first, second = self.parties
        return f"ratio = {second} / {first}; {_LEGEND}"

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, width: int | None = None, sources: bool = False) -> str:
        """The table as fixed-width text, as ``str(table)`` gives it.

        Args:
            width: At most this many characters a line.  The key columns
                (the metric, the two parties, the gap and the ratio) are
                kept: the other actors' columns go first, from the last,
                then the unit, and a line says which actors were left
                out; the legend and the sources wrap.  A line of the key
                columns alone may still be wider.  None: no limit.
            sources: Mark each cell with a number (``≤ 85,000 [1]``) and
                say under the table when and where each figure comes from:
                its own date (see `proposals_table`), its outlet (else its
                source) and its quote.

        >>> import peacetalks as pt
        >>> corpus = pt.datasets.sample()
        >>> table = pt.proposals_table(
        ...     corpus.extract(), metrics="tanks", articles=corpus)
        >>> print(table.to_text(sources=True, width=72))
        metric  unit      Russia    Ukraine  gap  ratio
        tanks   units  ≤ 342 [1]  ≤ 800 [2]  458   2.34
        ratio = Ukraine / Russia; ≤ a cap, ≥ a floor, ≈ about, = exactly
        Sources (the figure's date, its outlet, its quote):
        [1] Russia, tanks ≤ 342: 2025-01, Bloomberg: "According to them, Russia
            demanded to limit the number of Ukrainian armed forces to 85,000
            ..."
        [2] Ukraine, tanks ≤ 800: 2025-01, Bloomberg: "while Ukraine wanted an
            army of 250,000 people and 800 tanks, ..."
        """
        header, body = self._grid()
        if not body:
            return "no proposals"
        if sources:
            self._mark_sources(body, self.actors)
        shown = list(range(len(header)))
        if width is not None:
            for column in self._droppable():
                if _text_width(header, body, shown) <= width:
                    break
                shown.remove(column)
        notes: list[str] = []
        if sources:  # numbered again: the cells shown only, from 1
            header, body = self._grid()
            kept = [a for n, a in enumerate(self.actors, start=2) if n in shown]
            notes = self._mark_sources(body, kept)
        lines = _layout(header, body, shown)
        if len(shown) < len(header):
            lines.append(self._left_out(header, shown, width))
        lines.append(self._note())
        if notes:
            lines.append("Sources (the figure's date, its outlet, its quote):")
            lines.extend(notes)
        return "\n".join(
            _wrapped(line, width, table=n < len(body) + 1)
            for n, line in enumerate(lines)
        )

    def _left_out(self, header: list[str], shown: list[int], width: int | None) -> str:
        """The line that says which columns a narrow width left out."""
        actors = [header[i] for i in range(2, len(header) - 2) if i not in shown]
        parts = [f"+{len(actors)} more {_actors(len(actors))} ({', '.join(actors)})"]
        if 1 not in shown:
            parts = [*parts, "the units"] if actors else ["the units"]
        return f"left out to fit {width} columns: {', '.join(parts)}"

    def _droppable(self) -> list[int]:
        """The columns a narrow width drops, in turn: others' actors, the unit."""
        parties = set(self.parties or ())
        actors = [n + 2 for n, actor in enumerate(self.actors) if actor not in parties]
        return [*reversed(actors), 1]

    def _mark_sources(self, body: list[list[str]], actors: Sequence[str]) -> list[str]:
        """Number the cells of ``actors`` in ``body``; their sources' notes."""
        notes: list[str] = []
        marks = 0
        seen: dict[str, str] = {}
        for row, cells in zip(self.rows, body, strict=True):
            for column, actor in enumerate(self.actors, start=2):
                found = row.cells.get(actor, ())
                if not found or actor not in actors:
                    continue
                marks += 1
                mark = f"[{marks}]"
                cells[column] = f"{cells[column]} {mark}"
                head = f"{mark} {actor}, {row.metric}"
                if len(found) > 1:
                    notes.append(f"{head}:")
                for proposal in found:
                    cited = _cited(proposal, seen=seen)
                    notes.append(
                        f"{head} {cited}" if len(found) == 1 else f"    {cited}"
                    )
                    quote = _quote(proposal)
                    if quote is not None:
                        seen.setdefault(quote, mark)
        return notes

    def _repr_html_(self) -> str:
        header, body = self._grid()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        rows = []
        for row, cells in zip(self.rows, body, strict=True):
            tds = [
                f"<th>{html.escape(cells[0])}</th>",
                f"<td>{html.escape(cells[1])}</td>",
            ]
            for actor in self.actors:
                found = row.cells.get(actor, ())
                if not found:
                    tds.append("<td>-</td>")
                    continue
                title = "\n".join(_cited(p, figure=False) for p in found)
                figures = " → ".join(
                    f"{html.escape(p.figure)} "
                    f'<small class="date">{html.escape(_date_label(p))}</small>'
                    for p in found
                )
                tds.append(f'<td title="{html.escape(title)}">{figures}</td>')
            compared = row.comparison
            title = "" if compared is None else f' title="{html.escape(str(compared))}"'
            tds.extend(f"<td{title}>{html.escape(cell)}</td>" for cell in cells[-2:])
            rows.append(f"<tr>{''.join(tds)}</tr>")
        caption = html.escape(self._note())
        return (
            '<table class="peacetalks-proposals">'
            f"<caption>{caption}</caption>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One flat record per proposal in the table, with its row's comparison.

        Keys are `TABLE_KEYS`: the proposal (``metric``, ``unit``, ``actor``,
        ``target``, ``value``, ``low``, ``high``, ``bound``, ``act``,
        ``date`` at its precision, ``confidence``, ``speaker``, ``source``,
        ``outlet`` (None unless the table was given its ``articles``),
        and the evidence's ``article``, ``quote``, ``start`` and ``end``),
        then the comparison of its metric's row, the same on every record
        of the row:
        ``compared`` (``"Russia vs Ukraine"``), ``gap``, ``ratio`` (the
        second party's figure over the first's), ``midpoint``,
        ``more_restrictive``, ``overlap_low`` and ``overlap_high``; None
        where unknown.  Records come in row order, then actor order, then
        date order.  `peacetalks.Findings.load` reads the demands behind
        them back from a file of them, and they make the same table again.

        >>> from peacetalks import Demand, Quantity
        >>> table = proposals_table([
        ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
        ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
        ... ])
        >>> records = table.to_records()
        >>> for record in records:
        ...     print(record["metric"], record["actor"], record["value"], record["gap"])
        troops Russia 85000 165000
        troops Ukraine 250000 165000
        tanks Russia 342 None
        """
        records: list[dict[str, Any]] = []
        for row in self.rows:
            compared = _comparison_record(row.comparison)
            for proposals_ in row.cells.values():
                records.extend(_record(p, compared) for p in proposals_)
        return records

    def to_pandas(self) -> pandas.DataFrame:
        """The table as a data frame: one row per metric, one column per actor.

        Each actor's column holds its latest figure as a number (the
        midpoint of a range), NaN where it has none; then ``gap`` and
        ``ratio``; then, for each actor, ``"<actor> bound"``: the figure's
        bound (``max`` for a cap ≤, ``min`` for a floor ≥, ``approx`` ≈,
        ``exact`` =, as in the records), a categorical column, missing
        where the actor has no figure.  So ``frame[list(table.actors)]``
        are numbers to compute on, and a cap is still told from a floor.
        For one row per proposal (with ``low`` and ``high`` of ranges),
        use ``pandas.DataFrame(table.to_records())``.

        Raises:
            MissingExtraError: If pandas is not installed (an `ImportError`).

        >>> from peacetalks import Demand, Quantity
        >>> table = proposals_table([
        ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, bound="min")),
        ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
        ... ])
        >>> frame = table.to_pandas()
        >>> frame[["unit", "Russia", "Ukraine", "gap"]]
                     unit   Russia   Ukraine       gap
        metric
        troops  personnel  85000.0  250000.0  165000.0
        tanks       units    342.0       NaN       NaN
        >>> frame[["Russia bound", "Ukraine bound"]]
               Russia bound Ukraine bound
        metric
        troops          max           min
        tanks           max           NaN
        """
        pd = _optional.pandas("ProposalsTable.to_pandas()")
        bounds = [f"{actor} bound" for actor in self.actors]
        data: list[dict[str, Any]] = []
        for row in self.rows:
            record: dict[str, Any] = {"metric": row.metric, "unit": row.unit}
            for actor, bound in zip(self.actors, bounds, strict=True):
                latest = row.latest(actor)
                record[actor] = math.nan if latest is None else latest.midpoint
                record[bound] = None if latest is None else latest.quantity.bound.value
            comparison = row.comparison
            record["gap"] = math.nan if comparison is None else comparison.gap
            ratio = None if comparison is None else comparison.ratio
            record["ratio"] = math.nan if ratio is None else ratio
            data.append(record)
        columns = ["metric", "unit", *self.actors, "gap", "ratio", *bounds]
        frame: pandas.DataFrame = pd.DataFrame(data, columns=columns)
        _frames.categorize(pd, frame, (), dict.fromkeys(bounds, Bound))
        return frame.set_index("metric")


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _comparison_record(comparison: Comparison | None) -> dict[str, Any]:
    if comparison is None:
        return dict.fromkeys(COMPARISON_KEYS)
    overlap = comparison.overlap
    return {
        "compared": f"{comparison.a.actor} vs {comparison.b.actor}",
        "gap": _plain(comparison.gap),
        "ratio": comparison.ratio,
        "midpoint": _plain(comparison.midpoint),
        "more_restrictive": comparison.more_restrictive,
        "overlap_low": None if overlap is None else _plain(overlap[0]),
        "overlap_high": None if overlap is None else _plain(overlap[1]),
    }


def _record(proposal: Proposal, compared: Mapping[str, Any]) -> dict[str, Any]:
    quantity = proposal.quantity
    evidence = proposal.evidence
    date = proposal.date
    return {
        "metric": proposal.metric,
        "unit": quantity.unit,
        "actor": proposal.actor,
        "target": proposal.target,
        "value": _plain(quantity.value),
        "low": _plain(quantity.low),
        "high": _plain(quantity.high),
        "bound": quantity.bound.value,
        "act": proposal.act.value,
        "date": date.label if date.date is not None else None,
        "confidence": _plain(proposal.confidence),
        "speaker": proposal.speaker,
        "source": proposal.source,
        "outlet": proposal.outlet,
        "article": evidence.article_id if evidence is not None else None,
        "quote": evidence.quote if evidence is not None else None,
        "start": evidence.start if evidence is not None else None,
        "end": evidence.end if evidence is not None else None,
        **compared,
    }


def _one_unit(cells: dict[str, list[Proposal]], lexicon: Lexicon) -> None:
    """Put a row's figures in one unit, the one whose id sorts first.

    Figures on a lexicon's metric already share its unit; this is for others.
    """
    units = {p.quantity.unit for found in cells.values() for p in found}
    known = sorted(unit for unit in units if unit is not None)
    if len(known) > 1:
        for found in cells.values():
            found[:] = [_in_unit(p, known[0], lexicon) for p in found]


def proposals_table(
    demands: Iterable[Position | Demand | Proposal],
    *,
    metrics: str | Iterable[str] | None = None,
    actors: str | Iterable[str] | None = None,
    parties: tuple[str, str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    latest: bool = True,
    lexicon: Lexicon | None = None,
    articles: Iterable[Article] | None = None,
) -> ProposalsTable:
    """Lay out figures by metric and actor, comparing the two main parties.

    The table does not depend on the order of ``demands``: rows follow the
    lexicon's metric order and columns its actor order (names it does not
    know come after, alphabetically), and ties are broken on the proposals'
    content.

    Names in ``metrics``, ``actors`` and ``parties`` are read through the
    lexicon by the rule of `Names`: any case or alias of a name is the name
    (``"missile range"``, ``"Moscow"``), a name the lexicon does not know
    may still be one of the figures' own, and any other name raises
    `UnknownNameError` with the names that come close.

    Args:
        demands: Demands, proposals, or a whole `Findings` (see
            `proposals`: negated and rejected figures are left out).
        metrics: Keep these metrics only, in this order.
        actors: Keep these actors only, in this order.
        parties: The two actors to compare in each row; by default the first
            two of the lexicon's actors, in its order, that have a figure
            in the table (Russia and Ukraine for the default lexicon) and
            are not joint actors (see `is_joint`: "Russia and Ukraine" is
            compared only when named here).
        start: Keep figures dated on or after this day: a date, an ISO
            string, ``"March 2022"`` or a `Published` (see
            `peacetalks.window`).  A figure dated to the month or year
            counts when any of its days does.  Undated figures are left out
            when ``start`` or ``end`` is given.
        end: Keep figures dated on or before this day (``"March 2022"`` is
            the 31st).
        latest: Keep each actor's latest figure per metric; with False,
            every figure, from the earliest to the latest, so that the last
            one listed is the one ``latest=True`` keeps.  Comparisons always
            use the latest.  The latest is the one of the latest own date
            (`Proposal.date`: the date its sentence gives, else its
            article's; a dated figure is later than an undated one); at the
            same day the one of higher confidence, then the first in the
            text.
        lexicon: Names, orders and units; the default lexicon if None.
        articles: The articles the figures were found in (a `Corpus`), for
            each figure's outlet (see `proposals`).

    Returns:
        The table.

    Raises:
        TypeError: ``demands`` is not demands, proposals or a `Findings` (a
            `Corpus` must be extracted first), a name is not a string, or a
            bound of the window is not a date, a string or a `Published`.
        UnknownNameError: Neither the lexicon nor the figures know a name.
        FieldValueError: A bound names no date, ``start`` is after ``end``,
            ``parties`` names one actor twice, or a figure's unit does not
            convert to its metric's.

    >>> import peacetalks as pt
    >>> findings = pt.datasets.sample().extract()
    >>> table = proposals_table(findings, metrics=["tanks", "missile range"])
    >>> table
    <ProposalsTable: 2 metrics, 2 actors, Russia vs Ukraine>
    >>> [(row.metric, row.cell("Russia"), row.cell("Ukraine")) for row in table]
    [('tanks', '≤ 342', '≤ 800'), ('missile_range', '≤ 40', '≤ 280')]
    >>> table.to_records()[0]["quote"]
    'According to them, Russia demanded to limit the number of Ukrainian ...'
    >>> len(proposals_table(findings, start="January 2025")), len(
    ...     proposals_table(findings, end="2024"))
    (4, 0)
    >>> proposals_table(findings, metrics=["troop"])
    Traceback (most recent call last):
        ...
    peacetalks.errors.UnknownNameError: unknown metric 'troop' in lexicon
    'russia-ukraine'; did you mean 'troops'?
    >>> proposals_table(pt.datasets.sample())
    Traceback (most recent call last):
        ...
    TypeError: proposals_table() takes demands, proposals or a Findings, not a
    Corpus: extract its findings first, proposals_table(corpus.extract())
    """
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    window = DateWindow.of(start, end)
    found = _proposals(demands, lexicon, "proposals_table", articles)
    metric_names = Names("metric", {p.metric for p in found}, lexicon)
    actor_names = Names("actor", {p.actor for p in found}, lexicon)
    wanted_metrics = _chosen(metrics, metric_names, "metrics")
    wanted_actors = _chosen(actors, actor_names, "actors")
    grouped: dict[str, dict[str, list[Proposal]]] = {}
    for proposal in found:
        metric = metric_names.canonical(proposal.metric)
        actor = actor_names.canonical(proposal.actor)
        if (
            (wanted_metrics is not None and metric not in wanted_metrics)
            or (wanted_actors is not None and actor not in wanted_actors)
            or not window.contains(proposal.date)
        ):
            continue
        grouped.setdefault(metric, {}).setdefault(actor, []).append(proposal)
    present = {actor for cells in grouped.values() for actor in cells}
    column_order = _orderer(wanted_actors or lexicon.actor_names)
    columns = tuple(sorted(present, key=column_order))
    if parties is None:
        known = [
            a for a in lexicon.actor_names if a in present and not is_joint(a, lexicon)
        ]
        pair = (known[0], known[1]) if len(known) >= 2 else None
    else:
        pair = _parties(parties, actor_names)
    rows = []
    for metric in sorted(grouped, key=_orderer(wanted_metrics or lexicon.metric_ids)):
        _one_unit(grouped[metric], lexicon)
        cells = {
            actor: _in_date_order(grouped[metric][actor])
            for actor in columns
            if actor in grouped[metric]
        }
        chosen = {actor: min(found, key=_preference) for actor, found in cells.items()}
        comparison = None
        if pair is not None and pair[0] in chosen and pair[1] in chosen:
            comparison = compare(chosen[pair[0]], chosen[pair[1]], lexicon=lexicon)
        shown = {a: [chosen[a]] for a in cells} if latest else cells
        unit = next(iter(chosen.values())).quantity.unit
        rows.append(TableRow(metric, unit, shown, comparison, actors=columns))
    return ProposalsTable(rows, columns, pair, latest)


def _chosen(
    given: str | Iterable[str] | None, names: Names, argument: str
) -> tuple[str, ...] | None:
    """The names ``given`` for ``argument``, resolved, each once, in order."""
    if given is None:
        return None
    return tuple(dict.fromkeys(names.resolve_all(given, argument=argument)))


def _parties(parties: object, names: Names) -> tuple[str, str]:
    if (
        isinstance(parties, str)
        or not isinstance(parties, Sequence)
        or (len(parties) != 2)
    ):
        msg = f"'parties' must be two actors' names (got {parties!r})"
        raise TypeError(msg)
    first, second = (names.resolve(p, argument="parties") for p in parties)
    if first == second:
        msg = (
            f"'parties' must be two different actors (got {parties[0]!r} and "
            f"{parties[1]!r}, both {first})"
        )
        raise FieldValueError("parties", msg)
    return first, second


#: What joins the names of a joint actor: "Russia and Ukraine", "US/EU".
_JOINERS: Final = re.compile(r"\s+(?:and|&)\s+|\s*[/+,&]\s*", re.IGNORECASE)


def is_joint(actor: str, lexicon: Lexicon | None = None) -> bool:
    """Whether ``actor`` stands for several actors together.

    A joint actor is one the lexicon lists with ``members`` (the default
    lexicon's "Russia and Ukraine", to which extraction gives the terms
    both sides agreed: a prisoner swap), or a name the lexicon does not
    know that joins two or more of its actors ("Ukraine & the EU",
    "Russia/Belarus": figures from another lexicon or from a file).  A
    joint actor's figure is never one side's, so `proposals_table` does
    not compare it unless asked.

    Args:
        actor: Any name of an actor.
        lexicon: The lexicon; the default lexicon if None.

    >>> is_joint("Russia and Ukraine"), is_joint("Moscow and Kyiv")
    (True, True)
    >>> is_joint("Kyiv and Washington"), is_joint("Russia")
    (True, False)
    >>> is_joint("Bosnia and Herzegovina")
    False
    """
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    known = lexicon.canonical("actor", actor)
    if known is not None:
        return len(lexicon.actor(known).members) > 1
    parts = [part for part in _JOINERS.split(actor.strip()) if part]
    members = {lexicon.canonical("actor", part) for part in parts}
    return len(parts) > 1 and None not in members and len(members) > 1


def write_table(
    table: ProposalsTable, handle: IO[str], *, format: str, sources: bool = False
) -> None:
    """Write a table as text (``"table"``), JSON records or CSV records.

    JSON is one array of `ProposalsTable.to_records`; CSV has a header of
    `TABLE_KEYS` and CRLF line ends, like ``peacetalks extract``.  With
    ``sources``, the text table has its sources under it
    (`ProposalsTable.to_text`); records always have theirs.

    Raises:
        FormatError: ``format`` is not ``"table"``, ``"json"`` or ``"csv"``.

    >>> from peacetalks import Demand, Quantity
    >>> table = proposals_table([
    ...     Demand("Russia", "troops", Quantity(85_000, bound="max")),
    ...     Demand("Ukraine", "troops", Quantity(250_000, bound="max")),
    ...     Demand("Russia", "tanks", Quantity(342, bound="max")),
    ... ])
    >>> import io, sys
    >>> write_table(table, sys.stdout, format="table")
    metric  unit         Russia    Ukraine      gap  ratio
    troops  personnel  ≤ 85,000  ≤ 250,000  165,000   2.94
    tanks   units         ≤ 342          -        -      -
    ratio = Ukraine / Russia; ≤ a cap, ≥ a floor, ≈ about, = exactly
    >>> buffer = io.StringIO()
    >>> write_table(table, buffer, format="csv")
    >>> buffer.getvalue().splitlines()[1][:30]
    'troops,personnel,Russia,Ukrain'
    >>> write_table(table, buffer, format="yaml")
    Traceback (most recent call last):
        ...
    peacetalks.errors.FormatError: unknown format 'yaml' (supported: table, json, csv)
    """
    import json

    if format == "table":
        handle.write(table.to_text(sources=sources) + "\n")
    elif format == "json":
        records = table.to_records()
        handle.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        writer = csv.DictWriter(handle, fieldnames=TABLE_KEYS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(table.to_records())
    else:
        formats = ", ".join(TABLE_FORMATS)
        msg = f"unknown format {format!r} (supported: {formats})"
        raise FormatError(msg)


# -- over time --------------------------------------------------------------------


@attrs.frozen
class Move:
    """How one actor's figure on one metric changed between two dates.

    Args:
        before: The earlier proposal.
        after: The next one, by the same actor on the same metric and target.
        kind: ``"concession"``, ``"hardening"``, ``"unchanged"``, or
            ``"changed"`` when the bounds do not say which way gives ground
            (see `moves`).

    >>> from peacetalks import Quantity, parse_date
    >>> def cap(value, date):
    ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
    ...                     target="Ukraine", date=parse_date(date))
    >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
    >>> print(move)
    Russia troops (target Ukraine): ≤ 50,000 (2022-03) → ≤ 85,000 (2022-04): concession
    """

    before: Proposal
    after: Proposal
    kind: MoveKind

    def __str__(self) -> str:
        target = f" (target {self.target})" if self.target else ""
        return (
            f"{self.actor} {self.metric}{target}: {self.before.figure} "
            f"({self.from_date.label}) → {self.after.figure} "
            f"({self.to_date.label}): {self.kind}"
        )

    @property
    def actor(self) -> str:
        """Whose figure moved.

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.actor, move.metric, move.target
        ('Russia', 'troops', 'Ukraine')
        """
        return self.after.actor

    @property
    def metric(self) -> str:
        """The metric.

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.metric
        'troops'
        """
        return self.after.metric

    @property
    def target(self) -> str | None:
        """Whose forces or obligations the figure concerns.

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.target
        'Ukraine'
        """
        return self.after.target

    @property
    def from_value(self) -> float:
        """The earlier figure (the midpoint of a range).

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.from_value, move.to_value
        (50000.0, 85000.0)
        """
        return self.before.midpoint

    @property
    def to_value(self) -> float:
        """The later figure (the midpoint of a range).

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.to_value
        85000.0
        """
        return self.after.midpoint

    @property
    def from_date(self) -> Published:
        """When the earlier figure was put forward.

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.from_date.label, move.to_date.label
        ('2022-03', '2022-04')
        """
        return self.before.date

    @property
    def to_date(self) -> Published:
        """When the later one was.

        >>> from peacetalks import Quantity, parse_date
        >>> def cap(value, date):
        ...     return Proposal("Russia", "troops", Quantity(value, bound="max"),
        ...                     target="Ukraine", date=parse_date(date))
        >>> move = Move(cap(50_000, "2022-03"), cap(85_000, "2022-04"), "concession")
        >>> move.to_date.label
        '2022-04'
        """
        return self.after.date


def _kind(before: Proposal, after: Proposal) -> MoveKind:
    if _interval(before.quantity) == _interval(after.quantity):
        return "unchanged"
    sense = _sense(before.quantity.bound, after.quantity.bound)
    if sense is None or before.midpoint == after.midpoint:
        return "changed"
    raised = after.midpoint > before.midpoint
    own = after.target == after.actor
    concession = raised != own if sense is Bound.MAX else raised == own
    return "concession" if concession else "hardening"


def moves(
    demands: Iterable[Position | Demand | Proposal],
    *,
    actor: str | None = None,
    metric: str | None = None,
    lexicon: Lexicon | None = None,
) -> list[Move]:
    """How each actor's figures moved over time, one change at a time.

    For each actor, metric and target, the dated figures are put in date
    order and each is compared with the one before.  Raising a cap that
    an actor puts on *another* side's forces is a concession and lowering it
    a hardening; for a cap on its *own* forces, raising is a hardening
    (asking for more) and lowering a concession.  Floors go the other way
    round.  The same figure again is ``"unchanged"``, even if it is now
    worded as another bound (800,000 as a cap, then as an exact figure); a
    change between figures that are neither caps nor floors (or a cap and
    a floor) is ``"changed"``.

    Undated figures are left out: they cannot be put in order.  Several
    figures with the same date count as one, the one of highest confidence
    (then the first in the text), so that sources repeating a figure do not
    make moves.  Negated and rejected demands are left out (see
    `proposals`); a demand without a target takes the lexicon's default.

    Args:
        demands: Demands, proposals, or a whole `Findings`.
        actor: Keep this actor's moves only, by any of its names (read as
            `proposals_table` reads names).
        metric: Keep this metric's moves only.
        lexicon: Names, orders and units; the default lexicon if None.

    Returns:
        The moves, by actor and metric in the lexicon's order, then by date.

    Raises:
        TypeError: ``demands`` is not demands, proposals or a `Findings`.
        UnknownNameError: Neither the lexicon nor the figures know
            ``actor`` or ``metric``.

    >>> import datetime
    >>> from peacetalks import Demand, Published, Quantity
    >>> def cap(value, year, month):
    ...     date = Published(None, datetime.date(year, month, 1), "month")
    ...     return Demand("Russia", "troops", Quantity(value, bound="max"),
    ...                   target="Ukraine", date=date)
    >>> [str(move) for move in moves([cap(85_000, 2022, 4), cap(50_000, 2022, 3)])]
    ['Russia troops (target Ukraine): ≤ 50,000 (2022-03) → ≤ 85,000 (2022-04):
     concession']
    """
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    figures = _proposals(demands, lexicon, "moves")
    actors = Names("actor", {p.actor for p in figures}, lexicon)
    metrics = Names("metric", {p.metric for p in figures}, lexicon)
    want_actor = None if actor is None else actors.resolve(actor, argument="actor")
    want_metric = None if metric is None else metrics.resolve(metric, argument="metric")
    groups: dict[tuple[str, str, str], dict[tuple[object, ...], list[Proposal]]] = {}
    for proposal in figures:
        date = proposal.date
        if date.date is None:
            continue
        who, what = actors.canonical(proposal.actor), metrics.canonical(proposal.metric)
        if want_actor is not None and who != want_actor:
            continue
        if want_metric is not None and what != want_metric:
            continue
        key = (who, what, proposal.target or "")
        when = (date.date, date.precision.value)
        groups.setdefault(key, {}).setdefault(when, []).append(proposal)
    actor_order = _orderer(lexicon.actor_names)
    metric_order = _orderer(lexicon.metric_ids)
    found: list[Move] = []
    for key in sorted(
        groups, key=lambda k: (actor_order(k[0]), metric_order(k[1]), k[2])
    ):
        by_date = groups[key]
        series = [min(by_date[when], key=_preference) for when in sorted(by_date)]
        found.extend(
            Move(before, after, _kind(before, after))
            for before, after in itertools.pairwise(series)
        )
    return found
