# ruff: noqa: RUF001, RUF002 - news text has curly quotes and dashes
r"""The signals inside one sentence that the stance step combines.

Three kinds of evidence are found here, each with exact offsets
(``text == source[start:end]``):

- `IssueMatcher` finds the issues a sentence is about.  It is built from a
  `Lexicon`'s issue ``cues`` and nothing else, so another conflict's lexicon
  gives another matcher.  `IssueMatchers` runs several matchers (a
  finder's cues, ``against`` phrases and topics) in one pass over a text.
- `find_signals` finds English-general words for negation, for the act
  (demand, offer, accept, reject) and for the modality (hypothetical,
  reported-past, condition), from the table `SIGNAL_PATTERNS`.
- `negations_before` and `negated` say whether a phrase falls in the scope
  of a negation in its clause.

Issue cue rules: every cue phrase of every issue goes into one alternation,
longest phrase first, matched case-insensitively between word boundaries (a
cue never starts or ends inside a word).  Inside a phrase, a space or a
hyphen matches any run of spaces, tabs, no-break spaces and hyphens
(``-`` ``‐`` ``‑``), or nothing: the cue ``"cease-fire"`` also finds
``"ceasefire"`` and ``"cease fire"``; an apostrophe matches ``'``, ``’``,
``‘`` and ``ʼ``.  Matches never overlap; where several issues list the same
phrase, the issue that comes first in the lexicon wins.

Signal kinds.  A word may be a signal of several kinds; matches of one kind
never overlap, matches of different kinds may:

- ``"negation"`` flips the polarity of what follows it in its clause:
  *not* (but not *not only*), *never*, *no*, *n't*, *cannot*, *nor*,
  *without*, *refuse(s/d) to*, *rule(s/d) out*, *non-starter*,
  *unacceptable*, *reject(s/ed)*, *oppose(s/d)*, *opposition to*,
  *against*, *prevent(s/ed)*, *prohibit(s/ed)*, *bar(s/red) from*,
  *ban(s/ned)*, *an end to*.
- ``"demand"``, ``"offer"``, ``"accept"`` and ``"reject"`` name the act.
  *reject*, *refuse*, *rule out*, *unacceptable* and *non-starter* are both
  a negation (they negate their object: "rejected joining NATO" opposes
  NATO membership) and a reject act; *oppose* and *against* are negations
  only, and *would not oppose* is an accept act.
- ``"hypothetical"``, ``"reported-past"`` and ``"condition"`` describe the
  modality.  A condition (*in exchange for*, *only if*) is also
  hypothetical.  Lower-case *may* only: capitalised *May* is usually the
  month.

Negation scope: a negation signal counts for a phrase when it ends before
the phrase starts, in the same clause, with at most ``max_words`` words in
between.  A clause ends at ``.`` ``!`` ``?`` ``;`` ``:``, a line break, a
spaced dash, a comma before a `CLAUSE_CONNECTIVES` word, and at *and*
before a negation, *to*, a modal or a common bare verb (*remain*, *stay*,
*be*, ...): in "never join NATO and remain neutral" *never* does not reach
*neutral*.  *or* does not end a scope: "should not be used against Russia
or to retake territories" negates both.  Double negation is reported as a count:
`negations_before` returns how many negations are in scope, and `negated`
is true when that count is odd ("would not oppose Kyiv's intentions to join
the EU" has two, so joining the EU is not negated).

All regular expressions run in linear time in the text (times the size of
the pattern): they are alternations of literal words joined by bounded
separators, with no nested or overlapping quantifiers.

Example:
    >>> from peacetalks.lexicon import Lexicon
    >>> matcher = IssueMatcher(Lexicon.default())
    >>> text = "Ukraine offered to never join NATO in exchange for a cease-fire."
    >>> [(cue.issue, cue.text) for cue in matcher.find(text)]
    [('nato_membership', 'join NATO'), ('ceasefire', 'cease-fire')]
    >>> [(signal.kind, signal.text) for signal in find_signals(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('offer', 'offered'), ('negation', 'never'),
     ('hypothetical', 'in exchange for'), ('condition', 'in exchange for')]
    >>> negated(text, text.index("join NATO"))
    True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import attrs

from peacetalks.extract.scan import (
    CASE_EXTRAS,
    PhraseScanner,
    compile_once,
    ranks_by_first_char,
)
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.grammar import Grammar
from peacetalks.lexicon import Issue, Lexicon

__all__ = [
    "DEONTIC",
    "SIGNAL_CATEGORIES",
    "SIGNAL_KINDS",
    "SIGNAL_PATTERNS",
    "Agreements",
    "IssueCue",
    "IssueMatcher",
    "IssueMatchers",
    "Signal",
    "Signals",
    "asked",
    "deontic",
    "find_signals",
    "negated",
    "negations_before",
    "verdict_after",
]


@attrs.frozen
class IssueCue(Span):
    """A phrase in a text that signals an issue (a `Span` of the source).

    Attributes:
        issue: The issue's id, e.g. ``"nato_membership"``.

    >>> from peacetalks.lexicon import Lexicon
    >>> cue = IssueMatcher(Lexicon.default()).find("No NATO membership for Kyiv.")[0]
    >>> cue.issue, cue.text, cue.start, cue.end
    ('nato_membership', 'NATO membership', 3, 18)
    """

    issue: str


@attrs.frozen
class Signal(Span):
    """A word or phrase that signals negation, an act or a modality (a `Span`).

    Attributes:
        kind: One of `SIGNAL_KINDS`, e.g. ``"negation"`` or ``"demand"``.

    >>> signal = find_signals("Moscow had demanded it.")[0]
    >>> signal.kind, signal.text, signal.start
    ('reported-past', 'had', 7)
    """

    kind: str


# ---------------------------------------------------------------------------
# Issue cues
# ---------------------------------------------------------------------------

#: What a space or hyphen inside a cue phrase matches in text (possibly empty).
_SEPARATOR = r"[ \t\xa0\-\u2010\u2011]*+"
_APOSTROPHE = "['’‘ʼ]"
_PARTS = re.compile(r"[\s\-\u2010\u2011]+|['’‘ʼ]")


def _cue_key(cue: str) -> str:
    """The form two cue phrases share when they match the same text."""
    return _PARTS.sub(lambda m: "'" if m.group().strip() else "", cue).casefold()


def _cue_pattern(cue: str) -> str:
    """The regular expression of one cue phrase (no boundaries)."""
    out: list[str] = []
    position = 0
    for match in _PARTS.finditer(cue):
        out.append(re.escape(cue[position : match.start()]))
        out.append(_APOSTROPHE if match.group() in "'’‘ʼ" else _SEPARATOR)
        position = match.end()
    out.append(re.escape(cue[position:]))
    return "".join(out)


#: How many matched phrases an `IssueMatcher` remembers the issue of.
_ISSUE_OF_MAX = 4096
_DISPATCH_MAX = 12  # first characters a trie may dispatch on (see `_trie`)
#: How many groups a trie nests before it lists the rest of its cues flat:
#: the `re` compiler recurses once or twice per group and fails near 500.
_NESTING_MAX = 50
_UNIT = re.compile(r"\\.|\[[^\]]*\]\*\+|\[[^\]]*\]|.", re.DOTALL)
#: The key of a trie node that marks "a cue ends here".
_END = ""
#: What "a cue ends here" matches: the end of a word.
_WORD_END = r"(?!\w)"

_Node = dict[str, "_Node"]


def _trie(patterns: Iterable[str]) -> str:
    r"""One regular expression for many cue patterns, sharing their prefixes.

    Remembered by its patterns for the process (`_trie_of`): every extractor
    of a lexicon builds the same tries, and building them costs more than
    compiling them again (`peacetalks.extract.scan.compile_once`).

    A match never starts inside a word (``(?<!\w)``).

    Each pattern is cut into units (an escaped character, a character class,
    a literal); the units form a trie, and each node becomes an alternation
    of its children (continuing a cue first) and "the cue ends here"
    (``(?!\w)``) last: the longest cue wins, and each position of the text
    costs at most the depth of the trie times its fan-out.  The trie is
    walked without recursion, so a cue of thousands of words compiles.

    >>> print(_trie(["ab", "ac"]))
    [Aa](?<!\w.)(?:(?<=[aA])(?:[bB](?!\w)|[cC](?!\w)))
    """
    return _trie_of(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _trie_of(patterns: tuple[str, ...]) -> str:
    """`_trie` of a tuple of patterns, remembered."""
    root: _Node = {}
    for pattern in patterns:
        node = root
        for unit in _UNIT.findall(pattern):
            node = node.setdefault(unit, {})
        node[_END] = {}
    # A small trie opens with the class of every first character, then the
    # look-behind and, by a look-behind each, the branch it starts: the
    # engine skips, at C speed, to the characters some cue starts with,
    # instead of trying every position.  With many first characters the
    # look-behinds cost more than they spare.
    firsts = [_first_chars(unit) for unit in root if unit != _END]
    if not firsts or None in firsts or len(firsts) > _DISPATCH_MAX:
        return rf"(?<!\w){_emit(root, 0)}"
    dispatch = "|".join(
        f"(?<={_caseless(unit)}){_emit(child, 1)}"
        for unit, child in sorted(root.items())
    )
    chars = "".join(sorted(set("".join(f for f in firsts if f is not None))))
    return rf"[{re.escape(chars)}](?<!\w.)(?:{dispatch})"


def _starts(patterns: Iterable[str]) -> str:
    r"""Where some of many cue patterns match, for a prefilter (see `_trie`).

    A prefilter asks whether *some* cue matches at a place, not which one,
    so the order of its branches does not matter: the two cases of a letter
    share one branch of the trie (cues that open with "NATO" and with
    "nato" walk one path, not two).  A match never starts inside a word.

    >>> print(_starts(["ab", "Ac", "b"]))
    (?<!\w)(?:[aA](?:[bB](?!\w)|[cC](?!\w))|[bB](?!\w))
    """
    return _starts_of(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _starts_of(patterns: tuple[str, ...]) -> str:
    """`_starts` of a tuple of patterns, remembered."""
    root: _Node = {}
    for pattern in patterns:
        node = root
        for unit in _UNIT.findall(pattern):
            folded = unit.lower() if unit.isascii() and unit.isalpha() else unit
            node = node.setdefault(folded, {})
        node[_END] = {}
    return rf"(?<!\w){_emit(root, 0)}"


def _branches(node: _Node) -> list[tuple[str, _Node | None]]:
    """A node's units in matching order, "the cue ends here" (None) last."""
    branches: list[tuple[str, _Node | None]] = [
        (_caseless(unit), child) for unit, child in sorted(node.items()) if unit
    ]
    if _END in node:
        branches.append((_WORD_END, None))
    return branches


