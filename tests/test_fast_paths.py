# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""The fast paths of extraction keep their documented behaviour.

Tested through public names only: the signal finder against the plain
patterns of `tests.oracles`, and the sentence splitter, issue matcher,
actor finder, quantity finder and demand rules by their documented
guarantees, on generated news-like text, on the sample articles and on
awkward characters (the dotted and dotless i, the long s and the Kelvin
sign match ASCII letters under `re.IGNORECASE`).
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
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.rules import RULES
from peacetalks.extract.sentences import split_sentences
from peacetalks.lexicon import Issue, Lexicon
from peacetalks.model import Article, Demand
from peacetalks.quantities import find_quantities, may_hold_quantities
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


#: Number words that start a written number (`may_hold_quantities` must see them).
NUMBER_WORDS = (
    *("one", "two", "three", "ten", "twelve", "twenty", "hundred", "thousand"),
    *("million", "billion", "dozen", "half", "third", "quarter", "eighty-five"),
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
    """The fast sentence splitter keeps its documented guarantees."""

    @given(news(60))
    @settings(max_examples=400, deadline=None)
    def test_spans(self, text: str) -> None:
        found = split_sentences(text)
        covered = "".join(s.text for s in found)
        assert "".join(covered.split()) == "".join(text.split())
        end = 0
        for sentence in found:
            assert sentence.start >= end
            end = sentence.end
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()
            assert "\n" not in sentence.text
            for part in (*sentence.clauses, *sentence.quote_spans):
                assert sentence.start <= part.start < part.end <= sentence.end
                assert text[part.start : part.end] == part.text
            clauses = "".join(c.text for c in sentence.clauses)
            assert "".join(clauses.split()) == "".join(sentence.text.split())


class TestSignals:
    @given(news())
    @settings(max_examples=300, deadline=None)
    def test_as_first_written(self, text: str) -> None:
        assert cues.find_signals(text) == oracles.find_signals(text)

    def test_sample(self) -> None:
        for text in real_sentences():
            assert cues.find_signals(text) == oracles.find_signals(text)


def _issues(lexicon: Lexicon) -> list[Issue]:
    """One issue a cue phrase: each matched on its own below."""
    return [
        Issue(issue.id, "", cues=(phrase,))
        for issue in lexicon.issues
        for phrase in issue.cues
    ]


@cache
def _single(lexicon: Lexicon) -> list[cues.IssueMatcher]:
    return [cues.IssueMatcher([issue]) for issue in _issues(lexicon)]


class TestIssueMatcher:
    @pytest.mark.parametrize("lexicon", [DEFAULT, GAZA], ids=["default", "gaza"])
    @given(text=news())
    @settings(max_examples=100, deadline=None)
    def test_each_cue_is_its_phrase(self, lexicon: Lexicon, text: str) -> None:
        """Every cue the whole matcher finds, its phrase alone finds there too."""
        found = cues.IssueMatcher(lexicon).find(text)
        alone = {
            (cue.start, cue.end, cue.issue)
            for matcher in _single(lexicon)
            for cue in matcher.find(text)
        }
        end = 0
        for cue in found:
            assert (cue.start, cue.end, cue.issue) in alone
            assert cue.start >= end
            end = cue.end
            assert text[cue.start : cue.end] == cue.text

    def test_case_folding(self) -> None:
        """A cue matches every character that re.IGNORECASE matches to its letters."""
        any_letter = re.compile("[a-z]", re.IGNORECASE)
        matching = [
            chr(c) for c in range(sys.maxunicode + 1) if any_letter.fullmatch(chr(c))
        ]
        for letter in "abcdefghijklmnopqrstuvwxyz":
            matcher = cues.IssueMatcher([Issue("x", "", cues=(f"{letter}yiv",))])
            pattern = re.compile(letter, re.IGNORECASE)
            for char in matching:
                hit = bool(matcher.find(f"in {char}yiv."))
                assert hit == bool(pattern.fullmatch(char)), (letter, char)


class TestActors:
    @pytest.mark.parametrize("lexicon", [DEFAULT, GAZA], ids=["default", "gaza"])
    @given(text=news())
    @settings(max_examples=200, deadline=None)
    def test_mentions(self, lexicon: Lexicon, text: str) -> None:
        """Mentions are in order, apart, quoted exactly, and of known parties."""
        names = {actor.name for actor in lexicon.actors}
        speakers = {speaker.name for speaker in lexicon.speakers}
        end = 0
        for mention in _finder(lexicon).find(text):
            assert mention.start >= end
            end = mention.end
            assert text[mention.start : mention.end] == mention.text
            assert mention.actor is None or mention.actor in names
            assert mention.speaker is None or mention.speaker in speakers

    def test_sample(self) -> None:
        """A name found in a sentence is found alone, as the same party."""
        finder = _finder(DEFAULT)
        for text in real_sentences():
            for mention in finder.find(text):
                if mention.kind == "name":
                    (alone,) = finder.find(mention.text)
                    assert alone.actor == mention.actor


@cache
def _finder(lexicon: Lexicon) -> ActorFinder:
    return ActorFinder(lexicon)


class TestQuantities:
    @given(news())
    @settings(max_examples=400, deadline=None)
    def test_found(self, text: str) -> None:
        """Quantities are in order, apart and quoted exactly."""
        end = 0
        for found in find_quantities(text):
            assert found.start >= end
            end = found.end
            assert text[found.start : found.end] == found.text

    @given(news())
    @settings(max_examples=400, deadline=None)
    def test_may_hold_never_misses(self, text: str) -> None:
        if find_quantities(text):
            assert may_hold_quantities(text)

    @given(st.lists(st.sampled_from(NUMBER_WORDS), min_size=1), st.data())
    @settings(deadline=None)
    def test_may_hold_number_words(self, words: list[str], data: st.DataObject) -> None:
        sep = data.draw(st.sampled_from([" ", "-", "’", "\u00a0", "\u2009", "é "]))
        text = sep.join(w.upper() if len(w) % 2 else w for w in words)
        assert may_hold_quantities(text)

    def test_may_hold_other_digits(self) -> None:
        assert may_hold_quantities("\u0663\u0660\u0660 tanks")  # Arabic-Indic 300
        assert not may_hold_quantities("Kyiv rejected the terms, once more.")

    def test_unit_names(self) -> None:
        """A unit's name reads the same in any case: the lookup folds case."""
        for unit in DEFAULT.units:
            for name in unit.names:
                read = [
                    [f.quantity for f in find_quantities(f"about 40 {written} away")]
                    for written in (name, name.upper(), name.title())
                ]
                assert read[0] == read[1] == read[2], name


class TestDemands:
    """The demand rules, through the public API only."""

    EXTRACTOR = RuleExtractor(DEFAULT)

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
