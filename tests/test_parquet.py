"""Tests for peacetalks.integrations.parquet: findings and articles as Parquet."""

from __future__ import annotations

import datetime
import functools
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import _optional
from peacetalks.errors import (
    DecodeError,
    DuplicateIdError,
    FormatError,
    LoadError,
    MissingExtraError,
    ValidationError,
    WriteError,
)
from peacetalks.findings import RECORD_KEYS, Findings, to_record
from peacetalks.integrations import parquet
from peacetalks.integrations.parquet import (
    ARTICLE_COLUMNS,
    BATCH_ROWS,
    FINDING_COLUMNS,
    holds_findings,
    iter_articles_parquet,
    read_articles_parquet,
    read_parquet,
    write_articles_parquet,
    write_parquet,
)
from peacetalks.model import Article, Demand, Position, Published, Quantity
from peacetalks.serialize import Finding
from tests.strategies import articles, corpora, findings

file_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

SCALE_DOC = Path(__file__).parent.parent / "docs" / "scale.md"

#: The DuckDB type a user sees for each findings column.
FINDING_TYPES = {
    **dict.fromkeys(FINDING_COLUMNS, "VARCHAR"),
    "date": "DATE",
    "start": "BIGINT",
    "end": "BIGINT",
    "value": "DOUBLE",
    "low": "DOUBLE",
    "high": "DOUBLE",
    "confidence": "DOUBLE",
}

#: The DuckDB type a user sees for each articles column.
ARTICLE_TYPES = {
    **dict.fromkeys(ARTICLE_COLUMNS, "VARCHAR"),
    "authors": "VARCHAR[]",
    "published": "DATE",
    "extra": "JSON",
}


def _without_raw_date(finding: Finding) -> Finding:
    date = finding.date
    return attrs.evolve(finding, date=Published(None, date.date, date.precision))


def _extra_json(items: list[Article]) -> list[str]:
    # Equality says 1 == 1.0 and 0.0 == -0.0; the JSON text tells them apart.
    return [json.dumps(article.extra) for article in items]


def _sql(query: str, *params: object) -> list[tuple[Any, ...]]:
    with duckdb.connect() as connection:
        return connection.execute(query, list(params)).fetchall()


