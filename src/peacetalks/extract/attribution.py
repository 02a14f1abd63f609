# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""Who says what: speech tags and the speakers of quoted passages.

`attribute` reads an article's sentences and says, for each one, who speaks
in it.  The rules, in the order they are tried for a quoted passage:

1. **A speech tag right after the quote**: ``“...,” Lavrov said`` or
   ``“...,” said Lavrov`` (at most a few words between the closing mark and
   the verb).
2. **A speech tag right before the quote**: ``Lavrov said: “...”``,
   ``Lavrov told reporters that “...”``, ``according to Lavrov, “...”``.
3. **The speaker of the sentence**: any other speech tag of the sentence.
4. **The previous sentence**: a sentence that is only a quotation, with no
   tag of its own, continues the last quote's speaker (the quote of the
   sentence before: a run of quote-only paragraphs is one speaker's), or
   else the last person named in the two sentences before it ("a speaker
   named in the previous sentence"), not in a question or a quote: an
   interviewer's question, or a quote, names whom it talks about, not who
   answers.

A speech tag is a verb of the grammar's ``speech.verbs`` (*said*, *told*,
*according to*, *tweeted*...).  Its speaker is the mention right before it in its clause
(``Kremlin spokesman Dmitry Peskov said``; an appositive between name and
verb is skipped: ``Konstantin Malofeev, a Kremlin ally, said``), else the
first mention right after it (``said Kalin``, ``according to the
Kremlin``).  A person is preferred to a country when both are in reach.
Analysts are speakers too (their ``actor`` is ``None``): the caller decides
what their words count for.

Example:
    >>> from peacetalks.extract.actors import ActorFinder
    >>> from peacetalks.extract.sentences import split_sentences
    >>> text = ('“We want neutrality,” Peskov said. Talks went on. '
    ...         '“It is final.”')
    >>> sentences = split_sentences(text)
    >>> speech = attribute(text, sentences, ActorFinder())
    >>> [(s.speaker.speaker if s.speaker else None) for s in speech]
    ['Dmitry Peskov', None, None]
    >>> [[q.speaker.speaker for q in s.quotes if q.speaker] for s in speech]
    [['Dmitry Peskov'], [], ['Dmitry Peskov']]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from peacetalks.extract.actors import ActorFinder, Mention
from peacetalks.extract.cues import asked
from peacetalks.extract.references import References, joint_named, with_titled
from peacetalks.extract.scan import alternation_by_first
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.grammar import Grammar, phrase_pattern

__all__ = [
    "AGENT_NOUNS",
    "QuoteSpeaker",
    "SentenceSpeech",
    "agentive",
    "attribute",
    "find_speech_tags",
]

#: Nouns after an adjective or a possessive that make it stand for a party
#: that acts or speaks: "Russian officials", "Russia's military", "the
#: Ukrainian proposal" (not "the Ukrainian capital", "American media"): the
#: English grammar's ``speech.agent_nouns``.  A lexicon adds its own (the
#: default lexicon adds "kremlin").
AGENT_NOUNS: frozenset[str] = Grammar.default()["speech.agent_nouns"].folded()


@attrs.frozen
class _Speech:
    """The speech words of one grammar, compiled once."""

    tag: re.Pattern[str]
    #: The same tags after the non-word character before them, the tag in
    #: group 1 (see `_dispatch`), or None when a tag does not open with a
    #: plain character.
    tag_after: re.Pattern[str] | None
    #: The characters a tag opens with (read with `tag_after`).
    tag_openers: frozenset[str]
    pronouns: frozenset[str]
    agent_nouns: frozenset[str]
    #: Words that may stand between a speaker and the verb ("has also
    #: repeatedly"), not a determiner (``speech.determiners``).
    between: re.Pattern[str]
    #: Between a verb and a mention after it, these make the mention not its
    #: speaker: "told CNN that Ukraine...", "asked whether the US..."
    #: (``speech.not_speakers``).
    not_a_speaker_between: re.Pattern[str]


