# ruff: noqa: RUF001 -- scraped debris is full of typographic characters
"""Tests for peacetalks.io.clean."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.io.clean import (
    DEFAULT_RULES,
    Cleaned,
    Rule,
    clean_text,
    match_rule,
)

SAMPLE_DIR = Path(__file__).parent.parent / "src/peacetalks/datasets/data/sample"
SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))

BREAK = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[str]:
    """Split text into lines as clean_text does (no phantom last line)."""
    parts = BREAK.split(text)
    return parts[:-1] if parts[-1] == "" else parts


def blank(line: str) -> bool:
    return not line.strip()


# -- fixtures in several outlets' styles (invented text) ---------------------------

REUTERS = """\
Ukraine, Russia agree to resume prisoner talks in Istanbul
By Jane Example and Ivan Sample

KYIV, March 3 (Reuters) - Ukrainian and Russian negotiators agreed on Tuesday to \
meet again next week, a Ukrainian official said, in the first sign of progress \
since talks stalled in the spring.

Ukrainian negotiator Oleksandr Example speaks to the media in Istanbul, Turkey. \
REUTERS/Murad Sezer/File Photo

"We will follow the agreed procedure to the letter," the official told Reuters.
Sign up here.
Reporting by Jane Example; Editing by John Sample
Our Standards: The Thomson Reuters Trust Principles.
"""

REUTERS_REMOVED = (
    (
        "Ukrainian negotiator Oleksandr Example speaks to the media in Istanbul, "
        "Turkey. REUTERS/Murad Sezer/File Photo"
    ),
    "Sign up here.",
)

AP = """\
KYIV, Ukraine (AP) — Envoys from both sides met behind closed doors on Friday.

FILE - Ukrainian servicemen ride an armored vehicle near the front line in the \
Donetsk region, Ukraine, Feb. 2, 2023. (AP Photo/Evgeniy Maloletka, File)

ADVERTISEMENT

The talks, hosted by Turkey, focused on the safety of grain shipments.

Associated Press writer Anna Sample in Ankara contributed to this report.

Copyright 2023 The Associated Press. All rights reserved. This material may not \
be published, broadcast, rewritten or redistributed without permission.
"""

AP_EXPECTED = """\
KYIV, Ukraine (AP) — Envoys from both sides met behind closed doors on Friday.

The talks, hosted by Turkey, focused on the safety of grain shipments.

Associated Press writer Anna Sample in Ankara contributed to this report.
"""

BBC = """\
Ukraine war: Kyiv ready to discuss neutrality, says Zelensky

Image source, Getty Images
Image caption, Mr Zelensky addressed parliament on Tuesday

Ukraine's president says his country is prepared to discuss adopting neutral \
status as part of a peace deal with Russia.

Related Topics
Russia-Ukraine war

More on this story
"""

BBC_REMOVED = (
    "Image source, Getty Images",
    "Image caption, Mr Zelensky addressed parliament on Tuesday",
    "Related Topics",
    "More on this story",
)

GUARDIAN = """\
Negotiators meet in Istanbul as Ukraine seeks security guarantees
Ukraine’s delegation arrives at Dolmabahçe palace. Photograph: Example Person/AP
Peace talks between Russia and Ukraine resumed on Tuesday, with Kyiv proposing \
a neutral status in exchange for binding guarantees.
Sign up to First Edition, our free daily newsletter – every weekday morning at 7am
“Nobody will follow us into a trap,” a Ukrainian negotiator said.
Follow our live coverage of the talks on our website.
"""

GUARDIAN_REMOVED = (
    "Ukraine’s delegation arrives at Dolmabahçe palace. Photograph: Example Person/AP",
    (
        "Sign up to First Edition, our free daily newsletter – every weekday morning "
        "at 7am"
    ),
)

ALJAZEERA = """\
Russia and Ukraine hold talks in Turkey as fighting continues
Delegations meet in Istanbul amid hopes of a ceasefire.