def _emit(node: _Node, depth: int) -> str:
    """The alternation that matches what a trie node's cues continue with.

    ``depth`` is how many groups the node is nested in already; past
    `_NESTING_MAX` the node's cues are listed one by one instead
    (`_flat`), which matches the same text in the same order.
    """
    out: list[str] = []
    todo: list[str | tuple[_Node, int]] = [(node, depth)]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        current, nested = item
        branches = _branches(current)
        if len(branches) > 1 and nested >= _NESTING_MAX:
            out.append("(?:" + "|".join(_flat(current)) + ")")
            continue
        inner = nested + (len(branches) > 1)
        steps: list[str | tuple[_Node, int]] = []
        for i, (unit, child) in enumerate(branches):
            steps.append(f"|{unit}" if i else unit)
            if child is not None:
                steps.append((child, inner))
        if len(branches) > 1:
            steps = ["(?:", *steps, ")"]
        todo.extend(reversed(steps))
    return "".join(out)


def _flat(node: _Node) -> list[str]:
    """Each cue a trie node continues with, in the order the trie tries them."""
    found: list[str] = []
    path: list[str] = []
    walks = [iter(_branches(node))]
    while walks:
        step = next(walks[-1], None)
        if step is None:
            walks.pop()
            if path:
                path.pop()
        elif step[1] is None:
            found.append("".join(path) + step[0])
        else:
            path.append(step[0])
            walks.append(iter(_branches(step[1])))
    return found


