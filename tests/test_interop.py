"""Every file peacetalks writes is recognised and read back (issue 12, "Trust").

The files that ``extract``, ``compare``, ``report --format json`` and
``convert`` write are told apart by `peacetalks.io.native.sniff_kind`; the
commands that take findings (``compare``, ``convert``) read each of them
back to the same proposals table and the same findings; the commands that
take articles refuse them by name, and a folder read for articles passes
them over.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Act,
    Demand,
    Evidence,
    Findings,
    Modality,
    Producer,
    Published,
    Quantity,
)
from peacetalks.cli import main
from peacetalks.comparison import TABLE_KEYS, proposals_table, write_table
from peacetalks.io import native, zipdir
from peacetalks.io.native import KINDS, _document_kind, sniff_kind, sniff_stream

GOLD = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"
FORMATS = ("jsonl", "csv", "json")

#: What each command line writes, and the kind `sniff_kind` must tell it to
#: be.  ``@out`` is the file written, ``@NAME`` another file of the folder;
#: without a PATH, the commands read the bundled sample.
WRITERS = {
    "extract.jsonl": (["extract", "-o", "@out"], "records"),
    "extract.csv": (["extract", "-o", "@out"], "records"),
    "extract.json": (["extract", "-o", "@out"], "records"),
    "report.json": (["report", "--format", "json", "-o", "@out"], "report"),
    "latest.json": (["compare", "--format", "json", "-o", "@out"], "proposals"),
    "latest.csv": (["compare", "--format", "csv", "-o", "@out"], "proposals"),
    "every.json": (
        ["compare", "--every", "--format", "json", "-o", "@out"],
        "proposals",
    ),
    "every.csv": (["compare", "--every", "--format", "csv", "-o", "@out"], "proposals"),
    "convert.jsonl": (["convert", "@extract.jsonl", "-o", "@out"], "records"),
    "convert.csv": (["convert", "@extract.jsonl", "-o", "@out"], "records"),
    "convert.json": (["convert", "@extract.jsonl", "-o", "@out"], "records"),
}

#: The files that hold every finding (the others hold a table's figures).
WHOLE = [name for name in WRITERS if not name.startswith(("latest", "every"))]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def written() -> Iterator[Path]:
    """A folder with one file from each writer, and the sample's findings file."""
    with tempfile.TemporaryDirectory(prefix="peacetalks-interop-") as name:
        folder = Path(name)
        for file, (argv, _) in WRITERS.items():
            line = [
                str(folder / (file if arg == "@out" else arg[1:]))
                if arg.startswith("@")
                else arg
                for arg in argv
            ]
            assert main([*line, "-q"]) == 0, line
        pt.datasets.sample().extract().save(folder / "findings.jsonl")
        yield folder


@pytest.fixture(scope="module")
def original() -> Findings:
    """What extraction finds in the bundled sample, with each article's file."""
    return pt.datasets.sample().extract()


def _table(written: Path, *, every: bool) -> bytes:
    """The sample's proposals table as ``compare --format json`` of findings writes it.

    The table was written from the articles, so each figure has its
    article's ``outlet``; files of findings do not hold outlets (only
    articles do), so a table made from them has none, and is otherwise the
    same, byte for byte.
    """
    path = written / ("every.json" if every else "latest.json")
    records = json.loads(path.read_bytes())
    assert {record["outlet"] for record in records} == {"Bloomberg"}
    without = [{**record, "outlet": None} for record in records]
    return (json.dumps(without, ensure_ascii=False, indent=2) + "\n").encode()


