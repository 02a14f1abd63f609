"""Parquet files of findings and articles, for DuckDB, Spark and pandas users.

Needs the ``parquet`` extra (pyarrow).  `write_parquet` writes findings as
records (the flat form of `peacetalks.findings.to_record`), one column per
name of `FINDING_COLUMNS` with fixed types, so files from different runs
stack; `read_parquet` reads them back into `peacetalks.Findings`:

>>> import pathlib, tempfile
>>> import peacetalks as pt
>>> findings = pt.datasets.sample().extract()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.parquet"
>>> write_parquet(findings, path) == len(findings)
True
>>> read_parquet(path).to_records() == findings.to_records()
True

`write_articles_parquet` writes articles, one row each, with the columns
`ARTICLE_COLUMNS`; `read_articles_parquet` reads them back into an equal
`peacetalks.Corpus`, and `iter_articles_parquet` one article at a time.
Every file is written atomically (`peacetalks.io.atomic.atomic_write`) and
in batches, and read in batches, so a stream of articles or findings is
never held in memory whole.

A file that is not one of these raises a `peacetalks.LoadError` naming it:
`peacetalks.DecodeError` if it is not Parquet (or is truncated or damaged),
`peacetalks.ValidationError` naming each unknown column or column of the
wrong type, or the row and column of a bad value (``$[3].published``).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import IO, Any, Final, cast

import attrs

from peacetalks import _optional, seams
from peacetalks.corpus import Corpus
from peacetalks.errors import (
    DecodeError,
    DuplicateIdError,
    FormatError,
    ValidationError,
)
from peacetalks.findings import FRAME_KEYS, Findings, from_record, to_record
from peacetalks.io.atomic import atomic_write
from peacetalks.io.native import OnError, parse_json, raise_or_report
from peacetalks.model import Article, Demand, Position, Precision, Published
from peacetalks.serialize import Finding, structure

__all__ = [
    "ARTICLE_COLUMNS",
    "FINDING_COLUMNS",
    "holds_findings",
    "iter_articles_parquet",
    "read_articles_parquet",
    "read_parquet",
    "write_articles_parquet",
    "write_parquet",
]

PathLike = str | os.PathLike[str]
Record = dict[str, Any]

#: The columns of a findings file, in order: the keys of
#: `peacetalks.findings.RECORD_KEYS`, with the record's ``date`` label
#: (``"2022-03"``) stored as a date (its first day), its ``date_precision``
#: and ``date_raw`` (the text it was read from), as in
#: `peacetalks.Findings.to_pandas` (`peacetalks.findings.FRAME_KEYS`).
FINDING_COLUMNS: Final = (*FRAME_KEYS[:5], "date_raw", *FRAME_KEYS[5:])

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
    "extra",
)

#: Rows written per batch (a row group holds one or more batches), and read.
BATCH_ROWS: Final = 10_000

_INT_KEYS: Final = frozenset({"start", "end"})
_FLOAT_KEYS: Final = frozenset({"value", "low", "high", "confidence"})

# The kind of each column: its Arrow type when written, and what a reader
# accepts (files from DuckDB, Spark or Polars may use wider types).
_FINDING_KINDS: Final = {
    **dict.fromkeys(FINDING_COLUMNS, "string"),
    **dict.fromkeys(_INT_KEYS, "int"),
    **dict.fromkeys(_FLOAT_KEYS, "float"),
    "date": "date",
}
_ARTICLE_KINDS: Final = {
    **dict.fromkeys(ARTICLE_COLUMNS, "string"),
    "authors": "strings",
    "published": "date",
    "extra": "json",
}
_EXPECTED: Final = {
    "string": "strings (VARCHAR)",
    "int": "integers (BIGINT)",
    "float": "numbers (DOUBLE)",
    "date": "dates (DATE)",
    "strings": "lists of strings (VARCHAR[])",
    "json": "JSON text",
}


# -- schemas ----------------------------------------------------------------------


def _arrow_type(pa: Any, kind: str) -> Any:
    if kind == "int":
        return pa.int64()
    if kind == "float":
        return pa.float64()
    if kind == "date":
        return pa.date32()
    if kind == "strings":
        return pa.list_(pa.string())
    if kind == "json" and hasattr(pa, "json_"):
        # pyarrow >= 19 marks the column with Parquet's JSON logical type:
        # DuckDB reads it as JSON (``extra->>'$.section'``), Spark as a string.
        return pa.json_(pa.string())
    return pa.string()


def _schema(kinds: Mapping[str, str], feature: str) -> Any:
    pa = _optional.pyarrow(feature)
    return pa.schema(
        pa.field(name, _arrow_type(pa, kind), nullable=name != "id")
        for name, kind in kinds.items()
    )


def _accepts(pa: Any, kind: str, arrow_type: Any) -> bool:
    """Tell whether a column of ``arrow_type`` can be read as ``kind``."""
    types = pa.types
    if types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if isinstance(arrow_type, pa.BaseExtensionType):
        arrow_type = arrow_type.storage_type
    if types.is_null(arrow_type):
        return True
    if kind == "int":
        return bool(types.is_integer(arrow_type))
    if kind == "float":
        return bool(types.is_integer(arrow_type) or types.is_floating(arrow_type))
    if kind == "date":
        return bool(types.is_date(arrow_type))
    if kind == "strings":
        is_list = types.is_list(arrow_type) or types.is_large_list(arrow_type)
        return bool(is_list) and _accepts(pa, "string", arrow_type.value_type)
    is_view = getattr(types, "is_string_view", None)  # pyarrow >= 16
    return bool(
        types.is_string(arrow_type)
        or types.is_large_string(arrow_type)
        or (is_view is not None and is_view(arrow_type))
    )


# -- writing ----------------------------------------------------------------------


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


def _with_date(record: Record, published: Published) -> Record:
    record["date"] = published.date
    record["date_precision"] = published.precision.value
    record["date_raw"] = published.raw
    return record


def _finding_rows(
    items: Findings | Iterable[Finding | Mapping[str, Any]],
) -> Iterator[Record]:
    if isinstance(items, Findings):
        for finding, record in zip(items, items.to_records(), strict=True):
            yield _with_date(record, finding.date)
        return
    for index, item in enumerate(items):
        if isinstance(item, Position | Demand):
            yield _with_date(to_record(item), item.date)
            continue
        # A record is checked (and its date label parsed) as read_parquet
        # would, so a file written here always reads back.  It has no raw
        # date text: date_raw is null.
        finding = from_record(item, where=f"$[{index}]")
        record = to_record(finding, path=item.get("path"), article=item.get("article"))
        yield _with_date(
            record, Published(None, finding.date.date, finding.date.precision)
        )


def write_parquet(
    findings: Findings | Iterable[Finding | Mapping[str, Any]], path: PathLike
) -> int:
    """Write findings to a Parquet file of records, atomically.

    The columns are `FINDING_COLUMNS`: the record keys of
    `peacetalks.findings.to_record`, with ``start`` and ``end`` 64-bit
    integers, ``value``, ``low``, ``high`` and ``confidence`` doubles,
    ``date`` a date (the first day of a month- or year-precise date) with
    ``date_precision`` (``"day"``, ``"month"``, ``"year"`` or
    ``"unknown"``) and ``date_raw`` (the text the date was read from, null
    for records, which do not keep it) beside it, and the rest strings; a
    key a record does not have is null.  Findings come back from
    `read_parquet` equal to those written, every field included.

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
        ValidationError: If a record is not one that
            `peacetalks.findings.from_record` accepts, naming its index and
            key (``$[3].value``).
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was, also when ``findings`` raises.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
    >>> write_parquet([Demand("Russia", "tanks", Quantity(342))], path)
    1
    """
    schema = _schema(_FINDING_KINDS, "write_parquet()")
    return _write(_finding_rows(findings), schema, path, "write_parquet()")


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
        # Article checks that extra holds JSON data only, so this is lossless.
        "extra": json.dumps(article.extra, ensure_ascii=False, allow_nan=False),
    }


def write_articles_parquet(articles: Iterable[Article], path: PathLike) -> int:
    """Write articles to a Parquet file, one row each, atomically.

    The columns are `ARTICLE_COLUMNS`: the article's fields, with
    ``authors`` a list of strings, the publication date split into
    ``published`` (a date, null when unknown), ``published_precision``
    (``"day"``, ``"month"``, ``"year"`` or ``"unknown"``: a month-precise
    date is stored as its first day) and ``published_raw`` (the text it
    was read from), and ``extra`` as JSON text (a column of Parquet's JSON
    type with pyarrow 19 or later).  `read_articles_parquet` reads the file
    back into equal articles.

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
    schema = _schema(_ARTICLE_KINDS, "write_articles_parquet()")
    rows = (_article_row(article) for article in articles)
    return _write(rows, schema, path, "write_articles_parquet()")


