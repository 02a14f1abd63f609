"""Integration tests for where articles come from: folders, globs, lists, archives.

These go through `peacetalks.load` / `peacetalks.Loader` end to end; the
entry points of `peacetalks.io.sources` are checked where the loader hides
what they do (laziness, order).
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import FormatError, LoadError
from peacetalks.io.sources import Entry, iter_entries, suffix_of
from tests.archives import (
    article_bytes,
    patch_zip,
    write_tar,
    write_zip,
    zip_symlink,
)

LOADING = Path(__file__).parent / "fixtures" / "loading"

A = article_bytes("Talks resume in Istanbul", "Negotiators met again on Tuesday.")
B = article_bytes("Grain deal signed in Istanbul", "Ships left Odesa on Monday.")
C = article_bytes("Prisoner exchange agreed", "Both sides freed 86 soldiers.")


def texts(corpus: pt.Corpus) -> list[str]:
    return [article.text for article in corpus]


def collect(source: object, **options: object) -> tuple[pt.Corpus, pt.LoadReport]:
    """Load with errors="collect"; the corpus and the report."""
    loader = pt.Loader(errors="collect", **options)  # type: ignore[arg-type]
    corpus = loader.load(source)  # type: ignore[arg-type]
    return corpus, loader.report


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder: two top-level articles, a nested one, hidden and unknown files."""
    root = tmp_path / "news"
    (root / "2022" / "03").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_bytes(B)
    (root / "a.txt").write_bytes(A)
    (root / "2022" / "03" / "c.md").write_bytes(C)
    (root / ".hidden.txt").write_bytes(article_bytes("Hidden", "Never read."))
    (root / ".git" / "config.txt").write_bytes(article_bytes("Git", "Never read."))
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not for us")
    return root


class TestFolders:
    def test_recursive(self, tree: Path) -> None:
        """A folder is read recursively; hidden files and folders are not read."""
        corpus, report = collect(tree)

        assert texts(corpus) == [
            "Negotiators met again on Tuesday.",
            "Ships left Odesa on Monday.",
            "Both sides freed 86 soldiers.",
        ]
        assert report.files == 3
        assert report.failures == []

    def test_paths_as_given(self, tree: Path) -> None:
        """Article.path is the file's path as the user gave the folder."""
        corpus = pt.load(tree, errors="collect")

        assert [a.path for a in corpus] == [
            f"{tree.as_posix()}/a.txt",
            f"{tree.as_posix()}/b.txt",
            f"{tree.as_posix()}/2022/03/c.md",
        ]

    def test_unknown_suffix_is_listed_as_skipped(self, tree: Path) -> None:
        """A file of unknown format is skipped and listed; hidden ones are not."""
        _, report = collect(tree)

        assert report.skipped == [f"{tree.as_posix()}/notes.docx"]
        assert "1 skipped" in report.summary()

    @pytest.mark.parametrize(
        ("pattern", "expected"),
        [
            ("*.txt", ["a.txt", "b.txt"]),
            ("**/*.md", ["c.md"]),
            ("**/*", ["a.txt", "b.txt", "c.md"]),
            ("2022/**/*", ["c.md"]),
            ("a.*", ["a.txt"]),
        ],
    )
    def test_pattern(self, tree: Path, pattern: str, expected: list[str]) -> None:
        """``pattern`` selects files relative to the folder; ``*`` stays in one."""
        corpus, report = collect(tree, pattern=pattern)

        assert [Path(a.path or "").name for a in corpus] == expected
        assert report.failures == []

    def test_pattern_never_takes_hidden_files(self, tree: Path) -> None:
        """Even a pattern naming them does not take hidden files."""
        corpus, _ = collect(tree, pattern="**/.*")

        assert list(corpus) == []

    def test_order_does_not_depend_on_creation(self, tmp_path: Path) -> None:
        """Two folders with the same files written in other orders load alike."""
        names = ["b.txt", "a.txt", "sub/z.txt", "sub/m.txt", "c.txt"]
        bodies = {name: f"Body of {name} in full." for name in names}
        for folder, order in (("one", names), ("two", names[::-1])):
            for name in order:
                path = tmp_path / folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(article_bytes(f"Story {name}", bodies[name]))

        one = pt.load(tmp_path / "one")
        two = pt.load(tmp_path / "two")

        assert [a.text for a in one] == [a.text for a in two]
        assert [a.text for a in one] == [
            bodies[n] for n in ["a.txt", "b.txt", "c.txt", "sub/m.txt", "sub/z.txt"]
        ]

    def test_empty_folder(self, tmp_path: Path) -> None:
        """An empty folder is said out loud: one failure naming it, no articles."""
        loader = pt.Loader(errors="collect")

        assert list(loader.load(tmp_path)) == []
        assert loader.report.summary() == "0 articles from 0 files, 1 failed"
        assert [f.path for f in loader.report.failures] == [tmp_path.as_posix()]


