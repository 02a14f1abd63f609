"""Benchmark `peacetalks.io.dedup.find_duplicates` on synthetic news.

Generates ``--n`` articles of 150 to 600 words drawn from a Zipf-like
vocabulary; a ``--dup-rate`` share of them are near copies of an earlier
article (another headline, a photo caption, a few words changed, an agency
credit).  Prints the throughput, the clusters found and how many planted
copies were recovered.

    PYTHONPATH=src python benchmarks/bench_dedup.py --n 20000
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Sequence

from peacetalks import Article
from peacetalks.io.dedup import _jaccard, _shingles, _words, find_duplicates

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles to generate")
    parser.add_argument("--dup-rate", type=float, default=0.05)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)

    articles, sources = generate(args.n, args.dup_rate, args.seed)
    words = sum(len(a.text.split()) for a in articles)
    started = time.perf_counter()
    clusters = find_duplicates(articles, threshold=args.threshold)
    elapsed = time.perf_counter() - started

    by_id = {a.id: a for a in articles}
    similar = sum(
        1
        for copy, source in sources.items()
        if _jaccard(
            _shingles(_words(by_id[copy].text)), _shingles(_words(by_id[source].text))
        )
        >= args.threshold
    )
    cluster_of = {i: number for number, c in enumerate(clusters) for i in c.ids}
    found = sum(
        1
        for copy, source in sources.items()
        if copy in cluster_of and cluster_of.get(source) == cluster_of[copy]
    )
    planted = {cluster_of.get(i) for pair in sources.items() for i in pair}
    spurious = sum(1 for number in range(len(clusters)) if number not in planted)
    print(
        f"articles:          {len(articles):,} ({words / len(articles):.0f} words avg)"
    )
    print(f"planted copies:    {len(sources):,}")
    print(f"  at or above threshold (exact Jaccard): {similar:,}")
    print(f"time:              {elapsed:.2f} s")
    print(f"throughput:        {len(articles) / elapsed:,.0f} articles/s")
    print(f"clusters found:    {len(clusters):,}")
    print(f"  members:         {sum(len(c.ids) for c in clusters):,}")
    print(f"copies recovered:  {found:,}")
    print(f"spurious clusters: {spurious:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
