"""Tests for peacetalks.findings: the Findings sequence and its flat records."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import (
    Article,
    Corpus,
    Demand,
    Finding,
    Findings,
    FormatError,
    Position,
    Precision,
    Producer,
    Published,
    Quantity,
    UnknownNameError,
    ValidationError,
    WriteError,
)
from peacetalks.extract.pipeline import RuleExtractor, resolve_extractor
from peacetalks.extract.positions import PositionFinder
from peacetalks.findings import (
    DEMAND_KEYS,
    POSITION_KEYS,
    RECORD_KEYS,
    describe,
    from_record,
    read_records,
    save_records,
    to_record,
    write_records,
)
from peacetalks.lexicon import name_key
from tests.strategies import findings

FORMATS = ["jsonl", "csv", "json"]

#: Writing files is slow: fewer examples, no deadline, no shrinking.
file_settings = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

ARTICLE = Article(
    title="Talks",
    text=(
        "Moscow wants Kyiv to drop its NATO bid. "
        "Russia demanded to cap Ukraine's army at 85,000 troops."
    ),
    id="a1",
    path="news/a1.txt",
    published=Published("29 March 2022", datetime.date(2022, 3, 29), "day"),
)


def _position() -> Position:
    return Position(
        "Russia",
        "nato_membership",
        "opposes",
        act="demand",
        speaker="Dmitry Peskov",
        date=ARTICLE.published,
        evidence=ARTICLE.evidence(0, 38),
        confidence=0.75,
        producer=Producer("test", "1"),
    )


def _demand() -> Demand:
    start = ARTICLE.text.index("Russia demanded")
    return Demand(
        "Russia",
        "troops",
        Quantity(85_000, unit="personnel", bound="max"),
        target="Ukraine",
        date=ARTICLE.published,
        evidence=ARTICLE.evidence(start, len(ARTICLE.text)),
        producer=Producer("test"),
    )


def _mixed() -> Findings:
    return Findings(
        [
            _position(),
            _demand(),
            Position("Ukraine", "neutrality", "supports", act="offer"),
            Demand("Ukraine", "tanks", Quantity(800, unit="units")),
        ],
        articles={"a1": "news/a1.txt", "a2": None},
    )


def _without_raw_date(finding: Finding) -> Finding:
    date = finding.date
    return attrs.evolve(finding, date=Published(None, date.date, date.precision))


class TestFindings:
    def test_sequence(self) -> None:
        """Findings is an immutable sequence; slices keep the articles."""
        found = _mixed()

        assert len(found) == 4
        assert found[0] == _position()
        assert list(found) == list(found.items)
        assert _demand() in found
        assert found[1:3] == Findings(found.items[1:3], articles=found.articles)
        assert found[1:3].articles == {"a1": "news/a1.txt", "a2": None}
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            found.items = ()  # type: ignore[misc]  # checking that it is frozen

    def test_positions_and_demands(self) -> None:
        """.positions and .demands split the findings, each in order."""
        found = _mixed()

        assert [p.actor for p in found.positions] == ["Russia", "Ukraine"]
        assert [d.metric for d in found.demands] == ["troops", "tanks"]

    def test_repr(self) -> None:
        """The repr counts positions, demands and articles, singular or plural."""
        assert repr(_mixed()) == "<Findings: 2 positions, 2 demands from 2 articles>"
        assert repr(Findings()) == "<Findings: 0 positions, 0 demands>"
        assert (
            repr(Findings([_demand()]))
            == "<Findings: 0 positions, 1 demand from 1 article>"
        )

    def test_default_articles_come_from_evidence(self) -> None:
        """Without articles=, the articles are those the evidence quotes."""
        found = Findings([_position(), Position("a", "b", "supports"), _demand()])

        assert found.articles == {"a1": None}

    def test_equality_and_hash(self) -> None:
        """Equal findings from equal articles are equal, and hash alike."""
        assert _mixed() == _mixed()
        assert hash(_mixed()) == hash(_mixed())
        assert _mixed() != Findings(_mixed().items)
        assert _mixed() != Findings(reversed(_mixed().items), articles={"a1": None})

    def test_only_findings(self) -> None:
        """Anything but positions and demands is refused."""
        with pytest.raises(TypeError, match="got str at 1"):
            Findings([_position(), "x"])  # type: ignore[list-item]  # a wrong type on purpose

    def test_filter(self) -> None:
        """filter keeps what meets every criterion, in order."""
        found = _mixed()

        assert found.filter(actor="Russia").items == (_position(), _demand())
        assert found.filter(actor=["Ukraine"], type="demand").items == (found.items[3],)
        assert found.filter(issue="nato_membership").items == (_position(),)
        assert found.filter(metric={"troops", "tanks"}).items == found.demands
        assert found.filter(issue="neutrality", metric="troops").items == ()
        assert found.filter(article="a1").items == (_position(), _demand())
        assert found.filter(predicate=lambda f: f.confidence < 1).items == (
            _position(),
        )
        assert found.filter().articles == found.articles

    def test_filter_bad_type(self) -> None:
        """An unknown type is an error, not an empty result.

        It was a ValueError; it is now the UnknownNameError (a KeyError) of
        every unknown name, with its suggestion.
        """
        with pytest.raises(
            UnknownNameError, match="unknown type 'positions'; did you mean 'position'"
        ):
            _mixed().filter(type="positions")

    @pytest.mark.slow  # ~3 s: every filter on every generated findings list
    @given(items=st.lists(findings(), max_size=6), actor=st.sampled_from("ab"))
    def test_filter_partitions(self, items: list[Finding], actor: str) -> None:
        """Filtering by type partitions the findings; every filter keeps order."""
        found = Findings(items)
        positions = found.filter(type="position")
        demands = found.filter(type="demand")

        assert positions.items == found.positions
        assert demands.items == found.demands
        assert len(positions) + len(demands) == len(found)
        if name_key(actor) not in {name_key(f.actor) for f in found}:
            # A name that neither the lexicon nor the findings know is an
            # error; names match as the lexicon folds them ("a" finds "A").
            with pytest.raises(UnknownNameError):
                found.filter(actor=actor)
            return
        kept = found.filter(actor=actor)
        others = found.filter(predicate=lambda f: f.actor != actor)
        assert sorted(map(id, [*kept, *others])) == sorted(map(id, found))
        # A subsequence: each kept finding comes after the previous one.
        rest = iter(found)
        assert all(any(f is g for g in rest) for f in kept)

    @file_settings
    @given(items=st.lists(findings(), max_size=4), fmt=st.sampled_from(FORMATS))
    def test_save_load_round_trip(self, items: list[Finding], fmt: str) -> None:
        """save() writes a findings file that load() reads back, losslessly."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"findings.{fmt}"
            found.save(path)

            assert Findings.load(path) == found
            assert pt.load_findings(path) == items


