"""Tests for peacetalks.serialize: the converter, JSON text and flat rows."""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks import (
    SCHEMA_VERSION,
    Article,
    DecodeError,
    Demand,
    Evidence,
    Finding,
    Position,
    Producer,
    Published,
    Quantity,
    SchemaVersionError,
    ValidationError,
    dumps,
    loads,
)
from peacetalks.serialize import (
    check_schema_version,
    columns,
    from_row,
    structure,
    to_row,
    unstructure,
)
from tests.strategies import (
    articles,
    articles_with_evidence,
    demands,
    evidence,
    findings,
    finite_floats,
    json_values,
    positions,
    producers,
    published,
    quantities,
)

MODEL_TYPES: list[type] = [
    Published,
    Producer,
    Evidence,
    Quantity,
    Article,
    Position,
    Demand,
]

#: One strategy per model type, to draw objects of any of them.
any_model = st.one_of(
    published(),
    producers(),
    evidence(),
    quantities(),
    articles(),
    positions(),
    demands(),
)


def _attempt(call: Callable[[], Any]) -> Any:
    """Return what ``call`` returns, or the ValidationError it raises."""
    try:
        return call()
    except ValidationError as exc:
        return exc


def _valid(cls: type) -> dict[str, Any]:
    """A valid wire form of ``cls``, with every field present."""
    examples: dict[type, Any] = {
        Published: Published("20220329", datetime.date(2022, 3, 29), "day"),
        Producer: Producer("peacetalks.extract", "0.1.0"),
        Evidence: Evidence("a1", "85,000", 3, 9),
        Quantity: Quantity(85_000, unit="personnel", bound="max"),
        Article: Article(
            title="t",
            text="x",
            authors=["a"],
            extra={"k": [1]},
        ),
        Position: Position(
            "Ukraine",
            "nato",
            "opposes",
            evidence=Evidence("a1", "x", 0, 1),
        ),
        Demand: Demand("Russia", "troops", Quantity(85_000), producer=Producer("x")),
    }
    data: dict[str, Any] = unstructure(examples[cls])
    return data


class TestRoundTrip:
    @given(any_model)
    def test_unstructure_structure(self, obj: Any) -> None:
        """Every model object survives unstructure and structure unchanged."""
        assert structure(unstructure(obj), type(obj)) == obj

    @given(any_model)
    def test_dumps_loads(self, obj: Any) -> None:
        """Every model object survives JSON text unchanged, byte for byte."""
        text = dumps(obj)
        again = loads(text, type(obj))

        assert again == obj
        assert dumps(again) == text
        assert loads(text.encode("utf-8"), type(obj)) == obj

    @given(findings())
    def test_findings_by_tag(self, finding: Finding) -> None:
        """A finding read as Finding comes back as its own type."""
        again: Finding = loads(dumps(finding), Finding)  # type: ignore[arg-type]  # loads accepts the Finding union

        assert type(again) is type(finding)
        assert again == finding

    @given(any_model)
    def test_rows(self, obj: Any) -> None:
        """Every model object survives a flat row of strings unchanged."""
        row = to_row(obj)

        assert list(row) == [column.name for column in columns(type(obj))]
        assert all(isinstance(cell, str) for cell in row.values())
        again = from_row(row, type(obj))
        assert again == obj
        assert to_row(again) == row

    @given(articles_with_evidence())
    def test_evidence_still_matches(self, pair: tuple[Article, Evidence]) -> None:
        """Evidence read back still quotes its article read back exactly."""
        article, evidence = pair
        article_again = loads(dumps(article), Article)
        evidence_again = loads(dumps(evidence), Evidence)
        row_again = from_row(to_row(evidence), Evidence)

        assert evidence_again.matches(article_again)
        assert row_again.matches(article_again)

    @given(finite_floats())
    def test_float_bits(self, number: float) -> None:
        """Every finite float, -0.0 included, comes back with the same bits."""
        quantity = Quantity(number)
        values = [
            loads(dumps(quantity), Quantity).value,
            from_row(to_row(quantity), Quantity).value,
        ]

        for value in values:
            assert value is not None
            assert value.hex() == float(number).hex()
            assert type(value) is float

    @given(st.dictionaries(st.text(max_size=3), json_values(), max_size=4))
    def test_extra_types_kept(self, extra: dict[str, Any]) -> None:
        """Extra metadata keeps ints as ints and floats as floats."""
        article = Article(extra=extra)

        assert json.dumps(loads(dumps(article), Article).extra) == json.dumps(extra)
        assert json.dumps(from_row(to_row(article), Article).extra) == json.dumps(extra)


