# ruff: noqa: RUF001 - news text has curly quotes and apostrophes
"""Who a title, a pronoun or a description stands for, over a whole article.

Attribution (`peacetalks.extract.attribution.attribute`) reads an article
once, sentence by sentence; these helpers give it three more kinds of
mention, from the grammar's ``references.*`` words:

- **Titled persons**: a party's adjective, possessive or name, then title
  words, then a capitalised name: "Turkish Foreign Minister Hakan Fidan",
  "Ukraine's chief negotiator Rustem Umerov".  The person speaks for the
  party even when the lexicon does not know them (a mention of kind
  ``"speaker"``), and their surname alone names them again later in the
  article ("..., Fidan said").
- **Pronouns** (``references.persons``: *he*, *she*) outside quotes, which
  stand for the last person named (`resolve_references`): a mention of
  kind ``"reference"`` with that person's actor and name.
- **Joint descriptions** (``references.joint``: "the two sides", "both
  delegations"), which stand for the lexicon's joint actor whose members
  were all named before (kind ``"reference"``).

Inside a quote a third-person pronoun stands for somebody the speaker talks
about, not for the speaker, and is left alone.

Example:
    >>> from peacetalks.extract.actors import ActorFinder
    >>> finder = ActorFinder()
    >>> text = "Turkish Foreign Minister Hakan Fidan spoke."
    >>> found = with_titled(text, finder.find(text), References.of(finder))
    >>> [(m.text, m.actor, m.kind) for m in found]
    [('Turkish', 'Turkey', 'adjective'), ('Hakan Fidan', 'Turkey', 'speaker')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from peacetalks.extract.actors import ActorFinder, Mention
from peacetalks.extract.sentences import Span
from peacetalks.grammar import Grammar, phrase_pattern

__all__ = [
    "REFERENCE",
    "References",
    "joint_named",
    "resolve_references",
    "with_titled",
]

#: The kind of a mention that stands for an antecedent named elsewhere.
REFERENCE = "reference"

#: The mention kinds a title after them can belong to.
_TITLE_OWNERS = ("adjective", "possessive", "name", "alias")
#: A capitalised word of a person's name ("Fidan", "Al-Thani", "O'Brien").
_NAME_WORD = r"[A-Z][a-z]*(?:[’'\-](?![st]\b)[A-Za-z]+)*[a-z](?!\w)"
_WORD = re.compile(r"\S+")
_NEXT_WORD = re.compile(r"\s+([\w\-]+)")


@attrs.frozen
class References:
    """The reference words of one grammar, compiled once, and the joint actors.

    Attributes:
        title: Title words then a name, right after a party's mention: the
            name is group ``name``.
        title_words: The title words, lower case (a title opens with one).
        unowned: A capitalised title then a name, anywhere: "Defence
            Minister Prabowo Subianto" of a party the lexicon lacks.
        persons: Person pronouns, or None when the grammar has none.
        joint: Joint descriptions, or None when the grammar has none.
        not_names: Capitalised words that are not names.
        joints: Each joint actor of the lexicon with its members.

    Example:
        >>> refs = References.of(ActorFinder())
        >>> refs.unowned.search("Deputy Minister Ana Kovac arrived.").group("name")
        'Ana Kovac'
        >>> refs.persons.search("Later she left.").group()
        'she'
    """

    title: re.Pattern[str]
    title_words: frozenset[str]
    unowned: re.Pattern[str]
    persons: re.Pattern[str] | None
    joint: re.Pattern[str] | None
    not_names: frozenset[str]
    joints: tuple[tuple[str, frozenset[str]], ...]
    #: The last words of the joint descriptions ("sides", "delegations"):
    #: a sentence without one of them has no joint description.
    joint_heads: re.Pattern[str] | None = None

    def may_join(self, text: str) -> bool:
        """Tell whether ``text`` may hold a joint description (a cheap test).

        >>> refs = References.of(ActorFinder())
        >>> refs.may_join("Both sides agreed."), refs.may_join("Kyiv agreed.")
        (True, False)
        """
        # the heads are lower case in running text ("Both sides")
        heads = self.joint_heads
        return (
            bool(self.joints) and heads is not None and heads.search(text) is not None
        )

    @classmethod
    def of(cls, actors: ActorFinder) -> References:
        """The references of an actor finder's lexicon (compiled once a grammar).

        >>> refs = References.of(ActorFinder())
        >>> ("Russia and Ukraine", frozenset({"Russia", "Ukraine"})) in refs.joints
        True
        """
        lexicon = actors.lexicon
        joints = tuple(
            (actor.name, frozenset(actor.members))
            for actor in lexicon.actors
            if actor.members
        )
        return attrs.evolve(_compiled(lexicon.grammar), joints=joints)


@functools.lru_cache(maxsize=16)
def _compiled(grammar: Grammar) -> References:
    titles = grammar["references.titles"]
    any_case = f"(?i:{titles.regex()})"
    # a name word is capitalised and no title word: "Foreign Ministry
    # Spokesperson Oleg Nikolenko"
    word = rf"(?!{any_case}(?!\w)){_NAME_WORD}"
    name = rf"(?P<name>{word}(?:\s+{word}){{0,2}})"
    capitalised = "|".join(
        phrase_pattern(title[:1].upper() + title[1:]) for title in titles.words
    )
    not_names = frozenset(
        (*grammar["references.not_names"].words, *grammar["dates.months"].words)
    )
    persons = grammar["references.persons"]
    joint = grammar["references.joint"]
    last_words = dict.fromkeys(phrase.split()[-1] for phrase in joint.folded())
    heads = re.compile("|".join(map(re.escape, last_words))) if last_words else None
    return References(
        re.compile(rf"\s+(?:{any_case}\s+){{1,5}}{name}"),
        titles.folded(),
        # no look-behind first: the engine skips to the titles' first letters
        re.compile(rf"(?:{capitalised})(?:\s+{any_case}){{0,4}}\s+{name}"),
        _words_first(persons.words) if persons.words else None,
        re.compile(rf"\b{joint.regex()}\b", re.IGNORECASE) if joint.words else None,
        not_names,
        (),
        heads,
    )


def _words_first(words: Sequence[str]) -> re.Pattern[str]:
    """Words in lower case or capitalised, then no word character.

    The branches open with literals, so the engine skips to their first
    letters; the caller checks that no word character comes before.
    """
    forms = dict.fromkeys(
        form for word in words for form in (word[:1].upper() + word[1:], word)
    )
    return re.compile("(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")


def with_titled(
    text: str,
    mentions: Sequence[Mention],
    references: References,
    known: dict[str, Mention] | None = None,
) -> list[Mention]:
    """The mentions of ``text`` with the persons named after a party's title.

    "Turkish Foreign Minister Hakan Fidan": the name after the title words
    (``references.titles``) is a person who speaks for the party.  Each
    such person's surname goes into ``known`` (when given), and a later
    surname alone ("Fidan said") is that person again.

    Args:
        text: A sentence.
        mentions: Its mentions (`ActorFinder.find`), in order.
        references: The grammar's reference words.
        known: Surnames of the titled persons named so far in the article,
            updated in place.

    Returns:
        The mentions and the persons, in order, never overlapping.

    >>> finder = ActorFinder()
    >>> refs, known = References.of(finder), {}
    >>> first = "Ukraine's chief negotiator Rustem Umerov arrived."
    >>> [m.speaker for m in with_titled(first, finder.find(first), refs, known)]
    [None, 'Rustem Umerov']
    >>> later = "Umerov said talks went well."
    >>> [(m.text, m.actor) for m in with_titled(later, finder.find(later), refs, known)]
    [('Umerov', 'Ukraine')]
    """
    titled: list[tuple[re.Match[str], str | None]] = []
    for mention in mentions:
        if mention.kind in _TITLE_OWNERS and mention.actor is not None:
            # most mentions are followed by no title: one word tells
            word = _NEXT_WORD.match(text, mention.end)
            if word is None or word.group(1).lower() not in references.title_words:
                continue
            match = references.title.match(text, mention.end)
            if match is not None:
                titled.append((match, mention.actor))
    for match in references.unowned.finditer(text):
        # of a party the lexicon lacks: the person speaks for nobody known
        before = text[match.start() - 1 : match.start()]
        if not (before.isalnum() or before in "’'-"):
            titled.append((match, None))
    again = [surname for surname in known or () if surname in text]
    if not (titled or again):
        return list(mentions)  # most sentences
    found: list[Mention] = []
    taken = [(m.start, m.end) for m in mentions]
    for match, actor in titled:
        words = list(_WORD.finditer(text, *match.span("name")))
        while words and words[-1].group() in references.not_names:
            words.pop()  # "Foreign Minister Hakan Fidan Thursday"
        if not words or words[0].group() in references.not_names:
            continue
        start, end = words[0].start(), words[-1].end()
        if any(s < end and start < e for s, e in taken):
            continue  # a speaker the lexicon knows: "President Vladimir Putin"
        name = " ".join(word.group() for word in words)
        person = Mention(start, end, text[start:end], actor, name, "speaker")
        found.append(person)
        taken.append((start, end))
        if known is not None and len(words) > 1:
            known[words[-1].group()] = person
    for surname in again:
        assert known is not None
        person = known[surname]
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            actor, speaker = person.actor, person.speaker
            found.append(Mention(start, end, surname, actor, speaker, "speaker"))
            taken.append((start, end))
    if not found:
        return list(mentions)
    return sorted([*mentions, *found], key=lambda m: m.start)


def resolve_references(
    text: str,
    mentions: Sequence[Mention],
    quotes: Sequence[Span],
    person: Mention | None,
    joint: str | None,
    references: References,
) -> tuple[Mention, ...]:
    """The pronouns and joint descriptions of one sentence, resolved.

    A person pronoun (``references.persons``) outside quotes stands for the
    first person named before it in the sentence, else for ``person`` (the
    person the article named last, as attribution tracks it); one that
    stands for an analyst, or for nobody, is no mention.  A joint
    description (``references.joint``) stands for ``joint``, the joint
    actor named before it (`joint_named`).

    Args:
        text: The sentence.
        mentions: Its mentions, in order.
        quotes: Its quoted passages (sentence-relative).
        person: The last person named before the sentence, or None.
        joint: The joint actor named before, or None.
        references: The grammar's reference words.

    Returns:
        Mentions of kind ``"reference"``, in order.

    >>> finder = ActorFinder()
    >>> refs = References.of(finder)
    >>> text = "Peskov spoke, then he rejected the plan."
    >>> found = resolve_references(text, finder.find(text), (), None, None, refs)
    >>> [(m.text, m.actor, m.speaker) for m in found]
    [('he', 'Russia', 'Dmitry Peskov')]
    >>> joint = joint_named(refs, {"Russia": 0, "Ukraine": 1})
    >>> text = "The two sides agreed."
    >>> [m.actor for m in resolve_references(text, (), (), None, joint, refs)]
    ['Russia and Ukraine']
    """
    found: list[Mention] = []
    if references.persons is not None:
        for match in references.persons.finditer(text):
            start = match.start()
            if start and text[start - 1].isalnum():
                continue  # "the", "Sheikh"
            if any(q.start <= start < q.end for q in quotes):
                continue
            antecedent = next(
                (
                    m
                    for m in mentions
                    if m.speaker is not None
                    and m.end <= start
                    and not any(q.start <= m.start < q.end for q in quotes)
                ),
                person,
            )
            if antecedent is None or antecedent.actor is None:
                continue
            actor, speaker = antecedent.actor, antecedent.speaker
            word = match.group()
            found.append(Mention(start, match.end(), word, actor, speaker, REFERENCE))
    if references.joint is not None and joint is not None:
        for match in references.joint.finditer(text):
            start, end = match.span()
            found.append(Mention(start, end, match.group(), joint, None, REFERENCE))
    found.sort(key=lambda m: m.start)
    return tuple(found)


def joint_named(references: References, named: dict[str, int]) -> str | None:
    """The joint actor named, or whose members were all named, the most recent.

    Args:
        references: The lexicon's joint actors (`References.of`).
        named: Each actor named so far, by the index of its last sentence.

    >>> refs = References.of(ActorFinder())
    >>> joint_named(refs, {"Russia": 0}), joint_named(refs, {"Russia": 0, "Ukraine": 2})
    (None, 'Russia and Ukraine')
    """
    best: tuple[int, str] | None = None
    for name, members in references.joints:
        if name in named:
            recency = named[name]
        elif all(member in named for member in members):
            recency = min(named[member] for member in members)
        else:
            continue
        if best is None or recency > best[0]:
            best = (recency, name)
    return None if best is None else best[1]
