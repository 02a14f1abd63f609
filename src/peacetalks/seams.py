"""Seams: conveniences a low layer offers whose behaviour lives higher up.

The library's modules form layers, and a module imports only from the
layers below it (see "Architecture" in the contributing guide; a test
checks it).  A few methods of low-layer objects reach up as a convenience:
`peacetalks.Article.extract` and `peacetalks.Corpus.extract` run the rule
engine and the worker pool, `peacetalks.Corpus.load` and
`peacetalks.Corpus.save` the readers and writers, `peacetalks.Findings.save`
and its kin, and `peacetalks.Loader` in folders and archives, the Parquet
files of `peacetalks.integrations.parquet`, calling the
`peacetalks.Extractor` protocol builds the rule engine, and the model's
date fields read a date string with `peacetalks.io.dates.parse_date`
(which builds the model's `peacetalks.Published`).  Each goes through a
`Seam` here: the higher module that holds the behaviour *provides* it when
it is imported, and the low object calls `Seam.implementation`.

Importing any ``peacetalks`` module runs the package's ``__init__`` first,
which imports every provider, so a seam is always provided by the time
user code calls it.

>>> seam: Seam[int] = Seam("answer", "a test")
>>> seam.implementation
Traceback (most recent call last):
    ...
RuntimeError: nothing provides 'answer' (a test should provide it on import)
>>> seam.provide(42)
>>> seam.implementation
42
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    from peacetalks.corpus import Corpus
    from peacetalks.errors import LoadError
    from peacetalks.extract.protocol import Extractor, ExtractorSource
    from peacetalks.findings import Findings
    from peacetalks.lexicon import Lexicon
    from peacetalks.model import Article, Published

__all__ = [
    "EXTRACT",
    "LOAD_CORPUS",
    "PARQUET",
    "PARQUET_ARTICLES",
    "PARSE_DATE",
    "RULE_EXTRACTOR",
    "SAVE_CORPUS",
    "ExtractFindings",
    "LoadCorpus",
    "ParquetArticles",
    "ParquetFindings",
    "ParseDate",
    "SaveCorpus",
    "Seam",
]

T = TypeVar("T")


class Seam(Generic[T]):
    """One behaviour a low layer calls and a higher layer provides.

    Args:
        name: What the behaviour is, for the error when nothing provides it.
        provider: The module that provides it.

    >>> EXTRACT
    <Seam 'extract' provided by peacetalks.parallel>
    """

    def __init__(self, name: str, provider: str) -> None:
        self.name = name
        self.provider = provider
        self._implementation: T | None = None

    def __repr__(self) -> str:
        return f"<Seam {self.name!r} provided by {self.provider}>"

    def provide(self, implementation: T) -> None:
        """Provide the behaviour (the provider's module does, on import).

        >>> seam: Seam[str] = Seam("greeting", "a test")
        >>> seam.provide("hello")
        >>> seam.implementation
        'hello'
        """
        self._implementation = implementation

    @property
    def implementation(self) -> T:
        """The behaviour provided.

        Raises:
            RuntimeError: If its provider was never imported.

        >>> LOAD_CORPUS.implementation.__name__
        'load'
        """
        if self._implementation is None:
            msg = (
                f"nothing provides {self.name!r} "
                f"({self.provider} should provide it on import)"
            )
            raise RuntimeError(msg)
        return self._implementation


class ExtractFindings(Protocol):
    """Extract from ``articles`` and collect the findings (`EXTRACT`).

    >>> import peacetalks as pt
    >>> EXTRACT.implementation(pt.datasets.sample(), lexicon=None, extractor=None,
    ...                        workers=1)
    <Findings: ...7 demands from 5 articles>
    """

    def __call__(
        self,
        articles: Iterable[Article],
        *,
        lexicon: Lexicon | None,
        extractor: ExtractorSource | None,
        workers: int,
    ) -> Findings:
        """The findings of ``articles``, as `peacetalks.Corpus.extract` gives."""
        ...  # pragma: no cover -- a protocol


class LoadCorpus(Protocol):
    """Read a corpus from a file (`LOAD_CORPUS`).

    >>> import peacetalks as pt
    >>> folder = pt.datasets.sample_path()
    >>> LOAD_CORPUS.implementation(folder / "002_de5fcd0c532bc2fc.txt", format=None)
    <Corpus: 1 article, ...>
    """

    def __call__(self, source: str | os.PathLike[str], *, format: str | None) -> Corpus:
        """The corpus in ``source``, as `peacetalks.load` reads it."""
        ...  # pragma: no cover -- a protocol


class SaveCorpus(Protocol):
    """Write a corpus to a file (`SAVE_CORPUS`).

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.jsonl"
    >>> SAVE_CORPUS.implementation(pt.datasets.sample(), path, format=None)
    >>> len(pt.load(path))
    5
    """

    def __call__(
        self,
        articles: Iterable[Article],
        path: str | os.PathLike[str],
        *,
        format: str | None,
    ) -> None:
        """Write ``articles`` to ``path``, as `peacetalks.save` does."""
        ...  # pragma: no cover -- a protocol


class ParquetFindings(Protocol):
    """Write and read Parquet files of findings (`PARQUET`).

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
    >>> PARQUET.implementation.write([pt.Demand("Russia", "tanks", 342)], path)
    1
    >>> PARQUET.implementation.read(path)
    <Findings: 0 positions, 1 demand>
    """

    def write(self, findings: Iterable[Any], path: str | os.PathLike[str]) -> int:
        """Write findings or records; the rows written.

        As `peacetalks.integrations.parquet.write_parquet` does.

        >>> import pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
        >>> PARQUET.implementation.write(pt.datasets.sample().extract(), path)
        95
        """
        ...  # pragma: no cover -- a protocol

    def read(self, path: str | os.PathLike[str]) -> Findings:
        """Read a file `write` wrote.

        As `peacetalks.integrations.parquet.read_parquet` does.

        >>> import pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "found.parquet"
        >>> pt.Findings([pt.Demand("Russia", "tanks", 342)]).save(path)
        >>> PARQUET.implementation.read(path).demands[0].quantity.value
        342.0
        """
        ...  # pragma: no cover -- a protocol


class ParquetArticles(Protocol):
    """Read a Parquet file of articles from an open file (`PARQUET_ARTICLES`).

    >>> import io
    >>> PARQUET_ARTICLES.implementation.kind(io.BytesIO(b"PAR1"), "x.parquet")
    Traceback (most recent call last):
    ...
    peacetalks.errors.DecodeError: x.parquet: not a Parquet file, or a truncated ...
    """

    def kind(self, handle: IO[bytes], where: str) -> str:
        """What the file holds: ``"records"`` (findings) or ``"articles"``.

        As `peacetalks.integrations.parquet.holds_findings` tells it, on a
        seekable binary file named ``where`` in messages.

        >>> import io, pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.parquet"
        >>> pt.save(pt.datasets.sample(), path)
        >>> with path.open("rb") as handle:
        ...     PARQUET_ARTICLES.implementation.kind(handle, "c.parquet")
        'articles'
        """
        ...  # pragma: no cover -- a protocol

    def articles(
        self,
        handle: IO[bytes],
        where: str,
        on_error: Callable[[LoadError], None] | None,
    ) -> Iterator[Article]:
        """The articles of the file, as `iter_articles_parquet` reads them.

        The columns are checked at once; a row that is not an article raises
        its `peacetalks.ValidationError`, or is handed to ``on_error`` and
        skipped.  The caller closes ``handle``.

        >>> import io, pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.parquet"
        >>> pt.save(pt.datasets.sample(), path)
        >>> with path.open("rb") as handle:
        ...     read = PARQUET_ARTICLES.implementation.articles(handle, "c", None)
        ...     [article.outlet for article in read][:2]
        ['Fox News', 'CNN']
        """
        ...  # pragma: no cover -- a protocol


class ParseDate(Protocol):
    """Read a date string (`PARSE_DATE`).

    >>> PARSE_DATE.implementation("29 March 2022").label
    '2022-03-29'
    """

    def __call__(self, raw: str, *, field: str = ...) -> Published:
        """The date in ``raw``, as `peacetalks.parse_date` reads it."""
        ...  # pragma: no cover -- a protocol


#: The model's date fields (`peacetalks.Article.published`, ``date``).
PARSE_DATE: Seam[ParseDate] = Seam("parse a date", "peacetalks.io.dates")

#: `peacetalks.Article.extract` and `peacetalks.Corpus.extract`.
EXTRACT: Seam[ExtractFindings] = Seam("extract", "peacetalks.parallel")

#: Calling the `peacetalks.Extractor` protocol (deprecated): the rule engine.
RULE_EXTRACTOR: Seam[Callable[..., Extractor]] = Seam(
    "the rule engine", "peacetalks.extract.pipeline"
)

#: `peacetalks.Corpus.load`.
LOAD_CORPUS: Seam[LoadCorpus] = Seam("load a corpus", "peacetalks.io")

#: `peacetalks.Corpus.save`.
SAVE_CORPUS: Seam[SaveCorpus] = Seam("save a corpus", "peacetalks.io")

#: `peacetalks.Findings.save`, `save_records` and `load` of a ``.parquet`` file.
PARQUET: Seam[ParquetFindings] = Seam(
    "Parquet files of findings", "peacetalks.integrations.parquet"
)

#: `peacetalks.Loader` reading a ``.parquet`` file of articles, on disk or in
#: an archive.
PARQUET_ARTICLES: Seam[ParquetArticles] = Seam(
    "Parquet files of articles", "peacetalks.integrations.parquet"
)
