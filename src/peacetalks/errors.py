r"""The exceptions peacetalks raises, all under one root.

Catch `PeacetalksError` to handle anything the library reports on
purpose; anything else escaping the library is a bug.

::

    PeacetalksError
    ├── LoadError            reading input failed; names the file and line
    │   ├── FormatError      the input's format is unknown or unsupported
    │   ├── DecodeError      invalid text (bad UTF-8) or invalid JSON/CSV
    │   ├── ValidationError  well-formed data that does not fit the model;
    │   │                    ``.errors`` lists each bad field by its path
    │   ├── SchemaVersionError  a document written by a newer peacetalks
    │   └── DuplicateIdError two articles share one id (also a ValueError)
    ├── WriteError           writing failed; the previous file is left untouched
    ├── FieldValueError      a model object got an invalid value (also a ValueError)
    ├── UnknownNameError     a lexicon has no such name (also a KeyError)
    ├── MissingExtraError    an optional dependency is not installed
    │                        (also an ImportError); names the extra
    └── WorkerError          a worker process of `extract_stream` died
        │                    (also a RuntimeError)
        └── WorkerTimeoutError  no worker process handed back its work
                             in time (stopped or frozen); all were killed

Every error carries the ``path`` of the file it concerns (or ``None`` for
in-memory input) and, where it applies, the 1-based ``line``.  The message
(``str(error)``) shows control characters in the path and reason as escapes
(an ESC character as the four characters ``\x1b``), so printing it cannot
clear a terminal or forge a line; the ``path`` and ``reason`` attributes
keep them as they were.

>>> import peacetalks as pt
>>> try:
...     pt.loads('{"title": "Talks", "text": "x"', pt.Article)
... except pt.LoadError as error:
...     print(type(error).__name__, "|", error.path, "|", error)
DecodeError | None | <input>:1: invalid JSON: Expecting ',' delimiter (column 31)
>>> issubclass(pt.DuplicateIdError, ValueError), issubclass(pt.WriteError, LoadError)
(True, False)
>>> pt.PeacetalksError in pt.FormatError.__mro__
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from peacetalks._terminal import escape_controls

__all__ = [
    "DecodeError",
    "DuplicateIdError",
    "FieldValueError",
    "FormatError",
    "LoadError",
    "MissingExtraError",
    "PeacetalksError",
    "SchemaVersionError",
    "UnknownNameError",
    "ValidationError",
    "WorkerError",
    "WorkerTimeoutError",
    "WriteError",
    "close_names",
    "install_hint",
    "one_of",
]

#: How similar (difflib ratio) a known name must be to be suggested.
_CLOSE = 0.6

#: The shortest text that suggests the names it is part of.
_MIN_PART = 3


def one_of(names: Sequence[str]) -> str:
    """Render names as ``'a', 'b' or 'c'`` for "did you mean" messages.

    >>> one_of(["Russia", "Belarus"])
    "'Russia' or 'Belarus'"
    """
    quoted = [repr(name) for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def close_names(name: str, known: Iterable[str]) -> list[str]:
    """Known names close to ``name``, best first, for "did you mean" messages.

    Names with a close spelling, none much worse than the best; without
    one, names that contain ``name`` (``"nato"`` in ``"nato_membership"``),
    shortest first.  Both ``name`` and ``known`` are compared as given: fold
    them (case, accents) first if that should not matter.

    >>> close_names("acts.demnd", ["acts.demand", "acts.offer", "speech.verbs"])
    ['acts.demand']
    >>> close_names("verbs", ["speech.verbs", "acts.demand"])
    ['speech.verbs']
    """
    matcher = difflib.SequenceMatcher(b=name)
    scored = []
    candidates = list(dict.fromkeys(known))
    for key in candidates:
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= _CLOSE and matcher.ratio() >= _CLOSE:
            scored.append((matcher.ratio(), key))
    scored.sort(key=lambda pair: -pair[0])
    if scored:
        return [key for score, key in scored if score >= scored[0][0] - 0.1]
    if len(name) < _MIN_PART:
        return []
    return sorted((key for key in candidates if name in key), key=lambda k: (len(k), k))


def install_hint(extra: str) -> str:
    """How to install an extra, from a package index and from a clone.

    >>> print(install_hint("plot"))
    pip install 'peacetalks[plot]' (from a clone of the repository: pip install
    '.[plot]')
    """
    return (
        f"pip install 'peacetalks[{extra}]' "
        f"(from a clone of the repository: pip install '.[{extra}]')"
    )


class PeacetalksError(Exception):
    """Base class of every error that peacetalks raises on purpose."""


def _where(path: str | None, line: int | None) -> str:
    """Render ``file:line: `` for a message prefix, or nothing."""
    if path is None and line is None:
        return ""
    if line is None:
        return f"{path}: "
    return f"{path or '<input>'}:{line}: "


def _message(reason: str, path: str | None, line: int | None = None) -> str:
    r"""``file:line: reason``, control characters shown as escapes.

    >>> print(_message("cannot read", "\x1b[2Jok.txt", 3))
    \x1b[2Jok.txt:3: cannot read
    """
    return escape_controls(f"{_where(path, line)}{reason}")


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
        super().__init__(_message(reason, path, line))

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

    >>> from peacetalks import Quantity, loads
    >>> try:
    ...     loads('{"value": 40, "bound": "ceiling"}', Quantity)
    ... except ValidationError as error:
    ...     print(error.errors)
    ["$.bound: invalid value for type, expected Bound: 'ceiling' is not a valid Bound"]
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
    """The document was written with a newer schema than this peacetalks reads.

    >>> from peacetalks.serialize import check_schema_version
    >>> check_schema_version({"schema_version": 99}, path="new.json")
    Traceback (most recent call last):
        ...
    peacetalks.errors.SchemaVersionError: new.json: written with schema_version 99, but
    this peacetalks reads up to 1: upgrade peacetalks to read it
    """


class WriteError(PeacetalksError):
    """Writing a file failed; any previous file at that path is unchanged.

    Attributes:
        path: The file that was being written.
    """

    def __init__(self, reason: str, *, path: str) -> None:
        self.reason = reason
        self.path = path
        super().__init__(_message(reason, path))

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_write, (self.reason, self.path))


def _rebuild_write(reason: str, path: str) -> WriteError:
    return WriteError(reason, path=path)


class FieldValueError(PeacetalksError, ValueError):
    """A model object was given an invalid value for one of its fields.

    Raised by the constructors of `peacetalks.model`; when it happens
    while loading, the loader reports it as a `ValidationError` at the
    field's path.

    Attributes:
        field: The name of the field.

    >>> from peacetalks import Quantity
    >>> try:
    ...     Quantity(float("nan"))
    ... except FieldValueError as error:
    ...     print(error.field, "-", error)
    value - 'value' must be a finite number (got nan)
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, str(self)))


