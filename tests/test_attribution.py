# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""Tests for `peacetalks.extract.attribution`: who says each sentence and quote."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.extract import attribution
from peacetalks.extract.actors import ActorFinder, Mention
from peacetalks.extract.attribution import (
    SentenceSpeech,
    agentive,
    attribute,
    find_speech_tags,
)
from peacetalks.extract.sentences import Span, split_sentences
from peacetalks.grammar import Grammar

from .strategies import texts

ACTORS = ActorFinder()


def speech(text: str) -> list[SentenceSpeech]:
    return attribute(text, split_sentences(text), ACTORS)


def name(mention: Mention | None) -> str | None:
    if mention is None:
        return None
    return mention.speaker or mention.actor


def quote_speakers(text: str) -> list[str | None]:
    return [name(q.speaker) for s in speech(text) for q in s.quotes]


class TestQuotes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # a tag after the quote, in either order
            ("“We want peace,” Zelensky said.", ["Volodymyr Zelensky"]),
            ("“We want peace,” said Zelensky.", ["Volodymyr Zelensky"]),
            ('"We want peace," Peskov told reporters.', ["Dmitry Peskov"]),
            # an appositive between the name and the verb
            (
                "“No,” Peskov, the Kremlin spokesman, said.",
                ["Dmitry Peskov"],
            ),
            # a tag before the quote
            ("Lavrov said: “Neutrality is key.”", ["Sergei Lavrov"]),
            ("According to Podolyak, “the talks are hard.”", ["Mykhailo Podolyak"]),
            # a country speaks too
            ("“It is over,” the Kremlin said.", ["Russia"]),
            # a quote-only sentence continues the speaker before it
            (
                "“We are ready,” Zelensky said. “We will not give up.”",
                ["Volodymyr Zelensky", "Volodymyr Zelensky"],
            ),
            # a person named in the previous sentence
            (
                "Lavrov spoke in Ankara. “Talks are going well.”",
                ["Sergei Lavrov"],
            ),
            # nobody said it
            ("The so-called “special operation” goes on.", [None]),
            # the quote names whom the speaker told: the tag after the
            # straight closing mark still names the speaker
            (
                '"I told Erdogan we need more time," Zelensky said.',
                ["Volodymyr Zelensky"],
            ),
            (
                '"Our delegation told (Kyiv) the same thing," Lavrov said on Monday.',
                ["Sergei Lavrov"],
            ),
            (
                "“I told Lavrov that it was over,” Podolyak said.",
                ["Mykhailo Podolyak"],
            ),
        ],
    )
    def test_speaker(self, text: str, expected: list[str | None]) -> None:
        """Each quoted passage gets the speaker the rules give."""
        assert quote_speakers(text) == expected

    def test_pronoun(self) -> None:
        """'he said' stands for the last person a speech tag named."""
        text = (
            "Zelensky said talks would go on. Putin was not mentioned. "
            "“We will not give up,” he said."
        )
        assert quote_speakers(text)[-1] == "Volodymyr Zelensky"

    def test_analyst(self) -> None:
        """An analyst is a speaker without an actor."""
        (said,) = speech("“Unlikely,” Stanovaya said.")
        (quote,) = said.quotes
        assert quote.speaker is not None
        assert quote.speaker.actor is None


class TestSentenceSpeaker:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Peskov said talks would resume.", "Dmitry Peskov"),
            ("Talks will resume, the Kremlin said.", "Russia"),
            ("Russia's Foreign Ministry said talks will resume.", "Russia"),
            ("Talks resumed, according to Turkish officials.", "Turkey"),
            # the subject is "the newspaper", not Kyiv before it
            ("Troops left Kyiv, the newspaper reported.", None),
            # "asked whether the US..." does not make the US the speaker
            ("When asked whether the US would agree, she declined.", None),
            ("Talks resumed.", None),
        ],
    )
    def test_speaker(self, text: str, expected: str | None) -> None:
        """The sentence's speaker is the subject of its speech verb."""
        (said,) = speech(text)
        assert name(said.speaker) == expected


