# ruff: noqa: RUF002 - the long s and the Kelvin sign are what case folding does
r"""Find many tagged patterns in one pass over a text: `PhraseScanner`.

Why this exists: Python's regular-expression engine skips at C speed to
the places where a pattern can start only when the pattern opens with a
literal or a character class.  A pattern that opens with a look-behind such
as ``(?<!\w)`` is entered at every position of the text, and an alternation
compiled with `re.IGNORECASE` enters every one of its alternatives there
instead of passing over those whose first character differs.  The signal
words of `peacetalks.extract.cues` were eight such passes, one per kind,
and cost more than a microsecond per character of text between them.

A `PhraseScanner` keeps each tag's pattern exactly as it was (see
`tag_pattern`) and only changes *where* it is tried:

1. One prefilter over the text for every pattern of every tag: a non-word
   character followed by a look-ahead for any of the patterns, spelt out
   without the case flag (`caseless`).  It opens with ``\W``, so the engine
   jumps from one non-word character to the next at C speed, and its
   alternatives open with character classes such as ``[nN]``, so it passes
   over those that cannot start there.  Patterns that open with their own
   look-behind (``(?<=[a-z])n't``) may start inside a word; a second
   prefilter finds where the rest of such a pattern matches.
2. At each place a prefilter found, each tag's own pattern decides, with
   `re.Pattern.match`: leftmost first, never overlapping another match of
   the same tag, exactly the matches `re.finditer` of that pattern gives.

The prefilters only narrow down where to look: a place they miss would be
a missed match, so `caseless` must match at least what the flag matches
(the tests compare both on text built to stress case folding: dotted and
dotless i, long s, Kelvin sign).

Example:
    >>> scanner = PhraseScanner([("negation", "not"), ("negation", "never"),
    ...                          ("demand", "demand(?:s|ed)?")])
    >>> [(hit.tag, hit.start, hit.end) for hit in scanner.scan("Never NOT demanded")]
    [('negation', 0, 5), ('negation', 6, 9), ('demand', 10, 18)]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs

__all__ = [
    "CASE_EXTRAS",
    "Hit",
    "PhraseScanner",
    "Recent",
    "alternation_by_first",
    "caseless",
    "compile_once",
    "ranks_by_first_char",
    "tag_pattern",
]

_T = TypeVar("_T")

#: The characters other than its own two cases that an ASCII letter matches
#: under `re.IGNORECASE` (found by trying every code point).
CASE_EXTRAS: dict[str, str] = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}

#: Group openers `caseless` copies as they are; ``(?-i:`` and ``(?i:`` it
#: turns into plain groups and remembers.
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>")
#: Escapes that stand for a class or a position, unaffected by case.
_CLASS_ESCAPES = frozenset("sSwWdDbBAZ")
#: Escapes that stand for a control character.
_CONTROL_ESCAPES = frozenset("tnrfva")
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
#: What opens a pattern that sets its own left boundary (see `tag_pattern`).
_OWN_BOUNDARY = "(?<="


@functools.lru_cache(maxsize=4096)
def compile_once(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, remembered for the life of the process.

    The tries of a lexicon's issue cues are long alternations that take
    most of the second it costs to build a `RuleExtractor`; `re`'s own
    cache (512 patterns) is flushed by the hundreds of small patterns built
    with them, so every new extractor of the same lexicon (a worker, a
    test, a notebook cell) compiled them again.

    Example:
        >>> compile_once("ab|cd") is compile_once("ab|cd")
        True
    """
    return re.compile(pattern, flags)


def _is_cased(char: str) -> bool:
    return char.lower() != char or char.upper() != char


def _cases(char: str) -> str:
    """Every character an ASCII letter matches under `re.IGNORECASE`."""
    low = char.lower()
    return low + low.upper() + CASE_EXTRAS.get(low, "")


def _literal(char: str, *, sensitive: bool) -> str:
    """A pattern for one literal character, case spelt out unless ``sensitive``."""
    if sensitive or not _is_cased(char):
        return re.escape(char)
    if char.isascii():
        return "[" + _cases(char) + "]"
    return f"(?i:{char})"  # another cased letter: left to the flag, inline


