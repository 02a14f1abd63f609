"""The JSON Schema (draft 2020-12) of the documents that `peacetalks.save` writes.

`corpus_schema` describes a corpus document, ``{"schema_version": 1,
"articles": [...]}``, and `findings_schema` a findings document,
``{"schema_version": 1, "findings": [...]}``.  Both are built from the
attrs classes of `peacetalks.model`, field by field, so they follow the
model: every key, its JSON type, which keys are required, the closed sets
(``precision``, ``stance``, ``bound``...), the field checks that JSON Schema
can express (non-empty names, ``start >= 0``, ``0 <= confidence <= 1``, a
date known to the month falls on the 1st) and no other keys.

The record definitions in ``$defs`` also describe one line of a JSON Lines
file: ``#/$defs/Article`` for a corpus, ``#/$defs/Position`` and
``#/$defs/Demand`` for findings.

>>> schema = corpus_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["required"]
['schema_version', 'articles']
>>> list(schema["$defs"])
['Article', 'Published']
>>> schema["$defs"]["Published"]["properties"]["precision"]["enum"]
['day', 'month', 'year', 'unknown']

A few rules are beyond JSON Schema, and only `peacetalks.load` checks them:
an evidence span as long as its quote (``end - start == len(quote)``),
``low <= value <= high`` in a quantity, unique article ids, and integers
written without a fraction (``3``, not ``3.0``).
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, Union

import attrs

from peacetalks import model
from peacetalks.model import (
    Article,
    Demand,
    Evidence,
    Position,
    Producer,
    Published,
    Quantity,
)
from peacetalks.serialize import SCHEMA_VERSION

__all__ = ["DRAFT", "corpus_schema", "findings_schema"]

#: The JSON Schema dialect of the schemas.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"

#: A date as the files write it; `format` ``date`` also checks the calendar.
_DATE: Final = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}

# What each field check of the model means in JSON Schema.
# (They are private to the model; this module is their one other reader.)
_CHECKS: Final[Mapping[Callable[..., None], Mapping[str, Any]]] = {
    model._non_empty: {"pattern": r"\S"},
    model._non_negative: {"minimum": 0},
    model._in_unit_interval: {"minimum": 0, "maximum": 1},
    model._finite: {},
    model._json_value: {},
}

# The key a field has on the wire, where it differs from the field's name.
_WIRE_NAMES: Final[Mapping[tuple[type, str], str]] = {
    (Evidence, "article_id"): "article"
}

# One line for each key, shown in the schema and in the docs.
_DESCRIPTIONS: Final[Mapping[type, Mapping[str, str]]] = {
    Article: {
        "title": "The headline ('' when there is none).",
        "text": "The body, exactly as kept; evidence spans point into it.",
        "id": "A stable id, by default derived from title and text.",
        "url": "Where it was published, if known.",
        "outlet": "The news organisation, if known.",
        "authors": "Bylines, in order.",
        "published": "The publication date with its precision.",
        "language": "An IETF language tag such as 'en', if known.",
        "path": "The file it was loaded from, if any (POSIX form).",
        "extra": "Any other metadata, as JSON data.",
    },
    Published: {
        "raw": "The text the date was read from, exactly as found.",
        "date": "The resolved date (YYYY-MM-DD); the 1st of the month or year "
        "when only those are known.",
        "precision": "How much of the date is known; 'unknown' exactly when "
        "date is null.",
    },
    Position: {
        "actor": "The canonical name of the party whose position it is.",
        "issue": "The issue id from the lexicon.",
        "stance": "Whether the actor supports or opposes the issue's proposition.",
        "act": "What the actor does.",
        "modality": "How the text frames the statement.",
        "date": "When the position was stated, as far as known.",
        "speaker": "Who said it, when someone speaks for the actor.",
        "evidence": "The text it rests on.",
        "confidence": "How sure the producer is, between 0 and 1.",
        "producer": "What produced it.",
    },
    Demand: {
        "actor": "Who proposes the figure.",
        "metric": "The metric id from the lexicon.",
        "quantity": "The figure, in the metric's unit.",
        "target": "Whose forces or obligations the figure concerns, if known.",
        "act": "What the actor does (a demand by default).",
        "modality": "How the text frames the statement.",
        "date": "When the figure was put forward, as far as known.",
        "speaker": "Who said it, when someone speaks for the actor.",
        "evidence": "The text it rests on.",
        "confidence": "How sure the producer is, between 0 and 1.",
        "producer": "What produced it.",
    },
    Quantity: {
        "value": "The figure, when the text gives one number.",
        "low": "The lower end of a range, if any.",
        "high": "The upper end of a range, if any.",
        "unit": "The canonical unit ('personnel', 'km', 'percent'...).",
        "bound": "A cap, a floor, an exact figure or an estimate.",
    },
    Evidence: {
        "article_id": "The id of the article quoted.",
        "quote": "The quoted text: the article's text from start to end.",
        "start": "Offset of the quote's first character in the article's text.",
        "end": "Offset just past the quote's last character.",
    },
    Producer: {
        "name": "What produced the finding: an extractor, an annotator...",
        "version": "Its version, if known.",
    },
}

_CLASS_DESCRIPTIONS: Final[Mapping[type, str]] = {
    Article: "One news article: its text and what is known about it.",
    Published: "A date as a source gives it: the raw text, the resolved date, "
    "its precision.",
    Position: "An actor's stance on an issue, as a text states it.",
    Demand: "One measurable term an actor puts on the table, usually a cap.",
    Quantity: "A number with a unit: a point value, or a range from low to high.",
    Evidence: "The exact text a finding rests on, and where it is in its article.",
    Producer: "What produced a position or demand.",
}


def _published_rules() -> list[dict[str, Any]]:
    """``precision`` is ``unknown`` exactly when there is no date.

    A date known to the month falls on the 1st, one known to the year on
    1 January.
    """
    has_date = {"properties": {"date": {"type": "string"}}, "required": ["date"]}

    def precision_is(value: str) -> dict[str, Any]:
        return {
            "properties": {"precision": {"const": value}},
            "required": ["precision"],
        }

    def date_like(pattern: str) -> dict[str, Any]:
        return {"properties": {"date": {"pattern": pattern}}}

    return [
        {
            "if": has_date,
            "then": {
                "required": ["precision"],
                "properties": {"precision": {"not": {"const": "unknown"}}},
            },
            "else": {"properties": {"precision": {"const": "unknown"}}},
        },
        {"if": precision_is("month"), "then": date_like("^[0-9]{4}-[0-9]{2}-01$")},
        {"if": precision_is("year"), "then": date_like("^[0-9]{4}-01-01$")},
    ]


def _quantity_rules() -> list[dict[str, Any]]:
    """A quantity needs a value, a low or a high."""
    return [
        {
            "anyOf": [
                {"properties": {key: {"type": "number"}}, "required": [key]}
                for key in ("value", "low", "high")
            ]
        }
    ]


# Rules across a record's keys, which no single field's schema can state.
_RULES: Final[Mapping[type, Callable[[], list[dict[str, Any]]]]] = {
    Published: _published_rules,
    Quantity: _quantity_rules,
}


def _optional(tp: Any) -> tuple[Any, bool]:
    """Split ``X | None`` into ``X`` and whether ``None`` is allowed."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType) and type(None) in args:
        (rest,) = (a for a in args if a is not type(None))
        return rest, True
    return tp, False


