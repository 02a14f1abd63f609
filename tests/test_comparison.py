"""Tests for peacetalks.comparison: comparisons, proposals tables and moves."""

from __future__ import annotations

import datetime
import io
import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Act,
    Article,
    Bound,
    Demand,
    Evidence,
    FieldValueError,
    Findings,
    FormatError,
    Lexicon,
    Modality,
    Position,
    Precision,
    Producer,
    Published,
    Quantity,
)
from peacetalks.comparison import (
    TABLE_KEYS,
    Comparison,
    Proposal,
    compare,
    moves,
    proposals,
    proposals_table,
    write_table,
)

LEXICON = Lexicon.default()


def _month(year: int, month: int) -> Published:
    return Published(None, datetime.date(year, month, 1), Precision.MONTH)


def _day(year: int, month: int, day: int) -> Published:
    return Published(None, datetime.date(year, month, day), Precision.DAY)


def _troops(
    actor: str,
    value: float,
    *,
    date: Published | None = None,
    target: str | None = "Ukraine",
    bound: Bound = Bound.MAX,
    confidence: float = 1.0,
    evidence: Evidence | None = None,
    act: Act = Act.DEMAND,
    modality: Modality = Modality.ASSERTED,
    producer: Producer | None = None,
) -> Demand:
    return Demand(
        actor,
        "troops",
        Quantity(value, unit="personnel", bound=bound),
        target=target,
        date=date or Published(),
        confidence=confidence,
        evidence=evidence,
        act=act,
        modality=modality,
        producer=producer,
    )


# -- strategies -------------------------------------------------------------------

ACTORS = st.sampled_from(["Russia", "Ukraine", "United States", "Europe", "Hamas"])
BOUNDS = st.sampled_from(list(Bound))
# Figures as negotiators give them: counts, kilometres and days, from 0 to a
# billion; tiny and huge magnitudes would only test float overflow.
FIGURES = st.one_of(
    st.integers(0, 10**9).map(float),
    st.floats(0.001, 1e9, allow_nan=False, allow_infinity=False),
)


@st.composite
def quantities(draw: st.DrawFn, unit: str = "personnel") -> Quantity:
    """A point figure or a range, in ``unit``, with any bound."""
    bound = draw(BOUNDS)
    if draw(st.booleans()):
        return Quantity(draw(FIGURES), unit=unit, bound=bound)
    low, high = sorted([draw(FIGURES), draw(FIGURES)])
    return Quantity(low=low, high=high, unit=unit, bound=bound)


@st.composite
def demands(draw: st.DrawFn, metric: str = "troops") -> Demand:
    unit = LEXICON.metric(metric).unit
    date = draw(
        st.one_of(
            st.just(Published()),
            st.builds(_month, st.integers(2022, 2026), st.integers(1, 12)),
        )
    )
    return Demand(
        draw(ACTORS),
        metric,
        draw(quantities(unit)),
        target=draw(st.sampled_from([None, "Ukraine", "Russia"])),
        date=date,
        confidence=draw(st.sampled_from([0.5, 0.9, 1.0])),
    )


MIXED = st.lists(
    st.one_of(demands("troops"), demands("tanks"), demands("missile_range")),
    max_size=12,
)


# -- proposals --------------------------------------------------------------------