class TestDumps:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (85_000.0, "85000"),
            (0.5, "0.5"),
            (0.0, "0"),
            (-0.0, "-0.0"),
            (-3.0, "-3"),
            (2.0**53, "9007199254740992.0"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
        ],
    )
    def test_numbers(self, value: float, expected: str) -> None:
        """Whole numbers are written without a fraction, unless that loses data."""
        assert json.loads(dumps(Quantity(value)))["value"] == json.loads(expected)
        assert dumps(Quantity(value)).startswith(f'{{"value": {expected}, ')

    def test_key_order_and_tag(self) -> None:
        """Findings lead with their type tag, then the fields in model order."""
        demand = Demand(
            "Russia", "troops", Quantity(1), evidence=Evidence("a", "", 0, 0)
        )

        data = json.loads(dumps(demand))

        assert list(data) == ["type", "actor", "metric", "quantity", "target", "act",
                              "modality", "date", "speaker", "evidence", "confidence",
                              "producer"]  # fmt: skip
        assert data["type"] == "demand"
        assert data["evidence"] == {"article": "a", "quote": "", "start": 0, "end": 0}

    def test_non_ascii_as_is(self) -> None:
        """Non-ASCII text is written as itself, not as escapes."""
        assert dumps(Producer("Україна", "é")) == '{"name": "Україна", "version": "é"}'

    def test_indent(self) -> None:
        """An indent gives the same data, pretty-printed."""
        value = Producer("x")

        assert dumps(value, indent=2) == '{\n  "name": "x",\n  "version": null\n}'

    def test_documented_quantity(self) -> None:
        """The documented unstructured form of a quantity holds."""
        assert unstructure(Quantity(40, unit="km", bound="max")) == {
            "value": 40,
            "low": None,
            "high": None,
            "unit": "km",
            "bound": "max",
        }


# Every error names the bad field by its path; an error that involves several
# fields (low <= value <= high, a span and its quote) names their object's path.
BAD_DATA = [
    # (cls, change to a valid wire form, a pattern one error must match)
    (Producer, {"name": 1}, r"^\$\.name: .*expected str, got int"),
    (Producer, {"name": None}, r"^\$\.name: "),
    (Producer, {"name": ""}, r"^\$\.name: .*'name' must not be empty"),
    (Producer, {"version": 0.1}, r"^\$\.version: "),
    (Quantity, {"value": "85000"}, r"^\$\.value: .*got str"),
    (Quantity, {"value": True}, r"^\$\.value: .*boolean"),
    (Quantity, {"value": [1]}, r"^\$\.value: "),
    (Quantity, {"bound": "at most"}, r"^\$\.bound: .*'at most'"),
    (Quantity, {"low": 90_000}, r"^\$: .*low <= value <= high"),
    (Evidence, {"start": 3.0}, r"^\$\.start: .*got float"),
    (Evidence, {"start": "3"}, r"^\$\.start: "),
    (Evidence, {"start": False}, r"^\$\.start: .*boolean"),
    (Evidence, {"end": 99}, r"^\$: .*has length"),
    (Evidence, {"article": 7}, r"^\$\.article: "),
    (Published, {"date": "20220329"}, r"^\$\.date: .*YYYY-MM-DD"),
    (Published, {"date": "2022-3-29"}, r"^\$\.date: "),
    (Published, {"date": "2022-03-29T00:00:00"}, r"^\$\.date: "),
    (Published, {"date": 20220329}, r"^\$\.date: "),
    (Published, {"date": "2022-02-30"}, r"^\$\.date: "),
    (Published, {"precision": "week"}, r"^\$\.precision: .*'week'"),
    (Published, {"precision": "month"}, r"^\$: .*first day"),
    (Article, {"title": None}, r"^\$\.title: "),
    (Article, {"text": 1}, r"^\$\.text: "),
    (Article, {"id": ""}, r"^\$\.id: .*'id' must not be empty"),
    (Article, {"authors": "Dave DeCamp"}, r"^\$\.authors: .*list of strings"),
    (Article, {"authors": ["a", 1]}, r"^\$\.authors"),
    (Article, {"extra": ["a"]}, r"^\$\.extra: .*JSON object"),
    (Article, {"extra": "x"}, r"^\$\.extra: "),
    (Article, {"published": "2022-03-29"}, r"^\$\.published: "),
    (Article, {"published": {"precision": "day"}}, r"^\$\.published: .*'unknown'"),
    (Article, {"published": {"precision": "weekly"}}, r"^\$\.published\.precision: "),
    (Position, {"stance": "maybe"}, r"^\$\.stance: .*'maybe'"),
    (Position, {"type": "demand"}, r"^\$: 'type' must be 'position'"),
    (Position, {"confidence": 2}, r"^\$\.confidence: .*between 0 and 1"),
    (Position, {"confidence": "1"}, r"^\$\.confidence: "),
    (Position, {"evidence": {"article": "a", "quote": "x", "start": 0}},
     r"^\$\.evidence\.end: required field missing"),
    (Position, {"evidence": {"article": "a", "quote": "", "start": 0, "end": 0,
                             "sentence": 1}}, r"^\$\.evidence: extra fields found"),
    (Demand, {"quantity": {"value": None}}, r"^\$\.quantity: .*needs a value"),
    (Demand, {"quantity": 85000}, r"^\$\.quantity: "),
    (Demand, {"producer": {"name": "x", "version": "1", "url": "u"}},
     r"^\$\.producer: extra fields found \(url\)"),
]  # fmt: skip


