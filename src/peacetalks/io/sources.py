"""Where articles come from: files, folders, globs, lists and archives.

`iter_entries` turns whatever the user points at into a stream of
`Entry` objects, one per file or archive member, in a stable order
(sorted names, depth first; the members of a compressed tar in the order
they are stored), without reading any file.  Archives are read
in place, never extracted: a member whose name would leave the archive's
root (``../x``, ``/etc/x``) is refused, and only regular files are read.

Nothing here trusts its input.  A folder that cannot be listed is one
failure and the walk goes on; a FIFO, a device or a socket is refused
without blocking; no more than `MAX_FILE_BYTES` is read from one file,
whatever its size claims; an archive whose members overlap, or that
would expand past `MAX_ARCHIVE_BYTES` or `MAX_COMPRESSION_RATIO` times
its size, is refused before any member is read.
"""

from __future__ import annotations

import errno
import glob
import io
import lzma
import os
import re
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Final

import attrs

from peacetalks.errors import FormatError, LoadError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "ARCHIVE_SUFFIXES",
    "BROKEN_STORAGE",
    "MAX_ARCHIVE_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_MEMBER_BYTES",
    "RATIO_GRACE_BYTES",
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

#: The most bytes read from one file (1 GiB, thousands of times a news
#: article): a larger file is refused, and reading stops here even when the
#: file's size said less (a file that grows, a ``/proc`` file that says 0).
MAX_FILE_BYTES: Final = 2**30

#: Archive members larger than this are refused (the cap on one file).
MAX_MEMBER_BYTES: Final = MAX_FILE_BYTES

#: The most bytes all the members of one archive may expand to (4 GiB).
MAX_ARCHIVE_BYTES: Final = 2**32

#: The most times an archive may expand its size on disk, beyond
#: `RATIO_GRACE_BYTES`; news text compresses three to ten times.
MAX_COMPRESSION_RATIO: Final = 100

#: What any archive may expand to, whatever its ratio (64 MiB), so that a
#: small archive of very repetitive text is never refused.
RATIO_GRACE_BYTES: Final = 2**26

#: Bytes read at a time from a file or an archive member.
_CHUNK: Final = 1 << 16

_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)  # not on Windows

#: Opening never blocks (a FIFO with no writer) nor takes a terminal.
_OPEN_FLAGS: Final = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0)

#: The zip compression methods read: Python's zipfile inflates a bzip2 or
#: LZMA member a whole compressed chunk at a time, with no bound on the
#: output (113 bytes of bzip2 are 100 MB of zeros).
_ZIP_METHODS: Final = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

#: Names of the zip compression methods that are not read, for messages.
_OTHER_ZIP_METHODS: Final = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 99: "AES"}

#: A zip local file header: signature, name length and extra length.
_LOCAL_HEADER: Final = struct.Struct("<4s22xHH")

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
        opener: Opens it for binary reading.  For files that `iter_entries`
            finds, it raises `FormatError` for a file that is not a regular
            file or is larger than `MAX_FILE_BYTES`, and the stream it
            returns raises `FormatError` once reading passes the cap.
        named: Whether the user named this file itself, rather than a
            folder, pattern or archive that holds it.

    >>> import io
    >>> entry = Entry("a.TXT", "news/a.TXT", lambda: io.BytesIO(b"Talks resumed."))
    >>> entry.suffix, entry.read()
    ('.txt', b'Talks resumed.')
    """

    name: str
    relative: str
    opener: Callable[[], IO[bytes]] = attrs.field(eq=False, repr=False)
    named: bool = attrs.field(default=False, kw_only=True)

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
            FormatError: If it cannot be read, is not a regular file, or is
                larger than `MAX_FILE_BYTES` (`MAX_MEMBER_BYTES` in an
                archive).

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


def _size(count: int) -> str:
    """Say a number of bytes the way the caps are documented.

    >>> _size(2**30), _size(2**26), _size(1500)
    ('1 GiB', '64 MiB', '1,500 bytes')
    """
    for unit, power in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if count >= 2**power and count % 2**power == 0:
            return f"{count >> power} {unit}"
    return f"{count:,} bytes"


def _too_large(name: str, limit: int) -> FormatError:
    return FormatError(f"larger than {_size(limit)}: not read", path=name)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "of an unknown kind"


def _not_regular(name: str, mode: int) -> FormatError:
    return FormatError(f"not a regular file ({_kind(mode)}): not read", path=name)


def _unopenable(path: Path, exc: OSError | ValueError) -> FormatError:
    """Why ``path`` cannot be opened: a socket says ENXIO, which says little."""
    name = path.as_posix()
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return _not_regular(name, mode)
    return FormatError(
        f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=name
    )


def _open_regular(path: Path) -> tuple[io.FileIO, int]:
    """Open a regular file for reading, and its size; refuse anything else.

    The file is opened without blocking (a FIFO with no writer would block
    for ever) and checked once open, with ``fstat``, so that it cannot be
    swapped for a FIFO or a device after a check.  Links to regular files
    are followed.

    Raises:
        FormatError: If it cannot be opened or is not a regular file.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        raise _unopenable(path, exc) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(path.as_posix(), status.st_mode)
        if _NONBLOCK:
            os.set_blocking(descriptor, True)  # reads then block as usual
    except OSError as exc:
        os.close(descriptor)
        raise _unopenable(path, exc) from None
    except BaseException:
        os.close(descriptor)
        raise
    return io.FileIO(descriptor, "rb"), status.st_size