def _first_chars(unit: str) -> str | None:
    """The characters a trie unit matches regardless of case, if known."""
    if len(unit) == 2 and unit[0] == "\\" and not unit[1].isalnum():
        return unit[1]  # re.escape's escaped character
    if len(unit) != 1:
        return None
    if unit.isascii() and unit.isalpha():
        low = unit.lower()
        return low + low.upper() + CASE_EXTRAS.get(low, "")
    if unit.lower() != unit or unit.upper() != unit:
        return None  # another cased character: left to the flag
    return unit


def _caseless(unit: str) -> str:
    """A trie unit that matches what it matches under `re.IGNORECASE`.

    The pattern is then compiled without the flag: an ASCII letter becomes a
    class of its cases (``[nN]``), which the regex engine tests without
    entering the branch, so a trie node skips its non-matching children at
    the cost of one table lookup each.  Other cased characters keep their
    flag, inline.
    """
    if len(unit) != 1:
        return unit  # an escaped character or a class: nothing with case
    if unit.isascii() and unit.isalpha():
        low = unit.lower()
        return f"[{low}{low.upper()}{CASE_EXTRAS.get(low, '')}]"
    if unit.lower() != unit or unit.upper() != unit:
        return f"(?i:{unit})"
    return unit


class IssueMatcher:
    """Finds a lexicon's issue cues in text, compiled once.

    Args:
        lexicon: The lexicon whose issue cues to find, or the issues
            themselves.

    Example:
        >>> from peacetalks.lexicon import Issue
        >>> matcher = IssueMatcher([Issue("truce", "the fighting stops",
        ...                               cues=("cease-fire", "truce"))])
        >>> [cue.text for cue in matcher.find("A CEASEFIRE, then a cease fire.")]
        ['CEASEFIRE', 'cease fire']
    """

    def __init__(self, lexicon: Lexicon | Iterable[Issue]) -> None:
        issues = lexicon.issues if isinstance(lexicon, Lexicon) else tuple(lexicon)
        seen: set[str] = set()
        cues: list[tuple[str, str]] = []
        for issue in issues:
            for cue in issue.cues:
                key = _cue_key(cue)
                if key.strip() and key not in seen:
                    seen.add(key)
                    cues.append((cue.strip(), issue.id))
        # Longest first (stable: lexicon order breaks ties).
        cues.sort(key=lambda pair: -len(_cue_key(pair[0])))
        self._cues: tuple[tuple[re.Pattern[str], str], ...] = tuple(
            (compile_once(_cue_pattern(cue), re.IGNORECASE), issue)
            for cue, issue in cues
        )
        self._by_key: dict[str, str] = {}
        for cue, issue_id in cues:
            self._by_key.setdefault(_cue_key(cue), issue_id)
        self._pattern: re.Pattern[str] | None = None
        if cues:
            trie = _trie(_cue_pattern(cue) for cue, _ in cues)
            # case-insensitive through `_caseless`, not a flag: faster
            self._pattern = compile_once(trie)
        #: the issue of each phrase matched lately: the same few cues come
        #: back sentence after sentence, and `_cue_key` is a substitution
        self._issue_of: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        # what it remembers stays behind: a copy sent to a worker starts empty
        return {**self.__dict__, "_issue_of": {}}

    def _first_chars(self) -> set[str] | None:
        """Every character a cue can start with; None if some cue does not say.

        The first unit of each cue's pattern (see `_trie`) decides.
        """
        chars: set[str] = set()
        for pattern, _ in self._cues:
            units = _UNIT.findall(pattern.pattern)
            first = _first_chars(units[0]) if units else None
            if first is None:
                return None
            chars.update(first)
        return chars

    def _issue(self, phrase: str) -> str:
        issue = self._issue_of.get(phrase)
        if issue is None:
            if len(self._issue_of) >= _ISSUE_OF_MAX:
                self._issue_of.clear()
            issue = self._issue_of[phrase] = self._issue_uncached(phrase)
        return issue

    def _issue_uncached(self, phrase: str) -> str:
        issue = self._by_key.get(_cue_key(phrase))
        if issue is not None:
            return issue
        # Case folding that str.casefold and re disagree on: ask each cue.
        for pattern, issue_id in self._cues:
            if pattern.fullmatch(phrase):
                return issue_id
        return self._cues[0][1]  # pragma: no cover - the trie matched a cue

    def find(self, text: str) -> list[IssueCue]:
        """Find the issue cues in ``text``, in order, never overlapping.

        Args:
            text: A sentence or any other text.

        Returns:
            The cues found, left to right.

        Example:
            >>> from peacetalks.lexicon import Lexicon
            >>> matcher = IssueMatcher(Lexicon.default())
            >>> [cue.issue for cue in matcher.find("Kyiv’s bid to join the EU")]
            ['eu_membership']
        """
        if self._pattern is None:
            return []
        return [
            self._cue(text, match.start(), match.end())
            for match in self._pattern.finditer(text)
            if match.end() > match.start()
        ]

    def _cue(self, text: str, start: int, end: int) -> IssueCue:
        """The cue matched at ``text[start:end]``."""
        phrase = text[start:end]
        return IssueCue(start, end, phrase, issue=self._issue(phrase))


