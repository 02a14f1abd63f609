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
from peacetalks.extract.attribution import SentenceSpeech, attribute
from peacetalks.extract.cues import Signals, asked
from peacetalks.extract.sentences import Sentence, Span
from peacetalks.extract.sentences import split_sentences as _split
from peacetalks.grammar import Grammar
from peacetalks.lexicon import Lexicon, Metric
from peacetalks.model import Act, Article, Bound, Demand, Producer, Quantity
from peacetalks.quantities import Found, find_quantities

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


@functools.lru_cache(maxsize=16)
def _language(grammar: Grammar) -> _Language:
    def words(category: str) -> re.Pattern[str]:
        return re.compile(rf"\b{grammar[category].regex()}\b", re.IGNORECASE)

    return _Language(
        Signals.of(grammar),
        words("bounds.caps"),
        words("acts.terms"),
        re.compile(rf"{grammar['counted.sources'].regex()}\b"),
        grammar["counted.modifiers"].folded(),
    )


#: A number paired with another in a swap: "500 for 500".
_FOR = re.compile(r"\A\s*(?:for|in\s+exchange\s+for|in\s+return\s+for)\s*\Z", re.I)

_BOUND_NEGATION = re.compile(
    r"\b(?:no|not)\s+(?:more|fewer|less|greater|larger)\s+than\b"
    r"|\bnot\s+(?:to\s+)?exceed(?:ing)?\b",
    re.IGNORECASE,
)

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
    # the first words of the noun phrases: most words start none
    firsts: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    # text -> `phrases(text)`, for the texts of the sentence being read
    memo: dict[str, list[tuple[int, list[Metric]]]] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        firsts = frozenset(key[0] for key in self.by_noun)
        object.__setattr__(self, "firsts", firsts)

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
        return cls(lexicon, by_noun, by_unit, frozenset(counted), longest, language)

    def phrase_at(
        self, words: Sequence[str], i: int
    ) -> tuple[list[Metric], int] | None:
        """The longest metric noun phrase starting at ``words[i]``."""
        if words[i] not in self.firsts:
            return None
        for size in range(min(self.longest, len(words) - i), 0, -1):
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
            words = [w.lower() for w in _WORDS.findall(text)]
            found = []
            for i in range(len(words)):
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


def _words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORDS.finditer(text)]


def _choose(candidates: list[Metric], metrics: _Metrics, sentence: str) -> Metric:
    """Pick among metrics sharing a noun: the one the sentence otherwise names."""
    if len(candidates) == 1:
        return candidates[0]
    for metric in candidates:
        if metrics.unique_nouns_in(metric, sentence):
            return metric
    return candidates[0]


def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


class _Facts:
    """What the demand rules ask about one sentence, worked out when asked.

    Most sentences with a number hold no metric: they never pay for the
    actor mentions and the proposal cues.
    """

    def __init__(
        self, sentence: Sentence, finder: ActorFinder, language: _Language
    ) -> None:
        self.text = sentence.text
        self.language = language
        self._finder = finder
        self._sentence = sentence
        self._speech: SentenceSpeech | None = None
        self._mentions: list[Mention] | None = None
        self._ends: list[int] | None = None
        self._adjectives: frozenset[str] | None = None
        self._cues: list[_Cue] | None = None
        self._unnegated: str | None = None

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = self._finder.find(self.text)
        return self._mentions

    @property
    def ends(self) -> list[int]:
        """Where each mention ends, for `owner_of`."""
        if self._ends is None:
            self._ends = [m.end for m in self.mentions]
        return self._ends

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
        if self._cues is None:
            self._cues = _cues(self.text, self.language)
        return self._cues

    def speaker_of(self, article: Article, at: int) -> Mention | None:
        """Who says the figure at ``at`` (sentence-relative).

        Its quote's speaker when it is quoted, else the sentence's
        (`attribute` on this sentence alone, once).
        """
        if self._speech is None:
            (self._speech,) = attribute(article.text, [self._sentence], self._finder)
        for quoted in self._speech.quotes:
            if quoted.quote.start <= at < quoted.quote.end:
                return quoted.speaker
        return self._speech.speaker

    @property
    def unnegated(self) -> str:
        """The text with "no more than" and "not exceed" blanked out."""
        if self._unnegated is None:
            # they are bounds, not negations
            self._unnegated = _BOUND_NEGATION.sub(
                lambda m: " " * len(m.group()), self.text
            )
        return self._unnegated


def _skippable(word: str, facts: _Facts) -> bool:
    """Whether ``word`` may stand between a number and its noun."""
    return word in facts.language.modifiers or word in facts.adjectives


