"""Tests for ``peacetalks compare`` and the proposals table of ``peacetalks report``."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import Article, Corpus, Demand, Quantity
from peacetalks.cli import main, render_report
from peacetalks.comparison import TABLE_KEYS

BLOOMBERG = "002_de5fcd0c532bc2fc.txt"

#: The sample's table: Russia's and Ukraine's figures, the gap and the ratio.
SAMPLE_ROWS = [
    ["troops", "personnel", "≤", "85,000", "≤", "250,000", "165,000", "2.94"],
    ["tanks", "units", "≤", "342", "≤", "800", "458", "2.34"],
    ["missile_range", "km", "≤", "40", "≤", "280", "240", "7.00"],
    ["territory_share", "percent", "≈", "20", "-", "-", "-"],
]


def _rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


#: What a command says on stderr when it reads the bundled sample.
SAMPLE_NOTE = (
    "peacetalks compare: note: no PATH given: using the bundled sample (5 articles)\n"
)


class TestCompareCommand:
    def test_sample_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a path, compare tabulates the bundled sample's figures."""
        assert main(["compare"]) == 0

        out, err = capsys.readouterr()
        rows = _rows(out)
        assert rows[0] == ["metric", "unit", "Russia", "Ukraine", "gap", "ratio"]
        assert rows[1:5] == SAMPLE_ROWS
        assert out.splitlines()[5].startswith("ratio = Ukraine / Russia")
        assert err == SAMPLE_NOTE

    def test_metric(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--metric keeps one metric (repeatable; spelled as the lexicon allows)."""
        assert main(["compare", "--metric", "troops", "--metric", "Missile range"]) == 0

        rows = _rows(capsys.readouterr().out)
        assert [row[0] for row in rows[1:-1]] == ["troops", "missile_range"]

    def test_unknown_metric(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown metric is a usage error that suggests the right name."""
        assert main(["compare", "--metric", "tank"]) == 2

        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            "peacetalks compare: error: unknown metric 'tank' in lexicon "
            "'russia-ukraine'; did you mean 'tanks'?\n"
        )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints one record per figure, with the comparison."""
        assert main(["compare", "--format", "json", "--metric", "troops"]) == 0

        records = json.loads(capsys.readouterr().out)
        assert [(r["actor"], r["value"], r["unit"]) for r in records] == [
            ("Russia", 85_000, "personnel"),
            ("Ukraine", 250_000, "personnel"),
        ]
        assert all(list(r) == list(TABLE_KEYS) for r in records)
        assert records[0]["gap"] == 165_000
        assert records[0]["ratio"] == pytest.approx(250 / 85)
        assert records[0]["source"] == f"sample/{BLOOMBERG}"
        assert records[1]["quote"].startswith("while Ukraine wanted an army")

    def test_csv_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o writes the file (format from the suffix) and says so on stderr."""
        path = tmp_path / "proposals.csv"

        assert main(["compare", "-o", str(path)]) == 0

        assert capsys.readouterr() == (
            "",
            SAMPLE_NOTE + "wrote 4 metrics to " + str(path) + "\n",
        )
        data = path.read_bytes()
        assert data.startswith(b"metric,unit,actor,")
        assert b"\r\n" in data
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
        assert [(r["metric"], r["actor"], r["value"]) for r in rows] == [
            ("troops", "Russia", "85000"),
            ("troops", "Ukraine", "250000"),
            ("tanks", "Russia", "342"),
            ("tanks", "Ukraine", "800"),
            ("missile_range", "Russia", "40"),
            ("missile_range", "Ukraine", "280"),
            ("territory_share", "Russia", "20"),
        ]
        gaps = ["165000", "165000", "458", "458", "240", "240", ""]
        assert [r["gap"] for r in rows] == gaps

    def test_table_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file with another suffix gets the text table."""
        path = tmp_path / "proposals.txt"

        assert main(["compare", "-o", str(path)]) == 0

        assert _rows(path.read_text(encoding="utf-8"))[1:5] == SAMPLE_ROWS
        capsys.readouterr()

    def test_articles_from_a_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PATH reads articles with the loading options, as report does."""
        shutil.copy(pt.datasets.sample_path() / BLOOMBERG, tmp_path / "a.txt")
        (tmp_path / "notes.md").write_text("Russia wants 5 tanks.", encoding="utf-8")

        assert main(["compare", str(tmp_path), "--pattern", "*.txt"]) == 0

        assert _rows(capsys.readouterr().out)[1:5] == SAMPLE_ROWS

    def test_findings_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Peacetalks findings files are compared without extracting again."""
        path = tmp_path / "findings.jsonl"
        us = Demand("United States", "troops", Quantity(600_000, bound="max"))
        europe = Demand("Europe", "troops", Quantity(800_000, bound="max"))
        pt.save_findings([europe, us], path)

        assert main(["compare", str(path)]) == 0

        rows = _rows(capsys.readouterr().out)
        assert rows[0] == [
            "metric",
            "unit",
            "United",
            "States",
            "Europe",
            "gap",
            "ratio",
        ]
        assert rows[1] == [
            "troops", "personnel", "≤", "600,000", "≤", "800,000", "200,000", "1.33"
        ]  # fmt: skip

    def test_every(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--every lists each actor's figures in date order."""
        path = tmp_path / "findings.json"
        march = pt.parse_date("March 2022")
        april = pt.parse_date("April 2022")
        pt.save_findings(
            [
                Demand("Russia", "troops", Quantity(85_000), date=april),
                Demand("Russia", "troops", Quantity(50_000), date=march),
            ],
            path,
        )

        assert main(["compare", str(path), "--every"]) == 0

        assert "= 50,000 → = 85,000" in capsys.readouterr().out

    def test_mixed_inputs(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Articles and findings files together are a usage error."""
        findings = tmp_path / "findings.jsonl"
        pt.save_findings([Demand("Russia", "troops", Quantity(1))], findings)
        article = tmp_path / "a.txt"
        article.write_text("Title\n\nText.", encoding="utf-8")

        assert main(["compare", str(findings), str(article)]) == 2

        assert "cannot mix article and finding files" in capsys.readouterr().err

    def test_missing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing input exits with 1 and names it, before anything is shown.

        (It printed "no proposals", an empty answer to a wrong name, before.)
        """
        path = tmp_path / "missing.txt"

        assert main(["compare", str(path)]) == 1

        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"peacetalks compare: error: {path}: no such file")

    def test_unwritable_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output that cannot be written exits with 1 and names it."""
        path = tmp_path / "missing" / "out.csv"

        assert main(["compare", "-o", str(path)]) == 1

        assert str(path) in capsys.readouterr().err
        assert not path.exists()

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help shows the options and examples."""
        with pytest.raises(SystemExit):
            main(["compare", "--help"])

        out = capsys.readouterr().out
        for text in ("--metric", "--format", "--every", "--lexicon", "--sidecar"):
            assert text in out
        assert "peacetalks compare --metric troops" in out


