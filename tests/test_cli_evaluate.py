"""Tests for ``peacetalks evaluate --workers N``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow  # process pools
class TestWorkers:
    @pytest.mark.parametrize("form", ["text", "json"])
    def test_same_output(self, form: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Two processes print what one prints: scores, misses and false hits."""
        argv = ["evaluate", "--gold", str(SEEDS), "--format", form]

        code_1, out_1, err_1 = run(capsys, *argv)
        code_2, out_2, err_2 = run(capsys, *argv, "--workers", "2")

        assert (code_1, code_2) == (0, 0)
        assert (out_2, err_2) == (out_1, err_1)
        if form == "json":
            data = json.loads(out_1)
            assert len(data["per_article"]) == len(pt.datasets.sample())
            assert data["misses"]
            assert data["false_hits"]
        else:
            assert "misses (" in out_1
            assert "false hits (" in out_1

    def test_articles_from_a_file(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        pools: list[int],
    ) -> None:
        """Articles read from a corpus file are scored the same in 2 processes."""
        corpus = tmp_path / "corpus.jsonl"
        pt.datasets.sample().save(corpus)
        argv = ["evaluate", "--gold", str(SEEDS), str(corpus), "--format", "json"]

        code_1, out_1, _ = run(capsys, *argv, "--workers", "1")
        code_2, out_2, _ = run(capsys, *argv, "--workers", "2")

        assert pools == [2]  # --workers reached the extraction
        assert (code_1, code_2) == (0, 0)
        assert out_2 == out_1
        assert json.loads(out_1)["unannotated"] == []

    @pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", ""])
    def test_bad_workers(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """``--workers`` takes a whole number of at least 1: else exit code 2."""
        with pytest.raises(SystemExit) as exited:
            main(["evaluate", "--gold", str(SEEDS), "--workers", value])

        out, err = capsys.readouterr()
        assert exited.value.code == 2
        assert out == ""
        assert (
            f"argument --workers: expected a whole number of at least 1, "
            f"got {value!r}" in err
        )