class TestFilesListsGlobs:
    def test_single_file(self, tree: Path) -> None:
        """One file gives its article."""
        corpus = pt.load(tree / "a.txt")

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        assert corpus[0].path == (tree / "a.txt").as_posix()

    def test_single_file_as_str(self, tree: Path) -> None:
        """A path may be a string."""
        assert len(pt.load(str(tree / "a.txt"))) == 1

    def test_list_keeps_its_order(self, tree: Path) -> None:
        """A list is read in the order given: files and folders mixed."""
        corpus = pt.load([tree / "b.txt", tree / "2022", str(tree / "a.txt")])

        assert texts(corpus) == [
            "Ships left Odesa on Monday.",
            "Both sides freed 86 soldiers.",
            "Negotiators met again on Tuesday.",
        ]

    def test_list_of_one_folder_equals_the_folder(self, tree: Path) -> None:
        """``[folder]`` and ``folder`` give the same corpus."""
        assert pt.load([tree], errors="collect") == pt.load(tree, errors="collect")

    def test_glob_string(self, tree: Path) -> None:
        """A glob string is expanded, recursively with ``**``."""
        corpus = pt.load(f"{tree.as_posix()}/**/*.md")

        assert texts(corpus) == ["Both sides freed 86 soldiers."]

    def test_glob_top_level(self, tree: Path) -> None:
        """``*`` in a glob string matches in one folder only, sorted."""
        corpus = pt.load(f"{tree.as_posix()}/*.txt")

        assert [Path(a.path or "").name for a in corpus] == ["a.txt", "b.txt"]

    def test_glob_matching_nothing_is_a_failure(self, tree: Path) -> None:
        """A pattern that matches no file is reported, the rest is read."""
        pattern = f"{tree.as_posix()}/*.nothing"
        corpus, report = collect([pattern, tree / "a.txt"])

        assert len(corpus) == 1
        assert [(f.path, f.error) for f in report.failures] == [
            (pattern, "FormatError")
        ]
        assert "matches no file" in report.failures[0].reason

    def test_missing_path_raises(self, tmp_path: Path) -> None:
        """A missing path is a FormatError naming it."""
        missing = tmp_path / "missing.txt"

        with pytest.raises(FormatError, match="no such file") as info:
            pt.load(missing)

        assert info.value.path == os.fspath(missing)

    def test_missing_path_does_not_stop_others(self, tree: Path) -> None:
        """With errors="collect", a missing path is listed and the rest read."""
        corpus, report = collect([tree / "nope.txt", tree / "a.txt"])

        assert len(corpus) == 1
        assert [f.path for f in report.failures] == [os.fspath(tree / "nope.txt")]