def _counted_metric(
    found: Found, text: str, metrics: _Metrics, facts: _Facts
) -> tuple[Metric, bool] | None:
    """The metric a counted number measures, and whether "<noun> of N" named it."""
    # punctuation ends the noun phrase: '"... an army of 250,000," Podolyak'
    after = text[found.end : found.end + 1]
    words = (
        []
        if after in _PHRASE_ENDS
        else _lower_words(text[found.end : found.end + 80])[: _NOUN_WORDS + _MAX_SKIP]
    )
    if facts.language.sources.match(" ".join(words[1:5])):
        return None  # "two people familiar with the talks said"
    phrases = [
        metrics.phrase_at(words, skip)
        for skip in range(min(_MAX_SKIP, len(words) - 1) + 1)
    ]
    for skip, phrase in enumerate(phrases):
        if not any(phrases[skip:]):
            break  # no noun to reach: spare the skippable test its mentions
        if skip and not _skippable(words[skip - 1], facts):
            break
        if phrase is not None:
            counted = [m for m in phrase[0] if m.id in metrics.counted]
            if counted:
                metric = _choose(counted, metrics, text)
                return metric, _named_before_of(found, text, metric, metrics)
    # "an army of 250,000", "a force of up to 10,000"
    words = _lower_words(text[max(0, found.start - 80) : found.start])
    if len(words) >= 2 and words[-1] == "of":
        for size in range(min(metrics.longest, len(words) - 1), 0, -1):
            key = tuple(words[-1 - size : -1])
            candidates = [
                m for m in metrics.by_noun.get(key, []) if m.id in metrics.counted
            ]
            if candidates:
                return _choose(candidates, metrics, text), True
    return None


def _unit_metric(
    found: Found, text: str, clause: Span, metrics: _Metrics
) -> Metric | None:
    """The metric a number with a unit measures: the nearest one named."""
    unit = found.quantity.unit
    if unit is None:
        return None
    candidates = [
        m for m in metrics.by_unit.get(unit, []) if m.id not in metrics.counted
    ]
    if not candidates:
        return None
    best: tuple[int, Metric] | None = None
    words: list[tuple[str, int, int]] = []
    here = 0
    for metric in candidates:
        for i in metrics.named(metric, clause.text):
            if not words:
                words = _words_with_offsets(text)
                here = sum(1 for _, start, _ in words if start < found.start)
            offset = clause.start + _clause_word_start(clause.text, i)
            word_index = sum(1 for _, start, _ in words if start < offset)
            distance = abs(word_index - here)
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
    words = _lower_words(text[max(0, found.start - 80) : found.start])
    if len(words) < 2 or words[-1] != "of":
        return False
    for size in range(min(metrics.longest, len(words) - 1), 0, -1):
        if metric in metrics.by_noun.get(tuple(words[-1 - size : -1]), []):
            return True
    return False


_AFTER = re.compile(
    r"(?:\s+[^\W\d_]+){0,3}?\s+(?:(?P<max>at\s+most|or\s+(?:fewer|less)|maximum)"
    r"|(?P<min>at\s+least|or\s+more|minimum))\b",
    re.IGNORECASE,
)


def _bound_after(text: str, found: Found, bound: Bound) -> Bound:
    """A bound written after the number and its noun ("85,000 troops at most")."""
    match = _AFTER.match(text, found.end, found.end + 60)
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


def _clause_word_start(text: str, i: int) -> int:
    for n, match in enumerate(_WORDS.finditer(text)):
        if n == i:
            return match.start()
    return 0


@attrs.frozen
class _Cue:
    start: int  # sentence-relative
    act: Act
    cap: bool = False  # a cap word ("limit", "cut"), which no party authors
    deontic: bool = False  # "must": its subject is obliged, not the proposer


def _cues(sentence: str, language: _Language) -> list[_Cue]:
    cues = [
        _Cue(s.start, Act(s.kind), deontic=language.signals.deontic(s))
        for s in language.signals.find(sentence, kinds=_ACTS)
        if s.kind in _ACTS
    ]
    caps = language.caps.finditer(sentence)
    cues += [_Cue(m.start(), Act.DEMAND, cap=True) for m in caps]
    cues += [_Cue(m.start(), Act.DEMAND) for m in language.terms.finditer(sentence)]
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
    confidence: float
    # the actor owns the proposal word ("Moscow's demand"): what comes
    # before it is another's answer, not a negation of the proposal
    authored: bool = False
    # parties listed with the actor: "Britain and France offered 10,000"
    partners: tuple[str, ...] = ()


