"""Tests for peacetalks.io: native formats, atomic writes and sniffing."""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Article,
    Corpus,
    DecodeError,
    Demand,
    DuplicateIdError,
    Evidence,
    Finding,
    FormatError,
    LoadError,
    PeacetalksError,
    Position,
    Producer,
    Published,
    Quantity,
    SchemaVersionError,
    ValidationError,
    WriteError,
)
from peacetalks.io.atomic import atomic_write
from peacetalks.io.native import format_of, sniff_kind
from peacetalks.serialize import columns
from tests.strategies import corpora, findings

FORMATS = ["json", "jsonl", "csv"]

T = TypeVar("T")

#: Writing files is slow: fewer examples, no deadline.
#: Writing files is slow: fewer examples, no deadline, and no shrinking (the
#: in-memory properties in test_serialize.py shrink the same failures fast).
file_settings = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def small_corpus() -> Corpus:
    """Two articles with awkward text, one dated and one not."""
    return Corpus(
        [
            Article(
                title='Talks, "again"',
                text="Line one,\r\nline two;\ttab é\x00",
                outlet="Fox News",
                authors=["A, B"],
                published=Published("20220329", datetime.date(2022, 3, 29), "day"),
                path="x/y.txt",
                extra={"n": [1, 2.5, None], "ok": True},
            ),
            Article(title="Second", text="Body", url="https://example.org/2"),
        ]
    )


def some_findings() -> list[Finding]:
    """A position with evidence, one without, and two demands."""
    article = small_corpus()[0]
    return [
        Position(
            "Ukraine",
            "nato_membership",
            "opposes",
            act="offer",
            evidence=article.evidence(0, 8),
            producer=Producer("peacetalks.extract", "0.1.0"),
        ),
        Position("Russia", "neutrality", "supports", confidence=0.5),
        Demand(
            "Russia",
            "troops",
            Quantity(85_000, unit="personnel", bound="max"),
            target="Ukraine",
            evidence=article.evidence(5, 5),
        ),
        Demand("Ukraine", "troops", Quantity(low=200_000, high=250_000)),
    ]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class TestFormatOf:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("a.json", "json"),
            ("a.jsonl", "jsonl"),
            ("a.ndjson", "jsonl"),
            ("a.csv", "csv"),
            ("A.JSONL", "jsonl"),
            ("dir.json/a.CSV", "csv"),
        ],
    )
    def test_suffix(self, value: str, expected: str) -> None:
        """The format comes from the suffix, case-insensitively."""
        assert format_of(value) == expected

    @pytest.mark.parametrize(
        ("path", "fmt", "expected"),
        [("a.dat", "csv", "csv"), ("a.json", "jsonl", "jsonl"), ("a", "json", "json")],
    )
    def test_override(self, path: str, fmt: str, expected: str) -> None:
        """An explicit format wins over the suffix."""
        assert format_of(path, fmt) == expected

    @pytest.mark.parametrize(
        ("path", "fmt"),
        [("a.txt", None), ("a", None), ("a.json.gz", None), ("a.json", "xml"),
         ("a.json", "ndjson")],
    )  # fmt: skip
    def test_unknown(self, path: str, fmt: str | None) -> None:
        """An unknown format is a FormatError naming the file."""
        with pytest.raises(FormatError, match="supported: csv, json, jsonl") as info:
            format_of(path, fmt)

        assert info.value.path == path

    def test_save_unknown_suffix(self, tmp_path: Path) -> None:
        """Saving to an unknown suffix fails and writes nothing."""
        with pytest.raises(FormatError):
            pt.save(small_corpus(), tmp_path / "corpus.txt")

        assert _files(tmp_path) == []