class IssueMatchers:
    """Several `IssueMatcher` objects run over a text in one pass.

    One trie holds the cue phrases of every matcher (`_trie`), so the
    regular-expression engine tries each word start once against all of
    them, instead of once per matcher; it looks ahead after each non-word
    character (the engine skips to those at C speed) and finds the few
    places where some cue starts.  There each matcher's own pattern
    decides, leftmost first and never overlapping its own previous match:
    exactly the cues its `IssueMatcher.find` gives.

    Args:
        matchers: The matchers, in the order `find` reports them; None for
            one that is absent (its list is always empty).

    Example:
        >>> from peacetalks.lexicon import Issue
        >>> truce = IssueMatcher([Issue("truce", "", cues=("truce", "truce talks"))])
        >>> talks = IssueMatcher([Issue("talks", "", cues=("talks",))])
        >>> both = IssueMatchers([truce, None, talks])
        >>> [[cue.text for cue in cues] for cues in both.find("Truce talks, talks.")]
        [['Truce talks'], [], ['talks', 'talks']]
    """

    def __init__(self, matchers: Sequence[IssueMatcher | None]) -> None:
        self._matchers = tuple(matchers)
        self._patterns = tuple(
            None if matcher is None else matcher._pattern for matcher in self._matchers
        )
        cues = dict.fromkeys(
            pattern.pattern
            for matcher in self._matchers
            if matcher is not None
            for pattern, _ in matcher._cues
        )
        # the matchers whose cues can start with a character: only those
        # are tried where a cue starts with it
        self._by_char, self._anywhere = ranks_by_first_char(
            [set() if m is None else m._first_chars() for m in self._matchers]
        )
        self._after: re.Pattern[str] | None = None
        self._first: re.Pattern[str] | None = None
        if cues:
            union = _starts(cues)
            try:
                self._after = compile_once(rf"\W(?={union})")
                self._first = compile_once(rf"(?={union})")
            except (re.error, RecursionError):  # pragma: no cover - too deep
                self._after = self._first = None

    def __repr__(self) -> str:
        return f"<IssueMatchers of {len(self._matchers)}>"

    def _separately(self, text: str) -> tuple[list[IssueCue], ...]:
        return tuple(
            [] if matcher is None else matcher.find(text) for matcher in self._matchers
        )

    def find(self, text: str) -> tuple[list[IssueCue], ...]:
        """Each matcher's cues in ``text``: what its `IssueMatcher.find` gives.

        Args:
            text: A sentence or any other text.

        Returns:
            One list of cues for each matcher, in the matchers' order.

        >>> from peacetalks.lexicon import Issue
        >>> nato = IssueMatcher([Issue("nato", "", cues=("NATO",))])
        >>> barred = IssueMatcher([Issue("nato", "", cues=("barred from NATO",))])
        >>> found = IssueMatchers([nato, barred]).find("Kyiv is barred from NATO.")
        >>> [[(cue.start, cue.text) for cue in cues] for cues in found]
        [[(20, 'NATO')], [(8, 'barred from NATO')]]
        """
        found: tuple[list[IssueCue], ...] = tuple([] for _ in self._matchers)
        if self._after is None or self._first is None:
            return self._separately(text)
        places = [match.end() for match in self._after.finditer(text)]
        if self._first.match(text) is not None:
            places.insert(0, 0)
        if not places:
            return found
        last = [0] * len(self._matchers)
        everyone = range(len(self._matchers))
        by_char, anywhere = self._by_char, self._anywhere
        for place in places:
            indices = (
                by_char.get(text[place], anywhere) if place < len(text) else everyone
            )
            for index in indices:
                pattern = self._patterns[index]
                if pattern is None or place < last[index]:
                    continue
                match = pattern.match(text, place)
                if match is None:
                    continue
                end = match.end()
                if end == place:  # an empty match: let finditer decide
                    return self._separately(text)
                matcher = self._matchers[index]
                assert matcher is not None  # it has a pattern
                found[index].append(matcher._cue(text, place, end))
                last[index] = end
        return found


