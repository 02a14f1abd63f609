"""The ``peacetalks`` command: a thin layer over the library.

Exit codes (`EXIT_CODES`): 0 success, 1 an input failed or the output was
not written (the message names the file, line and field), 2 the command
line itself is wrong, or the gold file of ``evaluate`` or the file given
to ``--lexicon`` is; 130 after Ctrl-C (SIGINT), 143 after SIGTERM.

Results go to standard output (or the file of ``-o``); errors, warnings,
notes and progress lines go to standard error.  Progress lines appear only
when standard error is a terminal (`peacetalks.progress`).

Output is safe to show: text read from input is written with its control
characters as escapes (`peacetalks._terminal.escape_controls`), and a
stream whose encoding cannot hold a character gets an ASCII form of it
(``≤`` as ``<=``) instead of a crash.  A file named by ``-o`` is never an
input of the same run, and is replaced only when something was read.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import math
import os
import shutil
import signal
import sys
import textwrap
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import attrs

from peacetalks import datasets
from peacetalks._seen import SeenIds
from peacetalks._terminal import escape_controls, escape_lines, fallback_on
from peacetalks._version import __version__
from peacetalks.comparison import (
    TABLE_FORMATS,
    ProposalsTable,
    proposals,
    proposals_table,
    write_table,
)
from peacetalks.corpus import Corpus
from peacetalks.errors import (
    FieldValueError,
    FormatError,
    LoadError,
    PeacetalksError,
    UnknownNameError,
    WorkerTimeoutError,
)
from peacetalks.evaluate import Evaluation, GoldItem, read_gold
from peacetalks.extract.pipeline import RuleExtractor, default_extractor
from peacetalks.findings import (
    RECORD_FORMATS,
    Findings,
    describe,
    is_parquet,
    save_records,
    to_record,
    write_records,
)
from peacetalks.htmlreport import group_by_quote, report_table
from peacetalks.integrations.parquet import holds_findings
from peacetalks.io import save, save_findings
from peacetalks.io.atomic import atomic_write
from peacetalks.io.dedup import POLICIES, DuplicateCluster
from peacetalks.io.loader import ERROR_POLICIES, Loader
from peacetalks.io.native import FORMATS, KINDS, sniff_kind
from peacetalks.io.report import LoadReport, LoadWarning, plural
from peacetalks.io.sources import ArchiveLimits, split_glob
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Position
from peacetalks.parallel import WORKER_TIMEOUT, extract_stream
from peacetalks.progress import end_lines, track
from peacetalks.serialize import Finding
from peacetalks.window import DateWindow

__all__ = [
    "EXIT_CODES",
    "build_parser",
    "finding_line",
    "lexicon_document",
    "main",
    "render_evaluation",
    "render_lexicon",
    "render_report",
    "report_document",
]

T = TypeVar("T")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM

#: What each exit code of the ``peacetalks`` command means.
EXIT_CODES: Mapping[int, str] = {
    EXIT_OK: "success",
    EXIT_FAILED: (
        "an input could not be read (the others were still read and written), "
        "a named input does not exist, no input could be read or the inputs "
        "hold no article, or compare found no figure in them or in its "
        "period (nothing was written), a worker process died or "
        "made no progress for --worker-timeout seconds, or the output could "
        "not be written"
    ),
    EXIT_USAGE: (
        "usage error: a wrong command line, article and finding files mixed, "
        "an unknown metric or party, a wrong date, a bad gold or lexicon "
        "file, or an output file "
        "that is also an input"
    ),
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); no output file was replaced",
    EXIT_TERMINATED: "terminated (SIGTERM); no output file was replaced",
}

#: Seconds a run lasts before its progress line appears (unless --progress).
PROGRESS_DELAY = 1.0


def _exit_codes_help(meanings: Mapping[int, str] = EXIT_CODES) -> str:
    width = max(len(str(code)) for code in meanings)
    return "exit codes:\n" + "\n".join(
        textwrap.fill(
            meaning,
            width=79,
            initial_indent=f"  {code:<{width}}  ",
            subsequent_indent=" " * (width + 4),
        )
        for code, meaning in meanings.items()
    )


def _shorten(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def _fit(text: str, width: int | None) -> str:
    """Each line of ``text`` cut with … to ``width`` (None: as it is)."""
    if width is None:
        return text
    return "\n".join(_shorten(line, width) for line in text.split("\n"))


def _one_line(text: str) -> str:
    """A quote on one line, without quotation marks of its own at either end.

    Control characters that are not white space are shown as escapes.
    """
    return escape_controls(" ".join(text.split()).strip('"“”„«» '))


def finding_line(
    finding: Finding, *, width: int | None = 100, indent: str = "  "
) -> str:
    """One finding as a line of at most ``width`` characters, with its quote.

    With ``width=None`` the line and its quote are never cut.

    >>> from peacetalks import Position
    >>> print(finding_line(Position("Russia", "neutrality", "supports")))
      Russia supports neutrality (statement)
    """
    line = indent + escape_controls(describe(finding))
    evidence = finding.evidence
    quote = _one_line(evidence.quote) if evidence is not None else ""
    if width is None:
        return line + (f' — "{quote}"' if quote else "")
    room = width - len(line) - len(' — ""')
    if quote and room >= 10:
        line += f' — "{_shorten(quote, room)}"'
    return _shorten(line, width)


def _findings_section(
    corpus: Corpus, findings: Findings, width: int | None, lexicon: Lexicon
) -> Iterator[str]:
    by_article: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.evidence is not None:
            by_article.setdefault(finding.evidence.article_id, []).append(finding)
    for n, article in enumerate(corpus, start=1):
        found = by_article.get(article.id, [])
        positions = sum(isinstance(f, Position) for f in found)
        counts = (
            f"{plural(positions, 'position')}, "
            f"{plural(len(found) - positions, 'demand')}"
            if found
            else "nothing found"
        )
        where = escape_controls(
            ", ".join(
                part
                for part in (
                    article.outlet,
                    article.published.label if article.published.date else None,
                )
                if part
            )
        )
        yield ""
        yield _shorten(f"{n}. {where}{': ' if where else ''}{counts}", width)
        for quote, said in group_by_quote(found):
            room = None if width is None else max(width - 4, 10)
            yield f'  "{_shorten(_one_line(quote), room)}"'
            for finding in said:
                line = f"    {escape_controls(describe(finding, lexicon=lexicon))}"
                # wrapped, not cut: what was found is read whole
                if width is None or len(line) <= width:
                    yield line
                else:
                    yield from textwrap.wrap(
                        line, max(width, 20), subsequent_indent="      "
                    )


_TABLE_TITLE = "Proposals (each actor's latest figure):"


def render_report(
    corpus: Corpus,
    *,
    width: int | None = 100,
    findings: Findings | None = None,
    lexicon: Lexicon | None = None,
) -> str:
    """Render the readable summary that ``peacetalks report`` prints.

    When ``findings`` hold demands, the report opens with their proposals
    table (`peacetalks.proposals_table`: each actor's latest figure per
    metric, with the gap and ratio between the two main parties).

    Args:
        corpus: The articles.
        width: The widest a line may be; titles and quotes are cut to fit.
            None for no limit.
        findings: What was found in them (`Corpus.extract`); each article's
            positions and demands are then listed under the table, a
            position with its issue's proposition (`describe`).
        lexicon: The lexicon the findings were extracted with, for the
            proposals table's order and units and the issues'
            propositions; the default if None.

    >>> import peacetalks as pt
    >>> print(render_report(pt.datasets.sample()[:1], width=72))
    <Corpus: 1 article, 2022-03-29, 1 outlet>
    <BLANKLINE>
      #  date        outlet    title
      1  2022-03-29  Fox News  Ukraine seeks deal guaranteeing armies with …
    >>> bloomberg = pt.datasets.sample()[2:3]
    >>> demands = bloomberg.extract().filter(type="demand", metric="tanks")
    >>> print(render_report(bloomberg, width=72, findings=demands))
    Proposals (each actor's latest figure):
    metric  unit   Russia  Ukraine  gap  ratio
    tanks   units   ≤ 342    ≤ 800  458   2.34
    ratio = Ukraine / Russia; ≤ a cap, ≥ a floor, ≈ about, = exactly
    <BLANKLINE>
    <Corpus: 1 article, 2025-01, 1 outlet>
    <BLANKLINE>
      #  date     outlet     title
      1  2025-01  Bloomberg  Bloomberg: in negotiations on Ukraine, Russia …
    <BLANKLINE>
    1. Bloomberg, 2025-01: 0 positions, 2 demands
      "According to them, Russia demanded to limit the number of Ukrainian…"
        Russia demands tanks ≤ 342 units (target Ukraine)
      "while Ukraine wanted an army of 250,000 people and 800 tanks, as we…"
        Ukraine demands tanks ≤ 800 units (target Ukraine)
    """
    rows = [
        (
            str(n),
            a.published.label if a.published.date else "unknown",
            escape_controls(a.outlet or "-"),
            escape_controls(a.title or "(untitled)"),
        )
        for n, a in enumerate(corpus, start=1)
    ]
    header = ("#", "date", "outlet", "title")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lead = 2 + sum(w + 2 for w in widths)
    lines = []
    if findings is not None and findings.demands:
        found = report_table(findings, corpus, lexicon)
        # to_text keeps gap and ratio when narrow
        text = found if isinstance(found, str) else found.to_text(width=width)
        lines.extend([_TABLE_TITLE, _fit(escape_lines(text), width), ""])
    lines.extend([repr(corpus), ""])
    for row in [header, *rows]:
        cells = [
            row[0].rjust(widths[0] + 1),
            row[1].ljust(widths[1]),
            row[2].ljust(widths[2]),
        ]
        lines.append(
            " "
            + "  ".join(cells)
            + "  "
            + _shorten(row[3], None if width is None else max(width - lead, 10))
        )
    if findings is not None:
        said_by = lexicon if lexicon is not None else Lexicon.default()
        lines.extend(_findings_section(corpus, findings, width, said_by))
    return "\n".join(lines)


def _file_kind(path: str) -> str:
    """What ``path`` holds, as `sniff_kind` tells it (`KINDS`).

    A folder, a file of another format, or one that cannot be read counts
    as articles: the loader walks it, or reports it with the rest.
    """
    if is_parquet(path) and Path(path).is_file():
        try:  # records: they keep each article's path
            return "records" if holds_findings(path) else "parquet articles"
        except PeacetalksError:
            return "parquet articles"  # read as such, it says what is wrong
    if Path(path).suffix.lower() not in FORMATS or not Path(path).is_file():
        return "articles"
    try:
        return sniff_kind(path)
    except PeacetalksError:
        return "articles"  # not readable as such: the loader reports it with the rest


def _is_findings(path: str) -> bool:
    """Tell whether ``path`` holds positions and demands, in any kind of file."""
    return not _file_kind(path).endswith("articles")


def _progress(args: argparse.Namespace) -> bool | None:
    """Whether to draw progress: forced on, off, or when stderr is a terminal."""
    if getattr(args, "quiet", False):
        return False
    return True if getattr(args, "progress", False) else None


def _track(
    args: argparse.Namespace,
    items: Iterable[T],
    label: str,
    *,
    unit: str = "articles",
    total: int | None = None,
) -> Iterator[T]:
    """``items`` streamed through the command's progress line on stderr."""
    forced = _progress(args)
    return track(
        items,
        label,
        total=total,
        unit=unit,
        stream=sys.stderr,
        enabled=forced,
        delay=0.0 if forced else PROGRESS_DELAY,
    )


def _say(line: str) -> None:
    """Write one line on stderr, after any progress line, controls escaped."""
    end_lines()
    print(escape_controls(line), file=sys.stderr)


def _print_text(text: str) -> None:
    """Print text for reading on stdout, control characters as escapes."""
    print(escape_lines(text))


def _error(args: argparse.Namespace, message: str) -> None:
    """``peacetalks COMMAND: error: message`` on stderr."""
    _say(f"peacetalks {args.command}: error: {message}")


def _warning(args: argparse.Namespace, message: str) -> None:
    """``peacetalks COMMAND: warning: message`` on stderr."""
    _say(f"peacetalks {args.command}: warning: {message}")


def _note(args: argparse.Namespace, message: str, *, labelled: bool = False) -> None:
    """Tell what was done on stderr, unless ``--quiet``.

    With ``labelled``, the line says ``peacetalks COMMAND: note:`` first.
    """
    if getattr(args, "quiet", False):
        return
    _say(f"peacetalks {args.command}: note: {message}" if labelled else message)


@attrs.define
class _TrackedLoader(Loader):
    """A `Loader` whose articles pass through a progress line as they are read."""

    args: argparse.Namespace | None = attrs.field(default=None, kw_only=True)

    def iter(self, source: Any) -> Iterator[Article]:
        articles = super().iter(source)
        return articles if self.args is None else _track(self.args, articles, "reading")


def _loader(args: argparse.Namespace, *, tracked: bool = True) -> Loader:
    mapping = {}
    for pair in args.map or ():
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            message = f"--map takes COLUMN=FIELD, got {pair!r}"
            raise FormatError(message)
        mapping[column] = field
    limits = ArchiveLimits(
        max_bytes=args.archive_max_bytes,
        max_ratio=args.archive_max_ratio,
        grace_bytes=args.archive_grace,
        max_members=args.archive_max_members,
    )
    try:
        return _TrackedLoader(
            args=args if tracked else None,
            pattern=args.pattern,
            sidecar=args.sidecar,
            mapping=mapping or None,
            clean=args.clean,
            dayfirst=args.dayfirst,
            encoding=args.encoding,
            duplicates=args.duplicates,
            errors=args.errors,
            follow_links=args.follow_links,
            archive_limits=limits,
        )
    except ValueError as exc:  # a --pattern with '**' inside a name
        raise _UsageError(f"--pattern: {exc}") from None


#: How many files a note names before "and N more".
_NAMED_FILES = 3


class _NothingRead(Exception):  # noqa: N818 -- a signal to stop, not a fault
    """No article was read: the run stops and writes nothing (exit code 1)."""

    @classmethod
    def of(cls, report: LoadReport) -> _NothingRead:
        """Why nothing was read, as the report tells it."""
        if report.failures:
            return cls("no input could be read")
        why = "no article in the input"
        if report.skipped:
            listed = ", ".join(report.skipped[:_NAMED_FILES])
            more = len(report.skipped) - _NAMED_FILES
            listed += f" and {more} more" if more > 0 else ""
            why += f" ({plural(len(report.skipped), 'file')} passed over: {listed})"
        return cls(why)


def _load(args: argparse.Namespace, paths: Sequence[str]) -> tuple[Corpus, int]:
    """Load ``paths`` with the command's options; tell what went wrong on stderr.

    Raises:
        _NothingRead: If no article was read (inputs failed, or held none).
    """
    loader = _loader(args)
    corpus = loader.load(paths)
    code = _tell_report(args, loader.report)
    if not corpus:
        raise _NothingRead.of(loader.report)
    return corpus, code


def _something_read(
    args: argparse.Namespace, loader: Loader, articles: Iterable[Article]
) -> Iterator[Article]:
    """``articles`` as they stream, then `_NothingRead` if none was read.

    Raised inside the write of ``-o``, it abandons the write: an existing
    file is left as it was.
    """
    yield from articles
    if not loader.report.loaded:
        _tell_report(args, loader.report)
        raise _NothingRead.of(loader.report)


def _duplicates_note(clusters: Sequence[DuplicateCluster], policy: str) -> str:
    """One line for all duplicate clusters: counts, what was done, a few files.

    >>> cluster = DuplicateCluster(["a", "b", "c"], "near", 0.9,
    ...                            ["a.txt", "b.txt", "zip!/c.txt"])
    >>> note = _duplicates_note([cluster], "keep-first")
    >>> note.split(", the first")[0]
    'duplicates: 1 cluster (1 near), 2 duplicates dropped'
    >>> note.split("): ")[1]
    'b.txt, zip!/c.txt'
    """
    files = list(
        dict.fromkeys(
            path or article_id
            for cluster in clusters
            for article_id, path in zip(cluster.ids[1:], cluster.paths[1:], strict=True)
        )
    )
    return _duplicates_line(
        collections.Counter(cluster.kind for cluster in clusters),
        copies=sum(len(cluster.ids) - 1 for cluster in clusters),
        same_id=sum(len(cluster.ids) - len(set(cluster.ids)) for cluster in clusters),
        files=files[:_NAMED_FILES],
        more=max(0, len(files) - _NAMED_FILES),
        policy=policy,
    )


def _duplicates_line(
    kinds: Mapping[str, int],
    *,
    copies: int,
    same_id: int,
    files: Sequence[str],
    more: int,
    policy: str,
) -> str:
    """`_duplicates_note` from counts, so that a stream need not keep clusters.

    ``kinds`` counts the clusters of each kind, ``copies`` the duplicates
    (``same_id`` of them have the id of an article kept), ``files`` are the
    first files of duplicates and ``more`` counts the other files.
    """
    head = (
        f"duplicates: {plural(sum(kinds.values()), 'cluster')} "
        f"({', '.join(f'{n} {kind}' for kind, n in sorted(kinds.items()))}), "
        f"{plural(copies, 'duplicate')}"
    )
    if policy == "keep-first":
        done = "dropped, the first of each kept (--duplicates keep-all to keep them)"
    elif policy == "merge":
        done = "merged into the first of each (--duplicates keep-all to keep them)"
    elif same_id == copies:
        done = "kept once (the same id)"
    else:
        done = "kept (--duplicates keep-first or merge to drop them)"
        if same_id:
            done += f"; {same_id} with the same id as another kept once"
    named = ", ".join(files)
    if more:
        named += f" and {more} more"
    return f"{head} {done}: {named}"


def _tell_report(args: argparse.Namespace, report: LoadReport) -> int:
    """Tell on stderr what went wrong in loading; the exit code it makes."""
    for failure in report.failures:
        _error(args, str(failure))
    for problem in report.problems:
        where = problem.path or "<input>"
        if problem.line is not None:
            where += f":{problem.line}"
        _warning(args, f"{where}: {problem.message}")
    for noted in report.notes:
        _note(args, str(noted), labelled=True)
    for name, why in report.why_skipped.items():
        _note(args, f"{name}: passed over: {why}", labelled=True)
    if report.duplicates:
        note = _duplicates_note(report.duplicates, args.duplicates)
        _note(args, note, labelled=True)
    return EXIT_FAILED if report.failures else EXIT_OK


def _no_findings_files(paths: Iterable[str]) -> None:
    """Refuse a file of positions and demands where articles are wanted.

    Raises:
        _UsageError: Naming the file, what wrote it and what reads it.
    """
    for path in paths:
        kind = _file_kind(path)
        if not kind.endswith("articles"):
            message = (
                f"{path} holds positions and demands, not articles ({KINDS[kind]}): "
                "'peacetalks compare' and 'peacetalks convert' read it"
            )
            raise _UsageError(message)


def _articles(args: argparse.Namespace) -> tuple[Corpus, int]:
    """The articles the command's PATHs name, or the bundled sample (said so)."""
    _no_findings_files(args.paths)
    if args.paths:
        return _load(args, args.paths)
    sample = datasets.sample()
    read = plural(len(sample), "article")
    _note(args, f"no PATH given: using the bundled sample ({read})", labelled=True)
    return sample, EXIT_OK


class _UsageError(Exception):
    """A command line that parses but cannot be run (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error messages show control characters escaped."""

    def error(self, message: str) -> NoReturn:
        super().error(escape_controls(message))


def _extractor(args: argparse.Namespace) -> RuleExtractor:
    """The extractor for the command's ``--lexicon``, or the default one.

    A lexicon file that cannot be read or is not a lexicon is a usage
    error (exit code 2), like a bad option.
    """
    if args.lexicon is None:
        return default_extractor()
    return RuleExtractor(_lexicon_file(args.lexicon))


def _lexicon_file(path: str) -> Lexicon:
    """The lexicon in the file of ``--lexicon``; a bad one is a usage error."""
    try:
        return Lexicon.from_toml(path)
    except OSError as exc:
        message = f"--lexicon {path}: {exc.strerror or exc}"
        raise _UsageError(message) from None
    except PeacetalksError as exc:
        message = f"--lexicon: {exc}"
        raise _UsageError(message) from None


def _width() -> int | None:
    """How wide text output may be: the terminal's, else no limit.

    The ``COLUMNS`` environment variable, when set, is the width whatever
    standard output is.
    """
    if os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size().columns
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return shutil.get_terminal_size((100, 24)).columns if terminal else None


def report_document(
    corpus: Corpus,
    *,
    findings: Findings | None = None,
    lexicon: Lexicon | None = None,
) -> dict[str, Any]:
    """What ``peacetalks report --format json`` prints, as one JSON-ready dict.

    Keys: ``summary`` (the corpus's one-line summary), ``articles`` (one
    object per article: ``n``, ``id``, ``path``, ``title``, ``outlet``,
    ``published`` at its precision, ``url``, ``positions`` and ``demands``
    counted, and its ``findings`` as the flat records of
    ``peacetalks extract``), and ``proposals`` (the records of the
    proposals table, `ProposalsTable.to_records`).  Without ``findings``,
    ``findings`` and ``proposals`` are None.  Article texts are left out:
    ``peacetalks convert`` writes them.

    >>> import peacetalks as pt
    >>> sample = pt.datasets.sample()
    >>> document = report_document(sample, findings=sample.extract())
    >>> document["summary"]
    '<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>'
    >>> [(r["actor"], r["value"]) for r in document["proposals"][:2]]
    [('Russia', 85000), ('Ukraine', 250000)]
    """
    grouped: dict[str, list[Finding]] = {}
    for finding in findings or ():
        if finding.evidence is not None:
            grouped.setdefault(finding.evidence.article_id, []).append(finding)
    articles = []
    for n, article in enumerate(corpus, start=1):
        found = grouped.get(article.id, [])
        entry: dict[str, Any] = {
            "n": n,
            "id": article.id,
            "path": article.path,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published.label if article.published.date else None,
            "url": article.url,
        }
        if findings is not None:
            positions = sum(isinstance(f, Position) for f in found)
            entry["positions"] = positions
            entry["demands"] = len(found) - positions
            entry["findings"] = [
                to_record(f, path=article.path, article=article.id) for f in found
            ]
        articles.append(entry)
    proposals = (
        None
        if findings is None
        else proposals_table(findings, lexicon=lexicon, articles=corpus).to_records()
    )
    return {"summary": repr(corpus), "articles": articles, "proposals": proposals}


REPORT_FORMATS = ("text", "json", "html")


def _report_format(args: argparse.Namespace) -> str:
    if args.html is not None:
        if args.output is not None:
            message = "give --html FILE or -o FILE, not both"
            raise _UsageError(message)
        if args.format not in (None, "html"):
            message = f"--html writes HTML; it cannot be --format {args.format}"
            raise _UsageError(message)
        args.output = args.html
        return "html"
    if args.format is not None:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return {"json": "json", "html": "html", "htm": "html"}.get(suffix, "text")


def _find_all(
    args: argparse.Namespace, extractor: RuleExtractor, corpus: Corpus
) -> Findings:
    """`RuleExtractor.findings` of ``corpus``, in the command's ``--workers``."""
    found: list[Finding] = []
    paths: dict[str, str | None] = {}
    # closed on an error too, so that no worker process outlives it
    with contextlib.closing(
        extract_stream(
            corpus,
            workers=getattr(args, "workers", 1),
            extractor=extractor,
            timeout=getattr(args, "worker_timeout", WORKER_TIMEOUT),
        )
    ) as extracted:
        for article, findings in _track(
            args, extracted, "extracting", total=len(corpus)
        ):
            paths.setdefault(article.id, article.path)
            found.extend(findings)
    return Findings(found, articles=paths)


def _report(args: argparse.Namespace) -> int:
    form = _report_format(args)
    extractor = None if args.no_findings else _extractor(args)
    corpus, code = _articles(args)
    if not corpus and code != EXIT_OK:
        return code
    findings = None if extractor is None else _find_all(args, extractor, corpus)
    lexicon = None if extractor is None else extractor.lexicon
    if form == "html":
        from peacetalks.htmlreport import render_html

        text = render_html(
            corpus, findings=findings, lexicon=lexicon, title=args.title
        ).rstrip("\n")
    elif form == "json":
        document = report_document(corpus, findings=findings, lexicon=lexicon)
        text = json.dumps(document, ensure_ascii=False, indent=2)
    else:
        width = _width() if args.output is None else None
        text = render_report(corpus, width=width, findings=findings, lexicon=lexicon)
    if args.output is None and form == "text":
        _print_text(text)
    elif args.output is None:
        print(text)
    else:
        with atomic_write(args.output) as out:
            out.write(text + "\n")
        _note(
            args,
            f"wrote the report of {plural(len(corpus), 'article')} to {args.output}",
        )
    return code


def _findings(
    args: argparse.Namespace, extractor: RuleExtractor
) -> tuple[Findings, Corpus | None, int]:
    """What the command's PATHs hold: findings files as they are, else extracted.

    The corpus is given too when the findings were extracted from articles
    (their outlets are in it), else None.
    """
    kinds = {_is_findings(path) for path in args.paths}
    if len(kinds) > 1:
        message = "cannot mix article and finding files"
        raise _UsageError(message)
    if kinds == {True}:
        return _read_findings(args, args.paths), None, EXIT_OK
    corpus, code = _articles(args)
    return _find_all(args, extractor, corpus), corpus, code


def _read_findings(args: argparse.Namespace, paths: Sequence[str]) -> Findings:
    """The findings in files of any kind peacetalks writes, past a progress line.

    A file that holds none is said on stderr; when none holds any, that is
    an error (exit code 1), not an empty result.

    Raises:
        LoadError: If a file cannot be read, or no file holds a finding.
    """
    articles: dict[str, str | None] = {}
    empty: list[str] = []

    def found() -> Iterator[Finding]:
        for path in paths:
            findings = Findings.load(path)
            if not findings:
                empty.append(path)
            for article, where in findings.articles.items():
                if articles.get(article) is None:
                    articles[article] = where
            yield from findings

    items = list(_track(args, found(), "reading", unit="findings"))
    if not items:
        raise LoadError(f"no findings in {', '.join(paths)}")
    for path in empty:
        print(
            f"peacetalks {args.command}: warning: no findings in {path}",
            file=sys.stderr,
        )
    return Findings(items, articles=articles)


def _compare_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return suffix if suffix in TABLE_FORMATS else "table"


def _compare(args: argparse.Namespace) -> int:
    extractor = _extractor(args)
    lexicon = extractor.lexicon
    try:
        metrics = [lexicon.metric(name).id for name in args.metric or ()]
        window = DateWindow.of(args.since, args.until, names=("--since", "--until"))
        findings, corpus, code = _findings(args, extractor)
        table = proposals_table(
            findings,
            metrics=metrics or None,
            parties=None if args.parties is None else tuple(args.parties),
            start=window.start,
            end=window.end,
            latest=not args.every,
            lexicon=lexicon,
            articles=corpus,
        )
    except (UnknownNameError, _UsageError) as exc:
        _error(args, str(exc))
        return EXIT_USAGE
    except FieldValueError as exc:
        if exc.field not in ("--since", "--until", "parties"):
            raise
        _error(args, str(exc).replace("'parties'", "--parties"))
        return EXIT_USAGE
    if not table:
        _error(args, _no_figures(findings, metrics, window, lexicon))
        return EXIT_FAILED
    if args.parties is not None and not any(row.comparison for row in table):
        first, second = table.parties or args.parties
        _say(
            f"peacetalks compare: warning: no metric has figures of both "
            f"{first!r} and {second!r}: nothing is compared"
        )
    form = _compare_format(args)
    if form == "table" and not args.sources:
        for line in _years_apart(table):
            _note(args, line, labelled=True)
    if args.output is None and form == "table":
        width = _width()
        text = table.to_text(width=width, sources=args.sources)
        _print_text(_fit(escape_lines(text), width))
        if width is not None and len(table.actors) > _shown_actors(table, width):
            _note(
                args,
                "some actors were left out to fit the terminal: use --format csv "
                "or a wider terminal (COLUMNS) to see them all",
                labelled=True,
            )
    elif args.output is None:
        write_table(table, sys.stdout, format=form, sources=args.sources)
    else:
        with atomic_write(args.output, newline="" if form == "csv" else "\n") as out:
            write_table(table, out, format=form, sources=args.sources)
        _note(args, f"wrote {plural(len(table), 'metric')} to {args.output}")
    return code


def _years_apart(table: ProposalsTable) -> list[str]:
    """A note for each row that compares figures of different years."""
    notes = []
    for row in table:
        compared = row.comparison
        if compared is None:
            continue
        first, second = compared.a.date, compared.b.date
        years = {None if d.date is None else d.date.year for d in (first, second)}
        if len(years) > 1:
            dates = [
                d.label if d.date is not None else "undated" for d in (first, second)
            ]
            notes.append(
                f"{row.metric} compares figures of {compared.a.actor} "
                f"({dates[0]}) and {compared.b.actor} ({dates[1]}): --sources "
                "says where each comes from"
            )
    return notes


def _shown_actors(table: ProposalsTable, width: int) -> int:
    """How many of the table's actors a text table ``width`` wide shows."""
    header = table.to_text(width=width).split("\n", 1)[0]
    return sum(1 for actor in table.actors if f"  {actor}" in header)


def _no_figures(
    findings: Findings,
    metrics: Sequence[str],
    window: DateWindow,
    lexicon: Lexicon,
) -> str:
    """Why the table of ``compare`` is empty, said plainly."""
    found = [
        p
        for p in proposals(findings, lexicon=lexicon)
        if not metrics or p.metric in metrics
    ]
    what = "no figure" + (f" on {', '.join(metrics)}" if metrics else "")
    if not found or window.is_open:
        return f"{what} in the input: nothing to compare"
    start, end = (
        None if d is None else d.isoformat() for d in (window.start, window.end)
    )
    period = (
        f"from {start} to {end}"
        if start and end
        else f"on or after {start}"
        if start
        else f"on or before {end}"
    )
    dated = sorted(
        (p.date for p in found if p.date.date is not None),
        key=lambda d: (d.date, d.label),
    )
    span = "" if not dated else dated[0].label
    if dated and dated[-1].label != span:
        span += f" to {dated[-1].label}"
    held = f"the input's {plural(len(found), 'figure')}"
    if not dated:
        held += " are all undated"
    elif len(dated) == len(found):
        held += f" are dated {span}"
    else:
        held += f": {len(dated)} dated {span}, {len(found) - len(dated)} undated"
    return f"{what} dated {period} ({held})"


def _records(
    extracted: Iterable[tuple[Article, list[Finding]]], counts: dict[str, int]
) -> Iterator[dict[str, object]]:
    """Records of each article's findings as they come (and count them)."""
    for article, found in extracted:
        counts["article"] += 1
        for finding in found:
            record = to_record(finding, path=article.path, article=article.id)
            counts[str(record["type"])] += 1
            yield record


@attrs.define
class _FirstCopies:
    """Articles as they are read, each id once: the first copy is kept.

    This is what `Loader.load` does to copies with the same id, without
    holding the articles, their ids or the copies: only a digest of each id
    (`SeenIds`: 12 to 25 bytes an article), and the counts and first files
    of the copies for `note`.
    """

    ids: SeenIds = attrs.field(factory=SeenIds)
    #: The files (or ids, for an article without one) of the copies, counted.
    files: SeenIds = attrs.field(factory=SeenIds)
    named: list[str] = attrs.field(factory=list)
    clusters: int = 0
    copies: int = 0

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            before = self.ids.add(article.id)
            if not before:
                yield article
                continue
            self.copies += 1
            self.clusters += before == 1
            where = article.path or article.id
            if not self.files.add(where) and len(self.named) < _NAMED_FILES:
                self.named.append(where)

    def note(self) -> str | None:
        """The duplicates note of `_tell_report` on these copies, if any."""
        if not self.copies:
            return None
        return _duplicates_line(
            {"exact": self.clusters},
            copies=self.copies,
            same_id=self.copies,
            files=self.named,
            more=len(self.files) - len(self.named),
            policy="keep-all",
        )


def _extract(args: argparse.Namespace) -> int:
    if args.no_id_check and args.duplicates != "keep-all":
        message = (
            f"--no-id-check is for streams: --duplicates {args.duplicates} "
            "loads every article first, and keeps each id once"
        )
        raise _UsageError(message)
    extractor = _extractor(args)
    loader: Loader | None = None
    first = _FirstCopies()
    articles: Iterable[Article]
    if args.paths and args.duplicates == "keep-all":
        # Stream: read, extract and write article by article.
        _no_findings_files(args.paths)
        loader = _loader(args, tracked=False)  # one progress line: below
        streamed = _something_read(args, loader, loader.iter(args.paths))
        articles = streamed if args.no_id_check else first(streamed)
        code, total = EXIT_OK, None
    else:  # near duplicates are found over the whole corpus: load it first
        corpus, code = _articles(args)
        articles, total = corpus, len(corpus)
    counts = {"article": 0, "position": 0, "demand": 0}
    with contextlib.closing(
        extract_stream(
            articles,
            workers=args.workers,
            extractor=extractor,
            timeout=args.worker_timeout,
        )
    ) as extracted:
        records = _records(_track(args, extracted, "extracting", total=total), counts)
        if args.output is None:
            write_records(records, sys.stdout, format=args.format or "jsonl")
            target = ""
        else:
            save_records(records, args.output, format=args.format)
            target = f" to {args.output}"
    if loader is not None:
        code = _tell_report(args, loader.report)
        note = first.note()
        if note is not None:  # last, as `_tell_report` would say it
            _note(args, note, labelled=True)
    found = (
        f"{plural(counts['position'], 'position')} and "
        f"{plural(counts['demand'], 'demand')}"
    )
    read = plural(counts["article"], "article")
    _note(args, f"extracted {found} from {read}{target}")
    return code


def _base_name(path: str) -> str:
    """A file's name as `peacetalks.evaluate` matches it: the last component."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _describe_gold(item: GoldItem) -> str:
    return describe(item.to_finding())


def render_evaluation(
    evaluation: Evaluation,
    *,
    paths: Mapping[str, str | None] | None = None,
    width: int | None = 100,
) -> str:
    """Render the text that ``peacetalks evaluate`` prints.

    The score table (`Evaluation.summary`), then each missed gold item
    (file, gold line, what it says and its quote) and each false hit (file
    name, what was found and its quote).

    Args:
        evaluation: The result of `peacetalks.evaluate.evaluate`.
        paths: Article id to file, to name the file of each false hit.
        width: The widest a line may be; quotes are cut to fit.  None for
            no limit.

    >>> from peacetalks.evaluate import GoldItem, evaluate
    >>> gold = [GoldItem("a.txt", "position", "Russia", issue="neutrality",
    ...                  stance="supports", act="demand", quote="neutral status")]
    >>> print(render_evaluation(evaluate({"a.txt": []}, gold)))
    type           P      R     F1   TP   FP   FN
    positions  1.000  0.000  0.000    0    0    1
    demands    1.000  1.000  1.000    0    0    0
    all        1.000  0.000  0.000    0    0    1
    1 article judged
    <BLANKLINE>
    misses (1):
      a.txt:0  Russia supports neutrality (demand) — "neutral status"
    <BLANKLINE>
    false hits: none
    """
    lines = [evaluation.summary(), ""]
    if evaluation.misses:
        lines.append(f"misses ({len(evaluation.misses)}):")
        for item in evaluation.misses:
            head = escape_controls(f"  {item.file}:{item.line}  {_describe_gold(item)}")
            quote = _one_line(item.quote or "")
            room = len(quote) if width is None else width - len(head) - len(' — ""')
            if quote and room >= 10:
                head += f' — "{_shorten(quote, room)}"'
            lines.append(_shorten(head, width))
    else:
        lines.append("misses: none")
    lines.append("")
    if evaluation.false_hits:
        lines.append(f"false hits ({len(evaluation.false_hits)}):")
        for finding in evaluation.false_hits:
            evidence = finding.evidence
            article = evidence.article_id if evidence is not None else None
            path = (paths or {}).get(article or "")
            where = escape_controls(_base_name(path) if path else article or "?")
            lines.append(finding_line(finding, width=width, indent=f"  {where}  "))
    else:
        lines.append("false hits: none")
    return "\n".join(lines)


def _gold(args: argparse.Namespace) -> list[GoldItem] | None:
    try:
        return read_gold(args.gold)
    except PeacetalksError as exc:
        _error(args, str(exc))
        return None


def _evaluate(args: argparse.Namespace) -> int:
    from peacetalks.evaluate import evaluate_corpus

    gold = _gold(args)
    if gold is None:
        return EXIT_USAGE
    extractor = _extractor(args)
    corpus, code = _articles(args)
    try:
        evaluation = evaluate_corpus(
            _track(args, corpus, "extracting"),
            gold,
            extractor=extractor,
            workers=args.workers,
            timeout=args.worker_timeout,
        )
    except ValueError as exc:
        _error(args, str(exc))
        return EXIT_FAILED
    read = {_base_name(a.path or a.id) for a in corpus}
    absent = [name for name in evaluation.per_article if name not in read]
    if absent:
        listed = ", ".join(absent[:5]) + (", ..." if len(absent) > 5 else "")
        _warning(
            args,
            f"{plural(len(absent), 'annotated file')} not among the articles read "
            f"(all their items count as missed): {listed}",
        )
    paths = {a.id: a.path for a in corpus}
    if args.format == "json":
        data = evaluation.to_dict()
        data["false_hits"] = [
            to_record(
                hit,
                path=paths.get(hit.evidence.article_id) if hit.evidence else None,
            )
            for hit in evaluation.false_hits
        ]
        print(json.dumps({"gold": args.gold, **data}, ensure_ascii=False, indent=2))
    else:
        _print_text(render_evaluation(evaluation, paths=paths, width=_width()))
    return code


def _explain(args: argparse.Namespace) -> int:
    """Print why each finding was found, and which candidates were blocked."""
    from peacetalks.serialize import unstructure

    if (args.text is None) == (not args.paths):
        message = (
            "give a FILE or --text TEXT"
            if args.text is None
            else ("give a FILE or --text TEXT, not both")
        )
        raise _UsageError(message)
    extractor = _extractor(args)
    if args.text is not None:
        articles: Sequence[Article] = [Article(text=args.text, id="text")]
        code = EXIT_OK
    else:
        _no_findings_files(args.paths)
        articles, code = _load(args, args.paths)
    explained = []
    for article in articles:
        try:
            explained.append(extractor.explain(article, sentence=args.sentence))
        except IndexError as exc:  # --sentence past the article's end
            _error(args, f"{article.path or article.id}: --sentence: {exc}")
            code = EXIT_FAILED
    if args.format == "json":
        data = [unstructure(explanation) for explanation in explained]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if explained:
            _print_text("\n\n".join(e.to_text() for e in explained))
    return code


# -- peacetalks lexicon ---------------------------------------------------------

#: How many of an actor's aliases the text listing shows.
_SHOWN_ALIASES = 3


def lexicon_document(lexicon: Lexicon) -> dict[str, Any]:
    """What ``peacetalks lexicon --format json`` prints, as one JSON-ready dict.

    Keys: ``name``, ``description``, ``default_target``, ``actors`` (each
    ``name``, ``kind`` and every alias), ``speakers`` (a count), ``issues``
    (each ``id`` and ``proposition``), ``metrics`` (each ``id``, ``unit``
    and ``description``) and ``units`` (each ``id``, its ``aliases``, and
    the ``base`` unit and ``factor`` it converts to).

    >>> document = lexicon_document(Lexicon.default())
    >>> document["actors"][0]["name"], document["metrics"][0]["unit"]
    ('Russia', 'personnel')
    >>> document["issues"][0]
    {'id': 'nato_membership', 'proposition': 'Ukraine joins NATO / NATO expands to
    Ukraine'}
    """
    return {
        "name": lexicon.name,
        "description": lexicon.description,
        "default_target": lexicon.default_target,
        "actors": [
            {"name": actor.name, "kind": actor.kind, "aliases": list(actor.aliases)}
            for actor in lexicon.actors
        ],
        "speakers": len(lexicon.speakers),
        "issues": [
            {"id": issue.id, "proposition": issue.proposition}
            for issue in lexicon.issues
        ],
        "metrics": [
            {"id": metric.id, "unit": metric.unit, "description": metric.description}
            for metric in lexicon.metrics
        ],
        "units": [
            {
                "id": unit.id,
                "aliases": list(unit.aliases),
                "base": unit.base,
                "factor": unit.factor,
            }
            for unit in lexicon.units
        ],
    }


def _columns(rows: Sequence[Sequence[str]], width: int | None) -> list[str]:
    """Aligned columns (all but the last padded), lines cut to ``width``."""
    if not rows:
        return ["  (none)"]
    pads = [min(max(len(row[n]) for row in rows), 28) for n in range(len(rows[0]) - 1)]
    lines = [
        "  "
        + "  ".join([*(c.ljust(p) for c, p in zip(row, pads, strict=False)), row[-1]])
        for row in rows
    ]
    lines = [line.rstrip() for line in lines]
    if width is not None:
        lines = [
            line if len(line) <= width else line[: width - 1] + "…" for line in lines
        ]
    return lines


def render_lexicon(lexicon: Lexicon, *, width: int | None = None) -> str:
    r"""What ``peacetalks lexicon`` prints: actors, issues and metrics.

    Each actor with its first aliases and how many more; each issue with
    its proposition (what supporting it means); each metric with its unit.
    Past ``width``, the heading wraps and the other lines are cut with an
    ellipsis (``--format json`` has all of them).

    >>> lines = render_lexicon(Lexicon.default(), width=72).splitlines()
    >>> at = lines.index("actors (54)")
    >>> print("\n".join(lines[at : at + 2]))
    actors (54)
      Russia                Russian Federation, Moscow, the Kremlin (+12 mo…
    >>> print(lines[lines.index("issues (25)") + 1])
      nato_membership         Ukraine joins NATO / NATO expands to Ukraine
    >>> print(lines[lines.index("metrics (20)") + 1])
      troops               personnel  size of the target's armed forces
    """

    def aliases(names: Sequence[str]) -> str:
        shown = ", ".join(names[:_SHOWN_ALIASES])
        more = len(names) - _SHOWN_ALIASES
        return (
            f"{shown} (+{more} more alias{'es' * (more != 1)})" if more > 0 else shown
        )

    def section(title: str, rows: Sequence[Sequence[str]]) -> list[str]:
        return ["", f"{title} ({len(rows)})", *_columns(rows, width)]

    head = repr(lexicon)[1:-1].replace("Lexicon", "lexicon", 1)
    lines = [head, lexicon.description] if lexicon.description else [head]
    if width is not None:  # the head and description wrap; nothing is lost
        lines = [wrapped for line in lines for wrapped in textwrap.wrap(line, width)]
    lines += section("actors", [(a.name, aliases(a.aliases)) for a in lexicon.actors])
    lines += section("issues", [(i.id, i.proposition) for i in lexicon.issues])
    lines += section(
        "metrics", [(m.id, m.unit, m.description) for m in lexicon.metrics]
    )
    return "\n".join(lines)


def _lexicon(args: argparse.Namespace) -> int:
    lexicon = Lexicon.default() if args.lexicon is None else _lexicon_file(args.lexicon)
    if args.format == "json":
        print(json.dumps(lexicon_document(lexicon), ensure_ascii=False, indent=2))
    else:
        _print_text(render_lexicon(lexicon, width=_width()))
    return EXIT_OK


def _sentence_index(text: str) -> int:
    """An argument that must be a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        message = f"expected a sentence number (0 or more), got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value


def _convert(args: argparse.Namespace) -> int:
    kinds = {path: _file_kind(path) for path in args.inputs}
    articles = {kind.endswith("articles") for kind in kinds.values()}
    if len(articles) > 1:
        _error(args, "cannot mix article and finding files")
        return EXIT_USAGE
    if len({kind == "parquet articles" for kind in kinds.values()}) > 1:
        _error(args, "Parquet files of articles are converted on their own")
        return EXIT_USAGE
    if set(kinds.values()) == {"parquet articles"}:
        # Read whole, in input order; an id read before is kept once.
        corpus = Corpus().merge(*(Corpus.load(path) for path in args.inputs))
        save(corpus, args.output, format=args.format)
        _note(args, f"wrote {plural(len(corpus), 'article')} to {args.output}")
        return EXIT_OK
    if articles == {False}:
        findings = _read_findings(args, args.inputs)
        if set(kinds.values()) == {"findings"}:
            save_findings(findings, args.output, format=args.format)
        else:  # as records, which keep each article's file
            findings.save_records(args.output, format=args.format)
        written, code = plural(len(findings), "finding"), EXIT_OK
    else:
        corpus, code = _load(args, args.inputs)
        save(corpus, args.output, format=args.format)
        written = plural(len(corpus), "article")
    _note(args, f"wrote {written} to {args.output}")
    return code


#: Units of ``--archive-max-bytes`` and ``--archive-grace``, lower-cased.
_BYTE_UNITS: dict[str, int] = {
    "": 1,
    "b": 1,
    **{f"{prefix}b": 1000**power for power, prefix in enumerate("kmgt", 1)},
    **{f"{prefix}ib": 1024**power for power, prefix in enumerate("kmgt", 1)},
}


def _byte_size(text: str) -> int:
    """An argument that is a number of bytes: ``1000000``, ``64MiB``, ``4 GB``.

    >>> _byte_size("64MiB"), _byte_size("2 kB"), _byte_size("512")
    (67108864, 2000, 512)
    """
    number = text.strip().rstrip("BbIiKkMmGgTt ")
    unit = text.strip()[len(number) :].strip().lower()
    if not number.isdigit() or unit not in _BYTE_UNITS:
        message = f"expected a size such as 64MiB, 4GB or 1000000, got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return int(number) * _BYTE_UNITS[unit]


def _add_loading_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading articles")
    group.add_argument(
        "--pattern",
        default="**/*",
        help=(
            "files to take inside folders, a glob such as '**/*.txt' or "
            "'2022/[01]*.txt' (default: all)"
        ),
    )
    group.add_argument("--sidecar", help="a CSV or JSON file of metadata by file name")
    group.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="map a column of your table to an article field (repeatable)",
    )
    group.add_argument(
        "--no-clean",
        dest="clean",
        action="store_false",
        help="keep photo captions, promos and share lines in the text",
    )
    order = group.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="read dates such as 03/04/2022 day first",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="read dates such as 03/04/2022 month first",
    )
    group.add_argument("--encoding", help="force a text encoding, e.g. latin-1")
    group.add_argument(
        "--duplicates",
        choices=POLICIES,
        default="keep-all",
        help="what to do with the same story loaded twice (default: keep-all)",
    )
    group.add_argument(
        "--errors",
        choices=ERROR_POLICIES,
        default="collect",
        help=(
            "when a file cannot be read: stop (raise), or list it and go on "
            "(warn, collect; the default); exit code 1 if any file failed"
        ),
    )
    group.add_argument(
        "--follow-links",
        action="store_true",
        help=(
            "read links in folders wherever they lead, and walk links to "
            "folders (default: only links to files inside the folder are "
            "read; the others are passed over, with a note)"
        ),
    )
    limits = ArchiveLimits()
    group.add_argument(
        "--archive-max-members",
        type=_positive,
        default=limits.max_members,
        metavar="N",
        help=f"the most members one archive may hold (default: {limits.max_members:,})",
    )
    group.add_argument(
        "--archive-max-bytes",
        type=_byte_size,
        default=limits.max_bytes,
        metavar="SIZE",
        help="the most one archive may expand to, e.g. 8GiB (default: 4GiB)",
    )
    group.add_argument(
        "--archive-max-ratio",
        type=_positive,
        default=limits.max_ratio,
        metavar="N",
        help=(
            "the most times its size one archive may expand to, beyond "
            f"--archive-grace (default: {limits.max_ratio})"
        ),
    )
    group.add_argument(
        "--archive-grace",
        type=_byte_size,
        default=limits.grace_bytes,
        metavar="SIZE",
        help="what any archive may expand to, whatever its ratio (default: 64MiB)",
    )


def _add_text_or_json_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|json`` for a command that prints a result."""
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="output format (default: text)",
    )


def _add_lexicon_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lexicon",
        metavar="FILE",
        help="extract with this lexicon (a TOML file) instead of the default",
    )


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        message = f"expected a whole number of at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value


def _timeout(text: str) -> float | None:
    """Seconds to wait, more than 0; ``0`` for no limit (None).

    >>> _timeout("2.5"), _timeout("0")
    (2.5, None)
    """
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < math.inf:  # also NaN
        message = f"expected a number of seconds (0 for no limit), got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value or None


def _add_workers_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help=(
            "extract in N processes (default: 1); the output is the same, "
            "in the same order"
        ),
    )
    parser.add_argument(
        "--worker-timeout",
        type=_timeout,
        default=WORKER_TIMEOUT,
        metavar="SECONDS",
        help=(
            "with --workers: stop with an error when no worker process has "
            "handed back its articles for SECONDS (a stopped or frozen "
            f"process; default: {WORKER_TIMEOUT:g}; 0 waits for ever)"
        ),
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("progress and messages")
    shown = group.add_mutually_exclusive_group()
    shown.add_argument(
        "--progress",
        action="store_true",
        help=(
            "show the progress line on standard error even when it is not a "
            "terminal (by default it shows on a terminal, after a second)"
        ),
    )
    shown.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line and no 'wrote ...' notes (errors still show)",
    )


def _epilog(*examples: str, codes: str | None = None) -> str:
    """The help's closing text: example command lines, then the exit codes."""
    lines = ["examples:", *(f"  {example}" for example in examples), ""]
    lines.append(codes if codes is not None else _exit_codes_help())
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``peacetalks`` command.

    >>> parser = build_parser()
    >>> parser.parse_args(["compare", "--metric", "troops"]).metric
    ['troops']
    """
    parser = _Parser(
        prog="peacetalks",
        description=(
            "Turn news coverage of peace negotiations into typed data.\n\n"
            "Results go to standard output (or the file of -o); errors, "
            "warnings and\nprogress lines go to standard error. Run "
            "'peacetalks COMMAND --help' for\neach command's options."
        ),
        epilog=_epilog(
            "peacetalks report",
            "peacetalks report articles/ --sidecar dates.csv --html report.html",
            "peacetalks extract articles/ -o findings.csv",
            "peacetalks compare findings.csv --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"peacetalks {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser(
        "report",
        help="summarise articles (the bundled sample by default)",
        description=(
            "Print a readable summary of articles: the proposals table (see "
            "'peacetalks compare'), titles, outlets and dates, "
            "then the positions and demands found in each. "
            "PATH may be article files in any supported layout, folders, "
            "archives or peacetalks corpus files. --format json prints the "
            "same as one JSON document; --html FILE writes one self-contained "
            "HTML page with charts."
        ),
        epilog=_epilog(
            "peacetalks report",
            "peacetalks report corpus.jsonl --format json > report.json",
            "peacetalks report articles/ --sidecar dates.csv --no-findings",
            "peacetalks report articles/ --html report.html --title 'March talks'",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
    report.add_argument(
        "--no-findings",
        action="store_true",
        help="list the articles only, without their positions and demands",
    )
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help=(
            "text for reading, json (articles, findings and proposals as one "
            "document) or html (default: from the suffix of -o, else text)"
        ),
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write, atomically (default: standard output)",
    )
    report.add_argument(
        "--html",
        metavar="FILE",
        help="write one self-contained HTML page, charts included, to FILE",
    )
    report.add_argument(
        "--title",
        default="peacetalks report",
        help="the title of the HTML page (default: 'peacetalks report')",
    )
    _add_lexicon_option(report)
    _add_workers_option(report)
    _add_loading_options(report)
    _add_output_options(report)
    report.set_defaults(run=_report)

    convert = commands.add_parser(
        "convert",
        help="read articles (or findings) and write them in one format",
        description=(
            "Read articles from any supported input, or peacetalks findings "
            "files, and write them as one file (.json, .jsonl, .csv, or "
            ".parquet with the parquet extra, by suffix); articles with the "
            "same id are kept once."
        ),
        epilog=_epilog(
            "peacetalks convert corpus.jsonl -o corpus.json",
            "peacetalks convert articles/ bundle.zip -o all.jsonl",
            "peacetalks convert news.csv --map headline=title -o news.jsonl",
            "peacetalks convert findings.jsonl -o findings.parquet",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="what to read")
    convert.add_argument("-o", "--output", required=True, help="the file to write")
    convert.add_argument(
        "--format",
        choices=["json", "jsonl", "csv", "parquet"],
        help="output format (default: from the suffix; parquet needs pyarrow)",
    )
    _add_loading_options(convert)
    _add_output_options(convert)
    convert.set_defaults(run=_convert)

    extract = commands.add_parser(
        "extract",
        help="extract positions and demands as flat records",
        description=(
            "Read articles (the bundled sample by default) and write one flat "
            "record per position or demand found: JSON Lines to standard "
            "output, or a .jsonl, .csv or .json file with -o."
        ),
        epilog=_epilog(
            "peacetalks extract",
            "peacetalks extract articles/ -o findings.csv",
            "peacetalks extract corpus.jsonl --format csv > findings.csv",
            "peacetalks extract articles/ --lexicon sudan.toml --progress -o f.jsonl",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
    extract.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (default: standard output)",
    )
    extract.add_argument(
        "--format",
        choices=RECORD_FORMATS,
        help="output format (default: from the suffix of -o, else jsonl)",
    )
    extract.add_argument(
        "--no-id-check",
        action="store_true",
        help=(
            "extract every article read, even one whose id was read before "
            "(the same story twice): no id is kept, so memory stays flat "
            "however many articles stream through (by default a digest of "
            "each id is kept, 12 to 25 bytes an article)"
        ),
    )
    _add_lexicon_option(extract)
    _add_workers_option(extract)
    _add_loading_options(extract)
    _add_output_options(extract)
    extract.set_defaults(run=_extract)

    compare = commands.add_parser(
        "compare",
        help="compare the figures actors propose, metric by metric",
        description=(
            "Extract demands from articles (the bundled sample by default), or "
            "read them from peacetalks findings files, and print a table of "
            "each actor's latest figure per metric (by the figure's own date), "
            "with the gap and ratio between the two main parties (by default "
            "the first two actors of the lexicon that have figures: Russia and "
            "Ukraine)."
        ),
        epilog=_epilog(
            "peacetalks compare --metric troops --metric tanks",
            "peacetalks compare articles/ --since 2025 --sources",
            "peacetalks compare articles/ --parties Kyiv Moscow -o proposals.csv",
            "peacetalks compare findings.jsonl --every --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="articles, or peacetalks findings files, to read",
    )
    compare.add_argument(
        "--metric",
        action="append",
        metavar="METRIC",
        help="keep this metric only, e.g. troops (repeatable)",
    )
    compare.add_argument(
        "--every",
        action="store_true",
        help="list every figure per actor in date order, not only the latest",
    )
    compare.add_argument(
        "--since",
        metavar="DATE",
        help=(
            "keep the figures dated on or after DATE: 2022-03-29, 2022-03, "
            "'March 2022' or 2022 (its first day); undated figures go"
        ),
    )
    compare.add_argument(
        "--until",
        metavar="DATE",
        help="keep the figures dated on or before DATE (a month: its last day)",
    )
    compare.add_argument(
        "--parties",
        nargs=2,
        metavar=("A", "B"),
        help=(
            "the two actors to compare (the ratio is B / A); by default the "
            "first two of the lexicon with figures, never a joint actor such "
            "as 'Russia and Ukraine'"
        ),
    )
    compare.add_argument(
        "--sources",
        action="store_true",
        help=(
            "number each cell and say under the table where its figure comes "
            "from: its date, outlet and quote"
        ),
    )
    compare.add_argument(
        "--format",
        choices=TABLE_FORMATS,
        help=(
            "a text table, or one record per figure as JSON or CSV "
            "(default: from the suffix of -o, else table)"
        ),
    )
    compare.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (default: standard output)",
    )
    _add_lexicon_option(compare)
    _add_workers_option(compare)
    _add_loading_options(compare)
    _add_output_options(compare)
    compare.set_defaults(run=_compare)

    evaluate = commands.add_parser(
        "evaluate",
        help="score extraction against gold annotations",
        description=(
            "Extract from articles (the bundled sample by default) and compare "
            "with gold annotations (JSON Lines, one fact a line), matching "
            "articles by file name: precision, recall and F1 for positions and "
            "demands, then the misses and false hits with their quotes."
        ),
        epilog=_epilog(
            "peacetalks evaluate --gold gold.jsonl",
            "peacetalks evaluate --gold mine.jsonl articles/ --format json",
            "peacetalks evaluate --gold mine.jsonl articles/ --lexicon sudan.toml",
            "peacetalks evaluate --gold mine.jsonl corpus.jsonl --workers 2",
            codes=_exit_codes_help(
                {**EXIT_CODES, EXIT_OK: "scored, whatever the scores"}
            ),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
    evaluate.add_argument(
        "--gold", required=True, metavar="GOLD", help="the gold annotations (.jsonl)"
    )
    _add_text_or_json_option(evaluate)
    _add_lexicon_option(evaluate)
    _add_workers_option(evaluate)
    _add_loading_options(evaluate)
    _add_output_options(evaluate)
    evaluate.set_defaults(run=_evaluate)

    explain = commands.add_parser(
        "explain",
        help="show which rules made each finding, and what they blocked",
        description=(
            "Extract from an article file (or --text) and print, sentence by "
            "sentence, each finding with the rules that made it (rule id, the "
            "words it used, why) and each issue cue or figure a rule blocked, "
            "with the blocking rule. The rules are listed in the docs "
            "(Explaining findings). --format json prints the same as JSON."
        ),
        epilog=_epilog(
            "peacetalks explain article.txt",
            "peacetalks explain article.txt --sentence 3",
            'peacetalks explain --text "Kyiv rejected any cap on its army."',
            "peacetalks explain corpus.jsonl --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument(
        "paths", nargs="*", metavar="FILE", help="the article file(s) to explain"
    )
    explain.add_argument(
        "--text", metavar="TEXT", help="explain this text instead of a file"
    )
    explain.add_argument(
        "--sentence",
        type=_sentence_index,
        metavar="N",
        help="explain only sentence N of each article (0 is the first)",
    )
    _add_text_or_json_option(explain)
    _add_lexicon_option(explain)
    _add_loading_options(explain)
    _add_output_options(explain)
    explain.set_defaults(run=_explain)

    lexicon = commands.add_parser(
        "lexicon",
        help="list the actors, issues and metrics a lexicon knows",
        description=(
            "Print the vocabulary extraction reads with: each actor with its "
            "first aliases, each issue with its proposition (what supporting "
            "it means), each metric with its unit. Without --lexicon, the "
            "default (Russia-Ukraine) lexicon. --format json prints every "
            "alias and the units too."
        ),
        epilog=_epilog(
            "peacetalks lexicon",
            "peacetalks lexicon --lexicon sudan.toml",
            "peacetalks lexicon --format json",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_text_or_json_option(lexicon)
    lexicon.add_argument(
        "--lexicon",
        metavar="FILE",
        help="list this lexicon (a TOML file) instead of the default",
    )
    _add_output_options(lexicon)
    lexicon.set_defaults(run=_lexicon)
    return parser


def _outputs(args: argparse.Namespace) -> list[str]:
    """The files the command is asked to write (``-o``, ``--html``)."""
    named = (getattr(args, "output", None), getattr(args, "html", None))
    return list(dict.fromkeys(path for path in named if path is not None))


def _is_pattern(path: str) -> bool:
    """Whether ``path`` is a glob pattern rather than a file that exists."""
    return not os.path.lexists(path) and any(char in path for char in "*?[")


def _missing_inputs(args: argparse.Namespace) -> list[str]:
    """The PATHs of the command that name nothing (patterns are the loader's)."""
    named = getattr(args, "paths", None) or getattr(args, "inputs", None) or []
    return [p for p in named if not Path(p).exists() and not _is_pattern(p)]


def _same_file(a: str, b: str) -> bool:
    """Whether two paths are one file (through links, hard or symbolic)."""
    try:
        return Path(a).samefile(b)
    except (OSError, ValueError):  # either does not exist, or an odd name
        return False


def _check_output_is_not_input(args: argparse.Namespace) -> None:
    """Refuse an output file that is also one of the run's inputs.

    Raises:
        _UsageError: Naming both, e.g. for ``extract in.jsonl -o in.jsonl``.
    """
    outputs = _outputs(args)
    if not outputs:
        return
    named = [
        *(getattr(args, "paths", None) or getattr(args, "inputs", None) or []),
        *(
            getattr(args, option, None) or ""
            for option in ("sidecar", "gold", "lexicon")
        ),
    ]
    for output in outputs:
        for path in filter(None, named):
            taken = (
                _matched_by(output, path)
                if _is_pattern(path)
                else _same_file(output, path)
            )
            if taken:
                verb = "is matched by" if _is_pattern(path) else "is"
                message = (
                    f"the output {output} {verb} the input {path}: write another file"
                )
                raise _UsageError(message)


def _matched_by(output: str, pattern: str) -> bool:
    """Whether an existing ``output`` is a file the glob ``pattern`` reads.

    Decided from the path alone, as the loader's walk would take it: no
    folder is listed (`glob.glob` follows links to folders under ``**``,
    and two links back to a folder made it endless).
    """
    if not Path(output).is_file():
        return False  # a new file is written after the walk; not read by it
    try:
        base, glob = split_glob(pattern)
    except ValueError:
        return False  # the loader reports the pattern
    relative = os.path.relpath(os.path.realpath(output), os.path.realpath(base))
    return not relative.startswith(os.pardir) and glob.matches(
        Path(relative).as_posix()
    )


class _Terminated(BaseException):
    """SIGTERM arrived: unwind as Ctrl-C does, removing temporary files."""


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Make SIGTERM raise `_Terminated` meanwhile (from the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextlib.contextmanager
def _warnings_as_lines(args: argparse.Namespace) -> Iterator[None]:
    """Show Python warnings (``--errors warn``) as the command's warning lines."""

    def show(message: Warning | str, *_: object, **__: object) -> None:
        _warning(args, str(message))

    with warnings.catch_warnings():
        warnings.simplefilter("always", LoadWarning)  # each file that failed
        warnings.showwarning = show
        yield


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; tell on stderr, in one line, why it stopped."""
    try:
        with _sigterm_unwinds(), _warnings_as_lines(args):
            _check_output_is_not_input(args)
            missing = _missing_inputs(args)
            for path in missing:
                _error(args, f"{path}: no such file or folder")
            if missing:
                return EXIT_FAILED
            code: int = args.run(args)
            return code
    except KeyboardInterrupt:
        _say(f"peacetalks {args.command}: interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        _say(f"peacetalks {args.command}: terminated")
        return EXIT_TERMINATED
    except _UsageError as exc:
        _error(args, str(exc))
        return EXIT_USAGE
    except _NothingRead as exc:
        message = str(exc)
        if _outputs(args):
            message += f": {' or '.join(_outputs(args))} was not written"
        _error(args, message)
        return EXIT_FAILED
    except WorkerTimeoutError as exc:
        _error(args, f"{exc} (--worker-timeout SECONDS to wait longer)")
        return EXIT_FAILED
    except PeacetalksError as exc:
        _error(args, str(exc))
        return EXIT_FAILED
    except BrokenPipeError:  # `peacetalks report | head`
        return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``peacetalks`` command and return its exit code.

    Characters that standard output or error cannot encode are written in
    an ASCII form (``≤`` as ``<=``) or as ``?``; a warning says how many
    could only be replaced on standard output.
    """
    with (
        fallback_on(sys.stdout, "stdout") as shown,
        fallback_on(sys.stderr, "stderr"),
    ):
        args = build_parser().parse_args(argv)
        code = _run(args)
        if shown.lossy:
            encoding = getattr(sys.stdout, "encoding", "?")
            _warning(
                args,
                f"standard output ({encoding}) cannot hold "
                f"{plural(shown.lossy, 'character')} of the output: they were "
                "written as '?' or without accents (-o FILE writes UTF-8)",
            )
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
