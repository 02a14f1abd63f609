"""Tests for peacetalks.integrations.dask, on a local Dask cluster.

The cluster runs two worker processes, so articles, findings, lexicons and
errors are pickled between processes as they would be on other machines.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

import peacetalks as pt
from peacetalks import _optional
from peacetalks.errors import DecodeError, FormatError, MissingExtraError
from peacetalks.findings import RECORD_KEYS
from peacetalks.integrations.dask import articles_bag, extract_bag, findings_frame
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article
from peacetalks.serialize import Finding

SENTENCES = (
    "Russia wants to cap Ukraine's army at {n},000 troops.",
    "Ukraine offered to never join NATO.",
    "Kyiv proposed a ceasefire of {n} days, the Kremlin said.",
    "Nothing was agreed on {n} March.",
)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        new_cluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
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
    return list(pt.Extractor().iter_extract(pt.iter_articles(source, **options)))


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
        """A folder with no articles is an empty bag."""
        bag = articles_bag(tmp_path)
        assert compute(bag, scheduler="sync") == []

    def test_bad_options(self, corpus_folder: Path) -> None:
        """Bad options fail before any task runs."""
        with pytest.raises(ValueError, match="npartitions must be at least 1"):
            articles_bag(corpus_folder, npartitions=0)
        with pytest.raises(TypeError):
            articles_bag(corpus_folder, colour="red")
        with pytest.raises(ValueError, match="'errors' must be one of"):
            articles_bag(corpus_folder, errors="ignore")


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
        expected = pt.Extractor().findings(pt.iter_articles(corpus_folder))

        assert list(frame.columns) == list(RECORD_KEYS)
        assert _rows(frame) == [
            {key: record.get(key) for key in RECORD_KEYS}
            for record in expected.to_records()
        ]

    def test_findings_bag(self, client: Client, corpus_folder: Path) -> None:
        """From findings: the same rows without paths."""
        bag = extract_bag(articles_bag(corpus_folder))
        expected = pt.Extractor().findings(pt.iter_articles(corpus_folder))

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
