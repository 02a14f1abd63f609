"""Sidecar files: metadata for a folder of files that carry none themselves.

A folder of plain-text articles rarely says when each was published; a
sidecar is a CSV or JSON file that does, file by file.  `read_sidecar`
reads one into a `Sidecar`, and `Sidecar.apply` fills a `Draft` from it.

Accepted layouts:

* **CSV** (``.csv``, or ``.tsv`` for tabs; the delimiter is otherwise
  sniffed as by `iter_csv_records`): a column naming the file (the first of
  `FILE_KEYS` present) and metadata columns named like any of the
  synonyms of `DEFAULT_MAPPING` (``date``, ``headline``, ``link``...).
  An empty cell is no value.
* **JSON** (``.json``): an object ``{"file name": {metadata}}``; an array
  of objects each with a file key; or an object holding such an array under
  one of `CONTAINER_KEYS` (as peacetalks' own sample ``metadata.json``
  does: ``{"articles": [{"file": ..., "published": {"raw": ...}}]}``; its
  other keys, such as ``"description"``, are ignored).

Metadata is read by `record_fields`: known keys become draft fields,
``published`` may be a string or a ``{raw, date, precision}`` object, and
every other key (``"header_lines"``, ``"section"``...) goes to ``extra``.

The dates of a sidecar are one column: its first date that only one order
can read (``29/03/2022``) decides how its ambiguous ones (``03/04/2022``)
are read (see `peacetalks.io.dates.DateOrder`); `Sidecar.notes` says when
none decides or when the column mixes both orders.  The loader adds them
to its report, with a note for each entry that matched no file it read.

>>> sidecar = Sidecar("meta.csv", {"2022/a.txt": {"published_raw": "2022-03-29"}})
>>> sidecar.lookup("2022/a.txt")
mappingproxy({'published_raw': '2022-03-29'})
>>> sidecar.lookup("a") == sidecar.lookup("a.txt"), sidecar.lookup("b.txt")
(True, None)
"""

from __future__ import annotations

import copy
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Final

import attrs

from peacetalks.errors import FormatError, ValidationError
from peacetalks.io.dates import DateOrder, first_order
from peacetalks.io.draft import Draft
from peacetalks.io.native import decode_utf8, parse_json
from peacetalks.io.report import Note
from peacetalks.io.tabular import (
    CONTAINER_KEYS,
    FILE_KEYS,
    iter_csv_rows,
    normalize_name,
    record_fields,
)
from peacetalks.model import Published

__all__ = ["FILE_KEYS", "SIDECAR_FORMATS", "Sidecar", "read_sidecar"]

#: Sidecar suffixes and their formats.
SIDECAR_FORMATS: Final = {".csv": "csv", ".tsv": "tsv", ".json": "json"}

#: The keys under which a JSON sidecar may hold its array of entries.
_ENTRY_KEYS: Final = (*CONTAINER_KEYS, "files", "entries")


def _normal_file(name: str) -> str:
    """The POSIX form of a file name: ``/`` separators, no ``./``, stripped."""
    text = name.strip().replace("\\", "/")
    return str(PurePosixPath(text)) if text else ""


def _freeze(
    entries: Mapping[str, Mapping[str, object]],
) -> Mapping[str, Mapping[str, object]]:
    return MappingProxyType(
        {name: MappingProxyType(dict(fields)) for name, fields in entries.items()}
    )


def _freeze_lines(lines: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(lines))


def _date_orders(
    entries: Mapping[str, Mapping[str, object]], lines: Mapping[str, int]
) -> tuple[dict[str, bool | None], list[tuple[str, str]]]:
    """How each entry's date is read, by the sidecar's column; and warnings."""
    dates = [
        (name, raw)
        for name, fields in entries.items()
        if isinstance(raw := fields.get("published_raw"), str)
    ]
    order = DateOrder(lambda: first_order((lines.get(n), raw) for n, raw in dates))
    orders: dict[str, bool | None] = {}
    warnings: list[tuple[str, str]] = []
    for name, raw in dates:
        orders[name], warning = order.read(raw, lines.get(name))
        if warning is not None:
            warnings.append((name, warning))
    return orders, warnings


