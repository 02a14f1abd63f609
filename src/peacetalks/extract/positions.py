# ruff: noqa: RUF001 - news text has curly quotes and dashes
r"""Find positions: an actor's stance on an issue, with the words it rests on.

`extract_positions` reads an `Article` sentence by sentence.  Every issue
cue of the lexicon (`IssueMatcher`) is a candidate; it becomes a `Position`
when the text says **who** takes it and gives a **reason to read a
stance** in it.  Mentioning "Crimea" or "NATO" is not a position; "Russia
demands recognition of Crimea" and "“Never join NATO,” Lavrov said" are.

**Cues and polarity.**  An issue's ``cues`` name its proposition ("join
NATO"), its ``against`` phrases name the opposite ("barred from NATO");
``topics`` count only after one of the issue's ``anchors`` in the same
clause ("recognition of the annexation of Crimea and the two republics in
Donbass" is about both recognition issues; "fighting in Donbas" is not).
The stance is *supports* for a cue and *opposes* for an ``against`` phrase,
flipped by each negation in scope (`negations_before`: "never join NATO",
"prevent Ukraine from becoming a NATO member", "an end to NATO expansion")
and by a negative verdict after it in its clause ("views NATO membership
as an existential threat", "... is unacceptable").

**The act** is the first demand, offer, accept or reject word (`find_signals`)
before the cue in its clause, else the nearest one in an earlier clause;
nouns such as *terms*, *conditions*, *position* count as a demand.  Without
one, a cue said to be a condition ("lifting sanctions *is a precondition*
for talks") is a demand, else the act is a statement.  A later act word
that opens a second predicate ("refuses to hold elections, *and it
rejects* neutrality", "rejects a truce, *proposes* talks") governs the
cues after it instead, and the negations before it do not reach them.  A
negated offer rejects ("would *never agree to* limits"), a negated
rejection is a statement ("would *not rule out*"), and refusing what lacks
something demands it ("will not accept a deal *without* guarantees").

**The holder**, in this order:

1. the subject of the act word: the nearest party mention before it that
   can be a subject (not a preposition's or a verb's object, not the owner
   of the cue as in "*Ukraine's* neutrality", an adjective only before an
   agent noun: "*Russian* officials", "*Russian* terms");
2. for *must*, *should*, *mandatory*, *has to* and *needs to*
   (`peacetalks.extract.cues.DEONTIC`), whose subject is the one obliged,
   and when there is no subject: the speaker of the quote the cue is in, or
   of the sentence (`peacetalks.extract.attribution`);
3. in a list that continues ("Second, ...", "Third, ...") after a sentence
   in which someone laid out points, demands or conditions: that someone.

An act word that a party owns binds to it: "*Moscow's* demand", "the
*Russian* proposal", "a *U.S.*-backed plan" (a proposal is its author's,
whoever answers it).  Parties listed with the subject hold the position
too: "*Britain and France* have offered", "*Ukraine, the US and European
allies* back".  A reject word counts as a negation of the cue it governs
in its clause, however far from it.

A speaker stands for their actor; an analyst is not a party, so their own
opinions are not positions (what they say a party wants is: "the whole
point is to prevent Ukraine from becoming a NATO member," an analyst says
of the Russians).  A joint actor ("Kyiv and Moscow") gives one position per
member.

**Without an act word** a cue needs a reason: a negation in scope, a
negative verdict, a quote or a speech tag whose speaker is a party, or a
continuing list.

**Bargains**: in "X will A only if Y does B" (also *in exchange for*, *on
condition that*, *provided that*, *as long as*, and a plain *if* after an
offer: "ready to end the war *if* ...") B is what X asks in return
(X's demand, hypothetical) and A is X's offer, whoever the subject of B is;
when X *seeks* A in exchange for B, B is what X offers.
A negation does not reach across the bargain, nor into a clause opened by
*before*, *after*, *until*, *because*...

Three constructions add positions across clauses and sentences:

* *Aspirations*: "Kyiv's *bid* to join the EU", "Ukraine's *NATO
  aspirations*": the owner supports the issue.
* *Relative clauses*: "join the EU, *which Moscow has previously viewed as
  unacceptable*" gives Moscow's stance on the issue before it.
* *Answers*: "NATO rejected *this demand*", "Kyiv accepted *the proposal*"
  answer the positions of the sentence before: a rejection takes the
  opposite stance, an acceptance the same.  In a run of answers each one
  answers the same positions, never the answers before it.  A pronoun
  right after the answer word ("Moscow rejected *it*") answers them too,
  and so it does the positions stated before it in its own sentence
  ("Kyiv proposed a truce, but Moscow rejected it").

**Modality** is hypothetical for *would*, *could*, *if*, *in exchange for*
(a condition) in the clause, reported-past for *previously*, *has long*...

Evidence is the clause the cue is in; the confidence says how the holder
was found (0.9 the subject of an act word, 0.8 a quote's or sentence's
speaker, 0.6 a list or relative clause, 0.5 an answer).

**The rules** are named functions (`peacetalks.extract.rules`) in ordered
tables: `POSITION_RULES` (the first that fires blocks a cue),
`HOLDER_RULES` (the first that names one holds it), `CONSTRUCTIONS` (each
may add another party's position), `MODALITY_RULES`; the act word is
``act.word`` and an answer's holder ``holder.answer``.

Example:
    >>> from peacetalks.model import Article
    >>> text = ("Ukraine offered to never join NATO in exchange for security "
    ...         "guarantees. “Russia will never accept foreign troops,” Peskov said.")
    >>> for p in extract_positions(Article(text=text)):
    ...     print(p.actor, p.stance.value, p.issue, p.act.value, p.modality.value)
    Ukraine opposes nato_membership offer hypothetical
    Ukraine supports security_guarantees demand hypothetical
    Russia opposes foreign_troops reject asserted
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence

import attrs

from peacetalks._version import __version__
from peacetalks.extract.actors import (
    ActorFinder,
    Mention,
    list_head,
    listed_with,
    owner_of,
    owns,
)
from peacetalks.extract.attribution import SentenceSpeech, agentive
from peacetalks.extract.cues import (
    SIGNAL_CATEGORIES,
    Agreements,
    IssueCue,
    IssueMatcher,
    IssueMatchers,
    Signal,
    Signals,
    asked,
)
from peacetalks.extract.doc import Annotator, CueHit, Doc
from peacetalks.extract.documents import DocumentFrame
from peacetalks.extract.references import REFERENCE
from peacetalks.extract.rules import (
    CONFIDENCE,
    Candidate,
    Step,
    describe,
    register,
    rule_id,
)
from peacetalks.extract.scan import CASE_EXTRAS, PhraseScanner
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.grammar import Category, Grammar
from peacetalks.lexicon import Issue, Lexicon
from peacetalks.model import (
    Act,
    Article,
    Evidence,
    Modality,
    Position,
    Producer,
    Stance,
)

__all__ = ["PRODUCER", "PositionFinder", "extract_positions"]

#: What made the positions this module returns.
PRODUCER = "peacetalks.extract.positions"

_ACTS = frozenset({"demand", "offer", "accept", "reject"})
#: The acts that answer a proposal.
_ANSWERS = frozenset({"accept", "reject"})

#: The letters a pattern opens with, before anything else.
_LETTERS = re.compile(r"[A-Za-z]+")
#: Characters `re.IGNORECASE` matches to an ASCII letter other than its own
#: two cases (the dotted and dotless i, the long s, the Kelvin sign).
_CASE_EXTRAS = frozenset("".join(CASE_EXTRAS.values()))


def _syntax(pattern: str) -> Iterator[tuple[int, int]]:
    """``(offset, depth)`` of each ``(``, ``)`` and ``|`` that is syntax in ``pattern``.

    The depth is that of the groups open before the character; escaped
    characters and those in classes are not syntax.
    """
    depth = i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":  # a class, up to its closing bracket
            i += 1
            i += pattern.startswith("^", i)
            i += pattern.startswith("]", i)
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char in "()|":
            depth -= char == ")"
            yield i, depth
            depth += char == "("
        i += 1


def _openings(pattern: str) -> list[str] | None:
    r"""Lower-case letters one of which every match of ``pattern`` opens with.

    The letters a pattern opens with, or those of each of its branches, or
    of each branch of the group it opens with (``(?:give|gave)\s+up``);
    a letter made optional by the quantifier after it is left out.  None
    when a branch opens with anything else.

    >>> _openings("demand(?:s|ed)?"), _openings("stops?|halt")
    (['demand'], ['stop', 'halt'])
    >>> _openings(r"(?:give|gave)\s+up"), _openings("(?:a|b)?c"), _openings(r"\w+")
    (['give', 'gave'], None, None)
    >>> _openings(r"a\|b[|]"), _openings("(?:a)|b"), _openings("(?:a)(?:b|c)")
    (['a'], ['a', 'b'], ['a'])
    """
    syntax = list(_syntax(pattern))
    bars = [at for at, depth in syntax if depth == 0 and pattern[at] == "|"]
    if bars:
        found: list[str] = []
        for low, high in zip([-1, *bars], [*bars, len(pattern)], strict=True):
            opening = _openings(pattern[low + 1 : high])
            if opening is None:
                return None
            found += opening
        return found
    if pattern.startswith("(?:"):
        close = next((at for at, depth in syntax if depth == 0 and at > 0), -1)
        if close < 0 or pattern[close + 1 : close + 2] in ("?", "*", "{"):
            return None
        return _openings(pattern[3:close])
    letters = _LETTERS.match(pattern)
    if letters is None:
        return None
    found_letters = letters.group()
    if pattern[letters.end() : letters.end() + 1] in ("?", "*", "{"):
        found_letters = found_letters[:-1]
    return [found_letters.lower()] if found_letters else None


@attrs.frozen
class _Gate:
    """A cheap test that a pattern cannot match a text: none of its words is in it.

    Every match of the pattern holds one of ``words`` (in any case); a
    text holding none of them, lowered, is one the pattern cannot match
    anywhere, so the regular expression, which is tried at every position
    of the text, need not run.  With ``words`` None the gate never closes.
    """

    words: tuple[str, ...] | None

    @classmethod
    def of(cls, category: Category) -> _Gate:
        """The gate of a pattern each of whose matches holds a match of ``category``."""
        words: list[str] = []
        for alternative in category.alternatives():
            opening = _openings(alternative)
            if opening is None:
                return cls(None)
            words += opening
        return cls(tuple(dict.fromkeys(words)) if words else None)

    def open(self, lowered: str | None) -> bool:
        """Whether the pattern may match the text whose `_lowered` form is given."""
        if self.words is None or lowered is None:
            return True
        # `map` with the bound method: no Python frame per word
        return any(map(lowered.__contains__, self.words))


def _lowered(text: str) -> str | None:
    """``text`` lower-cased for `_Gate.open`, or None if lowering may hide a word.

    A character that `re.IGNORECASE` matches to an ASCII letter of another
    shape (the long s to ``s``) does not lower to that letter; a text with
    one opens every gate.
    """
    if not text.isascii() and any(map(text.__contains__, _CASE_EXTRAS)):
        return None
    return text.lower()


@attrs.frozen
class _Language:
    """A grammar's words that positions read, compiled once per grammar."""

    grammar: Grammar
    signals: Signals
    #: Nouns that carry a holder's act: "Russia's terms" (``acts.nouns``).
    act_nouns: re.Pattern[str]
    #: After a cue, what makes it a demand: "... must be a key condition"
    #: (``acts.demand_after``).
    demand_after: re.Pattern[str]
    #: Words that make what follows a question or a perception, not a
    #: stance: "no signs that Putin is ready", "asked whether"
    #: (``questions.epistemic``).
    epistemic: re.Pattern[str]
    #: Words that open a conditional clause an act word does not reach
    #: into (``conditions.markers``).
    conditional: re.Pattern[str]
    #: After an offer word, what the offerer asks: "ready to ... *if*"
    #: (``conditions.offered``).
    offered_condition: re.Pattern[str]
    #: Words that open a clause a party must first fulfil: "until Russia
    #: pays" (``conditions.markers``, ``conditions.preconditions``).
    fulfilled: re.Pattern[str]
    #: A reporting verb under a negation: "did not mention", "would not
    #: say" (``negation.unsaid_leads``, ``negation.unsaid``).
    unsaid_phrase: re.Pattern[str]
    #: In an *if* clause, what leaves its condition unmet: "if Moscow
    #: *fails to* accept" (``conditions.unmet``).
    unmet: re.Pattern[str]
    #: ``conditions.preconditions``, lower case.
    preconditions: frozenset[str]
    #: A year narrated: as a determiner's modifier right before a cue
    #: ("Russia's *2014* annexation of Crimea", group ``owned``,
    #: ``history.determiners``), or opening a clause that narrates it
    #: ("since *2014, when* ...", ``history.openers``, group ``then``).
    narrated: re.Pattern[str]
    #: Words after an owner that make the owner a supporter ("Kyiv's bid
    #: to", ``aspirations.nouns``).
    aspiration: re.Pattern[str]
    #: Prepositions whose object is no subject (``subjects.prepositions``).
    prepositions: frozenset[str]
    #: ... unless it names the parties themselves: "between Kyiv and
    #: Moscow" (``subjects.joint_prepositions``).
    joint_prepositions: frozenset[str]
    #: Words that end the modifiers between a preposition and its object
    #: (``subjects.modifier_stops``).
    modifier_stops: frozenset[str]
    #: A third-person pronoun and at most three words, at the end of a
    #: stretch: the subject of an act word in a quote ("Maybe *he does
    #: not* want", ``references.others``).
    quoted_other: re.Pattern[str]
    #: The same pronoun opening a stretch: the subject of its clause.
    other_opening: re.Pattern[str]
    #: After an act noun: a participle and "by", then the act's author
    #: ("the proposals reportedly *made by* Trump's team",
    #: ``parties.proposed_by``); the author's words, group ``lead``.
    proposed_by: re.Pattern[str]
    #: A verb whose object is told to act, right before a mention:
    #: "urged Moscow to" (``subjects.directives``), or receives: "supply
    #: Kyiv with" (``subjects.recipients``), lower case.
    directives: frozenset[str]
    #: After a speech verb, the past of *will*, not a hypothetical:
    #: "officials said they would keep control" (``modality.reported_future``).
    reported_future: frozenset[str]
    #: The next point of a list: "Second, ..." (``lists.ordinals``).
    enumeration: re.Pattern[str]
    #: Laying out a list: "set out four conditions" (``lists.verbs``,
    #: ``lists.nouns``).
    list_intro: re.Pattern[str]
    #: "this demand", "the proposal" (``answers.determiners``,
    #: ``answers.nouns``).
    anaphor: re.Pattern[str]
    #: An accept or reject word and a pronoun for what was proposed:
    #: "rejected *it*" (``acts.accept``, ``acts.reject``, ``answers.pronouns``).
    answer_pronoun: re.Pattern[str]
    #: What may stand between a doer and its verb: "Kyiv must fully
    #: withdraw" (``subjects.gap``), after the doer's forces, if named
    #: ("Ukrainian troops must withdraw", ``subjects.forces``: group
    #: ``forces``).
    doer_gap: re.Pattern[str]
    #: A relative clause after a cue: ", which ..." (``relatives.pronouns``).
    which: re.Pattern[str]
    #: A second predicate with a pronoun subject: ", and it" (``predicates.
    #: conjunctions``, ``predicates.pronouns``).
    predicate_pronoun: re.Pattern[str]
    #: What joins a second predicate, right before its subject or its verb:
    #: ", and", "but", "," (``predicates.conjunctions``, ``parties.articles``).
    predicate_joint: re.Pattern[str]
    #: ", and" and at most two words before a cue: the subject of a second
    #: predicate ("..., and a truce is off the table", ``predicates.conjunctions``).
    comma_subject: re.Pattern[str]
    #: Words that make the verb after a party an infinitive (``predicates.infinitive``).
    infinitive: frozenset[str]
    #: The verb endings two act words of one subject share (``predicates.inflections``).
    inflections: tuple[str, ...]
    #: Verbs that negate what they govern, beyond the negations of
    #: `find_signals` (``negation.giving_up``).
    giving_up: re.Pattern[str]
    #: Negation words that do not negate the phrase after them
    #: (``negation.not_negating``).
    not_negation: re.Pattern[str]
    #: Verbs of saying whose negation negates nothing after them: "did not
    #: *mention* ..." (``negation.unsaid``).
    unsaid: re.Pattern[str]
    #: A participle after a comma starts a new scope for negation
    #: ("rejected this demand, underscoring that its open-door policy is
    #: nonnegotiable"), and so do the other side of a bargain ("never join
    #: NATO in exchange for security guarantees") and a subordinate clause
    #: ("never agree to end the war before Hamas is disarmed")
    #: (``negation.participles``, ``negation.breaks``).
    scope_break: re.Pattern[str]
    #: An act noun followed by these is a topic, not an act ("position on
    #: X", ``acts.topics``).
    topic_after: re.Pattern[str]
    #: Demand words that give no position its act ("mandatory entry",
    #: ``acts.not_positions``).
    not_position_acts: frozenset[str]
    #: The gates of the patterns above that are searched in whole stretches
    #: of a sentence: most sentences hold none of their words.
    gates: _Gates
    #: The negation words of `Signals.negations_before`, to tell at less
    #: cost that none stands before a cue; None when one of them may open
    #: with something other than a letter (see `_negation_words`).
    negation: PhraseScanner | None
    #: What opens a numbered or bulleted item: "1. ...", "• ..."
    #: (``lists.markers``).
    item: re.Pattern[str]
    #: What a party's heading line names: "Russia's *demands*"
    #: (``lists.heading_nouns``).
    heading_nouns: re.Pattern[str]


