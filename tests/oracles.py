# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""The extraction code as it was before it was made fast, to test against.

Each function here is the straightforward version that an optimised one in
the library replaced; `tests/test_fast_paths.py` checks on generated and
real text that both give exactly the same results.  They reuse the
library's helpers that did not change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from peacetalks import quantities
from peacetalks.extract import actors, cues, sentences
from peacetalks.extract.actors import ActorFinder, Mention
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.lexicon import Lexicon, Unit
from peacetalks.model import Bound
from peacetalks.quantities import Found, _Tok, _try, _Units

# -- sentences ----------------------------------------------------------------

_TERMINAL = re.compile(r"(?<![.!?…])[.!?…]++(?:[\"”’'»)\]]|[ \u00a0\u202f]»)*+(?=\s)")
_CLAUSE_END = re.compile(
    r";|(?<=\s)[–—](?=\s)|,(?=\s++(?:"
    + "|".join(sorted(sentences.CLAUSE_CONNECTIVES))
    + r")\b)"
)


def split_sentences(text: str) -> list[Sentence]:
    """`peacetalks.extract.sentences.split_sentences`, as first written."""
    found: list[Sentence] = []
    for start, end in sentences._paragraphs(text):
        quotes = list(sentences._quotes(text, start, end))
        cuts = [*_sentence_ends(text, start, end), end]
        q = 0
        for cut in cuts:
            span = sentences._stripped(text, start, cut)
            start = cut
            if span is None:
                continue
            while q < len(quotes) and quotes[q][1] <= span.start:
                q += 1
            inside = []
            for k in range(q, len(quotes)):
                q_start, q_end = quotes[k]
                if q_start >= span.end:
                    break
                quote = sentences._stripped(
                    text, max(q_start, span.start), min(q_end, span.end)
                )
                if quote is not None:
                    inside.append(quote)
            found.append(
                Sentence(
                    span.start,
                    span.end,
                    span.text,
                    clauses=_clauses(text, span, inside),
                    quote_spans=tuple(inside),
                )
            )
    return found


def _sentence_ends(text: str, start: int, end: int) -> Iterator[int]:
    for match in _TERMINAL.finditer(text, start, end):
        following = sentences._NON_SPACE.search(text, match.end(), end)
        if following is None:
            return
        if following.group() not in sentences._OPENING_QUOTES and not (
            following.group().isupper() or following.group().isdigit()
        ):
            continue
        marks = match.group()
        if marks.startswith(".") and not marks.startswith(".."):
            if sentences._is_abbreviation(text, start, match.start()):
                continue
        elif (
            marks[0] in "!?"
            and marks[-1] in sentences._CLOSING_QUOTES
            and sentences._speech_tag_follows(text, following.start(), end)
        ):
            continue
        yield match.end()


def _clauses(text: str, sentence: Span, quotes: list[Span]) -> tuple[Span, ...]:
    found = []
    start = sentence.start
    q = 0
    for match in _CLAUSE_END.finditer(text, sentence.start, sentence.end):
        position = match.start()
        while q < len(quotes) and quotes[q].end <= position:
            q += 1
        if q < len(quotes) and quotes[q].start <= position:
            continue
        clause = sentences._stripped(text, start, match.end())
        if clause is not None:
            found.append(clause)
        start = match.end()
    last = sentences._stripped(text, start, sentence.end)
    if last is not None:
        found.append(last)
    return tuple(found)


# -- cues -----------------------------------------------------------------------


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


def issue_pattern(matcher: cues.IssueMatcher) -> re.Pattern[str]:
    """An `IssueMatcher`'s trie as first compiled: with `re.IGNORECASE`."""
    root: dict[str, dict[str, object]] = {}
    for pattern, _ in matcher._cues:
        node: dict[str, object] = root  # type: ignore[assignment]
        for unit in cues._UNIT.findall(pattern.pattern):
            node = node.setdefault(unit, {})  # type: ignore[assignment]
        node[""] = {}

    def emit(node: dict[str, object]) -> str:
        branches = [
            unit + emit(child)  # type: ignore[arg-type]
            for unit, child in sorted(node.items(), key=lambda kv: kv[0])
            if unit
        ]
        if "" in node:
            branches.append(r"(?!\w)")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return re.compile(rf"(?<!\w){emit(root)}", re.IGNORECASE)  # type: ignore[arg-type]


