"""Zip archives read in place, one central-directory record at a time.

Python's `zipfile.ZipFile` reads the whole central directory into a
`zipfile.ZipInfo` per member before anything else: a zip of a million
empty members, 98 MB on disk, held 522 MiB.  Here the end record says
where the directory is, and `iter_members` reads it a chunk at a time,
yielding each member as a small `ZipMember` that nothing keeps, in the
order the directory lists them.  `open_member` reads a stored or deflated
member's data, inflating at most what the caller asks for at a time,
and checks its CRC.  Every fault of the archive is a
`zipfile.BadZipFile` (or the `OSError` of a disk error).

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
...     archive.writestr("b.txt", "Talks resumed.")
...     archive.writestr("a/", "")
>>> directory = find_directory(buffer, len(buffer.getvalue()))
>>> [(m.name, m.is_folder) for m in iter_members(buffer, directory)]
[('b.txt', False), ('a/', True)]
>>> member = next(iter_members(buffer, directory))
>>> open_member(buffer, member).read()
b'Talks resumed.'
"""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Final

import attrs

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "Directory",
    "ZipMember",
    "find_directory",
    "iter_members",
    "local_header_size",
    "open_member",
]

#: The end of central directory record, and its signature.
_END: Final = struct.Struct("<4s4H2LH")
_END_SIGNATURE: Final = b"PK\x05\x06"

#: The ZIP64 end record locator, just before the end record, and the ZIP64
#: end record, just before the locator (as every tool writes them).
_END64_LOCATOR: Final = struct.Struct("<4sLQL")
_END64: Final = struct.Struct("<4sQ2H2L4Q")

#: A central directory record: signature, versions and system, flags,
#: method, time, date, CRC, sizes, name, extra and comment lengths, disk,
#: attributes and the offset of the local header.
_CENTRAL: Final = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"

#: A local file header: signature, then (at 26) name and extra lengths.
_LOCAL: Final = struct.Struct("<4s22xHH")
_LOCAL_SIGNATURE: Final = b"PK\x03\x04"

#: The most bytes after the end record: its comment.
_MAX_COMMENT: Final = 0xFFFF

#: A size or offset too large for its field, found in the ZIP64 extra field.
_ZIP64_MARK: Final = 0xFFFFFFFF

#: Bytes read at a time.
_CHUNK: Final = 1 << 16

#: General purpose flags: names in UTF-8.
_UTF8: Final = 0x800


@attrs.frozen
class Directory:
    """Where a zip's central directory is.

    Attributes:
        offset: Where it starts in the file.
        size: Its length in bytes.
        shift: Bytes before the archive proper (a self-extracting stub),
            added to every offset the archive gives.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("news/a.txt", "Talks resumed.")
    >>> find_directory(buffer, len(buffer.getvalue()))
    Directory(offset=54, size=56, shift=0)
    """

    offset: int
    size: int
    shift: int


@attrs.frozen
class ZipMember:
    """One member, as the central directory describes it.

    Attributes:
        name: Its path in the archive, decoded (UTF-8 if flagged, else
            code page 437) and cut at a NUL, as `zipfile` does.
        raw_name: The name's bytes, to check the local header against.
        method: The compression method (0 stored, 8 deflated...).
        flags: The general purpose flags (bit 0: encrypted).
        crc: The CRC-32 of its data.
        compressed: The size of its data in the archive.
        size: The size of its data once inflated.
        offset: Where its local header starts in the file.
        mode: The Unix mode in its external attributes (0 if none).

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("news/a.txt", "Talks resumed.")
    >>> directory = find_directory(buffer, len(buffer.getvalue()))
    >>> next(iter_members(buffer, directory))
    ZipMember(name='news/a.txt', method=0, flags=0, crc=741593681, compressed=14,
              size=14, offset=0, mode=384)
    """

    name: str
    raw_name: bytes = attrs.field(repr=False)
    method: int
    flags: int
    crc: int
    compressed: int
    size: int
    offset: int
    mode: int

    @property
    def is_folder(self) -> bool:
        """Whether it is a folder (its name ends with ``/``).

        >>> ZipMember("news/", b"news/", 0, 0, 0, 0, 0, 0, 0o40755).is_folder
        True
        """
        return self.name.endswith("/")

    @property
    def is_link(self) -> bool:
        """Whether its mode says it is a symbolic link.

        >>> ZipMember("a.txt", b"a.txt", 0, 0, 0, 9, 9, 0, 0o120777).is_link
        True
        """
        return stat.S_ISLNK(self.mode)