list 1 of 4
Ukraine’s Zelenskyy says neutrality is on the table

end of list

Russian and Ukrainian delegations met in Istanbul on Tuesday (Photo by Sample \
Person/Anadolu Agency via Getty Images)

Russia’s negotiator said the talks were “constructive”, according to state media.

Follow Al Jazeera English on Twitter @AJEnglish

Source: Al Jazeera and news agencies
"""

ALJAZEERA_REMOVED = (
    "list 1 of 4",
    "end of list",
    (
        "Russian and Ukrainian delegations met in Istanbul on Tuesday (Photo by Sample "
        "Person/Anadolu Agency via Getty Images)"
    ),
    "Follow Al Jazeera English on Twitter @AJEnglish",
)

KYIV_INDEPENDENT = """\
Ukraine war latest: Kyiv rejects Moscow's terms for talks
Ukrainian soldiers near Bakhmut, Donetsk Oblast. Photo: Genya Savilov/AFP via \
Getty Images
Read also: Explainer: What Russia demands in peace negotiations
Foreign Minister Dmytro Kuleba said on X that Ukraine would not negotiate \
"with a gun to its head," and called on partners to speed up deliveries of \
air defense systems, which he described on Twitter earlier this week as the \
country's most urgent need.
Support independent journalism in Ukraine. Join us in building a better future.
Share this article
Note from the author: this story was updated with a comment from the Kremlin.
"""

KYIV_INDEPENDENT_REMOVED = (
    (
        "Ukrainian soldiers near Bakhmut, Donetsk Oblast. Photo: Genya Savilov/AFP "
        "via Getty Images"
    ),
    "Read also: Explainer: What Russia demands in peace negotiations",
    "Support independent journalism in Ukraine. Join us in building a better future.",
    "Share this article",
)

OUTLETS = [
    ("reuters", REUTERS, REUTERS_REMOVED),
    ("ap", AP, None),
    ("bbc", BBC, BBC_REMOVED),
    ("guardian", GUARDIAN, GUARDIAN_REMOVED),
    ("aljazeera", ALJAZEERA, ALJAZEERA_REMOVED),
    ("kyiv-independent", KYIV_INDEPENDENT, KYIV_INDEPENDENT_REMOVED),
]


class TestRules:
    """Tests for what the default rules call debris."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (
                (
                    "Destroyed shopping center in Kyiv, Ukraine March 21, 2022. "
                    "Maxym MarusenkoNurPhoto via Getty Images"
                ),
                "getty-images",
            ),
            ("Sergei Supinsky/AFP via Getty Images", "getty-images"),
            ("Talks in Istanbul. Genya Savilov/AFP", "agency-credit"),
            ("Negotiators in Belarus. Photographer Name / Reuters", "agency-credit"),
            ("A view of the venue. Jane DoeNurPhoto", "glued-credit"),
            ("The delegations (Photo by Sergei SUPINSKY / AFP) in Kyiv", "photo-by"),
            ("Envoys shake hands (photo: Ministry of Foreign Affairs)", "photo-by"),
            ("Photo: Ukrainian Presidential Press Service", "photo-label"),
            ("Image: Ministry of Defence of Ukraine", "photo-label"),
            ("Credit: Jane Doe for The Example Times", "photo-label"),
            ("Soldiers near Izium. Photo: Oleksii Example", "photo-label"),
            ("Image source, Reuters", "media-label"),
            ("Media caption, Watch: the moment the delegations met", "media-label"),
            ("A girl waits at the border. REUTERS/Kai Pfaffenbach", "reuters-credit"),
            ("Talks venue in Gomel. (AP Photo/Efrem Lukatsky)", "ap-photo"),
            ("Delegates meet. Photographer/File Photo", "file-photo"),
            ("FILE PHOTO: Russian President Vladimir Putin in Moscow", "file-photo"),
            ("FILE - Ukrainian soldiers ride a tank, Feb. 2, 2023.", "file-photo"),
            (
                (
                    "Get the latest updates from the 2024 campaign trail, exclusive "
                    "interviews and more Fox News politics content."
                ),
                "latest-updates",
            ),
            ("Sign up for our Ukraine war briefing newsletter", "sign-up"),
            ("Subscribe to our YouTube channel", "sign-up"),
            ("Read more: Ukraine war latest", "read-more"),
            ("RELATED: What Russia wants from the talks", "read-more"),
            ("WATCH: Lavrov speaks after the talks", "read-more"),
            ("Related stories", "related-heading"),
            ("Most read", "related-heading"),
            ("list 2 of 4", "related-heading"),
            ("ADVERTISEMENT", "advertisement"),
            ("Advertisement", "advertisement"),
            ("Story continues below advertisement", "advertisement"),
            ("Click here to read our live blog.", "click-here"),
            ("For the full interview, click here.", "click-here"),
            ("Download the BBC News app for the latest updates", "download-app"),
            ("Support independent journalism in Ukraine.", "support-us"),
            ("Share", "share"),
            ("Share this article", "share"),
            ("Share on Facebook", "share"),
            ("Email", "share-button"),
            ("Copy link", "share-button"),
            ("Follow us on Twitter/X", "follow"),
            ("Follow us", "follow"),
            ("Follow Jane Doe on Twitter @janedoe", "follow"),
            ("follow @KyivIndependent for updates", "follow"),
            ("Copyright 2022 The Associated Press.", "copyright"),
            ("© 2024 Reuters", "copyright"),
            ("(c) 2023 Example Media Ltd", "copyright"),
            ("Example Media Ltd. All rights reserved.", "all-rights-reserved"),
            (
                (
                    "This material may not be published, broadcast, rewritten or "
                    "redistributed."
                ),
                "redistribution",
            ),
            ("   Share this article   ", "share"),
        ],
    )
    def test_debris(self, value: str, expected: str) -> None:
        """Captions, credits, promos, share lines and copyright are debris."""
        rule = match_rule(value)

        assert rule is not None
        assert rule.name == expected
        assert clean_text(value) == Cleaned("", (value,))

    @pytest.mark.parametrize(
        "value",
        [
            (
                "(CNN)US and NATO officials believe that Putin has not withdrawn his "
                "original demands."
            ),
            "By Jane Example and Ivan Sample",
            "CNN’s Kylie Example and Jasmine Sample contributed to this report",
            "Reporting by Jane Example; Editing by John Sample",
            "Author: Dave Example",
            (
                "Dave Example is the news editor of Example.com, follow him on "
                "Twitter @example."
            ),
            '"We will follow the agreed procedure to the letter," he said.',
            "“Follow the money,” the senator said.",
            "The talks will follow the Istanbul framework, officials said.",
            (
                "Foreign Minister Dmytro Kuleba said on Twitter that Ukraine would not "
                "negotiate under pressure."
            ),
            "Zelensky posted a video on X: “We are ready for talks.”",
            "Getty Images, the photo agency, said it had suspended its Moscow office.",
            "A Reuters/Ipsos poll found most Americans support the talks.",
            "Russia promised to limit operations near Kyiv, Reuters reported.",
            "Share prices rose in Moscow after the announcement.",
            "Shares in Ukrainian state firms jumped on the news.",
            "Subscribers to the service lost access on Monday.",
            "Sign language interpreters attended the ceremony.",
            "Copyright law was not part of the talks.",
            "Russian demands",
            "policy of neutrality",
            "More than 1,000 prisoners were exchanged.",
            "Related talks were held in Qatar on nuclear safety.",
            "Watch the border crossings, the official warned.",
            "Image is everything for the Kremlin, one diplomat said.",
            "The photo, credited to AFP, showed the delegations shaking hands.",
            "* The organization is recognized in Russia as acting as a foreign agent.",
            "Source: Al Jazeera and news agencies",
            "Ukraine wants security guarantees from the US.",
            "",
            "   ",
        ],
    )
    def test_not_debris(self, value: str) -> None:
        """News paragraphs, datelines, bylines and credits lines are kept."""
        assert match_rule(value) is None
        assert clean_text(value) == Cleaned(value, ())

    @pytest.mark.parametrize(
        "value",
        [
            "Get the latest updates",
            "Share this article",
            "Follow us on Twitter",
            "Photo: Getty Images",
            "ADVERTISEMENT",
        ],
    )
    def test_long_paragraph_mentioning_debris_is_kept(self, value: str) -> None:
        """A long paragraph is never removed for a phrase it contains."""
        paragraph = (
            f"{value} " + "and the negotiators met again in Istanbul on Tuesday " * 20
        )

        assert clean_text(paragraph) == Cleaned(paragraph, ())

    def test_rules_are_named_and_documented(self) -> None:
        """Every default rule has a unique name, a description and a length cap."""
        names = [rule.name for rule in DEFAULT_RULES]

        assert len(names) == len(set(names))
        assert all(rule.description for rule in DEFAULT_RULES)
        assert all(0 < rule.max_length <= 600 for rule in DEFAULT_RULES)

    def test_no_nested_quantifiers(self) -> None:
        """No default pattern repeats a group that itself holds a repetition."""
        nested = re.compile(r"\((?:[^()]|\([^()]*\))*[*+}][^()]*\)[*+{]")
        for rule in DEFAULT_RULES:
            assert not nested.search(rule.pattern.pattern), rule.name


