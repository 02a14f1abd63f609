"""Dask bags of articles and findings, for corpora spread over many files.

Needs the ``dask`` extra.  `articles_bag` lists the files of a source
(folders, globs, lists, archives: what `peacetalks.load` takes) and makes a
Dask bag whose partitions each read a group of them with the library's own
`peacetalks.Loader`, inside the task; `extract_bag` maps extraction over
it with any `peacetalks.Extractor` (the rule engine by default), pickled
once here and unpickled once per worker process, and `findings_frame`
turns the result into a Dask dataframe of records.  The results, in order,
are those of the same extractor run serially:

>>> import peacetalks as pt
>>> folder = pt.datasets.sample_path()
>>> bag = articles_bag(folder, pattern="*.txt", sidecar=folder / "metadata.json")
>>> bag.npartitions
5
>>> found = extract_bag(bag).compute(scheduler="sync")
>>> found == list(pt.RuleExtractor().iter_extract(pt.iter_articles(
...     folder, pattern="*.txt", sidecar=folder / "metadata.json")))
True

Any Dask scheduler runs them: threads, processes, or a
``distributed.Client`` on a cluster whose workers have peacetalks
installed.

A file is one task, unless ``blocksize=`` cuts JSON Lines files into
byte ranges, one partition each (see `articles_bag`).  A block starts at
the first line that begins inside it and reads that line whole; a chain
of small tasks carries the count of lines, the ids already seen and any
error that ends the file from each block to the next, so line numbers,
duplicate ids and errors are those of the serial loader (which, with
``errors="warn"`` or ``"collect"``, skips a bad line and reads on).
"""

from __future__ import annotations

import copy
import functools
import itertools
import math
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, cast

import attrs

from peacetalks import _optional
from peacetalks.errors import (
    DuplicateIdError,
    FormatError,
    LoadError,
    ValidationError,
)
from peacetalks.extract.protocol import Extractor, ExtractorSource, build_extractor
from peacetalks.findings import RECORD_KEYS, to_record
from peacetalks.io.loader import READERS, Loader, is_native_record
from peacetalks.io.native import parse_json
from peacetalks.io.sources import (
    BROKEN_STORAGE,
    Entry,
    Skipped,
    Source,
    iter_entries,
    suffix_of,
)
from peacetalks.io.tabular import record_to_draft
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Demand, Position
from peacetalks.parallel import choose_extractor, shippable
from peacetalks.serialize import Finding, check_schema_version, structure

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

__all__ = ["articles_bag", "extract_bag", "findings_frame"]

_INT_KEYS: Final = frozenset({"start", "end"})
_FLOAT_KEYS: Final = frozenset({"value", "low", "high", "confidence"})

#: Bytes read at a time while looking for the first line of a block.
_CHUNK: Final = 1 << 16


def _files(source: Source, loader: Loader) -> list[str]:
    """The files on disk that ``source`` names, in the loader's order.

    Archive members are grouped under their archive: it is read whole by
    one task.  Files the loader would skip (a link that leaves its folder)
    are left out: each task reads the files it is given as named files.
    """
    files: dict[str, None] = {}
    for entry in iter_entries(
        source,
        pattern=loader.pattern,
        follow_links=loader.follow_links,
        archive_limits=loader.archive_limits,
    ):
        if isinstance(entry, LoadError):
            if loader.errors == "raise":
                raise entry
            continue
        if isinstance(entry, Skipped):
            continue
        files.setdefault(entry.name.split("!/", 1)[0], None)
    return list(files)


def _entry(name: str) -> Entry | LoadError:
    """The loader's own entry for a file of the bag (never skipped: it is named)."""
    found = next(iter_entries(name))
    if isinstance(found, Skipped):  # pragma: no cover - a named file is read
        return FormatError(found.reason, path=found.name)
    return found


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


# -- JSON Lines files cut into blocks ---------------------------------------------


def _block_bytes(blocksize: int | str | None) -> int | None:
    """``blocksize`` in bytes, a string read by Dask's ``parse_bytes``."""
    if blocksize is None:
        return None
    if isinstance(blocksize, bool) or not isinstance(blocksize, int | str):
        msg = f"blocksize must be a number of bytes or a string (got {blocksize!r})"
        raise TypeError(msg)
    from dask.utils import parse_bytes  # the caller made sure Dask is there

    try:
        size = parse_bytes(blocksize) if str(blocksize).strip() else 0
    except ValueError as exc:
        msg = f"blocksize: {exc} (try '64 MiB')"
        raise ValueError(msg) from None
    if size < 1:
        msg = f"blocksize must be at least 1 byte (got {blocksize!r})"
        raise ValueError(msg)
    return size