def _read_at(handle: IO[bytes], offset: int, size: int) -> bytes:
    handle.seek(offset)
    return handle.read(size)


def find_directory(handle: IO[bytes], size: int) -> Directory:
    """Read the end record of a zip of ``size`` bytes.

    Raises:
        zipfile.BadZipFile: If there is none, or it points outside the file.

    >>> import io
    >>> find_directory(io.BytesIO(b"not a zip"), 9)
    Traceback (most recent call last):
    ...
    zipfile.BadZipFile: File is not a zip file
    """
    tail_start = max(0, size - _END.size - _MAX_COMMENT)
    tail = _read_at(handle, tail_start, size - tail_start)
    # The last signature with a whole record after it (a comment may follow).
    at = tail.rfind(_END_SIGNATURE, 0, len(tail) - _END.size + len(_END_SIGNATURE))
    if len(tail) < _END.size or at < 0:
        raise zipfile.BadZipFile("File is not a zip file")
    fields = _END.unpack_from(tail, at)
    location = tail_start + at
    directory_size, directory_offset = fields[5], fields[6]
    locator_at = location - _END64_LOCATOR.size
    if locator_at >= 0:
        locator = _read_at(handle, locator_at, _END64_LOCATOR.size)
        if locator[:4] == b"PK\x06\x07":
            location = locator_at - _END64.size
            record = _read_at(handle, max(location, 0), _END64.size)
            if location < 0 or len(record) < _END64.size or record[:4] != b"PK\x06\x06":
                raise zipfile.BadZipFile("the ZIP64 end record is missing")
            directory_size, directory_offset = _END64.unpack(record)[8:10]
    # The directory ends where the end records start; what is before the
    # archive shifts every offset it gives.
    shift = location - directory_size - directory_offset
    if shift < 0:
        raise zipfile.BadZipFile("the central directory lies outside the file")
    return Directory(directory_offset + shift, directory_size, shift)


class _Window:
    """Reads a span of a file front to back, a chunk at a time.

    It seeks before each chunk, so that others may read the same file
    meanwhile.
    """

    def __init__(self, handle: IO[bytes], start: int, end: int) -> None:
        self._handle = handle
        self._next = start
        self._end = end
        self._buffer = b""
        self._at = 0

    def take(self, size: int) -> bytes:
        """The next ``size`` bytes (fewer at the end of the span)."""
        while len(self._buffer) - self._at < size and self._next < self._end:
            chunk = _read_at(
                self._handle, self._next, min(_CHUNK, self._end - self._next)
            )
            if not chunk:
                break
            self._buffer = self._buffer[self._at :] + chunk
            self._at = 0
            self._next += len(chunk)
        data = self._buffer[self._at : self._at + size]
        self._at += len(data)
        return data