class TestProposal:
    def test_from_demand_converts_to_the_metric_unit(self) -> None:
        """A demand in miles becomes a proposal in km, the metric's unit."""
        demand = Demand(
            "Ukraine",
            "pullback_distance",
            Quantity(low=10, high=20, unit="miles", bound="min"),
            target="Russia",
        )

        proposal = Proposal.from_demand(demand)

        assert proposal.quantity == Quantity(
            low=16.09344, high=32.18688, unit="km", bound="min"
        )
        assert proposal.target == "Russia"

    def test_missing_target_comes_from_the_lexicon(self) -> None:
        """A demand without a target takes the metric's default target."""
        proposal = Proposal.from_demand(_troops("Russia", 85_000, target=None))

        assert proposal.target == "Ukraine"

    def test_names_are_canonical(self) -> None:
        """Aliases of actors and metrics become the lexicon's names."""
        proposal = Proposal(
            "the Kremlin",
            "Missile range",
            Quantity(40, unit="kilometres"),
            target="Kyiv",
        ).normalised()

        assert (proposal.actor, proposal.metric, proposal.target) == (
            "Russia",
            "missile_range",
            "Ukraine",
        )
        assert proposal.quantity.unit == "km"

    def test_unconvertible_unit_names_the_field(self) -> None:
        """A unit that does not convert to the metric's raises, naming 'unit'."""
        demand = Demand("Russia", "troops", Quantity(40, unit="km"))

        with pytest.raises(FieldValueError, match="in 'km', which does not") as info:
            Proposal.from_demand(demand)
        assert info.value.field == "unit"

    def test_unknown_metric_keeps_its_unit(self) -> None:
        """A metric the lexicon does not know keeps the demand's own unit."""
        demand = Demand("Hamas", "hostages", Quantity(33, unit="persons"))

        proposal = Proposal.from_demand(demand)

        assert proposal.quantity.unit == "persons"
        assert proposal.target is None

    def test_source_defaults(self) -> None:
        """The source is the article's file, else its id, else the producer."""
        article = Article(text="Russia wants 85,000 troops.")
        demand = _troops("Russia", 85_000, evidence=article.evidence(13, 19))
        findings = Findings([demand], articles={article.id: "news/a.txt"})
        bare = _troops("Russia", 85_000, producer=Producer("istanbul-2022"))

        assert proposals(findings)[0].source == "news/a.txt"
        assert Proposal.from_demand(demand).source == article.id
        assert Proposal.from_demand(bare).source == "istanbul-2022"

    def test_invalid_fields(self) -> None:
        """Empty names and confidences outside [0, 1] are refused by field."""
        with pytest.raises(FieldValueError, match="'actor' must not be empty"):
            Proposal(" ", "troops", Quantity(1))
        with pytest.raises(FieldValueError, match="'confidence' must be between"):
            Proposal("Russia", "troops", Quantity(1), confidence=2)

    def test_figure(self) -> None:
        """A figure is shown with its bound and thousands separators."""
        ranged = Proposal(
            "Ukraine", "troops", Quantity(low=200_000, high=250_000, bound="approx")
        )

        assert ranged.figure == "≈ 200,000-250,000"
        assert Proposal("A", "x", Quantity(0.125, bound="min")).figure == "≥ 0.12"

    def test_proposals_skip_positions_negations_and_rejections(self) -> None:
        """Only the actor's own figures are proposals."""
        items: list[Position | Demand] = [
            Position("Russia", "neutrality", "supports"),
            _troops("Russia", 85_000),
            _troops("Russia", 1, modality=Modality.NEGATED),
            _troops("Ukraine", 85_000, act=Act.REJECT),
            _troops("Ukraine", 250_000, act=Act.OFFER),
        ]

        found = proposals(items)

        assert [(p.actor, p.midpoint, p.act) for p in found] == [
            ("Russia", 85_000, Act.DEMAND),
            ("Ukraine", 250_000, Act.OFFER),
        ]


# -- compare ----------------------------------------------------------------------


