"""Tests for peacetalks.cli: the ``peacetalks`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import Article, Corpus, Demand, Finding, Position, Quantity
from peacetalks.cli import finding_line, main, render_report
from peacetalks.extract.positions import PositionFinder


def _corpus() -> Corpus:
    return Corpus(
        [
            Article(title="First, with a comma", text="One\r\ntwo", outlet="CNN"),
            Article(
                title="Second",
                text="Three",
                authors=["A"],
                extra={"n": 1.5},
            ),
        ]
    )


class TestReport:
    def test_sample_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a path, report summarises the bundled sample."""
        assert main(["report"]) == 0

        out, err = capsys.readouterr()
        # The proposals table comes first (tests/test_cli_compare.py), then
        # the articles.
        lines = out.split("\n\n", 1)[1].splitlines()
        assert lines[0] == "<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>"
        assert lines[2].split() == ["#", "date", "outlet", "title"]
        assert lines[8] == ""
        assert "2025-01" in lines[5]
        assert "Bloomberg" in lines[5]
        assert err == (
            "peacetalks report: note: no PATH given: "
            "using the bundled sample (5 articles)\n"
        )

    def test_findings_per_article(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Under the table, each article's positions and demands are listed."""
        monkeypatch.setenv("COLUMNS", "100")
        assert main(["report"]) == 0

        out = capsys.readouterr().out
        sections = out.split("\n\n")[3:]
        assert [s.splitlines()[0].split(":")[0] for s in sections] == [
            "1. Fox News, 2022-03-29",
            "2. CNN, 2022-03",
            "3. Bloomberg, 2025-01",
            "4. Antiwar.com, 2022-03-30",
            "5. Business Insider, 2022-03-29",
        ]
        bloomberg = sections[2].splitlines()
        assert bloomberg[0].endswith(" 7 demands")
        demands = [line for line in bloomberg if " demands " in line]
        assert demands == [
            "    Russia demands territory_share ≈ 20 percent (target Ukraine)",
            "    Russia demands troops ≤ 85,000 personnel (target Ukraine)",
            "    Russia demands tanks ≤ 342 units (target Ukraine)",
            "    Russia demands missile_range ≤ 40 km (target Ukraine)",
            "    Ukraine demands troops ≤ 250,000 personnel (target Ukraine)",
            "    Ukraine demands tanks ≤ 800 units (target Ukraine)",
            "    Ukraine demands missile_range ≤ 280 km (target Ukraine)",
        ]
        # the quote that gives the troops, tanks and missile caps, above them once
        quote = [n for n, line in enumerate(bloomberg) if "According to them" in line]
        assert len(quote) == 1
        assert bloomberg[quote[0]].startswith('  "According to them, Russia')
        said = bloomberg[quote[0] + 1 : bloomberg.index(demands[3]) + 1]
        assert said[0].startswith("    Russia supports: caps are put on")
        assert said[-3:] == demands[1:4]
        assert all(line.startswith("    ") for line in said)  # no other quote
        assert all(len(line) <= 100 for line in out.splitlines())

    def test_no_findings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-findings prints the table only."""
        assert main(["report", "--no-findings"]) == 0

        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 3 + 5

    def test_positions_are_listed(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A position is shown with its actor, stance, proposition, issue, act and
        quote, the quote on a line of its own above what it gives."""
        article = Article(
            title="Talks", text="Moscow wants Kyiv to drop its NATO bid.", outlet="AP"
        )
        position = Position(
            "Russia",
            "nato_membership",
            "opposes",
            act="demand",
            evidence=article.evidence(0, 38),
        )
        monkeypatch.setattr(PositionFinder, "read", lambda self, doc: [position])
        text = render_report(Corpus([article]), findings=Corpus([article]).extract())

        assert text.splitlines()[-3:] == [
            "1. AP: 1 position, 0 demands",
            '  "Moscow wants Kyiv to drop its NATO bid"',
            (
                "    Russia opposes: Ukraine joins NATO / NATO expands to Ukraine "
                "(nato_membership; demand)"
            ),
        ]

    @pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
    def test_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
    ) -> None:
        """report reads a corpus file in any format."""
        path = tmp_path / f"c{suffix}"
        _corpus().save(path)

        assert main(["report", str(path)]) == 0

        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "<Corpus: 2 articles, 1 outlet>"
        assert lines[3].split()[:3] == ["1", "unknown", "CNN"]
        assert lines[4].split() == ["2", "unknown", "-", "Second"]

    def test_missing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file exits with 1 and a message naming it."""
        path = tmp_path / "missing.jsonl"

        assert main(["report", str(path)]) == 1

        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"peacetalks report: error: {path}: no such file")

    def test_bad_record(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad record exits with 1, naming the file, line and field."""
        path = tmp_path / "bad.jsonl"
        path.write_text('{"schema_version": 1}\n{"title": 1}\n', encoding="utf-8")

        assert main(["report", str(path)]) == 1

        err = capsys.readouterr().err
        assert f"{path}:2: $.title" in err
        assert "Traceback" not in err

    def test_newer_schema(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file from a newer peacetalks exits with 1 and says to upgrade."""
        path = tmp_path / "new.jsonl"
        path.write_text('{"schema_version": 2}\n', encoding="utf-8")

        assert main(["report", str(path)]) == 1

        assert "upgrade peacetalks" in capsys.readouterr().err

    def test_findings_file_is_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Report on a findings file says it holds findings, not articles.

        A usage error (exit code 2, as for article and finding files
        mixed): the command line names the wrong file.
        """
        path = tmp_path / "findings.jsonl"
        pt.save_findings([Position("Russia", "neutrality", "supports")], path)

        assert main(["report", str(path)]) == 2

        _, err = capsys.readouterr()
        assert "holds positions and demands, not articles" in err
        assert str(path) in err

    def test_finding_line(self) -> None:
        """A finding's line quotes its evidence on one line, cut to the width."""
        article = Article(text="“Kyiv will stay\nneutral,” he said. More text here.")
        position = Position(
            "Ukraine", "neutrality", "supports", evidence=article.evidence(0, 25)
        )

        assert finding_line(position) == (
            '  Ukraine supports neutrality (statement) — "Kyiv will stay neutral,"'
        )
        short = finding_line(position, width=60)
        assert short == '  Ukraine supports neutrality (statement) — "Kyiv will sta…"'
        assert len(short) == 60
        assert finding_line(position, width=45).endswith("(statement)")
        assert finding_line(position, width=30) == "  Ukraine supports neutrality…"

    def test_render_width(self) -> None:
        """Long titles are shortened with an ellipsis to fit the width."""
        text = render_report(Corpus([Article(title="x" * 200)]), width=60)

        rows = text.splitlines()[3:]
        assert len(rows) == 1
        assert len(rows[0]) == 60
        assert rows[0].endswith("x…")

    def test_untitled(self) -> None:
        """An article without a title is shown as untitled."""
        text = render_report(Corpus([Article(text="body")]))

        assert text.splitlines()[3].endswith("(untitled)")

    def test_figures_without_one_unit_leave_the_table_out(self) -> None:
        """Figures on one metric in units that do not convert: the report
        says why it has no proposals table and lists everything else."""
        corpus = Corpus([Article(title="Talks", text="body")])
        odd = pt.Findings(
            [Demand("Ukraine", "grain", Quantity(5, unit=u)) for u in ("km", "days")]
        )

        text = render_report(corpus, findings=odd)

        assert "The proposals table is left out" in text
        assert "does not convert" in text
        assert "Talks" in text


class TestConvert:
    @pytest.mark.parametrize("start", ["jsonl", "csv", "json"])
    def test_round_trip_is_byte_identical(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str
    ) -> None:
        """Converting a file through every other format gives the same bytes."""
        first = tmp_path / f"a.{start}"
        pt.datasets.sample().save(first)
        previous = first
        for index, fmt in enumerate(["json", "csv", "jsonl", start], start=1):
            target = tmp_path / f"{index}.{fmt}"
            assert main(["convert", str(previous), "-o", str(target)]) == 0
            previous = target

        assert previous.read_bytes() == first.read_bytes()
        assert pt.load(previous) == pt.datasets.sample()
        err = capsys.readouterr().err
        assert f"wrote 5 articles to {previous}" in err

    def test_documented_round_trip(self, tmp_path: Path) -> None:
        """``convert a.jsonl -o b.json`` then ``-o c.jsonl`` gives a.jsonl back."""
        a, b, c = tmp_path / "a.jsonl", tmp_path / "b.json", tmp_path / "c.jsonl"
        _corpus().save(a)

        assert main(["convert", str(a), "-o", str(b)]) == 0
        assert main(["convert", str(b), "-o", str(c)]) == 0

        assert c.read_bytes() == a.read_bytes()

    @pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
    def test_findings(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        """Findings files are converted as findings, byte-stably."""
        findings: list[Finding] = [
            Position("Ukraine", "neutrality", "supports"),
            Demand("Russia", "troops", Quantity(85_000), target="Ukraine"),
        ]
        a, b, c = tmp_path / f"a.{fmt}", tmp_path / "b.json", tmp_path / f"c.{fmt}"
        pt.save_findings(findings, a)

        assert main(["convert", str(a), "-o", str(b)]) == 0
        assert main(["convert", str(b), "-o", str(c)]) == 0

        assert pt.load_findings(b) == findings
        assert c.read_bytes() == a.read_bytes()
        assert "wrote 2 findings" in capsys.readouterr().err

    def test_merge_inputs(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Several inputs become one file; an id already seen is kept once."""
        a, b, out = tmp_path / "a.csv", tmp_path / "b.jsonl", tmp_path / "all.json"
        _corpus().save(a)
        Corpus([_corpus()[1], Article(title="Third")]).save(b)

        assert main(["convert", str(a), str(b), "-o", str(out)]) == 0

        assert [x.title for x in pt.load(out)] == [
            "First, with a comma",
            "Second",
            "Third",
        ]
        assert "wrote 3 articles" in capsys.readouterr().err

    def test_format_option(self, tmp_path: Path) -> None:
        """--format picks the output format whatever the suffix."""
        a, out = tmp_path / "a.jsonl", tmp_path / "out.txt"
        _corpus().save(a)

        assert main(["convert", str(a), "-o", str(out), "--format", "csv"]) == 0

        assert pt.load(out, format="csv") == _corpus()

    def test_mixed_kinds(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Articles and findings cannot be converted into one file."""
        a, f = tmp_path / "a.jsonl", tmp_path / "f.jsonl"
        _corpus().save(a)
        pt.save_findings([Position("a", "i", "supports")], f)

        assert main(["convert", str(a), str(f), "-o", str(tmp_path / "o.json")]) == 2

        assert "cannot mix article and finding files" in capsys.readouterr().err
        assert not (tmp_path / "o.json").exists()

    def test_unknown_output_format(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output suffix peacetalks does not know exits with 1."""
        a = tmp_path / "a.jsonl"
        _corpus().save(a)

        assert main(["convert", str(a), "-o", str(tmp_path / "out.xml")]) == 1

        assert (
            "cannot tell the format from the suffix '.xml'" in capsys.readouterr().err
        )

    @pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
    def test_missing_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
    ) -> None:
        """A missing input exits with 1 and a message naming it, in every format."""
        path = tmp_path / f"missing{suffix}"

        assert main(["convert", str(path), "-o", str(tmp_path / "o.json")]) == 1

        assert str(path) in capsys.readouterr().err

    def test_failed_write_keeps_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --errors raise, a bad input leaves an existing output untouched."""
        good, bad, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "o.json"
        _corpus().save(good)
        bad.write_text('{"schema_version": 1}\n{"title": \n', encoding="utf-8")
        out.write_text("precious", encoding="utf-8")

        args = ["convert", str(good), str(bad), "-o", str(out), "--errors", "raise"]
        assert main(args) == 1

        assert out.read_text(encoding="utf-8") == "precious"
        assert f"{bad}:2:" in capsys.readouterr().err

    def test_bad_input_collected(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """By default a bad input is reported, the rest written, and the exit is 1."""
        good, bad, out = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "o.json"
        _corpus().save(good)
        bad.write_text('{"schema_version": 1}\n{"title": \n', encoding="utf-8")

        assert main(["convert", str(good), str(bad), "-o", str(out)]) == 1

        assert pt.load(out) == _corpus()
        err = capsys.readouterr().err
        assert f"peacetalks convert: error: {bad}:2:" in err
        assert "wrote 2 articles" in err


class TestUsage:
    @pytest.mark.parametrize(
        "argv",
        [[], ["frobnicate"], ["convert", "a.jsonl"], ["convert", "-o", "x.json"]],
    )
    def test_usage_errors(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A wrong command line exits with 2 and a usage message."""
        with pytest.raises(SystemExit) as info:
            main(argv)

        assert info.value.code == 2
        assert "usage: peacetalks" in capsys.readouterr().err

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the version and exits with 0."""
        with pytest.raises(SystemExit) as info:
            main(["--version"])

        assert info.value.code == 0
        assert capsys.readouterr().out == f"peacetalks {pt.__version__}\n"

    def test_help_lists_exit_codes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help documents the commands and the exit codes."""
        with pytest.raises(SystemExit):
            main(["--help"])

        out = capsys.readouterr().out
        assert "report" in out
        assert "convert" in out
        text = " ".join(out.split())
        assert "exit codes: 0 success 1 an input could not be read" in text
        assert "2 usage error: a wrong command line" in text


class TestModule:
    @pytest.mark.slow  # starts a Python process: about two seconds
    def test_python_dash_m(self) -> None:
        """``python -m peacetalks report`` prints the sample's summary."""
        source = Path(pt.__file__).resolve().parent.parent
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(source), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            "COLUMNS": "80",
        }

        result = subprocess.run(
            [sys.executable, "-m", "peacetalks", "report"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
            timeout=60,
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Proposals (each actor's latest figure):")
        articles = result.stdout.split("\n\n", 1)[1]
        assert articles.startswith("<Corpus: 5 articles, 2022-03 to 2025-01")
        assert articles.splitlines()[8] == ""
        assert "Russia demands troops ≤ 85,000 personnel" in result.stdout
        assert all(len(line) <= 80 for line in result.stdout.splitlines())
        assert result.stderr == (
            "peacetalks report: note: no PATH given: "
            "using the bundled sample (5 articles)\n"
        )
