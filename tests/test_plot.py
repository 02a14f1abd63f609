"""Tests for `peacetalks.plot`: the charts draw what the data says."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

mpl.use("Agg")  # no display in tests

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle

import peacetalks as pt
from peacetalks.errors import MissingExtraError
from peacetalks.model import Position, Stance
from peacetalks.plot import plot_proposals, plot_stances, plot_timeline

DEMANDS = pt.datasets.sample().extract().demands
POSITIONS = pt.datasets.sample().extract().positions


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def dots(axis: Axes) -> list[PathCollection]:
    """The figures' markers of a dumbbell panel (not the gap bar or ranges)."""
    return [c for c in axis.collections if isinstance(c, PathCollection)]


def tick_texts(figure: Figure, axis: Axes, which: str = "x") -> list[str]:
    """The tick labels as drawn (the formatter runs at draw time)."""
    figure.canvas.draw()
    labels = axis.get_xticklabels() if which == "x" else axis.get_yticklabels()
    return [label.get_text() for label in labels]


def first_hex(colours: Any) -> str:
    """The first colour of a collection's colours (an N x 4 array), as #rrggbb."""
    return to_hex(colours[0])


def demand(actor: str, metric: str, value: float, bound: str = "exact") -> pt.Demand:
    return pt.Demand(actor, metric, pt.Quantity(value, bound=bound))


class TestProposals:
    def test_one_panel_per_metric(self) -> None:
        """Each metric with figures gets a panel titled with its unit."""
        figure = plot_proposals(DEMANDS, metrics=["troops", "tanks", "missile_range"])
        titles = [ax.get_title(loc="left") for ax in figure.axes]
        assert titles == ["troops (personnel)", "tanks (units)", "missile_range (km)"]

    def test_dots_are_the_figures(self) -> None:
        """The dots sit at each actor's latest figure."""
        figure = plot_proposals(DEMANDS, metrics="troops")
        (axis,) = figure.axes
        xs = sorted(
            float(x)
            for collection in dots(axis)
            for x in np.asarray(collection.get_offsets())[:, 0]
        )
        assert xs == [85000.0, 250000.0]

    def test_on_given_axes(self) -> None:
        """With ax=, it draws there and returns that figure."""
        figure, axis = plt.subplots()
        assert plot_proposals(DEMANDS, metrics="tanks", ax=axis) is figure

    def test_ax_for_one_metric_only(self) -> None:
        """ax= with several metrics is a ValueError that says what to do."""
        _, axis = plt.subplots()
        with pytest.raises(ValueError, match="metrics="):
            plot_proposals(DEMANDS, ax=axis)

    def test_reference_data(self) -> None:
        """The comparison helpers and charts work on the reference dataset."""
        figure = plot_proposals(pt.datasets.istanbul_2022(), metrics="troops")
        assert figure.axes[0].get_title(loc="left") == "troops (personnel)"

    @pytest.mark.parametrize("value", [157.0, 300e9, 20.0])
    def test_single_figure_is_a_labelled_point(self, value: float) -> None:
        """One figure has no scale: no ticks, a sane range, the value in a label.

        (Before, a prisoner count of 157 got an axis from 147.5 to 165 and
        $300bn an axis with a 1e11 offset.)
        """
        figure = plot_proposals([demand("Ukraine", "prisoner_exchange", value)])
        (axis,) = figure.axes
        low, high = axis.get_xlim()
        assert list(axis.get_xticks()) == []
        assert low <= value <= high
        assert low >= 0
        assert high <= 2 * value
        labels = [text.get_text() for text in axis.texts]
        assert labels == [f"Ukraine = {value:,.0f}"]
        assert axis.xaxis.get_offset_text().get_text() == ""

    @pytest.mark.parametrize(
        ("metric", "values"),
        [("troops", (85_000, 250_000)), ("frozen_assets", (2e11, 3e11))],
    )
    def test_thousands_separators(self, metric: str, values: tuple[float, ...]) -> None:
        """Axis numbers read 100,000 or 250,000,000,000, without a 1e11 offset."""
        figure = plot_proposals(
            [demand("Russia", metric, values[0]), demand("Ukraine", metric, values[1])]
        )
        (axis,) = figure.axes
        texts = [t for t in tick_texts(figure, axis) if t]
        assert texts
        assert all("," in t and "e" not in t.lower() for t in texts), texts
        assert axis.xaxis.get_offset_text().get_text() == ""

    def test_bounds_have_shapes_and_a_legend(self) -> None:
        """Caps, floors and estimates have their own markers, named in the legend."""
        figure = plot_proposals(
            [
                demand("Russia", "troops", 85_000, "max"),
                demand("Ukraine", "troops", 250_000, "min"),
                demand("United States", "troops", 150_000, "approx"),
            ]
        )
        (axis,) = figure.axes
        for collection, marker in zip(dots(axis), "<>D", strict=True):
            style = MarkerStyle(marker)
            expected = style.get_path().transformed(style.get_transform())
            assert np.allclose(collection.get_paths()[0].vertices, expected.vertices)
        (legend,) = figure.legends
        assert [t.get_text() for t in legend.get_texts()] == [
            "Russia",
            "Ukraine",
            "United States",
            "≤ a cap (at most)",
            "≥ a floor (at least)",
            "≈ about",
        ]

    def test_equal_figures_both_visible(self) -> None:
        """Two actors with the same figure are drawn apart, hollow, each labelled."""
        figure = plot_proposals(
            [
                demand("France", "foreign_force_size", 15_000, "max"),
                demand("United Kingdom", "foreign_force_size", 15_000, "max"),
                demand("Ukraine", "foreign_force_size", 100_000, "min"),
            ]
        )
        (axis,) = figure.axes
        points = {
            str(c.get_label()): tuple(np.asarray(c.get_offsets())[0])
            for c in dots(axis)
        }
        assert points["France"][0] == points["United Kingdom"][0] == 15_000
        assert points["France"][1] != points["United Kingdom"][1]
        assert all(first_hex(c.get_facecolor()) == "#ffffff" for c in dots(axis))
        assert sorted(t.get_text() for t in axis.texts) == [
            "≤ 15,000",
            "≤ 15,000",
            "≥ 100,000",
        ]


