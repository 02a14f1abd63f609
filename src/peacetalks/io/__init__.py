"""Reading and writing corpora and findings: `load`, `save` and friends.

The format comes from the file's suffix (``.json``, ``.jsonl``/``.ndjson``,
``.csv``) unless ``format=`` names it.  Writes are atomic; reads are strict
(see `peacetalks.io.native` for the layouts).

>>> import pathlib, tempfile
>>> import peacetalks as pt
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.jsonl"
>>> pt.datasets.sample().save(path)
>>> pt.load(path) == pt.datasets.sample()
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from peacetalks.errors import DuplicateIdError
from peacetalks.io import native
from peacetalks.model import Article
from peacetalks.serialize import Finding

if TYPE_CHECKING:
    from peacetalks.corpus import Corpus

__all__ = [
    "iter_articles",
    "iter_findings",
    "load",
    "load_findings",
    "save",
    "save_findings",
]

PathLike = str | os.PathLike[str]


def _iter(path: PathLike, kind: object, format: str | None) -> Iterator[object]:
    name = native.format_of(path, format)
    if name == "jsonl":
        return native.iter_jsonl(path, kind)
    if name == "csv":
        return native.iter_csv(path, kind)
    return iter(native.read_json(path, kind))


def _write(
    path: PathLike, items: Iterable[object], kind: object, format: str | None
) -> None:
    name = native.format_of(path, format)
    if name == "jsonl":
        native.write_jsonl(path, items)
    elif name == "csv":
        native.write_csv(path, items, kind)
    else:
        native.write_json(path, items, kind)


def iter_articles(source: PathLike, *, format: str | None = None) -> Iterator[Article]:
    """Yield the articles in ``source`` one at a time.

    JSON Lines and CSV files are read as a stream, so memory stays flat for
    files larger than memory.

    Raises:
        LoadError: Or one of its subclasses, naming the file and line.
    """
    for article in _iter(source, Article, format):
        assert isinstance(article, Article)
        yield article


def load(source: PathLike, *, format: str | None = None) -> Corpus:
    """Read a corpus from ``source``.

    Args:
        source: A ``.json``, ``.jsonl`` or ``.csv`` file written by peacetalks.
        format: ``"json"``, ``"jsonl"`` or ``"csv"`` to override the suffix.

    Raises:
        FormatError: If the format is unknown or the file cannot be read.
        DecodeError: If the file is not valid UTF-8, JSON or CSV.
        ValidationError: If a record does not fit the model (the message
            names the field, e.g. ``$.articles[3].published``).
        SchemaVersionError: If a newer peacetalks wrote the file.
        DuplicateIdError: If two articles share an id.
    """
    from peacetalks.corpus import Corpus

    try:
        return Corpus(iter_articles(source, format=format))
    except DuplicateIdError as exc:
        where = os.fspath(source)
        raise DuplicateIdError(
            exc.article_id, exc.first, exc.second, path=where
        ) from None


def save(
    articles: Iterable[Article], path: PathLike, *, format: str | None = None
) -> None:
    """Write articles (a Corpus, or any iterable) to ``path``, atomically.

    Raises:
        FormatError: If the format is unknown.
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was.
    """
    _write(path, articles, Article, format)


def iter_findings(source: PathLike, *, format: str | None = None) -> Iterator[Finding]:
    """Yield the positions and demands in ``source`` one at a time."""
    for finding in _iter(source, Finding, format):
        assert isinstance(finding, Finding)
        yield finding


def load_findings(source: PathLike, *, format: str | None = None) -> list[Finding]:
    """Read the positions and demands in ``source`` into a list."""
    return list(iter_findings(source, format=format))


def save_findings(
    findings: Iterable[Finding], path: PathLike, *, format: str | None = None
) -> None:
    """Write positions and demands to ``path`` (JSON, JSON Lines or CSV), atomically."""
    _write(path, findings, Finding, format)
