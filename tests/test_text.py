# ruff: noqa: RUF001 - the sample headlines have curly quotes
"""Tests for peacetalks.io.text."""

from __future__ import annotations

import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetalks.io.text import known_outlet, outlet_from_url, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SAMPLE = resources.files("peacetalks.datasets").joinpath("data", "sample")

#: What a reader of the five sample files finds in them, written out by hand:
#: (file, title, url, outlet, authors, the text's first and last words).
SAMPLES: list[dict[str, Any]] = [
    {
        "file": "000_5cce27d38276c5a9.txt",
        "title": "Ukraine seeks deal guaranteeing armies with nuclear component "
        "will intervene if it is attacked again",
        "url": "https://www.foxnews.com/politics/ukraine-seeks-concrete-security-"
        "guarantees-turkey-peace-talks",
        "outlet": "Fox News",
        "authors": [],
        "first": "But Koffler said",
        "last": "MarusenkoNurPhoto via Getty Images",
    },
    {
        "file": "001_6f71dc9de3a03945.txt",
        "title": "US and NATO officials struggle to decipher status of "
        "negotiations between Russia and Ukraine",
        "url": None,
        "outlet": "CNN",
        "authors": [],
        "first": "(CNN)US and NATO officials",
        "last": "contributed to this report",
        "extra": {
            "breadcrumb": "Home » russia ukraine war » US and NATO officials "
            "struggle to decipher status of negotiations between Russia and "
            "Ukraine",
            "section": "russia ukraine war",
        },
    },
    {
        "file": "002_de5fcd0c532bc2fc.txt",
        "title": "Bloomberg: in negotiations on Ukraine, Russia will demand "
        "Kiev's neutrality",
        "url": None,
        "outlet": "Bloomberg",
        "authors": [],
        "first": "Donald Trump said",
        "last": "acting as a foreign agent.",
    },
    {
        "file": "003_3996b4a5bdcd3b6a.txt",
        "title": "Russia Welcomes Ukraine’s Written Proposals But Says No "
        "Breakthroughs Made",
        "url": None,
        "outlet": "Antiwar.com",
        "authors": ["Dave DeCamp"],
        "first": "Ukraine wants security guarantees",
        "last": "“liberating” the Donbas.",
        "extra": {
            "author_bio": "Dave DeCamp is the news editor of Antiwar.com, "
            "follow him on Twitter @decampdave."
        },
    },
    {
        "file": "004_159fcc08f260e90c.txt",
        "title": "Ukraine offers to never join NATO during peace talks as Russia "
        "says its pulling back on assaults near Kyiv",
        "url": "https://www.businessinsider.in/international/news/ukraine-offers-"
        "to-never-join-nato-during-peace-talks-as-russia-says-its-pulling-back-on-"
        "assaults-near-kyiv/articleshow/90523729.cms",
        "outlet": "Business Insider",
        "authors": [],
        "first": "The Kremlin has for years",
        "last": "claimed thousands of lives.",
    },
]


