"""The loader: any files, folders or archives in, articles and a report out.

For each file (see `peacetalks.io.sources.iter_entries`) the loader picks
a reader by suffix, gathers a `peacetalks.io.draft.Draft`, lets a
sidecar fill or override its metadata, resolves the date, removes scraping
debris and builds the `peacetalks.model.Article`.  Files the library
wrote itself (JSON with ``schema_version``, JSON Lines with a header line,
CSV with its exact columns, Parquet) are read strictly and as they are; its
findings files are never read as articles (skipped in folders, refused when
named).

- **.txt .text .md**: one plain-text article (`peacetalks.io.text`)
- **.html .htm .xhtml**: one web page (trafilatura, the ``html`` extra)
- **.json**: a peacetalks document, or an array of article objects
- **.jsonl .ndjson**: peacetalks records, or one article object a line
- **.csv .tsv**: a peacetalks table, or anyone's table (column mapping)
- **.parquet**: a peacetalks Parquet file (the ``parquet`` extra; see
  `peacetalks.integrations.parquet`)
- **.zip .tar .tar.gz .tgz**: every member, by its own suffix

One bad record costs only itself: with ``errors="collect"`` or ``"warn"``,
a line of JSON Lines, a row of CSV or a record of a JSON document that
cannot be read (or repeats an id in a peacetalks file) is reported as a
`Failure` at its line and the rest of the file is read; with
``errors="raise"`` it stops the load.  Every article's strings are
checked for lone surrogates (replaced with U+FFFD, with a `Problem`), a
table's ambiguous dates are read in the order its other dates show (see
`peacetalks.io.dates.DateOrder`), and a text file without text is a
failure.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import attrs

from peacetalks import seams
from peacetalks.errors import (
    DuplicateIdError,
    FieldValueError,
    FormatError,
    LoadError,
    MissingExtraError,
    ValidationError,
    install_hint,
)
from peacetalks.io import html, native, tabular, text
from peacetalks.io.clean import clean_text
from peacetalks.io.dates import DateOrder, first_order
from peacetalks.io.decode import decode_bytes, replace_surrogates
from peacetalks.io.dedup import (
    POLICIES,
    DuplicateCluster,
    apply_policy,
    find_duplicates,
)
from peacetalks.io.draft import Draft
from peacetalks.io.globs import Glob
from peacetalks.io.report import Failure, LoadReport, LoadWarning, Problem
from peacetalks.io.sidecar import Sidecar, read_sidecar
from peacetalks.io.sources import (
    BROKEN_STORAGE,
    ArchiveLimits,
    Entry,
    Skipped,
    Source,
    iter_entries,
)
from peacetalks.model import Article
from peacetalks.serialize import unstructure

if TYPE_CHECKING:
    from peacetalks.corpus import Corpus

__all__ = ["ERROR_POLICIES", "READERS", "Loader", "is_native_record"]

#: What to do when a file cannot be read.
ERROR_POLICIES: Final = ("raise", "warn", "collect")

#: The reader for each suffix.
READERS: Final[Mapping[str, str]] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
}

#: Why a Parquet file is not read without pyarrow.
_PARQUET_INSTALL: Final = (
    f"reading Parquet needs the optional extra: {install_hint('parquet')}"
)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        msg = f"{name!r} must be one of {', '.join(map(repr, choices))} (got {value!r})"
        raise ValueError(msg)


@attrs.define
class Loader:
    """Read articles from files, with options, keeping a report of what happened.

    Args:
        pattern: Which files to take inside folders, as a glob relative to
            the folder (``"**/*.txt"``, ``"2022/[01]*.txt"``); hidden files
            are never taken.
        sidecar: A CSV or JSON file of metadata by file name (date, url,
            outlet...), which fills or overrides what the files say.
        mapping: Column names of other people's tables, mapped to article
            fields: ``{"headline": "title", "body": "text"}``.
        clean: Remove photo captions, promos and share lines from the text;
            each article keeps its removed lines in ``extra["removed"]``.
        dayfirst: Read ambiguous dates such as ``03/04/2022`` day first
            (``True``), month first (``False``), or (``None``) in the
            order the other dates of their column show (``29/03/2022``
            can only be day first), else by the usual convention of each
            form, with a warning.
        encoding: Force a text encoding (``"latin-1"``...) instead of
            detecting UTF-8, UTF-16 or Windows-1252.
        duplicates: What to do with the same story loaded twice:
            ``"keep-all"``, ``"keep-first"`` or ``"merge"``.  Either way the
            clusters are listed in the report.
        errors: When a file, or a record of a table, cannot be read:
            ``"raise"`` its error, ``"warn"`` (a `LoadWarning`) and go on,
            or ``"collect"`` it silently in the report and go on.  Going
            on, a bad line or row of a JSON Lines or CSV file is skipped
            and the rest of the file read.
        threshold: How similar two texts must be (0 to 1, estimated word
            5-gram Jaccard) to count as near-duplicates.
        follow_links: Read links found in folders wherever they lead, and
            walk links to folders outside the folder.  By default only
            links to regular files inside the folder are read; the others
            are listed in the report's ``skipped``, with the reason.
        archive_limits: How much each archive may expand to and how many
            members it may hold (`peacetalks.ArchiveLimits`).

    Raises:
        ValueError: For an unknown ``errors`` or ``duplicates``, or a
            ``pattern`` with ``**`` inside a name.

    Attributes:
        report: What the last `load` or `iter` call did.

    >>> import peacetalks as pt
    >>> loader = pt.Loader(errors="collect")
    >>> corpus = loader.load([])
    >>> loader.report.summary()
    '0 articles from 0 files'
    """

    pattern: str = "**/*"
    sidecar: str | os.PathLike[str] | Sidecar | None = None
    mapping: Mapping[str, str] | None = None
    clean: bool = True
    dayfirst: bool | None = None
    encoding: str | None = None
    duplicates: str = "keep-all"
    errors: str = "raise"
    threshold: float = 0.8
    follow_links: bool = False
    archive_limits: ArchiveLimits = attrs.field(
        factory=ArchiveLimits,
        validator=attrs.validators.instance_of(ArchiveLimits),
    )
    report: LoadReport = attrs.field(factory=LoadReport, init=False)
    # The sidecar entries that matched a file read by the current `iter`.
    _matched: set[str] = attrs.field(factory=set, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _check_choice("errors", self.errors, ERROR_POLICIES)
        _check_choice("duplicates", self.duplicates, POLICIES)
        Glob.compile(self.pattern)  # a bad pattern is said now, not once read

    # -- public entry points ---------------------------------------------------

    def load(self, source: Source) -> Corpus:
        """Read every article in ``source`` into a `peacetalks.Corpus`.

        Articles with the same id (identical title and text) are kept once,
        the others' ids and paths recorded in ``extra["duplicates"]``; other
        duplicates follow the ``duplicates`` policy.  See `report`.

        Raises:
            LoadError: With ``errors="raise"``, the first file that fails.

        >>> import peacetalks as pt
        >>> folder = pt.datasets.sample_path()
        >>> loader = Loader(pattern="*.txt", sidecar=folder / "metadata.json")
        >>> corpus = loader.load(folder)
        >>> corpus[0].published.label, loader.report.ok
        ('2022-03-29', True)
        """
        # Not at the top: corpus (a layer below) imports io.dates through
        # window, which runs the io package's __init__, which imports this.
        from peacetalks.corpus import Corpus

        articles = list(self.iter(source))
        clusters = find_duplicates(articles, threshold=self.threshold)
        self.report.duplicates = list(clusters)
        # A corpus cannot hold one id twice: identical copies are merged
        # whatever the policy, which then decides about the rest.
        kept = apply_policy(articles, _same_id_clusters(articles), "merge")
        kept = apply_policy(kept, _distinct_ids(clusters), self.duplicates)
        self.report.loaded = len(kept)
        return Corpus(kept)

    def iter(self, source: Source) -> Iterator[Article]:
        """Yield the articles in ``source`` one at a time, in constant memory.

        Unlike `load`, nothing is de-duplicated.  The report fills as the
        iterator advances.

        >>> import peacetalks as pt
        >>> loader = Loader(pattern="*.txt")
        >>> for article in loader.iter(pt.datasets.sample_path()):
        ...     print(article.outlet)
        Fox News
        CNN
        Bloomberg
        Antiwar.com
        Business Insider
        """
        self.report = LoadReport()
        self._matched = set()
        sidecar = self._sidecar()
        skip = {os.path.normcase(Path(sidecar.path).resolve())} if sidecar else set()
        if sidecar is not None and self.dayfirst is None:
            self.report.notes += sidecar.notes()
        for found in iter_entries(
            source,
            pattern=self.pattern,
            follow_links=self.follow_links,
            archive_limits=self.archive_limits,
        ):
            if isinstance(found, LoadError):
                self._fail(found)
                continue
            if isinstance(found, Skipped):
                self.report.skipped.append(found.name)
                self.report.why_skipped[found.name] = found.reason
                continue
            if self._is_file(found, skip):
                continue
            reader = READERS.get(found.suffix)
            if reader is None:
                self.report.skipped.append(found.name)
                continue
            found, kind = _told(found)
            if kind != "articles":
                self._set_aside(found, kind)
                continue
            self.report.files += 1
            try:
                for item in self._read(found, reader, sidecar):
                    self.report.loaded += 1
                    yield item
            except LoadError as exc:
                self._fail(exc)
            except BROKEN_STORAGE as exc:
                # A damaged archive member or a disk error while reading.
                self._fail(FormatError(f"cannot read: {exc}", path=found.name))
        if sidecar is not None:
            self.report.notes += sidecar.unmatched(self._matched)

    # -- reading one entry ----------------------------------------------------------

    @staticmethod
    def _is_file(entry: Entry, paths: set[str]) -> bool:
        return bool(paths) and os.path.normcase(Path(entry.name).resolve()) in paths

    def _set_aside(self, entry: Entry, kind: str) -> None:
        """Set a file of findings aside: refused if named, else skipped.

        Never read the library's own findings files as articles: one that
        ``peacetalks extract -o`` wrote into the folder it reads, say.
        """
        what = f"holds positions and demands, not articles ({native.KINDS[kind]})"
        if entry.named:
            reason = f"$: {what}: read it with peacetalks.Findings.load"
            self._fail(ValidationError([reason], path=entry.name))
        else:
            self.report.skipped.append(entry.name)
            self.report.why_skipped[entry.name] = what

    def _sidecar(self) -> Sidecar | None:
        if self.sidecar is None or isinstance(self.sidecar, Sidecar):
            return self.sidecar
        return read_sidecar(self.sidecar)

    def _read(
        self, entry: Entry, reader: str, sidecar: Sidecar | None
    ) -> Iterator[Article]:
        if reader in ("text", "html"):
            decoded = decode_bytes(
                entry.read(), path=entry.name, encoding=self.encoding
            )
            no_text = None
            if reader == "text":
                draft = text.parse_text(decoded.text, name=entry.name)
                no_text = _why_no_text(decoded.text, draft)
            else:
                draft = html.parse_html(decoded.text, name=entry.name)
            if decoded.repaired:
                draft.extra["mojibake_repaired"] = decoded.repaired
            if decoded.encoding not in ("utf-8", "ascii"):
                draft.extra["encoding"] = decoded.encoding
            del decoded  # the file's whole text: the draft holds what it keeps
            yield self._finish(draft, entry, sidecar, no_text=no_text)
            return
        # A sidecar describes single-article files; tables carry their own
        # metadata per record.
        if reader == "parquet":
            yield from self._parquet(entry)
            return
        with self._open(entry) as handle:
            if reader == "json":
                yield from self._json(entry, handle.read())
            elif reader == "jsonl":
                yield from self._jsonl(entry, handle)
            else:
                yield from self._csv(entry, handle)

    @contextlib.contextmanager
    def _open(self, entry: Entry) -> Iterator[IO[bytes]]:
        try:
            handle = entry.opener()
        except OSError as exc:
            raise FormatError(
                f"cannot read: {exc.strerror or exc}", path=entry.name
            ) from None
        with handle:
            yield handle

    def _json(self, entry: Entry, data: bytes) -> Iterator[Article]:
        document = native.parse_json(data, path=entry.name)
        if tabular.is_native_json(document):
            records = native.document_records(
                document, Article, entry.name, on_error=self._fail
            )
            return self._unique(((None, record) for record in records), entry.name)

        def drafts(on_error: native.OnError) -> Iterator[Draft]:
            return tabular.iter_json_records(
                data, path=entry.name, mapping=self.mapping, on_error=on_error
            )

        return self._finish_all(drafts(self._fail), entry, lambda: drafts(_ignore))

    def _parquet(self, entry: Entry) -> Iterator[Article]:
        """The articles of a peacetalks Parquet file, as `peacetalks.load` reads them.

        Raises:
            FormatError: Without pyarrow, naming the extra to install.
            LoadError: If the file is not a Parquet file of articles.
        """
        with self._open(entry) as opened:
            handle = _seekable(entry, opened)
            try:
                articles = seams.PARQUET_ARTICLES.implementation.articles(
                    handle, entry.name, self._fail
                )
            except MissingExtraError:
                raise FormatError(_PARQUET_INSTALL, path=entry.name) from None
            with handle:
                records = ((None, article) for article in articles)
                yield from self._unique(records, entry.name)

    def _jsonl(self, entry: Entry, handle: IO[bytes]) -> Iterator[Article]:
        stream = _Peekable(handle)
        first = stream.first_line()
        try:
            header = (
                native.parse_json(first, path=entry.name) if first.strip() else None
            )
        except LoadError:
            header = None  # not a peacetalks file; the reader below says where
        if isinstance(header, dict) and (
            "schema_version" in header or is_native_record(header)
        ):
            records = native.iter_jsonl_numbered(
                stream, Article, entry.name, on_error=self._fail
            )
            return self._unique(records, entry.name)
        # JSON Lines are read line by line, each date by its own form: a
        # file can be split into blocks read apart (integrations.dask).
        drafts = tabular.iter_jsonl_records(
            stream, path=entry.name, mapping=self.mapping, on_error=self._fail
        )
        return self._finish_all(drafts, entry, None)

    def _csv(self, entry: Entry, handle: IO[bytes]) -> Iterator[Article]:
        stream = _Peekable(handle)
        first = stream.first_line().decode("utf-8-sig", errors="replace")
        try:
            header = next(csv.reader([first.rstrip("\r\n")]), [])
        except csv.Error:
            header = []  # not a peacetalks table; the general reader says why
        if tabular.is_native_csv(header):
            records = native.iter_csv_numbered(
                stream, Article, entry.name, on_error=self._fail
            )
            return self._unique(records, entry.name)
        drafts = tabular.iter_csv_records(
            stream, path=entry.name, mapping=self.mapping, on_error=self._fail
        )
        return self._finish_all(drafts, entry, lambda: self._reread_csv(entry))

    def _reread_csv(self, entry: Entry) -> Iterator[Draft]:
        """The drafts of a CSV file read again from its start, errors unsaid."""
        with self._open(entry) as handle:
            yield from tabular.iter_csv_records(
                handle, path=entry.name, mapping=self.mapping, on_error=_ignore
            )

    def _finish_all(
        self,
        drafts: Iterable[Draft],
        entry: Entry,
        again: Callable[[], Iterable[Draft]] | None,
    ) -> Iterator[Article]:
        """Finish the drafts of a table; a record that fails costs only itself.

        ``again`` reads the drafts again from the start, for the order of
        the table's dates (see `DateOrder`); ``None`` reads each date by
        its own form.
        """
        order = None
        if self.dayfirst is None and again is not None:
            order = DateOrder(lambda: _first_order(again))
        for draft in drafts:
            raw = draft.published_raw
            if order is not None and draft.published is None and raw:
                draft.dayfirst, warning = order.read(raw, draft.line)
                if warning is not None:
                    draft.problems.append(warning)
            try:
                # Tables carry their own metadata per record: no sidecar.
                article = self._finish(draft, entry, None)
            except LoadError as exc:
                self._fail(exc)
                continue
            yield article

    def _finish(
        self,
        draft: Draft,
        entry: Entry,
        sidecar: Sidecar | None,
        *,
        no_text: str | None = None,
    ) -> Article:
        """Build the article of a draft: sidecar, cleaning, checks, date.

        Raises:
            ValidationError: If ``no_text`` says why the draft has no text
                and no sidecar gave one.
            FormatError: If the article cannot be built.
        """
        draft.path = draft.path or entry.name
        if sidecar is not None:
            key = sidecar.match(entry.relative)
            if key is not None and sidecar.apply(draft, entry.relative):
                self._matched.add(key)
        if no_text is not None and not draft.text.strip():
            raise ValidationError([f"$.text: {no_text}"], path=entry.name)
        found: list[str] = []
        draft = replace_surrogates(draft, found=found)
        draft.problems += found
        if self.clean:
            cleaned = clean_text(draft.text)
            if cleaned.removed:
                draft.text = cleaned.text
                draft.extra["removed"] = list(cleaned.removed)
                self.report.removed_lines += len(cleaned.removed)
        try:
            article = draft.build(dayfirst=self.dayfirst)
        except (FieldValueError, ValueError, TypeError) as exc:
            raise FormatError(
                f"invalid article: {exc}", path=entry.name, line=draft.line
            ) from None
        self._problems(article, draft.line, draft.problems)
        return article

    def _problems(
        self, article: Article, line: int | None, messages: Iterable[str]
    ) -> None:
        self.report.problems += [
            Problem(article.path, line, article.id, message) for message in messages
        ]

    def _checked(self, article: Article, line: int | None) -> Article:
        """A peacetalks record's article with its lone surrogates replaced."""
        found: list[str] = []
        article = replace_surrogates(article, found=found)
        if found:
            self._problems(article, line, found)
        return article

    def _unique(
        self, records: Iterable[tuple[int | None, Article]], where: str
    ) -> Iterator[Article]:
        """Pass a peacetalks file's articles on, refusing a repeated id.

        A peacetalks file holds one corpus, so a repeated id means a damaged
        record; the same story in two different files is a duplicate
        instead.  The repeated record fails (at its line), the first is kept.
        """
        seen: dict[str, int] = {}
        for position, (line, record) in enumerate(records):
            article = self._checked(record, line)
            first = seen.setdefault(article.id, position)
            if first != position:
                self._fail(
                    DuplicateIdError(article.id, first, position, path=where, line=line)
                )
                continue
            yield article

    def _fail(self, error: LoadError) -> None:
        if self.errors == "raise":
            raise error
        failure = Failure.from_error(error)
        self.report.failures.append(failure)
        if self.errors == "warn":
            warnings.warn(str(failure), LoadWarning, stacklevel=_caller_level())


