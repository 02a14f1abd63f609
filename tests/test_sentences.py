# ruff: noqa: RUF001 - news text has curly quotes and dashes
"""Tests for peacetalks.extract.sentences."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.extract import sentences as sentences_module
from peacetalks.extract.sentences import (
    ABBREVIATIONS,
    LONGEST_SENTENCE,
    Sentence,
    Span,
    speech_verbs,
    split_sentences,
)

SAMPLE = resources.files("peacetalks.datasets").joinpath("data", "sample")
#: What ends a line, as a pattern: the rule `_paragraphs` follows with
#: `str.splitlines`.
LINE_BREAK = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]++")


def texts_of(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def check_invariants(source: str, sentences: list[Sentence]) -> None:
    """Assert the offset invariants every result of split_sentences keeps."""
    covered = bytearray(len(source))
    previous_end = 0
    for sentence in sentences:
        assert previous_end <= sentence.start < sentence.end <= len(source)
        assert sentence.text == source[sentence.start : sentence.end]
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end
        for i in range(sentence.start, sentence.end):
            covered[i] = 1
        clause_covered = bytearray(len(source))
        clause_end = sentence.start
        for clause in sentence.clauses:
            assert clause_end <= clause.start < clause.end <= sentence.end
            assert clause.text == source[clause.start : clause.end]
            assert clause.text == clause.text.strip()
            clause_end = clause.end
            for i in range(clause.start, clause.end):
                clause_covered[i] = 1
        for i in range(sentence.start, sentence.end):
            assert clause_covered[i] or source[i].isspace()
        quote_end = sentence.start
        for quote in sentence.quote_spans:
            assert quote_end <= quote.start < quote.end <= sentence.end
            assert quote.text == source[quote.start : quote.end]
            quote_end = quote.end
    for i, char in enumerate(source):
        assert covered[i] or char.isspace(), (i, char)


class TestSpan:
    def test_len(self) -> None:
        """A span's length is the number of characters it covers."""
        assert len(Span(3, 7, "abcd")) == 4

    def test_frozen(self) -> None:
        """Spans are immutable."""
        span = Span(0, 1, "a")
        with pytest.raises(AttributeError):
            span.start = 2  # type: ignore[misc]

    def test_sentence_is_span(self) -> None:
        """A sentence is a span with clauses and quotes."""
        (sentence,) = split_sentences("Kyiv agreed.")
        assert isinstance(sentence, Span)
        assert sentence.clauses == (Span(0, 12, "Kyiv agreed."),)
        assert sentence.quote_spans == ()