@functools.lru_cache(maxsize=16)
def _speech(grammar: Grammar) -> _Speech:
    verbs = grammar["speech.verbs"]
    tags = grammar["speech.tags"]
    # Speech verbs are lowercase only ("Said" opens names): no IGNORECASE.
    words = sorted({*verbs.words, *tags.words}, key=len, reverse=True)
    alternatives = [*(phrase_pattern(word) for word in words), *tags.patterns]
    tag = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    after = _dispatch(alternatives)
    determiners = grammar["speech.determiners"].regex()
    return _Speech(
        tag,
        None if after is None else re.compile(rf"\W({after})(?!\w)"),
        frozenset(alternative[:1] for alternative in alternatives),
        grammar["speech.pronouns"].folded(),
        grammar["speech.agent_nouns"].folded(),
        re.compile(rf"\A\s*(?:(?!{determiners}\b)[A-Za-z][\w'’\-]*\s+){{0,4}}\Z"),
        re.compile(rf",|\b{grammar['speech.not_speakers'].regex()}\b"),
    )


def _dispatch(alternatives: Sequence[str]) -> str | None:
    r"""The alternation of ``alternatives`` grouped by their first character.

    An alternation whose branches each open with a literal lets the regex
    engine rule a branch out on one character without entering it, and
    skip to the characters some branch opens with; the branches of one
    character keep their order, so the same branch wins.  None when a
    branch does not open with a plain character, one that no quantifier
    follows (or holds a ``|``, which grouping would split).

    >>> _dispatch(["said", "says", "told"])
    's(?:aid|ays)|t(?:old)'
    >>> _dispatch(["said", r"\w+ said"]), _dispatch(["says?"]), _dispatch(["s?aid"])
    (None, 's(?:ays?)', None)
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[:1]
        plain = first.isalnum() and alternative[1:2] not in ("*", "+", "?", "{")
        if not plain or "|" in alternative:
            return None
        groups.setdefault(first, []).append(alternative[1:])
    return alternation_by_first(groups)


#: Words allowed between a closing quote mark and the tag's verb or name.
_AFTER_QUOTE_WORDS = 8
#: How far (characters) from a speech verb its speaker may be: more than
#: the few words allowed between them.
_REACH = 400
#: Words allowed between a speech verb and a speaker named after it.
_AFTER_TAG_WORDS = 8
#: How far (characters) a tag before a quote may end from its opening mark.
_BEFORE_QUOTE_GAP = 40
#: How many words back from a verb its speaker may start.
_SUBJECT_WORDS = 14
#: Whether a clause ends in a stretch (only searched for, its match unread):
#: a stop, a quote mark, a line break, or a dash with whitespace on both
#: sides.  One class of those characters first, then what a dash needs
#: around it: the engine skips to them instead of entering a branch of
#: three at every position (``\s`` opened one).
_CLAUSE_STOP = re.compile(r"[.;:!?“”\"«»\n–—](?:(?<![–—])|(?<=\s.)(?=\s))")
_OPENING_MARK = re.compile(r"[“\"«]")
#: The marks that close a quote (`_quote_speaker` steps over its own).
_CLOSING_MARKS = frozenset('”"»')


@attrs.frozen
class QuoteSpeaker:
    """A quoted passage and who says it.

    Attributes:
        quote: The passage, without its quote marks (sentence-relative).
        speaker: The mention of the speaker (relative to the sentence where
            it was found, see ``in_sentence``), or ``None`` when unknown.
        in_sentence: Index of the sentence the speaker's mention is in.

    >>> from peacetalks.extract.actors import ActorFinder
    >>> from peacetalks.extract.sentences import split_sentences
    >>> text = '“We want neutrality,” Peskov said.'
    >>> speech = attribute(text, split_sentences(text), ActorFinder())
    >>> quote = speech[0].quotes[0]
    >>> quote.quote.text, quote.speaker.speaker, quote.in_sentence
    ('We want neutrality,', 'Dmitry Peskov', 0)
    """

    quote: Span
    speaker: Mention | None
    in_sentence: int


@attrs.frozen
class SentenceSpeech:
    """What one sentence reports, and who says it.

    Attributes:
        tags: The speech verbs of the sentence (sentence-relative).
        mentions: Every actor and speaker mention of the sentence, with
            the persons named after a party's title ("Turkish Foreign
            Minister Hakan Fidan").
        antecedent: The person named last before the sentence, for its
            pronouns (`peacetalks.extract.doc.Doc.references`).
        joint: The joint actor named before, for its joint descriptions.
        speaker: The mention speaking in the sentence, from its first tag
            that has one (sentence-relative), or ``None``.
        quotes: The sentence's quoted passages with their speakers.

    >>> from peacetalks.extract.actors import ActorFinder
    >>> from peacetalks.extract.sentences import split_sentences
    >>> text = '“We want neutrality,” Peskov said.'
    >>> speech = attribute(text, split_sentences(text), ActorFinder())
    >>> [tag.text for tag in speech[0].tags], speech[0].speaker.actor
    (['said'], 'Russia')
    """

    tags: tuple[Span, ...]
    speaker: Mention | None
    quotes: tuple[QuoteSpeaker, ...]
    mentions: tuple[Mention, ...] = ()
    #: The person a pronoun of the sentence stands for when no person is
    #: named before it in the sentence: the one named last before.
    antecedent: Mention | None = None
    #: The joint actor a joint description ("the two sides") stands for.
    joint: str | None = None


def find_speech_tags(text: str, grammar: Grammar | None = None) -> list[Span]:
    """The speech verbs in ``text``, lowercase only ("Said" opens names).

    "According to" may also open a sentence.  The verbs are the grammar's
    ``speech.verbs`` and ``speech.tags`` (English if ``grammar`` is None).

    Example:
        >>> [t.text for t in find_speech_tags("Peskov said, according to TASS.")]
        ['said', 'according to']
    """
    return _find_tags(text, _speech(Grammar.default() if grammar is None else grammar))


def _find_tags(text: str, speech: _Speech) -> list[Span]:
    """`find_speech_tags` with the grammar's speech words compiled."""
    if speech.tag_after is None:
        return [Span(m.start(), m.end(), m.group()) for m in speech.tag.finditer(text)]
    # A tag opens the text or follows a non-word character: `tag`, whose
    # look-behind the engine would try at every position, only at the
    # start; then `tag_after`, which it can skip to (a space, mostly).
    opening = speech.tag.match(text) if text[:1] in speech.tag_openers else None
    end = 0 if opening is None else opening.end()
    found = [Span(*m.span(1), m.group(1)) for m in speech.tag_after.finditer(text, end)]
    if opening is not None:
        found.insert(0, Span(0, end, opening.group()))
    return found