@attrs.frozen
class _Gates:
    """The `_Gate` of each pattern of `_Language` that a gate keeps closed."""

    act_nouns: _Gate
    demand_after: _Gate
    epistemic: _Gate
    conditional: _Gate
    preconditions: _Gate
    list_intro: _Gate
    anaphor: _Gate
    answer_pronoun: _Gate
    giving_up: _Gate
    not_negation: _Gate
    unsaid: _Gate

    @classmethod
    def of(cls, grammar: Grammar) -> _Gates:
        """The gates of the patterns `_language` compiles for ``grammar``."""
        return cls(
            _Gate.of(grammar["acts.nouns"]),
            _Gate.of(grammar["acts.demand_after"]),
            _Gate.of(grammar["questions.epistemic"]),
            _Gate.of(grammar["conditions.markers"]),
            _Gate.of(grammar["conditions.preconditions"]),
            _Gate.of(grammar["lists.nouns"]),
            _Gate.of(grammar["answers.nouns"]),
            _Gate.of(grammar["answers.pronouns"]),
            _Gate.of(grammar["negation.giving_up"]),
            _Gate.of(grammar["negation.not_negating"]),
            _Gate.of(grammar["negation.unsaid"]),
        )


#: A look-behind a pattern opens with: it sets where the pattern starts.
_LOOK_BEHIND = re.compile(r"\(\?<[=!]")


def _negation_words(signals: Signals) -> PhraseScanner | None:
    """`Signals.negation_words`, if each negation word opens with a letter.

    A pattern may open with a look-behind (``(?<=[a-z])n't``); what
    follows it must open with a letter.  Then no negation word starts in
    a run of spaces, and `_negations` need not scan the spaces it put in
    place of what lies before the holder.
    """
    negators = signals.grammar[SIGNAL_CATEGORIES["negation"]]
    for pattern in negators.alternatives():
        rest = pattern
        if _LOOK_BEHIND.match(pattern):
            # up to the look-behind's closing parenthesis
            close = next((a for a, depth in _syntax(pattern) if depth == 0 and a), -1)
            rest = pattern[close + 1 :] if close > 0 else ""
        if _openings(rest) is None:
            return None
    return signals.negation_words


@functools.lru_cache(maxsize=16)
def _language(grammar: Grammar) -> _Language:
    return _Language(
        grammar,
        Signals.of(grammar),
        grammar.words("acts.nouns"),
        grammar.words("acts.demand_after"),
        grammar.words("questions.epistemic"),
        grammar.words("conditions.markers"),
        grammar.words("conditions.offered"),
        grammar.words("conditions.markers", "conditions.preconditions"),
        re.compile(
            rf"(?<!\w)(?:{grammar.regex('negation.unsaid_leads')})"
            rf"(?:{grammar.regex('negation.unsaid')})(?!\w)",
            re.I,
        ),
        grammar.words("conditions.unmet"),
        grammar["conditions.preconditions"].folded(),
        re.compile(
            rf"(?P<owned>(?:['’]s|\b{grammar.regex('history.determiners')})\s+)?"
            rf"(?<!\d)(?:1[89]|20)\d\d(?P<then>,?\s+{grammar.regex('history.openers')}\b)?",
            re.I,
        ),
        grammar.words("aspirations.nouns"),
        grammar["subjects.prepositions"].folded(),
        grammar["subjects.joint_prepositions"].folded(),
        grammar["subjects.modifier_stops"].folded(),
        re.compile(
            rf"(?<!\w){grammar.regex('references.others')}"
            r"\s+(?:[\w'’]+\s+){0,3}\Z",
            re.I,
        ),
        re.compile(rf"[^\w]*{grammar.regex('references.others')}(?!\w)", re.I),
        re.compile(
            rf"\s+(?:[a-z]+ly\s+)?{grammar.regex('parties.proposed_by')}\s+by\s+"
            r"(?P<lead>(?:the\s+|[A-Z][\w.\-]*\s+){0,3})",
        ),
        grammar["subjects.directives"].folded()
        | grammar["subjects.recipients"].folded(),
        grammar["modality.reported_future"].folded(),
        re.compile(rf"\A[^\w]{{0,3}}{grammar.regex('lists.ordinals')}(?!\w)", re.I),
        re.compile(
            rf"(?<!\w){grammar.regex('lists.verbs')}\s+(?:\w+\s+){{0,4}}?"
            rf"{grammar.regex('lists.nouns')}(?!\w)",
            re.I,
        ),
        re.compile(
            rf"(?<!\w){grammar.regex('answers.determiners')}\s+(?:[\w'’\-]+\s+){{0,3}}?"
            rf"{grammar.regex('answers.nouns')}(?!\w)",
            re.I,
        ),
        re.compile(
            rf"(?<!\w)(?:{grammar.regex('acts.accept')}|{grammar.regex('acts.reject')})\s+"
            rf"{grammar.regex('answers.pronouns')}",
            re.I,
        ),
        re.compile(
            rf"(?P<forces>(?:['’]s)?\s+{grammar.regex('subjects.forces')})?"
            rf"\s+(?:{grammar.regex('subjects.gap')}\s+){{0,3}}",
            re.I,
        ),
        re.compile(rf"\W{{0,3}}{grammar.regex('relatives.pronouns')}\b", re.I),
        re.compile(
            rf"(?:,\s*|\s+){grammar.regex('predicates.conjunctions')}\s+"
            rf"{grammar.regex('predicates.pronouns')}(?!\w)",
            re.I,
        ),
        re.compile(
            rf"(?:,\s*(?:{grammar.regex('predicates.conjunctions')}\s+)?"
            rf"|\s+{grammar.regex('predicates.conjunctions')}\s+)"
            rf"(?:{grammar.regex('parties.articles')}\s+)?\Z",
            re.I,
        ),
        re.compile(
            rf",\s*{grammar.regex('predicates.conjunctions')}\s+(?:[\w'’\-]+\s+){{0,2}}\Z",
            re.I,
        ),
        grammar["predicates.infinitive"].folded(),
        tuple(
            sorted(grammar["predicates.inflections"].folded(), key=len, reverse=True)
        ),
        grammar.words("negation.giving_up"),
        re.compile(rf"(?<!\w){grammar.regex('negation.not_negating')}"),
        grammar.words("negation.unsaid"),
        re.compile(
            rf",\s+{grammar.regex('negation.participles')}\b"
            rf"|(?<!\w){grammar.regex('negation.breaks')}(?!\w)",
            re.I,
        ),
        re.compile(rf"\s+{grammar.regex('acts.topics')}\b", re.I),
        grammar["acts.not_positions"].folded(),
        _Gates.of(grammar),
        _negation_words(Signals.of(grammar)),
        re.compile(rf"\s*(?:{grammar.regex('lists.markers')})", re.I),
        grammar.words("lists.heading_nouns"),
    )


#: Words that may stand between a preposition and its object.
_MODIFIER = re.compile(r"[a-z][\w\-]*\Z")
_WORD = re.compile(r"[\w'’\-]+")
#: How many characters before a topic its anchor may start.
_ANCHOR_REACH = 120
#: The longest heading line, in characters and in words ("The Kremlin's
#: version").
_HEADING_LENGTH = 60
_HEADING_WORDS = 6
#: How many paragraphs a heading's holder reaches.
_HEADING_REACH = 3
#: How far before a cue a giving word makes a document's provision an offer
#: ("would *receive* security guarantees"), in characters.
_GIVING_REACH = 40
_PUNCTUATION = re.compile(r"[,.;:!?“”\"«»()–—]")


# -- the rules, in the order the finder tries them (see `peacetalks.extract.rules`)

describe("stance.cue", doc="A cue that names the issue: supports, before negations.")
describe(
    "stance.against",
    doc=(
        'An ``against`` phrase names the opposite ("barred from NATO"): '
        "opposes, before negations."
    ),
)
describe(
    "stance.topic",
    doc=(
        "A topic read after one of the issue's anchors in its clause: supports,"
        " before negations."
    ),
)


@attrs.frozen
class _Holder:
    """Who takes a position, and the rule that found them (the confidence)."""

    actor: str
    speaker: str | None
    rule: str
    mention: Mention | None = None
    where: int | None = None  # the sentence of the mention, if not this one
    # parties coordinated with the holder: "Britain and France offered"
    partners: tuple[str, ...] = ()

    def step(self, here: _Sentence) -> Step:
        """The step of the rule that found this holder."""
        why = f"held by {self.actor}"
        if not here.doc.tracing:
            return here.step(self.rule, 0, 0, why)
        if self.mention is None:
            return Step(self.rule, None, why)
        where = here.index if self.where is None else self.where
        mention = self.mention
        sentence = here.doc.sentences[where].text
        if sentence[mention.start : mention.end] != mention.text:
            # a pronoun's person, named in an earlier sentence
            return Step(self.rule, None, f"{why}, named earlier")
        return Step(
            self.rule, here.doc.to_article(where, mention.start, mention.end), why
        )


@attrs.frozen
class _Sentence:
    """One sentence and what is known about it (offsets sentence-relative)."""

    doc: Doc
    index: int
    sentence: Sentence
    speech: SentenceSpeech
    signals: tuple[Signal, ...]
    acts: tuple[Signal, ...]
    clauses: tuple[tuple[int, int], ...]
    ends: tuple[int, ...]  # where each mention ends, for `owner_of`
    language: _Language
    lowered: str | None  # the text for `_Gate.open`
    #: What is worked out once per sentence for every cue (`_modal_signals`).
    memo: dict[str, list[Signal]] = attrs.field(factory=dict, eq=False)
    #: The gates opened or found closed so far, by name (`may`).
    opened: dict[str, bool] = attrs.field(factory=dict, eq=False)
    #: The evidence of each clause quoted so far, by its span.
    quoted: dict[tuple[int, int], Evidence] = attrs.field(factory=dict, eq=False)
    #: The holder of the heading line the sentence is under (`_heading`).
    heading: _Holder | None = attrs.field(default=None, eq=False)
    #: Where the predicate of each act word opens (`_act_opening`), by its start.
    openings: dict[int, int] = attrs.field(factory=dict, eq=False)
    #: Whether each act word is negated (`_act_negated`), by its start.
    negated: dict[int, bool] = attrs.field(factory=dict, eq=False)
    #: The sentence's text (read by every rule: a field, not a property).
    text: str = attrs.field(init=False, eq=False)
    #: `subjects`, once worked out.
    merged: tuple[Mention, ...] | None = attrs.field(default=None, init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "text", self.sentence.text)

    def may(self, pattern: str) -> bool:
        """Whether the `_Language` pattern so named may match in the sentence.

        Its gate (`_Gates`) is asked once per sentence, however many cues.
        """
        found = self.opened.get(pattern)
        if found is None:
            gate: _Gate = getattr(self.language.gates, pattern)
            found = self.opened[pattern] = gate.open(self.lowered)
        return found

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.speech.mentions

    @property
    def subjects(self) -> tuple[Mention, ...]:
        """The mentions with the resolved pronouns and descriptions, in order."""
        if self.merged is None:
            references = self.doc.references(self.index)
            mentions = self.speech.mentions
            merged = (
                tuple(sorted((*mentions, *references), key=lambda m: m.start))
                if references
                else mentions
            )
            object.__setattr__(self, "merged", merged)
            return merged
        return self.merged

    def step(self, rule: str, start: int, end: int, why: str) -> Step:
        """A step of ``rule`` on the sentence-relative span ``start:end``."""
        return self.doc.step(self.index, rule, start, end, why)

    def blocked(
        self,
        cue: CueHit,
        steps: list[Step],
        rule: str,
        start: int,
        end: int,
        why: str,
    ) -> Candidate:
        """A cue that the rule ``rule`` blocked, with the steps before."""
        span = self.doc.to_article(self.index, cue.span.start, cue.span.end)
        return Candidate(
            "position", span, tuple(steps), None, self.step(rule, start, end, why)
        )

    def clause_of(self, position: int) -> int:
        for index, (start, end) in enumerate(self.clauses):
            if start <= position < end:
                return index
        return len(self.clauses) - 1

    def quote_at(self, position: int) -> Span | None:
        """The attributed quote around ``position``.

        A quoted phrase nobody is said to speak ("seeking “mandatory entry”
        into the EU") is part of the sentence, not a quote.
        """
        for quoted in self.speech.quotes:
            if quoted.quote.start <= position < quoted.quote.end:
                if quoted.speaker is None or len(quoted.quote.text.split()) < 4:
                    return None  # a scare quote: “neutral” status
                return quoted.quote
        return None


