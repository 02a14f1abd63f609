"""Tests for `peacetalks.parallel.extract_stream`: one process or many, same output.

Each call with ``workers`` above 1 starts a pool of fresh interpreters
(about a second), so the properties here run few examples.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Article, Lexicon, RuleExtractor
from peacetalks.extract.sentences import split_sentences
from peacetalks.parallel import extract_stream

# Process pools in most tests (run with -m slow).
pytestmark = pytest.mark.slow

GAZA = Lexicon.from_toml(Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml")

#: Sentences that carry positions and demands: the sample's own.
SENTENCES = sorted(
    {s.text for a in pt.datasets.sample() for s in split_sentences(a.text)}
)

#: Sentences of other shapes: figures that are not proposals, Gaza talks.
EXTRA = [
    "Hamas demanded a permanent ceasefire and the release of 1,000 prisoners.",
    "Israel offered a 42-day truce, Egyptian mediators said on Tuesday.",
    "Russia wants to cap Ukraine's army at 85,000 troops.",
    "At least 12 people were killed in the strike, officials said.",
    "",
    '"We will never accept neutrality," Zelensky said.',
]


@st.composite
def news(draw: st.DrawFn) -> Article:
    """An article made of sentences from real coverage, in any order."""
    chosen = draw(st.lists(st.sampled_from(SENTENCES + EXTRA), min_size=0, max_size=12))
    title = draw(st.text(max_size=20))
    return Article(title=title, text=" ".join(chosen), path=draw(st.none() | st.text()))


def _serial(
    articles: Iterable[Article], extractor: RuleExtractor
) -> list[tuple[Article, list[pt.Finding]]]:
    return [(article, extractor.extract(article)) for article in articles]


class TestSameAsSerial:
    def test_sample(self) -> None:
        """Two workers, any chunk size: the sample's findings, in order."""
        articles = list(pt.datasets.sample())
        expected = _serial(articles, RuleExtractor())

        got = list(extract_stream(articles, workers=2, chunksize=2))

        assert got == expected
        assert all(a is b for (a, _), b in zip(got, articles, strict=True))
        assert multiprocessing.active_children() == []

    def test_serial_is_extract(self) -> None:
        """With one worker, each article's findings are `RuleExtractor.extract`'s."""
        articles = list(pt.datasets.sample())

        assert list(extract_stream(articles)) == _serial(articles, RuleExtractor())

    @settings(
        max_examples=4,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        articles=st.lists(news(), max_size=14),
        workers=st.integers(2, 3),
        chunksize=st.integers(1, 5),
        gaza=st.booleans(),
    )
    def test_generated(
        self, articles: list[Article], workers: int, chunksize: int, gaza: bool
    ) -> None:
        """Any articles, workers, chunk size and lexicon: the serial output."""
        lexicon = GAZA if gaza else None
        expected = _serial(articles, RuleExtractor(lexicon))

        got = list(
            extract_stream(
                articles, workers=workers, chunksize=chunksize, lexicon=lexicon
            )
        )

        assert got == expected


