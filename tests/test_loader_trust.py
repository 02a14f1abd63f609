"""Issue 12 ("Trust"): how the records, texts and dates inside one file are read.

One bad line, row or record costs only itself; leading blank lines cost
constant memory; lone surrogates are replaced at load time and said; a
table without a text column is refused, naming its columns; a column's
ambiguous dates are read in the order its other dates show; empty inputs
are said out loud.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Article
from peacetalks.cli import main
from peacetalks.errors import DecodeError, DuplicateIdError, LoadError, ValidationError
from peacetalks.io import native
from peacetalks.io.loader import Loader, _Peekable
from peacetalks.io.report import LoadReport
from peacetalks.serialize import unstructure

# -- helpers ---------------------------------------------------------------------------


def collect(source: Any, **options: Any) -> tuple[list[Article], LoadReport]:
    """Read with errors="collect": the articles (not de-duplicated), the report."""
    loader = Loader(errors="collect", **options)
    articles = list(loader.iter(source))
    return articles, loader.report


def failed_lines(report: LoadReport) -> list[int | None]:
    return [failure.line for failure in report.failures]


def foreign_lines(count: int) -> list[bytes]:
    """Someone else's JSON Lines: headline, body and date under their own keys."""
    return [
        json.dumps(
            {"headline": f"Round {n}", "body": f"Delegates met for round {n}."}
        ).encode()
        for n in range(count)
    ]


def write_lines(path: Path, lines: list[bytes], end: bytes = b"\n") -> Path:
    path.write_bytes(b"".join(line + end for line in lines))
    return path


def saved_lines(folder: Path, count: int, suffix: str) -> list[bytes]:
    """The lines of a corpus as pt.save writes it (header first)."""
    corpus = pt.Corpus(
        [Article(f"Round {n}", f"Delegates met for round {n}.") for n in range(count)]
    )
    path = folder / f"saved{suffix}"
    corpus.save(path)
    return path.read_bytes().splitlines()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. one bad line costs only itself -------------------------------------------------