def read(name: str) -> str:
    """Read a fixture exactly as stored (no newline translation)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def sample(entry: dict[str, Any]) -> str:
    """Read a bundled sample file exactly as stored."""
    return SAMPLE.joinpath(entry["file"]).read_bytes().decode("utf-8")


class TestSamples:
    """Tests on the five bundled sample articles."""

    @pytest.mark.parametrize("entry", SAMPLES, ids=lambda e: e["file"][:3])
    def test_fields(self, entry: dict[str, Any]) -> None:
        """Title, URL, outlet and authors are those a reader finds."""
        draft = parse_text(sample(entry), name=entry["file"])

        assert draft.title == entry["title"]
        assert draft.url == entry.get("url")
        assert draft.outlet == entry["outlet"]
        assert draft.authors == entry["authors"]
        assert draft.path == entry["file"]

    @pytest.mark.parametrize("entry", SAMPLES, ids=lambda e: e["file"][:3])
    def test_text(self, entry: dict[str, Any]) -> None:
        """The text is the whole body, from its first to its last words."""
        raw = sample(entry)
        text = parse_text(raw).text

        assert text.startswith(entry["first"])
        assert text.endswith(entry["last"])
        assert raw[raw.index(text) :].strip().startswith(text)

    @pytest.mark.parametrize("entry", SAMPLES, ids=lambda e: e["file"][:3])
    def test_extra(self, entry: dict[str, Any]) -> None:
        """Breadcrumb, section and author bio are found."""
        extra = parse_text(sample(entry)).extra

        for key in ("breadcrumb", "section", "author_bio"):
            assert extra.get(key) == entry.get("extra", {}).get(key)

    @pytest.mark.parametrize(
        ("prefix", "published_raw", "starts", "layout"),
        [
            ("000", "20220329", "But Koffler said", ["headline", "date", "url"]),
            (
                "001",
                None,
                "(CNN)US and NATO",
                ["breadcrumb", "section", "headline", "dateline"],
            ),
            ("002", None, "Donald Trump said", ["headline", "headline_prefix"]),
            (
                "003",
                None,
                "Ukraine wants security guarantees",
                ["headline", "standfirst", "author_footer"],
            ),
            ("004", "20220329", "The Kremlin has", ["headline", "date", "url"]),
        ],
    )
    def test_layout(
        self, prefix: str, published_raw: str | None, starts: str, layout: list[str]
    ) -> None:
        """Each sample's layout, date and text start are detected."""
        (entry,) = [e for e in SAMPLES if e["file"].startswith(prefix)]
        draft = parse_text(sample(entry))

        assert draft.published_raw == published_raw
        assert draft.text.startswith(starts)
        assert draft.extra["layout"] == layout

    def test_standfirst_and_footer(self) -> None:
        """003 keeps its standfirst in the text and cuts the author footer."""
        (entry,) = [e for e in SAMPLES if e["file"].startswith("003")]
        draft = parse_text(sample(entry))

        assert draft.extra["standfirst"].startswith("Ukraine wants security")
        assert draft.text.startswith(draft.extra["standfirst"])
        assert draft.text.endswith("“liberating” the Donbas.")
        assert "Author:" not in draft.text

    @pytest.mark.parametrize("entry", SAMPLES, ids=lambda e: e["file"][:3])
    def test_build(self, entry: dict[str, Any]) -> None:
        """Every sample draft builds into an Article without problems."""
        draft = parse_text(sample(entry))
        article = draft.build()

        assert article.title == entry["title"]
        assert draft.problems == []


# name, title, published_raw, url, outlet, authors, text start, layout
FIXTURE_TABLE = [
    (
        "reuters.txt",
        "Russia and Ukraine agree to meet again after Istanbul round",
        "March 29, 2022 10:30 AM GMT",
        "https://www.reuters.com/world/europe/russia-ukraine-agree-meet-again-2022-03-29/",
        "Reuters",
        ["Jane Doe", "John Roe"],
        "ISTANBUL, March 29 (Reuters) - ",
        ["headline", "byline", "date", "url", "dateline"],
    ),
    (
        "ap.txt",
        "Ukraine offers neutrality in exchange for security guarantees",
        "March 29, 2022",
        None,
        "AP",
        ["JANE DOE", "JOHN ROE"],
        "KYIV, Ukraine (AP) — ",
        ["headline", "byline", "outlet_line", "date", "dateline"],
    ),
    (
        "bbc.txt",
        "Ukraine war: Kremlin says talks have brought no breakthrough",
        "29 March 2022",
        None,
        "BBC",
        ["Jane Doe"],
        "The Kremlin has said",
        ["headline", "date", "byline", "outlet_line"],
    ),
    (
        "guardian.txt",
        "Zelenskiy says neutrality is on the table but needs a referendum",
        "Tue 29 Mar 2022",
        None,
        None,
        ["Jane Doe", "John Roe"],
        "Ukraine's president has said",
        ["headline", "standfirst", "byline", "date"],
    ),
    (
        "aljazeera.txt",
        "Russia says it will scale back operations near Kyiv and Chernihiv",
        "29 Mar 2022",
        None,
        "Al Jazeera",
        [],
        "Russia's deputy defence minister",
        ["headline", "standfirst", "byline", "date"],
    ),
    (
        "kyiv_independent.txt",
        "Ukraine, Russia hold first in-person talks in two weeks",
        "March 29, 2022 9:15 pm",
        "https://kyivindependent.com/ukraine-russia-hold-first-in-person-talks/",
        "The Kyiv Independent",
        ["Jane Doe"],
        "Ukrainian and Russian delegations",
        ["breadcrumb", "section", "headline", "byline", "date", "url"],
    ),
    (
        "tass.txt",
        "Kremlin sees no breakthrough yet in Istanbul talks",
        "29 MAR, 18:40",
        None,
        "TASS",
        [],
        "MOSCOW, March 29. /TASS/. The Kremlin",
        ["headline", "date", "dateline"],
    ),
    (
        "blog_front_matter.md",
        "Why the Istanbul communique matters",
        "2022-03-30",
        "https://blog.example-policy.net/posts/istanbul-communique",
        "Example Policy Blog",
        ["Jane Doe", "John Roe"],
        "The communique that Ukraine",
        ["front_matter", "headline"],
    ),
    (
        "body_only.txt",
        "",
        None,
        None,
        None,
        [],
        "Negotiators met for three hours",
        [],
    ),
    (
        "windows_crlf.txt",
        "Talks in Istanbul end with a written proposal",
        "20220329",
        "https://www.bbc.co.uk/news/world-europe-00000000",
        "BBC",
        [],
        "Ukraine handed over a written proposal",
        ["headline", "date", "url"],
    ),
    (
        "no_trailing_newline.txt",
        "Talks to resume on Friday, officials say",
        None,
        None,
        "CNN",
        ["Jane Doe"],
        "Both delegations will meet again",
        ["headline", "byline"],
    ),
    (
        "headline_direct.txt",
        "WSJ: Russia will ask for limits on Ukraine's army in any talks",
        None,
        None,
        "The Wall Street Journal",
        [],
        "Russia will press for caps",
        ["headline", "headline_prefix"],
    ),
    (
        "date_third_line.txt",
        "Envoys prepare for a new round of talks",
        "2022-03-29",
        None,
        "Politico",
        ["Jane Doe"],
        "Envoys from both countries",
        ["headline", "byline", "date"],
    ),
    (
        "author_footer.txt",
        "Talks make slow progress on security guarantees",
        None,
        None,
        "Antiwar.com",
        ["Jane Doe"],
        "Ukraine wants binding guarantees",
        ["headline", "standfirst", "author_footer"],
    ),
]


