"""Tests for `peacetalks.extract.positions`: stances on issues, with evidence."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks.evaluate import evaluate, read_gold
from peacetalks.extract.cues import Signals
from peacetalks.extract.positions import (
    PRODUCER,
    PositionFinder,
    _Gate,
    _Gates,
    _Language,
    _language,
    _lowered,
    _negation_words,
    _openings,
    extract_positions,
)
from peacetalks.grammar import Category
from peacetalks.lexicon import Lexicon
from peacetalks.model import Act, Article, Modality, Position, Stance

from .strategies import texts

FINDER = PositionFinder()
GOLD = Path(__file__).parent / "fixtures" / "gold" / "seeds.jsonl"

Triple = tuple[str, str, str]


def triples(text: str) -> set[Triple]:
    return {(p.actor, p.issue, p.stance.value) for p in FINDER(Article(text=text))}


def positions(text: str) -> list[Position]:
    return FINDER(Article(text=text))


# Sentences written for these tests, in the shapes news writing uses; none
# is taken from the bundled sample.
STATED = [
    (
        "Moscow insists that Kyiv abandon its bid to join NATO.",
        [("Russia", "nato_membership", "opposes")],
    ),
    (
        "Russia demanded recognition of Crimea and the Donbas republics.",
        [
            ("Russia", "crimea_recognition", "supports"),
            ("Russia", "donbas_recognition", "supports"),
        ],
    ),
    (
        "Kyiv called for the withdrawal of Russian troops.",
        [("Ukraine", "troop_withdrawal", "supports")],
    ),
    (
        # domain.md: a pledge of a reassurance force is foreign_troops
        "Europe proposed a reassurance force to back a deal.",
        [("Europe", "foreign_troops", "supports")],
    ),
    (
        "The Kremlin has floated the idea of a Finnish-style neutrality for Kyiv.",
        [("Russia", "neutrality", "supports")],
    ),
    (
        "Washington offered to lift some sanctions in exchange for a ceasefire.",
        [
            ("United States", "ceasefire", "supports"),
            ("United States", "sanctions_relief", "supports"),
        ],
    ),
    (
        "Ukrainian officials said they would accept a 30-day truce.",
        [("Ukraine", "ceasefire", "supports")],
    ),
    (
        "Russia's Foreign Ministry demanded guarantees that Ukraine stays out of NATO.",
        [("Russia", "nato_membership", "opposes")],
    ),
    (
        "Zelensky ruled out any territorial concessions.",
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "Ukraine will never recognise Crimea as part of Russia, Kuleba said.",
        [("Ukraine", "crimea_recognition", "opposes")],
    ),
    (
        "The Kremlin said a ceasefire was out of the question.",
        [("Russia", "ceasefire", "opposes")],
    ),
    (
        "The EU rejected calls to unfreeze Russian assets.",
        [("European Union", "frozen_assets", "opposes")],
    ),
    (
        "Moscow views Ukraine's membership in NATO as an existential threat.",
        [("Russia", "nato_membership", "opposes")],
    ),
    (
        "Putin has long opposed NATO expansion.",
        [("Russia", "nato_membership", "opposes")],
    ),
    (
        "Kyiv rejected Moscow's demand for neutrality.",
        [("Russia", "neutrality", "supports"), ("Ukraine", "neutrality", "opposes")],
    ),
    (
        "Kyiv rejected the Russian demand for neutrality.",
        [("Russia", "neutrality", "supports"), ("Ukraine", "neutrality", "opposes")],
    ),
    (
        "Kyiv refuses to cede territory to Russia.",
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "Ukraine insists on its territorial integrity.",
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "Russia wants Ukraine to renounce its NATO aspirations.",
        [("Russia", "nato_membership", "opposes")],
    ),
    (
        "Kyiv offered to give up its NATO bid.",
        [("Ukraine", "nato_membership", "opposes")],
    ),
    (
        "“We will not accept any limits on our army,” Zelensky told reporters.",
        [("Ukraine", "armed_forces_limits", "opposes")],
    ),
    (
        "Peskov said Russia wants Ukraine to be neutral.",
        [("Russia", "neutrality", "supports")],
    ),
    (
        (
            "According to Lavrov, Moscow is ready to discuss security guarantees "
            "for Ukraine."
        ),
        [("Russia", "security_guarantees", "supports")],
    ),
    (
        "Sybiha said: “Ukraine needs security guarantees that work.”",
        [("Ukraine", "security_guarantees", "supports")],
    ),
    (
        (
            "“There can be no talk of a ceasefire while Russia keeps attacking,” "
            "Yermak wrote on Telegram."
        ),
        [("Ukraine", "ceasefire", "opposes")],
    ),
    (
        "Kyiv and Moscow agreed to a prisoner swap.",
        [
            ("Russia", "prisoner_exchange", "supports"),
            ("Ukraine", "prisoner_exchange", "supports"),
        ],
    ),
    (
        (
            "Kyiv and Moscow are negotiating a prisoner exchange, Ukrainian "
            "officials said."
        ),
        [
            ("Russia", "prisoner_exchange", "supports"),
            ("Ukraine", "prisoner_exchange", "supports"),
        ],
    ),
    (
        "Washington backed Kyiv's bid to join the European Union.",
        [("Ukraine", "eu_membership", "supports")],
    ),
    (
        "Kyiv asked for air defence and a no-fly zone, which Washington rejected.",
        [],
    ),
    (
        "Ukraine wants to join the EU, which Moscow has long viewed as a threat.",
        [
            ("Russia", "eu_membership", "opposes"),
            ("Ukraine", "eu_membership", "supports"),
        ],
    ),
]


# Shapes found by the second-lexicon tests, written here for this conflict.
STATED += [
    (
        "Ukrainian officials said they would keep their NATO aspirations.",
        [("Ukraine", "nato_membership", "supports")],
    ),
    (
        "Zelensky called a ceasefire without guarantees unacceptable.",
        [("Ukraine", "ceasefire", "opposes")],
    ),
    (
        "Kyiv's refusal to cede territory stalled the talks.",
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "The Rada approved a 30-day ceasefire.",
        [],
    ),
    (
        "Ukraine's government approved a 30-day ceasefire.",
        [("Ukraine", "ceasefire", "supports")],
    ),
]

# Bargains, subordinate clauses, verdicts after the phrase, answers.
STATED += [
    (
        "Russia will cease fire only if Ukraine agrees to neutrality.",
        [("Russia", "ceasefire", "supports"), ("Russia", "neutrality", "supports")],
    ),
    (
        (
            "Kyiv would accept a truce on condition that Russian troops withdraw "
            "from Ukraine."
        ),
        [
            ("Ukraine", "ceasefire", "supports"),
            ("Ukraine", "troop_withdrawal", "supports"),
        ],
    ),
    (
        (
            "“We will never agree to a ceasefire before a full Russian withdrawal,” "
            "Zelensky said."
        ),
        [
            ("Ukraine", "ceasefire", "opposes"),
            ("Ukraine", "troop_withdrawal", "supports"),
        ],
    ),
    (
        "The sanctions pressure on Russia must end, Lavrov said.",
        [("Russia", "sanctions_relief", "supports")],
    ),
    # a reject word governs its cue however far away in its clause
    (
        "Russia rejected a U.S.-backed proposal for an unconditional 30-day ceasefire.",
        [
            ("United States", "ceasefire", "supports"),
            ("Russia", "ceasefire", "opposes"),
        ],
    ),
    (
        "Moscow has repeatedly dismissed calls for a ceasefire.",
        [("Russia", "ceasefire", "opposes")],
    ),
    # a proposal's author, in a compound
    (
        "Kyiv accepted the US-brokered proposal for a ceasefire.",
        [
            ("United States", "ceasefire", "supports"),
            ("Ukraine", "ceasefire", "supports"),
        ],
    ),
    # each party of a list holds the position
    (
        (
            "Britain and France have offered to send troops as part of a reassurance "
            "force."
        ),
        [
            ("United Kingdom", "foreign_troops", "supports"),
            ("France", "foreign_troops", "supports"),
        ],
    ),
    (
        "Ukraine, the US and European allies back a 30-day ceasefire.",
        [
            ("Ukraine", "ceasefire", "supports"),
            ("United States", "ceasefire", "supports"),
            ("Europe", "ceasefire", "supports"),
        ],
    ),
    (
        "EU leaders reaffirmed their support for Ukraine's membership of the EU.",
        [("European Union", "eu_membership", "supports")],
    ),
    # a withdrawal is Russia's act: Kyiv withdrawing is about land (`agent`)
    (
        "Moscow has demanded that Kyiv withdraw its forces from the Donetsk region.",
        [("Russia", "occupied_territory", "supports")],
    ),
    (
        "Ukraine refuses to withdraw its troops from Donbas.",
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "Zelensky demanded that Russia withdraw its troops from Ukraine.",
        [("Ukraine", "troop_withdrawal", "supports")],
    ),
    (
        "Ukraine wants the withdrawal of troops from its territory.",
        [("Ukraine", "troop_withdrawal", "supports")],
    ),
    # the doer named by its forces: "Ukrainian troops", "Kyiv's army"
    (
        "Moscow insists that Ukrainian troops must withdraw from Donbas.",
        [("Russia", "occupied_territory", "supports")],
    ),
    (
        "The Kremlin says Ukraine\u2019s army must withdraw from all of Donetsk.",
        [("Russia", "occupied_territory", "supports")],
    ),
    (
        "The Kremlin wants Kyiv's forces to withdraw from the four regions.",
        [("Russia", "occupied_territory", "supports")],
    ),
    (
        "Kyiv demands that Russian forces withdraw from Ukraine.",
        [("Ukraine", "troop_withdrawal", "supports")],
    ),
    (
        "Moscow is open to withdrawing from two districts.",
        [("Russia", "troop_withdrawal", "supports")],
    ),
    (
        "Putin said Ukrainian forces must withdraw from Donbas.",
        [("Russia", "occupied_territory", "supports")],
    ),
    (
        (
            "Ukraine's foreign minister Dmytro Kuleba said Kyiv would not trade "
            "territory for peace."
        ),
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "The Russian delegation proposed that Ukraine's army be limited to 50,000.",
        [("Russia", "armed_forces_limits", "supports")],
    ),
    # a reporting verb stops the act word before it; one in commas does not
    (
        (
            'Zelensky called the Russian terms "an ultimatum" and said Ukraine would '
            "never recognise occupied territory as Russian."
        ),
        [("Ukraine", "occupied_territory", "opposes")],
    ),
    (
        "Russia demands, Peskov said, that Ukraine stay neutral.",
        [("Russia", "neutrality", "supports")],
    ),
    # verdicts after the cue
    (
        "A ceasefire is not on the table, Lavrov told RIA Novosti.",
        [("Russia", "ceasefire", "opposes")],
    ),
    (
        (
            "Russia said the deployment of any Western troops in Ukraine would make "
            "them legitimate targets."
        ),
        [("Russia", "foreign_troops", "opposes")],
    ),
    # dropping a demand gives it up
    (
        "Kyiv dropped its demand for NATO membership.",
        [("Ukraine", "nato_membership", "opposes")],
    ),
    # "ready for", and "have to" like "must": the speaker asks
    (
        "Zelenskyy said Ukraine was ready for a full ceasefire if Russia agreed.",
        [("Ukraine", "ceasefire", "supports")],
    ),
    (
        "Trump said Ukraine would have to hold elections before any deal was signed.",
        [("United States", "elections", "supports")],
    ),
]

NOTHING = [
    # questions state nothing, quoted or not
    "Will Ukraine give up its NATO bid?",
    '"Why should we give up Crimea?" Zelensky asked.',
    # an introductory phrase, not a list of parties
    "According to Ukrainian officials, the talks went on.",
    # "had to" reports the past; "pulled back" is no backing
    "Russian troops pulled back the column near Kyiv.",
    # mentions without anyone taking a stance
    "Russian forces shelled Donetsk on Tuesday, killing three civilians.",
    "The talks in Istanbul focused on a prisoner exchange.",
    "Crimea was annexed in 2014.",
    "NATO leaders met in Brussels on Thursday.",
    "Fighting continued along the contact line near Bakhmut.",
    # analysts' own opinions are not positions
    "Analyst Tatiana Stanovaya said a ceasefire was unlikely before spring.",
    "“A ceasefire is possible by summer,” Stanovaya said.",
    # perceptions and questions are not stances
    "The White House sees no signs that Putin is ready to de-escalate.",
    "It is unclear whether Moscow would accept a ceasefire.",
    # a price cap is not a cap on an army
    "The EU agreed a cap on Russian oil prices.",
]


class TestStated:
    @pytest.mark.parametrize(("text", "expected"), STATED)
    def test_positions(self, text: str, expected: list[Triple]) -> None:
        """Each sentence gives exactly the positions a careful reader codes."""
        assert triples(text) == set(expected)

    @pytest.mark.parametrize("text", NOTHING)
    def test_nothing(self, text: str) -> None:
        """Mentions, analysts' opinions and perceptions are not positions."""
        assert positions(text) == []


