"""The Corpus: an ordered, immutable collection of articles.

A tour:

>>> import peacetalks as pt
>>> corpus = pt.datasets.sample()
>>> corpus
<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>
>>> len(corpus), corpus[0].outlet
(5, 'Fox News')
>>> march = corpus.filter(date_range=("2022-03-01", "2022-03-31"))
>>> len(march)
4
>>> [a.published.label for a in corpus.sorted()]
['2022-03', '2022-03-29', '2022-03-29', '2022-03-30', '2025-01']
>>> corpus.merge(march) == corpus
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self, overload

import attrs

from peacetalks import _frames, _html, _optional, seams
from peacetalks.errors import DuplicateIdError
from peacetalks.model import Article, Precision
from peacetalks.window import DateLike, DateWindow

#: The columns of `Corpus.to_pandas`, after the ``id`` index.
_ARTICLE_COLUMNS = (
    "title",
    "outlet",
    "date",
    "precision",
    "published",
    "authors",
    "url",
    "language",
    "path",
    "text",
)

if TYPE_CHECKING:
    from peacetalks.extract.protocol import ExtractorSource
    from peacetalks.findings import Findings
    from peacetalks.lexicon import Lexicon

__all__ = ["Corpus"]


def _check_unique(
    _instance: object,
    _attribute: attrs.Attribute[tuple[Article, ...]],
    value: tuple[Article, ...],
) -> None:
    seen: dict[str, int] = {}
    for position, article in enumerate(value):
        first = seen.setdefault(article.id, position)
        if first != position:
            raise DuplicateIdError(article.id, first, position)


def _check_articles(
    _instance: object,
    _attribute: attrs.Attribute[tuple[Article, ...]],
    value: tuple[object, ...],
) -> None:
    for position, article in enumerate(value):
        if not isinstance(article, Article):
            kind = type(article).__name__
            msg = f"a Corpus holds Article objects (got {kind} at {position})"
            raise TypeError(msg)


def _to_articles(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(articles)


@attrs.frozen(repr=False)
class Corpus(Sequence[Article]):
    """An ordered collection of articles with unique ids.

    It behaves like an immutable sequence (``len``, indexing, slicing,
    iteration, ``in``); methods that select or reorder return a new Corpus.

    Args:
        articles: The articles, in order.  Their ids must be unique.

    Raises:
        DuplicateIdError: If two articles share an id.

    >>> from peacetalks import Article
    >>> talks = Article(title="Talks", text="Delegations met in Istanbul.")
    >>> corpus = Corpus([talks])
    >>> len(corpus), corpus[0].title, talks in corpus
    (1, 'Talks', True)
    >>> Corpus([talks, talks])
    Traceback (most recent call last):
        ...
    peacetalks.errors.DuplicateIdError: article id 'dc9a1d8d357c3f64' occurs twice
    (articles 0 and 1); ids must be unique in a corpus
    """

    articles: tuple[Article, ...] = attrs.field(
        default=(), converter=_to_articles, validator=[_check_articles, _check_unique]
    )
    _index: dict[str, int] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index = {article.id: position for position, article in enumerate(self.articles)}
        object.__setattr__(self, "_index", index)

    # -- the sequence protocol ---------------------------------------------------

    def __len__(self) -> int:
        return len(self.articles)

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> Corpus: ...
    def __getitem__(self, index: int | slice) -> Article | Corpus:
        if isinstance(index, slice):
            return Corpus(self.articles[index])
        return self.articles[index]

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __contains__(self, item: object) -> bool:
        """Tell whether an article (or an article id) is in the corpus."""
        if isinstance(item, str):
            return item in self._index
        return isinstance(item, Article) and self.get(item.id) == item

    def __repr__(self) -> str:
        count = f"{len(self)} article{'s' if len(self) != 1 else ''}"
        dated = sorted(
            (a.published for a in self if a.published.date is not None),
            key=lambda published: published.range or (),
        )
        parts = [count]
        if dated:
            first, last = dated[0].label, dated[-1].label
            parts.append(first if first == last else f"{first} to {last}")
        outlets = {a.outlet for a in self if a.outlet}
        if outlets:
            parts.append(f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''}")
        return f"<Corpus: {', '.join(parts)}>"

    # -- lookup ---------------------------------------------------------------------

    @property
    def ids(self) -> tuple[str, ...]:
        """The article ids, in order.

        >>> import peacetalks as pt
        >>> pt.datasets.sample().ids[:2]
        ('32d892fefb9500f9', 'a56ff98a8390fa9d')
        """
        return tuple(article.id for article in self.articles)

    def get(self, article_id: str, default: Article | None = None) -> Article | None:
        """Return the article with ``article_id``, or ``default``.

        >>> import peacetalks as pt
        >>> corpus = pt.datasets.sample()
        >>> corpus.get(corpus.ids[2]).outlet
        'Bloomberg'
        >>> print(corpus.get("no-such-id"))
        None
        """
        position = self._index.get(article_id)
        return default if position is None else self.articles[position]

    def article(self, article_id: str) -> Article:
        """Return the article with ``article_id``.

        Raises:
            KeyError: If there is none.

        >>> import peacetalks as pt
        >>> corpus = pt.datasets.sample()
        >>> corpus.article(corpus.ids[0]).outlet
        'Fox News'
        >>> corpus.article("no-such-id")
        Traceback (most recent call last):
            ...
        KeyError: "no article with id 'no-such-id' in this corpus"
        """
        found = self.get(article_id)
        if found is None:
            msg = f"no article with id {article_id!r} in this corpus"
            raise KeyError(msg)
        return found

    # -- selection and order ------------------------------------------------------

    def filter(
        self,
        *,
        date_range: tuple[DateLike, DateLike] | None = None,
        outlet: str | Collection[str] | None = None,
        text: str | re.Pattern[str] | None = None,
        predicate: Callable[[Article], bool] | None = None,
    ) -> Corpus:
        """Keep the articles that meet every criterion given.

        Args:
            date_range: ``(start, end)``, inclusive, either end ``None`` for
                open; each a date, an ISO string, ``"March 2022"`` or a
                `Published` (see `peacetalks.window`: a month as the end
                means its last day).  An article is kept when the period its
                date stands for (a day, a month or a year) overlaps the
                range; articles with no known date are dropped.
            outlet: An outlet name or several, compared case-insensitively.
            text: A case-insensitive substring, or a compiled regular
                expression, searched in the title and text.
            predicate: Any test on an article.

        Raises:
            TypeError: A bound of ``date_range`` is not a date, a string or
                a `Published`.
            FieldValueError: A bound names no date, or the start is after
                the end.

        >>> import peacetalks as pt
        >>> corpus = pt.datasets.sample()
        >>> [a.outlet for a in corpus.filter(text="bloomberg")]
        ['Bloomberg']
        >>> len(corpus.filter(date_range=("March 2022", "March 2022")))
        4
        """
        tests: list[Callable[[Article], bool]] = []
        if date_range is not None:
            window = DateWindow.of(
                *date_range, names=("date_range start", "date_range end")
            )
            # A date_range, even (None, None), asks for dated articles.
            tests.append(
                lambda a: a.published.date is not None and window.contains(a.published)
            )
        if outlet is not None:
            wanted = {
                o.casefold() for o in ([outlet] if isinstance(outlet, str) else outlet)
            }
            tests.append(lambda a: (a.outlet or "").casefold() in wanted)
        if text is not None:
            pattern = (
                text
                if isinstance(text, re.Pattern)
                else re.compile(re.escape(text), re.IGNORECASE)
            )
            tests.append(
                lambda a: bool(pattern.search(a.title) or pattern.search(a.text))
            )
        if predicate is not None:
            tests.append(predicate)
        return Corpus(a for a in self.articles if all(test(a) for test in tests))

    def sorted(
        self, key: Callable[[Article], Any] | None = None, *, reverse: bool = False
    ) -> Corpus:
        """Return the articles in a new order; the sort is stable.

        Args:
            key: What to sort by; by default the publication date, earliest
                first, with undated articles last.
            reverse: Sort in descending order.

        >>> import peacetalks as pt
        >>> corpus = pt.datasets.sample()
        >>> [a.published.label for a in corpus.sorted(reverse=True)]
        ['2025-01', '2022-03-30', '2022-03-29', '2022-03-29', '2022-03']
        >>> [a.outlet for a in corpus.sorted(key=lambda a: a.outlet or "")][:2]
        ['Antiwar.com', 'Bloomberg']
        """
        if key is None:
            # Undated articles go last either way round.
            dated = [a for a in self.articles if a.published.date is not None]
            undated = [a for a in self.articles if a.published.date is None]
            ordered = sorted(
                dated, key=lambda a: a.published.range or (), reverse=reverse
            )
            return Corpus(ordered + undated)
        return Corpus(sorted(self.articles, key=key, reverse=reverse))

    def merge(self, *others: Iterable[Article]) -> Corpus:
        """Append the articles of ``others`` whose ids are not here yet.

        Order is kept, and the first article with an id wins, so
        ``a.merge(a) == a`` and ``a.merge(b).merge(b) == a.merge(b)``.

        >>> from peacetalks import Article
        >>> a = Article(title="A", text="Talks resumed.")
        >>> b = Article(title="B", text="Talks stalled.")
        >>> merged = Corpus([a]).merge([b, a])
        >>> [article.title for article in merged]
        ['A', 'B']
        """
        seen = set(self._index)
        merged = list(self.articles)
        for other in others:
            for article in other:
                if article.id not in seen:
                    seen.add(article.id)
                    merged.append(article)
        return Corpus(merged)

    # -- extraction -------------------------------------------------------------

    def extract(
        self,
        lexicon: Lexicon | None = None,
        *,
        extractor: ExtractorSource | None = None,
        workers: int = 1,
    ) -> Findings:
        """Find the positions and demands in every article, with one extractor.

        Runs `peacetalks.parallel.extract_findings` (through the
        `peacetalks.seams.EXTRACT` seam).

        Args:
            lexicon: The vocabulary to read with; the default lexicon if None.
            extractor: A `peacetalks.Extractor` to use instead, or a
                zero-argument factory of one (give one or the other).
            workers: How many processes extract, as in
                `peacetalks.extract_stream`: with more than one, the
                extractor is pickled once and sent to each worker.  The
                findings do not depend on it.

        Returns:
            The findings in corpus order, then text order; its `articles`
            lists every article (with its path), also those where nothing
            was found.

        Raises:
            ValueError: If ``workers`` is not a positive integer, or both a
                lexicon and an extractor are given.
            TypeError: If ``extractor`` is not an extractor or a factory of
                one, or (with workers) cannot be pickled.
            WorkerError: If a worker process died.

        >>> import peacetalks as pt
        >>> findings = pt.datasets.sample().extract()
        >>> findings
        <Findings: ...7 demands from 5 articles>
        >>> sorted({d.metric for d in findings.demands})
        ['missile_range', 'tanks', 'territory_share', 'troops']

        Two processes find the same, in the same order (``--workers 2`` on
        the command line); it pays from a few hundred articles on:

        >>> pt.datasets.sample().extract(workers=2) == findings
        True
        """
        extract = seams.EXTRACT.implementation
        return extract(
            self.articles, lexicon=lexicon, extractor=extractor, workers=workers
        )

    # -- notebooks ----------------------------------------------------------------

    def to_pandas(self) -> Any:
        """The articles as a pandas DataFrame, one row per article, indexed by id.

        Columns, ready for analysis (needs the ``pandas`` extra):

        - ``title``, ``url``, ``path``, ``text``: strings;
        - ``outlet``, ``language``: ``category``;
        - ``date``: ``datetime64[ns]``, ``NaT`` when unknown; a date known
          to the month is the first of the month, one known to the year
          the first of January (``datetime64[s]`` if a date falls outside
          the years 1677-2262, which nanoseconds cannot hold);
        - ``precision``: ``category`` of ``day``, ``month``, ``year``,
          ``unknown`` (all four, in that order): how much of ``date`` is
          known;
        - ``published``: the date's label as people read it (``"2022-03"``),
          ``None`` when unknown;
        - ``authors``: the bylines joined by ``"; "``.

        Raises:
            MissingExtraError: If pandas is not installed.

        >>> import peacetalks as pt
        >>> frame = pt.datasets.sample().to_pandas()
        >>> frame.shape
        (5, 10)
        >>> frame["outlet"].tolist()[:2]
        ['Fox News', 'CNN']
        >>> frame[["date", "precision", "published"]].iloc[1].tolist()
        [Timestamp('2022-03-01 00:00:00'), 'month', '2022-03']
        >>> frame.dtypes[["date", "precision", "outlet"]].astype(str).tolist()
        ['datetime64[ns]', 'category', 'category']
        """
        pandas = _optional.pandas("Corpus.to_pandas()")
        rows = [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "precision": a.published.precision.value,
                "published": a.published.label if a.published.date else None,
                "authors": "; ".join(a.authors),
                "url": a.url,
                "language": a.language,
                "path": a.path,
                "text": a.text,
            }
            for a in self
        ]
        frame = pandas.DataFrame(rows, columns=["id", *_ARTICLE_COLUMNS])
        frame["date"] = _frames.dates(pandas, [a.published.date for a in self])
        _frames.categorize(
            pandas, frame, ["outlet", "language"], {"precision": Precision}
        )
        return frame.set_index("id")

    def _repr_html_(self) -> str:
        """A table of the articles for notebooks (date, outlet, title, words).

        Past `peacetalks._html.MAX_ROWS` (60) articles, the first and last
        five are listed with "… 4,990 more" between them, as pandas does.
        """
        rows = _html.numbered(
            self.articles,
            lambda a: (
                a.published.label if a.published.date else "",
                a.outlet or "",
                a.title,
                len(a.text.split()),
            ),
        )
        return _html.table(
            ["#", "date", "outlet", "title", "words"], rows, caption=repr(self)
        )

    # -- files ------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> None:
        """Write the corpus to ``path``: ``.json``, ``.jsonl`` or ``.csv``.

        The write is atomic: a failure leaves any existing file unchanged.
        See `peacetalks.save`, which this runs (through the
        `peacetalks.seams.SAVE_CORPUS` seam: the corpus sits below the
        readers and writers).

        >>> import pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.csv"
        >>> corpus = pt.datasets.sample()
        >>> corpus.save(path)
        >>> pt.load(path) == corpus
        True
        """
        seams.SAVE_CORPUS.implementation(self, path, format=format)

    @classmethod
    def load(cls, source: str | os.PathLike[str], *, format: str | None = None) -> Self:
        """Read a corpus from ``source``; see `peacetalks.load`.

        Runs `peacetalks.load` through the `peacetalks.seams.LOAD_CORPUS` seam.

        >>> import pathlib, tempfile
        >>> import peacetalks as pt
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "sample.jsonl"
        >>> pt.datasets.sample().save(path)
        >>> Corpus.load(path)
        <Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>
        """
        return cls(seams.LOAD_CORPUS.implementation(source, format=format))
