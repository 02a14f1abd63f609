"""Polarity and acts: which act word and which negations govern a cue.

Every sentence here is written for these tests, in several phrasings and
outlet styles, on the default lexicon and on the ceasefire-and-hostages
lexicon of ``examples/`` (another conflict, a user's lexicon).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacetalks.extract.cues import Signals
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.positions import PositionFinder
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article
from tests.explained import blocked_by

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


#: (lexicon, sentence, the position it states, the act rule that decides it)
NEGATED_ACTS = [
    # act.negated_offer: "would never agree to", "not ready for", "not willing to"
    (
        "default",
        "Kyiv would never agree to limits on its army.",
        ("Ukraine", "armed_forces_limits", "opposes", "reject"),
        "act.negated_offer",
    ),
    (
        "default",
        "Moscow is not ready for a ceasefire, the Kremlin said.",
        ("Russia", "ceasefire", "opposes", "reject"),
        "act.negated_offer",
    ),
    (
        "default",
        "“We will never agree to any truce,” Putin told reporters.",
        ("Russia", "ceasefire", "opposes", "reject"),
        "act.negated_offer",
    ),
    (
        "hostages",
        "Hamas is not willing to release the hostages.",
        ("Hamas", "hostage_release", "opposes", "reject"),
        "act.negated_offer",
    ),
    # act.negated_reject: "would not rule out" is openness, a statement
    (
        "default",
        "Kyiv has not ruled out early elections.",
        ("Ukraine", "elections", "supports", "statement"),
        "act.negated_reject",
    ),
    (
        "default",
        "Moscow did not reject a truce outright, Peskov said.",
        ("Russia", "ceasefire", "supports", "statement"),
        "act.negated_reject",
    ),
    (
        "default",
        "The Kremlin would not dismiss the idea of peacekeepers in Ukraine.",
        ("Russia", "foreign_troops", "supports", "statement"),
        "act.negated_reject",
    ),
    (
        "hostages",
        "Israel did not rule out a pause in the fighting.",
        ("Israel", "ceasefire", "supports", "statement"),
        "act.negated_reject",
    ),
    # act.accept_only_with: refusing what lacks X demands X
    (
        "default",
        "Ukraine will not accept any agreement lacking security guarantees.",
        ("Ukraine", "security_guarantees", "supports", "demand"),
        "act.accept_only_with",
    ),
    (
        "default",
        "Kyiv won't accept a deal without security guarantees, Zelensky said.",
        ("Ukraine", "security_guarantees", "supports", "demand"),
        "act.accept_only_with",
    ),
    (
        "default",
        "Zelensky said Kyiv would never accept a pact without security guarantees.",
        ("Ukraine", "security_guarantees", "supports", "demand"),
        "act.accept_only_with",
    ),
    (
        "hostages",
        "Israel will not accept any deal without the release of the hostages.",
        ("Israel", "hostage_release", "supports", "demand"),
        "act.accept_only_with",
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected", "rule"), NEGATED_ACTS)
def test_a_negated_act_word_changes_the_act(
    lexicon: str, text: str, expected: Quad, rule: str
) -> None:
    assert found(text, lexicon) == {expected}
    assert rule in rules(text, lexicon)


def test_an_offer_not_to_is_still_an_offer() -> None:
    """The negation after the offer word negates the cue, not the offer."""
    text = "Ukraine offered not to join NATO."
    assert found(text) == {("Ukraine", "nato_membership", "opposes", "offer")}
    assert "act.negated_offer" not in rules(text)


#: (lexicon, sentence, the position it states): the grammar's polarity words
POLARITY_WORDS = [
    # "has yet to" negates; "sign off on" accepts
    ("default", "Ukraine has yet to sign off on a ceasefire.",
     ("Ukraine", "ceasefire", "opposes", "reject")),
    ("default", "Washington had yet to sign off on the deployment of troops.",
     ("United States", "foreign_troops", "opposes", "reject")),
    ("hostages", "Hamas has yet to sign off on a truce.",
     ("Hamas", "ceasefire", "opposes", "reject")),
    # "balked at", "pushed back against": reject words
    ("default", "The Kremlin balked at an unconditional ceasefire.",
     ("Russia", "ceasefire", "opposes", "reject")),
    ("default", "Kyiv has balked at any talk of neutrality.",
     ("Ukraine", "neutrality", "opposes", "reject")),
    ("default", "Kyiv is pushing back against calls for neutrality.",
     ("Ukraine", "neutrality", "opposes", "reject")),
    ("hostages", "Israel balked at a permanent ceasefire.",
     ("Israel", "ceasefire", "opposes", "reject")),
    # "unwilling to", "reluctant to", "loath to": negations
    ("default", "Russia is unwilling to accept a ceasefire.",
     ("Russia", "ceasefire", "opposes", "reject")),
    ("default", "Kyiv is reluctant to hold elections.",
     ("Ukraine", "elections", "opposes", "statement")),
    ("default", "Moscow appears loath to halt the fighting.",
     ("Russia", "ceasefire", "opposes", "statement")),
    ("hostages", "Hamas is reluctant to free the hostages.",
     ("Hamas", "hostage_release", "opposes", "statement")),
    # "premature", "too early to": a deferral opposes
    ("default", "Germany said it was premature to discuss a peacekeeping mission.",
     ("Germany", "foreign_troops", "opposes", "statement")),
    ("default", "It is premature to talk about a ceasefire, Peskov said.",
     ("Russia", "ceasefire", "opposes", "statement")),
    ("default", "Berlin says it is too early to discuss peacekeepers.",
     ("Germany", "foreign_troops", "opposes", "statement")),
    ("hostages", "Qatar said it was premature to discuss a truce.",
     ("Qatar", "ceasefire", "opposes", "statement")),
]  # fmt: skip


@pytest.mark.parametrize(("lexicon", "text", "expected"), POLARITY_WORDS)
def test_polarity_words(lexicon: str, text: str, expected: Quad) -> None:
    assert found(text, lexicon) == {expected}


#: (lexicon, sentence, positions): what follows *if* after an offer is asked
OFFERED_CONDITIONS = [
    (
        "default",
        "Russia would agree to a ceasefire if Ukraine drops its NATO bid.",
        {
            ("Russia", "ceasefire", "supports", "offer"),
            ("Russia", "nato_membership", "opposes", "demand"),
        },
    ),
    (
        "default",
        "Kyiv is prepared to hold elections if the West provides security guarantees.",
        {
            ("Ukraine", "elections", "supports", "offer"),
            ("Ukraine", "security_guarantees", "supports", "demand"),
        },
    ),
    (
        "default",
        (
            "“We are ready for a ceasefire if Ukraine gives up its bid to join NATO,” "
            "Lavrov said."
        ),
        {
            ("Russia", "ceasefire", "supports", "offer"),
            ("Russia", "nato_membership", "opposes", "demand"),
        },
    ),
    (
        "hostages",
        (
            "Hamas is willing to release the hostages if Israel agrees to a "
            "permanent ceasefire."
        ),
        {
            ("Hamas", "hostage_release", "supports", "offer"),
            ("Hamas", "ceasefire", "supports", "demand"),
        },
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected"), OFFERED_CONDITIONS)
def test_if_after_an_offer_is_a_demand(
    lexicon: str, text: str, expected: set[Quad]
) -> None:
    assert found(text, lexicon) == expected
    assert "act.bargain_if" in rules(text, lexicon)


def test_if_after_a_refusal_is_no_demand() -> None:
    """A negated offer sets no condition: nothing after *if* is Moscow's."""
    text = "Moscow is not ready to halt the war if Ukraine joins NATO."
    assert not any(actor == "Russia" for actor, *_ in found(text))
    assert "act.bargain_if" not in rules(text)