class TestOutletStyles:
    """Tests on small files written in several outlets' styles."""

    @pytest.mark.parametrize(
        (
            "name",
            "title",
            "published_raw",
            "url",
            "outlet",
            "authors",
            "starts",
            "layout",
        ),
        FIXTURE_TABLE,
        ids=[row[0] for row in FIXTURE_TABLE],
    )
    def test_fixture(
        self,
        name: str,
        title: str,
        published_raw: str | None,
        url: str | None,
        outlet: str | None,
        authors: list[str],
        starts: str,
        layout: list[str],
    ) -> None:
        """Each layout is detected and its fields read."""
        raw = read(name)
        draft = parse_text(raw, name=name)

        assert draft.title == title
        assert draft.published_raw == published_raw
        assert draft.url == url
        assert draft.outlet == outlet
        assert draft.authors == authors
        assert draft.text.startswith(starts)
        assert draft.extra["layout"] == layout
        assert draft.text in raw
        assert draft.text == draft.text.strip()

    @pytest.mark.parametrize(
        "row", FIXTURE_TABLE, ids=[row[0] for row in FIXTURE_TABLE]
    )
    def test_builds(self, row: tuple[Any, ...]) -> None:
        """Every fixture builds into an Article without problems."""
        draft = parse_text(read(row[0]))
        draft.build()

        assert draft.problems == []

    def test_crlf_kept(self) -> None:
        """Windows line endings stay in the text exactly as in the file."""
        draft = parse_text(read("windows_crlf.txt"))

        assert "\r\n\r\n" in draft.text
        assert not draft.text.endswith("\r\n")

    def test_no_trailing_newline(self) -> None:
        """The last line of a file without a final newline is kept whole."""
        draft = parse_text(read("no_trailing_newline.txt"))

        assert draft.text.endswith("The venue has not been announced.")

    def test_front_matter_extra(self) -> None:
        """Unknown front-matter keys go to extra; a clash with layout is renamed."""
        draft = parse_text(read("blog_front_matter.md"))

        assert draft.language == "en"
        assert draft.extra["tags"] == ["ukraine", "russia", "negotiations"]
        assert draft.extra["front_matter.layout"] == "post"
        assert draft.extra["outlet_from"] == "front_matter"

    def test_guardian_standfirst_taken_out(self) -> None:
        """A standfirst above the byline goes to extra, out of the text."""
        draft = parse_text(read("guardian.txt"))

        assert draft.extra["standfirst"].startswith("Ukrainian president says")
        assert "Ukrainian president says" not in draft.text
        assert draft.extra["date_line"] == "Tue 29 Mar 2022 11.05 BST"
        assert draft.build().published.date == datetime.date(2022, 3, 29)