class TestRecognition:
    @pytest.mark.parametrize(
        ("name", "kind"), [(n, k) for n, (_, k) in WRITERS.items()]
    )
    def test_every_written_file(self, written: Path, name: str, kind: str) -> None:
        """Each file a command writes is told to be what it is."""
        assert sniff_kind(written / name) == kind
        with (written / name).open("rb") as handle:
            assert sniff_stream(handle, name.rsplit(".", 1)[1], name) == kind

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_findings_files(self, tmp_path: Path, fmt: str) -> None:
        """The library's own findings files, in every format."""
        path = tmp_path / f"f.{fmt}"
        pt.datasets.sample().extract().save(path)

        assert sniff_kind(path) == "findings"

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("news.csv", "headline,text,type\r\nTalks,Body.,news\r\n"),
            ("news.jsonl", '{"title": "Talks", "text": "Body.", "type": "demand"}\n'),
            ("news.json", '[{"type": "position", "actor": "a", "title": "T"}]'),
            ("news.csv", "type,actor,colour\r\nposition,a,red\r\n"),
            ("tags.jsonl", '{"type": ["demand"], "actor": "a"}\n'),
            ("list.jsonl", '{"schema_version": 1}\n{"type": []}\n'),
            ("list2.jsonl", '{"a": 1}\n{"type": []}\n'),
            ("empty.jsonl", ""),
            ("empty.json", "[]"),
            ("corpus.json", '{"schema_version": 1, "articles": []}'),
            ("odd.json", '{"articles": [], "summary": "no proposals key"}'),
        ],
    )
    def test_others_are_articles(self, tmp_path: Path, name: str, content: str) -> None:
        """Other people's tables, even with a 'type' column, are articles."""
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")

        assert sniff_kind(path) == "articles"

    def test_kinds_are_described(self) -> None:
        """Every kind has a description that messages quote."""
        assert list(KINDS) == ["articles", "findings", "records", "proposals", "report"]


_KEYS = st.sampled_from(
    ["schema_version", "articles", "findings", "summary", "proposals", "type", "x"]
)
_SMALL = st.one_of(
    st.none(), st.integers(-2, 2), st.text(max_size=3), st.lists(st.none(), max_size=2)
)
_RECORD = st.dictionaries(
    st.sampled_from(["type", "actor", "metric", "compared", "quote", "title", "text"]),
    st.sampled_from(["demand", "position", "Russia", "news", None, 3]),
    max_size=5,
)


@st.composite
def _objects(draw: st.DrawFn) -> dict[str, object]:
    """JSON objects shaped like the library's documents, often led by the version."""
    keys = draw(st.lists(_KEYS, unique=True, max_size=4))
    if draw(st.booleans()):
        keys = ["schema_version", *(key for key in keys if key != "schema_version")]
    values = st.one_of(_SMALL, st.lists(_RECORD, max_size=2))
    return {key: draw(values) for key in keys}


_DOCUMENTS = st.one_of(
    _objects(), st.lists(st.one_of(_RECORD, _SMALL), max_size=3), _SMALL
)