class TestActAndModality:
    @pytest.mark.parametrize(
        ("text", "act", "modality"),
        [
            ("Russia demands Ukraine's neutrality.", Act.DEMAND, Modality.ASSERTED),
            ("Ukraine offered to stay neutral.", Act.OFFER, Modality.ASSERTED),
            ("Kyiv accepted neutrality.", Act.ACCEPT, Modality.ASSERTED),
            ("Kyiv rejected neutrality.", Act.REJECT, Modality.ASSERTED),
            ("Kyiv will not accept neutrality.", Act.REJECT, Modality.ASSERTED),
            ("Kyiv could accept neutrality.", Act.ACCEPT, Modality.HYPOTHETICAL),
            (
                "Kyiv would accept neutrality only if it gets guarantees.",
                Act.ACCEPT,
                Modality.HYPOTHETICAL,
            ),
            (
                "Moscow has previously demanded neutrality.",
                Act.DEMAND,
                Modality.REPORTED_PAST,
            ),
            (
                "Russia views neutrality as a non-starter.",
                Act.STATEMENT,
                Modality.ASSERTED,
            ),
        ],
    )
    def test_act_and_modality(self, text: str, act: Act, modality: Modality) -> None:
        """The act word and the modality words of the clause are recorded."""
        (position,) = positions(text)
        assert (position.act, position.modality) == (act, modality)

    def test_rejection_opposes(self) -> None:
        """Rejecting an issue is opposing it."""
        (position,) = positions("Kyiv rejected neutrality.")
        assert position.stance is Stance.OPPOSES


