"""Tests for peacetalks.evaluate: reading gold annotations and scoring against them."""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Article, Demand, Position, Quantity
from peacetalks.datasets import sample
from peacetalks.errors import DecodeError, FieldValueError, FormatError, ValidationError
from peacetalks.evaluate import (
    VALUE_TOLERANCE,
    Evaluation,
    GoldItem,
    Score,
    evaluate,
    evaluate_corpus,
    read_gold,
)
from peacetalks.extract.explain import ExplainByExtracting
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.positions import PositionFinder

# The gold annotations of the bundled sample, copied from the project notes.
SEEDS = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"
FIXTURES = Path(__file__).parent / "fixtures" / "gold"
LEXICONS = Path(__file__).parent / "fixtures" / "lexicons"


def position(
    actor: str = "Russia", issue: str = "neutrality", stance: str = "supports"
) -> GoldItem:
    return GoldItem("a.txt", "position", actor, issue=issue, stance=stance)


def demand(
    actor: str = "Russia", metric: str = "troops", value: float = 85_000
) -> GoldItem:
    return GoldItem("a.txt", "demand", actor, metric=metric, value=value)


def found(*items: GoldItem) -> list[Position | Demand]:
    return [item.to_finding() for item in items]


def write_lines(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


POSITION_LINE = {
    "file": "a.txt",
    "type": "position",
    "actor": "Ukraine",
    "issue": "neutrality",
    "stance": "supports",
}
DEMAND_LINE = {
    "file": "a.txt",
    "type": "demand",
    "actor": "Russia",
    "metric": "troops",
    "value": 85000,
}


# -- strategies --------------------------------------------------------------------

_names = st.sampled_from(["Russia", "Ukraine", "NATO"])
_files = st.sampled_from(["a.txt", "b.txt", "c.txt"])


def _gold_positions() -> st.SearchStrategy[GoldItem]:
    return st.builds(
        GoldItem,
        _files,
        st.just("position"),
        _names,
        issue=st.sampled_from(["neutrality", "ceasefire", "nato_membership"]),
        stance=st.sampled_from(["supports", "opposes"]),
        act=st.none() | st.sampled_from(["demand", "offer"]),
    )


def _gold_demands() -> st.SearchStrategy[GoldItem]:
    return st.builds(
        GoldItem,
        _files,
        st.just("demand"),
        _names,
        metric=st.sampled_from(["troops", "tanks"]),
        value=st.floats(-1e12, 1e12, allow_nan=False) | st.integers(0, 10**6),
        unit=st.none() | st.just("units"),
    )


def gold_items() -> st.SearchStrategy[list[GoldItem]]:
    return st.lists(_gold_positions() | _gold_demands(), max_size=25)


def scores() -> st.SearchStrategy[Score]:
    counts = st.integers(0, 1000)
    return st.builds(Score, counts, counts, counts)


def as_found(gold: list[GoldItem]) -> dict[str, list[Position | Demand]]:
    result: dict[str, list[Position | Demand]] = {}
    for item in gold:
        result.setdefault(item.file, []).append(item.to_finding())
    return result


def measures(score: Score) -> tuple[float, float, float]:
    return score.precision, score.recall, score.f1


# -- tests -------------------------------------------------------------------------


class TestScore:
    @pytest.mark.parametrize(
        ("score", "expected"),
        [
            (Score(), (1.0, 1.0, 1.0)),
            (Score(0, 0, 3), (1.0, 0.0, 0.0)),
            (Score(0, 2, 0), (0.0, 1.0, 0.0)),
            (Score(0, 2, 3), (0.0, 0.0, 0.0)),
            (Score(4, 0, 0), (1.0, 1.0, 1.0)),
            (Score(1, 1, 0), (0.5, 1.0, 2 / 3)),
            (Score(3, 1, 2), (0.75, 0.6, 2 * 0.75 * 0.6 / 1.35)),
        ],
    )
    def test_measures(self, score: Score, expected: tuple[float, ...]) -> None:
        """Precision, recall and F1 follow the documented formulas and 0/0 cases."""
        assert measures(score) == pytest.approx(expected)

    @pytest.mark.parametrize("bad", [-1, True, 1.0])
    def test_rejects_bad_counts(self, bad: Any) -> None:
        """A count must be a non-negative int."""
        with pytest.raises(FieldValueError):
            Score(bad, 0, 0)

    def test_add_other_type(self) -> None:
        """Adding something that is not a Score is a TypeError."""
        with pytest.raises(TypeError):
            Score() + 1  # type: ignore[operator]

    def test_sum(self) -> None:
        """Score() is the zero of addition, so sum() micro-averages."""
        total = sum([Score(1, 2, 3), Score(4, 5, 6)], Score())
        assert total == Score(5, 7, 9)

    @given(scores(), scores(), scores())
    def test_add_associative(self, a: Score, b: Score, c: Score) -> None:
        """Score addition is associative."""
        assert (a + b) + c == a + (b + c)

    @given(scores(), scores())
    def test_add_commutative(self, a: Score, b: Score) -> None:
        """Score addition is commutative."""
        assert a + b == b + a

    @given(scores())
    def test_measures_in_unit_interval(self, score: Score) -> None:
        """Precision, recall and F1 are always between 0 and 1."""
        assert all(0.0 <= m <= 1.0 for m in measures(score))

    def test_to_dict(self) -> None:
        """to_dict gives counts and measures as JSON data."""
        data = Score(1, 1, 0).to_dict()
        assert data["true_positives"] == 1
        assert data["precision"] == 0.5
        json.dumps(data)


class TestGoldItem:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"type": "claim", "issue": "x", "stance": "supports"}, "type"),
            ({"type": "position", "stance": "supports"}, "issue"),
            ({"type": "position", "issue": "x"}, "stance"),
            ({"type": "position", "issue": "x", "stance": "maybe"}, "stance"),
            (
                {"type": "position", "issue": "x", "stance": "opposes", "act": "x"},
                "act",
            ),
            ({"type": "demand", "value": 1.0}, "metric"),
            ({"type": "demand", "metric": "troops"}, "value"),
            ({"type": "demand", "metric": "troops", "value": float("inf")}, "value"),
            ({"type": "demand", "metric": "troops", "value": 1, "actor": " "}, "actor"),
        ],
    )
    def test_invalid(self, fields: dict[str, Any], field: str) -> None:
        """A gold item missing what its type needs is rejected, naming the field."""
        fields = {"file": "a.txt", "actor": "Russia", **fields}
        with pytest.raises(FieldValueError) as info:
            GoldItem(**fields)
        assert info.value.field == field

    def test_to_finding_position(self) -> None:
        """A position item becomes the Position with its actor, issue and stance."""
        item = GoldItem("a.txt", "position", "Ukraine", issue="x", stance="opposes")
        assert item.to_finding() == Position("Ukraine", "x", "opposes")

    def test_to_finding_demand(self) -> None:
        """A demand item becomes the Demand with its value and unit."""
        item = GoldItem(
            "a", "demand", "Russia", metric="tanks", value=342, unit="units"
        )
        assert item.to_finding() == Demand(
            "Russia", "tanks", Quantity(342, unit="units")
        )


