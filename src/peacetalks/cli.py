"""The ``peacetalks`` command: a thin layer over the library.

Exit codes: 0 success, 1 the input or output failed (the message names the
file, line and field), 2 the command line itself is wrong (or, for
``evaluate``, the gold file is).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from peacetalks import datasets
from peacetalks._version import __version__
from peacetalks.comparison import TABLE_FORMATS, proposals_table, write_table
from peacetalks.corpus import Corpus
from peacetalks.errors import FormatError, PeacetalksError, UnknownNameError
from peacetalks.evaluate import Evaluation, GoldItem, read_gold
from peacetalks.extract.pipeline import Extractor, resolve_extractor
from peacetalks.findings import (
    RECORD_FORMATS,
    Findings,
    describe,
    save_records,
    to_record,
    write_records,
)
from peacetalks.io import iter_findings, save, save_findings
from peacetalks.io.atomic import atomic_write
from peacetalks.io.dedup import POLICIES
from peacetalks.io.loader import ERROR_POLICIES, Loader
from peacetalks.io.native import FORMATS, sniff_kind
from peacetalks.io.report import plural
from peacetalks.lexicon import Lexicon
from peacetalks.model import Position
from peacetalks.serialize import Finding

__all__ = ["finding_line", "main", "render_evaluation", "render_report"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _one_line(text: str) -> str:
    """A quote on one line, without quotation marks of its own at either end."""
    return " ".join(text.split()).strip('"“”„«» ')


def finding_line(finding: Finding, *, width: int = 100, indent: str = "  ") -> str:
    """One finding as a line of at most ``width`` characters, with its quote.

    >>> from peacetalks import Position
    >>> print(finding_line(Position("Russia", "neutrality", "supports")))
      Russia supports neutrality (statement)
    """
    line = indent + describe(finding)
    evidence = finding.evidence
    quote = _one_line(evidence.quote) if evidence is not None else ""
    room = width - len(line) - len(' — ""')
    if quote and room >= 10:
        line += f' — "{_shorten(quote, room)}"'
    return _shorten(line, width)


def _findings_section(corpus: Corpus, findings: Findings, width: int) -> Iterator[str]:
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
        where = ", ".join(
            part
            for part in (
                article.outlet,
                article.published.label if article.published.date else None,
            )
            if part
        )
        yield ""
        yield _shorten(f"{n}. {where}{': ' if where else ''}{counts}", width)
        yield from (finding_line(f, width=width) for f in found)


_TABLE_TITLE = "Proposals (each actor's latest figure):"


def render_report(
    corpus: Corpus,
    *,
    width: int = 100,
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
        findings: What was found in them (`Corpus.extract`); each article's
            positions and demands are then listed under the table.
        lexicon: The lexicon the findings were extracted with, for the
            proposals table's order and units; the default if None.

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
      Russia demands tanks ≤ 342 units (target Ukraine) — "According to th…"
      Ukraine demands tanks ≤ 800 units (target Ukraine) — "while Ukraine …"
    """
    rows = [
        (
            str(n),
            a.published.label if a.published.date else "unknown",
            a.outlet or "-",
            a.title or "(untitled)",
        )
        for n, a in enumerate(corpus, start=1)
    ]
    header = ("#", "date", "outlet", "title")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lead = 2 + sum(w + 2 for w in widths)
    lines = []
    if findings is not None and findings.demands:
        table = proposals_table(findings, lexicon=lexicon)
        lines.extend([_TABLE_TITLE, str(table), ""])
    lines.extend([repr(corpus), ""])
    for row in [header, *rows]:
        cells = [
            row[0].rjust(widths[0] + 1),
            row[1].ljust(widths[1]),
            row[2].ljust(widths[2]),
        ]
        lines.append(
            " " + "  ".join(cells) + "  " + _shorten(row[3], max(width - lead, 10))
        )
    if findings is not None:
        lines.extend(_findings_section(corpus, findings, width))
    return "\n".join(lines)


