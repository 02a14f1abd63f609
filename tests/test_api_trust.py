"""Issue 12 ("Trust"): the Python API says when it cannot answer.

Four promises, each a regression test of a case that went wrong before:

1. Names of actors, issues, metrics and finding types are read through the
   lexicon (any case, any alias); a name that neither the lexicon nor the
   data knows raises `UnknownNameError` with its "did you mean", instead of
   an empty result.
2. The model refuses a value of the wrong type at construction, with a
   TypeError that names the field, and converts what has one obvious
   meaning (a date string for a date, a number for a quantity).
3. ``str(published)`` is the date as a person reads it.
4. Date windows take the same bounds everywhere: dates, ISO strings,
   ``"March 2022"`` and `Published`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import matplotlib as mpl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Article,
    Corpus,
    Demand,
    Evidence,
    FieldValueError,
    Findings,
    Position,
    Producer,
    Published,
    Quantity,
    UnknownNameError,
    parse_date,
)

mpl.use("Agg")  # no display in tests

FINDINGS = pt.datasets.sample().extract()
LEXICON = pt.Lexicon.default()

#: The laws draw from small sets; a few dozen examples cover them.
laws = settings(max_examples=40)


def _variants(name: str) -> list[str]:
    """Ways a person may write a name: cases, spaces for underscores."""
    spaced = name.replace("_", " ")
    return [name, name.lower(), name.upper(), name.title(), spaced, spaced.upper()]


def _dated(actor: str, stance: str, day: str, issue: str = "neutrality") -> Position:
    return Position(actor, issue, stance, date=parse_date(day))


# -- 1. names --------------------------------------------------------------------------


class TestNames:
    @pytest.mark.parametrize("name", ["russia", "RUSSIA", "Moscow", "the Kremlin"])
    def test_filter_by_any_name_of_an_actor(self, name: str) -> None:
        """findings.filter(actor="russia") returned nothing; it is Russia's now."""
        expected = FINDINGS.filter(predicate=lambda f: f.actor == "Russia")

        assert expected
        assert FINDINGS.filter(actor=name) == expected

    @pytest.mark.parametrize(
        ("kwargs", "kind", "suggestion"),
        [
            ({"actor": "Rusia"}, "actor", "Russia"),
            ({"metric": "troop"}, "metric", "troops"),
            ({"issue": "nato"}, "issue", "nato_membership"),
            ({"type": "demands"}, "type", "demand"),
            ({"actor": ["Russia", "Ukrain"]}, "actor", "Ukraine"),
        ],
    )
    def test_filter_unknown_name_raises(
        self, kwargs: dict[str, Any], kind: str, suggestion: str
    ) -> None:
        """An unknown name is UnknownNameError with a suggestion, not empty findings."""
        with pytest.raises(UnknownNameError) as info:
            FINDINGS.filter(**kwargs)

        assert info.value.kind == kind
        assert suggestion in info.value.suggestions
        assert f"did you mean '{suggestion}'" in str(info.value)

    def test_known_but_absent_name_selects_nothing(self) -> None:
        """A name the lexicon knows but no finding has is a quiet empty result."""
        assert len(FINDINGS.filter(actor="China")) == 0
        assert len(FINDINGS.filter(metric="warships")) == 0

    def test_a_name_of_the_data_needs_no_lexicon(self) -> None:
        """Findings from another lexicon (or a file) are found by their own names."""
        found = Findings(
            [
                Position("Armenia", "delimitation", "supports"),
                Position("Azerbaijan", "delimitation", "opposes"),
            ]
        )

        assert found.filter(actor="ARMENIA").items == (found[0],)
        assert found.filter(issue="Delimitation") == found
        assert [c.issue for c in pt.clashes(found, "armenia", "azerbaijan")] == [
            "delimitation"
        ]
        # the data's name is among the suggestions (the default lexicon's
        # "Argentine" is as close)
        with pytest.raises(UnknownNameError, match=r"did you mean .*'Armenia'"):
            found.filter(actor="Armenie")

    def test_another_lexicon_reads_its_aliases(self) -> None:
        """The lexicon= argument is the one whose aliases count."""
        border = pt.Lexicon.from_dict(
            {
                "name": "south-caucasus",
                "actors": [
                    {"name": "Armenia", "aliases": ["Yerevan"]},
                    {"name": "Azerbaijan", "aliases": ["Baku"]},
                ],
            }
        )
        found = Findings([Position("Azerbaijan", "delimitation", "opposes")])

        assert found.filter(actor="Baku", lexicon=border) == found
        with pytest.raises(UnknownNameError, match="in lexicon 'russia-ukraine'"):
            found.filter(actor="Baku")

    def test_filter_unknown_article(self) -> None:
        """An article id that none of the findings' articles has is said out loud."""
        first = next(iter(FINDINGS.articles))

        assert FINDINGS.filter(article=first)
        with pytest.raises(UnknownNameError, match="unknown article") as info:
            FINDINGS.filter(article=[first, first[:-1] + "x"])
        assert info.value.suggestions == (first,)

    def test_a_name_that_is_not_text(self) -> None:
        """A name of the wrong type is a TypeError naming the argument."""
        with pytest.raises(TypeError, match="'actor' must be a name, a string"):
            FINDINGS.filter(actor=["Russia", 7])  # type: ignore[list-item]  # deliberately wrong

    def test_proposals_table_names(self) -> None:
        """proposals_table(f, metrics=["troop"]) was an empty table."""
        with pytest.raises(UnknownNameError, match="did you mean 'troops'"):
            pt.proposals_table(FINDINGS, metrics=["troop"])
        with pytest.raises(UnknownNameError, match="did you mean 'Ukraine'"):
            pt.proposals_table(FINDINGS, parties=("Russia", "Ukrain"))
        by_alias = pt.proposals_table(
            FINDINGS, metrics=["Troops", "missile range"], actors=["moscow", "kyiv"]
        )
        canonical = pt.proposals_table(
            FINDINGS, metrics=["troops", "missile_range"], actors=["Russia", "Ukraine"]
        )
        assert by_alias == canonical
        assert [row.metric for row in by_alias] == ["troops", "missile_range"]

    def test_proposals_table_of_a_corpus(self) -> None:
        """A Corpus where findings belong is a TypeError that says what to pass."""
        with pytest.raises(TypeError, match=r"not a Corpus.*corpus\.extract\(\)"):
            pt.proposals_table(pt.datasets.sample())  # type: ignore[arg-type]  # the mistake under test
        with pytest.raises(TypeError, match="got Article at 0"):
            pt.proposals_table(list(pt.datasets.sample()))  # type: ignore[arg-type]  # likewise

    def test_compare_takes_figures(self) -> None:
        """compare() of a position says so, instead of failing inside."""
        position = Position("Russia", "neutrality", "supports")
        demand = Demand("Russia", "troops", Quantity(85_000))
        with pytest.raises(TypeError, match="'b' is a Position"):
            pt.compare(demand, position)  # type: ignore[arg-type]  # the mistake under test

    def test_moves_names(self) -> None:
        """moves() reads its actor and metric names like the table does."""
        demands = [
            Demand("Russia", "troops", Quantity(50_000, bound="max"), date="2022-03"),
            Demand("Russia", "troops", Quantity(85_000, bound="max"), date="2022-04"),
        ]

        assert pt.moves(demands, actor="the kremlin", metric="TROOPS") == pt.moves(
            demands
        )
        with pytest.raises(UnknownNameError, match="did you mean 'troops'"):
            pt.moves(demands, metric="troop")

    def test_table_rows_and_cells(self) -> None:
        """A table's row and cell lookups read names too; unknown ones raise."""
        table = pt.proposals_table(FINDINGS)
        row = table.row("Troops")

        assert row.metric == "troops"
        assert row.cell("moscow") == row.cell("Russia") != "-"
        assert row.latest("Kyiv") == row.latest("Ukraine")
        assert table.row("tanks").cell("China") == "-"
        with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
            row.cell("Rusia")
        with pytest.raises(KeyError):
            table.row("warships")

    def test_stances_read_names(self) -> None:
        """common_ground(..., "Ukrain") was []; it raises, and aliases work."""
        positions = FINDINGS.positions
        with pytest.raises(UnknownNameError, match="did you mean 'Ukraine'"):
            pt.common_ground(positions, "Russia", "Ukrain")
        with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
            pt.clashes(positions, "Rusia", "Ukraine")
        assert pt.common_ground(positions, "moscow", "kyiv") == pt.common_ground(
            positions, "Russia", "Ukraine"
        )
        with pytest.raises(ValueError, match="two different actors"):
            pt.common_ground(positions, "Moscow", "Russia")

    def test_stance_matrix_names(self) -> None:
        """The matrix's rows, columns and cells are found by any name."""
        matrix = pt.stance_matrix(
            FINDINGS, actors=["moscow"], issues=["NATO membership"]
        )

        assert matrix.actors == ("Russia",)
        assert matrix.issues == ("nato_membership",)
        assert matrix["nato membership", "the Kremlin"] is matrix.cells[0]
        with pytest.raises(UnknownNameError, match="did you mean 'nato_membership'"):
            pt.stance_matrix(FINDINGS, issues=["nato"])
        with pytest.raises(UnknownNameError):
            matrix["nato_membership", "Rusia"]

    def test_stance_changes_names(self) -> None:
        """stance_changes() reads actor, issue and counterpart names."""
        positions = [
            _dated("Ukraine", "supports", "2022-03-29"),
            _dated("Ukraine", "opposes", "2025-06-02"),
            _dated("Russia", "opposes", "2024"),
        ]
        expected = pt.stance_changes(
            positions, actor="Ukraine", issue="neutrality", counterpart="Russia"
        )

        assert [c.kind for c in expected] == ["concession"]
        assert (
            pt.stance_changes(
                positions, actor="kyiv", issue="Neutrality", counterpart="moscow"
            )
            == expected
        )
        with pytest.raises(UnknownNameError, match="did you mean 'neutrality'"):
            pt.stance_changes(positions, issue="neutral")

    def test_plots_read_names(self) -> None:
        """plot_timeline(ref, "troop") drew an empty chart; it raises now."""
        from peacetalks.plot import plot_proposals, plot_stances, plot_timeline

        reference = pt.datasets.istanbul_2022()
        with pytest.raises(UnknownNameError, match="did you mean 'troops'"):
            plot_timeline(reference, "troop")
        with pytest.raises(UnknownNameError, match="did you mean 'troops'"):
            plot_proposals(pt.proposals_table(FINDINGS), metrics=["troop"])
        with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
            plot_stances(pt.stance_matrix(FINDINGS), actors=["Rusia"])
        figure = plot_proposals(pt.proposals_table(FINDINGS), metrics=["missile range"])
        assert [ax.get_title(loc="left") for ax in figure.axes] == [
            "missile_range (km)"
        ]

    @laws
    @given(data=st.data())
    def test_any_alias_or_case_filters_as_the_canonical_name(
        self, data: st.DataObject
    ) -> None:
        """Filtering by any alias or case variant equals filtering by the name."""
        kind = data.draw(st.sampled_from(["actor", "issue", "metric"]))
        if kind == "actor":
            actor = data.draw(st.sampled_from(LEXICON.actors))
            canonical, written = actor.name, data.draw(st.sampled_from(actor.names))
        else:
            ids = LEXICON.issue_ids if kind == "issue" else LEXICON.metric_ids
            canonical = data.draw(st.sampled_from(ids))
            written = canonical
        variant = data.draw(st.sampled_from(_variants(written)))

        by: dict[str, Any] = {kind: variant}
        canonically: dict[str, Any] = {kind: canonical}
        assert FINDINGS.filter(**by) == FINDINGS.filter(**canonically)


