"""The one cattrs converter, and the wire forms built on it.

Everything peacetalks writes goes through `converter`: JSON documents,
JSON Lines records and the cells of CSV tables.  Loading is strict: unknown
keys, wrong types and invalid values raise
`ValidationError`, whose messages name each bad
field by its path (``$.articles[3].published.precision``).

>>> from peacetalks import Position, Stance
>>> text = dumps(Position("Ukraine", "neutrality", Stance.SUPPORTS))
>>> text[:61]
'{"type": "position", "actor": "Ukraine", "issue": "neutrality'
>>> loads(text, Position) == Position("Ukraine", "neutrality", "supports")
True

Numbers that are whole are written without a fraction (``85000``, not
``85000.0``) and read back as floats, so round trips are lossless.
"""

from __future__ import annotations

import datetime
import enum
import json
import math
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar, Union

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter
from cattrs.v import format_exception

from peacetalks.errors import FieldValueError, SchemaVersionError, ValidationError
from peacetalks.model import (
    Act,
    Bound,
    Demand,
    Evidence,
    Modality,
    Position,
    Precision,
    Quantity,
    Stance,
)

__all__ = [
    "FINDING_TYPES",
    "SCHEMA_VERSION",
    "Column",
    "Finding",
    "check_schema_version",
    "columns",
    "converter",
    "dumps",
    "from_row",
    "loads",
    "structure",
    "to_row",
    "unstructure",
]

#: The version of the wire format this release writes.  It goes up when a
#: change would make older releases misread new files; older documents are
#: always read.
SCHEMA_VERSION: Final = 1

#: A finding is what extraction produces: a position or a demand.
Finding = Position | Demand

#: The ``type`` tag that marks each kind of finding on the wire.
FINDING_TYPES: Final[Mapping[str, type[Position] | type[Demand]]] = {
    "position": Position,
    "demand": Demand,
}

T = TypeVar("T")

# -- the converter -----------------------------------------------------------

converter: Final = make_converter(
    forbid_extra_keys=True, prefer_attrib_converters=False
)
"""The single `cattrs.Converter` behind every wire form."""


def _strict(kind: type[T], *accepted: type) -> None:
    """Structure ``kind`` only from values already of an accepted JSON type.

    cattrs' defaults call ``str(x)`` or ``float(x)``, which would quietly turn
    ``123`` into ``"123"`` and ``"85000"`` into ``85000.0``; strict loading
    must report those instead.
    """

    def hook(value: object, _: type) -> T:
        if isinstance(value, bool) and bool not in accepted:
            msg = f"expected {kind.__name__}, got a boolean"
            raise TypeError(msg)
        if not isinstance(value, accepted):
            msg = f"expected {kind.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return kind(value)  # type: ignore[call-arg]  # int(x)/float(x)/str(x) on a checked value

    converter.register_structure_hook(kind, hook)


_strict(str, str)
_strict(int, int)
_strict(float, int, float)
_strict(bool, bool)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, str):
        msg = f"expected one of {[m.value for m in kind]}, got {type(value).__name__}"
        raise TypeError(msg)
    return kind(value)


# The model's enums are str subclasses: without their own hooks, the strict
# str hook above would claim them and lose the field's path in errors.
# Likewise they go out as plain values, so unstructured data is pure JSON.
for _enum in (Act, Bound, Modality, Precision, Stance):
    converter.register_structure_hook(_enum, _structure_enum)
    converter.register_unstructure_hook(_enum, lambda member: member.value)


def _unstructure_float(value: float) -> float | int:
    # 85000.0 is written as 85000; -0.0 keeps its sign, huge floats their form.
    negative_zero = value == 0 and math.copysign(1, value) < 0
    if value.is_integer() and abs(value) < 2**53 and not negative_zero:
        return int(value)
    return value


converter.register_unstructure_hook(float, _unstructure_float)


_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        msg = f"expected an ISO date string, got {type(value).__name__}"
        raise TypeError(msg)
    if not _ISO_DATE.fullmatch(value):
        msg = f"expected a date as YYYY-MM-DD, got {value!r}"
        raise ValueError(msg)
    return datetime.date.fromisoformat(value)


converter.register_structure_hook(datetime.date, _structure_date)
converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)


def _structure_json_object(value: object, _: type) -> dict[str, Any]:
    if not isinstance(value, dict):
        msg = f"expected a JSON object, got {type(value).__name__}"
        raise TypeError(msg)
    return value


# Generic aliases and unions are matched by equality: singledispatch would
# take them apart (a union registers each member).
converter.register_structure_hook_func(
    lambda t: t == Mapping[str, Any], _structure_json_object
)


