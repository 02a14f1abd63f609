"""Tests for ``peacetalks extract`` and ``peacetalks evaluate``."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

import peacetalks as pt
from peacetalks import Findings, Position, Published
from peacetalks.cli import main
from peacetalks.extract.doc import Doc
from peacetalks.extract.positions import PositionFinder
from peacetalks.findings import DEMAND_KEYS, POSITION_KEYS, RECORD_KEYS

GOLD = Path(__file__).parent / "fixtures" / "gold"
SEEDS = GOLD / "seeds.jsonl"
BLOOMBERG = "002_de5fcd0c532bc2fc.txt"

#: The keys the "Extraction" issue fixes for each kind of record.
ISSUE_POSITION_KEYS = {
    "type", "article", "path", "actor", "issue", "stance", "act", "modality",
    "speaker", "quote", "start", "end", "confidence",
}  # fmt: skip
ISSUE_DEMAND_KEYS = {
    "type", "article", "path", "actor", "target", "metric", "value", "low",
    "high", "unit", "bound", "speaker", "quote", "start", "end", "confidence",
}  # fmt: skip

#: What the fake position step finds in the Bloomberg article: one position
#: that the seeds' gold has, and one that it does not.
RIGHT = "Russia will insist on Ukraine's neutrality"
WRONG = "an end to NATO expansion"


def _fake_positions(self: PositionFinder, doc: Doc) -> list[Position]:
    article = doc.article
    if not (article.path or "").endswith(BLOOMBERG):
        return []
    right = article.text.index(RIGHT)
    wrong = article.text.index(WRONG)
    return [
        Position(
            "Russia",
            "neutrality",
            "supports",
            act="demand",
            date=article.published,
            evidence=article.evidence(right, right + len(RIGHT)),
        ),
        Position(
            "Ukraine",
            "nato_membership",
            "supports",
            date=article.published,
            evidence=article.evidence(wrong, wrong + len(WRONG)),
        ),
    ]


@pytest.fixture
def no_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Position extraction finds nothing: output depends on demands only."""
    monkeypatch.setattr(PositionFinder, "read", lambda self, doc: [])