def _ranges(name: str, blocksize: int) -> list[tuple[int, int | None]]:
    """The byte ranges to read ``name`` in, ``[(0, None)]`` for the whole file.

    Only a JSON Lines file larger than ``blocksize`` has more than one.  The
    last range is open, so that a line appended since the file was listed
    is still read once.
    """
    whole: list[tuple[int, int | None]] = [(0, None)]
    if READERS.get(suffix_of(name)) != "jsonl":
        return whole  # archives, text, JSON, CSV: a file is one task
    try:
        size = Path(name).stat().st_size
    except OSError:
        return whole  # the loader reports it in the task
    starts = range(0, size, blocksize)
    return [(start, start + blocksize) for start in starts[:-1]] + [
        (starts[-1] if starts else 0, None)
    ]


def _unreadable(exc: BaseException, name: str) -> FormatError:
    return FormatError(
        f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=name
    )


@attrs.frozen
class _Head:
    """What the first non-blank line of a JSON Lines file says about it."""

    native: bool = False  # a peacetalks file: strict records, unique ids
    offset: int | None = None  # where that line starts (None: all lines blank)
    error: LoadError | None = None  # why the file cannot be read


def _probe(name: str) -> _Head:
    """Tell the kind of a JSON Lines file as `peacetalks.Loader` does."""
    entry = _entry(name)
    if isinstance(entry, LoadError):
        return _Head(error=entry)
    offset = 0
    try:
        with entry.opener() as handle:
            for raw in handle:
                if raw.strip():
                    try:
                        header = parse_json(raw, path=name)
                    except LoadError:
                        return _Head(offset=offset)  # its block reports it
                    native = isinstance(header, dict) and (
                        "schema_version" in header or is_native_record(header)
                    )
                    return _Head(native=native, offset=offset)
                offset += len(raw)
    except BROKEN_STORAGE as exc:
        return _Head(error=_unreadable(exc, name))
    return _Head()


def _first_line(handle: IO[bytes], start: int, stop: int | None) -> int | None:
    """Where the first line that starts in ``[start, stop)`` starts, if any.

    A line starts at 0 or just after a newline; only the block's own bytes
    are searched, so a long line costs the blocks it crosses nothing.
    """
    if start == 0:
        return 0
    position = start - 1
    handle.seek(position)
    while stop is None or position < stop - 1:
        size = _CHUNK if stop is None else min(_CHUNK, stop - 1 - position)
        chunk = handle.read(size)
        if not chunk:
            return None
        found = chunk.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return None


