"""Fuzzing: arbitrary bytes and text raise only the library's documented errors.

Readers may raise a `peacetalks.PeacetalksError` (``LoadError`` and its
subclasses for a bad file); ``Lexicon.from_toml`` documents ``OSError`` as
well.  Extraction and the text functions never raise at all.  Example
counts are kept small so this module runs in a few seconds; the atheris
harness in ``benchmarks/fuzz_atheris.py`` fuzzes the same entry points for
as long as you like (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks.evaluate import read_gold
from peacetalks.extract.sentences import split_sentences
from peacetalks.findings import read_records
from peacetalks.io.loader import READERS

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

#: Text with what hostile input is made of: control characters, RTL and
#: zero-width marks, quotes, separators, huge numbers.
_ODD = st.sampled_from(
    [
        "\x00",
        "\x1b",
        "\u200f",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\u2028",
        "\r\n",
        '"',
        "\u201c",
        "\u201d",
        "'s",
        ",",
        "-",
        "\u2013",
        "9" * 400,
        "1e308",
        "10" + "0" * 40 + " troops",
        "Russia",
        "Kyiv",
        " demanded ",
        " km",
        "up to ",
        "between ",
        " and ",
        "{",
        "}",
        "[",
        '":"',
        "\t",
        "\n",
        "---\n",
        "<p>",
        "</",
    ]
)
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(_ODD, st.text(max_size=5)), max_size=40).map("".join),
)
DATA = st.one_of(st.binary(), TEXT.map(lambda text: text.encode("utf-8", "replace")))


def _only_documented(read: Callable[[Path], object], path: Path) -> None:
    with contextlib.suppress(pt.PeacetalksError):
        read(path)


@pytest.fixture(scope="module")
def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="peacetalks-fuzz-"))


class TestReaders:
    """Any file content gives data or a documented error, nothing else."""

    @FUZZ
    @given(data=DATA, suffix=st.sampled_from(sorted(READERS)))
    def test_load(self, folder: Path, data: bytes, suffix: str) -> None:
        """`pt.load` and `pt.iter_articles` raise only `PeacetalksError`."""
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        _only_documented(pt.load, path)
        _only_documented(lambda p: list(pt.iter_articles(p)), path)

    @FUZZ
    @given(data=DATA, suffix=st.sampled_from(sorted(READERS)))
    def test_collecting_loader_never_raises(
        self, folder: Path, data: bytes, suffix: str
    ) -> None:
        """A ``Loader(errors="collect")`` reports bad files instead of raising."""
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        corpus = pt.Loader(errors="collect").load(path)
        assert len(corpus) >= 0

    @FUZZ
    @given(data=DATA, suffix=st.sampled_from([".json", ".jsonl", ".csv"]))
    def test_findings_readers(self, folder: Path, data: bytes, suffix: str) -> None:
        """`load_findings`, `read_records`, `Findings.load`, `read_gold` too."""
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        _only_documented(pt.load_findings, path)
        _only_documented(read_records, path)
        _only_documented(pt.Findings.load, path)
        _only_documented(read_gold, path)

    @FUZZ
    @given(data=DATA)
    def test_lexicon_from_toml(self, folder: Path, data: bytes) -> None:
        """`Lexicon.from_toml` raises only `PeacetalksError` (or OSError)."""
        path = folder / "fuzz.toml"
        path.write_bytes(data)
        _only_documented(pt.Lexicon.from_toml, path)

    @FUZZ
    @given(text=TEXT, kind=st.sampled_from([pt.Article, pt.Demand, pt.Position]))
    def test_loads(self, text: str, kind: type) -> None:
        """`pt.loads` of any text raises only `PeacetalksError`."""
        with contextlib.suppress(pt.PeacetalksError):
            pt.loads(text, kind)


_EXTRACTOR = pt.RuleExtractor()


class TestExtraction:
    """Extraction reads any text without raising."""

    @FUZZ
    @given(text=TEXT)
    def test_extract(self, text: str) -> None:
        """`Extractor.extract` returns findings whose evidence is in the text."""
        for finding in _EXTRACTOR.extract(pt.Article(text=text)):
            evidence = finding.evidence
            if evidence is not None:
                assert text[evidence.start : evidence.end] == evidence.quote

    @FUZZ
    @given(text=TEXT)
    def test_find_quantities(self, text: str) -> None:
        """`find_quantities` finds spans of the text itself."""
        for found in pt.find_quantities(text):
            assert text[found.start : found.end] == found.text

    @FUZZ
    @given(text=TEXT)
    def test_split_sentences(self, text: str) -> None:
        """`split_sentences` gives in-order spans that quote the text exactly."""
        end = 0
        for sentence in split_sentences(text):
            assert sentence.start >= end
            assert text[sentence.start : sentence.end] == sentence.text
            end = sentence.end