class TestArticlesRoundTrip:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_small_corpus(self, tmp_path: Path, fmt: str) -> None:
        """A corpus survives every format unchanged, and so do its bytes."""
        corpus = small_corpus()
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"

        corpus.save(first)
        loaded = Corpus.load(first)
        loaded.save(second)

        assert loaded == corpus
        assert first.read_bytes() == second.read_bytes()
        assert pt.load(first) == corpus

    @pytest.mark.parametrize("fmt", FORMATS)
    @file_settings
    @given(corpus=corpora())
    def test_any_corpus(self, fmt: str, corpus: Corpus) -> None:
        """Any corpus survives every format unchanged, byte-stably."""
        with tempfile.TemporaryDirectory() as folder:
            first, second = Path(folder, f"a.{fmt}"), Path(folder, f"b.{fmt}")
            pt.save(corpus, first)
            loaded = pt.load(first)
            pt.save(loaded, second)

            assert loaded == corpus
            assert first.read_bytes() == second.read_bytes()
            assert _files(Path(folder)) == sorted([first.name, second.name])

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_empty_corpus(self, tmp_path: Path, fmt: str) -> None:
        """An empty corpus is written and read back as empty."""
        path = tmp_path / f"empty.{fmt}"

        pt.save(Corpus(), path)

        assert pt.load(path) == Corpus()

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_sample(self, tmp_path: Path, fmt: str) -> None:
        """The bundled sample survives every format unchanged."""
        path = tmp_path / f"sample.{fmt}"

        pt.datasets.sample().save(path)

        assert pt.load(path) == pt.datasets.sample()

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_format_override(self, tmp_path: Path, fmt: str) -> None:
        """format= writes and reads a file whatever its suffix."""
        path = tmp_path / "corpus.dat"

        pt.save(small_corpus(), path, format=fmt)

        assert pt.load(path, format=fmt) == small_corpus()
        assert path.read_bytes() == _bytes_of(small_corpus(), fmt, tmp_path)

    def test_save_accepts_any_iterable(self, tmp_path: Path) -> None:
        """save takes any iterable of articles, a generator included."""
        path = tmp_path / "a.jsonl"

        pt.save((a for a in small_corpus()), path)

        assert pt.load(path) == small_corpus()

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_loads_as_written_suffix_case(self, tmp_path: Path, fmt: str) -> None:
        """Upper-case suffixes name the same formats."""
        path = tmp_path / f"a.{fmt.upper()}"

        pt.save(small_corpus(), path)

        assert pt.load(path) == small_corpus()


def _bytes_of(items: Any, fmt: str, folder: Path) -> bytes:
    path = folder / f"reference.{fmt}"
    pt.save(items, path)
    data = path.read_bytes()
    path.unlink()
    return data


class TestLayouts:
    def test_json(self, tmp_path: Path) -> None:
        """A JSON document holds the schema version and the records, indented."""
        path = tmp_path / "a.json"
        pt.save(small_corpus(), path)
        text = path.read_text(encoding="utf-8")

        document = json.loads(text)
        assert list(document) == ["schema_version", "articles"]
        assert document["schema_version"] == pt.SCHEMA_VERSION
        assert len(document["articles"]) == 2
        assert text.startswith('{\n  "schema_version": 1,\n  "articles": [\n')
        assert text.endswith("}\n")
        assert "é" in text

    def test_jsonl(self, tmp_path: Path) -> None:
        """JSON Lines has a header line, then one compact record a line."""
        path = tmp_path / "a.jsonl"
        pt.save(small_corpus(), path)
        lines = path.read_bytes().split(b"\n")

        assert lines[0] == b'{"schema_version": 1}'
        assert lines[-1] == b""
        assert len(lines) == 4
        assert json.loads(lines[1])["title"] == 'Talks, "again"'
        assert b"\r" not in path.read_bytes()

    def test_csv(self, tmp_path: Path) -> None:
        """A CSV table has a header of the columns and CRLF line ends."""
        path = tmp_path / "a.csv"
        pt.save(small_corpus(), path)
        data = path.read_bytes()

        header = data.split(b"\r\n", 1)[0].decode()
        assert header.split(",") == [c.name for c in columns(Article)]
        assert data.endswith(b"\r\n")

    def test_findings_csv_has_type_column(self, tmp_path: Path) -> None:
        """A findings table starts with a type column and has every column once."""
        path = tmp_path / "f.csv"
        pt.save_findings(some_findings(), path)
        header = path.read_bytes().split(b"\r\n", 1)[0].decode().split(",")

        assert header[0] == "type"
        assert len(header) == len(set(header))
        assert set(header) == {"type"} | {
            c.name for cls in (Position, Demand) for c in columns(cls)
        }

    def test_json_findings_key(self, tmp_path: Path) -> None:
        """A findings document keeps its records under "findings"."""
        path = tmp_path / "f.json"
        pt.save_findings(some_findings(), path)

        document = json.loads(path.read_text(encoding="utf-8"))
        assert list(document) == ["schema_version", "findings"]
        assert [f["type"] for f in document["findings"]] == [
            "position",
            "position",
            "demand",
            "demand",
        ]