_PACKAGE_DIR: Final = str(Path(__file__).resolve().parent.parent)


def _told(entry: Entry) -> tuple[Entry, str]:
    """What a ``.json``, ``.jsonl`` or ``.csv`` entry holds, and how to read it.

    The entry is opened once: its reader goes on from what was read to tell
    it (opening a member of a compressed tar archive again would decompress
    the archive from its start again).  A file that cannot be told is
    articles: its reader says what is wrong with it.
    """
    if READERS.get(entry.suffix) == "parquet":
        return _told_parquet(entry)
    name = native.FORMATS.get(entry.suffix)
    if name is None:
        return entry, "articles"
    try:
        stream = _Rewound(entry.opener())
    except BROKEN_STORAGE:
        return entry, "articles"
    buffered = io.BufferedReader(stream)
    try:
        kind = native.sniff_stream(buffered, name, entry.name)
    except (LoadError, *BROKEN_STORAGE):
        # Not told (broken JSON, a file past the size cap, a damaged member):
        # read afresh, so that its reader meets the fault and reports it.
        stream.close()
        return entry, "articles"
    buffered.detach()  # closing it would close the file
    if kind != "articles":
        stream.close()
        return entry, kind
    stream.rewind()
    opened = iter([io.BufferedReader(stream)])

    def opener() -> IO[bytes]:
        return next(opened, None) or entry.opener()

    return attrs.evolve(entry, opener=opener), kind


