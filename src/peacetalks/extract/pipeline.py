"""The rule engine, one `peacetalks.Extractor` that runs every step: `RuleExtractor`.

A `RuleExtractor` compiles a lexicon once (actor names, issue cues, metric
nouns) and then reads any number of articles.  Each article's text is cut
into sentences once and both steps read them: `PositionFinder` for stances
on issues and `DemandFinder` for quantitative demands.

Example:
    >>> from peacetalks.model import Article
    >>> extractor = RuleExtractor()
    >>> article = Article(text="Russia wants to cap Ukraine's army at 85,000 troops.")
    >>> [d.quantity.value for d in extractor.demands(article)]
    [85000.0]
    >>> extractor.findings([article])
    <Findings: ...1 demand from 1 article>

`Article.extract` and `Corpus.extract` use one through `resolve_extractor`,
which builds the default lexicon's extractor once and shares it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any, Final

from peacetalks import seams
from peacetalks._version import __version__
from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.cues import IssueMatcher
from peacetalks.extract.demands import DemandFinder
from peacetalks.extract.doc import Doc
from peacetalks.extract.explain import Explanation, explanation, finding_order
from peacetalks.extract.positions import PositionFinder
from peacetalks.extract.protocol import Extractor as Extractor  # the old home
from peacetalks.findings import Findings
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Demand, Position, Producer
from peacetalks.serialize import Finding

__all__ = ["PRODUCER", "RuleExtractor", "default_extractor", "resolve_extractor"]

#: The rule engine's name, as its `RuleExtractor.producer`; its positions
#: and demands name the step that found them (`peacetalks.extract.positions`,
#: `peacetalks.extract.demands`).
PRODUCER = "peacetalks.extract"


class RuleExtractor:
    """Positions and demands from articles, with one lexicon compiled once.

    The library's `peacetalks.Extractor`.  It pickles as its lexicon and
    compiles again where it is unpickled (a worker process).

    Args:
        lexicon: The vocabulary to read with; `Lexicon.default` if None.

    >>> from peacetalks.model import Article
    >>> extractor = RuleExtractor()
    >>> article = Article(text="Ukraine offered to never join NATO. "
    ...                        "Russia wants to cap Ukraine's army at 85,000 troops.")
    >>> extractor
    <RuleExtractor 'russia-ukraine'>
    >>> extractor.findings([article])
    <Findings: ...1 demand from 1 article>
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        actors = ActorFinder(self.lexicon)
        self._positions = PositionFinder(
            self.lexicon, actors=actors, issues=IssueMatcher(self.lexicon)
        )
        self._demands = DemandFinder(self.lexicon, actors=actors)
        #: The rule engine and the library version it came with.
        self.producer = Producer(PRODUCER, __version__)
        self._annotator = self._positions.annotator

    def __repr__(self) -> str:
        return f"<RuleExtractor {self.lexicon.name!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the lexicon: the compiled matchers are rebuilt from it.

        What a subclass adds to the instance is pickled as it is, and its
        ``__init__`` is not called again (it may take other arguments).
        """
        added = {k: v for k, v in vars(self).items() if k not in _COMPILED}
        return (_unpickle, (type(self), self.lexicon, added))

    def positions(self, article: Article) -> list[Position]:
        """The positions stated in ``article``, in text order.

        >>> from peacetalks.model import Article
        >>> extractor = RuleExtractor()
        >>> article = Article(text="Ukraine offered to never join NATO. "
        ...                   "Russia wants to cap Ukraine's army at 85,000 troops.")
        >>> found = {(p.actor, p.issue, p.stance) for p in extractor.positions(article)}
        >>> ("Ukraine", "nato_membership", "opposes") in found
        True
        """
        return self._positions(article)

    def demands(self, article: Article) -> list[Demand]:
        """The quantitative demands in ``article``, in text order.

        >>> from peacetalks.model import Article
        >>> extractor = RuleExtractor()
        >>> article = Article(text="Ukraine offered to never join NATO. "
        ...                   "Russia wants to cap Ukraine's army at 85,000 troops.")
        >>> [(d.actor, d.metric, d.quantity.value) for d in extractor.demands(article)]
        [('Russia', 'troops', 85000.0)]
        """
        return self._demands(article)

    def extract(self, article: Article) -> list[Finding]:
        """The positions and demands in ``article``, in text order.

        Findings are ordered by where their evidence starts and ends; at
        the same span a position comes before a demand.

        >>> from peacetalks.model import Article
        >>> extractor = RuleExtractor()
        >>> article = Article(text="Ukraine offered to never join NATO. "
        ...                   "Russia wants to cap Ukraine's army at 85,000 troops.")
        >>> found = extractor.extract(article)
        >>> starts = [finding.evidence.start for finding in found]
        >>> starts == sorted(starts), type(found[-1]).__name__
        (True, 'Demand')
        """
        doc = self.read(article)
        found: list[Finding] = [
            *self._positions.read(doc),
            *self._demands.read(doc),
        ]
        found.sort(key=finding_order)
        return found

    def read(self, article: Article) -> Doc:
        """The annotated document of ``article`` that every rule reads.

        >>> from peacetalks.model import Article
        >>> doc = RuleExtractor().read(Article(text="Kyiv wants a ceasefire. No."))
        >>> len(doc.sentences), doc.cues(0)[0].span.issue
        (2, 'ceasefire')
        """
        return self._annotator.read(article)

    def explain(
        self, article: Article | str, *, sentence: int | None = None
    ) -> Explanation:
        """Every finding in ``article`` with its trace, and the blocked candidates.

        Args:
            article: The article, or a text to read as one.
            sentence: Explain only this sentence (0-based index into the
                article's sentences).

        Returns:
            The findings `extract` gives, each with the rules that made it,
            and the issue cues and figures a rule blocked, with the rule
            and why (`peacetalks.extract.explain`).

        Raises:
            IndexError: If ``sentence`` is not the index of a sentence.

        >>> explanation = RuleExtractor().explain("Kyiv lost 800 tanks.")
        >>> [(b.span.text, b.by.rule) for b in explanation.blocked]
        [('800', 'demand.no_proposer')]
        """
        if isinstance(article, str):
            article = Article(text=article)
        doc = self.read(article)
        doc.tracing = True
        if sentence is not None and not 0 <= sentence < len(doc.sentences):
            msg = (
                f"sentence {sentence} is out of range: the article has "
                f"{len(doc.sentences)} sentences (0 to {len(doc.sentences) - 1})"
            )
            raise IndexError(msg)
        candidates = [*self._positions.candidates(doc), *self._demands.candidates(doc)]
        return explanation(doc, candidates, sentence)

    def iter_extract(self, articles: Iterable[Article]) -> Iterator[Finding]:
        """Extract from each article in turn, yielding findings as they come.

        >>> from peacetalks.model import Article
        >>> extractor = RuleExtractor()
        >>> article = Article(text="Ukraine offered to never join NATO. "
        ...                   "Russia wants to cap Ukraine's army at 85,000 troops.")
        >>> stream = extractor.iter_extract([article, article.replace(id="copy")])
        >>> sorted({finding.evidence.article_id for finding in stream})
        ['066bc089842917bf', 'copy']
        """
        for article in articles:
            yield from self.extract(article)

    def findings(self, articles: Iterable[Article]) -> Findings:
        """Extract from each article in turn and collect the results.

        Returns:
            The findings in article order, then text order, with
            `Findings.articles` listing every article read (those where
            nothing was found too) and the file it came from.

        >>> from peacetalks.model import Article
        >>> extractor = RuleExtractor()
        >>> article = Article(text="Ukraine offered to never join NATO. "
        ...                   "Russia wants to cap Ukraine's army at 85,000 troops.")
        >>> silent = Article(text="Nothing was agreed.")
        >>> findings = extractor.findings([article, silent])
        >>> list(findings.articles) == [article.id, silent.id]
        True
        """
        found: list[Finding] = []
        paths: dict[str, str | None] = {}
        for article in articles:
            paths.setdefault(article.id, article.path)
            found.extend(self.extract(article))
        return Findings(found, articles=paths)


# Calling the Extractor protocol (deprecated) builds one through this seam.
seams.RULE_EXTRACTOR.provide(RuleExtractor)

#: What `RuleExtractor.__init__` compiles from the lexicon, left out of a
#: pickle and compiled again where it is unpickled.
_COMPILED: Final = frozenset({"lexicon", "_positions", "_demands", "_annotator"})


def _unpickle(
    cls: type[RuleExtractor], lexicon: Lexicon, added: dict[str, Any]
) -> RuleExtractor:
    """A `RuleExtractor` (or subclass) compiled again from its pickle."""
    extractor = cls.__new__(cls)
    RuleExtractor.__init__(extractor, lexicon)
    vars(extractor).update(added)
    return extractor


@functools.cache
def default_extractor() -> RuleExtractor:
    """The default lexicon's rule engine, built on first use and then shared.

    >>> default_extractor() is default_extractor()
    True
    """
    return RuleExtractor()


def resolve_extractor(
    lexicon: Lexicon | None = None, extractor: Extractor | None = None
) -> Extractor:
    """The extractor to use for a ``lexicon=`` or ``extractor=`` argument.

    Args:
        lexicon: Read with this vocabulary: a new `RuleExtractor` is built
            for it.
        extractor: Use this one, any `peacetalks.Extractor` (to share it
            across calls, or to read with another extractor).

    Returns:
        ``extractor`` if given; else a rule engine for ``lexicon``; else the
        default lexicon's rule engine, built on first use and then shared.

    Raises:
        ValueError: If both are given and the extractor does not read that
            lexicon (an extractor without a ``lexicon`` reads none).

    >>> resolve_extractor() is resolve_extractor()
    True
    """
    if extractor is not None:
        if lexicon is not None and lexicon != getattr(extractor, "lexicon", None):
            msg = "give a lexicon or an extractor, not both"
            raise ValueError(msg)
        return extractor
    return default_extractor() if lexicon is None else RuleExtractor(lexicon)