class TestDateLines:
    """Tests for the date line, in the 2nd or 3rd line and in many formats."""

    @pytest.mark.parametrize(
        ("line", "raw", "expected"),
        [
            ("20220329", "20220329", datetime.date(2022, 3, 29)),
            ("March 29, 2022", "March 29, 2022", datetime.date(2022, 3, 29)),
            (
                "29 March 2022 12:00 GMT",
                "29 March 2022 12:00 GMT",
                datetime.date(2022, 3, 29),
            ),
            ("Published: 2022-03-29", "2022-03-29", datetime.date(2022, 3, 29)),
            (
                "Updated Mar 29, 2022 10:30am EDT",
                "Mar 29, 2022 10:30am EDT",
                datetime.date(2022, 3, 29),
            ),
            ("Tuesday, March 29, 2022", "Tuesday, March 29, 2022", None),
            ("29.03.2022", "29.03.2022", datetime.date(2022, 3, 29)),
            (
                "2022-03-29T14:05:00+03:00",
                "2022-03-29T14:05:00+03:00",
                datetime.date(2022, 3, 29),
            ),
            (
                "Last updated on 29 March 2022 | 14:05",
                "29 March 2022",
                datetime.date(2022, 3, 29),
            ),
            ("Posted on March 2022", "March 2022", datetime.date(2022, 3, 1)),
            ("2 hours ago", "2 hours ago", None),
        ],
    )
    @pytest.mark.parametrize("position", [2, 3])
    def test_formats(
        self, line: str, raw: str, expected: datetime.date | None, position: int
    ) -> None:
        """A date-only line is read in any common format, after an optional prefix."""
        header = ["Envoys meet in Istanbul for a new round"]
        if position == 3:
            header.append("By Jane Doe")
        header.append(line)
        draft = parse_text("\n".join([*header, "", "The talks began at ten."]))

        assert draft.published_raw == raw
        assert draft.text == "The talks began at ten."
        if raw != line:
            assert draft.extra["date_line"] == line
        else:
            assert "date_line" not in draft.extra
        if expected is not None:
            assert draft.build().published.date == expected

    def test_wrong_weekday_is_a_problem(self) -> None:
        """A date line naming the wrong weekday is kept and reported when built."""
        draft = parse_text("Talks resume\nMonday, March 29, 2022\n\nThey resumed.")
        article = draft.build()

        assert article.published.date is None
        assert draft.problems

    def test_updated_after_published(self) -> None:
        """A second date line marked Updated is kept separately."""
        draft = parse_text(
            "Talks resume\nPublished 29 March 2022\nUpdated 30 March 2022\n\nBody."
        )

        assert draft.published_raw == "29 March 2022"
        assert draft.extra["updated_raw"] == "30 March 2022"

    @pytest.mark.parametrize(
        "line",
        [
            "May 9 parade is cancelled in Moscow",
            "NATO 2022 summit opens",
            "The talks will resume in 2022.",
            "Round 3",
        ],
    )
    def test_not_dates(self, line: str) -> None:
        """Lines that merely contain a date or number are not date lines."""
        draft = parse_text(f"Envoys meet again\n{line}\nThe rest of the story.")

        assert draft.published_raw is None