class TestCompare:
    def test_istanbul_troops(self) -> None:
        """Russia's 85,000 against Ukraine's 250,000."""
        result = compare(_troops("Russia", 85_000), _troops("Ukraine", 250_000))

        assert result.metric == "troops"
        assert result.unit == "personnel"
        assert result.gap == 165_000
        assert result.ratio == pytest.approx(250 / 85)
        assert result.midpoint == 167_500
        assert result.more_restrictive == "Russia"
        assert result.overlap is None

    def test_november_2025(self) -> None:
        """The US 600,000 against the European 800,000."""
        us = _troops("United States", 600_000, date=_month(2025, 11))
        europe = _troops("Europe", 800_000, date=_month(2025, 11))

        result = compare(us, europe)

        assert result.gap == 200_000
        assert result.ratio == pytest.approx(4 / 3)
        assert result.more_restrictive == "United States"
        assert str(result) == (
            "troops: United States ≤ 600,000 personnel, Europe ≤ 800,000 "
            "personnel; gap 200,000, ratio 1.33"
        )

    def test_units_are_converted(self) -> None:
        """Figures in miles and km are compared in km."""
        russia = Demand("Russia", "missile_range", Quantity(25, unit="miles"))
        ukraine = Demand("Ukraine", "missile_range", Quantity(280, unit="km"))

        result = compare(russia, ukraine)

        assert result.unit == "km"
        assert result.a.quantity.value == pytest.approx(40.2336)
        assert result.gap == pytest.approx(280 - 40.2336)

    def test_overlapping_ranges(self) -> None:
        """Ranges that overlap have no gap, and meet on their overlap."""
        a = Demand("Ukraine", "troops", Quantity(low=200_000, high=250_000))
        b = Demand("Europe", "troops", Quantity(low=240_000, high=800_000))

        result = compare(a, b)

        assert result.gap == 0
        assert result.overlap == (240_000.0, 250_000.0)
        assert result.midpoint == pytest.approx((225_000 + 520_000) / 2)

    def test_distance_between_ranges(self) -> None:
        """The gap between ranges is the distance between their nearest ends."""
        a = Demand("A", "troops", Quantity(low=1, high=2))
        b = Demand("B", "troops", Quantity(low=5, high=9))

        assert compare(a, b).gap == 3
        assert compare(b, a).gap == 3

    def test_floors(self) -> None:
        """For floors, the higher figure is the more restrictive."""
        a = Demand("Ukraine", "pullback_distance", Quantity(15, bound="min"))
        b = Demand("Russia", "pullback_distance", Quantity(5, bound="min"))

        assert compare(a, b).more_restrictive == "Ukraine"

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (Bound.EXACT, Bound.EXACT),
            (Bound.APPROX, Bound.EXACT),
            (Bound.MAX, Bound.MIN),
        ],
    )
    def test_no_restrictive_side(self, first: Bound, second: Bound) -> None:
        """Without caps or floors on one side only, no side is more restrictive."""
        a = Demand("A", "troops", Quantity(1, bound=first))
        b = Demand("B", "troops", Quantity(2, bound=second))

        assert compare(a, b).more_restrictive is None

    def test_a_cap_sets_the_sense(self) -> None:
        """A cap against an approximate figure is read as caps."""
        a = Demand("A", "troops", Quantity(1, bound="max"))
        b = Demand("B", "troops", Quantity(2, bound="approx"))

        assert compare(a, b).more_restrictive == "A"

    def test_zero_has_no_ratio(self) -> None:
        """The ratio over a zero figure is None."""
        a = Demand("A", "troops", Quantity(0))
        b = Demand("B", "troops", Quantity(5))

        assert compare(a, b).ratio is None
        assert compare(b, a).ratio == 0

    def test_evidence(self) -> None:
        """Both sides' evidence comes with the comparison."""
        article = Article(text="Russia: 85,000. Ukraine: 250,000.")
        a = _troops("Russia", 85_000, evidence=article.evidence(8, 14))
        b = _troops("Ukraine", 250_000, evidence=article.evidence(25, 32))

        evidence = compare(a, b).evidence

        assert [e.quote for e in evidence if e is not None] == ["85,000", "250,000"]

    def test_different_metrics_are_refused(self) -> None:
        """Comparing two metrics raises, naming both."""
        tanks = Demand("Ukraine", "tanks", Quantity(800))

        with pytest.raises(FieldValueError, match="different metrics") as info:
            compare(_troops("Russia", 85_000), tanks)
        assert info.value.field == "metric"
        assert "'troops'" in str(info.value)
        assert "'tanks'" in str(info.value)

    def test_comparison_needs_one_unit(self) -> None:
        """A Comparison built by hand refuses two units."""
        a = Proposal("A", "x", Quantity(1, unit="km"))
        b = Proposal("B", "x", Quantity(1, unit="miles"))

        with pytest.raises(FieldValueError, match="in one unit"):
            Comparison(a, b)
        assert compare(a, b).unit == "km"
        assert compare(b, a).a.quantity.value == pytest.approx(1.609344)

    def test_proposals_are_accepted(self) -> None:
        """Proposals and demands can be mixed."""
        a = Proposal("Russia", "troops", Quantity(85_000))
        assert compare(a, _troops("Ukraine", 250_000)).gap == 165_000