# -- actors ---------------------------------------------------------------------


def actor_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """`ActorFinder`'s pattern as first compiled: a look-ahead per letter."""
    seen: set[str] = set()
    by_letter: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for form, _ in actors._surface_forms(lexicon):
        for variant in dict.fromkeys((form, actors._strip_accents(form))):
            key = actors._lookup_key(variant)
            if key and key not in seen:
                seen.add(key)
                pattern = actors._form_pattern(variant)
                by_letter[variant[0].casefold()].append((variant, pattern))
    branches = []
    for letter in sorted(by_letter):
        group = sorted(by_letter[letter], key=lambda t: (-len(t[0]), t[0]))
        alternatives = "|".join(pattern for _, pattern in group)
        firsts = {form[0] for form, _ in group}
        firsts |= {case for first in firsts for case in (first.upper(), first.lower())}
        cases = "".join(sorted(first for first in firsts if len(first) == 1))
        branches.append(f"(?=[{re.escape(cases)}])(?:{alternatives})")
    return re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)")


def find_actors(finder: ActorFinder, text: str) -> list[Mention]:
    """`ActorFinder.find` with the pattern above and every word tried."""
    exact = ActorFinder.__new__(ActorFinder)
    exact.__dict__.update(finder.__dict__)
    exact._pattern = actor_pattern(finder.lexicon)
    mentions = list(exact._exact(text))
    result: list[Mention] = []
    position = 0
    for word in actors._WORD.finditer(text):
        start, end = word.span()
        value = word.group()
        if len(value) < actors._FUZZY_MIN or not value[0].isupper():
            continue
        while position < len(mentions) and mentions[position].end <= start:
            result.append(mentions[position])
            position += 1
        if position < len(mentions) and mentions[position].start < end:
            continue
        speaker = finder._closest(value)
        if speaker is not None:
            result.append(
                Mention(start, end, value, speaker.actor, speaker.name, "speaker")
            )
    result.extend(mentions[position:])
    return result


# -- quantities -----------------------------------------------------------------

_SPACES = " \u00a0\u2009\u202f"
_TOKEN = re.compile(
    r"(?P<num>(?<![\w.])(?:"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d,.]\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}"
    r"|\d+(?:\.\d+)?"
    r")(?![\d]))"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<other>\S)"
)


def tokens(text: str) -> list[_Tok]:
    """The scanner's tokens, with the number alternatives tried first."""
    return [
        _Tok(m.lastgroup or "other", m.start(), m.end(), m.group(), m.group().lower())
        for m in _TOKEN.finditer(text)
    ]


def scan(text: str, lexicon: Lexicon) -> list[Found]:
    """`find_quantities` without its shortcuts: `_try` at every token."""
    units = _Units(lexicon)
    toks = tokens(text)
    found: list[Found] = []
    i = 0
    floor = 0
    while i < len(toks):
        result = _try(text, toks, i, units, floor)
        if result is None:
            i += 1
            continue
        item, i = result
        found.append(item)
        floor = i
    return found


def unit_named(lexicon: Lexicon, name: str) -> Unit | None:
    """The unit lookup the scanner made: the lexicon's, errors and all."""
    try:
        return lexicon.unit(name)
    except KeyError:
        return None


_CUE = re.compile(
    "(?:"
    + "|".join(
        f"(?P<cue{n}>{c.pattern[: -len(quantities._CUE_TAIL)]})"
        for n, (c, _) in enumerate(quantities._CUES)
    )
    + ")"
    + quantities._CUE_TAIL,
    re.IGNORECASE,
)


def bound(text: str, start: int) -> tuple[Bound, int]:
    """`quantities._bound` searching the whole window for a cue."""
    near = text[max(0, start - quantities._CUE_REACH) : start]
    tail = near.rstrip()
    words = tail.rsplit(None, 1)
    cued = tail.endswith("~") or (
        bool(words) and words[-1].lower() in quantities._CUE_ENDS
    )
    match = _CUE.search(near) if cued else None
    if match is not None and match.lastgroup is not None:
        return quantities._CUE_BOUNDS[match.lastgroup], start - (
            len(near) - match.start()
        )
    window = text[max(0, start - 160) : start]
    if window.rstrip()[-2:].lower() == "to" and quantities._LIMIT_TO.search(window):
        return Bound.MAX, start
    return Bound.EXACT, start