class TestStrictStructure:
    @pytest.mark.parametrize(("cls", "change", "pattern"), BAD_DATA)
    def test_bad_field(self, cls: type, change: dict[str, Any], pattern: str) -> None:
        """A bad field is a ValidationError whose message leads with its path."""
        data = {**_valid(cls), **change}

        with pytest.raises(ValidationError) as info:
            structure(data, cls)

        assert info.value.errors
        assert all(error.startswith("$") for error in info.value.errors)
        assert any(re.search(pattern, error) for error in info.value.errors), (
            info.value.errors
        )
        assert info.value.path is None

    def test_wire_name_in_path(self) -> None:
        """A missing evidence article is named as on the wire: ``article``."""
        data = {"quote": "x", "start": 0, "end": 1}

        with pytest.raises(ValidationError) as info:
            structure(data, Evidence)

        assert info.value.errors == ["$.article: required field missing"]

    @pytest.mark.parametrize(
        ("cls", "key"),
        [
            (Producer, "name"),
            (Evidence, "article"),
            (Evidence, "quote"),
            (Evidence, "start"),
            (Evidence, "end"),
            (Position, "actor"),
            (Position, "stance"),
            (Demand, "quantity"),
        ],
    )
    def test_missing_field_named(self, cls: type, key: str) -> None:
        """A missing required field is reported with its path."""
        data = {k: v for k, v in _valid(cls).items() if k != key}

        with pytest.raises(
            ValidationError, match=rf"\$\.{key}: required field missing"
        ):
            structure(data, cls)

    @pytest.mark.parametrize("cls", MODEL_TYPES)
    def test_extra_field(self, cls: type) -> None:
        """A key the model does not know is an error, not silently dropped."""
        with pytest.raises(ValidationError, match="extra fields found"):
            structure({**_valid(cls), "surprise": 1}, cls)

    @pytest.mark.parametrize("cls", MODEL_TYPES)
    @pytest.mark.parametrize("data", [None, 1, "x", [], [{}], True, 1.5])
    def test_not_an_object(self, cls: type, data: Any) -> None:
        """A value that is not a JSON object is a ValidationError."""
        with pytest.raises(ValidationError):
            structure(data, cls)

    @pytest.mark.parametrize("cls", MODEL_TYPES)
    def test_defaults_fill_optional_fields(self, cls: type) -> None:
        """Fields with defaults may be left out of the wire form."""
        required = {
            Published: {},
            Producer: {"name": "x"},
            Evidence: {"article": "a", "quote": "", "start": 0, "end": 0},
            Quantity: {"value": 1},
            Article: {},
            Position: {"actor": "a", "issue": "i", "stance": "supports"},
            Demand: {"actor": "a", "metric": "m", "quantity": {"value": 1}},
        }[cls]

        built = structure(required, cls)

        assert isinstance(built, cls)

    def test_path_of_nested_field(self) -> None:
        """An error deep in a document names the whole path."""
        data = {"articles": [_valid(Article)]}
        data["articles"][0]["published"] = {"date": "2022-03-29", "precision": "hour"}

        with pytest.raises(ValidationError) as info:
            structure(
                data["articles"][0],
                Article,
                where="$.articles[0]",
                path="f.json",
                line=3,
            )

        assert info.value.errors[0].startswith("$.articles[0].published.precision: ")
        assert info.value.path == "f.json"
        assert info.value.line == 3
        assert str(info.value).startswith("f.json:3: $.articles[0].published")

    @pytest.mark.parametrize(
        "data",
        [
            {"actor": "a", "issue": "i", "stance": "supports"},
            {"type": "finding", "actor": "a", "issue": "i", "stance": "supports"},
            {"type": None},
            {"type": ["position"]},
            [],
            "position",
        ],
    )
    def test_finding_needs_known_tag(self, data: Any) -> None:
        """A finding must say whether it is a position or a demand."""
        with pytest.raises(ValidationError, match="'type' must be one of"):
            structure(data, Finding)

    @settings(max_examples=150)
    @given(st.sampled_from([*MODEL_TYPES, Finding]), json_values())
    def test_any_json_is_built_or_refused(self, cls: Any, data: Any) -> None:
        """Any JSON value either builds the model or raises ValidationError."""
        built = _attempt(lambda: structure(data, cls))

        if isinstance(built, ValidationError):
            assert built.errors
        else:
            assert structure(unstructure(built), cls) == built

    @pytest.mark.slow  # ~4 s: 150 mutated documents of every model
    @settings(max_examples=150)
    @given(any_model, st.data())
    def test_mutated_data_is_built_or_refused(
        self, obj: Any, data: st.DataObject
    ) -> None:
        """Dropping, adding or replacing a key never escapes as a bare error."""
        wire = unstructure(obj)
        key = data.draw(st.sampled_from([*wire, "new"]))
        action = data.draw(st.sampled_from(["drop", "replace"]))
        if action == "drop":
            wire.pop(key, None)
        else:
            wire[key] = data.draw(json_values())
        built = _attempt(lambda: structure(wire, type(obj)))

        if isinstance(built, ValidationError):
            assert built.errors
        else:
            assert isinstance(built, type(obj))