class DuplicateIdError(LoadError, ValueError):
    """Two articles in one corpus (or one peacetalks file) have the same id.

    Attributes:
        article_id: The id that occurs twice.
        first: The position of its first occurrence.
        second: The position of the second.
        path: The file being loaded, if any.
        line: The line of the second occurrence in that file (JSON Lines,
            CSV), if known.

    >>> print(DuplicateIdError("a1", 0, 3, path="corpus.jsonl", line=5))
    corpus.jsonl:5: article id 'a1' occurs twice (articles 0 and 3); ids must be
    unique in a corpus
    """

    def __init__(
        self,
        article_id: str,
        first: int,
        second: int,
        *,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        self.article_id = article_id
        self.first = first
        self.second = second
        super().__init__(
            f"article id {article_id!r} occurs twice (articles {first} and "
            f"{second}); ids must be unique in a corpus",
            path=path,
            line=line,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_duplicate,
            (self.article_id, self.first, self.second, self.path, self.line),
        )


def _rebuild_duplicate(
    article_id: str,
    first: int,
    second: int,
    path: str | None,
    line: int | None = None,
) -> DuplicateIdError:
    return DuplicateIdError(article_id, first, second, path=path, line=line)


class UnknownNameError(PeacetalksError, KeyError):
    """A lexicon lookup found no entry of that name.

    It is a `KeyError`, so ``except KeyError`` catches it too.

    Attributes:
        kind: What was looked up: ``"actor"``, ``"speaker"``, ``"issue"``,
            ``"metric"`` or ``"unit"`` in a lexicon, or a closed set's
            name (``"type"``: a finding is a ``"position"`` or a
            ``"demand"``).
        name: The name that was not found.
        lexicon: The name of the lexicon that was searched, or ``None``
            for a closed set, which no lexicon holds.
        suggestions: Known names close to ``name``, best first.

    >>> from peacetalks import Lexicon
    >>> try:
    ...     Lexicon.default().actor("Ukrane")
    ... except KeyError as error:
    ...     print(error.kind, error.name, error.suggestions)
    actor Ukrane ('Ukraine',)
    """

    def __init__(
        self,
        kind: str,
        name: str,
        lexicon: str | None,
        suggestions: Sequence[str] = (),
    ) -> None:
        self.kind = kind
        self.name = name
        self.lexicon = lexicon
        self.suggestions = tuple(suggestions)
        message = f"unknown {kind} {name!r}"
        if lexicon is not None:
            message += f" in lexicon {lexicon!r}"
        if self.suggestions:
            message += f"; did you mean {one_of(self.suggestions)}?"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError would repr() the message and wrap it in quotes.
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.name, self.lexicon, self.suggestions))


