"""Atomic file writes: the old file or the complete new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
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


def _destination(target: Path) -> Path | None:
    """Where to write ``target`` atomically; None to write straight through.

    A symbolic link is followed, so that the file it points to is replaced
    and the link kept.  A FIFO or a character device (``/dev/null``, a
    terminal) cannot be replaced by a file, and is written to as it is.

    Raises:
        WriteError: If ``target`` is a folder, a block device or a socket.
    """
    try:
        mode = target.stat().st_mode  # follows links
    except FileNotFoundError:
        mode = None  # nothing there yet, or a link to nothing yet
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), path=str(target)) from exc
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        return None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise WriteError(f"{kind}: refusing to write over it", path=str(target))
    return Path(os.path.realpath(target)) if target.is_symlink() else target


@contextlib.contextmanager
def _write_through(target: Path, newline: str | None) -> Iterator[IO[str]]:
    """Write to a FIFO or device as it is: it cannot be replaced by a file."""
    try:
        with target.open("w", encoding="utf-8", newline=newline) as handle:
            yield handle
    except (OSError, UnicodeError) as exc:
        raise WriteError(str(exc), path=str(target)) from exc


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a UTF-8 text file for writing that appears only once complete.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and renamed over ``path`` when the block ends without error.  If
    anything fails (an exception, Ctrl-C, SIGTERM in the command line), the
    temporary file is removed and an existing file at ``path`` is left
    exactly as it was.

    ``path`` may be a symbolic link: the file it points to is replaced, in
    its own folder, and the link stays.  A FIFO or a character device
    (``/dev/null``, a terminal) is never replaced by a file: the text is
    written straight to it, as ``>`` in a shell does, so it is not atomic.

    Raises:
        WriteError: If the file cannot be written (the folder is missing, the
            disk is full, the text cannot be encoded...), or ``path`` is a
            folder, a block device or a socket.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as fh:
    ...     _ = fh.write("complete")
    >>> target.read_text()
    'complete'
    >>> with atomic_write(os.devnull) as fh:  # written to, not replaced
    ...     _ = fh.write("gone")
    >>> stat.S_ISCHR(os.stat(os.devnull).st_mode)
    True
    """
    given = Path(path)
    target = _destination(given)
    if target is None:
        with _write_through(given, newline) as handle:
            yield handle
        return
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), path=str(given)) from exc
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
            raise WriteError(str(exc), path=str(given)) from exc
        raise