def _structure_names(value: object, _: type) -> tuple[str, ...]:
    # A bare string would otherwise become a tuple of its characters.
    if not isinstance(value, list | tuple):
        msg = f"expected a list of strings, got {type(value).__name__}"
        raise TypeError(msg)
    names: list[str] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            names.append(converter.structure(item, str))
        except (TypeError, ValueError) as exc:
            # The index goes into the error's path: "$.aliases[3]: ..."
            note = IterableValidationNote(f"Structuring @ index {index}", index, str)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        msg = "While structuring a list of strings"
        raise IterableValidationError(msg, errors, tuple[str, ...])
    return tuple(names)


converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_names)
converter.register_unstructure_hook_func(lambda t: t == Mapping[str, Any], dict)

# Evidence says ``article`` on the wire: it is the article's id, and the key
# matches the ``article`` column of extraction output.
converter.register_unstructure_hook(
    Evidence,
    make_dict_unstructure_fn(
        Evidence, converter, article_id=override(rename="article")
    ),
)
converter.register_structure_hook(
    Evidence,
    make_dict_structure_fn(
        Evidence,
        converter,
        _cattrs_forbid_extra_keys=True,
        article_id=override(rename="article"),
    ),
)


def _tagged(cls: type[Position] | type[Demand], tag: str) -> None:
    """Write findings with a leading ``"type"`` key, and check it on reading."""
    plain_unstructure = make_dict_unstructure_fn(cls, converter)
    plain_structure = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def unstructure_finding(finding: Any) -> dict[str, Any]:
        return {"type": tag, **plain_unstructure(finding)}

    def structure_finding(data: Any, _: type) -> Any:
        if isinstance(data, Mapping) and "type" in data:
            if data["type"] != tag:
                msg = f"'type' must be {tag!r} (got {data['type']!r})"
                raise ValueError(msg)
            data = {k: v for k, v in data.items() if k != "type"}
        return plain_structure(data, cls)

    converter.register_unstructure_hook(cls, unstructure_finding)
    converter.register_structure_hook(cls, structure_finding)


_tagged(Position, "position")
_tagged(Demand, "demand")


def _structure_finding(data: Any, _: type) -> Finding:
    tag = data.get("type") if isinstance(data, Mapping) else None
    if not isinstance(tag, str) or tag not in FINDING_TYPES:
        msg = f"'type' must be one of {sorted(FINDING_TYPES)} (got {tag!r})"
        raise ValueError(msg)
    return converter.structure(data, FINDING_TYPES[tag])


converter.register_structure_hook_func(lambda t: t == Finding, _structure_finding)


# -- structure / unstructure with the library's errors ---------------------------


# A field-level error raised inside a constructor is reported by cattrs at
# the object's path; this marker carries the field name to _path_first.
_FIELD_MARK: Final = "\x00"


def _describe(exc: BaseException, kind: type | None) -> str:
    """Say what was wrong, keeping the model's own explanation."""
    if isinstance(exc, FieldValueError):
        return f"{_FIELD_MARK}{exc.field}{_FIELD_MARK}invalid value: {exc}"
    if isinstance(exc, AttributeError) and kind is not None and attrs.has(kind):
        # cattrs read a non-object as if it had keys.
        return f"expected a JSON object for {kind.__name__}"
    base = format_exception(exc, kind)
    if isinstance(exc, ValueError | TypeError) and str(exc) and str(exc) not in base:
        return f"{base}: {exc}"
    return base


def unstructure(obj: object) -> Any:
    """Turn a model object into JSON-compatible data (dicts, lists, scalars).

    >>> unstructure(Quantity(40, unit="km", bound="max"))
    {'value': 40, 'low': None, 'high': None, 'unit': 'km', 'bound': 'max'}
    """
    return converter.unstructure(obj)


def structure(
    data: Any,
    cls: Any,
    *,
    where: str = "$",
    path: str | None = None,
    line: int | None = None,
) -> Any:
    """Build a ``cls`` from JSON-compatible ``data``, strictly.

    Args:
        data: Dicts, lists and scalars, as `json.loads` returns them.
        cls: The model type to build, e.g. `Article`.
        where: The path of ``data`` inside its document, used in messages.
        path: The file ``data`` came from, for messages.
        line: The line ``data`` came from, for messages.

    Raises:
        ValidationError: Listing every bad field by its path.

    >>> from peacetalks import Producer, Published
    >>> structure({"raw": "2022", "date": "2022-01-01", "precision": "year"}, Published)
    ... # doctest: +NORMALIZE_WHITESPACE
    Published(raw='2022', date=datetime.date(2022, 1, 1),
              precision=<Precision.YEAR: 'year'>)
    >>> structure({"name": 1}, Producer)
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $.name: invalid value for type, expected str: ...
    """
    try:
        return converter.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        messages = cattrs.transform_error(exc, path=where, format_exception=_describe)
        # transform_error writes "message @ path"; lead with the path instead.
        errors = [_path_first(m) for m in messages]
        raise ValidationError(errors, path=path, line=line) from None
    except FieldValueError as exc:
        where = _path_first(f"{exc} @ {where}.{exc.field}")
        raise ValidationError([where], path=path, line=line) from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationError([f"{where}: {exc}"], path=path, line=line) from None