# -- 2. the model refuses wrong types --------------------------------------------------

_ARTICLE = Article(title="Talks", text="Russia wants a cap of 85,000 troops.")
_EVIDENCE = _ARTICLE.evidence(22, 28)

#: Valid keyword arguments of each public model class.
_VALID: dict[type, Callable[[], dict[str, Any]]] = {
    Article: lambda: {"title": "t", "text": "x"},
    Published: lambda: {
        "raw": "2022",
        "date": datetime.date(2022, 1, 1),
        "precision": "year",
    },
    Producer: lambda: {"name": "annotator"},
    Evidence: lambda: {"article_id": "a1", "quote": "Russia", "start": 0, "end": 6},
    Quantity: lambda: {"value": 85_000},
    Position: lambda: {"actor": "Russia", "issue": "neutrality", "stance": "supports"},
    Demand: lambda: {"actor": "Russia", "metric": "troops", "quantity": Quantity(1)},
    pt.Proposal: lambda: {"actor": "Russia", "metric": "troops", "quantity": 1},
}

_TEXTS = st.integers() | st.floats() | st.lists(st.text(), max_size=2) | st.binary()
_NUMBERS = st.text(max_size=5) | st.booleans() | st.lists(st.integers(), max_size=2)
_OBJECTS = st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2)
_ENUMS = st.integers() | st.floats() | st.lists(st.text(), max_size=1) | st.none()
_DATES = (
    st.integers()
    | st.floats()
    | st.lists(st.integers(), max_size=2)
    | st.datetimes(min_value=datetime.datetime(2000, 1, 1))
)

