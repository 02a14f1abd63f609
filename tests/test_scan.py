# ruff: noqa: RUF001 - the text stresses apostrophes and case folding
"""Tests for peacetalks.extract.scan: one pass gives what one pass per tag gave.

The reference is the plain way: each tag's patterns as one alternation
(`tag_pattern`, public) run with `re.finditer`, one pass per tag.  The text
is drawn from an alphabet that stresses word boundaries and case folding:
letters, digits, apostrophes, hyphens, accents, case variants, the dotted
and dotless i, the long s and the Kelvin sign.
"""

from __future__ import annotations

import pickle
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.extract import scan as scan_module
from peacetalks.extract.cues import SIGNAL_KINDS, SIGNAL_PATTERNS
from peacetalks.extract.scan import Hit, PhraseScanner, Recent, caseless, tag_pattern

#: Characters and pieces that sit on a word boundary or fold cases.
ALPHABET = (
    *"abnostiklNOTSIKL0159_'’‘ʼ-‐‑ \t\n.,;()é",
    *("\u0130", "\u0131", "\u017f", "\u212a", "\u00c9", "e\u0301"),
)
WORDS = (
    *("not", "no", "n't", "cannot", "NOT only", "never", "nor", "reject", "Rejected"),
    *("refused to", "ruled out", "non-starter", "an end to", "bar them from"),
    *("demands", "insist on", "calls for", "need to", "needs", "the need for"),
    *("offered", "ready to", "agreed not to", "agree with", "back the plan"),
    *("U.S.-backed", "would not oppose", "no objections", "may", "May", "only if"),
    *("in exchange for", "provided that", "had been", "had a", "for years"),
    *("on condition that", "as long as", "conditioned on", "ſtreſs the importance"),
    *("\u212aiev", "REJECT\u0130NG", "d\u0131smissed", "rule\u017f out"),
)