def _told_parquet(entry: Entry) -> tuple[Entry, str]:
    """What a ``.parquet`` entry holds, told by its columns (`_told`).

    Only the footer is read, from the file opened once, as `_seekable`
    makes it; its reader goes on with it.
    """
    try:
        handle = _seekable(entry, entry.opener())
    except (LoadError, *BROKEN_STORAGE):
        return entry, "articles"  # its reader meets the fault and reports it
    try:
        kind = seams.PARQUET_ARTICLES.implementation.kind(handle, entry.name)
    except (LoadError, MissingExtraError):
        kind = "articles"  # its reader says what is wrong, or what to install
    if kind != "articles":
        handle.close()
        return entry, kind
    handle.seek(0)
    opened = iter([handle])

    def opener() -> IO[bytes]:
        return next(opened, None) or entry.opener()

    return attrs.evolve(entry, opener=opener), kind


def _seekable(entry: Entry, handle: IO[bytes]) -> IO[bytes]:
    """``entry``'s open ``handle``, made seekable for pyarrow.

    A file on disk is read in place.  A member of an archive is read into
    memory: at most `peacetalks.io.sources.MAX_MEMBER_BYTES`, within its
    archive's `ArchiveLimits` (a member of a compressed tar seeks back
    only by inflating the archive again from its start).
    """
    if handle.seekable() and not entry.in_archive:
        return handle
    with handle:
        return io.BytesIO(handle.read())