class TestSplitSentences:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # Reuters style: dateline, reporting verb at the end.
            (
                (
                    "ISTANBUL, March 29 (Reuters) - Ukraine proposed neutrality. "
                    "Russia said it would scale back operations."
                ),
                [
                    "ISTANBUL, March 29 (Reuters) - Ukraine proposed neutrality.",
                    "Russia said it would scale back operations.",
                ],
            ),
            # AP style: comma inside the closing quote before the tag.
            (
                '"We will never accept this," Peskov said. Talks resumed.',
                ['"We will never accept this," Peskov said.', "Talks resumed."],
            ),
            # Guardian style: curly quotes, quote ends the sentence.
            (
                "Zelensky said: “We are ready.” The Kremlin did not reply.",
                ["Zelensky said: “We are ready.”", "The Kremlin did not reply."],
            ),
            # French-style guillemets.
            (
                "Macron a dit « Nous sommes prêts. » Puis il est parti.",
                ["Macron a dit « Nous sommes prêts. »", "Puis il est parti."],
            ),
            # Straight closing quote after the period.
            (
                'He said "no deal." Then he left.',
                ['He said "no deal."', "Then he left."],
            ),
            # A quote opens the next sentence.
            (
                'Talks ended. "Nothing was agreed," he said.',
                ["Talks ended.", '"Nothing was agreed," he said.'],
            ),
            # A digit opens the next sentence.
            (
                "Prisoners were swapped. 150 returned home.",
                ["Prisoners were swapped.", "150 returned home."],
            ),
            (
                "Will Russia agree? Nobody knows! Wait and see.",
                ["Will Russia agree?", "Nobody knows!", "Wait and see."],
            ),
            # A lowercase word after a period does not start a sentence.
            (
                "the talks in Istanbul. and then nothing.",
                ["the talks in Istanbul. and then nothing."],
            ),
        ],
    )
    def test_outlet_styles(self, text: str, expected: list[str]) -> None:
        """Sentences in several outlets' styles come out as a reader cuts them."""
        assert texts_of(text) == expected
        check_invariants(text, split_sentences(text))

    @pytest.mark.parametrize(
        "text",
        [
            "Mr. Peskov said so.",
            "Mrs. Smith and Ms. Jones met Dr. Brown.",
            "Gen. Valery Gerasimov and Lt. Col. Ivanov spoke to Sgt. Petrov.",
            "Sen. Graham and Rep. Smith met Gov. Abbott and Pres. Biden.",
            "They met in St. Petersburg on Sunday.",
            "The U.S. State Department and the U.K. Foreign Office agreed.",
            "The U.N. Security Council and the E.U. Commission met.",
            "Talks began on Jan. 5 and again on Feb. 24, Aug. 1 and Sept. 3.",
            "Talks resumed Oct. 2, Nov. 9 and Dec. 1 in Istanbul.",
            "Resolution No. 2623 passed.",
            "It was Russia vs. Ukraine in court.",
            "Some states, e.g. Turkey, mediated; i.e. Ankara hosted.",
            "There were approx. 85,000 soldiers.",
            "The session began at 10 a.m. Monday and ended at 5 p.m. Tuesday.",
            "Gazprom Inc. and Rosneft Ltd. and Lukoil Co. were sanctioned.",
            "Martin Luther King Jr. and Ken Griffey Sr. were cited.",
            "The memo was signed by J. Smith and J.R. Ewing.",
            "Growth was 1.5 percent and 2.75 percent.",
            "Kyiv, the capital, and Chernihiv  two cities that faced bombardment.",
            '"We will never accept this," Peskov said.',
            "“We will never accept this,” Peskov said.",
            '"Why now?" Peskov asked.',
            '"We want peace!" Zelensky told reporters on Monday.',
            "“Is that a threat?” Deputy Defense Minister Alexander Fomin asked.",
            "Lavrov said the talks were “constructive.” and left it there.",
        ],
    )
    def test_not_split(self, text: str) -> None:
        """Abbreviations, decimals, lost dashes and quote tags do not cut."""
        assert texts_of(text) == [text]

    def test_abbreviations_listed(self) -> None:
        """The abbreviations the brief names are all known."""
        assert {"Mr.", "U.S.", "e.g.", "a.m.", "Sept.", "Jr."} <= ABBREVIATIONS

    def test_speech_verbs(self) -> None:
        """The speech verbs for quote attribution are lowercase words."""
        assert {"said", "told", "tweeted", "according to"} <= speech_verbs
        assert all(verb == verb.lower() for verb in speech_verbs)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("One\nTwo", ["One", "Two"]),
            ("One\r\nTwo\rThree", ["One", "Two", "Three"]),
            ("Headline without period\n\nBody.", ["Headline without period", "Body."]),
            ("Mr.\nSmith", ["Mr.", "Smith"]),
            ("He said “yes\nand no”", ["He said “yes", "and no”"]),
            ("Line\u2028Other", ["Line", "Other"]),
        ],
    )
    def test_line_breaks(self, text: str, expected: list[str]) -> None:
        """A line break always ends a sentence."""
        assert texts_of(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", []),
            ("   \n\t  ", []),
            ("  Padded.  ", [(2, 9)]),
            ("Yes.  No.", [(0, 4), (6, 9)]),
            ("Kyiv. Moscow.\n Ankara.", [(0, 5), (6, 13), (15, 22)]),
        ],
    )
    def test_offsets(self, text: str, expected: list[tuple[int, int]]) -> None:
        """Offsets point at the stripped sentences in the source."""
        sentences = split_sentences(text)
        assert [(s.start, s.end) for s in sentences] == expected
        check_invariants(text, sentences)

    @pytest.mark.slow  # several seconds: scale and process checks run with -m slow
    def test_long_line_is_linear(self) -> None:
        """A 1 MB single line of pathological runs is split, offsets exact.

        (How the work grows with such runs is tested in test_hostile.py,
        by counting calls rather than timing them.)
        """
        text = (
            "Mr. Putin said so. " * 20_000
            + "." * 200_000
            + "!" * 100_000
            + " " * 100_000
            + "U.S." * 50_000
            + '"' * 50_000
            + ", but" * 20_000
            + '!" A ' * 20_000
        )
        assert len(text) >= 1_000_000
        sentences = split_sentences(text)
        check_invariants(text, sentences)
        assert len(sentences) > 20_000
        assert sentences[-1].end == len(text.rstrip())