# -- reading ----------------------------------------------------------------------


def _parquet_file(source: PathLike | IO[bytes], where: str, feature: str) -> Any:
    """Open ``source`` (a path, or a seekable binary file) as a Parquet file.

    Only the footer is read.  Closing the file returned does not close a
    binary file given: its opener does.
    """
    pq = _optional.parquet(feature)
    pa = _optional.pyarrow(feature)
    if isinstance(source, str | os.PathLike):
        if not Path(source).is_file():
            raise FormatError("cannot read: no such file", path=where)
        source = os.fspath(source)
    try:
        file = pq.ParquetFile(source)
        file.schema_arrow  # noqa: B018 -- a damaged footer fails here
    except (pa.ArrowException, OSError, ValueError) as exc:
        reason = f"not a Parquet file, or a truncated one: {exc}"
        raise DecodeError(reason, path=where) from None
    return file


def _open(
    source: PathLike | IO[bytes], where: str, kinds: Mapping[str, str], feature: str
) -> Any:
    """Open a Parquet file and check its columns against ``kinds``."""
    pa = _optional.pyarrow(feature)
    file = _parquet_file(source, where, feature)
    errors = []
    for field in file.schema_arrow:
        kind = kinds.get(field.name)
        if kind is None:
            errors.append(f"column {field.name!r}: unknown column")
        elif not _accepts(pa, kind, field.type):
            expected = _EXPECTED[kind]
            errors.append(
                f"column {field.name!r}: expected {expected}, got {field.type}"
            )
    if errors:
        file.close()
        raise ValidationError(errors, path=where)
    return file


