"""Measure extraction: MB/s of article text through load + extract.

Run on demand (not part of the tests):

    PYTHONPATH=src python benchmarks/bench_extract.py --mb 50

It generates a corpus of about ``--mb`` MB of article text about peace
talks: the sentences of the bundled sample articles, with their numbers,
years and name spellings varied, mixed with templated sentences that vary
actors, speakers, places, issues and figures (proposed caps, ceasefire
lengths, exchanges, and the numbers that are not proposals: casualties,
dates, years, aid totals, the troops a side has now).  It writes the corpus
as a peacetalks JSON Lines file (``--format jsonl``), someone else's JSON
Lines records (``--format records``) or a folder of plain-text files
(``--format folder``), then measures, each in a fresh process:

* **load**: stream the file with `peacetalks.iter_articles`;
* **extract**: `Extractor.extract` on every article, already in memory
  (one `Extractor`, built before the clock starts);
* **load + extract**: both, streaming, as a user's loop would;
* **stream**: `peacetalks.extract_stream` over `iter_articles`, once for
  each number of processes in ``--workers`` (default ``1,2``): the
  ``workers`` column; with more than one, the pool's start-up is timed
  too, and the peak RSS is the largest of this process and one worker.
  The CPU seconds of all processes are printed below the table: on a busy
  machine they show the cost of the workers where the wall clock cannot;
* where the extraction time goes: `split_sentences`, `Extractor.demands`
  and `Extractor.positions` alone (each splits the text itself);
* **find_quantities** and **quantulum3** on the same subsample of
  ``--quantulum-mb`` MB (quantulum3 is slow).

``--phases`` picks some of these (``load,both`` for a quick run).

MB are millions of UTF-8 bytes of ``article.text``.  quantulum3 is not a
dependency of peacetalks; install it with ``pip install quantulum3`` to get
its row (the benchmark runs without it).  Its one-off start-up (loading its
unit tables) is done before its clock starts.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

import peacetalks as pt
from peacetalks.extract.pipeline import RuleExtractor, resolve_extractor
from peacetalks.extract.sentences import split_sentences
from peacetalks.io.native import write_jsonl

# -- the corpus ----------------------------------------------------------------

PARTIES = (
    "Russia",
    "Moscow",
    "the Kremlin",
    "Ukraine",
    "Kyiv",
    "Kiev",
    "the United States",
    "Washington",
    "the Trump administration",
    "Turkey",
    "European leaders",
    "the European Union",
    "Britain",
    "France",
    "Germany",
)
SPEAKERS = (
    "Vladimir Putin",
    "Sergei Lavrov",
    "Dmitry Peskov",
    "Vladimir Medinsky",
    "Volodymyr Zelensky",
    "Volodymyr Zelenskyy",
    "Mykhailo Podolyak",
    "Mykhailo Podoliak",
    "Oleksiy Arestovych",
    "Donald Trump",
    "Recep Tayyip Erdogan",
    "Ibrahim Kalin",
    "Linda Thomas-Greenfield",
)
ANALYSTS = ("Rebekah Koffler", "Tatiana Stanovaya", "a Western diplomat")
PLACES = ("Istanbul", "Riyadh", "Geneva", "Minsk", "Abu Dhabi", "Jeddah", "Belarus")
ISSUES = (
    "neutrality",
    "NATO membership",
    "security guarantees",
    "the status of Crimea",
    "the Donbas",
    "a ceasefire",
    "sanctions relief",
    "the exchange of prisoners",
    "humanitarian corridors",
    "the Zaporizhzhia nuclear plant",
    "frozen Russian assets",
    "elections in Ukraine",
    "reparations",
    "the size of Ukraine's army",
)
VERBS = ("demanded", "proposed", "insisted on", "wants", "offered", "called for")
SAID = ("said", "told reporters", "said on Tuesday", "told Reuters", "wrote")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday")
WEAPONS = ("tanks", "armored vehicles", "artillery pieces", "combat aircraft")
OUTLETS = ("Reuters", "Fox News", "CNN", "Bloomberg", "Antiwar.com", "The Guardian")

# Sentences with figures, as news writes them.  {n} slots are filled by
# `_number`; the rest from the tuples above.
TEMPLATES = (
    # proposals (demands)
    (
        "{party} demanded to limit the number of Ukrainian armed forces to {troops} "
        "soldiers and {small} tanks, while {party2} wanted an army of {troops2} people."
    ),
    (
        "According to the draft, {party} proposed capping Ukraine's army at {troops} "
        "troops and the range of its missiles at {km} kilometers."
    ),
    (
        "{speaker} {said} that {party} was ready to agree to a {days}-day ceasefire "
        "if {party2} stopped its strikes on energy infrastructure."
    ),
    (
        "Under the plan, a reassurance force of up to {thousands} troops would be "
        "deployed away from the front line."
    ),
    (
        "The {party} proposal envisages a demilitarized zone {km} miles wide along "
        "the line of contact."
    ),
    "{party} insists that elections be held within {days} days of a ceasefire.",
    "{party2} offered security guarantees for {years} years, {speaker} {said}.",
    "The two sides agreed an exchange of {small} for {small} prisoners of war.",
    "{party} wants ${small}bn of frozen Russian assets to pay for reconstruction.",
    (
        "The plan would cap Ukraine's armed forces at {troops} and bar {weapons} with "
        "a range of more than {km} km."
    ),
    (
        "{speaker} {said} {party} would accept no more than {thousands} foreign "
        "troops on Ukrainian soil."
    ),
    (
        "The Europeans' counter-proposal sets a peacetime ceiling of {troops} "
        "for Ukraine's army."
    ),
    # numbers that are not proposals
    (
        "The United Nations said on {weekday} it had recorded {thousands} civilian "
        "casualties in Ukraine since Russia invaded on February 24, 2022."
    ),
    (
        "At least {small} people were killed and {small2} wounded in the strike on "
        "{place}, officials said."
    ),
    (
        "Since {month} {year}, the country has received tens of billions of dollars "
        "in military aid from the United States and Europe."
    ),
    (
        "The United States has provided more than ${small} billion in security "
        "assistance since the start of the full-scale invasion in 2022."
    ),
    (
        "Russia has massed about {troops} troops near {place}, according to "
        "Ukrainian intelligence."
    ),
    (
        "Russia controls about {pct}% of Ukraine's territory, including Crimea, "
        "which it annexed in 2014."
    ),
    "The talks in {place} on {month} {day}, {year}, lasted {small} hours.",
    (
        "More than {millions} million Ukrainians have fled the country since "
        "{month} {year}, the UN refugee agency said."
    ),
    (
        "Delegations met for {small} rounds of talks between {month} and {month2} "
        "{year}."
    ),
    "{analyst} {said} that the {year} talks had failed over {issue}.",
    "{speaker} spoke by phone with {speaker2} for {small} minutes on {weekday}.",
    "The economy shrank by {pct}% in {year}, the central bank said.",
    (
        "About {thousands} people lived in the city before the war, and fewer than "
        "{thousands2} remain."
    ),
    # words, no figures
    "{party} {verb} {issue} as a condition for any deal, {speaker} {said}.",
    "{party2} rejected the demand for {issue}, calling it a non-starter.",
    "{analyst} said {party} was using the negotiations to buy time.",
    "Officials in {place} said the next round would focus on {issue} and {issue2}.",
    '"We will never accept {issue}," {speaker} {said}.',
    "The Kremlin did not respond to a request for comment.",
    "{speaker} {said} the talks had made progress on {issue}, but not on {issue2}.",
    "Get the latest updates from the campaign trail and more {outlet} content.",
)
#: The share of sentences taken from the sample (the rest are templates):
#: about a quarter of all sentences then have a digit, five times the
#: sample's own rate, so figures weigh more than in most news.
SAMPLE_SHARE = 0.7

HEADLINES = (
    "{party} and {party2} resume talks in {place}",
    "{speaker} says {issue} is not negotiable",
    "Talks on {issue} stall as {party} digs in",
    "{outlet}: {party} will demand {issue} in any negotiations",
    "What we know about the {place} peace plan",
)


def _number(rng: random.Random, low: int, high: int) -> str:
    """A figure between ``low`` and ``high``, written the ways news writes it."""
    value = rng.randint(low, high)
    if value >= 10_000:
        value = round(value, -3)
    style = rng.random()
    if value >= 1000 and style < 0.7:
        return f"{value:,}"
    if value >= 1000 and style < 0.8:
        return f"{value:,}".replace(",", " ")
    if value >= 1000 and style < 0.9:
        return f"{value // 1000}k" if value % 1000 == 0 else f"{value:,}"
    if value >= 1000 and value % 1000 == 0:
        return f"{value // 1000} thousand"
    return str(value)


def _fill(template: str, rng: random.Random) -> str:
    """``template`` with every slot filled by a seeded choice."""
    slots: dict[str, Any] = {
        "party": rng.choice(PARTIES),
        "party2": rng.choice(PARTIES),
        "speaker": rng.choice(SPEAKERS),
        "speaker2": rng.choice(SPEAKERS),
        "analyst": rng.choice(ANALYSTS),
        "place": rng.choice(PLACES),
        "issue": rng.choice(ISSUES),
        "issue2": rng.choice(ISSUES),
        "verb": rng.choice(VERBS),
        "said": rng.choice(SAID),
        "month": rng.choice(MONTHS),
        "month2": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS),
        "weapons": rng.choice(WEAPONS),
        "outlet": rng.choice(OUTLETS),
        "troops": _number(rng, 50_000, 900_000),
        "troops2": _number(rng, 50_000, 900_000),
        "thousands": _number(rng, 1_000, 60_000),
        "thousands2": _number(rng, 1_000, 60_000),
        "millions": f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
        "small": str(rng.randint(2, 999)),
        "small2": str(rng.randint(2, 999)),
        "km": str(rng.choice((15, 20, 30, 40, 70, 100, 280, 300))),
        "days": str(rng.choice((10, 30, 45, 60, 90, 100))),
        "years": str(rng.choice((5, 10, 20, 25, 50))),
        "pct": str(rng.randint(1, 40)),
        "day": str(rng.randint(1, 28)),
        "year": str(rng.randint(1991, 2026)),
    }
    return template.format(**slots)


def _sample_sentences() -> list[str]:
    """The sentences of the bundled sample articles."""
    return [
        sentence.text
        for article in pt.datasets.sample()
        for sentence in split_sentences(article.text)
    ]


_VARIANTS = {
    "Zelenskyy": ("Zelensky", "Zelenskyy", "Zelenskiy"),
    "Kyiv": ("Kyiv", "Kiev"),
    "Podolyak": ("Podolyak", "Podoliak", "Podolyuak"),
    "Donbas": ("Donbas", "Donbass"),
}


def _vary(sentence: str, rng: random.Random) -> str:
    """A sample sentence with its figures and some spellings changed."""
    out = []
    for word in sentence.split(" "):
        digits = word.strip(".,;:%\"'()")
        if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100:
            word = word.replace(digits, str(rng.randint(1991, 2026)))
        elif digits.replace(",", "").isdigit() and digits[0] != "0":
            width = len(digits.replace(",", ""))
            value = rng.randint(10 ** (width - 1), 10**width - 1)
            word = word.replace(digits, f"{value:,}" if "," in digits else str(value))
        else:
            for name, spellings in _VARIANTS.items():
                if name in word:
                    word = word.replace(name, rng.choice(spellings))
        out.append(word)
    return " ".join(out)


def articles(seed: int) -> Iterator[pt.Article]:
    """An endless stream of generated articles."""
    rng = random.Random(seed)
    sample = _sample_sentences()
    number = 0
    while True:
        paragraphs = []
        for _ in range(rng.randint(10, 35)):
            sentences = []
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                if rng.random() < SAMPLE_SHARE:
                    sentences.append(_vary(rng.choice(sample), rng))
                else:
                    sentences.append(_fill(rng.choice(TEMPLATES), rng))
            paragraphs.append(" ".join(sentences))
        year = rng.choice((2022, 2023, 2024, 2025))
        yield pt.Article(
            title=_fill(rng.choice(HEADLINES), rng),
            text="\n".join(paragraphs),
            url=f"https://example.org/{year}/talks-{number}",
            outlet=rng.choice(OUTLETS),
            published=pt.parse_date(
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ),
            language="en",
        )
        number += 1


def _generated(megabytes: float, seed: int) -> Iterator[pt.Article]:
    """Generated articles until their text reaches ``megabytes``."""
    size = 0
    for article in articles(seed):
        if size >= megabytes * 1e6:
            return
        size += len(article.text.encode("utf-8"))
        yield article


def write_corpus(folder: Path, megabytes: float, seed: int, form: str) -> Path:
    """Write the corpus in ``form``; return the path to load."""
    items = _generated(megabytes, seed)
    if form == "jsonl":
        path = folder / "corpus.jsonl"
        write_jsonl(path, items)
        return path
    if form == "records":
        path = folder / "records.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for article in items:
                record = {
                    "headline": article.title,
                    "body": article.text,
                    "pub_date": article.published.label,
                    "link": article.url,
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = folder / "articles"
    for number, article in enumerate(items):
        sub = path / f"{number // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number}.txt").write_text(
            f"{article.title}\n{article.published.label.replace('-', '')}\n"
            f"{article.url}\n{article.text}\n",
            encoding="utf-8",
        )
    return path


# -- measuring (each in a child process) ---------------------------------------


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _subsample(source: str, megabytes: float) -> list[pt.Article]:
    out: list[pt.Article] = []
    size = 0
    for article in pt.iter_articles(source):
        if size >= megabytes * 1e6:
            break
        out.append(article)
        size += _size(article.text)
    return out


def _timed(
    articles: Iterable[pt.Article], work: Callable[[pt.Article], int]
) -> dict[str, Any]:
    """Run ``work`` on each article (the clock runs while they are read)."""
    count = size = findings = 0
    started = time.perf_counter()
    for article in articles:
        findings += work(article)
        count += 1
        size += _size(article.text)
    return {
        "articles": count,
        "mb": size / 1e6,
        "seconds": time.perf_counter() - started,
        "findings": findings,
    }


def _stream(source: str, workers: int) -> dict[str, Any]:
    """Time `extract_stream` over the streamed file with ``workers`` processes."""
    resolve_extractor()  # the serial run's extractor, compiled before the clock
    count = size = findings = 0
    started = time.perf_counter()
    for article, found in pt.extract_stream(pt.iter_articles(source), workers=workers):
        findings += len(found)
        count += 1
        size += _size(article.text)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers_used = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = workers_used.ru_maxrss / 1024
    return {
        "cpu_seconds": own.ru_utime
        + own.ru_stime
        + workers_used.ru_utime
        + workers_used.ru_stime,
        "articles": count,
        "mb": size / 1e6,
        "seconds": time.perf_counter() - started,
        "findings": findings,
        "peak_mb": max(_peak_mb(), children),
        "workers": workers,
    }


def _measure(phase: str, source: str, quantulum_mb: float) -> dict[str, Any]:
    """Run one phase and return its numbers."""
    if phase.startswith("stream"):
        return _stream(source, int(phase.removeprefix("stream")))
    if phase in ("load", "both"):
        extract: Callable[[pt.Article], int] = lambda article: 0  # noqa: E731
        if phase == "both":
            extract = _count(RuleExtractor().extract)  # compiled before the clock
        result = _timed(pt.iter_articles(source), extract)
    elif phase in ("extract", "sentences", "demands", "positions"):
        loaded = list(pt.iter_articles(source))
        extractor = RuleExtractor()
        work = {
            "extract": _count(extractor.extract),
            "sentences": _count(lambda a: split_sentences(a.text)),
            "demands": _count(extractor.demands),
            "positions": _count(extractor.positions),
        }[phase]
        result = _timed(loaded, work)
        if phase == "sentences":
            result.update(_digit_share(loaded))
    elif phase == "quantities":
        lexicon = pt.Lexicon.default()
        result = _timed(
            _subsample(source, quantulum_mb),
            _count(lambda a: pt.find_quantities(a.text, lexicon=lexicon)),
        )
    else:  # quantulum3
        parse = _quantulum()
        loaded = _subsample(source, quantulum_mb)
        parse("a warm-up of 5 km")  # its tables load on the first call
        result = _timed(loaded, _count(lambda a: parse(a.text)))
    result["peak_mb"] = _peak_mb()
    return result


def _count(find: Callable[[pt.Article], Sized]) -> Callable[[pt.Article], int]:
    return lambda article: len(find(article))


def _digit_share(articles: list[pt.Article]) -> dict[str, Any]:
    """How many sentences there are and how many hold a digit."""
    count = digits = 0
    for article in articles:
        for sentence in split_sentences(article.text):
            count += 1
            digits += any(c.isdigit() for c in sentence.text)
    return {"sentences": count, "with_digit": digits}


def _quantulum() -> Callable[[str], list[Any]]:
    warnings.simplefilter("ignore")  # it warns about its optional classifier
    parser = importlib.import_module("quantulum3.parser")
    parse: Callable[[str], list[Any]] = parser.parse
    return parse


def _has_quantulum() -> bool:
    return importlib.util.find_spec("quantulum3") is not None


def _child(phase: str, source: Path, quantulum_mb: float) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            phase,
            "--quantulum-mb",
            str(quantulum_mb),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


LABELS = {
    "load": "load (`iter_articles`)",
    "extract": "extract (`Extractor.extract`)",
    "both": "load + extract",
    "stream": "load + `extract_stream`",
    "sentences": "of which: `split_sentences`",
    "demands": "of which: `Extractor.demands`",
    "positions": "of which: `Extractor.positions`",
    "quantities": "`find_quantities`, subsample",
    "quantulum3": "quantulum3 `parser.parse`, subsample",
}


def _row(phase: str, result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    # "stream2" is the stream phase with 2 workers; "quantulum3" is a name
    label = LABELS["stream" if phase.startswith("stream") else phase]
    return (
        f"| {label} | {result.get('workers', 1)} "
        f"| {result['mb']:,.1f} | {result['articles']:,} "
        f"| {seconds:,.2f} | {result['mb'] / seconds:,.2f} "
        f"| {result['articles'] / seconds:,.0f} | {result['findings']:,} "
        f"| {result['peak_mb']:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=50, help="MB of article text")
    parser.add_argument(
        "--format", choices=("jsonl", "records", "folder"), default="jsonl"
    )
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--quantulum-mb", type=float, default=0.5, help="subsample for quantulum3"
    )
    parser.add_argument(
        "--phases",
        default=",".join(LABELS),
        help="comma-separated subset of: " + ", ".join(LABELS),
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="the numbers of processes of the stream phase, comma-separated",
    )
    parser.add_argument("--out", type=Path, help="keep the corpus in this folder")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("source", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.source, args.quantulum_mb)))
        return
    phases = []
    for phase in (p for p in args.phases.split(",") if p):
        if phase not in LABELS:
            parser.error(f"unknown phase {phase!r}")
        if phase == "stream":
            phases += [f"stream{int(n)}" for n in args.workers.split(",") if n]
        else:
            phases.append(phase)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        source = write_corpus(folder, args.mb, args.seed, args.format)
        on_disk = (
            sum(p.stat().st_size for p in source.rglob("*"))
            if source.is_dir()
            else source.stat().st_size
        )
        print(
            f"corpus: {args.format}, {on_disk / 1e6:,.1f} MB on disk, "
            f"generated in {time.perf_counter() - started:,.1f} s (seed {args.seed})"
        )
        print()
        print(
            "| step | workers | MB of text | articles | seconds | MB/s "
            "| articles/s | findings | peak RSS (MB) |"
        )
        print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        notes = []
        for phase in phases:
            if phase == "quantulum3" and not _has_quantulum():
                print(
                    f"| {LABELS[phase]} | 1 | not installed: pip install quantulum3 "
                    "| | | | | | |"
                )
                continue
            result = _child(phase, source, args.quantulum_mb)
            print(_row(phase, result), flush=True)
            if "cpu_seconds" in result:
                notes.append(
                    f"{LABELS['stream']}, {result['workers']} worker(s): "
                    f"{result['cpu_seconds']:,.1f} CPU seconds in all processes "
                    "(start-up included)"
                )
            if "sentences" in result:
                notes.append(
                    f"{result['sentences']:,} sentences, "
                    f"{result['with_digit'] / result['sentences']:.0%} with a digit"
                )
        print()
        print(f"Python {platform.python_version()} on {_cpu()}, one process a step")
        for note in notes:
            print(note)


def _cpu() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    names = [line.split(":", 1)[1].strip() for line in lines if "model name" in line]
    return f"{names[0]} ({len(names)} cores)" if names else platform.machine()


if __name__ == "__main__":
    main()
