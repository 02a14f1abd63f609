"""Tests for peacetalks.integrations.parquet: findings and articles as Parquet."""

from __future__ import annotations

import datetime
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import _optional
from peacetalks.errors import (
    DecodeError,
    FormatError,
    MissingExtraError,
    ValidationError,
    WriteError,
)
from peacetalks.findings import RECORD_KEYS, Findings, to_record
from peacetalks.integrations.parquet import (
    ARTICLE_COLUMNS,
    BATCH_ROWS,
    read_parquet,
    write_articles_parquet,
    write_parquet,
)
from peacetalks.model import Article, Demand, Position, Published, Quantity
from peacetalks.serialize import Finding
from tests.strategies import articles, findings

file_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _without_raw_date(finding: Finding) -> Finding:
    date = finding.date
    return attrs.evolve(finding, date=Published(None, date.date, date.precision))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


class TestFindings:
    @file_settings
    @given(items=st.lists(findings(), max_size=5))
    def test_round_trip(self, items: list[Finding]) -> None:
        """Any findings survive a Parquet file as they survive records."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "found.parquet"
            assert write_parquet(found, path) == len(items)

            back = read_parquet(path)

        assert back.items == tuple(_without_raw_date(f) for f in items)
        assert back.to_records() == found.to_records()

    def test_sample_round_trip(self, folder: Path) -> None:
        """The sample's findings come back equal, with each article's path."""
        found = pt.datasets.sample().extract()
        path = folder / "sample.parquet"
        write_parquet(found, path)

        back = read_parquet(path)

        assert back.to_records() == found.to_records()
        assert all(
            f.evidence is not None and back.articles[f.evidence.article_id]
            for f in back
        )

    def test_schema(self, folder: Path) -> None:
        """Columns are the record keys with fixed types, whatever the rows."""
        path = folder / "found.parquet"
        write_parquet([Position("Russia", "neutrality", "supports")], path)

        schema = pq.read_schema(path)

        assert schema.names == list(RECORD_KEYS)
        assert schema.field("start").type == pa.int64()
        assert schema.field("value").type == pa.float64()
        assert schema.field("actor").type == pa.string()
        row = pq.read_table(path).to_pylist()[0]
        assert row["actor"] == "Russia"
        assert row["value"] is None

    def test_records_and_findings(self, folder: Path) -> None:
        """Records and bare findings are written alike."""
        demand = Demand("Russia", "troops", Quantity(85_000, unit="personnel"))
        by_finding, by_record = folder / "a.parquet", folder / "b.parquet"
        write_parquet([demand], by_finding)
        write_parquet([to_record(demand)], by_record)

        assert pq.read_table(by_finding).equals(pq.read_table(by_record))
        assert read_parquet(by_record).demands[0] == demand

    def test_streams_in_batches(self, folder: Path) -> None:
        """A generator longer than a batch is written whole, in order."""
        count = BATCH_ROWS + 7

        def generate() -> Iterator[Finding]:
            for index in range(count):
                yield Demand("Russia", "tanks", Quantity(index))

        path = folder / "many.parquet"
        assert write_parquet(generate(), path) == count
        values = pq.read_table(path, columns=["value"]).column("value").to_pylist()
        assert values == [float(index) for index in range(count)]

    def test_empty(self, folder: Path) -> None:
        """No findings make a file with the columns and no rows."""
        path = folder / "none.parquet"
        assert write_parquet([], path) == 0
        assert len(read_parquet(path)) == 0
        assert pq.read_schema(path).names == list(RECORD_KEYS)

    def test_interrupted_write_keeps_old_file(self, folder: Path) -> None:
        """A failing input leaves the old file exactly as it was."""
        path = folder / "found.parquet"
        write_parquet([Position("Russia", "neutrality", "supports")], path)
        before = path.read_bytes()

        def broken() -> Iterator[Finding]:
            yield Position("Ukraine", "neutrality", "opposes")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError, match="disk on fire"):
            write_parquet(broken(), path)

        assert path.read_bytes() == before
        assert [p.name for p in folder.iterdir()] == ["found.parquet"]

    def test_missing_folder(self, folder: Path) -> None:
        """A folder that does not exist is a WriteError."""
        with pytest.raises(WriteError):
            write_parquet([], folder / "no" / "found.parquet")


class TestReadErrors:
    def test_missing_file(self, folder: Path) -> None:
        """A missing file is a FormatError naming it."""
        with pytest.raises(FormatError, match="no such file"):
            read_parquet(folder / "none.parquet")

    def test_not_parquet(self, folder: Path) -> None:
        """Another file is a DecodeError naming it."""
        path = folder / "found.parquet"
        path.write_text('{"type": "demand"}\n', encoding="utf-8")
        with pytest.raises(DecodeError, match="not a Parquet file") as info:
            read_parquet(path)
        assert info.value.path == str(path)

    def test_bad_row(self, folder: Path) -> None:
        """A row that is not a record names its index and key."""
        path = folder / "found.parquet"
        table = pa.table(
            {"type": ["position", "demand"], "actor": ["Russia", "Russia"],
             "issue": ["neutrality", None], "stance": ["supports", None],
             "metric": [None, "troops"], "value": [None, "many"]}
        )  # fmt: skip
        pq.write_table(table, path)
        with pytest.raises(ValidationError, match=r"\$\[1\]\.value") as info:
            read_parquet(path)
        assert "$[1].value: expected a number, got str" in str(info.value)

    def test_unknown_column(self, folder: Path) -> None:
        """A column that is no record key is refused."""
        path = folder / "found.parquet"
        pq.write_table(pa.table({"type": ["position"], "colour": ["red"]}), path)
        with pytest.raises(ValidationError, match="unknown key 'colour'"):
            read_parquet(path)


class TestArticles:
    def test_sample(self, folder: Path) -> None:
        """Each article is a row with its fields and its date split in three."""
        corpus = pt.datasets.sample()
        path = folder / "articles.parquet"

        assert write_articles_parquet(corpus, path) == len(corpus)

        table = pq.read_table(path)
        assert table.schema.names == list(ARTICLE_COLUMNS)
        rows = table.to_pylist()
        assert [row["id"] for row in rows] == [article.id for article in corpus]
        first, article = rows[0], corpus[0]
        assert first["text"] == article.text
        assert first["authors"] == list(article.authors)
        assert first["published"] == article.published.date
        assert first["published_precision"] == article.published.precision.value
        assert first["path"] == article.path

    @file_settings
    @given(items=st.lists(articles(), max_size=4))
    def test_any_articles(self, items: list[Article]) -> None:
        """Any article's fields are written exactly (but for ``extra``)."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "articles.parquet"
            write_articles_parquet(iter(items), path)
            rows = pq.read_table(path).to_pylist()

        assert len(rows) == len(items)
        for row, article in zip(rows, items, strict=True):
            assert row["id"] == article.id
            assert (row["title"], row["text"]) == (article.title, article.text)
            assert (row["outlet"], row["url"]) == (article.outlet, article.url)
            assert row["authors"] == list(article.authors)
            assert row["language"] == article.language
            assert row["published"] == article.published.date
            assert row["published_raw"] == article.published.raw

    def test_month_precision(self, folder: Path) -> None:
        """A month-precise date is its first day, with precision 'month'."""
        published = Published("March 2022", datetime.date(2022, 3, 1), "month")
        path = folder / "a.parquet"
        write_articles_parquet([Article("T", "x", published=published)], path)
        row = pq.read_table(path).to_pylist()[0]
        assert (row["published"], row["published_precision"]) == (
            datetime.date(2022, 3, 1),
            "month",
        )


class TestMissingExtra:
    def test_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pyarrow, the error says to install the parquet extra."""
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
        with pytest.raises(MissingExtraError, match=r"peacetalks\[parquet\]"):
            _optional.parquet("read_parquet()")