# ---------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------

#: The signal kinds, in the order `find_signals` reports ties.
SIGNAL_KINDS: tuple[str, ...] = (
    "negation",
    "demand",
    "offer",
    "accept",
    "reject",
    "hypothetical",
    "reported-past",
    "condition",
)

#: The grammar category each signal kind reads (see `peacetalks.grammar`).
SIGNAL_CATEGORIES: dict[str, str] = {
    "negation": "negation.negators",
    "demand": "acts.demand",
    "offer": "acts.offer",
    "accept": "acts.accept",
    "reject": "acts.reject",
    "hypothetical": "modality.hypothetical",
    "reported-past": "modality.reported_past",
    "condition": "modality.condition",
}


def _signal_patterns(grammar: Grammar) -> tuple[tuple[str, str], ...]:
    return tuple(
        (kind, pattern)
        for kind in SIGNAL_KINDS
        for pattern in grammar[SIGNAL_CATEGORIES[kind]].alternatives()
    )


#: ``(kind, pattern)`` entries of the English grammar; patterns are matched
#: case-insensitively between word boundaries (a pattern that opens with a
#: look-behind sets its own left boundary), and all entries of a kind as one
#: alternation.
SIGNAL_PATTERNS: tuple[tuple[str, str], ...] = _signal_patterns(Grammar.default())

