"""Duplicate detection and loading stay linear on large and hostile inputs.

Growth is measured, never time:

* **Work.**  `find_duplicates` runs on ``n`` and on ``4 * n`` articles under
  `sys.setprofile`, which counts every Python-level and C-level call; a
  bucket of texts compared pair by pair makes the count grow ~16-fold
  instead of ~4-fold.  The comparisons themselves (`_similarity`) are
  counted too.
* **Memory.**  `tracemalloc` measures the peak of the same runs, and of
  one long text: the memory duplicate detection takes for an article does
  not grow with the article, and loading a single-line text takes a small,
  fixed number of copies of it.

The corpora are short near-identical articles (one sentence varied), the
input on which LSH buckets degenerate: every text shares most of its bands
with every other.
"""

from __future__ import annotations

import hashlib
import random
import sys
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks import Article
from peacetalks.io import dedup
from peacetalks.io import text as text_module
from peacetalks.io.clean import clean_text
from peacetalks.io.dedup import DuplicateCluster, find_duplicates
from peacetalks.model import content_id
from tests import oracles

SENTENCE = (
    "Negotiators met again in Istanbul on Tuesday and said the ceasefire talks "
    "had made some progress"
)

SWAPS = ("Geneva", "Wednesday", "truce", "little", "no", "officials", "Ankara")


