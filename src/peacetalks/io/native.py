"""The library's own file formats: JSON documents, JSON Lines and CSV tables.

Each format holds either articles (a corpus) or findings (positions and
demands).  All writers are atomic and byte-stable: the same objects always
give the same bytes.  All readers are strict and report the file, the line
and the field of the first bad record.

- **JSON**: ``{"schema_version": 1, "articles": [...]}`` (or
  ``"findings"``), indented by two spaces; read whole.
- **JSONL**: a header line ``{"schema_version": 1}``, then one record a
  line; streamed.
- **CSV**: a header row of `columns`, then one row a record; findings add
  a ``type`` column; streamed.

`sniff_kind` tells what a file holds (`KINDS`): articles, findings, or one
of the flat files the commands write (records, proposals tables, reports);
every command and the loader ask it.

The streaming readers take ``on_error``: without it they raise the first
bad record's error; with it, they pass each bad record's error (a line
that is not JSON, a row that is cut short, a record that does not fit) to
``on_error`` and read on, so that one bad line costs nothing else.  A
file-level fault (a header from a newer peacetalks, a broken CSV header
row) is raised either way.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, TypeVar

from peacetalks.errors import DecodeError, FormatError, LoadError, ValidationError
from peacetalks.io.atomic import atomic_write
from peacetalks.io.columns import RECORD_KEYS, TABLE_KEYS
from peacetalks.io.jsontext import decode_utf8, parse_json, reject_constant
from peacetalks.model import Article, Demand, Position
from peacetalks.serialize import (
    FINDING_TYPES,
    SCHEMA_VERSION,
    Finding,
    check_schema_version,
    columns,
    from_row,
    structure,
    to_row,
    unstructure,
)

__all__ = [
    "FORMATS",
    "KINDS",
    "CsvLines",
    "OnError",
    "allow_long_csv_fields",
    "csv_rows",
    "decode_lines",
    "decode_utf8",
    "document_records",
    "format_of",
    "iter_csv",
    "iter_csv_numbered",
    "iter_csv_stream",
    "iter_jsonl",
    "iter_jsonl_numbered",
    "iter_jsonl_stream",
    "json_lines",
    "parse_json",
    "raise_or_report",
    "read_items",
    "read_json",
    "read_rows",
    "row_of",
    "sniff_kind",
    "sniff_stream",
    "write_csv",
    "write_items",
    "write_json",
    "write_jsonl",
]

#: File suffixes and the format each stands for.
FORMATS: Final = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

#: The key that holds the records in a JSON document, by record type.
_DOCUMENT_KEYS: Final[dict[object, str]] = {Article: "articles", Finding: "findings"}

T = TypeVar("T")
PathLike = str | os.PathLike[str]

#: Called with the error of each bad record when a reader is told to go on.
OnError = Callable[[LoadError], None]


def raise_or_report(error: LoadError, on_error: OnError | None) -> None:
    """Raise ``error``, or hand it to ``on_error`` and let the reader go on.

    >>> from peacetalks.errors import DecodeError
    >>> errors = []
    >>> raise_or_report(DecodeError("invalid JSON", line=3), errors.append)
    >>> errors
    [DecodeError('<input>:3: invalid JSON')]
    """
    if on_error is None:
        raise error
    on_error(error)


def format_of(path: PathLike, format: str | None = None) -> str:
    """Name the format of ``path`` from ``format`` or else its suffix.

    Raises:
        FormatError: If neither names a supported format.

    >>> format_of("corpus.jsonl"), format_of("x.dat", "csv")
    ('jsonl', 'csv')
    """
    name = format or FORMATS.get(Path(path).suffix.lower())
    if name is None or name not in FORMATS.values():
        supported = ", ".join(sorted(set(FORMATS.values())))
        reason = (
            f"unknown format {format!r}"
            if format
            else f"cannot tell the format from the suffix {Path(path).suffix!r}"
        )
        raise FormatError(f"{reason} (supported: {supported})", path=os.fspath(path))
    return name


# -- decoding -------------------------------------------------------------------


def _read_bytes(path: PathLike) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(
            f"cannot read: {exc.strerror or exc}", path=os.fspath(path)
        ) from None


# -- any format --------------------------------------------------------------------


def read_items(
    path: PathLike, kind: object, format: str | None = None
) -> Iterator[Any]:
    """The articles or findings (``kind``) in ``path``, in any of the `FORMATS`.

    JSON Lines and CSV are streamed; a JSON document is read whole.

    Raises:
        FormatError: If the format is unknown.
        LoadError: If the file cannot be read as ``kind``.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus.csv"
    >>> write_items(path, [Article(text="Talks resumed.")], Article)
    >>> [article.text for article in read_items(path, Article)]
    ['Talks resumed.']
    """
    name = format_of(path, format)
    if name == "jsonl":
        return iter_jsonl(path, kind)
    if name == "csv":
        return iter_csv(path, kind)
    return iter(read_json(path, kind))


def write_items(
    path: PathLike, items: Iterable[Any], kind: object, format: str | None = None
) -> None:
    """Write articles or findings (``kind``) to ``path``, atomically.

    The format comes from ``format`` or the suffix (`format_of`).

    Raises:
        FormatError: If the format is unknown.
        WriteError: If the file cannot be written; an existing file is
            left as it was.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
    >>> write_items(path, [Position("Russia", "neutrality", "supports")], Finding)
    >>> [finding.actor for finding in read_items(path, Finding)]
    ['Russia']
    """
    name = format_of(path, format)
    if name == "jsonl":
        write_jsonl(path, items)
    elif name == "csv":
        write_csv(path, items, kind)
    else:
        write_json(path, items, kind)


# -- JSON documents --------------------------------------------------------------


def _dumps(data: Any, *, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def write_json(path: PathLike, items: Iterable[Any], kind: object) -> None:
    """Write ``items`` (articles or findings) as one JSON document.

    ``kind`` is `Article` or
    `Finding` and picks the document's key.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_json(folder / "a.json", articles, Article)
    >>> print((folder / "a.json").read_text(encoding="utf-8")[:60])
    {
      "schema_version": 1,
      "articles": [
        {
          "title"
    """
    document = {
        "schema_version": SCHEMA_VERSION,
        _DOCUMENT_KEYS[kind]: [unstructure(item) for item in items],
    }
    with atomic_write(path) as handle:
        handle.write(_dumps(document, indent=2))
        handle.write("\n")


def read_json(path: PathLike, kind: Any) -> list[Any]:
    """Read a JSON document written by `write_json`.

    Raises:
        DecodeError: For invalid UTF-8 or JSON.
        SchemaVersionError: For a document from a newer peacetalks.
        ValidationError: Naming the first bad record's fields
            (``$.articles[3].published``).

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_json(folder / "a.json", articles, Article)
    >>> read_json(folder / "a.json", Article) == articles
    True
    """
    where = os.fspath(path)
    return document_records(parse_json(_read_bytes(path), path=where), kind, where)


def document_records(
    document: Any, kind: Any, where: str | None, *, on_error: OnError | None = None
) -> list[Any]:
    """Check a parsed peacetalks JSON document and build its records.

    With ``on_error``, a record that does not fit is handed to it (its
    error names the record, ``$.articles[3]``) and left out; the others
    are built.

    Raises:
        SchemaVersionError: For a document from a newer peacetalks.
        ValidationError: For a document that does not fit, or (without
            ``on_error``) a record.

    >>> from peacetalks import Article
    >>> document = {"schema_version": 1, "articles": [{"title": "T", "text": "x"}]}
    >>> document_records(document, Article, None)[0].title
    'T'
    >>> document_records({"articles": []}, Article, "old.json")
    Traceback (most recent call last):
        ...
    peacetalks.errors.ValidationError: old.json: $.schema_version: expected a positive
    integer, got None
    """
    key = _DOCUMENT_KEYS[kind]
    if not isinstance(document, dict):
        got = type(document).__name__
        raise ValidationError(
            [f"$: expected a JSON object with {key!r}, got {got}"], path=where
        )
    check_schema_version(document, path=where)
    unknown = sorted(set(document) - {"schema_version", key})
    if unknown:
        raise ValidationError([f"$: unknown keys {unknown}"], path=where)
    records = document.get(key)
    if not isinstance(records, list):
        raise ValidationError([f"$.{key}: expected a list"], path=where)
    built = []
    for index, record in enumerate(records):
        try:
            built.append(structure(record, kind, where=f"$.{key}[{index}]", path=where))
        except LoadError as exc:
            raise_or_report(exc, on_error)
    return built


# -- JSON Lines -------------------------------------------------------------------


def write_jsonl(path: PathLike, items: Iterable[Any]) -> int:
    """Write a header line, then ``items`` one JSON object a line, streaming.

    Returns:
        The number of records written.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_jsonl(folder / "a.jsonl", articles)
    1
    >>> len((folder / "a.jsonl").read_text(encoding="utf-8").splitlines())
    2
    """
    count = 0
    with atomic_write(path, newline="\n") as handle:
        handle.write(_dumps({"schema_version": SCHEMA_VERSION}) + "\n")
        for item in items:
            handle.write(_dumps(unstructure(item)) + "\n")
            count += 1
    return count


def _open(path: PathLike) -> IO[bytes]:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise FormatError(reason, path=os.fspath(path)) from None


def iter_jsonl(path: PathLike, kind: Any) -> Iterator[Any]:
    """Yield records of type ``kind`` from a JSON Lines file, one line at a time.

    A first line holding ``schema_version`` is the header; blank lines are
    skipped.  Memory stays flat however large the file is.

    Raises:
        DecodeError: For invalid UTF-8 or JSON, naming the line.
        SchemaVersionError: For a file from a newer peacetalks.
        ValidationError: For a record that does not fit, naming the line.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_jsonl(folder / "a.jsonl", articles)
    1
    >>> [article.title for article in iter_jsonl(folder / "a.jsonl", Article)]
    ['Talks']
    """
    with _open(path) as handle:
        yield from iter_jsonl_stream(handle, kind, os.fspath(path))


def iter_jsonl_stream(
    handle: Iterable[bytes],
    kind: Any,
    where: str | None,
    *,
    on_error: OnError | None = None,
) -> Iterator[Any]:
    """Like `iter_jsonl`, on an open binary stream (an archive member, say).

    With ``on_error``, each bad line's error is handed to it and the line
    skipped (see the module's notes).

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_jsonl(folder / "a.jsonl", articles)
    1
    >>> with open(folder / "a.jsonl", "rb") as handle:
    ...     [article.id for article in iter_jsonl_stream(handle, Article, "a.jsonl")]
    ['a1']
    """
    for _, record in iter_jsonl_numbered(handle, kind, where, on_error=on_error):
        yield record


def json_lines(
    handle: Iterable[bytes], where: str | None, *, on_error: OnError | None = None
) -> Iterator[tuple[int, Any, bool]]:
    r"""Each non-blank line of a JSON Lines stream, parsed, with its 1-based line.

    Yields ``(line, value, first)``; ``first`` is true for the first
    non-blank line, where a header may stand.  A line that is not JSON is
    handed to ``on_error`` and left out (raised without it).

    >>> import io
    >>> list(json_lines(io.BytesIO(b'\n{"a": 1}\n[2]\n'), "a.jsonl"))
    [(2, {'a': 1}, True), (3, [2], False)]
    """
    first = True
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        header, first = first, False
        try:
            data = parse_json(raw, path=where, line=number)
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield number, data, header


def iter_jsonl_numbered(
    handle: Iterable[bytes],
    kind: Any,
    where: str | None,
    *,
    on_error: OnError | None = None,
) -> Iterator[tuple[int, Any]]:
    r"""Like `iter_jsonl_stream`, yielding each record with its 1-based line.

    The header line (the first non-blank line, if it holds
    ``schema_version``) is checked, never skipped: a file from a newer
    peacetalks raises `SchemaVersionError` whatever ``on_error``.

    >>> import io
    >>> from peacetalks import Article
    >>> lines = b'{"schema_version": 1}\n{"title": \n{"title": "T", "text": "x"}\n'
    >>> bad = []
    >>> [(line, a.title) for line, a in iter_jsonl_numbered(
    ...     io.BytesIO(lines), Article, "a.jsonl", on_error=bad.append)]
    [(3, 'T')]
    >>> [str(error) for error in bad]
    ['a.jsonl:2: invalid JSON: Expecting value (column 1)']
    """
    for number, data, header in json_lines(handle, where, on_error=on_error):
        if header and isinstance(data, dict) and "schema_version" in data:
            check_schema_version(data, path=where, line=number)
            continue
        try:
            record = structure(data, kind, where="$", path=where, line=number)
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield number, record


# -- CSV tables --------------------------------------------------------------------


def _header(kind: Any) -> list[str]:
    if kind is Finding:
        names = ["type"]
        for cls in (Position, Demand):
            names += [c.name for c in columns(cls) if c.name not in names]
        return names
    return [c.name for c in columns(kind)]


def write_csv(path: PathLike, items: Iterable[Any], kind: Any) -> int:
    r"""Write ``items`` as a CSV table (RFC 4180: CRLF line ends), streaming.

    Returns:
        The number of rows written.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_csv(folder / "a.csv", articles, Article)
    1
    >>> (folder / "a.csv").read_bytes().split(b"\r\n")[0][:30]
    b'title,text,id,url,outlet,autho'
    """
    header = _header(kind)
    count = 0
    with atomic_write(path, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        for item in items:
            row = to_row(item)
            if kind is Finding:
                row = {
                    "type": "position" if isinstance(item, Position) else "demand",
                    **row,
                }
            writer.writerow(row)
            count += 1
    return count


def allow_long_csv_fields() -> None:
    """Raise `csv`'s field size limit, which article bodies easily exceed.

    The limit is process-wide; it is only ever raised, to 2**31 - 1.

    >>> import csv
    >>> allow_long_csv_fields()
    >>> csv.field_size_limit() > 10_000_000
    True
    """
    if csv.field_size_limit() < sys.maxsize // 2:
        csv.field_size_limit(2**31 - 1)


def _row_to(row: dict[str, str], kind: Any, where: str | None, line: int) -> Any:
    if kind is not Finding:
        return from_row(row, kind, path=where, line=line)
    tag = row.get("type", "")
    cls = FINDING_TYPES.get(tag)
    if cls is None:
        reason = f"$.type: must be one of {sorted(FINDING_TYPES)} (got {tag!r})"
        raise ValidationError([reason], path=where, line=line)
    own = {c.name for c in columns(cls)}
    stray = sorted(
        n for n, cell in row.items() if n != "type" and n not in own and cell
    )
    if stray:
        raise ValidationError([f"$: a {tag} has no {stray}"], path=where, line=line)
    cells = {k: v for k, v in row.items() if k in own}
    return from_row(cells, cls, path=where, line=line)


def row_of(
    header: Sequence[str], cells: Sequence[str], *, path: str | None, line: int
) -> dict[str, str]:
    """Pair a CSV row's cells with the header's columns.

    Raises:
        DecodeError: If the row has more or fewer cells than the header.

    >>> row_of(["id", "title"], ["a1", "Talks"], path=None, line=2)
    {'id': 'a1', 'title': 'Talks'}
    >>> row_of(["id", "title"], ["a1"], path="a.csv", line=2)
    Traceback (most recent call last):
        ...
    peacetalks.errors.DecodeError: a.csv:2: the row has 1 cells, fewer than the header's
    2 columns
    """
    if len(cells) != len(header):
        more = "more" if len(cells) > len(header) else "fewer"
        reason = (
            f"the row has {len(cells)} cells, {more} than the header's "
            f"{len(header)} columns"
        )
        raise DecodeError(reason, path=path, line=line)
    return dict(zip(header, cells, strict=True))


class Line(NamedTuple):
    """One physical line of a CSV file, decoded.

    Attributes:
        number: Its 1-based number in the file.
        text: The line, line break included; an undecodable byte is
            replaced with U+FFFD so that the CSV reader stays in step.
        error: Why the line could not be decoded, if it could not.
        complete: Whether it ends with a line break.
    """

    number: int
    text: str
    error: DecodeError | None
    complete: bool


def decode_lines(handle: Iterable[bytes], where: str | None) -> Iterator[Line]:
    r"""Decode a binary file line by line, keeping each line's decoding error.

    Only the file's first line may carry a byte-order mark: on any other
    line U+FEFF is the start of a cell's text.

    >>> import io
    >>> lines = list(decode_lines(io.BytesIO(b"a\r\nb\xff\n"), "t.csv"))
    >>> [ascii(line.text) for line in lines]
    ["'a\\r\\n'", "'b\\ufffd\\n'"]
    >>> [str(line.error) for line in lines]
    ['None', 't.csv:2: invalid UTF-8 at byte 1: invalid start byte']
    """
    for number, raw in enumerate(handle, start=1):
        first = number == 1
        try:
            text = decode_utf8(raw, path=where, line=number, strip_bom=first)
            error = None
        except DecodeError as exc:
            text = raw.decode("utf-8", "replace")
            text = text.removeprefix("\ufeff") if first else text
            error = exc
        yield Line(number, text, error, raw.endswith(b"\n"))


class CsvLines:
    r"""Decode a binary file line by line for `csv`, counting lines.

    Decoding each physical line on its own lets an invalid byte be reported
    on its real line, and lets a missing final line end (a truncated file)
    be noticed.

    Raises:
        DecodeError: On the first line that is not valid UTF-8.

    >>> import csv, io
    >>> lines = CsvLines(io.BytesIO(b"id,title\r\na1,Talks\r\n"), "table.csv")
    >>> [row for row in csv.reader(lines)], lines.number, lines.complete
    ([['id', 'title'], ['a1', 'Talks']], 2, True)
    """

    def __init__(self, handle: Iterable[bytes], where: str | None) -> None:
        self.handle = handle
        self.where = where
        self.number = 0
        self.complete = True

    def __iter__(self) -> Iterator[str]:
        for line in decode_lines(self.handle, self.where):
            self.number, self.complete = line.number, line.complete
            if line.error is not None:
                raise line.error
            yield line.text


class _Feed:
    """The lines handed to `csv.reader`, remembering those of the current row.

    Lines given back with `read_again` are handed out before the rest of
    the file.  Each line is given back at most once, so that no line is
    parsed more than twice.
    """

    def __init__(self, lines: Iterable[Line]) -> None:
        self._lines = iter(lines)
        self._again: deque[Line] = deque()
        self._given_back = 0  # the last line number given back so far
        self.row: list[Line] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else next(self._lines)
        self.row.append(line)
        return line.text

    def read_again(self, lines: Sequence[Line]) -> None:
        """Hand ``lines`` out again next, but those given back before."""
        fresh = [line for line in lines if line.number > self._given_back]
        self._again.extendleft(reversed(fresh))
        if fresh:
            self._given_back = fresh[-1].number


def _row_fault(row: Sequence[Line]) -> DecodeError | None:
    """The error of the first undecodable line of a row, if any."""
    return next((line.error for line in row if line.error is not None), None)


def read_rows(
    lines: Iterable[Line],
    where: str | None,
    *,
    delimiter: str = ",",
    on_error: OnError | None = None,
    line_ends: bool = False,
) -> Iterator[tuple[list[str], int]]:
    r"""Parse CSV rows from decoded lines; yield each with its first line.

    Blank lines give no row.  The first row (the header) must be sound:
    its fault is raised whatever ``on_error``.  After it, a row that is
    malformed, holds an undecodable byte or (with ``line_ends``) has no
    line break at the end of the file is raised, or handed to ``on_error``
    and left out.  When a malformed row ran over several lines (a stray
    quote swallows the lines after it), the lines after its first are read
    again as rows: a broken row costs its own line, not the ones below
    (each line is read again at most once, so no line is parsed more than
    twice).

    Raises:
        DecodeError: For a malformed row, an undecodable byte or a missing
            last line break, naming the line (without ``on_error``, or in
            the header).
        ValueError: If ``delimiter`` is not one character.

    >>> import io
    >>> data = b'a,b\n"cut,1\nx,2\n'
    >>> bad = []
    >>> list(read_rows(decode_lines(io.BytesIO(data), "t.csv"), "t.csv",
    ...                on_error=bad.append))
    [(['a', 'b'], 1), (['x', '2'], 3)]
    >>> [str(error) for error in bad]
    ['t.csv:2: malformed CSV: unexpected end of data (the row runs to line 3)']
    """
    allow_long_csv_fields()
    feed = _Feed(lines)
    try:
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
    except TypeError as exc:  # a delimiter that is not one character
        raise ValueError(str(exc)) from None
    report: OnError | None = None  # the header's fault is always raised
    while True:
        feed.row = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if not feed.row:  # no line read: nothing to skip, nothing to go on with
                raise DecodeError(f"malformed CSV: {exc}", path=where) from None
            first, *swallowed = feed.row
            # The lines a stray quote swallowed are read again, as rows of
            # their own (their own faults are reported then).
            feed.read_again(swallowed)
            runs = f" (the row runs to line {feed.row[-1].number})" if swallowed else ""
            raise_or_report(
                first.error
                or DecodeError(
                    f"malformed CSV: {exc}{runs}", path=where, line=first.number
                ),
                report,
            )
            continue
        fault = _row_fault(feed.row)
        if fault is None and line_ends and not feed.row[-1].complete:
            fault = DecodeError(
                "the last row has no line end: the file looks truncated",
                path=where,
                line=feed.row[0].number,
            )
        if fault is not None:
            raise_or_report(fault, report)
            continue
        if not cells:
            continue
        yield cells, feed.row[0].number
        report = on_error


def iter_csv(path: PathLike, kind: Any) -> Iterator[Any]:
    """Yield records of type ``kind`` from a CSV table written by `write_csv`.

    Every row must end with a line break, as `write_csv` writes them:
    a file cut short is reported, not read as fewer records.

    Raises:
        DecodeError: For invalid UTF-8, malformed or truncated CSV, naming
            the line.
        ValidationError: For a row that does not fit, naming line and column.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_csv(folder / "a.csv", articles, Article)
    1
    >>> [article.title for article in iter_csv(folder / "a.csv", Article)]
    ['Talks']
    """
    with _open(path) as handle:
        yield from iter_csv_stream(handle, kind, os.fspath(path))


def csv_rows(
    handle: Iterable[bytes], where: str | None, *, on_error: OnError | None = None
) -> Iterator[tuple[list[str], int]]:
    r"""Yield each row of a CSV table written by peacetalks, with its first line.

    The header row comes first.  Every row must end with a line break, as
    peacetalks writes them: a file cut short is reported, not read as
    fewer rows.  Blank lines are skipped.  See `read_rows` for
    ``on_error``.

    Raises:
        DecodeError: For invalid UTF-8, malformed or truncated CSV, naming
            the line.

    >>> import io
    >>> list(csv_rows(io.BytesIO(b'id,title\r\na1,"Talks,\r\nagain"\r\n'), "a.csv"))
    [(['id', 'title'], 1), (['a1', 'Talks,\r\nagain'], 2)]
    """
    return read_rows(
        decode_lines(handle, where), where, on_error=on_error, line_ends=True
    )


def iter_csv_stream(
    handle: Iterable[bytes],
    kind: Any,
    where: str | None,
    *,
    on_error: OnError | None = None,
) -> Iterator[Any]:
    """Like `iter_csv`, on an open binary stream (an archive member, say).

    With ``on_error``, each bad row's error is handed to it and the row
    skipped (see the module's notes).

    >>> import pathlib, tempfile
    >>> from peacetalks import Article
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> articles = [Article(title="Talks", text="Delegations met.", id="a1")]
    >>> write_csv(folder / "a.csv", articles, Article)
    1
    >>> with open(folder / "a.csv", "rb") as handle:
    ...     [article.id for article in iter_csv_stream(handle, Article, "a.csv")]
    ['a1']
    """
    for _, record in iter_csv_numbered(handle, kind, where, on_error=on_error):
        yield record


def iter_csv_numbered(
    handle: Iterable[bytes],
    kind: Any,
    where: str | None,
    *,
    on_error: OnError | None = None,
) -> Iterator[tuple[int, Any]]:
    r"""Like `iter_csv_stream`, yielding each record with its row's first line.

    >>> import io
    >>> from peacetalks import Article
    >>> data = b"title,text\r\nT,x\r\nU\r\nV,y\r\n"
    >>> bad = []
    >>> [(line, a.title) for line, a in iter_csv_numbered(
    ...     io.BytesIO(data), Article, "a.csv", on_error=bad.append)]
    [(2, 'T'), (4, 'V')]
    >>> [error.line for error in bad]
    [3]
    """
    header: list[str] | None = None
    for cells, line in csv_rows(handle, where, on_error=on_error):
        if header is None:
            header = cells
            continue
        try:
            record = _row_to(
                row_of(header, cells, path=where, line=line), kind, where, line
            )
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield line, record


#: The kinds of file `sniff_kind` tells apart, each with what it is, for messages.
KINDS: Final = {
    "articles": "articles",
    "findings": "a findings file written by 'peacetalks convert' or save_findings",
    "records": "records written by 'peacetalks extract'",
    "proposals": "a proposals table written by 'peacetalks compare'",
    "report": "a report written by 'peacetalks report --format json'",
}

#: The keys a flat record of a proposals table must have.
_PROPOSAL_MARKS: Final = frozenset({"metric", "actor", "compared"})


def sniff_kind(path: PathLike, format: str | None = None) -> str:
    """Tell what a ``.json``, ``.jsonl`` or ``.csv`` file holds: one of `KINDS`.

    Every file that peacetalks writes is told from its content:

    - ``"findings"``: a findings file (`save_findings`, ``peacetalks
      convert``): a JSON document with ``schema_version`` and ``findings``
      (and no ``articles``), JSON Lines whose header line is followed by a
      ``position`` or ``demand`` record, or a CSV table with exactly the
      findings columns;
    - ``"records"``: flat records (``peacetalks extract``,
      `Findings.save_records <peacetalks.findings.Findings.save_records>`):
      a JSON array or JSON Lines whose first record is a ``position`` or
      ``demand`` with record keys only, or a CSV table whose header is
      record keys, ``type`` and ``actor`` among them;
    - ``"proposals"``: the records of a proposals table (``peacetalks
      compare --format json|csv``): keys of `peacetalks.io.columns.TABLE_KEYS`
      only, with ``metric``, ``actor`` and ``compared``;
    - ``"report"``: a JSON document with ``articles`` and ``proposals`` and
      no ``schema_version`` (``peacetalks report --format json``);
    - ``"articles"``: anything else (a corpus file, someone's table with a
      ``type`` column, an empty file).

    Args:
        path: The file.
        format: ``"json"``, ``"jsonl"`` or ``"csv"``, whatever the suffix.

    Raises:
        FormatError: If the file cannot be read or its format is unknown.
        DecodeError: If a JSON or JSON Lines file is not valid JSON where
            its kind shows, or a CSV header is malformed; naming the file.

    >>> import pathlib, tempfile
    >>> from peacetalks import Article, Findings, Position, save_findings
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_jsonl(folder / "a.jsonl", [Article(title="Talks", id="a1")])
    1
    >>> position = Position("Russia", "neutrality", "supports")
    >>> save_findings([position], folder / "f.jsonl")
    >>> Findings([position]).save_records(folder / "r.csv")
    >>> [sniff_kind(folder / name) for name in ("a.jsonl", "f.jsonl", "r.csv")]
    ['articles', 'findings', 'records']
    """
    name = format_of(path, format)
    where = os.fspath(path)
    with _open(path) as handle:
        try:
            return sniff_stream(handle, name, where)
        except OSError as exc:
            reason = f"cannot read: {exc.strerror or exc}"
            raise FormatError(reason, path=where) from None


def sniff_stream(handle: IO[bytes], format: str, where: str | None) -> str:
    r"""Like `sniff_kind`, on an open binary stream (an archive member, say).

    Only what the kind needs is read: the first row of a CSV table, the
    first two records of JSON Lines; a JSON document is read whole.

    Raises:
        FormatError: If ``format`` is not ``"json"``, ``"jsonl"`` or ``"csv"``.
        DecodeError: As `sniff_kind` says, naming ``where``.

    >>> from io import BytesIO
    >>> sniff_stream(BytesIO(b'[{"type": "demand", "actor": "X"}]'), "json", None)
    'records'
    >>> sniff_stream(BytesIO(b"metric,actor,value,compared\r\n"), "csv", None)
    'proposals'
    >>> sniff_stream(BytesIO(b'{"title": "Talks", "type": "news"}'), "jsonl", None)
    'articles'
    """
    if format == "json":
        data = handle.read()
        return _leading_kind(data) or _document_kind(parse_json(data, path=where))
    if format == "csv":
        return _header_kind(_csv_header(handle, where))
    if format != "jsonl":
        supported = ", ".join(sorted(set(FORMATS.values())))
        raise FormatError(f"unknown format {format!r} (supported: {supported})")
    values = (
        parse_json(raw, path=where, line=number)
        for number, raw in enumerate(handle, start=1)
        if raw.strip()
    )
    first = next(values, None)
    if isinstance(first, dict) and "schema_version" in first:
        return "findings" if _tagged(next(values, None)) else "articles"
    return _record_kind(first)


def _tagged(record: object) -> bool:
    """Whether ``record`` is a JSON object whose ``type`` is a finding's."""
    if not isinstance(record, dict):
        return False
    tag = record.get("type")
    return isinstance(tag, str) and tag in FINDING_TYPES


#: The keys of extraction records and of proposals table records.
_FLAT_KEYS: Final = (frozenset(RECORD_KEYS), frozenset(TABLE_KEYS))


def _flat_kind(keys: Sequence[object], *, tagged: bool) -> str:
    """The kind of a flat record with ``keys`` (``tagged``: a finding's type)."""
    names = set(keys)
    if len(names) != len(keys) or not all(isinstance(key, str) for key in names):
        return "articles"
    records, proposals = _FLAT_KEYS
    if tagged and "actor" in names and names <= records:
        return "records"
    if names >= _PROPOSAL_MARKS and names <= proposals:
        return "proposals"
    return "articles"


def _record_kind(record: object) -> str:
    """The kind of the file whose first record is ``record``."""
    if not isinstance(record, dict):
        return "articles"
    return _flat_kind(list(record), tagged=_tagged(record))


def _document_kind(document: object) -> str:
    """The kind of a JSON file whose parsed content is ``document``."""
    if isinstance(document, dict):
        if "schema_version" in document:
            findings = "findings" in document and "articles" not in document
            return "findings" if findings else "articles"
        report = "articles" in document and "proposals" in document
        return "report" if report else "articles"
    if isinstance(document, list) and document:
        return _record_kind(document[0])
    return "articles"


_DECODER: Final = json.JSONDecoder(parse_constant=reject_constant)


def _skip_space(text: str, at: int) -> int:
    """The index of the first character at or after ``at`` that is not JSON space."""
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at


def _leading_kind(data: bytes) -> str | None:
    """The kind of a JSON document told from its start, or None to read it all.

    An array's kind is its first record's, and a peacetalks corpus says so
    in its second key (``{"schema_version": 1, "articles": ...``): a large
    corpus is then not parsed once more just to be told.  Anything else, or
    anything odd, is left to `_document_kind` on the whole.
    """

    def next_value(at: int) -> tuple[Any, int]:
        value, end = _DECODER.raw_decode(text, _skip_space(text, at))
        return value, _skip_space(text, end)

    try:
        text = data.decode("utf-8-sig")
        start = _skip_space(text, 0)
        if text.startswith("[", start):
            first, after = next_value(start + 1)
            return _record_kind(first) if text.startswith((",", "]"), after) else None
        if not text.startswith("{", start):
            return None
        key, after = next_value(start + 1)
        if key != "schema_version" or not text.startswith(":", after):
            return None
        _, after = next_value(after + 1)
        if not text.startswith(",", after):
            return None
        second, after = next_value(after + 1)
    except (ValueError, RecursionError):
        return None
    # Only "articles" is sure here: a document with it is never findings.
    return "articles" if second == "articles" and text.startswith(":", after) else None


def _header_kind(header: list[str]) -> str:
    """The kind of a CSV table with this header row."""
    if header == _header(Finding):
        return "findings"
    return _flat_kind(header, tagged="type" in header)


def _csv_header(handle: Iterable[bytes], where: str | None) -> list[str]:
    """The first row of a CSV table, decoded leniently: only its names matter."""
    allow_long_csv_fields()  # a first field may be a long article body
    number = 0

    def lines() -> Iterator[str]:
        nonlocal number
        for raw in handle:
            number += 1
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8", "replace")

    try:
        return next(csv.reader(lines()), [])
    except csv.Error as exc:
        raise DecodeError(f"malformed CSV: {exc}", path=where, line=number) from None