def _escape_at(pattern: str, at: int) -> tuple[str | None, str, int]:
    """Read the escape at ``pattern[at]`` (a backslash).

    Returns:
        ``(char, text, next)``: the literal character it stands for (None
        for a class or position escape), its text, and where reading goes
        on.  ``text`` is empty when the escape is one `caseless` does not
        rewrite (a back-reference, a named character).
    """
    if at + 1 >= len(pattern):
        return None, "", at + 1
    char = pattern[at + 1]
    if char in _CLASS_ESCAPES or char in _CONTROL_ESCAPES:
        return None, pattern[at : at + 2], at + 2
    if char in _HEX_ESCAPES:
        width = _HEX_ESCAPES[char]
        digits = pattern[at + 2 : at + 2 + width]
        if len(digits) != width or not all(
            c in "0123456789abcdefABCDEF" for c in digits
        ):
            return None, "", at + 2
        return chr(int(digits, 16)), pattern[at : at + 2 + width], at + 2 + width
    if char.isalnum():  # back-references, octal, \N{...}, \g<...>
        return None, "", at + 2
    return char, pattern[at : at + 2], at + 2


def _class_at(pattern: str, at: int) -> tuple[str, int]:
    """Rewrite the character class at ``pattern[at]`` (a ``[``).

    Returns:
        ``(text, next)``; ``text`` is empty when the class has something
        this does not rewrite (a negated class with letters, a cased
        character outside ASCII, a nested set).
    """
    i = at + 1
    negated = i < len(pattern) and pattern[i] == "^"
    i += negated
    items: list[str] = []  # the single characters and range ends, decoded
    first = True
    while i < len(pattern) and (pattern[i] != "]" or first):
        first = False
        if pattern[i] == "[":
            return "", i
        if pattern[i] == "\\":
            char, text, i = _escape_at(pattern, i)
            if not text:
                return "", i
            if char is not None:
                items.append(char)
            continue
        if (
            pattern[i] == "-"
            and items
            and i + 1 < len(pattern)
            and pattern[i + 1] != "]"
        ):
            low = items.pop()
            if pattern[i + 1] == "\\":
                high, text, i = _escape_at(pattern, i + 1)
                if high is None:
                    return "", i
            else:
                high, i = pattern[i + 1], i + 2
            if ord(high) - ord(low) > 0x2000:
                return "", i  # a huge range: not worth spelling out
            items.extend(chr(c) for c in range(ord(low), ord(high) + 1))
            continue
        items.append(pattern[i])
        i += 1
    if i >= len(pattern):
        return "", i
    body = pattern[at + 1 + negated : i]
    cased = [c for c in items if _is_cased(c)]
    if not cased:
        return pattern[at : i + 1], i + 1
    if negated or not all(c.isascii() for c in cased):
        return "", i + 1
    extra = dict.fromkeys(v for c in cased for v in _cases(c) if v not in items)
    return "[" + body + "".join(re.escape(c) for c in extra) + "]", i + 1


