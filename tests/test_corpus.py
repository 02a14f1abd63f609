"""Tests for peacetalks.corpus: the Corpus sequence and its laws."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks import Article, Corpus, DuplicateIdError, Precision, Published
from tests.strategies import FEW_DATES, corpora

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR

#: Corpora are slow to draw; the laws hold or fail on small ones.
laws = settings(max_examples=40)


def _article(title: str, published: Published | None = None, **fields: Any) -> Article:
    return Article(
        title=title,
        text=f"text of {title}",
        published=published or Published(),
        **fields,
    )


def _on(year: int, month: int | None = None, day: int | None = None) -> Published:
    if month is None:
        return Published(str(year), datetime.date(year, 1, 1), YEAR)
    if day is None:
        return Published(f"{year}-{month}", datetime.date(year, month, 1), MONTH)
    return Published(None, datetime.date(year, month, day), DAY)


def _has(corpus: Corpus, item: object) -> bool:
    """``item in corpus``, for any item (mypy rejects ids statically)."""
    return item in corpus


def _equal(one: object, other: object) -> bool:
    return one == other


def dated_corpus() -> Corpus:
    """Five articles: one each by day, month and year, one undated, one late."""
    return Corpus(
        [
            _article("day", _on(2022, 3, 29), outlet="Fox News"),
            _article("month", _on(2022, 3), outlet="CNN"),
            _article("undated", outlet="cnn"),
            _article("year", _on(2022), outlet=None),
            _article("late", _on(2025, 1), outlet="Bloomberg"),
        ]
    )


class TestInit:
    def test_empty(self) -> None:
        """A corpus may be empty."""
        assert len(Corpus()) == 0
        assert list(Corpus()) == []

    def test_from_generator(self) -> None:
        """Any iterable of articles makes a corpus, in order."""
        corpus = Corpus(a for a in dated_corpus())

        assert corpus.ids == dated_corpus().ids

    def test_duplicate_ids(self) -> None:
        """Two articles with one id are refused, naming the id and positions."""
        first = _article("a")
        second = _article("b", id=first.id)

        with pytest.raises(DuplicateIdError, match="articles 0 and 2") as info:
            Corpus([first, _article("c"), second])

        assert info.value.article_id == first.id
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize("item", ["an id", None, {"title": "x"}, 1])
    def test_only_articles(self, item: Any) -> None:
        """A corpus holds Article objects only."""
        with pytest.raises(TypeError, match="at 1"):
            Corpus([_article("a"), item])

    def test_immutable(self) -> None:
        """A corpus cannot be changed in place."""
        corpus = dated_corpus()

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            corpus.articles = ()  # type: ignore[misc]  # testing that assignment fails


class TestSequence:
    def test_indexing(self) -> None:
        """Indexing gives articles; negative indices count from the end."""
        corpus = dated_corpus()

        assert corpus[0].title == "day"
        assert corpus[-1].title == "late"
        with pytest.raises(IndexError):
            corpus[5]

    @pytest.mark.parametrize(
        ("index", "expected"),
        [
            (slice(None), ["day", "month", "undated", "year", "late"]),
            (slice(1, 3), ["month", "undated"]),
            (slice(None, None, -2), ["late", "undated", "day"]),
            (slice(9, 10), []),
        ],
    )
    def test_slicing(self, index: slice, expected: list[str]) -> None:
        """Slicing gives a new Corpus."""
        part = dated_corpus()[index]

        assert isinstance(part, Corpus)
        assert [a.title for a in part] == expected

    def test_contains(self) -> None:
        """An article or its id is in the corpus; a changed copy is not."""
        corpus = dated_corpus()
        article = corpus[1]

        assert _has(corpus, article)
        assert _has(corpus, article.id)
        assert not _has(corpus, article.replace(title="changed"))
        assert not _has(corpus, "no such id")
        assert not _has(corpus, 1)

    def test_lookup(self) -> None:
        """Articles can be looked up by id."""
        corpus = dated_corpus()
        article = corpus[2]

        assert corpus.get(article.id) is article
        assert corpus.get("missing") is None
        assert corpus.get("missing", article) is article
        assert corpus.article(article.id) is article
        with pytest.raises(KeyError, match="no article with id 'missing'"):
            corpus.article("missing")

    def test_sequence_methods(self) -> None:
        """index and count work as for any sequence."""
        corpus = dated_corpus()

        assert corpus.index(corpus[3]) == 3
        assert corpus.count(corpus[3]) == 1
        assert next(reversed(corpus)) == corpus[-1]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Corpus(), "<Corpus: 0 articles>"),
            (Corpus([_article("x")]), "<Corpus: 1 article>"),
            (Corpus([_article("x", outlet="CNN")]), "<Corpus: 1 article, 1 outlet>"),
            (
                Corpus([_article("x", _on(2022, 3, 29))]),
                "<Corpus: 1 article, 2022-03-29>",
            ),
            (dated_corpus(), "<Corpus: 5 articles, 2022 to 2025-01, 4 outlets>"),
        ],
    )
    def test_repr(self, value: Corpus, expected: str) -> None:
        """The repr summarises the count, the dates and the outlets."""
        assert repr(value) == expected

    @laws
    @given(corpora())
    def test_ids(self, corpus: Corpus) -> None:
        """ids lists the article ids in order, and each finds its article."""
        assert corpus.ids == tuple(a.id for a in corpus)
        assert all(
            corpus.article(i) is a for i, a in zip(corpus.ids, corpus, strict=True)
        )


class TestMerge:
    @laws
    @given(corpora())
    def test_idempotent(self, corpus: Corpus) -> None:
        """Merging a corpus with itself changes nothing."""
        assert corpus.merge(corpus) == corpus
        assert corpus.merge() == corpus

    @laws
    @given(corpora(), corpora())
    def test_repeat(self, one: Corpus, other: Corpus) -> None:
        """Merging the same articles twice is merging them once."""
        assert one.merge(other).merge(other) == one.merge(other)
        assert one.merge(other, other) == one.merge(other)

    @laws
    @given(corpora(), corpora())
    def test_order_and_first_wins(self, one: Corpus, other: Corpus) -> None:
        """The first corpus comes first, then the new articles in their order."""
        merged = one.merge(other)
        new = [a for a in other if a.id not in one.ids]

        assert list(merged) == [*one, *new]

    @laws
    @given(corpora(), corpora(), corpora())
    def test_associative(self, a: Corpus, b: Corpus, c: Corpus) -> None:
        """Merging is associative."""
        assert a.merge(b).merge(c) == a.merge(b.merge(c)) == a.merge(b, c)

    def test_same_id_kept_once(self) -> None:
        """An article with an id already present is dropped, not an error."""
        one = Corpus([_article("a")])
        other = Corpus([one[0].replace(title="changed"), _article("b")])

        merged = one.merge(other)

        assert [a.title for a in merged] == ["a", "b"]

    def test_iterables(self) -> None:
        """Any iterable of articles can be merged in."""
        corpus = dated_corpus()

        assert Corpus().merge(list(corpus[:2]), (a for a in corpus[2:])) == corpus


def _keep(ids: set[str]) -> Any:
    return lambda article: article.id in ids


class TestFilter:
    @laws
    @given(corpora(), st.data())
    def test_never_adds(self, corpus: Corpus, data: st.DataObject) -> None:
        """Filtering keeps a subsequence, in the original order."""
        ids = data.draw(st.sets(st.sampled_from(corpus.ids))) if corpus else set()

        kept = corpus.filter(predicate=_keep(ids))

        assert kept.ids == tuple(i for i in corpus.ids if i in ids)
        assert all(a is corpus.get(a.id) for a in kept)

    @laws
    @given(corpora(published=FEW_DATES), st.sampled_from(["2022-03-01", None]),
           st.sampled_from(["2022-03-29", "2022-12-31", None]))  # fmt: skip
    def test_date_range_never_adds(
        self, corpus: Corpus, start: str | None, end: str | None
    ) -> None:
        """A date range keeps a subsequence of the dated articles."""
        kept = corpus.filter(date_range=(start, end))

        assert set(kept.ids) <= set(corpus.ids)
        assert kept.ids == tuple(i for i in corpus.ids if i in kept.ids)
        assert all(a.published.date is not None for a in kept)

    @laws
    @given(corpora())
    def test_no_criteria(self, corpus: Corpus) -> None:
        """Filtering on nothing keeps everything."""
        assert corpus.filter() == corpus
        assert corpus.filter(predicate=lambda _: True) == corpus
        assert corpus.filter(predicate=lambda _: False) == Corpus()

    @laws
    @given(corpora(), st.data())
    def test_criteria_combine(self, corpus: Corpus, data: st.DataObject) -> None:
        """Several criteria keep what each would keep: filters compose."""
        some = data.draw(st.sets(st.sampled_from(corpus.ids))) if corpus else set()
        more = data.draw(st.sets(st.sampled_from(corpus.ids))) if corpus else set()

        both = corpus.filter(predicate=_keep(some)).filter(predicate=_keep(more))

        assert both == corpus.filter(predicate=_keep(some & more))

    @pytest.mark.parametrize(
        ("date_range", "expected"),
        [
            (("2022-03-01", "2022-03-31"), ["day", "month", "year"]),
            (("2022-03-30", "2022-03-31"), ["month", "year"]),
            (("2022-04-01", None), ["year", "late"]),
            ((None, "2022-02-28"), ["year"]),
            ((None, None), ["day", "month", "year", "late"]),
            ((datetime.date(2025, 1, 31), datetime.date(2025, 1, 31)), ["late"]),
            (("2023-01-01", "2024-12-31"), []),
            (("2022-03-29", "2022-03-29"), ["day", "month", "year"]),
        ],
    )
    def test_date_range(self, date_range: tuple[Any, Any], expected: list[str]) -> None:
        """An article is kept when its period overlaps the range; undated never."""
        kept = dated_corpus().filter(date_range=date_range)

        assert [a.title for a in kept] == expected

    @pytest.mark.parametrize(
        ("bound", "error"),
        [
            ("2022-13-01", ValueError),
            ("the spring", ValueError),
            (2022, TypeError),
            (datetime.datetime(2022, 3, 1), TypeError),
        ],
    )
    def test_bad_date_range(self, bound: Any, error: type[Exception]) -> None:
        """A range end that names no date is refused by name.

        Since issue 12 a bound is read as every date window is (peacetalks.window):
        "March 2022" and "29/03/2022" are dates now, so they left this list,
        and a bound of the wrong type is a TypeError.
        """
        with pytest.raises(error, match="'date_range start'"):
            dated_corpus().filter(date_range=(bound, None))

    @pytest.mark.parametrize("bound", ["March 2022", "29/03/2022", "2022-03"])
    def test_date_range_in_words(self, bound: str) -> None:
        """A month or a day written out is a bound like an ISO date."""
        kept = dated_corpus().filter(date_range=(bound, bound))
        assert [a.title for a in kept] == ["day", "month", "year"]

    @pytest.mark.parametrize(
        ("outlet", "expected"),
        [
            ("CNN", ["month", "undated"]),
            ("fox news", ["day"]),
            (["Bloomberg", "FOX NEWS"], ["day", "late"]),
            ("Reuters", []),
            ([], []),
        ],
    )
    def test_outlet(self, outlet: str | list[str], expected: list[str]) -> None:
        """Outlets are compared case-insensitively."""
        assert [a.title for a in dated_corpus().filter(outlet=outlet)] == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("TEXT OF M", ["month"]),
            ("undat", ["undated"]),
            (re.compile(r"^(day|year)$"), ["day", "year"]),
            (re.compile("TEXT"), []),
            ("(", []),
        ],
    )
    def test_text(self, text: str | re.Pattern[str], expected: list[str]) -> None:
        """Text is a case-insensitive substring, or a regex, of title or text."""
        assert [a.title for a in dated_corpus().filter(text=text)] == expected

    def test_all_criteria(self) -> None:
        """Every criterion given must hold."""
        kept = dated_corpus().filter(
            date_range=("2022-01-01", "2022-12-31"),
            outlet=["cnn", "fox news"],
            text="t",
            predicate=lambda a: a.title != "day",
        )

        assert [a.title for a in kept] == ["month"]


class TestSorted:
    def test_default_order(self) -> None:
        """By default: earliest period first, undated last."""
        assert [a.title for a in dated_corpus().sorted()] == [
            "year", "month", "day", "late", "undated",
        ]  # fmt: skip

    def test_default_reverse(self) -> None:
        """Reversed: latest first, and undated articles still last."""
        assert [a.title for a in dated_corpus().sorted(reverse=True)] == [
            "late", "day", "month", "year", "undated",
        ]  # fmt: skip

    @laws
    @given(corpora(published=FEW_DATES), st.booleans())
    def test_stable_by_key(self, corpus: Corpus, reverse: bool) -> None:
        """Sorting by a key is stable, as Python's sorted is."""

        def key(article: Article) -> str:
            return article.published.label

        ordered = corpus.sorted(key, reverse=reverse)

        assert list(ordered) == sorted(corpus, key=key, reverse=reverse)

    @laws
    @given(corpora(published=FEW_DATES), st.booleans())
    def test_stable_by_default(self, corpus: Corpus, reverse: bool) -> None:
        """Articles of the same period keep their order; undated go last, in order."""
        dated = [a for a in corpus if a.published.range is not None]
        undated = [a for a in corpus if a.published.range is None]

        ordered = corpus.sorted(reverse=reverse)

        assert (
            list(ordered)
            == sorted(dated, key=lambda a: a.published.range or (), reverse=reverse)
            + undated
        )

    @laws
    @given(corpora(published=FEW_DATES))
    def test_permutation(self, corpus: Corpus) -> None:
        """Sorting neither adds nor drops articles, and is idempotent."""
        ordered = corpus.sorted()

        assert sorted(ordered.ids) == sorted(corpus.ids)
        assert ordered.sorted() == ordered


