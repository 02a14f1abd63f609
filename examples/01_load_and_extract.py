"""Load the bundled sample and extract the positions and demands it reports.

The first part of the story that the four examples tell: five news
articles on the Russia-Ukraine talks ship with peacetalks. This script loads
them, lists them, runs extraction, prints what each article says (an actor's
stance on an issue, or a figure it puts on the table, each with its quote),
and saves the findings twice: as a lossless findings file that
`peacetalks.load_findings` reads back, and as flat records for a
spreadsheet.

Run it from the repository root::

    python examples/01_load_and_extract.py [OUTPUT_FOLDER]

The files go into OUTPUT_FOLDER (created if needed), or into a new
temporary folder whose path is printed. Nothing else is needed beyond
peacetalks itself.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

import peacetalks as pt
from peacetalks.findings import describe


def shorten(text: str, width: int = 72) -> str:
    """Cut ``text`` to ``width`` characters, with an ellipsis if cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


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
    """Load, extract, print and save."""
    folder = output_folder(argv)

    # -- 1. The articles -----------------------------------------------------------
    corpus = pt.datasets.sample()
    print(corpus)
    print()
    print(f"{'#':>2}  {'date':<10}  {'outlet':<16}  title")
    for number, article in enumerate(corpus, start=1):
        outlet = article.outlet or "-"
        title = shorten(article.title or "", 56)
        print(f"{number:>2}  {article.published.label:<10}  {outlet:<16}  {title}")

    # -- 2. Extraction -------------------------------------------------------------
    findings = corpus.extract()
    print()
    print(findings)
    counts = Counter(f.evidence.article_id for f in findings if f.evidence is not None)
    for article in corpus:
        print(f"  {article.outlet or article.id:<16}  {counts[article.id]:>3} findings")

    # Positions: who supports or opposes what, each with the sentence it
    # rests on. The Business Insider report leads with Ukraine's offer.
    insider = corpus.filter(outlet="Business Insider")[0]
    print()
    print(f"Ukraine's positions in {insider.outlet} ({insider.published.label}):")
    ukraine = findings.filter(type="position", actor="Ukraine", article=insider.id)
    for position in ukraine[:4]:
        print(f"  {describe(position)}")
        if position.evidence is not None:
            print(f'    "{shorten(position.evidence.quote)}"')

    # Demands: the figures each side puts on the table.
    print()
    print("Demands (figures put on the table):")
    for demand in findings.demands:
        print(f"  {describe(demand)}")
        if demand.evidence is not None:
            print(f'    "{shorten(demand.evidence.quote)}"')

    # How many positions each actor takes, most first.
    print()
    print("Positions by actor:")
    by_actor = Counter(p.actor for p in findings.positions)
    for actor, count in by_actor.most_common():
        print(f"  {actor:<16} {count:>3}")

    # -- 3. Save -------------------------------------------------------------------
    # A findings file keeps every field (dates, evidence offsets, producer)
    # and reads back equal; records are one flat row per finding.
    native = folder / "findings.jsonl"
    records = folder / "findings-records.csv"
    findings.save(native)
    findings.save_records(records)
    again = pt.load_findings(native)
    print()
    print(f"wrote {len(findings)} findings to {native}")
    print(f"read back equal: {again == list(findings)}")
    print(f"wrote {len(findings.to_records())} records to {records}")


if __name__ == "__main__":
    main()