def _duckdb_types(path: Path) -> dict[str, str]:
    rows = _sql(
        "SELECT column_name, column_type FROM (DESCRIBE FROM read_parquet(?))",
        str(path),
    )
    return dict(rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


class TestFindings:
    @file_settings
    @given(items=st.lists(findings(), max_size=5))
    def test_round_trip(self, items: list[Finding]) -> None:
        """Any findings survive a Parquet file whole: the date's raw text too."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "found.parquet"
            assert write_parquet(found, path) == len(items)

            back = read_parquet(path)

        assert back.items == found.items
        assert back == found
        assert back.to_records() == found.to_records()

    @pytest.mark.slow  # ~2 s: a Parquet file written and read per example
    @file_settings
    @given(items=st.lists(findings(), max_size=5))
    def test_records_have_no_raw_date(self, items: list[Finding]) -> None:
        """Records keep no raw date text: written as records, it is null."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "records.parquet"
            write_parquet(found.to_records(), path)

            back = read_parquet(path)

        assert back.items == tuple(_without_raw_date(f) for f in items)

    def test_sample_round_trip(self, folder: Path) -> None:
        """The sample's findings come back equal, with each article's path."""
        found = pt.datasets.sample().extract()
        path = folder / "sample.parquet"
        write_parquet(found, path)

        back = read_parquet(path)

        assert back.to_records() == found.to_records()
        assert back.articles == found.articles

    def test_schema(self, folder: Path) -> None:
        """Columns are the record keys with fixed types, whatever the rows."""
        path = folder / "found.parquet"
        write_parquet([Position("Russia", "neutrality", "supports")], path)

        schema = pq.read_schema(path)

        assert schema.names == list(FINDING_COLUMNS)
        assert [
            n for n in schema.names if n not in ("date_precision", "date_raw")
        ] == list(RECORD_KEYS)
        assert FINDING_COLUMNS[3:6] == ("date", "date_precision", "date_raw")
        assert schema.field("start").type == pa.int64()
        assert schema.field("value").type == pa.float64()
        assert schema.field("date").type == pa.date32()
        assert schema.field("actor").type == pa.string()
        row = pq.read_table(path).to_pylist()[0]
        assert row["actor"] == "Russia"
        assert row["value"] is None

    @pytest.mark.parametrize(
        ("published", "date", "precision"),
        [
            (
                Published("2022", datetime.date(2022, 1, 1), "year"),
                "2022-01-01",
                "year",
            ),
            (
                Published("May", datetime.date(2022, 5, 1), "month"),
                "2022-05-01",
                "month",
            ),
            (Published(None, datetime.date(2022, 5, 9), "day"), "2022-05-09", "day"),
            (Published(), None, "unknown"),
        ],
    )
    def test_date_column(
        self, folder: Path, published: Published, date: str | None, precision: str
    ) -> None:
        """A finding's date is a date (its period's first day) and a precision."""
        path = folder / "found.parquet"
        write_parquet(
            [Position("Russia", "neutrality", "supports", date=published)], path
        )

        row = pq.read_table(path).to_pylist()[0]

        expected = None if date is None else datetime.date.fromisoformat(date)
        assert (row["date"], row["date_precision"]) == (expected, precision)
        assert row["date_raw"] == published.raw
        assert read_parquet(path)[0].date == published  # raw text included

    def test_records_and_findings(self, folder: Path) -> None:
        """Records and bare findings are written alike."""
        demand = Demand("Russia", "troops", Quantity(85_000, unit="personnel"))
        by_finding, by_record = folder / "a.parquet", folder / "b.parquet"
        write_parquet([demand], by_finding)
        write_parquet([to_record(demand)], by_record)

        assert pq.read_table(by_finding).equals(pq.read_table(by_record))
        assert read_parquet(by_record).demands[0] == demand

    def test_record_article_and_path_kept(self, folder: Path) -> None:
        """A record without a quote keeps its article id and path."""
        record = to_record(
            Position("Russia", "neutrality", "supports"), path="a.txt", article="a1"
        )
        path = folder / "found.parquet"
        write_parquet([record], path)

        row = pq.read_table(path).to_pylist()[0]

        assert (row["article"], row["path"]) == ("a1", "a.txt")
        assert dict(read_parquet(path).articles) == {"a1": "a.txt"}

    @pytest.mark.parametrize(
        ("change", "where"),
        [
            ({"value": "many"}, r"\$\[1\]\.value: expected a number, got str"),
            ({"date": "March 2022"}, r"\$\[1\]\.date: expected a date as YYYY"),
            ({"colour": "red"}, r"\$\[1\]: unknown key 'colour'"),
        ],
    )
    def test_bad_record_refused(
        self, folder: Path, change: dict[str, object], where: str
    ) -> None:
        """A bad record is a ValidationError naming it, and nothing is written."""
        good = to_record(Demand("Russia", "troops", Quantity(85_000)))
        path = folder / "found.parquet"
        with pytest.raises(ValidationError, match=where):
            write_parquet([good, {**good, **change}], path)
        assert list(folder.iterdir()) == []

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
        assert pq.read_schema(path).names == list(FINDING_COLUMNS)

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


class TestArticles:
    @file_settings
    @given(corpus=corpora())
    def test_round_trip(self, corpus: pt.Corpus) -> None:
        """Any corpus comes back equal: every field, ``extra`` and dates included."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "articles.parquet"
            assert write_articles_parquet(corpus, path) == len(corpus)

            back = read_articles_parquet(path)

        assert back == corpus
        assert _extra_json(list(back)) == _extra_json(list(corpus))

    @file_settings
    @given(items=st.lists(articles(), max_size=4))
    def test_iter_round_trip(self, items: list[Article]) -> None:
        """The iterator gives the articles back in order, duplicate ids too."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "articles.parquet"
            write_articles_parquet(iter(items + items[:1]), path)

            back = list(iter_articles_parquet(path))

        assert back == items + items[:1]
        assert _extra_json(back) == _extra_json(items + items[:1])

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
        assert json.loads(first["extra"]) == article.extra
        assert read_articles_parquet(path) == corpus

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

    def test_reads_lazily_in_batches(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Rows are read a batch at a time; an error names its row across batches."""
        monkeypatch.setattr(parquet, "BATCH_ROWS", 3)
        items = [Article(f"t{n}", "x") for n in range(8)]
        path = folder / "articles.parquet"
        precisions = [None] * 6 + ["daily", None]
        columns: dict[str, list[Any]] = {"id": [a.id for a in items], "text": ["x"] * 8}
        columns["title"] = [a.title for a in items]
        columns["published_precision"] = precisions
        table = pa.table(columns)
        pq.write_table(table, path)

        read = iter_articles_parquet(path)
        first = [next(read) for _ in range(6)]

        assert first == items[:6]
        with pytest.raises(ValidationError, match=r"\$\[6\]\.published_precision"):
            next(read)

    def test_missing_columns_take_defaults(self, folder: Path) -> None:
        """A file with some columns reads; a missing id is derived as usual."""
        path = folder / "articles.parquet"
        pq.write_table(
            pa.table({"title": ["Talks"], "text": ["Delegations met."]}), path
        )

        (article,) = read_articles_parquet(path)

        assert article == Article("Talks", "Delegations met.")

    def test_duplicate_ids(self, folder: Path) -> None:
        """A corpus needs unique ids: the error names the file and both rows."""
        article = Article("T", "x")
        path = folder / "articles.parquet"
        write_articles_parquet([Article("A", "y"), article, article], path)

        with pytest.raises(DuplicateIdError) as info:
            read_articles_parquet(path)

        assert (info.value.path, info.value.first, info.value.second) == (
            str(path),
            1,
            2,
        )
        assert len(list(iter_articles_parquet(path))) == 3

    def test_interrupted_write_keeps_old_file(self, folder: Path) -> None:
        """A failing input leaves the old file exactly as it was."""
        path = folder / "articles.parquet"
        write_articles_parquet([Article("A", "x")], path)
        before = path.read_bytes()

        def broken() -> Iterator[Article]:
            yield Article("B", "y")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError, match="disk on fire"):
            write_articles_parquet(broken(), path)

        assert path.read_bytes() == before


def _articles_file(folder: Path, **columns: pa.Array | list[object]) -> Path:
    """A one-row articles file with the given columns (and an id)."""
    path = folder / "articles.parquet"
    pq.write_table(pa.table({"id": ["a1"], **columns}), path)
    return path


def _error_of(read: Callable[[Path], object], path: Path) -> LoadError | None:
    try:
        read(path)
    except LoadError as error:
        return error
    return None


@functools.cache
def _sample_file(*, articles: bool) -> bytes:
    """The sample's articles, or its findings, as the bytes of a Parquet file."""
    corpus = pt.datasets.sample()
    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / "file.parquet"
        if articles:
            write_articles_parquet(corpus, path)
        else:
            write_parquet(corpus.extract(), path)
        return path.read_bytes()


class TestReadErrors:
    @pytest.mark.parametrize("read", [read_parquet, read_articles_parquet])
    def test_missing_file(self, folder: Path, read: Any) -> None:
        """A missing file is a FormatError naming it."""
        with pytest.raises(FormatError, match="no such file"):
            read(folder / "none.parquet")

    @pytest.mark.parametrize("read", [read_parquet, read_articles_parquet])
    def test_not_parquet(self, folder: Path, read: Any) -> None:
        """Another file is a DecodeError naming it."""
        path = folder / "found.parquet"
        path.write_text('{"type": "demand"}\n', encoding="utf-8")
        with pytest.raises(DecodeError, match="not a Parquet file") as info:
            read(path)
        assert info.value.path == str(path)

    @pytest.mark.parametrize("read", [read_parquet, read_articles_parquet])
    def test_truncated(self, folder: Path, read: Any) -> None:
        """A truncated file (the footer lost) is a DecodeError naming it."""
        path = folder / "file.parquet"
        write_articles_parquet(pt.datasets.sample(), path)
        path.write_bytes(path.read_bytes()[:-100])
        with pytest.raises(DecodeError, match="truncated") as info:
            read(path)
        assert info.value.path == str(path)

    def test_unreadable_rows(self, folder: Path) -> None:
        """A value Python cannot hold (a date after 9999) names the file and rows."""
        day = pa.array([2_932_897], pa.date32())  # 10000-01-01
        path = _articles_file(folder, published=day, published_precision=["day"])
        with pytest.raises(DecodeError, match="cannot read the rows from 0") as info:
            read_articles_parquet(path)
        assert info.value.path == str(path)

    def test_findings_file_as_articles(self, folder: Path) -> None:
        """Another kind of file is refused by its columns, before any row is read."""
        path = folder / "found.parquet"
        write_parquet([], path)
        with pytest.raises(ValidationError, match="column 'type': unknown column"):
            read_articles_parquet(path)
        write_articles_parquet([], path)
        with pytest.raises(ValidationError, match="column 'title': unknown column"):
            read_parquet(path)

    def test_unknown_column(self, folder: Path) -> None:
        """A column that is no record key is refused."""
        path = folder / "found.parquet"
        pq.write_table(pa.table({"type": ["position"], "colour": ["red"]}), path)
        with pytest.raises(ValidationError, match="column 'colour': unknown column"):
            read_parquet(path)

    @pytest.mark.parametrize(
        ("column", "values", "expected"),
        [
            ("value", ["many"], "numbers"),
            ("start", [1.5], "integers"),
            ("date", ["2022-03"], "dates"),
            ("actor", [1], "strings"),
        ],
    )
    def test_findings_column_type(
        self, folder: Path, column: str, values: list[object], expected: str
    ) -> None:
        """A findings column of the wrong type is named, with both types."""
        path = folder / "found.parquet"
        pq.write_table(pa.table({"type": ["demand"], column: values}), path)
        with pytest.raises(
            ValidationError, match=f"'{column}': expected {expected}"
        ) as info:
            read_parquet(path)
        assert info.value.path == str(path)

    @pytest.mark.parametrize(
        "timestamp", [pa.timestamp("us"), pa.timestamp("us", tz="UTC")]
    )
    def test_published_timestamp(self, folder: Path, timestamp: pa.DataType) -> None:
        """A timestamp, with or without a time zone, is not a date: it is refused."""
        stamp = datetime.datetime(2022, 3, 29, 23, 30, tzinfo=datetime.UTC)
        value = pa.array(
            [stamp if timestamp.tz else stamp.replace(tzinfo=None)], timestamp
        )
        path = _articles_file(folder, published=value)
        with pytest.raises(
            ValidationError,
            match=r"column 'published': expected dates \(DATE\), got timestamp",
        ):
            read_articles_parquet(path)

    @pytest.mark.parametrize(
        ("columns", "where"),
        [
            ({"published_precision": ["daily"]}, r"\$\[0\]\.published_precision"),
            ({"published": pa.array([datetime.date(2022, 3, 5)]),
              "published_precision": ["month"]}, r"\$\[0\]\.published: .*first day"),
            ({"published": pa.array([datetime.date(2022, 3, 1)])},
             r"\$\[0\]\.published_precision: required with a date"),
            ({"extra": ['{"a": ']}, r"\$\[0\]\.extra: invalid JSON"),
            ({"extra": ["[1, 2]"]}, r"\$\[0\]\.extra: .*expected a JSON object"),
            ({"extra": ['{"a": NaN}']}, r"\$\[0\]\.extra: invalid JSON"),
            ({"authors": [["Ann", None]]}, r"\$\[0\]\.authors"),
            ({"id": [" "]}, r"\$\[0\]\.id: .*must not be empty"),
        ],
    )  # fmt: skip
    def test_bad_article_row(
        self, folder: Path, columns: dict[str, Any], where: str
    ) -> None:
        """A bad value is a ValidationError naming the file, row and column."""
        path = folder / "articles.parquet"
        pq.write_table(pa.table({"id": ["a1"], **columns}), path)
        with pytest.raises(ValidationError, match=where) as info:
            read_articles_parquet(path)
        assert info.value.path == str(path)

    @pytest.mark.parametrize(
        ("columns", "where"),
        [
            ({"type": ["quote"]}, r"\$\[0\]\.type: must be one of"),
            ({"date_precision": ["daily"]},
             r"\$\[0\]\.date_precision: expected one of"),
            ({"date": pa.array([datetime.date(2022, 3, 5)]),
              "date_precision": ["year"]}, r"\$\[0\]\.date: .*first day"),
            ({"date": pa.array([datetime.date(2022, 3, 1)])},
             r"\$\[0\]\.date_precision: required with a date"),
        ],
    )  # fmt: skip
    def test_bad_finding_row(
        self, folder: Path, columns: dict[str, Any], where: str
    ) -> None:
        """A bad findings row names the file, row and column."""
        path = folder / "found.parquet"
        base = {"type": ["position"], "actor": ["Russia"], "issue": ["neutrality"],
                "stance": ["supports"]}  # fmt: skip
        pq.write_table(pa.table({**base, **columns}), path)
        with pytest.raises(ValidationError, match=where) as info:
            read_parquet(path)
        assert info.value.path == str(path)

    def test_compatible_types(self, folder: Path) -> None:
        """Wider types other tools write (large strings, int32, float32) read."""
        path = folder / "found.parquet"
        table = pa.table({
            "type": pa.array(["demand"], pa.large_string()),
            "actor": pa.array(["Russia"]).dictionary_encode(),
            "metric": ["troops"],
            "value": pa.array([85_000], pa.int32()),
            "confidence": pa.array([0.5], pa.float32()),
            "date": pa.array([datetime.date(2022, 3, 1)], pa.date64()),
            "date_precision": ["month"],
        })  # fmt: skip
        pq.write_table(table, path)

        (demand,) = read_parquet(path)

        assert isinstance(demand, Demand)
        assert (demand.actor, demand.quantity.value, demand.confidence) == (
            "Russia",
            85_000.0,
            0.5,
        )
        assert demand.date.label == "2022-03"

    @settings(max_examples=60, deadline=None)
    @given(data=st.data())
    def test_damaged_files(self, data: st.DataObject) -> None:
        """A truncated or damaged file reads, or raises a LoadError naming it."""
        is_articles = data.draw(st.booleans())
        damaged = bytearray(_sample_file(articles=is_articles))
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "file.parquet"
            cut = data.draw(st.integers(1, len(damaged)))
            for _ in range(data.draw(st.integers(0, 4))):
                spot = data.draw(st.integers(0, len(damaged) - 1))
                damaged[spot] = data.draw(st.integers(0, 255))
            path.write_bytes(bytes(damaged[:cut]))
            read = read_articles_parquet if is_articles else read_parquet
            error = _error_of(read, path)
        assert error is None or error.path == str(path)


def _article_id(finding: Finding) -> str:
    assert finding.evidence is not None, "the sample's findings are quoted"
    return finding.evidence.article_id


def _date_article_start(demand: Demand) -> tuple[datetime.date, str, int]:
    """The documented ORDER BY: date, article, start."""
    assert demand.date.date is not None
    assert demand.evidence is not None
    return demand.date.date, demand.evidence.article_id, demand.evidence.start


@pytest.mark.slow  # DuckDB queries: ~8 s
class TestDuckDB:
    """DuckDB reads the files with SQL, with the types a user expects."""

    def test_findings_types(self, folder: Path) -> None:
        """Dates are DATE, numbers DOUBLE or BIGINT, the rest VARCHAR."""
        path = folder / "findings.parquet"
        write_parquet(pt.datasets.sample().extract(), path)
        assert _duckdb_types(path) == FINDING_TYPES

    def test_article_types(self, folder: Path) -> None:
        """``authors`` is a list, ``published`` a DATE and ``extra`` JSON."""
        corpus = pt.datasets.sample()
        path = folder / "articles.parquet"
        write_articles_parquet(corpus, path)

        assert _duckdb_types(path) == ARTICLE_TYPES
        rows = _sql(
            "SELECT id, published, authors, extra->>'$.outlet_from' "
            "FROM read_parquet(?)",
            str(path),
        )
        assert rows == [
            (a.id, a.published.date, list(a.authors), a.extra.get("outlet_from"))
            for a in corpus
        ]

    @file_settings
    @given(items=st.lists(findings(), max_size=6))
    def test_positions_per_actor_and_issue(self, items: list[Finding]) -> None:
        """A count in SQL is the count in Python, for any findings."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "findings.parquet"
            write_parquet(items, path)
            rows = _sql(
                "SELECT actor, issue, count(*) FROM read_parquet(?) "
                "WHERE type = 'position' GROUP BY actor, issue",
                str(path),
            )
        expected = Counter((p.actor, p.issue) for p in Findings(items).positions)
        assert {(actor, issue): n for actor, issue, n in rows} == expected
        assert len(rows) == len(expected)

    @file_settings
    @given(items=st.lists(findings(), max_size=6))
    def test_demands_by_date(self, items: list[Finding]) -> None:
        """Demands ordered by date in SQL are those Python sorts by date."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "findings.parquet"
            write_parquet(items, path)
            rows = _sql(
                "SELECT date, date_precision, actor, metric, value, low, high "
                "FROM read_parquet(?, file_row_number = true) WHERE type = 'demand' "
                "ORDER BY date NULLS LAST, file_row_number",
                str(path),
            )
        demands = sorted(
            Findings(items).demands,
            key=lambda d: (d.date.date is None, d.date.date or datetime.date.min),
        )
        assert rows == [
            (d.date.date, d.date.precision.value, d.actor, d.metric,
             d.quantity.value, d.quantity.low, d.quantity.high)
            for d in demands
        ]  # fmt: skip

    def test_duckdb_copy_reads_back(self, folder: Path) -> None:
        """A file DuckDB writes from a query of ours reads back as articles."""
        corpus = pt.datasets.sample()
        path, cnn = folder / "articles.parquet", folder / "cnn.parquet"
        write_articles_parquet(corpus, path)
        with duckdb.connect() as connection:
            connection.execute(
                f"COPY (SELECT * FROM read_parquet('{path}') WHERE outlet = 'CNN') "
                f"TO '{cnn}' (FORMAT parquet)"
            )

        assert list(read_articles_parquet(cnn)) == list(corpus.filter(outlet="CNN"))

    def test_documented_queries(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The SQL in docs/scale.md gives what Python computes on the sample."""
        text = SCALE_DOC.read_text(encoding="utf-8")
        section = text.partition("\n## Parquet\n")[2].split("\n## ", 1)[0]
        (block,) = re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)
        statements = [s for s in block.split(";") if s.strip()]
        assert len(statements) == 2, "update this test with the documented queries"
        corpus = pt.datasets.sample()
        found = corpus.extract()
        write_parquet(found, folder / "findings.parquet")
        write_articles_parquet(corpus, folder / "articles.parquet")
        monkeypatch.chdir(folder)

        with duckdb.connect() as connection:
            per_actor, troops = (connection.sql(s).fetchall() for s in statements)

        counts = Counter((p.actor, p.issue) for p in found.positions)
        assert per_actor == sorted(
            ((actor, issue, n) for (actor, issue), n in counts.items()),
            key=lambda row: (-row[2], row[0], row[1]),
        )
        demands = sorted(found.filter(metric="troops").demands, key=_date_article_start)
        assert troops == [
            (d.date.date, d.actor, d.quantity.value, d.quantity.low, d.quantity.high,
             d.quantity.bound.value, corpus.article(_article_id(d)).outlet)
            for d in demands
        ]  # fmt: skip
        assert len(troops) >= 2


class TestMissingExtra:
    def test_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pyarrow, the error says to install the parquet extra."""
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
        with pytest.raises(MissingExtraError, match=r"peacetalks\[parquet\]"):
            _optional.parquet("read_parquet()")


class TestBySuffix:
    """Corpus.save, Findings.save, save_records and convert write .parquet."""

    @file_settings
    @given(corpus=corpora())
    def test_corpus_save_and_load(self, corpus: pt.Corpus) -> None:
        """Corpus.save by the suffix, pt.load and Corpus.load: the same corpus."""
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "corpus.parquet"
            corpus.save(path)
            assert holds_findings(path) is False
            back = pt.Corpus.load(path)
            assert pt.load(path) == back
        assert back == corpus
        assert _extra_json(list(back)) == _extra_json(list(corpus))

    @pytest.mark.slow  # ~2 s: a Parquet file written and read per example
    @file_settings
    @given(items=st.lists(findings(), max_size=5))
    def test_findings_save_and_load(self, items: list[Finding]) -> None:
        """Findings.save by the suffix and Findings.load: lossless."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as where:
            path = Path(where) / "found.PARQUET"  # any case of the suffix
            found.save(path)
            back = Findings.load(path)
            assert pt.load_findings(path) == list(found)
        assert back == found

    def test_save_records_and_format(self, folder: Path) -> None:
        """save_records by the suffix, or format="parquet" whatever the suffix."""
        found = pt.datasets.sample().extract()
        records = found.to_records()
        assert pt.findings.save_records(iter(records), folder / "r.parquet") == len(
            records
        )
        found.save_records(folder / "m.dat", format="parquet")
        pt.save_findings(found, folder / "s.parquet")
        for name in ("r.parquet", "s.parquet"):
            assert Findings.load(folder / name).to_records() == records
        assert Findings.load(folder / "m.dat", format="parquet") == found
        assert holds_findings(folder / "r.parquet") is True

    def test_failed_write_keeps_the_good_file(self, folder: Path) -> None:
        """A bad record mid-stream: the existing file stays, no stray file."""
        path = folder / "found.parquet"
        good = Findings([Position("Russia", "neutrality", "supports")])
        good.save(path)
        before = path.read_bytes()
        record = to_record(Demand("Russia", "tanks", 342))

        def records() -> Iterator[dict[str, Any]]:
            yield record
            yield {**record, "value": "many"}

        with pytest.raises(ValidationError, match=r"\$\[1\]\.value"):
            pt.findings.save_records(records(), path)

        assert path.read_bytes() == before
        assert [p.name for p in folder.iterdir()] == ["found.parquet"]
        assert Findings.load(path) == good

    @pytest.mark.parametrize("module", ["pyarrow", "pyarrow.parquet"])
    def test_missing_extra(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch, module: str
    ) -> None:
        """Without pyarrow: MissingExtraError naming the extra; nothing written.

        pyarrow is hidden with monkeypatch (sys.modules), as if not installed.
        """
        corpus = pt.datasets.sample()
        found = Findings([Demand("Russia", "tanks", 342)])
        existing = folder / "old.parquet"
        existing.write_bytes(b"a good file")
        monkeypatch.setitem(sys.modules, module, None)
        saves: list[Callable[[Path], object]] = [
            corpus.save,
            found.save,
            found.save_records,
            lambda path: pt.findings.save_records(found.to_records(), path),
            lambda path: pt.save(corpus, path),
        ]
        for save in saves:
            for path in (existing, folder / "new.parquet"):
                with pytest.raises(MissingExtraError) as raised:
                    save(path)
                assert raised.value.extra == "parquet"
                message = str(raised.value)
                assert "pip install 'peacetalks[parquet]'" in message
                assert "pip install '.[parquet]'" in message
        assert existing.read_bytes() == b"a good file"
        assert sorted(p.name for p in folder.iterdir()) == ["old.parquet"]


class TestConvert:
    """``peacetalks convert`` writes and reads Parquet by the suffix."""

    def test_findings_round_trip(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Records to Parquet and back: the same bytes."""
        from peacetalks.cli import main

        records = folder / "f.jsonl"
        pt.datasets.sample().extract().save_records(records)
        assert main(["convert", str(records), "-o", str(folder / "f.parquet")]) == 0
        assert holds_findings(folder / "f.parquet")
        back = folder / "back.jsonl"
        assert main(["convert", str(folder / "f.parquet"), "-o", str(back)]) == 0
        assert back.read_bytes() == records.read_bytes()
        assert "wrote 95 findings to" in capsys.readouterr().err

    def test_articles_round_trip(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Articles to Parquet (--format parquet) and back: an equal corpus."""
        from peacetalks.cli import main

        corpus = pt.datasets.sample()
        corpus.save(folder / "a.jsonl")
        out = folder / "a.bin"
        code = main(["convert", str(folder / "a.jsonl"), "-o", str(out),
                     "--format", "parquet"])  # fmt: skip
        assert code == 0
        assert read_articles_parquet(out) == corpus
        (folder / "b.parquet").write_bytes(out.read_bytes())
        assert main(["convert", str(folder / "b.parquet"), "-o",
                     str(folder / "b.json")]) == 0  # fmt: skip
        assert pt.load(folder / "b.json") == corpus
        capsys.readouterr()

    def test_mixed_inputs(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Parquet articles with findings, or with other article files: exit 2."""
        from peacetalks.cli import main

        corpus = pt.datasets.sample()
        corpus.save(folder / "a.parquet")
        corpus.save(folder / "a.jsonl")
        corpus.extract().save(folder / "f.parquet")
        out = folder / "out.jsonl"
        for inputs, says in (
            (["a.parquet", "f.parquet"], "cannot mix article and finding files"),
            (["a.parquet", "a.jsonl"], "Parquet files of articles"),
        ):
            argv = [str(folder / name) for name in inputs]
            assert main(["convert", *argv, "-o", str(out)]) == 2
            assert says in capsys.readouterr().err
        assert not out.exists()

    def test_missing_extra(
        self, folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:  # fmt: skip
        """Without pyarrow, convert says which extra to install; exit 1.

        pyarrow is hidden with monkeypatch (sys.modules), as if not installed.
        """
        from peacetalks.cli import main

        pt.datasets.sample().save(folder / "a.jsonl")
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        out = folder / "a.parquet"
        assert main(["convert", str(folder / "a.jsonl"), "-o", str(out)]) == 1
        assert "pip install 'peacetalks[parquet]'" in capsys.readouterr().err
        assert not out.exists()
