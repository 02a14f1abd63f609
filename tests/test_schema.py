"""The JSON Schema of corpus and findings documents, checked against the files."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks.schema import DRAFT, corpus_schema, findings_schema
from tests.strategies import corpora, findings

DOCS = Path(__file__).parent.parent / "docs"

Validator = jsonschema.Draft202012Validator


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """A validator that also checks ``format`` (calendar dates)."""
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


def errors(schema: dict[str, Any], document: Any) -> list[str]:
    return [error.message for error in validator(schema).iter_errors(document)]


def written(tmp: Path, save: Callable[[Path], None], name: str = "doc.json") -> Any:
    path = tmp / name
    save(path)
    return json.loads(path.read_text(encoding="utf-8"))


class TestTheSchemas:
    """The schemas themselves."""

    @pytest.mark.parametrize("make", [corpus_schema, findings_schema])
    def test_valid_draft_2020_12(self, make: Callable[[], dict[str, Any]]) -> None:
        """Each is a valid draft 2020-12 schema and survives a JSON round trip."""
        schema = make()
        assert schema["$schema"] == DRAFT
        Validator.check_schema(schema)
        assert json.loads(json.dumps(schema)) == schema

    def test_new_dict_each_call(self) -> None:
        """Changing a returned schema does not change the next one."""
        schema = corpus_schema()
        schema["$defs"]["Article"]["properties"].clear()
        assert corpus_schema()["$defs"]["Article"]["properties"]

    @pytest.mark.parametrize(
        ("name", "make"),
        [
            ("corpus.schema.json", corpus_schema),
            ("findings.schema.json", findings_schema),
        ],
    )
    def test_committed_copy_is_current(
        self, name: str, make: Callable[[], dict[str, Any]]
    ) -> None:
        """docs/ holds the schemas exactly as the code builds them.

        To refresh them, write ``json.dumps(schema, indent=2,
        ensure_ascii=False)`` and a final newline to each file.
        """
        text = (DOCS / name).read_text(encoding="utf-8")
        assert json.loads(text) == make()
        assert text == json.dumps(make(), indent=2, ensure_ascii=False) + "\n"

    def test_every_field_is_described(self) -> None:
        """Every key of every record has a description."""
        for make in (corpus_schema, findings_schema):
            for name, definition in make()["$defs"].items():
                for key, prop in definition["properties"].items():
                    assert prop.get("description"), (name, key)

    def test_required_keys(self) -> None:
        """Required are the fields without a default, and the findings' tag."""
        defs = corpus_schema()["$defs"] | findings_schema()["$defs"]
        assert "required" not in defs["Article"]
        assert "required" not in defs["Published"]
        assert defs["Position"]["required"] == ["type", "actor", "issue", "stance"]
        assert defs["Demand"]["required"] == ["type", "actor", "metric", "quantity"]
        assert defs["Evidence"]["required"] == ["article", "quote", "start", "end"]
        assert defs["Producer"]["required"] == ["name"]


class TestWrittenDocumentsAreValid:
    """Whatever peacetalks writes fits the schema."""

    def test_bundled_sample(self, tmp_path: Path) -> None:
        """The sample corpus, saved as JSON."""
        document = written(tmp_path, pt.datasets.sample().save)
        assert len(document["articles"]) == 5
        assert errors(corpus_schema(), document) == []

    def test_extracted_findings(self, tmp_path: Path) -> None:
        """The sample's findings, and the bundled reference proposals."""
        found = pt.datasets.sample().extract()
        assert errors(findings_schema(), written(tmp_path, found.save)) == []
        reference = list(pt.datasets.proposals())
        document = written(tmp_path, lambda p: pt.save_findings(reference, p))
        assert errors(findings_schema(), document) == []

    def test_json_lines_records(self, tmp_path: Path) -> None:
        """Each line of a JSON Lines file fits the record definition."""
        path = tmp_path / "sample.jsonl"
        pt.datasets.sample().save(path)
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        schema = corpus_schema()
        assert json.loads(header) == {"schema_version": 1}
        record = {"$schema": DRAFT, "$defs": schema["$defs"], "$ref": "#/$defs/Article"}
        assert len(lines) == 5
        for line in lines:
            assert errors(record, json.loads(line)) == []

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(corpora())
    def test_any_corpus(self, tmp_path: Path, corpus: pt.Corpus) -> None:
        """Any corpus the model allows is written as a valid document."""
        document = written(tmp_path, corpus.save)
        assert errors(corpus_schema(), document) == []

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(findings(), max_size=4))
    def test_any_findings(self, tmp_path: Path, items: list[pt.Finding]) -> None:
        """Any positions and demands are written as a valid document."""
        document = written(tmp_path, lambda p: pt.save_findings(items, p))
        assert errors(findings_schema(), document) == []


# -- invalid documents: the schema and the loader both refuse them ----------------


def _article() -> dict[str, Any]:
    return {
        "title": "Talks",
        "text": "Russia wants a cap of 85,000 troops.",
        "id": "a1",
        "published": {"raw": "29 March 2022", "date": "2022-03-29", "precision": "day"},
        "authors": ["A. Writer"],
    }


def _demand() -> dict[str, Any]:
    return {
        "type": "demand",
        "actor": "Russia",
        "metric": "troops",
        "quantity": {"value": 85000, "unit": "personnel", "bound": "max"},
        "evidence": {"article": "a1", "quote": "85,000 troops", "start": 22, "end": 35},
        "confidence": 0.9,
        "producer": {"name": "manual"},
    }


def _position() -> dict[str, Any]:
    return {
        "type": "position",
        "actor": "Russia",
        "issue": "neutrality",
        "stance": "supports",
        "act": "demand",
    }


