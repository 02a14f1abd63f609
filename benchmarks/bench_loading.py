"""Measure loading: speed and peak memory of streaming inputs.

Run on demand (not part of the tests):

    python benchmarks/bench_loading.py --jsonl-mb 200 --files 20000

It writes a JSON Lines corpus of about ``--jsonl-mb`` MB and a folder of
``--files`` plain-text articles into a temporary folder, then streams each
with `peacetalks.iter_articles` in a fresh process and prints MB/s,
articles/s and the peak resident memory of that process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "Russia",
    "Ukraine",
    "talks",
    "ceasefire",
    "security",
    "guarantees",
    "neutrality",
    "NATO",
    "troops",
    "Istanbul",
    "delegation",
    "proposal",
    "draft",
    "treaty",
    "negotiators",
    "said",
    "on",
    "Tuesday",
    "the",
    "Kremlin",
    "Kyiv",
    "spokesman",
    "officials",
    "sanctions",
    "prisoners",
    "exchange",
    "territory",
]


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))) + "."
        for _ in range(count)
    )


def make_jsonl(path: Path, megabytes: int) -> int:
    rng = random.Random(1)
    written = size = 0
    with path.open("w", encoding="utf-8") as handle:
        while size < megabytes * 1_000_000:
            for _ in range(1000):
                record = {
                    "headline": f"Talks {written}",
                    "body": _paragraphs(rng, 8),
                    "pub_date": "2022-03-29",
                    "link": f"https://example.org/{written}",
                }
                line = json.dumps(record) + "\n"
                handle.write(line)
                size += len(line)
                written += 1
    return written


def make_folder(folder: Path, files: int) -> None:
    rng = random.Random(2)
    for number in range(files):
        sub = folder / f"{number // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number}.txt").write_text(
            f"Talks resume, round {number}\n20220329\n"
            f"https://www.reuters.com/world/{number}\n{_paragraphs(rng, 6)}\n",
            encoding="utf-8",
        )


def _measure(source: str) -> None:
    """Run in a child process: stream ``source`` and print the numbers."""
    import peacetalks as pt

    started = time.perf_counter()
    count = chars = 0
    for article in pt.iter_articles(source, errors="collect"):
        count += 1
        chars += len(article.text)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": count,
                "text_mb": chars / 1e6,
                "seconds": seconds,
                "peak_mb": peak_mb,
            }
        )
    )


def run(source: Path, label: str) -> None:
    size = (
        sum(p.stat().st_size for p in source.rglob("*"))
        if source.is_dir()
        else source.stat().st_size
    )
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(source)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out)
    print(
        f"{label}: {result['articles']:,} articles, {size / 1e6:,.0f} MB on disk, "
        f"{result['seconds']:.1f} s, {size / 1e6 / result['seconds']:.1f} MB/s, "
        f"{result['articles'] / result['seconds']:,.0f} articles/s, "
        f"peak memory {result['peak_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jsonl-mb", type=int, default=200)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure)
        return
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp, "corpus.jsonl")
        make_jsonl(jsonl, args.jsonl_mb)
        run(jsonl, "JSON Lines (someone's records)")
        folder = Path(tmp, "folder")
        make_folder(folder, args.files)
        run(folder, "folder of plain-text files")


if __name__ == "__main__":
    main()