class TestClauses:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Kyiv agreed; Moscow did not.", ["Kyiv agreed;", "Moscow did not."]),
            (
                "Ukraine wants guarantees – Russia refuses.",
                ["Ukraine wants guarantees –", "Russia refuses."],
            ),
            (
                "Russia wants neutrality — and more.",
                ["Russia wants neutrality —", "and more."],
            ),
            (
                "NATO rejected it, while dismissing the threat.",
                ["NATO rejected it,", "while dismissing the threat."],
            ),
            (
                "Kyiv offered neutrality, whereas Moscow wanted more.",
                ["Kyiv offered neutrality,", "whereas Moscow wanted more."],
            ),
            (
                "Trump said a meeting is prepared, but the Kremlin denied it.",
                ["Trump said a meeting is prepared,", "but the Kremlin denied it."],
            ),
            (
                "Kyiv wants to join the EU, which Moscow opposed.",
                ["Kyiv wants to join the EU,", "which Moscow opposed."],
            ),
            # Conservative: lists, hyphens and lost dashes do not split.
            (
                "The US, UK, Germany, and France would help.",
                ["The US, UK, Germany, and France would help."],
            ),
            (
                "A pro-Russian, well-known figure.",
                ["A pro-Russian, well-known figure."],
            ),
            ("Chernihiv  two cities remain.", ["Chernihiv  two cities remain."]),
            (
                "post—Soviet space grew, butter too.",
                ["post—Soviet space grew, butter too."],
            ),
            # Separators inside a quoted passage do not split.
            (
                '"We agreed; they did not," he said; then he left.',
                ['"We agreed; they did not," he said;', "then he left."],
            ),
        ],
    )
    def test_clauses(self, text: str, expected: list[str]) -> None:
        """Clauses are cut at semicolons, spaced dashes and comma connectives."""
        (sentence,) = split_sentences(text)
        assert [clause.text for clause in sentence.clauses] == expected
        check_invariants(text, [sentence])


class TestQuoteSpans:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('He said "no deal" twice.', ["no deal"]),
            ("He said “no deal” twice.", ["no deal"]),
            ("Il a dit « non » deux fois.", ["non"]),
            ("Sie sagte „nein“ zweimal.", ["nein"]),
            ('“Mixed marks," he said.', ["Mixed marks,"]),
            ('"A" and "B" and “C”.', ["A", "B", "C"]),
            ("No quotes here.", []),
            ("Stray closer” here.", []),
            ('Empty "" quote.', []),
            ("Unclosed “quote runs on", ["quote runs on"]),
            ("Single ‘quotes’ and apostrophes aren’t quotes.", []),
        ],
    )
    def test_quote_spans(self, text: str, expected: list[str]) -> None:
        """Quoted passages are found without their marks."""
        (sentence,) = split_sentences(text)
        assert [quote.text for quote in sentence.quote_spans] == expected

    def test_quote_across_sentences(self) -> None:
        """A quote of several sentences is clipped to each of them."""
        text = "“I am ready. I have been ready,” Zelensky said. Talks went on."
        sentences = split_sentences(text)
        assert [[q.text for q in s.quote_spans] for s in sentences] == [
            ["I am ready."],
            ["I have been ready,"],
            [],
        ]


