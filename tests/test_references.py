"""Holders across sentences: titled persons, pronouns and joint descriptions.

Every sentence here is written for these tests, in the styles of wire copy,
analysis and live blogs; the last cases use a lexicon of another conflict
(``examples/ceasefire_hostages.toml``, plus a joint actor) so that the
rules cannot lean on Russia-Ukraine names.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.extract.actors import ActorFinder
from peacetalks.extract.pipeline import RuleExtractor
from peacetalks.extract.references import (
    REFERENCE,
    References,
    joint_named,
    resolve_references,
    with_titled,
)
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Position

EXTRACTOR = RuleExtractor()
FINDER = ActorFinder()
REFS = References.of(FINDER)
HOSTAGES = Lexicon.from_toml(
    Path(__file__).parents[1] / "examples" / "ceasefire_hostages.toml"
)


def _with_joint(lexicon: Lexicon) -> Lexicon:
    """The hostages lexicon with a joint actor of its two parties."""
    data = lexicon.to_dict()
    actors = data["actors"]
    assert isinstance(actors, list)
    actors.append(
        {"name": "Israel and Hamas", "kind": "joint", "members": ["Israel", "Hamas"]}
    )
    return Lexicon.from_dict(data)


HOSTAGES_JOINT = _with_joint(HOSTAGES)


def positions(text: str, extractor: RuleExtractor = EXTRACTOR) -> list[Position]:
    return [f for f in extractor.extract(Article(text=text)) if isinstance(f, Position)]


def holders(text: str, extractor: RuleExtractor = EXTRACTOR) -> list[tuple[str, str]]:
    """(actor, holder rule) of each position found."""
    explanation = extractor.explain(text)
    out = []
    for found in explanation.findings:
        finding = found.finding
        if not isinstance(finding, Position):
            continue
        rule = next(s.rule for s in found.trace if s.rule.startswith("holder."))
        out.append((finding.actor, rule))
    return out


class TestTitledPersons:
    @pytest.mark.parametrize(
        ("text", "name", "actor"),
        [
            ("Turkish Foreign Minister Hakan Fidan arrived.", "Hakan Fidan", "Turkey"),
            (
                "Talks opened as Ukraine's chief negotiator Rustem Umerov spoke.",
                "Rustem Umerov",
                "Ukraine",
            ),
            (
                "The Russian deputy foreign minister Mikhail Galuzin said no.",
                "Mikhail Galuzin",
                "Russia",
            ),
            (
                "Egyptian Intelligence Chief Hassan Rashad flew in on Sunday.",
                "Hassan Rashad",
                "Egypt",
            ),
        ],
    )
    def test_a_title_after_a_party_names_its_person(
        self, text: str, name: str, actor: str
    ) -> None:
        finder = ActorFinder(HOSTAGES) if "Egyptian" in text else FINDER
        found = with_titled(text, finder.find(text), References.of(finder))
        people = [(m.speaker, m.actor) for m in found if m.speaker is not None]
        assert people == [(name, actor)]

    @pytest.mark.parametrize(
        "text",
        [
            "Russian officials Thursday said the talks were over.",
            "Russia's Foreign Ministry said talks will resume.",
            "Ukrainian President Volodymyr Zelensky spoke.",  # the lexicon's own
        ],
    )
    def test_no_new_person_without_a_name(self, text: str) -> None:
        found = with_titled(text, FINDER.find(text), REFS)
        assert found == FINDER.find(text)

    def test_a_title_of_an_unknown_party_speaks_for_nobody(self) -> None:
        text = "Finland's Defence Minister Antti Hakkanen proposed it."
        found = with_titled(text, FINDER.find(text), REFS)
        assert [(m.speaker, m.actor) for m in found] == [("Antti Hakkanen", None)]

    def test_the_surname_alone_names_the_person_again(self) -> None:
        text = (
            "Turkish Foreign Minister Hakan Fidan hosted the talks. "
            "“We want an immediate ceasefire,” Fidan said."
        )
        (position,) = positions(text)
        assert (position.actor, position.speaker, position.issue) == (
            "Turkey",
            "Hakan Fidan",
            "ceasefire",
        )


class TestPronouns:
    @pytest.mark.parametrize(
        ("text", "actor"),
        [
            # wire copy: the person, then "He" opening the next paragraph
            (
                (
                    "Zelensky arrived in Brussels on Monday.\n"
                    "He also called for an all-for-all exchange of prisoners."
                ),
                "Ukraine",
            ),
            # analysis: the pronoun after a clause, the person two sentences back
            (
                (
                    "Peskov spoke to reporters. The talks had stalled for weeks. "
                    "Asked about the talks, he rejected any ceasefire."
                ),
                "Russia",
            ),
            # a titled person the lexicon does not know
            (
                (
                    "Turkish Foreign Minister Hakan Fidan met both delegations. "
                    "She later said nothing; he demanded a truce."
                ),
                "Turkey",
            ),
        ],
    )
    def test_he_holds_for_the_last_person_named(self, text: str, actor: str) -> None:
        assert holders(text) == [(actor, "holder.reference")]

    @pytest.mark.parametrize(
        ("text", "actor"),
        [
            (
                (
                    "Turkish Foreign Minister Hakan Fidan met Zelensky in Kyiv. "
                    "He called for a ceasefire."
                ),
                "Turkey",
            ),
            ("Putin told Trump by phone on Tuesday. He rejected a truce.", "Russia"),
            (
                (
                    "On Friday Erdogan hosted Zelensky and Peskov.\n"
                    "He then demanded an immediate ceasefire."
                ),
                "Turkey",
            ),
        ],
    )
    def test_he_is_the_subject_of_the_sentence_before(
        self, text: str, actor: str
    ) -> None:
        """The first person of the last sentence naming one, not the last."""
        assert holders(text) == [(actor, "holder.reference")]

    def test_she_after_an_unknown_titled_subject_holds_nothing(self) -> None:
        text = (
            "Finnish Foreign Minister Elina Valtonen met Zelensky in Kyiv. "
            "She called for a ceasefire."
        )
        assert holders(text) == []

    def test_the_nearest_subject_wins_over_an_earlier_name(self) -> None:
        """ "Moscow's envoy left, and he rejected ..." is his, not Moscow's."""
        text = (
            "Zelensky was in Kyiv. Moscow's envoy left early, and he rejected a truce."
        )
        (position,) = positions(text)
        assert (position.actor, position.stance.value) == ("Ukraine", "opposes")

    def test_a_pronoun_in_a_quote_is_not_resolved(self) -> None:
        """Inside a quote "he" is someone the speaker talks about."""
        text = "Trump spoke. “Maybe he wants a ceasefire,” Peskov said."
        doc = EXTRACTOR.read(Article(text=text))
        assert [doc.references(i) for i in range(len(doc.speech))] == [(), ()]

    def test_a_pronoun_after_an_unknown_titled_person_holds_nothing(self) -> None:
        """He stands for the person named last, who speaks for no known party."""
        text = (
            "Peskov said talks would go on. "
            "Finland's Defence Minister Antti Hakkanen arrived later. "
            "He called for a ceasefire."
        )
        assert holders(text) == []

    def test_another_conflict(self) -> None:
        extractor = RuleExtractor(HOSTAGES)
        text = (
            "Egyptian Intelligence Chief Hassan Rashad flew to Doha on Sunday. "
            "He called for a truce before the holiday."
        )
        assert holders(text, extractor) == [("Egypt", "holder.reference")]