def extract_positions(
    article: Article, *, lexicon: Lexicon | None = None
) -> list[Position]:
    """Find the positions stated in ``article`` (rules in the module docstring).

    Builds a `PositionFinder` for the lexicon on every call; to read many
    articles, make one `PositionFinder` (or `peacetalks.extract.Extractor`)
    and reuse it.

    Args:
        article: The article to read.
        lexicon: The actors, speakers and issues; `Lexicon.default` if None.

    Returns:
        The positions in text order, each with the clause it rests on as
        evidence, dated by its own words where they give a date, else by
        ``article.published`` (`peacetalks.extract.timing`).

    Example:
        >>> from peacetalks.model import Article
        >>> text = "Kyiv rejected any cap on its army, Podolyak said."
        >>> [(p.actor, p.issue, p.stance.value, p.act.value, p.speaker)
        ...  for p in extract_positions(Article(text=text))]
        [('Ukraine', 'armed_forces_limits', 'opposes', 'reject', 'Mykhailo Podolyak')]
    """
    return PositionFinder(lexicon)(article)


def _issue_matcher(issues: Sequence[Issue], field: str) -> IssueMatcher | None:
    """A matcher over one cue field of the issues, or None when all are empty."""
    chosen = [
        Issue(issue.id, issue.proposition, cues=getattr(issue, field))
        for issue in issues
        if getattr(issue, field)
    ]
    return IssueMatcher(chosen) if chosen else None


class PositionFinder:
    """`extract_positions` with the lexicon compiled once, for many articles.

    Args:
        lexicon: The actors, speakers and issues; `Lexicon.default` if None.
        actors: An `ActorFinder` for the same lexicon, to share one.
        issues: An `IssueMatcher` for the same lexicon's ``cues``.

    Example:
        >>> from peacetalks.model import Article
        >>> find = PositionFinder()
        >>> [p.stance.value for p in find(Article(text="Kyiv wants a ceasefire."))]
        ['supports']
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        actors: ActorFinder | None = None,
        issues: IssueMatcher | None = None,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        lex = self.lexicon
        self._actors = actors if actors is not None else ActorFinder(lex)
        self._issues = issues if issues is not None else IssueMatcher(lex)
        self._language = _language(lex.grammar)
        self._against = _issue_matcher(lex.issues, "against")
        # One matcher for every topic phrase; a phrase may belong to several
        # issues ("Crimea"), each with its own anchors.
        topical = [i for i in lex.issues if i.topics and i.anchors]
        phrases = sorted({t for issue in topical for t in issue.topics})
        self._topic_issues = [
            [issue.id for issue in topical if phrase in issue.topics]
            for phrase in phrases
        ]
        self._topics = (
            IssueMatcher(
                [Issue(str(n), "", cues=(phrase,)) for n, phrase in enumerate(phrases)]
            )
            if phrases
            else None
        )
        # the cues, the against phrases and the topics: one pass a sentence
        self._scan = IssueMatchers([self._issues, self._against, self._topics])
        # the phrases that exclude an issue's cues: searched only in a
        # sentence with a cue of such an issue (most sentences have none)
        excludes = _issue_matcher(lex.issues, "excludes")
        # (prefiltered as the scan is: most of them start with common words)
        self._excludes = IssueMatchers([excludes]) if excludes else None
        #: each issue's excludes, lowercase: only a cue whose words one of
        #: them holds ("neutral" in "neutral party") sends for them
        self._excluding = {
            i.id: tuple(_squeezed(p) for p in i.excludes)
            for i in lex.issues
            if i.excludes
        }
        self._anchors = {
            issue.id: IssueMatcher([Issue(issue.id, "", cues=issue.anchors)])
            for issue in topical
        }
        # a long anchor reaches as far as it is long, and half the usual reach
        self._reach = {
            issue.id: max(
                _ANCHOR_REACH,
                *(len(anchor) + _ANCHOR_REACH // 2 for anchor in issue.anchors),
            )
            for issue in topical
        }
        self._members = {actor.name: actor.members for actor in lex.actors}
        # issues that are one party's act: (agent, the issue for another doer)
        self._agents = {
            issue.id: (issue.agent, issue.otherwise)
            for issue in lex.issues
            if issue.agent is not None
        }
        self._producer = Producer(PRODUCER, __version__)
        #: Reads articles into the documents this finder reads.
        self.annotator = Annotator(lex, actors=self._actors, issue_cues=self.cues)

    def __repr__(self) -> str:
        return f"<PositionFinder {self.lexicon.name!r}>"

    # -- cues ------------------------------------------------------------

    def cues(self, text: str) -> list[CueHit]:
        """The issue cues in ``text`` with their polarity, in order.

        Where a cue and an ``against`` phrase overlap, the longer wins (the
        ``against`` phrase on a tie): "barred from NATO" beats "NATO".  A
        cue that overlaps one of its issue's ``excludes`` phrases does not
        count: "a neutral party" names no neutral status.

        >>> finder = PositionFinder()
        >>> cues = finder.cues("Kyiv will join NATO.")
        >>> [(cue.span.issue, cue.polarity) for cue in cues]
        [('nato_membership', 1)]
        >>> [(cue.span.text, cue.polarity) for cue in finder.cues("barred from NATO")]
        [('barred from NATO', -1)]
        >>> finder.cues("China poses as a neutral party.")
        []
        """
        cues, against, topics = self._scan.find(text)
        found = [CueHit(cue, 1) for cue in cues]
        found += [CueHit(cue, -1) for cue in against]
        for topic in topics:
            for issue in self._topic_issues[int(topic.issue)]:
                anchors, reach = self._anchors[issue], self._reach[issue]
                if _anchored(text, topic, anchors, reach):
                    span = IssueCue(topic.start, topic.end, topic.text, issue=issue)
                    found.append(CueHit(span, 1, anchored=True))
        if self._excludes is not None and any(map(self._may_be_excluded, found)):
            (excludes,) = self._excludes.find(text)
            found = [cue for cue in found if not _excluded(cue.span, excludes)]
        # longest first; on a tie the ``against`` phrase (polarity -1) first
        found.sort(key=lambda c: (-(c.span.end - c.span.start), c.polarity))
        kept: list[CueHit] = []
        for cue in found:
            if all(
                cue.span.end <= k.span.start or k.span.end <= cue.span.start
                for k in kept
            ):
                kept.append(cue)
        kept.sort(key=lambda c: c.span.start)
        return kept

    def _may_be_excluded(self, cue: CueHit) -> bool:
        """Tell whether one of its issue's excludes holds the cue's words."""
        phrases = self._excluding.get(cue.span.issue, ())
        if not phrases:
            return False
        words = _squeezed(cue.span.text)
        return any(words in phrase for phrase in phrases)

    def _by_doer(self, here: _Sentence, cues: list[CueHit]) -> list[CueHit]:
        """Cues of one party's act, read by who does it (`Issue.agent`).

        "Moscow demanded that *Kyiv* withdraw its forces": the doer is not
        the issue's agent, so the cue is about the issue's ``otherwise``.
        """
        kept = []
        for cue in cues:
            agent, otherwise = self._agents.get(cue.span.issue, (None, None))
            doer = _doer(here, cue.span.start) if agent is not None else None
            if doer is None or agent in self._actors_of(doer):
                kept.append(cue)
            elif otherwise is not None:
                kept.append(
                    attrs.evolve(cue, span=attrs.evolve(cue.span, issue=otherwise))
                )
        return kept

    # -- the whole article -------------------------------------------------

    def __call__(
        self, article: Article, sentences: Sequence[Sentence] | None = None
    ) -> list[Position]:
        """The positions in ``article``, in text order.

        Args:
            article: The article to read.
            sentences: ``split_sentences(article.text)``, when the caller
                already has them.
        """
        return self.read(self.annotator.read(article, sentences))

    def read(self, doc: Doc) -> list[Position]:
        """The positions in an annotated document, in text order.

        >>> from peacetalks.model import Article
        >>> finder = PositionFinder()
        >>> doc = finder.annotator.read(Article(text="Kyiv wants a ceasefire."))
        >>> [p.issue for p in finder.read(doc)]
        ['ceasefire']
        """
        return [
            c.finding for c in self.candidates(doc) if isinstance(c.finding, Position)
        ]

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every issue cue read, as positions with their traces or blocked.

        >>> from peacetalks.model import Article
        >>> finder = PositionFinder()
        >>> doc = finder.annotator.read(Article(text="Kyiv wants a ceasefire."))
        >>> [s.rule for s in finder.candidates(doc)[0].steps]
        ['stance.cue', 'act.word', 'holder.act_subject', 'modality.asserted',
         'date.article']
        """
        out: list[Candidate] = []
        seen: set[tuple[str, str, Stance, int, int]] = set()
        # What an answer ("NATO rejected this demand") answers: the positions
        # of the last sentence that stated any.  Answers are never answered
        # in turn: "this demand" in a run of answers is still the demand, and
        # re-answering every answer would double the positions per sentence.
        previous: list[Position] = []
        previous_index = -10  # the last sentence that stated or answered them
        list_holder: tuple[_Holder, int] | None = None
        # the holder of a list a colon opened, while its items go on
        colon_list: _Holder | None = None
        # the holder of the heading line the paragraphs are under
        heading: _Holder | None = None
        under = 0  # the paragraphs under it so far
        language = self._language
        gates = language.gates
        for index, sentence in enumerate(doc.sentences):
            body = sentence.text
            cues = doc.cues(index)
            lowered = _lowered(body)
            if colon_list is not None and not _in_list(doc, index, language):
                colon_list = None
            if index and len(body) <= _HEADING_LENGTH and _heading_like(doc, index):
                heading = _heading(doc, index, language)  # a new section
                under = 0
            elif heading is not None and _paragraph_opens(doc, index):
                under += 1
                if under > _HEADING_REACH:
                    heading = None
            colon = body.rstrip().endswith(":") and _paragraph_ends(doc, index)
            enumerated = language.enumeration.match(_unquoted_start(body)) is not None
            if enumerated and list_holder is not None and list_holder[1] >= index - 3:
                list_holder = (list_holder[0], index)
            introduces = (
                gates.list_intro.open(lowered)
                and language.list_intro.search(body) is not None
            )
            answers = (
                not cues
                and index - previous_index <= 2
                and (
                    (
                        gates.anaphor.open(lowered)
                        and language.anaphor.search(body) is not None
                    )
                    or _answers_by_pronoun(language, lowered, body)
                )
            )
            if not (cues or introduces or answers or colon):
                continue  # most sentences: nothing to read further
            carried = list_holder[0] if enumerated and list_holder else None
            if carried is not None and list_holder and list_holder[1] != index:
                carried = None
            if carried is None:
                carried = colon_list
            here = self._read(doc, index, lowered, heading)
            if self._agents:
                cues = self._by_doer(here, cues)
            considered = list(self._sentence(here, cues, carried))
            if answers:
                considered = list(self._answers(here, previous))
            intro = self._list_intro(here) if introduces else None
            if intro is not None:
                list_holder = (intro, index)
            if colon:
                colon_list = intro or _colon_intro(here)
            found = []
            for candidate in considered:
                position = candidate.finding
                if isinstance(position, Position):
                    found.append(position)
                    key = (
                        position.actor,
                        position.issue,
                        position.stance,
                        *_span(position),
                    )
                    if key in seen:
                        continue
                    seen.add(key)
                out.append(candidate)
            if (
                found
                and not answers
                and any(a.kind in _ANSWERS for a in here.acts)
                and _answers_by_pronoun(language, lowered, body)
            ):
                # "Kyiv proposed a truce, but Moscow rejected it": what is
                # stated before the answer, by the cues before it
                answer = language.answer_pronoun.search(body)
                at = sentence.start + (answer.start() if answer else 0)
                before = [
                    c.finding
                    for c in considered
                    if isinstance(c.finding, Position) and c.span.end <= at
                ]
                out += self._answers(here, before, within=True)
            if found:
                if not answers:
                    previous = found
                previous_index = index
        return out

    def _read(
        self,
        doc: Doc,
        index: int,
        lowered: str | None,
        heading: _Holder | None = None,
    ) -> _Sentence:
        sentence = doc.sentences[index]
        said = doc.speech[index]
        base = sentence.start
        signals = doc.signals(index)
        language = self._language
        skip = language.not_position_acts
        acts = [s for s in signals if s.kind in _ACTS and s.text.lower() not in skip]
        if language.gates.act_nouns.open(lowered):
            acts += [
                Signal(m.start(), m.end(), m.group(), kind="demand")
                for m in language.act_nouns.finditer(sentence.text)
                if not language.topic_after.match(sentence.text, m.end())
            ]
        acts.sort(key=lambda s: (s.start, s.kind != "reject"))
        clauses = tuple((c.start - base, c.end - base) for c in sentence.clauses)
        return _Sentence(
            doc,
            index,
            sentence,
            said,
            signals,
            tuple(acts),
            clauses or ((0, len(sentence.text)),),
            tuple(m.end for m in said.mentions),
            self._language,
            lowered,
            heading=heading,
        )

    # -- one sentence --------------------------------------------------------

    def _sentence(
        self,
        here: _Sentence,
        cues: list[CueHit],
        carried: _Holder | None,
    ) -> Iterator[Candidate]:
        """Each cue of the sentence, read, then decided by the position rules.

        The first rule of `POSITION_RULES` that blocks a cue blocks its own
        position; unless the cue states nothing at all, the constructions
        (`CONSTRUCTIONS`) may still give others a position on it.
        """
        for n, cue in enumerate(cues):
            read = self._read_cue(here, cues, n, carried)
            block = None
            for rule in POSITION_RULES:
                block = rule(read)
                if block is not None:
                    yield here.blocked(
                        cue, list(block.trace), rule_id(rule), *block.where, block.why
                    )
                    break
            if block is None:
                yield from self._positions(here, cue, read.plan())
            elif block.silences:
                continue
            for construction in CONSTRUCTIONS:
                plan = construction(read)
                if plan is not None:
                    yield from self._positions(here, cue, plan)

    def _read_cue(
        self, here: _Sentence, cues: list[CueHit], n: int, carried: _Holder | None
    ) -> _CueReading:
        """What the position rules decide on for the ``n``-th cue."""
        cue = cues[n]
        start = cue.span.start
        steps = [
            here.step(_cue_rule(cue), start, cue.span.end, f"cue of {cue.span.issue!r}")
        ]
        cue_step = steps[0]
        quote = here.quote_at(start)
        region = (quote.start, quote.end) if quote is not None else (0, len(here.text))
        k = here.clause_of(start)
        act, holder, subject = self._act_and_holder(
            here, (start, cue.span.end), k, region, quote, carried, steps
        )
        until = _next_subject(here, cues, n) if n + 1 < len(cues) else None
        negations, verdict = _stance_flips(here, cue, k, subject, act, steps, until)
        last_in_clause = (
            n + 1 == len(cues) or here.clause_of(cues[n + 1].span.start) != k
        )
        return _CueReading(
            here,
            cue,
            k,
            quote,
            region,
            act,
            holder,
            negations,
            verdict,
            carried,
            last_in_clause,
            cue_step,
            tuple(steps),
        )

    def _act_and_holder(
        self,
        here: _Sentence,
        cue: tuple[int, int],
        k: int,
        region: tuple[int, int],
        quote: Span | None,
        carried: _Holder | None,
        steps: list[Step],
    ) -> tuple[Signal | None, _Holder | None, Mention | None]:
        """The act that governs a cue at ``start`` in clause ``k``, and who holds it.

        The act word (`_act_word`, else `_demand_after`) and the holder
        rules, then the bargain rules, which may give the act and the holder
        to the bargain's asker.
        """
        start = cue[0]
        act = _act_word(here, k, start, region)
        act_rule = "act.predicate" if _act_opening(here, act, start) else "act.word"
        if act is not None and _act_out_of_reach(here, act, start):
            why = "a negated offer whose negation does not reach the cue"
            steps.append(here.step(rule_id(_act_out_of_reach), act.start, act.end, why))
            act = None
        if act is None:
            act = _demand_after(here, k, cue[1])
            act_rule = rule_id(_demand_after)
        holder, subject = self._holder(here, start, act, quote, carried)
        if holder is not None and holder.rule == "holder.document":
            provision = _act_document(here, start, act)
            if provision is not act:
                act, act_rule = provision, rule_id(_act_document)
        elif act is None and holder is not None and holder.rule == "holder.list":
            act, act_rule = _act_list(here, start), rule_id(_act_list)
        bargain = _condition(here, region)
        if bargain is not None and bargain.end <= start:
            # "X will A only if Y does B": B is what X asks in return
            main = _act_word(here, here.clause_of(bargain.start), bargain.start, region)
            asker, _ = self._holder(here, bargain.start, main, quote, carried)
            if asker is not None:
                holder, subject = asker, None
                if bargain.kind == _OFFERED_CONDITION:
                    why = "a condition of the offer"
                    where = (bargain.start, bargain.end)
                    steps.append(here.step(rule_id(_bargain_if), *where, why))
                given = _bargain_given(main)
                act_rule = rule_id(_bargain_given if given else _bargain_asked)
                act = attrs.evolve(bargain, kind="offer" if given else "demand")
        elif bargain is not None and _bargain_offered(act, start, bargain):
            act = attrs.evolve(bargain, kind="offer")  # "will cease fire only if"
            act_rule = rule_id(_bargain_offered)
        if act is not None:
            steps.append(here.step(act_rule, act.start, act.end, f"{act.kind} word"))
        return act, holder, subject

    def _holder(
        self,
        here: _Sentence,
        start: int,
        act: Signal | None,
        quote: Span | None,
        carried: _Holder | None,
    ) -> tuple[_Holder | None, Mention | None]:
        """Who holds a cue's position, and their mention in this sentence.

        The rules of `HOLDER_RULES`, in order: the first that names one.
        """
        ask = _HolderAsk(here, start, act, quote, carried)
        for rule in HOLDER_RULES:
            found = rule(ask)
            if found is not None:
                return found
        return None, None

    def _list_intro(self, here: _Sentence) -> _Holder | None:
        match = here.language.list_intro.search(here.text)
        if match is None:
            return None
        subject = _subject(here, match.start(), None, match.start())
        return None if subject is None else _holder_of(subject, "holder.list")

    def _answers(
        self, here: _Sentence, previous: list[Position], *, within: bool = False
    ) -> Iterator[Candidate]:
        """Accepting or rejecting "this demand": the positions before, answered.

        ``within``: the positions are the sentence's own, and only a pronoun
        after them answers them ("..., but Russia rejected it").
        """
        if not previous:
            return
        found = _holder_answer(here, pronoun_only=within)
        if found is None:
            return
        holder, answer, anaphor = found
        flip = -1 if answer.kind == "reject" else 1
        if here.language.signals.negated(here.text, answer.start):
            flip = -flip  # "We will never accept this demand"
        kind = Act.REJECT if flip < 0 else Act.ACCEPT
        article = here.doc.article
        evidence = article.evidence(here.sentence.start, here.sentence.end)
        dated = here.doc.date_of(
            here.index, answer.start, here.clauses[here.clause_of(answer.start)]
        )
        steps = (
            here.step(
                "act.answer",
                anaphor.start(),
                anaphor.end(),
                "answers the positions before",
            ),
            here.step("act.word", answer.start, answer.end, f"{kind.value} word"),
            holder.step(here),
            *dated.steps,
        )
        answerers = self._actors_of(holder.actor)
        # each issue and stance once, however many parties stated it
        answered = dict.fromkeys(
            (position.issue, position.stance)
            for position in previous
            if position.actor not in answerers
        )
        for issue, stated in answered:
            stance = _stance((1 if stated is Stance.SUPPORTS else -1) * flip)
            for actor in answerers:
                position = Position(
                    actor,
                    issue,
                    stance,
                    act=kind,
                    modality=_modality(here.signals),
                    date=dated.published,
                    speaker=holder.speaker,
                    evidence=evidence,
                    confidence=CONFIDENCE[holder.rule],
                    producer=self._producer,
                )
                yield Candidate("position", span_of(evidence), steps, position)

    def _actors_of(self, actor: str) -> tuple[str, ...]:
        members = self._members.get(actor, ())
        return members or (actor,)

    def _positions(
        self, here: _Sentence, cue: CueHit, plan: _Plan
    ) -> Iterator[Candidate]:
        """The positions a plan states: one per actor of its holder."""
        holder, stance, act, k = plan.holder, plan.stance, plan.act, plan.k
        act_kind, modality_clause = plan.act_kind, plan.modality_clause
        start, end = here.clauses[k]
        if modality_clause is None:
            # the clause of the cue, and of the act word that governs it
            first = here.clause_of(act.start) if act is not None else k
            scope = (here.clauses[min(first, k)][0], end)
        else:
            scope = here.clauses[modality_clause]
        signals = [s for s in _modal_signals(here) if scope[0] <= s.start < scope[1]]
        article = here.doc.article
        evidence = here.quoted.get((start, end))
        if evidence is None:  # the same for every cue of the clause
            base = here.sentence.start
            evidence = article.evidence(base + start, base + end)
            here.quoted[start, end] = evidence
        kind = act_kind or (Act(act.kind) if act is not None else Act.STATEMENT)
        trace = [*plan.steps]
        if act_kind is not None:
            trace.append(
                here.step(
                    "act.aspiration",
                    cue.span.start,
                    cue.span.end,
                    "an owner's aspiration",
                )
            )
        elif act is None:
            trace.append(
                here.step("act.statement", cue.span.start, cue.span.end, "no act word")
            )
        if kind is Act.ACCEPT and stance < 0 and cue.polarity > 0:
            kind = Act.REJECT  # "will not accept any limits on our army"
            trace.append(
                here.step(
                    "act.negated_accept",
                    cue.span.start,
                    cue.span.end,
                    "a negated acceptance rejects",
                )
            )
        elif act is not None and act_kind is None:
            negated = _negated_act(here, kind, stance, act)
            if negated is not None:
                kind, rule, why = negated
                trace.append(here.step(rule, act.start, act.end, why))
        trace.append(holder.step(here))
        modality, modal = _modality_rule(signals)
        trace.append(
            here.step(modality, modal.start, modal.end, modal.text)
            if modal is not None
            else Step(modality, None, "no modal word in scope")
        )
        dated = here.doc.date_of(here.index, cue.span.start, (start, end))
        trace += dated.steps
        done = tuple(trace)
        cue_span = here.doc.to_article(here.index, cue.span.start, cue.span.end)
        voices = [here.speech.speaker, *(q.speaker for q in here.speech.quotes)]
        actors = dict.fromkeys(
            actor
            for party in (*holder.partners, holder.actor)
            for actor in self._actors_of(party)
        )
        for actor in actors:
            # "Kyiv rejected ..., Podolyak said": the person who speaks for it
            speaker = holder.speaker or next(
                (v.speaker for v in voices if v and v.speaker and v.actor == actor),
                None,
            )
            position = Position(
                actor,
                cue.span.issue,
                _stance(stance),
                act=kind,
                modality=_MODALITIES[modality],
                date=dated.published,
                speaker=speaker,
                evidence=evidence,
                confidence=CONFIDENCE[holder.rule],
                producer=self._producer,
            )
            yield Candidate("position", cue_span, done, position)