def caseless(pattern: str) -> str | None:
    r"""``pattern`` rewritten to match, without `re.IGNORECASE`, what it did with it.

    Each ASCII letter becomes the class of what it matches under the flag
    (``n`` becomes ``[nN]``, ``i`` also matches the dotted and dotless i),
    and so do the letters of a character class; another cased character
    keeps the flag inline (``(?i:é)``); ``(?-i:...)`` stays case-sensitive.
    Classes let the engine pass over an alternative whose first character
    cannot match, which it cannot do under the flag.

    Args:
        pattern: A regular expression meant for `re.IGNORECASE`.

    Returns:
        The rewritten pattern, or None when ``pattern`` uses syntax this
        does not rewrite (flags other than ``(?-i:``, named groups,
        back-references, negated classes with letters); the caller then
        keeps the flag.

    Example:
        >>> caseless(r"not(?!\s+only\b)")
        '[nN][oO][tT](?!\\s+[oO][nN][lL][yY]\\b)'
        >>> caseless(r"(?-i:may)|[a-c]s")
        '(?:may)|[a-cABC][sSſ]'
        >>> caseless(r"(?P<x>a)") is None
        True
    """
    out: list[str] = []
    sensitive = [False]  # one entry per open group: inside (?-i:...)?
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            literal, text, i = _escape_at(pattern, i)
            if not text:
                return None
            out.append(
                text if literal is None else _literal(literal, sensitive=sensitive[-1])
            )
        elif char == "[":
            start = i
            text, i = _class_at(pattern, i)
            if not text:
                return None
            out.append(pattern[start:i] if sensitive[-1] else text)
        elif char == "(":
            opener = next((g for g in _GROUPS if pattern.startswith(g, i)), None)
            if opener is not None:
                out.append(opener)
                sensitive.append(sensitive[-1])
                i += len(opener)
            elif pattern.startswith(("(?-i:", "(?i:"), i):
                out.append("(?:")
                sensitive.append(pattern[i + 2] == "-")
                i += 5 if pattern[i + 2] == "-" else 4
            elif pattern.startswith("(?", i):
                return None
            else:
                out.append("(")
                sensitive.append(sensitive[-1])
                i += 1
        elif char == ")":
            if len(sensitive) == 1:
                return None
            sensitive.pop()
            out.append(")")
            i += 1
        elif char in ".^$|*+?{},":
            out.append(char)
            i += 1
        else:
            out.append(_literal(char, sensitive=sensitive[-1]))
            i += 1
    text = "".join(out)
    try:
        re.compile(text)
    except re.error:
        return None
    return text


def tag_pattern(patterns: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    r"""The one pattern of a tag: its patterns as an alternation, in order.

    A pattern that opens with its own look-behind (``(?<=``) sets its own
    left boundary; every other one starts a word.  Consecutive patterns of
    the second sort share one ``(?<!\w)``, tested once per position rather
    than once per pattern (the same alternatives in the same order, so the
    same matches).  Every match ends a word.

    Example:
        >>> tag_pattern(["no", "not", "(?<=[a-z])n't"]).pattern
        "(?:(?<!\\w)(?:(?:no)|(?:not))|(?<=[a-z])n't)(?!\\w)"
    """
    runs: list[list[str]] = []
    for pattern in patterns:
        if pattern.startswith(_OWN_BOUNDARY):
            runs.append([pattern])
        elif runs and not runs[-1][0].startswith(_OWN_BOUNDARY):
            runs[-1].append(f"(?:{pattern})")
        else:
            runs.append([f"(?:{pattern})"])
    body = "|".join(
        run[0] if run[0].startswith(_OWN_BOUNDARY) else rf"(?<!\w)(?:{'|'.join(run)})"
        for run in runs
    )
    return re.compile(rf"(?:{body})(?!\w)", flags)


@functools.lru_cache(maxsize=4096)  # asked for the prefilter and the first characters
def _prefilter_alternative(pattern: str, flags: int) -> str:
    """One alternative of a prefilter: ``pattern``, case spelt out if it can be."""
    if flags & re.IGNORECASE:
        spelt = caseless(pattern)
        return f"(?:{spelt})" if spelt is not None else f"(?i:{pattern})"
    return f"(?:{pattern})"


def _atom_end(text: str, at: int) -> int:
    """Where the atom at ``text[at]`` ends: an escape, a class, a group, a character."""
    char = text[at]
    if char == "\\":
        return at + 2
    if char == "[":
        i = at + 1
        i += i < len(text) and text[i] == "^"
        i += i < len(text) and text[i] == "]"
        while i < len(text) and text[i] != "]":
            i += 2 if text[i] == "\\" else 1
        return i + 1
    if char == "(":
        depth = 0
        i = at
        while i < len(text):
            if text[i] in "\\[":
                i = _atom_end(text, i)
                continue
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
            if depth == 0:
                return i
        return len(text)
    return at + 1


def _branches(text: str) -> list[str]:
    """The top-level alternatives of ``text``."""
    found: list[str] = []
    start = i = 0
    while i < len(text):
        if text[i] in "\\[(":
            i = _atom_end(text, i)
            continue
        if text[i] == "|":
            found.append(text[start:i])
            start = i + 1
        i += 1
    found.append(text[start:])
    return found


_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*,?\d*\})[?+]?")
#: How many first atoms one alternative may be spread over.
_SPREAD_MAX = 64


