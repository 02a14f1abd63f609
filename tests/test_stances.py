"""Tests for peacetalks.stances: the stance matrix, common ground, clashes, changes."""

from __future__ import annotations

import datetime
import itertools
import sys

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Position, Precision, Published, Stance
from peacetalks.errors import MissingExtraError
from peacetalks.stances import (
    MARKS,
    Agreement,
    Clash,
    clashes,
    common_ground,
    stance_changes,
    stance_matrix,
)
from tests import strategies

ACTORS = ("Russia", "Ukraine", "United States")
ISSUES = ("ceasefire", "nato_membership", "neutrality")


def day(text: str) -> Published:
    return Published(text, datetime.date.fromisoformat(text), Precision.DAY)


def month(text: str) -> Published:
    return Published(text, datetime.date.fromisoformat(f"{text}-01"), Precision.MONTH)


def said(
    actor: str, issue: str, stance: str, date: Published | None = None
) -> Position:
    return Position(actor, issue, stance, date=date or Published())


#: A few dates with ties, overlaps (a month and a day in it) and no date.
DATES = st.sampled_from(
    [
        Published(),
        month("2022-03"),
        day("2022-03-29"),
        Published("29 March 2022", datetime.date(2022, 3, 29), Precision.DAY),
        day("2022-04-15"),
        Published("2025", datetime.date(2025, 1, 1), Precision.YEAR),
        day("2025-06-02"),
    ]
)

#: Positions over a small vocabulary, so that cells fill up and disagree.
small_positions = st.builds(
    Position,
    st.sampled_from(ACTORS),
    st.sampled_from(ISSUES),
    st.sampled_from(Stance),
    act=st.sampled_from(pt.Act),
    date=DATES,
)
position_lists = st.lists(small_positions, max_size=12)
any_positions = st.lists(strategies.positions(), max_size=6)

EXAMPLE = [
    said("Russia", "neutrality", "supports", day("2022-03-29")),
    said("Ukraine", "neutrality", "supports", day("2022-03-29")),
    said("Russia", "nato_membership", "opposes", day("2022-03-29")),
    said("Ukraine", "nato_membership", "supports", day("2022-04-15")),
    said("Ukraine", "ceasefire", "supports", day("2022-03-29")),
    said("Ukraine", "ceasefire", "opposes", day("2025-06-02")),
    said("Russia", "ceasefire", "opposes"),
]


