"""The ``peacetalks`` command's output: formats, widths and progress lines."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks.cli import main, report_document


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


#: What a command says on stderr when it reads the bundled sample.
SAMPLE_NOTE = (
    "peacetalks report: note: no PATH given: using the bundled sample (5 articles)\n"
)


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """Gold for the sample: one demand of the Bloomberg article."""
    path = tmp_path / "gold.jsonl"
    record = {
        "file": "002_de5fcd0c532bc2fc.txt",
        "type": "demand",
        "actor": "Russia",
        "metric": "tanks",
        "value": 342,
        "quote": "limit the number of tanks to 342",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestReportFormats:
    def test_json_document(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json: the articles, their findings and the proposals table."""
        code, out, err = _run(capsys, "report", "--format", "json")

        assert code == 0
        assert err == SAMPLE_NOTE
        document = json.loads(out)
        assert document["summary"] == (
            "<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>"
        )
        articles = document["articles"]
        assert [a["outlet"] for a in articles] == [
            "Fox News",
            "CNN",
            "Bloomberg",
            "Antiwar.com",
            "Business Insider",
        ]
        bloomberg = articles[2]
        assert (bloomberg["positions"], bloomberg["demands"]) == (26, 7)
        assert len(bloomberg["findings"]) == 33
        assert {f["article"] for f in bloomberg["findings"]} == {bloomberg["id"]}
        troops = [p for p in document["proposals"] if p["metric"] == "troops"]
        assert [(p["actor"], p["value"], p["gap"]) for p in troops] == [
            ("Russia", 85000, 165000),
            ("Ukraine", 250000, 165000),
        ]
        assert document == json.loads(
            json.dumps(
                report_document(
                    pt.datasets.sample(), findings=pt.datasets.sample().extract()
                )
            )
        )

    def test_json_without_findings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-findings: no findings per article, and proposals is null."""
        code, out, _ = _run(capsys, "report", "--no-findings", "--format", "json")

        document = json.loads(out)
        assert code == 0
        assert document["proposals"] is None
        assert "findings" not in document["articles"][0]

    def test_format_from_suffix(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o report.json writes JSON; -o report.txt the text, uncut."""
        code, out, err = _run(capsys, "report", "-o", str(tmp_path / "r.json"))
        assert code == 0
        assert out == ""
        assert err == (
            f"{SAMPLE_NOTE}wrote the report of 5 articles to {tmp_path / 'r.json'}\n"
        )
        assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))

        code, _, err = _run(capsys, "report", "-q", "-o", str(tmp_path / "r.txt"))
        assert code == 0
        assert err == ""  # --quiet: no note
        text = (tmp_path / "r.txt").read_text(encoding="utf-8")
        assert text.startswith("Proposals (each actor's latest figure):")
        assert "…" not in text


class TestWidth:
    def test_terminal_width(
        self,
        gold: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """On a terminal, lines (table rows too) are cut with … to its width."""
        monkeypatch.delenv("COLUMNS", raising=False)
        screen = Terminal()
        monkeypatch.setattr(sys, "stdout", screen)
        monkeypatch.setattr(
            shutil,
            "get_terminal_size",
            lambda fallback=(80, 24): os.terminal_size((60, 24)),
        )

        assert main(["report"]) == 0
        assert main(["evaluate", "--gold", str(gold)]) == 0
        assert main(["compare"]) == 0

        lines = screen.getvalue().splitlines()
        assert max(len(line) for line in lines) == 60
        assert any(line.endswith("…") for line in lines)
        capsys.readouterr()

    @pytest.mark.parametrize(
        "argv", [["report"], ["evaluate", "--gold", "GOLD"], ["compare"]]
    )
    def test_full_width_when_piped(
        self,
        argv: list[str],
        gold: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Piped or redirected, nothing is cut: quotes and titles are whole."""
        monkeypatch.delenv("COLUMNS", raising=False)
        argv = [str(gold) if a == "GOLD" else a for a in argv]

        code, out, _ = _run(capsys, *argv)

        assert code == 0
        assert "…" not in out
        if argv[0] != "compare":
            assert max(len(line) for line in out.splitlines()) > 100

    def test_columns_overrides(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """COLUMNS sets the width even when the output is not a terminal."""
        monkeypatch.setenv("COLUMNS", "72")

        _, out, _ = _run(capsys, "report")

        assert max(len(line) for line in out.splitlines()) == 72


class TestProgress:
    @pytest.mark.parametrize(
        "argv",
        [
            ["report"],
            ["extract"],
            ["compare"],
            ["evaluate", "--gold", "GOLD"],
        ],
    )
    def test_silent_off_a_terminal(
        self, argv: list[str], gold: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without a terminal on stderr, no progress line is written."""
        argv = [str(gold) if a == "GOLD" else a for a in argv]

        _, _, err = _run(capsys, *argv)

        assert "\r" not in err

    def test_forced(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--progress draws the extracting line on stderr (read as extracted)."""
        corpus = tmp_path / "sample.jsonl"
        pt.datasets.sample().save(corpus)

        code, out, err = _run(capsys, "extract", str(corpus), "--progress")

        assert code == 0
        assert len(out.splitlines()) == 95
        lines = err.split("\n")
        # Articles stream from the file: one line, without a total.
        assert lines[0].startswith("\rextracting ")
        assert lines[0].split("\r")[-1].startswith("extracting 5 articles")
        assert lines[1] == ("extracted 88 positions and 7 demands from 5 articles")

    def test_findings_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Reading findings files counts findings."""
        findings = tmp_path / "findings.jsonl"
        pt.datasets.sample().extract().save(findings)

        code, _, err = _run(
            capsys,
            "convert",
            str(findings),
            "-o",
            str(tmp_path / "f.csv"),
            "--progress",
        )

        assert code == 0
        assert err.split("\n")[0].split("\r")[-1].startswith("reading 95 findings")

    def test_terminal_after_a_second(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal, a run shorter than a second draws nothing."""
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        monkeypatch.setattr("peacetalks.cli.PROGRESS_DELAY", 3600.0)

        assert main(["compare"]) == 0

        assert screen.getvalue() == SAMPLE_NOTE.replace("report:", "compare:")
        capsys.readouterr()

    def test_terminal_long_run(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal, a long run draws its line; --quiet keeps it silent."""
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        monkeypatch.setattr("peacetalks.cli.PROGRESS_DELAY", 0.0)

        assert main(["compare"]) == 0
        assert screen.getvalue().split("\r")[-1].startswith("extracting 5/5 articles")

        screen.truncate(0)
        screen.seek(0)
        assert main(["compare", "--quiet"]) == 0
        assert screen.getvalue() == ""
        capsys.readouterr()
