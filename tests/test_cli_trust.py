# ruff: noqa: RUF001 -- typographic characters are what the encoding tests are about
"""Trusting the command line: what it writes over, what it shows, how it stops.

Issue 12: a mistyped input or an output that is an input never replaces a
good file; ``-o`` onto a FIFO, a device or a symbolic link never replaces
it with a regular file; text from input files cannot drive the terminal;
output in any encoding; Ctrl-C, SIGTERM and dead workers end with one
line.  The tests that run a real ``peacetalks`` process and send it
signals are marked ``slow``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import pathlib
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import cli, parallel
from peacetalks._terminal import ASCII_FORMS, Fallback, escape_controls, escape_lines
from peacetalks.cli import EXIT_CODES, main
from peacetalks.errors import DecodeError, WorkerError, WriteError
from peacetalks.findings import to_record
from peacetalks.io.atomic import atomic_write
from tests.archives import STORY, article_bytes, write_zip

#: The old output every test expects to find byte for byte.
PRECIOUS = b'{"schema_version": 1}\n{"title": "kept", "text": "do not lose me"}\n'

#: A name that would clear the screen and print a green lie if shown raw.
FORGED = "\x1b[2J\x1b[32mAll files read OK"

#: Characters that must never reach a terminal raw.
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + [
    "\u061c",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path) -> list[str]:
    """Temporary files of atomic writes left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    """An existing output file that must survive a failed run."""
    path = tmp_path / "precious.jsonl"
    path.write_bytes(PRECIOUS)
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """One readable article."""
    path = tmp_path / "in" / "talks.txt"
    path.parent.mkdir()
    path.write_bytes(article_bytes("Talks resume", STORY))
    return path


#: Each command that writes a file, as the arguments after its inputs.
WRITERS = {
    "convert": ["convert", "{inputs}", "-o", "{out}"],
    "extract": ["extract", "{inputs}", "-o", "{out}"],
    "extract --format csv": [
        "extract",
        "{inputs}",
        "--format",
        "csv",
        "-o",
        "{out}",
    ],
    "compare": ["compare", "{inputs}", "--format", "json", "-o", "{out}"],
    "report -o": ["report", "{inputs}", "--format", "json", "-o", "{out}"],
    "report --html": ["report", "{inputs}", "--html", "{out}"],
}


def argv(command: str, inputs: list[Path | str], out: Path | str) -> list[str]:
    words: list[str] = []
    for word in WRITERS[command]:
        if word == "{inputs}":
            words.extend(map(str, inputs))
        else:
            words.append(word.replace("{out}", str(out)))
    return words


