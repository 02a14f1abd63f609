"""The loader reads peacetalks' Parquet files of articles, as `pt.load` does.

On disk, in folders and as members of zip and tar archives; a Parquet file
of findings is set aside as a JSON Lines one is; without pyarrow, or for a
damaged file, the file fails on its own and the others load.
"""

from __future__ import annotations

import datetime
import json
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks.cli import main
from peacetalks.errors import DecodeError, LoadError, ValidationError
from peacetalks.io.report import LoadWarning
from peacetalks.io.sources import Entry, iter_entries
from tests.archives import STORY, article_bytes, write_tar, write_zip
from tests.strategies import corpora

file_settings = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

#: Both ways to install the extra, as `peacetalks.errors.install_hint` says.
INSTALL = (
    "pip install 'peacetalks[parquet]'",
    "(from a clone of the repository: pip install '.[parquet]')",
)


def _corpus() -> pt.Corpus:
    """Articles with every kind of date, metadata and ``extra``."""
    return pt.Corpus(
        [
            pt.Article(
                title="Envoys meet in Geneva",
                text="The two delegations met for six hours on Monday.",
                outlet="The Daily Ledger",
                url="https://example.org/geneva",
                authors=("A. Writer", "B. Writer"),
                published=pt.Published(
                    "Monday 4 April 2022", datetime.date(2022, 4, 4), pt.Precision.DAY
                ),
                language="en",
                path="wire/geneva.txt",
                extra={"section": "World", "score": 1.0, "tags": ["talks", None]},
            ),
            pt.Article(
                id="given-id",
                title="Talks resume",
                text="Negotiators returned to the table in spring.",
                published=pt.Published(
                    "spring 2022", datetime.date(2022, 3, 1), pt.Precision.MONTH
                ),
            ),
            pt.Article(title="Undated", text="No date was printed on this one."),
        ]
    )


def _extra_json(corpus: pt.Corpus) -> list[str]:
    # Equality says 1 == 1.0; the JSON text tells them apart.
    return [json.dumps(article.extra) for article in corpus]


def _dates(corpus: pt.Corpus) -> list[tuple[str, pt.Published]]:
    return [(article.id, article.published) for article in corpus]