class TestReadGold:
    def test_seeds(self) -> None:
        """The bundled seeds read as 61 positions and 7 demands over 5 articles."""
        gold = read_gold(SEEDS)
        assert len(gold) == 68
        assert Counter(item.type for item in gold) == {"position": 61, "demand": 7}
        assert len({item.file for item in gold}) == 5
        assert [item.line for item in gold] == list(range(1, 69))

    def test_seeds_distinct_keys(self) -> None:
        """Evaluated as sets, the seeds hold 52 distinct positions and 7 demands."""
        gold = read_gold(SEEDS)
        result = evaluate({}, gold)
        assert result.positions == Score(0, 0, 52)
        assert result.demands == Score(0, 0, 7)
        assert len(result.misses) == 59

    def test_seeds_against_themselves(self) -> None:
        """The seeds, found exactly, score 1.0 everywhere."""
        gold = read_gold(SEEDS)
        result = evaluate(as_found(gold), gold)
        assert measures(result.overall) == (1.0, 1.0, 1.0)
        assert result.misses == ()
        assert result.false_hits == ()

    def test_fields(self, tmp_path: Path) -> None:
        """Known keys fill the item; unknown and other-type keys are ignored."""
        lines = [
            json.dumps({**POSITION_LINE, "act": "offer", "quote": "q", "extra": 1}),
            "",
            json.dumps(
                {**DEMAND_LINE, "unit": "personnel", "issue": "x", "bound": "max"}
            ),
        ]
        gold = read_gold(write_lines(tmp_path, lines))
        assert gold == [
            GoldItem(
                "a.txt",
                "position",
                "Ukraine",
                issue="neutrality",
                stance="supports",
                act="offer",
                quote="q",
                line=1,
            ),
            GoldItem(
                "a.txt",
                "demand",
                "Russia",
                metric="troops",
                value=85000.0,
                unit="personnel",
                line=3,
            ),
        ]

    def test_bom(self, tmp_path: Path) -> None:
        """A byte-order mark at the start of the file is allowed."""
        path = tmp_path / "gold.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(POSITION_LINE).encode())
        assert len(read_gold(path)) == 1

    def test_empty(self, tmp_path: Path) -> None:
        """An empty file holds no gold items."""
        assert read_gold(write_lines(tmp_path, [])) == []

    @pytest.mark.parametrize(
        ("bad", "message"),
        [
            ("[1, 2]", "$: expected a JSON object"),
            ({**POSITION_LINE, "type": "claim"}, "$.type: must be one of"),
            ({k: v for k, v in POSITION_LINE.items() if k != "file"}, "$.file"),
            ({**POSITION_LINE, "actor": None}, "$.actor: required"),
            ({**POSITION_LINE, "actor": 3}, "$.actor: expected a string"),
            ({k: v for k, v in POSITION_LINE.items() if k != "stance"}, "$.stance"),
            ({**POSITION_LINE, "stance": "maybe"}, "$.stance"),
            ({**POSITION_LINE, "act": "shrug"}, "$.act"),
            ({k: v for k, v in DEMAND_LINE.items() if k != "value"}, "$.value"),
            ({**DEMAND_LINE, "value": "85000"}, "$.value: expected a number"),
            ({**DEMAND_LINE, "value": True}, "$.value: expected a number"),
            ({**DEMAND_LINE, "value": 10**400}, "$.value: the number is too large"),
            ({**DEMAND_LINE, "metric": ""}, "$.metric"),
            ({**DEMAND_LINE, "quote": ["x"]}, "$.quote: expected a string"),
        ],
    )
    def test_invalid_line(
        self, tmp_path: Path, bad: dict[str, Any] | str, message: str
    ) -> None:
        """A bad line raises ValidationError naming the path, the line and the key."""
        text = bad if isinstance(bad, str) else json.dumps(bad)
        path = write_lines(tmp_path, [json.dumps(POSITION_LINE), text])
        with pytest.raises(ValidationError) as info:
            read_gold(path)
        assert info.value.path == str(path)
        assert info.value.line == 2
        assert message in str(info.value)

    @pytest.mark.parametrize(
        "raw", [b'{"file": "a.txt",\n', b'{"value": NaN}\n', b'"\xff"\n']
    )
    def test_undecodable_line(self, tmp_path: Path, raw: bytes) -> None:
        """Invalid JSON or UTF-8 raises DecodeError naming path and line."""
        path = tmp_path / "gold.jsonl"
        path.write_bytes(json.dumps(POSITION_LINE).encode() + b"\n" + raw)
        with pytest.raises(DecodeError) as info:
            read_gold(path)
        assert (info.value.path, info.value.line) == (str(path), 2)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read raises FormatError naming it."""
        with pytest.raises(FormatError, match="cannot read"):
            read_gold(tmp_path / "nope.jsonl")

    def test_fixture(self) -> None:
        """The small fixture, with extra keys and a blank line, reads as 3 items."""
        gold = read_gold(FIXTURES / "small.jsonl")
        assert [(item.type, item.line) for item in gold] == [
            ("position", 1),
            ("position", 2),
            ("demand", 4),
        ]


class TestEvaluate:
    def test_perfect(self) -> None:
        """Finding exactly the gold scores 1.0 with no mistakes."""
        gold = [position(), demand()]
        result = evaluate({"a.txt": found(*gold)}, gold)
        assert result.positions == Score(1, 0, 0)
        assert result.demands == Score(1, 0, 0)
        assert result.misses == ()
        assert result.false_hits == ()

    def test_nothing_at_all(self) -> None:
        """No gold and nothing found: nothing judged, scores are 1.0 (0/0)."""
        result = evaluate({}, [])
        assert measures(result.overall) == (1.0, 1.0, 1.0)
        assert result.per_article == {}

    def test_nothing_found(self) -> None:
        """An article in gold but not in found misses all its items."""
        gold = [position(), demand(), demand(value=1)]
        result = evaluate({}, gold)
        assert result.overall == Score(0, 0, 3)
        assert result.misses == tuple(gold)
        assert measures(result.overall) == (1.0, 0.0, 0.0)

    def test_empty_found_list(self) -> None:
        """An article found with no items is the same as one not found."""
        gold = [position()]
        assert evaluate({"a.txt": []}, gold) == evaluate({}, gold)

    def test_all_wrong(self) -> None:
        """Items that match no key are all false hits, and gold all misses."""
        gold = [position(), demand()]
        wrong = found(
            position(stance="opposes"),
            position(actor="Ukraine"),
            position(issue="ceasefire"),
            demand(value=85_001),
            demand(metric="tanks"),
            demand(actor="Ukraine"),
        )
        result = evaluate({"a.txt": wrong}, gold)
        assert result.positions == Score(0, 3, 1)
        assert result.demands == Score(0, 3, 1)
        assert measures(result.overall) == (0.0, 0.0, 0.0)
        assert set(result.false_hits) == set(wrong)
        assert result.misses == tuple(gold)

    def test_partial(self) -> None:
        """A mix of hits, misses and false hits is counted per type."""
        gold = [position(), position(issue="ceasefire"), demand(), demand(value=342)]
        extra = position(actor="NATO")
        result = evaluate({"a.txt": found(gold[0], gold[2], extra)}, gold)
        assert result.positions == Score(1, 1, 1)
        assert result.demands == Score(1, 0, 1)
        assert result.misses == (gold[1], gold[3])
        assert result.false_hits == (extra.to_finding(),)

    def test_duplicates_count_once(self) -> None:
        """Duplicate keys on either side count once; the first is reported."""
        first = GoldItem("a.txt", "position", "Russia", issue="x", stance="supports")
        second = GoldItem(
            "a.txt", "position", "Russia", issue="x", stance="supports", quote="q"
        )
        gold = [first, second, demand(), demand()]
        result = evaluate({"b.txt": []}, gold)
        assert result.overall == Score(0, 0, 2)
        assert result.misses == (first, gold[2])
        twice = found(first, first, demand(), demand())
        result = evaluate({"a.txt": twice}, gold)
        assert result.overall == Score(2, 0, 0)

    def test_duplicate_false_hits_count_once(self) -> None:
        """The same wrong item found twice is one false hit."""
        wrong = found(position(actor="NATO")) * 2 + found(demand(value=1)) * 2
        result = evaluate({"a.txt": wrong}, [position()])
        assert result.overall == Score(0, 2, 1)
        assert len(result.false_hits) == 2

    def test_position_key(self) -> None:
        """Act, modality, speaker and confidence are not part of a position's key."""
        gold = [position()]
        hit = Position(
            "Russia",
            "neutrality",
            "supports",
            act="reject",
            modality="hypothetical",
            speaker="Peskov",
            confidence=0.1,
        )
        assert evaluate({"a.txt": [hit]}, gold).positions == Score(1, 0, 0)

    def test_demand_key(self) -> None:
        """Unit, bound and target are not part of a demand's key."""
        gold = [demand()]
        hit = Demand(
            "Russia",
            "troops",
            Quantity(85_000, unit="soldiers", bound="approx"),
            target="Moldova",
        )
        assert evaluate({"a.txt": [hit]}, gold).demands == Score(1, 0, 0)

    @pytest.mark.parametrize(
        ("gold_value", "found_value", "hit"),
        [
            (85_000, 85_000.0, True),
            (85_000, 85_000 * (1 + VALUE_TOLERANCE / 2), True),
            (85_000, 85_000 * (1 + VALUE_TOLERANCE * 10), False),
            (85_000, 85_001, False),
            (0.1 + 0.2, 0.3, True),
            (0, 0.0, True),
            (0, 1e-300, False),
            (-5, 5, False),
        ],
    )
    def test_value_tolerance(
        self, gold_value: float, found_value: float, hit: bool
    ) -> None:
        """Values match within a relative tolerance of 1e-9, and not beyond."""
        result = evaluate(
            {"a.txt": found(demand(value=found_value))}, [demand(value=gold_value)]
        )
        assert result.demands == (Score(1, 0, 0) if hit else Score(0, 1, 1))

    def test_close_values_match_once(self) -> None:
        """Two found values within tolerance of one gold value give one hit."""
        near = 85_000 * (1 + VALUE_TOLERANCE / 4)
        result = evaluate(
            {"a.txt": found(demand(value=85_000), demand(value=near))}, [demand()]
        )
        assert result.demands == Score(1, 0, 0)

    def test_range_is_judged_on_midpoint(self) -> None:
        """A found range is compared by its midpoint."""
        ranged = Demand("Russia", "troops", Quantity(low=80_000, high=90_000))
        assert evaluate({"a.txt": [ranged]}, [demand()]).demands == Score(1, 0, 0)

    @pytest.mark.parametrize(
        ("gold_file", "found_name"),
        [
            ("000_x.txt", "000_x.txt"),
            ("000_x.txt", "sample/000_x.txt"),
            ("000_x.txt", "/abs/path/to/000_x.txt"),
            ("000_x.txt", "C:\\corpus\\000_x.txt"),
            ("seeds/000_x.txt", "000_x.txt"),
            ("seeds/000_x.txt", "other/000_x.txt"),
        ],
    )
    def test_file_names(self, gold_file: str, found_name: str) -> None:
        """Articles are matched by base name, whatever their directories."""
        gold = [GoldItem(gold_file, "position", "Russia", issue="x", stance="opposes")]
        result = evaluate({found_name: found(*gold)}, gold)
        assert result.positions == Score(1, 0, 0)
        assert list(result.per_article) == ["000_x.txt"]

    @pytest.mark.parametrize(
        ("gold_file", "found_name"),
        [("000_x.txt", "000_x"), ("000_x.txt", "000_X.txt"), ("a/000_x.txt", "a")],
    )
    def test_file_names_differ(self, gold_file: str, found_name: str) -> None:
        """Different base names are different articles."""
        gold = [GoldItem(gold_file, "position", "Russia", issue="x", stance="opposes")]
        result = evaluate({found_name: found(*gold)}, gold)
        assert result.positions == Score(0, 0, 1)
        assert result.unannotated == (found_name,)

    def test_ambiguous_base_names(self) -> None:
        """Two found articles with one base name are refused."""
        with pytest.raises(ValueError, match=r"base name 'a\.txt'"):
            evaluate({"x/a.txt": [], "y/a.txt": []}, [position()])

    def test_not_a_finding(self) -> None:
        """Anything but positions and demands in found is a TypeError."""
        with pytest.raises(TypeError, match="GoldItem"):
            evaluate({"a.txt": [position()]}, [])  # type: ignore[list-item]

    def test_unannotated_articles_are_not_judged(self) -> None:
        """Found articles that gold does not cover are listed, not scored."""
        gold = [position()]
        result = evaluate(
            {"a.txt": found(*gold), "dir/b.txt": found(demand(), position("NATO"))},
            gold,
        )
        assert result.overall == Score(1, 0, 0)
        assert result.unannotated == ("b.txt",)
        assert "1 without gold annotations not judged" in result.summary()

    def test_per_article(self) -> None:
        """Each gold article gets its own (positions, demands) score."""
        a = position()
        b = GoldItem("b.txt", "demand", "Russia", metric="tanks", value=342)
        result = evaluate({"a.txt": found(a)}, [a, b])
        assert result.per_article == {
            "a.txt": (Score(1, 0, 0), Score()),
            "b.txt": (Score(), Score(0, 0, 1)),
        }

    def test_demand_gold_judges_positions_too(self) -> None:
        """An annotated article's positions are judged even if gold has only demands."""
        result = evaluate({"a.txt": found(position())}, [demand()])
        assert result.per_article["a.txt"] == (Score(0, 1, 0), Score(0, 0, 1))

    def test_to_dict(self) -> None:
        """to_dict is JSON data with scores, articles, misses and false hits."""
        gold = [position(), demand()]
        result = evaluate({"a.txt": found(position("NATO")), "z.txt": []}, gold)
        data = json.loads(json.dumps(result.to_dict()))
        assert data["overall"]["false_negatives"] == 2
        assert data["per_article"]["a.txt"]["positions"]["false_positives"] == 1
        assert data["misses"][0] == {
            "file": "a.txt",
            "type": "position",
            "actor": "Russia",
            "issue": "neutrality",
            "stance": "supports",
            "line": 0,
        }
        assert data["false_hits"][0]["type"] == "position"
        assert data["false_hits"][0]["actor"] == "NATO"
        assert data["unannotated"] == ["z.txt"]

    def test_summary(self) -> None:
        """The summary is a table with a row per type and a total row."""
        result = evaluate({"a.txt": found(position())}, [position(), demand()])
        lines = result.summary().splitlines()
        assert lines[0].split() == ["type", "P", "R", "F1", "TP", "FP", "FN"]
        assert lines[1].split() == [
            "positions",
            "1.000",
            "1.000",
            "1.000",
            "1",
            "0",
            "0",
        ]
        assert lines[2].split() == ["demands", "1.000", "0.000", "0.000", "0", "0", "1"]
        assert lines[3].split()[0] == "all"
        assert lines[4] == "1 article judged"