# ---------------------------------------------------------------------------
# Act and stance rules
# ---------------------------------------------------------------------------


@register("act.word")
def _act_word(
    here: _Sentence, k: int, start: int, region: tuple[int, int]
) -> Signal | None:
    """The act is the demand, offer, accept or reject word that governs the cue.

    The act word before the cue at ``start`` in its clause ``k``, else the
    nearest one in an earlier clause; an act word its owner is attached to
    binds tighter than an earlier one in the clause.  An act word does not
    reach past a conditional ("if", "unless") or a reporting verb
    ("Zelensky called the Russian terms an ultimatum and *said* Ukraine
    would never ...") between it and the cue; a reporting verb set off by
    commas ("Russia demands, Peskov said, that ...") does
    not stop it.  A negated act word keeps to its own clause ("Moscow will
    not agree to the plan, while a ceasefire ...").
    """
    low, high = region
    barrier = -1
    if here.may("conditional"):
        conditional = here.language.conditional
        barrier = max(
            (m.start() for m in conditional.finditer(here.text, low, start)),
            default=-1,
        )
    for tag in here.speech.tags:
        if low <= tag.start < start and not here.text.startswith(",", tag.end):
            barrier = max(barrier, tag.start)
    acts = [
        a for a in here.acts if low <= a.start < min(start, high) and a.end > barrier
    ]
    if not acts:
        return None
    clause_start = here.clauses[k][0]
    in_clause = [a for a in acts if a.start >= clause_start]
    if not in_clause:
        # a negated act word keeps to its clause: "while X is not ready for
        # A, talks on B go on" is no offer of B
        # ... but a rejected proposal is still its author's: in "Kyiv rejected
        # the terms tabled by Moscow, which include X" the terms demand X
        last = acts[-1]
        return (
            None if _act_negated(here, last) and not _names_terms(here, last) else last
        )
    # "refuses to hold elections, and it rejects neutrality": the last act
    # word that opens a predicate of its own governs what follows it
    for n in range(len(in_clause) - 1, 0, -1):
        if _predicate_opening(here, in_clause[0], in_clause[n]) is not None:
            in_clause = in_clause[n:]
            break
    # "the conditions include Ukraine's pledge not to join NATO": an act
    # word its owner is attached to binds tighter than an earlier one
    owned = [a for a in in_clause[1:] if _owned(here, a)]
    return owned[-1] if owned else in_clause[0]


def _names_terms(here: _Sentence, act: Signal) -> bool:
    """Tell whether an act word is a noun naming terms or a document.

    ("the *terms*", "Moscow's *memorandum*"): what negates it answers the
    terms; it does not undo them.
    """
    if here.language.act_nouns.fullmatch(act.text):
        return True
    return any(
        document.start <= act.start < document.end
        for document in here.doc.documents.mentioned[here.index]
    )


#: Mention kinds that can be the subject of a second predicate on their own.
_SUBJECT_KINDS = ("name", "alias", "speaker")


@register("act.predicate")
def _predicate_opening(here: _Sentence, first: Signal, act: Signal) -> int | None:
    """An act word that opens a second predicate governs the cues after it.

    In "Ukraine refuses to hold elections, and it rejects neutrality" the
    clause's first act word (*refuses*) does not govern "neutrality":
    *rejects* does, and the negations before it do not reach past it.  A
    later act word opens a predicate of its own after *and*, *but* or a
    comma with a subject of its own (a pronoun, or a party named alone, not
    before *to*: "and Moscow has ruled out ..."); or, with no party between
    the two, right after such a word in the first act word's form, whose
    subject it shares ("rejects a truce, proposes talks"), or as a participle
    after a comma ("rejected the plan, calling for talks").  Returns where
    the predicate opens (its comma or conjunction), or None.
    """
    language = here.language
    text = here.text
    gap = language.doer_gap
    pronoun = None
    for match in language.predicate_pronoun.finditer(text, first.end, act.start):
        pronoun = match  # the last one
    if pronoun is not None and gap.fullmatch(text, pronoun.end(), act.start):
        return pronoun.start()
    between = [
        (n, m)
        for n, m in enumerate(here.mentions)
        if first.end <= m.start and m.end <= act.start and m.actor is not None
    ]
    for n, mention in between:
        if mention.kind not in _SUBJECT_KINDS:
            continue
        joint = language.predicate_joint.search(text, first.end, mention.start)
        after = text[mention.end : act.start].split()
        if (
            joint is not None
            and gap.fullmatch(text, mention.end, act.start)
            and not (after and after[0].lower() in language.infinitive)
            and not listed_with(text, here.mentions, n, grammar=language.grammar)
        ):
            return joint.start()
    if any(agentive(text, m, language.grammar) for _, m in between):
        return None  # "demands that Ukraine drops ... and accepts": its verbs
    joint = language.predicate_joint.search(text, first.end, act.start)
    if joint is None:
        return None
    form = _inflection(language, first)
    if form is not None and form == _inflection(language, act):
        return joint.start()
    participle = text.startswith(",", joint.start()) and language.scope_break.match(
        text, joint.start()
    )
    return joint.start() if participle else None


def _inflection(language: _Language, act: Signal) -> str | None:
    """The ending (``predicates.inflections``) of an act word's first word."""
    word = act.text.split()[0].lower()
    return next((end for end in language.inflections if word.endswith(end)), None)