def _leading(alternative: str) -> list[tuple[str, str]] | None:
    """``(first atom, rest)`` pairs that match wherever ``alternative`` can.

    Groups at the start are spread over their branches (``(?:a|b)c`` is
    ``ac`` or ``bc``), an optional one over its branches and what follows,
    and a look-behind is left out (the pairs may match more than
    ``alternative``, never less).  None when the first atom cannot be
    told: a quantified atom, a look-ahead, an empty alternative.
    """
    found: list[tuple[str, str]] = []
    todo = [alternative]
    while todo:
        if len(found) + len(todo) > _SPREAD_MAX:
            return None
        current = todo.pop()
        if not current:
            return None
        end = _atom_end(current, 0)
        atom = current[:end]
        quantifier = _QUANTIFIER.match(current, end)
        after = quantifier.end() if quantifier else end
        optional = quantifier is not None and current[end] in "?*{"
        if atom.startswith(("(?<=", "(?<!")) or atom in ("\\b", "\\A", "^"):
            todo.append(current[after:])  # zero width: what follows starts it
        elif atom.startswith(("(?:", "(")) and not atom.startswith(
            ("(?=", "(?!", "(?i", "(?>")
        ):
            inner = atom[3:-1] if atom.startswith("(?:") else atom[1:-1]
            if quantifier is not None and not optional:
                return None
            todo.extend(branch + current[after:] for branch in _branches(inner))
            if optional:
                todo.append(current[after:])
        elif atom.startswith("(") or quantifier is not None:
            return None
        else:
            found.append((atom, current[after:]))
    return found


def _atom_chars(atom: str) -> str | None:
    """The characters a first atom of `_leading` matches, if it says them all.

    A literal character, an escaped one, or a class of such characters (as
    `caseless` writes a letter: ``[nN]``); None for anything else (a
    range, a class escape, a group with its own flags).
    """
    if len(atom) == 1:
        return None if atom in ".^$" else atom
    if len(atom) == 2 and atom[0] == "\\":
        return None if atom[1].isalnum() else atom[1]
    if len(atom) < 3 or atom[0] != "[" or atom[-1] != "]" or atom[1] == "^":
        return None
    chars: list[str] = []
    i = 1
    while i < len(atom) - 1:
        char = atom[i]
        if char == "\\":
            if i + 1 >= len(atom) - 1 or atom[i + 1].isalnum():
                return None
            chars.append(atom[i + 1])
            i += 2
        elif char in "[-]":
            return None
        else:
            chars.append(char)
            i += 1
    return "".join(chars)


def alternation_by_first(
    groups: Mapping[str, Iterable[str]], *, after: str = ""
) -> str:
    r"""One branch per opening: ``first``, then ``after``, then its rests.

    Every branch opens with its own first atom, so the regex engine skips
    to the characters some branch opens with and passes over the branches
    of other characters without entering them.  The rests of one opening
    keep their order (a repeated one is tried once), so where the branches
    open with different characters the same alternative wins as in the
    plain alternation.

    Args:
        groups: For each first atom (a pattern: escape a literal
            character), the rests of the alternatives that open with it.
        after: What every branch checks after its first atom, e.g.
            ``(?<!\w.)`` for "no word character before the first".

    Example:
        >>> alternation_by_first({"s": ["aid", "ays", "aid"], "t": ["old"]})
        's(?:aid|ays)|t(?:old)'
    """
    return "|".join(
        f"{first}{after}(?:{'|'.join(dict.fromkeys(rests))})"
        for first, rests in groups.items()
    )