class TestBylines:
    """Tests for bylines at the top of the article."""

    @pytest.mark.parametrize(
        ("line", "authors", "outlet"),
        [
            ("By Jane Doe", ["Jane Doe"], None),
            ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], "Reuters"),
            ("By Jane Doe | CNN", ["Jane Doe"], "CNN"),
            (
                "By Jane Doe, John Roe, and Ann Poe",
                ["Jane Doe", "John Roe", "Ann Poe"],
                None,
            ),
            ("BY JANE DOE", ["JANE DOE"], None),
            ("By Reuters Staff", [], "Reuters"),
            ("By Al Jazeera and news agencies", [], "Al Jazeera"),
            ("By Jane Doe, Senior Correspondent", ["Jane Doe"], None),
            ("Written by Ana de la Cruz", ["Ana de la Cruz"], None),
            ("By Jane Doe in Kyiv", ["Jane Doe"], None),
            ("By Jane Doe, Kyiv", ["Jane Doe"], None),
            ("By Jane Doe • March 29, 2022", ["Jane Doe"], None),
            ("By Jane O\u2019Neil-Smith", ["Jane O\u2019Neil-Smith"], None),
        ],
    )
    def test_bylines(self, line: str, authors: list[str], outlet: str | None) -> None:
        """Bylines give authors, and the outlet when one is named."""
        draft = parse_text(f"Talks resume in Istanbul\n{line}\n\nThe talks resumed.")

        assert draft.authors == authors
        assert draft.outlet == outlet
        assert draft.text == "The talks resumed."
        assert draft.extra["byline"] == line

    @pytest.mark.parametrize(
        "line",
        [
            "By the numbers: what each side wants",
            "By Tuesday, the delegations had left.",
            "Bylaws of the commission were published",
        ],
    )
    def test_not_bylines(self, line: str) -> None:
        """Lines starting with "By" that name nobody stay in the text."""
        draft = parse_text(f"Talks resume in Istanbul\n{line}\nThe talks resumed.")

        assert draft.authors == []
        assert draft.text.startswith(line)

    def test_byline_date(self) -> None:
        """A date in the byline is the published date when no date line gives one."""
        draft = parse_text("Talks resume\nBy Jane Doe | 29 March 2022\n\nBody.")

        assert draft.published_raw == "29 March 2022"
        assert draft.authors == ["Jane Doe"]


class TestAuthorFooter:
    """Tests for the author footer and bio at the end."""

    def test_footer_without_bio(self) -> None:
        """An Author line at the very end is cut and read."""
        draft = parse_text("Talks resume\n\nThey resumed.\n\nAuthor: Jane Doe\n")

        assert draft.authors == ["Jane Doe"]
        assert draft.text == "They resumed."
        assert "author_bio" not in draft.extra

    def test_footer_far_from_end_is_text(self) -> None:
        """An Author line followed by a long article is not a footer."""
        body = "\n\n".join(
            ["One.", "Two.", "Author: Jane Doe", "Three.", "Four.", "Five."]
        )
        draft = parse_text(f"Talks resume\n\n{body}")

        assert draft.authors == []
        assert draft.text == body

    def test_bio_outlet_is_lowest(self) -> None:
        """The bio's outlet only counts when nothing else names one."""
        text = read("author_footer.txt").replace(
            "Talks make slow", "https://www.dw.com/en/talks\n\nTalks make slow", 1
        )
        draft = parse_text(text)

        assert draft.outlet == "DW"
        assert draft.extra["outlet_from"] == "url"


class TestShortArticleWithFooter:
    def test_one_paragraph_then_footer(self) -> None:
        """One body paragraph before an Author footer stays the text."""
        draft = parse_text(
            "Russia Welcomes Proposals\n\nPeskov said there was no breakthrough.\n\n"
            "Author: Jane Doe\n\nJane Doe is the news editor of Antiwar.com.\n"
        )

        assert draft.text == "Peskov said there was no breakthrough."
        assert draft.authors == ["Jane Doe"]
        assert draft.extra["author_bio"].startswith("Jane Doe is the news editor")


class TestDatelines:
    """Tests for outlets named in a dateline."""

    @pytest.mark.parametrize(
        ("paragraph", "outlet"),
        [
            ("(CNN)US and NATO officials met.", "CNN"),
            ("(Reuters) - Officials met.", "Reuters"),
            ("KYIV, Ukraine (AP) — Officials met.", "AP"),
            ("MOSCOW (Reuters) - Officials met.", "Reuters"),
            ("WASHINGTON, March 29 (Reuters) - Officials met.", "Reuters"),
            ("Kyiv (AFP) - Officials met.", "AFP"),
            ("MOSCOW, March 29. /TASS/. Officials met.", "TASS"),
            ("(Unknown Wire) - Officials met.", None),
            ("Officials (and others) - met.", None),
            ("The talks (held in Istanbul) ended.", None),
        ],
    )
    def test_datelines(self, paragraph: str, outlet: str | None) -> None:
        """A known outlet in the dateline names the outlet; the dateline stays."""
        draft = parse_text(f"Talks resume\n\n{paragraph}\n\nMore text.")

        assert draft.outlet == outlet
        assert draft.text.startswith(paragraph)