class TestCustomRules:
    """Tests for clean_text with rules=."""

    def test_custom_rule(self) -> None:
        """A custom rule list replaces the default one."""
        rule = Rule("listen", r"^Listen to this article", max_length=60)
        text = "Listen to this article\nTalks resumed.\nShare this article\n"

        assert clean_text(text, rules=[rule]) == Cleaned(
            "Talks resumed.\nShare this article\n", ("Listen to this article",)
        )

    def test_extend_defaults(self) -> None:
        """Defaults can be extended with an outlet's own debris."""
        rules = (*DEFAULT_RULES, Rule("listen", r"^Listen to this article$", 40))
        text = "Listen to this article\nTalks resumed.\nShare this article\n"

        assert clean_text(text, rules=rules).text == "Talks resumed.\n"

    def test_no_rules(self) -> None:
        """With no rules nothing is removed."""
        assert clean_text(REUTERS, rules=()) == Cleaned(REUTERS, ())

    def test_rule_accepts_compiled_pattern(self) -> None:
        """A rule's pattern may be given compiled."""
        rule = Rule("x", re.compile("^x$", re.IGNORECASE), 5, "x alone")

        assert rule.matches(" X ")
        assert not rule.matches("x" * 6)


class TestLayout:
    """Tests for exactly what removing a line does to the rest."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("A\nShare\nB", "A\nB"),
            ("A\nShare\nB\n", "A\nB\n"),
            ("A\n\nShare\n\nB\n", "A\n\nB\n"),
            ("A\n\n\nShare\n\n\nB", "A\n\n\nB"),
            ("A\n\nShare\nB", "A\n\nB"),
            ("A\nShare\n\nB", "A\n\nB"),
            ("A\n\nShare\n\nEmail\n\nB", "A\n\nB"),
            ("Share\n\nA\n", "A\n"),
            ("\n\nShare\n\nA", "\n\nA"),
            ("A\n\nShare", "A"),
            ("A\n\nShare\n", "A\n"),
            ("A\n\nShare\n\n\n", "A\n"),
            ("A\n \nShare\n\t\nB", "A\n \nB"),
            ("A\r\n\r\nShare\r\n\r\nB\r\n", "A\r\n\r\nB\r\n"),
            ("A\rShare\rB\r", "A\rB\r"),
            ("A  \n  Share  \n  B", "A  \n  B"),
            ("Share\nEmail", ""),
            ("\n\nShare\n\n", ""),
            ("A\n\nB\n\n", "A\n\nB\n\n"),
        ],
    )
    def test_layout(self, value: str, expected: str) -> None:
        """Lines go with their breaks; separators never double; ends are trimmed."""
        assert clean_text(value).text == expected

    def test_removed_lines_are_exact(self) -> None:
        """Removed lines keep their own whitespace but not their breaks."""
        cleaned = clean_text("A\r\n  Share this article \t\r\nB")

        assert cleaned.removed == ("  Share this article \t",)

    def test_nothing_removed_is_identity(self) -> None:
        """Text without debris comes back as the very same string."""
        text = "\n\n  A  \r\n\n\nB\n\n"

        assert clean_text(text).text is text


class TestOutlets:
    """Tests on articles written in several outlets' styles."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(text, removed) for _, text, removed in OUTLETS if removed is not None],
        ids=[name for name, _, removed in OUTLETS if removed is not None],
    )
    def test_removes_debris(self, value: str, expected: tuple[str, ...]) -> None:
        """Each outlet's captions and promos go; everything else stays."""
        cleaned = clean_text(value)

        assert cleaned.removed == expected
        kept = [line for line in lines_of(value) if line not in expected]
        assert [line for line in lines_of(cleaned.text) if not blank(line)] == [
            line for line in kept if not blank(line)
        ]

    def test_ap(self) -> None:
        """AP's file photo, advertisement marker and copyright go, credits stay."""
        cleaned = clean_text(AP)

        assert cleaned.text == AP_EXPECTED
        assert [match_rule(line).name for line in cleaned.removed] == [  # type: ignore[union-attr]
            "ap-photo",
            "advertisement",
            "copyright",
        ]

    def test_guardian_keeps_quote_with_follow(self) -> None:
        """A quote with "follow" and a live-coverage line are not follow buttons."""
        text = clean_text(GUARDIAN).text

        assert "“Nobody will follow us into a trap,”" in text
        assert "Follow our live coverage" in text