class _Capped(io.RawIOBase):
    """A binary stream that refuses to read past ``limit`` bytes.

    The count is of bytes read, not of the size a file or an archive
    header claims, which can be wrong or a lie.
    """

    def __init__(self, inner: IO[bytes], name: str, limit: int) -> None:
        super().__init__()
        self._inner = inner
        self._name = name
        self._limit = limit
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._inner.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = self._inner.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position

    def _read_capped(self, size: int) -> bytes:
        """Up to ``size`` bytes; raises once there is more than the limit."""
        room = self._limit - self._position
        if room <= 0:
            if self._inner.read(1):
                raise _too_large(self._name, self._limit)
            return b""
        data = self._inner.read(min(size, room))
        self._position += len(data)
        return data

    def readinto(self, buffer: WriteableBuffer) -> int:
        with memoryview(buffer) as whole, whole.cast("B") as view:
            data = self._read_capped(len(view))
            view[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        # A chunk at a time: the default reads 8 KiB a call.
        chunks = []
        while data := self._read_capped(_CHUNK):
            chunks.append(data)
        return b"".join(chunks)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def _capped(inner: IO[bytes], name: str, limit: int) -> IO[bytes]:
    return io.BufferedReader(_Capped(inner, name, limit), _CHUNK)


def _open_file(path: Path) -> IO[bytes]:
    """Open a file found on disk for an `Entry`: regular, and at most the cap."""
    handle, size = _open_regular(path)
    if size > MAX_FILE_BYTES:
        handle.close()
        raise _too_large(path.as_posix(), MAX_FILE_BYTES)
    return _capped(handle, path.as_posix(), MAX_FILE_BYTES)


def _file_entry(path: Path, relative: str, *, named: bool = False) -> Entry:
    return Entry(path.as_posix(), relative, lambda: _open_file(path), named=named)


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
        yield FormatError(f"member larger than {_size(MAX_MEMBER_BYTES)}", path=name)
    elif not _hidden(member):
        yield Entry(name, member, opener)


def _expansion_limit(size: int) -> int:
    """The most an archive of ``size`` bytes on disk may expand to.

    >>> _expansion_limit(1000) == RATIO_GRACE_BYTES
    True
    >>> _expansion_limit(10**7) == MAX_COMPRESSION_RATIO * 10**7
    True
    >>> _expansion_limit(10**9) == MAX_ARCHIVE_BYTES
    True
    """
    return min(MAX_ARCHIVE_BYTES, max(RATIO_GRACE_BYTES, MAX_COMPRESSION_RATIO * size))


def _too_expanding(name: str, size: int, limit: int) -> FormatError:
    return FormatError(
        f"expands to more than {_size(limit)}, the most allowed for an archive "
        f"of {_size(size)}: not read (a likely archive bomb)",
        path=name,
    )


def _overlap(archive: zipfile.ZipFile, handle: IO[bytes]) -> tuple[str, str] | None:
    """Two members whose bytes overlap, if any.

    No zip tool writes such an archive; a zip bomb does, so that one small
    compressed member is inflated once per entry pointing into it.  A
    member's bytes run from its local header to the end of its data.
    """
    spans = []
    for info in archive.infolist():
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            continue  # reading the member will say it is cut short
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            continue  # idem: a bad header
        data = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        spans.append((info.header_offset, data + info.compress_size, info.filename))
    spans.sort()
    furthest, holder = -1, ""
    for start, end, filename in spans:
        if start < furthest:
            return holder, filename
        if end > furthest:
            furthest, holder = end, filename
    return None


def _zip_refusal(
    archive: zipfile.ZipFile, handle: IO[bytes], size: int, name: str
) -> FormatError | None:
    """Why the whole archive is refused before any member is read, if it is."""
    overlapping = _overlap(archive, handle)
    if overlapping is not None:
        first, second = overlapping
        return FormatError(
            f"members {first!r} and {second!r} overlap: not read "
            "(a zip bomb: no zip tool writes this)",
            path=name,
        )
    limit = _expansion_limit(size)
    if sum(info.file_size for info in archive.infolist()) > limit:
        return _too_expanding(name, size, limit)
    return None


def _zip_entries(path: Path) -> Iterator[Entry | LoadError]:
    name = path.as_posix()
    try:
        raw, size = _open_regular(path)
    except FormatError as exc:
        yield exc
        return
    with io.BufferedReader(raw) as handle:
        try:
            archive = zipfile.ZipFile(handle)
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot open the zip archive: {exc}", path=name)
            return
        with archive:
            try:
                refusal = _zip_refusal(archive, handle, size, name)
            except BROKEN_STORAGE as exc:
                refusal = FormatError(f"cannot read the zip archive: {exc}", path=name)
            if refusal is not None:
                yield refusal
                return
            found = False
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                    continue  # folders and links are never followed
                found = True
                yield from _zip_member(path, archive, info)
            if not found:
                yield FormatError("the archive holds no file", path=name)


def _zip_member(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo
) -> Iterator[Entry | LoadError]:
    name = f"{path.as_posix()}!/{info.filename}"
    if info.compress_type not in _ZIP_METHODS:
        method = info.compress_type
        yield FormatError(
            f"uses {_OTHER_ZIP_METHODS.get(method, f'method {method}')}: "
            "not read; only stored and deflated zip members are",
            path=name,
        )
        return
    yield from _member(
        path, info.filename, info.file_size, _zip_opener(archive, info, name)
    )


def _zip_opener(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str
) -> Callable[[], IO[bytes]]:
    # Read through the cap in chunks: zipfile inflates at most a chunk a
    # call, however small the member's header says it is.
    return lambda: _capped(archive.open(info), name, MAX_MEMBER_BYTES)


def _tar_members(archive: tarfile.TarFile, limit: int) -> list[tarfile.TarInfo] | None:
    """Every member's header, or None once they expand past ``limit``.

    Finding the next header means decompressing the member before it: the
    scan stops before it would go past the limit.
    """
    members: list[tarfile.TarInfo] = []
    expanded = 0
    while True:
        member = archive.next()
        if member is None:
            return members
        expanded += member.size
        if max(expanded, member.offset_data + member.size) > limit:
            return None
        members.append(member)


def _tar_entries(path: Path) -> Iterator[Entry | LoadError]:
    name = path.as_posix()
    try:
        raw, size = _open_regular(path)
    except FormatError as exc:
        yield exc
        return
    with io.BufferedReader(raw) as handle:
        try:
            archive = tarfile.open(fileobj=handle)  # noqa: SIM115 - closed below
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot open the tar archive: {exc}", path=name)
            return
        with archive:
            limit = _expansion_limit(size)
            try:
                members = _tar_members(archive, limit)
            except BROKEN_STORAGE as exc:
                yield FormatError(f"cannot read the tar archive: {exc}", path=name)
                return
            if members is None:
                yield _too_expanding(name, size, limit)
                return
            if archive.fileobj is handle:  # not compressed: seeking is free
                members.sort(key=lambda m: m.name)
            # A compressed stream seeks back only by inflating again from
            # its start: its members are read in the order they are stored.
            found = False
            for member in members:
                if not member.isreg():
                    continue  # folders, links and devices are never followed
                found = True
                opener = _tar_opener(archive, member)
                yield from _member(path, member.name, member.size, opener)
            if not found:
                yield FormatError("the archive holds no file", path=name)


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


def _expand_file(
    path: Path, relative: str, *, named: bool = False
) -> Iterator[Entry | LoadError]:
    suffix = suffix_of(path.name)
    if suffix == ".zip":
        yield from _zip_entries(path)
    elif suffix in ARCHIVE_SUFFIXES:
        yield from _tar_entries(path)
    else:
        yield _file_entry(path, relative, named=named)


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """What a folder holds, sorted by name."""
    with os.scandir(folder) as children:
        return sorted(children, key=lambda child: child.name)


def _is_subfolder(child: os.DirEntry[str]) -> bool:
    """Whether to walk into ``child``; a link to a folder is not followed."""
    try:
        return child.is_dir(follow_symlinks=False)
    except OSError:
        return False  # reading it as a file will say what is wrong


def _is_linked_folder(child: os.DirEntry[str]) -> bool:
    try:
        return child.is_dir()
    except OSError:
        return False


def _walk(
    root: Path, pattern: re.Pattern[str], glob_pattern: str
) -> Iterator[Entry | LoadError]:
    """Yield the files under ``root`` that match, sorted, depth first.

    A folder that cannot be listed (no permission, deleted meanwhile, a
    path longer than the system allows) is one failure naming it, and
    the walk goes on with its siblings.  Folders are listed one at a time,
    as the iterator advances; a stack, not recursion, keeps deep trees
    within Python's recursion limit.
    """
    matched = False
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            children = _listing(folder)
        except OSError as exc:
            matched = True  # the failure says it out loud
            yield FormatError(
                f"cannot read the folder: {exc.strerror or exc}",
                path=folder.as_posix(),
            )
            continue
        subfolders = []
        for child in children:
            if child.name.startswith("."):
                continue
            path = folder / child.name
            if _is_subfolder(child):
                subfolders.append(path)
                continue
            if _is_linked_folder(child):
                continue  # links to folders are not followed
            relative = path.relative_to(root).as_posix()
            if pattern.fullmatch(relative):
                matched = True
                yield from _expand_file(path, relative)
        folders.extend(reversed(subfolders))
    if not matched:
        yield FormatError(
            f"no file in the folder matches the pattern {glob_pattern!r}",
            path=root.as_posix(),
        )


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _glob(pattern: str) -> Iterator[Entry | LoadError]:
    """The files a glob pattern matches; folders it matches are not walked."""
    # A user's pattern may be absolute, which Path.glob cannot take.
    found = False
    for match in sorted(glob.iglob(pattern, recursive=True)):  # noqa: PTH207
        path = Path(match)
        if not _is_folder(path):
            found = True
            yield from _expand_file(path, path.name)
    if not found:
        yield FormatError("the pattern matches no file", path=pattern)


def _expand(
    item: str | os.PathLike[str], pattern: re.Pattern[str], glob_pattern: str
) -> Iterator[Entry | LoadError]:
    """The entries of one file, folder or glob the user named."""
    path = Path(item)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError) as exc:
        if isinstance(item, str) and any(c in item for c in "*?["):
            yield from _glob(item)
        elif isinstance(exc, OSError) and exc.errno not in (
            errno.ENOENT,
            errno.ENOTDIR,
        ):
            yield FormatError(
                f"cannot read: {exc.strerror or exc}", path=os.fspath(item)
            )
        else:
            yield FormatError("no such file or folder", path=os.fspath(item))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path, pattern, glob_pattern)
    else:
        yield from _expand_file(path, path.name, named=True)


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
    archive does not stop the others; the caller decides what to do.  Each
    of these is one `FormatError` naming it, and the rest is read:

    - a path that does not exist, a glob that matches no file, or a folder
      where no file matches ``pattern``;
    - a sub-folder that cannot be listed (the walk goes on);
    - a file that is not a regular file (a FIFO, a device, a socket, or a
      link to one), said when the entry is opened, which never blocks;
    - a file larger than `MAX_FILE_BYTES`, said when it is opened or, if its
      size said less, once reading passes the cap;
    - an archive that cannot be opened, whose members overlap, or that would
      expand past `MAX_ARCHIVE_BYTES` or past `MAX_COMPRESSION_RATIO` times
      its size (and `RATIO_GRACE_BYTES`); an archive that holds no file;
    - an archive member that leaves the archive's root, is larger than
      `MAX_MEMBER_BYTES`, or (zip) is neither stored nor deflated.

    >>> import peacetalks as pt
    >>> folder = pt.datasets.sample_path()
    >>> [entry.relative for entry in iter_entries(folder, pattern="*.json")]
    ['metadata.json']
    >>> list(iter_entries("no/such/folder"))
    [FormatError('no/such/folder: no such file or folder')]
    >>> [str(error) for error in iter_entries(folder, pattern="*.pdf")]
    ["/.../sample: no file in the folder matches the pattern '*.pdf'"]
    """
    if isinstance(source, str | os.PathLike):
        sources: Iterable[str | os.PathLike[str]] = [source]
    else:
        sources = source
    compiled = _pattern(pattern)
    for item in sources:
        yield from _expand(item, compiled, pattern)