def _clause_context(
    text: str,
    clause: tuple[int, int],
    cues: list[_Cue],
    mentions: list[Mention],
    ends: list[int],
    before: int,
) -> _Context | None:
    """The proposal in a clause (relative span): its first cue before ``before``.

    A proposal that names its author wins over the cue of whoever answers
    it: in "Turkey welcomed the Russian proposal to cap ... at 85,000" and
    "Kyiv rejected Moscow's demand for 85,000" the figure is Russia's.
    """
    start, end = clause
    in_clause = [c for c in cues if start <= c.start < min(end, before)]
    if not in_clause:
        return None
    for cue in reversed(in_clause):
        if cue.cap or cue.deontic:
            # "Ukraine wants Russian troops cut to 100,000", "Ukraine's army
            # must not exceed 85,000": the owner is the target
            continue
        author = owner_of(text, mentions, ends, cue.start)
        if author is not None and author.start >= start and cue.act is not Act.REJECT:
            assert author.actor is not None
            return _Context(
                author.actor, author.speaker, cue.act, author.end, 0.8, authored=True
            )
    cue = in_clause[0]
    if cue.deontic:
        return _Context("", None, cue.act, start, 0.6)  # who says it asks
    subject = [
        m for m in mentions if _party(m) and start <= m.start and m.end <= cue.start
    ]
    if not subject:
        return _Context("", None, cue.act, start, 0.6)
    mention = subject[-1]
    assert mention.actor is not None
    partners = listed_with(text, mentions, mentions.index(mention))
    return _Context(
        mention.actor, mention.speaker, cue.act, mention.end, 0.9, partners=partners
    )


def _target(
    mentions: list[Mention],
    start: int,
    found: Found,
    default: str | None,
    actor_end: int,
) -> str | None:
    """An actor named as the owner of the forces just before or at the number."""
    for mention in reversed(mentions):
        if (
            _party(mention)
            and mention.kind in ("adjective", "possessive")
            and max(start, actor_end) <= mention.start < found.end + 40
            and mention.start >= found.start - 60
        ):
            return mention.actor
    return default


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
        evidence, dated by ``article.published``.

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
        demands: list[Demand] = []
        seen: set[tuple[str, str, Quantity, int, int]] = set()
        lex = self.lexicon
        if sentences is None:
            sentences = _split(article.text, self.lexicon.grammar)
        for sentence in sentences:
            founds = find_quantities(sentence.text, lexicon=lex)
            if not founds:
                continue
            for demand in _sentence_demands(
                article, sentence, founds, self._metrics, self._actors, self._producer
            ):
                key = (demand.actor, demand.metric, demand.quantity, *_span(demand))
                if key not in seen:
                    seen.add(key)
                    demands.append(demand)
        return demands


def _span(demand: Demand) -> tuple[int, int]:
    evidence = demand.evidence
    return (0, 0) if evidence is None else (evidence.start, evidence.end)


