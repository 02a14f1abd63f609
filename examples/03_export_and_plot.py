"""Export the sample's findings as tables and files, and draw them as charts.

The third part of the story: what was extracted from the bundled sample and
compared in the first two examples leaves peacetalks as pandas data frames,
CSV and JSON Lines files, and three charts: a dumbbell chart of the
proposals (each side's figure on troops, tanks and missile range, and the
gap between them), the issue-by-actor stance matrix, and the troop caps
proposed from 2022 to 2026 over time.

Run it from the repository root::

    python examples/03_export_and_plot.py [OUTPUT_FOLDER]

The files go into OUTPUT_FOLDER (created if needed), or into a new
temporary folder whose path is printed. It needs the ``pandas`` and
``plot`` extras: ``pip install 'peacetalks[pandas,plot]'``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import matplotlib as mpl

import peacetalks as pt
from peacetalks.plot import plot_proposals, plot_stances, plot_timeline

# Draw to files only: no window, no display needed.
mpl.use("Agg")


def output_folder(argv: list[str] | None = None) -> Path:
    """The folder named on the command line, or a new temporary one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output", nargs="?", type=Path, help="where to write (default: a temp dir)"
    )
    folder: Path | None = parser.parse_args(argv).output
    if folder is None:
        return Path(tempfile.mkdtemp(prefix="peacetalks-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(argv: list[str] | None = None) -> None:
    """Build the data frames, write the files, draw the charts."""
    folder = output_folder(argv)
    corpus = pt.datasets.sample()
    findings = corpus.extract()

    # -- 1. Data frames ------------------------------------------------------------
    articles = corpus.to_pandas()
    print(f"articles: {articles.shape[0]} rows x {articles.shape[1]} columns")
    print(articles[["outlet", "published"]].to_string())

    demands = findings.filter(type="demand").to_pandas()
    columns = ["actor", "metric", "value", "unit", "bound"]
    print()
    print(f"demands: {len(demands)} rows")
    print(demands[columns].sort_values(["metric", "actor"]).to_string(index=False))

    table = pt.proposals_table(findings).to_pandas()
    print()
    print("proposals table:")
    print(table.to_string(float_format=lambda value: f"{value:,.2f}"))

    matrix = pt.stance_matrix(findings.positions, actors=["Russia", "Ukraine"])
    stances = matrix.to_pandas()
    print()
    print(f"stance matrix: {stances.shape[0]} issues x {stances.shape[1]} actors")
    counts = stances.apply(lambda column: column.value_counts()).fillna(0)
    print(counts.astype(int).to_string())

    # -- 2. Files ------------------------------------------------------------------
    # Flat records, one per finding: CSV for spreadsheets, JSON Lines for code.
    written: list[Path] = []
    for name in ("findings.csv", "findings.jsonl"):
        findings.save_records(folder / name)
        written.append(folder / name)
    # The proposals table as CSV, straight from pandas.
    table.to_csv(folder / "proposals.csv")
    written.append(folder / "proposals.csv")
    # The corpus itself, which `pt.load` reads back.
    corpus.save(folder / "sample.jsonl")
    written.append(folder / "sample.jsonl")
    print()
    print(f"read back: {pt.load(folder / 'sample.jsonl') == corpus}")

    # -- 3. Charts -----------------------------------------------------------------
    charts = {
        "proposals.svg": plot_proposals(
            findings, metrics=["troops", "tanks", "missile_range"]
        ),
        "stances.png": plot_stances(findings.positions),
        "troops-timeline.svg": plot_timeline(pt.datasets.proposals(), "troops"),
    }
    for name, figure in charts.items():
        # "tight" keeps long titles and labels inside the saved image.
        figure.savefig(folder / name, bbox_inches="tight")
        written.append(folder / name)

    print()
    print(f"wrote {len(written)} files to {folder}:")
    for path in written:
        print(f"  {path.name:<20} {path.stat().st_size:>8,} bytes")


if __name__ == "__main__":
    main()