class TestAcrossSentences:
    def test_answer_to_a_demand(self) -> None:
        """'rejected this demand' answers the positions of the sentence before."""
        text = (
            "Putin insisted that Ukraine be barred from NATO. "
            "NATO firmly rejected this demand."
        )
        assert triples(text) == {
            ("Russia", "nato_membership", "opposes"),
            ("NATO", "nato_membership", "supports"),
        }

    def test_bargain_acts(self) -> None:
        """What is asked and what is given in return get their own acts."""
        given = positions("Kyiv seeks security guarantees in exchange for neutrality.")
        asked = positions("Kyiv offers neutrality in exchange for security guarantees.")
        assert {(p.issue, p.act.value) for p in given} == {
            ("security_guarantees", "demand"),
            ("neutrality", "offer"),
        }
        assert {(p.issue, p.act.value) for p in asked} == {
            ("neutrality", "offer"),
            ("security_guarantees", "demand"),
        }

    def test_refusing_an_answer(self) -> None:
        """'will never accept this demand' rejects it."""
        text = (
            "Moscow demanded Ukraine's neutrality. "
            "“We will never accept this demand,” Zelensky said."
        )
        found = {
            (p.actor, p.issue, p.stance.value, p.act.value) for p in positions(text)
        }
        assert ("Ukraine", "neutrality", "opposes", "reject") in found

    def test_a_run_of_answers_answers_the_demand(self) -> None:
        """Each answer in a run answers the demand, not the answers before it.

        "NATO accepted this demand" after Kyiv's rejection accepts Moscow's
        demand; Moscow "rejecting this demand" does not answer its own.
        """
        text = (
            "Moscow demanded Ukraine's neutrality. Kyiv rejected this demand. "
            "NATO accepted this demand. Moscow rejected this demand."
        )
        assert {
            (p.actor, p.issue, p.stance.value, p.act.value) for p in positions(text)
        } == {
            ("Russia", "neutrality", "supports", "demand"),
            ("Ukraine", "neutrality", "opposes", "reject"),
            ("NATO", "neutrality", "supports", "accept"),
        }

    def test_accepting_a_proposal(self) -> None:
        """'accepted the proposal' takes the same stance."""
        text = "Moscow proposed a 30-day ceasefire. Kyiv accepted the proposal."
        found = {
            (p.actor, p.issue, p.stance.value, p.act.value) for p in positions(text)
        }
        assert ("Ukraine", "ceasefire", "supports", "accept") in found

    def test_list_continues(self) -> None:
        """Numbered points continue the holder who laid them out."""
        text = (
            "Putin laid out several points to his Turkish counterpart. "
            "First, neutrality for Ukraine. Second, the protection of the "
            "Russian language."
        )
        assert triples(text) == {
            ("Russia", "neutrality", "supports"),
            ("Russia", "russian_language", "supports"),
        }

    def test_quote_continues(self) -> None:
        """A quote-only sentence keeps the speaker of the quote before it."""
        text = (
            "“We are ready to talk,” Zelensky said on Sunday. "
            "“But we will never give up Crimea.”"
        )
        assert ("Ukraine", "occupied_territory", "opposes") in triples(text) or (
            "Ukraine",
            "crimea_recognition",
            "opposes",
        ) in triples(text)

    def test_pronoun_speaker(self) -> None:
        """'he said' speaks for the last person a speech tag named."""
        text = (
            "Lavrov spoke to reporters in Moscow on Friday. "
            "“Neutrality is the key condition,” he said."
        )
        assert triples(text) == {("Russia", "neutrality", "supports")}


