"""Other people's tables of articles: CSV, JSON and JSON Lines exports.

News data sets, scraper exports and API dumps name their columns in many
ways (``headline``, ``body``, ``pub_date``, ``publishedAt``...).  This module
reads them into `Draft` objects, mapping each column or key to a draft
field by `DEFAULT_MAPPING` (and a user's own mapping first).  The library's
own files are read strictly by `peacetalks.io.native` instead: use
`is_native_json` and `is_native_csv` to tell them apart.

>>> draft = record_to_draft(
...     {"headline": "Talks resume", "body": "Delegations met.",
...      "pub_date": "2022-03-29", "author": "Jane Doe and John Roe",
...      "section": "world"}
... )
>>> draft.title, draft.text, draft.published_raw
('Talks resume', 'Delegations met.', '2022-03-29')
>>> draft.authors, draft.extra
(['Jane Doe', 'John Roe'], {'section': 'world'})

Conventions:

* **Names** of columns and keys are compared case-insensitively, with
  spaces, hyphens and underscores equivalent and camelCase split into words:
  ``Pub Date``, ``pub-date``, ``PUB_DATE`` and ``pubDate`` are all
  ``pub_date``.
* **Which key wins:** when several keys map to one field (``title`` and
  ``headline``), the user's mapping comes first, then the synonyms in the
  order `DEFAULT_MAPPING` lists them; the first key with a value fills the
  field and the others are kept in ``extra`` under their own names.
  ``None`` and ``""`` are no value: they fill no field.
* **Text** values are kept exactly as they are, never stripped.
* **Ids** may be strings or integers (``123`` becomes ``"123"``); a blank
  id is an error (``""`` is no value: the id is then derived).
* **Authors** come from a list of strings (or of objects with a string
  ``"name"``, as some APIs write them), or from one string: a leading
  ``"By "`` is dropped, then the string is split on ``";"`` if it holds
  one, else on ``","`` and the word ``"and"``; names are stripped, and
  pieces without a letter or digit dropped.  Write ``"Doe, Jane; Roe,
  John"`` to keep commas in names.
* **Outlets** may be a string or an object with a string ``"name"``
  (NewsAPI's ``"source": {"id": ..., "name": ...}``); such an object is
  also kept whole in ``extra``.
* **Dates** may be a string (resolved later by `Draft.build`), an object
  ``{"raw": ..., "date": ..., "precision": ...}`` (the library's own record
  shape, taken as already resolved), an object ``{"$date": "..."}`` (a
  MongoDB export) or an integer.  An integer is read as its decimal digits,
  so ``20220329`` and ``2022`` resolve; an epoch timestamp
  (``1648512000``) is kept as raw text with an unknown date, because
  seconds or milliseconds, and the time zone, would be guesses.  A float is
  an error.
* **Other keys** go to ``extra`` under their original names, nested objects
  and lists as they are; a key ``"extra"`` holding an object (the library's
  own record shape) is merged into ``extra``, the record's other keys
  winning over it.
* **Text:** a record needs a key (a table, a column) that is read as the
  text: one named like a synonym of ``text`` (``body``, ``content``,
  ``story``...) or mapped to ``text``.  Without one, the record (or the
  whole table, from its header) is refused with a message naming the keys
  and the mapping to give (``mapping={"Story text": "text"}``): an
  article without its text is of no use, and silently empty texts are
  worse.
* **Errors:** a record that is not an object, has no text key, has neither
  a (non-blank) title nor a text, or holds a value of the wrong type for
  a field raises `ValidationError` naming the key by its path (``$.text:
  expected a string, got int``) and the file and line given.  Nothing else
  is raised for bad data.  The readers of whole files take ``on_error``:
  with it, each bad record's error is handed to it and the record left
  out, the others being read (see `peacetalks.io.native`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from peacetalks.errors import FormatError, LoadError, ValidationError
from peacetalks.io.draft import Draft
from peacetalks.io.native import (
    OnError,
    decode_lines,
    json_lines,
    parse_json,
    raise_or_report,
    read_rows,
    row_of,
)
from peacetalks.model import Article, Published
from peacetalks.serialize import columns, structure

__all__ = [
    "CONTAINER_KEYS",
    "DEFAULT_MAPPING",
    "FIELDS",
    "FILE_KEYS",
    "is_native_csv",
    "is_native_json",
    "iter_csv_records",
    "iter_csv_rows",
    "iter_json_records",
    "iter_jsonl_records",
    "normalize_name",
    "record_fields",
    "record_to_draft",
    "split_authors",
]

#: The draft fields a column can be mapped to.  ``"published"`` is the same
#: as ``"published_raw"``; ``"extra"`` keeps the column in ``Draft.extra``
#: (to stop a synonym from claiming it).
FIELDS: Final = frozenset(
    {
        "title",
        "text",
        "id",
        "url",
        "outlet",
        "authors",
        "published_raw",
        "published",
        "language",
        "extra",
    }
)

_SYNONYMS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("title", ("title", "headline", "heading")),
    (
        "text",
        ("text", "body", "content", "article", "article_text", "full_text", "story"),
    ),
    ("url", ("url", "link", "href", "source_url", "permalink")),
    (
        "published_raw",
        (
            "published",
            "date",
            "pubdate",
            "pub_date",
            "publication_date",
            "published_at",
            "datetime",
            "timestamp",
            "created_at",
            "published_raw",
        ),
    ),
    (
        "outlet",
        (
            "outlet",
            "source",
            "publisher",
            "site",
            "site_name",
            "domain",
            "newspaper",
        ),
    ),
    ("authors", ("authors", "author", "byline", "by")),
    ("language", ("language", "lang", "locale")),
    ("id", ("id", "article_id", "uid", "guid")),
)

#: Column and key synonyms (in `normalize_name` form) and the draft field
#: each fills, in order of preference within a field.
DEFAULT_MAPPING: Final[Mapping[str, str]] = MappingProxyType(
    {synonym: field for field, synonyms in _SYNONYMS for synonym in synonyms}
)

#: The keys of a JSON object that may hold the array of articles, in order.
CONTAINER_KEYS: Final = ("articles", "data", "items", "results")

#: The columns or keys of a sidecar file (`peacetalks.io.sidecar`) that name
#: the file an entry describes, by preference (in `normalize_name` form).
FILE_KEYS: Final = ("file", "filename", "file_name", "path", "file_path", "name")

_CAMEL: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS: Final = re.compile(r"[\s_-]+")
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BY: Final = re.compile(r"\s*by\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS: Final = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_DELIMITERS: Final = (",", ";", "\t", "|")


def normalize_name(name: str) -> str:
    """Put a column or key name in the form `DEFAULT_MAPPING` uses.

    >>> [normalize_name(n) for n in ("Pub Date", "pub-date", "PUB_DATE", "pubDate")]
    ['pub_date', 'pub_date', 'pub_date', 'pub_date']
    >>> normalize_name("  Article  Text "), normalize_name("sourceURL")
    ('article_text', 'source_url')
    """
    return _SEPARATORS.sub("_", _CAMEL.sub("_", name).strip()).casefold()


def _key_path(where: str, key: str) -> str:
    if _IDENTIFIER.fullmatch(key):
        return f"{where}.{key}"
    return f"{where}[{json.dumps(key, ensure_ascii=False)}]"


def _type_name(value: object) -> str:
    return "bool" if isinstance(value, bool) else type(value).__name__


def _check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Normalise a user's mapping, refusing targets that are no draft field."""
    checked: dict[str, str] = {}
    for column, field in mapping.items():
        if field not in FIELDS:
            msg = (
                f"mapping: {column!r} maps to {field!r}, which is not a draft "
                f"field (one of {sorted(FIELDS)})"
            )
            raise ValueError(msg)
        target = "published_raw" if field == "published" else field
        checked.setdefault(normalize_name(column), target)
    return checked


