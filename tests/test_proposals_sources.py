"""Tests for an honest proposals table: sources, periods, latest, parties, width.

Issue 15: a table must say when and where each figure comes from, can be
limited to a period, has one definition of "latest" (the last figure of
``latest=False`` is the one ``latest=True`` shows), never compares a joint
actor unless asked, keeps its key columns on a narrow width, keeps each
figure's bound in pandas, and has a readable `Comparison` repr.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks import (
    Article,
    Corpus,
    Demand,
    Evidence,
    FieldValueError,
    Lexicon,
    Precision,
    Published,
    Quantity,
    UnknownNameError,
)
from peacetalks.comparison import compare, is_joint, proposals, proposals_table
from peacetalks.window import DateWindow

LEXICON = Lexicon.default()

# Our own sentences: two articles by two outlets, three years apart.
OLD = Article(
    title="Draft",
    text="Moscow wants Kyiv's army capped at 85,000 troops.",
    outlet="Old Gazette",
    published="2022-03-29",
    path="news/old.txt",
)
NEW = Article(
    title="Plan",
    text="The new plan caps Ukraine's army at 600,000 troops.",
    outlet="New Daily",
    published="2025-11-24",
    path="news/new.txt",
)


def _cap(actor: str, value: float, article: Article, start: int, end: int) -> Demand:
    return Demand(
        actor,
        "troops",
        Quantity(value, bound="max"),
        target="Ukraine",
        date=article.published,
        evidence=article.evidence(start, end),
    )


RUSSIA = _cap("Russia", 85_000, OLD, 0, len(OLD.text))
UKRAINE = _cap("Ukraine", 600_000, NEW, 0, len(NEW.text))


class TestSources:
    def test_outlet_from_the_articles(self) -> None:
        """Given the articles, each figure knows its outlet; records say it."""
        table = proposals_table([RUSSIA, UKRAINE], articles=Corpus([OLD, NEW]))

        russia = table.row("troops").latest("Russia")
        assert russia is not None
        assert (russia.outlet, russia.source) == ("Old Gazette", "news/old.txt")
        records = table.to_records()
        assert [(r["actor"], r["outlet"]) for r in records] == [
            ("Russia", "Old Gazette"),
            ("Ukraine", "New Daily"),
        ]

    def test_without_articles_no_outlet(self) -> None:
        """Without the articles, the outlet is unknown (None), as before."""
        assert proposals([RUSSIA])[0].outlet is None
        assert proposals_table([RUSSIA]).to_records()[0]["outlet"] is None

    def test_text_sources(self) -> None:
        """to_text(sources=True) numbers cells and dates and quotes each one."""
        table = proposals_table([RUSSIA, UKRAINE], articles=[OLD, NEW])

        lines = table.to_text(sources=True).splitlines()

        assert lines[1].split() == [
            "troops", "personnel", "≤", "85,000", "[1]", "≤", "600,000", "[2]",
            "515,000", "7.06",
        ]  # fmt: skip
        assert lines[-2] == (
            '[1] Russia, troops ≤ 85,000: 2022-03-29, Old Gazette: "Moscow wants '
            "Kyiv's army capped at 85,000 troops.\""
        )
        assert lines[-1].startswith("[2] Ukraine, troops ≤ 600,000: 2025-11-24, New")
        assert str(table) == table.to_text()
        assert "[1]" not in str(table)

    def test_every_cell_lists_each_figure(self) -> None:
        """A cell of several figures gives each one's source on its own line."""
        later = _cap("Russia", 90_000, NEW, 0, 10)
        table = proposals_table([RUSSIA, later], latest=False)

        notes = table.to_text(sources=True).splitlines()[-3:]

        assert notes[0] == "[1] Russia, troops:"
        assert notes[1].startswith(f"    ≤ 85,000: 2022-03-29, {OLD.id}: ")
        assert notes[2].startswith(f"    ≤ 90,000: 2025-11-24, {NEW.id}: ")

    def test_html_dates_and_titles(self) -> None:
        """HTML cells show the date and hold date, outlet and quote as a title."""
        markup = proposals_table([RUSSIA, UKRAINE], articles=[OLD, NEW])._repr_html_()

        assert '<small class="date">2022-03-29</small>' in markup
        assert (
            'title="2022-03-29, Old Gazette: &quot;Moscow wants Kyiv&#x27;s army '
            'capped at 85,000 troops.&quot;"'
        ) in markup

    def test_articles_must_be_articles(self) -> None:
        """articles= takes articles: anything else is a TypeError that says so."""
        with pytest.raises(TypeError, match="'articles' must be articles"):
            proposals_table([RUSSIA], articles=["news/old.txt"])  # type: ignore[list-item]  # a wrong type on purpose