class TestPrecedence:
    """Tests for the order in which sources name the outlet."""

    @pytest.mark.parametrize(
        ("text", "outlet", "source"),
        [
            (
                (
                    "---\nsource: AP\n---\nReuters: talks resume\n"
                    "https://www.bbc.com/news/1\nBy Jane Doe, CNN\n\n(AFP) - Body."
                ),
                "AP",
                "front_matter",
            ),
            (
                (
                    "Reuters: talks resume\nhttps://www.bbc.com/news/1\n"
                    "By Jane Doe, CNN\n\n(AFP) - Body."
                ),
                "BBC",
                "url",
            ),
            (
                "Reuters: talks resume\nBy Jane Doe, CNN\n\n(AFP) - Body.",
                "CNN",
                "byline",
            ),
            ("Reuters: talks resume\n\n(AFP) - Body.", "AFP", "dateline"),
            ("Reuters: talks resume\n\nBody.", "Reuters", "headline_prefix"),
        ],
    )
    def test_precedence(self, text: str, outlet: str, source: str) -> None:
        """Front matter > URL > byline > dateline > headline prefix."""
        draft = parse_text(text)

        assert draft.outlet == outlet
        assert draft.extra["outlet_from"] == source


class TestBreadcrumbs:
    """Tests for breadcrumb and section lines."""

    @pytest.mark.parametrize(
        ("line", "section"),
        [
            ("Home » World » Europe", "World"),
            ("Home \u203a World \u203a Europe", "Europe"),
            ("Home > World > Europe", "World"),
            ("News / World / Europe", "Europe"),
            ("Home | World", "World"),
        ],
    )
    def test_separators(self, line: str, section: str) -> None:
        """Breadcrumbs with any separator are recognised with their section."""
        draft = parse_text(f"{line}\n{section}\n\nTalks resume\n\nThe talks resumed.")

        assert draft.extra["breadcrumb"] == line
        assert draft.title == "Talks resume"
        assert draft.text == "The talks resumed."
        assert draft.extra["section"] == section

    @pytest.mark.parametrize(
        "line",
        ["Ukraine | Live updates from the talks", "Russia/Ukraine talks resume"],
    )
    def test_not_breadcrumbs(self, line: str) -> None:
        """Headlines with a bar or slash are headlines, not breadcrumbs."""
        draft = parse_text(f"{line}\n\nThe talks resumed.")

        assert "breadcrumb" not in draft.extra
        assert draft.title == line

    def test_title_from_breadcrumb(self) -> None:
        """Without a headline line, a long last breadcrumb segment is the title."""
        draft = parse_text("Home » World » Russia and Ukraine resume talks\n\nBody.")

        assert draft.title == "Russia and Ukraine resume talks"
        assert draft.text == "Body."