def _rows(file: Any, where: str, feature: str) -> Iterator[tuple[int, Record]]:
    """Each row of ``file`` with its index, read a batch at a time; then close it."""
    pa = _optional.pyarrow(feature)
    index = 0
    with file:
        batches = file.iter_batches(batch_size=BATCH_ROWS)
        while True:
            try:
                batch = next(batches, None)
                rows = [] if batch is None else batch.to_pylist()
            except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:
                # A damaged page, invalid UTF-8 or a date beyond year 9999.
                reason = f"cannot read the rows from {index} on: {exc}"
                raise DecodeError(reason, path=where) from None
            if batch is None:
                return
            for row in rows:
                yield index, row
                index += 1


def _record_of(row: Record, at: str, file: str) -> tuple[Record, Published]:
    """Turn a row of a findings file back into a record (a ``date`` label).

    The row's date as the finding had it, raw text included, comes with it.
    """
    date = row.pop("date", None)
    given = row.pop("date_precision", None)
    raw = row.pop("date_raw", None)
    if date is not None and given is None:
        reason = f"{at}.date_precision: required with a date"
        raise ValidationError([reason], path=file)
    try:
        precision = Precision(given or Precision.UNKNOWN)
    except ValueError:
        expected = [p.value for p in Precision]
        reason = f"{at}.date_precision: expected one of {expected}, got {given!r}"
        raise ValidationError([reason], path=file) from None
    try:
        published = Published(raw, date, precision)
    except ValueError as exc:
        raise ValidationError([f"{at}.date: {exc}"], path=file) from None
    row["date"] = published.label if date is not None else None
    return row, published


