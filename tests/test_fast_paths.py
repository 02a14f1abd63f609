# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""The fast paths of extraction give exactly what the plain code gave.

`tests.oracles` keeps each piece of extraction code as it was before it was
rewritten for speed (`benchmarks/bench_extract.py`); these tests compare the
two on generated news-like text, on the sample articles and on awkward
characters (the dotted and dotless i, the long s and the Kelvin sign match
ASCII letters under `re.IGNORECASE`).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.datasets import sample
from peacetalks.extract import cues
from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.pipeline import Extractor
from peacetalks.extract.rules import RULES
from peacetalks.extract.sentences import split_sentences
from peacetalks.lexicon import Issue, Lexicon
from peacetalks.model import Article, Demand
from peacetalks.quantities import (
    _CUE_LONGEST,
    _CUE_TAIL,
    _CUES,
    _START_WORDS,
    _bound,
    _tokens,
    _Units,
    find_quantities,
    may_hold_quantities,
)
from tests import oracles

# Every fast path against its first-written oracle: ~10 s (run with -m slow).
pytestmark = pytest.mark.slow

DEFAULT = Lexicon.default()
GAZA = Lexicon.from_toml(Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml")

#: Pieces of news text, and the characters that trip up case folding.
FRAGMENTS = (
    *("Russia", "Ukraine", "Kyiv", "the Kremlin", "Kremlin's", "Putin", "Zelenksy"),
    *("Podolyak", "Podoliak", "NATO", "Nato", "US", "us", "U.S.", "Türkiye", "EU"),
    *("Russian", "Federation", "Soviet Union", "the alliance", "Hamas", "Israel"),
    *("demanded", "wants", "offered", "rejected", "not", "never", "n't", "cannot"),
    *("would", "May", "may", "if", "in exchange for", "had", "refused to", "limit"),
    *("cap", "no more than", "up to", "at least", "about", "~", "to", "of", "than"),
    *("85,000", "85 000", "85\u00a0000", "1.200.000", "85.000", "1.2", "85k", "$50bn"),
    *("2022", "20220329", "21st", "10:30", "1/2", "5-10", "200,000-250,000", "F-16"),
    *("G7", "Article 5", "March 29", "one", "a", "an", "eighty-five", "thousand"),
    *("a hundred and two", "half", "a third of", "tens of thousands", "dozen"),
    *("troops", "soldiers", "tanks", "km", "miles", "kilometers", "days", "45-day"),
    *("percent", "%", "army", "forces", "prisoners", "for", "truce", "elections"),
    *("join NATO", "ceasefire", "cease-fire", "cease fire", "security guarantees"),
    *("neutrality", "Crimea", "recognition of", "Donbas", "sanctions", "territory"),
    *(" ", " ", " ", "  ", "\n", ". ", "? ", "! ", "… ", ", ", "; ", " – ", " — "),
    *(", while ", ", but ", ", which ", '"', "“", "”", "’", "'", "«", "»", "(", ")"),
    *("Mr.", "Dr.", "J.R.", "e.g.", "a.m.", '?" Peskov asked.', '!" he said'),
    *("İ", "ı", "ſ", "\u212a", "é", "ß", "_", "x", "1", "0", "9", "-", "\u2011", "/"),
)


def news(max_size: int = 30) -> st.SearchStrategy[str]:
    """Text made of `FRAGMENTS` and stray characters."""
    pieces = st.sampled_from(FRAGMENTS) | st.text(max_size=2)
    return st.lists(pieces, max_size=max_size).map("".join)


@cache
def real_sentences() -> tuple[str, ...]:
    return tuple(s.text for a in sample() for s in split_sentences(a.text))


def spans(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


class TestSentences:
    @given(news(60))
    @settings(max_examples=400, deadline=None)
    def test_as_first_written(self, text: str) -> None:
        assert split_sentences(text) == oracles.split_sentences(text)

    def test_sample(self) -> None:
        for article in sample():
            assert split_sentences(article.text) == oracles.split_sentences(
                article.text
            )


class TestSignals:
    @given(news())
    @settings(max_examples=300, deadline=None)
    def test_as_first_written(self, text: str) -> None:
        assert cues.find_signals(text) == oracles.find_signals(text)

    def test_sample(self) -> None:
        for text in real_sentences():
            assert cues.find_signals(text) == oracles.find_signals(text)


def _matchers(lexicon: Lexicon) -> list[cues.IssueMatcher]:
    """The issue matchers the extractors build: cues, against, topics, anchors."""
    found = [cues.IssueMatcher(lexicon)]
    for field in ("cues", "against", "topics", "anchors"):
        found += [
            cues.IssueMatcher([Issue(i.id, "", cues=getattr(i, field))])
            for i in lexicon.issues
            if getattr(i, field)
        ]
    return found


@cache
def _pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Each issue matcher's pattern with the one first compiled for it."""
    pairs = []
    for matcher in _matchers(DEFAULT) + _matchers(GAZA):
        assert matcher._pattern is not None
        pairs.append((matcher._pattern, oracles.issue_pattern(matcher)))
    return pairs


class TestIssueMatcher:
    @given(news())
    @settings(max_examples=200, deadline=None)
    def test_as_first_written(self, text: str) -> None:
        for new, old in _pairs():
            assert spans(list(new.finditer(text))) == spans(list(old.finditer(text)))

    def test_sample(self) -> None:
        for new, old in _pairs():
            for text in real_sentences():
                assert spans(list(new.finditer(text))) == spans(
                    list(old.finditer(text))
                )

    def test_few_first_characters_open_with_a_class(self) -> None:
        matcher = cues.IssueMatcher([Issue("x", "", cues=("Crimea", "Donbas"))])
        assert matcher._pattern is not None
        assert matcher._pattern.pattern.startswith("[")

    def test_case_classes(self) -> None:
        """A letter's class holds exactly what re.IGNORECASE matches to it."""
        any_letter = re.compile("[a-z]", re.IGNORECASE)
        matching = [
            chr(c) for c in range(sys.maxunicode + 1) if any_letter.fullmatch(chr(c))
        ]
        for letter in "abcdefghijklmnopqrstuvwxyz":
            pattern = re.compile(letter, re.IGNORECASE)
            expected = {char for char in matching if pattern.fullmatch(char)}
            assert set(cues._caseless(letter)[1:-1]) == expected
            assert set(cues._first_chars(letter) or "") == expected


class TestActors:
    @pytest.mark.parametrize("lexicon", [DEFAULT, GAZA], ids=["default", "gaza"])
    @given(text=news())
    @settings(max_examples=200, deadline=None)
    def test_as_first_written(self, lexicon: Lexicon, text: str) -> None:
        finder = _finder(lexicon)
        assert finder.find(text) == oracles.find_actors(finder, text)

    def test_sample(self) -> None:
        finder = _finder(DEFAULT)
        for text in real_sentences():
            assert finder.find(text) == oracles.find_actors(finder, text)


@cache
def _finder(lexicon: Lexicon) -> ActorFinder:
    return ActorFinder(lexicon)


class TestQuantities:
    @given(news())
    @settings(max_examples=400, deadline=None)
    def test_as_first_written(self, text: str) -> None:
        assert find_quantities(text) == oracles.scan(text, DEFAULT)

    def test_sample(self) -> None:
        for text in real_sentences():
            assert find_quantities(text) == oracles.scan(text, DEFAULT)

    @given(news())
    @settings(max_examples=400, deadline=None)
    def test_may_hold_never_misses(self, text: str) -> None:
        if oracles.scan(text, DEFAULT):
            assert may_hold_quantities(text)

    @given(st.lists(st.sampled_from(sorted(_START_WORDS)), min_size=1), st.data())
    @settings(deadline=None)
    def test_may_hold_number_words(self, words: list[str], data: st.DataObject) -> None:
        sep = data.draw(st.sampled_from([" ", "-", "’", "\u00a0", "\u2009", "é "]))
        text = sep.join(w.upper() if len(w) % 2 else w for w in words)
        assert may_hold_quantities(text)

    def test_may_hold_other_digits(self) -> None:
        assert may_hold_quantities("\u0663\u0660\u0660 tanks")  # Arabic-Indic 300
        assert not may_hold_quantities("Kyiv rejected the terms, once more.")

    @given(news())
    @settings(max_examples=300, deadline=None)
    def test_tokens(self, text: str) -> None:
        assert _tokens(text) == oracles.tokens(text)

    @given(news(20))
    @settings(max_examples=300, deadline=None)
    def test_bound(self, text: str) -> None:
        for start in range(len(text) + 1):
            assert _bound(text, start) == oracles.bound(text, start)

    def test_cue_longest(self) -> None:
        """`_bound` starts its search `_CUE_LONGEST` before the cue's end."""
        parse = re._parser.parse  # type: ignore[attr-defined]
        for cue, _ in _CUES:
            body = cue.pattern[: -len(_CUE_TAIL)]
            assert parse(body, re.IGNORECASE).getwidth()[1] <= _CUE_LONGEST

    @given(news(8))
    @settings(deadline=None)
    def test_unit_lookup(self, text: str) -> None:
        units = _Units(DEFAULT)
        names = [text, text.strip(), *text.split()]
        names += [" ".join(n.split()[:2]) for n in names]
        for name in names:
            assert units.find(name) == oracles.unit_named(DEFAULT, name)

    def test_unit_names(self) -> None:
        units = _Units(DEFAULT)
        for unit in DEFAULT.units:
            for name in unit.names:
                for written in (name, name.upper(), name.title(), f"the {name}"):
                    assert units.find(written) == oracles.unit_named(DEFAULT, written)


class TestDemands:
    """The demand rules, through the public API only."""

    EXTRACTOR = Extractor(DEFAULT)

    @given(news())
    @settings(max_examples=200, deadline=None)
    def test_demands_are_the_unblocked_candidates(self, text: str) -> None:
        article = Article(text=text)
        explanation = self.EXTRACTOR.explain(article)
        demands = self.EXTRACTOR.demands(article)
        explained = [e.finding for e in explanation.findings]
        assert [d for d in explained if isinstance(d, Demand)] == demands
        for demand in demands:
            evidence = demand.evidence
            assert evidence is not None
            assert text[evidence.start : evidence.end] == evidence.quote
        for blocked in explanation.blocked:
            assert blocked.by.rule in RULES