class TestLoads:
    @pytest.mark.parametrize(
        "text",
        [
            '{"name": "x"',
            "",
            "{",
            '{"name": "x"}}',
            '{"name": NaN}',
            '{"name": Infinity}',
            "{'name': 'x'}",
            b'{"name": "\xff"}',
            b"\xfe\xff",
        ],
    )
    def test_not_json(self, text: str | bytes) -> None:
        """Text that is not strict JSON, or not UTF-8, is a DecodeError."""
        with pytest.raises(DecodeError) as info:
            loads(text, Producer)

        assert info.value.path is None

    def test_bom_accepted(self) -> None:
        """A UTF-8 byte-order mark at the start is ignored."""
        assert loads(b'\xef\xbb\xbf{"name": "x"}', Producer) == Producer("x")

    def test_validation_error(self) -> None:
        """Well-formed JSON that does not fit is a ValidationError."""
        with pytest.raises(ValidationError, match=r"\$\.name"):
            loads('{"name": 1}', Producer)

    def test_documented_example(self) -> None:
        """The module's documented example holds."""
        text = dumps(Position("Ukraine", "neutrality", "supports"))

        assert text.startswith('{"type": "position", "actor": "Ukraine"')
        assert loads(text, Position) == Position("Ukraine", "neutrality", "supports")


class TestDateStrictness:
    @pytest.mark.parametrize("value", ["2022-W13-2", "2022-088"])
    def test_only_calendar_dates(self, value: str) -> None:
        """Only YYYY-MM-DD is read as a date; other ISO 8601 forms are refused."""
        with pytest.raises(ValidationError, match=r"\$\.date"):
            structure({"date": value, "precision": "day"}, Published)


class TestSchemaVersion:
    def test_current(self) -> None:
        """A document of the current version is accepted."""
        check_schema_version({"schema_version": SCHEMA_VERSION})

    @pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 99])
    def test_newer(self, version: int) -> None:
        """A newer document is a SchemaVersionError that says to upgrade."""
        with pytest.raises(SchemaVersionError, match="upgrade") as info:
            check_schema_version({"schema_version": version}, path="f.json", line=1)

        assert (info.value.path, info.value.line) == ("f.json", 1)

    @pytest.mark.parametrize("version", [None, 0, -1, "1", 1.0, True, [1]])
    def test_invalid(self, version: Any) -> None:
        """A missing or malformed schema_version is a ValidationError."""
        document = {} if version is None else {"schema_version": version}

        with pytest.raises(ValidationError, match=r"\$\.schema_version"):
            check_schema_version(document, path="f.json")