# -- latest ---------------------------------------------------------------------------

ARTICLE = Article(text="x" * 200)


@st.composite
def figures(draw: st.DrawFn) -> Demand:
    """A Russian troops figure, often sharing dates, sureness and articles."""
    date = draw(
        st.sampled_from(
            [
                Published(),
                Published(None, datetime.date(2022, 3, 1), Precision.MONTH),
                Published(None, datetime.date(2022, 3, 1), Precision.DAY),
                Published(None, datetime.date(2025, 1, 1), Precision.YEAR),
            ]
        )
    )
    evidence = None
    if draw(st.booleans()):
        start = draw(st.integers(0, 150))
        evidence = ARTICLE.evidence(start, start + draw(st.integers(1, 40)))
    return Demand(
        "Russia",
        "troops",
        Quantity(
            draw(st.integers(1, 5)) * 10_000,
            bound=draw(st.sampled_from(["max", "exact"])),
        ),
        target="Ukraine",
        date=date,
        confidence=draw(st.sampled_from([0.5, 1.0])),
        evidence=evidence,
    )


class TestLatest:
    @given(st.lists(figures(), min_size=1, max_size=8))
    def test_the_table_shows_the_last_of_every(self, items: list[Demand]) -> None:
        """The law: the latest figure is the last one latest=False lists."""
        every = proposals_table(items, latest=False).row("troops").cells["Russia"]
        latest = proposals_table(items).row("troops").cells["Russia"]

        assert latest == (every[-1],)
        assert (
            proposals_table(items, latest=False).row("troops").latest("Russia")
            == every[-1]
        )

    def test_undated_and_same_day(self) -> None:
        """Undated come first; at one day the surer, then the first in the text, last.

        (Before, --every listed same-day figures in text order and the table
        kept the first: the last listed was not the one shown.)
        """
        day = Published(None, datetime.date(2022, 3, 1), Precision.DAY)

        def fig(
            value: int, start: int, *, date: Published = day, sure: float = 1.0
        ) -> Demand:
            return Demand(
                "Russia",
                "troops",
                Quantity(value),
                date=date,
                confidence=sure,
                evidence=ARTICLE.evidence(start, start + 5),
            )

        items = [
            fig(1, 0),
            fig(2, 50),
            fig(3, 100, sure=0.5),
            fig(4, 0, date=Published()),
        ]

        row = proposals_table(items, latest=False).row("troops")

        assert row.cell("Russia") == "= 4 → = 3 → = 2 → = 1"
        assert proposals_table(items).row("troops").cell("Russia") == "= 1"

    def test_own_date_not_the_article_date(self) -> None:
        """A retrospective's figure dated by its own sentence is not the latest."""
        draft = Demand(
            "Russia",
            "troops",
            Quantity(85_000, bound="max"),
            date=Published(None, datetime.date(2022, 3, 1), Precision.MONTH),
            evidence=NEW.evidence(0, 9),  # found in a 2025 article
        )
        plan = Demand(
            "Russia",
            "troops",
            Quantity(50_000, bound="max"),
            date=Published(None, datetime.date(2024, 6, 1), Precision.MONTH),
        )

        table = proposals_table([draft, plan])

        assert table.row("troops").cell("Russia") == "≤ 50,000"
        every = proposals_table([draft, plan], latest=False)
        assert every.row("troops").cell("Russia") == "≤ 85,000 → ≤ 50,000"


# -- periods --------------------------------------------------------------------------