#: Demand words whose grammatical subject is the one obliged, not the one who
#: asks ("Ukraine must stay neutral", said by Russia), lowercase, one space:
#: the English grammar's ``modality.deontic``.
DEONTIC: frozenset[str] = Grammar.default()["modality.deontic"].folded()


@attrs.frozen
class Agreements:
    """A grammar's agreement words, compiled once (`Agreements.of`).

    Attributes:
        verbs: Words by which parties settle a term together: *agreed on*,
            *reached a deal*, *would each* (``swaps.agreements``).
        nouns: Nouns of a settled term: *agreement*, *deal*
            (``swaps.agreement_nouns``).

    >>> agreements = Agreements.of(Grammar.default())
    >>> text = "Kyiv and Moscow agreed on a truce."
    >>> at = agreements.verbs.search(text).start()
    >>> agreements.settled(text, at, 0)
    True
    >>> text = "It holds until both sides agree on a truce."
    >>> agreements.settled(text, agreements.verbs.search(text).start(), 0)
    False
    """

    verbs: re.Pattern[str]
    nouns: re.Pattern[str]
    pending: re.Pattern[str] = attrs.field(repr=False)
    opener: re.Pattern[str] = attrs.field(repr=False)

    @staticmethod
    @functools.lru_cache(maxsize=16)
    def of(grammar: Grammar) -> Agreements:
        """The agreement words of ``grammar``."""
        return Agreements(
            grammar.words("swaps.agreements"),
            grammar.words("swaps.agreement_nouns"),
            re.compile(
                rf"(?<!\w)(?:to|{grammar.regex('modality.deontic')})"
                r"\s+(?:(?:a|an|the)\s+)?\Z",
                re.I,
            ),
            grammar.words("conditions.markers", "negation.breaks"),
        )

    def settled(self, text: str, at: int, clause_start: int) -> bool:
        """Whether the agreement word at ``at`` states a term already settled.

        Not one still to be made: "would need *to agree*", "must agree", nor
        one after "until", "if", "once"... in its clause (``start`` on).

        >>> words = Agreements.of(Grammar.default())
        >>> text = "Both sides would need to agree on a truce."
        >>> words.settled(text, text.index("agree"), 0)
        False
        """
        if self.pending.search(text, max(0, at - 30), at):
            return False
        return self.opener.search(text, clause_start, at) is None


def asked(sentence: Sentence) -> bool:
    """Tell whether a sentence is a question the writer asks, not a stance.

    It ends with ``?`` and quotes nobody ("Will Ukraine give up its NATO
    bid?"); a sentence with quotes is someone's words, whose questions the
    caller judges one by one.

    Example:
        >>> from peacetalks.extract.sentences import split_sentences
        >>> text = 'Will Kyiv agree? "Why should we?" Zelensky asked.'
        >>> [asked(s) for s in split_sentences(text)]
        [True, False]
    """
    return sentence.text.endswith("?") and not sentence.quote_spans


def deontic(signal: Signal) -> bool:
    """Tell whether a signal is one of the `DEONTIC` words.

    Example:
        >>> [deontic(s) for s in find_signals("Kyiv must, Moscow demands")]
        [True, False]
    """
    return _ENGLISH.deontic(signal)


def find_signals(text: str, kinds: Iterable[str] = SIGNAL_KINDS) -> list[Signal]:
    """Find the negation, act and modality signals in ``text``.

    The words are the English grammar's; `Signals` finds another's.

    Args:
        text: A sentence or any other text.
        kinds: The kinds to look for; all of `SIGNAL_KINDS` by default.

    Returns:
        The signals, ordered by start, then end, then kind (in the order of
        `SIGNAL_KINDS`).  Signals of one kind never overlap.

    Example:
        >>> [(s.kind, s.text) for s in find_signals("Moscow had demanded it.")]
        [('reported-past', 'had'), ('demand', 'demanded')]
    """
    return _ENGLISH.find(text, kinds)


# ---------------------------------------------------------------------------
# Negation scope
# ---------------------------------------------------------------------------

#: Characters before a phrase searched for its negations (far more than
#: ``max_words`` words of news text).
_NEGATION_WINDOW = 2000
_WORD = re.compile(r"[\w'’\-]+")