def _act_opening(here: _Sentence, act: Signal | None, start: int) -> int:
    """Where the predicate of the act word governing ``start`` opens, or 0.

    Negations before it do not reach the cue (`_predicate_opening`).
    """
    if act is None or act.end > start:
        return 0
    found = here.openings.get(act.start)
    if found is None:
        clause_start = here.clauses[here.clause_of(act.start)][0]
        first = next((a for a in here.acts if a.start >= clause_start), None)
        found = 0
        if first is not None and first.start < act.start:
            found = _predicate_opening(here, first, act) or 0
        here.openings[act.start] = found
    return found


#: How far after a cue its `_demand_after` phrase may start (characters).
_DEMAND_AFTER_REACH = 40


@register("act.demand_after")
def _demand_after(here: _Sentence, k: int, end: int) -> Signal | None:
    """A cue said to be a condition is a demand: "... must be a key condition".

    With no act word before it: the phrase (``acts.demand_after``) in the
    cue's clause, starting a few words after it ("lifting sanctions *is a
    precondition* for talks", "“an end to arms supplies” *must be the main
    condition*").  The cue is its subject, so the holder is whoever says
    the sentence or the quote.
    """
    if not here.may("demand_after"):
        return None
    clause_end = here.clauses[k][1]
    found = here.language.demand_after.search(
        here.text, end, min(clause_end, end + _DEMAND_AFTER_REACH + 80)
    )
    if found is None or found.start() - end > _DEMAND_AFTER_REACH:
        return None
    return Signal(found.start(), found.end(), found.group(), kind="demand")


@register("act.bargain_asked")
def _bargain_asked(main: Signal | None) -> bool:
    """In "X will A only if Y does B", B is what X asks in return: a demand.

    Whoever is the subject of B; also after *in exchange for*, *on
    condition that*, *provided that*, *as long as*.
    """
    return not _bargain_given(main)


@register("act.bargain_given")
def _bargain_given(main: Signal | None) -> bool:
    """When X seeks A in exchange for B, B is what X offers."""
    return main is not None and main.kind == "demand"


@register("act.bargain_offered")
def _bargain_offered(act: Signal | None, start: int, bargain: Signal) -> bool:
    """Before a condition, with no act word: an offer ("will cease fire only if")."""
    return act is None and start < bargain.start


describe("act.aspiration", doc="An owner's aspiration is a demand.")
describe("act.statement", doc="Without an act word the act is a statement.")
describe(
    "act.negated_accept",
    doc='A negated acceptance of a cue is a rejection ("will not accept any limits").',
)


@register("act.out_of_reach")
def _act_out_of_reach(here: _Sentence, act: Signal, start: int) -> bool:
    """A negated offer or acceptance does not reach past a comma its negation stops at.

    "While Washington is *not yet ready for* Ukraine to join NATO, talks on
    security guarantees go on": the negation of *ready for* does not reach
    "security guarantees" (`Signals.negations_before`) after the comma, so
    neither does the offer; the cue is read as if it had no act word.
    """
    return (
        act.kind in ("offer", "accept")
        and "," in here.text[act.end : start]
        and _act_negated(here, act)
        and not _negations(here, start, None, giving_up=False)
    )


@register("act.negated_offer")
def _negated_offer(here: _Sentence, kind: Act, stance: int, act: Signal) -> bool:
    """A negated offer of what the holder opposes is a rejection.

    "Kyiv would *never agree to* limits", "Moscow is *not ready for* a
    truce"; not "Kyiv offered not to join NATO", whose offer word is not
    negated.
    """
    return kind is Act.OFFER and stance < 0 and _act_negated(here, act)


@register("act.negated_reject")
def _negated_reject(here: _Sentence, kind: Act, stance: int, act: Signal) -> bool:
    """A negated rejection states an openness, not a rejection: a statement.

    "Sweden *would not rule out* sending troops", "Kyiv has not rejected
    talks".
    """
    return kind is Act.REJECT and stance > 0 and _act_negated(here, act)


@register("act.accept_only_with")
def _accept_only_with(here: _Sentence, kind: Act, stance: int, act: Signal) -> bool:
    """Refusing what lacks something demands it.

    "Kyiv *will not accept* any deal *without* security guarantees",
    "... any agreement *lacking* guarantees": the holder supports the cue
    (two negations) and asks for it.
    """
    return kind is Act.ACCEPT and stance > 0 and _act_negated(here, act)


def _negated_act(
    here: _Sentence, kind: Act, stance: int, act: Signal
) -> tuple[Act, str, str] | None:
    """The act, rule and reason when a negation of the act word changes the act."""
    if _negated_offer(here, kind, stance, act):
        return Act.REJECT, "act.negated_offer", "a negated offer rejects"
    if _negated_reject(here, kind, stance, act):
        return Act.STATEMENT, "act.negated_reject", "a negated rejection"
    if _accept_only_with(here, kind, stance, act):
        return Act.DEMAND, "act.accept_only_with", "refuses what lacks it"
    return None


def _act_negated(here: _Sentence, act: Signal) -> bool:
    """Tell whether an odd number of negations reach the act word itself.

    Not those before the act word's own predicate ("rejected a truce and
    Hamas welcomed aid").
    """
    found = here.negated.get(act.start)
    if found is None:
        opening = _act_opening(here, act, act.end)
        count = _negations(here, act.start, None, giving_up=False, opening=opening)
        found = here.negated[act.start] = count % 2 == 1
    return found


describe(
    "act.answer",
    doc='An accept or reject word with "this demand" answers the positions before.',
)


@register("act.document")
def _act_document(here: _Sentence, start: int, act: Signal | None) -> Signal | None:
    """A document's provision is its author's demand, or an offer where it gives.

    An act word at or after the document's provision verb stands ("the
    plan *offers* ..."); otherwise a giving word after the verb ("Ukraine
    would *receive* guarantees", ``documents.giving``) makes the provision
    an offer, and anything else a demand on another party.
    """
    frame = _document_frame(here, start)
    if frame is None:
        return act
    verb = frame.verb
    if act is not None and act.start >= verb.start:
        return act
    documents = here.doc.documents
    low = verb.end if verb.end <= start else here.clauses[here.clause_of(start)][0]
    low = max(low, start - _GIVING_REACH)  # the cue's own verb, not another's
    kind = "offer" if documents.gives(here.index, low, start) else "demand"
    return Signal(verb.start, verb.end, verb.text, kind=kind)


@register("act.list")
def _act_list(here: _Sentence, start: int) -> Signal:
    """An item of a list of points, terms or a plan's provisions is a demand.

    Unless a giving word stands before it in its clause ("security
    guarantees *granted* to Kyiv", ``documents.giving``): an offer.  Only
    for an item with no act word of its own.
    """
    low = max(here.clauses[here.clause_of(start)][0], start - _GIVING_REACH)
    gives = here.doc.documents.gives(here.index, low, start)
    word = _WORD.match(here.text, start)
    end = start if word is None else word.end()
    kind = "offer" if gives else "demand"
    return Signal(start, end, here.text[start:end], kind=kind)


def _document_frame(here: _Sentence, start: int) -> DocumentFrame | None:
    """The document whose provision the cue at ``start`` is in, if any.

    Only sentences that name a document, or follow one that does, are
    read (`Documents.frame`).
    """
    mentioned = here.doc.documents.mentioned
    index = here.index
    if not (
        mentioned[index]
        or (index and mentioned[index - 1])
        or (index > 1 and mentioned[index - 2])
    ):
        return None
    return here.doc.documents.frame(index, start)


@register("stance.negation")
def _stance_negation(
    here: _Sentence,
    cue: CueHit,
    subject: Mention | None,
    act: Signal | None,
    floor: int = 0,
) -> int:
    """Each negation in scope flips the stance ("never join NATO").

    A reject word that governs the cue in its clause counts as one; a
    negation does not reach across a bargain, a participle after a comma
    or a subordinate clause, nor before ``floor``: the ", and" that opens
    the predicate of a verdict on the cue ("not ready for a ceasefire, and
    neutrality is off the table"); verbs of giving up negate, except for a
    topic (they are its anchor).
    """
    start = cue.span.start
    return _flips(here, start, subject, act, giving_up=not cue.anchored, floor=floor)


@register("stance.verdict")
def _stance_verdict(
    here: _Sentence, cue: CueHit, k: int, until: int | None = None
) -> bool:
    """A negative verdict after the cue in its clause flips it ("is unacceptable").

    Not a verdict on a cue after it that opens a predicate of its own
    (``until``): "not ready for a ceasefire, and neutrality is off the
    table" judges neutrality only.
    """
    end = here.clauses[k][1] if until is None else min(until, here.clauses[k][1])
    return here.language.signals.verdict_after(here.text, cue.span.end, end)


def _next_subject(here: _Sentence, cues: list[CueHit], n: int) -> int | None:
    """Where the first later cue of the clause that follows ", and" starts."""
    k = here.clause_of(cues[n].span.start)
    for later in cues[n + 1 :]:
        start = later.span.start
        if here.clause_of(start) != k:
            return None
        if _comma_joint(here, cues[n].span.end, start) is not None:
            return start
    return None


def _comma_joint(here: _Sentence, low: int, start: int) -> int | None:
    """Where ", and" (", but" ...) opens, at most two words before ``start``.

    Not a bare comma: that is a list ("neutrality, disarmament and ...").
    """
    joint = here.language.comma_subject.search(here.text, low, start)
    return None if joint is None else joint.start()


def _stance_flips(
    here: _Sentence,
    cue: CueHit,
    k: int,
    subject: Mention | None,
    act: Signal | None,
    steps: list[Step],
    until: int | None = None,
) -> tuple[int, bool]:
    """The negations and the verdict that flip a cue's stance, with their steps."""
    verdict = _stance_verdict(here, cue, k, until)
    # the subject of its own verdict: negations before its ", and" are another's
    floor = (
        (_comma_joint(here, here.clauses[k][0], cue.span.start) or 0) if verdict else 0
    )
    negations = _stance_negation(here, cue, subject, act, floor)
    if negations:
        why = f"{negations} negation(s) reach the cue"
        steps.append(here.step("stance.negation", cue.span.start, cue.span.end, why))
    if verdict:
        why = "a negative verdict follows"
        steps.append(here.step("stance.verdict", cue.span.end, here.clauses[k][1], why))
    return negations, verdict


# ---------------------------------------------------------------------------
# Holder rules
# ---------------------------------------------------------------------------


@attrs.frozen
class _HolderAsk:
    """What the holder rules read about one cue."""

    here: _Sentence
    start: int  # the cue's
    act: Signal | None
    quote: Span | None
    carried: _Holder | None

    @property
    def region(self) -> tuple[int, int] | None:
        quote = self.quote
        return (quote.start, quote.end) if quote is not None else None


_HolderHit = tuple[_Holder, Mention | None]


@register("holder.act_author", 0.8)
def _holder_act_author(ask: _HolderAsk) -> _HolderHit | None:
    """The party named after an act noun's participle and *by* holds it.

    "Moscow rejected the proposals reportedly made by Trump's team to
    postpone ..." is the team's (the United States'), not Moscow's; so
    are "the terms put forward by Ankara" and "a plan drafted by Paris".
    """
    act = ask.act
    if act is None or act.kind not in ("demand", "offer"):
        return None
    here = ask.here
    found = here.language.proposed_by.match(here.text, act.end)
    if found is None:
        return None
    at = found.end()
    lead = found.start("lead")
    for mention in here.mentions:
        if lead <= mention.start <= at and mention.actor is not None:
            if mention.end > ask.start and ask.start > act.end:
                return None  # the cue is the author's own name: "by NATO"
            return _holder_of(mention, "holder.act_author"), mention
        if mention.start > at:
            break
    return None


@register("holder.document", 0.8)
def _holder_document(ask: _HolderAsk) -> _HolderHit | None:
    """A document's provision is its author's, whoever the clause's subject is.

    The cue's clause states a provision of a document whose author the
    article names (`peacetalks.extract.documents`): the document is the
    subject of a provision verb before the cue ("the US plan *calls for*",
    "Moscow's memorandum, which *envisages*"), the clause opens with a
    frame ("*Under* Kellogg's plan, Ukraine would ..."), it is "It"
    right after the sentence that named the document, or it goes on with
    the provisions of the sentence before ("... *would* be lifted", no
    party saying it, no act word of its own but *must* and the like).  A definite noun
    ("*the* plan") is the last document named with its author.  The party
    the provision constrains ("*Ukraine* would renounce NATO") does not
    hold it.
    """
    frame = _document_frame(ask.here, ask.start)
    if frame is None:
        return None
    act = ask.act
    if (
        frame.rule == "continued"
        and act is not None
        and not ask.here.language.signals.deontic(act)
    ):
        return None  # a party's own act ("Russia would reject ..."), not a provision
    region = ask.region
    if region is not None and not region[0] <= frame.verb.start < region[1]:
        return None  # a quote's words are its speaker's
    document = frame.document
    author = document.author
    assert author is not None  # `Documents.frame` gives authored ones only
    assert author.actor is not None
    where = document.author_sentence
    holder = _Holder(
        author.actor,
        author.speaker,
        "holder.document",
        author,
        where=None if where == ask.here.index else where,
    )
    return holder, None


@register("holder.act_subject", 0.9)
def _holder_act_subject(ask: _HolderAsk) -> _HolderHit | None:
    """The subject of the act word holds the position ("Russia demands ...").

    The nearest party mention before the act word that can be a subject
    (not a preposition's or a verb's object, not the owner of the cue), with
    the parties listed with it; not for *must* and the other deontic words,
    whose subject is the one obliged.
    """
    act = ask.act
    if act is None or ask.here.language.signals.deontic(act) or act.start > ask.start:
        return None  # after the cue, the cue is its subject
    subject = _subject(ask.here, act.start, ask.region, ask.start)
    if subject is None:
        return None
    return _coordinated(ask.here, subject, "holder.act_subject"), subject


@register("holder.list", 0.6)
def _holder_list(ask: _HolderAsk) -> _HolderHit | None:
    """In a list that continues ("Second, ..."), whoever laid it out holds it.

    After a sentence in which someone laid out points, demands or
    conditions; and in the items of a list a colon opens ("Russia set out
    its terms:", "Key points of the EU plan:"), one a paragraph, numbered,
    bulleted or in lowercase, up to the first paragraph that is not an
    item: the author of the document the colon's sentence names, else its
    subject, else its speaker.
    """
    return None if ask.carried is None else (ask.carried, None)


@register("holder.cue_subject", 0.8)
def _holder_cue_subject(ask: _HolderAsk) -> _HolderHit | None:
    """Without an act word, the party subject nearest before the cue holds it.

    "Kyiv will never join NATO".
    """
    if ask.act is not None:
        return None
    subject = _subject(ask.here, ask.start, ask.region, ask.start)
    if subject is None:
        return None
    return _coordinated(ask.here, subject, "holder.cue_subject"), subject


