"""Fuzz the loaders and extraction with atheris, for as long as you like.

Run on demand (not part of the tests; atheris is not a dependency):

    pip install atheris
    python benchmarks/fuzz_atheris.py -atheris_runs=100000

Each input is written as a file of every suffix `peacetalks.load` reads and
loaded, read as findings, gold and a lexicon, and its text extracted.  Only
`peacetalks.PeacetalksError` may escape a reader, nothing may escape
extraction: any other exception is a crash atheris reports with the input.
Without atheris installed the script says so and exits with status 0.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import peacetalks as pt
from peacetalks.evaluate import read_gold
from peacetalks.extract.sentences import split_sentences
from peacetalks.findings import read_records
from peacetalks.io.loader import READERS

FOLDER = Path(tempfile.mkdtemp(prefix="peacetalks-atheris-"))
EXTRACTOR = pt.Extractor()


def one_input(data: bytes) -> None:
    """Feed one input to every reader and to extraction."""
    for suffix in READERS:
        path = FOLDER / f"fuzz{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(pt.PeacetalksError):
            pt.load(path)
    for suffix, readers in (
        (".jsonl", (pt.load_findings, read_records, read_gold)),
        (".csv", (pt.load_findings, read_records)),
        (".toml", (pt.Lexicon.from_toml,)),
    ):
        path = FOLDER / f"fuzz{suffix}"
        path.write_bytes(data)
        for read in readers:
            with contextlib.suppress(pt.PeacetalksError):
                read(path)
    text = data.decode("utf-8", "replace")
    with contextlib.suppress(pt.PeacetalksError):
        pt.loads(data, pt.Article)
    EXTRACTOR.extract(pt.Article(text=text))
    pt.find_quantities(text)
    split_sentences(text)


def main() -> int:
    """Run atheris on `one_input`, or explain how to install it."""
    try:
        # optional and untyped: imported by name, so mypy needs no stubs
        atheris: Any = importlib.import_module("atheris")
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 0
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
