"""Fuzz the loaders and extraction with atheris, for as long as you like.

Run on demand (not part of the tests; atheris is not a dependency):

    pip install atheris
    python benchmarks/fuzz_atheris.py --seeds corpus/ -max_len=4096 -max_total_time=600

Each input is written as a file of every suffix `peacetalks.load` reads and
loaded, read as findings, gold and a lexicon, and its text extracted.  Only
`peacetalks.PeacetalksError` may escape a reader, nothing may escape
extraction, and the spans that extraction, `find_quantities` and
`split_sentences` return must quote the text: any other exception or a
failed check is a crash atheris reports with the input (saved as
``crash-<sha1>``; run the script with that file as its argument to replay it).

peacetalks is imported under `atheris.instrument_imports`, so libFuzzer is
guided by coverage of the package's Python code (without it the fuzzer
would mutate blindly).  Arguments other than ``--seeds`` go to libFuzzer
through atheris: folders are corpora (new inputs are saved in the first),
``-max_len=N`` caps an input's size, ``-max_total_time=S`` or
``-atheris_runs=N`` stop the run.  ``-print_final_stats=1`` is added unless
given, so the run ends with its total executions and executions per second.

``--seeds`` writes small real inputs (the bundled sample's articles cut to
2,000 characters and its sidecar, the articles as JSON Lines, findings
extracted from one as JSON Lines and CSV, a gold file and a lexicon from
the tests' fixtures) to a fresh temporary folder and adds it as a corpus,
so that the fuzzer starts from inputs that reach deep into each reader.
Without atheris installed the script says so and exits with status 0.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any


def _atheris() -> Any:
    """The atheris module, or None if it is not installed."""
    try:
        # optional and untyped: imported by name, so mypy needs no stubs
        return importlib.import_module("atheris")
    except ImportError:
        return None


ATHERIS = _atheris()

# Coverage guidance needs the package's bytecode instrumented as it is
# imported: everything of peacetalks is imported inside this block.  The
# "RegEx" hook stays off: its pattern proxy drops the pos/endpos arguments
# that extraction passes to `search` and `match`, a crash of the harness.
with (
    ATHERIS.instrument_imports(include=["peacetalks"])
    if ATHERIS is not None
    else contextlib.nullcontext()
):
    import peacetalks as pt
    from peacetalks.datasets import sample_path
    from peacetalks.evaluate import read_gold
    from peacetalks.extract.sentences import split_sentences
    from peacetalks.findings import read_records
    from peacetalks.io.loader import READERS

FOLDER = Path(tempfile.mkdtemp(prefix="peacetalks-atheris-"))
EXTRACTOR = pt.RuleExtractor()
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
#: Seeds are cut to this many characters: small inputs run many times faster.
SEED_CHARS = 2_000


def _check_extraction(text: str) -> None:
    """Extract ``text``; every span returned must quote it exactly."""
    for finding in EXTRACTOR.extract(pt.Article(text=text)):
        evidence = finding.evidence
        if evidence is not None:
            assert text[evidence.start : evidence.end] == evidence.quote, evidence
    for found in pt.find_quantities(text):
        assert text[found.start : found.end] == found.text, found
    end = 0
    for sentence in split_sentences(text):
        assert sentence.start >= end, sentence
        assert text[sentence.start : sentence.end] == sentence.text, sentence
        end = sentence.end


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
    for kind in (pt.Article, pt.Demand, pt.Position):
        with contextlib.suppress(pt.PeacetalksError):
            pt.loads(data, kind)
    _check_extraction(text)


def _head(text: str, limit: int = SEED_CHARS) -> str:
    """The whole lines of ``text`` that fit in ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit) + 1]


def _header(block: str) -> str:
    """The array a ``[[array]]`` block of a TOML file belongs to."""
    return block.split("]]", 1)[0]


def _small_lexicon(toml: str) -> str:
    """``toml`` cut to a valid lexicon with about one table of each array."""
    blocks = ("\n" + toml).split("\n[[")
    kept = list(blocks)
    for block in blocks[1:]:
        trial = [other for other in kept if other is not block]
        if _header(block) not in {_header(other) for other in trial[1:]}:
            continue  # the last table of its array
        with contextlib.suppress(pt.PeacetalksError):
            pt.Lexicon.from_dict(tomllib.loads("\n[[".join(trial)))
            kept = trial
    return "\n[[".join(kept).lstrip("\n")


def write_seeds(folder: Path) -> None:
    """Write small real inputs of every kind the harness reads to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = sorted(sample_path().glob("*.txt"))
    for path in articles:
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(_head(text), encoding="utf-8")
    metadata = sample_path() / "metadata.json"
    (folder / "metadata.json").write_bytes(metadata.read_bytes())
    corpus = pt.load(folder / articles[0].name)
    pt.save(corpus, folder / "articles.jsonl")
    findings = list(EXTRACTOR.extract(corpus[0]))[:3]
    for suffix in (".jsonl", ".csv"):
        pt.save_findings(findings, folder / f"findings{suffix}")
    gold = FIXTURES / "gold" / "small.jsonl"
    (folder / "gold.jsonl").write_bytes(gold.read_bytes())
    lexicon = (FIXTURES / "lexicons" / "gaza.toml").read_text(encoding="utf-8")
    (folder / "lexicon.toml").write_text(_small_lexicon(lexicon), encoding="utf-8")


def _arguments(argv: list[str]) -> list[str]:
    """libFuzzer's arguments: ``--seeds`` made a corpus, final stats on."""
    args = list(argv)
    if "--seeds" in args:
        args.remove("--seeds")
        seeds = Path(tempfile.mkdtemp(prefix="peacetalks-seeds-"))
        write_seeds(seeds)
        print(f"seed corpus: {seeds}", file=sys.stderr)
        args.append(str(seeds))
    if not any(arg.startswith("-print_final_stats=") for arg in args):
        args.append("-print_final_stats=1")
    return args


def main() -> int:
    """Run atheris on `one_input`, or explain how to install it."""
    if ATHERIS is None:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 0
    ATHERIS.Setup(_arguments(sys.argv), one_input)
    ATHERIS.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