class TestFrontMatter:
    """Tests for front matter."""

    @pytest.mark.parametrize(
        ("line", "authors"),
        [
            ("authors: [Jane Doe, 'John Roe']", ["Jane Doe", "John Roe"]),
            ("author: Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
            ('byline: "By Jane Doe and John Roe"', ["Jane Doe", "John Roe"]),
            ("authors:\n  - Jane Doe\n  - John Roe", ["Jane Doe", "John Roe"]),
        ],
    )
    def test_authors(self, line: str, authors: list[str]) -> None:
        """Authors may be a list, a comma-separated string or a YAML list."""
        draft = parse_text(f"---\ntitle: Talks\n{line}\n---\nBody.")

        assert draft.authors == authors
        assert draft.text == "Body."

    def test_fields(self) -> None:
        """Known keys fill the fields; the outlet of a domain is resolved."""
        draft = parse_text(
            "---\nheadline: 'Talks: day two'\npublished: 29 March 2022\n"
            "link: https://example.org/a\nsite: foxnews.com\nid: abc-1\n"
            "language: en\n---\nBody."
        )

        assert draft.title == "Talks: day two"
        assert draft.published_raw == "29 March 2022"
        assert draft.url == "https://example.org/a"
        assert draft.outlet == "Fox News"
        assert draft.id == "abc-1"

    def test_unclosed(self) -> None:
        """A first line --- without a closing line is text, with a problem."""
        draft = parse_text("---\ntitle: Talks\nBody text.")

        assert draft.title == ""
        assert draft.text.startswith("---")
        assert draft.problems

    def test_not_key_values(self) -> None:
        """A --- block that is not key: value lines is not front matter."""
        text = "---\nSome prose here.\n---\nMore prose."
        draft = parse_text(text)

        assert "front_matter" not in draft.extra["layout"]
        assert draft.text in text


class TestOutletFromUrl:
    """Tests for outlet_from_url."""

    @pytest.mark.parametrize(
        ("url", "outlet"),
        [
            ("https://www.foxnews.com/politics/x", "Fox News"),
            ("https://edition.cnn.com/2022/03/29/x", "CNN"),
            ("https://www.businessinsider.in/x", "Business Insider"),
            ("https://www.businessinsider.com/x", "Business Insider"),
            ("https://www.bloomberg.com/news/x", "Bloomberg"),
            ("https://www.reuters.com/world/x", "Reuters"),
            ("https://apnews.com/article/x", "AP"),
            ("https://www.bbc.co.uk/news/x", "BBC"),
            ("https://www.bbc.com/news/x", "BBC"),
            ("https://www.theguardian.com/world/x", "The Guardian"),
            ("https://www.nytimes.com/2022/x", "The New York Times"),
            ("https://www.washingtonpost.com/x", "The Washington Post"),
            ("https://www.wsj.com/articles/x", "The Wall Street Journal"),
            ("https://www.ft.com/content/x", "Financial Times"),
            ("https://www.aljazeera.com/news/x", "Al Jazeera"),
            ("https://www.politico.eu/article/x", "Politico"),
            ("https://www.politico.com/news/x", "Politico"),
            ("https://kyivindependent.com/x", "The Kyiv Independent"),
            ("https://www.kyivpost.com/x", "Kyiv Post"),
            ("https://www.pravda.com.ua/eng/news/x", "Ukrainska Pravda"),
            ("https://tass.com/politics/x", "TASS"),
            ("https://www.rt.com/russia/x", "RT"),
            ("https://www.themoscowtimes.com/x", "The Moscow Times"),
            ("https://news.antiwar.com/x", "Antiwar.com"),
            ("https://www.dw.com/en/x", "DW"),
            ("https://www.france24.com/en/x", "France 24"),
            ("https://www.euronews.com/x", "Euronews"),
            ("https://www.npr.org/x", "NPR"),
            ("https://abcnews.go.com/International/x", "ABC News"),
            ("https://www.rferl.org/a/x", "RFE/RL"),
            ("https://meduza.io/en/x", "Meduza"),
            ("HTTPS://WWW.ECONOMIST.COM/x", "The Economist"),
            ("https://www.example-news.org/world/1", "example-news.org"),
            ("https://news.example.co.uk/a", "example.co.uk"),
            ("https://someone.substack.com/p/x", "someone.substack.com"),
            ("https://www.example.com:8080/a", "example.com"),
            ("foxnews.com/politics/x", "Fox News"),
            ("http://127.0.0.1/a", None),
            ("http://localhost/a", None),
            ("not a url", None),
            ("", None),
            ("http://[::1", None),
        ],
    )
    def test_outlets(self, url: str, outlet: str | None) -> None:
        """Known domains give their outlet, unknown ones the registrable domain."""
        assert outlet_from_url(url) == outlet


class TestKnownOutlet:
    """Tests for known_outlet."""

    @pytest.mark.parametrize(
        ("name", "outlet"),
        [
            ("AP", "AP"),
            ("Associated Press", "AP"),
            ("the associated press", "AP"),
            ("AFP", "AFP"),
            ("Agence France-Presse", "AFP"),
            ("WSJ", "The Wall Street Journal"),
            ("NYT", "The New York Times"),
            ("New York Times", "The New York Times"),
            ("guardian", "The Guardian"),
            ("BBC News", "BBC"),
            ("Kyiv Independent", "The Kyiv Independent"),
            ("  reuters  ", "Reuters"),
            ("www.cnn.com", "CNN"),
            ("Antiwar.com", "Antiwar.com"),
            ("Bloomberg", "Bloomberg"),
            ("example-news.org", None),
            ("Ministry of Defence", None),
            ("", None),
        ],
    )
    def test_names(self, name: str, outlet: str | None) -> None:
        """Names, abbreviations and domains resolve case-insensitively."""
        assert known_outlet(name) == outlet


class TestEdgeCases:
    """Tests for degenerate input."""

    @pytest.mark.parametrize(
        ("text", "title", "body"),
        [
            ("", "", ""),
            ("   \n\n \r\n", "", ""),
            ("Just one line of text", "", "Just one line of text"),
            ("Just one line\n", "", "Just one line"),
            ("\ufeffTalks resume\nThey resumed.", "Talks resume", "They resumed."),
            ("# Talks resume\n\nThey resumed.", "Talks resume", "They resumed."),
            ("Talks resume\n20220329", "Talks resume", ""),
            ("One sentence ends here.\nAnother follows.", "", "One sentence ends"),
        ],
    )
    def test_degenerate(self, text: str, title: str, body: str) -> None:
        """Empty, one-line and header-only files are handled sensibly."""
        draft = parse_text(text)

        assert draft.title == title
        assert draft.text.startswith(body)
        assert draft.text in text

    def test_headline_with_period_before_date(self) -> None:
        """A headline ending in a period is accepted when a date line follows."""
        draft = parse_text("Talks resume.\n29 March 2022\n\nThey resumed.")

        assert draft.title == "Talks resume."
        assert draft.text == "They resumed."

    @pytest.mark.parametrize(
        "line",
        [
            "a" * 1_000_000,
            "(" * 1_000_000,
            "By " + "Jane " * 200_000,
            "Home » " * 150_000,
            "1" * 1_000_000,
            "https://" + "a" * 1_000_000,
            ("29 March 2022 " * 80_000),
            ", " * 500_000,
        ],
        ids=[
            "letters",
            "parens",
            "byline",
            "crumbs",
            "digits",
            "url",
            "dates",
            "commas",
        ],
    )
    def test_long_line(self, line: str) -> None:
        """A 1 MB single line parses (a super-linear pattern would hang here).

        Speed itself is measured in benchmarks/, not asserted here.
        """
        for text in (line, f"Talks resume\n{line}\n{line}"):
            draft = parse_text(text)
            assert draft.text in text


# -- properties ---------------------------------------------------------------

_LINE_PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        " ",
        "---",
        "title: x",
        "By Jane Doe",
        "Author: Jane Doe",
        "Home » News » ",
        "(CNN)",
        "(Reuters) - ",
        "20220329",
        "March 29, 2022",
        "https://www.bbc.co.uk/a",
        "Reuters: ",
        "Headline",
        ".",
        "\ufeff",
        "\u2028",
        "\u2019",
        "/",
        "|",
    ]
)
_texts = st.text() | st.lists(_LINE_PIECES | st.text(max_size=5), max_size=40).map(
    "".join
)

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
_titles = st.lists(_word, min_size=3, max_size=10).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]])
)
_sentences = st.lists(_word, min_size=3, max_size=12).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]]) + "."
)
_paragraphs = st.lists(_sentences, min_size=1, max_size=4).map(" ".join)
_DATE_FORMATS = ("%Y%m%d", "%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%d.%m.%Y", "%b %d, %Y")
_dates = st.builds(
    lambda day, form: day.strftime(form),
    st.dates(
        min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)
    ),
    st.sampled_from(_DATE_FORMATS),
)
_urls = st.builds(
    lambda host, path: f"https://www.{host}.com/{path}",
    _word,
    st.lists(_word, max_size=4).map("/".join),
)


