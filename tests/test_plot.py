"""Tests for `peacetalks.plot`: the charts draw what the data says."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")  # no display in tests

import matplotlib.pyplot as plt
from matplotlib.collections import PathCollection

import peacetalks as pt
from peacetalks.errors import MissingExtraError
from peacetalks.model import Position, Stance
from peacetalks.plot import plot_proposals, plot_stances, plot_timeline

DEMANDS = pt.datasets.sample().extract().demands


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


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
            for collection in axis.collections
            if isinstance(collection, PathCollection)  # the dots, not the bar
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


class TestStances:
    def test_cells(self) -> None:
        """One coloured cell per actor and issue with a stance."""
        positions = [
            Position("Russia", "neutrality", Stance.SUPPORTS),
            Position("Ukraine", "neutrality", Stance.SUPPORTS),
            Position("Ukraine", "nato_membership", Stance.OPPOSES),
        ]
        figure = plot_stances(positions)
        axis = figure.axes[0]
        assert len(axis.patches) == 3
        assert [t.get_text() for t in axis.get_yticklabels()] == [
            "nato_membership",
            "neutrality",
        ] or [t.get_text() for t in axis.get_yticklabels()] == [
            "neutrality",
            "nato_membership",
        ]


def test_missing_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the error names the plot extra."""
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"peacetalks\[plot\]"):
        plot_proposals(DEMANDS)
