"""Hostile input: long runs and huge lines never make the library hang.

How super-linear behaviour is detected, without timing anything:

* **Work proxy.**  Each function runs on an input of ``n`` and of ``4 * n``
  characters under `sys.setprofile`, which counts every Python-level and
  C-level function call.  That count is deterministic; a quadratic Python
  loop (a helper called once per pair of mentions...) makes it grow
  ~16-fold instead of ~4-fold.  It cannot see work repeated *inside* one C
  call (a ``finditer`` over the whole sentence once per figure), so:
* **Memory.**  Where the work could also pile up in memory (positions
  copied from sentence to sentence), `tracemalloc` compares the peak
  memory of ``n`` and ``4 * n`` the same way.
* **Regex audit.**  Work inside the C regex engine is invisible to the
  profiler, so every compiled pattern of the package is parsed and checked
  for nested unbounded quantifiers (``(a+)+``, star height 2), the shape of
  catastrophic backtracking; the few nested ones are listed below with the
  reason each is safe.
* **Hang detector.**  A 10 MB single line goes through the loaders, the
  sentence splitter and the quantity finder, its first megabyte and a
  100 KB sentence of 50,000 figures ("1,1,1,...") through extraction, in
  a subprocess with a generous time-out (120 s, against about 25 s
  needed): it only catches a catastrophe, never measures speed.  Speed
  lives in ``benchmarks/``.  (The figures sentence took ~60 s for 40 KB
  before `extract_demands` stopped rescanning the sentence per figure, and
  a 20 KB line of parties and act words took 44 s before `split_sentences`
  cut sentences at `LONGEST_SENTENCE` characters: both would take hours
  here.)
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]  # no stubs
from typing import Any

import pytest

import peacetalks as pt
from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.attribution import find_speech_tags
from peacetalks.extract.cues import IssueMatcher, find_signals
from peacetalks.extract.sentences import split_sentences
from peacetalks.io.clean import clean_text
from peacetalks.io.dates import parse_date
from peacetalks.io.decode import decode_bytes, repair_mojibake
from peacetalks.io.text import parse_text
from peacetalks.lexicon import Lexicon

#: Runs of one hostile unit, repeated to the wanted length.
UNITS = {
    "digits": "9",
    "commas": "1,",
    "number list": "1, ",
    "spaces": " ",
    "quotes": '"',
    "curly quotes": "\u201c",
    "apostrophes": "'s ",
    "hyphens": "-",
    "dots": ".",
    "newlines": "\n",
    "words": "troops ",
    "figures": "5 tanks and ",
    "sentences": 'Russia said "we demand 100 km." ',
    # parties, act words and issues with no full stop: one endless sentence
    "claims": "Russia demands neutrality and Ukraine rejects NATO membership, ",
}

#: A demand, then a run of answers to it.  Each answer once answered every
#: answer before it too, unduplicated, so the positions doubled with every
#: pair of sentences: 20 pairs (1.4 KB) took 83 s and 310 MB.
DEMAND = "China demanded that Ukraine stay neutral. "
ANSWERS = "Russia and Ukraine rejected this demand. China rejected this demand. "

_LEXICON = Lexicon.default()
_ACTORS = ActorFinder(_LEXICON)
_ISSUES = IssueMatcher(_LEXICON)
_EXTRACTOR = pt.RuleExtractor()

#: The text functions that see untrusted text.
FUNCTIONS: dict[str, Callable[[str], object]] = {
    "parse_text": parse_text,
    "clean_text": clean_text,
    "parse_date": parse_date,
    "decode_bytes": lambda text: decode_bytes(text.encode()),
    "repair_mojibake": repair_mojibake,
    "split_sentences": split_sentences,
    "actors": _ACTORS.find,
    "issues": _ISSUES.find,
    "signals": find_signals,
    "speech_tags": find_speech_tags,
    "find_quantities": pt.find_quantities,
    "extract": lambda text: _EXTRACTOR.extract(pt.Article(text=text)),
    "loads": lambda text: _loads(text),
}


def _loads(text: str) -> object:
    try:
        return pt.loads(text, pt.Article)
    except pt.PeacetalksError:
        return None


def _run(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _calls(function: Callable[[str], object], text: str) -> int:
    count = 0

    def profile(_frame: Any, event: str, _arg: object) -> None:
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    sys.setprofile(profile)
    try:
        function(text)
    finally:
        sys.setprofile(None)
    return count


def _peak_memory(function: Callable[[str], object], text: str) -> int:
    """The most memory ``function(text)`` holds at once, in bytes."""
    function(text)  # fill the caches first: regexes compiled on first use
    tracemalloc.start()
    try:
        function(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestLinearWork:
    """The work done grows at most linearly with the length of a long run."""

    @pytest.mark.parametrize("unit", UNITS, ids=list(UNITS))
    @pytest.mark.parametrize("name", FUNCTIONS, ids=list(FUNCTIONS))
    def test_four_times_the_text_at_most_about_four_times_the_work(
        self, name: str, unit: str
    ) -> None:
        """Quadrupling a run of one unit at most ~quadruples the calls made."""
        function = FUNCTIONS[name]
        small = _calls(function, _run(UNITS[unit], 1_500))
        large = _calls(function, _run(UNITS[unit], 6_000))
        assert large <= 5 * small + 500, (small, large)

    def test_four_times_the_answers_at_most_about_four_times_the_work(self) -> None:
        """A run of "... rejected this demand" answers the demand, once each.

        The run stays small (3 and 12 pairs): the old code did 2^12 times
        the work of one answer at the end of it.
        """
        extract = FUNCTIONS["extract"]
        small = _calls(extract, DEMAND + ANSWERS * 3)
        large = _calls(extract, DEMAND + ANSWERS * 12)
        assert large <= 5 * small + 500, (small, large)

    def test_four_times_the_answers_at_most_about_four_times_the_memory(
        self,
    ) -> None:
        """The positions of a run of answers do not pile up in memory."""
        extract = FUNCTIONS["extract"]
        small = _peak_memory(extract, DEMAND + ANSWERS * 3)
        large = _peak_memory(extract, DEMAND + ANSWERS * 12)
        assert large <= 5 * small, (small, large)


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    package = Path(pt.__file__).parent
    for info in pkgutil.walk_packages([str(package)], "peacetalks."):
        if info.name.endswith(("__main__", ".cli")):
            continue
        module = importlib.import_module(info.name)
        for attribute, value in vars(module).items():
            values = value if isinstance(value, tuple | list) else [value]
            for item in values:
                pattern = item[0] if isinstance(item, tuple) and item else item
                if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
                    yield f"{info.name}.{attribute}", pattern
    for name, instance in (("IssueMatcher", _ISSUES), ("ActorFinder", _ACTORS)):
        for attribute, value in vars(instance).items():
            if isinstance(value, re.Pattern):
                yield f"{name}.{attribute}", value


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}


def _nested_unbounded(items: Any, inside: bool = False) -> bool:
    """Tell whether an unbounded repeat sits inside another one."""
    for op, arg in items:
        if op in _REPEATS:
            _low, high, body = arg
            unbounded = high == sre_parse.MAXREPEAT
            if unbounded and inside:
                return True
            if _nested_unbounded(body, inside or unbounded):
                return True
        elif op is sre_parse.SUBPATTERN:
            if _nested_unbounded(arg[-1], inside):
                return True
        elif op is sre_parse.BRANCH:
            if any(_nested_unbounded(branch, inside) for branch in arg[1]):
                return True
        elif op in {sre_parse.ASSERT, sre_parse.ASSERT_NOT} and _nested_unbounded(
            arg[1], inside
        ):
            return True
        # POSSESSIVE_REPEAT and ATOMIC_GROUP never backtrack: not followed.
    return False


#: Nested repeats that cannot backtrack catastrophically, and why.
REVIEWED = {
    # [^\W_]+(?:['\u2019-][^\W_]+)*: each repetition starts with a separator
    # the inner class never matches, so a text splits one way only.
    "peacetalks.extract.demands._WORDS",
}


class TestRegexAudit:
    """No pattern of the package has the shape of catastrophic backtracking."""

    def test_the_audit_sees_the_patterns(self) -> None:
        """The walk finds the package's compiled patterns (dozens of them)."""
        assert len(dict(_patterns())) > 50

    def test_the_audit_flags_a_nested_quantifier(self) -> None:
        """``(a+)+`` is flagged; ``a+b+`` and ``(?:ab)+`` are not."""
        assert _nested_unbounded(sre_parse.parse("(a+)+$"))
        assert not _nested_unbounded(sre_parse.parse("a+b+"))
        assert not _nested_unbounded(sre_parse.parse("(?:ab)+"))

    def test_no_nested_unbounded_quantifiers(self) -> None:
        """Every nested unbounded repeat is one reviewed as safe."""
        flagged = {
            name
            for name, pattern in _patterns()
            if _nested_unbounded(sre_parse.parse(pattern.pattern, pattern.flags))
        }
        assert flagged <= REVIEWED, sorted(flagged - REVIEWED)