class TestEvidence:
    def test_evidence_is_the_clause(self) -> None:
        """Evidence is an exact span of the text around the cue."""
        text = "Talks resumed. Ukraine offered to never join NATO, officials said."
        article = Article(text=text)
        (position,) = extract_positions(article)
        evidence = position.evidence
        assert evidence is not None
        assert article.text[evidence.start : evidence.end] == evidence.quote
        assert "join NATO" in evidence.quote
        assert evidence.article_id == article.id

    def test_provenance(self) -> None:
        """Positions carry the producer, the date and a confidence."""
        article = Article(
            text="Kyiv wants a ceasefire.", published=pt.parse_date("2025-03-11")
        )
        (position,) = extract_positions(article)
        assert position.producer is not None
        assert position.producer.name == PRODUCER
        assert position.producer.version == pt.__version__
        assert position.date == article.published
        assert 0 < position.confidence <= 1

    def test_speaker(self) -> None:
        """A person who speaks for the holder is the speaker."""
        (position,) = positions("Peskov said Russia wants a ceasefire.")
        assert (position.actor, position.speaker) == ("Russia", None) or (
            position.speaker == "Dmitry Peskov"
        )
        (position,) = positions("Zelensky rejected any ceasefire.")
        assert position.speaker == "Volodymyr Zelensky"

    @settings(max_examples=200, deadline=None)
    @given(texts())
    def test_any_text(self, text: str) -> None:
        """Arbitrary text never raises, and every evidence span is exact."""
        article = Article(text=text)
        for position in FINDER(article):
            evidence = position.evidence
            assert evidence is not None
            assert text[evidence.start : evidence.end] == evidence.quote


