"""Where articles come from: files, folders, globs, lists and archives.

`iter_entries` turns whatever the user points at into a stream of
`Entry` objects, one per file or archive member, in a stable order
(sorted names, depth first), without reading any file.  Archives are read
in place, never extracted: a member whose name would leave the archive's
root (``../x``, ``/etc/x``) is refused, and only regular files are read.
"""

from __future__ import annotations

import glob
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Final

import attrs

from peacetalks.errors import FormatError, LoadError

__all__ = [
    "ARCHIVE_SUFFIXES",
    "BROKEN_STORAGE",
    "MAX_MEMBER_BYTES",
    "Entry",
    "iter_entries",
    "suffix_of",
]

#: Suffixes read as archives.
ARCHIVE_SUFFIXES: Final = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")

#: Errors that come from the storage under a file (a damaged, truncated or
#: encrypted archive, a disk error) rather than from the file's content.
BROKEN_STORAGE: Final = (
    OSError,
    EOFError,
    RuntimeError,  # zipfile: an encrypted member and no password
    NotImplementedError,  # zipfile: Deflate64 or AES members
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
)

#: Archive members larger than this are refused (a guard against zip bombs).
MAX_MEMBER_BYTES: Final = 2**30

Source = str | os.PathLike[str] | Iterable["str | os.PathLike[str]"]


def suffix_of(name: str) -> str:
    """The lower-case suffix that names a file's format, ``.tar.gz`` included.

    >>> suffix_of("Bundle.TAR.GZ"), suffix_of("a.txt"), suffix_of("README")
    ('.tar.gz', '.txt', '')
    """
    lowered = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lowered.endswith(suffix):
            return suffix
    return PurePosixPath(lowered).suffix


@attrs.frozen
class Entry:
    """One file to read, on disk or inside an archive.

    Attributes:
        name: How to name it in messages and in `Article.path`: the path
            as the user gave it, or ``archive.zip!/member``.
        relative: Its path relative to the folder or archive it was found
            in (POSIX), used to look it up in a sidecar file.
        opener: Opens it for binary reading.

    >>> import io
    >>> entry = Entry("a.TXT", "news/a.TXT", lambda: io.BytesIO(b"Talks resumed."))
    >>> entry.suffix, entry.read()
    ('.txt', b'Talks resumed.')
    """

    name: str
    relative: str
    opener: Callable[[], IO[bytes]] = attrs.field(eq=False, repr=False)

    @property
    def suffix(self) -> str:
        """The format suffix, e.g. ``.txt`` or ``.jsonl``.

        >>> import io
        >>> Entry("A.JSONL", "A.JSONL", lambda: io.BytesIO(b"")).suffix
        '.jsonl'
        """
        return suffix_of(self.name)

    def read(self) -> bytes:
        """Read the whole file.

        Raises:
            FormatError: If it cannot be read.

        >>> import peacetalks as pt
        >>> entries = iter_entries(pt.datasets.sample_path(), pattern="*.json")
        >>> next(entries).read()[:1]
        b'{'
        """
        try:
            with self.opener() as handle:
                return handle.read()
        except BROKEN_STORAGE as exc:
            raise FormatError(f"cannot read: {exc}", path=self.name) from None


def _pattern(glob_pattern: str) -> re.Pattern[str]:
    """Compile a glob where ``**/`` spans folders and ``*`` stays in one."""
    out = []
    i = 0
    while i < len(glob_pattern):
        if glob_pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif glob_pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob_pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob_pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob_pattern[i]))
            i += 1
    return re.compile("".join(out))


def _file_entry(path: Path, relative: str) -> Entry:
    return Entry(path.as_posix(), relative, lambda: path.open("rb"))


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts


def _member(
    archive: Path, member: str, size: int, opener: Callable[[], IO[bytes]]
) -> Iterator[Entry | LoadError]:
    """The entry for one regular archive member, or why it is refused."""
    name = f"{archive.as_posix()}!/{member}"
    if not _safe_member(member):
        yield FormatError("member path leaves the archive root", path=name)
    elif size > MAX_MEMBER_BYTES:
        yield FormatError(f"member larger than {MAX_MEMBER_BYTES} bytes", path=name)
    elif not _hidden(member):
        yield Entry(name, member, opener)