class _Counted:
    """An iterator of articles that counts how many were taken."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = iter(articles)
        self.taken = 0

    def __iter__(self) -> Iterator[Article]:
        return self

    def __next__(self) -> Article:
        article = next(self._articles)
        self.taken += 1
        return article


def _endless() -> Iterator[Article]:
    number = 0
    while True:
        yield Article(title=f"Talks, day {number}", text="Nothing was agreed.")
        number += 1


class TestLazy:
    @pytest.mark.parametrize("workers", [1, 2])
    def test_reads_a_bounded_way_ahead(self, workers: int) -> None:
        """An endless input is read at most a few chunks ahead of the output."""
        source = _Counted(_endless())
        stream = extract_stream(source, workers=workers, chunksize=3)
        ahead = []
        for done, (article, found) in enumerate(stream, start=1):
            assert found == []
            assert article.title == f"Talks, day {done - 1}"
            ahead.append(source.taken - done)
            if done == 50:
                break
        stream.close()

        # Two chunks a worker in flight, plus the chunk being filled.
        assert max(ahead) <= 2 * workers * 3 + 3
        assert source.taken < 50 + 2 * workers * 3 + 3
        assert multiprocessing.active_children() == []


def _broken(title: str) -> Article:
    """An article whose text is not text (the frozen class bypassed)."""
    article = Article(title=title, text="Talks resumed.")
    object.__setattr__(article, "text", 42)  # what a buggy reader might do
    return article


class TestErrors:
    def test_worker_error_is_the_serial_error(self) -> None:
        """A failure in a worker surfaces as the serial run's exception."""
        articles = [Article(title=str(n), text="Talks resumed.") for n in range(7)]
        articles[5] = _broken("five")
        with pytest.raises(Exception) as serial:  # noqa: PT011 -- any type, compared below
            list(extract_stream(articles))

        seen: list[str] = []

        def read_all() -> None:
            for article, _ in extract_stream(articles, workers=2, chunksize=2):
                seen.append(article.title)

        with pytest.raises(serial.type) as parallel:
            read_all()

        assert str(parallel.value) == str(serial.value)
        assert seen == ["0", "1", "2", "3"]  # everything before the bad chunk
        assert multiprocessing.active_children() == []

    @pytest.mark.parametrize(
        ("option", "value"),
        [("workers", 0), ("workers", -2), ("workers", True), ("chunksize", 0)],
    )
    def test_bad_counts(self, option: str, value: object) -> None:
        """Workers and chunk size must be positive integers."""
        with pytest.raises(ValueError, match=f"'{option}' must be a positive"):
            next(extract_stream([], **{option: value}))  # type: ignore[arg-type]  # a bad value on purpose

    def test_extractor_and_other_lexicon(self) -> None:
        """An extractor and a different lexicon cannot both be given."""
        with pytest.raises(ValueError, match="not both"):
            next(extract_stream([], extractor=RuleExtractor(), lexicon=GAZA))

    def test_extractor_is_used(self) -> None:
        """A given extractor reads the articles (serially, itself)."""

        class Counting(RuleExtractor):
            calls = 0

            def extract(self, article: Article) -> list[pt.Finding]:
                self.calls += 1
                return super().extract(article)

        extractor = Counting()
        list(extract_stream(pt.datasets.sample(), extractor=extractor))

        assert extractor.calls == 5


class _Big:
    """A factory of the rule engine whose pickle is far past a pipe's 64 KiB."""

    def __init__(self) -> None:
        self.ballast = "x" * 1_000_000

    def __call__(self) -> RuleExtractor:
        return RuleExtractor()


class TestShipping:
    """The extractor reaches workers through a private file, not start-up data.

    A spawned worker reads its start-up data from a pipe that the parent
    writes while it submits work; with the pickled extractor in it (a
    lexicon and its grammar pass 64 KiB), a worker stopped before reading
    it blocked the parent in that write, out of the watchdog's reach
    (`tests/test_stream_bounds.py::TestStoppedWorker` hung about one run in
    four).
    """

    def test_start_up_data_is_a_path_and_the_file_goes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen: list[tuple[Path, bytes, int]] = []
        real = concurrent.futures.ProcessPoolExecutor

        def spy(**kwargs: Any) -> concurrent.futures.ProcessPoolExecutor:
            (path,) = kwargs["initargs"]
            size = len(pickle.dumps(kwargs["initargs"]))
            seen.append((Path(path), Path(path).read_bytes(), size))
            return real(**kwargs)

        monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
        sample = pt.datasets.sample()
        found = list(
            extract_stream(sample, extractor=_Big(), workers=2, start_method="fork")
        )

        assert [article for article, _ in found] == list(sample)
        ((path, shipped, size),) = seen
        assert size < 1024
        assert len(shipped) > 1_000_000
        assert not path.exists()
        assert not path.parent.exists()
