"""Parquet files of findings and articles, for DuckDB, Spark and pandas users.

Needs the ``parquet`` extra (pyarrow).  `write_parquet` writes records (the
flat form of `peacetalks.findings.to_record`) with one column per key of
`peacetalks.findings.RECORD_KEYS` and fixed types, so files from different
runs stack; `read_parquet` reads them back into `peacetalks.Findings`:

>>> import pathlib, tempfile
>>> import peacetalks as pt
>>> findings = pt.datasets.sample().extract()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.parquet"
>>> write_parquet(findings, path) == len(findings)
True
>>> read_parquet(path).to_records() == findings.to_records()
True

`write_articles_parquet` writes articles, one row each, with the columns
`ARTICLE_COLUMNS`.  Every file is written atomically
(`peacetalks.io.atomic.atomic_write`) and in batches, so a stream of
articles or findings is never held in memory whole.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any, Final, cast

from peacetalks import _optional
from peacetalks.errors import DecodeError, FormatError
from peacetalks.findings import RECORD_KEYS, Findings, from_record, to_record
from peacetalks.io.atomic import atomic_write
from peacetalks.model import Article, Demand, Position
from peacetalks.serialize import Finding

__all__ = [
    "ARTICLE_COLUMNS",
    "read_parquet",
    "write_articles_parquet",
    "write_parquet",
]

PathLike = str | os.PathLike[str]
Record = dict[str, Any]

#: The columns of an articles file, in order.
ARTICLE_COLUMNS: Final = (
    "id",
    "title",
    "text",
    "outlet",
    "url",
    "authors",
    "published",
    "published_precision",
    "published_raw",
    "language",
    "path",
)

#: Rows written per batch (a row group holds one or more batches).
BATCH_ROWS: Final = 10_000

_INT_KEYS: Final = frozenset({"start", "end"})
_FLOAT_KEYS: Final = frozenset({"value", "low", "high", "confidence"})


def _record_schema() -> Any:
    pa = _optional.pyarrow("write_parquet()")
    fields = []
    for key in RECORD_KEYS:
        if key in _INT_KEYS:
            kind = pa.int64()
        elif key in _FLOAT_KEYS:
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(key, kind))
    return pa.schema(fields)


def _article_schema() -> Any:
    pa = _optional.pyarrow("write_articles_parquet()")
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("title", pa.string()),
            pa.field("text", pa.string()),
            pa.field("outlet", pa.string()),
            pa.field("url", pa.string()),
            pa.field("authors", pa.list_(pa.string())),
            pa.field("published", pa.date32()),
            pa.field("published_precision", pa.string()),
            pa.field("published_raw", pa.string()),
            pa.field("language", pa.string()),
            pa.field("path", pa.string()),
        ]
    )


def _records_of(
    items: Findings | Iterable[Finding | Mapping[str, Any]],
) -> Iterator[Record]:
    if isinstance(items, Findings):
        yield from items.to_records()
        return
    for item in items:
        if isinstance(item, Position | Demand):
            yield to_record(item)
        else:
            yield dict(item)


def _article_row(article: Article) -> Record:
    published = article.published
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "outlet": article.outlet,
        "url": article.url,
        "authors": list(article.authors),
        "published": published.date,
        "published_precision": published.precision.value,
        "published_raw": published.raw,
        "language": article.language,
        "path": article.path,
    }


def _write(rows: Iterator[Record], schema: Any, path: PathLike, feature: str) -> int:
    pa = _optional.pyarrow(feature)
    pq = _optional.parquet(feature)
    names = schema.names
    count = 0
    with atomic_write(path) as handle:
        # The text handle is empty: pyarrow writes bytes to its buffer, and
        # atomic_write syncs and renames the file as for any other write.
        writer = pq.ParquetWriter(cast(io.TextIOWrapper, handle).buffer, schema)
        try:
            while batch := list(islice(rows, BATCH_ROWS)):
                columns = {name: [row.get(name) for row in batch] for name in names}
                writer.write_table(pa.table(columns, schema=schema))
                count += len(batch)
        finally:
            writer.close()
    return count


def write_parquet(
    findings: Findings | Iterable[Finding | Mapping[str, Any]], path: PathLike
) -> int:
    """Write findings to a Parquet file of records, atomically.

    The file has one column per key of `peacetalks.findings.RECORD_KEYS`:
    ``start`` and ``end`` are 64-bit integers, ``value``, ``low``,
    ``high`` and ``confidence`` doubles, the rest strings; a key a record
    does not have is null.

    Args:
        findings: A `peacetalks.Findings` (records get each article's
            ``path``), or an iterable of findings or of records (as
            `peacetalks.findings.to_record` makes them), which may be a
            generator: it is written in batches as it comes.
        path: The file to write.

    Returns:
        The number of rows written.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was, also when ``findings`` raises.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
    >>> write_parquet([Demand("Russia", "tanks", Quantity(342))], path)
    1
    """
    schema = _record_schema()
    return _write(_records_of(findings), schema, path, "write_parquet()")


def _open_parquet(path: PathLike) -> Any:
    pq = _optional.parquet("read_parquet()")
    pa = _optional.pyarrow("read_parquet()")
    where = os.fspath(path)
    if not Path(path).is_file():
        raise FormatError("cannot read: no such file", path=where)
    try:
        return pq.ParquetFile(where)
    except (pa.ArrowException, OSError) as exc:
        raise DecodeError(f"not a Parquet file: {exc}", path=where) from None


def read_parquet(path: PathLike) -> Findings:
    """Read a Parquet file of records (`write_parquet`) into `peacetalks.Findings`.

    The findings come back as `peacetalks.findings.from_record` rebuilds
    them from records, in file order, with `peacetalks.Findings.articles`
    mapping each record's ``article`` to its ``path``.  Columns may be
    missing (they read as null) but not unknown.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        FormatError: If the file does not exist.
        DecodeError: If it is not a Parquet file.
        ValidationError: For a row that is not a record, naming its index
            (``$[3].value``) and the key.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
    >>> write_parquet([Demand("Russia", "tanks", Quantity(342))], path)
    1
    >>> read_parquet(path).demands[0].quantity.value
    342.0
    """
    where = os.fspath(path)
    file = _open_parquet(path)
    found: list[Finding] = []
    articles: dict[str, str | None] = {}
    index = 0
    for batch in file.iter_batches(batch_size=BATCH_ROWS):
        for row in batch.to_pylist():
            found.append(from_record(row, where=f"$[{index}]", file=where))
            article = row.get("article")
            if isinstance(article, str):
                articles.setdefault(article, row.get("path"))
            index += 1
    return Findings(found, articles=articles)


def write_articles_parquet(articles: Iterable[Article], path: PathLike) -> int:
    """Write articles to a Parquet file, one row each, atomically.

    The columns are `ARTICLE_COLUMNS`: the article's fields, with
    ``authors`` a list of strings and the publication date split into
    ``published`` (a date, null when unknown), ``published_precision``
    (``"day"``, ``"month"``, ``"year"`` or ``"unknown"``: a month-precise
    date is stored as its first day) and ``published_raw`` (the text it
    was read from).  ``extra`` is not written.

    Args:
        articles: A `peacetalks.Corpus` or any iterable of articles, such
            as `peacetalks.iter_articles` over a large corpus: it is written
            in batches as it comes.
        path: The file to write.

    Returns:
        The number of rows written.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was, also when ``articles`` raises.

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> import pyarrow.parquet as pq
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.parquet"
    >>> write_articles_parquet(pt.datasets.sample(), path)
    5
    >>> table = pq.read_table(path, columns=["outlet", "published"])
    >>> table.to_pylist()[0]
    {'outlet': 'Fox News', 'published': datetime.date(2022, 3, 29)}
    """
    schema = _article_schema()
    rows = (_article_row(article) for article in articles)
    return _write(rows, schema, path, "write_articles_parquet()")
