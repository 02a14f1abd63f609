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
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from peacetalks import seams
from peacetalks.errors import DuplicateIdError, FormatError, ValidationError
from peacetalks.io import native
from peacetalks.io.decode import replace_surrogates
from peacetalks.io.loader import Loader
from peacetalks.io.report import LoadReport
from peacetalks.io.sources import Source
from peacetalks.model import Article
from peacetalks.serialize import Finding

if TYPE_CHECKING:
    from peacetalks.corpus import Corpus

__all__ = [
    "LoadReport",
    "Loader",
    "iter_articles",
    "iter_findings",
    "load",
    "load_findings",
    "save",
    "save_findings",
]

PathLike = str | os.PathLike[str]


def iter_articles(
    source: Source, *, format: str | None = None, **options: Any
) -> Iterator[Article]:
    """Yield the articles in ``source`` one at a time, in constant memory.

    Folders are walked lazily and JSON Lines and CSV files are streamed, so
    memory stays flat for inputs larger than memory.  Nothing is
    de-duplicated (use `load` for that).

    Args:
        source: What `load` takes.
        format: ``"json"``, ``"jsonl"`` or ``"csv"``: read ``source`` as one
            peacetalks file in that format, strictly, whatever its suffix
            (no ``options`` then).
        **options: Any argument of `peacetalks.io.loader.Loader`.

    Raises:
        LoadError: Or one of its subclasses, naming the file and line (with
            the default ``errors="raise"``; with ``format=``, also for a
            text holding a lone surrogate).
        TypeError: If ``format`` is given with loading options, which it
            would not use.

    >>> import peacetalks as pt
    >>> stream = pt.iter_articles(pt.datasets.sample_path(), pattern="*.txt")
    >>> next(stream).title[:40]
    'Ukraine seeks deal guaranteeing armies w'
    """
    if format is not None:
        _no_options(options)
        path = source_path(source)
        for article in native.read_items(path, Article, format):
            yield _sound(cast(Article, article), os.fspath(path))
        return
    yield from Loader(**options).iter(source)


def _no_options(options: dict[str, Any]) -> None:
    """Refuse loading options next to ``format=``, which reads strictly."""
    if options:
        names = ", ".join(sorted(options))
        msg = (
            f"format= reads one peacetalks file strictly and takes no loading "
            f"options (got {names}); leave out format= to use them"
        )
        raise TypeError(msg)


def _sound(article: Article, where: str) -> Article:
    """Refuse an article whose strings hold a lone surrogate (strict reading)."""
    found: list[str] = []
    replace_surrogates(article, found=found)
    if found:
        fields = [message.split(": ", 1)[0] for message in found]
        raise ValidationError(
            [
                f"{field}: a lone surrogate, which no UTF-8 text can hold (article "
                f"{article.id!r}); without format= it is replaced with U+FFFD"
                for field in fields
            ],
            path=where,
        )
    return article


def load(source: Source, *, format: str | None = None, **options: Any) -> Corpus:
    """Read a corpus from files, folders, archives or a list of them.

    Plain-text articles in the usual layouts, HTML pages, JSON, JSON Lines
    and CSV files (the library's own, strictly, or anyone's with a column
    mapping), in folders and zip or tar archives: see
    `peacetalks.io.loader.Loader` for the options and for the
    `peacetalks.io.report.LoadReport` of what was read.

    Args:
        source: A file, a folder (recursive), a glob pattern, or a list.
        format: ``"json"``, ``"jsonl"`` or ``"csv"``: read ``source`` as one
            peacetalks file in that format, strictly, whatever its suffix.
        **options: Any argument of `peacetalks.io.loader.Loader`, e.g.
            ``sidecar="dates.csv"``, ``errors="collect"``,
            ``duplicates="merge"``, ``mapping={"headline": "title"}``.

    Raises:
        FormatError: If a file cannot be read or its format is unknown.
        DecodeError: If a file is not valid text, JSON or CSV.
        ValidationError: If a record does not fit (the message names the
            field, e.g. ``$.articles[3].published``).
        SchemaVersionError: If a newer peacetalks wrote a file.
        DuplicateIdError: If one peacetalks file repeats an id.
        TypeError: If ``format`` is given with loading options.

    With ``errors="collect"`` or ``"warn"``, a bad line, row or record of a
    table fails alone (see `peacetalks.io.loader`); see the
    `peacetalks.io.report.LoadReport` of a `peacetalks.io.loader.Loader`
    for what failed.

    >>> import peacetalks as pt
    >>> folder = pt.datasets.sample_path()
    >>> pt.load(folder, pattern="*.txt", sidecar=folder / "metadata.json")
    <Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>
    """
    if _is_parquet_file(source, format):
        # Not at the top, as Corpus below.
        from peacetalks.integrations.parquet import read_articles_parquet

        _no_options(options)
        return read_articles_parquet(source_path(source))
    if format is not None:
        # Not at the top: corpus (a layer below) imports io.dates through
        # window, which runs this __init__ first.
        from peacetalks.corpus import Corpus

        _no_options(options)
        path = source_path(source)
        try:
            return Corpus(iter_articles(path, format=format))
        except DuplicateIdError as exc:
            where = os.fspath(path)
            raise DuplicateIdError(
                exc.article_id, exc.first, exc.second, path=where
            ) from None
    return Loader(**options).load(source)


