"""Hostile sources: folders that fight back, files that never end, zip bombs.

`peacetalks.io.sources` finds and opens what the loader reads.  These
tests give it what a careless or hostile user could: sub-folders that
cannot be listed or vanish, paths longer than the system allows, FIFOs
and devices named like articles, files that grow past the cap, archives
whose members overlap or that expand far past their size, and folders
or archives with nothing in them.  Each case must be one failure naming
the path, with everything else read.

Tests run as root, which `chmod 000` does not stop: permission errors are
injected by replacing `os.scandir` for one folder (the walk lists folders
with it).  Caps are lowered with monkeypatch where a real input would be
gigabytes; the archives that lie about their sizes stay a few KB.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import os
import resource
import shutil
import struct
import subprocess
import sys
import tarfile
import threading
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import FormatError
from peacetalks.cli import main
from peacetalks.io import sources
from peacetalks.io.sources import Entry, iter_entries
from tests.archives import STORY, article_bytes, write_tar, write_zip

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

A = article_bytes("Talks resume in Istanbul", "Negotiators met again on Tuesday.")
B = article_bytes("Grain deal signed in Istanbul", "Ships left Odesa on Monday.")
C = article_bytes("Prisoner exchange agreed", "Both sides freed 86 soldiers.")
TEXT_A = "Negotiators met again on Tuesday."
TEXT_B = "Ships left Odesa on Monday."
TEXT_C = "Both sides freed 86 soldiers."


def collect(source: object, **options: object) -> tuple[pt.Corpus, pt.LoadReport]:
    """Load with errors="collect"; the corpus and the report."""
    loader = pt.Loader(errors="collect", **options)  # type: ignore[arg-type]
    corpus = loader.load(source)  # type: ignore[arg-type]
    return corpus, loader.report


def texts(corpus: pt.Corpus) -> list[str]:
    return [article.text for article in corpus]


def failures(report: pt.LoadReport) -> list[tuple[str | None, str]]:
    return [(failure.path, failure.error) for failure in report.failures]


# -- 1. folders that cannot be listed ----------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """news/a.txt, news/mid/b.txt (and mid/deeper/x.txt), news/z/c.txt."""
    root = tmp_path / "news"
    (root / "mid" / "deeper").mkdir(parents=True)
    (root / "z").mkdir()
    (root / "a.txt").write_bytes(A)
    (root / "mid" / "b.txt").write_bytes(B)
    (root / "mid" / "deeper" / "x.txt").write_bytes(article_bytes("X", "Lost."))
    (root / "z" / "c.txt").write_bytes(C)
    return root


def refuse_listing(
    monkeypatch: pytest.MonkeyPatch, folder: Path, error: OSError
) -> None:
    """Make listing ``folder`` raise ``error``; every other folder lists as usual."""
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == folder:
            raise error
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


class TestUnlistableFolders:
    @pytest.mark.parametrize(
        ("code", "kind"),
        [
            (errno.EACCES, PermissionError),
            (errno.ENOENT, FileNotFoundError),
            (errno.ENAMETOOLONG, OSError),
            (errno.EIO, OSError),
        ],
        ids=["permission", "vanished", "name-too-long", "disk-error"],
    )
    def test_one_subfolder_is_one_failure(
        self,
        tree: Path,
        monkeypatch: pytest.MonkeyPatch,
        code: int,
        kind: type[OSError],
    ) -> None:
        """A sub-folder that cannot be listed is one failure; its siblings are read.

        The error is injected on `os.scandir` for news/mid only (we run as
        root, which chmod 000 does not stop).  Before, `os.walk` raised and
        the whole walk ended: news/z/c.txt was lost, the failure named news.
        """
        mid = tree / "mid"
        refuse_listing(monkeypatch, mid, kind(code, os.strerror(code), str(mid)))

        corpus, report = collect(tree)

        assert texts(corpus) == [TEXT_A, TEXT_C]
        assert failures(report) == [(mid.as_posix(), "FormatError")]
        assert report.failures[0].reason == (
            f"cannot read the folder: {os.strerror(code)}"
        )

    def test_raise_names_the_subfolder(
        self, tree: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With errors="raise", the error names the sub-folder, not the root."""
        mid = tree / "mid"
        refuse_listing(monkeypatch, mid, PermissionError(errno.EACCES, "denied"))

        with pytest.raises(FormatError, match="cannot read the folder") as info:
            pt.load(tree)

        assert info.value.path == mid.as_posix()

    def test_subfolder_deleted_during_the_walk(self, tree: Path) -> None:
        """A sub-folder removed while the walk runs loses only itself.

        Before, the walk stopped at it and news/z/c.txt, still on disk,
        was never read.
        """
        loader = pt.Loader(errors="collect")
        articles = loader.iter(tree)
        first = next(articles)
        shutil.rmtree(tree / "mid")

        rest = list(articles)

        assert [a.text for a in [first, *rest]] == [TEXT_A, TEXT_C]
        assert failures(loader.report) == [((tree / "mid").as_posix(), "FormatError")]

    def test_unlistable_root_is_one_failure(
        self, tree: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The folder given itself unlistable: one failure naming it."""
        refuse_listing(monkeypatch, tree, PermissionError(errno.EACCES, "denied"))

        corpus, report = collect([tree, tree / "z" / "c.txt"])

        assert texts(corpus) == [TEXT_C]
        assert failures(report) == [(tree.as_posix(), "FormatError")]

    def test_path_too_long_given_directly(self, tmp_path: Path) -> None:
        """A path longer than the system allows, given as such, is a failure.

        Before, `Path.is_dir` raised the OSError (ENAMETOOLONG), which is
        not one of the library's errors.
        """
        long = (tmp_path / ("x" * 300)).as_posix()
        (tmp_path / "a.txt").write_bytes(A)

        corpus, report = collect([long, tmp_path / "a.txt"])

        assert texts(corpus) == [TEXT_A]
        assert failures(report) == [(long, "FormatError")]
        assert report.failures[0].reason == "cannot read: File name too long"


def make_deep_folder(base: Path) -> Path:
    """Make base/long/ddd…/ddd…/deep.txt, a path longer than PATH_MAX.

    Each level is made relative to its parent's descriptor, which works
    however long the whole path is.  Returns base/long.
    """
    limit = os.pathconf(base, "PC_PATH_MAX")
    name = "d" * 200
    top = base / "long"
    top.mkdir()
    descriptor = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(limit // (len(name) + 1) + 2):
            os.mkdir(name, dir_fd=descriptor)
            child = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(out, A)
        os.close(out)
    finally:
        os.close(descriptor)
    return top


class TestPathMax:
    def test_folder_deeper_than_path_max(self, tmp_path: Path) -> None:
        """A real folder deeper than PATH_MAX is one failure; its siblings are read.

        Before, ENAMETOOLONG ended the walk: news/z/c.txt (after "long" in
        name order) was lost and the failure named the root.
        """
        root = tmp_path / "news"
        root.mkdir()
        (root / "a.txt").write_bytes(B)
        (root / "z").mkdir()
        (root / "z" / "c.txt").write_bytes(C)
        top = make_deep_folder(root)
        try:
            corpus, report = collect(root)
        finally:
            shutil.rmtree(top)  # descriptor-based: long paths are fine

        assert texts(corpus) == [TEXT_B, TEXT_C]
        [failure] = report.failures
        assert failure.path is not None
        assert failure.path.startswith(top.as_posix() + "/ddd")
        assert len(failure.path.encode()) >= os.pathconf(tmp_path, "PC_PATH_MAX")
        assert failure.reason == "cannot read the folder: File name too long"


# -- 2. files that are not regular files, files past the cap -----------------------


@contextlib.contextmanager
def unblocking(fifo: Path) -> Iterator[None]:
    """Open ``fifo``'s write end whenever a reader waits on it, until the end.

    Code that opens a FIFO for reading blocks until a writer comes: this
    lets such code go on (it then reads nothing), so that a test of it
    fails instead of hanging.
    """
    done = threading.Event()

    def unblock() -> None:
        while not done.wait(0.05):
            try:
                descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue  # no reader waiting (ENXIO)
            os.close(descriptor)

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


class TestNotRegularFiles:
    def test_fifo_in_folder(self, tmp_path: Path) -> None:
        """A FIFO named c.txt is one failure, never opened for blocking reads.

        Before, the loader blocked on it for ever (here a helper thread
        opens its other end, and the FIFO then read as an empty file).
        """
        (tmp_path / "a.txt").write_bytes(A)
        os.mkfifo(tmp_path / "c.txt")
        (tmp_path / "d.txt").write_bytes(C)

        with unblocking(tmp_path / "c.txt"):
            corpus, report = collect(tmp_path)

        assert texts(corpus) == [TEXT_A, TEXT_C]
        assert failures(report) == [((tmp_path / "c.txt").as_posix(), "FormatError")]
        assert report.failures[0].reason == "not a regular file (a FIFO): not read"

    def test_fifo_named_as_archive(self, tmp_path: Path) -> None:
        """A FIFO named bundle.zip or .tar.gz is refused before any archive reader."""
        os.mkfifo(tmp_path / "bundle.zip")
        os.mkfifo(tmp_path / "bundle.tar.gz")
        (tmp_path / "c.txt").write_bytes(C)

        with (
            unblocking(tmp_path / "bundle.zip"),
            unblocking(tmp_path / "bundle.tar.gz"),
        ):
            corpus, report = collect(tmp_path)

        assert texts(corpus) == [TEXT_C]
        assert [(Path(f.path or "").name, f.reason) for f in report.failures] == [
            ("bundle.tar.gz", "not a regular file (a FIFO): not read"),
            ("bundle.zip", "not a regular file (a FIFO): not read"),
        ]

    def test_fifo_given_directly(self, tmp_path: Path) -> None:
        """A FIFO named on the command line is said to be one, not missing.

        Before, it was reported as "no such file or folder".
        """
        fifo = tmp_path / "feed.txt"
        os.mkfifo(fifo)

        with unblocking(fifo), pytest.raises(FormatError) as info:
            pt.load(fifo)

        assert info.value.path == fifo.as_posix()
        assert info.value.reason == "not a regular file (a FIFO): not read"

    def test_link_to_dev_zero_is_refused_when_opened(self, tmp_path: Path) -> None:
        """Followed, a link to /dev/zero is listed, and refused on opening.

        Before, opening it succeeded and reading it ran until MemoryError
        (that is left to the slow subprocess test; this one only opens).
        Without follow_links it is not even listed (test_walk.TestLinks).
        """
        (tmp_path / "zero.txt").symlink_to("/dev/zero")

        [entry] = iter_entries(tmp_path, follow_links=True)

        assert isinstance(entry, Entry)
        with pytest.raises(FormatError) as info:
            entry.opener()
        assert info.value.path == (tmp_path / "zero.txt").as_posix()
        assert info.value.reason == "not a regular file (a character device): not read"

    def test_link_to_regular_file_is_followed_when_asked(self, tmp_path: Path) -> None:
        """With follow_links, a link to a regular file outside is read.

        (Without it, the link is skipped: see test_walk.TestLinks.)
        """
        (tmp_path / "real").mkdir()
        (tmp_path / "real" / "a.txt").write_bytes(A)
        (tmp_path / "news").mkdir()
        (tmp_path / "news" / "a.txt").symlink_to(tmp_path / "real" / "a.txt")

        corpus, report = collect(tmp_path / "news", follow_links=True)

        assert texts(corpus) == [TEXT_A]
        assert report.failures == []


class TestFileCap:
    def test_larger_than_the_cap_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file larger than MAX_FILE_BYTES (lowered to 64 bytes) is not read."""
        monkeypatch.setattr(sources, "MAX_FILE_BYTES", 64)
        (tmp_path / "a.txt").write_bytes(A + b" " * 64)
        (tmp_path / "b.txt").write_bytes(B[:60])

        corpus, report = collect(tmp_path)

        assert len(corpus) == 1
        assert failures(report) == [((tmp_path / "a.txt").as_posix(), "FormatError")]
        assert report.failures[0].reason == "larger than 64 bytes: not read"

    def test_reading_stops_at_the_cap_when_the_size_lied(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file that grows past the cap once opened fails once reading passes it.

        Its size said 40 bytes when it was opened (as /proc files say 0,
        and /dev/zero too); reading stops at the cap (lowered to 100).
        """
        monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
        path = tmp_path / "growing.txt"
        path.write_bytes(b"x" * 40)
        [entry] = iter_entries(path)
        assert isinstance(entry, Entry)

        with entry.opener() as handle:
            with path.open("ab") as writer:
                writer.write(b"y" * 10_000)
            with pytest.raises(FormatError) as info:
                handle.read()

        assert info.value.path == path.as_posix()
        assert info.value.reason == "larger than 100 bytes: not read"

    def test_growing_file_is_a_failure_of_the_loader(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Through the loader, a file that grows past the cap is one failure.

        It grows after the size check of its first opening; the loader
        meets the cap while telling what the file holds, and the file, now
        larger than the cap, is refused as a whole.  Nothing raises.
        """
        monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
        path = tmp_path / "a.jsonl"
        path.write_bytes(b'{"title": "T", "text": "Short."}\n')
        real_open = sources._open_file
        grown: list[Path] = []

        def open_then_grow(opened: Path, opening: object) -> object:
            handle = real_open(opened, opening)  # type: ignore[arg-type]  # the real _Opening
            if not grown:  # after the size check, once
                grown.append(opened)
                with opened.open("ab") as writer:
                    writer.write(b'{"title": "U", "text": "' + b"z" * 500 + b'"}\n')
            return handle

        monkeypatch.setattr(sources, "_open_file", open_then_grow)

        corpus, report = collect(path)

        assert grown == [path]
        assert list(corpus) == []
        assert failures(report) == [(path.as_posix(), "FormatError")]

    def test_entry_stream_still_seeks(self, tmp_path: Path) -> None:
        """The capped stream seeks and reads lines, as the Dask reader needs."""
        path = tmp_path / "a.jsonl"
        path.write_bytes(b"first\nsecond\nthird\n")
        [entry] = iter_entries(path)
        assert isinstance(entry, Entry)

        with entry.opener() as handle:
            handle.seek(6)
            assert handle.readline() == b"second\n"
            assert handle.tell() == 13
            assert list(handle) == [b"third\n"]


_LOAD_SCRIPT = """
import sys
import peacetalks as pt
loader = pt.Loader(errors="collect", follow_links=True)
corpus = loader.load(sys.argv[1])
print(len(corpus))
for failure in loader.report.failures:
    print(failure.reason)
"""


def _small_memory() -> None:  # pragma: no cover - runs in the child
    """Cap the child's memory at 2 GiB, so that the old bug fails fast."""
    resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))


