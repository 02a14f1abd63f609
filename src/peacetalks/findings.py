"""What extraction found: `Findings`, and the flat records it is exported as.

`Findings` is an immutable sequence of the positions and demands found in
some articles, in corpus order and, within an article, in text order.
`Corpus.extract` and `Article.extract` return one:

>>> import peacetalks as pt
>>> findings = pt.datasets.sample().extract()
>>> findings
<Findings: ...7 demands from 5 articles>
>>> troops = findings.filter(metric="troops")
>>> [(d.actor, d.quantity.value) for d in troops.demands]
[('Russia', 85000.0), ('Ukraine', 250000.0)]
>>> print(describe(troops[0]))
Russia demands troops ≤ 85,000 personnel (target Ukraine)

**Records.**  `to_record` flattens a finding into one flat object with
fixed keys (`POSITION_KEYS`, `DEMAND_KEYS`), the form that ``peacetalks
extract`` writes for spreadsheets, data frames and ``jq``:

>>> record = troops.to_records()[0]
>>> {key: record[key] for key in ("type", "path", "actor", "metric", "value")}
{'type': 'demand', 'path': 'sample/002_de5fcd0c532bc2fc.txt', 'actor': 'Russia',
 'metric': 'troops', 'value': 85000}

A record holds everything its finding does except the raw text of the
date: ``date`` is the date at its precision (``"2025-01"``).  It adds the
``path`` of the article's file.  `write_records` and `read_records` write
and read records as JSON Lines (one record a line, no header line), CSV (a
header of `RECORD_KEYS`, empty cells for keys a record does not have) or
JSON (one array of records); `save_records` writes a file of them
atomically.  `iter_file` and `Findings.load` read any findings file
peacetalks writes: those, the library's own findings files (`Findings.save`,
`peacetalks.save_findings`), proposals tables (``peacetalks compare
--format json|csv``: the demand behind each figure) and reports
(``peacetalks report --format json``).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import json
import os
import re
import types
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from pathlib import Path
from typing import IO, Any, Final, cast, overload

import attrs

from peacetalks import _figures, _frames, _html, _optional, seams
from peacetalks.errors import FormatError, UnknownNameError, ValidationError
from peacetalks.io.atomic import atomic_write
from peacetalks.io.columns import (
    COMPARISON_KEYS,
    DEMAND_KEYS,
    POSITION_KEYS,
    RECORD_KEYS,
    TABLE_KEYS,
)
from peacetalks.io.native import (
    csv_rows,
    decode_utf8,
    format_of,
    iter_csv,
    iter_jsonl,
    parse_json,
    read_json,
    row_of,
    sniff_kind,
    write_items,
)
from peacetalks.io.report import plural
from peacetalks.lexicon import Lexicon, Names
from peacetalks.model import (
    Act,
    Bound,
    Demand,
    Modality,
    Position,
    Precision,
    Published,
    Stance,
)
from peacetalks.serialize import (
    FINDING_TYPES,
    Finding,
    check_schema_version,
    structure,
    unstructure,
)
from peacetalks.window import DateLike, DateWindow

__all__ = [
    "DEMAND_KEYS",
    "FRAME_KEYS",
    "PARQUET_SUFFIX",
    "POSITION_KEYS",
    "RECORD_FORMATS",
    "RECORD_KEYS",
    "Findings",
    "describe",
    "from_record",
    "is_parquet",
    "iter_file",
    "read_records",
    "save_records",
    "to_record",
    "write_records",
]

PathLike = str | os.PathLike[str]
Record = dict[str, Any]

#: The formats records are written in.
RECORD_FORMATS: Final = ("jsonl", "csv", "json")

#: The suffix of a Parquet file, written and read with the ``parquet`` extra.
PARQUET_SUFFIX: Final = ".parquet"

#: The columns of `Findings.to_pandas` (and of a Parquet file of findings):
#: the `RECORD_KEYS`, with the ``date`` a date and its ``date_precision``.
FRAME_KEYS: Final = (*RECORD_KEYS[:4], "date_precision", *RECORD_KEYS[4:])

#: Columns of `Findings.to_pandas` that are categorical, open or closed.
_CATEGORIES: Final = ("type", "actor", "target", "issue", "metric", "unit")
_CLOSED: Final = {
    "date_precision": Precision,
    "stance": Stance,
    "bound": Bound,
    "act": Act,
    "modality": Modality,
}

_KEYS: Final = {"position": frozenset(POSITION_KEYS), "demand": frozenset(DEMAND_KEYS)}
_INT_KEYS: Final = frozenset({"start", "end"})
_FLOAT_KEYS: Final = frozenset({"value", "low", "high", "confidence"})


def is_parquet(path: PathLike, format: str | None = None) -> bool:
    """Tell whether to write or read ``path`` as Parquet (the ``parquet`` extra).

    It is when ``format`` is ``"parquet"``, or when no format is given and
    the suffix is `PARQUET_SUFFIX` (in any case).

    >>> is_parquet("found.parquet"), is_parquet("found.PARQUET"), is_parquet("x.csv")
    (True, True, False)
    >>> is_parquet("found.dat", "parquet"), is_parquet("found.parquet", "csv")
    (True, False)
    """
    if format is not None:
        return format == "parquet"
    return Path(path).suffix.lower() == PARQUET_SUFFIX


# -- describing a finding -------------------------------------------------------------

_BOUND_SIGNS: Final = {
    Bound.MAX: "≤ ",
    Bound.MIN: "≥ ",
    Bound.APPROX: "≈ ",
    Bound.EXACT: "= ",
}
_VERBS: Final = {
    "demand": "demands",
    "offer": "offers",
    "accept": "accepts",
    "reject": "rejects",
    "statement": "states",
}


def describe(finding: Finding, *, lexicon: Lexicon | None = None) -> str:
    """Say a finding in one line, as ``peacetalks report`` shows it.

    Given a ``lexicon``, a position says the proposition its issue stands
    for, with the issue's id after it, so that a reader need not know the
    ids; an issue the lexicon does not know is said by its id.  Without
    one, ids alone (as ``peacetalks extract`` and ``evaluate`` print them).

    >>> from peacetalks import Demand, Lexicon, Position, Quantity
    >>> describe(Position("Russia", "nato_membership", "opposes", act="demand"))
    'Russia opposes nato_membership (demand)'
    >>> describe(Position("Russia", "ceasefire", "supports", act="offer"),
    ...          lexicon=Lexicon.default())
    'Russia supports: a ceasefire / cessation of hostilities (ceasefire; offer)'
    >>> describe(Demand("Ukraine", "troops", Quantity(low=200_000, high=250_000,
    ...     unit="personnel", bound="approx"), act="offer", speaker="Zelensky"))
    'Ukraine offers troops ≈ 200,000-250,000 personnel (by Zelensky)'
    """
    notes: list[str] = []
    said = ""
    if isinstance(finding, Position):
        notes.append(finding.act.value)
        head = f"{finding.actor} {finding.stance.value} {finding.issue}"
        proposition = _proposition(finding.issue, lexicon)
        if proposition is not None:
            head = f"{finding.actor} {finding.stance.value}: {proposition}"
            said = f"{finding.issue}; "
    else:
        quantity = finding.quantity
        unit = f" {quantity.unit}" if quantity.unit else ""
        amount = f"{_BOUND_SIGNS[quantity.bound]}{_figures.span(quantity)}{unit}"
        verb = _VERBS[finding.act.value]
        head = f"{finding.actor} {verb} {finding.metric} {amount}"
        if finding.target:
            notes.append(f"target {finding.target}")
    if finding.modality.value != "asserted":
        notes.append(finding.modality.value)
    if finding.speaker:
        notes.append(f"by {finding.speaker}")
    return f"{head} ({said}{', '.join(notes)})" if notes else head


def _proposition(issue: str, lexicon: Lexicon | None) -> str | None:
    """The proposition ``lexicon`` gives ``issue``, if it knows the issue."""
    if lexicon is None:
        return None
    try:
        return " ".join(lexicon.issue(issue).proposition.split())
    except UnknownNameError:
        return None


# -- records --------------------------------------------------------------------------


def _plain(value: float | None) -> int | float | None:
    # Whole numbers are written as integers (85000, not 85000.0).
    return None if value is None else unstructure(value)


def to_record(
    finding: Finding, *, path: str | None = None, article: str | None = None
) -> Record:
    """Flatten a finding into a record: a flat dict of JSON values.

    A position's record has the keys `POSITION_KEYS`, a demand's
    `DEMAND_KEYS`, in that order; unknown values are ``None``.

    Args:
        finding: The position or demand.
        path: The file of the article it was found in, if known.
        article: The article's id, when the finding has no evidence to say.

    >>> from peacetalks import Position
    >>> to_record(Position("Russia", "neutrality", "supports"), article="a1")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'type': 'position', 'article': 'a1', 'path': None, 'date': None,
     'actor': 'Russia', 'issue': 'neutrality', 'stance': 'supports',
     'act': 'statement', 'modality': 'asserted', 'speaker': None, 'quote': None,
     'start': None, 'end': None, 'confidence': 1, 'producer': None,
     'producer_version': None}
    """
    evidence = finding.evidence
    record: Record = {
        "type": "position" if isinstance(finding, Position) else "demand",
        "article": evidence.article_id if evidence is not None else article,
        "path": path,
        "date": finding.date.label if finding.date.date is not None else None,
        "actor": finding.actor,
    }
    if isinstance(finding, Position):
        record["issue"] = finding.issue
        record["stance"] = finding.stance.value
    else:
        quantity = finding.quantity
        record["target"] = finding.target
        record["metric"] = finding.metric
        record["value"] = _plain(quantity.value)
        record["low"] = _plain(quantity.low)
        record["high"] = _plain(quantity.high)
        record["unit"] = quantity.unit
        record["bound"] = quantity.bound.value
    producer = finding.producer
    record.update(
        act=finding.act.value,
        modality=finding.modality.value,
        speaker=finding.speaker,
        quote=evidence.quote if evidence is not None else None,
        start=evidence.start if evidence is not None else None,
        end=evidence.end if evidence is not None else None,
        confidence=_plain(finding.confidence),
        producer=producer.name if producer is not None else None,
        producer_version=producer.version if producer is not None else None,
    )
    return record


_LABEL: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _published(label: str) -> Published:
    """Read a date label (``2022``, ``2022-03``, ``2022-03-29``) back."""
    match = _LABEL.fullmatch(label)
    if match is None:
        msg = f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {label!r}"
        raise ValueError(msg)
    year, month, day = match.groups()
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    date = datetime.date(int(year), int(month or 1), int(day or 1))
    return Published(None, date, precision)


def _kind_of(value: object) -> str:
    return "boolean" if isinstance(value, bool) else type(value).__name__


def _check_value(key: str, value: object) -> str | None:
    """Say what is wrong with ``value`` as the record's ``key``, if anything."""
    if value is None:
        return None
    if key in _INT_KEYS:
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "an integer"
    elif key in _FLOAT_KEYS:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        expected = "a number"
    else:
        ok = isinstance(value, str)
        expected = "a string"
    return None if ok else f"$.{key}: expected {expected}, got {_kind_of(value)}"