class TestCompareLaws:
    @given(demands(), demands())
    def test_mirror(self, a: Demand, b: Demand) -> None:
        """Comparing a with b mirrors comparing b with a."""
        ab, ba = compare(a, b), compare(b, a)

        assert ab.gap == ba.gap
        assert ab.midpoint == ba.midpoint
        assert ab.overlap == ba.overlap
        assert ab.more_restrictive == ba.more_restrictive
        assert ab.mirror() == ba
        if ab.ratio and ba.ratio:
            assert ab.ratio * ba.ratio == pytest.approx(1, rel=1e-12)

    @given(demands(), demands())
    def test_gap_is_zero_exactly_when_they_meet(self, a: Demand, b: Demand) -> None:
        """The gap is 0 exactly when the figures are equal or the ranges overlap."""
        result = compare(a, b)

        assert (result.gap == 0) == (result.overlap is not None)
        assert result.gap >= 0

    @given(FIGURES, FIGURES)
    def test_gap_of_points(self, x: float, y: float) -> None:
        """For two point figures, the gap is 0 exactly when they are equal."""
        result = compare(
            Demand("A", "tanks", Quantity(x)), Demand("B", "tanks", Quantity(y))
        )

        assert (result.gap == 0) == (x == y)
        assert result.gap == abs(x - y)

    @given(FIGURES.filter(bool), FIGURES.filter(bool))
    def test_ratio_and_inverse(self, x: float, y: float) -> None:
        """The ratio and the inverse ratio multiply to 1."""
        a, b = Demand("A", "tanks", Quantity(x)), Demand("B", "tanks", Quantity(y))

        ratio, inverse = compare(a, b).ratio, compare(b, a).ratio

        assert ratio is not None
        assert inverse is not None
        assert ratio * inverse == pytest.approx(1, rel=1e-12)

    @given(
        FIGURES,
        st.sampled_from([("km", "miles"), ("days", "weeks"), ("days", "months")]),
    )
    def test_conversions_round_trip(self, x: float, units: tuple[str, str]) -> None:
        """Converting there and back gives the figure again."""
        there, back = units

        assert LEXICON.convert(
            LEXICON.convert(x, there, back), back, there
        ) == pytest.approx(x, rel=1e-12)

    @given(FIGURES, FIGURES)
    def test_compare_is_unit_blind(self, x: float, y: float) -> None:
        """A figure in miles compares as the same figure in km."""
        miles = Demand("A", "missile_range", Quantity(x, unit="miles"))
        km = Demand("A", "missile_range", Quantity(x * 1.609344, unit="km"))
        other = Demand("B", "missile_range", Quantity(y, unit="km"))

        assert compare(miles, other).gap == pytest.approx(
            compare(km, other).gap, rel=1e-9, abs=1e-6
        )


# -- the table --------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_findings() -> Findings:
    return pt.datasets.sample().extract()


@pytest.fixture(scope="module")
def sample_demands(sample_findings: Findings) -> tuple[Demand, ...]:
    return sample_findings.demands