def _is_json(value: object) -> bool:
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    try:
        return bool(json.loads(text) == value)
    except RecursionError:
        return False


class _Fields:
    """Reads a record's values into draft fields, collecting errors."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.errors: list[str] = []
        self.values: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}

    def wrong(self, key: str, expected: str, value: object, field: str) -> None:
        note = "" if normalize_name(key) == field else f" (read as {field})"
        self.errors.append(
            f"{_key_path(self.where, key)}: expected {expected}, "
            f"got {_type_name(value)}{note}"
        )

    def read(self, field: str, key: str, value: object) -> None:
        if field in ("title", "text", "url", "language"):
            if isinstance(value, str):
                self.values[field] = value
            else:
                self.wrong(key, "a string", value, field)
        elif field == "id":
            if isinstance(value, str) and not value.strip():
                path = _key_path(self.where, key)
                self.errors.append(f"{path}: an id must not be blank (got {value!r})")
            elif isinstance(value, str):
                self.values[field] = value
            elif isinstance(value, int) and not isinstance(value, bool):
                self.values[field] = str(value)
            else:
                self.wrong(key, "a string or an integer", value, field)
        elif field == "outlet":
            self.read_outlet(key, value)
        elif field == "authors":
            self.read_authors(key, value)
        else:
            self.read_date(key, value)

    def read_outlet(self, key: str, value: object) -> None:
        if isinstance(value, str):
            self.values["outlet"] = value
        elif isinstance(value, Mapping) and isinstance(value.get("name"), str):
            self.values["outlet"] = value["name"]
            self.extra[key] = value
        else:
            self.wrong(key, "a string or an object with a 'name'", value, "outlet")

    def read_authors(self, key: str, value: object) -> None:
        if isinstance(value, str):
            self.values["authors"] = split_authors(value)
            return
        if not isinstance(value, list | tuple):
            self.wrong(key, "a string or a list of strings", value, "authors")
            return
        names: list[str] = []
        named_objects = False
        for index, item in enumerate(value):
            if isinstance(item, Mapping) and isinstance(item.get("name"), str):
                names.append(item["name"])
                named_objects = True
            elif isinstance(item, str):
                names.append(item)
            else:
                self.errors.append(
                    f"{_key_path(self.where, key)}[{index}]: expected a string, "
                    f"got {_type_name(item)}"
                )
        self.values["authors"] = names
        if named_objects:
            self.extra[key] = value

    def read_date(self, key: str, value: object) -> None:
        if isinstance(value, str):
            self.values["published_raw"] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            self.values["published_raw"] = str(value)
        elif (
            isinstance(value, Mapping)
            and list(value) == ["$date"]
            and isinstance(value["$date"], str)
        ):
            self.values["published_raw"] = value["$date"]
        elif isinstance(value, Mapping):
            try:
                published = structure(
                    dict(value), Published, where=_key_path(self.where, key)
                )
            except ValidationError as exc:
                self.errors.extend(exc.errors)
            else:
                self.values["published"] = published
        else:
            expected = "a date string, an integer or a {raw, date, precision} object"
            self.wrong(key, expected, value, "published")


def split_authors(byline: str) -> list[str]:
    """Split a byline into names (see the module's conventions).

    >>> split_authors("By Jane Doe, John Roe and Ann Poe")
    ['Jane Doe', 'John Roe', 'Ann Poe']
    >>> split_authors("Doe, Jane; Roe, John")
    ['Doe, Jane', 'Roe, John']
    """
    text = _BY.sub("", byline, count=1) if _BY.match(byline) else byline
    pieces = text.split(";") if ";" in text else _AUTHOR_SEPARATORS.split(text)
    names = (name.strip() for name in pieces)
    return [name for name in names if any(char.isalnum() for char in name)]


def _no_value(value: object) -> bool:
    return value is None or value == ""


def record_fields(
    record: object,
    *,
    mapping: Mapping[str, str] | None = None,
    path: str | None = None,
    line: int | None = None,
    where: str = "$",
    skip_empty: bool = False,
) -> dict[str, Any]:
    """Map one record's keys to draft fields, without requiring any field.

    This is `record_to_draft` without its check for a title or a text, for
    metadata records (sidecars).

    Args:
        record: A JSON object (any other value is an error).
        mapping: ``{"their key": "draft field"}``, applied before
            `DEFAULT_MAPPING`.
        path: The file the record comes from, for errors.
        line: The line the record starts on, for errors.
        where: The record's path inside its document, for errors.
        skip_empty: Leave out unmapped keys whose value is ``""`` or
            ``None`` (an empty CSV cell is no value).

    Returns:
        The values of the fields found, by draft field name (``title``,
        ``authors``, ``published_raw`` or ``published``...), with
        ``extra`` holding every other key.

    Raises:
        ValidationError: For a record that is not an object or a value of
            the wrong type, naming the key's path.
        ValueError: If ``mapping`` names something that is not a draft field.

    >>> record_fields({"Headline": "Talks", "tags": ["ukraine"]})
    {'title': 'Talks', 'extra': {'tags': ['ukraine']}}
    """
    own = _check_mapping(mapping or {})
    if not isinstance(record, Mapping):
        reason = f"{where}: expected a JSON object, got {_type_name(record)}"
        raise ValidationError([reason], path=path, line=line)
    reader = _Fields(where)
    preference = {name: rank for rank, name in enumerate(own)}
    offset = len(preference)
    for rank, name in enumerate(DEFAULT_MAPPING):
        preference.setdefault(name, offset + rank)
    # The best-ranked key with a value fills each field.
    best: dict[str, tuple[int, str]] = {}
    names: dict[str, str] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            reason = f"{where}: keys must be strings, got {_type_name(key)}"
            raise ValidationError([reason], path=path, line=line)
        name = normalize_name(key)
        names[key] = name
        field = own.get(name) or DEFAULT_MAPPING.get(name)
        if field is None or field == "extra" or _no_value(value):
            continue
        rank = preference[name]
        if field not in best or rank < best[field][0]:
            best[field] = (rank, key)
    chosen = {key: field for field, (_, key) in best.items()}
    nested: Mapping[str, Any] = {}
    for key, value in record.items():
        field = chosen.get(key)
        if field is not None:
            reader.read(field, key, value)
        elif key == "extra" and isinstance(value, Mapping) and "extra" not in own:
            nested = value
        elif not (skip_empty and _no_value(value)):
            if _no_value(value) and (
                own.get(names[key]) or DEFAULT_MAPPING.get(names[key])
            ) not in (None, "extra"):
                continue  # an empty synonym of a field: no value
            if not _is_json(value):
                reader.errors.append(
                    f"{_key_path(where, key)}: expected JSON data, "
                    f"got {_type_name(value)}"
                )
                continue
            reader.extra[key] = value
    if reader.errors:
        raise ValidationError(reader.errors, path=path, line=line)
    fields = dict(reader.values)
    extra = {**nested, **reader.extra}
    if extra:
        if not _is_json(extra):
            reason = f"{where}.extra: expected JSON data"
            raise ValidationError([reason], path=path, line=line)
        fields["extra"] = extra
    return fields


def record_to_draft(
    record: Mapping[str, object],
    *,
    mapping: Mapping[str, str] | None = None,
    path: str | None = None,
    line: int | None = None,
    where: str = "$",
) -> Draft:
    """Make a `Draft` from one record of someone else's table or export.

    Args:
        record: A row or JSON object; see the module's conventions.
        mapping: ``{"their key": "draft field"}``, applied before
            `DEFAULT_MAPPING` (a field not in it is still found by its
            synonyms); map a key to ``"extra"`` to keep it out of the fields.
        path: The file the record comes from; set on the draft.
        line: The line the record starts on; set on the draft.
        where: The record's path inside its document, for errors
            (``$.articles[3]``).

    Raises:
        ValidationError: For a record that is not an object, has neither a
            title nor a text, or has a value of the wrong type.
        ValueError: If ``mapping`` names something that is not a draft field.

    >>> record_to_draft({"Story": "Delegations met.", "when": "2022"},
    ...                 mapping={"when": "published"}).published_raw
    '2022'
    >>> record_to_draft({"headline": 7})
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $.headline: expected a string, got int ...
    >>> try:
    ...     record_to_draft({"summary": "Delegations met."}, path="x.json", line=3)
    ... except ValidationError as exc:
    ...     print(exc.path, exc.line, *exc.errors)
    x.json 3 $: no key is read as the article text (keys: 'summary'); map the one
    that holds it to 'text', e.g. mapping={'summary': 'text'}
    >>> record_to_draft({"headline": " ", "body": ""})
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $: a record needs a title or a text (keys:
    'headline', 'body')
    """
    return _to_draft(record, mapping, path, line, where, skip_empty=False)


def _to_draft(
    record: object,
    mapping: Mapping[str, str] | None,
    path: str | None,
    line: int | None,
    where: str,
    *,
    skip_empty: bool,
    text_key: bool = True,
) -> Draft:
    """`record_to_draft`; ``text_key=False`` when the caller checked the keys."""
    fields = record_fields(
        record,
        mapping=mapping,
        path=path,
        line=line,
        where=where,
        skip_empty=skip_empty,
    )
    assert isinstance(record, Mapping)  # record_fields refuses anything else
    if text_key and not _text_keys(record, own := _check_mapping(mapping or {})):
        reason = _no_text_reason(where, "key", record, own)
        raise ValidationError([reason], path=path, line=line)
    title, text = fields.get("title", ""), fields.get("text", "")
    if not (title.strip() or text.strip()):
        keys = ", ".join(repr(key) for key in record) or "none"
        reason = f"{where}: a record needs a title or a text (keys: {keys})"
        raise ValidationError([reason], path=path, line=line)
    return Draft(**fields, path=path, line=line)


def _field_of(key: str, own: Mapping[str, str]) -> str | None:
    """The draft field a key or column fills, ``None`` if it goes to extra."""
    name = normalize_name(key)
    field = own.get(name) or DEFAULT_MAPPING.get(name)
    return None if field == "extra" else field


def _text_keys(keys: Iterable[str], own: Mapping[str, str]) -> list[str]:
    """The keys (or columns) read as the text, by a checked mapping."""
    return [key for key in keys if _field_of(key, own) == "text"]


#: Words that make an unmapped key a likely text, for the suggestion.
_TEXTISH: Final = ("text", "body", "content", "story", "article", "message")


def _no_text_reason(
    where: str, noun: str, record: Mapping[str, object], own: Mapping[str, str]
) -> str:
    """Say that no key (``noun``: key or column) holds the text, and what to map.

    The suggestion is an unmapped key named like a text, else the one with
    the longest string value (a record's), else the first unmapped one.
    """
    keys = [key for key in record if isinstance(key, str)]
    free = [key for key in keys if _field_of(key, own) is None]
    named = [k for k in free if any(w in normalize_name(k) for w in _TEXTISH)]
    values = {k: len(v) for k, v in record.items() if k in free and isinstance(v, str)}
    longest = (
        sorted(values, key=lambda k: -values[k])[:1] if any(values.values()) else []
    )
    listed = ", ".join(repr(key) for key in keys) or "none"
    reason = f"{where}: no {noun} is read as the article text ({noun}s: {listed})"
    if any(normalize_name(key) in FILE_KEYS for key in keys):
        return (
            f"{reason}: it looks like a sidecar of metadata by file name; "
            "give it with sidecar= (on the command line: --sidecar)"
        )
    if not (named or longest or free):
        return f"{reason}: an article needs its text"
    pick = (named or longest or free)[0]
    advice = f"mapping={{{pick!r}: 'text'}}"
    if noun == "column":
        advice += f" (on the command line: --map '{pick}=text')"
    return f"{reason}; map the one that holds it to 'text', e.g. {advice}"


# -- JSON and JSON Lines -------------------------------------------------------


def is_native_json(document: object) -> bool:
    """Tell whether a parsed JSON document is one of the library's own.

    Those carry ``"schema_version"`` and are read with `native.read_json`.

    >>> is_native_json({"schema_version": 1, "articles": []}), is_native_json([])
    (True, False)
    """
    return isinstance(document, Mapping) and "schema_version" in document


def _records(document: object, path: str | None) -> tuple[str, list[Any]]:
    """Find the array of records in a document, and its path."""
    if isinstance(document, list):
        return "$", document
    if not isinstance(document, dict):
        reason = (
            "$: expected an array of articles or an object holding one, "
            f"got {_type_name(document)}"
        )
        raise ValidationError([reason], path=path)
    for key in CONTAINER_KEYS:
        if key in document:
            records = document[key]
            if not isinstance(records, list):
                reason = f"$.{key}: expected an array, got {_type_name(records)}"
                raise ValidationError([reason], path=path)
            return f"$.{key}", records
    # A single article: an object with a field of its own.
    if any(normalize_name(key) in DEFAULT_MAPPING for key in document):
        return "", [document]
    keys = ", ".join(repr(key) for key in document) or "none"
    reason = (
        f"$: expected an array of articles or an object with one of "
        f"{list(CONTAINER_KEYS)} (keys: {keys})"
    )
    raise ValidationError([reason], path=path)


def _some_record_has_text(
    records: Sequence[object],
    where: str,
    path: str | None,
    mapping: Mapping[str, str] | None,
) -> None:
    """Refuse a whole document none of whose records has a key read as text.

    Such a file is not articles at all (a sidecar of dates, say): one
    failure for the file, as for a table without a text column, rather
    than one per record.
    """
    own = _check_mapping(mapping or {})
    objects = [record for record in records if isinstance(record, Mapping)]
    if objects and not any(_text_keys(record, own) for record in objects):
        at = "$" if not where else f"{where}[0]"
        reason = _no_text_reason(at, "key", objects[0], own)
        raise ValidationError([reason], path=path)


def iter_json_records(
    data: bytes | str,
    *,
    path: str | None = None,
    mapping: Mapping[str, str] | None = None,
    on_error: OnError | None = None,
) -> Iterator[Draft]:
    """Yield a draft for each article of a JSON document.

    The document is an array of article objects, an object holding that
    array under one of `CONTAINER_KEYS` (the first present is used; other
    keys such as ``"status"`` are ignored), or a single article object.
    Records are named by their path in errors (``$.articles[3].text``); a
    JSON document has no line per record.  With ``on_error``, a record
    that does not fit is handed to it and left out.

    Raises:
        DecodeError: For invalid UTF-8 or JSON.
        FormatError: For the library's own document (see `is_native_json`).
        ValidationError: For a document without records, or (without
            ``on_error``) a record that does not fit.

    >>> data = b'{"articles": [{"title": "Talks", "body": "", "publishedAt": 2022}]}'
    >>> [(d.title, d.published_raw) for d in iter_json_records(data)]
    [('Talks', '2022')]
    """
    document = parse_json(data, path=path)
    if is_native_json(document):
        reason = (
            "this is a peacetalks document (it has 'schema_version'): "
            "read it with peacetalks.load"
        )
        raise FormatError(reason, path=path)
    where, records = _records(document, path)
    _some_record_has_text(records, where, path, mapping)
    for index, record in enumerate(records):
        at = "$" if not where else f"{where}[{index}]"
        try:
            draft = _to_draft(record, mapping, path, None, at, skip_empty=False)
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield draft


def _text_lines(handle: Iterable[bytes] | Iterable[str]) -> Iterator[bytes]:
    line: bytes | str
    for line in handle:
        if isinstance(line, str):
            # Encoded again so that one decoder reports every bad character.
            yield line.encode("utf-8", "surrogatepass")
        else:
            yield line


def iter_jsonl_records(
    handle: Iterable[bytes] | Iterable[str],
    *,
    path: str | None = None,
    mapping: Mapping[str, str] | None = None,
    on_error: OnError | None = None,
) -> Iterator[Draft]:
    r"""Yield a draft for each line of a JSON Lines file, streaming.

    Each non-blank line is one article object; blank lines are skipped and
    memory stays flat however long the file is.  ``handle`` is a binary
    file (UTF-8, a byte-order mark allowed) or a text file.  With
    ``on_error``, each bad line's error is handed to it and the line left
    out; the others are read.

    Raises:
        DecodeError: For invalid UTF-8 or JSON, naming the 1-based line
            (without ``on_error``).
        FormatError: For the library's own file (a first line holding
            ``"schema_version"``): read it with `native.iter_jsonl`.
        ValidationError: For a record that does not fit, naming the line
            (without ``on_error``).

    >>> import io
    >>> lines = io.BytesIO(b'{"content": "Talks.", "published_at": "2022"}\n\n')
    >>> [(d.text, d.line) for d in iter_jsonl_records(lines, path="dump.jsonl")]
    [('Talks.', 1)]
    """
    lines = json_lines(_text_lines(handle), path, on_error=on_error)
    for number, data, header in lines:
        if header and is_native_json(data):
            reason = (
                "this is a peacetalks JSON Lines file (its header holds "
                "'schema_version'): read it with peacetalks.load"
            )
            raise FormatError(reason, path=path, line=number)
        try:
            draft = _to_draft(data, mapping, path, number, "$", skip_empty=False)
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield draft


# -- CSV -----------------------------------------------------------------------


def _native_columns() -> list[str]:
    return [column.name for column in columns(Article)]


def is_native_csv(header: Sequence[str]) -> bool:
    """Tell whether a CSV header is the library's own article table's.

    True when it is exactly the columns of `serialize.columns` for
    `Article`, or holds one of their dotted names (``published.raw``).

    >>> is_native_csv(["title", "published.raw"]), is_native_csv(["title", "date"])
    (True, False)
    """
    native = _native_columns()
    if list(header) == native:
        return True
    return any("." in name and name in native for name in header)


def _sniff(line: str) -> str:
    """Pick the delimiter that occurs most often outside quotes in ``line``."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # first on ties
    return best if counts[best] else ","


def _table(
    handle: Iterable[bytes] | Iterable[str],
    path: str | None,
    delimiter: str | None,
    on_error: OnError | None,
) -> tuple[int, list[str], Iterator[tuple[list[str], int]]] | None:
    """The header's line and cells, and the rows after it; ``None`` if blank."""
    lines = decode_lines(_text_lines(handle), path)
    first = next(lines, None)
    while first is not None and first.error is None and not first.text.strip():
        first = next(lines, None)
    if first is None:
        return None
    chosen = delimiter or _sniff(first.text)
    rows = read_rows(
        itertools.chain([first], lines), path, delimiter=chosen, on_error=on_error
    )
    header, line = next(rows, ([], first.number))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            reason = f"$: the header names the column {name!r} twice"
            raise ValidationError([reason], path=path, line=line)
        seen.add(name)
    return line, header, rows


def iter_csv_rows(
    handle: Iterable[bytes] | Iterable[str],
    *,
    path: str | None = None,
    delimiter: str | None = None,
    on_error: OnError | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    r"""Yield each row of a CSV table as ``(line, {column: cell})``, streaming.

    ``line`` is the 1-based line the row starts on.  Blank lines are
    skipped; the header is the first non-blank line.  See
    `iter_csv_records` for what ``handle`` and ``delimiter`` may be.  With
    ``on_error``, a bad row (malformed, undecodable, or with more or fewer
    cells than the header) is handed to it and left out; a bad header is
    raised either way.

    Raises:
        DecodeError: For invalid UTF-8, malformed CSV, or a row whose number
            of cells differs from the header's, naming the line.
        ValidationError: For a header naming one column twice.

    >>> import io
    >>> list(iter_csv_rows(io.BytesIO(b"\xef\xbb\xbfa;b\r\n1;2\r\n")))
    [(2, {'a': '1', 'b': '2'})]
    """
    table = _table(handle, path, delimiter, on_error)
    if table is not None:
        _, header, rows = table
        yield from _cells(header, rows, path, on_error)


def _cells(
    header: list[str],
    rows: Iterable[tuple[list[str], int]],
    path: str | None,
    on_error: OnError | None,
) -> Iterator[tuple[int, dict[str, str]]]:
    for cells, line in rows:
        try:
            row = row_of(header, cells, path=path, line=line)
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield line, row


def iter_csv_records(
    handle: Iterable[bytes] | Iterable[str],
    *,
    path: str | None = None,
    mapping: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    on_error: OnError | None = None,
) -> Iterator[Draft]:
    r"""Yield a draft for each row of someone else's CSV table, streaming.

    Args:
        handle: A binary file of UTF-8 (a byte-order mark is dropped), or a
            text file for other encodings: open it with ``newline=""`` so
            that line breaks inside quoted cells are kept as written.
        path: The file's name, for drafts and errors.
        mapping: ``{"their column": "draft field"}``, applied first.
        delimiter: The cell delimiter; by default the one of ``,``, ``;``,
            tab and ``|`` that occurs most often (outside quotes) in the
            header line, ``,`` on ties and for a single column.
        on_error: Called with each bad row's error (the row is left out);
            without it, the first is raised.

    An empty cell is no value: it fills no field and an unmapped column
    with an empty cell is not put in ``extra``.  Blank lines are skipped.
    A header without a column read as the text (see the module's
    conventions) refuses the whole table, naming its columns.

    Raises:
        DecodeError: For invalid UTF-8, malformed CSV or a row with the
            wrong number of cells, naming the line.
        FormatError: For the library's own table (see `is_native_csv`).
        ValidationError: For a header without a text column, or a row that
            does not fit, naming the line.
        ValueError: If ``delimiter`` is not one character or ``mapping``
            names something that is not a draft field.

    >>> import io
    >>> table = io.BytesIO(b"headline,body,pub_date,link\nTalks,They met.,2022,\n")
    >>> [(d.title, d.text, d.published_raw, d.url, d.line)
    ...  for d in iter_csv_records(table)]
    [('Talks', 'They met.', '2022', None, 2)]
    >>> next(iter_csv_records(io.BytesIO(b"Headline,Story text\nTalks,They met.\n")))
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: <input>:1: $: no column is read as the article
    text (columns: 'Headline', 'Story text'); map the one that holds it to 'text',
    e.g. mapping={'Story text': 'text'} (on the command line: --map 'Story
    text=text')
    """
    own = _check_mapping(mapping or {})
    table = _table(handle, path, delimiter, on_error)
    if table is None:
        return
    start, header, rows = table
    if is_native_csv(header):
        reason = (
            "this is a peacetalks table (its header has the library's "
            "columns): read it with peacetalks.load"
        )
        raise FormatError(reason, path=path)
    if not _text_keys(header, own):
        reason = _no_text_reason("$", "column", dict.fromkeys(header), own)
        raise ValidationError([reason], path=path, line=start)
    for line, row in _cells(header, rows, path, on_error):
        try:
            draft = _to_draft(
                row, mapping, path, line, "$", skip_empty=True, text_key=False
            )
        except LoadError as exc:
            raise_or_report(exc, on_error)
            continue
        yield draft