class TestEquality:
    @laws
    @given(corpora())
    def test_reflexive(self, corpus: Corpus) -> None:
        """A corpus equals a corpus of the same articles, built anew."""
        assert corpus == Corpus(list(corpus))
        assert corpus == corpus[:]

    def test_order_matters(self) -> None:
        """The same articles in another order make another corpus."""
        corpus = dated_corpus()

        assert corpus != Corpus(reversed(corpus.articles))
        assert corpus.sorted() != corpus

    @pytest.mark.parametrize(
        "change",
        [
            {"title": "other"},
            {"text": "other"},
            {"url": "https://example.org"},
            {"outlet": "Other"},
            {"authors": ("x",)},
            {"published": Published(None, datetime.date(2000, 1, 1), YEAR)},
            {"language": "en"},
            {"path": "p"},
            {"extra": {"k": None}},
        ],
    )
    def test_every_field_counts(self, change: dict[str, Any]) -> None:
        """Changing any field of any article makes the corpus different."""
        corpus = dated_corpus()
        changed = Corpus([corpus[0], corpus[1].replace(**change), *corpus[2:]])

        assert changed.ids == corpus.ids
        assert changed != corpus

    @laws
    @given(corpora(), corpora())
    def test_equal_means_same_articles(self, one: Corpus, other: Corpus) -> None:
        """Corpora are equal exactly when their articles are, in order."""
        assert (one == other) == (list(one) == list(other))

    def test_not_equal_to_a_list(self) -> None:
        """A corpus is not equal to a plain sequence of its articles."""
        corpus = dated_corpus()

        assert not _equal(corpus, list(corpus))
        assert not _equal(corpus, tuple(corpus))


