"""The scripts and the notebook in ``examples/`` run and show what they claim.

Each script runs as a user would run it, in a fresh interpreter
(``sys.executable``, warnings as errors), with its output folder in
``tmp_path``; the tests check the exit code, key lines of the output and the
files written. The notebook's code cells run in order in one namespace,
without Jupyter, and its JSON is checked to be a clean nbformat 4 notebook
with no stored outputs.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest

mpl.use("Agg")  # no display in tests

import matplotlib.pyplot as plt

import peacetalks as pt

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
NOTEBOOK = EXAMPLES / "tutorial.ipynb"
#: Where the tested peacetalks lives, so that the scripts import the same one.
SOURCE = Path(pt.__file__).resolve().parent.parent

# Each example script and the notebook in a subprocess (run with -m slow).
pytestmark = pytest.mark.slow


def run(
    script: Path, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as ``python -W error script args`` and return the result."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-W", "error", str(script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
        timeout=120,
    )


def ok(script: str, *args: str, cwd: Path) -> list[str]:
    """Run a script that must succeed silently on stderr; its output lines."""
    result = run(EXAMPLES / script, *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


# ---------------------------------------------------------------------------
# The scripts, as files
# ---------------------------------------------------------------------------


class TestScripts:
    def test_at_least_three_scripts_and_a_notebook(self) -> None:
        """The folder holds the numbered scripts and the tutorial notebook."""
        names = [path.name for path in SCRIPTS]
        assert len(names) >= 3
        assert names[:3] == [
            "01_load_and_extract.py",
            "02_compare_proposals.py",
            "03_export_and_plot.py",
        ]
        assert NOTEBOOK.is_file()

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
    def test_docstring_says_what_and_how(self, script: Path) -> None:
        """Each script opens with a docstring that gives its command line."""
        docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
        assert docstring is not None
        assert len(docstring.splitlines()[0]) <= 79
        assert f"python examples/{script.name}" in docstring

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
    def test_public_api_only(self, script: Path) -> None:
        """Scripts import nothing private from peacetalks."""
        tree = ast.parse(script.read_text(encoding="utf-8"))
        imported: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
        ours = [name for name in imported if name.split(".")[0] == "peacetalks"]
        assert ours
        for name in ours:
            assert not any(part.startswith("_") for part in name.split(".")), name

    # ---------------------------------------------------------------------------
    # The scripts, run
    # ---------------------------------------------------------------------------

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
    def test_help(self, script: Path, tmp_path: Path) -> None:
        """``--help`` shows the docstring's first line and writes nothing."""
        lines = ok(script.name, "--help", cwd=tmp_path)
        docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
        assert docstring is not None
        assert lines[0].startswith("usage: ")
        assert docstring.splitlines()[0] in " ".join(lines)
        assert list(tmp_path.iterdir()) == []