def _block_lines(
    handle: IO[bytes], start: int, stop: int | None
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(offset, line)`` for each line that starts in ``[start, stop)``.

    Lines end at a newline byte, as when the loader iterates the file; the
    last one is read whole, however far past ``stop`` it runs.
    """
    position = _first_line(handle, start, stop)
    if position is None:
        return
    handle.seek(position)
    while stop is None or position < stop:
        raw = handle.readline()
        if not raw:
            return
        yield position, raw
        position += len(raw)


@attrs.frozen
class _Block:
    """The articles of one block and the errors of its bad lines.

    Reading stops at the first error with ``errors="raise"``, or at one
    that ends the file (a header from a newer peacetalks, an unreadable
    file): ``stopped`` is then true.
    """

    articles: list[Article]
    at: list[int]  # each article's line, counted from the block's first line
    lines: int  # how many lines start in the block (read before any stop)
    native: bool
    errors: list[LoadError]  # their lines counted from the block's first line
    stopped: bool = False


class _FileError(Exception):
    """A fault of the whole file, found on one line: it ends the file."""

    def __init__(self, error: LoadError) -> None:
        super().__init__(str(error))
        self.error = error


class _Records:
    """Read one line of a JSON Lines file as the loader's readers do."""

    def __init__(self, entry: Entry, head: _Head, options: Mapping[str, Any]) -> None:
        self.entry = entry
        self.name = entry.name
        self.head = head
        self.loader = Loader(**options)

    def read(self, raw: bytes, offset: int, line: int) -> Article | None:
        """The article on a non-blank line, or None for a header line.

        Raises:
            LoadError: For a bad line, which costs only itself.
            _FileError: For a header that ends the file.
        """
        data = parse_json(raw, path=self.name, line=line)
        first = offset == self.head.offset
        if not self.head.native:
            # As `tabular.iter_jsonl_records` and `Loader._finish_all`.
            draft = record_to_draft(
                data, mapping=self.loader.mapping, path=self.name, line=line
            )
            return self.loader._finish(draft, self.entry, None)
        # As `native.iter_jsonl_numbered`: only the first line is a header.
        if first and isinstance(data, dict) and "schema_version" in data:
            try:
                check_schema_version(data, path=self.name, line=line)
            except LoadError as exc:
                raise _FileError(exc) from None
            return None
        article: Article = structure(
            data, Article, where="$", path=self.name, line=line
        )
        # As `Loader._unique`.
        return self.loader._checked(article, line)


def _parse_block(
    span: tuple[int, int | None],
    name: str,
    head: _Head,
    options: Mapping[str, Any],
) -> _Block:
    """Read the lines that start in ``span``, as far as the loader would."""
    start, stop = span
    entry = _entry(name)
    if isinstance(entry, LoadError) or head.error is not None:
        # Every block says why the file cannot be read; the first one counts.
        error = head.error or cast(LoadError, entry)
        return _Block([], [], 0, head.native, [error], stopped=True)
    records = _Records(entry, head, options)
    strict = records.loader.errors == "raise"
    articles: list[Article] = []
    at: list[int] = []
    errors: list[LoadError] = []
    line = 0
    try:
        with entry.opener() as handle:
            for offset, raw in _block_lines(handle, start, stop):
                line += 1
                if not raw.strip():
                    continue
                try:
                    article = records.read(raw, offset, line)
                except LoadError as exc:
                    errors.append(exc)
                    if strict:
                        return _Block(
                            articles, at, line, head.native, errors, stopped=True
                        )
                    continue
                if article is not None:
                    articles.append(article)
                    at.append(line)
    except _FileError as exc:
        errors.append(exc.error)
        return _Block(articles, at, line, head.native, errors, stopped=True)
    except BROKEN_STORAGE as exc:  # as `Loader.iter`
        errors.append(_unreadable(exc, name))
        return _Block(articles, at, line, head.native, errors, stopped=True)
    return _Block(articles, at, line, head.native, errors)


@attrs.frozen
class _Summary:
    """A block reduced to what the blocks after it need to know."""

    lines: int
    count: int
    ids: tuple[str, ...] | None  # a peacetalks file's ids, in order
    at: tuple[int, ...]  # the line of each, in the block
    errors: tuple[LoadError, ...]
    stopped: bool


def _summarize(block: _Block) -> _Summary:
    ids = tuple(article.id for article in block.articles) if block.native else None
    return _Summary(
        block.lines,
        len(block.articles),
        ids,
        tuple(block.at),
        tuple(block.errors),
        block.stopped,
    )


@attrs.frozen
class _State:
    """A JSON Lines file read up to the start of a block."""

    lines: int = 0
    records: int = 0
    seen: Mapping[str, int] = attrs.field(factory=dict)  # id: first position
    error: LoadError | None = None  # why the file stopped, at its true line


@attrs.frozen
class _Verdict:
    """What one block yields: its first ``keep`` articles but ``drop``, and errors.

    ``keep`` is None (all) unless the file stops in the block; ``errors``
    are reported in order (the first one raised with ``errors="raise"``);
    ``own`` is False when the error is an earlier block's, which reports
    it.
    """

    keep: int | None = None
    drop: frozenset[int] = frozenset()
    errors: tuple[LoadError, ...] = ()
    own: bool = False


def _at_line(error: LoadError, before: int) -> LoadError:
    """``error`` with its line counted from the start of the file."""
    if error.line is None or before == 0:
        return error
    line = error.line + before
    if isinstance(error, DuplicateIdError):
        return DuplicateIdError(
            error.article_id, error.first, error.second, path=error.path, line=line
        )
    if isinstance(error, ValidationError):
        return ValidationError(error.errors, path=error.path, line=line)
    return type(error)(error.reason, path=error.path, line=line)


@attrs.frozen
class _Progress:
    """A JSON Lines file read up to the end of a block, and that block's verdict."""

    state: _State = attrs.field(factory=_State)
    verdict: _Verdict = attrs.field(factory=_Verdict)


def _advance(
    progress: _Progress, summary: _Summary, *, name: str, strict: bool
) -> _Progress:
    """The progress after one more block (`dask.bag.Bag.accumulate` chains it).

    The checks the serial loader makes across a whole file are made here,
    in file order: a peacetalks file's ids are unique (a repeated one is a
    bad line), and the file stops at its first error (``strict``) or at
    one that ends it.
    """
    state = progress.state
    if state.error is not None:
        return _Progress(state, _Verdict(0, errors=(state.error,), own=False))
    seen = dict(state.seen)  # a copy: a state may be handed out twice
    repeated: dict[int, LoadError] = {}
    for index, (article_id, at) in enumerate(
        zip(summary.ids or (), summary.at, strict=False)
    ):
        position = state.records + index
        first = seen.setdefault(article_id, position)
        if first != position:
            repeated[index] = DuplicateIdError(
                article_id, first, position, path=name, line=state.lines + at
            )
            if strict:
                verdict = _Verdict(index, errors=(repeated[index],), own=True)
                return _Progress(_State(error=repeated[index]), verdict)
    own = [_at_line(error, state.lines) for error in summary.errors]
    # In the order the serial loader meets them; one without a line ends it.
    errors = sorted(
        [*own, *repeated.values()],
        key=lambda error: math.inf if error.line is None else error.line,
    )
    if summary.stopped:
        keep = summary.count if strict else None
        verdict = _Verdict(keep, frozenset(repeated), tuple(errors), own=True)
        return _Progress(_State(error=own[-1]), verdict)
    after = _State(state.lines + summary.lines, state.records + summary.count, seen)
    return _Progress(
        after, _Verdict(None, frozenset(repeated), tuple(errors), own=True)
    )


def _verdicts(progress: Sequence[_Progress]) -> list[_Verdict]:
    # The first partition of `accumulate` also holds the initial value.
    return [progress[-1].verdict]


def _settle(
    blocks: Sequence[_Block], verdicts: Sequence[_Verdict], options: Mapping[str, Any]
) -> list[Article]:
    """A block's partition: its articles, then its errors, as the loader does.

    The loader raises the first error, or warns of or collects each
    (``errors=``).
    """
    [block], [verdict] = blocks, verdicts
    if not verdict.errors:
        return block.articles
    loader = Loader(**options)
    if not verdict.own:
        # The serial loader reads no further.  Raising again means that no
        # partition computed on its own can hide the error.
        if loader.errors == "raise":
            raise copy.copy(verdict.errors[0])  # each task raises its own
        return []
    kept = [
        article
        for index, article in enumerate(block.articles[: verdict.keep])
        if index not in verdict.drop
    ]
    for error in verdict.errors:
        loader._fail(copy.copy(error))
    return kept


def _blocks(
    name: str, ranges: Sequence[tuple[int, int | None]], options: Mapping[str, Any]
) -> dask.bag.Bag:
    """A bag of one JSON Lines file, a partition per byte range.

    Each block is read on its own; the small summaries of the blocks go
    down a chain of tasks, and a block's partition waits for the chain up
    to it, not for the blocks after it.
    """
    bag_module = _optional.dask_bag("articles_bag()")
    head = _optional.dask_delayed("articles_bag()")(_probe)(name)
    spans: Any = bag_module.from_sequence(ranges, partition_size=1)
    blocks = spans.map(_parse_block, name, head, options)
    strict = Loader(**options).errors == "raise"
    progress = blocks.map(_summarize).accumulate(
        functools.partial(_advance, name=name, strict=strict), initial=_Progress()
    )
    verdicts = progress.map_partitions(_verdicts)
    bag: dask.bag.Bag = blocks.map_partitions(_settle, verdicts, options)
    return bag


def _blocks_bag(
    files: Sequence[str], blocksize: int, options: Mapping[str, Any]
) -> dask.bag.Bag:
    """A partition per block of each large JSON Lines file, per other file."""
    bag_module = _optional.dask_bag("articles_bag()")
    bags: list[dask.bag.Bag] = []
    cuts = [(name, _ranges(name, blocksize)) for name in files]
    for whole, group in itertools.groupby(cuts, key=lambda cut: len(cut[1]) == 1):
        if whole:
            runs = [[name] for name, _ in group]
            files_bag: Any = bag_module.from_sequence(runs, partition_size=1)
            bags.append(files_bag.map_partitions(_read, options))
        else:
            bags += [_blocks(name, ranges, options) for name, ranges in group]
    bag: dask.bag.Bag = bag_module.concat(bags)
    return bag


# -- the public functions ----------------------------------------------------------


def articles_bag(
    source: Source,
    *,
    npartitions: int | None = None,
    blocksize: int | str | None = None,
    **loader_options: Any,
) -> dask.bag.Bag:
    """A Dask bag of the articles in ``source``, read inside the tasks.

    The files are listed now (nothing is read); each partition reads a run
    of them, in order, with ``peacetalks.Loader(**loader_options)``.  A file
    is read by one task, so a large JSON Lines file is one partition, unless
    ``blocksize`` is given: then each JSON Lines file (``.jsonl``,
    ``.ndjson``; not inside an archive) larger than ``blocksize`` is cut
    into byte ranges of that size, one partition each, and every other
    file is a partition of its own.

    A block reads the lines that start in its range (the last one whole),
    so a line, and any multi-byte character in it, is never cut.  The
    partitions hold the articles of `peacetalks.iter_articles`, in order,
    and a bad line raises the loader's error naming the file and its line
    in the whole file.  What the loader checks across a whole file is
    checked across its blocks, in file order, by a chain of small tasks
    that each block's partition waits for (not for the blocks after it):
    a peacetalks file that repeats an id raises `DuplicateIdError` with
    the positions in the file, and a file stops at its first error, so
    with ``errors="warn"`` or ``"collect"`` the articles after a bad line
    are dropped (from every later block) as the serial loader drops them.
    With ``errors="raise"`` every block after the error raises it too.

    Nothing is de-duplicated (as with `peacetalks.iter_articles`; unlike
    `peacetalks.load`): across files or blocks that would need the whole
    corpus in one place, so ``duplicates`` other than ``"keep-all"`` is
    refused.  A ``sidecar`` fills in single-article files (``.txt``,
    ``.html``) and never JSON Lines records, whether cut or not.

    Args:
        source: A file, a folder, a glob pattern, or a list of them (what
            `peacetalks.load` takes).
        npartitions: How many partitions; one per file if None (and never
            more than there are files).  Not with ``blocksize``.
        blocksize: The size of a JSON Lines block: a number of bytes or a
            string read by Dask's ``parse_bytes`` (``"64 MiB"``,
            ``"100 MB"``).  None keeps whole files.
        **loader_options: Any argument of `peacetalks.Loader` (``pattern``,
            ``sidecar``, ``mapping``, ``errors``...).  ``pattern``,
            ``follow_links`` and ``archive_limits`` apply when the files
            are listed: a file the loader would skip (a link that leaves
            its folder) is in no partition.

    Raises:
        MissingExtraError: If Dask is not installed.
        LoadError: With ``errors="raise"`` (the default), if a path does not
            exist or a folder holds no file that matches ``pattern``; errors
            in files are raised when the bag is computed.
        TypeError: For an unknown loader option or a ``blocksize`` that is
            neither a number nor a string.
        ValueError: For a bad ``npartitions``, ``blocksize`` or loader option
            value, both ``npartitions`` and ``blocksize``, or ``duplicates``
            other than ``"keep-all"``.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt", npartitions=2)
    >>> bag.npartitions, bag.count().compute(scheduler="sync")
    (2, 5)

    A JSON Lines file of the five articles, in blocks of 4 KiB:

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.jsonl"
    >>> pt.save(pt.datasets.sample(), path)
    >>> bag = articles_bag(path, blocksize="4 KiB")
    >>> bag.npartitions > 1
    True
    >>> bag.compute(scheduler="sync") == list(pt.iter_articles(path))
    True
    """
    bag_module = _optional.dask_bag("articles_bag()")
    if npartitions is not None and npartitions < 1:
        msg = f"npartitions must be at least 1 (got {npartitions})"
        raise ValueError(msg)
    size = _block_bytes(blocksize)
    if size is not None and npartitions is not None:
        msg = "give npartitions (files per partition) or blocksize, not both"
        raise ValueError(msg)
    options = dict(loader_options)
    loader = Loader(**options)  # checks the options before any task runs
    if loader.duplicates != "keep-all":
        msg = (
            f"articles_bag() does not de-duplicate (duplicates={loader.duplicates!r})"
            ": use peacetalks.load, or de-duplicate the computed articles"
        )
        raise ValueError(msg)
    files = _files(source, loader)
    if size is not None and files:
        return _blocks_bag(files, size, options)
    groups = _groups(files, npartitions)
    if not groups:
        empty: dask.bag.Bag = bag_module.from_sequence([], npartitions=1)
        return empty
    bag = bag_module.from_sequence(groups, partition_size=1)
    result: dask.bag.Bag = cast(Any, bag).map_partitions(_read, options)
    return result


@functools.lru_cache(maxsize=4)
def _extractor(shipped: bytes) -> Extractor:
    """One extractor per pickled extractor per worker process.

    Building one (compiling a lexicon) takes a while: the partitions share it.
    """
    return build_extractor(pickle.loads(shipped))  # noqa: S301 -- pickled by us


def _extract(articles: Iterable[Article], shipped: bytes) -> list[Finding]:
    extractor = _extractor(shipped)
    return [finding for article in articles for finding in extractor.extract(article)]


def extract_bag(
    bag: dask.bag.Bag,
    lexicon: Lexicon | None = None,
    *,
    extractor: ExtractorSource | None = None,
) -> dask.bag.Bag:
    """Map extraction over a bag of articles: a bag of positions and demands.

    The extractor is pickled once, here (`peacetalks.parallel.shippable`);
    each worker process unpickles it (or calls the factory) on first use
    and shares it between the partitions it runs; a partition yields the
    findings of its articles in article order, then text order.

    Args:
        bag: A bag of articles.
        lexicon: Extract with the rule engine and this vocabulary; the
            default lexicon if None.
        extractor: Extract with this `peacetalks.Extractor` instead, or
            with the one a zero-argument factory builds.

    Raises:
        ValueError: If both a lexicon and an extractor are given.
        TypeError: If the extractor cannot be pickled.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt")
    >>> found = extract_bag(bag).compute(scheduler="sync")
    >>> sorted({type(finding).__name__ for finding in found})
    ['Demand', 'Position']
    """
    shipped = shippable(choose_extractor(lexicon, extractor))
    result: dask.bag.Bag = cast(Any, bag).map_partitions(_extract, shipped)
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
    items: Iterable[Article | Finding], shipped: bytes
) -> Iterator[dict[str, Any]]:
    extractor = None
    for item in items:
        if isinstance(item, Position | Demand):
            yield to_record(item)
            continue
        extractor = extractor or _extractor(shipped)
        for finding in extractor.extract(item):
            yield to_record(finding, path=item.path)