def agentive(text: str, mention: Mention, grammar: Grammar | None = None) -> bool:
    """Tell whether a mention can stand for a party that acts or speaks.

    Names, aliases and people can; an adjective or a possessive only before
    one of the grammar's ``speech.agent_nouns`` (`AGENT_NOUNS` if
    ``grammar`` is None) within three words.

    Example:
        >>> from peacetalks.extract.actors import ActorFinder
        >>> text = "Russian officials met at the Ukrainian border."
        >>> [agentive(text, m) for m in ActorFinder().find(text)]
        [True, False]
    """
    if mention.kind not in _DEPENDENT_KINDS:
        return True
    nouns = AGENT_NOUNS if grammar is None else _speech(grammar).agent_nouns
    return _before_agent_noun(text, mention, nouns)


#: The mention kinds that stand for a party only before an agent noun.
_DEPENDENT_KINDS = ("adjective", "possessive")


def _before_agent_noun(text: str, mention: Mention, nouns: frozenset[str]) -> bool:
    """Tell whether one of ``nouns`` is among the three words after ``mention``."""
    # the first three words (`str.split` splits at every run of whitespace)
    for word in text[mention.end : mention.end + 60].split(maxsplit=3)[:3]:
        folded = word.strip(",.;:!?\"“”'’()").lower()
        if not folded:
            return False
        if folded in nouns:
            return True
        if word[-1] in ",.;:!?":
            return False
    return False