class TestFiles:
    @pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
    def test_save_and_load(self, tmp_path: Path, suffix: str) -> None:
        """Corpus.save and Corpus.load round-trip through every format."""
        path = tmp_path / f"corpus{suffix}"

        dated_corpus().save(path)

        assert Corpus.load(path) == dated_corpus()

    def test_format_argument(self, tmp_path: Path) -> None:
        """format= overrides the suffix on both sides."""
        path = tmp_path / "corpus.txt"

        dated_corpus().save(path, format="csv")

        assert path.read_bytes().startswith(b"title,text,")
        assert Corpus.load(path, format="csv") == dated_corpus()


class TestExtractWorkers:
    """`Corpus.extract(workers=N)` is the CLI's ``--workers N`` in Python."""

    @pytest.mark.slow  # starts a process pool (~3 s)
    def test_same_findings_as_one_process(self) -> None:
        """Two workers find what one finds, in order, from the same articles.

        The corpus mixes the sample with articles where nothing is found, so
        the order of ``articles`` (every article, found in or not) is checked
        too.
        """
        import peacetalks as pt

        quiet = [Article(title=f"Quiet {n}", text="Delegations met.") for n in range(7)]
        corpus = Corpus([*quiet[:3], *pt.datasets.sample(), *quiet[3:]])
        serial = corpus.extract()
        parallel = corpus.extract(workers=2)
        assert parallel == serial
        assert list(parallel.articles) == list(serial.articles) == list(corpus.ids)
        assert len(serial.demands) > 0

    @pytest.mark.parametrize("workers", [0, -1, True, 1.5])
    def test_bad_workers(self, workers: Any) -> None:
        """A count that is not a positive integer is refused, naming it."""
        with pytest.raises((ValueError, TypeError), match="workers"):
            Corpus([Article(text="Talks.")]).extract(workers=workers)