class TestLexicon:
    def test_another_negotiation(self) -> None:
        """The rules come from the lexicon: another conflict works the same way."""
        lexicon = Lexicon.from_dict(
            {
                "name": "south-caucasus",
                "actors": [
                    {
                        "name": "Armenia",
                        "aliases": ["Yerevan"],
                        "adjectives": ["Armenian"],
                    },
                    {"name": "Azerbaijan", "aliases": ["Baku"]},
                ],
                "speakers": [{"name": "Nikol Pashinyan", "actor": "Armenia"}],
                "issues": [
                    {
                        "id": "corridor",
                        "proposition": "a transit corridor crosses Syunik",
                        "cues": ["transit corridor"],
                        "against": ["full control of its roads"],
                    },
                    {
                        "id": "karabakh_status",
                        "proposition": "Karabakh gets a special status",
                        "topics": ["Karabakh"],
                        "anchors": ["status of"],
                    },
                ],
            }
        )
        finder = PositionFinder(lexicon)
        text = (
            "Baku demands a transit corridor through Syunik. "
            "“We will never accept a special status of Karabakh,” Pashinyan said. "
            "Armenian officials insist on full control of its roads. "
            "Russia demands NATO neutrality."
        )
        found = {(p.actor, p.issue, p.stance.value) for p in finder(Article(text=text))}
        assert found == {
            ("Azerbaijan", "corridor", "supports"),
            ("Armenia", "karabakh_status", "opposes"),
            ("Armenia", "corridor", "opposes"),
        }


class TestGold:
    def test_sample_scores(self) -> None:
        """On the bundled sample's gold, positions F1 is at least 0.9."""
        finder = PositionFinder()
        found = {a.path or a.id: finder(a) for a in pt.datasets.sample()}
        result = evaluate(found, read_gold(GOLD))
        assert result.positions.f1 >= 0.9
        assert result.positions.recall >= 0.9


