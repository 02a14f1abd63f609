"""Plain versions of extraction code that was rewritten for speed.

Only code whose plain form can be written from public names is kept here:
the signal patterns of `peacetalks.extract.cues.SIGNAL_PATTERNS`, each
compiled with its own ``(?<!\\w)``.  `tests/test_fast_paths.py` checks the
library against it, and checks the other fast paths (sentences, issue
cues, actor mentions, quantities) through their documented public
behaviour.  The loading oracles (lines and cleaning, kept as offsets and
spans since) are checked by `tests/test_dedup_scale.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from peacetalks.extract import cues
from peacetalks.io import clean


def signal_pattern(kind: str) -> re.Pattern[str]:
    """A signal kind's pattern: every entry with its own ``(?<!\\w)``."""
    body = "|".join(
        p if p.startswith("(?<=") else rf"(?<!\w)(?:{p})"
        for k, p in cues.SIGNAL_PATTERNS
        if k == kind
    )
    return re.compile(rf"(?:{body})(?!\w)", re.IGNORECASE)


def find_signals(text: str) -> list[cues.Signal]:
    """`peacetalks.extract.cues.find_signals` with the patterns above."""
    found: list[tuple[int, int, int, cues.Signal]] = []
    for rank, kind in enumerate(cues.SIGNAL_KINDS):
        for match in signal_pattern(kind).finditer(text):
            if match.end() > match.start():
                signal = cues.Signal(match.start(), match.end(), match.group(), kind)
                found.append((match.start(), match.end(), rank, signal))
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]


# -- loading --------------------------------------------------------------------
# Rewritten so that a long text of short lines is not held a line at a time.


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """`peacetalks.io.text._Lines`, as a list: each line's offsets and text."""
    lines = []
    start = 1 if text.startswith("\ufeff") else 0
    for match in re.compile(r"\r\n|\r|\n").finditer(text, start):
        lines.append((start, match.start(), text[start : match.start()]))
        start = match.end()
    if start < len(text):
        lines.append((start, len(text), text[start:]))
    return lines


def _blank(line: str) -> bool:
    return not line or line.isspace()


def clean_text(
    text: str, rules: Iterable[clean.Rule] = clean.DEFAULT_RULES
) -> clean.Cleaned:
    """`peacetalks.io.clean.clean_text`, keeping a list of (line, break) pairs."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = list(zip(parts[0::2], parts[1::2], strict=False))
    if parts[-1]:
        lines.append((parts[-1], ""))
    rules = tuple(rules)
    kept: list[tuple[str, str]] = []
    removed: list[str] = []
    skip_blanks = False  # drop blank lines: they followed a removed line
    removed_at_end = False  # a line was removed after the last kept text
    for line, end in lines:
        if _blank(line):
            if not skip_blanks:
                kept.append((line, end))
            continue
        if clean.match_rule(line, rules) is not None:
            removed.append(line)
            skip_blanks = not kept or _blank(kept[-1][0])
            removed_at_end = True
            continue
        kept.append((line, end))
        skip_blanks = removed_at_end = False
    if not removed:
        return clean.Cleaned(text=text)
    if removed_at_end:
        while kept and _blank(kept[-1][0]):
            kept.pop()
        if kept and not lines[-1][1]:
            kept[-1] = (kept[-1][0], "")  # end without a break, as the input did
    return clean.Cleaned(
        text="".join(line + end for line, end in kept), removed=tuple(removed)
    )
