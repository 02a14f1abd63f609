"""One object that runs every extraction step over articles: `Extractor`.

An `Extractor` compiles a lexicon once (actor names, issue cues, metric
nouns) and then reads any number of articles.  Each article's text is cut
into sentences once and both steps read them: `PositionFinder` for stances
on issues and `DemandFinder` for quantitative demands.

Example:
    >>> from peacetalks.model import Article
    >>> extractor = Extractor()
    >>> article = Article(text="Russia wants to cap Ukraine's army at 85,000 troops.")
    >>> [type(f).__name__ for f in extractor.extract(article)]
    ['Demand']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.cues import IssueMatcher
from peacetalks.extract.demands import DemandFinder
from peacetalks.extract.positions import PositionFinder
from peacetalks.extract.sentences import split_sentences
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Demand, Position
from peacetalks.serialize import Finding

__all__ = ["Extractor"]


def _order(finding: Finding) -> tuple[int, int, int]:
    evidence = finding.evidence
    start = evidence.start if evidence is not None else -1
    end = evidence.end if evidence is not None else -1
    return (start, end, 0 if isinstance(finding, Position) else 1)


class Extractor:
    """Positions and demands from articles, with one lexicon compiled once.

    Args:
        lexicon: The vocabulary to read with; `Lexicon.default` if None.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        actors = ActorFinder(self.lexicon)
        self._positions = PositionFinder(
            self.lexicon, actors=actors, issues=IssueMatcher(self.lexicon)
        )
        self._demands = DemandFinder(self.lexicon, actors=actors)

    def __repr__(self) -> str:
        return f"<Extractor {self.lexicon.name!r}>"

    def positions(self, article: Article) -> list[Position]:
        """The positions stated in ``article``, in text order."""
        return self._positions(article)

    def demands(self, article: Article) -> list[Demand]:
        """The quantitative demands in ``article``, in text order."""
        return self._demands(article)

    def extract(self, article: Article) -> list[Finding]:
        """The positions and demands in ``article``, in text order.

        Findings are ordered by where their evidence starts and ends; at
        the same span a position comes before a demand.
        """
        sentences = split_sentences(article.text)
        found: list[Finding] = [
            *self._positions(article, sentences),
            *self._demands(article, sentences),
        ]
        found.sort(key=_order)
        return found

    def iter_extract(self, articles: Iterable[Article]) -> Iterator[Finding]:
        """Extract from each article in turn, yielding findings as they come."""
        for article in articles:
            yield from self.extract(article)
