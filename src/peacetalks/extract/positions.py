"""Find positions: an actor's stance on an issue, with the words it rests on.

(Work in progress: the rules land with the stance step.)
"""

from __future__ import annotations

from collections.abc import Sequence

from peacetalks._version import __version__
from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.cues import IssueMatcher
from peacetalks.extract.sentences import Sentence
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Position, Producer

__all__ = ["PRODUCER", "PositionFinder", "extract_positions"]

#: What made the positions this module returns.
PRODUCER = "peacetalks.extract.positions"


def extract_positions(
    article: Article, *, lexicon: Lexicon | None = None
) -> list[Position]:
    """Find the positions stated in ``article``."""
    return PositionFinder(lexicon)(article)


class PositionFinder:
    """`extract_positions` with the lexicon compiled once, for many articles."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        actors: ActorFinder | None = None,
        issues: IssueMatcher | None = None,
    ) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.default()
        self._actors = actors if actors is not None else ActorFinder(self.lexicon)
        self._issues = issues if issues is not None else IssueMatcher(self.lexicon)
        self._producer = Producer(PRODUCER, __version__)

    def __repr__(self) -> str:
        return f"<PositionFinder {self.lexicon.name!r}>"

    def __call__(
        self, article: Article, sentences: Sequence[Sentence] | None = None
    ) -> list[Position]:
        """The positions in ``article``, in text order."""
        return []