class TestLoadAndExtract:
    def test_output_and_files(self, tmp_path: Path) -> None:
        """01 lists the sample, prints the findings and saves them twice."""
        out = tmp_path / "out"
        lines = ok("01_load_and_extract.py", str(out), cwd=tmp_path)

        assert lines[0] == "<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>"
        assert "<Findings: 88 positions, 7 demands from 5 articles>" in lines
        assert "  Russia demands troops ≤ 85,000 personnel (target Ukraine)" in lines
        assert "  Ukraine demands troops ≤ 250,000 personnel (target Ukraine)" in lines
        assert "  Ukraine opposes nato_membership (offer, hypothetical)" in lines
        assert "read back equal: True" in lines

        expected = pt.datasets.sample().extract()
        assert pt.load_findings(out / "findings.jsonl") == list(expected)
        records = pt.Findings.load(out / "findings-records.csv")
        assert len(records) == len(expected) == 95
        assert [(d.actor, d.quantity.value) for d in records.demands][1:2] == [
            ("Russia", 85000.0)
        ]

    def test_default_folder_is_a_new_temporary_one(self, tmp_path: Path) -> None:
        """Without an argument, the files go into a new folder under TMPDIR."""
        result = run(
            EXAMPLES / "01_load_and_extract.py",
            cwd=tmp_path,
            env={"TMPDIR": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
        (written,) = tmp_path.glob("peacetalks-*/findings.jsonl")
        assert f"wrote 95 findings to {written}" in result.stdout.splitlines()


class TestCompareProposals:
    def test_output(self, tmp_path: Path) -> None:
        """02 prints the table, a comparison, the moves, stances and the check."""
        lines = ok("02_compare_proposals.py", cwd=tmp_path)

        assert (
            "troops           personnel  ≤ 85,000  ≤ 250,000  165,000   2.94" in lines
        )
        assert (
            "troops: Russia ≤ 85,000 personnel, Ukraine ≤ 250,000 personnel; "
            "gap 165,000, ratio 2.94"
        ) in lines
        assert "more restrictive: Russia" in lines
        assert (
            "Russia troops (target Ukraine): ≤ 50,000 (2022-03-07) → "
            "≤ 85,000 (2022-04-15): concession"
        ) in lines
        assert (
            "troops: United States ≤ 600,000 personnel, Europe ≤ 800,000 "
            "personnel; gap 200,000, ratio 1.33"
        ) in lines
        assert "  eu_membership        Russia opposes, Ukraine supports" in lines
        assert "  nato_membership      both opposes" in lines
        assert "Russia   troops             85,000 personnel confirmed" in lines
        statuses = [line.split()[-1] for line in lines if line.startswith("Russia  ")]
        statuses += [line.split()[-1] for line in lines if line.startswith("Ukraine  ")]
        assert sorted(statuses) == ["confirmed"] * 6 + ["unknown"]
        # The reference table of the Istanbul draft closes the output.
        assert lines[-2].startswith("missile_range     km             ≤ 40      ≤ 280")
        assert list(tmp_path.iterdir()) == []


class TestExportAndPlot:
    def test_output_and_files(self, tmp_path: Path) -> None:
        """03 prints data frames and writes the records, the corpus and charts."""
        out = tmp_path / "charts"
        lines = ok("03_export_and_plot.py", str(out), cwd=tmp_path)

        assert "articles: 5 rows x 10 columns" in lines
        assert "demands: 7 rows" in lines
        assert "read back: True" in lines
        assert f"wrote 7 files to {out}:" in lines

        assert pt.load(out / "sample.jsonl") == pt.datasets.sample()
        for name in ("findings.csv", "findings.jsonl"):
            assert len(pt.Findings.load(out / name)) == 95
        with (out / "proposals.csv").open(encoding="utf-8", newline="") as handle:
            rows = {row["metric"]: row for row in csv.DictReader(handle)}
        assert float(rows["troops"]["Russia"]) == 85_000
        assert float(rows["troops"]["Ukraine"]) == 250_000
        assert float(rows["missile_range"]["gap"]) == 240

        for name in ("proposals.svg", "troops-timeline.svg"):
            svg = (out / name).read_text(encoding="utf-8")
            assert svg.lstrip().startswith("<?xml")
            assert "<svg" in svg
        assert (out / "stances.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


class TestCustomLexicon:
    def test_output(self, tmp_path: Path) -> None:
        """04 writes a lexicon, reads it and runs extraction and comparison."""
        lines = ok("04_custom_lexicon.py", str(tmp_path), cwd=tmp_path)

        lexicon = pt.Lexicon.from_toml(tmp_path / "arland-belmont.toml")
        assert lexicon.actor_names == ("Arland", "Belmont", "Arland and Belmont")
        assert str(lexicon) in lines
        assert "  Ostrova speaks for Arland" in lines
        assert "<Findings: 5 positions, 5 demands from 4 articles>" in lines
        assert (
            "  Arland demands buffer_zone_width = 20 km "
            "(target Arland and Belmont, by Mara Ostrova)"
        ) in lines
        assert (
            "buffer_zone_width: Arland = 10 km, Belmont ≤ 5 km; gap 5, ratio 0.50"
        ) in lines
        # Nothing of the default lexicon leaks in.
        assert not [line for line in lines if "Russia" in line or "Ukraine" in line]


# ---------------------------------------------------------------------------
# The notebook
# ---------------------------------------------------------------------------


def notebook() -> dict[str, Any]:
    """The notebook's JSON."""
    data: dict[str, Any] = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return data


def code_cells() -> list[str]:
    """The source of each code cell, in order."""
    return [
        "".join(cell["source"])
        for cell in notebook()["cells"]
        if cell["cell_type"] == "code"
    ]


@pytest.fixture
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


class TestNotebook:
    def test_valid_nbformat_4_without_outputs(self) -> None:
        """The notebook is nbformat 4 JSON, with outputs and counts stripped."""
        data = notebook()
        assert data["nbformat"] == 4
        assert data["nbformat_minor"] >= 4
        assert data["metadata"]["kernelspec"]["language"] == "python"
        cells = data["cells"]
        assert {cell["cell_type"] for cell in cells} == {"markdown", "code"}
        assert cells[0]["cell_type"] == "markdown"
        assert cells[0]["source"][0].startswith("# ")
        for cell in cells:
            assert isinstance(cell["metadata"], dict)
            assert all(isinstance(line, str) for line in cell["source"])
            if cell["cell_type"] == "code":
                assert cell["outputs"] == []
                assert cell["execution_count"] is None
            else:
                assert "outputs" not in cell
        if data["nbformat_minor"] >= 5:
            ids = [cell["id"] for cell in cells]
            assert len(set(ids)) == len(ids)

    def test_code_is_valid_python_without_magics(self) -> None:
        """Every code cell parses as Python: no IPython magics or shell lines."""
        for source in code_cells():
            ast.parse(source)
            assert not source.lstrip().startswith(("%", "!"))

    def test_tells_the_same_story(self) -> None:
        """The notebook goes through the steps that the scripts show."""
        code = "\n".join(code_cells())
        for call in (
            "pt.datasets.sample()",
            "corpus.extract()",
            "pt.proposals_table(",
            "pt.compare(",
            "pt.moves(",
            "pt.stance_matrix(",
            "pt.datasets.check(",
            ".to_pandas()",
            "save_records(",
            "plot_proposals(",
            "plot_stances(",
        ):
            assert call in code, call

    @pytest.mark.usefixtures("close_figures")
    def test_cells_run_in_order(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The code cells run top to bottom in one namespace, as in Jupyter."""
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        namespace: dict[str, Any] = {"__name__": "__main__"}
        for number, source in enumerate(code_cells(), start=1):
            code = compile(source, f"{NOTEBOOK.name}, code cell {number}", "exec")
            exec(code, namespace)  # running the notebook is the test

        table = namespace["table"]
        assert table.row("troops").cell("Russia") == "≤ 85,000"
        assert table.row("troops").cell("Ukraine") == "≤ 250,000"
        result = namespace["result"]
        assert (result.gap, result.midpoint, result.more_restrictive) == (
            165_000.0,
            167_500.0,
            "Russia",
        )
        statuses = [check.status.value for check in namespace["checks"]]
        assert sorted(statuses) == ["confirmed"] * 6 + ["unknown"]
        frame = namespace["table_frame"]
        assert frame.loc["tanks", ["Russia", "Ukraine"]].tolist() == [342.0, 800.0]

        folder = namespace["folder"]
        assert folder.parent == tmp_path
        assert {path.name for path in folder.iterdir()} == {
            "findings.csv",
            "findings.jsonl",
            "proposals.csv",
            "proposals.svg",
            "stances.png",
        }
        printed = capsys.readouterr().out
        assert "<Findings: 88 positions, 7 demands from 5 articles>" in printed
        assert "common ground: ceasefire, foreign_weapons" in printed