@pytest.fixture
def two_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Position extraction finds `RIGHT` and `WRONG` in the Bloomberg article."""
    monkeypatch.setattr(PositionFinder, "read", _fake_positions)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _sample_findings() -> Findings:
    return pt.datasets.sample().extract()


def _strip_raw(findings: Findings) -> tuple[Any, ...]:
    return tuple(
        attrs.evolve(f, date=Published(None, f.date.date, f.date.precision))
        for f in findings
    )


#: What a command says on stderr when it reads the bundled sample.
SAMPLE_NOTE = (
    "peacetalks extract: note: no PATH given: using the bundled sample (5 articles)\n"
)


class TestExtract:
    @pytest.mark.usefixtures("two_positions")
    def test_jsonl_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """By default, the sample's findings go to stdout as JSON Lines."""
        code, out, err = run(capsys, "extract")

        assert code == 0
        records = [json.loads(line) for line in out.splitlines()]
        assert len(records) == 9
        positions = [r for r in records if r["type"] == "position"]
        demands = [r for r in records if r["type"] == "demand"]
        assert [tuple(r) for r in positions] == [POSITION_KEYS] * 2
        assert [tuple(r) for r in demands] == [DEMAND_KEYS] * 7
        assert set(POSITION_KEYS) >= ISSUE_POSITION_KEYS
        assert set(DEMAND_KEYS) >= ISSUE_DEMAND_KEYS
        assert positions[0] == {
            "type": "position",
            "article": pt.datasets.sample()[2].id,
            "path": f"sample/{BLOOMBERG}",
            "date": "2025-01",
            "actor": "Russia",
            "issue": "neutrality",
            "stance": "supports",
            "act": "demand",
            "modality": "asserted",
            "speaker": None,
            "quote": RIGHT,
            "start": positions[0]["start"],
            "end": positions[0]["start"] + len(RIGHT),
            "confidence": 1,
            "producer": None,
            "producer_version": None,
        }
        assert {k: demands[1][k] for k in DEMAND_KEYS[4:12]} == {
            "actor": "Russia",
            "target": "Ukraine",
            "metric": "troops",
            "value": 85000,
            "low": None,
            "high": None,
            "unit": "personnel",
            "bound": "max",
        }
        assert (
            err == SAMPLE_NOTE + "extracted 2 positions and 7 demands from 5 articles\n"
        )

    @pytest.mark.usefixtures("two_positions")
    def test_csv_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format csv writes one header of every key; missing keys are empty."""
        code, out, _ = run(capsys, "extract", "--format", "csv")

        assert code == 0
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert tuple(rows[0]) == RECORD_KEYS
        records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        assert len(records) == 9
        position = next(r for r in records if r["type"] == "position")
        assert (position["issue"], position["metric"], position["value"]) == (
            "neutrality",
            "",
            "",
        )
        troops = next(r for r in records if r["metric"] == "troops")
        assert (troops["value"], troops["issue"], troops["path"]) == (
            "85000",
            "",
            f"sample/{BLOOMBERG}",
        )

    @pytest.mark.usefixtures("two_positions")
    def test_json_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json writes one array of the same records."""
        code, out, _ = run(capsys, "extract", "--format", "json")
        jsonl = run(capsys, "extract")[1]

        assert code == 0
        assert json.loads(out) == [json.loads(line) for line in jsonl.splitlines()]

    @pytest.mark.usefixtures("no_positions")
    @pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
    def test_output_file_round_trip(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        """-o FILE writes the format of its suffix; Findings.load reads it back."""
        out = tmp_path / f"findings.{fmt}"

        code, stdout, err = run(capsys, "extract", "-o", str(out))

        assert code == 0
        assert stdout == ""
        found = "extracted 0 positions and 7 demands from 5 articles"
        assert err == f"{SAMPLE_NOTE}{found} to {out}\n"
        back = Findings.load(out)
        expected = _sample_findings()
        assert back.items == _strip_raw(expected)
        assert back.to_records() == expected.to_records()
        assert back.articles == {pt.datasets.sample()[2].id: f"sample/{BLOOMBERG}"}

    @pytest.mark.usefixtures("no_positions")
    def test_format_overrides_suffix(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format picks the format whatever the suffix of -o."""
        out = tmp_path / "findings.txt"

        assert run(capsys, "extract", "-o", str(out), "--format", "csv")[0] == 0

        assert out.read_text(encoding="utf-8").startswith("type,article,path,date,")
        assert len(Findings.load(out, format="csv")) == 7

    def test_unknown_suffix(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output suffix that names no format exits with 1."""
        code, _, err = run(capsys, "extract", "-o", str(tmp_path / "out.xml"))

        assert code == 1
        assert "cannot tell the format from the suffix '.xml'" in err

    def test_write_is_atomic(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A failure half-way leaves an existing output file untouched."""
        out = tmp_path / "findings.jsonl"
        out.write_text("precious", encoding="utf-8")

        def fail_late(self: PositionFinder, doc: Doc) -> list[Position]:
            article = doc.article
            if (article.path or "").startswith("sample/003"):
                raise pt.ValidationError(["$.text: boom"], path=article.path)
            return []

        monkeypatch.setattr(PositionFinder, "read", fail_late)

        code, _, err = run(capsys, "extract", "-o", str(out))

        assert code == 1
        assert "sample/003_3996b4a5bdcd3b6a.txt: $.text: boom" in err
        assert out.read_text(encoding="utf-8") == "precious"
        assert [p.name for p in tmp_path.iterdir()] == ["findings.jsonl"]

    @pytest.mark.usefixtures("no_positions")
    def test_paths_and_failed_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Files that fail are named, the rest extracted, and the exit code is 1."""
        folder = tmp_path / "news"
        shutil.copytree(pt.datasets.sample_path(), folder)
        (folder / "broken.txt").write_bytes(b"Title\n\nBad \x81\x8d\x8f\x90 bytes\n")
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys, "extract", str(folder), "--pattern", "*.txt", "-o", str(out)
        )

        assert code == 1
        assert "peacetalks extract: error: " in err
        assert "broken.txt" in err
        assert "extracted 0 positions and 7 demands from 5 articles" in err
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert {r["path"] for r in records} == {f"{folder.as_posix()}/{BLOOMBERG}"}

    def test_findings_file_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A findings file is not articles to extract from: a usage error (2)."""
        path = tmp_path / "findings.jsonl"
        pt.save_findings([Position("Russia", "neutrality", "supports")], path)

        code, out, err = run(capsys, "extract", str(path))

        assert code == 2
        assert out == ""
        assert "holds positions and demands, not articles" in err

    @pytest.mark.usefixtures("no_positions")
    def test_lexicon_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--lexicon reads a lexicon file; a bad one is a usage error (2), named."""
        lexicon = tmp_path / "lexicon.toml"
        source = Path(pt.__file__).parent / "lexicons" / "default.toml"
        lexicon.write_bytes(source.read_bytes())
        bad = tmp_path / "bad.toml"
        bad.write_text('name = "x"\n[[actors]]\naliases = ["y"]\n', encoding="utf-8")

        code, out, _ = run(capsys, "extract", "--lexicon", str(lexicon))
        assert code == 0
        assert len(out.splitlines()) == 7

        code, out, err = run(capsys, "extract", "--lexicon", str(bad))
        assert code == 2
        assert out == ""
        assert "bad.toml" in err

    def test_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown format is a usage error (exit code 2)."""
        with pytest.raises(SystemExit) as info:
            main(["extract", "--format", "xml"])

        assert info.value.code == 2
        assert "usage: peacetalks extract" in capsys.readouterr().err


def _demands_gold(tmp_path: Path) -> Path:
    """The seeds' gold for demands only."""
    path = tmp_path / "demands.jsonl"
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "".join(f"{line}\n" for line in lines if '"type": "demand"' in line),
        encoding="utf-8",
    )
    return path


def _bloomberg_gold(tmp_path: Path) -> Path:
    """Two positions (one found by `two_positions`) and two demands."""
    items = [
        {"file": BLOOMBERG, "type": "position", "actor": "Russia",
         "issue": "neutrality", "stance": "supports", "act": "demand",
         "quote": RIGHT},
        {"file": BLOOMBERG, "type": "position", "actor": "Russia",
         "issue": "nato_membership", "stance": "opposes", "act": "demand",
         "quote": "an end to NATO expansion"},
        {"file": BLOOMBERG, "type": "demand", "actor": "Russia",
         "metric": "troops", "value": 85000, "unit": "personnel",
         "quote": "85,000 soldiers"},
        {"file": BLOOMBERG, "type": "demand", "actor": "Russia",
         "metric": "tanks", "value": 300, "unit": "units", "quote": "342 tanks"},
    ]  # fmt: skip
    path = tmp_path / "bloomberg.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


class TestEvaluate:
    @pytest.mark.usefixtures("no_positions")
    def test_demands_score_on_the_sample(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The sample's demands score F1 = 1.0 against the seeds' gold."""
        code, out, err = run(capsys, "evaluate", "--gold", str(_demands_gold(tmp_path)))

        assert code == 0
        assert err == SAMPLE_NOTE.replace("extract:", "evaluate:")
        assert out.splitlines() == [
            "type           P      R     F1   TP   FP   FN",
            "positions  1.000  1.000  1.000    0    0    0",
            "demands    1.000  1.000  1.000    7    0    0",
            "all        1.000  1.000  1.000    7    0    0",
            "1 article judged; 4 without gold annotations not judged",
            "",
            "misses: none",
            "",
            "false hits: none",
        ]

    @pytest.mark.usefixtures("two_positions")
    def test_text_lists_misses_and_false_hits(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Misses and false hits are listed with file, line and quote."""
        gold = _bloomberg_gold(tmp_path)
        monkeypatch.setenv("COLUMNS", "120")

        code, out, _ = run(capsys, "evaluate", "--gold", str(gold))

        assert code == 0
        lines = out.splitlines()
        assert lines[:4] == [
            "type           P      R     F1   TP   FP   FN",
            "positions  0.500  0.500  0.500    1    1    1",
            "demands    0.143  0.500  0.222    1    6    1",
            "all        0.222  0.500  0.308    2    7    2",
        ]
        misses = lines[lines.index("misses (2):") + 1 :][:2]
        assert misses == [
            (
                f"  {BLOOMBERG}:2  Russia opposes nato_membership (demand) — "
                '"an end to NATO expansion"'
            ),
            f'  {BLOOMBERG}:4  Russia demands tanks = 300 units — "342 tanks"',
        ]
        hits = lines[lines.index("false hits (7):") + 1 :]
        assert hits[0] == (
            f"  {BLOOMBERG}  Ukraine supports nato_membership (statement) — "
            '"an end to NATO expansion"'
        )
        assert hits[1].startswith(
            f"  {BLOOMBERG}  Russia demands territory_share ≈ 20 percent"
        )
        assert len(hits) == 7
        assert all(len(line) <= 120 for line in lines)

    @pytest.mark.usefixtures("two_positions")
    def test_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json gives scores, misses and false hits as data."""
        gold = _bloomberg_gold(tmp_path)

        code, out, _ = run(capsys, "evaluate", "--gold", str(gold), "--format", "json")

        assert code == 0
        data = json.loads(out)
        assert data["gold"] == str(gold)
        assert data["positions"] == {
            "true_positives": 1,
            "false_positives": 1,
            "false_negatives": 1,
            "precision": 0.5,
            "recall": 0.5,
            "f1": 0.5,
        }
        assert data["demands"]["true_positives"] == 1
        assert data["demands"]["f1"] == pytest.approx(2 / 9)
        assert [(m["line"], m["quote"]) for m in data["misses"]] == [
            (2, "an end to NATO expansion"),
            (4, "342 tanks"),
        ]
        first = data["false_hits"][0]
        assert tuple(first) == POSITION_KEYS
        assert (first["path"], first["issue"], first["quote"]) == (
            f"sample/{BLOOMBERG}",
            "nato_membership",
            WRONG,
        )
        assert data["per_article"][BLOOMBERG]["demands"]["false_positives"] == 6
        assert len(data["unannotated"]) == 4

    @pytest.mark.usefixtures("no_positions")
    def test_articles_from_a_corpus_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Articles are matched to the gold by the base name of their path."""
        corpus = tmp_path / "corpus.jsonl"
        pt.datasets.sample().save(corpus)

        code, out, _ = run(
            capsys, "evaluate", "--gold", str(SEEDS), str(corpus), "--format", "json"
        )

        assert code == 0
        data = json.loads(out)
        assert data["demands"]["f1"] == 1.0
        assert data["unannotated"] == []
        assert set(data["per_article"]) == {
            Path(a.path or "").name for a in pt.datasets.sample()
        }

    @pytest.mark.usefixtures("no_positions")
    def test_annotated_files_not_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Gold for files that were not read is a warning: all of it is missed."""
        article = pt.datasets.sample_path() / BLOOMBERG

        code, out, err = run(capsys, "evaluate", "--gold", str(SEEDS), str(article))

        assert code == 0
        assert "warning: 4 annotated files not among the articles read" in err
        assert "000_5cce27d38276c5a9.txt" in err
        assert "demands    1.000  1.000  1.000    7    0    0" in out

    @pytest.mark.parametrize(
        ("content", "where"),
        [
            (
                '{"file": "a.txt", "type": "demand", "actor": "Russia"}\n',
                ":1: $.metric",
            ),
            ('{"file": "a.txt"\n', ":1: invalid JSON"),
            ("\n\n[1]\n", ":3: $: expected a JSON object"),
        ],
    )
    def test_bad_gold_exits_2(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: str,
        where: str,
    ) -> None:
        """A bad gold file exits with 2, naming the file and line."""
        gold = tmp_path / "gold.jsonl"
        gold.write_text(content, encoding="utf-8")

        code, out, err = run(capsys, "evaluate", "--gold", str(gold))

        assert code == 2
        assert out == ""
        assert err.startswith(f"peacetalks evaluate: error: {gold}{where}")

    def test_missing_gold_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A gold file that cannot be read exits with 2."""
        gold = tmp_path / "none.jsonl"

        code, _, err = run(capsys, "evaluate", "--gold", str(gold))

        assert code == 2
        assert f"{gold}: cannot read" in err

    @pytest.mark.usefixtures("no_positions")
    def test_failed_article_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An article that cannot be read gives 1; the others are still scored."""
        broken = tmp_path / "broken.jsonl"
        broken.write_text('{"schema_version": 1}\n{"title": 1}\n', encoding="utf-8")
        article = pt.datasets.sample_path() / BLOOMBERG
        gold = _demands_gold(tmp_path)

        code, out, err = run(
            capsys, "evaluate", "--gold", str(gold), str(article), str(broken)
        )

        assert code == 1
        assert f"{broken}:2: $.title" in err
        assert "demands    1.000  1.000  1.000    7    0    0" in out

    @pytest.mark.usefixtures("no_positions")
    def test_same_file_name_twice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two articles with one file name cannot be judged: exit code 1."""
        for folder in ("a", "b"):
            (tmp_path / folder).mkdir()
            (tmp_path / folder / "x.txt").write_text(f"{folder}\n\nText {folder}.\n")

        code, out, err = run(capsys, "evaluate", "--gold", str(SEEDS), str(tmp_path))

        assert code == 1
        assert out == ""
        assert "base name 'x.txt'" in err

    def test_gold_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--gold is required: a usage error without it."""
        with pytest.raises(SystemExit) as info:
            main(["evaluate"])

        assert info.value.code == 2
        assert "--gold" in capsys.readouterr().err