class TestFindingsRoundTrip:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_some_findings(self, tmp_path: Path, fmt: str) -> None:
        """Positions and demands survive every format unchanged, byte-stably."""
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"

        pt.save_findings(some_findings(), first)
        loaded = pt.load_findings(first)
        pt.save_findings(loaded, second)

        assert loaded == some_findings()
        assert first.read_bytes() == second.read_bytes()

    @pytest.mark.parametrize("fmt", FORMATS)
    @file_settings
    @given(items=st.lists(findings(), max_size=4))
    def test_any_findings(self, fmt: str, items: list[Finding]) -> None:
        """Any list of findings survives every format unchanged, byte-stably."""
        with tempfile.TemporaryDirectory() as folder:
            first, second = Path(folder, f"a.{fmt}"), Path(folder, f"b.{fmt}")
            pt.save_findings(items, first)
            loaded = pt.load_findings(first)
            pt.save_findings(loaded, second)

            assert loaded == items
            assert [type(f) for f in loaded] == [type(f) for f in items]
            assert first.read_bytes() == second.read_bytes()

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_evidence_matches_after_loading(self, tmp_path: Path, fmt: str) -> None:
        """Evidence read back still quotes the article read back exactly."""
        pt.save(small_corpus(), tmp_path / f"a.{fmt}")
        pt.save_findings(some_findings(), tmp_path / f"f.{fmt}")
        corpus = pt.load(tmp_path / f"a.{fmt}")

        quoted = [f for f in pt.load_findings(tmp_path / f"f.{fmt}") if f.evidence]
        assert len(quoted) == 2
        for finding in quoted:
            assert finding.evidence is not None
            assert finding.evidence.matches(corpus.article(finding.evidence.article_id))

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_articles_are_not_findings(self, tmp_path: Path, fmt: str) -> None:
        """Reading an articles file as findings is a ValidationError."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)

        with pytest.raises(ValidationError) as info:
            pt.load_findings(path)

        assert info.value.path == str(path)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_findings_are_not_articles(self, tmp_path: Path, fmt: str) -> None:
        """Reading a findings file as articles is a ValidationError."""
        path = tmp_path / f"f.{fmt}"
        pt.save_findings(some_findings(), path)

        with pytest.raises(ValidationError) as info:
            pt.load(path)

        assert info.value.path == str(path)

    def test_csv_stray_cell(self, tmp_path: Path) -> None:
        """A position row with a demand-only cell filled in is refused."""
        path = tmp_path / "f.csv"
        pt.save_findings(some_findings()[:1], path)
        header, row, _ = path.read_bytes().decode("utf-8").split("\r\n", 2)
        cells = row.split(",")
        cells[header.split(",").index("metric")] = "troops"
        path.write_text(f"{header}\r\n{','.join(cells)}\r\n", encoding="utf-8")

        with pytest.raises(ValidationError, match="a position has no") as info:
            pt.load_findings(path)

        assert (info.value.path, info.value.line) == (str(path), 2)

    @pytest.mark.parametrize("tag", ["", "finding", "Position"])
    def test_csv_unknown_type(self, tmp_path: Path, tag: str) -> None:
        """A findings row must say whether it is a position or a demand."""
        path = tmp_path / "f.csv"
        path.write_text(f"type,actor,issue,stance\r\n{tag},a,i,supports\r\n", "utf-8")

        with pytest.raises(ValidationError, match=r"\$\.type") as info:
            pt.load_findings(path)

        assert info.value.line == 2


class TestStreaming:
    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_records_before_a_bad_line(self, tmp_path: Path, fmt: str) -> None:
        """Streaming formats yield the good records before reaching a bad one."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)
        with path.open("ab") as handle:
            handle.write(
                b"{not json\n" if fmt == "jsonl" else b"x" + b"," * 20 + b"\r\n"
            )

        articles = pt.iter_articles(path)
        assert next(articles) == small_corpus()[0]
        assert next(articles) == small_corpus()[1]
        with pytest.raises(LoadError) as info:
            next(articles)

        assert info.value.path == str(path)
        # The first article's text holds a line break, so its CSV row takes two.
        assert info.value.line == (4 if fmt == "jsonl" else 5)

    def test_iter_is_lazy(self, tmp_path: Path) -> None:
        """iter_articles reads nothing until asked: a missing file fails on next."""
        articles = pt.iter_articles(tmp_path / "later.jsonl")
        pt.save(small_corpus(), tmp_path / "later.jsonl")

        assert list(articles) == list(small_corpus())

    def test_jsonl_reads_one_line_at_a_time(self, tmp_path: Path) -> None:
        """A JSON Lines file is read as it is consumed, not all at once."""
        path = tmp_path / "a.jsonl"
        pt.save(small_corpus(), path)
        articles = pt.iter_articles(path)
        first = next(articles)
        with path.open("ab") as handle:
            handle.write(pt.dumps(Article(title="Third")).encode("utf-8") + b"\n")

        assert first == small_corpus()[0]
        assert [a.title for a in articles] == ["Second", "Third"]

    def test_iter_findings(self, tmp_path: Path) -> None:
        """iter_findings yields positions and demands in file order."""
        path = tmp_path / "f.jsonl"
        pt.save_findings(some_findings(), path)

        assert [type(f) for f in pt.iter_findings(path)] == [
            Position,
            Position,
            Demand,
            Demand,
        ]

    def test_jsonl_blank_lines_and_no_header(self, tmp_path: Path) -> None:
        """Blank lines are skipped, and a file without a header is read."""
        path = tmp_path / "a.jsonl"
        pt.save(small_corpus(), path)
        lines = path.read_bytes().split(b"\n")
        path.write_bytes(b"\n\n" + lines[1] + b"\n  \n" + lines[2] + b"\r\n")

        assert pt.load(path) == small_corpus()

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_byte_order_mark(self, tmp_path: Path, fmt: str) -> None:
        """A UTF-8 byte-order mark at the start of a file is ignored."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

        assert pt.load(path) == small_corpus()

    def test_csv_long_text(self, tmp_path: Path) -> None:
        """Texts longer than csv's default field limit are read."""
        corpus = Corpus([Article(text="x" * 300_000)])
        path = tmp_path / "long.csv"

        corpus.save(path)

        assert pt.load(path) == corpus