class TestSamples:
    """Tests on the bundled sample articles."""

    def test_fox_news(self) -> None:
        """Sample 000 loses its promo and its Getty Images caption only."""
        text = (SAMPLE_DIR / "000_5cce27d38276c5a9.txt").read_text(encoding="utf-8")

        cleaned = clean_text(text)

        assert [line[:40] for line in cleaned.removed] == [
            "Get the latest updates from the 2024 cam",
            "Destroyed shopping center after it was h",
        ]
        assert cleaned.removed[1].endswith("Maxym MarusenkoNurPhoto via Getty Images")
        assert cleaned.text.endswith('to immediately supply weapons."\n')
        assert len(lines_of(cleaned.text)) == len(lines_of(text)) - 2

    @pytest.mark.parametrize(
        "path",
        [path for path in SAMPLES if not path.name.startswith("000")],
        ids=lambda path: path.name,
    )
    def test_others_unchanged(self, path: Path) -> None:
        """The other samples, datelines, bylines and bios included, are kept whole."""
        text = path.read_text(encoding="utf-8")

        assert clean_text(text) == Cleaned(text, ())


# -- properties ---------------------------------------------------------------------

DEBRIS = (
    "Share this article",
    "ADVERTISEMENT",
    "Maxym MarusenkoNurPhoto via Getty Images",
    "Get the latest updates from the 2024 campaign trail.",
    "Follow us on Twitter",
    "Email",
    "  Read more: talks  ",
)
PARAGRAPHS = (
    "Talks resumed in Istanbul.",
    "“We will follow the plan,” he said.",
    "(CNN)Officials met.",
    "Shares rose.",
    "CNN’s Jane Example contributed to this report",
    "A",
)
BLANKS = ("", " ", "\t", "  ")