def _corpus() -> dict[str, Any]:
    return {"schema_version": 1, "articles": [_article()]}


def _findings() -> dict[str, Any]:
    return {"schema_version": 1, "findings": [_position(), _demand()]}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set the key at a dotted path (``articles.0.published.date``)."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]

    return change


BAD_CORPORA = {
    "no schema_version": _drop("schema_version"),
    "schema_version 0": _set("schema_version", 0),
    "a newer schema_version": _set("schema_version", 2),
    "schema_version as text": _set("schema_version", "1"),
    "no articles": _drop("articles"),
    "articles not a list": _set("articles", {"title": "x"}),
    "an unknown top-level key": _set("comment", "hi"),
    "an unknown article key": _set("articles.0.headline", "Talks"),
    "a title that is a number": _set("articles.0.title", 5),
    "an empty id": _set("articles.0.id", " "),
    "authors as one string": _set("articles.0.authors", "A. Writer"),
    "an author that is not text": _set("articles.0.authors", [1]),
    "extra that is a list": _set("articles.0.extra", []),
    "an unknown precision": _set("articles.0.published.precision", "week"),
    "a date without precision": _drop("articles.0.published.precision"),
    "precision without a date": _set("articles.0.published.date", None),
    "unknown precision with a date": _set("articles.0.published.precision", "unknown"),
    "a month that is not on the 1st": _set("articles.0.published.precision", "month"),
    "a year that is not on 1 January": _set(
        "articles.0.published", {"date": "2022-03-01", "precision": "year"}
    ),
    "a date not in ISO form": _set("articles.0.published.date", "29/03/2022"),
    "a date that does not exist": _set("articles.0.published.date", "2022-02-30"),
    "a date with a time": _set("articles.0.published.date", "2022-03-29T10:00"),
}

BAD_FINDINGS = {
    "a finding without type": _drop("findings.0.type"),
    "an unknown type": _set("findings.0.type", "claim"),
    "a position without stance": _drop("findings.0.stance"),
    "an unknown stance": _set("findings.0.stance", "maybe"),
    "an unknown act": _set("findings.0.act", "plead"),
    "an empty actor": _set("findings.0.actor", ""),
    "a position with a quantity": _set("findings.0.quantity", {"value": 1}),
    "a demand without quantity": _drop("findings.1.quantity"),
    "a quantity without a number": _set("findings.1.quantity", {"unit": "km"}),
    "a value that is text": _set("findings.1.quantity.value", "85000"),
    "a value that is a boolean": _set("findings.1.quantity.value", True),
    "an unknown bound": _set("findings.1.quantity.bound", "cap"),
    "a confidence above 1": _set("findings.1.confidence", 1.5),
    "a negative start": _set(
        "findings.1.evidence", {"article": "a1", "quote": "", "start": -1, "end": -1}
    ),
    "an offset that is text": _set("findings.1.evidence.start", "22"),
    "evidence without article": _drop("findings.1.evidence.article"),
    "evidence with the attribute's name": _set("findings.1.evidence.article_id", "a1"),
    "a producer without name": _set("findings.1.producer", {"version": "1"}),
    "an unknown modality": _set("findings.1.modality", "rumoured"),
}


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


class TestInvalidDocuments:
    """A document the schema refuses is one peacetalks refuses to load."""

    def test_the_valid_bases_load(self, tmp_path: Path) -> None:
        """The documents that the cases below break are valid to start with."""
        assert errors(corpus_schema(), _corpus()) == []
        assert errors(findings_schema(), _findings()) == []
        assert len(pt.load(_write(tmp_path / "c.json", _corpus()))) == 1
        assert len(pt.load_findings(_write(tmp_path / "f.json", _findings()))) == 2

    @pytest.mark.parametrize("change", BAD_CORPORA.values(), ids=list(BAD_CORPORA))
    def test_bad_corpus(
        self, tmp_path: Path, change: Callable[[dict[str, Any]], None]
    ) -> None:
        """The schema and `pt.load` both refuse it."""
        document = copy.deepcopy(_corpus())
        change(document)
        assert errors(corpus_schema(), document)
        with pytest.raises(pt.LoadError):
            pt.load(_write(tmp_path / "bad.json", document), format="json")

    @pytest.mark.parametrize("change", BAD_FINDINGS.values(), ids=list(BAD_FINDINGS))
    def test_bad_findings(
        self, tmp_path: Path, change: Callable[[dict[str, Any]], None]
    ) -> None:
        """The schema and `pt.load_findings` both refuse it."""
        document = copy.deepcopy(_findings())
        change(document)
        assert errors(findings_schema(), document)
        with pytest.raises(pt.LoadError):
            pt.load_findings(_write(tmp_path / "bad.json", document), format="json")

    @pytest.mark.parametrize(
        "change",
        [
            _set("articles.0.url", ""),
            _set("articles.0.published", {}),
            _set("articles.0.published", {"raw": "sometime", "precision": "unknown"}),
            _set("articles.0.published", {"date": "2022-03-01", "precision": "month"}),
            _set("articles.0.published", {"date": "2022-01-01", "precision": "year"}),
            _set("articles.0.extra", {"score": [1, {"a": None}]}),
            _drop("articles.0.id"),
            _set("articles", []),
            _set("articles", [{}]),
        ],
    )
    def test_what_both_accept(
        self, tmp_path: Path, change: Callable[[dict[str, Any]], None]
    ) -> None:
        """Defaults, empty optional text and nested extra data are valid to both."""
        document = copy.deepcopy(_corpus())
        change(document)
        assert errors(corpus_schema(), document) == []
        pt.load(_write(tmp_path / "ok.json", document), format="json")
