"""One annotated document per article: `Doc`, read by every extraction rule.

An `Annotator` (one per extractor, holding the compiled lexicon) reads an
article into a `Doc` once: its sentences and clauses with offsets, every
actor and speaker mention, the speech tags and who says each sentence and
quote over the whole article (`peacetalks.extract.attribution.attribute`),
and, per sentence when first asked, the negation, act and modality
signals, the issue cue hits and the quantities.  The position and demand
finders both read the same `Doc`, so a quote that continues an earlier
speaker is that speaker's for both, and nothing is split or scanned twice.

Example:
    >>> from peacetalks.model import Article
    >>> text = 'Peskov spoke. "We want an army of 250,000 at most," he said.'
    >>> doc = Annotator().read(Article(text=text))
    >>> [s.text for s in doc.sentences]
    ['Peskov spoke.', '"We want an army of 250,000 at most," he said.']
    >>> doc.speech[1].speaker.speaker
    'Dmitry Peskov'
    >>> [(s.kind, s.text) for s in doc.signals(1)]
    [('demand', 'want')]
    >>> [f.quantity.value for f in doc.quantities(1)]
    [250000.0]
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import attrs

from peacetalks.extract.actors import ActorFinder, Mention
from peacetalks.extract.attribution import SentenceSpeech, attribute
from peacetalks.extract.cues import SIGNAL_KINDS, IssueCue, Signal, Signals
from peacetalks.extract.documents import DocumentReader, Documents
from peacetalks.extract.references import References, resolve_references
from peacetalks.extract.rules import Step
from peacetalks.extract.sentences import Sentence, Span, split_sentences
from peacetalks.extract.timing import (
    Dated,
    DateMention,
    DateReader,
    article_dated,
    date_of,
    first_other_year,
    year_sentences,
)
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article
from peacetalks.quantities import Found, find_quantities

__all__ = ["Annotator", "CueHit", "Doc"]


@attrs.frozen
class CueHit:
    """An issue cue in a sentence, with its polarity.

    Attributes:
        span: The cue (sentence-relative offsets) and its issue.
        polarity: +1 where the cue names the issue, -1 its opposite
            (an ``against`` phrase: "barred from NATO").
        anchored: True for a topic read through an anchor ("recognition
            of ... Crimea"): a verb of giving up is its anchor, not a
            negation.

    Example:
        >>> hit = CueHit(IssueCue(0, 4, "NATO", issue="nato_membership"), 1)
        >>> hit.span.issue, hit.polarity
        ('nato_membership', 1)
    """

    span: IssueCue
    polarity: int
    anchored: bool = False


@functools.cache
def _untraced(rule: str) -> Step:
    return Step(rule, None, "")


def _no_cues(text: str) -> list[CueHit]:
    return []


@attrs.define(eq=False)
class Doc:
    """An article read once: sentences, speech, and per-sentence layers.

    The eager layers (``sentences``, ``speech``) are worked out when the
    document is built; the others (`signals`, `cues`, `quantities`) per
    sentence on first use and then remembered, so each is computed at most
    once however many rules ask.  Offsets in the layers are relative to
    their sentence; `to_article` turns them into article offsets.

    Attributes:
        article: The article read.
        sentences: Its sentences (`split_sentences`), with clauses and
            quoted passages.
        speech: For each sentence, its speech tags, actor and speaker
            mentions, and who says it and each of its quotes, attributed
            over the whole article (a quote that continues an earlier
            speaker is that speaker's).

    Example:
        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Kyiv wants 800 tanks."))
        >>> [m.actor for m in doc.mentions(0)], doc.to_article(0, 11, 14)
        (['Ukraine'], Span(start=11, end=14, text='800'))
    """

    article: Article
    sentences: tuple[Sentence, ...]
    speech: tuple[SentenceSpeech, ...]
    _annotator: Annotator = attrs.field(repr=False)
    #: Whether rules record their steps (`Extractor.explain` turns it on;
    #: extraction alone does not pay for them).
    tracing: bool = attrs.field(default=False, kw_only=True)
    _signals: dict[int, tuple[Signal, ...]] = attrs.field(factory=dict, repr=False)
    _cues: dict[int, list[CueHit]] = attrs.field(factory=dict, repr=False)
    _quantities: dict[int, list[Found]] = attrs.field(factory=dict, repr=False)
    _references: dict[int, tuple[Mention, ...]] = attrs.field(factory=dict, repr=False)
    _documents: Documents | None = attrs.field(default=None, repr=False)
    _dates: dict[int, tuple[DateMention, ...]] = attrs.field(factory=dict, repr=False)
    _article_dated: Dated | None = attrs.field(default=None, repr=False)
    _first_year: int | None = attrs.field(default=-1, repr=False)

    @property
    def text(self) -> str:
        """The article's text.

        >>> from peacetalks.model import Article
        >>> Annotator().read(Article(text="Talks resumed.")).text
        'Talks resumed.'
        """
        return self.article.text

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon the article was read with.

        >>> from peacetalks.model import Article
        >>> Annotator().read(Article(text="Talks resumed.")).lexicon.name
        'russia-ukraine'
        """
        return self._annotator.lexicon

    def mentions(self, index: int) -> tuple[Mention, ...]:
        """The actor and speaker mentions of sentence ``index``, in order.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Peskov met Kyiv's envoy."))
        >>> [(m.text, m.actor) for m in doc.mentions(0)]
        [('Peskov', 'Russia'), ("Kyiv's", 'Ukraine')]
        """
        return self.speech[index].mentions

    def references(self, index: int) -> tuple[Mention, ...]:
        """The pronouns and joint descriptions of sentence ``index``, resolved.

        Each a mention of kind ``"reference"`` of the party it stands for
        (`peacetalks.extract.references.resolve_references`), worked out
        on first use from what attribution tracked over the article.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Peskov spoke. He wants talks."))
        >>> [(m.text, m.actor) for m in doc.references(1)]
        [('He', 'Russia')]
        """
        found = self._references.get(index)
        if found is None:
            sentence, said = self.sentences[index], self.speech[index]
            base = sentence.start
            quotes = [
                Span(q.start - base, q.end - base, q.text) for q in sentence.quote_spans
            ]
            found = self._references[index] = resolve_references(
                sentence.text,
                said.mentions,
                quotes,
                said.antecedent,
                said.joint,
                self._annotator.references,
            )
        return found

    def signals(
        self, index: int, kinds: Sequence[str] = SIGNAL_KINDS
    ) -> tuple[Signal, ...]:
        """The signals of sentence ``index`` of the given kinds (all by default).

        In the order of `~peacetalks.extract.cues.find_signals`.  Every kind
        is looked for in one pass, once per sentence, however many callers
        ask and for whichever kinds (the scan costs the same for one kind as
        for all).

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Kyiv would not accept it."))
        >>> [(s.kind, s.text) for s in doc.signals(0)]
        [('hypothetical', 'would'), ('negation', 'not'), ('accept', 'accept')]
        >>> [s.text for s in doc.signals(0, ["accept"])]
        ['accept']
        """
        found = self._signals.get(index)
        if found is None:
            found = self._signals[index] = tuple(
                self._annotator.signals.find(self.sentences[index].text)
            )
        if kinds is SIGNAL_KINDS:
            return found
        wanted = frozenset(kinds)
        return tuple(s for s in found if s.kind in wanted)

    def cues(self, index: int) -> list[CueHit]:
        """The issue cue hits of sentence ``index``, in order.

        >>> from peacetalks.extract.pipeline import RuleExtractor
        >>> from peacetalks.model import Article
        >>> doc = RuleExtractor().read(Article(text="Kyiv wants a ceasefire."))
        >>> [(hit.span.text, hit.span.issue, hit.polarity) for hit in doc.cues(0)]
        [('ceasefire', 'ceasefire', 1)]
        """
        found = self._cues.get(index)
        if found is None:
            found = self._cues[index] = self._annotator.issue_cues(
                self.sentences[index].text
            )
        return found

    def quantities(self, index: int) -> list[Found]:
        """The quantities of sentence ``index`` (`find_quantities`).

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="A 30-day truce."))
        >>> [(f.text, f.quantity.value, f.quantity.unit) for f in doc.quantities(0)]
        [('30-day', 30.0, 'days')]
        """
        found = self._quantities.get(index)
        if found is None:
            text = self.sentences[index].text
            found = self._quantities[index] = find_quantities(
                text, lexicon=self._annotator.lexicon, negatives=False
            )
        return found

    @property
    def documents(self) -> Documents:
        """The documents the article names and their authors, read once.

        Worked out for the whole article on first use
        (`peacetalks.extract.documents`): a later sentence's "the plan"
        is the document in force there.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Moscow's memorandum arrived."))
        >>> [(d.text, d.actor) for d in doc.documents.mentioned[0]]
        [('memorandum', 'Russia')]
        """
        found = self._documents
        if found is None:
            found = self._documents = self._annotator.documents.read(
                self.text, self.sentences, self.speech
            )
        return found

    @property
    def date_reader(self) -> DateReader:
        """What finds the dates of a sentence (the grammar's date words).

        >>> from peacetalks.model import Article
        >>> Annotator().read(Article(text="Talks.")).date_reader
        <DateReader>
        """
        return self._annotator.dates

    def dates(self, index: int) -> tuple[DateMention, ...]:
        """The dates of sentence ``index`` and their roles (`DateReader.find`).

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Talks took place in May 2022."))
        >>> [(m.published.label, m.role) for m in doc.dates(0)]
        [('2022-05', 'adjunct')]
        """
        found = self._dates.get(index)
        if found is None:
            published = self.article.published.date
            year = None if published is None else published.year
            found = self._annotator.dates.find(self.sentences[index].text, year)
            if any(m.yearless for m in found):
                # not in the article's year after another year is written
                other = first_other_year(self.text, year)
                start = self.sentences[index].start
                found = tuple(
                    m
                    for m in found
                    if not m.yearless or other is None or start + m.start < other
                )
            self._dates[index] = found
        return found

    def any_dates(self, index: int) -> bool:
        """Whether a sentence before ``index`` may hold a date (a year-like number).

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="In 2022 it began. Talks."))
        >>> doc.any_dates(0), doc.any_dates(1)
        (False, True)
        """
        if self._first_year == -1:
            self._first_year = year_sentences(
                self.text, [s.start for s in self.sentences]
            )
        return self._first_year is not None and self._first_year < index

    @property
    def article_dated(self) -> Dated:
        """The article's date as a finding's, with its one untraced step.

        >>> from peacetalks.model import Article
        >>> Annotator().read(Article(text="Talks.")).article_dated.steps[0].rule
        'date.article'
        """
        found = self._article_dated
        if found is None:
            found = self._article_dated = article_dated(self.article.published)
        return found

    def date_of(
        self, index: int, at: int, clause: tuple[int, int] | None = None
    ) -> Dated:
        """The date of a finding at ``at`` of sentence ``index``, and its steps.

        The date its own words give, else the article's
        (`peacetalks.extract.timing.date_of`).

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="On 29 March 2022 Kyiv offered it."))
        >>> doc.date_of(0, 22).published.label
        '2022-03-29'
        """
        return date_of(self, index, at, clause)

    def step(self, index: int, rule: str, start: int, end: int, why: str) -> Step:
        """A step of ``rule`` on ``start:end`` of sentence ``index``.

        Without `tracing`, the rule's id alone (one shared object a rule):
        extraction does not pay for words and reasons nobody reads.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Kyiv wants 800 tanks."))
        >>> doc.step(0, "demand.act_word", 5, 10, "demand cue")
        Step(rule='demand.act_word', span=None, why='')
        >>> doc.tracing = True
        >>> doc.step(0, "demand.act_word", 5, 10, "demand cue").span.text
        'wants'
        """
        if not self.tracing:
            return _untraced(rule)
        return Step(rule, self.to_article(index, start, end), why)

    def to_article(self, index: int, start: int, end: int) -> Span:
        """The span ``start:end`` of sentence ``index``, in article offsets.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Talks. Kyiv agreed."))
        >>> doc.to_article(1, 0, 4)
        Span(start=7, end=11, text='Kyiv')
        """
        base = self.sentences[index].start
        return Span(base + start, base + end, self.text[base + start : base + end])


class Annotator:
    """Reads articles into `Doc` objects, with one lexicon compiled once.

    Args:
        lexicon: The vocabulary; `Lexicon.default` if None.
        actors: An `ActorFinder` for the same lexicon, to share one.
        issue_cues: What finds a sentence's issue cue hits (the position
            finder's `~peacetalks.extract.positions.PositionFinder.cues`);
            without it a document has no cue hits.

    Example:
        >>> from peacetalks.model import Article
        >>> Annotator().read(Article(text="Talks. More talks.")).sentences[1].text
        'More talks.'
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        actors: ActorFinder | None = None,
        issue_cues: Callable[[str], list[CueHit]] | None = None,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        self.actors = actors if actors is not None else ActorFinder(self.lexicon)
        #: The lexicon's grammar's signal words, compiled once.
        self.signals = Signals.of(self.lexicon.grammar)
        #: The grammar's reference words and the lexicon's joint actors.
        self.references = References.of(self.actors)
        self.issue_cues = issue_cues if issue_cues is not None else _no_cues
        #: The grammar's document words, compiled once (`Doc.documents`).
        self.documents = DocumentReader(self.lexicon.grammar)
        #: The grammar's date words, compiled once (`Doc.dates`).
        self.dates = DateReader(self.lexicon.grammar)

    def __repr__(self) -> str:
        return f"<Annotator {self.lexicon.name!r}>"

    def read(
        self, article: Article, sentences: Sequence[Sentence] | None = None
    ) -> Doc:
        """The annotated document of ``article``.

        Args:
            article: The article to read.
            sentences: ``split_sentences(article.text)``, when the caller
                already has them.

        >>> from peacetalks.model import Article
        >>> doc = Annotator().read(Article(text="Talks. Kyiv agreed."))
        >>> len(doc.sentences), len(doc.speech)
        (2, 2)
        """
        cut = tuple(
            sentences
            if sentences is not None
            else split_sentences(article.text, self.lexicon.grammar)
        )
        speech = tuple(attribute(article.text, cut, self.actors))
        return Doc(article, cut, speech, self)