def _is_findings(path: str) -> bool:
    """Tell whether ``path`` is a peacetalks file of positions and demands."""
    if Path(path).suffix.lower() not in FORMATS or not Path(path).is_file():
        return False
    try:
        return sniff_kind(path) == "findings"
    except PeacetalksError:
        return False  # not readable as such: the loader reports it with the rest


def _loader(args: argparse.Namespace) -> Loader:
    mapping = {}
    for pair in args.map or ():
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            message = f"--map takes COLUMN=FIELD, got {pair!r}"
            raise FormatError(message)
        mapping[column] = field
    return Loader(
        pattern=args.pattern,
        sidecar=args.sidecar,
        mapping=mapping or None,
        clean=args.clean,
        dayfirst=args.dayfirst,
        encoding=args.encoding,
        duplicates=args.duplicates,
        errors=args.errors,
    )


def _load(args: argparse.Namespace, paths: Sequence[str]) -> tuple[Corpus, int]:
    """Load ``paths`` with the command's options; tell what went wrong on stderr."""
    loader = _loader(args)
    corpus = loader.load(paths)
    report = loader.report
    for failure in report.failures:
        print(f"peacetalks {args.command}: error: {failure}", file=sys.stderr)
    for problem in report.problems:
        where = problem.path or "<input>"
        print(
            f"peacetalks {args.command}: warning: {where}: {problem.message}",
            file=sys.stderr,
        )
    for cluster in report.duplicates:
        ids = ", ".join(cluster.ids)
        print(
            f"peacetalks {args.command}: note: duplicates ({cluster.kind}): {ids}",
            file=sys.stderr,
        )
    return corpus, (EXIT_FAILED if report.failures else EXIT_OK)


def _articles(args: argparse.Namespace) -> tuple[Corpus, int]:
    """The articles the command's PATHs name, or the bundled sample."""
    for path in args.paths:
        if _is_findings(path):
            message = f"{path} holds positions and demands, not articles"
            raise FormatError(message, path=path)
    if args.paths:
        return _load(args, args.paths)
    return datasets.sample(), EXIT_OK


def _extractor(args: argparse.Namespace) -> Extractor:
    """The extractor for the command's ``--lexicon``, or the default one."""
    if args.lexicon is None:
        return resolve_extractor()
    return Extractor(Lexicon.from_toml(args.lexicon))


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _report(args: argparse.Namespace) -> int:
    corpus, code = _articles(args)
    if corpus or code == EXIT_OK:
        extractor = None if args.no_findings else _extractor(args)
        findings = None if extractor is None else extractor.findings(corpus)
        lexicon = None if extractor is None else extractor.lexicon
        print(render_report(corpus, width=_width(), findings=findings, lexicon=lexicon))
    return code


class _UsageError(Exception):
    """A command line that parses but cannot be run (exit code 2)."""


def _findings(args: argparse.Namespace, extractor: Extractor) -> tuple[Findings, int]:
    """What the command's PATHs hold: findings files as they are, else extracted."""
    kinds = {_is_findings(path) for path in args.paths}
    if len(kinds) > 1:
        message = "cannot mix article and finding files"
        raise _UsageError(message)
    if kinds == {True}:
        return Findings(f for path in args.paths for f in iter_findings(path)), EXIT_OK
    corpus, code = _articles(args)
    return extractor.findings(corpus), code


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
        findings, code = _findings(args, extractor)
    except (UnknownNameError, _UsageError) as exc:
        print(f"peacetalks compare: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    table = proposals_table(
        findings,
        metrics=metrics or None,
        latest=not args.every,
        lexicon=lexicon,
    )
    form = _compare_format(args)
    if args.output is None:
        write_table(table, sys.stdout, format=form)
    else:
        with atomic_write(args.output, newline="" if form == "csv" else "\n") as out:
            write_table(table, out, format=form)
        rows = plural(len(table), "metric")
        print(f"wrote {rows} to {args.output}", file=sys.stderr)
    return code