class TestProposalsTable:
    def test_sample(self, sample_demands: tuple[Demand, ...]) -> None:
        """The sample's table: the Istanbul figures with gaps and ratios."""
        table = proposals_table(sample_demands)

        assert repr(table) == "<ProposalsTable: 4 metrics, 2 actors, Russia vs Ukraine>"
        assert table.actors == ("Russia", "Ukraine")
        assert table.parties == ("Russia", "Ukraine")
        assert [row.metric for row in table] == [
            "troops",
            "tanks",
            "missile_range",
            "territory_share",
        ]
        figures = {
            row.metric: (row.cell("Russia"), row.cell("Ukraine"), row.comparison)
            for row in table
        }
        assert figures["troops"][:2] == ("≤ 85,000", "≤ 250,000")
        assert figures["tanks"][:2] == ("≤ 342", "≤ 800")
        assert figures["missile_range"][:2] == ("≤ 40", "≤ 280")
        assert figures["territory_share"] == ("≈ 20", "-", None)
        gaps = {
            m: (c.gap, round(c.ratio or 0, 2)) for m, (_, _, c) in figures.items() if c
        }
        assert gaps == {
            "troops": (165_000, 2.94),
            "tanks": (458, 2.34),
            "missile_range": (240, 7.0),
        }

    def test_text(self, sample_demands: tuple[Demand, ...]) -> None:
        """str() is a fixed-width table with a legend."""
        lines = str(proposals_table(sample_demands)).splitlines()

        assert lines[0].split() == [
            "metric",
            "unit",
            "Russia",
            "Ukraine",
            "gap",
            "ratio",
        ]
        assert lines[1].split() == [
            "troops",
            "personnel",
            "≤",
            "85,000",
            "≤",
            "250,000",
            "165,000",
            "2.94",
        ]
        assert lines[-1].startswith("ratio = Ukraine / Russia;")
        assert len({len(line) for line in lines[:-1]}) == 1

    def test_empty(self) -> None:
        """A table of nothing says so."""
        table = proposals_table([])

        assert str(table) == "no proposals"
        assert len(table) == 0
        assert table.parties is None
        assert table.to_records() == []

    def test_latest_by_date_then_confidence_then_text(self) -> None:
        """The latest figure wins; at one date, the surer one, then the first."""
        article = Article(text="x" * 100)
        early = _troops("Russia", 50_000, date=_month(2022, 3))
        late = _troops("Russia", 85_000, date=_month(2022, 4), confidence=0.5)
        surer = _troops("Russia", 90_000, date=_month(2022, 4), confidence=0.9)
        second = _troops(
            "Russia",
            95_000,
            date=_month(2022, 4),
            confidence=0.9,
            evidence=article.evidence(50, 60),
        )
        first = _troops(
            "Russia",
            99_000,
            date=_month(2022, 4),
            confidence=0.9,
            evidence=article.evidence(10, 20),
        )

        def latest(*items: Demand) -> float:
            proposal = proposals_table(items).row("troops").latest("Russia")
            assert proposal is not None
            return proposal.midpoint

        assert latest(late, early) == 85_000
        assert latest(early, late, surer) == 90_000
        assert latest(second, first, late) == 99_000
        assert latest(_troops("Russia", 1), early) == 50_000  # undated is older

    def test_every_proposal(self) -> None:
        """With latest=False, every figure is listed in date order."""
        items = [
            _troops("Russia", 85_000, date=_month(2022, 4)),
            _troops("Russia", 50_000, date=_month(2022, 3)),
            _troops("Ukraine", 250_000, date=_month(2022, 4)),
        ]

        table = proposals_table(items, latest=False)

        row = table.row("troops")
        assert row.cell("Russia") == "≤ 50,000 → ≤ 85,000"
        assert row.comparison is not None
        assert row.comparison.gap == 165_000  # the latest figures are compared
        assert [r["value"] for r in table.to_records()] == [50_000, 85_000, 250_000]

    def test_window(self) -> None:
        """start and end keep the figures dated in the window; undated go."""
        items = [
            _troops("Russia", 50_000, date=_month(2022, 3)),
            _troops("Russia", 85_000, date=_day(2022, 4, 15)),
            _troops("United States", 600_000, date=_month(2025, 11)),
            _troops("Europe", 700_000),
        ]

        in_2022 = proposals_table(
            items, start=datetime.date(2022, 1, 1), end=datetime.date(2022, 12, 31)
        )
        from_mid_march = proposals_table(items, start=datetime.date(2022, 3, 15))

        assert in_2022.actors == ("Russia",)
        assert in_2022.row("troops").cell("Russia") == "≤ 85,000"
        assert in_2022.parties is None
        assert from_mid_march.actors == ("Russia", "United States")
        assert (
            proposals_table(items, end=datetime.date(2022, 3, 1))
            .row("troops")
            .cell("Russia")
            == "≤ 50,000"
        )

    def test_selection_and_parties(self, sample_demands: tuple[Demand, ...]) -> None:
        """metrics and actors select (aliases allowed); parties choose the pair."""
        table = proposals_table(
            sample_demands,
            metrics=["missile range", "tanks"],
            actors=["Kyiv", "Moscow"],
            parties=("Kyiv", "Moscow"),
        )

        assert [row.metric for row in table] == ["missile_range", "tanks"]
        assert table.actors == ("Ukraine", "Russia")
        assert table.parties == ("Ukraine", "Russia")
        comparison = table.row("tanks").comparison
        assert comparison is not None
        assert comparison.ratio == pytest.approx(342 / 800)
        assert str(table).splitlines()[-1].startswith("ratio = Russia / Ukraine")

    def test_default_parties_follow_the_lexicon(self) -> None:
        """The first two lexicon actors with figures are compared."""
        items = [
            _troops("Europe", 800_000, date=_month(2025, 11)),
            _troops("United States", 600_000, date=_month(2025, 11)),
            _troops("Hamas", 1),
        ]

        table = proposals_table(items)

        assert table.actors == ("United States", "Europe", "Hamas")
        assert table.parties == ("United States", "Europe")
        comparison = table.row("troops").comparison
        assert comparison is not None
        assert comparison.more_restrictive == "United States"

    def test_row_lookup(self, sample_demands: tuple[Demand, ...]) -> None:
        """A row is found by metric; a missing one is a KeyError."""
        table = proposals_table(sample_demands)

        assert table[0] is table.row("troops")
        with pytest.raises(KeyError):
            table.row("warships")

    def test_records(self, sample_findings: Findings) -> None:
        """One flat record per figure, with its row's comparison."""
        records = proposals_table(sample_findings).to_records()

        assert all(tuple(record) == TABLE_KEYS for record in records)
        troops = [r for r in records if r["metric"] == "troops"]
        assert [(r["actor"], r["value"]) for r in troops] == [
            ("Russia", 85_000),
            ("Ukraine", 250_000),
        ]
        assert troops[0]["quote"].startswith("According to them, Russia")
        assert troops[0]["source"] == "sample/002_de5fcd0c532bc2fc.txt"
        assert troops[0]["compared"] == "Russia vs Ukraine"
        assert (troops[0]["gap"], troops[0]["midpoint"]) == (165_000, 167_500)
        assert troops[0]["more_restrictive"] == "Russia"
        share = [r for r in records if r["metric"] == "territory_share"]
        assert share[0]["gap"] is None

    def test_a_row_has_one_unit(self) -> None:
        """Figures on a metric the lexicon does not know share one unit."""
        items = [
            Demand("A", "buffer", Quantity(10, unit="miles")),
            Demand("B", "buffer", Quantity(20, unit="km")),
        ]

        row = proposals_table(items).row("buffer")

        assert row.unit == "km"
        assert row.cell("A") == "= 16.09"
        assert row.comparison is None  # A and B are not in the lexicon

    def test_write_table(self, sample_demands: tuple[Demand, ...]) -> None:
        """write_table writes text, JSON or CSV, and refuses other formats."""
        table = proposals_table(sample_demands, metrics="tanks")
        out = io.StringIO()

        write_table(table, out, format="table")
        assert out.getvalue() == str(table) + "\n"
        with pytest.raises(FormatError, match="unknown format 'xml'"):
            write_table(table, io.StringIO(), format="xml")

    def test_html_is_escaped(self) -> None:
        """The HTML table escapes names, figures and quotes."""
        article = Article(text='"<b>" & 5')
        items = [
            Demand("A&B <x>", "troops", Quantity(5), evidence=article.evidence(0, 5)),
        ]

        markup = proposals_table(items)._repr_html_()

        assert markup.startswith('<table class="peacetalks-proposals">')
        assert "<th>A&amp;B &lt;x&gt;</th>" in markup
        assert f'title="undated, {article.id}: &quot;&lt;b&gt;&quot;"' in markup
        assert "<b>" not in markup

    def test_to_pandas(self, sample_demands: tuple[Demand, ...]) -> None:
        """to_pandas() gives metrics by actors, with gap and ratio."""
        frame = proposals_table(sample_demands).to_pandas()

        assert list(frame.columns) == [
            "unit",
            "Russia",
            "Ukraine",
            "gap",
            "ratio",
            "Russia bound",
            "Ukraine bound",
        ]
        assert frame.loc["troops", "Russia"] == 85_000
        assert frame.loc["missile_range", "gap"] == 240
        assert frame["Ukraine"].isna().to_dict() == {
            "troops": False,
            "tanks": False,
            "missile_range": False,
            "territory_share": True,
        }

    def test_to_pandas_without_pandas(
        self, monkeypatch: pytest.MonkeyPatch, sample_demands: tuple[Demand, ...]
    ) -> None:
        """Without pandas, to_pandas() says how to install it."""
        monkeypatch.setitem(sys.modules, "pandas", None)

        with pytest.raises(ImportError, match=r"pip install 'peacetalks\[pandas\]'"):
            proposals_table(sample_demands).to_pandas()

    @given(MIXED, st.randoms(use_true_random=False), st.booleans())
    def test_input_order_does_not_matter(
        self, items: list[Demand], rng: random.Random, latest: bool
    ) -> None:
        """The table is the same whatever the order of its input."""
        shuffled = list(items)
        rng.shuffle(shuffled)

        a = proposals_table(items, latest=latest)
        b = proposals_table(shuffled, latest=latest)

        assert a == b
        assert str(a) == str(b)
        assert a.to_records() == b.to_records()