class _Rewound(io.RawIOBase):
    """A binary stream that keeps what is read until `rewind`, to read it again."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._kept: list[bytes] = []
        self._again: bytes | None = None  # after `rewind`: what is read again
        self._at = 0

    def rewind(self) -> None:
        """Read again from the start: what was read, then the rest."""
        self._again, self._kept = b"".join(self._kept), []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._again is not None and self._at < len(self._again):
            size = min(len(buffer), len(self._again) - self._at)
            buffer[:size] = memoryview(self._again)[self._at : self._at + size]
            self._at += size
            return size
        data = self._handle.read(len(buffer))
        if self._again is None:
            self._kept.append(data)
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        if self._again is None:
            data = self._handle.read()
            self._kept.append(data)
            return data
        head = self._again[self._at :] if self._at else self._again  # not copied
        self._again, self._at = b"", 0
        rest = self._handle.read()
        return head + rest if rest else head

    def close(self) -> None:
        self._handle.close()
        super().close()


def _caller_level() -> int:
    """The `warnings.warn` stacklevel of the first frame outside peacetalks."""
    frame = sys._getframe(1)  # the documented way to walk frames
    level = 2
    while frame.f_back is not None and frame.f_code.co_filename.startswith(
        _PACKAGE_DIR
    ):
        frame = frame.f_back
        level += 1
    return level - 1


def _same_id_clusters(articles: Iterable[Article]) -> list[DuplicateCluster]:
    """One exact cluster per id that occurs more than once."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.id, []).append(article)
    return [
        DuplicateCluster(
            ids=tuple(a.id for a in group),
            kind="exact",
            similarity=1.0,
            paths=tuple(a.path for a in group),
        )
        for group in groups.values()
        if len(group) > 1
    ]


