"""Dask bags of articles and findings, for corpora spread over many files.

Needs the ``dask`` extra.  `articles_bag` lists the files of a source
(folders, globs, lists, archives: what `peacetalks.load` takes) and makes a
Dask bag whose partitions each read a group of them with the library's own
`peacetalks.Loader`, inside the task; `extract_bag` maps extraction over
it, one `peacetalks.extract.pipeline.Extractor` per partition, and
`findings_frame` turns the result into a Dask dataframe of records.  The
results, in order, are those of the serial `peacetalks.Extractor`:

>>> import peacetalks as pt
>>> folder = pt.datasets.sample_path()
>>> bag = articles_bag(folder, pattern="*.txt", sidecar=folder / "metadata.json")
>>> bag.npartitions
5
>>> found = extract_bag(bag).compute(scheduler="sync")
>>> found == list(pt.Extractor().iter_extract(pt.iter_articles(
...     folder, pattern="*.txt", sidecar=folder / "metadata.json")))
True

Any Dask scheduler runs them: threads, processes, or a
``distributed.Client`` on a cluster whose workers have peacetalks
installed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from peacetalks import _optional
from peacetalks.errors import LoadError
from peacetalks.extract.pipeline import Extractor, resolve_extractor
from peacetalks.findings import RECORD_KEYS, to_record
from peacetalks.io.loader import Loader
from peacetalks.io.sources import Source, iter_entries
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Demand, Position
from peacetalks.serialize import Finding

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

__all__ = ["articles_bag", "extract_bag", "findings_frame"]

_INT_KEYS: Final = frozenset({"start", "end"})
_FLOAT_KEYS: Final = frozenset({"value", "low", "high", "confidence"})


def _files(source: Source, pattern: str, *, strict: bool) -> list[str]:
    """The files on disk that ``source`` names, in the loader's order.

    Archive members are grouped under their archive: it is read whole by
    one task.
    """
    files: dict[str, None] = {}
    for entry in iter_entries(source, pattern=pattern):
        if isinstance(entry, LoadError):
            if strict:
                raise entry
            continue
        files.setdefault(entry.name.split("!/", 1)[0], None)
    return list(files)


def _groups(files: Sequence[str], npartitions: int | None) -> list[list[str]]:
    """Split ``files`` into at most ``npartitions`` runs of about equal length."""
    count = len(files) if npartitions is None else min(npartitions, len(files))
    size, extra = divmod(len(files), max(count, 1))
    groups: list[list[str]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        groups.append(list(files[start:end]))
        start = end
    return groups


def _read(groups: Iterable[list[str]], options: Mapping[str, Any]) -> list[Article]:
    loader = Loader(**options)
    return [article for group in groups for article in loader.iter(group)]


def articles_bag(
    source: Source, *, npartitions: int | None = None, **loader_options: Any
) -> dask.bag.Bag:
    """A Dask bag of the articles in ``source``, read inside the tasks.

    The files are listed now (nothing is read); each partition reads a run
    of them, in order, with ``peacetalks.Loader(**loader_options)``.  A file
    is read by one task, so a large JSON Lines file is one partition: split
    it into several files to spread it.  Unlike `peacetalks.load`, nothing
    is de-duplicated.

    Args:
        source: A file, a folder, a glob pattern, or a list of them (what
            `peacetalks.load` takes).
        npartitions: How many partitions; one per file if None (and never
            more than there are files).
        **loader_options: Any argument of `peacetalks.Loader` (``pattern``,
            ``sidecar``, ``mapping``, ``errors``...).  ``pattern`` selects
            files inside folders when they are listed.

    Raises:
        MissingExtraError: If Dask is not installed.
        LoadError: With ``errors="raise"`` (the default), if a path does not
            exist; errors in files are raised when the bag is computed.
        TypeError: For an unknown loader option.
        ValueError: For a bad ``npartitions`` or loader option value.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt", npartitions=2)
    >>> bag.npartitions, bag.count().compute(scheduler="sync")
    (2, 5)
    """
    bag_module = _optional.dask_bag("articles_bag()")
    if npartitions is not None and npartitions < 1:
        msg = f"npartitions must be at least 1 (got {npartitions})"
        raise ValueError(msg)
    options = dict(loader_options)
    loader = Loader(**options)  # checks the options before any task runs
    files = _files(source, loader.pattern, strict=loader.errors == "raise")
    groups = _groups(files, npartitions)
    if not groups:
        empty: dask.bag.Bag = bag_module.from_sequence([], npartitions=1)
        return empty
    bag = bag_module.from_sequence(groups, partition_size=1)
    result: dask.bag.Bag = cast(Any, bag).map_partitions(_read, options)
    return result


@functools.lru_cache(maxsize=4)
def _extractor(lexicon: Lexicon | None) -> Extractor:
    """One extractor per lexicon per worker process: compiling one takes a while."""
    return resolve_extractor(lexicon)


def _extract(articles: Iterable[Article], lexicon: Lexicon | None) -> list[Finding]:
    extractor = _extractor(lexicon)
    return [finding for article in articles for finding in extractor.extract(article)]


def extract_bag(bag: dask.bag.Bag, lexicon: Lexicon | None = None) -> dask.bag.Bag:
    """Map extraction over a bag of articles: a bag of positions and demands.

    Each worker process builds one `peacetalks.Extractor` per lexicon, on
    first use, and shares it between the partitions it runs; a partition
    yields the findings of its articles in article order, then text order.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt")
    >>> found = extract_bag(bag).compute(scheduler="sync")
    >>> sorted({type(finding).__name__ for finding in found})
    ['Demand', 'Position']
    """
    result: dask.bag.Bag = cast(Any, bag).map_partitions(_extract, lexicon)
    return result


def _frame(records: Sequence[Mapping[str, Any]]) -> Any:
    """A pandas frame of records with the columns and types of `findings_frame`."""
    pandas = _optional.pandas("findings_frame()")
    columns: dict[str, Any] = {}
    for key in RECORD_KEYS:
        values = [record.get(key) for record in records]
        if key in _INT_KEYS:
            dtype = "Int64"
        elif key in _FLOAT_KEYS:
            dtype = "float64"
            values = [float("nan") if value is None else value for value in values]
        else:
            dtype = "string"
        columns[key] = pandas.Series(values, dtype=dtype)
    return pandas.DataFrame(columns)


def _records(
    items: Iterable[Article | Finding], lexicon: Lexicon | None
) -> Iterator[dict[str, Any]]:
    extractor = None
    for item in items:
        if isinstance(item, Position | Demand):
            yield to_record(item)
            continue
        extractor = extractor or _extractor(lexicon)
        for finding in extractor.extract(item):
            yield to_record(finding, path=item.path)


def _partition_frame(
    items: Iterable[Article | Finding], lexicon: Lexicon | None
) -> Any:
    return _frame(list(_records(items, lexicon)))


def findings_frame(
    bag: dask.bag.Bag, *, lexicon: Lexicon | None = None
) -> dask.dataframe.DataFrame:
    """A Dask dataframe of records: one row per finding, one column per key.

    The columns are `peacetalks.findings.RECORD_KEYS`, in order, with the
    types of `peacetalks.integrations.parquet.write_parquet`: ``start`` and
    ``end`` nullable integers (``Int64``), ``value``, ``low``, ``high`` and
    ``confidence`` floats, the rest strings; missing values are null.

    Args:
        bag: A bag of articles (from `articles_bag`: extraction runs in
            the tasks, and records carry each article's ``path``), or of
            findings (from `extract_bag`: ``path`` is null).
        lexicon: The vocabulary to extract articles with; the default
            lexicon if None.

    Raises:
        MissingExtraError: If Dask (or pandas) is not installed.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt")
    >>> frame = findings_frame(bag)
    >>> list(frame.columns[:5])
    ['type', 'article', 'path', 'date', 'actor']
    >>> rows = frame.compute(scheduler="sync")
    >>> serial = pt.Extractor().findings(pt.iter_articles(
    ...     pt.datasets.sample_path(), pattern="*.txt"))
    >>> len(rows) == len(serial), list(rows["actor"]) == [f.actor for f in serial]
    (True, True)
    """
    frames = _optional.dask_dataframe("findings_frame()")
    delayed = _optional.dask_delayed("findings_frame()")
    parts = [
        delayed(_partition_frame)(part, lexicon) for part in cast(Any, bag).to_delayed()
    ]
    result: dask.dataframe.DataFrame = frames.from_delayed(parts, meta=_frame([]))
    return result
