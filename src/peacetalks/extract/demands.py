"""Find quantitative demands: the figures that actors put on the table.

`extract_demands` reads an `Article` sentence by sentence and turns a number
found by `find_quantities` into a `Demand` when both of these hold:

* **It measures a metric of the lexicon.**  A counted number maps through
  the metric nouns around it: the noun phrase after it ("342 *tanks*",
  "85,000 *soldiers*") or a metric noun right before ``of`` ("an *army*
  of 250,000", "a *range* of 280 km").  A number with a unit maps to the
  metrics measured in that unit, and only when one of their nouns is in the
  same clause: km is ``missile_range`` near "range" and
  ``pullback_distance`` near "buffer zone"; percent is ``territory_share``
  near "territory" or "land"; days are ``ceasefire_duration`` near "truce"
  and ``election_deadline`` near "elections".  A noun shared by several
  metrics ("troops", "soldiers", "people") goes to the metric whose other
  nouns the sentence names ("peacekeeping force", "prisoners"), else to the
  first that lists it.  A bare number in a list or a contrast inherits the
  metric of the number before it ("..., while Ukraine wanted 250,000"), and
  one side of a swap inherits the other's ("500 for 500 prisoners").
* **Its clause proposes it.**  A proposal cue must come before the number
  in its clause, or in an earlier clause of the sentence that the number's
  clause continues: demand and offer words (`find_signals`: *demand*,
  *want*, *insist*, *propose*, *offer*, *agree to*...), caps (*limit*,
  *cap*, *reduce*, *restrict*, *no more than*, *ceiling*) and proposal
  nouns (*terms*, *conditions*, *plan*, *draft*).  So casualty counts, aid
  totals, the strength a side has now and the territory it holds now are
  not demands.  A rejected or negated figure ("Kyiv rejected a cap of
  85,000 troops", "the proposal for a 30-day truce was unacceptable") is
  not a demand of the rejecting side and is skipped.

The **actor** is the author a proposal word names ("*Moscow's* demand",
"the *Russian* proposal", "the *US* plan"), even when another party answers
it ("Kyiv rejected Moscow's demand to cap its army at 85,000" is Russia's
85,000); else the party of the mention nearest before the proposal cue
in the same clause (a speaker stands for their actor), and each party
listed with it ("Britain and France offered ..."); without one, the
actor of the clause it continues, then the party of whoever says the
figure ('"We want an army of 250,000," Podolyak said').  The **target**
is the actor named as the owner of the counted
forces ("Russian troops", "Ukraine's army") between the cue and the
number, else `Lexicon.target_for`.  The **bound** is the one the number is
written with (`Found`), except that an exact figure after a cap cue or in
"<forces noun> of N" is a cap (MAX) on a side's forces.

Agreements and sides: a figure that parties making up a joint actor of the
lexicon agree on ("Kyiv and Moscow agreed on a 30-hour truce"), or a figure
per side under an agreement ("a deal to swap 1,000 prisoners each"), is
the joint actor's, act accept (`proposer.joint`); a swap's total is halved
per side (`demand.swap_total`).  A range is two rows, a minimum and a
maximum (`bound.range`).  Each rule is listed with its id in
docs/explain.md.

Example:
    >>> from peacetalks.model import Article
    >>> text = ("Russia demanded to limit the number of Ukrainian armed forces "
    ...         "to 85,000 soldiers and 342 tanks, while Ukraine wanted "
    ...         "an army of 250,000 people.")
    >>> for d in extract_demands(Article(title="t", text=text)):
    ...     q = d.quantity
    ...     print(d.actor, d.metric, q.value, q.unit, q.bound.value, d.target)
    Russia troops 85000.0 personnel max Ukraine
    Russia tanks 342.0 units max Ukraine
    Ukraine troops 250000.0 personnel max Ukraine
    >>> extract_demands(Article(text="Russia has 150,000 troops in Ukraine."))
    []
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

import attrs

from peacetalks._version import __version__
from peacetalks.extract.actors import ActorFinder, Mention, listed_with, owner_of
from peacetalks.extract.cues import Agreements, Signal, Signals, asked
from peacetalks.extract.doc import Annotator, Doc
from peacetalks.extract.rules import (
    CONFIDENCE,
    Candidate,
    Step,
    describe,
    register,
    rule_id,
)
from peacetalks.extract.scan import PhraseScanner, Recent
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.grammar import Category, Grammar
from peacetalks.lexicon import Lexicon, Metric
from peacetalks.model import Act, Article, Bound, Demand, Producer, Quantity
from peacetalks.quantities import Found

__all__ = ["PRODUCER", "DemandFinder", "extract_demands"]

#: What made the demands this module returns.
PRODUCER = "peacetalks.extract.demands"

_WORDS = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


@attrs.frozen
class _Language:
    """A grammar's words that demands read, compiled once per grammar."""

    signals: Signals
    #: Caps on a number: they make a proposal and an exact figure a
    #: maximum (``bounds.caps``).
    caps: re.Pattern[str]
    #: Other words that put a figure on the table, beyond the act signals
    #: (``acts.terms``).
    terms: re.Pattern[str]
    #: Words after a count that make it a count of sources, not of forces
    #: (``counted.sources``).
    sources: re.Pattern[str]
    #: Words that may stand between a number and the noun it counts
    #: (``counted.modifiers``).
    modifiers: frozenset[str]
    #: The grammar itself, for the owners and lists of `actors`.
    grammar: Grammar
    #: A number paired with another in a swap: "500 for 500"
    #: (``swaps.links``).
    swap_link: re.Pattern[str]
    #: Bounds that look like negations: "no more than", "not exceed"
    #: (``bounds.not_negations``).
    bound_negation: re.Pattern[str]
    #: A bound written after the number and its noun: "85,000 troops at
    #: most" (``bounds.maximum_after``, ``bounds.minimum_after``).
    bound_after: re.Pattern[str]
    #: Words between a metric's noun and its number: "the release of 12"
    #: (``counted.noun_links``).
    noun_links: frozenset[str]
    #: ``caps`` and ``terms`` in one pass (tags "caps" and "terms"), or None
    #: when that could give other matches than the patterns (`_cue_scanner`).
    cue_scanner: PhraseScanner | None
    #: Words by which a party puts a measure in force on its own: "Putin
    #: *declared* a 30-hour truce" (``acts.declare``).
    declare: re.Pattern[str]
    #: A party before these and a proposal word is a verb's object:
    #: "pushing both sides *to* agree" (``subjects.object_markers``).
    object_marker: re.Pattern[str]
    #: Words glued after a duration that make it an age: "a three-year-*old*
    #: war" (``numbers.age_words``).
    age_words: frozenset[str]
    #: Words that turn from a refusal to a proposal: "rejected X *and*
    #: proposed Y" (``acts.reject_turns``), with a comma.
    turns: re.Pattern[str]
    #: Words by which parties settle a term together (``swaps.agreements``,
    #: ``swaps.agreement_nouns``).
    agreements: Agreements
    #: A figure's noun and a word that makes it a number per side:
    #: "1,000 prisoners *each*" (``swaps.per_side``).
    per_side: re.Pattern[str]
    #: A swap word and up to two words before a figure: "*swap about*
    #: 1,200 prisoners" (``swaps.verbs``).
    swap_before: re.Pattern[str]
    #: What joins two parties into one subject: "Kyiv's delegation *and*
    #: Moscow" (``parties.conjunctions``, after up to two nouns).
    joined: re.Pattern[str]
    #: The pronouns by which a speaker names their own side: "*we* would
    #: like" (``references.first_person``).
    first_person: re.Pattern[str]
    #: Phrases that pair two counts of one swap across a clause: "100
    #: soldiers *in exchange for* 100 prisoners" (``swaps.in_return``).
    in_return: re.Pattern[str]
    #: The spans of ``caps`` and ``terms`` in the last few sentences.
    cue_words: Recent[dict[str, list[tuple[int, int]]]] = attrs.field(
        factory=Recent, eq=False, repr=False
    )


#: The word categories of the proposal cues, by the tag of `_cue_scanner`.
_CUE_WORDS = {"caps": "bounds.caps", "terms": "acts.terms"}


def _cue_scanner(grammar: Grammar) -> PhraseScanner | None:
    r"""One `PhraseScanner` for the cap words and the proposal nouns, if exact.

    The ``\b(?:...)\b`` patterns are entered at every position of a
    sentence; the scanner skips to where one of their words may start.  Its
    tags match with ``(?<!\w)`` and ``(?!\w)`` instead of ``\b``, which is
    the same only when every phrase starts and ends with a letter: so the
    scanner is used only when each alternative expands to known phrases
    (``\s+`` read as a space) that all do.
    """
    tagged: list[tuple[str, str]] = []
    for tag, name in _CUE_WORDS.items():
        alternatives = grammar[name].alternatives()
        spaced = [a.replace(r"\s+", " ") for a in alternatives]
        phrases = Category(name, patterns=tuple(spaced)).phrases()
        if not phrases or not all(p[0].isalpha() and p[-1].isalpha() for p in phrases):
            return None
        tagged.extend((tag, alternative) for alternative in alternatives)
    return PhraseScanner(tagged)