describe(
    "holder.not_directed",
    doc=(
        'The object of a directive verb is not a subject: in "Paris urged'
        ' Moscow to accept a truce" or "told Washington that it opposed troops"'
        " the one who urges or tells holds the position (``subjects.directives``),"
        ' as the giver does in "Washington will supply Kyiv with weapons"'
        " (``subjects.recipients``);"
        ' and whatever governs a list governs each party of it ("the leaders'
        ' *of* France and Germany").'
    ),
)
describe(
    "holder.in_condition",
    doc=(
        "Inside a conditional clause only a party named in it is the subject"
        " of its act word or cue: in \"he would wait ... the land Russia's army"
        ' seized if such a deal could end the fighting" Russia does not end it'
        " (``conditions.markers``; a comma closes the clause)."
    ),
)
describe(
    "holder.reference",
    0.7,
    doc=(
        "A pronoun or a joint description as the subject stands for its"
        ' antecedent: "*He* also called for a swap" is the person named last'
        ' (and so their party), "*the two sides* agreed" the joint actor whose'
        " members were named before; found by holder.act_subject and"
        " holder.cue_subject like any subject, the nearest first."
    ),
)


@register("holder.quote_speaker", 0.8)
def _holder_quote_speaker(ask: _HolderAsk) -> _HolderHit | None:
    """Without a subject, the party speaking the quote the cue is in holds it.

    Attributed over the whole article: a quote that continues an earlier
    speaker is theirs.
    """
    if ask.quote is None:
        return None
    for quoted in ask.here.speech.quotes:
        if quoted.quote == ask.quote:
            speaker = quoted.speaker
            if speaker is None or not speaker.actor:
                return None
            holder = _holder_of(speaker, "holder.quote_speaker")
            return attrs.evolve(holder, where=quoted.in_sentence), None
    return None


@register("holder.sentence_speaker", 0.8)
def _holder_sentence_speaker(ask: _HolderAsk) -> _HolderHit | None:
    """Without a subject or a quote, the party speaking the sentence holds it.

    "..., Podolyak said"; a speaker stands for their actor.
    """
    if ask.quote is not None:
        return None
    speaker = ask.here.speech.speaker
    if speaker is None or speaker.actor is None:
        return None
    return _holder_of(speaker, "holder.sentence_speaker"), None


@register("holder.heading", 0.6)
def _holder_heading(ask: _HolderAsk) -> _HolderHit | None:
    """Under a party's heading line, the party holds what nobody else does.

    A short line of its own with no closing punctuation that names a party's
    document or its terms ("Russia's demands", "The Ukrainian proposal",
    "The Kremlin's version", ``lists.heading_nouns``) heads the paragraphs
    under it, up to the next short line and at most three paragraphs; the
    last holder rule, so a subject or a speaker wins.
    """
    heading = ask.here.heading
    return None if heading is None else (heading, None)


#: The holder rules, in the order they are tried: the first that fires wins.
HOLDER_RULES = (
    _holder_act_author,
    _holder_document,
    _holder_act_subject,
    _holder_list,
    _holder_cue_subject,
    _holder_quote_speaker,
    _holder_sentence_speaker,
    _holder_heading,
)


# ---------------------------------------------------------------------------
# Position rules: which cues can become positions at all
# ---------------------------------------------------------------------------


@attrs.frozen
class _Plan:
    """A position to state: who holds it, which way, by which act, where."""

    holder: _Holder
    stance: int  # +1 supports, -1 opposes
    act: Signal | None
    k: int  # the clause of the evidence
    steps: tuple[Step, ...]
    act_kind: Act | None = None  # the act, when no act word gives it
    modality_clause: int | None = None  # the modality's scope, if not the act's


@attrs.frozen
class _CueReading:
    """What the finder read about one cue, for the position rules to decide."""

    here: _Sentence
    cue: CueHit
    k: int  # the cue's clause
    quote: Span | None  # the attributed quote the cue is in
    region: tuple[int, int]  # the quote, or the whole sentence
    act: Signal | None
    holder: _Holder | None
    negations: int
    verdict: bool
    carried: _Holder | None  # the holder of a continuing list
    last_in_clause: bool  # no other cue follows in the clause
    cue_step: Step
    steps: tuple[Step, ...]  # the cue's, the act's and the stance's

    @property
    def stance(self) -> int:
        """+1 for supports, -1 for opposes: the cue's, flipped."""
        flips = self.negations + self.verdict
        return self.cue.polarity * (-1 if flips % 2 else 1)

    @property
    def reason(self) -> bool:
        """Whether the text gives a reason to read a stance in the cue."""
        return bool(
            self.act is not None
            or self.negations
            or self.verdict
            or self.carried is not None
            or (self.holder is not None and self.holder.rule == "holder.heading")
            or (
                _spoken(self.here, self.quote)
                and not _hypothetical(self.here, self.k, self.region)
            )
        )

    def plan(self) -> _Plan:
        """The cue's own position, once no position rule blocked it."""
        assert self.holder is not None  # position.no_holder blocks it otherwise
        return _Plan(self.holder, self.stance, self.act, self.k, self.steps)


@attrs.frozen
class _Block:
    """Why a position rule blocked a cue: the words, why, and the steps before."""

    where: tuple[int, int]
    why: str
    trace: tuple[Step, ...]
    silences: bool = False  # the cue states nothing: no construction reads it


@register("position.question")
def _position_question(read: _CueReading) -> _Block | None:
    """A question the writer asks states no position ("Will Kyiv join NATO?").

    A sentence that ends with a question mark and quotes nobody; nothing
    is read from its cues.
    """
    if not asked(read.here.sentence):
        return None
    where = (0, len(read.here.text))
    return _Block(where, "the sentence is a question", (), silences=True)


@register("position.quoted_question")
def _position_quoted_question(read: _CueReading) -> _Block | None:
    """A quoted question, even a rhetorical one, states nothing."""
    quote = read.quote
    if quote is None or not quote.text.rstrip(" ,").endswith("?"):
        return None
    why = "the quote is a question"
    return _Block((quote.start, quote.end), why, (read.cue_step,), silences=True)


@register("position.epistemic")
def _position_epistemic(read: _CueReading) -> _Block | None:
    """A cue after "whether", "unclear", "signs that" is a perception, not a stance.

    Also after "doubts that" and the like; the word must be in the cue's
    clause, before it.
    """
    here = read.here
    clause_start = here.clauses[read.k][0]
    if not here.may("epistemic"):
        return None
    found = here.language.epistemic.search(here.text, clause_start, read.cue.span.start)
    if found is None:
        return None
    why = "a question or perception, not a stance"
    return _Block((found.start(), found.end()), why, read.steps, silences=True)


@register("position.quoted_other")
def _position_quoted_other(read: _CueReading) -> _Block | None:
    """In a quote, an act of *he*, *she* or *they* is a claim about another party.

    '"Maybe he does not want a truce," the president said' is the
    speaker's claim about somebody else's wishes: no position of the
    speaker, nor of the other party.  So is what such a party asks in a
    bargain: '"They were ready to stop if we gave up NATO"'.  Not for
    *must* and the other deontic words: "They must withdraw" is the
    speaker's demand.
    """
    quote, act, holder = read.quote, read.act, read.holder
    if quote is None or holder is None or holder.rule != "holder.quote_speaker":
        return None
    here = read.here
    why = "the speaker's claim about another party"
    cue_start = read.cue.span.start
    if here.may("conditional"):
        condition = here.language.conditional.search(here.text, quote.start, cue_start)
        if condition is not None:
            # "they would stop if we ...": what the bargain's maker asks
            k = here.clause_of(condition.start())
            start = max(quote.start, here.clauses[k][0])
            opening = here.language.other_opening.match(here.text, start)
            if opening is not None and opening.end() <= condition.start():
                return _Block(opening.span(), why, read.steps)
    if act is None or act.start < quote.start or here.language.signals.deontic(act):
        return None
    start = max(quote.start, here.clauses[here.clause_of(act.start)][0])
    found = here.language.quoted_other.search(here.text, start, act.start)
    if found is None:
        return None
    return _Block((found.start(), found.end()), why, read.steps)


@register("position.unsaid")
def _position_unsaid(read: _CueReading) -> _Block | None:
    """What a party did not mention or clarify is no stance of theirs.

    "Washington did not mention lifting sanctions", "she would not say
    who would police the buffer zone", "he declined to comment on the
    truce": the negation governs the reporting verb, not the cue, and
    the cue states nothing (``negation.unsaid``).  The verb must stand
    before the cue with no clause break (a comma, *but*, a semicolon)
    between them.
    """
    here = read.here
    if not here.may("unsaid"):
        return None
    cue_start = read.cue.span.start
    start = read.region[0]
    found = _last_match(here.language.unsaid_phrase, here.text, start, cue_start)
    if found is None or _UNSAID_BREAK.search(here.text, found.end(), cue_start):
        return None
    why = "left unsaid, not opposed"
    return _Block(found.span(), why, read.steps, silences=True)