class TestJointDescriptions:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Both delegations agreed to a truce.",
            "After a long night the two delegations agreed to a truce.",
            "Mediators said on Friday that the warring parties had agreed to a truce.",
        ],
    )
    def test_both_parties_stand_for_the_joint_actor(self, sentence: str) -> None:
        extractor = RuleExtractor(HOSTAGES_JOINT)
        text = f"Israel and Hamas met in Cairo. {sentence}"
        found = {(p.actor, p.issue) for p in positions(text, extractor)}
        assert {("Israel", "ceasefire"), ("Hamas", "ceasefire")} <= found

    def test_no_joint_actor_before_both_were_named(self) -> None:
        text = "The two delegations agreed."
        refs = References.of(ActorFinder(HOSTAGES_JOINT))
        found = resolve_references(
            text, (), (), None, joint_named(refs, {"Israel": 0}), refs
        )
        assert found == ()

    def test_a_resolved_description_is_a_reference(self) -> None:
        refs = References.of(ActorFinder(HOSTAGES_JOINT))
        joint = joint_named(refs, {"Israel": 0, "Hamas": 1})
        (found,) = resolve_references(
            "Both delegations agreed.", (), (), None, joint, refs
        )
        assert (found.kind, found.actor, found.text) == (
            REFERENCE,
            "Israel and Hamas",
            "Both delegations",
        )