class TestTimeline:
    def test_lines_per_actor(self) -> None:
        """One line per actor with dated figures on the metric."""
        figure = plot_timeline(pt.datasets.proposals(), "troops")
        labels = sorted(str(line.get_label()) for line in figure.axes[0].get_lines())
        assert "Russia" in labels
        assert all(not label.startswith("_") for label in labels)

    def test_undated_left_out(self) -> None:
        """Undated figures draw nothing, and the chart says so."""
        undated = [pt.Demand("Russia", "troops", pt.Quantity(85000, unit="personnel"))]
        axis = plot_timeline(undated, "troops").axes[0]
        assert axis.get_lines() == []
        assert [t.get_text() for t in axis.texts] == ["no dated figures"]

    def test_steps_not_slopes(self) -> None:
        """A figure holds until the next: steps, and the axis label says so."""
        figure = plot_timeline(pt.datasets.proposals(), "troops")
        (axis,) = figure.axes
        assert {line.get_drawstyle() for line in axis.get_lines()} == {"steps-post"}
        assert "holds until" in axis.get_xlabel()
        texts = [t for t in tick_texts(figure, axis, "y") if t not in {"", "0"}]
        assert texts
        assert all("," in t for t in texts), texts


class TestStances:
    def test_cells(self) -> None:
        """One coloured cell per actor and issue with a stance, marked and counted."""
        positions = [
            Position("Russia", "neutrality", Stance.SUPPORTS),
            Position("Ukraine", "neutrality", Stance.SUPPORTS),
            Position("Ukraine", "nato_membership", Stance.OPPOSES),
            Position("Ukraine", "nato_membership", Stance.OPPOSES),
        ]
        axis = plot_stances(positions).axes[0]
        cells = [p for p in axis.patches if not p.get_label()]  # not the actor bands
        assert len(cells) == 3
        assert sorted(t.get_text() for t in axis.texts) == ["+1", "+1", "-2"]

    def test_issues_show_their_proposition(self) -> None:
        """Each row reads "issue: proposition", at most two lines."""
        positions = [Position("Russia", "occupied_territory", Stance.SUPPORTS)]
        axis = plot_stances(positions).axes[0]
        (label,) = [t.get_text() for t in axis.get_yticklabels()]
        assert label.startswith("occupied_territory: Russia keeps control")
        assert len(label.splitlines()) <= 2

    def test_unknown_issue_keeps_its_id(self) -> None:
        """An issue the lexicon does not know is labelled with its id alone."""
        lexicon = pt.Lexicon.from_dict(
            {
                "name": "t",
                "actors": [{"name": "A", "aliases": ["A"]}],
                "issues": [
                    {"id": "delimitation", "proposition": "the border is drawn"}
                ],
            }
        )
        matrix = pt.stance_matrix(
            [Position("A", "delimitation", Stance.SUPPORTS)], lexicon=lexicon
        )
        axis = plot_stances(matrix).axes[0]
        assert [t.get_text() for t in axis.get_yticklabels()] == ["delimitation"]

    def test_legend_and_counts_explained(self) -> None:
        """The legend names the colours; the caption says what the numbers count."""
        figure = plot_stances(POSITIONS)
        (legend,) = figure.legends
        assert [t.get_text() for t in legend.get_texts()] == [
            "+ supports",
            "- opposes",
            "± mixed",
        ]
        assert "how many positions" in figure.axes[0].get_xlabel()


