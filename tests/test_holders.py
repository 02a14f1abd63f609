"""Wrong actors: who is not the holder, though named next to the act.

The object of a directive verb ("Paris urged Moscow to ..."), the parties
after a preposition that governs a whole list ("the leaders of France and
Germany"), and a quote's claim about somebody else ("maybe he does not
want ...") do not hold the position.  Every sentence is written for these
tests, in several outlets' styles; the last case of each uses a lexicon of
another conflict (``examples/ceasefire_hostages.toml``).
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


def held(text: str, extractor: RuleExtractor = EXTRACTOR) -> set[tuple[str, str]]:
    """(actor, issue) of each position found."""
    return {
        (f.actor, f.issue)
        for f in extractor.extract(Article(text=text))
        if isinstance(f, Position)
    }


class TestDirectiveObjects:
    @pytest.mark.parametrize(
        ("text", "holder", "directed"),
        [
            (
                "Macron pressed Putin to agree to an immediate ceasefire.",
                "France",
                "Russia",
            ),
            (
                "On Tuesday Washington called on the Kremlin to accept a ceasefire.",
                "United States",
                "Russia",
            ),
            (
                "In a call late on Friday, Erdogan urged Zelensky to accept a truce.",
                "Turkey",
                "Ukraine",
            ),
            ("Moscow wants Kyiv to accept limits on its army.", "Russia", "Ukraine"),
        ],
    )
    def test_the_one_who_urges_holds_it(
        self, text: str, holder: str, directed: str
    ) -> None:
        actors = {actor for actor, _ in held(text)}
        assert holder in actors
        assert directed not in actors

    def test_told_that(self) -> None:
        """'X told Y that ...': what follows is X's, not Y's."""
        text = "Kyiv told Washington on Monday that it would never accept a ceasefire."
        assert held(text) == {("Ukraine", "ceasefire")}

    def test_a_verb_of_success_is_not_a_directive(self) -> None:
        """ "persuaded Kyiv to accept": Kyiv did accept."""
        text = "The mediators persuaded Kyiv to accept a ceasefire."
        assert held(text) == {("Ukraine", "ceasefire")}

    def test_another_conflict(self) -> None:
        text = "Qatar pressed Israel to agree to a truce before the holiday."
        assert held(text, HOSTAGES) == {("Qatar", "ceasefire")}


class TestListObjects:
    @pytest.mark.parametrize(
        "text",
        [
            "Zelensky met the leaders of France and Germany to urge a full ceasefire.",
            "Zelensky, in talks with Britain and France, called for a ceasefire.",
            (
                "After meeting envoys from Turkey, Britain and France, Zelensky "
                "called for a ceasefire."
            ),
        ],
    )
    def test_a_preposition_governs_the_whole_list(self, text: str) -> None:
        assert held(text) == {("Ukraine", "ceasefire")}

    def test_another_conflict(self) -> None:
        text = "Israel, after talks with Qatar and Egypt, agreed to a truce."
        assert held(text, HOSTAGES) == {("Israel", "ceasefire")}


class TestQuotedClaims:
    @pytest.mark.parametrize(
        "text",
        [
            "“Maybe he does not want a ceasefire at all,” Trump said of Putin.",
            "“They want a ceasefire only to regroup,” Kuleba said.",
            "Zelensky said: “He is not ready for a ceasefire, he never was.”",
        ],
    )
    def test_a_claim_about_another_is_no_position(self, text: str) -> None:
        assert held(text) == set()
        assert "position.quoted_other" in blocked_by(text, EXTRACTOR)

    @pytest.mark.parametrize(
        "text",
        [
            "“They must accept a ceasefire now,” Zelensky said.",
            "“We want a ceasefire,” Peskov said.",
        ],
    )
    def test_the_speakers_own_demand_stays(self, text: str) -> None:
        assert len(held(text)) == 1

    def test_another_conflict(self) -> None:
        text = "“They do not want a truce,” an Israeli official said of Hamas."
        assert held(text, HOSTAGES) == set()
        assert "position.quoted_other" in blocked_by(text, HOSTAGES)


class TestConditionalClauses:
    @pytest.mark.parametrize(
        "text",
        [
            (
                "Kyiv could live with the lines that Russia's army holds if a "
                "deal would offer a ceasefire."
            ),
            (
                "Officials in Washington, where Moscow's envoys met, said talks "
                "could go on if a deal offered a ceasefire."
            ),
            (
                "The land Russia's troops seized can wait if any agreement "
                "offers a ceasefire, the adviser said."
            ),
        ],
    )
    def test_a_party_before_if_does_not_act_in_the_clause(self, text: str) -> None:
        assert "Russia" not in {actor for actor, _ in held(text)}

    def test_a_comma_closes_the_condition(self) -> None:
        text = "Russia, if pressed, will agree to a ceasefire."
        assert held(text) == {("Russia", "ceasefire")}

    def test_another_conflict(self) -> None:
        text = (
            "Qatar said the hostages Hamas holds could come home if a deal "
            "offered a truce first."
        )
        assert "Hamas" not in {actor for actor, _ in held(text, HOSTAGES)}


class TestActAuthors:
    @pytest.mark.parametrize(
        ("text", "author", "other"),
        [
            (
                (
                    "Moscow criticised the proposals reportedly made by Washington "
                    "to deploy peacekeepers."
                ),
                "United States",
                "Russia",
            ),
            (
                (
                    "The conditions put forward by Putin to end the war are "
                    "unacceptable, Stoltenberg said."
                ),
                "Russia",
                "NATO",
            ),
            (
                (
                    "Kyiv rejected the terms tabled by Moscow on Friday, which "
                    "include neutrality."
                ),
                "Russia",
                "Ukraine",
            ),
        ],
    )
    def test_the_party_after_by_holds_it(
        self, text: str, author: str, other: str
    ) -> None:
        explanation = EXTRACTOR.explain(text)
        rules = {
            (f.finding.actor, step.rule)
            for f in explanation.findings
            for step in f.trace
            if isinstance(f.finding, Position) and step.rule.startswith("holder.")
        }
        assert (author, "holder.act_author") in rules
        assert other not in {actor for actor, _ in rules}

    def test_another_conflict(self) -> None:
        text = "Israel studied the demands submitted by Hamas for a truce."
        assert held(text, HOSTAGES) == {("Hamas", "ceasefire")}


class TestRecipients:
    """The object of a giving verb receives; the giver holds the position."""

    @pytest.mark.parametrize(
        ("text", "giver"),
        [
            (
                (
                    "Trump announced that the United States would supply Ukraine with "
                    "more weapons."
                ),
                "United States",
            ),
            (
                "Scholz said Germany would provide Ukraine with air defence weapons.",
                "Germany",
            ),
            (
                (
                    "France is supplying Kyiv with long-range weapons, Macron told "
                    "reporters."
                ),
                "France",
            ),
        ],
    )
    def test_the_giver_holds(self, text: str, giver: str) -> None:
        assert held(text) == {(giver, "foreign_weapons")}

    def test_another_conflict(self) -> None:
        text = "Sisi said Egypt presented Hamas with a new truce text."
        assert held(text, HOSTAGES) == {("Egypt", "ceasefire")}
