"""Where articles come from: files, folders, globs, lists and archives.

`iter_entries` turns whatever the user points at into a stream of
`Entry` objects, one per file or archive member, in a stable order
(sorted names, depth first; archive members in the order the archive
stores them), without reading any file.  Archives are read in place,
never extracted: a member whose name would leave the archive's root
(``../x``, ``/etc/x``) is refused, and only regular files are read.

Nothing here trusts its input.  A folder that cannot be listed is one
failure and the walk goes on; a link inside a folder is read only if it
points to a regular file inside that folder, unless ``follow_links``
(the others are `Skipped`, with the reason); a FIFO, a device or a
socket is refused without blocking; no more than `MAX_FILE_BYTES` is read
from one file, whatever its size claims; an archive whose members
overlap, that holds more than `ArchiveLimits.max_members` members or that
would expand past its `ArchiveLimits` is refused before any member is
read, and its list of members is read one at a time, never held whole.
"""

from __future__ import annotations

import errno
import io
import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Final

import attrs

from peacetalks.errors import FormatError, LoadError
from peacetalks.io import zipdir
from peacetalks.io.globs import Glob, States, has_magic

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "ARCHIVE_SUFFIXES",
    "BROKEN_STORAGE",
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_MEMBER_BYTES",
    "RATIO_GRACE_BYTES",
    "ArchiveLimits",
    "Entry",
    "Skipped",
    "iter_entries",
    "split_glob",
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

#: The most members (files, folders, links) one archive may hold: ten
#: times what antivirus scanners allow (ClamAV's ``MaxFiles`` is 10,000),
#: and more than a corpus of articles of 40 KiB fills within
#: `MAX_ARCHIVE_BYTES`.
MAX_ARCHIVE_MEMBERS: Final = 100_000

#: Bytes read at a time from a file or an archive member.
_CHUNK: Final = 1 << 16

_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)  # not on Windows

#: Opening never blocks (a FIFO with no writer) nor takes a terminal.
_OPEN_FLAGS: Final = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0)

#: Opening a file found as a regular file refuses it if it became a link.
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)  # not on Windows

#: The zip compression methods read: Python's zipfile inflates a bzip2 or
#: LZMA member a whole compressed chunk at a time, with no bound on the
#: output (113 bytes of bzip2 are 100 MB of zeros).
_ZIP_METHODS: Final = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

#: Names of the zip compression methods that are not read, for messages.
_OTHER_ZIP_METHODS: Final = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 99: "AES"}

#: Zip flags: encrypted (bit 0) or strongly encrypted (bit 6); compressed
#: patched data (bit 5).
_ZIP_ENCRYPTED: Final = 0x41
_ZIP_PATCHED: Final = 0x20

Source = str | os.PathLike[str] | Iterable["str | os.PathLike[str]"]