# -- the gates: a pattern is not run over a sentence that holds none of its words

#: Pieces of text for the gates: their words in other cases, the characters
#: that case folding maps to ASCII letters, and sentence material.
GATE_PIECES = (
    *("Russia", "Kyiv", "Moscow's", "Ukraine", "Peskov said", "NATO", "EU"),
    *("join NATO", "a ceasefire", "troops", "Crimea", "recognition of", "sanctions"),
    *("demands", "TERMS", "Conditions", "position on", "red lines", "stance"),
    *("whether", "unclear", "signs that", "Doubts about", "if", "IF", "unless"),
    *("bid to", "aspirations", "hope", "laid out", "four", "points", "set out"),
    *("this demand", "the proposal", "rejected", "accepted", "will never accept"),
    *("abandon", "Gave up", "halting", "declined to", "against the", "Against"),
    *("without the consent of", "never", "not", "n't", "wants", "offered"),
    *("Second,", "“", "”", '"', " ", " ", ", ", ". ", "-", "\u2019s"),
    *("\u017f", "\u212a", "\u0130", "\u0131", "term\u017f", "\u212aiev", "\u0131f"),
)


def gate_texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Sentences of gate words, cue words and case-folding characters."""
    return st.lists(st.sampled_from(GATE_PIECES), max_size=max_size).map("".join)


LANGUAGE = _language(Lexicon.default().grammar)
#: Each gate and the pattern it keeps from running.
GATED = [
    (name, getattr(LANGUAGE.gates, name), getattr(LANGUAGE, name))
    for name in (
        "act_nouns",
        "epistemic",
        "conditional",
        "list_intro",
        "anaphor",
        "giving_up",
        "not_negation",
    )
]


class TestGates:
    @pytest.mark.parametrize(("name", "gate", "pattern"), GATED)
    @given(text=gate_texts())
    @settings(max_examples=100, deadline=None)
    def test_closed_means_no_match(
        self, name: str, gate: _Gate, pattern: re.Pattern[str], text: str
    ) -> None:
        """A gate closes only on a text the pattern cannot match anywhere."""
        if not gate.open(_lowered(text)):
            assert pattern.search(text) is None, name

    @pytest.mark.parametrize(("name", "gate", "pattern"), GATED)
    def test_every_gate_has_words(
        self, name: str, gate: _Gate, pattern: re.Pattern[str]
    ) -> None:
        """The English grammar's patterns all have a gate that can close."""
        assert gate.words, name
        assert not gate.open(_lowered("Talks went on."))

    def test_case_folding_opens(self) -> None:
        """A long s is an s to the flag, not to `str.lower`: it opens every gate."""
        text = "Kyiv laid out four point\u017f."
        assert LANGUAGE.list_intro.search(text) is not None
        assert _lowered(text) is None
        assert LANGUAGE.gates.list_intro.open(_lowered(text))

    def test_unknown_openings_never_close(self) -> None:
        """A category with a pattern whose first letters are unknown has no gate."""
        category = Category("acts.nouns", patterns=(r"\w+ing",), words=("terms",))
        assert _Gate.of(category).words is None
        assert _Gate.of(category).open("nothing here")

    @pytest.mark.parametrize(
        ("pattern", "expected"),
        [
            ("demand(?:s|ed)?", ["demand"]),
            ("stops?", ["stop"]),
            ("a{0,2}b", None),
            ("ab*c", ["a"]),
            (r"(?:give|gave)\s+up", ["give", "gave"]),
            ("(?:a|b)?c", None),
            ("(?:a|b)*c", None),
            ("no|Yes", ["no", "yes"]),
            (r"a\|b", ["a"]),
            ("[|]a|b", None),
            ("b[|]", ["b"]),
            ("b[]|]|c", ["b", "c"]),
            ("(?i:a)b", None),
            ("(?<=x)not", None),
            (r"\bnot", None),
        ],
    )
    def test_openings(self, pattern: str, expected: list[str] | None) -> None:
        assert _openings(pattern) == expected

    def test_crossed_out_words_are_read_again(self) -> None:
        """A giving-up word found only in crossed-out letters still counts.

        "against the ..." is crossed out as "xxxxxxx" before negations are
        counted; a grammar whose giving-up words match those letters finds
        one there, which no gate on the sentence's own words can see.
        """
        lexicon = Lexicon.default()
        odd = attrs.evolve(
            lexicon,
            grammar=lexicon.grammar.extend(
                {"negation": {"giving_up": {"patterns": ["xx+"]}}}
            ),
        )
        gated = PositionFinder(odd)
        ungated = PositionFinder(odd)
        ungated._language = _ungated(ungated._language)
        article = Article(text="Kyiv against the Kremlin wants a ceasefire.")
        found = gated.candidates(gated.annotator.read(article))
        assert found == ungated.candidates(ungated.annotator.read(article))
        stated = [c.finding for c in found if isinstance(c.finding, Position)]
        assert [p.stance for p in stated] == [Stance.OPPOSES]

    def test_negation_words_open_with_letters(self) -> None:
        """Negation words scanned from the floor on must open with a letter."""
        grammar = Lexicon.default().grammar
        english = grammar["negation.negators"]

        def signals(negators: Category) -> Signals:
            categories = (
                negators if c.name == english.name else c for c in grammar.categories
            )
            return Signals(attrs.evolve(grammar, categories=tuple(categories)))

        # the one scanner `Signals.negations_before` searches with
        english_signals = signals(english)
        assert _negation_words(english_signals) is english_signals.negation_words
        spaced = attrs.evolve(english, patterns=(*english.patterns, r"\s*nah"))
        assert _negation_words(signals(spaced)) is None
        behind = attrs.evolve(english, patterns=(r"(?<=[a-z])\W+nah",))
        assert _negation_words(signals(behind)) is None

    @given(text=gate_texts(40))
    @settings(max_examples=300, deadline=None)
    def test_same_as_without_gates(self, text: str) -> None:
        """The finder with its gates gives what it gives running every pattern."""
        article = Article(text=text)
        fast = FINDER.candidates(FINDER.annotator.read(article))
        assert fast == UNGATED.candidates(UNGATED.annotator.read(article))


