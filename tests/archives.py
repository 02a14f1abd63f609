"""Helpers for the loading tests: articles as bytes, zip and tar archives.

Archives are built member by member with the standard library, so that a
test can put in what no well-behaved tool would write (``../evil.txt``,
``/abs.txt``, symbolic links, unsupported compression, encryption flags).
"""

from __future__ import annotations

import io
import stat
import struct
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "STORY",
    "article_bytes",
    "patch_zip",
    "write_tar",
    "write_zip",
    "zip_symlink",
]

#: A paragraph long enough for near-duplicate detection (5-word shingles).
STORY = (
    "Russian and Ukrainian negotiators met in Istanbul on Tuesday for the "
    "first face-to-face talks in more than two weeks, and both sides said "
    "afterwards that the meeting had been constructive. The Turkish foreign "
    "minister said the talks had made the most progress since the war began, "
    "and that the two foreign ministers could meet soon."
)


def article_bytes(title: str, body: str, *header: str) -> bytes:
    """A plain-text article: a headline, header lines, a blank line, the body."""
    return ("\n".join([title, *header]) + "\n\n" + body + "\n").encode()


def write_zip(
    path: Path,
    members: Iterable[tuple[str, bytes]],
    *,
    compression: int = zipfile.ZIP_STORED,
) -> Path:
    """Write a zip archive holding ``members`` (name, data), names as given."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def zip_symlink(path: Path, name: str, target: str) -> None:
    """Add a symbolic-link member ``name`` pointing at ``target`` to a zip."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, so that external_attr holds a mode
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, target)


def write_tar(
    path: Path,
    members: Iterable[tuple[str, bytes]],
    *,
    links: Iterable[tuple[str, str, bytes]] = (),
) -> Path:
    """Write a tar archive (compressed by ``path``'s suffix).

    ``links`` holds (name, target, type) with type `tarfile.SYMTYPE` or
    `tarfile.LNKTYPE`.
    """
    gzipped = path.name.endswith((".tar.gz", ".tgz"))
    with tarfile.open(path, "w:gz" if gzipped else "w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target, kind in links:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            archive.addfile(info)
    return path


def patch_zip(
    path: Path, *, method: int | None = None, flags: int | None = None
) -> None:
    """Change the compression method or flag bits of every member of a zip.

    Both the local headers and the central directory are patched, so that
    `zipfile` opens the archive and only fails on reading a member.
    """
    data = bytearray(path.read_bytes())
    for signature, flag_at, method_at in (
        (b"PK\x03\x04", 6, 8),
        (b"PK\x01\x02", 8, 10),
    ):
        start = data.find(signature)
        while start != -1:
            if flags is not None:
                struct.pack_into("<H", data, start + flag_at, flags)
            if method is not None:
                struct.pack_into("<H", data, start + method_at, method)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