class TestBadLine:
    def test_issue_example(self, tmp_path: Path) -> None:
        """A corrupt line 3 of 11: the 10 good lines load, line 3 is named.

        On main the file ended at line 3: 2 articles, and no word of the 8
        good lines after it.
        """
        lines = foreign_lines(11)
        lines[2] = b'{"headline": "Round 2", "body": '
        path = write_lines(tmp_path / "export.jsonl", lines)

        articles, report = collect(path)

        assert [a.title for a in articles] == [
            f"Round {n}" for n in range(11) if n != 2
        ]
        assert [(f.line, f.error) for f in report.failures] == [(3, "DecodeError")]
        assert report.summary() == "10 articles from 1 file, 1 failed"

    def test_native_jsonl(self, tmp_path: Path) -> None:
        """A peacetalks JSON Lines file with a broken record: the rest is read."""
        lines = saved_lines(tmp_path, 5, ".jsonl")
        lines[2] = lines[2][:20]  # the second record, cut short
        path = write_lines(tmp_path / "corpus.jsonl", lines)

        articles, report = collect(path)

        assert [a.title for a in articles] == [
            "Round 0",
            "Round 2",
            "Round 3",
            "Round 4",
        ]
        assert failed_lines(report) == [3]

    def test_repeated_id_is_one_failed_line(self, tmp_path: Path) -> None:
        """A repeated id in a peacetalks file fails that line, not the file."""
        lines = saved_lines(tmp_path, 3, ".jsonl")
        path = write_lines(tmp_path / "corpus.jsonl", [*lines, lines[1], lines[2]])

        articles, report = collect(path)

        assert [a.title for a in articles] == ["Round 0", "Round 1", "Round 2"]
        assert [(f.line, f.error) for f in report.failures] == [
            (5, "DuplicateIdError"),
            (6, "DuplicateIdError"),
        ]
        assert "occurs twice (articles 0 and 3)" in report.failures[0].reason

    def test_repeated_id_raises_with_its_line(self, tmp_path: Path) -> None:
        """With errors="raise" the repeated id stops the load, naming its line."""
        lines = saved_lines(tmp_path, 3, ".jsonl")
        path = write_lines(tmp_path / "corpus.jsonl", [*lines, lines[1]])

        with pytest.raises(DuplicateIdError) as info:
            pt.load(path)

        assert (info.value.line, info.value.first, info.value.second) == (5, 0, 3)
        assert str(info.value).startswith(f"{path}:5: article id ")

    def test_native_csv(self, tmp_path: Path) -> None:
        """A peacetalks table with a cut row and a repeated row: both fail alone."""
        lines = saved_lines(tmp_path, 4, ".csv")
        lines[2] = lines[2][:12]  # the second row, cut short
        path = write_lines(tmp_path / "corpus.csv", [*lines, lines[1]], end=b"\r\n")

        articles, report = collect(path)

        assert [a.title for a in articles] == ["Round 0", "Round 2", "Round 3"]
        assert [(f.line, f.error) for f in report.failures] == [
            (3, "DecodeError"),
            (6, "DuplicateIdError"),
        ]

    def test_stray_quote_swallows_no_row(self, tmp_path: Path) -> None:
        """A row cut inside a quoted cell fails; the rows it ran into are read."""
        path = tmp_path / "table.csv"
        path.write_bytes(
            b"headline,body,date\n"
            b'A,"Talks resumed, slowly\n'  # the quote is never closed here
            b'B,"Delegates met, again",2022-03-29\n'
            b"C,Delegates left.,2022-03-30\n"
        )

        articles, report = collect(path)

        assert [a.title for a in articles] == ["B", "C"]
        assert failed_lines(report) == [2]
        assert "malformed CSV" in report.failures[0].reason

    def test_undecodable_row(self, tmp_path: Path) -> None:
        """A row with a byte that is not UTF-8 fails alone, at its line."""
        path = tmp_path / "table.csv"
        path.write_bytes(b"headline,body\nA,Talks.\nB,Caf\xe9 talks.\nC,More talks.\n")

        articles, report = collect(path)

        assert [a.title for a in articles] == ["A", "C"]
        assert [(f.line, f.error) for f in report.failures] == [(3, "DecodeError")]

    @pytest.mark.parametrize("native_file", [True, False])
    def test_json_document_record(self, tmp_path: Path, native_file: bool) -> None:
        """A JSON document's bad record fails alone, named by its path."""
        records: list[Any] = [
            {"title": "A", "text": "Talks."},
            {"title": 7, "text": "Talks."},
            {"title": "C", "text": "More talks."},
        ]
        if native_file:
            records = [
                {**unstructure(Article("x", "y")), **record} for record in records
            ]
            records[2]["id"] = "c"
            document: Any = {"schema_version": 1, "articles": records}
        else:
            document = records
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(document), encoding="utf-8")

        articles, report = collect(path)

        assert [a.title for a in articles] == ["A", "C"]
        assert len(report.failures) == 1
        assert report.failures[0].reason.startswith(
            "$.articles[1].title" if native_file else "$[1].title"
        )

    def test_raise_stops_at_the_line(self, tmp_path: Path) -> None:
        """errors="raise" (pt.load's default) stops at the bad line."""
        lines = foreign_lines(4)
        lines[1] = b"{"
        path = write_lines(tmp_path / "export.jsonl", lines)

        with pytest.raises(DecodeError) as info:
            pt.load(path)

        assert info.value.line == 2

    def test_warn_each_line(self, tmp_path: Path) -> None:
        """errors="warn" issues a LoadWarning naming each bad line, reads on."""
        lines = foreign_lines(5)
        lines[1] = lines[3] = b"[1, 2]"
        path = write_lines(tmp_path / "export.jsonl", lines)

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = pt.load(path, errors="warn")

        assert len(corpus) == 3
        messages = [str(w.message) for w in caught if w.category is pt.LoadWarning]
        assert [m.split(": ")[0] for m in messages] == [f"{path}:2", f"{path}:4"]

    @pytest.mark.parametrize(
        "read",
        [
            lambda path: list(pt.load(path, errors="collect")),
            lambda path: list(pt.load(path, errors="warn")),
            lambda path: list(pt.iter_articles(path, errors="collect")),
            lambda path: list(pt.Loader(errors="collect").load(path)),
            lambda path: list(pt.Loader(errors="warn").iter([path])),
        ],
        ids=["load", "load-warn", "iter_articles", "Loader.load", "Loader.iter"],
    )
    def test_every_way_in(
        self, tmp_path: Path, read: Callable[[Path], list[Article]]
    ) -> None:
        """Each public way in reads past a bad line when told to go on."""
        lines = foreign_lines(6)
        lines[0] = b'{"headline": 1}'
        path = write_lines(tmp_path / "export.jsonl", lines)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pt.LoadWarning)
            articles = read(path)

        assert len(articles) == 5

    def test_cli_collects_by_default(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The CLI (--errors collect by default): exit 1, the line named, the rest."""
        lines = foreign_lines(11)
        lines[2] = b'{"headline": '
        path = write_lines(tmp_path / "export.jsonl", lines)
        out = tmp_path / "out.jsonl"

        code, _, err = run(capsys, "convert", str(path), "-o", str(out))

        assert code == 1
        assert f"{path}:3: invalid JSON" in err
        assert len(pt.load(out)) == 10

    def test_cli_errors_raise(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--errors raise stops at the bad line and writes nothing."""
        lines = foreign_lines(3)
        lines[1] = b"{"
        path = write_lines(tmp_path / "export.jsonl", lines)
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys, "convert", str(path), "-o", str(out), "--errors", "raise"
        )

        assert code == 1
        assert f"{path}:2:" in err
        assert not out.exists()

    def test_newer_header_still_fails_the_file(self, tmp_path: Path) -> None:
        """A header from a newer peacetalks is no bad line: the file is not read."""
        lines = saved_lines(tmp_path, 2, ".jsonl")
        lines[0] = b'{"schema_version": 99}'
        path = write_lines(tmp_path / "new.jsonl", lines)

        articles, report = collect(path)

        assert articles == []
        assert [f.error for f in report.failures] == ["SchemaVersionError"]