def _union(alternatives: Iterable[str]) -> str:
    """One alternation for the prefilter, dispatched on first characters.

    Alternatives that open with the same atom share it, spelt out one
    character each when the atom says its characters (``n(?:[oO]|...)``
    and ``N(?:[oO]|...)`` for ``[nN]``): the regex engine passes over a
    branch whose first character differs by comparing one code, without
    entering it or testing a class, so each position costs one comparison
    per first character rather than one test per alternative.
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alternative in alternatives:
        for branch in _branches(alternative):
            leading = _leading(branch)
            if leading is None:
                others.append(f"(?:{branch})")
                continue
            for atom, rest in leading:
                chars = _atom_chars(atom)
                for first in [atom] if chars is None else map(re.escape, chars):
                    groups.setdefault(first, []).append(rest)
    dispatched = [alternation_by_first(groups)] if groups else []
    return "|".join(dispatched + others)


def _first_chars(patterns: Iterable[str], flags: int) -> set[str] | None:
    """Every character a match of one of ``patterns`` can start with.

    None when some pattern's first atom does not say its characters (see
    `_leading` and `_atom_chars`), or when it may match the empty string.
    """
    chars: set[str] = set()
    for pattern in patterns:
        alternative = _prefilter_alternative(pattern, flags)
        for branch in _branches(alternative):
            leading = _leading(branch)
            if leading is None:
                return None
            for atom, _ in leading:
                some = _atom_chars(atom)
                if some is None:
                    return None
                chars.update(some)
    return chars


def ranks_by_first_char(
    firsts: list[set[str] | None],
) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which groups of patterns (by rank) to try at a character of the text.

    Args:
        firsts: For each group, in rank order, every character its matches
            can start with; None when those are not known.

    Returns:
        ``(by_char, anywhere)``: for each character some group's matches
        can start with, the ranks of the groups to try there, in order;
        and the ranks of the groups to try at any other character (those
        whose first characters are not known).

    Example:
        >>> by_char, anywhere = ranks_by_first_char([{"n", "N"}, None])
        >>> by_char["n"], by_char.get("x", anywhere)
        ((0, 1), (1,))
    """
    anywhere = tuple(rank for rank, chars in enumerate(firsts) if chars is None)
    known = set().union(*(chars for chars in firsts if chars is not None))
    by_char = {
        char: tuple(
            rank for rank, chars in enumerate(firsts) if chars is None or char in chars
        )
        for char in known
    }
    return by_char, anywhere


@attrs.frozen
class Hit:
    """A match of one of a `PhraseScanner`'s tags.

    Attributes:
        start: Where it starts in the text.
        end: Where it ends.
        tag: The tag whose pattern matched.
        text: ``text[start:end]``.

    Example:
        >>> Hit(0, 3, "negation", "not").tag
        'negation'
    """

    start: int
    end: int
    tag: str
    text: str