class TestStanceMatrix:
    def test_cells(self) -> None:
        """Each cell holds the stance, the count, the latest stance, the evidence."""
        matrix = stance_matrix(EXAMPLE)
        assert matrix.issues == ("ceasefire", "nato_membership", "neutrality")
        assert matrix.actors == ("Russia", "Ukraine")
        cell = matrix["ceasefire", "Ukraine"]
        assert (cell.stance, cell.count, cell.latest) == ("mixed", 2, Stance.OPPOSES)
        assert [p.date.label for p in cell.evidence] == ["2022-03-29", "2025-06-02"]
        undated = matrix["ceasefire", "Russia"]
        assert (undated.stance, undated.latest) == ("opposes", None)

    def test_text_table(self) -> None:
        """str() is a fixed-width table with marks, each issue's proposition
        and a legend."""
        assert str(stance_matrix(EXAMPLE, actors=["Russia", "Ukraine", "Turkey"])) == (
            "issue            Russia  Ukraine  Turkey  proposition\n"
            "ceasefire        -       ±        ·       "
            "a ceasefire / cessation of hostilities\n"
            "nato_membership  -       +        ·       "
            "Ukraine joins NATO / NATO expands to Ukraine\n"
            "neutrality       +       +        ·       "
            "Ukraine takes a permanent neutral, non-aligned status\n"
            "+ supports  - opposes  ± mixed  · no position"
        )

    def test_propositions_from_the_matrix_lexicon(self) -> None:
        """The tables say the proposition of the lexicon the matrix was built
        with; an issue no lexicon knows is shown by its id alone; the lexicon
        is not part of the matrix's value."""
        own = pt.Lexicon.from_dict(
            {
                "name": "own",
                "actors": [{"name": "Russia"}, {"name": "Ukraine"}],
                "issues": [
                    {"id": "neutrality", "proposition": "Kyiv <stays> neutral"},
                ],
            }
        )
        positions = [
            said("Russia", "neutrality", "supports"),
            said("Ukraine", "river_access", "opposes"),
        ]

        matrix = stance_matrix(positions, lexicon=own)

        lines = str(matrix).splitlines()
        assert lines[0].split() == ["issue", "Russia", "Ukraine", "proposition"]
        assert lines[1].endswith("·        Kyiv <stays> neutral")
        assert lines[2].rstrip().endswith("-")
        page = matrix._repr_html_()
        assert "<td>Kyiv &lt;stays&gt; neutral (neutrality)</td>" in page
        assert "<td>river_access</td>" in page
        assert matrix == stance_matrix(positions)
        assert matrix.proposition("river_access") is None

    def test_given_axes(self) -> None:
        """Given issues and actors set the rows and columns, in that order."""
        matrix = stance_matrix(
            EXAMPLE, issues=["neutrality", "elections"], actors=["Ukraine"]
        )
        assert [(c.issue, c.actor, c.stance) for c in matrix] == [
            ("neutrality", "Ukraine", "supports"),
            ("elections", "Ukraine", None),
        ]
        assert repr(matrix) == "<StanceMatrix: 2 issues, 1 actor, 1 position>"

    def test_window(self) -> None:
        """A window keeps the positions whose date overlaps it, undated ones out."""
        matrix = stance_matrix(
            EXAMPLE, start="2022-01-01", end=datetime.date(2022, 12, 31)
        )
        assert matrix["ceasefire", "Ukraine"].stance == "supports"
        assert matrix["ceasefire", "Russia"].stance is None
        assert (matrix.start, matrix.end) == (
            datetime.date(2022, 1, 1),
            datetime.date(2022, 12, 31),
        )
        # A month overlaps a window that holds one of its days.
        march = [said("Russia", "ceasefire", "supports", month("2022-03"))]
        assert (
            stance_matrix(march, start="2022-03-31")["ceasefire", "Russia"].count == 1
        )

    def test_latest_tie(self) -> None:
        """Disagreeing positions on the latest date leave no latest stance."""
        positions = [
            said("Russia", "ceasefire", "supports", day("2022-03-29")),
            said("Russia", "ceasefire", "opposes", day("2022-03-29")),
        ]
        assert stance_matrix(positions)["ceasefire", "Russia"].latest is None

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"start": "2023-01-01", "end": "2022-01-01"}, "'start' must not be after"),
            ({"start": "the spring"}, "'start' must be a date"),
            ({"actors": ["Russia", "Russia"]}, "'actors' must not name anything twice"),
            ({"issues": "neutrality"}, "'issues' must be a sequence of names"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], message: str) -> None:
        """Bad arguments raise errors that name the argument."""
        with pytest.raises((ValueError, TypeError), match=message):
            stance_matrix(EXAMPLE, **kwargs)  # type: ignore[arg-type]  # deliberately wrong types

    def test_not_positions(self) -> None:
        """Demands are not positions: passing them is a TypeError."""
        demand = pt.Demand("Russia", "troops", pt.Quantity(1, unit="personnel"))
        with pytest.raises(TypeError, match="expected positions, got Demand"):
            stance_matrix([demand])  # type: ignore[list-item]  # the point of the test

    def test_unknown_cell(self) -> None:
        """Looking up a row or column that is not there is a KeyError naming it."""
        matrix = stance_matrix(EXAMPLE)
        with pytest.raises(KeyError, match="'elections' is not a row"):
            matrix["elections", "Russia"]
        with pytest.raises(KeyError, match="'Turkey' is not a column"):
            matrix["neutrality", "Turkey"]

    def test_cells_must_fit(self) -> None:
        """A matrix built by hand must have one cell per issue and actor."""
        with pytest.raises(ValueError, match="one cell per issue and actor"):
            pt.StanceMatrix(("neutrality",), ("Russia",), ())

    def test_html_is_escaped(self) -> None:
        """The HTML table escapes names and shows stance and count."""
        positions = [said("<b>Russia</b>", "neutrality", "supports")]
        page = stance_matrix(positions)._repr_html_()
        assert "&lt;b&gt;Russia&lt;/b&gt;" in page
        assert "<b>" not in page
        assert "+ supports (1)" in page
        assert (
            "<td>Ukraine takes a permanent neutral, non-aligned status "
            "(neutrality)</td>" in page
        )

    def test_records(self) -> None:
        """One record per cell, empty ones included, with counts and dates."""
        records = stance_matrix(EXAMPLE, actors=["Ukraine"]).to_records()
        assert records[0] == {
            "issue": "ceasefire",
            "actor": "Ukraine",
            "stance": "mixed",
            "latest": "opposes",
            "count": 2,
            "supports": 1,
            "opposes": 1,
            "first": "2022-03-29",
            "last": "2025-06-02",
        }
        assert len(records) == 3

    def test_pandas(self) -> None:
        """to_pandas() is the issue-by-actor grid of stances."""
        frame = stance_matrix(EXAMPLE).to_pandas()
        assert list(frame.index) == ["ceasefire", "nato_membership", "neutrality"]
        assert list(frame.columns) == ["Russia", "Ukraine"]
        assert frame.loc["ceasefire", "Ukraine"] == "mixed"
        assert frame.index.name == "issue"

    def test_pandas_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas() names the extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
        with pytest.raises(
            MissingExtraError, match=r"pip install 'peacetalks\[pandas\]'"
        ):
            stance_matrix(EXAMPLE).to_pandas()

    def test_sample(self) -> None:
        """The matrix of the sample's positions covers every position once."""
        positions = pt.datasets.sample().extract().positions
        matrix = stance_matrix(positions)
        assert sum(cell.count for cell in matrix) == len(positions)
        assert {"Russia", "Ukraine"} <= set(matrix.actors)

    @given(st.data(), any_positions)
    def test_order_does_not_matter(
        self, data: st.DataObject, positions: list[Position]
    ) -> None:
        """The matrix is the same for the same positions in any order."""
        shuffled = data.draw(st.permutations(positions))
        assert stance_matrix(shuffled) == stance_matrix(positions)

    @given(st.data(), position_lists)
    def test_order_does_not_matter_with_ties(
        self, data: st.DataObject, positions: list[Position]
    ) -> None:
        """Ties on dates and names do not make the result depend on order."""
        shuffled = data.draw(st.permutations(positions))
        assert stance_matrix(shuffled) == stance_matrix(positions)
        assert stance_changes(shuffled) == stance_changes(positions)
        assert common_ground(shuffled, "Russia", "Ukraine") == common_ground(
            positions, "Russia", "Ukraine"
        )

    @given(position_lists)
    def test_cells_account_for_every_position(self, positions: list[Position]) -> None:
        """Each position is in exactly its cell; the stance follows the evidence."""
        matrix = stance_matrix(positions)
        assert sum(cell.count for cell in matrix) == len(positions)
        for cell in matrix:
            stances = {p.stance for p in cell.evidence}
            assert all(
                (p.issue, p.actor) == (cell.issue, cell.actor) for p in cell.evidence
            )
            expected = (
                None if not stances
                else "mixed" if len(stances) == 2
                else stances.pop().value
            )  # fmt: skip
            assert cell.stance == expected
            assert cell.mark == MARKS[cell.stance]

    @given(position_lists, DATES, DATES)
    def test_window_is_a_filter(
        self, positions: list[Position], first: Published, last: Published
    ) -> None:
        """A windowed matrix is the matrix of the positions that overlap the window."""
        start, end = first.date, last.date
        if start is not None and end is not None and start > end:
            start, end = end, start
        low, high = start or datetime.date.min, end or datetime.date.max
        kept = [
            p
            for p in positions
            if p.date.range is not None
            and p.date.range[0] <= high
            and low <= p.date.range[1]
        ]
        if start is None and end is None:
            kept = positions
        windowed = stance_matrix(
            positions, issues=ISSUES, actors=ACTORS, start=start, end=end
        )
        plain = stance_matrix(kept, issues=ISSUES, actors=ACTORS)
        assert windowed.cells == plain.cells