#: (lexicon, text, positions): "rejected it" answers what was proposed
PRONOUN_ANSWERS = [
    (
        "default",
        "Zelensky proposed a ceasefire in March, but Russia rejected it.",
        {
            ("Ukraine", "ceasefire", "supports", "offer"),
            ("Russia", "ceasefire", "opposes", "reject"),
        },
    ),
    (
        "default",
        "Washington offered a ceasefire. The Kremlin rejected it outright.",
        {
            ("United States", "ceasefire", "supports", "offer"),
            ("Russia", "ceasefire", "opposes", "reject"),
        },
    ),
    (
        "default",
        "Russia proposed a prisoner exchange, and Ukraine accepted it.",
        {
            ("Russia", "prisoner_exchange", "supports", "offer"),
            ("Ukraine", "prisoner_exchange", "supports", "accept"),
        },
    ),
    (
        "hostages",
        "Egypt proposed a truce on Sunday. Israel has rejected that.",
        {
            ("Egypt", "ceasefire", "supports", "offer"),
            ("Israel", "ceasefire", "opposes", "reject"),
        },
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected"), PRONOUN_ANSWERS)
def test_a_pronoun_answers_the_proposal_before(
    lexicon: str, text: str, expected: set[Quad]
) -> None:
    assert found(text, lexicon) == expected
    assert "act.answer" in rules(text, lexicon)


@pytest.mark.parametrize(
    "text",
    [
        # "that" opens a clause here: nothing is answered
        "Russia demanded neutrality. Kyiv rejected that Moscow had any say.",
        # the answer comes before the proposal
        "Kyiv rejected it, and Russia wants a ceasefire.",
    ],
)
def test_no_pronoun_answer(text: str) -> None:
    assert not any(actor == "Ukraine" for actor, *_ in found(text))
    assert "act.answer" not in rules(text)


#: (lexicon, text, position, act rule): act words the no-reason cues lacked
ACT_WORDS = [
    # act.demand_after: a cue said to be a condition is the speaker's demand
    (
        "default",
        (
            "Putin stressed that “an end to Western arms supplies to Ukraine” must "
            "be a key condition for any settlement."
        ),
        ("Russia", "foreign_weapons", "opposes", "demand"),
        "act.demand_after",
    ),
    (
        "default",
        "Lifting sanctions is a precondition for talks, Lavrov said.",
        ("Russia", "sanctions_relief", "supports", "demand"),
        "act.demand_after",
    ),
    (
        "default",
        (
            "For Kyiv, the withdrawal of Russian troops remains the main condition "
            "for peace, Zelensky said."
        ),
        ("Ukraine", "troop_withdrawal", "supports", "demand"),
        "act.demand_after",
    ),
    (
        "hostages",
        (
            "The release of the hostages is a precondition for any deal, Israeli "
            "negotiators said."
        ),
        ("Israel", "hostage_release", "supports", "demand"),
        "act.demand_after",
    ),
    # "needed to": a deontic demand word, held by whoever says it
    (
        "default",
        (
            "The Kremlin said any settlement needed to recognise Russia's control "
            "of the annexed regions."
        ),
        ("Russia", "occupied_territory", "supports", "demand"),
        "act.word",
    ),
    (
        "default",
        "Any deal needed to include security guarantees, Zelensky told reporters.",
        ("Ukraine", "security_guarantees", "supports", "demand"),
        "act.word",
    ),
    (
        "hostages",
        "Any deal needed to include the release of the hostages, Israel said.",
        ("Israel", "hostage_release", "supports", "demand"),
        "act.word",
    ),
    # "might provide", "could provide": an offer
    (
        "default",
        (
            "Trump suggested that Washington might provide security guarantees to "
            "Ukraine."
        ),
        ("United States", "security_guarantees", "supports", "offer"),
        "act.word",
    ),
    (
        "default",
        "Germany could provide peacekeepers for Ukraine, officials in Berlin said.",
        ("Germany", "foreign_troops", "supports", "offer"),
        "act.word",
    ),
    (
        "hostages",
        "Egypt would provide aid trucks at the Rafah crossing.",
        ("Egypt", "aid_access", "supports", "offer"),
        "act.word",
    ),
    # "readiness for": an offer, and what follows "if" its condition
    (
        "default",
        (
            "Putin signalled his readiness for a truce if Kyiv renounces NATO "
            "membership."
        ),
        ("Russia", "ceasefire", "supports", "offer"),
        "act.word",
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected", "rule"), ACT_WORDS)
def test_act_words(lexicon: str, text: str, expected: Quad, rule: str) -> None:
    assert expected in found(text, lexicon)
    assert rule in rules(text, lexicon)


def test_a_condition_nobody_states_is_no_position() -> None:
    """An analyst's "is a condition" names nobody's demand."""
    assert found("The ceasefire is a condition of the deal, analysts say.") == set()


#: (lexicon, text): a party a negative condition is put to states no position
#: (`position.condition_party`, which the polarity work first wrote as its own rule)
SUPPOSED = [
    (
        "default",
        (
            "The statement said that if Russia fails to agree to a full ceasefire, "
            "it would face tougher sanctions."
        ),
    ),
    (
        "default",
        (
            "If Moscow does not pay reparations, we will use the frozen assets, the "
            "chancellor said."
        ),
    ),
    (
        "default",
        "Unless Kyiv drops its NATO bid, the war will go on, officials warned.",
    ),
    (
        "hostages",
        "If Hamas refuses to release the hostages, Israel will expand the operation.",
    ),
]


@pytest.mark.parametrize(("lexicon", "text"), SUPPOSED)
def test_a_negative_condition_is_no_position(lexicon: str, text: str) -> None:
    assert found(text, lexicon) == set()
    assert "position.condition_party" in blocked_by(text, EXTRACTORS[lexicon])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a positive condition may state terms (dev NOTES-a, call 3)
        (
            (
                "The draft foresees a ceasefire if Kyiv declares neutrality and "
                "accepts limits on its army."
            ),
            {("Ukraine", "armed_forces_limits", "supports", "accept")},
        ),
        # a bargain's asker is named before its condition
        (
            "Russia would agree to a ceasefire if Ukraine drops its NATO bid.",
            {
                ("Russia", "ceasefire", "supports", "offer"),
                ("Russia", "nato_membership", "opposes", "demand"),
            },
        ),
    ],
)
def test_not_supposed(text: str, expected: set[Quad]) -> None:
    assert found(text) == expected
    assert "position.condition_party" not in blocked_by(text, EXTRACTORS["default"])


#: (lexicon, text): a verb of saying, negated, negates no cue after it
UNSAID = [
    ("default", "Washington did not mention lifting sanctions in its statement."),
    ("default", "Vance did not clarify who would oversee the demilitarised zone."),
    ("default", "The Kremlin has not publicly discussed security guarantees."),
    ("hostages", "Israel didn't mention the hostage release in its statement."),
]


@pytest.mark.parametrize(("lexicon", "text"), UNSAID)
def test_what_is_not_mentioned_is_no_stance(lexicon: str, text: str) -> None:
    """The negation does not reach the cue, and `position.unsaid` blocks it."""
    assert found(text, lexicon) == set()
    assert blocked_by(text, EXTRACTORS[lexicon]) == ["position.unsaid"]


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv will not accept a ceasefire.",
        # the negation governs "agree", not "discuss"
        "Kyiv said it would never agree to discuss a ceasefire.",
    ],
)
def test_a_negated_act_still_negates(text: str) -> None:
    assert found(text) == {("Ukraine", "ceasefire", "opposes", "reject")}