# Fields whose wire name differs from the attribute name, for error paths.
_WIRE_NAMES: Final = {".article_id": ".article"}


def _path_first(message: str) -> str:
    text, sep, where = message.rpartition(" @ ")
    if not sep:
        return message
    if text.startswith(_FIELD_MARK):
        field, _, text = text[1:].partition(_FIELD_MARK)
        where = f"{where}.{field}"
    for attribute, wire in _WIRE_NAMES.items():
        where = re.sub(rf"{re.escape(attribute)}\b", wire, where)
    return f"{where}: {text}"


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Serialise a model object to JSON text.

    Keys keep the model's field order and non-ASCII text is written as is,
    so equal objects always give identical text.

    >>> from peacetalks import Quantity
    >>> dumps(Quantity(85_000, unit="personnel", bound="max"))
    '{"value": 85000, "low": null, "high": null, "unit": "personnel", "bound": "max"}'
    """
    return json.dumps(
        unstructure(obj), ensure_ascii=False, indent=indent, allow_nan=False
    )


def loads(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON text into a ``cls``, strictly (see `structure`).

    Raises:
        DecodeError: If ``text`` is not valid JSON.
        ValidationError: If it does not describe a valid ``cls``.

    >>> from peacetalks import Quantity
    >>> loads('{"value": 40, "unit": "km", "bound": "max"}', Quantity)
    Quantity(value=40.0, low=None, high=None, unit='km', bound=<Bound.MAX: 'max'>)
    >>> loads('{"value": "forty"}', Quantity)
    Traceback (most recent call last):
        ...
    peacetalks.errors.ValidationError: $.value: invalid value for type, expected float |
    None: expected float, got str
    >>> loads('{"value": 40', Quantity)
    Traceback (most recent call last):
        ...
    peacetalks.errors.DecodeError: <input>:1: invalid JSON: Expecting ',' delimiter
    (column 13)
    """
    # Not at the top: importing peacetalks.io.jsontext runs the io package's
    # __init__, whose readers import this module.
    from peacetalks.io.jsontext import parse_json

    result: T = structure(parse_json(text), cls)
    return result


def check_schema_version(
    document: Mapping[str, Any], *, path: str | None = None, line: int | None = None
) -> None:
    """Refuse a document that a newer peacetalks wrote.

    Raises:
        SchemaVersionError: If ``schema_version`` is above `SCHEMA_VERSION`.
        ValidationError: If it is not a positive integer.

    >>> check_schema_version({"schema_version": SCHEMA_VERSION})
    >>> check_schema_version({"schema_version": SCHEMA_VERSION + 1})
    Traceback (most recent call last):
        ...
    peacetalks.errors.SchemaVersionError: written with schema_version 2, but this
    peacetalks reads up to 1: upgrade peacetalks to read it
    >>> check_schema_version({"schema_version": "1"})
    Traceback (most recent call last):
        ...
    peacetalks.errors.ValidationError: $.schema_version: expected a positive integer,
    got '1'
    """
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(
            [f"$.schema_version: expected a positive integer, got {version!r}"],
            path=path,
            line=line,
        )
    if version > SCHEMA_VERSION:
        msg = (
            f"written with schema_version {version}, but this peacetalks reads "
            f"up to {SCHEMA_VERSION}: upgrade peacetalks to read it"
        )
        raise SchemaVersionError(msg, path=path, line=line)


# -- flat rows for CSV -----------------------------------------------------------

# Nested objects whose fields read naturally on their own ("quote", "value")
# are inlined into a row; the others keep their name as a prefix
# ("published.date", "producer.name").
_INLINE: Final = (Evidence, Quantity)


@attrs.frozen
class Column:
    """One column of a flat table: its header, where it sits, how to read a cell.

    >>> from peacetalks import Demand
    >>> [(c.name, c.kind, c.optional) for c in columns(Demand)][:3]
    [('actor', 'str', False), ('metric', 'str', False), ('value', 'float', True)]
    """

    name: str
    path: tuple[str, ...]
    kind: str  # "str", "int", "float", "json" or "text"-like ("date", "enum")
    optional: bool
    parent_optional: tuple[str, ...] | None  # the optional object it belongs to


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else Union[tuple(rest)]), True  # noqa: UP007
    return tp, False


def _cell_kind(tp: Any) -> str:
    origin = typing.get_origin(tp) or tp
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    if origin in (tuple, list, dict, Mapping):
        return "json"
    return "str"