@pytest.mark.slow  # a subprocess per case, with a time-out
class TestNeverBlocks:
    """Hang detectors: the loader, in a subprocess, must finish."""

    @pytest.mark.parametrize(
        ("make", "reason"),
        [
            (lambda p: os.mkfifo(p), "not a regular file (a FIFO): not read"),
            (
                lambda p: p.symlink_to("/dev/zero"),
                "not a regular file (a character device): not read",
            ),
        ],
        ids=["fifo", "dev-zero"],
    )
    def test_loader_finishes(
        self, tmp_path: Path, make: Callable[[Path], object], reason: str
    ) -> None:
        """A FIFO or a link to /dev/zero named c.txt: one failure, no hang.

        Before, the FIFO blocked for ever (the 60 s time-out ends it) and
        /dev/zero was read until MemoryError.  Links are followed, so that
        the link reaches the guard on opening (else it is skipped unopened).
        """
        (tmp_path / "a.txt").write_bytes(A)
        make(tmp_path / "c.txt")

        result = subprocess.run(  # our own interpreter and code
            [sys.executable, "-c", _LOAD_SCRIPT, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            preexec_fn=_small_memory,  # before exec: no threads in the child yet
        )

        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.splitlines() == ["1", reason]


# -- 3. archive bombs -------------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")


def overlapping_zip(path: Path, copies: int, data: bytes) -> Path:
    """A zip whose central directory lists one deflated member ``copies`` times.

    Each entry points at the same local header: reading the archive
    inflates the one member once per entry.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", data)
    raw = buffer.getvalue()
    start, end = raw.index(b"PK\x01\x02"), raw.index(b"PK\x05\x06")
    record = raw[start:end]
    fields = list(_EOCD.unpack(raw[end : end + _EOCD.size]))
    fields[3] = fields[4] = copies  # entries on this disk, entries in all
    fields[5], fields[6] = len(record) * copies, start  # directory size, offset
    path.write_bytes(raw[:start] + record * copies + _EOCD.pack(*fields))
    return path


def patch_sizes(path: Path, *, member: int = 0, **sizes: int) -> None:
    """Change a member's ``compress_size`` or ``file_size`` in a zip's headers.

    ``member`` counts local headers and central records in order; both
    are patched so that zipfile opens the archive.
    """
    offsets = {"compress_size": (18, 20), "file_size": (22, 24)}
    data = bytearray(path.read_bytes())
    for signature, column in ((b"PK\x03\x04", 0), (b"PK\x01\x02", 1)):
        at = -1
        for _ in range(member + 1):
            at = data.index(signature, at + 1)
        for field, value in sizes.items():
            struct.pack_into("<I", data, at + offsets[field][column], value)
    path.write_bytes(bytes(data))


class _Unseekable(io.RawIOBase):
    """A write-only stream with no seek, so that zipfile writes data descriptors."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: object) -> int:
        view = memoryview(chunk)  # type: ignore[arg-type]  # bytes-like from zipfile
        self.data += view
        return view.nbytes


class TestZipBombs:
    def test_overlapping_members_refuse_the_archive(self, tmp_path: Path) -> None:
        """200 entries pointing at one member: the archive is one failure.

        Before, each entry was inflated and read (200 copies of the member;
        with 1,000 entries and a 64 MiB member, 62.5 GiB from 279 KB).
        """
        bomb = overlapping_zip(
            tmp_path / "bomb.zip", 200, article_bytes("Bomb", "Talks. " * 600)
        )
        (tmp_path / "c.txt").write_bytes(C)

        corpus, report = collect(tmp_path)

        assert texts(corpus) == [TEXT_C]
        assert failures(report) == [(bomb.as_posix(), "FormatError")]
        assert report.failures[0].reason == (
            "members 'bomb.txt' and 'bomb.txt' overlap: not read "
            "(a zip bomb: no zip tool writes this)"
        )
        assert report.files == 1

    def test_data_running_into_the_next_member(self, tmp_path: Path) -> None:
        """A member whose data runs over the next one's header overlaps it."""
        bundle = write_zip(tmp_path / "b.zip", [("a.txt", A), ("b.txt", B)])
        patch_sizes(bundle, compress_size=len(A) + 40)

        _, report = collect(bundle)

        assert failures(report) == [(bundle.as_posix(), "FormatError")]
        assert "'a.txt' and 'b.txt' overlap" in report.failures[0].reason

    def test_streamed_zip_is_not_overlapping(self, tmp_path: Path) -> None:
        """Data descriptors after each member (a streamed zip) are no overlap."""
        stream = _Unseekable()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
                archive.writestr(name, data)
        bundle = tmp_path / "s.zip"
        bundle.write_bytes(bytes(stream.data))
        assert zipfile.ZipFile(bundle).infolist()[0].flag_bits & 0x08

        corpus, report = collect(bundle)

        assert texts(corpus) == [TEXT_A, TEXT_B, TEXT_C]
        assert report.failures == []

    def test_members_claiming_gigabytes(self, tmp_path: Path) -> None:
        """Five members claiming 900 MiB each (4.4 GiB) refuse the whole archive.

        The real caps: an archive of a few hundred bytes may expand to the
        64 MiB grace, no more.  The headers lie; nothing is inflated.
        Before, each member was opened and failed on its own.
        """
        bundle = write_zip(tmp_path / "b.zip", [(f"{n}.txt", A) for n in range(5)])
        for n in range(5):
            patch_sizes(bundle, member=n, file_size=900 * 2**20)

        _, report = collect(bundle)

        assert failures(report) == [(bundle.as_posix(), "FormatError")]
        assert report.failures[0].reason.startswith(
            "expands to more than 64 MiB, the most allowed for an archive of "
        )

    def test_compression_ratio(self, tmp_path: Path) -> None:
        """An archive past MAX_COMPRESSION_RATIO times its size is refused.

        The grace (64 MiB) is lowered to 4 KiB so that a 400 KiB member of
        blanks (about 1,000 to 1 deflated) shows the ratio; an archive of
        text, which deflates two or three to one, is read.
        """
        limits = pt.ArchiveLimits(grace_bytes=4096)
        blanks = write_zip(
            tmp_path / "blanks.zip",
            [("a.txt", A + b" " * 400 * 1024)],
            compression=zipfile.ZIP_DEFLATED,
        )
        prose = write_zip(
            tmp_path / "prose.zip",
            [(f"{n}.txt", A + bytes(str(n) * 300, "ascii")) for n in range(20)],
            compression=zipfile.ZIP_DEFLATED,
        )

        corpus, report = collect([blanks, prose], archive_limits=limits)

        assert len(corpus) == 20
        size = blanks.stat().st_size
        assert [(f.path, f.reason) for f in report.failures] == [
            (
                blanks.as_posix(),
                (
                    f"expands to more than {sources._size(100 * size)}, the most "
                    f"allowed for an archive of {size:,} bytes: not read (a likely "
                    "archive bomb)"
                ),
            )
        ]

    @pytest.mark.parametrize(
        ("method", "name"), [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA")]
    )
    def test_bzip2_and_lzma_members_are_refused(
        self, tmp_path: Path, method: int, name: str
    ) -> None:
        """Members zipfile cannot inflate a bounded chunk at a time are refused.

        113 bytes of bzip2 inflate to 100 MB in one call of zipfile, whatever
        the header says; LZMA to about 7,000 times a chunk.
        """
        bundle = write_zip(
            tmp_path / "b.zip", [("a.txt", A), ("b.txt", B)], compression=method
        )

        corpus, report = collect(bundle)

        assert list(corpus) == []
        assert [f.path for f in report.failures] == [
            f"{bundle.as_posix()}!/a.txt",
            f"{bundle.as_posix()}!/b.txt",
        ]
        assert report.failures[0].reason == (
            f"uses {name}: not read; only stored and deflated zip members are"
        )

    def test_lying_member_is_inflated_a_chunk_at_a_time(self, tmp_path: Path) -> None:
        """A member saying 10 bytes but inflating to 8 MiB never holds 8 MiB.

        Before, reading it inflated all 8 MiB in one call before keeping
        10 bytes (a peak of over 8 MiB, measured with tracemalloc); now at
        most a chunk (64 KiB) is inflated at a time.
        """
        bundle = write_zip(
            tmp_path / "b.zip",
            [("a.txt", b"\0" * 8 * 2**20)],
            compression=zipfile.ZIP_DEFLATED,
        )
        patch_sizes(bundle, file_size=10)
        entries = iter_entries(bundle)  # the archive stays open while it runs
        entry = next(entries)
        assert isinstance(entry, Entry)

        tracemalloc.start()
        try:
            with pytest.raises(FormatError, match="CRC"):
                entry.read()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

        assert peak < 2**20


def gzip_tar(members: list[tuple[str, bytes]], tail: bytes = b"") -> bytes:
    """A .tar.gz of ``members`` with no end blocks, ``tail`` after the gzip stream.

    Reading past the last member runs into ``tail``.
    """
    raw = b""
    for name, data in members:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        raw += info.tobuf() + data.ljust(-(-len(data) // 512) * 512, b"\0")
    return gzip.compress(raw) + tail


class TestTarBombs:
    def test_header_claiming_past_the_grace(self, tmp_path: Path) -> None:
        """A member header claiming 70 MiB in a tiny .tar.gz refuses the archive.

        The real caps: 70 MiB is past the 64 MiB grace and 100 times the
        archive's size.  The scan stops at the header; nothing is inflated.
        Before, the member was listed and failed only when read.
        """
        info = tarfile.TarInfo("big.txt")
        info.size = 70 * 2**20
        bundle = tmp_path / "b.tar.gz"
        bundle.write_bytes(gzip.compress(info.tobuf() + A.ljust(512, b"\0")))

        _, report = collect(bundle)

        assert failures(report) == [(bundle.as_posix(), "FormatError")]
        assert report.failures[0].reason.startswith("expands to more than 64 MiB")

    def test_scan_stops_at_the_cap(self, tmp_path: Path) -> None:
        """The scan for headers stops before inflating past the cap (lowered).

        After the 20 KiB member the gzip stream is garbage: had the scan
        gone on, the archive would have failed as unreadable instead.
        """
        limits = pt.ArchiveLimits(grace_bytes=8 * 1024, max_ratio=1)
        bundle = tmp_path / "b.tar.gz"
        bundle.write_bytes(
            gzip_tar([("a.txt", A), ("big.txt", b" " * 20 * 1024)], b"\x1f\x8bjunk")
        )

        _, report = collect(bundle, archive_limits=limits)

        assert [(f.path, f.reason) for f in report.failures] == [
            (
                bundle.as_posix(),
                (
                    "expands to more than 8 KiB, the most allowed for an archive of "
                    f"{bundle.stat().st_size:,} bytes: not read (a likely archive bomb)"
                ),
            )
        ]

    def test_total_of_members(self, tmp_path: Path) -> None:
        """The members together may not pass MAX_ARCHIVE_BYTES (lowered to 1 KiB)."""
        bundle = write_tar(tmp_path / "b.tar", [("a.txt", A), ("b.txt", B)] * 4)
        small = write_tar(tmp_path / "small.tar", [("c.txt", C)])

        limits = pt.ArchiveLimits(max_bytes=1024)
        corpus, report = collect([bundle, small], archive_limits=limits)

        assert texts(corpus) == [TEXT_C]
        assert failures(report) == [(bundle.as_posix(), "FormatError")]


class _CountingFile(io.FileIO):
    """A file that counts the bytes read from it."""

    read_bytes = 0

    def readinto(self, buffer: WriteableBuffer) -> int:
        count = super().readinto(buffer)
        _CountingFile.read_bytes += count
        return count


class TestCompressedTarOrder:
    def test_members_are_inflated_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A .tar.gz stored out of name order is read from disk about once.

        A compressed stream seeks back only by inflating again from the
        start.  Before, members were read in name order: with 200 members
        stored in reverse, the archive was read from disk about 100 times
        (each member inflated all those before it), and 2,000 members of
        5 KB took 22 s.  Bytes are counted, not time.
        """
        members = [
            (f"m{n:03}.txt", article_bytes(f"Story {n}", f"Body {n}. " + STORY))
            for n in reversed(range(200))
        ]
        bundle = write_tar(tmp_path / "b.tar.gz", members)
        real_open = sources._open_regular

        def counting_open(path: Path, *how: object) -> tuple[io.FileIO, int]:
            handle, size = real_open(path, *how)  # type: ignore[arg-type]  # the real _Opening
            with handle:
                return _CountingFile(os.dup(handle.fileno()), "rb"), size

        monkeypatch.setattr(sources, "_open_regular", counting_open)
        monkeypatch.setattr(_CountingFile, "read_bytes", 0)

        corpus, report = collect(bundle)

        assert len(corpus) == 200
        assert report.failures == []
        assert _CountingFile.read_bytes <= 2 * bundle.stat().st_size


# -- 4. nothing to read -----------------------------------------------------------


class TestEmptyInputs:
    def test_empty_folder_raises(self, tmp_path: Path) -> None:
        """An empty folder is said out loud: a FormatError naming it."""
        with pytest.raises(FormatError) as info:
            pt.load(tmp_path)

        assert info.value.path == tmp_path.as_posix()
        assert info.value.reason == ("no file in the folder matches the pattern '**/*'")

    def test_pattern_matching_nothing(self, tmp_path: Path) -> None:
        """A pattern that matches no file of the folder is one failure naming both."""
        (tmp_path / "news").mkdir()
        (tmp_path / "news" / "a.txt").write_bytes(A)
        (tmp_path / "b.txt").write_bytes(B)

        corpus, report = collect(
            [tmp_path / "news", tmp_path / "b.txt"], pattern="**/*.html"
        )

        assert texts(corpus) == [TEXT_B]
        assert [(f.path, f.reason) for f in report.failures] == [
            (
                (tmp_path / "news").as_posix(),
                "no file in the folder matches the pattern '**/*.html'",
            )
        ]

    def test_only_hidden_files(self, tmp_path: Path) -> None:
        """Hidden files are never read, so a folder of them holds nothing."""
        (tmp_path / ".a.txt").write_bytes(A)
        (tmp_path / ".git").mkdir()
        (tmp_path / ".git" / "b.txt").write_bytes(B)

        _, report = collect(tmp_path)

        assert failures(report) == [(tmp_path.as_posix(), "FormatError")]

    def test_files_of_unknown_suffix_are_not_empty(self, tmp_path: Path) -> None:
        """A folder of files no reader knows is not empty: they are listed skipped."""
        (tmp_path / "notes.docx").write_bytes(b"PK not ours")

        _, report = collect(tmp_path)

        assert report.failures == []
        assert report.skipped == [(tmp_path / "notes.docx").as_posix()]

    def test_glob_matching_only_folders(self, tmp_path: Path) -> None:
        """A glob that matches folders only matches no file: said out loud.

        Before, the folders were passed over silently: no article, no failure.
        """
        (tmp_path / "2022").mkdir()
        (tmp_path / "2022" / "a.txt").write_bytes(A)
        pattern = f"{tmp_path.as_posix()}/20*"

        _, report = collect(pattern)

        assert [(f.path, f.reason) for f in report.failures] == [
            (pattern, "the pattern matches no file")
        ]

    @pytest.mark.parametrize("name", ["e.zip", "e.tar", "e.tar.gz"])
    def test_empty_archive(self, tmp_path: Path, name: str) -> None:
        """An archive that holds no file (or only folders) is one failure naming it."""
        if name.endswith(".zip"):
            bundle = write_zip(tmp_path / name, [("folder/", b"")])
        else:
            bundle = write_tar(tmp_path / name, [])
        (tmp_path / "c.txt").write_bytes(C)

        corpus, report = collect(tmp_path)

        assert texts(corpus) == [TEXT_C]
        assert [(f.path, f.reason) for f in report.failures] == [
            (bundle.as_posix(), "the archive holds no file")
        ]

    def test_command_line_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``peacetalks report`` on a folder --pattern matches nothing in: exit 1."""
        (tmp_path / "a.txt").write_bytes(A)

        code = main(["report", str(tmp_path), "--pattern", "*.json"])

        assert code == 1
        assert "no file in the folder matches the pattern '*.json'" in (
            capsys.readouterr().err
        )


# -- any damage to an archive: only the library's own errors -----------------------

_ARCHIVES: dict[str, Callable[[Path, list[tuple[str, bytes]]], Path]] = {
    "b.zip": write_zip,
    "b.tar.gz": write_tar,
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(sorted(_ARCHIVES)),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
        min_size=1,
        max_size=8,
    ),
)
def test_damaged_archives_fail_cleanly(
    tmp_path: Path, name: str, flips: list[tuple[int, int]]
) -> None:
    """Flipping bytes of an archive gives articles or failures, never a crash.

    Every failure names the archive or one of its members.
    """
    path = tmp_path / name
    _ARCHIVES[name](path, [("a.txt", A), ("b/c.txt", C)])
    data = bytearray(path.read_bytes())
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path.write_bytes(bytes(data))

    _, report = collect(path)  # anything but a LoadError would escape

    assert all(
        f.path == path.as_posix() or (f.path or "").startswith(f"{path.as_posix()}!/")
        for f in report.failures
    )