class MissingExtraError(PeacetalksError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message says which extra to install, both from a package index
    (``pip install 'peacetalks[pandas]'``) and from a clone of the
    repository (``pip install '.[pandas]'``).  It is an `ImportError`, so
    ``except ImportError`` catches it too.

    Attributes:
        extra: The name of the extra (``"pandas"``, ``"plot"``).
        feature: What needed it (``"Corpus.to_pandas()"``).

    Example:
        >>> print(MissingExtraError("pandas", "to_pandas()"))
        to_pandas() needs pandas: pip install 'peacetalks[pandas]' (from a clone of
        the repository: pip install '.[pandas]')
    """

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(f"{feature} needs {extra}: {install_hint(extra)}")

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str]]:
        return (type(self), (self.extra, self.feature))


class WorkerError(PeacetalksError, RuntimeError):
    """A worker process died while extracting (killed, or out of memory).

    Raised by `peacetalks.parallel.extract_stream` in place of
    `concurrent.futures.process.BrokenProcessPool`; it is a `RuntimeError`
    too, as that is.  The articles of the chunks it held are lost, so the
    stream ends: run again, with fewer workers if memory ran out.

    >>> str(WorkerError())
    'a worker process died'
    """

    def __init__(self, reason: str = "a worker process died") -> None:
        super().__init__(reason)


class WorkerTimeoutError(WorkerError):
    """No worker process handed back a chunk of articles in time.

    Raised by `peacetalks.parallel.extract_stream` when the chunk it waits
    for has not come back for ``timeout`` seconds: its worker is stopped
    (``kill -STOP``), frozen or stuck.  Every worker process was killed
    first, so none is left behind; what came back before was yielded.  Give
    a longer ``timeout`` (``--worker-timeout``) for articles of many
    megabytes.

    Attributes:
        seconds: How long the stream waited.

    >>> error = WorkerTimeoutError(2.5)
    >>> str(error), error.seconds, isinstance(error, WorkerError)
    ('no worker process handed back its articles for 2.5 s: all were killed', 2.5, True)
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"no worker process handed back its articles for {seconds:g} s: "
            "all were killed"
        )

    def __reduce__(self) -> tuple[type[WorkerTimeoutError], tuple[float]]:
        return (type(self), (self.seconds,))