def _zip_entries(path: Path) -> Iterator[Entry | LoadError]:
    try:
        archive = zipfile.ZipFile(path)
    except BROKEN_STORAGE as exc:
        yield FormatError(f"cannot open the zip archive: {exc}", path=path.as_posix())
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue  # folders and links are never followed
            opener = _zip_opener(archive, info)
            yield from _member(path, info.filename, info.file_size, opener)


def _zip_opener(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo
) -> Callable[[], IO[bytes]]:
    return lambda: archive.open(info)


def _tar_entries(path: Path) -> Iterator[Entry | LoadError]:
    try:
        archive = tarfile.open(path)  # noqa: SIM115 - closed by the with below
    except BROKEN_STORAGE as exc:
        yield FormatError(f"cannot open the tar archive: {exc}", path=path.as_posix())
        return
    with archive:
        try:
            members = sorted(archive.getmembers(), key=lambda m: m.name)
        except BROKEN_STORAGE as exc:
            yield FormatError(
                f"cannot read the tar archive: {exc}", path=path.as_posix()
            )
            return
        for member in members:
            if not member.isreg():
                continue  # folders, links and devices are never followed
            opener = _tar_opener(archive, member)
            yield from _member(path, member.name, member.size, opener)


def _tar_opener(
    archive: tarfile.TarFile, member: tarfile.TarInfo
) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        handle = archive.extractfile(member)
        if handle is None:  # pragma: no cover - isreg() members always have data
            raise tarfile.TarError(f"no data for {member.name}")
        return handle

    return opener


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(relative).parts)


def _expand_file(path: Path, relative: str) -> Iterator[Entry | LoadError]:
    suffix = suffix_of(path.name)
    if suffix == ".zip":
        yield from _zip_entries(path)
    elif suffix in ARCHIVE_SUFFIXES:
        yield from _tar_entries(path)
    else:
        yield _file_entry(path, relative)


def _walk(root: Path, pattern: re.Pattern[str]) -> Iterator[Entry | LoadError]:
    def on_error(exc: OSError) -> None:
        raise exc

    try:
        for folder, dirs, files in os.walk(root, onerror=on_error):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(folder, name)
                relative = path.relative_to(root).as_posix()
                if pattern.fullmatch(relative):
                    yield from _expand_file(path, relative)
    except OSError as exc:
        yield FormatError(
            f"cannot read the folder: {exc.strerror or exc}", path=root.as_posix()
        )


def iter_entries(
    source: Source, *, pattern: str = "**/*"
) -> Iterator[Entry | LoadError]:
    """Yield an `Entry` per file found in ``source``, or the error that stopped one.

    Args:
        source: A file, a folder (searched recursively), a glob pattern such
            as ``"news/**/*.txt"``, or a list of any of these.  Zip and tar
            archives (also inside folders) are read member by member.
        pattern: Within folders, which files to take, as a glob relative
            to the folder (``**/`` spans sub-folders).  Hidden files and
            folders (``.git``...) are never taken.

    Errors are yielded, not raised, so that one missing path or broken
    archive does not stop the others; the caller decides what to do.

    >>> import peacetalks as pt
    >>> folder = pt.datasets.sample_path()
    >>> [entry.relative for entry in iter_entries(folder, pattern="*.json")]
    ['metadata.json']
    >>> list(iter_entries("no/such/folder"))
    [FormatError('no/such/folder: no such file or folder')]
    """
    if isinstance(source, str | os.PathLike):
        sources: Iterable[str | os.PathLike[str]] = [source]
    else:
        sources = source
    compiled = _pattern(pattern)
    for item in sources:
        path = Path(item)
        if path.is_dir():
            yield from _walk(path, compiled)
        elif path.is_file():
            yield from _expand_file(path, path.name)
        elif isinstance(item, str) and any(c in item for c in "*?["):
            # A user's pattern may be absolute, which Path.glob cannot take.
            matches = sorted(glob.iglob(item, recursive=True))  # noqa: PTH207
            if not matches:
                yield FormatError("the pattern matches no file", path=item)
            for match in matches:
                if Path(match).is_file():
                    yield from _expand_file(Path(match), Path(match).name)
        else:
            yield FormatError("no such file or folder", path=os.fspath(item))