def _ungated(language: _Language) -> _Language:
    """``language`` with gates that never close: every pattern runs everywhere."""
    never = _Gates(*(_Gate(None) for _ in attrs.fields(_Gates)))
    return attrs.evolve(language, gates=never, negation=None)


#: A finder whose gates never close: every pattern runs on every sentence,
#: and every cue's negations are counted.
UNGATED = PositionFinder()
UNGATED._language = _ungated(UNGATED._language)


class TestAgreed:
    """holder.agreed: parties that agree on a cue together each accept it."""

    @pytest.mark.parametrize(
        ("text", "issue"),
        [
            ("Russia and Ukraine agreed on a 30-hour truce.", "ceasefire"),
            (
                "Kyiv's delegation and Moscow agreed on a prisoner swap.",
                "prisoner_exchange",
            ),
            (
                "Both sides reached an agreement on humanitarian corridors.",
                "humanitarian_corridors",
            ),
            ("The delegations struck a deal on a temporary ceasefire.", "ceasefire"),
            ("The two nations agreed on a prisoner swap.", "prisoner_exchange"),
        ],
    )
    def test_each_party_accepts(self, text: str, issue: str) -> None:
        found = extract_positions(Article(text=text))
        agreed = {
            (p.actor, p.issue, p.stance.value, p.act) for p in found if p.issue == issue
        }
        assert agreed == {
            ("Russia", issue, "supports", Act.ACCEPT),
            ("Ukraine", issue, "supports", Act.ACCEPT),
        }

    @pytest.mark.parametrize(
        "text",
        [
            # one party agreeing answers another's proposal: no agreement
            "Russia agreed on a ceasefire.",
            # an agreement still to be made, or not made
            "Russia and Ukraine would need to agree on a truce.",
            "The pause holds until the parties agree on humanitarian corridors.",
            # a noun of agreement is the object of another verb
            "The two sides nearly finalized an agreement on a truce.",
        ],
    )
    def test_no_agreement(self, text: str) -> None:
        found = extract_positions(Article(text=text))
        assert not [p for p in found if p.act is Act.ACCEPT]

    def test_another_conflict(self) -> None:
        gaza = Lexicon.from_toml(
            Path(__file__).parent / "fixtures" / "lexicons" / "gaza.toml"
        )
        found = extract_positions(
            Article(text="Israel and Hamas agreed on a temporary truce."), lexicon=gaza
        )
        assert {(p.actor, p.act) for p in found} == {
            ("Israel", Act.ACCEPT),
            ("Hamas", Act.ACCEPT),
        }