class TestEvaluateLaws:
    @given(gold_items())
    def test_gold_against_itself(self, gold: list[GoldItem]) -> None:
        """Gold found exactly scores 1.0 in precision, recall and F1."""
        result = evaluate(as_found(gold), gold)
        for score in (result.positions, result.demands, result.overall):
            assert measures(score) == (1.0, 1.0, 1.0)
        assert result.misses == ()
        assert result.false_hits == ()

    @given(gold_items(), gold_items(), _gold_positions() | _gold_demands())
    def test_false_hit_never_raises_precision(
        self, gold: list[GoldItem], extracted: list[GoldItem], extra: GoldItem
    ) -> None:
        """Adding a found item that gold lacks never raises precision."""
        wrong = GoldItem(
            extra.file,
            extra.type,
            "Nobody",  # not an actor the gold strategies use
            issue=extra.issue,
            stance=extra.stance,
            metric=extra.metric,
            value=extra.value,
        )
        before = evaluate(as_found(extracted), gold)
        after = evaluate(as_found([*extracted, wrong]), gold)
        assert after.overall.precision <= before.overall.precision
        assert after.overall.recall == before.overall.recall

    @given(gold_items(), gold_items(), st.data())
    def test_removing_never_raises_recall(
        self, gold: list[GoldItem], extracted: list[GoldItem], data: st.DataObject
    ) -> None:
        """Removing a found item never raises recall."""
        extracted = extracted + gold[: len(gold) // 2]
        if not extracted:
            return
        index = data.draw(st.integers(0, len(extracted) - 1))
        fewer = extracted[:index] + extracted[index + 1 :]
        before = evaluate(as_found(extracted), gold)
        after = evaluate(as_found(fewer), gold)
        assert after.overall.recall <= before.overall.recall

    @given(gold_items(), gold_items())
    def test_measures_in_unit_interval(
        self, gold: list[GoldItem], extracted: list[GoldItem]
    ) -> None:
        """Every score's P, R and F1 lie in [0, 1], and misses match the counts."""
        result = evaluate(as_found(extracted), gold)
        scores = [result.positions, result.demands, result.overall]
        scores += [s for pair in result.per_article.values() for s in pair]
        for score in scores:
            assert all(0.0 <= m <= 1.0 for m in measures(score))
        assert len(result.misses) == result.overall.false_negatives
        assert len(result.false_hits) == result.overall.false_positives

    @given(gold_items(), gold_items())
    def test_micro_average(
        self, gold: list[GoldItem], extracted: list[GoldItem]
    ) -> None:
        """The totals are the sums of the per-article scores."""
        result = evaluate(as_found(extracted), gold)
        pairs = list(result.per_article.values())
        assert sum((p for p, _ in pairs), Score()) == result.positions
        assert sum((d for _, d in pairs), Score()) == result.demands

    @given(
        gold_items(),
        gold_items(),
        st.sets(st.sampled_from(["neutrality", "ceasefire"])),
        st.sets(st.sampled_from(["troops", "tanks"])),
    )
    def test_vocabulary_partitions_the_gold(
        self,
        gold: list[GoldItem],
        extracted: list[GoldItem],
        issues: set[str],
        metrics: set[str],
    ) -> None:
        """Gold outside the vocabulary is unscored; the rest is scored as alone.

        The unscored items are exactly those outside it, and scoring with
        the vocabulary equals scoring the gold inside it without one.
        """
        inside = [
            item
            for item in gold
            if (
                item.issue in issues
                if item.type == "position"
                else item.metric in metrics
            )
        ]
        result = evaluate(as_found(extracted), gold, issues=issues, metrics=metrics)
        alone = evaluate(as_found(extracted), inside)
        assert sorted(map(repr, result.unscored)) == sorted(
            repr(item) for item in gold if item not in inside
        )
        assert sorted(map(repr, result.misses)) == sorted(map(repr, alone.misses))
        for name, scores in alone.per_article.items():
            assert result.per_article[name] == scores

    @given(gold_items())
    def test_order_does_not_matter(self, gold: list[GoldItem]) -> None:
        """Scores do not depend on the order of gold or found items."""
        half = as_found(gold[::2])
        reversed_found = {name: items[::-1] for name, items in half.items()}
        a = evaluate(half, gold)
        b = evaluate(reversed_found, gold[::-1])
        assert (a.positions, a.demands) == (b.positions, b.demands)
        assert isinstance(a, Evaluation)


def _no_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make position extraction find nothing, so scores depend on demands only."""
    monkeypatch.setattr(PositionFinder, "candidates", lambda self, doc: [])


class TestEvaluateCorpus:
    def test_sample_against_seeds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The sample's demands match the seeds' gold exactly; by base name."""
        _no_positions(monkeypatch)

        result = evaluate_corpus(pt.datasets.sample(), SEEDS)

        gold = read_gold(SEEDS)
        assert result.demands == Score(7, 0, 0)
        keys = {(i.file, i.actor, i.issue, i.stance) for i in gold if i.issue}
        assert result.positions == Score(0, 0, len(keys))
        assert set(result.per_article) == {Path(a.path or "").name for a in sample()}
        assert result.unannotated == ()

    def test_gold_items_and_extractor(self) -> None:
        """Gold may be items; an Extractor may be given to reuse."""
        gold = [
            GoldItem(
                "002_de5fcd0c532bc2fc.txt",
                "demand",
                "Ukraine",
                metric="tanks",
                value=800,
            ),
            GoldItem(
                "002_de5fcd0c532bc2fc.txt",
                "demand",
                "Ukraine",
                metric="tanks",
                value=900,
            ),
        ]
        corpus = pt.datasets.sample().filter(outlet="Bloomberg")

        result = evaluate_corpus(corpus, gold, extractor=RuleExtractor())

        assert result.demands == Score(1, 6, 1)
        assert [item.value for item in result.misses] == [900]
        assert {d.metric for d in result.false_hits if isinstance(d, Demand)} == {
            "troops",
            "tanks",
            "missile_range",
            "territory_share",
        }

    def test_gold_outside_the_lexicon_is_not_scored(self) -> None:
        """Issues and metrics the lexicon lacks are listed, not missed.

        The rule engine cannot find an issue its lexicon does not name; the
        summary says how many gold items were left out.  Another extractor
        is scored on every item.
        """
        name = "002_de5fcd0c532bc2fc.txt"
        gold = [
            GoldItem(name, "demand", "Ukraine", metric="tanks", value=800),
            GoldItem(name, "demand", "Ukraine", metric="other:bridges", value=3),
            GoldItem(
                name, "position", "Ukraine", issue="other:grain", stance="supports"
            ),
        ]
        corpus = pt.datasets.sample().filter(outlet="Bloomberg")

        result = evaluate_corpus(corpus, gold)

        assert result.demands.true_positives == 1
        assert result.demands.false_negatives == 0
        assert result.positions.false_negatives == 0
        assert [(i.metric, i.issue) for i in result.unscored] == [
            ("other:bridges", None),
            (None, "other:grain"),
        ]
        assert "2 gold items outside the lexicon's issues and metrics" in (
            result.summary()
        )
        assert result.to_dict()["unscored"][0]["metric"] == "other:bridges"

        class Everything(ExplainByExtracting):
            """Not the rule engine: the evaluation cannot know its vocabulary."""

            producer = pt.Producer("everything", "1")

            def extract(self, article: Article) -> list[pt.Finding]:
                return RuleExtractor().extract(article)

        other = evaluate_corpus(corpus, gold, extractor=Everything())
        assert other.unscored == ()
        assert other.demands.false_negatives == 1

    def test_article_without_path(self) -> None:
        """An article without a path goes by its id: not judged."""
        article = Article(title="t", text="Russia wants to cap the army at 85,000.")

        result = evaluate_corpus([article], [demand()])

        assert result.unannotated == (article.id,)
        assert result.demands == Score(0, 0, 1)

    def test_same_file_name_twice(self) -> None:
        """Two articles with the same path cannot be told apart."""
        a = Article(title="a", text="x", path="news/a.txt")
        b = Article(title="b", text="y", path="news/a.txt")

        with pytest.raises(ValueError, match="two articles have the file name"):
            evaluate_corpus([a, b], [demand()])

    def test_bad_gold_path(self, tmp_path: Path) -> None:
        """A gold path is read with read_gold, which names the bad line."""
        path = tmp_path / "gold.jsonl"
        path.write_text('{"file": "a.txt", "type": "demand"}\n', encoding="utf-8")

        with pytest.raises(ValidationError, match=r"gold\.jsonl:1: \$\.actor"):
            evaluate_corpus(pt.datasets.sample(), str(path))


def _copies(count: int) -> tuple[list[Article], list[GoldItem]]:
    """``count`` copies of the sample and of its seeds' gold, renamed apart.

    Copy ``n`` of ``sample/000_x.txt`` is ``sample/n_000_x.txt``, and its
    gold items are the seeds' with the same file name: more articles than
    one chunk of `extract_stream` holds, each judged against its own gold.
    """
    articles = [
        article.replace(path=f"sample/{n}_{Path(article.path or '').name}")
        for n in range(count)
        for article in sample()
    ]
    seeds = read_gold(SEEDS)
    gold = [
        GoldItem(
            f"{n}_{item.file}",
            item.type,
            item.actor,
            issue=item.issue,
            stance=item.stance,
            act=item.act,
            metric=item.metric,
            value=item.value,
            line=item.line,
        )
        for n in range(count)
        for item in seeds
    ]
    return articles, gold


@pytest.mark.slow  # process pools
class TestEvaluateCorpusWorkers:
    def test_sample_against_seeds(self, pools: list[int]) -> None:
        """Two worker processes give the same evaluation as one, mistakes included."""
        serial = evaluate_corpus(pt.datasets.sample(), SEEDS)

        parallel = evaluate_corpus(pt.datasets.sample(), SEEDS, workers=2)

        assert pools == [2]  # the serial run started no pool, this one did
        assert parallel == serial
        # Not a vacuous equality: there are hits, misses and false hits.
        assert serial.overall.true_positives > 0
        assert serial.misses
        assert serial.false_hits

    def test_many_chunks(self) -> None:
        """Over several chunks, each article is scored against its own gold."""
        articles, gold = _copies(8)  # 40 articles: 3 chunks of 16 at most

        serial = evaluate_corpus(articles, gold)
        parallel = evaluate_corpus(iter(articles), gold, workers=2)

        assert parallel == serial
        assert len(serial.per_article) == len(articles)
        one = evaluate_corpus(pt.datasets.sample(), SEEDS)
        assert serial.positions == sum([one.positions] * 8, Score())
        assert serial.demands == sum([one.demands] * 8, Score())

    def test_lexicon_reaches_the_workers(self) -> None:
        """Worker processes read with the lexicon given, not the default one."""
        gaza = pt.Lexicon.from_toml(LEXICONS / "gaza.toml")
        serial = evaluate_corpus(sample(), SEEDS, gaza)
        default = evaluate_corpus(sample(), SEEDS)

        by_lexicon = evaluate_corpus(sample(), SEEDS, gaza, workers=2)
        by_extractor = evaluate_corpus(
            sample(), SEEDS, extractor=RuleExtractor(gaza), workers=2
        )

        assert by_lexicon == by_extractor == serial
        assert serial != default  # the Gaza rules find nothing in this sample

    @pytest.mark.parametrize("workers", [0, -1, "x", 1.5, True, None])
    def test_bad_workers(self, workers: Any, tmp_path: Path) -> None:
        """A count that is not a positive integer is a ValueError naming it.

        It is raised before anything is read: the gold path does not exist.
        """
        with pytest.raises(
            ValueError, match=r"^'workers' must be a positive integer \(got "
        ):
            evaluate_corpus(sample(), tmp_path / "missing.jsonl", workers=workers)

    def test_duplicate_name_ends_the_pool(self) -> None:
        """Two articles with one path raise as in one process; no worker is left."""
        a = Article(title="a", text="Russia wants neutrality.", path="news/a.txt")
        b = Article(title="b", text="Ukraine wants guarantees.", path="news/a.txt")

        with pytest.raises(ValueError, match="two articles have the file name") as info:
            evaluate_corpus([a, b], [demand()], workers=2)

        # The traceback is still held (as a caller logging it would hold it),
        # and with it evaluate_corpus's frame: the pool must not wait for it.
        assert multiprocessing.active_children() == []
        assert "'news/a.txt'" in str(info.value)