def _checks(field: attrs.Attribute[Any]) -> dict[str, Any]:
    """The JSON Schema keywords for a field's validators."""
    validator = field.validator
    if validator is None:
        return {}
    found = getattr(validator, "_validators", (validator,))
    keywords: dict[str, Any] = {}
    for check in found:
        if check in model._TYPE_CHECKS:
            continue  # the field's type says it
        if check not in _CHECKS:
            msg = f"no JSON Schema for the check {check!r} on {field.name!r}"
            raise TypeError(msg)
        keywords.update(_CHECKS[check])
    return keywords


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one field type; attrs classes go to ``defs``."""
    if attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is datetime.date:
        return dict(_DATE)
    if tp == tuple[str, ...]:
        return {"type": "array", "items": {"type": "string"}}
    if tp == Mapping[str, Any]:
        return {"type": "object"}
    msg = f"no JSON Schema for the type {tp!r}"
    raise TypeError(msg)


def _field_schema(
    cls: type, field: attrs.Attribute[Any], defs: dict[str, Any]
) -> dict[str, Any]:
    inner, optional = _optional(field.type)
    # An empty string reads as None for optional text, so both are accepted.
    converter: object = field.converter
    optional = optional or converter is model._optional_text
    schema = {"description": _DESCRIPTIONS[cls][field.name]}
    base = _type_schema(inner, defs) | _checks(field)
    if not optional:
        return schema | base
    if set(base) <= {"type", "format", "pattern"} and isinstance(base["type"], str):
        # A plain type: say it in one keyword (["string", "null"]).
        return schema | base | {"type": [base["type"], "null"]}
    return schema | {"anyOf": [base, {"type": "null"}]}


def _define(cls: type, defs: dict[str, Any]) -> None:
    """Add the schema of the attrs class ``cls`` (and of what it holds) to ``defs``."""
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # reserve the name: definitions keep the order first met
    properties: dict[str, Any] = {}
    if cls in (Position, Demand):
        tag = cls.__name__.lower()
        properties["type"] = {"description": "What the record is.", "const": tag}
    required = list(properties)
    for field in attrs.fields(attrs.resolve_types(cls)):
        key = _WIRE_NAMES.get((cls, field.name), field.name)
        properties[key] = _field_schema(cls, field, defs)
        if field.default is attrs.NOTHING:
            required.append(key)
    schema: dict[str, Any] = {
        "description": _CLASS_DESCRIPTIONS[cls],
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    if cls in _RULES:
        schema["allOf"] = _RULES[cls]()
    defs[name] = schema


def _document(
    kind: str, key: str, items: dict[str, Any], defs: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "title": f"peacetalks {kind}",
        "description": (
            f"A peacetalks {kind} document, as peacetalks writes it in JSON "
            f"(schema_version {SCHEMA_VERSION})."
        ),
        "type": "object",
        "properties": {
            "schema_version": {
                "description": "The version of the file format: 1 up to the "
                "version this release writes.",
                "type": "integer",
                "minimum": 1,
                "maximum": SCHEMA_VERSION,
            },
            key: {"type": "array", "items": items},
        },
        "required": ["schema_version", key],
        "additionalProperties": False,
        "$defs": defs,
    }


def corpus_schema() -> dict[str, Any]:
    """The JSON Schema of a corpus document (``corpus.save("x.json")``).

    Returns:
        A new dict each call, ready for `json.dumps`.

    >>> import jsonschema
    >>> import peacetalks as pt
    >>> document = {"schema_version": 1, "articles": [{"title": "Talks", "text": "…"}]}
    >>> jsonschema.Draft202012Validator(corpus_schema()).is_valid(document)
    True
    >>> document["articles"][0]["published"] = {"date": "2022-03-29"}
    >>> jsonschema.Draft202012Validator(corpus_schema()).is_valid(document)
    False
    """
    defs: dict[str, Any] = {}
    items = _type_schema(Article, defs)
    return _document("corpus", "articles", items, defs)


def findings_schema() -> dict[str, Any]:
    """The JSON Schema of a findings document (``pt.save_findings(f, "x.json")``).

    Each finding is a position or a demand, told apart by its ``type`` key.

    Returns:
        A new dict each call, ready for `json.dumps`.

    >>> schema = findings_schema()
    >>> schema["properties"]["findings"]["items"]
    {'oneOf': [{'$ref': '#/$defs/Position'}, {'$ref': '#/$defs/Demand'}]}
    >>> schema["$defs"]["Demand"]["required"]
    ['type', 'actor', 'metric', 'quantity']
    """
    defs: dict[str, Any] = {}
    items = {"oneOf": [_type_schema(Position, defs), _type_schema(Demand, defs)]}
    return _document("findings", "findings", items, defs)
