"""Polarity and acts: which act word and which negations govern a cue.

Every sentence here is written for these tests, in several phrasings and
outlet styles, on the default lexicon and on the ceasefire-and-hostages
lexicon of ``examples/`` (another conflict, a user's lexicon).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.positions import PositionFinder
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article

EXAMPLES = Path(__file__).parents[1] / "examples"
HOSTAGES = Lexicon.from_toml(EXAMPLES / "ceasefire_hostages.toml")
FINDERS = {"default": PositionFinder(), "hostages": PositionFinder(HOSTAGES)}
EXTRACTORS = {"default": RuleExtractor(), "hostages": RuleExtractor(HOSTAGES)}

Quad = tuple[str, str, str, str]


def found(text: str, lexicon: str = "default") -> set[Quad]:
    """(actor, issue, stance, act) of each position in ``text``."""
    return {
        (p.actor, p.issue, p.stance.value, p.act.value)
        for p in FINDERS[lexicon](Article(text=text))
    }


def rules(text: str, lexicon: str = "default") -> set[str]:
    """Every rule that fired on a finding of ``text``."""
    explanation = EXTRACTORS[lexicon].explain(text)
    return {step.rule for e in explanation.findings for step in e.trace}


class TestCueTies:
    """`PositionFinder.cues`: of two overlapping phrases as long, ``against`` wins."""

    LEXICON = Lexicon.from_dict(
        {
            "name": "corridor-talks",
            "actors": [{"name": "Armenia", "aliases": ["Yerevan"]}],
            "issues": [
                {
                    "id": "corridor",
                    "proposition": "a transit corridor opens",
                    "cues": ["corridor plan"],
                    "against": ["plan to block"],
                },
            ],
        }
    )

    @pytest.mark.parametrize(
        "text",
        [
            "Yerevan rejects the corridor plan to block the road.",
            "The corridor plan to block trucks was discussed.",
            "A corridor plan to block it: Yerevan's idea.",
        ],
    )
    def test_against_wins_a_tie(self, text: str) -> None:
        (cue,) = PositionFinder(self.LEXICON).cues(text)
        assert (cue.span.text, cue.polarity) == ("plan to block", -1)

    def test_the_longer_still_wins(self) -> None:
        lexicon = Lexicon.from_dict(
            {
                **self.LEXICON.to_dict(),
                "issues": [
                    {
                        "id": "corridor",
                        "proposition": "a transit corridor opens",
                        "cues": ["the corridor plan"],
                        "against": ["plan to block"],
                    }
                ],
            }
        )
        text = "Yerevan backs the corridor plan to block"
        (cue,) = PositionFinder(lexicon).cues(text)
        assert (cue.span.text, cue.polarity) == ("the corridor plan", 1)


class TestSecondPredicate:
    """``act.predicate``: a later act word with a predicate of its own governs."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Ukraine refuses to hold elections, and it rejects neutrality.",
                {
                    ("Ukraine", "elections", "opposes", "reject"),
                    ("Ukraine", "neutrality", "opposes", "reject"),
                },
            ),
            (
                (
                    "Kyiv has refused to hold early elections and it has also "
                    "rejected neutrality, officials said."
                ),
                {
                    ("Ukraine", "elections", "opposes", "reject"),
                    ("Ukraine", "neutrality", "opposes", "reject"),
                },
            ),
            (
                "Kyiv refuses to hold elections and Moscow rejects neutrality.",
                {
                    ("Ukraine", "elections", "opposes", "reject"),
                    ("Russia", "neutrality", "opposes", "reject"),
                },
            ),
            (
                "Russia refuses to withdraw its troops and insists on neutrality.",
                {
                    ("Russia", "troop_withdrawal", "opposes", "reject"),
                    ("Russia", "neutrality", "supports", "demand"),
                },
            ),
            (
                (
                    "The Kremlin rejects an unconditional ceasefire, proposes a "
                    "short truce instead."
                ),
                {
                    ("Russia", "ceasefire", "opposes", "reject"),
                    ("Russia", "ceasefire", "supports", "offer"),
                },
            ),
        ],
    )
    def test_default_lexicon(self, text: str, expected: set[Quad]) -> None:
        assert found(text) == expected
        assert "act.predicate" in rules(text)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Hamas refuses to release the hostages, and it rejects a truce.",
                {
                    ("Hamas", "hostage_release", "opposes", "reject"),
                    ("Hamas", "ceasefire", "opposes", "reject"),
                },
            ),
            (
                (
                    "Israel rejected a permanent ceasefire and Hamas welcomed aid "
                    "deliveries."
                ),
                {
                    ("Israel", "ceasefire", "opposes", "reject"),
                    ("Hamas", "aid_access", "supports", "accept"),
                },
            ),
        ],
    )
    def test_another_conflict(self, text: str, expected: set[Quad]) -> None:
        assert found(text, "hostages") == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # an infinitive after the party: still the first act word's
            (
                (
                    "The US wants Ukraine to hold elections and Russia to agree "
                    "to a ceasefire."
                ),
                {
                    ("United States", "elections", "supports", "demand"),
                    ("United States", "ceasefire", "supports", "demand"),
                },
            ),
            # parties listed together are one subject, not a new predicate
            (
                "Moscow wants Kyiv and the US to accept neutrality.",
                {("Russia", "neutrality", "supports", "demand")},
            ),
        ],
    )
    def test_no_second_predicate(self, text: str, expected: set[Quad]) -> None:
        assert found(text) == expected
        assert "act.predicate" not in rules(text)
