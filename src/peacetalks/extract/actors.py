"""Find mentions of actors and speakers in text, driven by a lexicon.

An `ActorFinder` turns every surface form in a `Lexicon` (actor names,
aliases and adjectives; speaker names and spelling variants) into one
compiled regular expression, and `ActorFinder.find` returns the mentions in a
text as `Mention` objects with exact offsets.  Nothing here knows about any
particular conflict: another lexicon finds another conflict's parties.

The rules, all derived from how a name is written in the lexicon:

- Case.  A lexicon word of at most three letters written all in capitals is
  an acronym and matches only as written, so the pronoun "us" is not the
  ``US`` and "un" is not the ``UN``.  Another word that starts with a capital
  must start with a capital in the text but is otherwise case-insensitive
  (``NATO`` matches "Nato" and "NATO", ``Kremlin`` matches "KREMLIN", but
  ``Trump`` does not match "trump" and ``Turkey`` not "turkey").  A word
  written in lower case ("the alliance") matches in any case.
- Boundaries.  A mention never starts or ends inside a word: "Russians" is not
  the adjective "Russian", but "anti-Russian" contains it.
- Longest match.  At each position the longest form wins ("Russian
  Federation" over "Russian", "Vladimir Putin" over "Putin"), and matches do
  not overlap: "Russian President Vladimir Putin" is an adjective mention
  followed by a speaker mention.
- A leading "the".  An alias such as ``the Kremlin`` whose next word is
  capitalised also matches without "the", and the mention covers only
  "Kremlin"; it is skipped after another capitalised word, so ``the Union``
  does not fire on "Soviet Union".  An alias such as ``the alliance`` whose
  next word is lower case needs its "the", which the mention covers.
- Accents.  Every form also matches with its accents removed ("Élysée" and
  "Elysee").
- Possessives.  An actor's name or alias followed by ``'s`` (straight or curly) is a
  mention of kind ``"possessive"`` whose span *includes* the ``'s``
  ("Kremlin's").  A speaker's possessive ("Putin's") stays a ``"speaker"``
  mention and the span covers the name only.
- Misspelt surnames.  A capitalised word of six or more letters that nothing
  else matched is compared with the speakers' surnames of six or more
  letters that share its first letter and differ in length by at most one; if
  exactly one speaker is within Damerau-Levenshtein distance 1 (optimal
  string alignment), the word is a ``"speaker"`` mention ("Zelenksy").

Example:
    >>> finder = ActorFinder()
    >>> for mention in finder.find("Russian President Vladimir Putin told us "
    ...                            "the Kremlin's terms for Kyiv."):
    ...     print(mention.text, mention.actor, mention.speaker, mention.kind)
    Russian Russia None adjective
    Vladimir Putin Russia Vladimir Putin speaker
    Kremlin's Russia None possessive
    Kyiv Ukraine None alias
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from peacetalks.extract.scan import Recent, alternation_by_first, compile_once
from peacetalks.extract.sentences import Span
from peacetalks.grammar import Grammar
from peacetalks.lexicon import Actor, Lexicon, Speaker

__all__ = [
    "KINDS",
    "ActorFinder",
    "Mention",
    "list_head",
    "listed_with",
    "owner_of",
    "owns",
]

#: The kinds of mention, in the order the module docstring explains them.
KINDS = ("name", "alias", "adjective", "possessive", "speaker")

#: Shortest surname (and word) the misspelling tolerance applies to.
_FUZZY_MIN = 6

#: Acronyms of at most this many letters match case-sensitively.
_ACRONYM_MAX = 3

#: How far back to look for the word before a "the"-less form.
_WINDOW = 40

_APOSTROPHES = "'\u2019"
_POSSESSIVE = re.compile(r"['\u2019]s(?!\w)")
#: How many words `ActorFinder` remembers the closest speaker (or the
#: entry of a matched form) of.
_CLOSEST_MAX = 4096
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\s+\Z")
# How far an owner may stand before what it owns ("Kyiv's long-standing
# bid to join"), in characters: bounded, so that finding owners stays linear
_OWNED_GAP = 60
# ... and an authoring suffix ("-sponsored") before it
_OWNER_REACH = _OWNED_GAP + 12
_GAP_WORD = re.compile(r"[\w'\u2019\-]+")


@attrs.frozen
class _Links:
    """The words that tie a party to what it owns or to other parties.

    Compiled once per grammar.
    """

    #: "a U.S.-backed proposal", "the Turkish-brokered deal": the party
    #: authors it (``parties.authoring``).
    authoring: re.Pattern[str]
    #: What joins the parties of a list: "Britain and France", "Kyiv, the
    #: US and" (``parties.after_comma``, ``parties.conjunctions``,
    #: ``parties.articles``).
    glue: re.Pattern[str]
    #: The first words of the conjunctions: a list ends in one of them.
    conjunctions: frozenset[str]


@functools.lru_cache(maxsize=16)
def _links(grammar: Grammar) -> _Links:
    conjunctions = grammar["parties.conjunctions"]
    return _Links(
        re.compile(rf"-{grammar['parties.authoring'].regex()}(?!\w)", re.IGNORECASE),
        re.compile(
            rf"(?:\s*,\s*(?:{grammar['parties.after_comma'].regex()}\s+)?"
            rf"|\s+{conjunctions.regex()}\s+)(?:{grammar['parties.articles'].regex()}\s+)?",
            re.IGNORECASE,
        ),
        frozenset(word.split()[0] for word in conjunctions.folded()),
    )


_GAP_PUNCTUATION = re.compile(r"[,.;:!?\u201c\u201d\"\u00ab\u00bb()\u2013\u2014]")


@attrs.frozen
class Mention(Span):
    """A mention of an actor or a speaker: ``text == source[start:end]``.

    Attributes:
        actor: The canonical name of the party the mention stands for; a
            speaker resolves to their actor; ``None`` for an analyst.
        speaker: The canonical name of the speaker when the mention is a
            person, else ``None``.
        kind: ``"name"`` (the actor's canonical name), ``"alias"``,
            ``"adjective"``, ``"possessive"`` (a name or alias with ``'s``,
            included in the span) or ``"speaker"``.

    Example:
        >>> Mention(0, 4, "Kyiv", "Ukraine", None, "alias").text
        'Kyiv'
    """

    actor: str | None
    speaker: str | None
    kind: str


def owns(
    text: str,
    mention: Mention,
    start: int,
    *,
    words: int = 2,
    grammar: Grammar | None = None,
) -> bool:
    """Tell whether a party's possessive or adjective owns the word at ``start``.

    The owner stands before the word with at most ``words`` words between
    and no punctuation: "Ukraine's neutrality", "the Russian peace proposal"; a
    name owns what it backs, brokers, leads or drafts: "a U.S.-backed plan".

    Args:
        text: The text both are in.
        mention: A mention before ``start``.
        start: Where the owned word starts.
        words: How many words may stand between.
        grammar: Where the authoring words come from (``parties.authoring``);
            English if None.

    Example:
        >>> text = "the Russian peace proposal"
        >>> russian = Mention(4, 11, "Russian", "Russia", None, "adjective")
        >>> owns(text, russian, text.index("proposal"))
        True
        >>> owns("Russia, then a proposal", Mention(0, 6, "Russia", "Russia",
        ...      None, "possessive"), 15)
        False
        >>> text = "a U.S.-backed truce"
        >>> us = Mention(2, 6, "U.S.", "United States", None, "name")
        >>> owns(text, us, text.index("truce"))
        True
    """
    end = mention.end
    if mention.kind in ("name", "alias"):
        links = _links(Grammar.default() if grammar is None else grammar)
        authoring = links.authoring.match(text, end)
        if authoring is None:
            return False
        end = authoring.end()
    elif mention.kind not in ("possessive", "adjective"):
        return False
    if not 0 <= start - end <= _OWNED_GAP:
        return False
    between = text[end:start]
    return len(_GAP_WORD.findall(between)) <= words and not _GAP_PUNCTUATION.search(
        between
    )


def owner_of(
    text: str,
    mentions: Sequence[Mention],
    ends: Sequence[int],
    at: int,
    *,
    words: int = 2,
    grammar: Grammar | None = None,
) -> Mention | None:
    """The party mention that `owns` the word at ``at``, if any.

    Only the mentions ending just before the word can own it; they are
    found by bisection, so asking for every word of a sentence stays linear.

    Args:
        text: The text of the mentions.
        mentions: The mentions of ``text``, in order (as `ActorFinder.find`
            returns them).
        ends: ``[m.end for m in mentions]``, computed once by the caller.
        at: Where the owned word starts.
        words: How many words may stand between (see `owns`).
        grammar: Where the authoring words come from; English if None.

    Example:
        >>> text = "Kyiv rejected Moscow's demand."
        >>> mentions = ActorFinder().find(text)
        >>> ends = [m.end for m in mentions]
        >>> owner_of(text, mentions, ends, text.index("demand")).actor
        'Russia'
        >>> owner_of(text, mentions, ends, text.index("rejected")) is None
        True
    """
    first = bisect.bisect_left(ends, at - _OWNER_REACH)
    last = bisect.bisect_right(ends, at)
    for mention in reversed(mentions[first:last]):
        if mention.actor is not None and owns(
            text, mention, at, words=words, grammar=grammar
        ):
            return mention
    return None


def listed_with(
    text: str,
    mentions: Sequence[Mention],
    index: int,
    *,
    grammar: Grammar | None = None,
) -> tuple[str, ...]:
    """The parties listed before ``mentions[index]`` as one subject with it.

    "*Britain and France* have offered", "*Ukraine, the US and* European
    allies back": the list ends in "and" (or "as well as", "&") right
    before the mention; "According to Egyptian officials, Israel" is no
    list.

    Args:
        text: The text of the mentions.
        mentions: The mentions of ``text``, in order.
        index: The mention that ends the list.
        grammar: Where the words that join a list come from
            (``parties.conjunctions``...); English if None.

    Returns:
        The actors of the other parties of the list, in text order, without
        the mention's own actor; empty when there is no list.

    Example:
        >>> text = "Britain and France have offered troops."
        >>> mentions = ActorFinder().find(text)
        >>> listed_with(text, mentions, 1)
        ('United Kingdom',)
        >>> listed_with("Russia, Ukraine agreed", ActorFinder().find(
        ...     "Russia, Ukraine agreed"), 1)
        ()
    """
    last = mentions[index]
    partners: list[str] = []
    for mention in _listed_before(text, mentions, index, grammar):  # nearest first
        actor = mention.actor
        if actor is not None and actor != last.actor and actor not in partners:
            partners.insert(0, actor)
    return tuple(partners)


def list_head(
    text: str,
    mentions: Sequence[Mention],
    index: int,
    *,
    grammar: Grammar | None = None,
) -> Mention:
    """The first party of the list that ``mentions[index]`` ends (`listed_with`).

    The mention itself when it ends no list: whatever governs the list
    ("the leaders *of* France and Germany") governs each of its parties.

    Example:
        >>> text = "talks with Britain and France"
        >>> list_head(text, ActorFinder().find(text), 1).text
        'Britain'
    """
    listed = _listed_before(text, mentions, index, grammar)
    return listed[-1] if listed else mentions[index]


def _listed_before(
    text: str, mentions: Sequence[Mention], index: int, grammar: Grammar | None
) -> list[Mention]:
    """The mentions listed before ``mentions[index]``, nearest first."""
    links = _links(Grammar.default() if grammar is None else grammar)
    last = mentions[index]
    listed: list[Mention] = []
    later = last
    for mention in reversed(mentions[:index]):
        if mention.actor is None or mention.kind not in ("name", "alias"):
            break
        glue = links.glue.fullmatch(text, mention.end, later.start)
        if glue is None or (
            later is last and not links.conjunctions & set(glue.group().split())
        ):
            break
        listed.append(mention)
        later = mention
    return listed


@attrs.frozen
class _Entry:
    """What one surface form stands for."""

    actor: str | None
    speaker: str | None
    kind: str  # "name", "alias", "adjective" or "speaker"
    after_capital_ok: bool = True  # False for a "the"-less form of "the X"


def _strip_accents(text: str) -> str:
    """Remove combining marks and fold the Turkish dotless i."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def _fold(text: str) -> str:
    """Fold a word for comparison: accents, case, curly apostrophes."""
    return _strip_accents(text).casefold().replace("\u2019", "'")


def _lookup_key(text: str) -> str:
    """The key of a form or of the text it matched: case, spaces, apostrophes.

    It folds exactly what the pattern of a form lets vary, so the text a
    pattern matched has the key of the form it came from.
    """
    return " ".join(text.casefold().split()).replace("\u2019", "'")


def _is_acronym(word: str) -> bool:
    """Whether ``word`` is a short all-capitals acronym such as US or E.U."""
    letters = [c for c in word if c.isalpha()]
    return (
        0 < len(letters) <= _ACRONYM_MAX
        and all(c.isupper() for c in letters)
        and all(c.isalnum() or c == "." for c in word)
    )


def _escape(text: str) -> str:
    """Escape ``text`` for a pattern, letting any apostrophe match either."""
    return "".join(
        f"[{_APOSTROPHES}]" if char in _APOSTROPHES else re.escape(char)
        for char in text
    )


def _word_pattern(word: str) -> str:
    """The pattern for one word of a form, following the case rules."""
    if _is_acronym(word):
        return _escape(word)
    if word[0].isupper():
        rest = f"(?i:{_escape(word[1:])})" if len(word) > 1 else ""
        return _escape(word[0]) + rest
    return f"(?i:{_escape(word)})"


def _form_pattern(form: str) -> str:
    r"""The pattern for a whole form: its words joined by ``\s+``."""
    return r"\s+".join(_word_pattern(word) for word in form.split())


def _first_and_rest(form: str, pattern: str, cases: str) -> tuple[str, str] | None:
    """Split a form's pattern into the characters it opens with and the rest.

    ``[chars]rest`` matches what `_gated` makes of the form: the first
    character as written (a capital or an acronym's first letter), or, for
    a lower-case word, each of the ``cases`` it matches regardless of case.
    None when the pattern opens with something else (a lower-case word's
    apostrophe).
    """
    if not pattern.startswith("(?i:"):
        first = _escape(form[0])
        if form[0] in cases and pattern.startswith(first):
            chars = _APOSTROPHES if form[0] in _APOSTROPHES else form[0]
            return chars, pattern[len(first) :]
        return None
    word = form.split()[0]
    head = "(?i:" + _escape(word) + ")"
    if not pattern.startswith(head) or word[0] in _APOSTROPHES:
        return None
    first_case = re.compile(re.escape(word[0]), re.IGNORECASE)
    matching = "".join(case for case in cases if first_case.fullmatch(case))
    rest = "(?i:" + _escape(word[1:]) + ")" if len(word) > 1 else ""
    return matching, rest + pattern[len(head) :]


def _gated(form: str, pattern: str, cases: str) -> str:
    """``(?=[cases])(?:pattern)`` as a pattern that opens with a character.

    The regex engine skips an alternative that opens with a literal or a
    class without entering it; one that opens with a look-ahead costs a
    call.  A form's pattern opens with its first character (a capital or
    an acronym's first letter, which ``cases`` holds), or with ``(?i:`` for
    a lower-case word: that character becomes the class of the ``cases``
    it matches regardless of case.  Anything else keeps its look-ahead.
    """
    split = _first_and_rest(form, pattern, cases)
    if split is None:
        return f"(?=[{re.escape(cases)}])(?:{pattern})"
    if not pattern.startswith("(?i:"):
        return pattern
    matching, rest = split
    return f"[{re.escape(matching)}]{rest}"


def _dispatched(alternatives: dict[str, list[str]]) -> str:
    r"""One alternation per first character, each opening with that character.

    ``alternatives`` maps a character to the rests of the forms that open
    with it, in the order the forms are tried.  Every branch of the result
    opens with a literal, so the regex engine skips at C speed to the
    characters some form starts with (a pattern that opens with ``(?<!\w)``
    is entered at every position) and passes over the branches of other
    characters there without entering them; ``(?<!\w.)``, after that
    character, is the ``(?<!\w)`` before it.

    >>> _dispatched({"K": ["yiv", "remlin"]})
    '(?:K(?<!\\w.)(?:yiv|remlin))'
    """
    escaped = {re.escape(char): rests for char, rests in alternatives.items()}
    return "(?:" + alternation_by_first(escaped, after=r"(?<!\w.)") + ")"


def _surface_forms(lexicon: Lexicon) -> Iterator[tuple[str, _Entry]]:
    """Every form in ``lexicon`` and what it stands for; actors first."""
    for actor in lexicon.actors:
        yield from _actor_forms(actor)
    for speaker in lexicon.speakers:
        entry = _Entry(speaker.actor, speaker.name, "speaker")
        for name in speaker.names:
            yield name, entry


def _actor_forms(actor: Actor) -> Iterator[tuple[str, _Entry]]:
    """The forms of one actor, with a leading "the" handled."""
    groups = (
        ((actor.name,), "name"),
        (actor.aliases, "alias"),
        (actor.adjectives, "adjective"),
    )
    for forms, kind in groups:
        for form in forms:
            words = form.split()
            if (
                len(words) > 1
                and words[0].casefold() == "the"
                and words[1][0].isupper()
            ):
                yield (
                    " ".join(words[1:]),
                    _Entry(actor.name, None, kind, after_capital_ok=False),
                )
            else:
                yield form, _Entry(actor.name, None, kind)


def _misspellable(firsts: Iterable[str]) -> re.Pattern[str]:
    r"""The words of ``_FUZZY_MIN`` letters or more that may be a misspelt surname.

    Those that open with a capital whose lower case is one of ``firsts``
    (the first letters of the speakers' long surnames), or with a letter
    outside ASCII, whose folding (accents, ligatures) this leaves to the
    comparison.  The pattern opens with a class rather than a look-behind,
    so the regex engine skips to those letters at C speed instead of
    trying every position; ``(?<=[^\W\d_])`` after the first character
    keeps it a letter, and ``(?<!\w.)`` is the ``(?<!\w)`` before it.

    Example:
        >>> [m.group() for m in _misspellable("z").finditer("Zelenksy, Peskov")]
        ['Zelenksy']
    """
    capitals = sorted({f.upper() for f in firsts if f.isascii() and f.isalpha()})
    return re.compile(
        rf"[{''.join(capitals)}\x80-\U0010ffff](?<=[^\W\d_])(?<!\w.)"
        rf"[^\W\d_]{{{_FUZZY_MIN - 1},}}+(?!\w)"
    )


def _osa_within_one(word: str, other: str) -> bool:
    """Whether two strings are within optimal-string-alignment distance 1.

    Example:
        >>> _osa_within_one("zelenksy", "zelensky"), _osa_within_one("ab", "ba")
        (True, True)
        >>> _osa_within_one("podolyak", "podoliak"), _osa_within_one("abc", "cab")
        (True, False)
    """
    if word == other:
        return True
    if abs(len(word) - len(other)) > 1:
        return False
    prefix = 0
    limit = min(len(word), len(other))
    while prefix < limit and word[prefix] == other[prefix]:
        prefix += 1
    a, b = word[prefix:], other[prefix:]
    if len(a) == len(b):
        return a[1:] == b[1:] or (
            len(a) >= 2 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:]
        )
    if len(a) > len(b):
        return a[1:] == b
    return a == b[1:]