def _zip64(extra: bytes, sizes: list[int]) -> list[int]:
    """``sizes`` (size, compressed, offset), those too large read from ``extra``."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, at)
        if kind == 1:
            values = extra[at + 4 : at + 4 + length]
            found = list(sizes)
            taken = 0
            for index, value in enumerate(sizes):
                if value == _ZIP64_MARK:
                    if taken + 8 > len(values):
                        raise zipfile.BadZipFile("corrupt ZIP64 extra field")
                    (found[index],) = struct.unpack_from("<Q", values, taken)
                    taken += 8
            return found
        at += 4 + length
    return sizes


def _decode(raw: bytes, flags: int) -> str:
    name = raw.decode("utf-8", "replace") if flags & _UTF8 else raw.decode("cp437")
    return name.split("\0", 1)[0]


def iter_members(handle: IO[bytes], directory: Directory) -> Iterator[ZipMember]:
    """Yield the members the central directory lists, in its order.

    Only the current record and a chunk of the directory are held.

    Raises:
        zipfile.BadZipFile: At a damaged record.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     for name in ("b.txt", "a.txt"):
    ...         archive.writestr(name, "Talks resumed.")
    >>> directory = find_directory(buffer, len(buffer.getvalue()))
    >>> [member.name for member in iter_members(buffer, directory)]
    ['b.txt', 'a.txt']
    """
    window = _Window(handle, directory.offset, directory.offset + directory.size)
    read = 0
    while read < directory.size:
        header = window.take(_CENTRAL.size)
        if len(header) < _CENTRAL.size or header[:4] != _CENTRAL_SIGNATURE:
            raise zipfile.BadZipFile(
                f"bad central directory record at offset {directory.offset + read}"
            )
        fields = _CENTRAL.unpack(header)
        flags, method, crc = fields[5], fields[6], fields[9]
        name_length, extra_length, comment_length = fields[12:15]
        variable = name_length + extra_length + comment_length
        rest = window.take(variable)
        if len(rest) < variable:
            raise zipfile.BadZipFile("the central directory is cut short")
        raw_name = rest[:name_length]
        sizes = [fields[11], fields[10], fields[18]]
        if _ZIP64_MARK in sizes:
            sizes = _zip64(rest[name_length : name_length + extra_length], sizes)
        size, compressed, offset = sizes
        read += _CENTRAL.size + variable
        yield ZipMember(
            name=_decode(raw_name, flags),
            raw_name=raw_name,
            method=method,
            flags=flags,
            crc=crc,
            compressed=compressed,
            size=size,
            offset=offset + directory.shift,
            mode=fields[17] >> 16,
        )


def local_header_size(handle: IO[bytes], member: ZipMember) -> int | None:
    """The length of ``member``'s local header, or None if it is not one.

    Its data starts that many bytes after ``member.offset``.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("news/a.txt", "Talks resumed.")
    >>> directory = find_directory(buffer, len(buffer.getvalue()))
    >>> local_header_size(buffer, next(iter_members(buffer, directory)))
    40
    """
    header = _read_at(handle, member.offset, _LOCAL.size)
    if len(header) < _LOCAL.size or header[:4] != _LOCAL_SIGNATURE:
        return None
    lengths: tuple[bytes, int, int] = _LOCAL.unpack(header)
    return _LOCAL.size + lengths[1] + lengths[2]


def open_member(handle: IO[bytes], member: ZipMember) -> IO[bytes]:
    """A stream of a stored or deflated member's data, inflated as it is read.

    Raises:
        zipfile.BadZipFile: If its local header is missing or names another
            file; reading raises it if the data is cut short or its CRC is
            wrong.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    ...     archive.writestr("news/a.txt", "Talks resumed. " * 100)
    >>> directory = find_directory(buffer, len(buffer.getvalue()))
    >>> member = next(iter_members(buffer, directory))
    >>> member.compressed < member.size
    True
    >>> open_member(buffer, member).read(15)
    b'Talks resumed. '
    """
    length = local_header_size(handle, member)
    if length is None:
        raise zipfile.BadZipFile(f"bad local file header for {member.name!r}")
    name = _read_at(handle, member.offset + _LOCAL.size, len(member.raw_name))
    if name != member.raw_name:
        raise zipfile.BadZipFile(
            f"the central directory names {member.raw_name!r} "
            f"and the local header {name!r}"
        )
    start = member.offset + length
    return io.BufferedReader(
        _Inflating(_Window(handle, start, start + member.compressed), member), _CHUNK
    )


class _Inflating(io.RawIOBase):
    """A member's data: read from its window, inflated if deflated, checked.

    No call inflates more than it returns, nor past the size the directory
    gives; once that size is reached, the CRC must match.
    """

    def __init__(self, window: _Window, member: ZipMember) -> None:
        super().__init__()
        self._window = window
        self._member = member
        self._left = member.size
        self._crc = 0
        self._inflater = (
            zlib.decompressobj(-zlib.MAX_WBITS)
            if member.method == zipfile.ZIP_DEFLATED
            else None
        )
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        with memoryview(buffer) as whole, whole.cast("B") as view:
            data = self._next(min(len(view), _CHUNK))
            view[: len(data)] = data
        return len(data)

    def _next(self, size: int) -> bytes:
        if self._left <= 0 or size <= 0:
            return b""
        want = min(size, self._left)
        data = self._inflate(want) if self._inflater else self._window.take(want)
        if not data:
            raise zipfile.BadZipFile(
                f"the data of {self._member.name!r} ends before its size"
            )
        self._left -= len(data)
        self._crc = zlib.crc32(data, self._crc)
        if self._left == 0 and self._crc != self._member.crc:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._member.name!r}")
        return data

    def _inflate(self, want: int) -> bytes:
        """Up to ``want`` inflated bytes; empty once the data ends."""
        inflater = self._inflater
        assert inflater is not None  # only deflated members are inflated
        while not inflater.eof:
            if not self._pending:
                self._pending = self._window.take(_CHUNK)
                if not self._pending:
                    return b""
            data = inflater.decompress(self._pending, want)
            self._pending = inflater.unconsumed_tail
            if data:
                return data
        return b""