def _corrupt(path: Path, fmt: str, change: str) -> None:
    """Rewrite a small corpus file at ``path`` with one kind of damage."""
    data = path.read_bytes()
    if change == "invalid utf-8":
        path.write_bytes(data.replace(b"Second", b"Sec\xffond"))
    elif change == "newer schema":
        if fmt == "json":
            path.write_bytes(
                data.replace(b'"schema_version": 1', b'"schema_version": 2')
            )
        else:
            path.write_bytes(
                data.replace(b'{"schema_version": 1}', b'{"schema_version": 2}')
            )
    elif change == "wrong type":
        path.write_bytes(data.replace(b'"Second"', b"2"))
    elif change == "extra field":
        path.write_bytes(
            data.replace(b'"title": "Second"', b'"title": "Second", "x": 1')
        )
    elif change == "truncated":
        path.write_bytes(data[: len(data) * 2 // 3])
    else:  # pragma: no cover - a typo in a parameter
        raise AssertionError(change)  # fmt: skip


class TestBadInput:
    @pytest.mark.parametrize(
        ("fmt", "change", "error", "line"),
        [
            ("json", "invalid utf-8", DecodeError, "damage"),
            ("jsonl", "invalid utf-8", DecodeError, 3),
            ("csv", "invalid utf-8", DecodeError, 4),
            ("json", "newer schema", SchemaVersionError, None),
            ("jsonl", "newer schema", SchemaVersionError, 1),
            ("jsonl", "wrong type", ValidationError, 3),
            ("json", "wrong type", ValidationError, None),
            ("jsonl", "extra field", ValidationError, 3),
            ("json", "extra field", ValidationError, None),
            ("json", "truncated", DecodeError, "last"),
            ("jsonl", "truncated", DecodeError, "last"),
        ],
    )
    def test_damaged_file(
        self,
        tmp_path: Path,
        fmt: str,
        change: str,
        error: type[LoadError],
        line: int | str | None,
    ) -> None:
        """Each kind of damage is the documented error, naming file and line."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)
        _corrupt(path, fmt, change)
        data = path.read_bytes()
        if line == "damage":
            line = data[: data.index(b"\xff")].count(b"\n") + 1
        elif line == "last":
            line = data.count(b"\n") + 1

        with pytest.raises(error) as info:
            pt.load(path)

        assert info.value.path == str(path)
        assert info.value.line == line
        assert str(info.value).startswith(str(path))

    def test_json_line_of_broken_json(self, tmp_path: Path) -> None:
        """Invalid JSON in a document is reported at its line."""
        path = tmp_path / "a.json"
        path.write_text('{\n  "schema_version": 1,\n  "articles": [,]\n}\n', "utf-8")

        with pytest.raises(DecodeError, match="invalid JSON") as info:
            pt.load(path)

        assert (info.value.path, info.value.line) == (str(path), 3)

    @pytest.mark.parametrize(
        ("document", "pattern"),
        [
            ([], r"expected a JSON object"),
            ({"articles": []}, r"\$\.schema_version"),
            ({"schema_version": "1", "articles": []}, r"\$\.schema_version"),
            ({"schema_version": 1}, r"\$\.articles: expected a list"),
            ({"schema_version": 1, "articles": {}}, r"\$\.articles: expected a list"),
            ({"schema_version": 1, "articles": [], "x": 1}, r"unknown keys \['x'\]"),
            ({"schema_version": 1, "articles": [1]}, r"^\$\.articles\[0\]"),
            ({"schema_version": 1, "articles": [{}, {"title": 1}]},
             r"^\$\.articles\[1\]\.title: "),
        ],
    )  # fmt: skip
    def test_bad_json_document(
        self, tmp_path: Path, document: Any, pattern: str
    ) -> None:
        """Read as a peacetalks document, a wrong shape is a ValidationError."""
        path = tmp_path / "a.json"
        path.write_text(json.dumps(document), encoding="utf-8")

        with pytest.raises(ValidationError) as info:
            pt.load(path, format="json")

        assert info.value.path == str(path)
        assert any(re.search(pattern, e) for e in info.value.errors)

    @pytest.mark.parametrize("value", [b"NaN", b"Infinity", b"-Infinity"])
    def test_non_finite_json(self, tmp_path: Path, value: bytes) -> None:
        """NaN and infinities are not JSON, in any record."""
        path = tmp_path / "a.jsonl"
        path.write_bytes(b'{"schema_version": 1}\n{"title": ' + value + b"}\n")

        with pytest.raises(DecodeError) as info:
            pt.load(path)

        assert (info.value.path, info.value.line) == (str(path), 2)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_missing_file(self, tmp_path: Path, fmt: str) -> None:
        """A file that does not exist is a FormatError naming it."""
        path = tmp_path / f"missing.{fmt}"

        with pytest.raises(FormatError, match="no such file or folder") as info:
            pt.load(path)

        assert info.value.path == str(path)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_directory(self, tmp_path: Path, fmt: str) -> None:
        """A directory is not a file to read in a given format."""
        path = tmp_path / f"folder.{fmt}"
        path.mkdir()

        with pytest.raises(FormatError) as info:
            pt.load(path, format=fmt)

        assert info.value.path == str(path)

    def test_csv_more_cells_than_header(self, tmp_path: Path) -> None:
        """A CSV row longer than its header is a DecodeError at that line."""
        path = tmp_path / "a.csv"
        path.write_text("title,text\r\na,b\r\na,b,c\r\n", encoding="utf-8")

        with pytest.raises(DecodeError, match="more than the header") as info:
            pt.load(path)

        assert (info.value.path, info.value.line) == (str(path), 3)

    def test_csv_fewer_cells_than_header(self, tmp_path: Path) -> None:
        """A CSV row shorter than its header is a DecodeError, not defaults."""
        path = tmp_path / "a.csv"
        pt.save(small_corpus(), path)
        header, *_ = path.read_bytes().decode("utf-8").split("\r\n")
        path.write_text(f"{header}\r\nHeadline,Body text\r\n", encoding="utf-8")

        with pytest.raises(DecodeError) as info:
            pt.load(path)

        assert (info.value.path, info.value.line) == (str(path), 2)

    def test_csv_unknown_column(self, tmp_path: Path) -> None:
        """Read as a peacetalks table, an unknown column is a ValidationError."""
        path = tmp_path / "a.csv"
        path.write_text("title,colour\r\na,red\r\n", encoding="utf-8")

        with pytest.raises(ValidationError, match="unknown column 'colour'") as info:
            pt.load(path, format="csv")

        assert (info.value.path, info.value.line) == (str(path), 2)

    def test_csv_unterminated_quote(self, tmp_path: Path) -> None:
        """A quoted CSV cell that never ends is a LoadError, not a bare csv.Error."""
        path = tmp_path / "a.csv"
        path.write_text('title,text\r\n"a,b\r\n', encoding="utf-8")

        with pytest.raises(LoadError) as info:
            pt.load(path)

        assert info.value.path == str(path)

    def test_csv_deeply_nested_cell(self, tmp_path: Path) -> None:
        """A JSON cell nested too deeply is a LoadError, not a RecursionError."""
        path = tmp_path / "a.csv"
        path.write_text("title,extra\r\na," + "[" * 100_000 + "\r\n", "utf-8")

        with pytest.raises(LoadError) as info:
            pt.load(path, format="csv")

        assert info.value.path == str(path)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_duplicate_ids(self, tmp_path: Path, fmt: str) -> None:
        """A file holding one id twice is a DuplicateIdError naming the file."""
        path = tmp_path / f"a.{fmt}"
        article = small_corpus()[0]
        pt.save([article, article.replace(title="changed")], path)

        with pytest.raises(DuplicateIdError) as info:
            pt.load(path)

        assert info.value.article_id == article.id
        assert getattr(info.value, "path", None) == str(path)
        assert str(path) in str(info.value)

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("kind", ["articles", "findings"])
    def test_half_written_file(self, tmp_path: Path, fmt: str, kind: str) -> None:
        """Every prefix of a file is an error or a prefix of the records."""
        path = tmp_path / f"a.{fmt}"
        if kind == "articles":
            records: list[Any] = list(small_corpus())
            pt.save(records, path)
        else:
            records = some_findings()
            pt.save_findings(records, path)
        data = path.read_bytes()
        read = pt.load if kind == "articles" else pt.load_findings

        wrong = []
        for size in range(len(data)):
            path.write_bytes(data[:size])
            loaded = _attempt(lambda: list(read(path)))
            if isinstance(loaded, PeacetalksError):
                assert isinstance(loaded, LoadError)
                assert loaded.path == str(path)
            elif loaded != records[: len(loaded)]:
                wrong.append(size)
        assert wrong == [], f"silently misread prefixes of sizes {wrong[:5]}..."

    @pytest.mark.parametrize("fmt", FORMATS)
    @settings(max_examples=60, deadline=None)
    @given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    def test_garbage(self, fmt: str, data: bytes) -> None:
        """Any bytes at all load as a corpus or raise a PeacetalksError."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, f"g.{fmt}")
            path.write_bytes(data)
            corpus = _attempt(lambda: pt.load(path))

            if isinstance(corpus, PeacetalksError):
                assert getattr(corpus, "path", None) == str(path)
            else:
                assert isinstance(corpus, Corpus)

    @pytest.mark.parametrize("fmt", FORMATS)
    @settings(max_examples=40, deadline=None)
    @given(position=st.integers(min_value=0), byte=st.integers(0, 255))
    def test_flipped_byte(self, fmt: str, position: int, byte: int) -> None:
        """A file with one byte changed loads or raises a LoadError with a path."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, f"a.{fmt}")
            pt.save(small_corpus(), path)
            data = bytearray(path.read_bytes())
            data[position % len(data)] = byte
            path.write_bytes(bytes(data))
            corpus = _attempt(lambda: pt.load(path))

            if isinstance(corpus, PeacetalksError):
                assert getattr(corpus, "path", None) == str(path)
            else:
                assert len(corpus) <= 2


def _attempt(call: Callable[[], T]) -> T | PeacetalksError:
    """Return what ``call`` returns, or the PeacetalksError it raises."""
    try:
        return call()
    except PeacetalksError as exc:
        return exc


def _failing(items: list[Any], after: int) -> Iterator[Any]:
    """Yield ``after`` items, then fail as a broken producer would."""
    yield from items[:after]
    raise RuntimeError("the producer broke")


class TestAtomicWrites:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("after", [0, 1])
    def test_failing_iterator(self, tmp_path: Path, fmt: str, after: int) -> None:
        """A producer failing midway leaves the old file and no temporary file."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)
        before = path.read_bytes()

        with pytest.raises(RuntimeError, match="the producer broke"):
            pt.save(_failing(list(small_corpus()), after), path)

        assert path.read_bytes() == before
        assert _files(tmp_path) == [path.name]

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_failing_findings_iterator(self, tmp_path: Path, fmt: str) -> None:
        """Saving findings from a failing producer keeps the old file too."""
        path = tmp_path / f"f.{fmt}"
        pt.save_findings(some_findings(), path)
        before = path.read_bytes()

        with pytest.raises(RuntimeError):
            pt.save_findings(_failing(some_findings(), 3), path)

        assert path.read_bytes() == before
        assert _files(tmp_path) == [path.name]

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_unencodable_text(self, tmp_path: Path, fmt: str) -> None:
        """Text that UTF-8 cannot encode is a WriteError; the old file stays."""
        path = tmp_path / f"a.{fmt}"
        pt.save(small_corpus(), path)
        before = path.read_bytes()
        bad = [*small_corpus(), Article(title="lone surrogate \ud800", text="x")]

        with pytest.raises(WriteError) as info:
            pt.save(bad, path)

        assert info.value.path == str(path)
        assert path.read_bytes() == before
        assert _files(tmp_path) == [path.name]

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_failure_leaves_no_new_file(self, tmp_path: Path, fmt: str) -> None:
        """A failed write where no file was leaves no file at all."""
        with pytest.raises(RuntimeError):
            pt.save(_failing(list(small_corpus()), 1), tmp_path / f"new.{fmt}")

        assert _files(tmp_path) == []

    def test_missing_folder(self, tmp_path: Path) -> None:
        """Writing into a folder that does not exist is a WriteError."""
        path = tmp_path / "no" / "such" / "a.jsonl"

        with pytest.raises(WriteError) as info:
            pt.save(small_corpus(), path)

        assert info.value.path == str(path)
        assert _files(tmp_path) == []

    def test_target_is_a_directory(self, tmp_path: Path) -> None:
        """Replacing a directory fails as a WriteError and cleans up."""
        path = tmp_path / "a.jsonl"
        path.mkdir()

        with pytest.raises(WriteError) as info:
            pt.save(small_corpus(), path)

        assert info.value.path == str(path)
        assert path.is_dir()
        assert _files(tmp_path) == ["a.jsonl"]

    def test_keeps_permissions(self, tmp_path: Path) -> None:
        """Overwriting a file keeps its permission bits."""
        path = tmp_path / "a.json"
        pt.save(small_corpus(), path)
        path.chmod(0o640)

        pt.save(Corpus(), path)

        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        assert pt.load(path) == Corpus()

    def test_new_file_permissions(self, tmp_path: Path) -> None:
        """A new file gets the usual permissions (0666 minus the umask), not 0600."""
        mask = os.umask(0o022)
        os.umask(mask)
        path = tmp_path / "a.json"

        pt.save(small_corpus(), path)

        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask

    def test_atomic_write_exception(self, tmp_path: Path) -> None:
        """An error inside atomic_write leaves the old content and re-raises."""
        path = tmp_path / "out.txt"
        path.write_text("old", encoding="utf-8")

        def write() -> None:
            with atomic_write(path) as handle:
                handle.write("new")
                _ = 1 / 0

        with pytest.raises(ZeroDivisionError):
            write()

        assert path.read_text(encoding="utf-8") == "old"
        assert _files(tmp_path) == ["out.txt"]

    def test_atomic_write_interrupt(self, tmp_path: Path) -> None:
        """Even KeyboardInterrupt inside atomic_write cleans up the temporary file."""
        path = tmp_path / "out.txt"
        path.write_text("old", encoding="utf-8")

        def write() -> None:
            with atomic_write(path) as handle:
                handle.write("new")
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            write()

        assert path.read_text(encoding="utf-8") == "old"
        assert _files(tmp_path) == ["out.txt"]

    def test_atomic_write_newline(self, tmp_path: Path) -> None:
        """atomic_write writes exactly the text given when newline is ''."""
        path = tmp_path / "out.txt"

        with atomic_write(path, newline="") as handle:
            handle.write("a\r\nb\nc\r")

        assert path.read_bytes() == b"a\r\nb\nc\r"

    def test_write_error_is_peacetalks_error(self, tmp_path: Path) -> None:
        """WriteError is caught by the library's root exception."""
        with pytest.raises(PeacetalksError):
            pt.save(small_corpus(), tmp_path / "missing" / "a.csv")


class TestSniff:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("kind", ["articles", "findings"])
    def test_written_files(self, tmp_path: Path, fmt: str, kind: str) -> None:
        """sniff_kind tells articles from findings in every format."""
        path = tmp_path / f"a.{fmt}"
        if kind == "articles":
            pt.save(small_corpus(), path)
        else:
            pt.save_findings(some_findings(), path)

        assert sniff_kind(path) == kind
        assert sniff_kind(path.rename(tmp_path / "a.dat"), fmt) == kind

    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_empty_file(self, tmp_path: Path, fmt: str) -> None:
        """An empty streaming file counts as articles."""
        path = tmp_path / f"a.{fmt}"
        path.write_bytes(b"")

        assert sniff_kind(path) == "articles"
        assert pt.load(path) == Corpus()

    def test_json_findings_document(self, tmp_path: Path) -> None:
        """An empty findings document is still a findings document."""
        path = tmp_path / "f.json"
        pt.save_findings([], path)

        assert sniff_kind(path) == "findings"
        assert pt.load_findings(path) == []

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_missing_file(self, tmp_path: Path, fmt: str) -> None:
        """Sniffing a missing file is a FormatError naming it."""
        path = tmp_path / f"missing.{fmt}"

        with pytest.raises(FormatError) as info:
            sniff_kind(path)

        assert info.value.path == str(path)

    @pytest.mark.parametrize("fmt", ["json", "jsonl"])
    def test_broken_file(self, tmp_path: Path, fmt: str) -> None:
        """Sniffing a file that is not JSON is a DecodeError naming it."""
        path = tmp_path / f"a.{fmt}"
        path.write_bytes(b"{broken")

        with pytest.raises(DecodeError) as info:
            sniff_kind(path)

        assert info.value.path == str(path)


class TestEvidenceInCorpus:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_quotes_match_after_round_trip(self, tmp_path: Path, fmt: str) -> None:
        """Evidence quoting the sample still matches the sample read back."""
        sample = pt.datasets.sample()
        quotes = [a.evidence(len(a.text) // 3, len(a.text) // 2) for a in sample]
        path = tmp_path / f"s.{fmt}"
        sample.save(path)
        loaded = pt.load(path)

        assert all(q.matches(loaded.article(q.article_id)) for q in quotes)
        assert isinstance(quotes[0], Evidence)
