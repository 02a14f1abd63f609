"""Atomic file writes: the old file or the complete new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from peacetalks.errors import WriteError

__all__ = ["atomic_write"]


def _default_mode() -> int:
    # mkstemp creates files as 0600; a new file should get the usual
    # 0666 & ~umask.  Reading the umask means setting it, so do it once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _default_mode()


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a UTF-8 text file for writing that appears only once complete.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and renamed over ``path`` when the block ends without error.  If
    anything fails, the temporary file is removed and an existing file at
    ``path`` is left exactly as it was.

    Raises:
        WriteError: If the file cannot be written (the folder is missing, the
            disk is full, the text cannot be encoded...).

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as fh:
    ...     _ = fh.write("complete")
    >>> target.read_text()
    'complete'
    """
    target = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), path=str(target)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode if target.exists() else _NEW_FILE_MODE
        Path(temporary).chmod(mode & 0o7777)
        Path(temporary).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(exc, OSError | UnicodeError):
            raise WriteError(str(exc), path=str(target)) from exc
        raise