@functools.lru_cache(maxsize=16)
def _language(grammar: Grammar) -> _Language:
    return _Language(
        Signals.of(grammar),
        grammar.words("bounds.caps"),
        grammar.words("acts.terms"),
        re.compile(rf"{grammar['counted.sources'].regex()}\b"),
        grammar["counted.modifiers"].folded(),
        grammar,
        re.compile(
            rf"\A[\s\-\u2011]*{grammar['swaps.links'].regex()}[\s\-\u2011]*\Z",
            re.IGNORECASE,
        ),
        grammar.words("bounds.not_negations"),
        re.compile(
            r"(?:\s+[^\W\d_]+){0,3}?\s+"
            rf"(?:(?P<max>{grammar['bounds.maximum_after'].regex()})"
            rf"|(?P<min>{grammar['bounds.minimum_after'].regex()}))\b",
            re.IGNORECASE,
        ),
        grammar["counted.noun_links"].folded(),
        _cue_scanner(grammar),
        grammar.words("acts.declare"),
        re.compile(
            rf"\s+(?:{grammar['subjects.object_markers'].regex()})\s+", re.IGNORECASE
        ),
        grammar["numbers.age_words"].folded(),
        re.compile(rf",|\b{grammar['acts.reject_turns'].regex()}\b", re.IGNORECASE),
        Agreements.of(grammar),
        re.compile(
            rf"(?:\s+[^\W\d_]+){{0,4}}?[\s,]+(?:{grammar['swaps.per_side'].regex()})\b",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\b(?:{grammar['swaps.verbs'].regex()})(?:\s+[^\W\d_]+){{0,2}}\s+\Z",
            re.IGNORECASE,
        ),
        re.compile(
            rf"(?:\s+[^\W\d_]+){{0,2}}\s+(?:{grammar['parties.conjunctions'].regex()})\s+",
            re.IGNORECASE,
        ),
        grammar.words("references.first_person"),
        grammar.words("swaps.in_return"),
    )


def _cue_word_spans(text: str, tag: str, language: _Language) -> list[tuple[int, int]]:
    """Where the ``caps`` or ``terms`` words (``tag``) match in ``text``.

    One scan of the sentence finds both kinds (kept for the other rule).
    """
    scanner = language.cue_scanner
    if scanner is None:
        pattern = language.caps if tag == "caps" else language.terms
        return [m.span() for m in pattern.finditer(text)]
    spans = language.cue_words.get(text)
    if spans is None:
        spans = {name: [] for name in _CUE_WORDS}
        for start, end, kind, _ in scanner.matches(text):  # no `Hit` to unpack
            spans[kind].append((start, end))
        language.cue_words.put(text, spans)
    return spans[tag]


_ACTS = ("demand", "offer", "accept", "reject")
_PHRASE_ENDS = frozenset(',;:!?"\u201d)')
_MEMO_SIZE = 64
_MAX_SKIP = 2  # words allowed between a number and its noun ("342 main ...")
_NOUN_WORDS = 4