lines = st.lists(
    st.one_of(
        st.sampled_from(DEBRIS + PARAGRAPHS + BLANKS),
        st.text(st.characters(exclude_characters="\r\n"), max_size=40),
    ),
    max_size=25,
)
texts = st.tuples(lines, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()).map(
    lambda args: args[1].join(args[0]) + (args[1] if args[2] else "")
)


class TestProperties:
    """Properties of clean_text."""

    @given(texts)
    def test_every_line_accounted_for(self, text: str) -> None:
        """Kept and removed lines are exactly the input's; only blanks may go."""
        cleaned = clean_text(text)
        before = lines_of(text)
        after = lines_of(cleaned.text)

        assert Counter(line for line in after if not blank(line)) + Counter(
            cleaned.removed
        ) == Counter(line for line in before if not blank(line))
        assert [line for line in before if line not in cleaned.removed] == [
            line for line in before if match_rule(line) is None
        ]
        assert [line for line in after if not blank(line)] == [
            line for line in before if not blank(line) and match_rule(line) is None
        ]
        assert len(after) + len(cleaned.removed) <= len(before)
        assert all(match_rule(line) is not None for line in cleaned.removed)

    @given(texts)
    def test_kept_text_is_a_subsequence(self, text: str) -> None:
        """Kept characters appear in the input in the same order."""
        remaining = iter(text)

        assert all(char in remaining for char in clean_text(text).text)

    @given(texts)
    def test_idempotent(self, text: str) -> None:
        """Cleaning cleaned text changes nothing."""
        once = clean_text(text).text

        assert clean_text(once) == Cleaned(once, ())

    @given(texts)
    def test_no_new_blank_runs(self, text: str) -> None:
        """Removal never creates a longer run of blank lines than the input had."""

        def longest_blank_run(value: str) -> int:
            longest = run = 0
            for line in lines_of(value):
                run = run + 1 if blank(line) else 0
                longest = max(longest, run)
            return longest

        assert longest_blank_run(clean_text(text).text) <= longest_blank_run(text)

    @given(texts)
    def test_ends_like_input(self, text: str) -> None:
        """The result ends with a line break exactly when the input did."""
        cleaned = clean_text(text).text

        if cleaned and not blank(lines_of(cleaned)[-1]):
            assert cleaned.endswith(("\n", "\r")) == text.endswith(("\n", "\r"))

    @given(st.text())
    def test_any_text(self, text: str) -> None:
        """Any text is cleaned without error into no more than it was."""
        cleaned = clean_text(text)

        assert len(cleaned.text) <= len(text)
        assert clean_text(cleaned.text).removed == ()


class TestLongInputs:
    """Pathological inputs run in linear time (a super-linear regex would hang)."""

    @pytest.mark.parametrize(
        "value",
        [
            "x" * 1_000_000,
            "Getty Images " * 80_000,
            " " * 1_000_000,
            "“" * 1_000_000,
            '"' * 1_000_000,
            "Follow " * 150_000,
            "/" * 1_000_000,
            "Share this article\n" * 50_000,
            "\n" * 1_000_000,
            "\r\n" * 500_000,
            ("Photo: " + "a" * 290 + "\n") * 3_000,
        ],
        ids=[
            "letters",
            "getty",
            "spaces",
            "curly-quotes",
            "quotes",
            "follow",
            "slashes",
            "many-debris-lines",
            "newlines",
            "crlf",
            "near-limit",
        ],
    )
    def test_long(self, value: str) -> None:
        """A megabyte of one pattern is cleaned."""
        cleaned = clean_text(value)

        assert len(cleaned.text) <= len(value)

    def test_near_limit_lines_are_searched(self) -> None:
        """Lines just under a rule's length cap are searched and removed."""
        line = "Photo: " + "a" * 290

        assert clean_text(f"{line}\nA\n" * 1000).text == "A\n" * 1000
