"""The ``peacetalks`` command's help (examples on every command) and exit codes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks.cli import EXIT_CODES, build_parser, main

COMMANDS = ["report", "convert", "extract", "compare", "evaluate", "explain", "lexicon"]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def _examples(text: str) -> list[str]:
    """The command lines under ``examples:``, up to the next blank line."""
    block = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines()]


class TestHelp:
    @pytest.mark.parametrize("command", [None, *COMMANDS])
    def test_examples_and_exit_codes(
        self, command: str | None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every help ends with 2-4 examples and the table of exit codes."""
        text = _help(capsys, *([command] if command else []))

        examples = _examples(text)
        assert 2 <= len(examples) <= 4
        assert all(e.startswith(f"peacetalks {command or ''}") for e in examples)
        codes = text.split("\nexit codes:\n", 1)[1]
        assert [
            line.split()[0] for line in codes.splitlines() if line[2:3].isdigit()
        ] == [
            "0",
            "1",
            "2",
            "130",
            "143",
        ]
        assert all(len(line) <= 80 for line in codes.splitlines())

    @pytest.mark.parametrize("command", [None, *COMMANDS])
    def test_examples_parse(
        self, command: str | None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every example is a command line the parser accepts as written."""
        parser = build_parser()
        for example in _examples(_help(capsys, *([command] if command else []))):
            words = shlex.split(example.split(" > ")[0])
            assert words[0] == "peacetalks"
            args = parser.parse_args(words[1:])
            assert args.command == words[1]

    @pytest.mark.parametrize("command", COMMANDS)
    def test_progress_options(
        self, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every command takes --progress and --quiet (and not both)."""
        text = _help(capsys, command)

        assert "--progress" in text
        assert "-q, --quiet" in text
        with pytest.raises(SystemExit) as info:
            main([command, "--progress", "--quiet"])
        assert info.value.code == 2

    @pytest.mark.parametrize("command", COMMANDS)
    def test_format_everywhere(
        self, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every command has --format for machine-readable output."""
        assert "--format {" in _help(capsys, command)

    def test_docs_list_the_same_codes(self) -> None:
        """docs/cli.md has a row for each exit code the help names."""
        rows = re.findall(r"^\| (\d+) \|", DOCS.read_text(encoding="utf-8"), re.M)

        assert sorted(set(rows), key=int) == [str(code) for code in EXIT_CODES]


class TestExitCodes:
    def test_ok(self, capsys: pytest.CaptureFixture[str]) -> None:
        """0: the command did what it was asked."""
        assert main(["report", "--no-findings"]) == 0
        capsys.readouterr()

    def test_input_failed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """1: an input could not be read; the others still are."""
        good = tmp_path / "good.txt"
        good.write_text("Talks\n\nRussia wants neutrality.", encoding="utf-8")
        bad = tmp_path / "bad.json"
        bad.write_text("{not json", encoding="utf-8")

        code = main(["report", "--no-findings", str(good), str(bad)])

        out, err = capsys.readouterr()
        assert code == 1
        assert "<Corpus: 1 article" in out
        assert "peacetalks report: error: " in err
        assert "bad.json" in err

    def test_output_not_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """1: the output could not be written (and nothing half-written is left)."""
        target = tmp_path / "no" / "such" / "folder" / "out.jsonl"

        code = main(["extract", "-o", str(target)])

        assert code == 1
        assert "out.jsonl" in capsys.readouterr().err
        assert not target.parent.exists()

    def test_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2: an unknown option."""
        with pytest.raises(SystemExit) as info:
            main(["report", "--no-such-option"])

        assert info.value.code == 2
        assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err

    def test_bad_gold(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """2: a gold file that is not gold."""
        gold = tmp_path / "gold.jsonl"
        gold.write_text('{"file": "a.txt"}\n', encoding="utf-8")

        assert main(["evaluate", "--gold", str(gold)]) == 2
        assert "gold.jsonl:1" in capsys.readouterr().err

    @pytest.mark.parametrize("command", ["report", "extract", "compare", "evaluate"])
    def test_bad_lexicon(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """2: a lexicon file that is missing or not a lexicon, before any reading."""
        gold = tmp_path / "gold.jsonl"
        gold.write_text("", encoding="utf-8")
        extra = ["--gold", str(gold)] if command == "evaluate" else []
        missing = tmp_path / "missing.toml"
        broken = tmp_path / "broken.toml"
        broken.write_text("name = [", encoding="utf-8")

        for lexicon in (missing, broken):
            code = main([command, *extra, "--lexicon", str(lexicon)])
            out, err = capsys.readouterr()
            assert code == 2
            assert out == ""
            assert err.startswith(f"peacetalks {command}: error: --lexicon")
            assert lexicon.name in err

    def test_mixed_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """2: article and finding files mixed."""
        articles = tmp_path / "articles.jsonl"
        pt.datasets.sample().save(articles)
        findings = tmp_path / "findings.jsonl"
        pt.datasets.sample().extract().save(findings)

        assert main(["compare", str(articles), str(findings)]) == 2
        assert main(["convert", str(articles), str(findings), "-o", "x.json"]) == 2
        capsys.readouterr()
