"""The ``peacetalks`` command: a thin layer over the library.

Exit codes: 0 success, 1 the input or output failed (the message names the
file, line and field), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from peacetalks import datasets
from peacetalks._version import __version__
from peacetalks.corpus import Corpus
from peacetalks.errors import FormatError, PeacetalksError
from peacetalks.io import iter_findings, save, save_findings
from peacetalks.io.dedup import POLICIES
from peacetalks.io.loader import ERROR_POLICIES, Loader
from peacetalks.io.native import FORMATS, sniff_kind
from peacetalks.io.report import plural

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_report(corpus: Corpus, *, width: int = 100) -> str:
    """Render the readable summary that ``peacetalks report`` prints.

    >>> import peacetalks as pt
    >>> print(render_report(pt.datasets.sample()[:1], width=72))
    <Corpus: 1 article, 2022-03-29, 1 outlet>
    <BLANKLINE>
      #  date        outlet    title
      1  2022-03-29  Fox News  Ukraine seeks deal guaranteeing armies with …
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
    lines = [repr(corpus), ""]
    for row in [header, *rows]:
        cells = [
            row[0].rjust(widths[0] + 1),
            row[1].ljust(widths[1]),
            row[2].ljust(widths[2]),
        ]
        lines.append(
            " " + "  ".join(cells) + "  " + _shorten(row[3], max(width - lead, 10))
        )
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


def _report(args: argparse.Namespace) -> int:
    for path in args.paths:
        if _is_findings(path):
            message = f"{path} holds positions and demands, not articles"
            raise FormatError(message, path=path)
    code = EXIT_OK
    if args.paths:
        corpus, code = _load(args, args.paths)
    else:
        corpus = datasets.sample()
    if corpus or code == EXIT_OK:
        width = shutil.get_terminal_size((100, 24)).columns
        print(render_report(corpus, width=width))
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
            "Print a readable summary of articles: titles, outlets and dates. "
            "PATH may be article files in any supported layout, folders, "
            "archives or peacetalks corpus files."
        ),
        epilog=(
            "examples:\n  peacetalks report\n  peacetalks report corpus.jsonl\n"
            "  peacetalks report articles/ --sidecar dates.csv"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("paths", nargs="*", metavar="PATH", help="what to read")
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