class TestReportTable:
    def test_report_opens_with_the_proposals(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report on the sample opens with the Istanbul figures, gaps and ratios."""
        assert main(["report"]) == 0

        out = capsys.readouterr().out
        table, rest = out.split("\n\n", 1)
        lines = table.splitlines()
        assert lines[0] == "Proposals (each actor's latest figure):"
        assert _rows("\n".join(lines[2:6])) == SAMPLE_ROWS
        assert rest.startswith("<Corpus: 5 articles")

    def test_no_demands_no_table(self) -> None:
        """Without demands, the report is as before: no table."""
        corpus = Corpus([Article(title="Talks", text="Nothing to see.")])

        text = render_report(corpus, findings=corpus.extract())

        assert text.startswith("<Corpus: 1 article")

    def test_no_findings_no_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-findings skips extraction, and so the table."""
        assert main(["report", "--no-findings"]) == 0

        assert capsys.readouterr().out.startswith("<Corpus: 5 articles")

    def test_lexicon(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With --lexicon, the table follows that lexicon's actor order."""
        lexicon = pt.Lexicon.default().to_dict()
        actors = lexicon["actors"]
        assert isinstance(actors, list)
        lexicon["actors"] = [actors[1], actors[0], *actors[2:]]
        path = tmp_path / "lexicon.toml"
        path.write_text(_toml(lexicon), encoding="utf-8")

        assert main(["report", "--lexicon", str(path)]) == 0

        rows = _rows(capsys.readouterr().out)
        assert rows[1] == ["metric", "unit", "Ukraine", "Russia", "gap", "ratio"]
        assert rows[2][-2:] == ["165,000", "0.34"]


def _toml_value(value: object) -> str:
    """A TOML value: JSON's scalars and arrays, tables inline."""
    if isinstance(value, dict):
        items = ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value)


def _toml(data: object) -> str:
    """A lexicon as TOML (only the types lexicons use; its grammar inline)."""
    assert isinstance(data, dict)
    lines: list[str] = []
    for key, value in data.items():
        if not isinstance(value, list):
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in data.items():
        if isinstance(value, list):
            for table in value:
                lines.append(f"[[{key}]]")
                lines.extend(
                    f"{name} = {json.dumps(item)}" for name, item in table.items()
                )
    return "\n".join(lines) + "\n"


# -- issue 15: sources, periods, parties and width --------------------------------


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """Two outlets' articles three years apart (our own sentences), as JSON Lines."""
    path = tmp_path / "articles.jsonl"
    pt.save(
        Corpus(
            [
                Article(
                    title="Draft",
                    text="In the talks, Russia demanded to cap Ukraine's army at "
                    "85,000 troops.",
                    outlet="Old Gazette",
                    published="2022-03-29",
                ),
                Article(
                    title="Plan",
                    text="Ukraine wants an army of 600,000 troops, while Russia and "
                    "Ukraine agreed to swap 157 prisoners.",
                    outlet="New Daily",
                    published="2025-11-24",
                ),
            ]
        ),
        path,
    )
    return path


class TestCompareHonestly:
    def test_sources(self, two_years: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--sources says when and where each compared figure comes from.

        Before, "Russia ≤ 85,000, Ukraine ≤ 600,000, ratio 7.06" had nothing
        on screen to say that one figure is of 2022 and the other of 2025.
        """
        assert main(["compare", str(two_years), "--sources"]) == 0

        lines = capsys.readouterr().out.splitlines()
        assert lines[1].split()[:8] == [
            "troops", "personnel", "≤", "85,000", "[1]", "≤", "600,000", "[2]"
        ]  # fmt: skip
        assert lines[-3].startswith(
            '[1] Russia, troops ≤ 85,000: 2022-03-29, Old Gazette: "In the talks,'
        )
        assert lines[-2].startswith("[2] Ukraine, troops ≤ 600,000: 2025-11-24, New")

    def test_years_apart_said(
        self, two_years: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --sources, a note says when a row compares different years."""
        assert main(["compare", str(two_years)]) == 0
        assert capsys.readouterr().err == (
            "peacetalks compare: note: troops compares figures of Russia "
            "(2022-03-29) and Ukraine (2025-11-24): --sources says where each "
            "comes from\n"
        )

        assert main(["compare", str(two_years), "--sources"]) == 0
        assert capsys.readouterr().err == ""
        assert main(["compare", str(two_years), "--since", "2025"]) == 0
        assert capsys.readouterr().err == ""

    def test_sources_in_files(
        self, two_years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A text file gets the sources too; records carry the outlet."""
        text, records = tmp_path / "table.txt", tmp_path / "table.json"

        assert main(["compare", str(two_years), "--sources", "-o", str(text)]) == 0
        assert main(["compare", str(two_years), "-o", str(records)]) == 0

        assert "[1] Russia, troops ≤ 85,000: 2022-03-29, Old Gazette" in (
            text.read_text(encoding="utf-8")
        )
        found = json.loads(records.read_text(encoding="utf-8"))
        assert [(r["actor"], r["outlet"]) for r in found][:2] == [
            ("Russia", "Old Gazette"),
            ("Ukraine", "New Daily"),
        ]
        capsys.readouterr()
        assert main(["compare", str(records)]) == 0  # a table with outlets reads back
        assert "515,000" in capsys.readouterr().out

    def test_period(self, two_years: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--since and --until keep the figures dated in the period."""
        assert main(["compare", str(two_years), "--since", "2025"]) == 0
        header = capsys.readouterr().out.splitlines()[0]
        assert header.split() == [
            "metric", "unit", "Ukraine", "Russia", "and", "Ukraine", "gap", "ratio"
        ]  # fmt: skip

        assert main(["compare", str(two_years), "--until", "March 2022"]) == 0
        header = capsys.readouterr().out.splitlines()[0]
        assert header.split() == ["metric", "unit", "Russia", "gap", "ratio"]

    def test_empty_period(
        self, two_years: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A period without figures is an error, not an empty table and exit 0."""
        assert main(["compare", str(two_years), "--until", "2021"]) == 1

        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            "peacetalks compare: error: no figure dated on or before 2021-12-31 "
            "(the input's 3 figures are dated 2022-03-29 to 2025-11-24)\n"
        )

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--since", "2025-02-30"], "'--since': invalid date '2025-02-30'"),
            (["--since", "2025", "--until", "2024"], "'--since' must not be after"),
            (["--since", "soon"], "'--since'"),
        ],
    )
    def test_wrong_period(
        self,
        two_years: Path,
        argv: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A wrong date is a usage error that names the option (exit 2)."""
        assert main(["compare", str(two_years), *argv]) == 2

        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"peacetalks compare: error: {message}")

    def test_no_figures(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Articles without a figure are said out loud (exit 1), not 'no proposals'."""
        path = tmp_path / "a.jsonl"
        pt.save(Corpus([Article(title="Talks", text="Nothing was agreed.")]), path)

        assert main(["compare", str(path)]) == 1

        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            "peacetalks compare: error: no figure in the input: nothing to compare\n"
        )

    def test_parties(self, two_years: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--parties names the pair, by any name; the ratio is B / A."""
        assert main(["compare", str(two_years), "--parties", "Kyiv", "Moscow"]) == 0

        lines = capsys.readouterr().out.splitlines()
        assert lines[1].split()[-2:] == ["515,000", "0.14"]
        assert lines[-1].startswith("ratio = Russia / Ukraine")

    def test_joint_actor_only_when_asked(
        self, two_years: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A joint actor is compared only when named, and then with a warning
        when no metric has figures of both."""
        assert main(["compare", str(two_years)]) == 0
        assert (
            capsys.readouterr()
            .out.splitlines()[-1]
            .startswith("ratio = Ukraine / Russia")
        )

        argv = ["compare", str(two_years), "--parties", "Moscow and Kyiv", "Russia"]
        assert main(argv) == 0
        assert capsys.readouterr().err == (
            "peacetalks compare: warning: no metric has figures of both "
            "'Russia and Ukraine' and 'Russia': nothing is compared\n"
        )

    @pytest.mark.parametrize(
        ("parties", "message"),
        [
            (["Rusia", "Ukraine"], "unknown actor 'Rusia' in lexicon"),
            (["Russia", "Moscow"], "--parties must be two different actors"),
        ],
    )
    def test_wrong_parties(
        self,
        two_years: Path,
        parties: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """An unknown or repeated party is a usage error (exit 2)."""
        assert main(["compare", str(two_years), "--parties", *parties]) == 2

        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"peacetalks compare: error: {message}")

    def test_narrow_terminal(
        self,
        two_years: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """On a narrow terminal the key columns stay; others go, said out loud."""
        monkeypatch.setenv("COLUMNS", "60")

        assert main(["compare", str(two_years)]) == 0

        out, err = capsys.readouterr()
        lines = out.splitlines()
        assert lines[0].split() == ["metric", "Russia", "Ukraine", "gap", "ratio"]
        assert lines[1].split()[-2:] == ["515,000", "7.06"]
        assert lines[3:5] == [
            "left out to fit 60 columns: +1 more actor (Russia and",
            "Ukraine), the units",
        ]
        assert all(len(line) <= 60 for line in lines)
        assert "use --format csv or a wider terminal" in err

    def test_last_of_every_is_the_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The last figure --every lists is the one the table shows (undated)."""
        path = tmp_path / "findings.jsonl"
        article = Article(text="x" * 40)
        pt.save_findings(
            [
                Demand(
                    "Russia", "troops", Quantity(n), evidence=article.evidence(n, n + 1)
                )
                for n in (3, 1, 2)
            ],
            path,
        )

        assert main(["compare", str(path), "--every"]) == 0
        every = capsys.readouterr().out.splitlines()[1].split()
        assert main(["compare", str(path)]) == 0
        latest = capsys.readouterr().out.splitlines()[1].split()

        assert every[:-2] == [
            "troops",
            "personnel",
            "=",
            "3",
            "→",
            "=",
            "2",
            "→",
            "=",
            "1",
        ]
        assert latest[:-2] == ["troops", "personnel", "=", "1"]