def holds_findings(path: PathLike) -> bool:
    """Tell a Parquet file of findings from one of articles, by its columns.

    A file with a ``type`` column (``"position"`` or ``"demand"``) holds
    findings (`write_parquet`); any other holds articles
    (`write_articles_parquet`).  Only the file's footer is read.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        FormatError: If the file does not exist.
        DecodeError: If it is not a Parquet file.

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_parquet([pt.Demand("Russia", "tanks", 342)], folder / "f.parquet")
    1
    >>> write_articles_parquet(pt.datasets.sample(), folder / "a.parquet")
    5
    >>> holds_findings(folder / "f.parquet"), holds_findings(folder / "a.parquet")
    (True, False)
    """
    return _holds_findings(path, os.fspath(path), "holds_findings()")


def _holds_findings(source: PathLike | IO[bytes], where: str, feature: str) -> bool:
    with _parquet_file(source, where, feature) as file:
        return "type" in file.schema_arrow.names


def read_parquet(path: PathLike) -> Findings:
    """Read a Parquet file of records (`write_parquet`) into `peacetalks.Findings`.

    The findings come back as `peacetalks.findings.from_record` rebuilds
    them from records, with the date's raw text of ``date_raw``, in file
    order, with `peacetalks.Findings.articles`
    mapping each record's ``article`` to its ``path``.  Columns may be
    missing (they read as null) but not unknown, and each must have its
    type or a compatible one (any integer for ``start``, any number for
    ``value``).

    Raises:
        MissingExtraError: If pyarrow is not installed.
        FormatError: If the file does not exist.
        DecodeError: If it is not a Parquet file, or is truncated or damaged.
        ValidationError: Naming each unknown column or column of the wrong
            type; or for a row that is not a record, naming its index and
            key (``$[3].value``).

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
    >>> write_parquet([Demand("Russia", "tanks", Quantity(342))], path)
    1
    >>> read_parquet(path).demands[0].quantity.value
    342.0
    """
    where = os.fspath(path)
    file = _open(path, where, _FINDING_KINDS, "read_parquet()")
    found: list[Finding] = []
    articles: dict[str, str | None] = {}
    for index, row in _rows(file, where, "read_parquet()"):
        at = f"$[{index}]"
        record, published = _record_of(row, at, where)
        finding = from_record(record, where=at, file=where)
        # The record's date label has no raw text: the file's date has it.
        found.append(attrs.evolve(finding, date=published))
        article = row.get("article")
        if isinstance(article, str):
            articles.setdefault(article, row.get("path"))
    return Findings(found, articles=articles)


# Where the model's nested fields sit in a row, for error messages.
_COLUMN_PATHS: Final = (
    (".published.date:", ".published:"),
    (".published.precision:", ".published_precision:"),
    (".published.raw:", ".published_raw:"),
)


def _article_of(row: Record, at: str, file: str) -> Article:
    """Build an article from a row of an articles file, strictly."""
    # Null is a missing value: the field takes its default.
    data = {key: value for key, value in row.items() if value is not None}
    date = data.pop("published", None)
    if date is not None and "published_precision" not in data:
        reason = f"{at}.published_precision: required with a date"
        raise ValidationError([reason], path=file)
    data["published"] = {
        "raw": data.pop("published_raw", None),
        "date": None if date is None else date.isoformat(),
        "precision": data.pop("published_precision", Precision.UNKNOWN.value),
    }
    if "extra" in data:
        try:
            data["extra"] = parse_json(data["extra"])
        except DecodeError as exc:
            raise ValidationError([f"{at}.extra: {exc.reason}"], path=file) from None
    try:
        article: Article = structure(data, Article, where=at, path=file)
    except ValidationError as exc:
        errors = list(exc.errors)
        for nested, column in _COLUMN_PATHS:
            errors = [error.replace(nested, column, 1) for error in errors]
        raise ValidationError(errors, path=file) from None
    return article