#: (lexicon, text): a negated offer or acceptance keeps to what it negates
NEGATED_ACT_SCOPE = [
    # to its clause
    (
        "default",
        "Moscow will not agree to the plan, while a ceasefire remains possible.",
    ),
    ("default", "Russia is not ready for talks, but a ceasefire remains on the table."),
    (
        "default",
        "Kyiv has not accepted the draft, though security guarantees are in it.",
    ),
    ("hostages", "Hamas is not willing to sign, but a truce is still being discussed."),
    # within its clause, not past a comma its negation stops at
    (
        "default",
        (
            "While Washington is not yet ready for Ukraine to join NATO, talks on "
            "security guarantees are underway."
        ),
    ),
]


@pytest.mark.parametrize(("lexicon", "text"), NEGATED_ACT_SCOPE)
def test_a_negated_act_keeps_to_its_scope(lexicon: str, text: str) -> None:
    """Nobody offers what comes after a refusal's reach."""
    assert not any(stance == "supports" for _, _, stance, _ in found(text, lexicon))


def test_out_of_reach_is_traced() -> None:
    text = (
        "While Washington is not yet ready for Ukraine to join NATO, talks on "
        "security guarantees are underway."
    )
    explanation = EXTRACTORS["default"].explain(text)
    (blocked,) = [
        b for b in explanation.blocked if b.span.text == "security guarantees"
    ]
    assert "act.out_of_reach" in [step.rule for step in blocked.trace]
    assert found(text) == {("United States", "nato_membership", "opposes", "reject")}