class TestDescribe:
    @pytest.mark.parametrize(
        ("finding", "text"),
        [
            (_position(), "Russia opposes nato_membership (demand, by Dmitry Peskov)"),
            (
                Position("Ukraine", "ceasefire", "supports", modality="hypothetical"),
                "Ukraine supports ceasefire (statement, hypothetical)",
            ),
            (_demand(), "Russia demands troops ≤ 85,000 personnel (target Ukraine)"),
            (
                Demand("Europe", "foreign_force_size", Quantity(10_000, bound="min")),
                "Europe demands foreign_force_size ≥ 10,000",
            ),
            (
                Demand(
                    "Russia",
                    "ceasefire_duration",
                    Quantity(30.5, unit="days", bound="approx"),
                    act="reject",
                    modality="negated",
                ),
                "Russia rejects ceasefire_duration ≈ 30.5 days (negated)",
            ),
            (
                Demand("US", "frozen_assets", Quantity(low=5e10, unit="USD")),
                "US demands frozen_assets = 50,000,000,000 USD",
            ),
        ],
    )
    def test_describe(self, finding: Finding, text: str) -> None:
        """describe says who does what, the number with its bound and unit."""
        assert describe(finding) == text

    def test_describe_with_lexicon(self) -> None:
        """With a lexicon a position says its issue's proposition, then the id;
        an issue the lexicon does not know, and a demand, are said as without."""
        lexicon = pt.Lexicon.default()
        unknown = Position("Ukraine", "river_access", "opposes")

        assert describe(_position(), lexicon=lexicon) == (
            "Russia opposes: Ukraine joins NATO / NATO expands to Ukraine "
            "(nato_membership; demand, by Dmitry Peskov)"
        )
        assert describe(unknown, lexicon=lexicon) == describe(unknown)
        assert describe(_demand(), lexicon=lexicon) == describe(_demand())