def iter_articles_parquet(path: PathLike) -> Iterator[Article]:
    """Read the articles of a Parquet file (`write_articles_parquet`) one at a time.

    The file is opened and its columns checked at once; the rows are read
    a batch at a time as the iterator is consumed, so a file larger than
    memory goes through.  Articles come back equal to those written,
    ``extra`` included, in file order; ids are not checked for uniqueness
    (`read_articles_parquet` does).  Columns may be missing (they take the
    field's default: an ``id`` derived from the title and text) but not
    unknown; a null value is a missing one.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        FormatError: If the file does not exist.
        DecodeError: If it is not a Parquet file, or is truncated or damaged.
        ValidationError: Naming each unknown column or column of the wrong
            type (a ``published`` timestamp rather than a date); or for a bad
            value, naming its row and column (``$[3].published_precision``).

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.parquet"
    >>> write_articles_parquet(pt.datasets.sample(), path)
    5
    >>> [article.outlet for article in iter_articles_parquet(path)][:2]
    ['Fox News', 'CNN']
    """
    where = os.fspath(path)
    feature = "iter_articles_parquet()"
    return _articles(_open(path, where, _ARTICLE_KINDS, feature), where, feature)


def _articles(
    file: Any, where: str, feature: str, on_error: OnError | None = None
) -> Iterator[Article]:
    """The articles of an open file; a bad row raises, or goes to ``on_error``."""
    for index, row in _rows(file, where, feature):
        try:
            yield _article_of(row, f"$[{index}]", where)
        except ValidationError as exc:
            raise_or_report(exc, on_error)


def read_articles_parquet(path: PathLike) -> Corpus:
    """Read a Parquet file of articles (`write_articles_parquet`) into a `Corpus`.

    The corpus is equal to the articles written, in the same order, every
    field and ``extra`` included.  See `iter_articles_parquet` for the
    columns it accepts.

    Raises:
        MissingExtraError: If pyarrow is not installed.
        FormatError: If the file does not exist.
        DecodeError: If it is not a Parquet file, or is truncated or damaged.
        ValidationError: Naming each unknown column or column of the wrong
            type, or the row and column of a bad value.
        DuplicateIdError: If two rows have the same id (naming both).

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> corpus = pt.datasets.sample()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.parquet"
    >>> write_articles_parquet(corpus, path)
    5
    >>> read_articles_parquet(path) == corpus
    True
    """
    articles = iter_articles_parquet(path)
    try:
        return Corpus(articles)
    except DuplicateIdError as exc:
        where = os.fspath(path)
        raise DuplicateIdError(
            exc.article_id, exc.first, exc.second, path=where
        ) from None


class _ParquetFindings:
    """What `peacetalks.Findings` reaches through `peacetalks.seams.PARQUET`."""

    def write(self, findings: Iterable[Any], path: PathLike) -> int:
        return write_parquet(findings, path)

    def read(self, path: PathLike) -> Findings:
        return read_parquet(path)


class _ParquetArticles:
    """What the loader reaches through `peacetalks.seams.PARQUET_ARTICLES`."""

    feature: Final = "reading Parquet files"

    def kind(self, handle: IO[bytes], where: str) -> str:
        return "records" if _holds_findings(handle, where, self.feature) else "articles"

    def articles(
        self, handle: IO[bytes], where: str, on_error: OnError | None
    ) -> Iterator[Article]:
        file = _open(handle, where, _ARTICLE_KINDS, self.feature)
        return _articles(file, where, self.feature, on_error)


# Findings (a layer below) save and load .parquet files through this seam,
# and the loader reads them in folders and archives through the other.
seams.PARQUET.provide(_ParquetFindings())
seams.PARQUET_ARTICLES.provide(_ParquetArticles())
