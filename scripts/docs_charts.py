"""Draw the chart screenshots of the docs (docs/images/*.png) from bundled data.

Run from the repository root after changing `peacetalks.plot`::

    python scripts/docs_charts.py

The charts are drawn from the bundled sample (`peacetalks.datasets.sample`)
and, for the timeline, the bundled reference figures
(`peacetalks.datasets.proposals`), whose figures have several dates.
"""

from __future__ import annotations

import pathlib

import matplotlib as mpl

mpl.use("Agg")

import peacetalks as pt
from peacetalks.plot import plot_proposals, plot_stances, plot_timeline

IMAGES = pathlib.Path(__file__).resolve().parent.parent / "docs" / "images"


def main() -> None:
    """Write proposals.png, stances.png and timeline.png into docs/images."""
    findings = pt.datasets.sample().extract()
    charts = {
        "proposals.png": plot_proposals(findings),
        "stances.png": plot_stances(findings.positions),
        "timeline.png": plot_timeline(pt.datasets.proposals(), "troops"),
    }
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, figure in charts.items():
        figure.savefig(IMAGES / name, dpi=72, metadata={"Software": None})
        print(IMAGES / name)


if __name__ == "__main__":
    main()