class ActorFinder:
    """Find mentions of a lexicon's actors and speakers in text.

    The finder is built once: every surface form is compiled into a single
    regular expression (an alternation per first letter, longest form first,
    with no nested repetition, so matching never backtracks catastrophically)
    and the speakers' long surnames are indexed by first letter and length
    for the misspelling tolerance.  See the module docstring for the rules.

    Args:
        lexicon: The lexicon to draw names from; the bundled default when
            ``None``.

    Example:
        >>> finder = ActorFinder()
        >>> [(m.text, m.actor) for m in finder.find("Zelenksy met the U.S. envoy")]
        [('Zelenksy', 'Ukraine'), ('U.S.', 'United States')]
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = Lexicon.default() if lexicon is None else lexicon
        self._entries: dict[str, _Entry] = {}  # _lookup_key(form) -> entry
        by_letter: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for form, entry in _surface_forms(self.lexicon):
            for variant in dict.fromkeys((form, _strip_accents(form))):
                key = _lookup_key(variant)
                if key and key not in self._entries:
                    self._entries[key] = entry
                    pattern = _form_pattern(variant)
                    by_letter[variant[0].casefold()].append((variant, pattern))
        branches = []
        by_first: dict[str, list[str]] | None = {}
        for letter in sorted(by_letter):
            group = sorted(by_letter[letter], key=lambda t: (-len(t[0]), t[0]))
            firsts = {form[0] for form, _ in group}
            firsts |= {
                case for first in firsts for case in (first.upper(), first.lower())
            }
            cases = "".join(sorted(first for first in firsts if len(first) == 1))
            # each alternative opens with its own first character rather
            # than the group with a look-ahead: the same matches, faster
            gated = "|".join(_gated(form, pattern, cases) for form, pattern in group)
            branches.append(f"(?:{gated})")
            for form, pattern in group:
                split = _first_and_rest(form, pattern, cases)
                if split is None or by_first is None:
                    by_first = None
                    continue
                for char in split[0]:
                    by_first.setdefault(char, []).append(split[1])
        #: every form, tried in order after a word start: what `_exact` matches
        self._reference = compile_once(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)")
        # the same alternatives, dispatched on their first character (see
        # `_dispatched`); a form that opens otherwise keeps the reference
        self._pattern = (
            self._reference
            if not by_first
            else compile_once(_dispatched(by_first) + r"(?!\w)")
        )
        self._surnames: dict[tuple[str, int], list[tuple[str, Speaker]]] = defaultdict(
            list
        )
        seen: set[tuple[str, str]] = set()
        for speaker in self.lexicon.speakers:
            for name in speaker.names:
                surname = _fold(name.split()[-1])
                if len(surname) >= _FUZZY_MIN and (surname, speaker.name) not in seen:
                    seen.add((surname, speaker.name))
                    self._surnames[surname[0], len(surname)].append((surname, speaker))
        self._misspellable = _misspellable(first for first, _ in self._surnames)

        self._recent: Recent[tuple[Mention, ...]] = Recent()
        self._closest_to: dict[str, Speaker | None] = {}
        #: the entry of each text `_exact` matched lately
        self._entry_of: dict[str, _Entry | None] = {}

    def __repr__(self) -> str:
        return f"<ActorFinder for lexicon {self.lexicon.name!r}>"

    def __getstate__(self) -> dict[str, Any]:
        # what it remembers stays behind: a copy sent to a worker starts empty
        return {**self.__dict__, "_closest_to": {}, "_entry_of": {}}

    def find(self, text: str) -> list[Mention]:
        """Find every mention of an actor or speaker in ``text``.

        Args:
            text: Any text.

        Returns:
            The mentions, in order of position and never overlapping.

        Example:
            >>> finder = ActorFinder()
            >>> mentions = finder.find("Ukraine's allies, the alliance and us")
            >>> [(m.text, m.kind) for m in mentions]
            [("Ukraine's", 'possessive'), ('the alliance', 'alias')]
        """
        known = self._recent.get(text)
        if known is not None:  # the same sentence again: attribution, demands
            return list(known)
        mentions = self._fuzzy(text, list(self._exact(text)))
        self._recent.put(text, tuple(mentions))
        return mentions

    def _exact(self, text: str) -> Iterator[Mention]:
        """Mentions of forms as the lexicon writes them."""
        entry_of = self._entry_of
        for match in self._pattern.finditer(text):
            start, end = match.span()
            found = match.group()
            # the same few names come back sentence after sentence
            if found in entry_of:
                entry = entry_of[found]
            else:
                if len(entry_of) >= _CLOSEST_MAX:
                    entry_of.clear()
                entry = entry_of[found] = self._entries.get(_lookup_key(found))
            if entry is None:  # pragma: no cover - a case-folding corner
                continue
            if not entry.after_capital_ok:
                window = max(0, start - _WINDOW)
                previous = _PREVIOUS_WORD.search(text, window, start)
                if previous is not None:
                    word = previous.group(1)
                    if word[0].isupper() and word.casefold() != "the":
                        continue
            kind = entry.kind
            if kind in ("name", "alias"):
                possessive = _POSSESSIVE.match(text, end)
                if possessive is not None:
                    end, kind = possessive.end(), "possessive"
            yield Mention(start, end, text[start:end], entry.actor, entry.speaker, kind)

    def _fuzzy(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Add misspelt speaker surnames among the words nothing matched."""
        if not self._surnames:
            return mentions
        result: list[Mention] = []
        position = 0  # index into mentions
        for word in self._misspellable.finditer(text):
            value = word.group()
            if not value[0].isupper():
                continue
            start, end = word.span()
            while position < len(mentions) and mentions[position].end <= start:
                result.append(mentions[position])
                position += 1
            if position < len(mentions) and mentions[position].start < end:
                continue  # overlaps a mention already found
            speaker = self._closest(value)
            if speaker is not None:
                result.append(
                    Mention(start, end, value, speaker.actor, speaker.name, "speaker")
                )
        result.extend(mentions[position:])
        return result

    def _closest(self, word: str) -> Speaker | None:
        """The one speaker whose surname is within distance 1 of ``word``."""
        if word in self._closest_to:
            return self._closest_to[word]
        if len(self._closest_to) >= _CLOSEST_MAX:
            self._closest_to.clear()
        found = self._closest_to[word] = self._search_closest(word)
        return found

    def _search_closest(self, word: str) -> Speaker | None:
        folded = _fold(word)
        found: dict[str, Speaker] = {}
        for length in (len(folded) - 1, len(folded), len(folded) + 1):
            for surname, speaker in self._surnames.get((folded[0], length), ()):
                if _osa_within_one(folded, surname):
                    found[speaker.name] = speaker
        if len(found) == 1:
            return next(iter(found.values()))
        return None