def _reachable_before(text: str, mention: Mention, verb: Span, speech: _Speech) -> bool:
    """Tell whether ``mention`` can be the subject of ``verb`` (it is before it).

    Only adverbs and auxiliaries ("has also repeatedly"), a title run of
    other mentions, or an appositive between commas ("Malofeev, a Kremlin
    ally, said") may stand between them.
    """
    between = text[mention.end : verb.start]
    if _CLAUSE_STOP.search(between):
        return False
    if len(between.split()) > _SUBJECT_WORDS:
        return False
    stripped = between.strip()
    if stripped.startswith(",") and stripped.endswith(","):
        return True
    return speech.between.match(between) is not None


def _tag_speaker(
    text: str,
    tag: Span,
    mentions: Sequence[Mention],
    last_person: Mention | None,
    speech: _Speech,
) -> Mention | None:
    """The speaker of one speech tag: before it in its clause, else after it."""
    start, end = tag.start, tag.end
    previous = text[max(0, start - 12) : start].split()
    if previous and previous[-1].lower() in speech.pronouns:
        return last_person
    # Only mentions a few words away can reach the verb: bound the search,
    # so one huge sentence with many names stays linear.
    near = start - _REACH
    nouns = speech.agent_nouns
    # The subject is the first person of the run of mentions that reach the
    # verb ("Russia's lead negotiator, Vladimir Medinsky,"), else the last
    # of them; the tests are pure, so the first person ends the search.
    chosen = None
    for m in mentions:
        if (
            near <= m.end <= start
            and (m.kind not in _DEPENDENT_KINDS or _before_agent_noun(text, m, nouns))
            and _reachable_before(text, m, tag, speech)
        ):
            if m.speaker is not None:
                return m
            chosen = m
    if chosen is not None:
        return chosen
    # "said Kalin", "according to the Kremlin", "said a person familiar
    # with the preparations in the Kremlin": the first mention in reach
    for m in mentions:
        if end <= m.start <= end + _REACH:
            gap = text[end : m.start]
            if (
                len(gap.split()) <= _AFTER_TAG_WORDS
                and not _CLAUSE_STOP.search(gap)
                and not speech.not_a_speaker_between.search(gap)
            ):
                return m
    return None


def _quote_speaker(
    text: str,
    quote: Span,
    tags: Sequence[Span],
    speakers: Sequence[Mention | None],
) -> Mention | None:
    # 1. a tag just after the quote's closing mark; the mark itself is not
    # in the gap: a straight one (") would read as a new quote opening
    after = quote.end + (text[quote.end : quote.end + 1] in _CLOSING_MARKS)
    for tag, speaker in zip(tags, speakers, strict=True):
        if tag.start >= quote.end and speaker is not None:
            gap = text[after : tag.start]
            if len(gap.split()) <= _AFTER_QUOTE_WORDS and not _OPENING_MARK.search(gap):
                return speaker
            break
    # 2. a tag just before the opening mark
    for tag, speaker in zip(reversed(tags), reversed(speakers), strict=True):
        if tag.end <= quote.start and speaker is not None:
            if quote.start - tag.end <= _BEFORE_QUOTE_GAP:
                return speaker
            break
    return None