class TestProperties:
    """Property tests for parse_text."""

    @given(_texts)
    @settings(max_examples=400)
    def test_any_text(self, text: str) -> None:
        """Any text gives a Draft whose text is a substring of the input."""
        draft = parse_text(text)

        assert draft.text in text
        assert draft.text == draft.text.strip()
        assert isinstance(draft.extra["layout"], list)

    @given(
        _titles,
        st.none() | _dates,
        st.none() | _urls,
        st.booleans(),
        st.lists(_paragraphs, min_size=1, max_size=5),
        st.sampled_from(["\n", "\r\n"]),
        st.booleans(),
    )
    def test_round_trip(
        self,
        title: str,
        date: str | None,
        url: str | None,
        url_first: bool,
        paragraphs: list[str],
        newline: str,
        blank: bool,
    ) -> None:
        """A header of title, date and URL lines over a body is read back."""
        header = [title]
        metadata = [line for line in (date, url) if line is not None]
        header.extend(reversed(metadata) if url_first else metadata)
        body = (newline * (2 if blank else 1)).join(paragraphs)
        text = newline.join(header) + newline * (2 if blank else 1) + body + newline
        draft = parse_text(text)

        assert draft.title == title
        assert draft.published_raw == date
        assert draft.url == url
        assert draft.text == body
        if url is not None:
            assert draft.outlet == outlet_from_url(url)