def briefs(n: int, kind: str) -> list[Article]:
    """``n`` one-sentence articles that differ a little, deterministically.

    * ``"numbered"``: the sentence and a number: all near copies, so every
      band of every text is one bucket.
    * ``"inserted"``: a number put in the middle: about 0.4 similar to
      each other, so they share bands but are never duplicates.
    * ``"mixed"``: a word or two swapped and a number: some near copies,
      some not, in buckets of every size.
    """
    rng = random.Random(n)
    articles = []
    for number in range(n):
        words = SENTENCE.split()
        if kind == "inserted":
            words.insert(len(words) // 2, str(number))
        else:
            if kind == "mixed":
                for _ in range(rng.randint(1, 2)):
                    words[rng.randrange(len(words))] = rng.choice(SWAPS)
            words.append(f"report {number}")
        articles.append(Article(title=f"brief {number}", text=" ".join(words)))
    return articles


def _calls(function: Callable[[], object]) -> int:
    """How many Python and C functions ``function()`` calls."""
    count = 0

    def profile(_frame: object, event: str, _argument: object) -> None:
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


def _peak_memory(function: Callable[[], object]) -> int:
    """The most memory ``function()`` holds at once, in bytes."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _comparisons(monkeypatch: pytest.MonkeyPatch, articles: list[Article]) -> int:
    """How many pairs of texts `find_duplicates` compares."""
    count = 0
    similarity = dedup._similarity

    def counted(a: Any, b: Any) -> float:
        nonlocal count
        count += 1
        return similarity(a, b)

    monkeypatch.setattr(dedup, "_similarity", counted)
    find_duplicates(articles)
    monkeypatch.undo()
    return count


def _partition(clusters: list[DuplicateCluster]) -> set[Any]:
    return {(cluster.ids, cluster.kind, cluster.similarity) for cluster in clusters}


KINDS = ("numbered", "inserted", "mixed")


class TestManyShortArticles:
    """Near-identical short articles: work and memory grow linearly."""

    @pytest.mark.parametrize("kind", ["numbered", "inserted"])
    def test_four_times_the_articles_at_most_about_four_times_the_work(
        self, kind: str
    ) -> None:
        """Quadrupling the articles at most ~quadruples the calls made.

        Before, every pair of a bucket was looked at: 200 near copies cost
        about 2.9 million calls and 800 about 44 million.
        """
        small, large = briefs(200, kind), briefs(800, kind)
        find_duplicates(small)  # compile and cache what the first run does

        assert _calls(lambda: find_duplicates(large)) <= 5 * _calls(
            lambda: find_duplicates(small)
        )

    def test_comparisons_grow_linearly(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each text is compared with at most ``_WINDOW`` others a band.

        Inserted-number briefs share bands without being alike; before, each
        was compared with every other of its buckets: 1,000 of them took
        about 60,000 comparisons and 4,000 about 970,000.
        """
        small = _comparisons(monkeypatch, briefs(1000, "inserted"))
        large = _comparisons(monkeypatch, briefs(4000, "inserted"))

        assert large <= 5 * small, (small, large)
        assert large <= 4000 * dedup._bands(0.8)[0] * dedup._WINDOW

    @pytest.mark.slow  # several seconds: scale and process checks run with -m slow
    @pytest.mark.parametrize("kind", ["inserted", "mixed"])
    def test_four_times_the_articles_at_most_about_four_times_the_memory(
        self, kind: str
    ) -> None:
        """The memory of finding duplicates grows with the articles, no faster.

        Before, the rejected pairs of inserted-number briefs were all
        remembered: 4 times the briefs took about 12 times the memory.
        """
        small, large = briefs(500, kind), briefs(2000, kind)
        find_duplicates(small)

        assert _peak_memory(lambda: find_duplicates(large)) <= 5 * _peak_memory(
            lambda: find_duplicates(small)
        )

    def test_near_copies_form_one_cluster(self) -> None:
        """A thousand numbered copies of one sentence are one near cluster."""
        articles = briefs(1000, "numbered")

        [cluster] = find_duplicates(articles)

        assert cluster.ids == tuple(a.id for a in articles)
        assert cluster.kind == "near"

    @pytest.mark.parametrize("kind", KINDS)
    def test_same_clusters_as_comparing_every_pair(
        self, kind: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Bounding the comparisons in a bucket changes no cluster here.

        With a window as large as the corpus every pair of a bucket is
        compared, as before; the mixed briefs have buckets of dozens.
        """
        articles = briefs(400, kind)
        bounded = find_duplicates(articles)
        monkeypatch.setattr(dedup, "_WINDOW", len(articles))

        assert _partition(find_duplicates(articles)) == _partition(bounded)

    def test_the_bound_only_leaves_links_out(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each cluster found with a small window lies within a full one."""
        articles = briefs(600, "mixed")
        monkeypatch.setattr(dedup, "_WINDOW", len(articles))
        full = find_duplicates(articles, threshold=0.5)
        monkeypatch.setattr(dedup, "_WINDOW", 1)

        bounded = find_duplicates(articles, threshold=0.5)

        assert bounded != full  # the window of 1 did leave links out
        for cluster in bounded:
            assert any(set(cluster.ids) <= set(c.ids) for c in full)

    def test_input_order_does_not_matter(self) -> None:
        """Large buckets are walked in an order the input's order does not set."""
        articles = briefs(400, "mixed")
        shuffled = list(articles)
        random.Random(7).shuffle(shuffled)

        def as_sets(clusters: list[DuplicateCluster]) -> set[Any]:
            return {(frozenset(c.ids), c.kind) for c in clusters}

        assert as_sets(find_duplicates(shuffled)) == as_sets(find_duplicates(articles))


# -- one long text ---------------------------------------------------------------


def _prose(words: int, seed: int = 0) -> str:
    """Text of ``words`` words with sentence ends, from a small vocabulary."""
    rng = random.Random(seed)
    vocabulary = [*SENTENCE.split(), *SWAPS, "Kyiv", "Moscow", "guarantees", "Crimea"]
    return " ".join(
        f"{word}." if rng.random() < 0.07 else word
        for word in rng.choices(vocabulary, k=words)
    )


@pytest.mark.slow  # several seconds: scale and process checks run with -m slow
class TestOneLongText:
    """The memory duplicate detection takes for a text does not grow with it."""

    def test_memory_of_a_long_text_is_bounded(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A text is normalised and hashed a chunk at a time.

        Before, all of a text's words and shingle hashes were held at once:
        about 25 times the text.
        """
        monkeypatch.setattr(dedup, "_CHUNK", 4096)
        short = Article(text=_prose(20_000))
        long = Article(text=_prose(80_000))
        find_duplicates([short])

        small = _peak_memory(lambda: find_duplicates([short]))
        large = _peak_memory(lambda: find_duplicates([long]))

        assert large <= 1.5 * small, (small, large)
        assert large < len(long.text) / 2

    def test_long_near_copies_are_compared_within_bounded_memory(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Two long near copies are confirmed from sketches, not whole sets."""
        monkeypatch.setattr(dedup, "_CHUNK", 4096)
        monkeypatch.setattr(dedup, "_SKETCH", 512)

        def copies(words: int) -> list[Article]:
            text = _prose(words)
            copy = f"Photo: the delegations. {text} (Reporting by the desk)"
            return [Article(title="wire", text=text), Article(title="copy", text=copy)]

        short, long = copies(20_000), copies(80_000)
        find_duplicates(short)

        small = _peak_memory(lambda: find_duplicates(short))
        large = _peak_memory(lambda: find_duplicates(long))

        [cluster] = find_duplicates(long)
        assert cluster.kind == "near"
        assert large <= 1.5 * small, (small, large)
        assert large < len(long[0].text) / 2


# -- sketches and chunks ----------------------------------------------------------


def _exact_jaccard(a: str, b: str) -> float:
    first = set(dedup._shingle_strings(dedup._words(a)))
    second = set(dedup._shingle_strings(dedup._words(b)))
    union = first | second
    return len(first & second) / len(union) if union else 1.0


#: Pieces of text that NFKC and case folding change, join or split.
PIECES = (
    "a",
    "B",
    "ß",
    "é",
    "e\u0301",
    "\u0301",
    "\u0345",
    "ﬁ",
    "\u2460",
    "\uac00",
    "\u1100",
    "\u1161",
    "\u11a8",
    " ",
    "\u00a0",
    "\n",
    "\u3000",
    ".",
    "-",
    "7",
    "\u0660",
)

#: Text in which NFKC and case folding have work to do at chunk boundaries.
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text()


#: Words of the sentence, drawn to make texts that share shingles.
some_words = st.sampled_from(SENTENCE.split()[:8])


class TestChunksAndSketches:
    @settings(max_examples=200)
    @given(texts, st.integers(1, 12))
    def test_chunked_words_are_the_words(self, text: str, chunk: int) -> None:
        """Normalising a chunk at a time gives the words of the whole text."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dedup, "_CHUNK", chunk)
            chunked = [word for words in dedup._word_chunks(text) for word in words]

        assert chunked == dedup._words(text)

    @given(st.lists(some_words, max_size=40), st.integers(1, 30))
    def test_fingerprint_does_not_depend_on_the_chunks(
        self, words: list[str], chunk: int
    ) -> None:
        """A text's hash, signature and sketch do not depend on the chunk size."""
        text = " ".join(words)
        whole = dedup._fingerprint(text), dedup._sketch(text)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dedup, "_CHUNK", chunk)

            assert (dedup._fingerprint(text), dedup._sketch(text)) == whole

    @given(
        st.lists(some_words, max_size=30),
        st.lists(some_words, max_size=30),
    )
    def test_similarity_is_exact_below_the_sketch_size(
        self, first: list[str], second: list[str]
    ) -> None:
        """Texts of fewer shingles than a sketch holds are compared exactly."""
        a, b = " ".join(first), " ".join(second)

        assert dedup._similarity(dedup._sketch(a), dedup._sketch(b)) == (
            _exact_jaccard(a, b)
        )

    @pytest.mark.parametrize("changed", [0.0, 0.1, 0.3, 0.6])
    def test_long_texts_are_sampled_all_through(
        self, changed: float, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A sketch samples shingles from the whole text, not from its start.

        The second text differs from the first only in its last ``changed``
        share of words; the estimate from 256 hashes each is within 0.1 of
        the exact similarity, and far from 1 when much has changed.
        """
        monkeypatch.setattr(dedup, "_SKETCH", 256)
        words = _prose(6000, seed=1).split()
        keep = int(len(words) * (1 - changed))
        other = [*words[:keep], *_prose(len(words) - keep, seed=2).split()]
        a, b = " ".join(words), " ".join(other)
        sketches = dedup._sketch(a), dedup._sketch(b)

        assert not sketches[0].complete
        assert dedup._similarity(*sketches) == pytest.approx(
            _exact_jaccard(a, b), abs=0.1
        )


# -- loading one large text ---------------------------------------------------------


#: Lines that cleaning removes, keeps, or keeps as blank.
LINE_PIECES = (
    "Talks resumed in Istanbul.",
    "Share this article",
    "ADVERTISEMENT",
    "Photo: Getty Images",
    "  ",
    "\t",
    "",
    "\u2003",
    "Both sides said progress was made.  ",
)

#: Texts of such lines, with every kind of line break, a byte-order mark.
texts_of_lines = st.builds(
    lambda bom, pieces, breaks, tail: (
        bom + "".join(p + b for p, b in zip(pieces, breaks, strict=False)) + tail
    ),
    st.sampled_from(["", "\ufeff"]),
    st.lists(st.sampled_from(LINE_PIECES), max_size=12),
    st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), min_size=12),
    st.sampled_from(["", "tail", "  "]),
)


class TestLinesOnDemand:
    """Lines kept as offsets and spans give what whole lists of lines gave."""

    @given(texts_of_lines | st.text())
    def test_lines(self, text: str) -> None:
        """The lines of a text are those the old list held."""
        lines = text_module._Lines(text)

        assert [(line.start, line.end, line.text) for line in lines] == (
            oracles.split_lines(text)
        )
        assert [line.text for line in lines[1:3]] == [
            text for _, _, text in oracles.split_lines(text)[1:3]
        ]

    @settings(max_examples=300)
    @given(texts_of_lines | st.text())
    def test_clean_text(self, text: str) -> None:
        """Cleaning keeps and removes exactly what it did."""
        assert clean_text(text) == oracles.clean_text(text)

    @given(texts_of_lines)
    def test_parse_text(self, text: str) -> None:
        """The text of a draft is the body's span, stripped."""
        draft = text_module.parse_text(text)

        assert draft.text == draft.text.strip()
        assert draft.text in text


@given(st.text(max_size=30), st.text(max_size=60), st.integers(1, 7))
def test_content_id_does_not_depend_on_the_pieces(
    title: str, text: str, piece: int
) -> None:
    """An id hashed a piece at a time is the id of the whole text."""
    payload = "\x1f".join(unicodedata.normalize("NFC", s) for s in (title, text))
    whole = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pt.model, "_ID_PIECE", piece)

        assert content_id(title, text) == whole


#: Single-line files: after the prose, a line break, spaces and a line
#: break (stripped into a copy of their own), or a curly quote and a line
#: break (two bytes a character in Python).
ENDINGS = {"ascii": "\n", "spaces": "  \n", "non-ascii": "\u2019\n"}


def _one_line(path: Path, size: int, ending: str) -> Path:
    """A file of one line of about ``size`` bytes of prose, then ``ending``."""
    path.write_text(_prose(size // 6)[:size] + ending, encoding="utf-8")
    return path


def _copies(function: Callable[[], list[Article]]) -> float:
    """The peak memory of loading one article, in copies of its text."""
    articles: list[Article] = []
    peak = _peak_memory(lambda: articles.extend(function()))
    [article] = articles
    return peak / sys.getsizeof(article.text)


#: Copies of a single-line text held at once while loading it: the file's
#: text, its line and the line stripped (see docs/scale.md).
LOADING_COPIES = 3.1


class TestLoadingOneLargeText:
    """A single-line text is loaded holding a few copies of it, no more."""

    @pytest.mark.parametrize("ending", ENDINGS.values(), ids=list(ENDINGS))
    def test_iter_articles(self, tmp_path: Path, ending: str) -> None:
        """Reading, decoding, parsing and cleaning hold three copies at most.

        Before, the file's text, its line, the article's text and the UTF-8
        of its id could be held at once: four copies and more.
        """
        path = _one_line(tmp_path / "line.txt", 1_000_000, ending)

        assert _copies(lambda: list(pt.iter_articles(path))) <= LOADING_COPIES

    @pytest.mark.slow
    @pytest.mark.parametrize("ending", ENDINGS.values(), ids=list(ENDINGS))
    def test_iter_articles_8_mb(self, tmp_path: Path, ending: str) -> None:
        """The same on 8 MB, the size docs/scale.md reports."""
        path = _one_line(tmp_path / "line.txt", 8_000_000, ending)

        assert _copies(lambda: list(pt.iter_articles(path))) <= LOADING_COPIES

    @pytest.mark.slow
    def test_load_4_mb(self, tmp_path: Path) -> None:
        """`pt.load` adds duplicate detection and no copy of the text.

        Before, duplicate detection held all the text's words and shingle
        hashes at once: 4 MB took about 100 MB, 25 copies.
        """
        path = _one_line(tmp_path / "line.txt", 4_000_000, "\n")

        assert _copies(lambda: list(pt.load(path))) <= LOADING_COPIES