class TestRows:
    def test_columns_of_published(self) -> None:
        """A flat value type has one column per field."""
        assert [c.name for c in columns(Published)] == ["raw", "date", "precision"]

    def test_columns_of_position(self) -> None:
        """Evidence is inlined; dates and producers keep their name as a prefix."""
        assert [c.name for c in columns(Position)] == [
            "actor", "issue", "stance", "act", "modality", "date.raw", "date.date",
            "date.precision", "speaker", "article", "quote", "start", "end",
            "confidence", "producer.name", "producer.version",
        ]  # fmt: skip

    def test_columns_of_article(self) -> None:
        """An article's columns follow its fields."""
        assert [c.name for c in columns(Article)] == [
            "title", "text", "id", "url", "outlet", "authors", "published.raw",
            "published.date", "published.precision", "language", "path", "extra",
        ]  # fmt: skip

    def test_none_is_empty_cell(self) -> None:
        """None is written as the empty cell and read back as None."""
        position = Position("a", "i", "supports")
        row = to_row(position)

        assert row["quote"] == row["producer.name"] == row["date.date"] == ""
        assert from_row(row, Position) == position

    def test_empty_quote_is_kept(self) -> None:
        """An empty quote is text, not a missing evidence."""
        position = Position("a", "i", "supports", evidence=Evidence("x", "", 0, 0))

        assert from_row(to_row(position), Position) == position

    def test_missing_columns_take_defaults(self) -> None:
        """Columns left out of a row take the field's default."""
        assert from_row(
            {"actor": "a", "issue": "i", "stance": "opposes"}, Position
        ) == (Position("a", "i", "opposes"))

    def test_unknown_column(self) -> None:
        """A column the type does not have is an error."""
        with pytest.raises(ValidationError, match="unknown column 'colour'"):
            from_row({"name": "x", "colour": "red"}, Producer, path="f.csv", line=2)

    @pytest.mark.parametrize(
        ("cls", "row", "where"),
        [
            (Evidence, {"article": "a", "quote": "x", "start": "zero", "end": "1"},
             "$.start"),
            (Evidence, {"article": "a", "quote": "x", "start": "0.0", "end": "1"},
             "$.start"),
            (Quantity, {"value": "many"}, "$.value"),
            (Quantity, {"value": "nan"}, "$.value: "),
            (Quantity, {"value": "-inf"}, "$.value: "),
            (Article, {"extra": "{"}, "$.extra"),
            (Article, {"extra": "[]"}, "$.extra"),
            (Article, {"extra": '{"a": NaN}'}, "$.extra: "),
            (Article, {"authors": "Dave"}, "$.authors"),
            (Article, {"published.precision": "day"}, "$.published"),
            (Position, {"actor": "a", "issue": "i", "stance": "supports",
                        "article": "", "quote": "x"}, "$.evidence"),
        ],
    )  # fmt: skip
    def test_bad_cell(self, cls: type, row: dict[str, str], where: str) -> None:
        """A cell that cannot be read is a ValidationError naming its field."""
        with pytest.raises(ValidationError) as info:
            from_row(row, cls, path="f.csv", line=7)

        assert any(error.startswith(where) for error in info.value.errors)
        assert (info.value.path, info.value.line) == ("f.csv", 7)

    def test_deeply_nested_json_cell(self) -> None:
        """A JSON cell nested too deeply to parse is a ValidationError."""
        with pytest.raises(ValidationError, match=r"\$\.extra"):
            from_row({"extra": "[" * 100_000}, Article, path="f.csv", line=2)

    @pytest.mark.parametrize(("value", "expected"), [(None, ""), ("x", "x"), ("", "")])
    def test_text_cells(self, value: str | None, expected: str) -> None:
        """Text cells hold the text as is; None is the empty cell."""
        assert to_row(Quantity(1, unit=value))["unit"] == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(85_000.0, "85000"), (-0.0, "-0.0"), (0.25, "0.25"), (1e16, "1e+16")],
    )
    def test_number_cells(self, value: float, expected: str) -> None:
        """Number cells hold JSON numbers, whole numbers without a fraction."""
        assert to_row(Quantity(value))["value"] == expected

    @given(finite_floats())
    def test_negative_zero_cell(self, number: float) -> None:
        """A float's cell reads back as the same float, sign of zero included."""
        cell = to_row(Quantity(number))["value"]

        assert math.copysign(1.0, float(cell)) == math.copysign(1.0, number)
        assert float(cell) == number


class TestObjectShape:
    def test_scalar_where_object_belongs(self) -> None:
        """A string where a nested object belongs is named as such, at its path."""
        with pytest.raises(ValidationError) as info:
            structure({"published": "2022-03-30"}, Article)

        assert info.value.errors == [
            "$.published: expected a JSON object for Published"
        ]