def _whole_number(minimum: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    """An attrs validator: an int (not a bool) of at least ``minimum``."""

    def check(_: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"{attribute.name} must be a whole number (got {value!r})"
            raise TypeError(msg)
        if value < minimum:
            msg = f"{attribute.name} must be at least {minimum} (got {value!r})"
            raise ValueError(msg)

    return check


@attrs.frozen
class ArchiveLimits:
    """How much one archive may expand to, and how many members it may hold.

    An archive past any of these is refused as a whole, before any member
    is read: one `FormatError` naming it.  The defaults refuse archive
    bombs and let news archives through; raise them for a larger honest
    archive (or split it).

    Attributes:
        max_bytes: The most all its members may expand to together
            (`MAX_ARCHIVE_BYTES`, 4 GiB).
        max_ratio: The most times its size on disk its members may expand
            to (`MAX_COMPRESSION_RATIO`, 100), beyond ``grace_bytes``.
        grace_bytes: What any archive may expand to, whatever its ratio
            (`RATIO_GRACE_BYTES`, 64 MiB).
        max_members: The most members it may hold, folders and links
            included (`MAX_ARCHIVE_MEMBERS`, 100,000).

    >>> limits = ArchiveLimits(max_ratio=1000)
    >>> limits.expansion_limit(10**6) == 1000 * 10**6
    True
    >>> ArchiveLimits(max_members=0)
    Traceback (most recent call last):
    ...
    ValueError: max_members must be at least 1 (got 0)
    """

    max_bytes: int = attrs.field(default=MAX_ARCHIVE_BYTES, validator=_whole_number(0))
    max_ratio: int = attrs.field(
        default=MAX_COMPRESSION_RATIO, validator=_whole_number(1)
    )
    grace_bytes: int = attrs.field(
        default=RATIO_GRACE_BYTES, validator=_whole_number(0)
    )
    max_members: int = attrs.field(
        default=MAX_ARCHIVE_MEMBERS, validator=_whole_number(1)
    )

    def expansion_limit(self, size: int) -> int:
        """The most an archive of ``size`` bytes on disk may expand to.

        >>> limits = ArchiveLimits()
        >>> limits.expansion_limit(1000) == RATIO_GRACE_BYTES
        True
        >>> limits.expansion_limit(10**7) == MAX_COMPRESSION_RATIO * 10**7
        True
        >>> limits.expansion_limit(10**9) == MAX_ARCHIVE_BYTES
        True
        """
        return min(self.max_bytes, max(self.grace_bytes, self.max_ratio * size))


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
        in_archive: Whether it is a member of an archive (its stream may
            seek only by inflating the archive again from its start).

    >>> import io
    >>> entry = Entry("a.TXT", "news/a.TXT", lambda: io.BytesIO(b"Talks resumed."))
    >>> entry.suffix, entry.read()
    ('.txt', b'Talks resumed.')
    """

    name: str
    relative: str
    opener: Callable[[], IO[bytes]] = attrs.field(eq=False, repr=False)
    named: bool = attrs.field(default=False, kw_only=True)
    in_archive: bool = attrs.field(default=False, kw_only=True)

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


@attrs.frozen
class Skipped:
    """A file found but not read, and why: a link that leaves its folder, say.

    Attributes:
        name: The file, as an `Entry` would name it.
        reason: Why it was not read.

    >>> Skipped("news/passwd.txt", "a link to a file outside the folder")
    Skipped(name='news/passwd.txt', reason='a link to a file outside the folder')
    """

    name: str
    reason: str


#: What `iter_entries` yields.
Found = Entry | Skipped | LoadError


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


@attrs.frozen
class _Opening:
    """How to open a file found on disk.

    Attributes:
        follow: Follow a link at the end of the path.  A file found in a
            folder as a regular file is opened with ``follow=False`` (it
            must not have become a link since it was listed).
        same_as: The device and inode the file must have: those of the
            target of a link that was checked to stay inside its folder
            (the link must not point elsewhere since).
    """

    follow: bool = True
    same_as: tuple[int, int] | None = None

    def open(self, path: Path) -> tuple[io.FileIO, int]:
        """Open a regular file for reading, and its size; refuse anything else.

        The file is opened without blocking (a FIFO with no writer would
        block for ever) and checked once open, with ``fstat``, so that it
        cannot be swapped for a FIFO, a device or another file after a
        check.

        Raises:
            FormatError: If it cannot be opened, is not a regular file, or
                is not the file it was found as.
        """
        flags = _OPEN_FLAGS if self.follow else _OPEN_FLAGS | _NOFOLLOW
        try:
            descriptor = os.open(path, flags)
        except (OSError, ValueError) as exc:
            raise self._not_opened(path, exc) from None
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise _not_regular(path.as_posix(), status.st_mode)
            if self.same_as not in (None, (status.st_dev, status.st_ino)):
                raise _changed(path, "the link points elsewhere")
            if _NONBLOCK:
                os.set_blocking(descriptor, True)  # reads then block as usual
        except OSError as exc:
            os.close(descriptor)
            raise _unopenable(path, exc) from None
        except BaseException:
            os.close(descriptor)
            raise
        return io.FileIO(descriptor, "rb"), status.st_size

    def _not_opened(self, path: Path, exc: OSError | ValueError) -> FormatError:
        """Why ``path`` could not be opened (ELOOP: it became a link)."""
        if not self.follow and getattr(exc, "errno", None) == errno.ELOOP:
            return _changed(path, "it is a link now")
        return _unopenable(path, exc)


def _changed(path: Path, what: str) -> FormatError:
    return FormatError(
        f"changed since the folder was listed ({what}): not read",
        path=path.as_posix(),
    )


def _open_regular(path: Path, opening: _Opening = _Opening()) -> tuple[io.FileIO, int]:
    """Open a regular file for reading, and its size (see `_Opening.open`)."""
    return opening.open(path)


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


def _open_file(path: Path, opening: _Opening) -> IO[bytes]:
    """Open a file found on disk for an `Entry`: regular, and at most the cap."""
    handle, size = _open_regular(path, opening)
    if size > MAX_FILE_BYTES:
        handle.close()
        raise _too_large(path.as_posix(), MAX_FILE_BYTES)
    return _capped(handle, path.as_posix(), MAX_FILE_BYTES)


def _file_entry(
    path: Path, relative: str, opening: _Opening, *, named: bool = False
) -> Entry:
    return Entry(
        path.as_posix(), relative, lambda: _open_file(path, opening), named=named
    )


# -- archives ---------------------------------------------------------------------


def _parts(name: str) -> list[str]:
    """The names of a path's parts, as `PurePosixPath.parts` has them but faster.

    >>> _parts("a//./b/"), _parts("./")
    (['a', 'b'], [])
    """
    return [part for part in name.split("/") if part not in ("", ".")]


def _safe_member(name: str) -> bool:
    parts = _parts(name.replace("\\", "/"))
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
        yield Entry(name, member, opener, in_archive=True)


@attrs.define
class _Budget:
    """What the members of one archive add up to, against its limits.

    Attributes:
        name: The archive, for messages.
        size: Its size on disk.
        limits: Its limits.
    """

    name: str
    size: int
    limits: ArchiveLimits
    members: int = 0
    expanded: int = 0

    def add(self, size: int, reach: int = 0) -> FormatError | None:
        """Count one more member of ``size`` bytes; why it is too many, if it is.

        ``reach`` is how far into the expanded archive the member ends (a
        tar's headers count too).
        """
        self.members += 1
        if self.members > self.limits.max_members:
            most = self.limits.max_members
            return FormatError(
                f"holds more than {most:,} member{'s' * (most != 1)}: not read "
                "(a likely archive bomb; raise ArchiveLimits.max_members, "
                "--archive-max-members, to read it)",
                path=self.name,
            )
        self.expanded += size
        limit = self.limits.expansion_limit(self.size)
        if max(self.expanded, reach) > limit:
            return FormatError(
                f"expands to more than {_size(limit)}, the most allowed for an "
                f"archive of {_size(self.size)}: not read (a likely archive bomb)",
                path=self.name,
            )
        return None


class _Overlaps:
    """Finds two zip members whose bytes overlap, seeing members one at a time.

    No zip tool writes such an archive; a zip bomb does, so that one small
    compressed member is inflated once per entry pointing into it.  A
    member's bytes run from its local header to the end of its data.
    Members listed in the order of their data (as every zip tool writes
    them) are checked as they come, in constant memory; once one comes
    out of order, `ordered` is false and `check_sorted` must check them all.
    """

    def __init__(self) -> None:
        self.ordered = True
        self._start = -1
        self._furthest = -1
        self._holder = ""

    def add(self, start: int, end: int, name: str) -> tuple[str, str] | None:
        """The two members that overlap, if ``name`` overlaps one seen before."""
        if not self.ordered:
            return None
        if start < self._start:
            self.ordered = False
            return None
        self._start = start
        if start < self._furthest:
            return self._holder, name
        if end > self._furthest:
            self._furthest, self._holder = end, name
        return None

    @staticmethod
    def check_sorted(spans: Iterable[tuple[int, int, str]]) -> tuple[str, str] | None:
        """The first two of ``spans`` (start, end, name) that overlap, if any."""
        check = _Overlaps()
        for start, end, name in sorted(spans):
            found = check.add(start, end, name)
            if found is not None:
                return found
        return None


def _zip_spans(
    handle: IO[bytes], directory: zipdir.Directory
) -> Iterator[tuple[int, int, str]]:
    """Each member's bytes, from its local header to the end of its data."""
    for member in zipdir.iter_members(handle, directory):
        header = zipdir.local_header_size(handle, member)
        if header is not None:  # else reading the member says what is wrong
            yield member.offset, member.offset + header + member.compressed, member.name


def _zip_refusal(
    handle: IO[bytes], directory: zipdir.Directory, budget: _Budget
) -> FormatError | None:
    """Why the whole archive is refused before any member is read, if it is.

    The central directory is read through once (twice if it lists members
    out of the order of their data, holding then one span per member).
    """
    overlaps = _Overlaps()
    found = None
    for member in zipdir.iter_members(handle, directory):
        refusal = budget.add(member.size)
        if refusal is not None:
            return refusal
        header = zipdir.local_header_size(handle, member)
        if header is not None and found is None:
            end = member.offset + header + member.compressed
            found = overlaps.add(member.offset, end, member.name)
    if not overlaps.ordered:
        found = _Overlaps.check_sorted(_zip_spans(handle, directory))
    if found is None:
        return None
    first, second = found
    return FormatError(
        f"members {first!r} and {second!r} overlap: not read "
        "(a zip bomb: no zip tool writes this)",
        path=budget.name,
    )


def _zip_entries(
    path: Path, limits: ArchiveLimits, opening: _Opening
) -> Iterator[Entry | LoadError]:
    name = path.as_posix()
    try:
        handle, size = _open_regular(path, opening)
    except FormatError as exc:
        yield exc
        return
    with handle:
        try:
            directory = zipdir.find_directory(handle, size)
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot open the zip archive: {exc}", path=name)
            return
        try:
            refusal = _zip_refusal(handle, directory, _Budget(name, size, limits))
        except BROKEN_STORAGE as exc:
            refusal = FormatError(f"cannot read the zip archive: {exc}", path=name)
        if refusal is not None:
            yield refusal
            return
        yield from _zip_members(path, handle, directory, _Budget(name, size, limits))


def _zip_members(
    path: Path, handle: IO[bytes], directory: zipdir.Directory, budget: _Budget
) -> Iterator[Entry | LoadError]:
    """The entries of a zip's members, in the order its directory lists them.

    The budget is counted again: the archive was checked, but could have
    changed since.
    """
    found = False
    members = zipdir.iter_members(handle, directory)
    while True:
        try:
            member = next(members, None)
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot read the zip archive: {exc}", path=budget.name)
            return
        if member is None:
            break
        refusal = budget.add(member.size)
        if refusal is not None:
            yield refusal
            return
        if member.is_folder or member.is_link:
            continue  # folders and links are never followed
        found = True
        yield from _zip_member(path, handle, member)
    if not found:
        yield FormatError("the archive holds no file", path=budget.name)


def _zip_member(
    path: Path, handle: IO[bytes], member: zipdir.ZipMember
) -> Iterator[Entry | LoadError]:
    name = f"{path.as_posix()}!/{member.name}"
    if member.method not in _ZIP_METHODS:
        method = member.method
        yield FormatError(
            f"uses {_OTHER_ZIP_METHODS.get(method, f'method {method}')}: "
            "not read; only stored and deflated zip members are",
            path=name,
        )
        return
    if member.flags & _ZIP_ENCRYPTED:
        yield FormatError("is encrypted: not read", path=name)
        return
    if member.flags & _ZIP_PATCHED:
        yield FormatError("holds compressed patched data: not read", path=name)
        return

    def opener() -> IO[bytes]:
        # Read through the cap in chunks: a member is inflated at most a
        # chunk a call, however small its header says it is.
        return _capped(zipdir.open_member(handle, member), name, MAX_MEMBER_BYTES)

    yield from _member(path, member.name, member.size, opener)


def _tar_headers(
    archive: tarfile.TarFile, budget: _Budget
) -> Iterator[tarfile.TarInfo | FormatError]:
    """Each member's header in the order stored, then why the archive is refused.

    `tarfile` keeps every header it reads in ``members``: they are dropped
    as they come.  Finding the next header means decompressing the member
    before it: the scan stops before going past the limits.
    """
    kept: list[tarfile.TarInfo] = archive.members  # type: ignore[attr-defined]  # typeshed lacks TarFile.members
    while (member := archive.next()) is not None:
        kept.clear()
        refusal = budget.add(member.size, member.offset_data + member.size)
        if refusal is not None:
            yield refusal
            return
        yield member


def _tar_entries(
    path: Path, limits: ArchiveLimits, opening: _Opening
) -> Iterator[Entry | LoadError]:
    """The entries of a tar's members, in the order they are stored.

    The headers are read through once to check the limits, then again as
    the members are read: a compressed stream is inflated twice, and seeks
    back only by inflating again from its start.
    """
    name = path.as_posix()
    try:
        raw, size = _open_regular(path, opening)
    except FormatError as exc:
        yield exc
        return
    with io.BufferedReader(raw) as handle:
        try:
            with tarfile.open(fileobj=handle) as archive:
                for scanned in _tar_headers(archive, _Budget(name, size, limits)):
                    if isinstance(scanned, FormatError):
                        yield scanned
                        return
            handle.seek(0)
            archive = tarfile.open(fileobj=handle)  # noqa: SIM115 - closed below
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot read the tar archive: {exc}", path=name)
            return
        with archive:
            yield from _tar_members(path, archive, _Budget(name, size, limits))


def _tar_members(
    path: Path, archive: tarfile.TarFile, budget: _Budget
) -> Iterator[Entry | LoadError]:
    found = False
    headers = _tar_headers(archive, budget)
    while True:
        try:
            member = next(headers, None)
        except BROKEN_STORAGE as exc:
            yield FormatError(f"cannot read the tar archive: {exc}", path=budget.name)
            return
        if member is None:
            break
        if isinstance(member, FormatError):
            yield member
            return
        if not member.isreg():
            continue  # folders, links and devices are never followed
        found = True
        yield from _member(path, member.name, member.size, _tar_opener(archive, member))
    if not found:
        yield FormatError("the archive holds no file", path=budget.name)


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
    return any(part.startswith(".") for part in _parts(relative))


def _expand_file(
    path: Path,
    relative: str,
    limits: ArchiveLimits,
    opening: _Opening,
    *,
    named: bool = False,
) -> Iterator[Entry | LoadError]:
    suffix = suffix_of(path.name)
    if suffix == ".zip":
        yield from _zip_entries(path, limits, opening)
    elif suffix in ARCHIVE_SUFFIXES:
        yield from _tar_entries(path, limits, opening)
    else:
        yield _file_entry(path, relative, opening, named=named)


# -- folders ----------------------------------------------------------------------


@attrs.frozen
class _Options:
    """What `iter_entries` was asked for."""

    pattern: Glob
    follow_links: bool
    limits: ArchiveLimits


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """What a folder holds, sorted by name."""
    with os.scandir(folder) as children:
        return sorted(children, key=lambda child: child.name)


def _is_subfolder(child: os.DirEntry[str]) -> bool:
    """Whether ``child`` is a folder itself (not a link to one)."""
    try:
        return child.is_dir(follow_symlinks=False)
    except OSError:
        return False  # reading it as a file will say what is wrong


def _is_link(child: os.DirEntry[str]) -> bool:
    try:
        return child.is_symlink()
    except OSError:
        return False  # opening it will say what is wrong


def _within(real: str, folder: str) -> bool:
    """Whether the resolved path ``real`` is ``folder`` or lies under it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def _target(link: Path) -> tuple[str, os.stat_result | None]:
    """Where a link leads, resolved, and what is there (None: nothing)."""
    real = os.path.realpath(link)
    try:
        return real, link.stat()
    except (OSError, ValueError):
        return real, None


@attrs.frozen
class _Folder:
    """A folder to list, and the pattern's states once its path is read."""

    path: Path
    states: States
    linked: bool = False  # reached through a link (``follow_links``)


class _Walk:
    """The files under one folder that match the pattern, sorted, depth first.

    A folder that cannot be listed (no permission, deleted meanwhile, a
    path longer than the system allows) is one failure naming it, and
    the walk goes on with its siblings.  Folders are listed one at a time,
    as the iterator advances; a stack, not recursion, keeps deep trees
    within Python's recursion limit; a folder in which the pattern cannot
    match is not listed.

    Links: one to a regular file inside the root folder (resolved) is
    read; one to a folder inside it is not walked (its files are read
    where they are); any other is `Skipped`, with the reason.  With
    ``follow_links``, links to files are read wherever they lead, and links
    to folders outside the root are walked, each folder once (a link
    back to a folder being walked, or walked already, is skipped): a cycle
    of links cannot make the walk endless.
    """

    def __init__(self, root: Path, options: _Options) -> None:
        self.root = root
        self.options = options
        self.real_root = os.path.realpath(root)
        # With follow_links: the folders listed, by device and inode.
        self.listed: set[tuple[int, int]] = set()
        self.found = False  # anything matched, read or said

    def __iter__(self) -> Iterator[Found]:
        glob = self.options.pattern
        folders = [_Folder(self.root, glob.start())]
        while folders:
            folder = folders.pop()
            if self.options.follow_links and not self._first_time(folder):
                if folder.linked:
                    self.found = True
                    yield Skipped(
                        folder.path.as_posix(),
                        f"a link to a folder read already "
                        f"({os.path.realpath(folder.path)}): not read again",
                    )
                continue
            try:
                children = _listing(folder.path)
            except OSError as exc:
                self.found = True  # the failure says it out loud
                yield FormatError(
                    f"cannot read the folder: {exc.strerror or exc}",
                    path=folder.path.as_posix(),
                )
                continue
            subfolders: list[_Folder] = []
            for child in children:
                if child.name.startswith("."):
                    continue  # hidden files and folders are never taken
                states = glob.step(folder.states, child.name)
                if not states:
                    continue  # nothing at or under this name can match
                path = folder.path / child.name
                if _is_link(child):
                    yield from self._link(path, states, subfolders)
                elif _is_subfolder(child):
                    if glob.can_go_on(states):
                        subfolders.append(_Folder(path, states))
                elif glob.accepts(states):
                    self.found = True
                    follow = self.options.follow_links
                    yield from self._file(path, _Opening(follow=follow))
            folders.extend(reversed(subfolders))

    def _first_time(self, folder: _Folder) -> bool:
        """Whether ``folder`` was not listed yet (marking it as listed)."""
        try:
            status = folder.path.stat()
        except (OSError, ValueError):
            return True  # listing it says what is wrong
        identity = (status.st_dev, status.st_ino)
        if identity in self.listed:
            return False
        self.listed.add(identity)
        return True

    def _file(self, path: Path, opening: _Opening) -> Iterator[Entry | LoadError]:
        relative = path.relative_to(self.root).as_posix()
        return _expand_file(path, relative, self.options.limits, opening)

    def _link(
        self, path: Path, states: States, subfolders: list[_Folder]
    ) -> Iterator[Found]:
        """What a link found in a folder gives: its file, a folder, or a skip."""
        glob, follow = self.options.pattern, self.options.follow_links
        real, status = _target(path)
        inside = _within(real, self.real_root)
        name = path.as_posix()
        hint = "follow_links=True (--follow-links) follows it"
        if status is not None and stat.S_ISDIR(status.st_mode):
            if inside or not glob.can_go_on(states):
                return  # its files are read where they are, if at all
            if follow:
                subfolders.append(_Folder(path, states, linked=True))
                return
            self.found = True
            yield Skipped(
                name, f"a link to a folder outside the folder ({real}): {hint}"
            )
            return
        if not glob.accepts(states):
            return
        self.found = True
        if follow:
            yield from self._file(path, _Opening())
        elif not inside:
            yield Skipped(name, f"a link to a file outside the folder ({real}): {hint}")
        elif status is None:
            yield from self._file(path, _Opening())  # opening says what is wrong
        elif not stat.S_ISREG(status.st_mode):
            kind = _kind(status.st_mode)
            yield Skipped(name, f"a link to {kind} ({real}): not read")
        else:
            same = (status.st_dev, status.st_ino)
            yield from self._file(path, _Opening(same_as=same))


def _walk(root: Path, options: _Options, nothing: FormatError) -> Iterator[Found]:
    """The `_Walk` of ``root``, then ``nothing`` if nothing matched."""
    walk = _Walk(root, options)
    yield from walk
    if not walk.found:
        yield nothing


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def split_glob(text: str) -> tuple[str, Glob]:
    """The folder a glob pattern starts in, and the pattern below it.

    Raises:
        ValueError: For a pattern with no wildcard, or ``**`` inside a name.

    >>> base, pattern = split_glob("news/2022/**/*.txt")
    >>> base, pattern.text, pattern.matches("03/a.txt")
    ('news/2022', '**/*.txt', True)
    """
    segments = text.split("/")
    first = next(
        (at for at, segment in enumerate(segments) if has_magic(segment)), None
    )
    if first is None:
        msg = f"not a pattern: {text!r} has no wildcard"
        raise ValueError(msg)
    base = "/".join(segments[:first]) or ("/" if text.startswith("/") else ".")
    rest = segments[first:]
    # ``a//b`` is ``a/b``; a pattern ending with ``/`` matches folders only.
    rest = [s for at, s in enumerate(rest) if s or at == len(rest) - 1]
    return base, Glob.compile("/".join(rest))


def _glob(text: str, options: _Options) -> Iterator[Found]:
    """The files a glob pattern matches, as a walk of the folder it starts in.

    ``news/2022/**/*.txt`` walks ``news/2022`` with the pattern
    ``**/*.txt``: the same rules as for a folder (hidden files are not
    taken, links that leave the folder are skipped), and no link cycle
    makes it endless (`glob.glob` follows links to folders with ``**``).
    """
    try:
        base, pattern = split_glob(text)
    except ValueError as exc:
        yield FormatError(str(exc), path=text)
        return
    nothing = FormatError("the pattern matches no file", path=text)
    if not _is_folder(Path(base)):
        yield nothing
        return
    yield from _walk(Path(base), attrs.evolve(options, pattern=pattern), nothing)


def _expand(item: str | os.PathLike[str], options: _Options) -> Iterator[Found]:
    """The entries of one file, folder or glob the user named."""
    path = Path(item)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError) as exc:
        if isinstance(item, str) and has_magic(item):
            yield from _glob(item, options)
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
        nothing = FormatError(
            f"no file in the folder matches the pattern {options.pattern.text!r}",
            path=path.as_posix(),
        )
        yield from _walk(path, options, nothing)
    else:
        # The user named this file: a link is read wherever it leads.
        yield from _expand_file(path, path.name, options.limits, _Opening(), named=True)


def iter_entries(
    source: Source,
    *,
    pattern: str = "**/*",
    follow_links: bool = False,
    archive_limits: ArchiveLimits | None = None,
) -> Iterator[Found]:
    """Yield an `Entry` per file found in ``source``, or why one was not read.

    Args:
        source: A file, a folder (searched recursively), a glob pattern such
            as ``"news/**/*.txt"``, or a list of any of these.  Zip and tar
            archives (also inside folders) are read member by member.
        pattern: Within folders, which files to take, as a glob relative
            to the folder: ``*``, ``?``, ``[a-z]`` and ``[!a-z]`` within
            one name, ``**`` (a whole segment) for any number of folders.
            Hidden files and folders (``.git``...) are never taken.
        follow_links: Read links found in folders wherever they lead, and
            walk links to folders outside the folder (each folder once).
            By default, only links to regular files inside the folder are
            read: the others are yielded as `Skipped`.  A file named
            itself is read even if it is a link.
        archive_limits: The `ArchiveLimits` of each archive (the defaults
            if None).

    Errors are yielded, not raised, so that one missing path or broken
    archive does not stop the others; the caller decides what to do.  Each
    of these is one `FormatError` naming it, and the rest is read:

    - a path that does not exist, a glob that matches no file, or a folder
      where no file matches ``pattern``;
    - a sub-folder that cannot be listed (the walk goes on);
    - a file that is not a regular file (a FIFO, a device, a socket), said
      when the entry is opened, which never blocks; a file that became a
      link, or a link that leads elsewhere, since its folder was listed;
    - a file larger than `MAX_FILE_BYTES`, said when it is opened or, if its
      size said less, once reading passes the cap;
    - an archive that cannot be opened, whose members overlap, or that is
      past its ``archive_limits`` (members, expanded size, ratio); an
      archive that holds no file;
    - an archive member that leaves the archive's root, is larger than
      `MAX_MEMBER_BYTES`, or (zip) is encrypted or neither stored nor
      deflated.

    Raises:
        ValueError: If ``pattern`` has ``**`` inside a name (``**.txt``).

    >>> import peacetalks as pt
    >>> folder = pt.datasets.sample_path()
    >>> [entry.relative for entry in iter_entries(folder, pattern="*.json")]
    ['metadata.json']
    >>> list(iter_entries("no/such/folder"))
    [FormatError('no/such/folder: no such file or folder')]
    >>> [str(error) for error in iter_entries(folder, pattern="*.pdf")]
    ["/.../sample: no file in the folder matches the pattern '*.pdf'"]
    """
    options = _Options(
        Glob.compile(pattern), follow_links, archive_limits or ArchiveLimits()
    )
    if isinstance(source, str | os.PathLike):
        sources: Iterable[str | os.PathLike[str]] = [source]
    else:
        sources = source
    for item in sources:
        yield from _expand(item, options)