class PhraseScanner:
    r"""Find the matches of many tagged patterns with one pass over a text.

    Each tag's patterns form one alternation (`tag_pattern`): a pattern
    starts a word unless it opens with its own look-behind, and ends a
    word; a tag's matches are those `re.finditer` of that alternation
    gives, leftmost first and never overlapping; matches of different tags
    may overlap.  See the module docstring for how one pass finds them.

    Args:
        tagged: ``(tag, pattern)`` pairs, in order; a tag's order of first
            appearance is its rank.
        flags: The flags of every pattern; `re.IGNORECASE` by default.

    Example:
        >>> scanner = PhraseScanner([("negation", "reject(?:s|ed)?"),
        ...                          ("reject", "reject(?:s|ed)?")])
        >>> [(hit.tag, hit.text) for hit in scanner.scan("Kyiv REJECTED it")]
        [('negation', 'REJECTED'), ('reject', 'REJECTED')]
    """

    def __init__(
        self, tagged: Iterable[tuple[str, str]], flags: int = re.IGNORECASE
    ) -> None:
        by_tag: dict[str, list[str]] = {}
        for tag, pattern in tagged:
            by_tag.setdefault(tag, []).append(pattern)
        self.tags: tuple[str, ...] = tuple(by_tag)
        self._patterns = tuple(
            (tag, tag_pattern(patterns, flags)) for tag, patterns in by_tag.items()
        )
        starting = [
            p for ps in by_tag.values() for p in ps if not p.startswith(_OWN_BOUNDARY)
        ]
        inside = [
            p for ps in by_tag.values() for p in ps if p.startswith(_OWN_BOUNDARY)
        ]
        self._by_char, self._anywhere = ranks_by_first_char(
            [_first_chars(patterns, flags) for patterns in by_tag.values()]
        )
        self._after: re.Pattern[str] | None = None
        self._first: re.Pattern[str] | None = None
        self._inside: re.Pattern[str] | None = None
        #: False when the prefilters could not be compiled (patterns whose
        #: groups clash once joined): then one `re.finditer` per tag
        self._prefiltered = True
        try:
            self._prefilters(starting, inside, flags)
        except re.error:
            self._prefiltered = False

    def _prefilters(self, starting: list[str], inside: list[str], flags: int) -> None:
        """Compile the prefilters (see the module docstring)."""
        # where a word-starting pattern can match: after a non-word
        # character (the `\W` lets the engine skip to one at C speed) or at
        # the start
        if starting:
            union = _union(
                _prefilter_alternative(p, flags) for p in dict.fromkeys(starting)
            )
            self._after = re.compile(rf"\W(?={union})")
            self._first = re.compile(rf"(?={union})")
        # where a pattern with its own look-behind can match: where what
        # follows the look-behind does (or the whole pattern, if nothing
        # follows)
        rests = []
        for pattern in dict.fromkeys(inside):
            rest = pattern[_atom_end(pattern, 0) :]
            rests.append(_prefilter_alternative(rest or pattern, flags))
        if rests:
            # dispatched on first characters (see `_union`): when they are
            # all known, the branches open with literals, and the engine
            # skips to those instead of trying every position
            self._inside = re.compile(_union(rests))

    def __repr__(self) -> str:
        return f"<PhraseScanner {', '.join(self.tags)}>"

    def _places(self, text: str, pos: int, endpos: int) -> list[int]:
        """Every position in ``[pos, endpos)`` where some pattern may match."""
        places: list[int] = []
        if self._after is not None and self._first is not None:
            if pos == 0 and self._first.match(text, 0, endpos) is not None:
                places.append(0)
            places.extend(
                m.end() for m in self._after.finditer(text, max(pos - 1, 0), endpos)
            )
        if self._inside is not None:
            search = self._inside.search
            at = pos
            inside: list[int] = []
            while (found := search(text, at, endpos)) is not None:
                inside.append(found.start())
                at = found.start() + 1
            if inside:
                places = sorted(set(places).union(inside))
        return places

    def scan(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        tags: Collection[str] | None = None,
    ) -> list[Hit]:
        """Find the matches of every tag (or of ``tags``) in ``text``.

        Args:
            text: Any text.
            pos: Where to start, as in `re.Pattern.finditer` (a look-behind
                still sees what stands before).
            endpos: Where to stop, as in `re.Pattern.finditer` (the text
                ends there for every pattern); the end of ``text`` if None.
            tags: The tags to report; all of them if None.

        Returns:
            The matches, ordered by start, then end, then the tag's rank.

        Example:
            >>> scanner = PhraseScanner([("a", "ab"), ("b", "b|abc")])
            >>> [(h.tag, h.text) for h in scanner.scan("ab abc b", tags={"b"})]
            [('b', 'abc'), ('b', 'b')]
        """
        return [
            Hit(start, stop, tag, found)
            for start, stop, tag, found in self.matches(text, pos, endpos, tags=tags)
        ]

    def matches(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        tags: Collection[str] | None = None,
    ) -> list[tuple[int, int, str, str]]:
        """What `scan` finds, as ``(start, end, tag, text)`` tuples.

        For a caller that makes objects of its own out of them: no `Hit`
        is made and thrown away.

        Example:
            >>> PhraseScanner([("no", "no")]).matches("No, no.")
            [(0, 2, 'no', 'No'), (4, 6, 'no', 'no')]
        """
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        pos = max(0, min(pos, end))
        if not self._prefiltered:
            return self._slow(text, pos, end, self._wanted(tags))
        places = self._places(text, pos, end)
        if not places:  # the common case, before a phrase: nothing to set up
            return []
        patterns = self._patterns
        # the ranks of the tags not asked for; None when none is left out
        skipped = None
        if tags is not None:
            skipped = {
                rank for rank, (tag, _) in enumerate(patterns) if tag not in tags
            } or None
        found: list[tuple[int, int, int, str, str]] = []
        last = [pos] * len(patterns)
        by_char, anywhere = self._by_char, self._anywhere
        everyone = range(len(patterns))
        for place in places:
            # only the tags whose matches can start with this character
            ranks = by_char.get(text[place], anywhere) if place < end else everyone
            for rank in ranks:
                if place < last[rank] or (skipped is not None and rank in skipped):
                    continue
                tag, pattern = patterns[rank]
                match = pattern.match(text, place, end)
                if match is None:
                    continue
                stop = match.end()
                if stop == place:  # an empty match: let finditer decide
                    return self._slow(text, pos, end, self._wanted(tags))
                found.append((place, stop, rank, tag, match.group()))
                last[rank] = stop
        if len(found) > 1:
            found.sort(key=lambda entry: entry[:3])
        return [(start, stop, tag, text) for start, stop, _, tag, text in found]

    def _wanted(
        self, tags: Collection[str] | None
    ) -> list[tuple[int, str, re.Pattern[str]]]:
        """``(rank, tag, pattern)`` of the tags asked for (all if None)."""
        return [
            (rank, tag, pattern)
            for rank, (tag, pattern) in enumerate(self._patterns)
            if tags is None or tag in tags
        ]

    @staticmethod
    def _slow(
        text: str, pos: int, end: int, wanted: list[tuple[int, str, re.Pattern[str]]]
    ) -> list[tuple[int, int, str, str]]:
        """The matches one `re.finditer` per tag gives (empty ones left out)."""
        found = [
            (m.start(), m.end(), rank, tag, m.group())
            for rank, tag, pattern in wanted
            for m in pattern.finditer(text, pos, end)
            if m.end() > m.start()
        ]
        found.sort(key=lambda entry: entry[:3])
        return [(start, stop, tag, text) for start, stop, _, tag, text in found]