def _index(entries: Mapping[str, object]) -> tuple[dict[str, list[str]], ...]:
    by_path: dict[str, list[str]] = {}
    by_base: dict[str, list[str]] = {}
    by_stem: dict[str, list[str]] = {}
    for key in entries:
        normal = PurePosixPath(_normal_file(key))
        by_path.setdefault(str(normal), []).append(key)
        by_base.setdefault(normal.name, []).append(key)
        by_stem.setdefault(normal.stem, []).append(key)
    return by_path, by_base, by_stem


@attrs.frozen
class Sidecar:
    """Metadata for files, by file name.

    Attributes:
        path: The sidecar file it was read from.
        entries: For each file name (as the sidecar writes it), the draft
            fields to set: ``title``, ``text``, ``id``, ``url``, ``outlet``,
            ``authors`` (a list), ``published_raw`` (a string),
            ``published`` (a `Published`), ``language`` and ``extra`` (a
            dict).  Other keys are put in the draft's ``extra``.
        lines: The line each entry starts on, for a CSV sidecar's entries.

    >>> sidecar = Sidecar("dates.csv", {"a.txt": {"published": "2022-03-29"}})
    >>> sidecar.lookup("a.txt"), sidecar.lookup("b.txt")
    (mappingproxy({'published': '2022-03-29'}), None)
    """

    path: str
    entries: Mapping[str, Mapping[str, object]] = attrs.field(converter=_freeze)
    lines: Mapping[str, int] = attrs.field(
        factory=dict, converter=_freeze_lines, kw_only=True, eq=False
    )
    _index: tuple[dict[str, list[str]], ...] = attrs.field(
        init=False, repr=False, eq=False
    )
    _orders: Mapping[str, bool | None] = attrs.field(init=False, repr=False, eq=False)
    _warnings: tuple[tuple[str, str], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _index(self.entries))
        orders, warnings = _date_orders(self.entries, self.lines)
        object.__setattr__(self, "_orders", MappingProxyType(orders))
        object.__setattr__(self, "_warnings", tuple(warnings))

    def notes(self) -> list[Note]:
        """What the sidecar's dates leave unsure: ambiguous or mixed orders.

        >>> sidecar = Sidecar("m.csv", {"a.txt": {"published_raw": "03/04/2022"}})
        >>> print(*sidecar.notes())
        m.csv: a.txt: $.published: '03/04/2022' reads both ways and no date of its
        column settles the order: its dates are read month first, the usual
        convention; pass dayfirst=True (--dayfirst) to read them day first
        """
        return [
            Note(self.path, self.lines.get(name), f"{name}: {warning}")
            for name, warning in self._warnings
        ]

    def unmatched(self, matched: set[str]) -> list[Note]:
        """A note for each entry not in ``matched`` (names `match` gave).

        >>> sidecar = Sidecar("m.csv", {"a.txt": {}, "b.txt": {}}, lines={"b.txt": 3})
        >>> print(*sidecar.unmatched({"a.txt"}))
        m.csv:3: the entry for 'b.txt' matches no file that was read
        """
        return [
            Note(
                self.path,
                self.lines.get(name),
                f"the entry for {name!r} matches no file that was read",
            )
            for name in self.entries
            if name not in matched
        ]

    def match(self, name: str) -> str | None:
        """The name of the entry for the file ``name`` (see `lookup`), or ``None``.

        >>> Sidecar("m.csv", {"2022/a.txt": {}}).match("a.txt")
        '2022/a.txt'
        """
        normal = PurePosixPath(_normal_file(name))
        for table, key in zip(
            self._index, (str(normal), normal.name, normal.stem), strict=True
        ):
            found = table.get(key)
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def lookup(self, name: str) -> Mapping[str, object] | None:
        r"""Find the entry for the file ``name``, or ``None``.

        ``name`` is matched by its relative POSIX path (``2022/a.txt``;
        backslashes count as ``/``), then by its base name (``a.txt``), then
        by its base name without the suffix (``a``), against the same parts
        of each entry's name.  The first step that matches anything decides:
        if it matches more than one entry, the name is ambiguous and nothing
        is found.

        >>> sidecar = Sidecar("m.json", {"2022/a.txt": {}, "2023/a.txt": {"id": "x"}})
        >>> sidecar.lookup("2023\\a.txt"), sidecar.lookup("a.txt")
        (mappingproxy({'id': 'x'}), None)
        """
        key = self.match(name)
        return None if key is None else self.entries[key]

    def apply(self, draft: Draft, name: str) -> bool:
        """Set the fields of ``draft`` from the entry for ``name``.

        The sidecar wins: each field it gives replaces the draft's value
        (a date replaces both ``published_raw`` and ``published``), and its
        ``extra`` keys replace the draft's keys of the same name, the others
        being kept.  Fields the entry does not give are left as they are.

        A date the entry gives is read in the order of the sidecar's date
        column (see the module's notes).

        Returns:
            Whether an entry matched (see `lookup`).

        >>> draft = Draft(title="From the file", text="Body.")
        >>> sidecar = Sidecar("m.csv", {"a.txt": {"title": "From the sidecar"}})
        >>> sidecar.apply(draft, "a.txt")
        True
        >>> draft.title, draft.text
        ('From the sidecar', 'Body.')
        """
        key = self.match(name)
        if key is None:
            return False
        entry = self.entries[key]
        draft.dayfirst = self._orders.get(key, draft.dayfirst)
        for field, value in entry.items():
            if field == "extra" and isinstance(value, Mapping):
                draft.extra.update(copy.deepcopy(dict(value)))
            elif field == "authors" and isinstance(value, list | tuple):
                draft.authors = list(value)
            elif field == "published_raw" and isinstance(value, str | None):
                draft.published_raw = value
                draft.published = None
            elif field == "published" and isinstance(value, Published):
                draft.published = value
                draft.published_raw = value.raw
            elif (field in ("title", "text") and isinstance(value, str)) or (
                field in ("id", "url", "outlet", "language")
                and isinstance(value, str | None)
            ):
                setattr(draft, field, value)
            else:
                draft.extra[field] = copy.deepcopy(value)
        return True