def _clause_end(grammar: Grammar) -> re.Pattern[str]:
    """Where a negation's clause ends (see the module's rules)."""
    connectives = "|".join(sorted(grammar["clauses.connectives"].alternatives()))
    # bare verbs, modals and particles after which *and*/*or* starts a new scope
    new_predicate = "|".join(grammar["negation.new_predicate"].alternatives())
    # One class opens the pattern, so the regex engine skips at C speed to
    # the characters a clause end can start with; each branch then checks
    # by a look-behind which one it stands after.  (Opening with
    # ``(?<!\w)and`` instead, and case-insensitive as a whole, the pattern
    # was entered at every position.)  ``(?<!\w.)`` after the "a" is
    # ``(?<!\w)`` before it; only "a" and "A" match "a" regardless of case.
    return re.compile(
        r"[.!?;:\n\r\u2028\u2029\u2013\u2014,aA]"
        r"(?:(?<=[.!?;:\n\r\u2028\u2029])"
        r"|(?<=\s[\u2013\u2014])(?=\s)"
        r"|(?<=,)(?=\s++(?i:" + connectives + r")\b)"
        # "or" does not end a scope: "not A or B" negates both
        r"|(?<=[aA])(?<!\w.)(?i:nd)(?=\s++(?i:" + new_predicate + r")\b))"
    )


def _verdict(grammar: Grammar) -> re.Pattern[str]:
    """A negative verdict after a phrase (see `verdict_after`)."""
    copulas = grammar["verdicts.copulas"].regex()
    intensifiers = grammar["verdicts.intensifiers"].regex()
    negative = grammar["verdicts.negative"].regex()
    called = grammar["verdicts.called"].regex()
    obligations = grammar["verdicts.obligations"].regex()
    endings = grammar["verdicts.endings"].regex()
    return re.compile(
        rf"[^.;:!?]{{0,60}}?(?<!\w){copulas}\s+"
        rf"(?:{intensifiers}\s+){{0,3}}"
        rf"{negative}(?!\w)"
        # "called a permanent ceasefire unacceptable", "would make them
        # legitimate targets"
        rf"|\s+(?:[\w\-]+\s+){{0,5}}?{called}(?!\w)"
        # "Israel's blockade of Gaza must end"
        rf"|\s+(?:[\w\-]+\s+){{0,3}}?{obligations}\s+{endings}(?!\w)",
        re.IGNORECASE,
    )


class Signals:
    """The signal words of one grammar, compiled once: acts, negation, verdicts.

    The module's functions (`find_signals`, `negations_before`,
    `verdict_after`, `deontic`) are those of English; an extractor makes one
    `Signals` for its lexicon's grammar (`Signals.of`), so words a lexicon
    adds in its ``[grammar]`` section count.

    Args:
        grammar: The grammar whose words to find.

    Attributes:
        grammar: The grammar whose words it finds.
        negation_words: The negation words alone, one `PhraseScanner` (tag
            ``"negation"``): what `negations_before` searches the stretch
            before a phrase with.

    Example:
        >>> from peacetalks.grammar import Grammar
        >>> more = Grammar.default().extend({"acts": {"offer": ["will free"]}})
        >>> [s.kind for s in Signals.of(more).find("Hamas will free 33 hostages")]
        ['offer']
        >>> find_signals("Hamas will free 33 hostages")
        []
    """

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        # every kind in one pass (see `peacetalks.extract.scan`)
        self._signals = PhraseScanner(
            (kind, pattern)
            for kind in SIGNAL_KINDS
            for pattern in grammar[SIGNAL_CATEGORIES[kind]].alternatives()
        )
        # the stretch before a phrase, searched once per cue: a scanner of
        # its own, whose prefilter knows only the negation words
        self.negation_words = PhraseScanner(
            ("negation", pattern)
            for pattern in grammar[SIGNAL_CATEGORIES["negation"]].alternatives()
        )
        self._deontic = grammar["modality.deontic"].folded()
        self._clause_end = _clause_end(grammar)
        self._verdict = _verdict(grammar)

    @classmethod
    def of(cls, grammar: Grammar) -> Signals:
        """The compiled signals of ``grammar``, made once and shared.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> Signals.of(Grammar.default()) is Signals.of(Grammar.default())
            True
        """
        return _signals_of(grammar)

    def find(self, text: str, kinds: Iterable[str] = SIGNAL_KINDS) -> list[Signal]:
        """Find the negation, act and modality signals in ``text``.

        As `find_signals`, with this grammar's words.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> more = Grammar.default().extend({"acts": {"demand": ["expects"]}})
            >>> [s.kind for s in Signals.of(more).find("Doha expects a truce")]
            ['demand']
        """
        # every kind, the default, needs no filter
        tags = None if kinds is SIGNAL_KINDS else frozenset(kinds)
        return [
            Signal(start, end, found, kind=kind)
            for start, end, kind, found in self._signals.matches(text, tags=tags)
        ]

    def deontic(self, signal: Signal) -> bool:
        """Tell whether a signal is one of the grammar's deontic words.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> signals = Signals.of(Grammar.default())
            >>> [signals.deontic(s) for s in signals.find("Kyiv must, Moscow wants")]
            [True, False]
        """
        return " ".join(signal.text.lower().split()) in self._deontic

    def negations_before(self, text: str, start: int, *, max_words: int = 8) -> int:
        """Count the negations whose scope reaches the phrase at ``start``.

        As `negations_before`, with this grammar's words.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> more = Grammar.default().extend({"negation": {"negators": ["nix"]}})
            >>> text = "Kyiv said nix to joining NATO"
            >>> Signals.of(more).negations_before(text, text.index("joining"))
            1
        """
        start = max(0, min(start, len(text)))
        # A negation reaches only max_words words, so the clause start that
        # matters lies within a bounded window: one huge sentence stays linear.
        clause = max(0, start - _NEGATION_WINDOW)
        for match in self._clause_end.finditer(text, clause, start):
            clause = match.end()
        count = 0
        for _, end, _, _ in self.negation_words.matches(text, clause, start):
            between = text[end:start]
            if len(_WORD.findall(between)) <= max_words:
                count += 1
        return count

    def negated(self, text: str, start: int, *, max_words: int = 8) -> bool:
        """Whether the phrase at ``start`` is negated: an odd `negations_before`.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> text = "Kyiv will never join NATO"
            >>> Signals.of(Grammar.default()).negated(text, text.index("join"))
            True
        """
        return self.negations_before(text, start, max_words=max_words) % 2 == 1

    def verdict_after(self, text: str, start: int, end: int) -> bool:
        """Tell whether a negative verdict follows ``start`` before ``end``.

        As `verdict_after`, with this grammar's words.

        Example:
            >>> from peacetalks.grammar import Grammar
            >>> more = Grammar.default().extend({"verdicts": {"negative": ["dead"]}})
            >>> text = "the plan is dead"
            >>> Signals.of(more).verdict_after(text, text.index(" is"), len(text))
            True
        """
        return self._verdict.match(text, start, end) is not None