def _records(
    corpus: Corpus, extractor: Extractor, counts: dict[str, int]
) -> Iterator[dict[str, object]]:
    """Extract article by article, yielding records (and counting them)."""
    for article in corpus:
        for finding in extractor.extract(article):
            record = to_record(finding, path=article.path, article=article.id)
            counts[str(record["type"])] += 1
            yield record


def _extract(args: argparse.Namespace) -> int:
    corpus, code = _articles(args)
    extractor = _extractor(args)
    counts = {"position": 0, "demand": 0}
    records = _records(corpus, extractor, counts)
    if args.output is None:
        write_records(records, sys.stdout, format=args.format or "jsonl")
        target = ""
    else:
        save_records(records, args.output, format=args.format)
        target = f" to {args.output}"
    found = (
        f"{plural(counts['position'], 'position')} and "
        f"{plural(counts['demand'], 'demand')}"
    )
    articles = plural(len(corpus), "article")
    print(f"extracted {found} from {articles}{target}", file=sys.stderr)
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
    width: int = 100,
) -> str:
    """Render the text that ``peacetalks evaluate`` prints.

    The score table (`Evaluation.summary`), then each missed gold item
    (file, gold line, what it says and its quote) and each false hit (file
    name, what was found and its quote).

    Args:
        evaluation: The result of `peacetalks.evaluate.evaluate`.
        paths: Article id to file, to name the file of each false hit.
        width: The widest a line may be; quotes are cut to fit.

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
            head = f"  {item.file}:{item.line}  {_describe_gold(item)}"
            quote = _one_line(item.quote or "")
            room = width - len(head) - len(' — ""')
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
            where = _base_name(path) if path else article or "?"
            lines.append(finding_line(finding, width=width, indent=f"  {where}  "))
    else:
        lines.append("false hits: none")
    return "\n".join(lines)


def _gold(args: argparse.Namespace) -> list[GoldItem] | None:
    try:
        return read_gold(args.gold)
    except PeacetalksError as exc:
        print(f"peacetalks evaluate: error: {exc}", file=sys.stderr)
        return None


def _evaluate(args: argparse.Namespace) -> int:
    from peacetalks.evaluate import evaluate_corpus

    gold = _gold(args)
    if gold is None:
        return EXIT_USAGE
    corpus, code = _articles(args)
    try:
        evaluation = evaluate_corpus(corpus, gold, extractor=_extractor(args))
    except ValueError as exc:
        print(f"peacetalks evaluate: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    read = {_base_name(a.path or a.id) for a in corpus}
    absent = [name for name in evaluation.per_article if name not in read]
    if absent:
        listed = ", ".join(absent[:5]) + (", ..." if len(absent) > 5 else "")
        print(
            f"peacetalks evaluate: warning: {plural(len(absent), 'annotated file')} "
            f"not among the articles read (all their items count as missed): {listed}",
            file=sys.stderr,
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
        print(render_evaluation(evaluation, paths=paths, width=_width()))
    return code


def _convert(args: argparse.Namespace) -> int:
    kinds = {_is_findings(path) for path in args.inputs}
    if len(kinds) > 1:
        message = "peacetalks convert: cannot mix article and finding files"
        print(message, file=sys.stderr)
        return EXIT_USAGE
    if kinds == {True}:
        findings = [f for path in args.inputs for f in iter_findings(path)]
        save_findings(findings, args.output, format=args.format)
        written, code = plural(len(findings), "finding"), EXIT_OK
    else:
        corpus, code = _load(args, args.inputs)
        save(corpus, args.output, format=args.format)
        written = plural(len(corpus), "article")
    print(f"wrote {written} to {args.output}", file=sys.stderr)
    return code


def _add_loading_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading articles")
    group.add_argument(
        "--pattern",
        default="**/*",
        help="files to take inside folders, e.g. '**/*.txt' (default: all)",
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


def _add_lexicon_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lexicon",
        metavar="FILE",
        help="extract with this lexicon (a TOML file) instead of the default",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``peacetalks`` command."""
    parser = argparse.ArgumentParser(
        prog="peacetalks",
        description="Turn news coverage of peace negotiations into typed data.",
        epilog=(
            "Exit codes: 0 success, 1 bad input or failed output (other files "
            "are still read), 2 usage error."
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
            "archives or peacetalks corpus files."
        ),
        epilog=(
            "examples:\n  peacetalks report\n  peacetalks report corpus.jsonl\n"
            "  peacetalks report articles/ --sidecar dates.csv --no-findings"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
    report.add_argument(
        "--no-findings",
        action="store_true",
        help="list the articles only, without their positions and demands",
    )
    _add_lexicon_option(report)
    _add_loading_options(report)
    report.set_defaults(run=_report)

    convert = commands.add_parser(
        "convert",
        help="read articles (or findings) and write them in one format",
        description=(
            "Read articles from any supported input, or peacetalks findings "
            "files, and write them as one file (.json, .jsonl or .csv, by "
            "suffix); articles with the same id are kept once."
        ),
        epilog=(
            "examples:\n  peacetalks convert corpus.jsonl -o corpus.json\n"
            "  peacetalks convert articles/ bundle.zip -o all.jsonl\n"
            "  peacetalks convert news.csv --map headline=title -o news.jsonl"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="what to read")
    convert.add_argument("-o", "--output", required=True, help="the file to write")
    convert.add_argument(
        "--format",
        choices=["json", "jsonl", "csv"],
        help="output format (default: from the suffix)",
    )
    _add_loading_options(convert)
    convert.set_defaults(run=_convert)

    extract = commands.add_parser(
        "extract",
        help="extract positions and demands as flat records",
        description=(
            "Read articles (the bundled sample by default) and write one flat "
            "record per position or demand found: JSON Lines to standard "
            "output, or a .jsonl, .csv or .json file with -o."
        ),
        epilog=(
            "examples:\n  peacetalks extract\n"
            "  peacetalks extract articles/ -o findings.csv\n"
            "  peacetalks extract corpus.jsonl --format csv > findings.csv"
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
    _add_lexicon_option(extract)
    _add_loading_options(extract)
    extract.set_defaults(run=_extract)

    compare = commands.add_parser(
        "compare",
        help="compare the figures actors propose, metric by metric",
        description=(
            "Extract demands from articles (the bundled sample by default), or "
            "read them from peacetalks findings files, and print a table of "
            "each actor's latest figure per metric, with the gap and ratio "
            "between the two main parties (by default the first two actors of "
            "the lexicon that have figures: Russia and Ukraine)."
        ),
        epilog=(
            "examples:\n  peacetalks compare\n"
            "  peacetalks compare --metric troops --metric tanks\n"
            "  peacetalks compare articles/ --format csv -o proposals.csv\n"
            "  peacetalks compare findings.jsonl --every --format json\n\n"
            "exit codes: 0 success, 1 an input could not be read or the output "
            "written, 2 usage error (an unknown metric, article and finding "
            "files mixed)."
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
    _add_loading_options(compare)
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
        epilog=(
            "examples:\n  peacetalks evaluate --gold gold.jsonl\n"
            "  peacetalks evaluate --gold mine.jsonl articles/ --format json\n\n"
            "exit codes: 0 scored (whatever the scores), 1 an article could not "
            "be read, 2 usage error or a bad gold file."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
    evaluate.add_argument(
        "--gold", required=True, metavar="GOLD", help="the gold annotations (.jsonl)"
    )
    evaluate.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="output format (default: text)",
    )
    _add_lexicon_option(evaluate)
    _add_loading_options(evaluate)
    evaluate.set_defaults(run=_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``peacetalks`` command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except PeacetalksError as exc:
        print(f"peacetalks {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `peacetalks report | head`
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