@attrs.frozen
class _Metrics:
    """The lexicon's metrics, indexed by noun phrase and by unit."""

    lexicon: Lexicon
    by_noun: dict[tuple[str, ...], list[Metric]]
    by_unit: dict[str, list[Metric]]
    counted: frozenset[str]  # metric ids measured by counting
    longest: int
    language: _Language
    # the joint actors of the lexicon by their members ("Russia and Ukraine")
    joints: dict[frozenset[str], str]
    # the first words of the noun phrases: most words start none
    firsts: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    # the sizes of the noun phrases by their first word, longest first
    sizes: dict[str, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    # text -> `phrases(text)`, for the texts of the sentence being read
    memo: dict[str, list[tuple[int, list[Metric]]]] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        sizes: dict[str, set[int]] = {}
        for key in self.by_noun:
            sizes.setdefault(key[0], set()).add(len(key))
        object.__setattr__(self, "firsts", frozenset(sizes))
        longest_first = {w: tuple(sorted(s, reverse=True)) for w, s in sizes.items()}
        object.__setattr__(self, "sizes", longest_first)

    @classmethod
    def build(cls, lexicon: Lexicon) -> _Metrics:
        by_noun: dict[tuple[str, ...], list[Metric]] = {}
        by_unit: dict[str, list[Metric]] = {}
        counted: set[str] = set()
        for metric in lexicon.metrics:
            for noun in metric.nouns:
                key = tuple(w.lower() for w in _WORDS.findall(noun))
                if key and metric not in by_noun.setdefault(key, []):
                    by_noun[key].append(metric)
            by_unit.setdefault(metric.unit, []).append(metric)
            if lexicon.counted(metric.id):
                counted.add(metric.id)
        longest = max((len(k) for k in by_noun), default=1)
        language = _language(lexicon.grammar)
        joints = {frozenset(a.members): a.name for a in lexicon.actors if a.members}
        return cls(
            lexicon, by_noun, by_unit, frozenset(counted), longest, language, joints
        )

    def phrase_at(
        self, words: Sequence[str], i: int
    ) -> tuple[list[Metric], int] | None:
        """The longest metric noun phrase starting at ``words[i]``."""
        sizes = self.sizes.get(words[i])
        if sizes is None:
            return None
        room = len(words) - i
        # only the sizes of the phrases that start with the word
        for size in sizes:
            if size <= room:
                found = self.by_noun.get(tuple(words[i : i + size]))
                if found:
                    return found, size
        return None

    def phrases(self, text: str) -> list[tuple[int, list[Metric]]]:
        """The word offsets in ``text`` where a metric noun phrase starts.

        With the metrics of the longest phrase there, in order; remembered
        for the few texts of a sentence that are asked about again.
        """
        found = self.memo.get(text)
        if found is None:
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.clear()
            words = _lower_words(text)
            firsts = self.firsts
            found = []
            for i, word in enumerate(words):
                # most words start no phrase: spare them the call
                if word in firsts:
                    phrase = self.phrase_at(words, i)
                    if phrase is not None:
                        found.append((i, phrase[0]))
            self.memo[text] = found
        return found

    def named(self, metric: Metric, text: str) -> list[int]:
        """Where ``text`` names ``metric`` (word offsets of its nouns)."""
        return [i for i, found in self.phrases(text) if metric in found]

    def unique_nouns_in(self, metric: Metric, text: str) -> bool:
        """Whether ``text`` names ``metric`` by a noun no other metric has."""
        return any(found == [metric] for _, found in self.phrases(text))


def _choose(candidates: list[Metric], metrics: _Metrics, sentence: str) -> Metric:
    """Pick among metrics sharing a noun: the one the sentence otherwise names."""
    if len(candidates) == 1:
        return candidates[0]
    for metric in candidates:
        if metrics.unique_nouns_in(metric, sentence):
            return metric
    return candidates[0]


def _choose_split(candidates: list[Metric], here: _Sentence, found: Found) -> Metric:
    """Pick among metrics sharing a noun, first by a phrase the figure splits.

    "proposed sending 10,000 troops" names "sending troops", a phrase of
    the foreign force, whatever else the sentence names; else `_choose`.
    """
    if len(candidates) == 1:
        return candidates[0]
    metrics, text = here.metrics, here.text
    before = _WORDS.findall(text, max(0, found.start - 30), found.start)
    if before and before[-1].lower() in metrics.firsts:
        words = [before[-1].lower(), *_after(found, here)[0]]
        split = metrics.phrase_at(words, 0)
        if split is not None:
            for metric in candidates:
                if metric in split[0]:
                    return metric
    return _choose(candidates, metrics, text)


def _lower_words(text: str) -> list[str]:
    if text.isascii():
        # lowering ASCII keeps every character a word character or not:
        # one call for the text instead of one a word
        return _WORDS.findall(text.lower())
    return [w.lower() for w in _WORDS.findall(text)]


class _Sentence:
    """One sentence of a `Doc` as the demand rules read it, and their state.

    The layers come from the document (mentions, speech, signals); the
    cap and proposal cues and the blanked bounds are worked out when first
    asked.  The state carries what one figure leaves to the next: the last
    metric, the last proposer and the last bound.
    """

    def __init__(self, doc: Doc, index: int, metrics: _Metrics) -> None:
        sentence = doc.sentences[index]
        self.doc = doc
        self.index = index
        self.metrics = metrics
        self.sentence = sentence
        self.text = sentence.text
        self.base = sentence.start
        self.mentions = list(doc.mentions(index))
        self.ends = [m.end for m in self.mentions]
        base = sentence.start
        self.clauses = [(c.start - base, c.end - base) for c in sentence.clauses] or [
            (0, len(self.text))
        ]
        self.clause_starts = [s for s, _ in self.clauses]
        self.founds = doc.quantities(index)
        self.found_starts = [f.start for f in self.founds]
        self._adjectives: frozenset[str] | None = None
        self._cues: list[_Cue] | None = None
        self._unnegated: str | None = None
        self._cap_starts: list[int] | None = None
        self._agreements: list[tuple[int, int]] | None = None
        self._cue_starts: list[int] | None = None
        self._pairs: dict[int, Found] | None = None
        # `_clause_context` by clause and the cues it reads (`cue_range`)
        self.contexts: dict[tuple[int, int, int, int], _Context | None] = {}
        # `_after` by the end of the figure
        self.after: dict[int, tuple[list[str], bool]] = {}
        self._word_starts: dict[str, list[int]] = {}
        # what one figure leaves to the next
        self.previous: tuple[Metric, int] | None = None  # metric, found.end
        self.carried: tuple[_Context, int] | None = None  # proposer, clause
        self.last_bound: tuple[Bound, int, int] | None = None  # bound, end, clause

    @property
    def adjectives(self) -> frozenset[str]:
        """Actor words that may stand between a number and its noun."""
        if self._adjectives is None:
            self._adjectives = frozenset(
                m.text.lower()
                for m in self.mentions
                if m.kind in ("adjective", "name", "alias")
            )
        return self._adjectives

    @property
    def cues(self) -> list[_Cue]:
        """The proposal cues: act words, cap words and proposal nouns."""
        if self._cues is None:
            self._cues = _cues(
                self.text, self.doc.signals(self.index, _ACTS), self.metrics.language
            )
        return self._cues

    @property
    def agreements(self) -> list[tuple[int, int]]:
        """Where the agreement words (``swaps.agreements``) are."""
        if self._agreements is None:
            words = self.metrics.language.agreements
            self._agreements = sorted(
                m.span()
                for pattern in (words.verbs, words.nouns)
                for m in pattern.finditer(self.text)
            )
        return self._agreements

    @property
    def pairs(self) -> dict[int, Found]:
        """The counts a return phrase pairs, by start: each to its other side.

        "A *in exchange for* B" pairs the counts on either side of the
        phrase; "A ..., with Kyiv releasing B *in return*" the two counts
        before it (``swaps.in_return``).
        """
        if self._pairs is None:
            self._pairs = {}
            counts = [f for f in self.founds if f.quantity.unit is None]
            for m in self.metrics.language.in_return.finditer(self.text):
                earlier = [f for f in counts if f.end <= m.start()]
                if m.group().lower().endswith("for"):
                    later = [f for f in counts if f.start >= m.end()]
                    pair = earlier[-1:] + later[:1]
                else:
                    pair = earlier[-2:]
                if len(pair) == 2:
                    self._pairs[pair[0].start] = pair[1]
                    self._pairs[pair[1].start] = pair[0]
        return self._pairs

    @property
    def cap_starts(self) -> list[int]:
        """Where each cap word starts."""
        if self._cap_starts is None:
            self._cap_starts = [c.start for c in self.cues if c.cap]
        return self._cap_starts

    def word_starts(self, text: str) -> list[int]:
        """Where the words of ``text`` (the sentence or a clause) start."""
        starts = self._word_starts.get(text)
        if starts is None:
            starts = [m.start() for m in _WORDS.finditer(text)]
            self._word_starts[text] = starts
        return starts

    def cue_range(self, start: int, end: int) -> tuple[int, int]:
        """The indices in `cues` of the cues that start in ``[start, end)``."""
        if self._cue_starts is None:
            self._cue_starts = [c.start for c in self.cues]
        starts = self._cue_starts
        low = bisect.bisect_left(starts, start)
        return low, max(low, bisect.bisect_left(starts, end))

    @property
    def unnegated(self) -> str:
        """The text with "no more than" and "not exceed" blanked out."""
        if self._unnegated is None:
            # they are bounds, not negations
            self._unnegated = self.metrics.language.bound_negation.sub(
                lambda m: " " * len(m.group()), self.text
            )
        return self._unnegated

    def speaker_of(self, at: int) -> Mention | None:
        """Who says the figure at ``at``, named close enough to give it a figure.

        Its quote's speaker, else the sentence's, from the article's speech
        attribution, when the speaker is named in this sentence, or when
        the figure's quote continues the quote of the sentence just before
        (a quote paragraph that goes on, however many paragraphs): a
        pronoun tag ("he said") that
        attribution resolves to a person named sentences before is not
        enough for a figure.
        """
        speech = self.doc.speech[self.index]
        mentions = set(self.mentions)
        for quoted in speech.quotes:
            if quoted.quote.start <= at < quoted.quote.end:
                if quoted.in_sentence == self.index - 1 or (
                    quoted.in_sentence < self.index
                    and quoted.speaker is not None
                    and any(
                        q.speaker == quoted.speaker
                        for q in self.doc.speech[self.index - 1].quotes
                    )
                ):
                    return quoted.speaker  # it continues the quote before
                if quoted.in_sentence == self.index and quoted.speaker in mentions:
                    return quoted.speaker
                return None
        if speech.speaker in mentions:
            return speech.speaker
        return None

    def step(self, rule: str, start: int, end: int, why: str) -> Step:
        """A step of ``rule`` on the sentence-relative span ``start:end``."""
        return self.doc.step(self.index, rule, start, end, why)


@attrs.define
class _Figure:
    """A figure being read: its clause, metric, proposer and trace."""

    found: Found
    k: int  # its clause
    clause: tuple[int, int]
    steps: list[Step]
    metric: Metric | None = None
    of_noun: bool = False  # "<noun> of N" named the metric


def _skippable(word: str, here: _Sentence) -> bool:
    """Whether ``word`` may stand between a number and its noun."""
    return word in here.metrics.language.modifiers or word in here.adjectives


def _source_count(words: list[str], here: _Sentence) -> bool:
    """Tell whether the words after a number count sources ("people familiar")."""
    return here.metrics.language.sources.match(" ".join(words[1:5])) is not None


def _words_after(text: str, found: Found) -> list[str]:
    # punctuation ends the noun phrase: '"... an army of 250,000," Podolyak'
    if text[found.end : found.end + 1] in _PHRASE_ENDS:
        return []
    words = _WORDS.findall(text, found.end, found.end + 80)
    return [word.lower() for word in words[: _NOUN_WORDS + _MAX_SKIP]]


def _after(found: Found, here: _Sentence) -> tuple[list[str], bool]:
    """`_words_after` the figure, and whether they count sources.

    Worked out once a figure: both metric rules of a noun read them.
    """
    got = here.after.get(found.end)
    if got is None:
        words = _words_after(here.text, found)
        got = here.after[found.end] = (words, _source_count(words, here))
    return got


_Hit = tuple[Metric, bool, int, int, str]


def _noun_after(found: Found, here: _Sentence) -> _Hit | None:
    text, metrics = here.text, here.metrics
    words, sources = _after(found, here)
    if sources:
        return None
    firsts = metrics.firsts
    phrases = [
        metrics.phrase_at(words, skip) if words[skip] in firsts else None
        for skip in range(min(_MAX_SKIP, len(words) - 1) + 1)
    ]
    for skip, phrase in enumerate(phrases):
        if not any(phrases[skip:]):
            break  # no noun to reach: spare the skippable test its mentions
        if skip and not _skippable(words[skip - 1], here):
            break
        if phrase is not None:
            counted = [m for m in phrase[0] if m.id in metrics.counted]
            if counted:
                metric = _choose_split(counted, here, found)
                spans = list(_WORDS.finditer(text, found.end, found.end + 80))
                end = spans[skip + phrase[1] - 1].end()
                named = _named_before_of(found, text, metric, metrics)
                return (
                    metric,
                    named,
                    found.start,
                    end,
                    f"counts {text[found.end : end].strip()!r}",
                )
    return None


def _noun_of(found: Found, here: _Sentence) -> _Hit | None:
    text, metrics = here.text, here.metrics
    if _after(found, here)[1]:
        return None
    window = max(0, found.start - 80)
    spans = list(_WORDS.finditer(text, window, found.start))
    # most figures follow no "of": lower the other words only after one
    if len(spans) >= 2 and spans[-1].group().lower() in metrics.language.noun_links:
        words = [m.group().lower() for m in spans]
        for size in range(min(metrics.longest, len(words) - 1), 0, -1):
            key = tuple(words[-1 - size : -1])
            candidates = [
                m for m in metrics.by_noun.get(key, []) if m.id in metrics.counted
            ]
            if candidates:
                start = spans[-1 - size].start()
                why = f"{' '.join(key)!r} of the figure"
                return _choose(candidates, metrics, text), True, start, found.end, why
    return None


@register("metric.counted_noun")
def _metric_counted_noun(here: _Sentence, fig: _Figure) -> _Hit | None:
    """A number without a unit counts the metric noun after it ("342 tanks").

    A noun several metrics share goes to the metric of a phrase the figure
    splits ("sending 10,000 troops" is "sending troops", a foreign force),
    else to the one whose other nouns the sentence names.  A metric noun
    before "of" that names another metric wins ("a deterrence force of
    100,000 personnel", `metric.of_noun`).  Up to two modifiers or actor
    words may stand between ("85,000 Ukrainian soldiers"); punctuation
    ends the noun phrase; "people familiar with ..." counts sources, not
    forces.
    """
    if fig.found.quantity.unit is not None:
        return None
    hit = _noun_after(fig.found, here)
    if hit is not None and not hit[1] and _noun_of(fig.found, here) is not None:
        return None  # "a deterrence force of 100,000 personnel": `metric.of_noun`
    return hit


@register("metric.of_noun")
def _metric_of_noun(here: _Sentence, fig: _Figure) -> _Hit | None:
    """A metric noun right before "of" names the figure ("an army of 250,000")."""
    if fig.found.quantity.unit is not None:
        return None
    return _noun_of(fig.found, here)


def _vague(found: Found) -> bool:
    """Whether a figure is a vague multiple ("tens of thousands")."""
    quantity = found.quantity
    return quantity.value is None and quantity.bound is Bound.APPROX


@register("metric.list")
def _metric_list(here: _Sentence, fig: _Figure) -> _Hit | None:
    """A bare number inherits the metric of the number before it.

    When at most six words stand between ("..., while Ukraine wanted
    250,000") or "for" does ("500 for 500 prisoners"); a vague multiple
    ("killing four people and cutting power to tens of thousands") counts
    on its own.
    """
    found, previous = fig.found, here.previous
    if found.quantity.unit is not None or previous is None:
        return None
    if _vague(found):
        return None  # "tens of thousands" counts on its own
    gap = here.text[previous[1] : found.start]
    if here.metrics.language.swap_link.match(gap) or len(_WORDS.findall(gap)) <= 6:
        why = f"inherits {previous[0].id!r} from the figure before"
        return previous[0], False, found.start, found.end, why
    return None


@register("metric.swap")
def _metric_swap(here: _Sentence, fig: _Figure) -> _Hit | None:
    """One side of a swap takes the other's metric ("500 for 500 prisoners")."""
    found = fig.found
    if found.quantity.unit is not None:
        return None
    after = bisect.bisect_right(here.found_starts, found.end)
    later = here.founds[after] if after < len(here.founds) else None
    swap = here.metrics.language.swap_link
    if later is None or not swap.match(here.text[found.end : later.start]):
        return None
    hit = _noun_after(later, here) or _noun_of(later, here)
    if hit is None:
        return None
    return hit[0], False, found.start, hit[3], "the other side of the swap"


@register("metric.swap_pair")
def _metric_swap_pair(here: _Sentence, fig: _Figure) -> _Hit | None:
    """A count a return phrase pairs with the count before takes its metric.

    "230 prisoners were freed, with Kyiv releasing 248 Russians (or 248
    servicemen) *in return*": the other side of the swap counts the same
    (``swaps.in_return``), whatever noun it has, when that metric is
    counted per side (a joint default target).
    """
    found, previous = fig.found, here.previous
    if found.quantity.unit is not None or previous is None:
        return None
    partner = here.pairs.get(found.start)
    metrics = here.metrics
    if (
        partner is None
        or partner.end != previous[1]
        or previous[0].default_target not in metrics.joints.values()
    ):
        return None
    why = f"the other side of the swap: {previous[0].id!r}"
    return previous[0], False, found.start, found.end, why


@register("metric.cap_forces")
def _metric_cap_forces(here: _Sentence, fig: _Figure) -> _Hit | None:
    """After a cap word, a bare number counts the forces named before it.

    "Russian troops cut to 100,000": the counted metric named last before
    the number in its clause; not a count of sources ("according to three
    people involved") nor a vague multiple ("cutting power to tens of
    thousands").
    """
    found, clause = fig.found, fig.clause
    if found.quantity.unit is not None or _after(found, here)[1] or _vague(found):
        return None  # "..., according to three people involved": sources
    # most bare numbers follow no metric noun: that test spares the
    # sentence its cue scan, which no other figure may need
    metric = _named_before(here.text[clause[0] : found.start], here.metrics)
    if metric is None:
        return None
    caps = here.cap_starts
    first_cap = bisect.bisect_left(caps, clause[0])
    if first_cap >= len(caps) or caps[first_cap] >= found.start:
        return None
    why = f"the {metric.id!r} named before the cap word"
    return metric, False, caps[first_cap], found.end, why


@register("metric.unit")
def _metric_unit(here: _Sentence, fig: _Figure) -> _Hit | None:
    """A number with a unit measures the nearest metric in that unit in its clause.

    km near "range" is ``missile_range``, near "buffer zone"
    ``pullback_distance``; a noun glued to the unit ("45-day truce")
    names it too.
    """
    found, clause = fig.found, fig.clause
    if found.quantity.unit is None:
        return None
    text = here.text
    metric = _unit_metric(
        found, here, Span(clause[0], clause[1], text[clause[0] : clause[1]])
    )
    if metric is None:
        return None
    of_noun = _named_before_of(found, text, metric, here.metrics)
    return (
        metric,
        of_noun,
        found.start,
        found.end,
        f"{found.quantity.unit} of {metric.id!r}",
    )


#: The metric rules, in the order they are tried: the first that fires wins.
METRIC_RULES = (
    _metric_swap_pair,
    _metric_counted_noun,
    _metric_of_noun,
    _metric_list,
    _metric_swap,
    _metric_cap_forces,
    _metric_unit,
)


def _unit_metric(found: Found, sentence: _Sentence, clause: Span) -> Metric | None:
    """The metric a number with a unit measures: the nearest one named."""
    metrics = sentence.metrics
    unit = found.quantity.unit
    if unit is None:
        return None
    candidates = [
        m for m in metrics.by_unit.get(unit, []) if m.id not in metrics.counted
    ]
    if not candidates:
        return None
    best: tuple[int, Metric] | None = None
    # word starts, found when a noun is named: distances count words, and
    # a bisection counts the words before an offset
    starts: list[int] = []
    clause_starts: list[int] = []
    here = 0
    for metric in candidates:
        for i in metrics.named(metric, clause.text):
            if not starts:
                # the figures of a sentence share them
                starts = sentence.word_starts(sentence.text)
                clause_starts = sentence.word_starts(clause.text)
                here = bisect.bisect_left(starts, found.start)
            offset = clause.start + (clause_starts[i] if i < len(clause_starts) else 0)
            distance = abs(bisect.bisect_left(starts, offset) - here)
            if best is None or distance < best[0]:
                best = (distance, metric)
    if best is None:
        # a noun glued to the unit ("45-day truce") names the metric too
        for metric in candidates:
            if found.noun and metrics.by_noun.get((found.noun,), []).count(metric):
                return metric
        return None
    return best[1]


def _named_before_of(
    found: Found, text: str, metric: Metric, metrics: _Metrics
) -> bool:
    """Whether "<a noun of metric> of" comes right before the number."""
    words = _WORDS.findall(text, max(0, found.start - 80), found.start)
    if len(words) < 2 or words[-1].lower() not in metrics.language.noun_links:
        return False
    words = [word.lower() for word in words]
    for size in range(min(metrics.longest, len(words) - 1), 0, -1):
        if metric in metrics.by_noun.get(tuple(words[-1 - size : -1]), []):
            return True
    return False


def _bound_after(text: str, found: Found, bound: Bound, language: _Language) -> Bound:
    """A bound written after the number and its noun ("85,000 troops at most")."""
    match = language.bound_after.match(text, found.end, found.end + 60)
    if match is None:
        return bound
    return Bound.MAX if match.group("max") else Bound.MIN


def _named_before(text: str, metrics: _Metrics) -> Metric | None:
    """The counted metric named last in ``text``."""
    best: Metric | None = None
    for _, found in metrics.phrases(text):
        counted = [m for m in found if m.id in metrics.counted]
        if counted:
            best = _choose(counted, metrics, text)
    return best


@attrs.frozen
class _Cue:
    start: int  # sentence-relative
    end: int
    act: Act
    rule: str  # the rule that reads it as a proposal cue
    cap: bool = False  # a cap word ("limit", "cut"), which no party authors
    deontic: bool = False  # "must": its subject is obliged, not the proposer
    measured: bool = False  # proposes only a figure with a unit ("declared")


@register("demand.act_word")
def _act_word_cues(
    text: str, signals: Sequence[Signal], language: _Language
) -> list[_Cue]:
    """A demand, offer, accept or reject word proposes (or refuses) a figure.

    *demand*, *want*, *insist*, *propose*, *offer*, *agree to*...
    (`~peacetalks.extract.cues.find_signals`).
    """
    rule = "demand.act_word"
    return [
        _Cue(s.start, s.end, Act(s.kind), rule, deontic=language.signals.deontic(s))
        for s in signals
        if s.kind in _ACTS
    ]


@register("demand.cap_verb")
def _cap_cues(text: str, signals: Sequence[Signal], language: _Language) -> list[_Cue]:
    """A cap word proposes a figure and makes an exact one a maximum.

    *limit*, *cap*, *reduce*, *restrict*, *no more than*, *ceiling*...; no
    party authors a cap word: its owner is the target ("Ukraine's army").
    """
    rule = "demand.cap_verb"
    return [
        _Cue(start, end, Act.DEMAND, rule, cap=True)
        for start, end in _cue_word_spans(text, "caps", language)
    ]


@register("demand.proposal_noun")
def _proposal_cues(
    text: str, signals: Sequence[Signal], language: _Language
) -> list[_Cue]:
    """A proposal noun or verb puts a figure on the table.

    *terms*, *conditions*, *plan*, *draft*, *envisages*, *would allow*,
    *exchange*...
    """
    rule = "demand.proposal_noun"
    return [
        _Cue(start, end, Act.DEMAND, rule)
        for start, end in _cue_word_spans(text, "terms", language)
    ]


@register("demand.declared")
def _declared_cues(
    text: str, signals: Sequence[Signal], language: _Language
) -> list[_Cue]:
    """A party that declares, announces or orders a measure offers its figure.

    "Putin declared a 30-hour truce", "the Kremlin announced a three-day
    ceasefire" (``acts.declare``): only a figure with a unit (a duration,
    a distance); a count after such a word reports ("announced that 200
    prisoners were freed") and is no demand (`demand.declared_count`), and
    a proposal word after it in its clause governs instead ("Kyiv
    announced that Russia had proposed a 30-day truce").
    """
    rule = "demand.declared"
    return [
        _Cue(m.start(), m.end(), Act.OFFER, rule, measured=True)
        for m in language.declare.finditer(text)
    ]


def _reported(in_clause: list[_Cue]) -> list[_Cue]:
    """The cues without a declare word that a later proposal word follows.

    "Kyiv announced that Russia had proposed a 30-day truce": the proposal
    is reported, the later word governs (`demand.declared`).
    """
    if not any(c.measured for c in in_clause):
        return in_clause
    last = max(i for i, c in enumerate(in_clause) if not c.measured or i == 0)
    return [c for i, c in enumerate(in_clause) if not (c.measured and i < last)]


#: The kinds of proposal cue: a figure is a demand only after one of them.
CUE_RULES = (_act_word_cues, _cap_cues, _proposal_cues, _declared_cues)


def _cues(sentence: str, signals: Sequence[Signal], language: _Language) -> list[_Cue]:
    cues = [cue for rule in CUE_RULES for cue in rule(sentence, signals, language)]
    # a reject word wins over the demand word it shares a position with
    cues.sort(key=lambda c: (c.start, c.act is not Act.REJECT))
    return cues


def _party(mention: Mention) -> bool:
    return mention.actor is not None


@attrs.frozen
class _Context:
    """Who proposes in a clause, and how."""

    actor: str
    speaker: str | None
    act: Act
    actor_end: int  # sentence-relative end of the actor's mention
    rule: str  # the proposer rule that named the actor: the confidence
    cue: _Cue | None = None
    # the actor owns the proposal word ("Moscow's demand"): what comes
    # before it is another's answer, not a negation of the proposal
    authored: bool = False
    # parties listed with the actor: "Britain and France offered 10,000"
    partners: tuple[str, ...] = ()
    actor_start: int = -1


@register("proposer.author", confidence=0.8)
def _proposer_author(
    here: _Sentence, clause: tuple[int, int], in_clause: list[_Cue]
) -> _Context | None:
    """The author a proposal word names proposes, even when another answers it.

    "*Moscow's* demand", "the *Russian* proposal", "the *US* plan": "Kyiv
    rejected Moscow's demand to cap its army at 85,000" is Russia's 85,000.
    Not for cap or *must* words, whose owner is the target.
    """
    for cue in reversed(in_clause):
        if cue.cap or cue.deontic:
            # "Ukraine wants Russian troops cut to 100,000", "Ukraine's army
            # must not exceed 85,000": the owner is the target
            continue
        author = owner_of(
            here.text,
            here.mentions,
            here.ends,
            cue.start,
            grammar=here.metrics.language.grammar,
        )
        if (
            author is not None
            and author.start >= clause[0]
            and cue.act is not Act.REJECT
        ):
            assert author.actor is not None
            return _Context(
                author.actor,
                author.speaker,
                cue.act,
                author.end,
                "proposer.author",
                cue,
                authored=True,
                actor_start=author.start,
            )
    return None


@register("proposer.subject", confidence=0.9)
def _proposer_subject(
    here: _Sentence, clause: tuple[int, int], in_clause: list[_Cue]
) -> _Context | None:
    """The party named nearest before the clause's first proposal cue proposes.

    A speaker stands for their actor; the parties listed with it propose
    too ("Britain and France offered ...").  A *must* cue or a cue with no
    party before it names no proposer (an empty actor: later rules find
    one); nor does the owner of the forces a cap word caps ("rebuilding
    *Ukraine's* forces, up to 800,000 troops"), nor a party that is the
    object of a verb before it ("pushing *both sides* to agree to a
    30-day truce", ``subjects.object_markers``), nor one a first-person
    pronoun follows before the cue ('"I told *Erdogan* that *we* would like
    guarantees for 20 years"', ``references.first_person``): the pronoun
    is the subject, and whoever says the sentence proposes
    (`proposer.speaker`).
    """
    cue = in_clause[0]
    start = clause[0]
    subject = (
        []
        if cue.deontic
        else [
            m
            for m in here.mentions
            if _party(m)
            and start <= m.start
            and m.end <= cue.start
            and not (cue.cap and m.kind in ("possessive", "adjective"))
        ]
    )
    if subject and (
        _object_of_verb(here, subject[-1], cue, start)
        or here.metrics.language.first_person.search(
            here.text, subject[-1].end, cue.start
        )
    ):
        subject = []
    if not subject:
        return _Context("", None, cue.act, start, "", cue)  # who says it asks
    mention = subject[-1]
    assert mention.actor is not None
    partners = listed_with(
        here.text,
        here.mentions,
        here.mentions.index(mention),
        grammar=here.metrics.language.grammar,
    )
    return _Context(
        mention.actor,
        mention.speaker,
        cue.act,
        mention.end,
        "proposer.subject",
        cue,
        partners=partners,
        actor_start=mention.start,
    )


@register("demand.after_reject")
def _after_reject(here: _Sentence, in_clause: list[_Cue]) -> list[_Cue]:
    """A proposal word that turns from a reject word governs the figures after it.

    "Russia rejects an unconditional ceasefire, proposes a truce of 2-3
    days": the truce is Russia's offer, not a figure it rejects.  Only a
    demand or offer word (not a cap word) takes over, and only after a
    comma or a turn word ("and", "but", "instead": ``acts.reject_turns``):
    "rejected a proposal to release 20" stays a rejection.
    """
    if not in_clause or in_clause[0].act is not Act.REJECT:
        return in_clause
    turns = here.metrics.language.turns
    for i, cue in enumerate(in_clause):
        if (
            i
            and not cue.cap
            and cue.act in (Act.DEMAND, Act.OFFER)
            and cue.rule == "demand.act_word"
            and turns.search(here.text, in_clause[i - 1].end, cue.start)
        ):
            return [attrs.evolve(cue, rule="demand.after_reject"), *in_clause[i + 1 :]]
    return in_clause


def _object_of_verb(here: _Sentence, mention: Mention, cue: _Cue, start: int) -> bool:
    """Whether a party before an infinitive cue is the object of a verb before it.

    "pushing both sides to agree": words before the party in its clause
    and an object marker (``subjects.object_markers``) between it and the
    cue; "Russia to offer a truce" (a headline) keeps its subject.
    """
    text = here.text
    language = here.metrics.language
    return (
        language.object_marker.fullmatch(text, mention.end, cue.start) is not None
        and _WORDS.search(text, start, mention.start) is not None
    )


def _clause_context(
    here: _Sentence, clause: tuple[int, int], before: int
) -> _Context | None:
    """The proposal in a clause (relative span): its first cue before ``before``."""
    start, end = clause
    # the figures of a clause mostly read the same cues: work them out once
    low, high = here.cue_range(start, min(end, before))
    key = (start, end, low, high)
    if key in here.contexts:
        return here.contexts[key]
    in_clause = here.cues[low:high]
    context = None
    if in_clause:
        context = _proposer_author(here, clause, in_clause) or _proposer_subject(
            here, clause, _after_reject(here, _reported(in_clause))
        )
    here.contexts[key] = context
    return context


@register("proposer.earlier_clause", confidence=0.7)
def _proposer_earlier_clause(
    here: _Sentence, fig: _Figure, context: _Context | None, before: int
) -> _Context | None:
    """Without a named proposer in its clause, the proposer of an earlier clause.

    The nearest earlier clause of the sentence that names one: the
    figure's clause continues it.
    """
    if context is not None and context.actor:
        return None
    for j in range(fig.k - 1, -1, -1):
        earlier = _clause_context(here, here.clauses[j], before)
        if earlier is not None and earlier.actor:
            if context is None:
                return attrs.evolve(earlier, rule="proposer.earlier_clause")
            return attrs.evolve(
                context,
                actor=earlier.actor,
                speaker=earlier.speaker,
                actor_end=earlier.actor_end,
                actor_start=earlier.actor_start,
                rule="proposer.earlier_clause",
            )
    return None


@register("proposer.carried")
def _proposer_carried(
    here: _Sentence, fig: _Figure, context: _Context | None, before: int
) -> _Context | None:
    """Without a proposal cue, the proposer of the figure before in the same clause.

    "a cap of 85,000 troops and 342 tanks": the tanks are proposed too.
    The confidence is that of the rule that found the first proposer.
    """
    if context is not None or here.carried is None or here.carried[1] != fig.k:
        return None
    return here.carried[0]


@register("proposer.speaker", confidence=0.6)
def _proposer_speaker(
    here: _Sentence, fig: _Figure, context: _Context | None, before: int
) -> _Context | None:
    """A cue that names nobody is proposed by whoever says the figure.

    The speaker of the quote it is in, else of the sentence ('"We want an
    army of 250,000," Podolyak said'), when named in the sentence or when
    the quote continues the quote of the sentence before;
    never a party named elsewhere in the sentence, which is more often the
    target ("would bar Ukraine ... and limit its army to 600,000").
    """
    if context is None or context.actor:
        return None
    sayer = here.speaker_of(fig.found.start)
    if sayer is None or sayer.actor is None:
        return None
    return attrs.evolve(
        context, actor=sayer.actor, speaker=sayer.speaker, rule="proposer.speaker"
    )


@register("proposer.document", confidence=0.8)
def _proposer_document(
    here: _Sentence, fig: _Figure, context: _Context | None, before: int
) -> _Context | None:
    """A figure in a document's provision is proposed by the document's author.

    "Under the US plan, Ukraine's army would be capped at 600,000", "the
    memorandum Moscow handed over calls for ...", "Trump's initiative for a
    30-day truce" (whoever answers it): the author named for the document
    (`peacetalks.extract.documents`), not the party the figure constrains;
    the provision verb (or the document) is the proposal cue when the
    clause has none.
    """
    documents = here.doc.documents
    index = here.index
    mentioned = documents.mentioned
    if not (
        mentioned[index]
        or (index and mentioned[index - 1])
        or (index > 1 and mentioned[index - 2])
    ):
        return None
    found = fig.found
    frame = documents.frame(index, found.start)
    if frame is not None:
        document, verb = frame.document, frame.verb
    else:
        # "Trump's initiative for a 30-day truce": the figure names its term
        named = documents.naming(index, found.start, found.end)
        if named is None:
            return None
        document = named
        verb = Span(named.start, named.end, named.text)
    author = document.author
    assert author is not None  # `Documents` frames and names authored ones only
    assert author.actor is not None
    act = context.act if context is not None else Act.DEMAND
    if act is Act.REJECT:
        act = Act.DEMAND  # another's answer to the document
    return _Context(
        author.actor,
        author.speaker,
        act,
        verb.end,
        "proposer.document",
        context.cue if context is not None else None,
        authored=True,
        actor_start=verb.start,
    )


@register("demand.no_proposer")
def _no_proposer(here: _Sentence, fig: _Figure, context: _Context | None) -> str | None:
    """A figure with no proposal cue before it, or nobody who proposes it, is no demand.

    Casualty counts, aid totals, the forces a side has now.
    """
    if context is None:
        return "no proposal cue before the figure in its clause or sentence"
    if not context.actor:
        return "a proposal cue, but no party names or says the figure"
    return None


@register("demand.rejected")
def _rejected(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """A figure after a reject word is not a demand of the rejecting side."""
    if context.act is Act.REJECT:
        return "the proposal cue is a reject word"
    return None


@register("demand.negated")
def _negated(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """A negation before the figure: not a demand ("will not accept 85,000").

    "no more than" and "not exceed" are bounds, not negations; a negation
    before a named author ("rejected *Moscow's* demand") answers the
    proposal, it does not negate it.
    """
    scope = context.actor_end if context.authored else 0
    if context.cue is not None and context.cue.rule == "demand.after_reject":
        scope = context.cue.end  # the reject word before it is no negation of it
    if here.metrics.language.signals.negated(
        here.unnegated[scope:], fig.found.start - scope
    ):
        return "a negation reaches the figure"
    return None


@register("demand.verdict")
def _verdict(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """A negative verdict after the figure rejects it ("... was unacceptable").

    Not when the proposal names its author: the verdict is another's answer.
    """
    if not context.authored and here.metrics.language.signals.verdict_after(
        here.text, fig.found.end, fig.clause[1]
    ):
        return "a negative verdict follows the figure"
    return None


@register("demand.total")
def _total(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """A total followed by its half per side is no term of its own.

    "agreed to exchange 314 prisoners of war - 157 each": the term is
    157 per side (``swaps.per_side``).
    """
    found = fig.found
    after = bisect.bisect_right(here.found_starts, found.end)
    if after >= len(here.founds):
        return None
    half = here.founds[after]
    if (
        found.quantity.value is None
        or half.quantity.value is None
        or found.quantity.value != 2 * half.quantity.value
        or len(_WORDS.findall(here.text, found.end, half.start)) > 6
        or not here.metrics.language.per_side.match(here.text, half.end, half.end + 60)
    ):
        return None
    return f"a total: {half.text} per side follows"


@register("demand.declared_count")
def _declared_count(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """A count after a declare word reports a fact: no demand.

    "Kyiv announced that 200 prisoners had come home" (`demand.declared`).
    """
    cue = context.cue
    if cue is not None and cue.measured and fig.found.quantity.unit is None:
        return "a count after a declare word reports, it proposes nothing"
    return None


@register("demand.age")
def _age(here: _Sentence, fig: _Figure, context: _Context) -> str | None:
    """An age is no term: "ending the three-year-old war" (``numbers.age_words``)."""
    found = fig.found
    if (
        found.quantity.unit is not None
        and found.noun in here.metrics.language.age_words
        and here.text[found.end : found.end + 1] in "-\u2011"
    ):
        return f"an age: {found.text}-{found.noun}"
    return None


#: What blocks a figure that has a proposer, in order.
BLOCKING_RULES = (_rejected, _negated, _verdict, _total, _declared_count, _age)


@register("bound.written")
def _bound_written(here: _Sentence, fig: _Figure, context: _Context) -> Bound | None:
    """The bound the figure is written with ("up to 10,000", "at least 5")."""
    bound = fig.found.quantity.bound
    return None if bound is Bound.EXACT else bound


def _caps_forces(fig: _Figure) -> bool:
    metric = fig.metric
    assert metric is not None
    return metric.default_target is None and metric.unit != "percent"


@register("bound.cap_before")
def _bound_cap_before(here: _Sentence, fig: _Figure, context: _Context) -> Bound | None:
    """An exact figure after a cap word in its clause caps forces: a maximum."""
    if not _caps_forces(fig):
        return None
    caps = here.cap_starts
    first = bisect.bisect_left(caps, fig.clause[0])
    if first < len(caps) and caps[first] < fig.found.start:
        return Bound.MAX
    return None


@register("bound.of_noun")
def _bound_of_noun(here: _Sentence, fig: _Figure, context: _Context) -> Bound | None:
    """An exact figure in "<forces noun> of N" is a maximum ("an army of 250,000")."""
    return Bound.MAX if fig.of_noun and _caps_forces(fig) else None


@register("bound.cap_earlier_clause")
def _bound_cap_earlier(
    here: _Sentence, fig: _Figure, context: _Context
) -> Bound | None:
    """A counted figure after a cap word in an earlier clause: a maximum.

    For list items: "limit the army to: 85,000 troops; 342 tanks".
    """
    metric = fig.metric
    assert metric is not None
    if (
        metric.id in here.metrics.counted
        and context.act in (Act.DEMAND, Act.OFFER)
        and metric.default_target is None
        and any(s < fig.found.start and s < fig.clause[0] for s in here.cap_starts)
    ):
        return Bound.MAX
    return None


@register("bound.after")
def _bound_written_after(
    here: _Sentence, fig: _Figure, context: _Context
) -> Bound | None:
    """A bound written after the number and its noun ("85,000 troops at most")."""
    bound = _bound_after(here.text, fig.found, Bound.EXACT, here.metrics.language)
    return None if bound is Bound.EXACT else bound


@register("bound.carried")
def _bound_carried(here: _Sentence, fig: _Figure, context: _Context) -> Bound | None:
    """An exact figure takes the bound of the figure before in its clause.

    Within eight words: "no more than 342 tanks and 40 km".
    """
    last = here.last_bound
    if last is None or last[2] != fig.k:
        return None
    if len(_WORDS.findall(here.text[last[1] : fig.found.start])) <= 8:
        return last[0]
    return None


#: The bound rules, in order: the first that fires gives the bound, else exact.
BOUND_RULES = (
    _bound_written,
    _bound_cap_before,
    _bound_of_noun,
    _bound_cap_earlier,
    _bound_written_after,
    _bound_carried,
)


@register("target.owner")
def _target_owner(
    here: _Sentence, fig: _Figure, context: _Context
) -> tuple[str, Mention] | None:
    """The party named as the owner of the forces just before or at the figure.

    "Russian troops", "Ukraine's army", after the proposer's mention.
    """
    found = fig.found
    floor = max(fig.clause[0], context.actor_end)
    for mention in reversed(here.mentions):
        if (
            _party(mention)
            and mention.kind in ("adjective", "possessive")
            and floor <= mention.start < found.end + 40
            and mention.start >= found.start - 60
        ):
            assert mention.actor is not None
            return mention.actor, mention
    return None


describe(
    "target.default",
    doc="Without an owner named, the metric's default target (`Lexicon.target_for`).",
)
describe(
    "bound.exact",
    doc="A figure no bound rule reads is exact.",
)
describe(
    "demand.question",
    doc=(
        "A question the writer asks proposes nothing "
        '("Will Russia accept a 30-day ceasefire?").'
    ),
)
describe(
    "demand.no_conversion",
    doc="A figure whose unit does not convert to its metric's unit is dropped.",
)


def _quantity(
    found: Found, metric: Metric, lexicon: Lexicon, bound: Bound
) -> Quantity | None:
    q = found.quantity
    unit = q.unit
    value, low, high = q.value, q.low, q.high
    if unit is not None and unit != metric.unit:
        try:
            value, low, high = (
                None if v is None else lexicon.convert(v, unit, metric.unit)
                for v in (value, low, high)
            )
        except (KeyError, ValueError):
            return None
    return Quantity(value, low=low, high=high, unit=metric.unit, bound=bound)


def extract_demands(
    article: Article, *, lexicon: Lexicon | None = None
) -> list[Demand]:
    """Find the quantitative demands in ``article`` (rules in the module docstring).

    Builds a `DemandFinder` for the lexicon on every call; to read many
    articles, make one `DemandFinder` (or `peacetalks.extract.Extractor`)
    and reuse it.

    Args:
        article: The article to read.
        lexicon: The actors, metrics and units; `Lexicon.default` if None.

    Returns:
        The demands in text order, each with the clause it rests on as
        evidence, dated by its own words where they give a date, else by
        ``article.published`` (`peacetalks.extract.timing`).

    Example:
        >>> from peacetalks.model import Article
        >>> text = "Kyiv proposed a 30-day ceasefire."
        >>> [(d.actor, d.metric, d.quantity.value, d.target, d.act.value)
        ...  for d in extract_demands(Article(text=text))]
        [('Ukraine', 'ceasefire_duration', 30.0, 'Russia and Ukraine', 'offer')]
    """
    return DemandFinder(lexicon)(article)


class DemandFinder:
    """`extract_demands` with the lexicon compiled once, for many articles.

    Args:
        lexicon: The actors, metrics and units; `Lexicon.default` if None.
        actors: An `ActorFinder` for the same lexicon, to share one.

    Example:
        >>> from peacetalks.model import Article
        >>> find = DemandFinder()
        >>> [d.quantity.value for d in find(Article(text="Kyiv wants 800 tanks."))]
        [800.0]
    """

    def __init__(
        self, lexicon: Lexicon | None = None, *, actors: ActorFinder | None = None
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        self._metrics = _Metrics.build(self.lexicon)
        self._actors = actors if actors is not None else ActorFinder(self.lexicon)
        self._annotator = Annotator(self.lexicon, actors=self._actors)
        self._producer = Producer(PRODUCER, __version__)

    def __repr__(self) -> str:
        return f"<DemandFinder {self.lexicon.name!r}>"

    def __call__(
        self, article: Article, sentences: Sequence[Sentence] | None = None
    ) -> list[Demand]:
        """The demands in ``article``, in text order.

        Args:
            article: The article to read.
            sentences: ``split_sentences(article.text)``, when the caller
                already has them.
        """
        return self.read(self._annotator.read(article, sentences))

    def read(self, doc: Doc) -> list[Demand]:
        """The demands in an annotated document, in text order.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Kyiv wants 800 tanks."))
        >>> [d.metric for d in DemandFinder().read(doc)]
        ['tanks']
        """
        return [
            c.finding for c in self.candidates(doc) if isinstance(c.finding, Demand)
        ]

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every figure with a metric, as a demand with its trace or blocked.

        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> text = "Kyiv lost 800 tanks. Kyiv wants 9 tanks."
        >>> doc = Annotator().read(Article(text=text))
        >>> [(c.span.text, c.blocked and c.blocked.rule)
        ...  for c in DemandFinder().candidates(doc)]
        [('800', 'demand.no_proposer'), ('9', None)]
        """
        out: list[Candidate] = []
        seen: set[tuple[str, str, Quantity, int, int]] = set()
        for index in range(len(doc.sentences)):
            if not doc.quantities(index):
                continue
            for candidate in _sentence_demands(
                _Sentence(doc, index, self._metrics), self._producer
            ):
                demand = candidate.finding
                if isinstance(demand, Demand):
                    key = (demand.actor, demand.metric, demand.quantity, *_span(demand))
                    if key in seen:
                        continue
                    seen.add(key)
                out.append(candidate)
        return out


def _span(demand: Demand) -> tuple[int, int]:
    evidence = demand.evidence
    return (0, 0) if evidence is None else (evidence.start, evidence.end)


def _blocked(fig: _Figure, here: _Sentence, step: Step) -> Candidate:
    span = here.doc.to_article(here.index, fig.found.start, fig.found.end)
    return Candidate("demand", span, tuple(fig.steps), None, step)


def _sentence_demands(here: _Sentence, producer: Producer) -> list[Candidate]:
    """The demand candidates of one sentence: each figure read by the rule tables."""
    text = here.text
    if asked(here.sentence):
        # "Will Russia accept a 30-day ceasefire?"
        step = here.step("demand.question", 0, len(text), "the sentence is a question")
        span = here.doc.to_article(here.index, 0, len(text))
        return [Candidate("demand", span, (), None, step)]
    out: list[Candidate] = []
    clauses = here.clauses
    for found in here.founds:
        # clauses are sorted by start: found by bisection, so a sentence with
        # thousands of figures ("1,1,1,...") stays linear
        k = bisect.bisect_right(here.clause_starts, found.start) - 1
        if k < 0 or found.start >= clauses[k][1]:
            k = len(clauses) - 1
        fig = _Figure(found, k, clauses[k], [])
        # -- which metric ------------------------------------------------------
        for metric_rule in METRIC_RULES:
            hit = metric_rule(here, fig)
            if hit is not None:
                fig.metric, fig.of_noun = hit[0], hit[1]
                fig.steps.append(
                    here.step(rule_id(metric_rule), hit[2], hit[3], hit[4])
                )
                break
        if fig.metric is None:
            continue  # a number that measures nothing of the lexicon
        here.previous = (fig.metric, found.end)
        # -- who proposes it ---------------------------------------------------
        context = _proposer(here, fig)
        why = _no_proposer(here, fig, context)
        if why is not None or context is None:
            out.append(
                _blocked(
                    fig,
                    here,
                    here.step("demand.no_proposer", found.start, found.end, why or ""),
                )
            )
            continue
        here.carried = (context, k)
        blocked = None
        for rule in BLOCKING_RULES:
            why = rule(here, fig, context)
            if why is not None:
                blocked = here.step(rule_id(rule), found.start, found.end, why)
                break
        if blocked is not None:
            out.append(_blocked(fig, here, blocked))
            continue
        # -- the figure --------------------------------------------------------
        bound = Bound.EXACT
        bound_rule = "bound.exact"
        for bound_of in BOUND_RULES:
            got = bound_of(here, fig, context)
            if got is not None:
                bound, bound_rule = got, rule_id(bound_of)
                break
        fig.steps.append(
            here.step(bound_rule, found.start, found.end, f"{bound.value} bound")
        )
        here.last_bound = (bound, found.end, k) if bound is not Bound.EXACT else None
        quantity = _quantity(found, fig.metric, here.metrics.lexicon, bound)
        if quantity is None:
            why = f"{found.quantity.unit} does not convert to {fig.metric.unit}"
            out.append(
                _blocked(
                    fig,
                    here,
                    here.step("demand.no_conversion", found.start, found.end, why),
                )
            )
            continue
        quantity = _swap_total(here, fig, quantity)
        for row in _range_rows(fig, here, quantity):
            out.extend(_demands(here, fig, context, row, producer))
    return out


@register("demand.swap_total")
def _swap_total(here: _Sentence, fig: _Figure, quantity: Quantity) -> Quantity:
    """A swap's figure with no figure per side is a total: half of it per side.

    "agreed to swap about 1,200 prisoners" is 600 a side, for a metric
    counted per side (a counted metric whose default target is a joint
    actor); not "1,000 prisoners each", "500 for 500" nor "700 from each
    side" (``swaps.verbs``, ``swaps.per_side``, ``swaps.links``).
    """
    metric, found = fig.metric, fig.found
    assert metric is not None
    metrics = here.metrics
    language = metrics.language
    text = here.text
    if (
        quantity.value is None
        or metric.id not in metrics.counted
        or metric.default_target not in metrics.joints.values()
        or not language.swap_before.search(text, max(0, found.start - 40), found.start)
        or language.per_side.match(text, found.end, found.end + 60)
        or found.start in here.pairs
    ):
        return quantity
    after = bisect.bisect_right(here.found_starts, found.end)
    if after < len(here.founds):
        later = here.founds[after]
        words, _ = _after(found, here)
        gap = text[found.end : later.start]
        if language.swap_link.match(gap) or any(
            language.swap_link.match(f" {w} ") for w in words[:4]
        ):
            return quantity  # "1,000 prisoners for 1,000"
    fig.steps.append(
        here.step("demand.swap_total", found.start, found.end, "a total: half a side")
    )
    return attrs.evolve(quantity, value=quantity.value / 2)


@register("bound.range")
def _range_rows(fig: _Figure, here: _Sentence, quantity: Quantity) -> list[Quantity]:
    """A range is two rows: its low end a minimum, its high end a maximum.

    "elections in 60 to 90 days", "a truce of 2-3 days", "an army of
    200,000-250,000"; a vague multiple ("tens of thousands") stays one
    approximate row.
    """
    low, high = quantity.low, quantity.high
    if (
        quantity.value is not None
        or low is None
        or high is None
        or fig.found.quantity.bound is Bound.APPROX
    ):
        return [quantity]
    found = fig.found
    fig.steps.append(
        here.step("bound.range", found.start, found.end, "two rows: min and max")
    )
    return [
        Quantity(low, unit=quantity.unit, bound=Bound.MIN),
        Quantity(high, unit=quantity.unit, bound=Bound.MAX),
    ]


@register("proposer.swap_pair", confidence=0.7)
def _proposer_swap_pair(here: _Sentence, fig: _Figure) -> _Context | None:
    """The two counts of a swap that a return phrase pairs are the joint actor's.

    "The UAE mediated the release of 150 soldiers *in exchange for* 150
    prisoners", "120 were freed, with Kyiv releasing 130 Russians *in
    return*" (``swaps.in_return``): a swap carried out, one figure per
    side, for the metric's joint default target, act accept; not when a
    party's demand or offer word proposes it ("Moscow offered to free 100
    in exchange for 100").
    """
    found, metric = fig.found, fig.metric
    assert metric is not None
    if found.start not in here.pairs:
        return None
    joint, metrics = metric.default_target, here.metrics
    if (
        joint is None
        or joint not in metrics.joints.values()
        or metric.id not in metrics.counted
    ):
        return None
    first = min(found.start, here.pairs[found.start].start)
    if any(
        c.rule in ("demand.act_word", "demand.declared")
        and c.act in (Act.DEMAND, Act.OFFER)
        for c in here.cues
        if c.start < first
    ):
        return None
    return _Context(joint, None, Act.ACCEPT, found.end, "proposer.swap_pair")


def _proposer(here: _Sentence, fig: _Figure) -> _Context | None:
    """Who proposes a figure: the proposer rules in order, with their steps."""
    found = fig.found
    joint = _proposer_joint(here, fig) or _proposer_swap_pair(here, fig)
    if joint is not None:
        start, end = (
            (joint.actor_start, joint.actor_end)
            if joint.actor_start >= 0
            else (found.start, found.end)
        )
        fig.steps.append(here.step(joint.rule, start, end, f"agreed by {joint.actor}"))
        return joint
    # a cap word the figure starts with proposes it: "a limit of 280 km"
    cap = here.metrics.language.caps.match(here.text, found.start)
    before = found.start if cap is None else cap.end()
    context = _clause_context(here, fig.clause, before)
    for rule in (
        _proposer_earlier_clause,
        _proposer_carried,
        _proposer_speaker,
        _proposer_document,
    ):
        got = rule(here, fig, context, before)
        if got is not None:
            context = got
    if context is None or not context.actor:
        return context
    if context.cue is not None:
        cue = context.cue
        fig.steps.append(
            here.step(cue.rule, cue.start, cue.end, f"{cue.act.value} cue")
        )
    if context.actor_start >= 0:
        start, end = context.actor_start, context.actor_end
    else:
        start, end = found.start, found.end
    fig.steps.append(
        here.step(context.rule, start, end, f"proposed by {context.actor}")
    )
    return context


def _joint_of(here: _Sentence, subject: list[Mention]) -> str | None:
    """The joint actor that the parties ending ``subject`` make up, if any.

    A joint actor named ("Moscow and Kyiv", "both sides"), or its members
    listed together: "Russia and Ukraine", "Kyiv's delegation and Moscow".
    """
    metrics = here.metrics
    last = subject[-1]
    assert last.actor is not None
    if last.actor in metrics.joints.values():
        return last.actor
    group = {
        last.actor,
        *listed_with(
            here.text,
            here.mentions,
            here.mentions.index(last),
            grammar=metrics.language.grammar,
        ),
    }
    if len(subject) > 1 and subject[-2].actor is not None:
        between = here.text[subject[-2].end : last.start]
        if metrics.language.joined.fullmatch(f" {between}"):
            group.add(subject[-2].actor)
    return metrics.joints.get(frozenset(group))


def _settled(here: _Sentence, spans: list[tuple[int, int]]) -> int | None:
    """Where the last agreement word of ``spans`` that states a settled term starts.

    An agreement still to be made ("would need *to agree*", "pushing both
    sides *to agree*", "no obstacle *to an agreement*") settles nothing,
    unless it is the object of the agreement word right before it
    ("agreed to *a deal*").
    """
    agreements = here.metrics.language.agreements
    for i in range(len(spans) - 1, -1, -1):
        start = spans[i][0]
        k = bisect.bisect_right(here.clause_starts, start) - 1
        if agreements.settled(here.text, start, here.clauses[max(k, 0)][0]):
            return start
        if not (i and start - spans[i - 1][1] <= 5):
            return None
    return None


@register("proposer.joint", confidence=0.8)
def _proposer_joint(here: _Sentence, fig: _Figure) -> _Context | None:
    """Parties that agree on a figure together hold it as their joint actor.

    An agreement word before the figure (``swaps.agreements``: *agreed
    on*, *reached a deal*, *would each*) whose subject is a joint actor of
    the lexicon or parties listed together that are its members ("Kyiv
    and Moscow agreed on a 30-hour truce", "Kyiv's delegation and Moscow
    agreed to swap 500 prisoners each"); or a figure per side ("1,000
    prisoners each", ``swaps.per_side``) under an agreement word that no
    single party proposes, when its metric's default target is a joint
    actor ("a deal to exchange 1,000 prisoners each").  One figure, for the
    joint actor, act accept; not when the figure's own clause names
    another proposer.
    """
    metrics = here.metrics
    if not metrics.joints:
        return None
    found, metric = fig.found, fig.metric
    assert metric is not None
    before = [span for span in here.agreements if span[1] <= found.start]
    if not before:
        return None
    start = _settled(here, before)
    if start is None:
        return None
    k = bisect.bisect_right(here.clause_starts, start) - 1
    floor = here.clauses[max(k, 0)][0]
    subject = [m for m in here.mentions if _party(m) and floor <= m.start < start]
    actor = _joint_of(here, subject) if subject else None
    mention = subject[-1] if actor is not None else None
    if actor is None:
        agreed = {a for a, _ in here.agreements}
        proposed = subject and any(
            c.act in (Act.DEMAND, Act.OFFER) and not c.cap and c.start not in agreed
            for c in here.cues
            if subject[-1].end <= c.start < start
        )
        if (
            proposed
            or metric.default_target not in metrics.joints.values()
            or not metrics.language.per_side.match(here.text, found.end, found.end + 60)
        ):
            return None
        actor = metric.default_target
    assert actor is not None
    if fig.k != k:
        own = _clause_context(here, fig.clause, found.start)
        if own is not None and own.actor:
            return None  # the figure's clause has a proposer of its own
    return _Context(
        actor,
        None,
        Act.ACCEPT,
        found.start if mention is None else mention.end,
        "proposer.joint",
        actor_start=-1 if mention is None else mention.start,
    )


def _demands(
    here: _Sentence,
    fig: _Figure,
    context: _Context,
    quantity: Quantity,
    producer: Producer,
) -> list[Candidate]:
    found, metric = fig.found, fig.metric
    assert metric is not None
    lexicon = here.metrics.lexicon
    owner = _target_owner(here, fig, context)
    if owner is not None:
        target: str | None = owner[0]
        mention = owner[1]
        fig.steps.append(
            here.step("target.owner", mention.start, mention.end, f"target {target}")
        )
    else:
        target = lexicon.target_for(metric.id)
        fig.steps.append(
            here.step("target.default", found.start, found.end, f"target {target}")
        )
    speaker = context.speaker
    if speaker is None:
        speaker = next(
            (
                m.speaker
                for m in here.mentions
                if m.speaker is not None and m.actor == context.actor
            ),
            None,
        )
    clause = fig.clause
    evidence = here.doc.article.evidence(here.base + clause[0], here.base + clause[1])
    span = here.doc.to_article(here.index, found.start, found.end)
    dated = here.doc.date_of(here.index, found.start, clause)
    steps = (*fig.steps, *dated.steps)
    return [
        Candidate(
            "demand",
            span,
            steps,
            Demand(
                actor,
                metric.id,
                quantity,
                target=target,
                act=context.act,
                date=dated.published,
                speaker=speaker if actor == context.actor else None,
                evidence=evidence,
                confidence=CONFIDENCE[context.rule],
                producer=producer,
            ),
        )
        for actor in (*context.partners, context.actor)
    ]