def _cells(line: bytes) -> list[str]:
    return next(csv.reader([line.decode("utf-8")]))


def _row(cells: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue().encode("utf-8")


#: Ways of spoiling one line of each format: each must fail that line alone.
#: "repeat" copies the first record (a repeated id in a peacetalks file).
DAMAGE = {
    "jsonl": ("cut", "byte", "array", "type", "repeat"),
    "csv": ("fewer", "more", "byte", "malformed", "repeat"),
}


def _spoil(line: bytes, damage: str, first: bytes) -> bytes:
    """``line`` spoiled in the way named (``first`` is the first record's line)."""
    if damage == "repeat":
        return first
    if damage == "byte":
        return line[:3] + b"\xff" + line[3:]
    if damage == "cut":
        return line[: len(line) // 2]
    if damage == "array":
        return b"[1, 2]"
    if damage == "type":
        record = json.loads(line)
        record["title" if "title" in record else "headline"] = 7
        return json.dumps(record).encode()
    cells = _cells(line)
    if damage == "fewer":
        return _row(cells[:-1])
    if damage == "more":
        return _row([*cells, "x"])
    return _row(cells[:-1]) + b',"x"y'  # malformed: a character after a quote


class TestAnyLinesSpoiled:
    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        fmt=st.sampled_from(["jsonl", "csv"]),
        ours=st.booleans(),
        count=st.integers(1, 8),
        data=st.data(),
    )
    def test_good_lines_loaded_bad_ones_named(
        self, tmp_path: Path, fmt: str, ours: bool, count: int, data: st.DataObject
    ) -> None:
        """Any lines of a JSONL or CSV file spoiled (ours or someone else's):
        every good line loads, and exactly the spoiled ones are reported."""
        if ours:
            lines = saved_lines(tmp_path, count, f".{fmt}")
            head, body = lines[:1], lines[1:]
        elif fmt == "csv":
            head = [b"headline,body,date"]
            body = [
                _row([f"Round {n}", f"Delegates met, round {n}.", "2022-03-29"])
                for n in range(count)
            ]
        else:
            head, body = [], foreign_lines(count)
        spoiled = data.draw(st.sets(st.integers(0, count - 1)), label="spoiled")
        out = list(body)
        for index in spoiled:
            kinds = [
                kind
                for kind in DAMAGE[fmt]
                if kind != "repeat" or (ours and index > 0 and 0 not in spoiled)
            ]
            damage = data.draw(st.sampled_from(kinds), label=f"damage of {index}")
            out[index] = _spoil(body[index], damage, body[0])
        end = b"\r\n" if fmt == "csv" else b"\n"
        path = write_lines(tmp_path / f"spoiled.{fmt}", head + out, end=end)

        articles, report = collect(path)

        assert [a.title for a in articles] == [
            f"Round {n}" for n in range(count) if n not in spoiled
        ]
        assert failed_lines(report) == [len(head) + i + 1 for i in sorted(spoiled)]


class TestCsvRereadBound:
    @settings(max_examples=500, deadline=None)
    @given(
        lines=st.lists(
            st.lists(
                st.sampled_from(['"', ",", "a", '""', " ", '"a', 'a"', '",', ',"']),
                max_size=4,
            ).map("".join),
            max_size=12,
        )
    )
    def test_each_line_parsed_at_most_twice(self, lines: list[str]) -> None:
        """Re-reading the lines a stray quote swallowed never goes quadratic:
        each physical line reaches the CSV parser at most twice (counted)."""
        data = "h1,h2\n" + "".join(f"{line}\n" for line in lines)
        reads: dict[int, int] = {}
        original = native._Feed.__next__

        def spy(self: Any) -> str:
            text = original(self)
            number = self.row[-1].number
            reads[number] = reads.get(number, 0) + 1
            return text

        errors: list[LoadError] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(native._Feed, "__next__", spy)
            decoded = native.decode_lines(io.BytesIO(data.encode()), "q.csv")
            list(native.read_rows(decoded, "q.csv", on_error=errors.append))

        assert max(reads.values(), default=0) <= 2
        assert all(error.line is not None for error in errors)


# -- 2. leading blank lines ------------------------------------------------------------


class TestLeadingBlankLines:
    @staticmethod
    def _peak(blank_lines: int) -> int:
        data = io.BytesIO(b" \n" * blank_lines + b'{"schema_version": 1}\n')
        tracemalloc.start()
        try:
            stream = _Peekable(data)
            lines = sum(1 for _ in stream)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert lines == blank_lines + 1
        return peak

    def test_constant_memory(self) -> None:
        """The peek past blank lines keeps none of them: memory does not grow.

        On main every blank line was kept in a list popped from the front
        (quadratic time, linear memory): 200 000 of them held megabytes.
        """
        small, large = self._peak(2_000), self._peak(200_000)

        assert large < small + 16_384
        assert large < 100_000

    def test_lines_counted(self, tmp_path: Path) -> None:
        """Records after many blank lines keep their true line numbers."""
        path = tmp_path / "export.jsonl"
        path.write_bytes(b"\r\n" * 1000 + b'{"headline": 1}\n' + foreign_lines(1)[0])

        articles, report = collect(path)

        assert len(articles) == 1
        assert failed_lines(report) == [1001]


# -- 3. lone surrogates ----------------------------------------------------------------


#: Text often holding halves of UTF-16 pairs (`st.text` never makes them).
SURROGATE_TEXTS = st.lists(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(),
    max_size=8,
).map("".join)


class TestSurrogates:
    def test_foreign_record(self, tmp_path: Path) -> None:
        """A JSON "\\ud83d" escape: U+FFFD instead, and a Problem names the article."""
        path = tmp_path / "export.jsonl"
        path.write_text(
            '{"headline": "Talks \\ud83d", "body": "They met \\ud83d\\ude00."}\n',
            encoding="utf-8",
        )

        (article,), report = collect(path)

        assert article.title == "Talks \ufffd"
        assert article.text == "They met \N{GRINNING FACE}."  # a pair is joined
        (problem,) = report.problems
        assert (problem.article_id, problem.line) == (article.id, 1)
        assert problem.message.startswith("$.title: a lone surrogate")
        assert "U+FFFD" in problem.message

    def test_native_record(self, tmp_path: Path) -> None:
        """A peacetalks record's id stays; every field is checked, extra too."""
        record = unstructure(Article("Talks", "They met.", id="a1"))
        record["extra"] = {"note\ud83d": ["x\udc00"]}
        record["authors"] = ["Jane \ud83d"]
        path = tmp_path / "corpus.jsonl"
        path.write_text(
            '{"schema_version": 1}\n' + json.dumps(record) + "\n", encoding="utf-8"
        )

        (article,), report = collect(path)

        assert article.id == "a1"
        assert article.authors == ("Jane \ufffd",)
        assert article.extra == {"note\ufffd": ["x\ufffd"]}
        assert [(p.line, p.message.split(": ")[0]) for p in report.problems] == [
            (2, "$.authors[0]"),
            (2, "$.extra (a key)"),
            (2, "$.extra['note\\ud83d'][0]"),
        ]

    def test_native_csv_json_cell(self, tmp_path: Path) -> None:
        """A peacetalks table's JSON cell (extra) with a "\\udc00" escape."""
        path = tmp_path / "corpus.csv"
        pt.Corpus([Article("Talks", "They met.", id="a1", extra={"n": "x"})]).save(path)
        path.write_bytes(path.read_bytes().replace(b'""x""', b'""\\udc00""'))

        (article,), report = collect(path)

        assert article.extra == {"n": "\ufffd"}
        assert [(p.line, p.message.split(": ")[0]) for p in report.problems] == [
            (2, "$.extra.n")
        ]

    def test_sidecar_value(self, tmp_path: Path) -> None:
        """A sidecar's JSON value with a lone surrogate is replaced too."""
        (tmp_path / "a.txt").write_text("Talks resume\n\nDelegates met.\n")
        meta = tmp_path / "meta.json"
        meta.write_text('{"a.txt": {"outlet": "Wire \\udc9d"}}', encoding="utf-8")

        (article,), report = collect(tmp_path / "a.txt", sidecar=meta)

        assert article.outlet == "Wire \ufffd"
        assert [p.message.split(":")[0] for p in report.problems] == ["$.outlet"]

    def test_extract_does_not_crash(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`extract` writes its output: on main it died with UnicodeEncodeError."""
        path = tmp_path / "export.jsonl"
        path.write_text(
            '{"headline": "Russia \\ud83d", "body": "Russia demands that Ukraine '
            'stay neutral \\ud83d."}\n',
            encoding="utf-8",
        )
        out = tmp_path / "found.jsonl"

        code, _, err = run(capsys, "extract", str(path), "-o", str(out))

        assert code == 0
        assert "lone surrogate" in err
        out.read_bytes().decode("utf-8")

    def test_strict_format_refuses(self, tmp_path: Path) -> None:
        """format= reads strictly: a lone surrogate is refused, naming the article."""
        path = tmp_path / "corpus.jsonl"
        path.write_text(
            '{"schema_version": 1}\n{"title": "T", "text": "x\\ud83d", "id": "a1"}\n',
            encoding="utf-8",
        )

        with pytest.raises(ValidationError, match=r"\$\.text: a lone surrogate.*'a1'"):
            pt.load(path, format="jsonl")

    def test_format_takes_no_options(self, tmp_path: Path) -> None:
        """format= with loading options is refused, not silently ignored."""
        path = tmp_path / "corpus.jsonl"
        pt.Corpus([Article("T", "x")]).save(path)

        with pytest.raises(TypeError, match="takes no loading options"):
            pt.load(path, format="jsonl", errors="collect")

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        strings=st.lists(SURROGATE_TEXTS, min_size=3, max_size=3),
        ours=st.booleans(),
    )
    def test_any_string_encodes(
        self, tmp_path: Path, strings: list[str], ours: bool
    ) -> None:
        """Whatever a record's strings hold, every loaded string encodes to UTF-8."""
        title, text, author = strings
        if ours:
            record = unstructure(Article(title, text + "x", id="a1"))
            record["authors"] = [author]
            record["extra"] = {author: title}
            content = '{"schema_version": 1}\n' + json.dumps(record) + "\n"
        else:
            content = json.dumps({"headline": title, "body": text + "x", "by": author})
        path = tmp_path / "any.jsonl"
        path.write_text(content, encoding="ascii")  # escapes: \udXXX

        articles, _ = collect(path)

        for article in articles:
            json.dumps(unstructure(article), ensure_ascii=False).encode("utf-8")


# -- 4. a table without a text column; the order of a column's dates -------------------


class TestTextColumn:
    def test_story_text_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No column read as the text: the file fails, naming columns and --map.

        On main it loaded articles with empty texts, and the CLI exited 0.
        """
        path = tmp_path / "stories.csv"
        path.write_text("Headline,Story text,Date\nA,Talks resumed.,2022-03-29\n")

        articles, report = collect(path)
        code, _, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "o.csv"))

        assert articles == []
        (failure,) = report.failures
        assert failure.error == "ValidationError"
        assert "columns: 'Headline', 'Story text', 'Date'" in failure.reason
        assert "--map 'Story text=text'" in failure.reason
        assert code == 1
        assert "--map 'Story text=text'" in err

    def test_mapped(self, tmp_path: Path) -> None:
        """With the mapping the message offers, the texts are read."""
        path = tmp_path / "stories.csv"
        path.write_text("Headline,Story text,Date\nA,Talks resumed.,2022-03-29\n")

        articles, report = collect(path, mapping={"Story text": "text"})

        assert [a.text for a in articles] == ["Talks resumed."]
        assert report.ok

    @pytest.mark.parametrize("suffix", [".jsonl", ".json"])
    def test_records_without_text_key(self, tmp_path: Path, suffix: str) -> None:
        """JSON records with no text key fail each, naming keys and a mapping."""
        records = [
            {"headline": "A", "story_text": "Talks resumed."},
            {"headline": "B", "body": "Talks stalled."},
        ]
        path = tmp_path / f"records{suffix}"
        if suffix == ".json":
            path.write_text(json.dumps(records))
        else:
            path.write_text("\n".join(json.dumps(r) for r in records) + "\n")

        articles, report = collect(path)

        assert [a.title for a in articles] == ["B"]
        (failure,) = report.failures
        assert "keys: 'headline', 'story_text'" in failure.reason
        assert "mapping={'story_text': 'text'}" in failure.reason

    def test_no_record_has_a_text_key(self, tmp_path: Path) -> None:
        """A JSON array none of whose records has a text is one failure, not one each.

        A sidecar of dates by file name (``metadata.json`` beside the texts)
        is the usual such file: the message says to give it as a sidecar.
        """
        records = [{"file": f"{n}.txt", "published": "2022-03-29"} for n in range(5)]
        path = tmp_path / "metadata.json"
        path.write_text(json.dumps({"articles": records}))

        articles, report = collect(path)

        assert articles == []
        (failure,) = report.failures
        assert (failure.path, failure.line) == (path.as_posix(), None)
        assert failure.reason == (
            "$.articles[0]: no key is read as the article text (keys: 'file', "
            "'published'): it looks like a sidecar of metadata by file name; "
            "give it with sidecar= (on the command line: --sidecar)"
        )


def _dates_table(path: Path, dates: list[str]) -> Path:
    rows = "".join(f"T{n},Delegates met.,{d}\n" for n, d in enumerate(dates))
    path.write_text("title,text,date\n" + rows)
    return path


class TestDateOrder:
    def test_column_decides(self, tmp_path: Path) -> None:
        """29/03/2022 later in the column makes 03/04/2022 day first too.

        On main the first was read month first (March 4) and the second
        day first: one column, two conventions.
        """
        path = _dates_table(tmp_path / "t.csv", ["03/04/2022", "29/03/2022"])

        articles, report = collect(path)

        assert [a.published.label for a in articles] == ["2022-04-03", "2022-03-29"]
        assert report.ok

    def test_reread_only_when_needed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The column is read again at most once, and only for an ambiguous date
        met before any deciding one (counted by the files the loader opens)."""
        opened: list[str] = []
        original = Loader._open

        def counting(self: Loader, entry: Any) -> Any:
            opened.append(entry.name)
            return original(self, entry)

        monkeypatch.setattr(Loader, "_open", counting)
        decided = _dates_table(
            tmp_path / "decided.csv", ["29/03/2022", "03/04/2022"] * 50
        )
        undecided = _dates_table(
            tmp_path / "undecided.csv", ["03/04/2022", "05/04/2022"] * 50
        )
        late = _dates_table(tmp_path / "late.csv", ["03/04/2022"] * 50 + ["13/04/2022"])

        for path in (decided, undecided, late):
            collect(path)

        assert [opened.count(str(p)) for p in (decided, undecided, late)] == [1, 2, 2]

    def test_ambiguous_column_warns_once(self, tmp_path: Path) -> None:
        """Only ambiguous dates: the convention, and one warning saying how to force."""
        path = _dates_table(tmp_path / "t.csv", ["03/04/2022", "05/04/2022"])

        articles, report = collect(path)

        assert [a.published.label for a in articles] == ["2022-03-04", "2022-05-04"]
        (problem,) = report.problems
        assert problem.line == 2
        assert "read month first" in problem.message
        assert "dayfirst=True (--dayfirst)" in problem.message

    def test_mixed_column(self, tmp_path: Path) -> None:
        """Both orders unambiguous in one column: the only reading, and a warning."""
        path = _dates_table(
            tmp_path / "t.csv", ["29/03/2022", "03/04/2022", "04/30/2022"]
        )

        articles, report = collect(path)

        assert [a.published.label for a in articles] == [
            "2022-03-29",
            "2022-04-03",
            "2022-04-30",
        ]
        (problem,) = report.problems
        assert problem.line == 4
        assert "mixes both orders" in problem.message

    @pytest.mark.parametrize(("dayfirst", "label"), [(True, "04-03"), (False, "03-04")])
    def test_explicit_order_wins(
        self, tmp_path: Path, dayfirst: bool, label: str
    ) -> None:
        """dayfirst= always wins, and the column's order is not looked for."""
        path = _dates_table(tmp_path / "t.csv", ["03/04/2022", "05/04/2022"])

        articles, report = collect(path, dayfirst=dayfirst)

        assert articles[0].published.label == f"2022-{label}"
        assert report.problems == []

    def test_cli_monthfirst(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--monthfirst wins over the column's own order."""
        path = _dates_table(tmp_path / "t.csv", ["03/04/2022", "13/04/2022"])
        out = tmp_path / "o.jsonl"

        run(capsys, "convert", str(path), "-o", str(out), "--monthfirst")

        assert pt.load(out)[0].published.label == "2022-03-04"

    def test_json_document(self, tmp_path: Path) -> None:
        """A JSON array of records is one column too."""
        path = tmp_path / "t.json"
        path.write_text(
            json.dumps(
                [
                    {"title": "A", "text": "x", "date": "03/04/2022"},
                    {"title": "B", "text": "y", "date": "13/04/2022"},
                ]
            )
        )

        articles, _ = collect(path)

        assert articles[0].published.label == "2022-04-03"

    def test_sidecar_column(self, tmp_path: Path) -> None:
        """A sidecar's dates are one column: its unambiguous date decides."""
        for name in ("a", "b"):
            (tmp_path / f"{name}.txt").write_text(f"Talks {name}\n\nDelegates met.\n")
        meta = tmp_path / "meta.csv"
        meta.write_text("file,date\na.txt,03/04/2022\nb.txt,29/03/2022\n")

        articles, report = collect(tmp_path, pattern="*.txt", sidecar=meta)

        assert [a.published.label for a in articles] == ["2022-04-03", "2022-03-29"]
        assert report.notes == []

    def test_sidecar_ambiguous(self, tmp_path: Path) -> None:
        """A sidecar of ambiguous dates only: a note at the line, how to force."""
        (tmp_path / "a.txt").write_text("Talks a\n\nDelegates met.\n")
        meta = tmp_path / "meta.csv"
        meta.write_text("file,date\na.txt,03/04/2022\n")

        articles, report = collect(tmp_path / "a.txt", sidecar=meta)

        assert articles[0].published.label == "2022-03-04"
        (note,) = report.notes
        assert (note.path, note.line) == (str(meta), 2)
        assert "--dayfirst" in note.message

    @settings(max_examples=100, deadline=None)
    @given(
        days=st.lists(
            st.dates(datetime.date(1000, 1, 1), datetime.date(9999, 12, 31)),
            min_size=1,
            max_size=8,
        ),
        dayfirst=st.booleans(),
        sep=st.sampled_from(["/", "-", "."]),
    )
    def test_one_order_round_trips(
        self, days: list[datetime.date], dayfirst: bool, sep: str
    ) -> None:
        """Dates written in one order come back as written whenever one of them
        can only be read that way (a day over 12), wherever it stands."""
        from peacetalks.io.dates import DateOrder, first_order, parse_date

        def written(day: datetime.date) -> str:
            a, b = (day.day, day.month) if dayfirst else (day.month, day.day)
            return f"{a:02d}{sep}{b:02d}{sep}{day.year}"

        raws = [written(day) for day in days]
        order = DateOrder(lambda: first_order(enumerate(raws)))

        read = [
            parse_date(raw, dayfirst=order.read(raw, line)[0]).date
            for line, raw in enumerate(raws)
        ]

        if any(day.day > 12 and day.day != day.month for day in days):
            assert read == days
        else:  # nothing to decide by: the usual convention of the separator
            assert read == [parse_date(raw).date for raw in raws]


# -- 5. empty inputs are said out loud -------------------------------------------------


class TestEmptyInputs:
    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            ("", "the file is empty"),
            ("  \n\n\t\n", "the file holds only whitespace"),
            ("29 March 2022\n", "only a header (date)"),
            ("Talks resume in Istanbul\n29 March 2022\n", "only a header"),
        ],
    )
    def test_text_file_without_text_fails(
        self, tmp_path: Path, content: str, reason: str
    ) -> None:
        """A text file with no text is a failure naming it, not an empty article."""
        path = tmp_path / "a.txt"
        path.write_text(content)

        articles, report = collect(path)

        assert articles == []
        (failure,) = report.failures
        assert (failure.path, failure.error) == (str(path), "ValidationError")
        assert reason in failure.reason

    def test_sidecar_gives_the_text(self, tmp_path: Path) -> None:
        """An empty file whose sidecar entry gives the text is an article."""
        (tmp_path / "a.txt").write_text("")
        meta = tmp_path / "meta.json"
        meta.write_text('{"a.txt": {"title": "T", "text": "Delegates met."}}')

        (article,), report = collect(tmp_path / "a.txt", sidecar=meta)

        assert article.text == "Delegates met."
        assert report.ok

    def test_one_line_file(self, tmp_path: Path) -> None:
        """A one-line file is kept as text, with a problem saying it has no title."""
        path = tmp_path / "a.txt"
        path.write_text("Russia and Ukraine agreed to meet again in Istanbul.\n")

        (article,), report = collect(path)

        assert (article.title, article.text[:6]) == ("", "Russia")
        (problem,) = report.problems
        assert problem.message.startswith("$.title: the file holds a single line")

    def test_unmatched_sidecar_row(self, tmp_path: Path) -> None:
        """A sidecar row naming no file that was read is a note: file, line, name."""
        (tmp_path / "a.txt").write_text("Talks\n\nDelegates met.\n")
        meta = tmp_path / "meta.csv"
        meta.write_text("file,date\na.txt,2022-03-29\nmissing.txt,2022-03-30\n")

        articles, report = collect(tmp_path, pattern="*.txt", sidecar=meta)

        assert len(articles) == 1
        (note,) = report.notes
        assert (note.path, note.line) == (str(meta), 3)
        assert "'missing.txt' matches no file" in note.message
        assert "1 note" in report.summary()
        assert f"note: {meta}:3:" in str(report)


def test_load_errors_are_the_library_s(tmp_path: Path) -> None:
    """A reader's error is still a LoadError (a sanity check for the new paths)."""
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n"x')
    with pytest.raises(LoadError):
        list(native.iter_csv(path, Article))