#: Each field of each class, and values of a type it must refuse.
_WRONG: list[tuple[type, str, st.SearchStrategy[Any]]] = [
    (Article, "title", _TEXTS),
    (Article, "text", _TEXTS),
    (Article, "id", _TEXTS),
    (Article, "url", _TEXTS),
    (Article, "outlet", _TEXTS),
    (Article, "authors", st.integers() | st.text(min_size=1) | st.just([1, 2])),
    (Article, "published", _DATES),
    (Article, "language", _TEXTS),
    (Article, "path", _TEXTS),
    (Article, "extra", st.integers() | st.text() | st.lists(st.integers())),
    (Published, "raw", st.integers() | st.floats() | st.lists(st.text(), max_size=1)),
    (Published, "date", st.text(max_size=10) | st.integers() | st.datetimes()),
    (Published, "precision", _ENUMS.filter(lambda v: v is not None)),
    (Producer, "name", _TEXTS),
    (Producer, "version", _TEXTS),
    (Evidence, "article_id", _TEXTS),
    (Evidence, "quote", _TEXTS),
    (Evidence, "start", st.floats() | st.text(max_size=3) | st.booleans()),
    (Evidence, "end", st.floats() | st.text(max_size=3) | st.booleans()),
    (Quantity, "value", _NUMBERS),
    (Quantity, "low", _NUMBERS),
    (Quantity, "high", _NUMBERS),
    (Quantity, "unit", _TEXTS),
    (Quantity, "bound", _ENUMS),
    *(
        (cls, field, strategy)
        for cls in (Position, Demand)
        for field, strategy in [
            ("actor", _TEXTS),
            ("act", _ENUMS),
            ("modality", _ENUMS),
            ("date", _DATES),
            ("speaker", _TEXTS),
            ("evidence", _OBJECTS),
            ("confidence", _NUMBERS | st.none()),
            ("producer", _OBJECTS),
        ]
    ),
    (Position, "issue", _TEXTS),
    (Position, "stance", _ENUMS),
    (Demand, "metric", _TEXTS),
    (Demand, "quantity", _NUMBERS | st.none()),
    (Demand, "target", _TEXTS),
    (pt.Proposal, "actor", _TEXTS),
    (pt.Proposal, "quantity", _NUMBERS | st.none()),
    (pt.Proposal, "date", _DATES),
    (pt.Proposal, "confidence", _NUMBERS),
    (pt.Proposal, "source", _TEXTS),
]


