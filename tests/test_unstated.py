"""Cues that name an issue but state no position of the party next to them.

What a party did not mention or clarify (``position.unsaid``), what a
threat or a precondition puts to a party ("if Moscow fails to accept a
truce, it will face sanctions", ``position.condition_party``), and an
event of a past year the writer narrates ("Russia's 2014 annexation of
Crimea", ``position.past_event``); and a cleft's negation, which picks
the party, not the act ("It is not Kyiv that must withdraw, but Moscow",
``negation.not_negating``).  Every
sentence is written for these tests, in several outlets' styles; the last
case of each uses a lexicon of another conflict
(``examples/ceasefire_hostages.toml``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Position
from tests.explained import blocked_by

EXTRACTOR = RuleExtractor()
HOSTAGES = RuleExtractor(
    Lexicon.from_toml(
        Path(__file__).parents[1] / "examples" / "ceasefire_hostages.toml"
    )
)


def held(text: str, extractor: RuleExtractor = EXTRACTOR) -> set[tuple[str, str, str]]:
    """(actor, issue, stance) of each position found."""
    return {
        (f.actor, f.issue, f.stance)
        for f in extractor.extract(Article(text=text))
        if isinstance(f, Position)
    }


class TestUnsaid:
    @pytest.mark.parametrize(
        "text",
        [
            "The Kremlin did not mention sanctions relief in its readout of the call.",
            "Asked twice, Rubio would not say who would patrol the demilitarized zone.",
            "Moscow's envoy declined to comment on the ceasefire proposal.",
            (
                "The White House hasn't clarified whether NATO membership is off the "
                "table."
            ),
        ],
    )
    def test_a_negated_reporting_verb_states_nothing(self, text: str) -> None:
        assert held(text) == set()
        blocked = blocked_by(text, EXTRACTOR)
        assert "position.unsaid" in blocked or "position.epistemic" in blocked

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            (
                "Kyiv did not mention the talks, but it rejected a ceasefire.",
                ("Ukraine", "ceasefire", "opposes"),
            ),
            (
                "Russia does not want a ceasefire, Peskov said.",
                ("Russia", "ceasefire", "opposes"),
            ),
        ],
    )
    def test_other_negations_still_count(
        self, text: str, found: tuple[str, str, str]
    ) -> None:
        assert found in held(text)
        assert "position.unsaid" not in blocked_by(text, EXTRACTOR)

    def test_another_conflict(self) -> None:
        text = "Hamas did not mention the release of the hostages in its statement."
        assert held(text, HOSTAGES) == set()
        assert "position.unsaid" in blocked_by(text, HOSTAGES)


class TestConditionPutToAParty:
    @pytest.mark.parametrize(
        "text",
        [
            "If Moscow fails to accept a full ceasefire, it will face new sanctions.",
            (
                "Brussels warned that unless the Kremlin agrees to a truce by Monday, "
                "tariffs would follow."
            ),
            "Berlin said it would seize the assets if Moscow did not pay reparations.",
            "The reserves stay frozen until Russia pays reparations, the EU said.",
        ],
    )
    def test_the_party_in_the_condition_takes_nothing(self, text: str) -> None:
        assert not any(actor == "Russia" for actor, _, _ in held(text))
        assert "position.condition_party" in blocked_by(text, EXTRACTOR)

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            (
                (
                    "The draft offers a ceasefire if Kyiv accepts limits on its armed "
                    "forces."
                ),
                ("Ukraine", "armed_forces_limits", "supports"),
            ),
            (
                (
                    "Moscow says it is ready for a truce if Kyiv gives up its bid to "
                    "join NATO."
                ),
                ("Russia", "ceasefire", "supports"),
            ),
        ],
    )
    def test_a_bargains_own_terms_stay(
        self, text: str, found: tuple[str, str, str]
    ) -> None:
        assert found in held(text)
        assert "position.condition_party" not in blocked_by(text, EXTRACTOR)

    def test_another_conflict(self) -> None:
        text = "If Hamas refuses to accept the truce, Israel will widen its operation."
        assert ("Hamas", "ceasefire", "supports") not in held(text, HOSTAGES)
        assert "position.condition_party" in blocked_by(text, HOSTAGES)


class TestPastEvents:
    @pytest.mark.parametrize(
        ("text", "kept"),
        [
            (
                (
                    "Kyiv insists on Western guarantees after Russia's 2014 annexation "
                    "of Crimea."
                ),
                set(),
            ),
            (
                (
                    "The Donbas has been contested since 2014, when separatists backed "
                    "by Moscow declared breakaway republics."
                ),
                set(),
            ),
            (
                (
                    "Ukraine has demanded security guarantees ever since the 2014 "
                    "annexation of Crimea by Russia."
                ),
                {("Ukraine", "security_guarantees", "supports")},
            ),
        ],
    )
    def test_an_event_of_a_past_year_is_history(
        self, text: str, kept: set[tuple[str, str, str]]
    ) -> None:
        assert held(text) == kept
        assert "position.past_event" in blocked_by(text, EXTRACTOR)

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            (
                "Russia demands that Kyiv recognise the annexation of Crimea.",
                ("Russia", "crimea_recognition", "supports"),
            ),
            (
                "Putin said a draft from 2022 prohibited foreign troops in Ukraine.",
                ("Russia", "foreign_troops", "opposes"),
            ),
        ],
    )
    def test_a_stance_stays(self, text: str, found: tuple[str, str, str]) -> None:
        assert found in held(text)
        assert "position.past_event" not in blocked_by(text, EXTRACTOR)

    def test_another_conflict(self) -> None:
        text = "Hamas has demanded a full truce since the 2024 release of the hostages."
        assert held(text, HOSTAGES) == {("Hamas", "ceasefire", "supports")}
        assert "position.past_event" in blocked_by(text, HOSTAGES)


class TestCleftNegation:
    """In "It is not X that must ..., but Y" the negation picks the party."""

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            (
                (
                    "It is not Ukraine that should withdraw its troops from Ukrainian "
                    "land, but Russia, Stoltenberg said."
                ),
                ("NATO", "troop_withdrawal", "supports"),
            ),
            (
                (
                    "The EU says it is not the Ukrainians who must withdraw their "
                    "forces but the Russian army."
                ),
                ("European Union", "troop_withdrawal", "supports"),
            ),
            (
                (
                    "“It is not Israel that must release the hostages, it is Hamas,” a "
                    "Qatari official said."
                ),
                ("Qatar", "hostage_release", "supports"),
            ),
        ],
    )
    def test_the_act_stays_asked(self, text: str, found: tuple[str, str, str]) -> None:
        extractor = HOSTAGES if "Israel" in text else EXTRACTOR
        assert held(text, extractor) == {found}

    def test_a_plain_negation_still_counts(self) -> None:
        text = "Russia is not ready to withdraw its troops, Peskov said."
        assert held(text) == {("Russia", "troop_withdrawal", "opposes")}