# -- moves ------------------------------------------------------------------------


class TestMoves:
    def test_russia_2022_concession(self) -> None:
        """Russia's cap on Ukraine's army, 50,000 then 85,000: a concession."""
        found = moves(
            [
                _troops("Russia", 85_000, date=_month(2022, 4)),
                _troops("Russia", 50_000, date=_month(2022, 3)),
            ]
        )

        assert len(found) == 1
        move = found[0]
        assert move.kind == "concession"
        assert (move.actor, move.metric, move.target) == ("Russia", "troops", "Ukraine")
        assert (move.from_value, move.to_value) == (50_000, 85_000)
        assert (move.from_date.label, move.to_date.label) == ("2022-03", "2022-04")
        assert str(move) == (
            "Russia troops (target Ukraine): ≤ 50,000 (2022-03) → ≤ 85,000 "
            "(2022-04): concession"
        )

    def test_lowering_a_cap_on_another_is_hardening(self) -> None:
        """Lowering a cap on another side's forces hardens."""
        found = moves(
            [
                _troops("Russia", 85_000, date=_month(2022, 4)),
                _troops("Russia", 50_000, date=_month(2024, 6)),
            ]
        )

        assert [m.kind for m in found] == ["hardening"]

    def test_us_and_europe_are_two_actors(self) -> None:
        """The US 600,000 and the European 800,000 are not one actor's move."""
        items = [
            _troops("United States", 600_000, date=_month(2025, 11)),
            _troops("Europe", 800_000, date=_month(2025, 11)),
        ]

        assert moves(items) == []
        comparison = compare(*items)
        assert comparison.gap == 200_000

    @pytest.mark.parametrize(
        ("bound", "target", "raised", "kind"),
        [
            (Bound.MAX, "Ukraine", True, "hardening"),
            (Bound.MAX, "Ukraine", False, "concession"),
            (Bound.MIN, "Russia", True, "hardening"),
            (Bound.MIN, "Russia", False, "concession"),
            (Bound.MIN, "Ukraine", True, "concession"),
            (Bound.EXACT, "Russia", True, "changed"),
            (Bound.APPROX, "Ukraine", False, "changed"),
        ],
    )
    def test_own_forces_and_floors(
        self, bound: Bound, target: str, raised: bool, kind: str
    ) -> None:
        """Caps on one's own forces and floors go the other way round."""
        values = (250_000, 800_000) if raised else (800_000, 250_000)
        found = moves(
            [
                _troops(
                    "Ukraine",
                    value,
                    date=_month(2022 + n, 4),
                    target=target,
                    bound=bound,
                )
                for n, value in enumerate(values)
            ]
        )

        assert [m.kind for m in found] == [kind]

    def test_unchanged(self) -> None:
        """The same figure at a later date is unchanged, whatever its bound."""
        found = moves(
            [
                _troops("Ukraine", 800_000, date=_month(2025, 11)),
                _troops("Ukraine", 800_000, date=_month(2025, 12), bound=Bound.EXACT),
                _troops("Ukraine", 800_000, date=_month(2026, 1)),
            ]
        )

        assert [m.kind for m in found] == ["unchanged", "unchanged"]

    def test_undated_and_same_date_figures(self) -> None:
        """Undated figures are left out; one date counts once."""
        found = moves(
            [
                _troops("Russia", 10_000),
                _troops("Russia", 85_000, date=_day(2022, 4, 15), confidence=0.9),
                _troops("Russia", 80_000, date=_day(2022, 4, 15), confidence=0.5),
                _troops("Russia", 50_000, date=_month(2022, 3)),
            ]
        )

        assert [(m.from_value, m.to_value) for m in found] == [(50_000, 85_000)]

    def test_selection_and_order(self) -> None:
        """actor and metric select; moves come by actor and metric, then date."""
        tanks = [
            Demand(
                "Ukraine",
                "tanks",
                Quantity(v, bound="max"),
                target="Ukraine",
                date=_month(y, 1),
            )
            for y, v in [(2022, 800), (2023, 700)]
        ]
        items = [
            *tanks,
            _troops("Ukraine", 250_000, date=_month(2022, 4), target="Ukraine"),
            _troops("Ukraine", 800_000, date=_month(2025, 12), target="Ukraine"),
            _troops("Russia", 50_000, date=_month(2022, 3)),
            _troops("Russia", 85_000, date=_month(2022, 4)),
        ]

        everything = [(m.actor, m.metric) for m in moves(items)]
        assert everything == [
            ("Russia", "troops"),
            ("Ukraine", "troops"),
            ("Ukraine", "tanks"),
        ]
        assert [m.metric for m in moves(items, actor="Kyiv")] == ["troops", "tanks"]
        assert [m.actor for m in moves(items, metric="troops")] == ["Russia", "Ukraine"]

    def test_targets_are_kept_apart(self) -> None:
        """Caps on different sides' forces are separate series."""
        found = moves(
            [
                _troops("Russia", 85_000, date=_month(2022, 4)),
                _troops("Russia", 1_000_000, date=_month(2023, 4), target="Russia"),
            ]
        )

        assert found == []

    @given(MIXED, st.randoms(use_true_random=False))
    def test_input_order_does_not_matter(
        self, items: list[Demand], rng: random.Random
    ) -> None:
        """moves() does not depend on the order of its input."""
        shuffled = list(items)
        rng.shuffle(shuffled)

        assert moves(items) == moves(shuffled)


class TestReferenceData:
    def test_istanbul_2022(self) -> None:
        """The helpers work directly on the bundled Istanbul reference figures."""
        table = proposals_table(pt.datasets.istanbul_2022())

        row = table.row("troops")
        assert (row.cell("Russia"), row.cell("Ukraine")) == ("≤ 85,000", "≤ 250,000")
        assert row.comparison is not None
        assert row.comparison.gap == 165_000
        assert table.row("missile_range").cell("Russia") == "≤ 40"