def _last_match(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``, or None.

    Example:
        >>> _last_match(re.compile("if"), "if a, if b", 0, 10).start()
        6
    """
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 (the last one)
        pass
    return found


#: What ends the reach of a negated reporting verb: "did not say ... *but*".
_UNSAID_BREAK = re.compile(r"[;:]|,\s|\bbut\b")


@register("position.condition_party")
def _position_condition_party(read: _CueReading) -> _Block | None:
    """A party named in a condition put to it holds nothing there.

    "If Moscow fails to accept the truce, it will face sanctions", "unless
    the Kremlin agrees to a truce, tariffs follow", "the assets stay
    frozen until Russia pays reparations": the party named inside an
    *until* or *unless* clause (``conditions.preconditions``), or an *if*
    clause left unmet (a threat's trigger, ``conditions.unmet``), is the
    one the condition is put to; it holds neither the cue in that clause
    nor one in the threat that follows.  A bargain's own terms ("a
    ceasefire if Kyiv accepts limits") are not blocked: there the party
    named offers them.
    """
    holder = read.holder
    if holder is None or holder.mention is None or holder.where is not None:
        return None
    if holder.rule not in ("holder.act_subject", "holder.cue_subject"):
        return None
    here = read.here
    if not (here.may("conditional") or here.may("preconditions")):
        return None
    mention = holder.mention
    text = here.text
    start = max(read.region[0], mention.start - _CONDITION_REACH)
    found = _last_match(here.language.fulfilled, text, start, mention.start)
    if found is None or "," in text[found.end() : mention.start]:
        return None
    comma = text.find(",", mention.end, read.region[1])
    end = max(read.cue.span.start, mention.end) if comma < 0 else comma
    marker = " ".join(found.group().lower().split())
    if marker not in here.language.preconditions and not here.language.unmet.search(
        text, mention.end, end
    ):
        return None
    why = "a condition put to the party, not its position"
    return _Block((found.start(), end), why, read.steps)


#: How far before the party the word opening its condition may stand.
_CONDITION_REACH = 40


@register("position.past_event")
def _position_past_event(read: _CueReading) -> _Block | None:
    """A cue that names an event of a past year narrates history, not a stance.

    "Kyiv wants guarantees after Russia's 2014 annexation of Crimea",
    "the conflict since 2014, when separatists declared breakaway
    republics", "the 2022 invasion": a year after a possessive or a
    determiner at most three words before the cue ("a document from 2022
    prohibited troops" is not one), or a clause the year opens ("2014, when ...",
    ``history.openers``) that the cue is in, dates an event the writer
    tells; nobody takes a position on the issue there.
    """
    here = read.here
    cue_start = read.cue.span.start
    text = here.text
    start = max(read.region[0], here.clauses[read.k][0] - _PAST_REACH)
    if _DIGIT.search(text, start, cue_start) is None:
        return None  # no year: the usual case, found without a loop in Python
    for found in here.language.narrated.finditer(text, start, cue_start):
        between = text[found.end() : cue_start]
        if found.group("then") is not None:
            narrates = "," not in between and ";" not in between
        else:
            narrates = (
                found.group("owned") is not None and len(between.split()) <= _PAST_WORDS
            )
        if narrates:
            return _Block(found.span(), "history the writer tells", read.steps)
    return None


_DIGIT = re.compile(r"\d")
#: How far before the cue's clause a narrating year may stand, in characters.
_PAST_REACH = 60
#: How many words a year may stand before the event it dates.
_PAST_WORDS = 3


@register("position.no_holder")
def _position_no_holder(read: _CueReading) -> _Block | None:
    """A cue that no holder rule gives a holder is no position.

    The constructions may still give it one (`CONSTRUCTIONS`).
    """
    if read.holder is not None:
        return None
    where = (read.cue.span.start, read.cue.span.end)
    return _Block(where, "nobody takes it", read.steps)


@register("position.no_reason")
def _position_no_reason(read: _CueReading) -> _Block | None:
    """A cue needs an act word, a negation, a verdict, a party's words, or a list.

    Without an act word, a cue needs a reason: a negation in scope, a
    negative verdict, a quote or speech tag whose speaker is a party (not
    in a hypothetical clause), or a continuing list.  The constructions may
    still give the cue a position.
    """
    if read.holder is None or read.reason:
        return None
    why = "no act word, negation, verdict, party's quote or list"
    where = (read.cue.span.start, read.cue.span.end)
    return _Block(where, why, (*read.steps, read.holder.step(read.here)))


#: The position rules, in the order they are tried: the first that blocks a
#: cue decides.
POSITION_RULES = (
    _position_question,
    _position_quoted_question,
    _position_epistemic,
    _position_quoted_other,
    _position_unsaid,
    _position_condition_party,
    _position_past_event,
    _position_no_holder,
    _position_no_reason,
)


# ---------------------------------------------------------------------------
# Constructions: positions of others on a cue, across clauses and sentences
# ---------------------------------------------------------------------------


@register("holder.answering", 0.8)
def _holder_answering(read: _CueReading) -> _Plan | None:
    """Who rejects or accepts a party's act takes its cue ("rejected Moscow's demand").

    An accept or reject word before the act word in the cue's clause, when a
    party owns the act word; its subject, if not the cue's holder, takes the
    cue, flipped by its negations and a reject word.
    """
    here, cue = read.here, read.cue
    outer = _answering(here, read.k, read.act)
    if outer is None:
        return None
    start = cue.span.start
    answerer = _subject(here, outer.start, None, start)
    holder = read.holder
    if answerer is None or answerer.actor == (holder and holder.actor):
        return None
    flips = _flips(here, start, answerer, outer, giving_up=not cue.anchored)
    stance = cue.polarity * (-1 if flips % 2 else 1)
    steps = (
        read.cue_step,
        here.step("act.word", outer.start, outer.end, f"{outer.kind} word"),
    )
    return _Plan(_holder_of(answerer, "holder.answering"), stance, outer, read.k, steps)


@register("holder.aspiring_owner", 0.8)
def _holder_aspiring_owner(read: _CueReading) -> _Plan | None:
    """The owner of an aspiration supports the issue ("Kyiv's bid to join the EU").

    The nearest party mention before the cue, a possessive or an adjective
    that owns it within four words, with an aspiration word ("bid",
    "aspirations") between them or in the cue; the act is a demand.
    """
    here, cue = read.here, read.cue
    text = here.text
    for mention in reversed(here.mentions):
        if mention.end > cue.span.start:
            continue
        if mention.kind not in ("possessive", "adjective") or not mention.actor:
            return None
        if not owns(
            text, mention, cue.span.start, words=4, grammar=here.language.grammar
        ):
            return None
        between = text[mention.end : cue.span.start]
        aspiration = here.language.aspiration
        if not (aspiration.search(between) or aspiration.search(cue.span.text)):
            return None
        owner = _holder_of(mention, "holder.aspiring_owner")
        steps = (read.cue_step,)
        return _Plan(owner, cue.polarity, None, read.k, steps, act_kind=Act.DEMAND)
    return None


@register("holder.relative_clause", 0.6)
def _holder_relative_clause(read: _CueReading) -> _Plan | None:
    """A party in the ", which ..." clause after a cue takes a stance on the cue.

    ("join the EU, which Moscow has viewed as unacceptable").  For the last
    cue of its clause, when the next clause opens with "which" and names a
    party as its subject, with a negation, a negative verdict or an act word
    in it; the stance is the cue's, flipped by each
    negation (or the verdict).  Evidence and modality are the relative
    clause's.
    """
    here, cue = read.here, read.cue
    k = read.k + 1
    if not read.last_in_clause or k >= len(here.clauses):
        return None
    start, end = here.clauses[k]
    text = here.text
    if not here.language.which.match(text, start, end):
        return None
    parties = [
        m
        for m in here.mentions
        if start <= m.start < end
        and m.actor
        and agentive(text, m, here.language.grammar)
    ]
    if not parties:
        return None
    signals = [s for s in here.signals if start <= s.start < end]
    negations = sum(1 for s in signals if s.kind == "negation")
    if not negations:  # "viewed as a threat"; "unacceptable" counts once
        negations = int(here.language.signals.verdict_after(text, start, end))
    acts = [s for s in here.acts if start <= s.start < end]
    if not negations and not acts:
        return None
    stance = cue.polarity * (-1 if negations % 2 else 1)
    act = acts[0] if acts else None
    steps = [here.step(_cue_rule(cue), cue.span.start, cue.span.end, "the cue before")]
    if act is not None:
        steps.append(here.step("act.word", act.start, act.end, f"{act.kind} word"))
    if negations:
        why = f"{negations} negation(s) in the relative clause"
        steps.append(here.step("stance.negation", start, end, why))
    holder = _holder_of(parties[0], "holder.relative_clause")
    return _Plan(holder, stance, act, k, tuple(steps), modality_clause=k)


_JOINED = re.compile(r"(?:\s+[^\W\d_]+){0,2}\s+and\s+", re.I)


@register("holder.agreed", 0.8)
def _holder_agreed(read: _CueReading) -> _Plan | None:
    """Parties that agree on a cue together each support it: act accept.

    An agreement word (``swaps.agreements``: *agreed on*, *reached an
    agreement on*) before the cue in its clause, not one still to be made
    ("would need to agree") nor negated, whose subject is a joint actor
    ("the delegations", "both sides") or parties listed together ("Kyiv
    and Moscow", "Kyiv's delegation and Moscow"): each party supports the
    issue.  Only when no act word governs the cue, which gives the cue its
    own position.
    """
    here, cue = read.here, read.cue
    if read.act is not None:
        return None
    text = here.text
    clause_start = here.clauses[read.k][0]
    agreements = Agreements.of(here.language.grammar)
    found = list(agreements.verbs.finditer(text, clause_start, cue.span.start))
    if not found:
        return None
    word = found[-1]
    at = word.start()
    if not agreements.settled(text, at, clause_start) or here.language.signals.negated(
        text, at
    ):
        return None
    parties = [
        m for m in here.mentions if m.actor and clause_start <= m.start and m.end <= at
    ]
    if not parties:
        return None
    holder = _coordinated(here, parties[-1], "holder.agreed")
    if len(parties) > 1 and _JOINED.fullmatch(
        f" {text[parties[-2].end : parties[-1].start]}"
    ):
        other = parties[-2].actor
        assert other is not None
        if other != holder.actor and other not in holder.partners:
            holder = attrs.evolve(holder, partners=(other, *holder.partners))
    joint = any(a.members for a in here.doc.lexicon.actors if a.name == holder.actor)
    if not (holder.partners or joint):
        return None  # one party agreeing alone answers, it agrees with nobody
    act = Signal(at, word.end(), word.group(), "accept")
    steps = (
        read.cue_step,
        here.step("act.word", act.start, act.end, "accept word"),
    )
    return _Plan(holder, cue.polarity, act, read.k, steps)


@register("holder.document_topic", 0.8)
def _holder_document_topic(read: _CueReading) -> _Plan | None:
    """A document's author proposes what its noun phrase names.

    "Russia agreed to the *US ceasefire proposal*", "rejected Kyiv's
    *proposal for a 30-day truce*": the cue stands between the document's
    author and its noun, or after the noun and *for* or *on*
    (`Documents.naming`); the author supports it as a demand, whoever
    answers the document, unless the author already holds the cue.
    """
    here, cue = read.here, read.cue
    if not here.doc.documents.mentioned[here.index]:
        return None
    document = here.doc.documents.naming(here.index, cue.span.start, cue.span.end)
    if document is None:
        return None
    author = document.author
    assert author is not None  # `Documents.naming` gives authored ones only
    assert author.actor is not None
    holder = read.holder
    if (
        holder is not None
        and holder.actor == author.actor
        and read.stance > 0
        and read.reason
    ):
        return None  # its own position already
    where = document.author_sentence
    owner = _Holder(
        author.actor,
        author.speaker,
        "holder.document_topic",
        author,
        where=None if where == here.index else where,
    )
    act = Signal(document.start, document.end, document.text, kind="demand")
    steps = (
        read.cue_step,
        here.step("act.document", act.start, act.end, "the document proposes it"),
    )
    return _Plan(owner, cue.polarity, act, read.k, steps)


#: The constructions, in order: each may give another party a position on a
#: cue, whether or not a position rule blocked the cue's own.
CONSTRUCTIONS = (
    _holder_answering,
    _holder_aspiring_owner,
    _holder_relative_clause,
    _holder_agreed,
    _holder_document_topic,
)


@register("holder.answer", 0.5)
def _holder_answer(
    here: _Sentence, *, pronoun_only: bool = False
) -> tuple[_Holder, Signal, re.Match[str]] | None:
    """Who rejects or accepts "this demand" answers the positions stated before.

    The subject of the sentence's first accept or reject word, else the
    party speaking the sentence; with that word and the anaphor ("this
    demand", "the proposal") or a pronoun right after the word ("rejected
    it", ``answers.pronouns``).  The finder gives the answer to the
    positions of the last sentence that stated any, two sentences back at
    most, or to those stated before a pronoun answer in its own sentence
    ("Kyiv proposed a truce, but Moscow rejected it").
    """
    anaphor = None if pronoun_only else here.language.anaphor.search(here.text)
    if anaphor is not None:
        answer = next((a for a in here.acts if a.kind in ("accept", "reject")), None)
    else:
        anaphor = here.language.answer_pronoun.search(here.text)
        if anaphor is None:
            return None
        answer = next((a for a in here.acts if a.start == anaphor.start()), None)
    if answer is None:
        return None
    subject = _subject(here, answer.start, None, answer.start)
    if subject is None:
        subject = _speaker(here, None)
    if subject is None:
        return None
    return _holder_of(subject, "holder.answer"), answer, anaphor


def _answers_by_pronoun(language: _Language, lowered: str | None, text: str) -> bool:
    """Tell whether an accept or reject word answers with a pronoun ("rejected it")."""
    return (
        language.gates.answer_pronoun.open(lowered)
        and language.answer_pronoun.search(text) is not None
    )


def _spoken(here: _Sentence, quote: Span | None) -> bool:
    """Tell whether a party speaks the quote, or the sentence."""
    if quote is not None:
        speaker = next(
            (q.speaker for q in here.speech.quotes if q.quote == quote), None
        )
        return speaker is not None and speaker.actor is not None
    speaker = here.speech.speaker
    return speaker is not None and speaker.actor is not None


def _speaker(here: _Sentence, quote: Span | None) -> Mention | None:
    """The party mention speaking the quote, or the sentence."""
    if quote is not None:
        for quoted in here.speech.quotes:
            if quoted.quote == quote:
                if quoted.speaker is not None and quoted.speaker.actor:
                    return quoted.speaker
                return None
    speaker = here.speech.speaker
    if speaker is not None and speaker.actor is not None:
        return speaker
    return None


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _stance(sign: int) -> Stance:
    return Stance.SUPPORTS if sign > 0 else Stance.OPPOSES


def _span(position: Position) -> tuple[int, int]:
    evidence = position.evidence
    return (0, 0) if evidence is None else (evidence.start, evidence.end)


def _modality(signals: Sequence[Signal]) -> Modality:
    return _MODALITIES[_modality_rule(signals)[0]]


_MODALITIES = {
    "modality.reported_past": Modality.REPORTED_PAST,
    "modality.hypothetical": Modality.HYPOTHETICAL,
    "modality.asserted": Modality.ASSERTED,
}


@register("modality.reported_past")
def _reported_past(signals: Sequence[Signal]) -> Signal | None:
    """A reported-past word in scope ("previously", "has long"): reported-past."""
    return next((s for s in signals if s.kind == "reported-past"), None)


@register("modality.hypothetical")
def _hypothetical_word(signals: Sequence[Signal]) -> Signal | None:
    """A hypothetical or condition word in scope ("would", "if"): hypothetical.

    *would* after a speech verb is the past of *will*, not a hypothetical.
    """
    return next((s for s in signals if s.kind in ("hypothetical", "condition")), None)


describe("modality.asserted", doc="Otherwise the position is asserted.")

#: The modality rules, in order: the first whose word is in scope decides.
MODALITY_RULES = (_reported_past, _hypothetical_word)


def _modality_rule(signals: Sequence[Signal]) -> tuple[str, Signal | None]:
    """The modality rule that fires on the signals in scope, and its word."""
    for rule in MODALITY_RULES:
        word = rule(signals)
        if word is not None:
            return rule_id(rule), word
    return "modality.asserted", None


def _cue_rule(cue: CueHit) -> str:
    if cue.anchored:
        return "stance.topic"
    return "stance.cue" if cue.polarity > 0 else "stance.against"


def span_of(evidence: Evidence) -> Span:
    """The span an `Evidence` quotes, as a `Span`."""
    return Span(evidence.start, evidence.end, evidence.quote)


def _holder_of(mention: Mention, rule: str) -> _Holder:
    assert mention.actor is not None
    return _Holder(mention.actor, mention.speaker, rule, mention)


def _doer(here: _Sentence, start: int) -> str | None:
    """The party named right before a verb cue at ``start``, as its subject.

    Only modals and auxiliaries may stand between ("Kyiv must withdraw",
    "Ukraine refuses to withdraw"), after the party's forces if they are
    named ("Ukrainian troops must withdraw", "Kyiv's army withdraws": an
    adjective names a doer only so); a determiner makes the cue a noun
    whose doer is not named ("Kyiv wants the withdrawal of troops").
    """
    ends = here.ends
    index = bisect.bisect_right(ends, start) - 1
    if index < 0:
        return None
    mention = here.mentions[index]
    if mention.actor is None:
        return None
    gap = here.language.doer_gap.fullmatch(here.text, mention.end, start)
    if gap is None:
        return None
    if mention.kind not in ("name", "alias", "speaker") and gap["forces"] is None:
        return None
    return mention.actor


def _coordinated(here: _Sentence, subject: Mention, rule: str) -> _Holder:
    """The subject's holder, with the parties listed before it (`listed_with`).

    A pronoun or description subject is held by the party it stands for
    (`holder.reference`), alone.
    """
    if subject.kind == REFERENCE:
        return _holder_of(subject, "holder.reference")
    holder = _holder_of(subject, rule)
    index = here.mentions.index(subject)
    grammar = here.language.grammar
    partners = listed_with(here.text, here.mentions, index, grammar=grammar)
    return attrs.evolve(holder, partners=partners) if partners else holder


def _condition_floor(here: _Sentence, before: int) -> int:
    """Where the conditional clause that ``before`` is in opens, or -1.

    The last conditional word ("if", "unless") before it with no comma
    between: "Russia, if pressed, will agree" is out of the clause again.
    """
    if not here.may("conditional"):
        return -1
    floor = -1
    text = here.text
    for match in here.language.conditional.finditer(text, 0, before):
        if "," not in text[match.end() : before]:
            floor = match.end()
    return floor


def _list_head(here: _Sentence, mention: Mention) -> Mention:
    """The first party of the list a mention ends: "of *France* and Germany"."""
    if mention.kind == REFERENCE:
        return mention
    index = bisect.bisect_left(here.ends, mention.end)
    if index == 0 or here.ends[index - 1] < mention.start - _LIST_GAP:
        return mention  # no party right before it: no list
    return list_head(here.text, here.mentions, index, grammar=here.language.grammar)


#: How many characters may stand between two parties of a list (", and ").
_LIST_GAP = 16
#: Determiners between a directive verb and its object: "urged the Kremlin".
_DETERMINERS = frozenset({"the", "its", "their"})


def _directed(before: str, directives: frozenset[str]) -> bool:
    """Tell whether ``before`` ends in a directive verb (and a determiner).

    >>> _directed("Paris urged the ", frozenset({"urged"}))
    True
    >>> _directed("Paris called on ", frozenset({"called on"}))
    True
    >>> _directed("talks with ", frozenset({"urged"}))
    False
    """
    words = before.lower().split()[-3:]
    if words and words[-1] in _DETERMINERS:
        words.pop()
    if not words or not before[-1:].isspace():
        return False
    return words[-1] in directives or " ".join(words[-2:]) in directives


def _paragraph_opens(doc: Doc, index: int) -> bool:
    """Tell whether sentence ``index`` opens a paragraph (a line of its own)."""
    if index == 0:
        return True
    gap = doc.text[doc.sentences[index - 1].end : doc.sentences[index].start]
    return "\n" in gap


def _paragraph_ends(doc: Doc, index: int) -> bool:
    """Tell whether sentence ``index`` ends its paragraph."""
    return index + 1 == len(doc.sentences) or _paragraph_opens(doc, index + 1)


def _in_list(doc: Doc, index: int, language: _Language) -> bool:
    """Tell whether sentence ``index`` goes on with a list a colon opened.

    A sentence inside an item's paragraph does; a paragraph is an item when
    it opens with a number or a bullet ("1.", "•", ``lists.markers``) or an
    ordinal ("Second, ..."), opens in lowercase ("a ceasefire along the
    line;"), or the paragraph before ended with a semicolon.
    """
    if not _paragraph_opens(doc, index):
        return True
    body = _unquoted_start(doc.sentences[index].text)
    if language.item.match(body) or language.enumeration.match(body):
        return True
    if body[:1].islower():
        return True
    return doc.sentences[index - 1].text.rstrip().endswith(";")


def _heading_like(doc: Doc, index: int) -> bool:
    """Tell whether sentence ``index`` is a short line of its own, unpunctuated.

    At most `_HEADING_WORDS` words, opening in uppercase, with no closing
    punctuation: a heading (the caller checks its length first).
    """
    body = doc.sentences[index].text.rstrip()
    if not body or not body[0].isupper() or body[-1] in '.!?;:,"”’)':
        return False
    if len(body.split()) > _HEADING_WORDS:
        return False
    return _paragraph_opens(doc, index) and _paragraph_ends(doc, index)


def _heading(doc: Doc, index: int, language: _Language) -> _Holder | None:
    """The party a heading line names as the holder of what follows, if any.

    The author of a document it names ("The Ukrainian proposal"), else a
    party that owns one of ``lists.heading_nouns`` ("Russia's demands").
    """
    for document in doc.documents.mentioned[index]:
        author = document.author
        if author is not None and author.actor is not None:
            where = document.author_sentence
            return _Holder(
                author.actor, author.speaker, "holder.heading", author, where=where
            )
    text = doc.sentences[index].text
    mentions = doc.mentions(index)
    ends = [m.end for m in mentions]
    for noun in language.heading_nouns.finditer(text):
        owner = owner_of(text, mentions, ends, noun.start(), grammar=language.grammar)
        if owner is not None and owner.actor is not None:
            return _Holder(
                owner.actor, owner.speaker, "holder.heading", owner, where=index
            )
    return None


def _colon_intro(here: _Sentence) -> _Holder | None:
    """Who holds the items of a list a colon opens (see `_holder_list`).

    The author of a document the sentence names ("Key points of the EU
    plan:", "Kyiv proposed a plan, which includes the following:"), else
    the party subject before the colon ("Italy proposes four stages:"),
    else the sentence's speaker.
    """
    colon = len(here.text.rstrip()) - 1
    for document in reversed(here.doc.documents.mentioned[here.index]):
        author = document.author
        if author is not None and author.actor is not None and document.end <= colon:
            where = document.author_sentence
            return _Holder(
                author.actor,
                author.speaker,
                "holder.list",
                author,
                where=None if where == here.index else where,
            )
    subject = _subject(here, colon, None, colon)
    if subject is not None:
        return _holder_of(subject, "holder.list")
    speaker = here.speech.speaker
    if speaker is not None and speaker.actor is not None:
        return _holder_of(speaker, "holder.list")
    return None


def _unquoted_start(text: str) -> str:
    return text.lstrip("“”\"'‘’«» ")


_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")


def _squeezed(phrase: str) -> str:
    """A phrase lowercase without spaces and hyphens ("Cease-fire" -> "ceasefire")."""
    return _SEPARATORS.sub("", phrase.casefold())


def _excluded(cue: IssueCue, excludes: Sequence[IssueCue]) -> bool:
    """Tell whether one of the cue's issue's ``excludes`` phrases overlaps it."""
    return any(
        phrase.issue == cue.issue and phrase.start < cue.end and cue.start < phrase.end
        for phrase in excludes
    )


def _anchored(text: str, cue: IssueCue, anchors: IssueMatcher, reach: int) -> bool:
    """Tell whether an anchor comes before ``cue`` in its clause, close enough.

    Close enough: starting within ``reach`` characters before it
    (`_ANCHOR_REACH`; an issue with an anchor longer than half of it reaches
    that anchor's length and half `_ANCHOR_REACH`).
    """
    window_start = max(0, cue.start - reach)
    before = text[window_start : cue.start]
    stop = max(before.rfind(c) for c in ".;:!?")
    if stop >= 0:
        before = before[stop + 1 :]
    return bool(anchors.find(before))


def _condition(here: _Sentence, region: tuple[int, int]) -> Signal | None:
    """The first condition of a bargain in the region ("only if").

    What comes after it is asked in return; also after *if* that follows an
    offer (`_bargain_if`).
    """
    low, high = region
    found = next(
        (s for s in here.signals if s.kind == "condition" and low <= s.start < high),
        None,
    )
    offered = _bargain_if(here, region) if here.may("conditional") else None
    if offered is not None and (found is None or offered.start < found.start):
        return offered
    return found


@register("act.bargain_if")
def _bargain_if(here: _Sentence, region: tuple[int, int]) -> Signal | None:
    """After an offer, *if* opens what the offerer asks in return.

    "Russia would agree to a truce *if* Kyiv drops its NATO bid", "Putin is
    ready to end the war if Ukraine withdraws": what follows is the
    offerer's demand, as after "only if".  Not after a negated offer ("is
    not ready to ... if"), nor when the offer is itself in a conditional
    clause.
    """
    low, high = region
    language = here.language
    for marker in language.offered_condition.finditer(here.text, low, high):
        offers = [a for a in here.acts if low <= a.start < marker.start()]
        if not offers or offers[-1].kind != "offer" or _act_negated(here, offers[-1]):
            continue
        offer = offers[-1]
        if language.conditional.search(here.text, low, offer.start) is not None:
            continue  # the offer is itself conditional: "if Kyiv agrees to ..."
        found = marker.group()
        return Signal(marker.start(), marker.end(), found, kind=_OFFERED_CONDITION)
    return None


#: The kind of the condition `_bargain_if` finds (a bargain's, not a signal's).
_OFFERED_CONDITION = "offered-condition"


def _answering(here: _Sentence, k: int, act: Signal | None) -> Signal | None:
    """An accept or reject word in clause ``k`` before ``act``, another's act."""
    if act is None:
        return None
    clause_start = here.clauses[k][0]
    for other in here.acts:
        if other.start >= act.start:
            break
        if other.start >= clause_start and other.kind in ("accept", "reject"):
            return other if _owned(here, act) else None
    return None


def _owned(here: _Sentence, act: Signal) -> bool:
    """Tell whether a party owns an act word right after it.

    ("Moscow's demand", "the Russian proposal", "a U.S.-backed plan").
    """
    grammar = here.language.grammar
    owner = owner_of(
        here.text, here.mentions, here.ends, act.start, words=0, grammar=grammar
    )
    return owner is not None


def _hypothetical(here: _Sentence, k: int, region: tuple[int, int]) -> bool:
    """Tell whether the cue's clause, within its quote if any, is hypothetical."""
    start = max(here.clauses[k][0], region[0])
    end = min(here.clauses[k][1], region[1])
    return any(
        s.kind in ("hypothetical", "condition") and start <= s.start < end
        for s in _modal_signals(here)
    )


def _modal_signals(here: _Sentence) -> list[Signal]:
    """The signals, less *would* after a speech verb.

    There it is the past of *will* ("officials said they would keep
    control"), not a hypothetical.
    """
    found = here.memo.get("modal_signals")
    if found is None:
        tags = here.speech.tags
        found = here.memo["modal_signals"] = [
            s
            for s in here.signals
            if not (
                s.kind == "hypothetical"
                and s.text.lower() in here.language.reported_future
                and any(tag.end <= s.start for tag in tags)
            )
        ]
    return found


def _flips(
    here: _Sentence,
    start: int,
    subject: Mention | None,
    act: Signal | None,
    *,
    giving_up: bool,
    floor: int = 0,
) -> int:
    """The negations that reach a cue, and the reject word that governs it.

    A reject word governs a cue in its clause however far away the cue is
    ("rejected a U.S.-backed proposal for an unconditional 30-day
    ceasefire"), so it counts once, whether or not it is a negation within
    reach; not across a participle ("rejected this demand, underscoring
    that its open-door policy is nonnegotiable").
    """
    opening = max(_act_opening(here, act, start), floor)
    if (
        act is not None
        and act.kind == "reject"
        and floor <= act.start
        and act.end <= start
        and here.clause_of(act.start) == here.clause_of(start)
        and here.language.scope_break.search(here.text, act.end, start) is None
    ):
        return 1 + _negations(
            here, start, subject, giving_up=giving_up, skip=act, opening=opening
        )
    return _negations(here, start, subject, giving_up=giving_up, opening=opening)


def _negations(
    here: _Sentence,
    start: int,
    subject: Mention | None,
    *,
    giving_up: bool = True,
    skip: Signal | None = None,
    opening: int = 0,
) -> int:
    """Negations that reach a cue at ``start`` from inside its holder's clause.

    `negations_before` counts the negations in the cue's clause; those
    before the holder's own mention belong to another clause ("no signs
    that Putin is ready to de-escalate"), and so do those before a comma
    and a participle, or before ``opening``, where the act word's own
    predicate opens ("refuses to vote, and it rejects neutrality").  Verbs
    of giving up ("abandon", "renounce", "halt") negate too, unless
    ``giving_up`` is false: for a topic they are its anchor ("never give up
    Crimea").
    """
    text = here.text
    language = here.language
    floor = subject.end if subject is not None and subject.end <= start else 0
    floor = max(floor, opening)  # a second predicate's own (`_act_opening`)
    for match in language.scope_break.finditer(text, floor, start):
        floor = match.end()
    if floor:
        text = " " * floor + text[floor:]
    # prepositions that look like negations: "used against Russia",
    # "without the consent of its guarantors"
    # (kept as a word of the same length, so that distances stay the same)
    crossed = 0  # the words crossed out: the sentence's gates do not see them
    if here.may("not_negation"):
        text, crossed = language.not_negation.subn(lambda m: "x" * len(m.group()), text)
    if here.may("unsaid"):
        text, unsaid = _unsaid(here, text, start)
        crossed += unsaid
    if skip is not None:  # counted by the caller
        text = text[: skip.start] + "x" * (skip.end - skip.start) + text[skip.end :]
        crossed += 1
    # Most cues have no negation word before them: one scan for the words
    # says so faster than `negations_before` (which counts only the words
    # it finds there), as it need not find the clause.  No negation word
    # starts in the spaces before the floor (`_negation_words`).
    words = language.negation
    count = 0
    low = floor if text[:floor].isspace() else 0
    if words is None or words.scan(text, low, start):
        count = language.signals.negations_before(text, start)
    if not giving_up or not (crossed or here.may("giving_up")):
        return count
    for match in language.giving_up.finditer(text, floor, start):
        if _coordinated_after(here, match.end(), start):
            continue  # "renounce NATO, recognise ...": another verb's object
        # read the verb as a plain "not", padded to keep the offsets
        width = match.end() - match.start()
        as_not = text[: match.start()] + "not".ljust(width) + text[match.end() :]
        if here.language.signals.negations_before(as_not, start) > count:
            count += 1
    return count


def _coordinated_after(here: _Sentence, end: int, start: int) -> bool:
    """Tell whether a verb ending at ``end`` has no reach to a cue at ``start``.

    A verb of giving up governs its object, not the verbs coordinated after
    it: not past a comma ("renounce NATO, recognise the republics"), nor
    past *and* before an act word ("drops its NATO bid and accepts
    limits").
    """
    if "," in here.text[end:start]:
        return True
    joint = here.language.predicate_joint
    return any(
        end <= act.start < start and joint.search(here.text, end, act.start)
        for act in here.acts
    )


def _unsaid(here: _Sentence, text: str, start: int) -> tuple[str, int]:
    """``text`` with the negations of verbs of saying before ``start`` crossed out.

    "Washington did not *mention* lifting sanctions": the negation is the
    verb's, at most one word before it ("has not yet commented"), not
    before an infinitive ("premature to discuss" negates what follows).
    """
    crossed = 0
    infinitive = here.language.infinitive
    for verb in here.language.unsaid.finditer(text, 0, start):
        for signal in here.signals:
            if signal.kind != "negation" or signal.end > verb.start():
                continue
            between = _WORD.findall(text, signal.start, verb.start())
            # "premature to discuss X", "too early to discuss X": X is negated
            if len(between) <= 1 + len(signal.text.split()) and not infinitive & {
                w.lower() for w in between
            }:
                width = signal.end - signal.start
                text = text[: signal.start] + "x" * width + text[signal.end :]
                crossed += 1
    return text, crossed


def _object(
    text: str,
    mention: Mention,
    signals: Sequence[Signal],
    language: _Language,
) -> bool:
    """Tell whether a mention is the object of a preposition or an act word.

    A preposition counts up to two lowercase modifiers back ("to senior US
    officials"); "between Kyiv and Moscow" names the parties themselves.
    So does a directive verb (`holder.not_directed`).
    """
    before = text[max(0, mention.start - 60) : mention.start]
    if _directed(before, language.directives):
        return True
    cut = _PUNCTUATION.split(before)
    words = _WORD.findall(cut[-1])[-3:]
    for word in reversed(words):
        lower = word.lower()
        if lower in language.prepositions:
            joint = lower in language.joint_prepositions
            return not (joint and mention.kind == "alias")
        if not _MODIFIER.match(word) or lower in language.modifier_stops:
            break
    gap_end = mention.start
    return any(
        s.end <= gap_end and not text[s.end : gap_end].strip()
        for s in signals
        if s.kind in _ACTS or s.kind == "negation"
    )


def _subject(
    here: _Sentence, before: int, region: tuple[int, int] | None, cue_start: int
) -> Mention | None:
    """The nearest mention before ``before`` that can be a party subject.

    Inside a conditional clause ("... if such a deal could end the
    fighting") only a party named in the clause can be (`holder.in_condition`).
    """
    text = here.text
    grammar = here.language.grammar
    quotes = here.speech.quotes
    floor = _condition_floor(here, before)
    for mention in reversed(here.subjects):
        if mention.end > before or mention.actor is None:
            continue
        if mention.start < floor:
            break
        if region is not None:
            if not region[0] <= mention.start < region[1]:
                continue
        elif any(q.quote.start <= mention.start < q.quote.end for q in quotes):
            continue
        if before != cue_start and owns(
            text, mention, before, words=0, grammar=grammar
        ):
            # the owner of an act word: "Ukraine's pledge", "the US plan"
            return mention
        if owns(text, mention, cue_start, grammar=grammar) or _object(
            text, _list_head(here, mention), here.signals, here.language
        ):
            continue
        if agentive(text, mention, here.language.grammar):
            return mention
    return None
