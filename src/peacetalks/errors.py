"""The exceptions peacetalks raises, all under one root.

Catch :class:`PeacetalksError` to handle anything the library reports on
purpose; anything else escaping the library is a bug.

::

    PeacetalksError
    ├── LoadError            reading input failed; names the file and line
    │   ├── FormatError      the input's format is unknown or unsupported
    │   ├── DecodeError      invalid text (bad UTF-8) or invalid JSON/CSV
    │   ├── ValidationError  well-formed data that does not fit the model;
    │   │                    ``.errors`` lists each bad field by its path
    │   └── SchemaVersionError  a document written by a newer peacetalks
    ├── WriteError           writing failed; the previous file is left untouched
    └── DuplicateIdError     two different articles share one id

Every error carries the ``path`` of the file it concerns (or ``None`` for
in-memory input) and, where it applies, the 1-based ``line``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "DecodeError",
    "DuplicateIdError",
    "FormatError",
    "LoadError",
    "PeacetalksError",
    "SchemaVersionError",
    "ValidationError",
    "WriteError",
]


class PeacetalksError(Exception):
    """Base class of every error that peacetalks raises on purpose."""


def _where(path: str | None, line: int | None) -> str:
    """Render ``file:line: `` for a message prefix, or nothing."""
    if path is None and line is None:
        return ""
    if line is None:
        return f"{path}: "
    return f"{path or '<input>'}:{line}: "


class LoadError(PeacetalksError):
    """Reading input failed.

    Attributes:
        reason: What went wrong, without the location.
        path: The file that was being read, or ``None`` for in-memory input.
        line: The 1-based line (JSON Lines, CSV rows) or ``None``.
    """

    def __init__(
        self, reason: str, *, path: str | None = None, line: int | None = None
    ) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(f"{_where(path, line)}{reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments need help to survive pickling (multiprocessing).
        return (_rebuild, (type(self), self.reason, self.path, self.line))


def _rebuild(
    cls: type[LoadError], reason: str, path: str | None, line: int | None
) -> LoadError:
    return cls(reason, path=path, line=line)


class FormatError(LoadError):
    """The format of the input is unknown or not supported."""


class DecodeError(LoadError):
    """The input is not valid text, JSON or CSV."""


class ValidationError(LoadError):
    """Well-formed data that does not fit the peacetalks model.

    Attributes:
        errors: One message per bad field, each starting with the field's
            path, e.g. ``$.articles[3].published.precision``.
    """

    def __init__(
        self,
        errors: Sequence[str],
        *,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.errors), path=path, line=line)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation, (self.errors, self.path, self.line))


def _rebuild_validation(
    errors: list[str], path: str | None, line: int | None
) -> ValidationError:
    return ValidationError(errors, path=path, line=line)


class SchemaVersionError(LoadError):
    """The document was written with a newer schema than this peacetalks reads."""


class WriteError(PeacetalksError):
    """Writing a file failed; any previous file at that path is unchanged.

    Attributes:
        path: The file that was being written.
    """

    def __init__(self, reason: str, *, path: str) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_write, (self.reason, self.path))


def _rebuild_write(reason: str, path: str) -> WriteError:
    return WriteError(reason, path=path)


class DuplicateIdError(PeacetalksError, ValueError):
    """Two different articles were given the same id.

    Attributes:
        article_id: The id that occurs twice.
    """

    def __init__(self, article_id: str, first: int, second: int) -> None:
        self.article_id = article_id
        self.first = first
        self.second = second
        super().__init__(
            f"article id {article_id!r} is used by two different articles "
            f"(positions {first} and {second})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.article_id, self.first, self.second))