def _wire_name(cls: type, name: str) -> str:
    return "article" if (cls is Evidence and name == "article_id") else name


def _walk(
    cls: type,
    path: tuple[str, ...],
    prefix: str,
    parent_optional: tuple[str, ...] | None,
) -> Iterator[Column]:
    for field in attrs.fields(attrs.resolve_types(cls)):
        key = _wire_name(cls, field.name)
        inner, optional = _unwrap_optional(field.type)
        if attrs.has(inner):
            nested_prefix = prefix if inner in _INLINE else f"{prefix}{key}."
            owner = (*path, key) if optional else parent_optional
            yield from _walk(inner, (*path, key), nested_prefix, owner)
        else:
            yield Column(
                f"{prefix}{key}",
                (*path, key),
                _cell_kind(inner),
                optional,
                parent_optional,
            )


def columns(cls: type) -> tuple[Column, ...]:
    """The columns of ``cls``'s flat table, in order.

    >>> from peacetalks import Published
    >>> [c.name for c in columns(Published)]
    ['raw', 'date', 'precision']
    >>> [c.name for c in columns(Demand)][:8]
    ['actor', 'metric', 'value', 'low', 'high', 'unit', 'bound', 'target']
    """
    return _columns(cls)


_COLUMN_CACHE: dict[type, tuple[Column, ...]] = {}


def _columns(cls: type) -> tuple[Column, ...]:
    if cls not in _COLUMN_CACHE:
        found = tuple(_walk(cls, (), "", None))
        names = [c.name for c in found]
        assert len(set(names)) == len(names), f"column names collide in {cls}"
        _COLUMN_CACHE[cls] = found
    return _COLUMN_CACHE[cls]


def _encode_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def to_row(obj: Any) -> dict[str, str]:
    """Flatten a model object into a row of strings, keyed by `columns`.

    ``None`` is the empty cell; lists and mappings are JSON text.

    >>> to_row(Quantity(low=5, high=10, unit="km", bound="approx"))
    {'value': '', 'low': '5', 'high': '10', 'unit': 'km', 'bound': 'approx'}
    """
    data = unstructure(obj)
    if isinstance(obj, Position | Demand):
        data = {k: v for k, v in data.items() if k != "type"}
    row: dict[str, str] = {}
    for column in _columns(type(obj)):
        value: Any = data
        for key in column.path:
            value = None if value is None else value[key]
        row[column.name] = _encode_cell(value)
    return row


def _decode_cell(column: Column, cell: str, errors: list[str]) -> Any:
    if cell == "" and column.optional:
        return None
    try:
        if column.kind == "int":
            return int(cell)
        if column.kind == "float":
            return float(cell)
        if column.kind == "json":
            return json.loads(cell)
    except (ValueError, RecursionError):
        errors.append(
            f"$.{'.'.join(column.path)}: cannot read {cell!r} as {column.kind}"
        )
        return None
    return cell


def from_row(
    row: Mapping[str, str],
    cls: type[T],
    *,
    path: str | None = None,
    line: int | None = None,
) -> T:
    """Rebuild a ``cls`` from a row made by `to_row`, strictly.

    Columns missing from ``row`` take the field's default; unknown columns
    are an error.

    Raises:
        ValidationError: Naming each bad column (and ``line``, if given).

    >>> from_row({"value": "", "low": "5", "high": "10", "unit": "km"}, Quantity)
    Quantity(value=None, low=5.0, high=10.0, unit='km', bound=<Bound.EXACT: 'exact'>)
    """
    known = {c.name: c for c in _columns(cls)}
    errors = [f"$: unknown column {name!r}" for name in row if name not in known]
    # An optional object (evidence, producer) was None when all its cells
    # are empty; otherwise its cells are read like any other.
    filled: set[tuple[str, ...]] = set()
    for name, cell in row.items():
        owner = known[name].parent_optional if name in known else None
        if owner is not None and cell != "":
            filled.add(owner)
    nested: dict[str, Any] = {}
    for name, cell in row.items():
        column = known.get(name)
        if column is None:
            continue
        owner = column.parent_optional
        target = nested
        if owner is not None and owner not in filled:
            for key in owner[:-1]:
                target = target.setdefault(key, {})
            target[owner[-1]] = None
            continue
        for key in column.path[:-1]:
            target = target.setdefault(key, {})
        target[column.path[-1]] = _decode_cell(column, cell, errors)
    if errors:
        raise ValidationError(errors, path=path, line=line)
    result: T = structure(nested, cls, path=path, line=line)
    return result


def iter_unstructured(items: Iterable[object]) -> Iterator[Any]:
    """Unstructure ``items`` one at a time (for streaming writers)."""
    for item in items:
        yield unstructure(item)