class TestRecords:
    def test_position_record(self) -> None:
        """A position's record has exactly the position keys, flat."""
        record = to_record(_position(), path="news/a1.txt")

        assert tuple(record) == POSITION_KEYS
        assert record == {
            "type": "position",
            "article": "a1",
            "path": "news/a1.txt",
            "date": "2022-03-29",
            "actor": "Russia",
            "issue": "nato_membership",
            "stance": "opposes",
            "act": "demand",
            "modality": "asserted",
            "speaker": "Dmitry Peskov",
            "quote": "Moscow wants Kyiv to drop its NATO bid",
            "start": 0,
            "end": 38,
            "confidence": 0.75,
            "producer": "test",
            "producer_version": "1",
        }

    def test_demand_record(self) -> None:
        """A demand's record has exactly the demand keys; whole numbers are ints."""
        record = to_record(_demand())

        assert tuple(record) == DEMAND_KEYS
        assert {k: record[k] for k in DEMAND_KEYS[4:12]} == {
            "actor": "Russia",
            "target": "Ukraine",
            "metric": "troops",
            "value": 85000,
            "low": None,
            "high": None,
            "unit": "personnel",
            "bound": "max",
        }
        assert isinstance(record["value"], int)
        assert record["confidence"] == 1
        assert record["path"] is None
        assert record["producer_version"] is None

    def test_record_keys_are_the_union(self) -> None:
        """The CSV header holds every key of both kinds, each once."""
        assert set(RECORD_KEYS) == set(POSITION_KEYS) | set(DEMAND_KEYS)
        assert len(RECORD_KEYS) == len(set(RECORD_KEYS))
        assert RECORD_KEYS[:4] == ("type", "article", "path", "date")

    def test_article_without_evidence(self) -> None:
        """A finding without evidence takes its article from the caller."""
        record = to_record(Position("a", "b", "supports"), article="x", path="x.txt")

        assert (record["article"], record["path"], record["quote"]) == (
            "x",
            "x.txt",
            None,
        )

    @pytest.mark.parametrize(
        ("label", "precision"),
        [("2022", "year"), ("2022-03", "month"), ("2022-03-29", "day")],
    )
    def test_date_precision_survives(self, label: str, precision: str) -> None:
        """The date label keeps its precision through a record."""
        record = {"type": "position", "actor": "a", "issue": "b", "stance": "opposes"}

        finding = from_record({**record, "date": label})

        assert finding.date.label == label
        assert finding.date.precision is Precision(precision)

    @given(finding=findings())
    def test_round_trip(self, finding: Finding) -> None:
        """from_record(to_record(f)) is f, but for the raw date text."""
        record = to_record(finding, path="p")

        assert from_record(record) == _without_raw_date(finding)
        assert to_record(from_record(record), path="p") == record

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"type": "thing"}, "$.type: must be one of ['demand', 'position']"),
            ({"issue": "neutrality"}, "$.issue: a demand has no 'issue'"),
            ({"colour": "red"}, "$: unknown key 'colour'"),
            ({"value": True}, "$.value: expected a number, got boolean"),
            ({"start": 1.5}, "$.start: expected an integer, got float"),
            ({"actor": 3}, "$.actor: expected a string, got int"),
            ({"bound": "most"}, "$.bound:"),
            ({"value": 10, "low": 20}, "$.value: invalid value"),
            ({"date": "March 2022"}, "$.date: expected a date as YYYY"),
            ({"end": 99}, "$.quote:"),
            ({"article": None}, "$.article: required with a quote"),
            ({"producer": None}, "$.producer: required with a producer_version"),
            ({"confidence": 2}, "$.confidence:"),
            ({"actor": " "}, "$.actor:"),
        ],
    )
    def test_bad_records(self, change: dict[str, Any], message: str) -> None:
        """A bad record names the flat key that is wrong."""
        record = {**to_record(attrs.evolve(_demand(), producer=Producer("x", "1")))}
        record.update(change)

        with pytest.raises(ValidationError) as info:
            from_record(record, file="f.jsonl", line=3)

        assert str(info.value).startswith("f.jsonl:3: ")
        assert any(error.startswith(message) for error in info.value.errors), (
            info.value.errors
        )

    def test_not_an_object(self) -> None:
        """A record must be a JSON object."""
        with pytest.raises(ValidationError, match=r"\$\[2\]: expected a JSON object"):
            from_record([1, 2], where="$[2]")

    def test_defaults_for_missing_keys(self) -> None:
        """Keys a record leaves out take the model's defaults."""
        finding = from_record(
            {"type": "demand", "actor": "Russia", "metric": "tanks", "value": 342}
        )

        assert finding == Demand("Russia", "tanks", Quantity(342))