def _sentence_demands(
    article: Article,
    sentence: Sentence,
    founds: list[Found],
    metrics: _Metrics,
    finder: ActorFinder,
    producer: Producer,
) -> list[Demand]:
    if asked(sentence):
        return []  # "Will Russia accept a 30-day ceasefire?"
    lex = metrics.lexicon
    text = sentence.text
    base = sentence.start
    facts = _Facts(sentence, finder, metrics.language)
    caps = metrics.language.caps
    clauses = [(c.start - base, c.end - base) for c in sentence.clauses] or [
        (0, len(text))
    ]
    out: list[Demand] = []
    previous: tuple[Metric, int] | None = None  # last metric and its found.end
    carried: _Context | None = None
    carried_clause = -1
    last_bound: tuple[Bound, int, int] | None = None
    # Clauses and `founds` are sorted by start: look them up by bisection,
    # not by scans, so a sentence with thousands of figures ("1,1,1,...")
    # stays linear.
    clause_starts = [s for s, _ in clauses]
    found_starts = [f.start for f in founds]
    cap_starts: list[int] | None = None
    for found in founds:
        k = bisect.bisect_right(clause_starts, found.start) - 1
        if k < 0 or found.start >= clauses[k][1]:
            k = len(clauses) - 1
        clause = clauses[k]
        span = Span(clause[0] + base, clause[1] + base, text[clause[0] : clause[1]])
        # -- which metric ------------------------------------------------------
        metric: Metric | None
        of_noun = False
        if found.quantity.unit is None:
            hit = _counted_metric(found, text, metrics, facts)
            if hit is not None:
                metric, of_noun = hit
            else:
                metric = None
                gap = text[previous[1] : found.start] if previous else ""
                if previous is not None and (
                    _FOR.match(gap) or len(_WORDS.findall(gap)) <= 6
                ):
                    metric = previous[0]
                if metric is None:
                    after = bisect.bisect_right(found_starts, found.end)
                    later = founds[after] if after < len(founds) else None
                    if later is not None and _FOR.match(text[found.end : later.start]):
                        nxt = _counted_metric(later, text, metrics, facts)
                        metric = nxt[0] if nxt else None
                if cap_starts is None:
                    cap_starts = [m.start() for m in caps.finditer(text)]
                first_cap = bisect.bisect_left(cap_starts, clause[0])
                if (
                    metric is None
                    and first_cap < len(cap_starts)
                    and cap_starts[first_cap] < found.start
                ):
                    # "Russian troops cut to 100,000": the forces named before
                    metric = _named_before(text[clause[0] : found.start], metrics)
        else:
            metric = _unit_metric(
                found, text, Span(clause[0], clause[1], span.text), metrics
            )
            if metric is not None:
                of_noun = _named_before_of(found, text, metric, metrics)
        if metric is None:
            continue
        previous = (metric, found.end)
        # -- who proposes it ---------------------------------------------------
        # a cap word the figure starts with proposes it: "a limit of 280 km"
        cap = caps.match(text, found.start)
        before = found.start if cap is None else cap.end()
        context = _clause_context(
            text, clause, facts.cues, facts.mentions, facts.ends, before
        )
        if context is None or not context.actor:
            for j in range(k - 1, -1, -1):
                earlier = _clause_context(
                    text,
                    clauses[j],
                    facts.cues,
                    facts.mentions,
                    facts.ends,
                    before,
                )
                if earlier is not None and earlier.actor:
                    if context is None:
                        context = attrs.evolve(earlier, confidence=0.7)
                    else:
                        context = attrs.evolve(
                            context,
                            actor=earlier.actor,
                            speaker=earlier.speaker,
                            actor_end=earlier.actor_end,
                            confidence=0.7,
                        )
                    break
        if context is None and carried is not None and carried_clause == k:
            context = carried
        if context is None:
            continue
        if not context.actor:
            # nobody named before the cue: whoever says it ('"We want an army
            # of 250,000," Podolyak said'), never a party named elsewhere in
            # the sentence, which is more often the target ("would bar
            # Ukraine ... and limit its army to 600,000")
            sayer = facts.speaker_of(article, found.start)
            if sayer is None or sayer.actor is None:
                continue
            context = attrs.evolve(
                context, actor=sayer.actor, speaker=sayer.speaker, confidence=0.6
            )
        carried, carried_clause = context, k
        scope = context.actor_end if context.authored else 0
        if context.act is Act.REJECT or metrics.language.signals.negated(
            facts.unnegated[scope:], found.start - scope
        ):
            continue
        if not context.authored and metrics.language.signals.verdict_after(
            text, found.end, clause[1]
        ):
            continue  # "the proposal for a 30-day truce was unacceptable"
        # -- the figure --------------------------------------------------------
        bound = found.quantity.bound
        if (
            bound is Bound.EXACT
            and metric.default_target is None
            and metric.unit != "percent"
        ):
            cap_before = any(
                clause[0] <= m.start() < found.start for m in caps.finditer(text)
            )
            if cap_before or of_noun:
                bound = Bound.MAX
        if (
            bound is Bound.EXACT
            and metric.id in metrics.counted
            and context.act
            in (
                Act.DEMAND,
                Act.OFFER,
            )
            and metric.default_target is None
            and _has_cap_earlier(text, clauses, k, found, caps)
        ):
            bound = Bound.MAX
        if bound is Bound.EXACT:
            bound = _bound_after(text, found, bound)
        if bound is Bound.EXACT and last_bound is not None:
            gap = text[last_bound[1] : found.start]
            if last_bound[2] == k and len(_WORDS.findall(gap)) <= 8:
                bound = last_bound[0]  # "no more than 342 tanks and 40 km"
        last_bound = (bound, found.end, k) if bound is not Bound.EXACT else None
        quantity = _quantity(found, metric, lex, bound)
        if quantity is None:
            continue
        target = _target(
            facts.mentions,
            clause[0],
            found,
            lex.target_for(metric.id),
            context.actor_end,
        )
        speaker = context.speaker
        if speaker is None:
            speaker = next(
                (
                    m.speaker
                    for m in facts.mentions
                    if m.speaker is not None and m.actor == context.actor
                ),
                None,
            )
        evidence = article.evidence(span.start, span.end)
        out.extend(
            Demand(
                actor,
                metric.id,
                quantity,
                target=target,
                act=context.act,
                date=article.published,
                speaker=speaker if actor == context.actor else None,
                evidence=evidence,
                confidence=context.confidence,
                producer=producer,
            )
            for actor in (*context.partners, context.actor)
        )
    return out


def _has_cap_earlier(
    text: str,
    clauses: list[tuple[int, int]],
    k: int,
    found: Found,
    caps: re.Pattern[str],
) -> bool:
    """A cap cue in the sentence before the number's clause, for list items."""
    start = clauses[k][0]
    return any(
        m.start() < found.start and m.start() < start for m in caps.finditer(text)
    )
