"""Tests for peacetalks.integrations.dask, on a local Dask cluster.

The cluster runs two worker processes, so articles, findings, lexicons and
errors are pickled between processes as they would be on other machines.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import _optional
from peacetalks.errors import (
    DecodeError,
    DuplicateIdError,
    FormatError,
    LoadError,
    MissingExtraError,
)
from peacetalks.findings import RECORD_KEYS
from peacetalks.integrations.dask import articles_bag, extract_bag, findings_frame
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article
from peacetalks.serialize import Finding
from tests.strategies import corpora, texts

SENTENCES = (
    "Russia wants to cap Ukraine's army at {n},000 troops.",
    "Ukraine offered to never join NATO.",
    "Kyiv proposed a ceasefire of {n} days, the Kremlin said.",
    "Nothing was agreed on {n} March.",
)

# A local Dask cluster of two processes: ~40 s (run with -m slow).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        new_cluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        new_client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three JSON Lines files of generated articles and two text files."""
    folder = tmp_path_factory.mktemp("corpus")
    number = 0
    for part in range(3):
        articles = []
        for _ in range(7):
            number += 1
            text = " ".join(s.format(n=number + 10) for s in SENTENCES[number % 4 :])
            articles.append(Article(f"Talks, day {number}", text))
        pt.save(articles, folder / f"part-{part}.jsonl")
    (folder / "notes").mkdir()
    for name in ("a", "b"):
        text = f"Talks {name}\n\nRussia wants to cap Ukraine's army at 85,000 troops."
        (folder / "notes" / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


# Dask and distributed are not annotated: call them through Any.
new_cluster: Any = LocalCluster
new_client: Any = Client


def compute(collection: Any, **options: Any) -> Any:
    """Compute a Dask collection (with the client's scheduler unless told)."""
    return collection.compute(**options)


def _serial(source: Any, **options: Any) -> list[Finding]:
    return list(pt.RuleExtractor().iter_extract(pt.iter_articles(source, **options)))


class TestArticlesBag:
    @pytest.mark.parametrize("npartitions", [None, 1, 2, 4, 50])
    def test_same_articles_in_order(
        self, client: Client, corpus_folder: Path, npartitions: int | None
    ) -> None:
        """The bag holds the loader's articles in the loader's order."""
        bag = articles_bag(corpus_folder, npartitions=npartitions)

        assert bag.npartitions == min(npartitions or 5, 5)
        assert compute(bag) == list(pt.iter_articles(corpus_folder))

    def test_sample_with_sidecar(self, client: Client) -> None:
        """Loader options reach the tasks: a sidecar fills dates and outlets."""
        folder = pt.datasets.sample_path()
        options: dict[str, Any] = {
            "pattern": "*.txt",
            "sidecar": folder / "metadata.json",
        }

        found = compute(articles_bag(folder, **options))

        assert found == list(pt.iter_articles(folder, **options))
        assert found[0].published.label == "2022-03-29"

    def test_archive_is_one_task(self, client: Client, tmp_path: Path) -> None:
        """An archive's members are read by one task, named as the loader names them."""
        archive = tmp_path / "news.zip"
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("a.txt", "Talks\n\nRussia wants 85,000 troops.")
            bundle.writestr("b.txt", "More talks\n\nUkraine offered neutrality.")

        bag = articles_bag(archive)

        assert bag.npartitions == 1
        assert compute(bag) == list(pt.iter_articles(archive))

    def test_missing_path(self) -> None:
        """A path that does not exist is reported when the bag is made."""
        with pytest.raises(FormatError, match="no such file or folder"):
            articles_bag("no/such/folder")

    def test_missing_path_collected(self, client: Client, corpus_folder: Path) -> None:
        """With errors='collect', missing paths are skipped."""
        bag = articles_bag(["no/such/folder", corpus_folder], errors="collect")
        assert len(compute(bag)) == 23

    def test_bad_file_raises_on_compute(self, client: Client, tmp_path: Path) -> None:
        """A broken file raises the loader's error, naming it, from the task."""
        (tmp_path / "bad.jsonl").write_text('{"title": \n', encoding="utf-8")
        bag = articles_bag(tmp_path)
        with pytest.raises(DecodeError, match=r"bad\.jsonl:1"):
            compute(bag)

    def test_empty(self, tmp_path: Path) -> None:
        """A folder with no file is said out loud, as the loader says it."""
        with pytest.raises(FormatError, match="no file in the folder matches"):
            articles_bag(tmp_path)

    def test_bad_options(self, corpus_folder: Path) -> None:
        """Bad options fail before any task runs."""
        with pytest.raises(ValueError, match="npartitions must be at least 1"):
            articles_bag(corpus_folder, npartitions=0)
        with pytest.raises(TypeError):
            articles_bag(corpus_folder, colour="red")
        with pytest.raises(ValueError, match="'errors' must be one of"):
            articles_bag(corpus_folder, errors="ignore")


# -- JSON Lines files cut into blocks ----------------------------------------------

#: Few examples: each computes a Dask graph of up to a thousand partitions.
BLOCKS = settings(max_examples=20, deadline=None)

#: Line ends and blank lines as other tools write them.
ENDS = st.sampled_from([b"\n", b"\r\n"])
BLANKS = st.lists(st.sampled_from([b"", b" ", b"\t", b"  \r"]), max_size=2)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that hypothesis examples overwrite their files in."""
    return tmp_path_factory.mktemp("blocks")


def _layout(lines: list[bytes], data: st.DataObject) -> bytes:
    """Join ``lines`` with drawn line ends, blank lines and final line end."""
    out = b""
    for line in lines:
        for blank in data.draw(BLANKS):
            out += blank + data.draw(ENDS)
        out += line + data.draw(ENDS)
    if data.draw(st.booleans()):
        out = out.rstrip(b"\r\n")  # no line end after the last line
    return out


def _native_lines(corpus: pt.Corpus, folder: Path) -> list[bytes]:
    """The lines of ``corpus`` as `pt.save` writes them: a header, then records."""
    pt.save(corpus, folder / "saved.jsonl")
    return (folder / "saved.jsonl").read_bytes().splitlines()


def _foreign_lines(titles: list[str], bodies: list[str]) -> list[bytes]:
    """Someone else's JSON Lines: one object a line, under their own keys."""
    return [
        json.dumps(
            {"headline": f"{n} {title}", "body": body, "date": "2022-03-29"},
            ensure_ascii=False,
        ).encode()
        for n, (title, body) in enumerate(zip(titles, bodies, strict=False))
    ]


def _blocksizes(data: bytes) -> st.SearchStrategy[int]:
    """Block sizes from one byte to past the end, small ones often."""
    return st.integers(1, 48) | st.integers(1, len(data) + 2)


def _outcome(read: Callable[[], list[Article]]) -> tuple[Any, list[str]]:
    """What reading gives: the articles or the error, and the warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: Any = read()
        except LoadError as error:
            result = (type(error), str(error), error.path, error.line)
    return result, [str(w.message) for w in caught if w.category is pt.LoadWarning]


def _bag_list(path: Path, **options: Any) -> list[Article]:
    return list(compute(articles_bag(path, **options), scheduler="sync"))


def _blocks_match_serial(
    path: Path, lines: list[bytes], data: st.DataObject, errors: str
) -> tuple[Any, list[str]]:
    """Write ``lines`` to ``path`` and check that a bag reads it as serially.

    Any block size gives what `pt.iter_articles` gives (the articles or the
    error, and the warnings), which is returned.
    """
    content = _layout(lines, data)
    path.write_bytes(content)
    blocksize = data.draw(_blocksizes(content), label="blocksize")
    serial = _outcome(lambda: list(pt.iter_articles(path, errors=errors)))
    blocks = _outcome(lambda: _bag_list(path, blocksize=blocksize, errors=errors))
    assert blocks == serial
    return serial


class TestBlocks:
    @BLOCKS
    @given(corpus=corpora(max_size=3), data=st.data())
    def test_native_file_equals_load(
        self, scratch: Path, corpus: pt.Corpus, data: st.DataObject
    ) -> None:
        """A peacetalks file, cut anywhere: the articles of `pt.load`, in order."""
        content = _layout(_native_lines(corpus, scratch), data)
        path = scratch / "corpus.jsonl"
        path.write_bytes(content)
        blocksize = data.draw(_blocksizes(content), label="blocksize")

        bag = articles_bag(path, blocksize=blocksize)

        assert bag.npartitions == max(1, math.ceil(len(content) / blocksize))
        assert compute(bag, scheduler="sync") == list(pt.load(path)) == list(corpus)

    @BLOCKS
    @given(
        titles=st.lists(texts(), min_size=1, max_size=4),
        bodies=st.lists(texts(max_size=30), min_size=4, max_size=4),
        data=st.data(),
    )
    def test_foreign_file_equals_load(
        self, scratch: Path, titles: list[str], bodies: list[str], data: st.DataObject
    ) -> None:
        """Someone else's JSON Lines, mapped and cleaned: as `pt.load` reads it."""
        content = _layout(_foreign_lines(titles, bodies), data)
        path = scratch / "export.jsonl"
        path.write_bytes(content)
        blocksize = data.draw(_blocksizes(content), label="blocksize")

        found = _bag_list(path, blocksize=blocksize, mapping={"body": "text"})

        assert found == list(pt.load(path, mapping={"body": "text"}))
        assert [a.title.split(" ")[0] for a in found] == [
            str(n) for n in range(len(titles))
        ]

    def test_every_blocksize(self, scratch: Path) -> None:
        """Each block size in turn, so that an edge falls on every byte.

        The file has characters of two, three and four bytes, CRLF and LF
        line ends, blank lines before the header and between records, and
        no line end after the last record.
        """
        corpus = pt.Corpus(
            [
                # Ukrainian: two-byte letters in UTF-8.
                Article("Mir", "Київ і Москва: переговори 🕊 é"),  # noqa: RUF001
                Article("Ceasefire", "Ceasefire talks in Istanbul…"),
            ]
        )
        lines = _native_lines(corpus, scratch)
        content = b"\r\n \n" + b"\r\n".join(lines[:2]) + b"\n\n\t\n" + lines[2]
        path = scratch / "every.jsonl"
        path.write_bytes(content)
        expected = list(pt.load(path))
        assert expected == list(corpus)

        for blocksize in range(1, len(content) + 1):
            assert _bag_list(path, blocksize=blocksize) == expected, blocksize

    @BLOCKS
    @given(
        corpus=corpora(max_size=2).filter(lambda c: len(c) >= 1),
        bad=st.sampled_from(
            [
                b'{"title": ',  # invalid JSON
                b'{"title": "caf\xe9"}',  # invalid UTF-8
                b'{"title": 7, "text": "x"}',  # the wrong type
                b"[1, 2]",  # not an object
                b'{"schema_version": 1}',  # a header that is not first
                b"repeat",  # an earlier record again: a repeated id
            ]
        ),
        errors=st.sampled_from(["raise", "warn", "collect"]),
        data=st.data(),
    )
    def test_bad_line_native(
        self,
        scratch: Path,
        corpus: pt.Corpus,
        bad: bytes,
        errors: str,
        data: st.DataObject,
    ) -> None:
        """A bad line: the serial loader's error, at its line in the file.

        With ``errors="warn"`` or ``"collect"``, the bad line is skipped,
        reported, and the rest of the file read, as by `pt.iter_articles`;
        with ``"raise"`` the file stops there.
        """
        lines = _native_lines(corpus, scratch)
        if bad == b"repeat":
            bad = lines[data.draw(st.integers(1, len(lines) - 1), label="copy")]
        lines.insert(data.draw(st.integers(0, len(lines)), label="where"), bad)
        lines.append(lines[1])  # and a repeated id after it (read unless raise)
        serial = _blocks_match_serial(scratch / "broken.jsonl", lines, data, errors)
        if errors == "raise":
            assert isinstance(serial[0], tuple)  # the bad line is an error

    @BLOCKS
    @given(
        titles=st.lists(texts(), min_size=1, max_size=3),
        bad=st.sampled_from(
            [
                b'{"headline": ',  # invalid JSON
                b"\xff\xfe{}",  # invalid UTF-8
                b'{"headline": 7}',  # the wrong type
                b'{"summary": "no title, no text"}',  # neither title nor text
                b'"a string"',  # not an object
            ]
        ),
        errors=st.sampled_from(["raise", "warn", "collect"]),
        data=st.data(),
    )
    def test_bad_line_foreign(
        self,
        scratch: Path,
        titles: list[str],
        bad: bytes,
        errors: str,
        data: st.DataObject,
    ) -> None:
        """Someone else's file with a bad line: as the serial loader reports it."""
        lines = _foreign_lines(titles, ["Talks resumed."] * len(titles))
        lines.insert(data.draw(st.integers(0, len(lines)), label="where"), bad)
        _blocks_match_serial(scratch / "broken-export.jsonl", lines, data, errors)

    @BLOCKS
    @given(
        titles=st.lists(texts(), min_size=2, max_size=6),
        data=st.data(),
    )
    def test_many_bad_lines(
        self, scratch: Path, titles: list[str], data: st.DataObject
    ) -> None:
        """Several bad lines across blocks: every good line read, each bad one said.

        As the serial loader does with ``errors="warn"``: the same articles,
        and a warning for each bad line, at its line, in order.
        """
        lines = _foreign_lines(titles, ["Talks resumed."] * len(titles))
        bad = data.draw(
            st.sets(st.integers(0, len(lines) - 1), min_size=1), label="bad"
        )
        for index in bad:
            lines[index] = lines[index][: len(lines[index]) // 2]  # cut short
        articles, warned = _blocks_match_serial(
            scratch / "cut.jsonl", lines, data, "warn"
        )
        assert len(articles) == len(lines) - len(bad)
        assert len(warned) == len(bad)

    def test_error_line_in_whole_file(self, tmp_path: Path) -> None:
        """The line of an error deep in a file counts every line before its block."""
        corpus = pt.Corpus(
            [Article(f"Day {n}", f"Round {n} of talks ended.") for n in range(40)]
        )
        path = tmp_path / "long.jsonl"
        pt.save(corpus, path)
        lines = path.read_bytes().splitlines(keepends=True)
        lines[30] = b'{"title": "Day 29", "text": \n'
        path.write_bytes(b"".join(lines))

        bag = articles_bag(path, blocksize=256)

        assert bag.npartitions > 10
        with pytest.raises(DecodeError, match=r"long\.jsonl:31: invalid JSON"):
            compute(bag, scheduler="sync")
        parts = cast(Any, bag).to_delayed()
        # Each later partition raises it too, so none can hide it on its own;
        # the first holds the records that start in its 256 bytes.
        with pytest.raises(DecodeError, match=r"long\.jsonl:31: invalid JSON"):
            compute(parts[-1], scheduler="sync")
        starts = list(itertools.accumulate(len(line) for line in lines))
        first = sum(start < 256 for start in starts[:-1])  # records after the header
        assert compute(parts[0], scheduler="sync") == list(corpus)[:first]

    def test_repeated_id_across_blocks(self, tmp_path: Path) -> None:
        """A peacetalks file repeats an id far apart: the positions in the file."""
        corpus = pt.Corpus(
            [Article(f"Day {n}", f"Talks, round {n}.") for n in range(30)]
        )
        path = tmp_path / "twice.jsonl"
        pt.save(corpus, path)
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join([*lines, lines[2]]))

        with pytest.raises(DuplicateIdError) as serial:
            list(pt.iter_articles(path))
        with pytest.raises(DuplicateIdError) as blocks:
            compute(articles_bag(path, blocksize=100), scheduler="sync")

        assert (blocks.value.first, blocks.value.second) == (1, 30)
        assert str(blocks.value) == str(serial.value)

    def test_no_deduplication(self, tmp_path: Path) -> None:
        """The same story twice, in two blocks: both kept, as by iter_articles.

        `pt.load` keeps one; a bag never de-duplicates, and refuses to be
        asked to.
        """
        record = b'{"headline": "Talks", "body": "Delegations met in Istanbul."}\n'
        path = tmp_path / "twice.jsonl"
        path.write_bytes(record * 2)

        found = _bag_list(path, blocksize=len(record))

        assert len(found) == 2
        assert found == list(pt.iter_articles(path))
        assert len(pt.load(path)) == 1
        with pytest.raises(ValueError, match="does not de-duplicate"):
            articles_bag(path, blocksize=10, duplicates="keep-first")
        with pytest.raises(ValueError, match="does not de-duplicate"):
            articles_bag(path, duplicates="merge")

    def test_sidecar(self, tmp_path: Path) -> None:
        """A sidecar fills text files, never JSON Lines records, cut or not."""
        folder = tmp_path / "news"
        folder.mkdir()
        (folder / "a.txt").write_text(
            "Talks\n\nRussia wants to cap Ukraine's army.", encoding="utf-8"
        )
        corpus = pt.Corpus([Article(f"Day {n}", f"Round {n}.") for n in range(6)])
        pt.save(corpus, folder / "days.jsonl")
        (tmp_path / "meta.csv").write_text(
            "file,date,outlet\na.txt,2022-03-29,Reuters\ndays.jsonl,2021-01-01,AP\n",
            encoding="utf-8",
        )
        options: dict[str, Any] = {"sidecar": tmp_path / "meta.csv"}

        bag = articles_bag(folder, blocksize=64, **options)
        found = compute(bag, scheduler="sync")

        assert bag.npartitions > 2
        assert found == list(pt.iter_articles(folder, **options))
        assert (found[0].outlet, found[0].published.label) == ("Reuters", "2022-03-29")
        assert found[1:] == list(corpus)

    def test_other_files_stay_whole(self, tmp_path: Path) -> None:
        """Text, JSON, CSV and archives are one partition each, whatever their size."""
        corpus = pt.Corpus([Article(f"Day {n}", f"Round {n}.") for n in range(5)])
        pt.save(corpus, tmp_path / "a.json")
        pt.save(corpus, tmp_path / "b.csv")
        (tmp_path / "c.txt").write_text("Talks\n\n" + "They met. " * 50, "utf-8")
        big = pt.Corpus([Article(f"Big {n}", f"Talk {n}.") for n in range(5)])
        pt.save(big, tmp_path / "d.ndjson")
        with zipfile.ZipFile(tmp_path / "e.zip", "w") as bundle:
            bundle.write(tmp_path / "d.ndjson", "inner.jsonl")
        blocksize = 100
        blocks = math.ceil((tmp_path / "d.ndjson").stat().st_size / blocksize)

        bag = articles_bag(tmp_path, blocksize=blocksize)

        assert bag.npartitions == 4 + blocks
        assert compute(bag, scheduler="sync") == list(pt.iter_articles(tmp_path))

    def test_blocksize_strings(self, corpus_folder: Path) -> None:
        """Sizes as Dask writes them; files smaller than a block stay whole."""
        bag = articles_bag(corpus_folder, blocksize="64 MiB")
        assert bag.npartitions == 5
        assert compute(bag, scheduler="sync") == list(pt.iter_articles(corpus_folder))
        assert articles_bag(corpus_folder, blocksize="1kB").npartitions > 5

    @pytest.mark.parametrize(
        ("blocksize", "error", "message"),
        [
            (0, ValueError, "at least 1 byte"),
            ("0 MiB", ValueError, "at least 1 byte"),
            ("", ValueError, "at least 1 byte"),
            ("-5", ValueError, "at least 1 byte"),
            ("64 parsecs", ValueError, "blocksize: Could not interpret"),
            (True, TypeError, "a number of bytes or a string"),
            (1.5, TypeError, "a number of bytes or a string"),
        ],
    )
    def test_bad_blocksize(
        self, corpus_folder: Path, blocksize: Any, error: type, message: str
    ) -> None:
        with pytest.raises(error, match=message):
            articles_bag(corpus_folder, blocksize=blocksize)

    def test_not_with_npartitions(self, corpus_folder: Path) -> None:
        with pytest.raises(ValueError, match=r"npartitions .* or blocksize, not both"):
            articles_bag(corpus_folder, blocksize=100, npartitions=2)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A file gone before the tasks run: the loader's error, reported once."""
        path = tmp_path / "gone.jsonl"
        pt.save(pt.Corpus([Article(f"D{n}", "Talks.") for n in range(9)]), path)
        strict = articles_bag(path, blocksize=64)
        lenient = articles_bag(path, blocksize=64, errors="warn")
        path.unlink()

        with pytest.raises(FormatError, match=r"gone\.jsonl: no such file"):
            compute(strict, scheduler="sync")
        found, warned = _outcome(lambda: compute(lenient, scheduler="sync"))
        assert strict.npartitions > 2
        assert found == []
        assert warned == [f"{path.as_posix()}: no such file or folder (FormatError)"]

    def test_cluster(self, client: Client, corpus_folder: Path, tmp_path: Path) -> None:
        """On worker processes: the serial findings and records, and the errors."""
        bag = articles_bag(corpus_folder, blocksize=300)
        expected = pt.RuleExtractor().findings(pt.iter_articles(corpus_folder))

        assert bag.npartitions > 10
        assert compute(extract_bag(bag)) == _serial(corpus_folder)
        assert _rows(findings_frame(bag)) == [
            {key: record.get(key) for key in RECORD_KEYS}
            for record in expected.to_records()
        ]

        broken = tmp_path / "broken.jsonl"
        lines = (corpus_folder / "part-2.jsonl").read_bytes().splitlines(keepends=True)
        broken.write_bytes(b"".join([*lines[:5], b"\xff\n", *lines[5:]]))
        with pytest.raises(DecodeError, match=r"broken\.jsonl:6: invalid UTF-8"):
            compute(articles_bag(broken, blocksize=200))


class TestExtractBag:
    @pytest.mark.parametrize("npartitions", [None, 2])
    def test_equals_serial(
        self, client: Client, corpus_folder: Path, npartitions: int | None
    ) -> None:
        """Findings equal the serial Extractor's, in the same order."""
        bag = articles_bag(corpus_folder, npartitions=npartitions)

        found = compute(extract_bag(bag))

        assert found == _serial(corpus_folder)
        assert len(found) > 20

    def test_sample(self, client: Client) -> None:
        """On the bundled sample too."""
        folder = pt.datasets.sample_path()
        options: dict[str, Any] = {
            "pattern": "*.txt",
            "sidecar": folder / "metadata.json",
        }

        found = compute(extract_bag(articles_bag(folder, **options)))

        assert found == _serial(folder, **options)

    def test_lexicon(self, client: Client, corpus_folder: Path) -> None:
        """A lexicon given is shipped to the workers and read with."""
        lexicon = Lexicon.default()
        bag = articles_bag(corpus_folder)
        found = compute(extract_bag(bag, lexicon))
        assert found == _serial(corpus_folder)

    def test_local_schedulers(self, corpus_folder: Path) -> None:
        """Dask's own threads and sync schedulers give the same result."""
        bag = extract_bag(articles_bag(corpus_folder, npartitions=3))
        expected = _serial(corpus_folder)
        assert compute(bag, scheduler="sync") == expected
        assert compute(bag, scheduler="threads") == expected


def _rows(frame: Any) -> list[dict[str, Any]]:
    records = compute(frame).to_dict("records")
    return [
        {key: (None if value is None or value != value else value)  # NaN, NA
         for key, value in record.items()}
        for record in records
    ]  # fmt: skip


class TestFindingsFrame:
    def test_articles_bag(self, client: Client, corpus_folder: Path) -> None:
        """From articles: the serial records, path included, row by row."""
        frame = findings_frame(articles_bag(corpus_folder, npartitions=2))
        expected = pt.RuleExtractor().findings(pt.iter_articles(corpus_folder))

        assert list(frame.columns) == list(RECORD_KEYS)
        assert _rows(frame) == [
            {key: record.get(key) for key in RECORD_KEYS}
            for record in expected.to_records()
        ]

    def test_findings_bag(self, client: Client, corpus_folder: Path) -> None:
        """From findings: the same rows without paths."""
        bag = extract_bag(articles_bag(corpus_folder))
        expected = pt.RuleExtractor().findings(pt.iter_articles(corpus_folder))

        rows = _rows(findings_frame(bag))

        assert [row["path"] for row in rows] == [None] * len(expected)
        assert [row["quote"] for row in rows] == [
            r["quote"] for r in expected.to_records()
        ]

    def test_types(self, corpus_folder: Path) -> None:
        """Columns have fixed types, so partitions and runs stack."""
        frame = findings_frame(articles_bag(corpus_folder))
        dtypes = {key: str(kind) for key, kind in frame.dtypes.items()}

        assert dtypes["start"] == "Int64"
        assert dtypes["value"] == "float64"
        assert dtypes["actor"] == "string"
        computed = compute(frame, scheduler="sync")
        assert {key: str(kind) for key, kind in computed.dtypes.items()} == dtypes

    def test_query(self, client: Client, corpus_folder: Path) -> None:
        """The frame answers ordinary dataframe questions across partitions."""
        frame = findings_frame(articles_bag(corpus_folder))
        troops = compute(frame[frame["metric"] == "troops"]["value"].max())
        assert troops == 85_000


class TestMissingExtra:
    def test_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without Dask, the error says to install the dask extra."""
        monkeypatch.setitem(sys.modules, "dask.bag", None)
        with pytest.raises(MissingExtraError, match=r"peacetalks\[dask\]"):
            articles_bag(pt.datasets.sample_path())
        with pytest.raises(MissingExtraError, match=r"peacetalks\[dask\]"):
            _optional.dask_bag("articles_bag()")