class Recent(Generic[_T]):
    """What was worked out for the last few texts, keyed by the text object.

    The extraction steps ask about the same sentence more than once (who
    speaks in it, then what it demands), each time with the same string:
    a matcher keeps its answer for the last ``size`` texts it was given and
    hands it back when given the very same object again.  Equal text in
    another object (the same sentence in another article) is worked out
    again, so a repetitive corpus is not faster than another one.  Nothing
    of it is pickled: a copy sent to a worker starts empty.

    Args:
        size: How many texts to keep.

    Example:
        >>> recent: Recent[int] = Recent(size=2)
        >>> text = "Kyiv said no."
        >>> recent.put(text, 1)
        >>> recent.get(text), recent.get("".join(["Kyiv", " said no."]))
        (1, None)
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: dict[int, tuple[str, _T]] = {}

    def get(self, text: str) -> _T | None:
        """The value kept for this very ``text`` object, if any.

        Example:
            >>> recent: Recent[str] = Recent()
            >>> text = "Moscow demands it."
            >>> recent.put(text, "seen")
            >>> recent.get(text), recent.get("another text")
            ('seen', None)
        """
        item = self._items.get(id(text))
        # the kept text holds its id: no other object can have it meanwhile
        return item[1] if item is not None and item[0] is text else None

    def put(self, text: str, value: _T) -> None:
        """Keep ``value`` for ``text``, forgetting the oldest text when full.

        Example:
            >>> recent: Recent[int] = Recent(size=1)
            >>> first, second = "one", "two"
            >>> recent.put(first, 1)
            >>> recent.put(second, 2)
            >>> recent.get(first), recent.get(second)
            (None, 2)
        """
        if len(self._items) >= self.size:
            self._items.pop(next(iter(self._items), 0), None)
        self._items[id(text)] = (text, value)

    def __getstate__(self) -> dict[str, Any]:
        return {"size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.size = state["size"]
        self._items = {}