@functools.lru_cache(maxsize=16)
def _signals_of(grammar: Grammar) -> Signals:
    return Signals(grammar)


_ENGLISH = Signals.of(Grammar.default())


def negations_before(text: str, start: int, *, max_words: int = 8) -> int:
    """Count the negations whose scope reaches the phrase at ``start``.

    A negation signal counts when it ends at or before ``start``, in the same
    clause, with at most ``max_words`` words between it and ``start`` (see
    the module's rules).

    Args:
        text: The sentence (or text) the phrase is in.
        start: The offset where the phrase starts.
        max_words: How far a negation reaches, in words.

    Returns:
        The number of negations in scope: 0 for an asserted phrase, 1 for a
        negated one, 2 for a double negation, and so on.

    Example:
        >>> text = "Russia would not oppose Kyiv's intentions to join the EU."
        >>> negations_before(text, text.index("join"))
        2
    """
    return _ENGLISH.negations_before(text, start, max_words=max_words)


def verdict_after(text: str, start: int, end: int) -> bool:
    """Tell whether a negative verdict follows ``start`` before ``end``.

    "... is unacceptable", "... as an existential threat", "called ... a
    non-starter", "... must end": what stands before is rejected.

    Args:
        text: The sentence (or text).
        start: Where the judged phrase ends.
        end: The end of its clause.

    Example:
        >>> text = "the proposal for a 30-day truce was unacceptable"
        >>> verdict_after(text, text.index(" was"), len(text))
        True
        >>> verdict_after("a truce was agreed", 7, 18)
        False
    """
    return _ENGLISH.verdict_after(text, start, end)


def negated(text: str, start: int, *, max_words: int = 8) -> bool:
    """Whether the phrase at ``start`` is negated: an odd `negations_before`.

    Args:
        text: The sentence (or text) the phrase is in.
        start: The offset where the phrase starts.
        max_words: How far a negation reaches, in words.

    Returns:
        True when an odd number of negations are in scope.

    Example:
        >>> text = "The Ukrainian proposal includes a pledge not to join NATO"
        >>> negated(text, text.index("join NATO"))
        True
        >>> negated(text, text.index("proposal"))
        False
    """
    return _ENGLISH.negated(text, start, max_words=max_words)