def stressed(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text made of signal words and boundary-stressing characters."""
    pieces = st.sampled_from(WORDS) | st.sampled_from(ALPHABET)
    return st.lists(pieces, max_size=max_size).map("".join)


def reference(
    tagged: list[tuple[str, str]], text: str, pos: int = 0, endpos: int | None = None
) -> list[Hit]:
    """One `re.finditer` per tag, in tag order, non-empty matches only."""
    tags = list(dict.fromkeys(tag for tag, _ in tagged))
    found = []
    for rank, tag in enumerate(tags):
        pattern = tag_pattern(p for t, p in tagged if t == tag)
        end = len(text) if endpos is None else endpos
        for match in pattern.finditer(text, pos, end):
            if match.end() > match.start():
                hit = Hit(match.start(), match.end(), tag, match.group())
                found.append((match.start(), match.end(), rank, hit))
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]


SIGNALS = [(kind, pattern) for kind, pattern in SIGNAL_PATTERNS]
SCANNER = PhraseScanner(SIGNALS)


class TestAgainstOnePassPerTag:
    @given(stressed())
    @settings(max_examples=400, deadline=None)
    def test_signals(self, text: str) -> None:
        assert SCANNER.scan(text) == reference(SIGNALS, text)

    @given(stressed(), st.integers(0, 60), st.integers(0, 60))
    @settings(max_examples=300, deadline=None)
    def test_region(self, text: str, pos: int, endpos: int) -> None:
        """``pos`` and ``endpos`` mean what they mean for `re.Pattern.finditer`."""
        pos, endpos = min(pos, len(text)), min(endpos, len(text))
        assert SCANNER.scan(text, pos, endpos) == reference(SIGNALS, text, pos, endpos)

    @given(stressed(), st.sets(st.sampled_from(SIGNAL_KINDS)))
    @settings(max_examples=100, deadline=None)
    def test_some_tags(self, text: str, tags: set[str]) -> None:
        wanted = [hit for hit in reference(SIGNALS, text) if hit.tag in tags]
        assert SCANNER.scan(text, tags=tags) == wanted

    @given(
        st.lists(
            st.tuples(
                st.sampled_from("xyz"),
                st.sampled_from(
                    [
                        "a",
                        "ab",
                        "a b",
                        "b'c",
                        "i",
                        "k|s",
                        "(?-i:K)",
                        "[a-c]+",
                        "(?<=a)b",
                        "(?<=[a-z])n't",
                        "(?<=[)(])s",
                        "(?:a|ab)?c",
                        "(?<![-])s",
                        "'s",
                    ]
                ),
            ),
            min_size=1,
            max_size=6,
        ),
        stressed(20),
    )
    @settings(max_examples=300, deadline=None)
    def test_any_table(self, tagged: list[tuple[str, str]], text: str) -> None:
        assert PhraseScanner(tagged).scan(text) == reference(tagged, text)

    def test_an_empty_match_is_left_to_finditer(self) -> None:
        tagged = [("x", "a?"), ("x", "ab")]
        text = "ab b a"
        assert PhraseScanner(tagged).scan(text) == reference(tagged, text)

    def test_case_sensitive_flags(self) -> None:
        tagged = [("x", "May"), ("y", "may")]
        scanner = PhraseScanner(tagged, flags=0)
        assert [h.text for h in scanner.scan("May may MAY")] == ["May", "may"]


class TestCaseless:
    PATTERNS = (
        r"not(?!\s+only\b)",
        r"(?<=[a-z])n['’]t",
        r"(?-i:may)|if",
        r"[a-z]{2,3}s",
        r"[^0-9]x",
        r"\x41\u0131",
        r"(a)\s*+[\-k]",
        "é|É",
    )

    @pytest.mark.parametrize("pattern", PATTERNS + tuple(p for _, p in SIGNAL_PATTERNS))
    @given(text=stressed(20))
    @settings(max_examples=30, deadline=None)
    def test_matches_what_the_flag_matches(self, pattern: str, text: str) -> None:
        spelt = caseless(pattern)
        assert spelt is not None
        flagged = re.compile(pattern, re.IGNORECASE)
        plain = re.compile(spelt)
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in flagged.finditer(text)
        ]

    @pytest.mark.parametrize(
        "pattern", [r"(?P<x>a)", r"(a)\1", r"[^a]", r"(?i)a", r"\N{DASH}", "a)"]
    )
    def test_what_it_does_not_rewrite(self, pattern: str) -> None:
        assert caseless(pattern) is None

    def test_letters_become_classes(self) -> None:
        assert caseless("no") == "[nN][oO]"
        assert caseless("(?-i:No)") == "(?:No)"


class TestRecent:
    def test_the_same_object_only(self) -> None:
        recent: Recent[int] = Recent(size=4)
        text = "Kyiv rejected the plan."
        recent.put(text, 7)
        same_words = "".join(["Kyiv rejected", " the plan."])
        assert same_words == text
        assert same_words is not text
        assert recent.get(text) == 7
        assert recent.get(same_words) is None

    def test_forgets_the_oldest_when_full(self) -> None:
        recent: Recent[int] = Recent(size=2)
        texts = [f"sentence {n}" for n in range(3)]
        for n, text in enumerate(texts):
            recent.put(text, n)
        assert [recent.get(text) for text in texts] == [None, 1, 2]

    def test_a_pickled_copy_starts_empty(self) -> None:
        recent: Recent[int] = Recent(size=3)
        text = "kept"
        recent.put(text, 1)
        copy = pickle.loads(pickle.dumps(recent))
        assert copy.size == 3
        assert copy.get(text) is None
        copy.put(text, 2)
        assert copy.get(text) == 2


def test_patterns_whose_groups_clash_when_joined() -> None:
    """Two tags' patterns with the same group name cannot share one prefilter."""
    tagged = [("x", r"(?P<w>a)b"), ("y", r"(?P<w>c)d")]
    scanner = PhraseScanner(tagged)
    assert scanner.scan("ab cd") == reference(tagged, "ab cd")
    assert [hit.tag for hit in scanner.scan("ab cd")] == ["x", "y"]


class _Counted:
    """A pattern that counts how often it is tried."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text, pos, endpos)


class TestFirstCharacters:
    def test_atom_chars_say_what_the_atom_matches(self) -> None:
        """Each first atom of the signal words matches exactly its characters."""
        atoms = {
            atom
            for _, pattern in SIGNALS
            for branch in scan_module._branches(
                scan_module._prefilter_alternative(pattern, re.IGNORECASE)
            )
            for atom, _ in scan_module._leading(branch) or ()
        } | {"[nN]", "\\-", "[ \\t\\-]", "x", "\\."}
        for atom in atoms:
            chars = scan_module._atom_chars(atom)
            if chars is None:
                continue
            for char in {*ALPHABET, *chars, "X", "."} - {"e\u0301"}:
                assert (re.fullmatch(atom, char) is not None) is (char in chars)

    @pytest.mark.parametrize(
        "atom", ["\\s", "[a-z]", "[^a]", ".", "(?i:é)", "\\d", "[\\w]", "^"]
    )
    def test_atoms_that_do_not_say_their_characters(self, atom: str) -> None:
        assert scan_module._atom_chars(atom) is None

    def test_a_place_is_tried_by_the_tags_that_can_start_there(self) -> None:
        """Where the text has an "a", a tag whose words open with "b" is not tried.

        A tag whose first characters are not known ("[a-z]+s") is tried
        everywhere.
        """
        scanner = PhraseScanner(
            [("fruit", "apple"), ("other", "banana"), ("any", "[a-z]+s")]
        )
        counted = tuple((tag, _Counted(p)) for tag, p in scanner._patterns)
        with mock.patch.object(scanner, "_patterns", counted):
            assert [h.text for h in scanner.scan("an apple")] == ["apple"]
        assert {tag: c.calls for tag, c in counted} == {
            "fruit": 1,
            "other": 0,
            "any": 1,
        }

    @given(stressed(), st.integers(0, 60), st.integers(0, 60))
    @settings(max_examples=100, deadline=None)
    def test_matches_are_the_hits(self, text: str, pos: int, endpos: int) -> None:
        """`PhraseScanner.matches` gives the `scan` hits as tuples."""
        hits = SCANNER.scan(text, pos, endpos)
        assert SCANNER.matches(text, pos, endpos) == [
            (hit.start, hit.end, hit.tag, hit.text) for hit in hits
        ]


class TestCompileOnce:
    def test_a_second_extractor_compiles_no_long_pattern(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A second `RuleExtractor` of a lexicon reuses its compiled tries.

        The issue-cue tries are alternations of thousands of characters and
        took most of the second a `RuleExtractor` cost to build; `re`'s own
        cache was flushed by the hundreds of small patterns compiled with
        them, so every extractor (a worker's, a test's, a notebook cell's)
        compiled them again.  The spy counts what `re` really compiles.
        """
        from peacetalks.extract.pipeline import RuleExtractor

        RuleExtractor()
        compiled: list[str] = []
        real = re._compiler.compile  # type: ignore[attr-defined]  # re's private compiler, spied on

        def spy(pattern: str, flags: int = 0) -> re.Pattern[str]:
            compiled.append(pattern if isinstance(pattern, str) else "")
            result: re.Pattern[str] = real(pattern, flags)
            return result

        monkeypatch.setattr(re._compiler, "compile", spy)  # type: ignore[attr-defined]  # as above
        RuleExtractor()
        assert [len(p) for p in compiled if len(p) > 1000] == []

    def test_same_object_for_the_same_pattern_and_flags(self) -> None:
        """One compiled object per pattern and flags, as `re.compile` would give."""
        pattern = scan_module.compile_once("peace|talks", re.IGNORECASE)
        assert pattern is scan_module.compile_once("peace|talks", re.IGNORECASE)
        assert pattern.flags & re.IGNORECASE
        assert scan_module.compile_once("peace|talks").flags & re.IGNORECASE == 0
        assert pattern.match("TALKS") is not None
