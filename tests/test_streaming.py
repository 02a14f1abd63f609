"""Tests that ``peacetalks extract`` streams: articles in, records out, flat memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import Article, Position
from peacetalks.cli import main
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.io.loader import Loader
from peacetalks.io.native import write_jsonl
from peacetalks.serialize import Finding

# Memory measured on generated corpora, and worker pools (run with -m slow).
pytestmark = pytest.mark.slow

FILLER = " ".join(
    f"Delegates met in room {n} and went through the agenda at length."
    for n in range(8)
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _records_file(path: Path, count: int) -> Path:
    """Someone's JSON Lines records: ``count`` articles of about 500 bytes each."""
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            record = {"headline": f"Talks, day {number}", "body": f"{FILLER} {number}."}
            handle.write(json.dumps(record) + "\n")
    return path


def _one_position(self: RuleExtractor, article: Article) -> list[Finding]:
    """A quick stand-in for extraction: one position quoting the first word."""
    return [
        Position("Russia", "neutrality", "supports", evidence=article.evidence(0, 9))
    ]


class TestConstantMemory:
    def test_peak_does_not_grow_with_the_corpus(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Ten times the articles: the peak grows by the ids kept, not the texts."""
        # Extraction itself is per article; what is measured here is the
        # path around it: reading, extracting, writing as it goes.
        monkeypatch.setattr(RuleExtractor, "extract", _one_position)
        run(capsys, "extract", str(_records_file(tmp_path / "warm.jsonl", 1)))
        peaks = []
        for count in (500, 5_000):
            source = _records_file(tmp_path / f"in{count}.jsonl", count)
            out = tmp_path / f"out{count}.jsonl"
            tracemalloc.start()
            try:
                code, _, err = run(capsys, "extract", str(source), "-o", str(out))
                peaks.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
            assert code == 0, err
            assert f"{count} positions and 0 demands from {count} articles" in err
            assert len(out.read_text(encoding="utf-8").splitlines()) == count

        # 4,500 more articles hold 2.3 MB of text, and more as articles;
        # the stream keeps only their ids (about 100 bytes each).
        assert peaks[1] - peaks[0] < 1_000_000, peaks

    def test_articles_are_read_as_records_are_written(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Each article's records are written before the next article is read."""
        events: list[str] = []
        original = Loader.iter

        def reading(self: Loader, source: object) -> object:
            for article in original(self, source):  # type: ignore[arg-type]  # the loader's own source
                events.append("read")
                yield article

        def extracting(self: RuleExtractor, article: Article) -> list[Finding]:
            events.append("extract")
            return _one_position(self, article)

        monkeypatch.setattr(Loader, "iter", reading)
        monkeypatch.setattr(RuleExtractor, "extract", extracting)
        source = _records_file(tmp_path / "in.jsonl", 4)

        code, out, _ = run(capsys, "extract", str(source))

        assert code == 0
        assert events == ["read", "extract"] * 4
        assert len(out.splitlines()) == 4


class TestStreamedOutput:
    def test_workers_write_what_one_process_writes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--workers 2`` writes the same bytes as the serial run, in order."""
        source = tmp_path / "corpus.jsonl"
        write_jsonl(source, list(pt.datasets.sample()) * 1)
        serial, parallel = tmp_path / "serial.csv", tmp_path / "parallel.csv"

        code_1, _, err_1 = run(capsys, "extract", str(source), "-o", str(serial))
        code_2, _, err_2 = run(
            capsys, "extract", str(source), "--workers", "2", "-o", str(parallel)
        )

        assert (code_1, code_2) == (0, 0)
        assert parallel.read_bytes() == serial.read_bytes()
        assert err_2 == err_1.replace("serial.csv", "parallel.csv")
        assert len(serial.read_text(encoding="utf-8").splitlines()) > 10

    def test_same_story_twice_is_extracted_once(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A repeated id is read once, as `Loader.load` does, and noted."""
        record = {"headline": "Talks", "body": "Russia wants to cap Ukraine's army."}
        (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        (tmp_path / "b.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")

        code, out, err = run(capsys, "extract", str(tmp_path), "--format", "jsonl")
        _, loaded, _ = run(
            capsys, "extract", str(tmp_path), "--duplicates", "keep-first"
        )

        assert code == 0
        assert out == loaded
        assert {json.loads(line)["path"] for line in out.splitlines()} == {
            (tmp_path / "a.jsonl").as_posix()
        }
        assert "note: duplicates: 1 cluster (1 exact), 1 duplicate kept once" in err
        assert "from 1 article" in err

    def test_failure_half_way_keeps_the_old_file(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Records go to a temporary file as they come; a failure leaves the old."""
        out = tmp_path / "findings.jsonl"
        out.write_text("precious", encoding="utf-8")
        source = _records_file(tmp_path / "in.jsonl", 50)

        def fail_late(self: RuleExtractor, article: Article) -> list[Finding]:
            if article.title == "Talks, day 40":
                raise pt.ValidationError(["$.text: boom"], path=article.path)
            return _one_position(self, article)

        monkeypatch.setattr(RuleExtractor, "extract", fail_late)

        code, _, err = run(capsys, "extract", str(source), "-o", str(out))

        assert code == 1
        assert "$.text: boom" in err
        assert out.read_text(encoding="utf-8") == "precious"
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "findings.jsonl",
            "in.jsonl",
        ]

    def test_bad_workers(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--workers`` takes a whole number of at least 1."""
        with pytest.raises(SystemExit) as exited:
            main(["extract", "--workers", "0"])

        assert exited.value.code == 2
        assert "expected a whole number of at least 1, got '0'" in (
            capsys.readouterr().err
        )


class TestWorkersElsewhere:
    @pytest.mark.parametrize(
        "argv", [["report", "--format", "json"], ["compare", "--format", "csv"]]
    )
    def test_same_output(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``report`` and ``compare`` extract in N processes to the same output."""
        code_1, out_1, _ = run(capsys, *argv)
        code_2, out_2, _ = run(capsys, *argv, "--workers", "2")

        assert (code_1, code_2) == (0, 0)
        assert out_2 == out_1
        assert len(out_1) > 100