class TestHelpers:
    def test_tags(self) -> None:
        """Speech verbs are found with their offsets, lowercase only."""
        text = "Peskov said, according to TASS. Said Khan arrived."
        assert [(t.start, t.text) for t in find_speech_tags(text)] == [
            (7, "said"),
            (13, "according to"),
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Russian officials met.", [True]),
            ("the Ukrainian capital", [False]),
            ("American media reported", [False]),
            ("Russia's military said", [True]),
            ("Ukraine's neutrality", [False]),
            ("Kyiv said", [True]),
        ],
    )
    def test_agentive(self, text: str, expected: list[bool]) -> None:
        """Adjectives and possessives stand for a party only before agent nouns."""
        assert [agentive(text, m) for m in ACTORS.find(text)] == expected

    @settings(max_examples=200, deadline=None)
    @given(texts())
    def test_any_text(self, text: str) -> None:
        """One result per sentence, and every quote lies inside its sentence."""
        sentences = split_sentences(text)
        result = attribute(text, sentences, ACTORS)
        assert len(result) == len(sentences)
        for sentence, said in zip(sentences, result, strict=True):
            for quoted in said.quotes:
                assert 0 <= quoted.quote.start <= quoted.quote.end <= len(sentence.text)


#: Words and marks around which a speech tag starts or does not.
_TAG_PIECES = [
    *("said", "Said", "says", "say", "saying", "unsaid", "said2", "_said", "saidé"),
    *("according", "to", "According", "quoted", "him", "as", "told", "tells"),
    *("Peskov", "x", "é", "2", "_", "—", "“", "(", ",", ".", "'", "\u00a0", "\n"),
]


class TestFastPaths:
    @settings(max_examples=300)
    @given(
        words=st.lists(st.sampled_from(_TAG_PIECES), max_size=16),
        glue=st.sampled_from([" ", "", "  ", "-", "\u00a0"]),
    )
    def test_tags_as_the_one_pattern_finds_them(
        self, words: list[str], glue: str
    ) -> None:
        """The tags found by first-character dispatch are the plain pattern's.

        The plain pattern, ``(?<!\\w)(?:said|...)(?!\\w)``, is entered at
        every position of the text.
        """
        text = glue.join(words)
        speech = attribution._speech(Grammar.default())
        assert speech.tag_after is not None  # the default grammar takes the fast path
        expected = [
            Span(m.start(), m.end(), m.group()) for m in speech.tag.finditer(text)
        ]
        assert find_speech_tags(text) == expected

    def test_tags_that_cannot_dispatch(self) -> None:
        """A tag pattern that opens with a class keeps the plain pattern."""
        speech = attribution._speech(Grammar.default())
        assert attribution._dispatch([r"\w+ly said", "said"]) is None
        plain = attrs.evolve(speech, tag_after=None)
        text = "Peskov said, according to TASS; “no”, said Lavrov."
        assert attribution._find_tags(text, plain) == find_speech_tags(text)

    @given(st.text(max_size=60) | texts(max_size=30))
    def test_words_are_split_where_the_word_pattern_finds_them(self, text: str) -> None:
        """`str.split`, which the rules count words with, splits as ``\\S+`` does.

        Both read Unicode whitespace alike.
        """
        assert text.split() == re.findall(r"\S+", text)

    @settings(max_examples=300)
    @given(
        st.lists(
            st.sampled_from(
                ["x", " ", "\u00a0", "\t", "–", "—", "-", "x–", "– ", ".", "\n"]
            ),
            max_size=12,
        ).map("".join)
    )
    def test_a_clause_stop_is_found_where_the_plain_pattern_finds_one(
        self, text: str
    ) -> None:
        """`_CLAUSE_STOP` finds a stop exactly where the plain alternation does."""
        plain = re.compile(r"[.;:!?“”\"«»]|\s[–—]\s|\n")
        found = attribution._CLAUSE_STOP.search(text) is not None
        assert found == (plain.search(text) is not None)