DATES = st.one_of(
    st.just(Published()),
    st.builds(
        lambda y, m: Published(None, datetime.date(y, m, 1), Precision.MONTH),
        st.integers(2021, 2026),
        st.integers(1, 12),
    ),
    st.builds(
        lambda d: Published(None, d, Precision.DAY),
        st.dates(datetime.date(2021, 1, 1), datetime.date(2026, 12, 31)),
    ),
)
BOUNDS = st.one_of(
    st.none(), st.dates(datetime.date(2021, 1, 1), datetime.date(2026, 12, 31))
)


class TestPeriod:
    @given(
        st.lists(
            st.builds(
                lambda actor, value, date: Demand(
                    actor, "troops", Quantity(value), date=date
                ),
                st.sampled_from(["Russia", "Ukraine", "Europe"]),
                st.integers(1, 10**6),
                DATES,
            ),
            max_size=10,
        ),
        BOUNDS,
        BOUNDS,
        st.booleans(),
    )
    def test_never_a_figure_outside(
        self,
        items: list[Demand],
        start: datetime.date | None,
        end: datetime.date | None,
        latest: bool,
    ) -> None:
        """The law: a table limited to a period shows no figure outside it."""
        if start is not None and end is not None and start > end:
            start, end = end, start
        window = DateWindow.of(start, end)

        table = proposals_table(items, start=start, end=end, latest=latest)

        for row in table:
            for found in row.cells.values():
                assert all(window.contains(p.date) for p in found)
                if not window.is_open:
                    assert all(p.date.date is not None for p in found)


# -- parties --------------------------------------------------------------------------


class TestParties:
    def test_joint_actors(self) -> None:
        """A lexicon actor with members, or a name joining two actors, is joint."""
        assert is_joint("Russia and Ukraine")
        assert is_joint("Kyiv and Moscow")
        assert is_joint("Ukraine & the EU")
        assert is_joint("Russia/Turkey")
        assert not is_joint("Russia")
        assert not is_joint("Trinidad and Tobago")
        assert not is_joint("Hamas and")

    @given(
        st.lists(
            st.builds(
                lambda actor, value: Demand(actor, "troops", Quantity(value)),
                st.sampled_from(
                    [
                        "Russia and Ukraine",
                        "Russia",
                        "Kyiv and Moscow",
                        "Europe",
                        "US & EU",
                    ]
                ),
                st.integers(1, 10**6),
            ),
            max_size=8,
        )
    )
    def test_never_a_joint_party_by_default(self, items: list[Demand]) -> None:
        """The law: the default parties are never a joint actor."""
        table = proposals_table(items)

        assert table.parties is None or not any(is_joint(p) for p in table.parties)

    def test_joint_compared_when_asked(self) -> None:
        """A joint actor is compared when named among the parties."""
        items = [
            Demand("Russia and Ukraine", "prisoner_exchange", Quantity(157)),
            Demand("Russia", "prisoner_exchange", Quantity(175)),
        ]

        assert proposals_table(items).parties is None
        asked = proposals_table(items, parties=("Moscow and Kyiv", "Russia"))
        assert asked.parties == ("Russia and Ukraine", "Russia")
        assert asked.row("prisoner_exchange").comparison is not None

    def test_one_actor_twice(self) -> None:
        """Two names of one actor are no pair: a FieldValueError says so."""
        with pytest.raises(FieldValueError, match="two different actors") as info:
            proposals_table([RUSSIA], parties=("Russia", "Moscow"))
        assert info.value.field == "parties"

    def test_unknown_party(self) -> None:
        """An unknown party is an UnknownNameError that suggests the name."""
        with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
            proposals_table([RUSSIA], parties=("Rusia", "Ukraine"))


# -- width, pandas, repr --------------------------------------------------------------

WIDE = [
    Demand(actor, "troops", Quantity(value, bound="max"))
    for actor, value in [
        ("Russia", 85_000),
        ("Ukraine", 250_000),
        ("United States", 600_000),
        ("Europe", 800_000),
        ("United Kingdom", 15_000),
        ("France", 40_000),
    ]
]