class TestCommonGroundAndClashes:
    def test_example(self) -> None:
        """Same stance is common ground; opposite stances clash; mixed is neither."""
        agreements = common_ground(EXAMPLE, "Russia", "Ukraine")
        assert [(a.issue, a.stance) for a in agreements] == [
            ("neutrality", Stance.SUPPORTS)
        ]
        assert [p.actor for p in agreements[0].a_evidence] == ["Russia"]
        assert [p.actor for p in agreements[0].b_evidence] == ["Ukraine"]
        found = clashes(EXAMPLE, "Russia", "Ukraine")
        assert [(c.issue, c.a_stance, c.b_stance) for c in found] == [
            ("nato_membership", Stance.OPPOSES, Stance.SUPPORTS)
        ]

    def test_window(self) -> None:
        """Within 2022, Ukraine's ceasefire stance is not mixed, so it clashes."""
        found = clashes(EXAMPLE, "Russia", "Ukraine", end="2022-12-31")
        # Russia's only ceasefire position is undated, so it is out of the window.
        assert [c.issue for c in found] == ["nato_membership"]
        ukraine = [p for p in EXAMPLE if p.actor == "Ukraine"]
        russia_dated = [
            *ukraine,
            said("Russia", "ceasefire", "opposes", day("2022-04-01")),
        ]
        assert [
            c.issue
            for c in clashes(russia_dated, "Russia", "Ukraine", end="2022-12-31")
        ] == ["ceasefire"]

    def test_absent_actor(self) -> None:
        """An actor with no positions has no common ground and no clashes."""
        assert common_ground(EXAMPLE, "Turkey", "Russia") == []
        assert clashes(EXAMPLE, "Russia", "Turkey") == []

    def test_same_actor(self) -> None:
        """Comparing an actor with itself is an error that names both arguments."""
        with pytest.raises(
            ValueError, match="'a' and 'b' must be two different actors"
        ):
            common_ground(EXAMPLE, "Russia", "Russia")

    def test_swapped(self) -> None:
        """swapped() exchanges the sides and their evidence."""
        agreement = Agreement("neutrality", Stance.SUPPORTS, "A", "B", (), ())
        assert agreement.swapped().swapped() == agreement
        clash = Clash("neutrality", "A", "B", Stance.SUPPORTS, Stance.OPPOSES, (), ())
        assert clash.swapped().a == "B"
        assert clash.swapped().a_stance is Stance.OPPOSES

    @given(position_lists, st.sampled_from(ACTORS), st.sampled_from(ACTORS))
    def test_symmetry(self, positions: list[Position], a: str, b: str) -> None:
        """Swapping the actors swaps the sides of every agreement and clash."""
        if a == b:
            return
        assert common_ground(positions, a, b) == [
            x.swapped() for x in common_ground(positions, b, a)
        ]
        assert clashes(positions, a, b) == [
            x.swapped() for x in clashes(positions, b, a)
        ]

    @given(position_lists, st.sampled_from(ACTORS), st.sampled_from(ACTORS))
    def test_never_both(self, positions: list[Position], a: str, b: str) -> None:
        """An issue is never both common ground and a clash; both rest on the matrix."""
        if a == b:
            return
        agreed = {x.issue for x in common_ground(positions, a, b)}
        clashing = {x.issue for x in clashes(positions, a, b)}
        assert not agreed & clashing
        matrix = stance_matrix(positions, actors=[a, b])
        for x in common_ground(positions, a, b):
            assert matrix[x.issue, a].stance == matrix[x.issue, b].stance == x.stance
            assert x.a_evidence == matrix[x.issue, a].evidence
        for c in clashes(positions, a, b):
            assert {matrix[c.issue, a].stance, matrix[c.issue, b].stance} == {
                "supports",
                "opposes",
            }
        # Every issue where both sides hold one stance is in one of the two.
        definite = {
            issue
            for issue in matrix.issues
            if {matrix[issue, a].stance, matrix[issue, b].stance}
            <= {"supports", "opposes"}
        }
        assert agreed | clashing == definite