def _corrupt(path: Path) -> Path:
    """A file whose bytes are cut short in the middle: no footer left."""
    pt.save(_corpus(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestAsPtLoad:
    """The loader gives what `pt.load` gives: ids, dates, metadata, extra."""

    def test_named_file(self, tmp_path: Path) -> None:
        """A named .parquet file: the same corpus as pt.load, field for field."""
        path = tmp_path / "c.parquet"
        pt.save(_corpus(), path)
        loader = pt.Loader()

        loaded = loader.load(path)

        assert loaded == pt.load(path) == _corpus()
        assert _dates(loaded) == _dates(_corpus())
        assert _extra_json(loaded) == _extra_json(_corpus())
        assert loader.report.files == 1
        assert loader.report.ok
        assert loader.report.skipped == []

    @file_settings
    @given(corpus=corpora())
    def test_any_corpus(self, corpus: pt.Corpus) -> None:
        """Any corpus: the loader's articles are pt.load's, in file order."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "c.parquet"
            pt.save(corpus, path)
            loaded = list(pt.Loader().iter(path))
            expected = pt.load(path)
        assert pt.Corpus(loaded) == expected == corpus
        assert [a.id for a in loaded] == [a.id for a in corpus]
        assert _dates(pt.Corpus(loaded)) == _dates(corpus)
        assert _extra_json(pt.Corpus(loaded)) == _extra_json(corpus)

    def test_folder_with_other_files(self, tmp_path: Path) -> None:
        """A folder: the Parquet file's articles beside a text file's."""
        pt.save(_corpus(), tmp_path / "c.parquet")
        (tmp_path / "story.txt").write_bytes(article_bytes("Istanbul talks", STORY))
        loader = pt.Loader()

        loaded = loader.load(tmp_path)

        assert loader.report.files == 2
        assert sorted(a.title for a in loaded) == sorted(
            [*(a.title for a in _corpus()), "Istanbul talks"]
        )
        for article in _corpus():
            assert loaded.get(article.id) == article

    def test_repeated_id_fails_alone(self, tmp_path: Path) -> None:
        """Two rows with one id: the second fails (as pt.load says), the first stays."""
        article = _corpus()[0]
        other = pt.Article(id=article.id, title="Another", text="Other text.")
        table = pa.table({"id": [article.id, other.id], "title": ["A", "B"]})
        pq.write_table(table, tmp_path / "c.parquet")
        with pytest.raises(pt.DuplicateIdError):
            pt.load(tmp_path / "c.parquet")
        loader = pt.Loader(errors="collect")

        loaded = loader.load(tmp_path / "c.parquet")

        assert [a.title for a in loaded] == ["A"]
        [failure] = loader.report.failures
        assert failure.path == (tmp_path / "c.parquet").as_posix()
        assert failure.error == "DuplicateIdError"


class TestFindingsFile:
    """A Parquet file of findings is never read as articles."""

    def test_named_is_refused(self, tmp_path: Path) -> None:
        """Named: a ValidationError saying what it holds and what reads it."""
        path = tmp_path / "f.parquet"
        pt.datasets.sample().extract().save(path)

        with pytest.raises(ValidationError) as raised:
            pt.Loader().load(path)

        message = str(raised.value)
        assert path.as_posix() in message
        assert "holds positions and demands, not articles" in message
        assert "peacetalks.Findings.load" in message

    def test_in_a_folder_is_passed_over(self, tmp_path: Path) -> None:
        """In a folder: skipped with the reason, as a JSON Lines findings file."""
        findings = pt.datasets.sample().extract()
        findings.save(tmp_path / "f.parquet")
        findings.save(tmp_path / "f.jsonl")
        pt.save(_corpus(), tmp_path / "c.parquet")
        loader = pt.Loader()

        loaded = loader.load(tmp_path)

        assert loaded == _corpus()
        why = loader.report.why_skipped
        assert "not articles" in why[(tmp_path / "f.parquet").as_posix()]
        assert "not articles" in why[(tmp_path / "f.jsonl").as_posix()]

    def test_cli_report_as_jsonl(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report f.parquet answers as report f.jsonl of the same findings."""
        findings = pt.datasets.sample().extract()
        findings.save(tmp_path / "f.parquet")
        findings.save_records(tmp_path / "f.jsonl")

        by_parquet = run(capsys, "report", str(tmp_path / "f.parquet"))
        by_jsonl = run(capsys, "report", str(tmp_path / "f.jsonl"))

        assert by_parquet == (
            by_jsonl[0],
            by_jsonl[1],
            by_jsonl[2].replace("f.jsonl", "f.parquet"),
        )
        assert by_parquet[0] != 0
        assert "holds positions and demands" in by_parquet[2]


class TestCli:
    def test_report_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report c.parquet shows the corpus, as report c.jsonl does."""
        pt.save(pt.datasets.sample(), tmp_path / "c.parquet")
        pt.save(pt.datasets.sample(), tmp_path / "c.jsonl")

        parquet = run(capsys, "report", str(tmp_path / "c.parquet"))
        jsonl = run(capsys, "report", str(tmp_path / "c.jsonl"))

        assert parquet == jsonl
        assert parquet[0] == 0
        assert parquet[1].startswith("Proposals (each actor's latest figure)")

    def test_extract_file_and_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """extract on a .parquet file or its folder: the findings of the corpus."""
        folder = tmp_path / "in"
        folder.mkdir()
        pt.save(pt.datasets.sample(), folder / "c.parquet")
        pt.save(pt.datasets.sample(), tmp_path / "c.jsonl")

        by_file = run(capsys, "extract", str(folder / "c.parquet"))
        by_folder = run(capsys, "extract", str(folder))
        by_jsonl = run(capsys, "extract", str(tmp_path / "c.jsonl"))

        assert by_file == by_folder == by_jsonl
        assert by_file[0] == 0
        assert len(by_file[1].splitlines()) == len(pt.datasets.sample().extract())


@pytest.mark.parametrize("module", ["pyarrow", "pyarrow.parquet"])
class TestMissingExtra:
    """Without pyarrow (hidden with monkeypatch in sys.modules, as if not
    installed) a Parquet file is a failure of its own, naming the extra."""

    def test_fails_alone(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
    ) -> None:
        """The .parquet file fails with both install commands; a text file loads."""
        pt.save(_corpus(), tmp_path / "c.parquet")
        (tmp_path / "story.txt").write_bytes(article_bytes("Istanbul talks", STORY))
        monkeypatch.setitem(sys.modules, module, None)
        loader = pt.Loader(errors="collect")

        loaded = loader.load(tmp_path)

        assert [a.title for a in loaded] == ["Istanbul talks"]
        assert loader.report.skipped == []
        [failure] = loader.report.failures
        assert failure.path == (tmp_path / "c.parquet").as_posix()
        assert failure.error == "FormatError"
        for command in INSTALL:
            assert command in failure.reason

    def test_named_raises(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
    ) -> None:
        """errors="raise": a LoadError naming the file and the extra."""
        path = tmp_path / "c.parquet"
        pt.save(_corpus(), path)
        monkeypatch.setitem(sys.modules, module, None)

        with pytest.raises(LoadError) as raised:
            pt.Loader().load(path)

        assert raised.value.path == path.as_posix()
        assert INSTALL[0] in str(raised.value)

    def test_cli(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        module: str,
    ) -> None:
        """report FOLDER: exit 1, the file and the extra named, the rest shown."""
        pt.save(_corpus(), tmp_path / "c.parquet")
        (tmp_path / "story.txt").write_bytes(article_bytes("Istanbul talks", STORY))
        monkeypatch.setitem(sys.modules, module, None)

        code, out, err = run(capsys, "report", str(tmp_path))

        assert code == 1
        assert out.startswith("<Corpus: 1 article")
        assert "c.parquet" in err
        assert all(command in " ".join(err.split()) for command in INSTALL)


class TestBadFile:
    def test_corrupt_fails_alone(self, tmp_path: Path) -> None:
        """A truncated file: a DecodeError naming it; the other file loads."""
        bad = _corrupt(tmp_path / "bad.parquet")
        pt.save(_corpus(), tmp_path / "good.parquet")
        loader = pt.Loader(errors="collect")

        loaded = loader.load(tmp_path)

        assert loaded == _corpus()
        [failure] = loader.report.failures
        assert (failure.path, failure.error) == (bad.as_posix(), "DecodeError")
        assert "not a Parquet file" in failure.reason

    def test_corrupt_raise_and_warn(self, tmp_path: Path) -> None:
        """errors="raise" raises the DecodeError; "warn" warns and goes on."""
        bad = _corrupt(tmp_path / "bad.parquet")
        pt.save(_corpus(), tmp_path / "good.parquet")

        with pytest.raises(DecodeError) as raised:
            pt.Loader().load(tmp_path)
        assert raised.value.path == bad.as_posix()

        with pytest.warns(LoadWarning, match="bad.parquet"):
            loaded = pt.Loader(errors="warn").load(tmp_path)
        assert loaded == _corpus()

    def test_bad_row_costs_only_itself(self, tmp_path: Path) -> None:
        """A row with a bad value fails at its row and column; the others load."""
        table = pa.table(
            {
                "title": ["First", "Second", "Third"],
                "published": [datetime.date(2022, 4, 4)] * 3,
                "published_precision": ["day", "fortnight", "day"],
            }
        )
        path = tmp_path / "rows.parquet"
        pq.write_table(table, path)
        loader = pt.Loader(errors="collect")

        loaded = loader.load(path)

        assert [a.title for a in loaded] == ["First", "Third"]
        [failure] = loader.report.failures
        assert failure.error == "ValidationError"
        assert "$[1].published_precision" in failure.reason

    def test_unknown_column(self, tmp_path: Path) -> None:
        """Someone else's Parquet file: a ValidationError naming the column."""
        pq.write_table(pa.table({"headline": ["Talks"]}), tmp_path / "x.parquet")

        with pytest.raises(ValidationError, match="'headline': unknown column"):
            pt.Loader().load(tmp_path / "x.parquet")

    @settings(max_examples=60, deadline=None)
    @given(data=st.data())
    def test_damaged_bytes_raise_load_errors_only(self, data: st.DataObject) -> None:
        """Any bytes overwritten in a good file: read, or failures naming it."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "c.parquet"
            pt.save(_corpus(), path)
            content = bytearray(path.read_bytes())
            start = data.draw(st.integers(0, len(content) - 1))
            patch = data.draw(st.binary(min_size=1, max_size=16))
            content[start : start + len(patch)] = patch
            path.write_bytes(bytes(content))
            loader = pt.Loader(errors="collect")
            loaded = loader.load(path)  # anything but a LoadError propagates
        assert loader.report.files == 1
        assert {f.path for f in loader.report.failures} <= {path.as_posix()}
        assert loader.report.failures or len(loaded) == len(_corpus())

    @settings(max_examples=40, deadline=None)
    @given(content=st.binary(max_size=64))
    def test_any_bytes_raise_load_errors_only(self, content: bytes) -> None:
        """Arbitrary bytes named .parquet: a LoadError naming the file."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "c.parquet"
            path.write_bytes(content)
            with pytest.raises(LoadError) as raised:
                pt.Loader().load(path)
        assert raised.value.path == path.as_posix()


class TestArchives:
    """Members are read into memory (within the archive's limits)."""

    @pytest.mark.parametrize(
        "name", ["news.zip", "news-deflated.zip", "news.tar", "news.tar.gz"]
    )
    def test_member(self, tmp_path: Path, name: str) -> None:
        """Articles from a member; a findings member and a damaged one set aside."""
        pt.save(_corpus(), tmp_path / "c.parquet")
        pt.datasets.sample().extract().save(tmp_path / "f.parquet")
        members = [
            ("in/c.parquet", (tmp_path / "c.parquet").read_bytes()),
            ("in/f.parquet", (tmp_path / "f.parquet").read_bytes()),
            ("in/bad.parquet", _corrupt(tmp_path / "bad.parquet").read_bytes()),
            ("in/story.txt", article_bytes("Istanbul talks", STORY)),
        ]
        archive = tmp_path / name
        if name.endswith(".zip"):
            method = zipfile.ZIP_DEFLATED if "deflated" in name else zipfile.ZIP_STORED
            write_zip(archive, members, compression=method)
        else:
            write_tar(archive, members)
        loader = pt.Loader(errors="collect")

        loaded = loader.load(archive)

        for article in _corpus():
            assert loaded.get(article.id) == article
        assert _dates(pt.Corpus(a for a in loaded if a.title != "Istanbul talks")) == (
            _dates(_corpus())
        )
        assert len(loaded) == len(_corpus()) + 1
        where = archive.as_posix()
        assert "not articles" in loader.report.why_skipped[f"{where}!/in/f.parquet"]
        [failure] = loader.report.failures
        assert (failure.path, failure.error) == (
            f"{where}!/in/bad.parquet",
            "DecodeError",
        )

    def test_member_without_pyarrow(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without pyarrow (hidden with monkeypatch): the member fails alone."""
        pt.save(_corpus(), tmp_path / "c.parquet")
        archive = write_zip(
            tmp_path / "news.zip",
            [
                ("c.parquet", (tmp_path / "c.parquet").read_bytes()),
                ("story.txt", article_bytes("Istanbul talks", STORY)),
            ],
        )
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
        loader = pt.Loader(errors="collect")

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            loaded = loader.load(archive)

        assert [a.title for a in loaded] == ["Istanbul talks"]
        [failure] = loader.report.failures
        assert failure.path == f"{archive.as_posix()}!/c.parquet"
        assert INSTALL[0] in failure.reason

    def test_members_are_marked(self, tmp_path: Path) -> None:
        """Entries say whether they are archive members (read into memory)."""
        (tmp_path / "a.txt").write_bytes(article_bytes("Talks", STORY))
        write_tar(tmp_path / "b.tar.gz", [("b.txt", article_bytes("More", STORY))])

        found = {
            Path(entry.name).name: entry.in_archive
            for entry in iter_entries(tmp_path)
            if isinstance(entry, Entry)
        }

        assert found == {"a.txt": False, "b.txt": True}