def read_sample(prefix: str) -> str:
    (path,) = [p for p in SAMPLE.iterdir() if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


class TestSamples:
    @pytest.mark.parametrize(
        ("prefix", "low", "high"),
        [
            ("000", 15, 30),
            ("001", 50, 80),
            ("002", 30, 50),
            ("003", 15, 25),
            ("004", 15, 30),
        ],
    )
    def test_counts_and_offsets(self, prefix: str, low: int, high: int) -> None:
        """Every sample splits into a plausible number of exact sentences."""
        text = read_sample(prefix)
        sentences = split_sentences(text)
        check_invariants(text, sentences)
        assert low <= len(sentences) <= high

    @pytest.mark.parametrize(
        ("prefix", "sentence"),
        [
            (
                "004",
                (
                    "Ukraine offered to never join NATO and remain neutral in exchange "
                    "for significant security guarantees as Ukrainian and Russian "
                    "representatives met for a round of peace talks in Istanbul, "
                    "Turkey, on Tuesday, Reuters reported."
                ),
            ),
            (
                "004",
                (
                    "Meanwhile, Russia's Defense Ministry announced it would scale "
                    "back assaults on the Ukrainian cities of Kyiv, the capital, and "
                    "Chernihiv  two cities that have faced bombardment by Russian "
                    "forces but remain under Ukraine's control."
                ),
            ),
            (
                "000",
                (
                    "\"There's a huge gap between the positions of the two "
                    'countries," Koffler said.'
                ),
            ),
            (
                "001",
                (
                    "“It’s very tight and nobody really knows what’s going on,” said "
                    "the European defense official."
                ),
            ),
            ("001", "Russian demands"),
            (
                "002",
                (
                    "Whenever negotiations begin, one thing is clear: Russia will "
                    "insist on Ukraine's neutrality and an end to NATO expansion."
                ),
            ),
            ("003", "Author: Dave DeCamp"),
            (
                "003",
                (
                    "“They have been really leaving Kyiv region this day, even for the "
                    "second day in a row, in fact,” he said."
                ),
            ),
        ],
    )
    def test_whole_sentences(self, prefix: str, sentence: str) -> None:
        """Known sentences of the samples come out whole."""
        assert sentence in texts_of(read_sample(prefix))

    def test_offsets_into_sample(self) -> None:
        """The 004 offer sentence's offsets point into the file's text."""
        text = read_sample("004")
        (found,) = [
            s for s in split_sentences(text) if s.text.startswith("Ukraine offered")
        ]
        assert text.index("Ukraine offered to never join NATO") == found.start
        assert text[found.start : found.end] == found.text


TRICKY = st.sampled_from(
    [
        ". ", "! ", "? ", '." ', "”", "“", "«", "»", '"', "'", "’", "\n", "\r\n",
        "  ", "\t", "Mr.", "U.S.", "J.", "1.5", " A", " 7", ";", " – ", " — ",
        ", while ", ", which ", ", but ", "said", " Peskov said", "…", "\u2028",
        "\x85", "\xa0", "e\u0301",
    ]
)  # fmt: skip


class TestProperties:
    @settings(max_examples=300)
    @given(st.lists(st.one_of(TRICKY, st.text(max_size=8)), max_size=40).map("".join))
    def test_invariants(self, text: str) -> None:
        """For any text the sentences, clauses and quotes keep exact offsets."""
        check_invariants(text, split_sentences(text))

    @given(st.text())
    def test_invariants_any_text(self, text: str) -> None:
        """Arbitrary Unicode keeps the invariants too."""
        check_invariants(text, split_sentences(text))

    @given(
        st.lists(
            st.sampled_from(["Kyiv agreed.", "Moscow refused!", "Why?"]), min_size=1
        )
    )
    def test_simple_sentences_split(self, parts: list[str]) -> None:
        """Sentences joined by single spaces are split back into themselves."""
        assert texts_of(" ".join(parts)) == parts

    @settings(max_examples=300)
    @given(st.lists(st.one_of(TRICKY, st.text(max_size=8)), max_size=40).map("".join))
    def test_lines_are_where_the_line_break_pattern_cuts(self, text: str) -> None:
        """`str.splitlines` cuts the lines where ``LINE_BREAK`` does.

        The reference is the rule as a pattern: a run of line breaks ends a
        line (the lines it leaves empty hold no sentence).
        """
        expected = []
        start = 0
        for match in LINE_BREAK.finditer(text):
            expected.append((start, match.start()))
            start = match.end()
        expected.append((start, len(text)))
        paragraphs = sentences_module._paragraphs(text)
        assert paragraphs == [(a, b) for a, b in expected if a < b]

    @settings(max_examples=300)
    @given(st.lists(st.one_of(TRICKY, st.text(max_size=8)), max_size=40).map("".join))
    def test_the_terminator_sees_what_follows_it(self, text: str) -> None:
        """The character a terminator's look-ahead captures is the next non-space."""
        for match in sentences_module._TERMINAL.finditer(text):
            following = sentences_module._NON_SPACE.search(text, match.end())
            if following is None:
                assert match.group(1) is None
            else:
                assert (match.start(1), match.group(1)) == (
                    following.start(),
                    following.group(),
                )


class TestOverlongSentences:
    """A sentence longer than LONGEST_SENTENCE is cut into pieces."""

    @pytest.mark.slow  # ~3 s: long texts repeated up to many copies
    @settings(max_examples=60)
    @given(
        st.lists(st.one_of(TRICKY, st.text(max_size=12)), min_size=150, max_size=400)
        .map("".join)
        .map(lambda text: text.replace(".", "")),
        st.integers(min_value=1, max_value=3),
    )
    def test_invariants_and_length(self, text: str, copies: int) -> None:
        """Pieces keep every invariant and none is longer than the limit."""
        text = text * copies
        sentences = split_sentences(text)
        check_invariants(text, sentences)
        assert all(len(s) <= LONGEST_SENTENCE for s in sentences)

    def test_cut_after_a_comma(self) -> None:
        """The cut comes after the last comma in the second half of the limit."""
        clause = "Russia demands neutrality and Kyiv refuses, "
        text = clause * 60
        sentences = split_sentences(text)
        assert [s.text[-1] for s in sentences[:-1]] == [","] * (len(sentences) - 1)
        assert " ".join(s.text for s in sentences) == text.strip()
        assert LONGEST_SENTENCE // 2 < len(sentences[0]) <= LONGEST_SENTENCE

    def test_cut_at_a_space_without_commas(self) -> None:
        """With no comma to cut after, the cut is at the last space."""
        text = "troops " * 400
        pieces = [s.text for s in split_sentences(text)]
        assert all(p.endswith("troops") and len(p) <= LONGEST_SENTENCE for p in pieces)
        assert " ".join(pieces) == text.strip()

    def test_cut_at_the_limit_without_spaces(self) -> None:
        """One unbroken token is cut at the limit itself."""
        text = "9" * (2 * LONGEST_SENTENCE + 5)
        assert [len(s) for s in split_sentences(text)] == [
            LONGEST_SENTENCE,
            LONGEST_SENTENCE,
            5,
        ]

    def test_sentence_at_the_limit_is_whole(self) -> None:
        """A sentence of exactly LONGEST_SENTENCE characters is not cut."""
        text = "a" * (LONGEST_SENTENCE - 1) + "."
        assert texts_of(text) == [text]

    def test_quotes_are_clipped_to_the_pieces(self) -> None:
        """A long quote crossing a cut is clipped to each piece it is in."""
        text = 'Peskov said "' + "no deal, " * 200 + '" and left'
        sentences = split_sentences(text)
        check_invariants(text, sentences)
        assert len(sentences) > 1
        assert all(s.quote_spans for s in sentences)