def _partition_frame(items: Iterable[Article | Finding], shipped: bytes) -> Any:
    return _frame(list(_records(items, shipped)))


def findings_frame(
    bag: dask.bag.Bag,
    *,
    lexicon: Lexicon | None = None,
    extractor: ExtractorSource | None = None,
) -> dask.dataframe.DataFrame:
    """A Dask dataframe of records: one row per finding, one column per key.

    The columns are `peacetalks.findings.RECORD_KEYS`, in order: ``start``
    and ``end`` nullable integers (``Int64``), ``value``, ``low``, ``high``
    and ``confidence`` floats, the rest strings (``date`` too, as a record
    writes it: ``2022-03``); missing values are null.  These are the
    records' columns, not those of
    `peacetalks.integrations.parquet.write_parquet`, whose ``date`` is a
    date with a ``date_precision`` beside it.

    Args:
        bag: A bag of articles (from `articles_bag`: extraction runs in
            the tasks, and records carry each article's ``path``), or of
            findings (from `extract_bag`: ``path`` is null).
        lexicon: The vocabulary to extract articles with; the default
            lexicon if None.
        extractor: A `peacetalks.Extractor` (or a zero-argument factory of
            one) to extract articles with instead, sent as in `extract_bag`.

    Raises:
        MissingExtraError: If Dask (or pandas) is not installed.
        ValueError: If both a lexicon and an extractor are given.
        TypeError: If the extractor cannot be pickled.

    >>> import peacetalks as pt
    >>> bag = articles_bag(pt.datasets.sample_path(), pattern="*.txt")
    >>> frame = findings_frame(bag)
    >>> list(frame.columns[:5])
    ['type', 'article', 'path', 'date', 'actor']
    >>> rows = frame.compute(scheduler="sync")
    >>> serial = pt.RuleExtractor().findings(pt.iter_articles(
    ...     pt.datasets.sample_path(), pattern="*.txt"))
    >>> len(rows) == len(serial), list(rows["actor"]) == [f.actor for f in serial]
    (True, True)
    """
    frames = _optional.dask_dataframe("findings_frame()")
    delayed = _optional.dask_delayed("findings_frame()")
    shipped = shippable(choose_extractor(lexicon, extractor))
    parts = [
        delayed(_partition_frame)(part, shipped) for part in cast(Any, bag).to_delayed()
    ]
    result: dask.dataframe.DataFrame = frames.from_delayed(parts, meta=_frame([]))
    return result