class TestModelTypes:
    @laws
    @given(data=st.data())
    def test_every_wrong_type_names_its_field(self, data: st.DataObject) -> None:
        """A field given a value of the wrong type raises TypeError naming it."""
        cls, field, strategy = data.draw(st.sampled_from(_WRONG))
        value = data.draw(strategy)
        kwargs = {**_VALID[cls](), field: value}

        with pytest.raises(TypeError, match=f"'{field}' must be"):
            cls(**kwargs)

    def test_article_with_a_date_string(self) -> None:
        """Article(published="2022-03-29") kept a str; repr(Corpus) then broke."""
        article = Article("t", "x", published="2022-03-29")

        assert article.published == parse_date("2022-03-29")
        assert repr(Corpus([article])) == "<Corpus: 1 article, 2022-03-29>"
        assert Article(published=datetime.date(2022, 3, 29)).published == Published(
            None, datetime.date(2022, 3, 29), "day"
        )
        assert Position(
            "Russia", "ceasefire", "opposes", date="March 2022"
        ).date.label == ("2022-03")

    def test_an_impossible_date_names_the_field(self) -> None:
        """A date string that names no real day is a FieldValueError on its field."""
        with pytest.raises(FieldValueError, match="'published': invalid date") as info:
            Article(published="2022-02-30")
        assert info.value.field == "published"

    def test_demand_with_a_number(self) -> None:
        """Demand("Russia", "troops", 85000) kept an int where a Quantity belongs."""
        demand = Demand("Russia", "troops", 85000)

        assert demand.quantity == Quantity(85_000)
        assert pt.findings.describe(demand) == "Russia demands troops = 85,000"

    def test_a_wrong_value_of_an_enum(self) -> None:
        """A string that is no value of the enum is a FieldValueError naming it."""
        with pytest.raises(FieldValueError, match="'act' must be 'demand' or 'offer'"):
            Demand("Russia", "troops", Quantity(1), act="insist")

    @laws
    @given(st.sampled_from(sorted(_VALID, key=lambda cls: cls.__name__)))
    def test_valid_values_still_round_trip(self, cls: type) -> None:
        """The model's own classes still serialise and load back unchanged."""
        if cls is pt.Proposal:
            return  # not a wire type
        made = cls(**_VALID[cls]())
        assert pt.loads(pt.dumps(made), cls) == made


