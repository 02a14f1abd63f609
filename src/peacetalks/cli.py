"""The ``peacetalks`` command: a thin layer over the library.

Exit codes: 0 success, 1 the input or output failed (the message names the
file, line and field), 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence

from peacetalks import datasets
from peacetalks._version import __version__
from peacetalks.corpus import Corpus
from peacetalks.errors import FormatError, PeacetalksError
from peacetalks.io import iter_findings, load, save, save_findings
from peacetalks.io.native import sniff_kind

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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _report(args: argparse.Namespace) -> int:
    if args.path is not None and sniff_kind(args.path) == "findings":
        message = f"{args.path} holds positions and demands, not articles"
        raise FormatError(message, path=args.path)
    corpus = datasets.sample() if args.path is None else load(args.path)
    width = shutil.get_terminal_size((100, 24)).columns
    print(render_report(corpus, width=width))
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    kinds = {sniff_kind(path) for path in args.inputs}
    if len(kinds) > 1:
        print(
            "peacetalks convert: cannot mix article and finding files", file=sys.stderr
        )
        return EXIT_USAGE
    if kinds == {"findings"}:
        findings = [f for path in args.inputs for f in iter_findings(path)]
        save_findings(findings, args.output, format=args.format)
        print(
            f"wrote {_plural(len(findings), 'finding')} to {args.output}",
            file=sys.stderr,
        )
    else:
        corpus = Corpus().merge(*(load(path) for path in args.inputs))
        save(corpus, args.output, format=args.format)
        print(
            f"wrote {_plural(len(corpus), 'article')} to {args.output}", file=sys.stderr
        )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``peacetalks`` command."""
    parser = argparse.ArgumentParser(
        prog="peacetalks",
        description="Turn news coverage of peace negotiations into typed data.",
        epilog="Exit codes: 0 success, 1 bad input or failed output, 2 usage error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"peacetalks {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser(
        "report",
        help="summarise a corpus (the bundled sample by default)",
        description="Print a readable summary of a corpus: titles, outlets and dates.",
        epilog="examples:\n  peacetalks report\n  peacetalks report corpus.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("path", nargs="?", help="a corpus file (.json, .jsonl, .csv)")
    report.set_defaults(run=_report)

    convert = commands.add_parser(
        "convert",
        help="convert between formats (by suffix)",
        description=(
            "Read one or more corpus (or findings) files and write them as one file; "
            "articles with the same id are kept once."
        ),
        epilog=(
            "examples:\n  peacetalks convert corpus.jsonl -o corpus.json\n"
            "  peacetalks convert a.csv b.jsonl -o all.jsonl"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="files to read")
    convert.add_argument("-o", "--output", required=True, help="the file to write")
    convert.add_argument(
        "--format",
        choices=["json", "jsonl", "csv"],
        help="output format (default: from the suffix)",
    )
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
