"""Plain versions of extraction code that was rewritten for speed.

Only code whose plain form can be written from public names is kept here:
the signal patterns of `peacetalks.extract.cues.SIGNAL_PATTERNS`, each
compiled with its own ``(?<!\\w)``.  `tests/test_fast_paths.py` checks the
library against it, and checks the other fast paths (sentences, issue
cues, actor mentions, quantities) through their documented public
behaviour.
"""

from __future__ import annotations

import re

from peacetalks.extract import cues


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