class TestRecordFiles:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_write_read(self, tmp_path: Path, fmt: str) -> None:
        """save_records writes records that read_records and load read back."""
        path = tmp_path / f"records.{fmt}"
        found = _mixed()

        found.save_records(path)

        back = read_records(path)
        assert back.items == tuple(_without_raw_date(f) for f in found)
        assert back.articles == {"a1": "news/a1.txt"}
        assert Findings.load(path) == back
        assert back.to_records() == found.to_records()

    def test_jsonl_layout(self) -> None:
        """JSON Lines: one record a line, no header line."""
        out = io.StringIO()

        assert write_records(_mixed().to_records(), out, format="jsonl") == 4

        lines = out.getvalue().splitlines()
        assert len(lines) == 4
        assert [tuple(json.loads(line)) for line in lines] == [
            POSITION_KEYS,
            DEMAND_KEYS,
            POSITION_KEYS,
            DEMAND_KEYS,
        ]

    def test_csv_layout(self) -> None:
        """CSV: one header of every key, empty cells for what a record lacks."""
        out = io.StringIO(newline="")

        write_records(_mixed().to_records(), out, format="csv")

        assert out.getvalue().count("\r\n") == 5
        rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
        assert tuple(rows[0]) == RECORD_KEYS
        assert rows[0]["metric"] == ""
        assert rows[1]["issue"] == ""
        assert (rows[1]["value"], rows[1]["low"]) == ("85000", "")

    def test_json_layout(self) -> None:
        """JSON: one array of records, one a line; an empty array for none."""
        out = io.StringIO()
        write_records(_mixed().to_records(), out, format="json")

        assert json.loads(out.getvalue()) == _mixed().to_records()
        assert len(out.getvalue().splitlines()) == 6

        empty = io.StringIO()
        write_records([], empty, format="json")
        assert empty.getvalue() == "[]\n"

    def test_unknown_format(self) -> None:
        """Only jsonl, csv and json are written."""
        with pytest.raises(FormatError, match="unknown format 'xml'"):
            write_records([], io.StringIO(), format="xml")

    @file_settings
    @given(items=st.lists(findings(), max_size=4), fmt=st.sampled_from(FORMATS))
    def test_records_round_trip(self, items: list[Finding], fmt: str) -> None:
        """Any findings survive records in every format, but for raw dates."""
        found = Findings(items)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"records.{fmt}"
            found.save_records(path)

            back = Findings.load(path)

        assert back.items == tuple(_without_raw_date(f) for f in items)
        assert back.to_records() == found.to_records()

    @pytest.mark.parametrize(
        ("name", "content", "where"),
        [
            ("bad.jsonl", '{"type": "position"}\n\n{"type": 1}\n', "bad.jsonl:1: "),
            ("bad.jsonl", '{"type": "demand", "actor": "a", "metric": "m"', ":1: "),
            ("bad.json", '{"type": "demand"}', "bad.json: $: expected a JSON array"),
            ("bad.json", '[{"type": "demand", "value": "x"}]', "$[0].value"),
            ("bad.csv", "type,colour\r\nposition,red\r\n", "unknown columns"),
            ("bad.csv", "actor\r\nRussia\r\n", "no 'type' column"),
            ("bad.csv", "type,start\r\nposition,x\r\n", "bad.csv:2: $.start: cannot"),
            ("bad.csv", 'type,actor\r\n"position,a\r\n', "malformed CSV"),
            ("cut.csv", "type,actor\r\nposition,Rus", "cut.csv:2: the last row"),
        ],
    )
    def test_bad_files(
        self, tmp_path: Path, name: str, content: str, where: str
    ) -> None:
        """A bad file of records names the file, line or index, and key."""
        path = tmp_path / name
        path.write_text(content, encoding="utf-8", newline="")

        with pytest.raises(pt.LoadError) as info:
            read_records(path)

        assert where in str(info.value)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a FormatError naming it."""
        with pytest.raises(FormatError, match=r"missing\.jsonl: cannot read"):
            read_records(tmp_path / "missing.jsonl")

    def test_save_records_streams(self, tmp_path: Path) -> None:
        """save_records takes any iterable of records and counts what it wrote."""
        path = tmp_path / "out.ndjson"
        records = (to_record(f) for f in _mixed())

        assert save_records(records, path) == 4

        assert [json.loads(line)["type"] for line in path.read_text().splitlines()] == [
            "position",
            "demand",
            "position",
            "demand",
        ]

    def test_save_records_is_atomic(self, tmp_path: Path) -> None:
        """A failed write leaves an existing file as it was."""
        path = tmp_path / "out.jsonl"
        path.write_text("precious", encoding="utf-8")
        bad = Findings([Position("a", "b", "supports", speaker="\ud800")])

        with pytest.raises(WriteError):
            bad.save_records(path)

        assert path.read_text(encoding="utf-8") == "precious"
        assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_empty(self, tmp_path: Path, fmt: str) -> None:
        """No findings is an empty file of records, read back as empty."""
        path = tmp_path / f"none.{fmt}"
        Findings().save_records(path)

        assert Findings.load(path) == Findings()


class TestExtract:
    def test_article_extract(self) -> None:
        """Article.extract returns the article's findings, in text order."""
        found = ARTICLE.extract()

        assert isinstance(found, Findings)
        assert found.articles == {"a1": "news/a1.txt"}
        assert found.demands == (
            attrs.evolve(
                _demand(),
                evidence=found.demands[0].evidence,
                confidence=found.demands[0].confidence,
                producer=found.demands[0].producer,
            ),
        )
        assert found.demands[0].evidence is not None
        assert found.demands[0].evidence.matches(ARTICLE)

    def test_corpus_extract_in_order(self) -> None:
        """Corpus.extract lists findings by article, then by text position."""
        corpus = pt.datasets.sample()

        found = corpus.extract()

        assert list(found.articles) == list(corpus.ids)
        assert found.articles[corpus[2].id] == "sample/002_de5fcd0c532bc2fc.txt"
        ids = [f.evidence.article_id for f in found if f.evidence is not None]
        assert ids == sorted(ids, key=corpus.ids.index)
        assert [(d.actor, d.metric, d.quantity.value) for d in found.demands] == [
            ("Russia", "territory_share", 20.0),
            ("Russia", "troops", 85000.0),
            ("Russia", "tanks", 342.0),
            ("Russia", "missile_range", 40.0),
            ("Ukraine", "troops", 250000.0),
            ("Ukraine", "tanks", 800.0),
            ("Ukraine", "missile_range", 280.0),
        ]
        assert found == Findings(
            [f for a in corpus for f in RuleExtractor().extract(a)],
            articles={a.id: a.path for a in corpus},
        )

    def test_one_extractor_for_the_corpus(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Corpus.extract builds one RuleExtractor, not one per article."""
        built: list[RuleExtractor] = []
        original = RuleExtractor.__init__

        def counting(self: RuleExtractor, lexicon: pt.Lexicon | None = None) -> None:
            built.append(self)
            original(self, lexicon)

        monkeypatch.setattr(RuleExtractor, "__init__", counting)

        pt.datasets.sample().extract(pt.Lexicon.default())

        assert len(built) == 1

    def test_default_extractor_is_shared(self) -> None:
        """Without lexicon or extractor, one default extractor is reused."""
        assert resolve_extractor() is resolve_extractor()
        assert resolve_extractor(None, RuleExtractor()) is not resolve_extractor()

    def test_lexicon_and_extractor(self) -> None:
        """An extractor for another lexicon cannot be combined with a lexicon."""
        other = pt.Lexicon.from_dict({"name": "other"})

        with pytest.raises(ValueError, match="not both"):
            ARTICLE.extract(pt.Lexicon.default(), extractor=RuleExtractor(other))
        assert ARTICLE.extract(other) == Findings(articles={"a1": "news/a1.txt"})

    def test_positions_come_first_at_a_span(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Positions are merged with demands in text order."""
        late = _position()
        early = attrs.evolve(late, evidence=ARTICLE.evidence(0, 5))
        monkeypatch.setattr(PositionFinder, "read", lambda self, doc: [late, early])

        found = Corpus([ARTICLE]).extract()

        assert [type(f).__name__ for f in found] == ["Position", "Position", "Demand"]
        assert found[0] == early