_HUGE_LINE = r"""
import json, pathlib, sys, tempfile
import peacetalks as pt
from peacetalks.extract.sentences import split_sentences
from peacetalks.io.clean import clean_text
from peacetalks.io.text import parse_text

words = ("the Russian delegation demanded that troops be limited to "
         "100,000 near Kyiv on March 29 2022 said").split()
line = " ".join(words[(i * 7) % len(words)] for i in range(2_500_000))
line = line[:10_000_000]
assert len(line) == 10_000_000
folder = pathlib.Path(tempfile.mkdtemp())
(folder / "a.jsonl").write_text(json.dumps({"text": line}) + "\n")
assert len(pt.load(folder / "a.jsonl")[0].text) == len(line)
assert split_sentences(line)
parse_text(line)
clean_text(line)
assert pt.find_quantities(line[:2_000_000])
figures = "1," * 50_000
pt.RuleExtractor().extract(pt.Article(text=figures))
pt.RuleExtractor().extract(pt.Article(text="1, " * 30_000))
# a megabyte of the line, every word a party, figure or act word
assert pt.RuleExtractor().extract(pt.Article(text=line[:1_000_000]))
print("ok")
"""


@pytest.mark.slow  # a 10 MB line in a subprocess
class TestHugeLine:
    """A 10 MB single line finishes (a hang detector, not a timing test)."""

    def test_ten_megabyte_line(self) -> None:
        """Loading, splitting and reading figures in a 10 MB line finish."""
        result = subprocess.run(  # our own interpreter and code
            [sys.executable, "-c", _HUGE_LINE],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip() == "ok"