def attribute(
    text: str, sentences: Sequence[Sentence], actors: ActorFinder
) -> list[SentenceSpeech]:
    """Find who speaks in each sentence and who says each quoted passage.

    Args:
        text: The article text the sentences were cut from.
        sentences: ``split_sentences(text)``.
        actors: The finder for the lexicon's actors and speakers; its
            lexicon's grammar gives the speech verbs, pronouns and agent
            nouns.

    Returns:
        One `SentenceSpeech` per sentence, in order.  Offsets are relative
        to each sentence.

    >>> from peacetalks.extract.actors import ActorFinder
    >>> from peacetalks.extract.sentences import split_sentences
    >>> text = '“We want neutrality,” Peskov said.'
    >>> speech = attribute(text, split_sentences(text), ActorFinder())
    >>> len(speech), speech[0].speaker.speaker
    (1, 'Dmitry Peskov')
    """
    out: list[SentenceSpeech] = []
    last_quote: tuple[Mention, int] | None = None
    last_person: tuple[Mention, int] | None = None
    # the first person of the last sentence that named one: its subject,
    # mostly, whom a pronoun after it stands for
    first_person: tuple[Mention, int] | None = None
    last_speaker: Mention | None = None  # the last person a speech tag named
    last_speaker_at = -1  # and its sentence
    speech = _speech(actors.lexicon.grammar)
    references = References.of(actors)
    titled: dict[str, Mention] = {}  # the titled persons named so far
    named: dict[str, int] = {}  # each actor's last sentence
    for index, sentence in enumerate(sentences):
        body = sentence.text
        mentions = tuple(with_titled(body, actors.find(body), references, titled))
        has_person = False
        tags = tuple(_find_tags(body, speech))
        for mention in mentions:
            if mention.actor is not None:
                named[mention.actor] = index
            has_person = has_person or mention.speaker is not None
        base = sentence.start
        # what the sentence's pronouns and descriptions may stand for (they
        # are read only for the sentences a finder asks about)
        antecedent = _last_named(last_speaker, last_speaker_at, first_person)
        joint = joint_named(references, named) if references.may_join(body) else None
        if not tags and not sentence.quote_spans:
            # Most sentences: nobody speaks in them, and only the people
            # they name count for the sentences after them.
            out.append(
                SentenceSpeech(
                    (), None, (), mentions, antecedent=antecedent, joint=joint
                )
            )
            last_quote = None
        else:
            person = last_speaker or (
                last_person[0] if last_person is not None else None
            )
            speakers = [
                _tag_speaker(body, tag, mentions, person, speech) for tag in tags
            ]
            speaker = None  # the first tag's that has one
            for said in speakers:
                if said is not None:
                    speaker = said
                    break
            quotes: list[QuoteSpeaker] = []
            for quote_span in sentence.quote_spans:
                quote = Span(
                    quote_span.start - base, quote_span.end - base, quote_span.text
                )
                who = _quote_speaker(body, quote, tags, speakers)
                where = index
                if who is None and speaker is not None:
                    who = speaker
                if who is None and speaker is None and quote.start <= 1:
                    # a quote paragraph goes on, however many paragraphs
                    # (the sentence before quoted), or opens after its
                    # speaker was named
                    if last_quote is not None:
                        who, where = last_quote
                    elif last_person is not None and last_person[1] >= index - 2:
                        who, where = last_person
                quotes.append(QuoteSpeaker(quote, who, where))
                if who is not None:
                    last_quote = (who, where)
            out.append(
                SentenceSpeech(
                    tags,
                    speaker,
                    tuple(quotes),
                    mentions,
                    antecedent=antecedent,
                    joint=joint,
                )
            )
            if not quotes:
                last_quote = None
            for said in reversed(speakers):  # the last person a tag named
                if said is not None and said.speaker:
                    last_speaker, last_speaker_at = said, index
                    break
        if not has_person or asked(sentence):
            continue  # no person, or a question that names whom it asks about
        quoted = [(q.start - base, q.end - base) for q in sentence.quote_spans]
        # a person named inside a quote is talked about, not speaking
        people = [
            mention
            for mention in mentions
            if mention.speaker is not None
            and not (quoted and any(s <= mention.start < e for s, e in quoted))
        ]
        if people:
            last_person = (people[-1], index)
            first_person = (people[0], index)
    return out


def _last_named(
    speaker: Mention | None, speaker_at: int, person: tuple[Mention, int] | None
) -> Mention | None:
    """The person a pronoun stands for, from the last sentence naming one.

    The first person of that sentence (its subject, mostly: "Valtonen met
    Zelensky. She ..."); a speech tag's person wins over another named in
    the same sentence.
    """
    if person is not None and (speaker is None or person[1] > speaker_at):
        return person[0]
    return speaker