# -- 3. str(published) -----------------------------------------------------------------


class TestPublishedText:
    @pytest.mark.parametrize(
        ("raw", "text"),
        [("29 March 2022", "2022-03-29"), ("March 2022", "2022-03"), ("2022", "2022")],
    )
    def test_str_is_the_label(self, raw: str, text: str) -> None:
        """str(article.published) was the repr; it is the label a person reads."""
        published = parse_date(raw)
        assert str(published) == text == published.label
        assert f"{published}" == text

    def test_unknown(self) -> None:
        """An unknown date reads as 'unknown'."""
        assert str(Published()) == "unknown"
        assert str(parse_date("yesterday")) == "unknown"


# -- 4. date windows -------------------------------------------------------------------

_CORPUS = Corpus(
    [
        Article(title="day", text="a", published="2022-03-29"),
        Article(title="month", text="b", published="March 2022"),
        Article(title="year", text="c", published="2022"),
        Article(title="late", text="d", published="2025-01-15"),
        Article(title="undated", text="e"),
    ]
)
_POSITIONS = [
    _dated("Russia", "supports", "2022-03-29"),
    _dated("Ukraine", "supports", "March 2022"),
    _dated("Russia", "opposes", "2022", issue="ceasefire"),
    _dated("Ukraine", "opposes", "2025-01-15", issue="ceasefire"),
    Position("Russia", "neutrality", "opposes"),  # undated
]
_DEMANDS = [
    Demand("Russia", "troops", Quantity(85_000, bound="max"), date="2022-03-29"),
    Demand("Ukraine", "troops", Quantity(250_000, bound="max"), date="March 2022"),
    Demand("Russia", "tanks", Quantity(342, bound="max"), date="2022"),
    Demand("Ukraine", "tanks", Quantity(800, bound="max"), date="2025-01-15"),
    Demand("Russia", "missile_range", Quantity(40, bound="max")),
]


def _select(where: str, start: Any, end: Any) -> object:
    """The same window applied by each function that takes one."""
    if where == "corpus":
        return _CORPUS.filter(date_range=(start, end)).ids
    if where == "findings":
        return Findings([*_POSITIONS, *_DEMANDS]).filter(start=start, end=end)
    if where == "table":
        return pt.proposals_table(_DEMANDS, start=start, end=end, latest=False)
    return pt.stance_matrix(_POSITIONS, start=start, end=end)


_WHERE = ["corpus", "findings", "table", "matrix"]
_DAYS = st.dates(
    min_value=datetime.date(2021, 12, 1), max_value=datetime.date(2025, 2, 1)
)