class TestMistypedInput:
    @pytest.mark.parametrize("command", WRITERS)
    def test_missing_input_leaves_the_output(
        self,
        command: str,
        precious: Path,
        article: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A named input that does not exist: exit 1, the old file byte-identical.

        Even with a good input beside it: the run does not start.
        """
        typo = precious.parent / "typo.jsonl"

        code, out, err = run(capsys, *argv(command, [article, typo], precious))

        assert code == 1
        assert precious.read_bytes() == PRECIOUS
        name = command.split()[0]
        assert err == f"peacetalks {name}: error: {typo}: no such file or folder\n"
        assert out == ""
        assert leftovers(precious.parent) == []

    @pytest.mark.parametrize("command", WRITERS)
    def test_missing_folder_leaves_the_output(
        self, command: str, precious: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``extract typo-dir -o keep.csv`` and the like write nothing."""
        typo = precious.parent / "typo-dir"

        code, _, err = run(capsys, *argv(command, [typo], precious))

        assert code == 1
        assert precious.read_bytes() == PRECIOUS
        assert f"{typo}: no such file or folder" in err

    @pytest.mark.parametrize("command", WRITERS)
    def test_nothing_read_abandons_the_write(
        self, command: str, precious: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every input failed: the write is abandoned, not committed.

        ``extract`` streams its output through ``atomic_write``: the end of
        the articles, with none read, raises inside the write.
        """
        broken = precious.parent / "broken.json"
        broken.write_text("{not json", encoding="utf-8")

        code, out, err = run(capsys, *argv(command, [broken], precious))

        assert code == 1
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []
        lines = err.splitlines()
        assert lines[0].startswith(
            f"peacetalks {command.split()[0]}: error: {broken}:1"
        )
        assert lines[-1].endswith(f"no input could be read: {precious} was not written")
        assert out == ""

    def test_nothing_read_writes_nothing_to_stdout(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No empty table for an input that could not be read ('no proposals')."""
        broken = tmp_path / "broken.json"
        broken.write_text("{not json", encoding="utf-8")

        code, out, err = run(capsys, "compare", str(broken))

        assert (code, out) == (1, "")
        assert err.endswith("error: no input could be read\n")

    @pytest.mark.parametrize("command", WRITERS)
    def test_no_article_in_the_input(
        self, command: str, precious: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder of files that are all passed over is said out loud, exit 1.

        Nothing failed, yet nothing was read: before, the run wrote an
        empty output over the old file and exited 0.
        """
        folder = precious.parent / "news"
        folder.mkdir()
        (folder / "notes.pdf").write_bytes(b"%PDF")
        (folder / "found.jsonl").write_text(
            json.dumps(to_record(pt.Position("Russia", "neutrality", "supports")))
            + "\n",
            encoding="utf-8",
        )

        code, out, err = run(capsys, *argv(command, [folder], precious))

        assert (code, out) == (1, "")
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []
        assert err.splitlines()[-1] == (
            f"peacetalks {command.split()[0]}: error: no article in the input "
            f"(2 files passed over: {folder.as_posix()}/found.jsonl, "
            f"{folder.as_posix()}/notes.pdf): {precious} was not written"
        )

    def test_an_empty_file_is_no_empty_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An empty JSON Lines file is no input, not 'no proposals' and exit 0."""
        empty = tmp_path / "empty.jsonl"
        empty.write_bytes(b"")

        code, out, err = run(capsys, "compare", str(empty))

        assert (code, out) == (1, "")
        assert err.endswith("error: no article in the input\n")

    def test_a_good_input_among_bad_is_still_written(
        self, precious: Path, article: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One bad file loses nothing else: the others are written, exit 1."""
        broken = precious.parent / "broken.json"
        broken.write_text("{not json", encoding="utf-8")

        code, _, _ = run(
            capsys, "convert", str(article), str(broken), "-o", str(precious)
        )

        assert code == 1
        assert [a.title for a in pt.load(precious)] == ["Talks resume"]

    def test_a_pattern_is_the_loaders(
        self, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A glob pattern is not a missing file: the loader expands it."""
        out = tmp_path / "out.jsonl"

        code, _, _ = run(
            capsys, "convert", str(article.parent / "*.txt"), "-o", str(out)
        )

        assert code == 0
        assert len(pt.load(out)) == 1


def _hard_link(source: Path, link: Path) -> None:
    link.hardlink_to(source)


def _symlink(source: Path, link: Path) -> None:
    link.symlink_to(source)


class TestOutputIsInput:
    @pytest.mark.parametrize("command", ["convert", "extract", "compare", "report -o"])
    @pytest.mark.parametrize(
        "how", ["same", "hard link", "symbolic link", "pattern", "deep pattern"]
    )
    def test_refused(
        self, command: str, how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``extract corpus.jsonl -o corpus.jsonl``: exit 2, nothing written."""
        corpus = tmp_path / "corpus.jsonl"
        pt.datasets.sample().save(corpus)
        before = corpus.read_bytes()
        output, given = corpus, str(corpus)
        if how == "hard link":
            output = tmp_path / "hard.jsonl"
            _hard_link(corpus, output)
        elif how == "symbolic link":
            output = tmp_path / "link.jsonl"
            _symlink(corpus, output)
        elif how == "pattern":
            given = str(tmp_path / "*.jsonl")
        elif how == "deep pattern":
            given = str(tmp_path.parent / "**" / "c*[a-z].jsonl")

        code, out, err = run(capsys, *argv(command, [given], output))

        assert code == 2
        assert corpus.read_bytes() == before
        assert output.exists()
        verb = "is matched by" if "pattern" in how else "is"
        assert err == (
            f"peacetalks {command.split()[0]}: error: the output {output} {verb} the "
            f"input {given}: write another file\n"
        )
        assert out == ""

    @pytest.mark.slow  # a subprocess, bounded by a time-out
    def test_pattern_over_link_cycles_ends(self, tmp_path: Path) -> None:
        """Two links back to a folder do not make the check endless.

        The check expanded a glob input with `glob.glob`, which follows
        links to folders under ``**``: 2**depth paths.  It now decides from
        the output's path alone.
        """
        folder = tmp_path / "news"
        folder.mkdir()
        (folder / "a.txt").write_text("Talks resume\n\nDelegates met.\n")
        (folder / "loop1").symlink_to(folder, target_is_directory=True)
        (folder / "loop2").symlink_to(folder, target_is_directory=True)
        out = tmp_path / "out.jsonl"

        done = subprocess.run(
            [sys.executable, "-m", "peacetalks", "convert", f"{folder}/**/*.txt",
             "-o", str(out)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

        assert done.returncode == 0, done.stderr
        assert [a.title for a in pt.load(out)] == ["Talks resume"]

    def test_sidecar_is_an_input(
        self, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Writing over the sidecar the run reads is refused too."""
        sidecar = tmp_path / "meta.csv"
        sidecar.write_text("file,outlet\ntalks.txt,AP\n", encoding="utf-8")
        before = sidecar.read_bytes()

        code, _, err = run(
            capsys,
            "extract",
            str(article),
            "--sidecar",
            str(sidecar),
            "-o",
            str(sidecar),
        )

        assert code == 2
        assert sidecar.read_bytes() == before
        assert "is the input" in err

    def test_another_file_is_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A different file in the same folder is no input."""
        corpus = tmp_path / "corpus.jsonl"
        pt.datasets.sample().save(corpus)

        code, _, _ = run(capsys, "convert", str(corpus), "-o", str(tmp_path / "b.json"))

        assert code == 0


@pytest.fixture
def replace_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail any rename over something that is not a regular file.

    So that a regression in `atomic_write` fails the test instead of
    replacing the machine's /dev/null.
    """
    refused: list[str] = []
    replace = pathlib.Path.replace

    def guarded(self: Path, target: Any) -> Path:
        mode = Path(target).stat().st_mode if os.path.lexists(target) else None
        if mode is not None and not stat.S_ISREG(mode):
            refused.append(str(target))
            msg = f"refusing, in a test, to rename over {target}"
            raise AssertionError(msg)
        return replace(self, target)

    monkeypatch.setattr(pathlib.Path, "replace", guarded)
    return refused


def _character_device(tmp_path: Path) -> Path:
    """A character device like /dev/null in ``tmp_path``, or /dev/null itself.

    ``mknod`` needs CAP_MKNOD; without it the test writes to the system's
    /dev/null, under `replace_guard`.
    """
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        return Path(os.devnull)
    return device


@pytest.fixture
def fifo_reader(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], bytes]]]:
    """A FIFO and a function returning what a reader of it received."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def result() -> bytes:
        reader.join(timeout=30)
        return b"".join(received)

    yield fifo, result
    if reader.is_alive():  # never opened for writing: release the reader
        with fifo.open("wb"):
            pass


class TestOutputTargets:
    def test_fifo_is_written_to(
        self,
        fifo_reader: tuple[Path, Callable[[], bytes]],
        replace_guard: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``-o FIFO`` writes through it; the FIFO stays a FIFO."""
        fifo, received = fifo_reader

        code, _, _ = run(capsys, "extract", "-q", "--format", "jsonl", "-o", str(fifo))

        assert code == 0
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        records = [json.loads(line) for line in received().splitlines()]
        assert len(records) == len(pt.datasets.sample().extract())
        assert replace_guard == []

    def test_character_device_is_written_to(
        self,
        tmp_path: Path,
        replace_guard: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``-o`` a character device writes through it, never replaces it."""
        device = _character_device(tmp_path)

        code, _, err = run(capsys, "extract", "--format", "csv", "-o", str(device))

        assert code == 0, err
        assert stat.S_ISCHR(device.lstat().st_mode)
        assert replace_guard == []
        assert leftovers(tmp_path) == []

    def test_dev_null(
        self, replace_guard: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``-o /dev/null`` leaves /dev/null a character device."""
        code, _, _ = run(capsys, "compare", "--format", "csv", "-o", os.devnull)

        assert code == 0
        assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)
        assert replace_guard == []

    def test_symlink_is_kept(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``-o LINK`` replaces the file it points to, atomically; the link stays."""
        real = tmp_path / "data" / "findings.jsonl"
        real.parent.mkdir()
        real.write_bytes(b"old\n")
        link = tmp_path / "latest.jsonl"
        link.symlink_to(real)

        code, _, _ = run(capsys, "extract", "-q", "-o", str(link))

        assert code == 0
        assert link.is_symlink()
        assert link.readlink() == real
        assert len(pt.Findings.load(real)) == len(pt.datasets.sample().extract())
        assert leftovers(tmp_path) == leftovers(real.parent) == []

    def test_dangling_symlink_creates_its_target(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A link to a file not yet there: the file is made, the link kept."""
        real = tmp_path / "new.json"
        link = tmp_path / "link.json"
        link.symlink_to(real.name)

        code, _, _ = run(capsys, "compare", "-q", "-o", str(link))

        assert code == 0
        assert link.is_symlink()
        assert json.loads(real.read_text(encoding="utf-8"))

    def test_folder_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``-o FOLDER``: a WriteError (exit 1), the folder untouched."""
        folder = tmp_path / "out.json"
        folder.mkdir()

        code, _, err = run(capsys, "compare", "-q", "-o", str(folder))

        assert code == 1
        assert f"{folder}: a folder: refusing to write over it" in err
        assert folder.is_dir()
        assert list(folder.iterdir()) == []

    def test_atomic_write_through_a_link(self, tmp_path: Path) -> None:
        """atomic_write itself: a link's target is replaced, keeping its mode."""
        real = tmp_path / "real.txt"
        real.write_text("old", encoding="utf-8")
        real.chmod(0o640)
        link = tmp_path / "link.txt"
        link.symlink_to(real)

        with atomic_write(link) as handle:
            handle.write("new")

        assert link.is_symlink()
        assert real.read_text(encoding="utf-8") == "new"
        assert stat.S_IMODE(real.stat().st_mode) == 0o640

    def test_atomic_write_refuses_a_socket(self, tmp_path: Path) -> None:
        """Neither a regular file, a FIFO nor a character device: refused."""
        import socket

        path = tmp_path / "s"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
            with (
                pytest.raises(WriteError, match="not a regular file"),
                atomic_write(path),
            ):
                pass
            assert stat.S_ISSOCK(path.lstat().st_mode)


class TestBundledSample:
    @pytest.mark.parametrize("command", ["report", "extract", "compare", "evaluate"])
    def test_said_on_stderr(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No PATH: the run says it reads the bundled sample; -q silences it."""
        gold = tmp_path / "gold.jsonl"
        gold.write_text("", encoding="utf-8")
        extra = ["--gold", str(gold)] if command == "evaluate" else []
        note = (
            f"peacetalks {command}: note: no PATH given: "
            "using the bundled sample (5 articles)"
        )

        code, _, err = run(capsys, command, *extra)
        quiet_code, _, quiet_err = run(capsys, command, *extra, "-q")

        assert (code, quiet_code) == (0, 0)
        assert err.splitlines()[0] == note
        assert note not in quiet_err


def _copies(folder: Path, stories: int, copies: int) -> None:
    """``stories`` stories, each in ``copies`` files of its own.

    Stories share no word; the copies of one differ in punctuation only:
    exact duplicates with ids of their own (an id hashes title and text).
    """
    folder.mkdir()
    for story in range(stories):
        words = " ".join(f"w{story}x{n}" for n in range(40))
        for copy in range(copies):
            body = f"{words}." + "!" * copy
            name = folder / f"s{story:02d}-c{copy:02d}.txt"
            name.write_bytes(article_bytes(f"Headline {story}", body))


class TestReportNotes:
    def test_sidecar_row_for_no_file(
        self, article: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A sidecar row that matches no file read is a note on stderr."""
        sidecar = article.parent / "dates.csv"
        sidecar.write_text(
            f"file,date\n{article.name},2022-03-29\nghost.txt,2022-04-01\n",
            encoding="utf-8",
        )

        code, _, err = run(capsys, "report", str(article), "--sidecar", str(sidecar))
        _, _, quiet = run(
            capsys, "report", str(article), "--sidecar", str(sidecar), "-q"
        )

        assert code == 0
        assert (
            f"peacetalks report: note: {sidecar}:3: the entry for 'ghost.txt' "
            "matches no file that was read\n"
        ) in err
        assert quiet == ""

    def test_problems_name_their_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A field lost on line 3 of a table is a warning at file:3."""
        table = tmp_path / "news.csv"
        table.write_text(
            "title,text,date\nA,Talks went on.,2022-03-29\nB,Talks ended.,20221399\n",
            encoding="utf-8",
        )

        code, _, err = run(capsys, "report", str(table), "--no-findings")

        assert code == 0
        assert f"peacetalks report: warning: {table.as_posix()}:3: " in err


class TestDuplicatesNote:
    @pytest.mark.parametrize(
        ("policy", "done"),
        [
            ("keep-all", "kept (--duplicates keep-first or merge to drop them)"),
            (
                "keep-first",
                "dropped, the first of each kept (--duplicates keep-all to keep them)",
            ),
            (
                "merge",
                "merged into the first of each (--duplicates keep-all to keep them)",
            ),
        ],
    )
    def test_one_line_with_files(
        self, policy: str, done: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """11 stories in 50 copies each: one note, counts, the policy, a few files."""
        folder = tmp_path / "scraped"
        _copies(folder, 11, 50)

        code, _, err = run(
            capsys,
            "convert",
            str(folder),
            "--duplicates",
            policy,
            "-o",
            str(tmp_path / "out.jsonl"),
        )

        assert code == 0
        notes = [line for line in err.splitlines() if ": note: " in line]
        first = [folder / f"s00-c0{n}.txt" for n in (1, 2, 3)]
        assert notes == [
            (
                "peacetalks convert: note: duplicates: 11 clusters (11 exact), "
                f"539 duplicates {done}: {', '.join(map(str, first))} and 536 more"
            )
        ]

    def test_streamed_extract(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same article in two files, streamed: kept once, said once, by file."""
        first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
        sample = pt.datasets.sample()[:2]
        sample.save(first)
        sample.save(second)

        code, _, err = run(
            capsys, "extract", str(first), str(second), "-o", str(tmp_path / "f.csv")
        )

        assert code == 0
        assert err.splitlines()[0] == (
            "peacetalks extract: note: duplicates: 2 clusters (2 exact), "
            f"2 duplicates kept once (the same id): {sample[0].path}, {sample[1].path}"
        )

    def test_quiet_keeps_errors_and_warnings_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-q: no note of any kind; errors and warnings still show."""
        folder = tmp_path / "scraped"
        _copies(folder, 2, 3)
        (folder / "broken.json").write_text("{", encoding="utf-8")
        (folder / "odd.txt").write_bytes(article_bytes("Odd", "Body.", "20221399"))

        code, out, err = run(
            capsys, "convert", "-q", str(folder), "-o", str(tmp_path / "o.jsonl")
        )

        assert code == 1
        assert out == ""
        kinds = [line.split(": ")[1] for line in err.splitlines()]
        assert kinds == ["error", "warning"]


def _escape_free(text: str) -> bool:
    return not any(char in text for char in CONTROLS if char != "\n")


class TestEscaping:
    def test_archive_member_in_an_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An archive member named with ANSI escapes cannot clear the screen."""
        archive = write_zip(
            tmp_path / "news.zip",
            [
                (f"{FORGED}.json", b"{broken"),
                ("good.txt", article_bytes("Talks", STORY)),
            ],
        )

        code, _, err = run(
            capsys, "convert", str(archive), "-o", str(tmp_path / "o.jsonl")
        )

        assert code == 1
        assert "\x1b" not in err
        assert (
            "error: " + str(archive) + "!/\\x1b[2J\\x1b[32mAll files read OK.json"
            in err
        )

    def test_newline_in_a_name_cannot_forge_a_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file name with a newline stays on its message's line."""
        bad = tmp_path / "x\npeacetalks convert: wrote 0 articles.json"
        bad.write_text("{", encoding="utf-8")

        code, _, err = run(capsys, "report", str(bad))

        assert code == 1
        assert all(
            line.startswith("peacetalks report: error: ") for line in err.splitlines()
        )
        assert "x\\npeacetalks convert" in err

    def test_titles_and_quotes_on_stdout(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report and evaluate show input text with its controls escaped.

        JSON output is data: it keeps the text (JSON escapes the controls).
        """
        path = tmp_path / "evil\u202etxt.txt"
        quote = "Russia demanded\x1b]0;pwned\x07 that Ukraine cap its army at 85,000."
        path.write_bytes(article_bytes(f"{FORGED}\u202e", quote))
        gold = tmp_path / "gold.jsonl"
        gold.write_text(json.dumps({"file": "\x1b[31mnot-read.txt", "type": "position",
                                    "actor": "Russia", "issue": "neutrality",
                                    "stance": "supports", "act": "demand"}) + "\n",
                        encoding="utf-8")  # fmt: skip

        _, report, report_err = run(capsys, "report", str(path))
        _, evaluated, evaluate_err = run(
            capsys, "evaluate", "--gold", str(gold), str(path)
        )
        _, document, _ = run(capsys, "report", str(path), "--format", "json")

        for text in (report, report_err, evaluated, evaluate_err):
            assert _escape_free(text), text
        assert "\\x1b[2J\\x1b[32mAll files read OK\\u202e" in report
        assert "pwned\\x07" in report
        assert "\\x1b[31mnot-read.txt" in evaluate_err
        assert json.loads(document)["articles"][0]["title"] == f"{FORGED}\u202e"

    def test_compare_table(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Actor names from a findings file are escaped in the text table."""
        findings = tmp_path / "findings.jsonl"
        pt.save_findings(
            [
                pt.Demand(
                    "\x1b[2JRussia", "troops", pt.Quantity(85_000, unit="personnel")
                )
            ],
            findings,
        )

        code, out, _ = run(capsys, "compare", str(findings))

        assert code == 0
        assert _escape_free(out)
        assert "\\x1b[2JRussia" in out

    def test_python_warnings(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--errors warn: each LoadWarning is one escaped warning line."""
        bad = tmp_path / f"{FORGED}.json"
        bad.write_text("{", encoding="utf-8")
        good = tmp_path / "good.txt"
        good.write_bytes(article_bytes("Talks", STORY))

        code, _, err = run(
            capsys, "report", "--no-findings", "--errors", "warn", str(bad), str(good)
        )

        assert code == 1
        assert "\x1b" not in err
        assert [line.split(": ")[1] for line in err.splitlines()] == [
            "warning",
            "error",
        ]

    def test_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """argparse's messages quote the command line: escaped too."""
        with pytest.raises(SystemExit) as info:
            main(["report", "--\x1b[2J\x1b[32mAll-files-read-OK"])

        assert info.value.code == 2
        assert "\x1b" not in capsys.readouterr().err

    def test_error_message_escapes_keeps_attributes(self) -> None:
        """str() of an error is safe to print; path and reason stay as they were."""
        error = DecodeError("bad byte \x9b", path=f"{FORGED}.txt", line=2)

        assert str(error) == "\\x1b[2J\\x1b[32mAll files read OK.txt:2: bad byte \\x9b"
        assert error.path == f"{FORGED}.txt"
        assert error.reason == "bad byte \x9b"
        assert str(WriteError("full", path="\u202eout")) == "\\u202eout: full"


class TestEscapeControls:
    @given(st.text())
    def test_no_control_survives(self, text: str) -> None:
        """Whatever the text, the result holds no control character."""
        assert _escape_free(escape_controls(text).replace("\n", "\\n"))
        assert "\n" not in escape_controls(text)

    @given(st.text())
    def test_idempotent(self, text: str) -> None:
        """Escaping twice is escaping once: messages may be escaped on the way."""
        once = escape_controls(text)
        assert escape_controls(once) == once

    @given(st.text(alphabet=st.characters(exclude_characters=CONTROLS,
                                          exclude_categories=["Cs"])))  # fmt: skip
    def test_identity_without_controls(self, text: str) -> None:
        """Text without controls (quotes, accents, ≤, backslashes) is unchanged."""
        assert escape_controls(text) == text

    @given(st.lists(st.text()))
    def test_lines_keep_their_breaks(self, lines: list[str]) -> None:
        """escape_lines keeps the writer's own line breaks and only those."""
        lines = [escape_controls(line) for line in lines]
        assert escape_lines("\n".join(lines)).split("\n") == ("\n".join(lines)).split(
            "\n"
        )

    def test_forms(self) -> None:
        """Each control is shown by a visible escape."""
        assert escape_controls("\t\r\n\x00\x7f\x85\u202e\udcff") == (
            "\\t\\r\\n\\x00\\x7f\\x85\\u202e\\udcff"
        )


class TestEncoding:
    @given(st.text(), st.sampled_from(["cp1252", "ascii", "latin-1", "utf-8"]))
    def test_fallback_never_raises(self, text: str, encoding: str) -> None:
        """Any text encodes in any of these encodings with the handler."""
        handler = Fallback.named("property")
        encoded = text.encode(encoding, errors=handler.name)
        assert len(encoded.decode(encoding)) >= len(text) - handler.lossy

    def test_ascii_forms(self) -> None:
        """The characters peacetalks prints have their ASCII forms."""
        handler = Fallback.named("forms")
        text = "≤ ≥ ≈ – … “x” ’"
        assert text.encode("ascii", errors=handler.name) == b'<= >= ~ - ... "x" \''
        assert handler.lossy == 0
        assert set("≤≥≈–…") <= set(ASCII_FORMS)

    @pytest.mark.parametrize(
        ("command", "encoding", "expected", "replaced"),
        [
            (["compare"], "cp1252", "tanks            units         <= 342", 0),
            # The sample spells İstanbul with a dotted capital I: "I" in cp1252.
            (["report"], "cp1252", "Russia demands troops <= 85,000 personnel", 3),
            (["evaluate", "--gold", "{gold}"], "ascii", '85,000 -- "at most 85,000', 0),
        ],
    )
    def test_narrow_stdout(
        self,
        command: list[str],
        encoding: str,
        expected: str,
        replaced: int,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A cp1252 or ASCII standard output gets <=, ~ and -- instead of a crash."""
        gold = tmp_path / "gold.jsonl"
        item = {
            "file": "elsewhere.txt",
            "type": "demand",
            "actor": "Russia",
            "metric": "troops",
            "value": 85000,
            "quote": "at most 85,000 – no more",
        }
        gold.write_text(json.dumps(item) + "\n", encoding="utf-8")  # fmt: skip
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stdout", stdout)

        code = main([word.replace("{gold}", str(gold)) for word in command])
        stdout.flush()

        assert code == 0
        assert expected in raw.getvalue().decode(encoding)
        assert stdout.errors == "strict"  # as it was
        warned = (
            f"cannot hold {replaced} characters of the output"
            in capsys.readouterr().err
        )
        assert warned == bool(replaced)

    def test_lossy_is_said_and_files_stay_utf8(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Characters with no ASCII form become ?, a warning says so; -o is UTF-8."""
        path = tmp_path / "kyiv.txt"
        path.write_bytes(article_bytes("Переговоры в Стамбуле", STORY))
        raw = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))

        code = main(["report", "--no-findings", str(path)])
        written = main(["report", str(path), "-o", str(tmp_path / "r.txt")])
        sys.stdout.flush()

        assert (code, written) == (0, 0)
        assert "?????????? ? ????????" in raw.getvalue().decode("cp1252")
        err = capsys.readouterr().err
        warning = "peacetalks report: warning: standard output (cp1252) cannot hold"
        assert f"{warning} 19 characters" in err
        assert "Переговоры в Стамбуле" in (tmp_path / "r.txt").read_text(
            encoding="utf-8"
        )

    @pytest.mark.slow  # starts a Python process: about two seconds
    def test_python_io_encoding(self, tmp_path: Path) -> None:
        """The real thing: PYTHONIOENCODING=cp1252, a subprocess, no traceback."""
        result = subprocess.run(
            [sys.executable, "-m", "peacetalks", "compare"],
            capture_output=True,
            env=_env(PYTHONIOENCODING="cp1252"),
            check=False,
            timeout=120,
        )

        assert result.returncode == 0, result.stderr
        assert b"<= 85,000" in result.stdout
        assert (
            b"ratio = Ukraine / Russia; <= a cap, >= a floor, ~ about" in result.stdout
        )
        assert b"Traceback" not in result.stderr


def _interrupt_after(records: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C once ``extract`` has written that many records."""
    written = cli._records

    def interrupted(*args: Any) -> Iterator[dict[str, object]]:
        yield from itertools.islice(written(*args), records)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_records", interrupted)


class TestSignalsInProcess:
    def test_sigterm_unwinds_the_write(
        self,
        precious: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """SIGTERM half-way through a write: exit 143, one line, no temporary file.

        The test's own SIGTERM handler fails the test if the command did
        not install one (the default would end pytest itself).
        """
        fsync = os.fsync

        def terminated(fd: int) -> None:
            fsync(fd)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs here

        def not_handled(signum: int, frame: object) -> None:
            msg = "SIGTERM reached the test: the command did not handle it"
            raise AssertionError(msg)

        corpus = precious.parent / "corpus.jsonl"
        pt.datasets.sample().save(corpus)
        previous = signal.signal(signal.SIGTERM, not_handled)
        try:
            monkeypatch.setattr(os, "fsync", terminated)
            code, _, err = run(capsys, "convert", str(corpus), "-o", str(precious))
            restored = signal.getsignal(signal.SIGTERM)
        finally:
            signal.signal(signal.SIGTERM, previous)

        assert code == 143
        assert err == "peacetalks convert: terminated\n"
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []
        assert restored is not_handled

    def test_keyboard_interrupt_is_one_line(
        self,
        precious: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Ctrl-C half-way: ``peacetalks extract: interrupted``, exit 130, file kept."""
        _interrupt_after(3, monkeypatch)

        try:
            code, _, err = run(capsys, "extract", "-q", "-o", str(precious))
        except KeyboardInterrupt:
            pytest.fail("Ctrl-C escaped the command")

        assert code == 130
        assert err == "peacetalks extract: interrupted\n"
        assert precious.read_bytes() == PRECIOUS

    def test_interrupted_on_a_line_of_its_own(
        self,
        precious: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A progress line on the screen is ended first, and not drawn again."""
        _interrupt_after(20, monkeypatch)

        code, _, err = run(capsys, "extract", "--progress", "-o", str(precious))

        assert code == 130
        *progress, message, end = err.split("\n")
        assert (message, end) == ("peacetalks extract: interrupted", "")
        assert progress[-1].split("\r")[-1].startswith("extracting ")

    def test_exit_codes_documented(self) -> None:
        """130 and 143 are in EXIT_CODES, so in every --help."""
        assert EXIT_CODES[130].startswith("interrupted")
        assert EXIT_CODES[143].startswith("terminated")


def _die(articles: Any) -> Any:
    os._exit(9)


class TestWorkerDeath:
    @pytest.mark.slow
    def test_broken_pool_is_a_worker_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A worker that dies makes the stream raise WorkerError, a RuntimeError."""
        monkeypatch.setattr(parallel, "_extract_chunk", _die)

        stream = parallel.extract_stream(
            pt.datasets.sample(), workers=2, chunksize=1, start_method="fork"
        )
        with pytest.raises(WorkerError, match=r"^a worker process died$") as info:
            list(stream)

        assert isinstance(info.value, RuntimeError)


# -- a real peacetalks process, and signals ---------------------------------


def _env(**extra: str) -> dict[str, str]:
    source = Path(pt.__file__).resolve().parent.parent
    paths = [str(source), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **extra}


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A corpus that takes a while to extract (seconds, even with two workers)."""
    sample = list(pt.datasets.sample())
    articles = [
        sample[n % 5].replace(id=f"a{n}", title=f"Talks {n}", path=None)
        for n in range(1500)
    ]
    path = tmp_path / "big.jsonl"
    pt.Corpus(articles).save(path)
    return path


def _workers(pid: int) -> list[int]:
    """The worker processes of ``pid`` (not its resource tracker)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = []
    for child in map(int, children):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for its new parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class Run:
    """``peacetalks extract BIG -o OUT --workers N`` in a session of its own."""

    def __init__(self, big: Path, out: Path, workers: int) -> None:
        self.out = out
        self.process = subprocess.Popen(
            [sys.executable, "-m", "peacetalks", "extract", str(big), "-o", str(out),
             "--workers", str(workers)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
            start_new_session=True,
        )  # fmt: skip
        self.workers: list[int] = []

    def writing(self) -> bool:
        return bool(leftovers(self.out.parent))

    def wait_for_workers(self, count: int) -> list[int]:
        def started() -> bool:
            self.workers = _workers(self.process.pid)
            return len(self.workers) >= count and self.writing()

        _wait_for(started, f"{count} workers")
        return self.workers

    def finish(self) -> tuple[int, str]:
        _, err = self.process.communicate(timeout=120)
        return self.process.returncode, err.decode()


@pytest.mark.slow
class TestSignals:
    @pytest.mark.parametrize("workers", [1, 2])
    def test_ctrl_c(self, workers: int, big: Path, precious: Path) -> None:
        """SIGINT to the process group, as a terminal sends it: one line, exit 130."""
        run = Run(big, precious, workers)
        if workers > 1:
            run.wait_for_workers(workers)
        _wait_for(run.writing, "the write to start")
        time.sleep(0.5)

        os.killpg(run.process.pid, signal.SIGINT)

        assert run.finish() == (130, "peacetalks extract: interrupted\n")
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []

    @pytest.mark.parametrize("workers", [1, 2])
    def test_sigterm(self, workers: int, big: Path, precious: Path) -> None:
        """SIGTERM, as ``kill`` sends it: the temporary file is removed, exit 143."""
        run = Run(big, precious, workers)
        if workers > 1:
            run.wait_for_workers(workers)
        _wait_for(run.writing, "the write to start")
        time.sleep(0.5)

        run.process.terminate()

        assert run.finish() == (143, "peacetalks extract: terminated\n")
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []
        assert not any(_alive(worker) for worker in run.workers)

    def test_killed_worker(self, big: Path, precious: Path) -> None:
        """A worker killed with SIGKILL: ``a worker process died``, exit 1."""
        run = Run(big, precious, 2)
        victim, survivor = run.wait_for_workers(2)[:2]

        os.kill(victim, signal.SIGKILL)

        assert run.finish() == (1, "peacetalks extract: error: a worker process died\n")
        assert precious.read_bytes() == PRECIOUS
        assert leftovers(precious.parent) == []
        _wait_for(lambda: not _alive(survivor), "the other worker to end", timeout=30)

    def test_killed_parent(self, big: Path, precious: Path) -> None:
        """The parent killed with SIGKILL: its workers exit instead of blocking."""
        run = Run(big, precious, 2)
        workers = run.wait_for_workers(2)

        run.process.kill()
        # The workers hold its stderr too: this returns once they are gone.
        run.process.communicate(timeout=60)

        _wait_for(
            lambda: not any(_alive(worker) for worker in workers),
            "the orphaned workers to exit",
            timeout=30,
        )