def _format(path: str, format: str | None) -> str:
    name = format or SIDECAR_FORMATS.get(Path(path).suffix.lower())
    if name not in SIDECAR_FORMATS.values():
        supported = ", ".join(sorted(SIDECAR_FORMATS))
        reason = (
            f"unknown sidecar format {format!r}"
            if format
            else f"cannot tell a sidecar's format from {Path(path).suffix!r}"
        )
        raise FormatError(f"{reason} (supported: {supported})", path=path)
    assert name is not None
    return name


def _file_key(keys: list[str]) -> str | None:
    normal = {normalize_name(key): key for key in reversed(keys)}
    for name in FILE_KEYS:
        if name in normal:
            return normal[name]
    return None


class _Entries:
    """Collects entries, refusing a file described twice."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: dict[str, Mapping[str, object]] = {}
        self.where: dict[str, tuple[str, int | None]] = {}

    def add(
        self, name: object, fields: dict[str, Any], where: str, line: int | None
    ) -> None:
        if not isinstance(name, str) or not _normal_file(name):
            got = repr(name) if isinstance(name, str) else type(name).__name__
            reason = f"{where}: expected a file name, got {got}"
            raise ValidationError([reason], path=self.path, line=line)
        normal = _normal_file(name)
        if normal in self.where:
            first, first_line = self.where[normal]
            places = (
                f"lines {first_line} and {line}"
                if line is not None and first_line is not None
                else f"{first} and {where}"
            )
            reason = f"{where}: the file {normal!r} is described twice ({places})"
            raise ValidationError([reason], path=self.path, line=line)
        self.where[normal] = (where, line)
        self.entries[normal] = fields

    def lines(self) -> dict[str, int]:
        """The line of each entry that has one (a CSV row's)."""
        return {name: line for name, (_, line) in self.where.items() if line}


def _read_csv(
    data: bytes, path: str, mapping: Mapping[str, str] | None, delimiter: str | None
) -> _Entries:
    entries = _Entries(path)
    key: str | None = None
    for line, row in iter_csv_rows(io.BytesIO(data), path=path, delimiter=delimiter):
        if key is None:
            key = _file_key(list(row))
            if key is None:
                columns = ", ".join(repr(name) for name in row)
                reason = (
                    f"$: a sidecar needs a column naming the file, one of "
                    f"{list(FILE_KEYS)} (columns: {columns})"
                )
                raise ValidationError([reason], path=path, line=line)
        metadata = {name: cell for name, cell in row.items() if name != key}
        fields = record_fields(
            metadata, mapping=mapping, path=path, line=line, skip_empty=True
        )
        entries.add(row[key], fields, f"$.{key}", line)
    return entries


def _top_level_keys(data: bytes, path: str) -> list[str]:
    """The keys of a JSON document's top-level object, duplicates included."""
    pairs: list[list[tuple[str, Any]]] = []

    def hook(found: list[tuple[str, Any]]) -> dict[str, Any]:
        pairs.append(found)
        return dict(found)

    json.loads(decode_utf8(data, path=path), object_pairs_hook=hook)
    return [key for key, _ in pairs[-1]]


def _read_json(data: bytes, path: str, mapping: Mapping[str, str] | None) -> _Entries:
    document = parse_json(data, path=path)
    entries = _Entries(path)
    items: list[Any] | None = None
    where = "$"
    if isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        for name in _ENTRY_KEYS:
            if isinstance(document.get(name), list):
                items, where = document[name], f"$.{name}"
                break
    else:
        reason = (
            f"$: expected an object or an array of entries, got "
            f"{type(document).__name__}"
        )
        raise ValidationError([reason], path=path)
    if items is None:
        assert isinstance(document, dict)
        seen: set[str] = set()
        for name in _top_level_keys(data, path):
            at = f"$[{json.dumps(name, ensure_ascii=False)}]"
            if name in seen:
                reason = f"{at}: the file {name!r} is described twice"
                raise ValidationError([reason], path=path)
            seen.add(name)
            fields = record_fields(document[name], mapping=mapping, path=path, where=at)
            entries.add(name, fields, at, None)
        return entries
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            reason = f"{at}: expected a JSON object, got {type(item).__name__}"
            raise ValidationError([reason], path=path)
        key = _file_key(list(item))
        if key is None:
            keys = ", ".join(repr(name) for name in item) or "none"
            reason = (
                f"{at}: an entry needs a key naming the file, one of "
                f"{list(FILE_KEYS)} (keys: {keys})"
            )
            raise ValidationError([reason], path=path)
        metadata = {name: value for name, value in item.items() if name != key}
        fields = record_fields(metadata, mapping=mapping, path=path, where=at)
        entries.add(item[key], fields, f"{at}.{key}", None)
    return entries


def read_sidecar(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | None = None,
    format: str | None = None,
) -> Sidecar:
    r"""Read a sidecar file of metadata by file name.

    Args:
        path: A ``.csv``, ``.tsv`` or ``.json`` file (see the module's
            layouts).
        mapping: ``{"their key": "draft field"}``, applied before
            `DEFAULT_MAPPING`.
        format: ``"csv"``, ``"tsv"`` or ``"json"`` to override the suffix.

    Raises:
        FormatError: If the format is unknown or the file cannot be read.
        DecodeError: For invalid UTF-8, JSON or CSV.
        ValidationError: For an entry without a file name or with a value
            of the wrong type, or for a file described twice (naming both
            lines, or both entries' paths in JSON).
        ValueError: If ``mapping`` names something that is not a draft field.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "meta.csv").write_text("Filename,Date,Link\na.txt,2022,\n")
    >>> read_sidecar(folder / "meta.csv").lookup("a.txt")
    mappingproxy({'published_raw': '2022'})
    """
    where = os.fspath(path)
    kind = _format(where, format)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or exc}", path=where) from None
    if kind == "json":
        entries = _read_json(data, where, mapping)
    else:
        entries = _read_csv(data, where, mapping, "\t" if kind == "tsv" else None)
    return Sidecar(where, entries.entries, lines=entries.lines())