def _distinct_ids(clusters: Iterable[DuplicateCluster]) -> list[DuplicateCluster]:
    """The clusters as they stand once same-id copies are merged."""
    distinct = []
    for cluster in clusters:
        paths = dict(zip(cluster.ids, cluster.paths, strict=True))
        ids = tuple(dict.fromkeys(cluster.ids))
        if len(ids) > 1:
            distinct.append(
                attrs.evolve(cluster, ids=ids, paths=tuple(paths[i] for i in ids))
            )
    return distinct


_ARTICLE_KEYS: Final = frozenset(unstructure(Article()))


def is_native_record(record: dict[str, object]) -> bool:
    """Tell a record peacetalks wrote (every article key, nothing else).

    >>> from peacetalks.serialize import unstructure
    >>> is_native_record(unstructure(Article(text="Talks."))), is_native_record({})
    (True, False)
    """
    return record.keys() == _ARTICLE_KEYS


def _ignore(error: LoadError) -> None:
    """Say nothing of a bad record (reading again what was reported once)."""


def _first_order(
    drafts: Callable[[], Iterable[Draft]],
) -> tuple[bool, str, int | None] | None:
    """The order that a table's first unambiguous date shows, if any."""
    again = drafts()
    try:
        return first_order(
            (draft.line, draft.published_raw)
            for draft in again
            if draft.published is None and draft.published_raw
        )
    finally:
        # Close the file a generator reads from, even when stopped early.
        close = getattr(again, "close", None)
        if close is not None:
            close()


def _why_no_text(content: str, draft: Draft) -> str | None:
    """Why a text file's draft has no text (``None`` if it has some)."""
    if draft.text.strip():
        return None
    if not content:
        return "no article text: the file is empty"
    if not content.strip():
        return "no article text: the file holds only whitespace"
    found = ", ".join(draft.extra.get("layout", [])) or "metadata"
    return f"no article text: the file holds only a header ({found}) and no body"


class _Peekable(io.RawIOBase):
    r"""A binary stream whose first non-blank line can be seen before reading.

    The blank lines before it are counted, not kept, so that any number of
    them costs constant memory and time per line; they are read back as
    ``b"\n"`` (every reader skips blank lines, whatever their spaces).
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._blank = 0
        self._first = b""
        for line in handle:
            if line.strip():
                self._first = line
                break
            self._blank += 1

    def first_line(self) -> bytes:
        """The first line that is not blank (``b""`` if there is none)."""
        return self._first

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        if self._blank:
            self._blank -= 1
            return b"\n"
        if self._first:
            line, self._first = self._first, b""
            return line
        return self._handle.readline(-1 if size is None else size)

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readall(self) -> bytes:
        head = b"\n" * self._blank + self._first
        self._blank, self._first = 0, b""
        return head + self._handle.read()