# Where the model's nested fields sit in a record, for error messages.
_NESTED_PATHS: Final = (
    (re.compile(r"^\$\.quantity\.(\w+)"), r"$.\1"),
    (re.compile(r"^\$\.quantity\b"), "$.value"),
    (re.compile(r"^\$\.evidence\.(\w+)"), r"$.\1"),
    (re.compile(r"^\$\.evidence\b"), "$.quote"),
    (re.compile(r"^\$\.producer\.name\b"), "$.producer"),
    (re.compile(r"^\$\.producer\.version\b"), "$.producer_version"),
)


def _flat_path(message: str, where: str) -> str:
    for pattern, replacement in _NESTED_PATHS:
        message = pattern.sub(replacement, message)
    return where + message[1:] if message.startswith("$") else message


def from_record(
    record: object,
    *,
    where: str = "$",
    file: str | None = None,
    line: int | None = None,
) -> Finding:
    """Rebuild a position or demand from a record made by `to_record`, strictly.

    Keys that a record may leave out take the model's defaults (``act``,
    ``modality``, ``confidence``); ``None`` is the same as a missing key.
    The date's raw text is not in a record, so it comes back as ``None``.

    Args:
        record: The record.
        where: The record's place in its document, used in messages.
        file: The file it was read from, for messages.
        line: The line it was read from, for messages.

    Raises:
        ValidationError: Naming each bad key (``$.value``), and the file and
            line when given.

    >>> record = {"type": "demand", "actor": "Russia", "metric": "troops",
    ...           "value": 85000, "unit": "personnel", "bound": "max"}
    >>> from_record(record).quantity
    Quantity(value=85000.0, low=None, high=None, unit='personnel',
             bound=<Bound.MAX: 'max'>)
    >>> from_record({**record, "issue": "neutrality", "value": "many"})
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $.value: expected a number, got str;
    $.issue: a demand has no 'issue'
    """
    if not isinstance(record, Mapping):
        reason = f"{where}: expected a JSON object, got {_kind_of(record)}"
        raise ValidationError([reason], path=file, line=line)
    kind = record.get("type")
    if not isinstance(kind, str) or kind not in FINDING_TYPES:
        reason = f"{where}.type: must be one of {sorted(FINDING_TYPES)} (got {kind!r})"
        raise ValidationError([reason], path=file, line=line)
    own = _KEYS[kind]
    errors: list[str] = []
    for key, value in record.items():
        if key not in own:
            if not isinstance(key, str) or key not in RECORD_KEYS:
                errors.append(f"{where}: unknown key {key!r}")
            elif value is not None:
                errors.append(f"{where}.{key}: a {kind} has no {key!r}")
            continue
        problem = _check_value(key, value)
        if problem is not None:
            errors.append(where + problem[1:])
    if errors:
        raise ValidationError(errors, path=file, line=line)
    data = _nested(record, kind, where, file, line)
    try:
        finding: Finding = structure(
            data, FINDING_TYPES[kind], where="$", path=file, line=line
        )
    except ValidationError as exc:
        errors = [_flat_path(message, where) for message in exc.errors]
        raise ValidationError(errors, path=file, line=line) from None
    return finding