def _forms(day: datetime.date | None) -> list[Any]:
    if day is None:
        return [None]
    return [day, day.isoformat(), Published(None, day, "day"), f"{day:%d %B %Y}"]


class TestDateWindows:
    @laws
    @given(
        where=st.sampled_from(_WHERE),
        first=st.none() | _DAYS,
        last=st.none() | _DAYS,
        data=st.data(),
    )
    def test_same_window_in_any_form(
        self,
        where: str,
        first: datetime.date | None,
        last: datetime.date | None,
        data: st.DataObject,
    ) -> None:
        """A window as dates, ISO strings or Published selects the same things."""
        if first is not None and last is not None and first > last:
            first, last = last, first
        start, end = (
            data.draw(st.sampled_from(_forms(first))),
            data.draw(st.sampled_from(_forms(last))),
        )

        assert _select(where, start, end) == _select(where, first, last)

    @pytest.mark.parametrize("where", _WHERE)
    def test_a_month_is_its_whole_period(self, where: str) -> None:
        """ "March 2022" starts on the 1st and, as an end, ends on the 31st."""
        by_name = _select(where, "March 2022", "March 2022")

        assert by_name == _select(where, "2022-03-01", "2022-03-31")
        assert by_name == _select(where, parse_date("2022-03"), parse_date("2022-03"))

    def test_a_month_overlaps_a_day_window(self) -> None:
        """What is dated to the month is in a window of one of its days."""
        kept = _CORPUS.filter(date_range=("2022-03-30", "2022-03-30"))
        assert [a.title for a in kept] == ["month", "year"]
        found = Findings(_DEMANDS).filter(start="2022-03-30", end="2022-03-30")
        assert [d.quantity.value for d in found.demands] == [250_000.0, 342.0]

    def test_proposals_table_takes_strings(self) -> None:
        """proposals_table(f, start="2025-01-01") raised a TypeError."""
        table = pt.proposals_table(_DEMANDS, start="2025-01-01")
        assert [(row.metric, list(row.cells)) for row in table] == [
            ("tanks", ["Ukraine"])
        ]

    @pytest.mark.parametrize("where", _WHERE)
    def test_start_after_end(self, where: str) -> None:
        """A window that ends before it starts is an error naming the end."""
        with pytest.raises(FieldValueError, match="must not be after") as info:
            _select(where, "2023", "2022")
        assert info.value.field in ("end", "date_range end")

    @pytest.mark.parametrize("where", _WHERE)
    @pytest.mark.parametrize(
        ("bound", "error"),
        [
            ("yesterday", FieldValueError),
            ("2022-02-30", FieldValueError),
            (2022, TypeError),
            (datetime.datetime(2022, 3, 1, 12), TypeError),
            (Published(raw="soon"), FieldValueError),
        ],
    )
    def test_a_bad_bound_names_its_argument(
        self, where: str, bound: object, error: type[Exception]
    ) -> None:
        """A bound that names no date is the library's error naming the argument."""
        with pytest.raises(error, match=r"'(date_range )?start'"):
            _select(where, bound, None)

    @laws
    @given(
        where=st.sampled_from(_WHERE[:2]),
        days=st.lists(st.none() | _DAYS, min_size=4, max_size=4),
    )
    def test_widening_never_drops(
        self, where: str, days: list[datetime.date | None]
    ) -> None:
        """A wider window keeps everything a narrower one keeps."""
        inner_start, inner_end, outer_start, outer_end = days
        if (
            inner_start is not None
            and inner_end is not None
            and inner_start > inner_end
        ):
            inner_start, inner_end = inner_end, inner_start
        if outer_start is not None and inner_start is not None:
            outer_start = min(outer_start, inner_start)
        else:
            outer_start = None if inner_start is None else outer_start
        if outer_end is not None and inner_end is not None:
            outer_end = max(outer_end, inner_end)
        else:
            outer_end = None if inner_end is None else outer_end

        narrow = _select(where, inner_start, inner_end)
        wide = _select(where, outer_start, outer_end)

        assert isinstance(narrow, tuple | Findings)
        assert isinstance(wide, tuple | Findings)
        assert set(narrow) <= set(wide)