class TestColours:
    def test_one_colour_per_actor_across_charts(self) -> None:
        """Ukraine and Russia have one colour each in all three charts."""
        proposals = plot_proposals(DEMANDS, metrics="troops").axes[0]
        timeline = plot_timeline(pt.datasets.proposals(), "troops").axes[0]
        stances = plot_stances(POSITIONS).axes[0]
        for actor in ("Russia", "Ukraine"):
            (dot,) = [c for c in dots(proposals) if c.get_label() == actor]
            (line,) = [
                line for line in timeline.get_lines() if line.get_label() == actor
            ]
            (band,) = [p for p in stances.patches if p.get_label() == actor]
            colours = {
                first_hex(dot.get_edgecolor()),
                to_hex(line.get_color()),
                to_hex(band.get_facecolor()),
            }
            assert len(colours) == 1, (actor, colours)

    def test_no_shared_colour_in_a_chart(self) -> None:
        """France comes after Russia in the lexicon's colours; with Russia it moves."""
        figure = plot_proposals(
            [
                demand("Russia", "troops", 85_000),
                demand("France", "troops", 15_000),
                demand("Ukraine", "troops", 250_000),
            ]
        )
        edges = [first_hex(c.get_edgecolor()) for c in dots(figure.axes[0])]
        assert len(set(edges)) == 3

    @given(
        st.lists(
            st.sampled_from(pt.Lexicon.default().actor_names),
            min_size=1,
            max_size=7,
            unique=True,
        )
    )
    def test_colours_law(self, actors: list[str]) -> None:
        """Seven actors or fewer get distinct colours; the first seven never move."""
        from peacetalks.plot import actor_colours

        alone = {
            name: actor_colours([name])[name]
            for name in pt.Lexicon.default().actor_names[:7]
        }
        colours = actor_colours(actors)
        assert sorted(colours) == sorted(actors)
        assert len(set(colours.values())) == len(actors)
        for actor in actors:
            if actor in alone:
                assert colours[actor] == alone[actor]


class TestNotebooks:
    def test_no_figure_left_open(self) -> None:
        """Every call returns its figure and leaves none open in pyplot.

        A figure left open is drawn a second time by a notebook after the
        cell (under the one the cell returns), and kept in memory by a loop.
        """
        plt.close("all")
        made = [
            plot_proposals(DEMANDS),
            plot_proposals(DEMANDS, metrics="troops"),
            plot_timeline(pt.datasets.proposals(), "troops"),
            plot_stances(POSITIONS),
        ] * 2
        assert all(isinstance(figure, Figure) for figure in made)
        assert plt.get_fignums() == []

    def test_given_axes_make_no_figure(self) -> None:
        """With ax=, the caller's figure is the only one."""
        plt.close("all")
        figure, axis = plt.subplots()
        plot_timeline(pt.datasets.proposals(), "troops", ax=axis)
        assert plt.get_fignums() == [figure.number]

    def test_returned_figure_still_draws(self, tmp_path: object) -> None:
        """A figure pyplot forgot can still be saved (and shown by IPython)."""
        figure = plot_stances(POSITIONS)
        figure.canvas.draw()
        assert figure.canvas.get_width_height()[0] > 0


def test_missing_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the error names the plot extra."""
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"peacetalks\[plot\]"):
        plot_proposals(DEMANDS)


class TestLaws:
    @given(st.floats(min_value=-1e13, max_value=1e13, allow_nan=False))
    def test_tick_reads_back(self, value: float) -> None:
        """An axis number reads back as the value to two decimals, no exponent."""
        from peacetalks.plot import _tick

        text = _tick(value)
        assert "e" not in text.lower()
        assert float(text.replace(",", "")) == round(value, 2) + 0.0

    @given(
        st.lists(
            st.floats(min_value=0, max_value=1e9, allow_nan=False),
            min_size=1,
            max_size=8,
        )
    )
    def test_close_figures_never_share_a_row(self, values: list[float]) -> None:
        """Two markers on one row of a panel are at least a tenth of it apart."""
        from peacetalks.plot import _CROWDED, _levels

        span = (max(values) - min(values)) or 1.0
        levels = _levels(values, span)
        for a in range(len(values)):
            for b in range(a + 1, len(values)):
                if levels[a] == levels[b]:
                    assert abs(values[a] - values[b]) >= _CROWDED * span