def _nested(
    record: Mapping[str, Any], kind: str, where: str, file: str | None, line: int | None
) -> dict[str, Any]:
    """Turn a checked record into the model's unstructured (nested) form."""
    given = {key: value for key, value in record.items() if value is not None}
    data: dict[str, Any] = {}
    keys = ("actor", "issue", "stance") if kind == "position" else ("actor", "metric")
    for key in (*keys, "act", "modality", "speaker", "confidence"):
        if key in given:
            data[key] = given[key]
    if kind == "demand":
        data["target"] = given.get("target")
        data["quantity"] = {
            key: given[key]
            for key in ("value", "low", "high", "unit", "bound")
            if key in given
        }
    if "date" in given:
        try:
            date = _published(given["date"])
        except ValueError as exc:
            raise ValidationError(
                [f"{where}.date: {exc}"], path=file, line=line
            ) from None
        data["date"] = unstructure(date)
    if {"quote", "start", "end"} & given.keys():
        if "article" not in given:
            reason = f"{where}.article: required with a quote"
            raise ValidationError([reason], path=file, line=line)
        data["evidence"] = {
            "article": given["article"],
            "quote": given.get("quote", ""),
            "start": given.get("start"),
            "end": given.get("end"),
        }
    if "producer" in given:
        data["producer"] = {
            "name": given["producer"],
            "version": given.get("producer_version"),
        }
    elif "producer_version" in given:
        reason = f"{where}.producer: required with a producer_version"
        raise ValidationError([reason], path=file, line=line)
    return data


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _json(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def write_records(records: Iterable[Record], handle: IO[str], *, format: str) -> int:
    """Write records to an open text stream, one at a time.

    Args:
        records: Records made by `to_record`.
        handle: Where to write (a file, ``sys.stdout``).
        format: ``"jsonl"``: one JSON object a line, no header line;
            ``"csv"``: a header row of `RECORD_KEYS`, then one row a record
            (empty cells for ``None`` and for keys a record lacks; CRLF line
            ends, as RFC 4180 says); ``"json"``: one JSON array, a record a
            line.

    Returns:
        The number of records written.

    Raises:
        FormatError: If ``format`` is not one of `RECORD_FORMATS`.

    >>> import sys
    >>> from peacetalks import Position
    >>> records = [to_record(Position("Russia", "neutrality", "supports"))]
    >>> write_records(records, sys.stdout, format="jsonl")
    {"type": "position", "article": null, "path": null, "date": null, "actor": "Russia",
    "issue": "neutrality", "stance": "supports", "act": "statement", "modality":
    "asserted", "speaker": null, "quote": null, "start": null, "end": null,
    "confidence": 1, "producer": null, "producer_version": null}
    1
    >>> write_records(records, sys.stdout, format="xml")
    Traceback (most recent call last):
        ...
    peacetalks.errors.FormatError: unknown format 'xml' (supported: jsonl, csv, json)
    """
    if format not in RECORD_FORMATS:
        supported = ", ".join(RECORD_FORMATS)
        raise FormatError(f"unknown format {format!r} (supported: {supported})")
    count = 0
    if format == "csv":
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(RECORD_KEYS)
        for record in records:
            writer.writerow([_cell(record.get(key)) for key in RECORD_KEYS])
            count += 1
    elif format == "jsonl":
        for record in records:
            handle.write(_json(record) + "\n")
            count += 1
    else:
        handle.write("[")
        for record in records:
            handle.write(("," if count else "") + "\n" + _json(record))
            count += 1
        handle.write("\n]\n" if count else "]\n")
    return count


def save_records(
    records: Iterable[Record], path: PathLike, *, format: str | None = None
) -> int:
    """Write records to ``path`` atomically, as `write_records` does.

    The format comes from ``format`` or else the suffix (``.jsonl``,
    ``.ndjson``, ``.csv``, ``.json``, or ``.parquet`` with the ``parquet``
    extra: `peacetalks.integrations.parquet.write_parquet`).  Records are
    written as they come, so a generator of them is never held in memory.

    Returns:
        The number of records written.

    Raises:
        FormatError: If the format is unknown.
        MissingExtraError: For Parquet without pyarrow (the ``parquet``
            extra); nothing is written.
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was, also when ``records`` raises.

    >>> import pathlib, tempfile
    >>> from peacetalks import Position
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.csv"
    >>> save_records([to_record(Position("Russia", "neutrality", "supports"))], path)
    1
    >>> path.read_text(encoding="utf-8").splitlines()[1][:40]
    'position,,,,Russia,neutrality,supports,,'
    """
    if is_parquet(path, format):
        return seams.PARQUET.implementation.write(records, path)
    name = format_of(path, format)
    with atomic_write(path, newline="" if name == "csv" else "\n") as handle:
        return write_records(records, handle, format=name)


def _open(path: PathLike) -> IO[bytes]:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        raise FormatError(reason, path=os.fspath(path)) from None


def _read_bytes(path: PathLike) -> bytes:
    with _open(path) as handle:
        return handle.read()


def _iter_jsonl(path: PathLike) -> Iterator[tuple[Any, int]]:
    """Each value of a JSON Lines file of flat records, with its line.

    A header line (``{"schema_version": 1}``) is checked and passed over:
    a findings file that holds no finding has nothing else.
    """
    where = os.fspath(path)
    first = True
    with _open(path) as handle:
        for number, raw in enumerate(handle, start=1):
            text = decode_utf8(raw, path=where, line=number, strip_bom=number == 1)
            if not text.strip():
                continue
            value = parse_json(text, path=where, line=number)
            if first and isinstance(value, dict) and "schema_version" in value:
                check_schema_version(value, path=where, line=number)
            else:
                yield value, number
            first = False


def _decode_cell(key: str, cell: str, errors: list[str]) -> Any:
    if cell == "":
        return None
    try:
        if key in _INT_KEYS:
            return int(cell)
        if key in _FLOAT_KEYS:
            return float(cell)
    except ValueError:
        kind = "an integer" if key in _INT_KEYS else "a number"
        errors.append(f"$.{key}: cannot read {cell!r} as {kind}")
    return cell


def _iter_csv(
    path: PathLike, keys: Collection[str], *, what: str, required: str
) -> Iterator[tuple[Record, int]]:
    """The rows of a CSV table of flat records whose columns are ``keys``."""
    where = os.fspath(path)
    with _open(path) as handle:
        header: list[str] | None = None
        for cells, line in csv_rows(handle, where):
            if header is None:
                header = cells
                unknown = [name for name in header if name not in keys]
                if unknown or required not in header:
                    reason = (
                        f"not a table of {what}: unknown columns {unknown}"
                        if unknown
                        else f"not a table of {what}: no {required!r} column"
                    )
                    raise ValidationError([f"$: {reason}"], path=where, line=1)
                continue
            row = row_of(header, cells, path=where, line=line)
            errors: list[str] = []
            record = {key: _decode_cell(key, cell, errors) for key, cell in row.items()}
            if errors:
                raise ValidationError(errors, path=where, line=line)
            yield record, line


def _flat_rows(
    path: PathLike, name: str, keys: Collection[str], *, what: str, required: str
) -> Iterator[tuple[object, str, int | None]]:
    """Each flat record of a JSON, JSON Lines or CSV file, with where it is."""
    if name == "json":
        where = os.fspath(path)
        document = parse_json(_read_bytes(path), path=where)
        if not isinstance(document, list):
            got = _kind_of(document)
            reason = f"$: expected a JSON array of {what}, got {got}"
            raise ValidationError([reason], path=where)
        for index, record in enumerate(document):
            yield record, f"$[{index}]", None
    elif name == "jsonl":
        for record, line in _iter_jsonl(path):
            yield record, "$", line
    else:
        rows = _iter_csv(path, keys, what=what, required=required)
        for record, line in rows:
            yield record, "$", line


def _records(
    path: PathLike, name: str, articles: MutableMapping[str, str | None]
) -> Iterator[Finding]:
    """The findings in a file of records, noting each article's ``path``."""
    where = os.fspath(path)
    rows = _flat_rows(path, name, RECORD_KEYS, what="records", required="type")
    for record, at, line in rows:
        finding = from_record(record, where=at, file=where, line=line)
        assert isinstance(record, Mapping)  # from_record refuses anything else
        article = record.get("article")
        if isinstance(article, str):
            articles.setdefault(article, record.get("path"))
        yield finding


def _from_proposal(
    record: object,
    at: str,
    where: str,
    line: int | None,
    articles: MutableMapping[str, str | None],
) -> Finding:
    """The demand behind a record of a proposals table."""
    if not isinstance(record, Mapping):
        reason = f"{at}: expected a JSON object, got {_kind_of(record)}"
        raise ValidationError([reason], path=where, line=line)
    errors = [f"{at}: unknown key {key!r}" for key in record if key not in TABLE_KEYS]
    source = record.get("source")
    if source is not None and not isinstance(source, str):
        errors.append(f"{at}.source: expected a string, got {_kind_of(source)}")
    if record.get("quote") is not None and not {"start", "end"} <= record.keys():
        errors.append(
            f"{at}: no 'start' and 'end' for the quote: the table was written by "
            "an older peacetalks; write it again with 'peacetalks compare'"
        )
    if errors:
        raise ValidationError(errors, path=where, line=line)
    # What the table computed goes; its source is read above.
    computed = {"source", "outlet", *COMPARISON_KEYS}
    demand = {k: v for k, v in record.items() if k not in computed}
    demand["type"] = "demand"
    article = demand.get("article")
    if article is None and source is not None:
        # Without evidence, a proposal's source is its producer's name.
        demand["producer"] = source
    finding = from_record(demand, where=at, file=where, line=line)
    if isinstance(article, str):
        articles.setdefault(article, None if source == article else source)
    return finding


def _proposals(
    path: PathLike, name: str, articles: MutableMapping[str, str | None]
) -> Iterator[Finding]:
    """The demands behind the records of a proposals table (``compare``)."""
    where = os.fspath(path)
    rows = _flat_rows(path, name, TABLE_KEYS, what="proposals", required="metric")
    for record, at, line in rows:
        yield _from_proposal(record, at, where, line, articles)


def _report(
    path: PathLike, articles: MutableMapping[str, str | None]
) -> Iterator[Finding]:
    """The findings in a report (``peacetalks report --format json``).

    Each article's ``id`` and ``path`` are noted, also where nothing was
    found; the ``proposals`` and counts are left: they follow from the
    findings.
    """
    where = os.fspath(path)
    document = parse_json(_read_bytes(path), path=where)
    entries = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValidationError(["$.articles: expected a list"], path=where)
    for index, entry in enumerate(entries):
        at = f"$.articles[{index}]"
        if not isinstance(entry, Mapping):
            reason = f"{at}: expected a JSON object, got {_kind_of(entry)}"
            raise ValidationError([reason], path=where)
        article, file, found = entry.get("id"), entry.get("path"), entry.get("findings")
        errors = []
        if not isinstance(article, str) or not article:
            errors.append(f"{at}.id: expected a string, got {_kind_of(article)}")
        if file is not None and not isinstance(file, str):
            errors.append(f"{at}.path: expected a string, got {_kind_of(file)}")
        if found is not None and not isinstance(found, list):
            errors.append(f"{at}.findings: expected a list, got {_kind_of(found)}")
        if errors:
            raise ValidationError(errors, path=where)
        assert isinstance(article, str)  # checked just above
        articles.setdefault(article, file)
        for number, record in enumerate(found or ()):
            yield from_record(record, where=f"{at}.findings[{number}]", file=where)


def _native(path: PathLike, name: str) -> Iterator[Finding]:
    """The findings in one of the library's own findings files, streamed."""
    if name == "jsonl":
        return cast(Iterator[Finding], iter_jsonl(path, Finding))
    if name == "csv":
        return cast(Iterator[Finding], iter_csv(path, Finding))
    return iter(cast(list[Finding], read_json(path, Finding)))


def iter_file(
    path: PathLike,
    *,
    format: str | None = None,
    articles: MutableMapping[str, str | None] | None = None,
) -> Iterator[Finding]:
    """Yield the positions and demands in any findings file peacetalks writes.

    The kind of file is told from its content (`peacetalks.io.native.sniff_kind`):
    a findings file (`Findings.save`, ``peacetalks convert``), records
    (``peacetalks extract``, `save_records`), a proposals table
    (``peacetalks compare --format json|csv``: the demand behind each
    figure) or a report (``peacetalks report --format json``).  Anything
    else is read as records, strictly, so the error says what does not fit.
    A ``.parquet`` file is read with the ``parquet`` extra
    (`peacetalks.integrations.parquet.read_parquet`).

    Args:
        path: The file.
        format: ``"jsonl"``, ``"csv"``, ``"json"`` or ``"parquet"``,
            whatever the suffix.
        articles: If given, filled as the file is read with each article's
            id and file (``None`` where the file does not say), in reading
            order: a report lists every article, also those where nothing
            was found.

    Raises:
        LoadError: Or a subclass, naming the file, the line (or the place
            in the document) and the key.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> from peacetalks.comparison import proposals_table, write_table
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "proposals.json"
    >>> table = proposals_table([Demand("Russia", "tanks", Quantity(342))])
    >>> with path.open("w", encoding="utf-8") as handle:
    ...     write_table(table, handle, format="json")
    >>> [(d.actor, d.metric, d.quantity.value) for d in iter_file(path)]
    [('Russia', 'tanks', 342.0)]
    """
    seen: MutableMapping[str, str | None] = {} if articles is None else articles
    if is_parquet(path, format):
        table = seams.PARQUET.implementation.read(path)
        for article, where in table.articles.items():
            seen.setdefault(article, where)
        yield from table
        return
    name = format_of(path, format)
    kind = sniff_kind(path, name)
    if kind == "findings":
        found = _native(path, name)
    elif kind == "proposals":
        found = _proposals(path, name, seen)
    elif kind == "report":
        found = _report(path, seen)
    else:
        found = _records(path, name, seen)
    for finding in found:
        if finding.evidence is not None:
            seen.setdefault(finding.evidence.article_id, None)
        yield finding


def read_records(path: PathLike, *, format: str | None = None) -> Findings:
    """Read a file of records (``peacetalks extract`` output) into `Findings`.

    Args:
        path: A ``.jsonl``, ``.csv`` or ``.json`` file written by
            `write_records` (or `Findings.save_records`).
        format: ``"jsonl"``, ``"csv"`` or ``"json"``, whatever the suffix.

    Returns:
        The findings, in file order; `Findings.articles` maps each record's
        ``article`` to its ``path``.

    Raises:
        FormatError: If the file cannot be read or its format is unknown.
        DecodeError: For invalid UTF-8, JSON or CSV, naming the line.
        ValidationError: For a record that does not fit, naming the line
            (JSON Lines, CSV) or the index (JSON) and the key.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.jsonl"
    >>> save_records([to_record(Demand("Russia", "tanks", Quantity(342)))], path)
    1
    >>> read_records(path).demands[0].quantity.value
    342.0
    """
    articles: dict[str, str | None] = {}
    found = list(_records(path, format_of(path, format), articles))
    return Findings(found, articles=articles)


# -- the sequence ---------------------------------------------------------------------


def _to_items(items: Iterable[Finding]) -> tuple[Finding, ...]:
    # Checked here, not in a validator: the default of ``articles`` reads them.
    found = tuple(items)
    given: tuple[object, ...] = found  # anything may come in at run time
    for index, item in enumerate(given):
        if not isinstance(item, Position | Demand):
            kind = type(item).__name__
            msg = f"Findings hold positions and demands (got {kind} at {index})"
            raise TypeError(msg)
    return found


def _evidence_articles(findings: Findings) -> Mapping[str, str | None]:
    ids: dict[str, str | None] = {}
    for item in findings.items:
        if item.evidence is not None:
            ids.setdefault(item.evidence.article_id, None)
    return ids


def _to_articles(value: Mapping[str, str | None]) -> Mapping[str, str | None]:
    return types.MappingProxyType(dict(value))


def _wanted(value: str | Collection[str]) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


@attrs.frozen(repr=False)
class Findings(Sequence[Finding]):
    """Positions and demands found in articles, in corpus and text order.

    It behaves like an immutable sequence (``len``, indexing, slicing,
    iteration, ``in``); `filter` and slices return a new `Findings` with the
    same `articles`.  Two are equal when they hold the same findings in the
    same order, from the same articles.

    Args:
        items: The findings, in order.
        articles: The articles they were found in, in reading order, each
            id mapped to the file it came from (``None`` if unknown).
            Articles where nothing was found are included.  By default, the
            articles that the findings' evidence quotes.

    >>> from peacetalks import Position, Demand, Quantity
    >>> findings = Findings([
    ...     Position("Russia", "neutrality", "supports", act="demand"),
    ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
    ... ], articles={"a1": "news/a1.txt"})
    >>> findings
    <Findings: 1 position, 1 demand from 1 article>
    >>> findings.filter(actor="Russia", type="demand")
    <Findings: 0 positions, 1 demand from 1 article>
    """

    items: tuple[Finding, ...] = attrs.field(default=(), converter=_to_items)
    articles: Mapping[str, str | None] = attrs.field(
        default=attrs.Factory(_evidence_articles, takes_self=True),
        converter=_to_articles,
        hash=False,
        kw_only=True,
    )

    # -- the sequence protocol ----------------------------------------------------

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(self.items[index], articles=self.articles)
        return self.items[index]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __repr__(self) -> str:
        positions = sum(isinstance(item, Position) for item in self.items)
        demands = len(self.items) - positions
        text = f"{plural(positions, 'position')}, {plural(demands, 'demand')}"
        if self.articles:
            text += f" from {plural(len(self.articles), 'article')}"
        return f"<Findings: {text}>"

    # -- views and selection ------------------------------------------------------

    @property
    def positions(self) -> tuple[Position, ...]:
        """The positions, in order.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> [(p.actor, p.issue, p.stance.value) for p in findings.positions]
        [('Russia', 'neutrality', 'supports')]
        """
        return tuple(item for item in self.items if isinstance(item, Position))

    @property
    def demands(self) -> tuple[Demand, ...]:
        """The demands, in order.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> [(d.actor, d.quantity.value) for d in findings.demands]
        [('Russia', 85000.0), ('Ukraine', 250000.0)]
        """
        return tuple(item for item in self.items if isinstance(item, Demand))

    def filter(
        self,
        *,
        type: str | None = None,
        actor: str | Collection[str] | None = None,
        issue: str | Collection[str] | None = None,
        metric: str | Collection[str] | None = None,
        article: str | Collection[str] | None = None,
        start: DateLike = None,
        end: DateLike = None,
        predicate: Callable[[Finding], bool] | None = None,
        lexicon: Lexicon | None = None,
    ) -> Findings:
        """Keep the findings that meet every criterion given, in order.

        Names are read through the lexicon by the rule of `Names`: any case
        or alias of a name is the name (``actor="moscow"`` keeps Russia's
        findings), a name the lexicon does not know may still be one of the
        findings' own (from another lexicon or a file), and any other name
        raises `UnknownNameError` with the names that come close.  A known
        name that no finding has keeps nothing.

        Args:
            type: ``"position"`` or ``"demand"``.
            actor: An actor's name, or several.
            issue: An issue id or several; only positions have one, so this
                keeps positions only.
            metric: A metric id or several; only demands have one, so this
                keeps demands only.
            article: An article id or several (from the evidence); an id of
                none of the `articles` raises `UnknownNameError`.
            start: Keep findings dated on or after this day: a date, an ISO
                string, ``"March 2022"`` or a `Published` (see
                `peacetalks.window`).  A finding dated to the month or year
                counts when any of its days does; undated findings are left
                out once ``start`` or ``end`` is given.
            end: Keep findings dated on or before this day (``"March
                2022"`` is the 31st).
            predicate: Any test on a finding.
            lexicon: How names are read; the default lexicon if None.

        Raises:
            UnknownNameError: ``type`` is not ``"position"`` or ``"demand"``,
                or neither the lexicon nor the findings know a name.
            TypeError: A name is not a string, or a bound of the window is
                not a date, a string or a `Published`.
            FieldValueError: A bound names no date, or ``start`` is after
                ``end``.

        >>> from peacetalks import Demand, Position, Quantity, parse_date
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel"),
        ...            date=parse_date("2022-03-29")),
        ... ])
        >>> findings.filter(metric="troops", actor=["Kyiv"]).demands[0].actor
        'Ukraine'
        >>> len(findings.filter(actor="the Kremlin")), len(findings.filter(end="2022"))
        (2, 1)
        >>> len(findings.filter(predicate=lambda f: f.actor == "Russia"))
        2
        >>> findings.filter(metric="troop")
        Traceback (most recent call last):
            ...
        peacetalks.errors.UnknownNameError: unknown metric 'troop' in lexicon
        'russia-ukraine'; did you mean 'troops'?
        >>> findings.filter(type="quote")
        Traceback (most recent call last):
            ...
        peacetalks.errors.UnknownNameError: unknown type 'quote'; did you mean
        'demand' or 'position'?
        """
        tests: list[Callable[[Finding], bool]] = []
        if type is not None:
            kind = Names.closed("type", FINDING_TYPES).resolve(type, argument="type")
            cls = FINDING_TYPES[kind]
            tests.append(lambda f: isinstance(f, cls))
        if actor is not None:
            actors = Names("actor", {f.actor for f in self.items}, lexicon)
            wanted = frozenset(actors.resolve_all(actor, argument="actor"))
            tests.append(lambda f: actors.canonical(f.actor) in wanted)
        if issue is not None:
            positions = self.positions
            issues = Names("issue", {p.issue for p in positions}, lexicon)
            on = frozenset(issues.resolve_all(issue, argument="issue"))
            tests.append(
                lambda f: isinstance(f, Position) and issues.canonical(f.issue) in on
            )
        if metric is not None:
            demands = self.demands
            metrics = Names("metric", {d.metric for d in demands}, lexicon)
            of = frozenset(metrics.resolve_all(metric, argument="metric"))
            tests.append(
                lambda f: isinstance(f, Demand) and metrics.canonical(f.metric) in of
            )
        if article is not None:
            ids = _wanted(article)
            known = {*self.articles, *_evidence_articles(self)}
            for unknown in sorted(ids - known):  # ids are exact: no folding
                close = difflib.get_close_matches(unknown, known, n=3)
                raise UnknownNameError("article", unknown, None, close)
            tests.append(
                lambda f: f.evidence is not None and f.evidence.article_id in ids
            )
        window = DateWindow.of(start, end)
        if not window.is_open:
            tests.append(lambda f: window.contains(f.date))
        if predicate is not None:
            tests.append(predicate)
        kept = (item for item in self.items if all(test(item) for test in tests))
        return Findings(kept, articles=self.articles)

    # -- records and files --------------------------------------------------------

    def to_records(self) -> list[Record]:
        """The findings as flat records (`to_record`), with their article's path.

        Ready for a data frame: ``pandas.DataFrame(findings.to_records())``.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> [(r["type"], r["actor"], r.get("value")) for r in findings.to_records()]
        [('position', 'Russia', None), ('demand', 'Russia', 85000), ('demand',
        'Ukraine', 250000)]
        """
        return [
            to_record(
                item,
                path=self.articles.get(item.evidence.article_id)
                if item.evidence is not None
                else None,
            )
            for item in self.items
        ]

    def to_pandas(self) -> Any:
        """The findings as a pandas DataFrame: one row per record (`to_records`).

        The columns are `FRAME_KEYS`, in that order, also when no finding
        fills them: the `RECORD_KEYS`, with ``date_precision`` after
        ``date``.  Positions and demands share the frame (filter first for
        one kind: ``findings.filter(type="demand").to_pandas()``).  Needs
        the ``pandas`` extra.  The columns are ready for analysis:

        - ``date``: ``datetime64[ns]``, ``NaT`` when unknown; a date known
          to the month is the first of the month, one known to the year
          the first of January (``datetime64[s]`` if a date falls outside
          the years 1677-2262, which nanoseconds cannot hold);
        - ``date_precision``: ``category`` of ``day``, ``month``, ``year``,
          ``unknown``: how much of ``date`` is known;
        - ``type``, ``actor``, ``target``, ``issue``, ``metric``, ``unit``:
          ``category`` of the values found;
        - ``stance``, ``act``, ``modality``, ``bound``: ``category`` of all
          the enum's values (`Stance`, `Act`, `Modality`, `Bound`), found
          or not, so frames of different runs group alike;
        - ``value``, ``low``, ``high``, ``confidence``: numbers; ``start``,
          ``end``: integers where every row has one;
        - the rest (``article``, ``path``, ``speaker``, ``quote``,
          ``producer``...): strings.

        Raises:
            MissingExtraError: If pandas is not installed.

        >>> import peacetalks as pt
        >>> findings = pt.datasets.sample().extract()
        >>> frame = findings.filter(type="demand").to_pandas()
        >>> frame[["actor", "metric", "value"]].head(2).to_dict("records")
        [{'actor': 'Russia', 'metric': 'territory_share', 'value': 20},
         {'actor': 'Russia', 'metric': 'troops', 'value': 85000}]
        >>> frame[["date", "date_precision"]].iloc[0].tolist()  # January 2025
        [Timestamp('2025-01-01 00:00:00'), 'month']
        >>> frame.dtypes[["date", "actor", "bound"]].astype(str).tolist()
        ['datetime64[ns]', 'category', 'category']
        """
        pandas = _optional.pandas("Findings.to_pandas()")
        frame = pandas.DataFrame(self.to_records(), columns=list(FRAME_KEYS))
        frame["date"] = _frames.dates(pandas, [item.date.date for item in self])
        frame["date_precision"] = [item.date.precision.value for item in self]
        _frames.categorize(pandas, frame, _CATEGORIES, _CLOSED)
        return frame

    def _repr_html_(self) -> str:
        """The findings as a table for notebooks: one line each.

        Past `peacetalks._html.MAX_ROWS` (60) findings, the first and last
        five are listed with "… 4,990 more" between them, as pandas does.
        """
        rows = _html.numbered(self.items, lambda item: (describe(item),))
        return _html.table(["#", "finding"], rows, caption=repr(self))

    def save(self, path: PathLike, *, format: str | None = None) -> None:
        """Write the findings as a peacetalks findings file, atomically.

        The format comes from ``format`` or the suffix: ``.json``,
        ``.jsonl`` or ``.csv`` (`peacetalks.save_findings`), or
        ``.parquet`` with the ``parquet`` extra (the columns of
        `peacetalks.integrations.parquet.write_parquet`, each article's path
        included).  The file is lossless and is read back by `load`;
        `articles` is not stored, but comes back from the evidence.

        Raises:
            FormatError: If the format is unknown.
            MissingExtraError: For Parquet without pyarrow; nothing is
                written.
            WriteError: If the file cannot be written; an existing file is
                left as it was.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.json"
        >>> findings.save(path)
        >>> Findings.load(path) == findings
        True
        >>> findings.save(path.with_suffix(".parquet"))  # the parquet extra
        >>> Findings.load(path.with_suffix(".parquet")) == findings
        True
        """
        if is_parquet(path, format):
            seams.PARQUET.implementation.write(self, path)
        else:
            write_items(path, self.items, Finding, format)

    def save_records(self, path: PathLike, *, format: str | None = None) -> None:
        """Write the findings as records (`write_records`), atomically.

        The format comes from ``format`` or the suffix (``.jsonl``, ``.csv``,
        ``.json``); this is what ``peacetalks extract -o`` writes.  A
        ``.parquet`` file (the ``parquet`` extra) is the one `save` writes:
        its columns are the records' (`save_records`).

        Raises:
            FormatError: If the format is unknown.
            MissingExtraError: For Parquet without pyarrow; nothing is
                written.
            WriteError: If the file cannot be written; an existing file is
                left as it was.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
        >>> findings.save_records(path)
        >>> len(path.read_text(encoding="utf-8").splitlines())
        3
        """
        if is_parquet(path, format):
            seams.PARQUET.implementation.write(self, path)  # dates in full
        else:
            save_records(self.to_records(), path, format=format)

    @classmethod
    def load(cls, path: PathLike, *, format: str | None = None) -> Findings:
        """Read findings from any findings file peacetalks writes.

        Findings files (`save`), records (`save_records`, ``peacetalks
        extract``), proposals tables (``peacetalks compare --format
        json|csv``) and reports (``peacetalks report --format json``) are
        read, in any of the three formats; the kind is told from the
        content (see `iter_file`).  A ``.parquet`` file (or ``format=
        "parquet"``) is read with the ``parquet`` extra
        (`peacetalks.integrations.parquet.read_parquet`).  `articles` holds
        each article's file where the file says it.

        Raises:
            LoadError: Or a subclass, naming the file, line and key.
            MissingExtraError: For Parquet without pyarrow.

        >>> from peacetalks import Demand, Position, Quantity
        >>> findings = Findings([
        ...     Position("Russia", "neutrality", "supports", act="demand"),
        ...     Demand("Russia", "troops", Quantity(85_000, unit="personnel")),
        ...     Demand("Ukraine", "troops", Quantity(250_000, unit="personnel")),
        ... ])
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.csv"
        >>> findings.save_records(path)
        >>> Findings.load(path).demands == findings.demands
        True
        """
        articles: dict[str, str | None] = {}
        items = list(iter_file(path, format=format, articles=articles))
        return cls(items, articles=articles)