def _is_parquet_file(source: Source, format: str | None) -> bool:
    """Whether `load` reads ``source`` as one Parquet file of articles."""
    # Not at the top: findings imports io.native, which runs this __init__.
    from peacetalks.findings import is_parquet

    if format is not None:
        return format == "parquet"
    if not isinstance(source, str | os.PathLike):
        return False
    return is_parquet(source) and Path(source).is_file()


def source_path(source: Source) -> PathLike:
    """The single path in ``source``, for readers that take one file.

    Raises:
        FormatError: If ``source`` is a list of several paths.
    """
    if isinstance(source, str | os.PathLike):
        return source
    paths = list(source)
    if len(paths) != 1:
        raise FormatError(f"format= reads one file, got {len(paths)} paths")
    return paths[0]


def save(
    articles: Iterable[Article], path: PathLike, *, format: str | None = None
) -> None:
    """Write articles (a Corpus, or any iterable) to ``path``, atomically.

    Raises:
        FormatError: If the format is unknown.
        WriteError: If the file cannot be written; an existing file at
            ``path`` is left as it was.

    The format comes from ``format`` or the suffix: ``.json``, ``.jsonl``,
    ``.csv``, or ``.parquet`` with the ``parquet`` extra
    (`peacetalks.integrations.parquet.write_articles_parquet`).

    Raises:
        MissingExtraError: For Parquet without pyarrow; nothing is written.

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.json"
    >>> pt.save(pt.datasets.sample(), path)
    >>> pt.load(path) == pt.datasets.sample()
    True
    >>> pt.save(pt.datasets.sample(), path.with_suffix(".parquet"))
    >>> pt.load(path.with_suffix(".parquet")) == pt.datasets.sample()
    True
    """
    # Not at the top: findings and the integration import io.native, which
    # runs this __init__ first.
    from peacetalks.findings import is_parquet
    from peacetalks.integrations.parquet import write_articles_parquet

    if is_parquet(path, format):
        write_articles_parquet(articles, path)
    else:
        native.write_items(path, articles, Article, format)


def iter_findings(source: PathLike, *, format: str | None = None) -> Iterator[Finding]:
    """Yield the positions and demands in ``source`` one at a time.

    Any findings file peacetalks writes is read: findings files
    (`save_findings`, ``peacetalks convert``), records (``peacetalks
    extract``), proposals tables (``peacetalks compare --format json|csv``)
    and reports (``peacetalks report --format json``); the kind is told from
    the content (`peacetalks.findings.iter_file`).  Findings files, and
    records in JSON Lines or CSV, are streamed.

    Args:
        source: The file.
        format: ``"json"``, ``"jsonl"`` or ``"csv"``, whatever the suffix.

    Raises:
        LoadError: Or a subclass, naming the file, the line and the key.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Position, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
    >>> found = [Position("Russia", "neutrality", "supports"),
    ...          Demand("Russia", "troops", Quantity(85_000, unit="personnel"))]
    >>> save_findings(found, path)
    >>> [type(finding).__name__ for finding in iter_findings(path)]
    ['Position', 'Demand']
    """
    # Not at the top: findings (a layer below this facade) imports
    # io.native, which runs this __init__ first.
    from peacetalks.findings import iter_file

    yield from iter_file(source, format=format)


def load_findings(source: PathLike, *, format: str | None = None) -> list[Finding]:
    """Read the positions and demands in ``source`` into a list.

    Reads what `iter_findings` reads; `peacetalks.Findings.load` also keeps
    each article's file.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Position, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
    >>> found = [Position("Russia", "neutrality", "supports"),
    ...          Demand("Russia", "troops", Quantity(85_000, unit="personnel"))]
    >>> save_findings(found, path)
    >>> load_findings(path) == found
    True
    """
    return list(iter_findings(source, format=format))


def save_findings(
    findings: Iterable[Finding], path: PathLike, *, format: str | None = None
) -> None:
    """Write positions and demands to ``path`` (JSON, JSON Lines or CSV), atomically.

    >>> import pathlib, tempfile
    >>> from peacetalks import Demand, Position, Quantity
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.jsonl"
    >>> found = [Position("Russia", "neutrality", "supports"),
    ...          Demand("Russia", "troops", Quantity(85_000, unit="personnel"))]
    >>> save_findings(found, path)
    >>> len(path.read_text(encoding="utf-8").splitlines())
    3
    >>> save_findings(found, path.with_suffix(".xml"))
    Traceback (most recent call last):
        ...
    peacetalks.errors.FormatError: .../findings.xml: cannot tell the format from the
    suffix '.xml' (supported: csv, json, jsonl)
    """
    from peacetalks.findings import is_parquet  # not at the top: see iter_findings

    if is_parquet(path, format):
        seams.PARQUET.implementation.write(findings, path)
    else:
        native.write_items(path, findings, Finding, format)


# `Corpus.load` and `Corpus.save` reach these through their seams.
seams.LOAD_CORPUS.provide(load)
seams.SAVE_CORPUS.provide(save)