#: (lexicon, text, position): a verb of giving up does not reach the verbs
#: coordinated after it
GIVING_UP_SCOPE = [
    (
        "default",
        (
            "Moscow demands that Kyiv abandon NATO, recognise the separatist "
            "republics as independent and recognise Crimea as Russian."
        ),
        ("Russia", "donbas_recognition", "supports", "demand"),
    ),
    (
        "default",
        (
            "Russia demands that Ukraine drops its NATO bid and accepts limits on "
            "its army."
        ),
        ("Russia", "armed_forces_limits", "supports", "demand"),
    ),
    (
        "default",
        (
            "The Kremlin wants Kyiv to renounce its alliance plans, and to accept "
            "neutrality."
        ),
        ("Russia", "neutrality", "supports", "demand"),
    ),
    (
        "hostages",
        (
            "Israel demands that Hamas give up its weapons, release the hostages "
            "and accept a truce."
        ),
        ("Israel", "hostage_release", "supports", "demand"),
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected"), GIVING_UP_SCOPE)
def test_giving_up_keeps_to_its_object(lexicon: str, text: str, expected: Quad) -> None:
    assert expected in found(text, lexicon)


def test_giving_up_still_negates_its_object() -> None:
    assert found("Moscow abandoned its demands for neutrality.") == {
        ("Russia", "neutrality", "opposes", "demand")
    }


@pytest.mark.parametrize(
    "text",
    [
        "The convoy brought badly needed fuel.",
        "Kyiv got much-needed air defence systems.",
        "Donors sent urgently needed aid trucks.",
    ],
)
def test_an_adjective_need_is_no_demand(text: str) -> None:
    """ "badly needed weapons": a description, not a party's demand."""
    signals = Signals.of(HOSTAGES.grammar).find(text)
    assert [s for s in signals if s.kind == "demand"] == []


def test_a_verb_need_is_a_demand() -> None:
    signals = Signals.of(HOSTAGES.grammar).find("Kyiv badly needs more air defence.")
    assert [s.text for s in signals if s.kind == "demand"] == ["needs"]


#: (lexicon, text, positions): ", and X is off the table" judges X only, and
#: the negations before it are another predicate's
OWN_VERDICT = [
    (
        "default",
        "Kyiv is not ready for a ceasefire, and neutrality is off the table.",
        {
            ("Ukraine", "ceasefire", "opposes", "reject"),
            ("Ukraine", "neutrality", "opposes", "reject"),
        },
    ),
    (
        "default",
        (
            "Kyiv rejected a ceasefire, and neutrality is out of the question, "
            "Zelensky said."
        ),
        {
            ("Ukraine", "ceasefire", "opposes", "reject"),
            ("Ukraine", "neutrality", "opposes", "reject"),
        },
    ),
    (
        "default",
        (
            "Moscow will never accept NATO troops, and a ceasefire is unacceptable "
            "too, Peskov said."
        ),
        {
            ("Russia", "foreign_troops", "opposes", "reject"),
            ("Russia", "ceasefire", "opposes", "reject"),
        },
    ),
    (
        "hostages",
        "Hamas will not free the hostages, and a truce is off the table.",
        {
            ("Hamas", "hostage_release", "opposes", "statement"),
            ("Hamas", "ceasefire", "opposes", "statement"),
        },
    ),
    # a list shares its verdict
    (
        "default",
        "Neutrality, disarmament and a ceasefire are unacceptable, Zelensky said.",
        {
            ("Ukraine", "neutrality", "opposes", "statement"),
            ("Ukraine", "armed_forces_limits", "opposes", "statement"),
            ("Ukraine", "ceasefire", "opposes", "statement"),
        },
    ),
]


@pytest.mark.parametrize(("lexicon", "text", "expected"), OWN_VERDICT)
def test_a_verdict_judges_its_own_subject(
    lexicon: str, text: str, expected: set[Quad]
) -> None:
    assert found(text, lexicon) == expected