@given(st.text(max_size=200))
def test_titled_persons_never_overlap_and_keep_their_text(text: str) -> None:
    """On any text, the persons found are real substrings and never overlap."""
    found = with_titled(text, FINDER.find(text), REFS, {})
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    spans = sorted((m.start, m.end) for m in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


class TestQuoteParagraphs:
    """A run of quote-only paragraphs is one speaker's, for positions and demands."""

    @pytest.mark.parametrize(
        ("opening", "actor"),
        [
            ("Peskov spoke to reporters on Monday.", "Russia"),
            ("“The talks will go on,” Peskov told reporters.", "Russia"),
            ("In an interview, Zelensky was blunt.", "Ukraine"),
        ],
    )
    def test_the_third_paragraph_is_still_the_speakers(
        self, opening: str, actor: str
    ) -> None:
        text = (
            f"{opening}\n“Nothing is agreed yet.”\n“We are patient.”\n"
            "“Kyiv's army must not exceed 85,000 troops, and there will be no "
            "ceasefire before that.”"
        )
        found = EXTRACTOR.extract(Article(text=text))
        demands = [(f.actor, f.metric) for f in found if not isinstance(f, Position)]
        held = [(p.actor, p.issue) for p in found if isinstance(p, Position)]
        assert demands == [(actor, "troops")]
        assert (actor, "ceasefire") in held

    def test_another_conflict(self) -> None:
        extractor = RuleExtractor(HOSTAGES)
        text = (
            "Egyptian Intelligence Chief Hassan Rashad spoke in Cairo.\n"
            "“The talks are hard.”\n“Both sides are tired.”\n"
            "“We want a truce before the holiday.”"
        )
        held = [p.actor for p in positions(text, extractor)]
        assert held == ["Egypt"]

    @pytest.mark.parametrize(
        "named",
        [
            # an interviewer's question names whom it asks about
            "Can you trust Trump on this?",
            # a quote names whom it talks about
            "“I will not speak for Trump,” the minister added.",
        ],
    )
    def test_a_person_named_in_a_question_or_quote_is_not_the_next_speaker(
        self, named: str
    ) -> None:
        text = f"{named}\n“We want a ceasefire within days.”"
        doc = EXTRACTOR.read(Article(text=text))
        assert [q.speaker for q in doc.speech[-1].quotes] == [None]


class TestQuotedBargains:
    @pytest.mark.parametrize(
        "quote",
        [
            "“They were ready to stop the war if we agreed to neutrality.”",
            "“They would sign a ceasefire if we gave up NATO membership.”",
            "“He offered to end the war if we stayed out of NATO.”",
        ],
    )
    def test_what_another_party_asks_is_not_the_speakers(self, quote: str) -> None:
        text = f"Arakhamia spoke on television.\n{quote}"
        assert positions(text) == []

    def test_the_speakers_own_bargain_stays(self) -> None:
        text = "Arakhamia spoke.\n“We would accept neutrality if they withdrew.”"
        assert [(p.actor, p.issue) for p in positions(text)] == [
            ("Ukraine", "neutrality")
        ]