class TestWidth:
    def test_key_columns_kept(self) -> None:
        """A narrow width drops other actors, then the unit, and says which."""
        table = proposals_table(WIDE)

        lines = table.to_text(width=60).splitlines()

        assert lines[0].split() == [
            "metric",
            "unit",
            "Russia",
            "Ukraine",
            "gap",
            "ratio",
        ]
        assert all(len(line) <= 60 for line in lines)
        assert lines[2:4] == [
            "left out to fit 60 columns: +4 more actors (United States,",
            "Europe, United Kingdom, France)",
        ]

    def test_units_go_last(self) -> None:
        """Narrower still, the unit goes too; the key columns stay."""
        lines = proposals_table(WIDE).to_text(width=40).splitlines()

        assert lines[0].split() == ["metric", "Russia", "Ukraine", "gap", "ratio"]
        assert "the units" in proposals_table(WIDE).to_text(width=40)

    def test_str_unchanged(self) -> None:
        """Without a width, str() is the whole table, as it always was."""
        table = proposals_table(WIDE)

        assert str(table) == table.to_text(width=None)
        assert str(table).splitlines()[0].split()[-3:] == ["France", "gap", "ratio"]
        assert table.to_text(width=1000) == str(table)


class TestPandasAndRepr:
    def test_bounds_kept(self) -> None:
        """to_pandas() keeps each figure's bound beside its number."""
        floor = Demand("Ukraine", "troops", Quantity(250_000, bound="min"))

        frame = proposals_table([RUSSIA, floor]).to_pandas()

        assert frame.loc["troops", "Russia bound"] == "max"
        assert frame.loc["troops", "Ukraine bound"] == "min"
        assert frame[["Russia", "Ukraine"]].sum(axis=1)["troops"] == 335_000
        assert str(frame["Russia bound"].dtype) == "category"

    def test_comparison_repr(self) -> None:
        """A Comparison's repr is one line: metric, both figures, gap and ratio."""
        text = repr(compare(RUSSIA, UKRAINE))

        assert text == (
            "<Comparison troops: Russia ≤ 85,000, Ukraine ≤ 600,000 personnel; "
            "gap 515,000, ratio 7.06>"
        )


TRUCE = Article(
    title="Truce",
    text="The Kremlin proposed a truce of two to three days. Kyiv wants 30 days.",
    outlet="Wire",
    published="2025-05-02",
)
SAID = TRUCE.evidence(0, TRUCE.text.index(".") + 1)


def _truce(value: float, bound: str, evidence: Evidence = SAID) -> Demand:
    return Demand(
        "Russia",
        "ceasefire_duration",
        Quantity(value, unit="days", bound=bound),
        date=TRUCE.published,
        evidence=evidence,
    )


class TestRanges:
    def test_a_floor_and_a_cap_in_one_quote_are_one_range(self) -> None:
        """ "Two to three days" is extracted as a floor and a cap (the gold
        convention); the table shows the range, not the floor alone."""
        found = Corpus([TRUCE]).extract()

        table = proposals_table(found)

        assert table.row("ceasefire_duration").cell("Russia") == "= 2-3"
        (record,) = [r for r in table.to_records() if r["actor"] == "Russia"]
        assert (record["value"], record["low"], record["high"]) == (None, 2, 3)

    def test_same_in_every_and_in_proposals(self) -> None:
        """`--every` and `proposals()` see the one range too."""
        demands = [_truce(2, "min"), _truce(3, "max")]

        every = proposals_table(demands, latest=False).row("ceasefire_duration")

        assert every.cell("Russia") == "= 2-3"
        (proposal,) = proposals(demands)
        assert (proposal.quantity.low, proposal.quantity.high) == (2, 3)

    @pytest.mark.parametrize(
        "demands",
        [
            # two quotes: two figures, not a range
            [
                _truce(2, "min"),
                _truce(
                    3, "max", TRUCE.evidence(TRUCE.text.index("Kyiv"), len(TRUCE.text))
                ),
            ],
            # a floor above the cap is no range
            [_truce(3, "min"), _truce(2, "max")],
            # two floors and a cap: not clear-cut
            [_truce(2, "min"), _truce(1, "min"), _truce(3, "max")],
            # a cap and an exact figure
            [_truce(2, "exact"), _truce(3, "max")],
        ],
    )
    def test_anything_less_clear_cut_is_left_alone(self, demands: list[Demand]) -> None:
        found = proposals(demands)

        assert len(found) == len(demands)
        assert all(p.quantity.value is not None for p in found)
