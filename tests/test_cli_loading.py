"""Tests for the loading options of ``peacetalks report`` and ``peacetalks convert``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks.cli import main
from tests.archives import STORY, article_bytes, write_zip

LOADING = Path(__file__).parent / "fixtures" / "loading"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture tree without its undecodable file: everything loads."""
    root = tmp_path / "news"
    shutil.copytree(LOADING, root)
    shutil.rmtree(root / "broken")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestReport:
    def test_folder_with_sidecar(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report FOLDER --sidecar lists every article with its sidecar date."""
        code, out, err = run(
            capsys, "report", str(folder), "--sidecar", str(folder / "dates.csv")
        )

        assert code == 0
        lines = out.splitlines()
        assert lines[0].startswith("<Corpus: 5 articles, 2022-03-29 to 2022-04")
        rows = [line.split() for line in lines[3:8]]
        assert [row[1] for row in rows] == [
            "2022-03-29",
            "2022-03-30",
            "2022-04",
            "2022-04-02",
            "2022-03-31",
        ]
        assert "dates.csv" not in out + err
        assert "error" not in err

    def test_failed_file_exit_1_others_shown(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that fails gives exit code 1, names it; the others are shown."""
        code, out, err = run(
            capsys, "report", str(LOADING), "--sidecar", str(LOADING / "dates.csv")
        )

        assert code == 1
        assert out.startswith("<Corpus: 5 articles")
        assert "peacetalks report: error: " in err
        assert "broken/undecodable.txt:3:" in err
        assert "DecodeError" in err

    def test_errors_raise(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--errors raise stops at the first failure, printing no table."""
        code, out, err = run(
            capsys,
            "report",
            str(LOADING),
            "--sidecar",
            str(LOADING / "dates.csv"),
            "--errors",
            "raise",
        )

        assert code == 1
        assert out == ""
        assert "undecodable.txt:3:" in err

    def test_problem_is_a_warning(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An impossible date is a warning on stderr; the exit code stays 0."""
        (tmp_path / "a.txt").write_bytes(article_bytes("Talks", "Body.", "20221399"))

        code, out, err = run(capsys, "report", str(tmp_path))

        assert code == 0
        assert "unknown" in out
        assert "warning:" in err
        assert "20221399" in err


class TestConvert:
    def test_folder_and_zip(
        self, tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert FOLDER bundle.zip -o out.jsonl writes both inputs' articles."""
        bundle = write_zip(
            tmp_path / "bundle.zip",
            [
                ("x.txt", article_bytes("Ceasefire talks in Geneva", "Envoys met.")),
                ("y.md", article_bytes("Grain corridor reopens", "Ships sailed.")),
            ],
        )
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys,
            "convert",
            str(folder),
            str(bundle),
            "--sidecar",
            str(folder / "dates.csv"),
            "-o",
            str(out),
        )

        assert code == 0
        assert "wrote 7 articles" in err
        corpus = pt.load(out)
        assert len(corpus) == 7
        assert corpus[-1].path == f"{bundle.as_posix()}!/y.md"
        assert corpus == pt.load([folder, bundle], sidecar=folder / "dates.csv")

    def test_map(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--map COLUMN=FIELD names a table's columns (repeatable)."""
        table = tmp_path / "news.csv"
        table.write_text(
            "head,story,when\nTalks resume,Negotiators met.,2022-03-29\n",
            encoding="utf-8",
        )
        out = tmp_path / "out.json"

        code, _, _ = run(
            capsys,
            "convert",
            str(table),
            "--map",
            "head=title",
            "--map",
            "story=text",
            "--map",
            "when=published",
            "-o",
            str(out),
        )

        assert code == 0
        [article] = pt.load(out)
        assert (article.title, article.text) == ("Talks resume", "Negotiators met.")
        assert article.published.label == "2022-03-29"

    def test_map_headline(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--map headline=title works as the help text says."""
        table = tmp_path / "news.csv"
        table.write_text("headline,body\nTalks,Body.\n", encoding="utf-8")
        out = tmp_path / "out.jsonl"

        assert (
            main(["convert", str(table), "--map", "headline=title", "-o", str(out)])
            == 0
        )
        assert [a.title for a in pt.load(out)] == ["Talks"]

    @pytest.mark.parametrize("bad", ["headline", "=title", "headline="])
    def test_bad_map(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
    ) -> None:
        """A malformed --map is an error naming it; nothing is written."""
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys, "convert", str(LOADING), "--map", bad, "-o", str(out)
        )

        assert code == 1
        assert "--map takes COLUMN=FIELD" in err
        assert not out.exists()

    def test_default_collect_writes_the_others(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """By default a failed file gives exit 1, and the others are written."""
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys,
            "convert",
            str(LOADING),
            "--sidecar",
            str(LOADING / "dates.csv"),
            "-o",
            str(out),
        )

        assert code == 1
        assert "undecodable.txt:3:" in err
        assert "wrote 5 articles" in err
        assert len(pt.load(out)) == 5

    def test_errors_raise_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--errors raise stops at the first failure; no output file."""
        out = tmp_path / "out.jsonl"

        code, _, err = run(
            capsys,
            "convert",
            str(LOADING),
            "--sidecar",
            str(LOADING / "dates.csv"),
            "--errors",
            "raise",
            "-o",
            str(out),
        )

        assert code == 1
        assert "undecodable.txt" in err
        assert not out.exists()

    def test_broken_json_input_does_not_stop_others(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken .json input is one failure; the other input is written.

        Regression: cli._is_findings once let sniff_kind's DecodeError stop
        the command before anything was loaded.
        """
        good = tmp_path / "good.txt"
        good.write_bytes(article_bytes("Talks resume", "Negotiators met."))
        bad = tmp_path / "bad.json"
        bad.write_text("{not json", encoding="utf-8")
        out = tmp_path / "out.jsonl"

        code, _, err = run(capsys, "convert", str(good), str(bad), "-o", str(out))

        assert code == 1
        assert "bad.json" in err
        assert [a.title for a in pt.load(out)] == ["Talks resume"]

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("news.csv", "headline,text,type\nTalks,Body one.,news\n"),
            ("news.jsonl", '{"title": "Talks", "text": "Body one.", "type": "news"}\n'),
        ],
    )
    def test_foreign_table_with_type_column(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        name: str,
        content: str,
    ) -> None:
        """Someone's table with a "type" column is articles, not findings.

        Bug: native.sniff_kind calls any CSV with a "type" column, and any
        JSONL object with a "type" key, findings; convert then reads the
        news export as findings and fails.
        """
        table = tmp_path / name
        table.write_text(content, encoding="utf-8")
        out = tmp_path / "out.jsonl"

        code, _, _ = run(
            capsys, "convert", str(table), "--map", "headline=title", "-o", str(out)
        )

        assert code == 0
        [article] = pt.load(out)
        assert (article.title, article.extra["type"]) == ("Talks", "news")

    def test_no_clean(
        self, tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--no-clean keeps debris lines in the text."""
        source = folder / "2022" / "03" / "istanbul_talks.txt"
        cleaned, kept = tmp_path / "c.jsonl", tmp_path / "k.jsonl"

        assert main(["convert", str(source), "-o", str(cleaned)]) == 0
        assert main(["convert", str(source), "--no-clean", "-o", str(kept)]) == 0

        [with_debris] = pt.load(kept)
        [without] = pt.load(cleaned)
        assert "Share this article" in with_debris.text
        assert "removed" not in with_debris.extra
        assert "Share this article" not in without.text
        assert without.extra["removed"][0] == "Share this article"

    def test_duplicates_keep_first(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--duplicates keep-first drops the syndicated copy; notes the cluster."""
        source = tmp_path / "in"
        source.mkdir()
        (source / "a.txt").write_bytes(article_bytes("Talks resume", STORY))
        (source / "b.txt").write_bytes(
            article_bytes("Negotiators meet again", STORY + " (Reporting by AP.)")
        )
        (source / "c.txt").write_bytes(article_bytes("Grain deal", "Ships left."))
        out_all, out_first = tmp_path / "all.jsonl", tmp_path / "first.jsonl"

        code_all, _, err_all = run(capsys, "convert", str(source), "-o", str(out_all))
        code_first, _, err_first = run(
            capsys,
            "convert",
            str(source),
            "--duplicates",
            "keep-first",
            "-o",
            str(out_first),
        )

        assert (code_all, code_first) == (0, 0)
        assert [a.title for a in pt.load(out_all)] == [
            "Talks resume",
            "Negotiators meet again",
            "Grain deal",
        ]
        assert [a.title for a in pt.load(out_first)] == ["Talks resume", "Grain deal"]
        assert "note: duplicates: 1 cluster (1 near), 1 duplicate kept" in err_all
        assert "note: duplicates: 1 cluster (1 near), 1 duplicate dropped" in err_first

    def test_dayfirst_and_encoding(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--dayfirst and --encoding reach the loader."""
        path = tmp_path / "a.txt"
        path.write_bytes(
            "Talks in Genève\n03/04/2022\n\nDélégués \x81 met.\n".encode("latin-1")
        )
        out = tmp_path / "out.jsonl"

        code, _, _ = run(
            capsys,
            "convert",
            str(path),
            "--dayfirst",
            "--encoding",
            "latin-1",
            "-o",
            str(out),
        )

        assert code == 0
        [article] = pt.load(out)
        assert article.published.label == "2022-04-03"
        assert article.title == "Talks in Genève"

    def test_pattern(
        self, tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--pattern selects files inside folders."""
        out = tmp_path / "out.jsonl"

        code, _, _ = run(
            capsys, "convert", str(folder), "--pattern", "opinion/*", "-o", str(out)
        )

        assert code == 0
        assert sorted(Path(a.path or "").name for a in pt.load(out)) == [
            "front_matter.md",
            "with_footer.txt",
        ]

    @pytest.mark.parametrize(
        "option",
        [
            ["--errors", "ignore"],
            ["--duplicates", "drop"],
            ["--dayfirst", "--monthfirst"],
        ],
    )
    def test_usage_errors(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
    ) -> None:
        """Bad option values are usage errors (exit code 2)."""
        with pytest.raises(SystemExit) as info:
            main(["convert", str(LOADING), *option, "-o", str(tmp_path / "o.jsonl")])

        assert info.value.code == 2