class TestZip:
    def test_members_read_by_suffix(self, tmp_path: Path) -> None:
        """Every member is read by its own suffix, in stored order, nested too.

        Stored order, not name order: sorting would hold every member's
        record at once (see test_walk.TestArchiveMemory).
        """
        bundle = write_zip(
            tmp_path / "bundle.zip",
            [
                ("z/b.txt", B),
                ("a.txt", A),
                ("records.jsonl", b'{"title": "From JSONL", "text": "Line body."}\n'),
                ("readme.rtf", b"{\\rtf1}"),
                (".DS_Store", b"\x00\x01"),
                ("__MACOSX/.hidden.txt", b"x"),
                ("folder/", b""),
            ],
        )
        corpus, report = collect(bundle)

        assert [a.path for a in corpus] == [
            f"{bundle.as_posix()}!/z/b.txt",
            f"{bundle.as_posix()}!/a.txt",
            f"{bundle.as_posix()}!/records.jsonl",
        ]
        assert corpus[2].title == "From JSONL"
        assert report.skipped == [f"{bundle.as_posix()}!/readme.rtf"]
        assert report.failures == []
        assert report.files == 3

    def test_compressed(self, tmp_path: Path) -> None:
        """Deflated members read like stored ones."""
        bundle = write_zip(
            tmp_path / "b.zip", [("a.txt", A)], compression=zipfile.ZIP_DEFLATED
        )

        assert texts(pt.load(bundle)) == ["Negotiators met again on Tuesday."]

    @pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt", "a/../../evil.txt"])
    def test_escaping_member_is_refused(self, tmp_path: Path, name: str) -> None:
        """A member whose path leaves the archive is a failure; others are read."""
        bundle = write_zip(tmp_path / "b.zip", [("a.txt", A), (name, B)])
        before = sorted(p.name for p in tmp_path.parent.iterdir())

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        [failure] = report.failures
        assert failure.path == f"{bundle.as_posix()}!/{name}"
        assert failure.error == "FormatError"
        assert "leaves the archive" in failure.reason
        # Nothing is ever extracted: no new file anywhere near the archive.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip"]
        assert sorted(p.name for p in tmp_path.parent.iterdir()) == before

    def test_escaping_member_raises_by_default(self, tmp_path: Path) -> None:
        """With errors="raise", the escaping member's FormatError is raised."""
        bundle = write_zip(tmp_path / "b.zip", [("../evil.txt", B)])

        with pytest.raises(FormatError, match="leaves the archive") as info:
            pt.load(bundle)

        assert info.value.path == f"{bundle.as_posix()}!/../evil.txt"

    def test_symlink_member_not_followed(self, tmp_path: Path) -> None:
        """A symbolic-link member is not read (nor its target)."""
        secret = tmp_path / "secret.txt"
        secret.write_bytes(article_bytes("Secret", "Must not be read."))
        bundle = write_zip(tmp_path / "b.zip", [("a.txt", A)])
        zip_symlink(bundle, "link.txt", os.fspath(secret))

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        assert report.failures == []
        assert all("Must not" not in a.text for a in corpus)

    @pytest.mark.parametrize(
        "data",
        [b"", b"PK\x03\x04garbage", b"not a zip at all", A],
        ids=["empty", "bad-header", "text", "article"],
    )
    def test_corrupt_archive_does_not_stop_others(
        self, tmp_path: Path, data: bytes
    ) -> None:
        """A corrupt zip is one failure naming it; the next file is read."""
        (tmp_path / "bad.zip").write_bytes(data)
        (tmp_path / "good.txt").write_bytes(A)

        corpus, report = collect(tmp_path)

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        [failure] = report.failures
        assert failure.path == (tmp_path / "bad.zip").as_posix()
        assert "zip" in failure.reason

    def test_truncated_archive(self, tmp_path: Path) -> None:
        """A zip cut short is a failure, not a crash."""
        whole = write_zip(tmp_path / "whole.zip", [("a.txt", A), ("b.txt", B)])
        cut = tmp_path / "cut.zip"
        cut.write_bytes(whole.read_bytes()[:-10])

        _, report = collect(cut)

        assert [f.path for f in report.failures] == [cut.as_posix()]

    def test_bad_crc_member(self, tmp_path: Path) -> None:
        """A member whose bytes were damaged is a failure naming the member."""
        bundle = write_zip(tmp_path / "b.zip", [("a.txt", A), ("b.txt", B)])
        data = bytearray(bundle.read_bytes())
        data[data.find(b"Negotiators")] ^= 0xFF
        bundle.write_bytes(bytes(data))

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Ships left Odesa on Monday."]
        assert [f.path for f in report.failures] == [f"{bundle.as_posix()}!/a.txt"]

    @pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
    def test_bad_crc_table_member(self, tmp_path: Path, suffix: str) -> None:
        """A damaged JSON, JSONL or CSV member is a failure, not a crash.

        Bug: Loader._open only turns errors of *opening* into FormatError;
        zipfile.BadZipFile raised while the table is read escapes.
        """
        table = {
            ".jsonl": b'{"title": "T", "text": "Negotiators met."}\n',
            ".json": b'[{"title": "T", "text": "Negotiators met."}]',
            ".csv": b"title,text\nT,Negotiators met.\n",
        }[suffix]
        bundle = write_zip(tmp_path / "b.zip", [(f"t{suffix}", table), ("b.txt", B)])
        data = bytearray(bundle.read_bytes())
        data[data.find(b"Negotiators")] ^= 0xFF
        bundle.write_bytes(bytes(data))

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Ships left Odesa on Monday."]
        assert [f.path for f in report.failures] == [f"{bundle.as_posix()}!/t{suffix}"]

    def test_corrupt_deflate_member(self, tmp_path: Path) -> None:
        """A member whose compressed stream is broken is a failure, not a crash.

        Bug: zlib.error escapes Entry.read (it catches OSError, BadZipFile
        and TarError only).
        """
        bundle = write_zip(
            tmp_path / "b.zip",
            [("a.txt", A * 20), ("b.txt", B)],
            compression=zipfile.ZIP_DEFLATED,
        )
        data = bytearray(bundle.read_bytes())
        start = len("PK\x03\x04") + 26 + len("a.txt")
        data[start : start + 12] = b"\xff" * 12
        bundle.write_bytes(bytes(data))

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Ships left Odesa on Monday."]
        assert [f.path for f in report.failures] == [f"{bundle.as_posix()}!/a.txt"]

    @pytest.mark.parametrize(
        ("method", "flags"),
        [(9, None), (99, None), (None, 0x1)],
        ids=["deflate64", "aes", "encrypted"],
    )
    def test_unreadable_member(
        self, tmp_path: Path, method: int | None, flags: int | None
    ) -> None:
        """Unsupported compression or encryption is a failure per member.

        Bug: zipfile raises NotImplementedError (deflate64, AES) or
        RuntimeError (encrypted, no password) on opening such a member;
        neither is caught, so the whole load crashes.
        """
        bundle = write_zip(tmp_path / "b.zip", [("a.txt", A)])
        patch_zip(bundle, method=method, flags=flags)
        (tmp_path / "good.txt").write_bytes(B)

        corpus, report = collect([bundle, tmp_path / "good.txt"])

        assert texts(corpus) == ["Ships left Odesa on Monday."]
        assert [f.path for f in report.failures] == [f"{bundle.as_posix()}!/a.txt"]

    def test_zip_inside_folder(self, tree: Path) -> None:
        """An archive found in a folder is read member by member."""
        x = article_bytes("Ceasefire talks in Geneva", "Envoys met in Geneva.")
        write_zip(tree / "2022" / "bundle.zip", [("x.txt", x)])

        corpus, _ = collect(tree)

        assert f"{tree.as_posix()}/2022/bundle.zip!/x.txt" in [a.path for a in corpus]

    def test_sidecar_by_member_name(self, tmp_path: Path) -> None:
        """A sidecar names archive members by their path inside the archive."""
        bundle = write_zip(tmp_path / "b.zip", [("day/a.txt", A), ("b.txt", B)])
        sidecar = tmp_path / "meta.csv"
        sidecar.write_text("file,date\nday/a.txt,2022-03-29\nb.txt,2022-03\n")

        corpus = pt.load(bundle, sidecar=sidecar)

        assert [a.published.label for a in corpus] == ["2022-03-29", "2022-03"]


