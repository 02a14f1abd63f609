"""Benchmark `peacetalks.io.dedup.find_duplicates` on synthetic news.

Two cases, each in this process after the articles are made:

* ``news``: ``--n`` articles of 150 to 600 words drawn from a Zipf-like
  vocabulary; a ``--dup-rate`` share of them are near copies of an earlier
  article (another headline, a photo caption, a few words changed, an
  agency credit).  Prints the throughput, the clusters found and how many
  planted copies were recovered.
* ``short``: ``--short-n`` near-identical articles of about 100 bytes (one
  sentence, its words changed here and there, and a number), the input
  on which duplicate detection once grew with the square of the articles.

Each prints the time of `find_duplicates`, then runs it again under
`tracemalloc` (which slows it) for the peak memory it allocates beyond the
articles; ``--no-memory`` skips that second run.

    PYTHONPATH=src python benchmarks/bench_dedup.py --n 20000 --short-n 100000
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
import tracemalloc
from collections.abc import Callable, Sequence

from peacetalks import Article
from peacetalks.io.dedup import (
    DuplicateCluster,
    _shingle_strings,
    _words,
    find_duplicates,
)

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "an", "or", "el")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))))
    return sorted(words)


def generate(
    n: int, dup_rate: float, seed: int
) -> tuple[list[Article], dict[str, str]]:
    """Return the articles and, for each planted copy, the id of its source."""
    rng = random.Random(seed)
    words = vocabulary(20_000, rng)
    weights = list(itertools.accumulate(1.0 / rank for rank in range(1, len(words))))
    articles: list[Article] = []
    sources: dict[str, str] = {}
    for number in range(n):
        if articles and rng.random() < dup_rate:
            source = rng.choice(articles)
            body = source.text.split(" ")
            for _ in range(rng.randint(0, max(1, len(body) // 60))):
                body[rng.randrange(len(body))] = rng.choice(words)
            caption = " ".join(rng.choices(words, k=8))
            text = f"Photo: {caption}\n\n{' '.join(body)}\n\n(Reporting by the desk)"
            copy = Article(title=f"copy {number}", text=text, id=f"a{number}")
            sources[copy.id] = source.id
            articles.append(copy)
            continue
        length = rng.randint(150, 600)
        body = rng.choices(words[:-1], cum_weights=weights, k=length)
        articles.append(
            Article(title=f"story {number}", text=" ".join(body), id=f"a{number}")
        )
    return articles, sources


#: The sentence every short article varies.
SENTENCE = (
    "Negotiators met again in Istanbul on Tuesday and said the ceasefire talks "
    "had made some progress"
)


def generate_short(n: int, seed: int) -> list[Article]:
    """``n`` one-sentence articles, each with a word or two changed, numbered."""
    rng = random.Random(seed)
    swaps = ("Geneva", "Wednesday", "truce", "little", "no", "officials", "Ankara")
    articles = []
    for number in range(n):
        words = SENTENCE.split()
        for _ in range(rng.randint(1, 2)):
            words[rng.randrange(len(words))] = rng.choice(swaps)
        text = f"{' '.join(words)}, report {number}."
        articles.append(Article(title=f"brief {number}", text=text, id=f"s{number}"))
    return articles


def exact_jaccard(a: str, b: str) -> float:
    """The Jaccard similarity of two texts' 5-word shingle sets, as strings."""
    first = set(_shingle_strings(_words(a)))
    second = set(_shingle_strings(_words(b)))
    return len(first & second) / len(first | second) if first | second else 1.0


def measured(
    run: Callable[[], list[DuplicateCluster]], *, memory: bool
) -> tuple[list[DuplicateCluster], float, str]:
    """Run ``run`` for its time, then again under `tracemalloc` for its memory."""
    started = time.perf_counter()
    clusters = run()
    elapsed = time.perf_counter() - started
    if not memory:
        return clusters, elapsed, "not measured"
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return clusters, elapsed, f"{peak / 1e6:,.1f} MB (tracemalloc)"


def bench_news(args: argparse.Namespace) -> None:
    articles, sources = generate(args.n, args.dup_rate, args.seed)
    words = sum(len(a.text.split()) for a in articles)
    clusters, elapsed, memory = measured(
        lambda: find_duplicates(articles, threshold=args.threshold), memory=args.memory
    )

    by_id = {a.id: a for a in articles}
    similar = sum(
        1
        for copy, source in sources.items()
        if exact_jaccard(by_id[copy].text, by_id[source].text) >= args.threshold
    )
    cluster_of = {i: number for number, c in enumerate(clusters) for i in c.ids}
    found = sum(
        1
        for copy, source in sources.items()
        if copy in cluster_of and cluster_of.get(source) == cluster_of[copy]
    )
    planted = {cluster_of.get(i) for pair in sources.items() for i in pair}
    spurious = sum(1 for number in range(len(clusters)) if number not in planted)
    print("news")
    print(
        f"articles:          {len(articles):,} ({words / len(articles):.0f} words avg)"
    )
    print(f"planted copies:    {len(sources):,}")
    print(f"  at or above threshold (exact Jaccard): {similar:,}")
    print(f"time:              {elapsed:.2f} s")
    print(f"throughput:        {len(articles) / elapsed:,.0f} articles/s")
    print(f"peak memory:       {memory}")
    print(f"clusters found:    {len(clusters):,}")
    print(f"  members:         {sum(len(c.ids) for c in clusters):,}")
    print(f"copies recovered:  {found:,}")
    print(f"spurious clusters: {spurious:,}")


def bench_short(args: argparse.Namespace) -> None:
    articles = generate_short(args.short_n, args.seed)
    size = sum(len(a.text.encode()) for a in articles) / len(articles)
    clusters, elapsed, memory = measured(
        lambda: find_duplicates(articles, threshold=args.threshold), memory=args.memory
    )
    print("short")
    print(f"articles:          {len(articles):,} ({size:.0f} bytes avg)")
    print(f"time:              {elapsed:.2f} s")
    print(f"throughput:        {len(articles) / elapsed:,.0f} articles/s")
    print(f"peak memory:       {memory}")
    print(f"clusters found:    {len(clusters):,}")
    print(f"  members:         {sum(len(c.ids) for c in clusters):,}")
    print(f"  largest:         {max((len(c.ids) for c in clusters), default=0):,}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("all", "news", "short"), default="all")
    parser.add_argument("--n", type=int, default=20_000, help="news articles")
    parser.add_argument("--dup-rate", type=float, default=0.05)
    parser.add_argument(
        "--short-n", type=int, default=100_000, help="short near-identical articles"
    )
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="do not run again to measure the peak memory",
    )
    args = parser.parse_args(argv)
    if args.case in ("all", "news"):
        bench_news(args)
    if args.case == "all":
        print()
    if args.case in ("all", "short"):
        bench_short(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