class TestStanceChanges:
    def test_flips_in_date_order(self) -> None:
        """A change is reported where the stance of one date differs from the last."""
        positions = [
            said("Ukraine", "neutrality", "supports", day("2022-03-29")),
            said("Ukraine", "neutrality", "opposes", day("2025-06-02")),
            said("Ukraine", "neutrality", "supports", day("2022-04-15")),
            said("Ukraine", "neutrality", "opposes"),  # undated: left out
            said("Russia", "ceasefire", "opposes", day("2022-03-29")),
            said("Russia", "ceasefire", "supports", day("2025-06-02")),
            said("Russia", "ceasefire", "opposes", day("2025-06-02")),
        ]
        changes = stance_changes(positions)
        assert [
            (c.actor, c.issue, c.before, c.after, c.since.label, c.on.label)
            for c in changes
        ] == [
            ("Russia", "ceasefire", "opposes", "mixed", "2022-03-29", "2025-06-02"),
            (
                "Ukraine",
                "neutrality",
                "supports",
                "opposes",
                "2022-04-15",
                "2025-06-02",
            ),
        ]
        assert len(changes[0].after_evidence) == 2
        assert [p.date.label for p in changes[1].before_evidence] == ["2022-04-15"]

    def test_filters(self) -> None:
        """actor= and issue= keep the changes of one actor or one issue."""
        positions = [
            said("Ukraine", "neutrality", "supports", day("2022-03-29")),
            said("Ukraine", "neutrality", "opposes", day("2025-06-02")),
            said("Russia", "neutrality", "opposes", day("2022-03-29")),
            said("Russia", "neutrality", "supports", day("2025-06-02")),
        ]
        assert [c.actor for c in stance_changes(positions, actor="Russia")] == [
            "Russia"
        ]
        assert stance_changes(positions, issue="ceasefire") == []

    def test_no_change(self) -> None:
        """A steady stance, or a single date, is no change."""
        positions = [
            said("Ukraine", "neutrality", "supports", day("2022-03-29")),
            said("Ukraine", "neutrality", "supports", day("2025-06-02")),
        ]
        assert stance_changes(positions) == []

    @given(position_lists, st.lists(small_positions, max_size=4))
    def test_laws(self, positions: list[Position], extra: list[Position]) -> None:
        """Changes flip the stance, go forward in time, and ignore undated positions."""
        changes = stance_changes(positions)
        for change in changes:
            assert change.before != change.after
            assert change.since.date is not None
            assert change.on.date is not None
            assert change.since.date <= change.on.date
            assert all(
                p.date == change.on or p.date.date == change.on.date
                for p in change.after_evidence
            )
        for key in {(c.actor, c.issue) for c in changes}:
            mine = [c for c in changes if (c.actor, c.issue) == key]
            assert all(
                x.on.date is not None
                and y.since.date is not None
                and x.on.date <= y.since.date
                for x, y in itertools.pairwise(mine)
            )
            assert all(x.after == y.before for x, y in itertools.pairwise(mine))
        undated = [attrs.evolve(p, date=Published()) for p in extra]
        assert stance_changes([*positions, *undated]) == changes


class TestConcessionOrHardening:
    def test_toward_the_counterpart(self) -> None:
        """Moving to the counterpart's stance is a concession, away a hardening."""
        positions = [
            said("Russia", "neutrality", "supports", day("2022-01-10")),
            said("Ukraine", "neutrality", "opposes", day("2022-02-01")),
            said("Ukraine", "neutrality", "supports", day("2022-03-29")),
            said("Ukraine", "neutrality", "opposes", day("2025-06-02")),
        ]
        kinds = [
            c.kind
            for c in stance_changes(positions, actor="Ukraine", counterpart="Russia")
        ]
        assert kinds == ["concession", "hardening"]

    def test_without_counterpart(self) -> None:
        """Without a counterpart (or before it has a stance) a change is a reversal."""
        positions = [
            said("Ukraine", "neutrality", "opposes", day("2022-02-01")),
            said("Ukraine", "neutrality", "supports", day("2022-03-29")),
            said("Russia", "neutrality", "supports", day("2022-06-01")),
        ]
        assert [c.kind for c in stance_changes(positions)] == ["reversal"]
        assert [c.kind for c in stance_changes(positions, counterpart="Russia")] == [
            "reversal"
        ]