class TestTar:
    @pytest.mark.parametrize(
        ("name", "order"),
        [
            ("b.tar", ["z/b.txt", "a.txt", "r.csv"]),
            ("b.tar.gz", ["z/b.txt", "a.txt", "r.csv"]),
            ("b.tgz", ["z/b.txt", "a.txt", "r.csv"]),
        ],
    )
    def test_members_read(self, tmp_path: Path, name: str, order: list[str]) -> None:
        """Members of plain and gzipped tar archives are read by suffix.

        Members are read in the order they are stored, plain or compressed:
        seeking back in a compressed stream inflates it again from the
        start, and sorting them would hold every header at once.
        """
        bundle = write_tar(
            tmp_path / name,
            [("z/b.txt", B), ("a.txt", A), ("r.csv", b"title,text\nT,Row body.\n")],
        )

        corpus, report = collect(bundle)

        assert [a.path for a in corpus] == [f"{bundle.as_posix()}!/{m}" for m in order]
        assert report.failures == []

    @pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt"])
    def test_escaping_member_is_refused(self, tmp_path: Path, name: str) -> None:
        """Members leaving the archive are failures; nothing is written."""
        bundle = write_tar(tmp_path / "b.tar.gz", [("a.txt", A), (name, B)])

        corpus, report = collect(bundle)

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        assert [(f.path, f.error) for f in report.failures] == [
            (f"{bundle.as_posix()}!/{name}", "FormatError")
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.tar.gz"]

    def test_links_not_followed(self, tmp_path: Path) -> None:
        """Symbolic and hard links are not read, whatever they point at."""
        secret = tmp_path / "secret.txt"
        secret.write_bytes(article_bytes("Secret", "Must not be read."))
        bundle = write_tar(
            tmp_path / "b.tar",
            [("a.txt", A)],
            links=[
                ("sym.txt", os.fspath(secret), tarfile.SYMTYPE),
                ("hard.txt", "a.txt", tarfile.LNKTYPE),
            ],
        )

        corpus, report = collect(bundle)

        assert [a.path for a in corpus] == [f"{bundle.as_posix()}!/a.txt"]
        assert report.failures == []

    @pytest.mark.parametrize(
        "data",
        [b"not a tar at all" * 64, b"\x1f\x8bnot gzip", b""],
        ids=["text", "bad-gzip", "empty"],
    )
    def test_corrupt_archive_does_not_stop_others(
        self, tmp_path: Path, data: bytes
    ) -> None:
        """A corrupt tar is one failure naming it; the next file is read."""
        (tmp_path / "bad.tar.gz").write_bytes(data)
        (tmp_path / "good.txt").write_bytes(A)

        corpus, report = collect(tmp_path)

        assert texts(corpus) == ["Negotiators met again on Tuesday."]
        assert [f.path for f in report.failures] == [
            (tmp_path / "bad.tar.gz").as_posix()
        ]

    @pytest.mark.parametrize("keep", [12, 60, -30])
    def test_truncated_gzip(self, tmp_path: Path, keep: int) -> None:
        """A .tar.gz cut short is a failure, and the next file is read.

        Bug: cut inside the gzip header (first ~60 bytes), tarfile.open
        raises EOFError, which _tar_entries does not catch.
        """
        whole = write_tar(tmp_path / "whole.tar.gz", [("a.txt", A), ("b.txt", B)])
        cut = tmp_path / "in" / "cut.tar.gz"
        cut.parent.mkdir()
        cut.write_bytes(whole.read_bytes()[:keep])
        (tmp_path / "in" / "good.txt").write_bytes(C)

        corpus, report = collect(tmp_path / "in")

        assert texts(corpus) == ["Both sides freed 86 soldiers."]
        assert [f.path for f in report.failures] == [cut.as_posix()]


class TestIterEntries:
    def test_nothing_read_while_listing(self, tmp_path: Path) -> None:
        """Listing entries opens no file: an unreadable file is listed."""
        (tmp_path / "a.txt").write_bytes(A)
        entries = list(iter_entries(tmp_path))
        (tmp_path / "a.txt").unlink()

        [entry] = entries
        assert isinstance(entry, Entry)
        assert entry.relative == "a.txt"
        with pytest.raises(FormatError, match="cannot read"):
            entry.read()

    def test_lazy(self, tmp_path: Path) -> None:
        """Folders are walked as the iterator advances."""
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        (tmp_path / "a" / "1.txt").write_bytes(A)
        entries = iter_entries(tmp_path)
        first = next(entries)
        (tmp_path / "b" / "2.txt").write_bytes(B)

        rest = list(entries)

        assert isinstance(first, Entry)
        assert [e.relative for e in rest if isinstance(e, Entry)] == ["b/2.txt"]

    def test_errors_are_yielded(self, tmp_path: Path) -> None:
        """A missing path is yielded as a LoadError, not raised."""
        (tmp_path / "a.txt").write_bytes(A)
        found = list(iter_entries([tmp_path / "missing", tmp_path]))

        assert isinstance(found[0], LoadError)
        assert [e.relative for e in found[1:] if isinstance(e, Entry)] == ["a.txt"]

    @pytest.mark.parametrize(
        ("name", "suffix"),
        [
            ("a.TXT", ".txt"),
            ("b.Tar.Gz", ".tar.gz"),
            ("c.tgz", ".tgz"),
            ("archive.zip!/x.jsonl", ".jsonl"),
            ("no_suffix", ""),
        ],
    )
    def test_suffix(self, name: str, suffix: str) -> None:
        """Format suffixes are lower-cased and know double suffixes."""
        assert suffix_of(name) == suffix


class TestFixtureTree:
    """The realistic tree in tests/fixtures/loading."""

    def test_copy_loads_like_the_original(self, tmp_path: Path) -> None:
        """Loading is by relative path: a copied tree loads the same articles."""
        copy = tmp_path / "copy"
        shutil.copytree(LOADING, copy)
        sidecar = copy / "dates.csv"

        original = pt.load(LOADING, errors="collect", sidecar=LOADING / "dates.csv")
        copied = pt.load(copy, errors="collect", sidecar=sidecar)

        assert [(a.title, a.text, a.published) for a in original] == [
            (a.title, a.text, a.published) for a in copied
        ]

    def test_tree_as_archive(self, tmp_path: Path) -> None:
        """The same tree zipped loads the same articles, sidecar and all."""
        members = [
            (path.relative_to(LOADING).as_posix(), path.read_bytes())
            for path in sorted(LOADING.rglob("*"))
            if path.is_file()
        ]
        bundle = write_zip(tmp_path / "tree.zip", members)
        sidecar = LOADING / "dates.csv"

        folder = pt.load(LOADING, errors="collect", sidecar=sidecar)
        zipped, report = collect(bundle, sidecar=sidecar)

        # The sidecar inside the archive is a member, not the sidecar file:
        # it is read as a table and fails, like any CSV without articles.
        assert sorted((a.title, a.text, a.published) for a in zipped) == sorted(
            (a.title, a.text, a.published) for a in folder
        )
        assert sorted(Path(f.path or "").name for f in report.failures) == [
            "dates.csv",
            "undecodable.txt",
        ]

    def test_byte_stream_members(self, tmp_path: Path) -> None:
        """A tar member is read from the archive stream, not from disk."""
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w:gz") as archive:
            info = tarfile.TarInfo("x.txt")
            info.size = len(A)
            archive.addfile(info, io.BytesIO(A))
        (tmp_path / "s.tgz").write_bytes(data.getvalue())

        assert texts(pt.load(tmp_path / "s.tgz")) == [
            "Negotiators met again on Tuesday."
        ]