class TestJsonIsToldFromItsStart:
    @settings(max_examples=100, deadline=None)
    @given(document=_DOCUMENTS, indent=st.sampled_from([None, 0, 2]))
    def test_start_tells_what_the_whole_does(
        self, document: object, indent: int | None
    ) -> None:
        """Reading only the start of a JSON file tells its kind as reading it all."""
        data = json.dumps(document, indent=indent).encode()

        assert sniff_stream(io.BytesIO(data), "json", None) == _document_kind(document)

    def test_a_corpus_is_not_parsed_to_be_told(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A corpus document is told without parsing it (the loader parses it next)."""
        path = tmp_path / "corpus.json"
        pt.datasets.sample().save(path)
        parsed: list[object] = []
        parse_json = native.parse_json

        def spy(text: str | bytes, **where: object) -> object:
            parsed.append(text)
            return parse_json(text)

        monkeypatch.setattr(native, "parse_json", spy)

        assert sniff_kind(path) == "articles"
        assert parsed == []
        assert sniff_kind(tmp_path / "corpus.json", "json") == "articles"
        pt.Findings().save(path)
        assert sniff_kind(path) == "findings"
        assert len(parsed) == 1


class TestCompareReadsEverything:
    @pytest.mark.parametrize("name", list(WRITERS))
    def test_same_table(
        self,
        written: Path,
        tmp_path: Path,
        name: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """compare of any written file prints the sample's table again, byte for byte.

        Bug: ``extract -o findings.csv && compare findings.csv --format json``
        printed ``[]`` with exit code 0.
        """
        every = name.startswith("every")
        flags = ["--every"] if every else []
        out = tmp_path / "table.json"

        code, _, err = run(
            capsys,
            "compare",
            str(written / name),
            "--format",
            "json",
            "-o",
            str(out),
            *flags,
        )

        assert (code, err) == (0, f"wrote 4 metrics to {out}\n")
        assert out.read_bytes() == _table(written, every=every)

    @pytest.mark.parametrize("name", WHOLE)
    def test_every_figure(
        self,
        written: Path,
        tmp_path: Path,
        name: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A file of every finding gives the --every table too."""
        out = tmp_path / "every.json"

        code, _, _ = run(
            capsys, "compare", str(written / name), "--every", "--format", "json",
            "-o", str(out),
        )  # fmt: skip

        assert code == 0
        assert out.read_bytes() == _table(written, every=True)

    def test_same_findings(self, written: Path, original: Findings) -> None:
        """The library reads the whole files back to the sample's findings."""
        for name in WHOLE:
            back = Findings.load(written / name)
            assert back.to_records() == original.to_records(), name
            assert dict(back.articles) == dict(original.articles), name


class TestConvertReadsEverything:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("name", list(WRITERS))
    def test_round_trip(
        self,
        written: Path,
        original: Findings,
        tmp_path: Path,
        name: str,
        fmt: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """convert of any written file keeps its findings, and so its table.

        Bug: ``convert findings.jsonl -o x.csv`` wrote "10 articles" whose
        text was an article id.
        """
        out = tmp_path / f"out.{fmt}"

        code, _, err = run(capsys, "convert", str(written / name), "-o", str(out))

        assert code == 0
        assert "finding" in err
        assert sniff_kind(out) == "records"
        if name in WHOLE:
            assert Findings.load(out).to_records() == original.to_records()
        every = name.startswith("every")
        table = tmp_path / "table.json"
        flags = ["--every"] if every else []
        assert (
            main(["compare", str(out), "--format", "json", "-o", str(table), *flags])
            == 0
        )
        assert table.read_bytes() == _table(written, every=every)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_findings_files_stay_findings_files(
        self,
        written: Path,
        tmp_path: Path,
        fmt: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A findings file converts to a findings file: nothing lost, dates included."""
        source = written / "findings.jsonl"
        out, back = tmp_path / f"out.{fmt}", tmp_path / "back.jsonl"

        assert run(capsys, "convert", str(source), "-o", str(out))[0] == 0
        assert run(capsys, "convert", str(out), "-o", str(back))[0] == 0

        assert sniff_kind(out) == "findings"
        assert Findings.load(out) == Findings.load(source)
        assert back.read_bytes() == source.read_bytes()

    def test_report_keeps_articles_without_findings(self, tmp_path: Path) -> None:
        """A report lists every article read, also one where nothing was found."""
        folder = tmp_path / "news"
        folder.mkdir()
        sample = pt.datasets.sample_path()
        shutil.copy(next(iter(sorted(sample.glob("*.txt")))), folder / "a.txt")
        (folder / "b.txt").write_text("Weather\n\nIt rained all day.\n", "utf-8")
        report = tmp_path / "report.json"
        assert main(["report", str(folder), "--format", "json", "-o", str(report)]) == 0

        back = Findings.load(report)

        assert sorted(map(str, back.articles.values())) == [
            f"{folder.as_posix()}/a.txt",
            f"{folder.as_posix()}/b.txt",
        ]


class TestArticleCommandsRefuseFindings:
    @pytest.mark.parametrize(
        "command", [["report"], ["extract"], ["evaluate", "--gold", str(GOLD)]]
    )
    @pytest.mark.parametrize("name", [*WRITERS, "findings.jsonl"])
    def test_named_file(
        self,
        written: Path,
        command: list[str],
        name: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A findings file where articles are wanted: exit 2, named, redirected."""
        path = written / name

        code, out, err = run(capsys, *command, str(path))

        assert (code, out) == (2, "")
        assert f"{path} holds positions and demands, not articles (" in err
        assert "'peacetalks compare' and 'peacetalks convert' read it" in err

    def test_mixed_with_articles(
        self, written: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Records and articles together are a usage error for compare."""
        articles = pt.datasets.sample_path()

        code, _, err = run(
            capsys, "compare", str(articles), str(written / "extract.csv")
        )

        assert code == 2
        assert "cannot mix article and finding files" in err


class TestFoldersPassFindingsOver:
    def test_extract_into_the_folder_it_reads(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A second ``extract -o found.jsonl`` into the folder it reads finds the same.

        Bug: the next run read found.jsonl back as 39 more "articles".
        """
        folder = tmp_path / "news"
        folder.mkdir()
        for article in pt.datasets.sample_path().glob("*.txt"):
            shutil.copy(article, folder)
        found = folder / "found.jsonl"

        first = run(capsys, "extract", str(folder), "-o", str(found))
        records = found.read_bytes()
        second = run(capsys, "extract", str(folder), "-o", str(found))

        assert first[0] == second[0] == 0
        assert found.read_bytes() == records
        passed_over = (
            f"peacetalks extract: note: {found.as_posix()}: passed over: holds "
            "positions and demands, not articles (records written by "
            "'peacetalks extract')\n"
        )
        assert second[2] == passed_over + first[2]

    @pytest.mark.parametrize("name", [*WRITERS, "findings.jsonl"])
    def test_skipped_and_said_why(
        self, written: Path, tmp_path: Path, name: str
    ) -> None:
        """In a folder, a findings file is skipped with its reason, not failed."""
        folder = tmp_path / "news"
        folder.mkdir()
        (folder / "talks.txt").write_text("Talks resume\n\nDelegates met.\n", "utf-8")
        shutil.copy(written / name, folder / name)
        loader = pt.Loader()

        corpus = loader.load(folder)

        assert [article.title for article in corpus] == ["Talks resume"]
        skipped = f"{folder.as_posix()}/{name}"
        assert loader.report.skipped == [skipped]
        assert loader.report.why_skipped[skipped].startswith(
            "holds positions and demands, not articles ("
        )
        assert loader.report.ok
        assert f"skipped: {skipped}: holds positions" in str(loader.report)

    def test_skipped_in_archives(self, written: Path, tmp_path: Path) -> None:
        """Inside a zip archive too."""
        bundle = tmp_path / "bundle.zip"
        with zipfile.ZipFile(bundle, "w") as archive:
            archive.writestr("talks.txt", "Talks resume\n\nDelegates met.\n")
            for name in ("extract.csv", "latest.json", "report.json"):
                archive.write(written / name, f"out/{name}")
        loader = pt.Loader()

        corpus = loader.load(bundle)

        assert len(corpus) == 1
        assert loader.report.skipped == [
            f"{bundle.as_posix()}!/out/{name}"
            for name in ("extract.csv", "latest.json", "report.json")
        ]
        assert loader.report.ok

    @pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
    def test_each_member_is_opened_once(
        self,
        written: Path,
        tmp_path: Path,
        suffix: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Telling a member's kind does not open it twice.

        Opening a member of a compressed tar archive again decompresses the
        archive from its start again: reading became quadratic.
        """
        members = {f"m{n}.jsonl": _corpus_bytes(n) for n in range(6)}
        members["found.csv"] = (written / "extract.csv").read_bytes()
        bundle = tmp_path / f"bundle{suffix}"
        _archive(bundle, members)
        opened: list[str] = []
        extractfile, zip_open = tarfile.TarFile.extractfile, zipdir.open_member

        def tar_spy(self: tarfile.TarFile, member: Any) -> Any:
            opened.append(getattr(member, "name", member))
            return extractfile(self, member)

        def zip_spy(handle: Any, member: zipdir.ZipMember) -> Any:
            opened.append(member.name)
            return zip_open(handle, member)

        monkeypatch.setattr(tarfile.TarFile, "extractfile", tar_spy)
        monkeypatch.setattr(zipdir, "open_member", zip_spy)
        loader = pt.Loader()

        corpus = loader.load(bundle)

        assert len(corpus) == 6
        assert sorted(opened) == sorted(members)
        assert loader.report.skipped == [f"{bundle.as_posix()}!/found.csv"]

    @pytest.mark.parametrize("name", ["extract.jsonl", "latest.csv", "report.json"])
    def test_named_file_fails(self, written: Path, name: str) -> None:
        """Named to the loader itself, such a file is an error naming it."""
        path = written / name

        with pytest.raises(pt.ValidationError, match="not articles") as info:
            pt.load(path)

        assert info.value.path == path.as_posix()
        article = sorted(pt.datasets.sample_path().glob("*.txt"))[0]
        loader = pt.Loader(errors="collect")
        assert len(loader.load([path, article])) == 1
        assert [f.path for f in loader.report.failures] == [path.as_posix()]


def _corpus_bytes(number: int) -> bytes:
    """A peacetalks JSON Lines file of one article."""
    article = pt.Article(title=f"Talks {number}", text=f"Round {number} ended.")
    return b'{"schema_version": 1}\n' + pt.dumps(article).encode() + b"\n"


def _archive(path: Path, members: dict[str, bytes]) -> None:
    """Write a zip or a gzipped tar archive of ``members``."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.fixture
def default_csv_limit() -> Iterator[None]:
    """The csv module's default field limit, as a fresh process has it."""
    limit = csv.field_size_limit()
    csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(limit)


@pytest.mark.usefixtures("default_csv_limit")
class TestSnifferNeverBreaks:
    def test_long_header_field(self, tmp_path: Path) -> None:
        """A CSV field over 131,072 bytes is read, not a bare ``_csv.Error``."""
        path = tmp_path / "long.csv"
        path.write_text("x" * 200_000 + ",text\r\nTalks,Body.\r\n", encoding="utf-8")

        assert sniff_kind(path) == "articles"

    def test_long_quote_in_records(self, tmp_path: Path) -> None:
        """Records with a quote longer than the csv default limit read back."""
        article = pt.Article(text="Kyiv " + "y" * 200_000)
        demand = Demand(
            "Russia", "troops", Quantity(5), evidence=article.evidence(0, 200_005)
        )
        path = tmp_path / "found.csv"
        Findings([demand]).save_records(path)

        assert sniff_kind(path) == "records"
        assert Findings.load(path).items == (demand,)

    def test_newline_in_unquoted_field(self, tmp_path: Path) -> None:
        r"""``b'\r\x00'`` in a .csv is the library's DecodeError, naming the file.

        Regression: test_fuzz's findings readers once got a bare
        ``_csv.Error`` ("new-line character seen in unquoted field").
        """
        path = tmp_path / "odd.csv"
        path.write_bytes(b"\r\x00")

        with pytest.raises(pt.DecodeError) as info:
            Findings.load(path)
        assert info.value.path == str(path)
        with pytest.raises(pt.DecodeError):
            sniff_kind(path)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        data=st.one_of(
            st.binary(max_size=64),
            st.lists(
                st.sampled_from(
                    [b"\r", b"\n", b"\x00", b'"', b",", b"type", b"actor", b"{", b"["]
                ),
                max_size=20,
            ).map(b"".join),
        ),
        fmt=st.sampled_from(FORMATS),
    )
    def test_any_bytes(self, data: bytes, fmt: str) -> None:
        """On any bytes the sniffer and the readers raise only the library's errors."""
        with tempfile.TemporaryDirectory() as name:
            path = Path(name) / f"any.{fmt}"
            path.write_bytes(data)
            with contextlib.suppress(pt.PeacetalksError):
                assert sniff_kind(path) in KINDS
            with contextlib.suppress(pt.PeacetalksError):
                Findings.load(path)
            with contextlib.suppress(pt.PeacetalksError):
                sniff_stream(io.BytesIO(data), fmt, None)


class TestNoFindings:
    @staticmethod
    def _empty_files(folder: Path) -> list[Path]:
        """Findings files of each kind that hold no finding."""
        records = folder / "none.csv"
        Findings().save_records(records)
        native = folder / "none.json"
        Findings().save(native)
        table = folder / "table.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            write_table(proposals_table([]), handle, format="csv")
        report = folder / "report.json"
        assert (
            main(["report", "--no-findings", "--format", "json", "-o", str(report)])
            == 0
        )
        return [records, native, table, report]

    def test_compare_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """compare of a file without findings says so and fails, not an empty table."""
        for path in self._empty_files(tmp_path):
            capsys.readouterr()

            code, out, err = run(capsys, "compare", str(path))

            assert (code, out) == (1, ""), path
            assert f"no findings in {path}" in err

    def test_convert_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert of files without findings fails and leaves the output alone."""
        paths = self._empty_files(tmp_path)
        out = tmp_path / "out.jsonl"
        out.write_text("precious", encoding="utf-8")
        capsys.readouterr()

        code, _, err = run(capsys, "convert", *map(str, paths), "-o", str(out))

        assert code == 1
        assert f"no findings in {', '.join(map(str, paths))}" in err
        assert out.read_text(encoding="utf-8") == "precious"

    def test_one_empty_among_others(
        self, written: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An empty file among others is warned about; the others are read."""
        empty = tmp_path / "none.csv"
        Findings().save_records(empty)
        out = tmp_path / "table.json"

        code, _, err = run(
            capsys, "compare", str(written / "extract.csv"), str(empty),
            "--format", "json", "-o", str(out),
        )  # fmt: skip

        assert code == 0
        assert f"peacetalks compare: warning: no findings in {empty}" in err
        assert out.read_bytes() == _table(written, every=False)


class TestProposalsRecords:
    def test_evidence_span_is_kept(self, original: Findings) -> None:
        """Table records carry the evidence's start and end, after every old key.

        (And the article's ``outlet``, added later beside ``source``.)
        """
        records = proposals_table(original).to_records()

        assert [k for k in TABLE_KEYS if k not in ("start", "end", "outlet")] == [
            "metric", "unit", "actor", "target", "value", "low", "high", "bound",
            "act", "date", "confidence", "speaker", "source", "article", "quote",
            "compared", "gap", "ratio", "midpoint", "more_restrictive",
            "overlap_low", "overlap_high",
        ]  # fmt: skip
        for record in records:
            assert record["end"] - record["start"] == len(record["quote"])

    def test_older_table_is_explained(self, written: Path, tmp_path: Path) -> None:
        """A table written before start and end were kept says to write it again."""
        document = json.loads((written / "latest.json").read_text(encoding="utf-8"))
        for record in document:
            del record["start"], record["end"]
        path = tmp_path / "old.json"
        path.write_text(json.dumps(document), encoding="utf-8")

        with pytest.raises(pt.ValidationError, match="write it again") as info:
            Findings.load(path)

        assert info.value.path == str(path)
        assert "$[0]" in str(info.value)

    def test_unknown_key(self, tmp_path: Path) -> None:
        """A key no table has is refused, by name and place."""
        path = tmp_path / "table.csv"
        path.write_text(
            "metric,actor,compared,value\r\ntroops,Russia,,5\r\n", encoding="utf-8"
        )
        assert Findings.load(path).demands[0].quantity.value == 5
        path = tmp_path / "table.json"
        record = {"metric": "troops", "actor": "Russia", "compared": None, "value": 1}
        path.write_text(json.dumps([record, {**record, "x": 1}]), encoding="utf-8")

        with pytest.raises(pt.ValidationError, match=r"\$\[1\]: unknown key 'x'"):
            Findings.load(path)


_ACTORS = st.sampled_from(["Russia", "Ukraine", "United States", "Hamas", "Kyiv"])
_METRICS = st.sampled_from(
    [("troops", "personnel"), ("tanks", "units"), ("missile_range", "km"),
     ("missile_range", "miles"), ("grain_quota", "tonnes")]
)  # fmt: skip
_FIGURES = st.one_of(
    st.integers(0, 10**9).map(float),
    st.floats(0.001, 1e9, allow_nan=False, allow_infinity=False),
)
# Dates without raw text: records keep a date at its precision only.
_DATES = st.just(Published()) | st.builds(
    lambda day, precision: Published(
        None, day.replace(day=1) if precision == "month" else day, precision
    ),
    st.dates(),
    st.sampled_from(["day", "month"]),
)


@st.composite
def _evidence(draw: st.DrawFn) -> Evidence:
    """Evidence of a few articles (cheaper to draw than a quoted article)."""
    quote = draw(st.text(max_size=8))
    start = draw(st.integers(0, 50))
    article = draw(st.sampled_from(["a1", "a2", "b7"]))
    return Evidence(article, quote, start, start + len(quote))


@st.composite
def _demands(draw: st.DrawFn) -> Demand:
    metric, unit = draw(_METRICS)
    bound = draw(st.sampled_from(list(pt.Bound)))
    if draw(st.booleans()):
        quantity = Quantity(draw(_FIGURES), unit=unit, bound=bound)
    else:
        low, high = sorted([draw(_FIGURES), draw(_FIGURES)])
        quantity = Quantity(low=low, high=high, unit=unit, bound=bound)
    return Demand(
        draw(_ACTORS),
        metric,
        quantity,
        target=draw(st.sampled_from([None, "Ukraine", "Russia"])),
        act=draw(st.sampled_from(list(Act))),
        modality=draw(st.sampled_from(list(Modality))),
        date=draw(_DATES),
        speaker=draw(st.sampled_from([None, "Peskov", "Zelensky"])),
        evidence=draw(st.none() | _evidence()),
        confidence=draw(st.sampled_from([0.5, 0.9, 1.0])),
        producer=draw(st.sampled_from([None, Producer("manual", None)])),
    )


class TestTableLaw:
    @settings(max_examples=40, deadline=None)
    @given(
        demands=st.lists(_demands(), max_size=8),
        latest=st.booleans(),
        fmt=st.sampled_from(["json", "csv"]),
    )
    def test_table_file_gives_the_table(
        self, demands: list[Demand], latest: bool, fmt: str
    ) -> None:
        """A proposals table written as records reads back to the same table."""
        table = proposals_table(demands, latest=latest)
        with tempfile.TemporaryDirectory() as name:
            path = Path(name) / f"table.{fmt}"
            with path.open("w", encoding="utf-8", newline="") as handle:
                write_table(table, handle, format=fmt)
            back = Findings.load(path)

        assert proposals_table(back, latest=latest).to_records() == table.to_records()
        if latest:
            assert proposals_table(back).to_records() == table.to_records()

    @settings(max_examples=30, deadline=None)
    @given(demands=st.lists(_demands(), max_size=8), fmt=st.sampled_from(FORMATS))
    def test_records_give_the_table(self, demands: list[Demand], fmt: str) -> None:
        """Records of any demands read back to the same table, latest or every."""
        found = Findings(demands)
        with tempfile.TemporaryDirectory() as name:
            path = Path(name) / f"found.{fmt}"
            found.save_records(path)
            back = Findings.load(path)

        for latest in (True, False):
            expected = proposals_table(found, latest=latest).to_records()
            assert proposals_table(back, latest=latest).to_records() == expected
