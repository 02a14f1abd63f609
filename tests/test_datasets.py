"""Tests for peacetalks.datasets: the bundled sample corpus."""

from __future__ import annotations

import datetime
import json
from importlib import resources
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import Article, Corpus, Precision, content_id

SAMPLE = resources.files("peacetalks.datasets").joinpath("data", "sample")

#: (file prefix, date, precision, raw) of each sample article, in order.
EXPECTED = [
    ("000", datetime.date(2022, 3, 29), Precision.DAY, "20220329"),
    ("001", datetime.date(2022, 3, 1), Precision.MONTH, "March 2022"),
    ("002", datetime.date(2025, 1, 1), Precision.MONTH, "January 2025"),
    ("003", datetime.date(2022, 3, 30), Precision.DAY, "2022-03-30"),
    ("004", datetime.date(2022, 3, 29), Precision.DAY, "20220329"),
]


def _raw(article: Article) -> str:
    assert article.path is not None
    return SAMPLE.joinpath(*Path(article.path).parts[1:]).read_text(encoding="utf-8")


class TestSample:
    def test_five_articles(self) -> None:
        """The sample is a Corpus of five articles with unique ids."""
        sample = pt.datasets.sample()

        assert isinstance(sample, Corpus)
        assert len(sample) == 5
        assert len(set(sample.ids)) == 5

    def test_cached(self) -> None:
        """The sample is built once and shared."""
        assert pt.datasets.sample() is pt.datasets.sample()

    @pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
    def test_files_and_dates(
        self, index: int, expected: tuple[str, datetime.date, Precision, str]
    ) -> None:
        """Each article has its file, date, precision and raw date text."""
        prefix, date, precision, raw = expected
        article = pt.datasets.sample()[index]

        assert article.path is not None
        assert article.path.startswith(f"sample/{prefix}_")
        assert article.path.endswith(".txt")
        assert article.published.date == date
        assert article.published.precision is precision
        assert article.published.raw == raw

    def test_labels(self) -> None:
        """The dates are kept at their honest precision."""
        assert [a.published.label for a in pt.datasets.sample()] == [
            "2022-03-29", "2022-03", "2025-01", "2022-03-30", "2022-03-29",
        ]  # fmt: skip

    @pytest.mark.parametrize("index", range(5))
    def test_text_is_in_file(self, index: int) -> None:
        """Each article's text is its file's body, less the debris lines removed."""
        article = pt.datasets.sample()[index]
        raw = _raw(article)

        assert article.text
        assert article.text == article.text.strip()
        kept = [line for line in article.text.split("\n") if line]
        removed = article.extra.get("removed", [])
        assert all(line in raw for line in kept + removed)
        body = raw[raw.index(kept[0]) : raw.index(kept[-1]) + len(kept[-1])]
        for line in removed:
            body = body.replace(line + "\n", "", 1)
        assert body.strip() == article.text

    @pytest.mark.parametrize("index", range(5))
    def test_headline_not_in_text(self, index: int) -> None:
        """The headline is taken out of the text and into the title."""
        article = pt.datasets.sample()[index]

        assert article.title
        assert not article.text.startswith(article.title)
        assert article.title in _raw(article)

    @pytest.mark.parametrize("index", range(5))
    def test_ids_are_content_ids(self, index: int) -> None:
        """Each id is derived from title and text, so it is the same everywhere."""
        article = pt.datasets.sample()[index]

        assert article.id == content_id(article.title, article.text)

    def test_footer_moved_to_metadata(self) -> None:
        """The author footer of 003 is metadata, not text."""
        article = pt.datasets.sample()[3]

        assert article.authors == ("Dave DeCamp",)
        assert "Author: " not in article.text
        assert "news editor of Antiwar.com" in article.extra["author_bio"]

    def test_outlets_and_language(self) -> None:
        """Outlets and language come from the metadata."""
        sample = pt.datasets.sample()

        assert [a.outlet for a in sample] == [
            "Fox News", "CNN", "Bloomberg", "Antiwar.com", "Business Insider",
        ]  # fmt: skip
        assert {a.language for a in sample} == {"en"}

    def test_urls(self) -> None:
        """Only the files that give a URL have one, taken out of the text."""
        sample = pt.datasets.sample()

        assert [a.url is not None for a in sample] == [True, False, False, False, True]
        for article in sample:
            if article.url:
                assert article.url.startswith("https://")
                assert article.url not in article.text

    def test_nothing_from_today(self) -> None:
        """No date is completed from today: inferred dates start their period."""
        for article in pt.datasets.sample():
            published = article.published
            assert published.date is not None
            assert published.date < datetime.date(2026, 1, 1)
            if published.precision is not Precision.DAY:
                assert published.date.day == 1

    def test_matches_metadata(self) -> None:
        """The sidecar's dates and notes are on the articles, in file order."""
        metadata = json.loads(SAMPLE.joinpath("metadata.json").read_text("utf-8"))

        for entry, article in zip(
            metadata["articles"], pt.datasets.sample(), strict=True
        ):
            assert article.path == f"sample/{entry['file']}"
            assert article.language == entry["language"]
            if "published" in entry:
                assert article.published.raw == entry["published"]
                assert article.extra["date_note"] == entry["date_note"]

    def test_debris_removed_and_kept(self) -> None:
        """The 000 promo and photo caption leave the text but stay on the article."""
        article = pt.datasets.sample()[0]

        removed = article.extra["removed"]
        assert any("via Getty Images" in line for line in removed)
        assert any(line.startswith("Get the latest updates") for line in removed)
        assert not any(line in article.text for line in removed)

    def test_evidence_in_sample(self) -> None:
        """Evidence quoting the sample matches, e.g. the NATO offer in 004."""
        article = pt.datasets.sample()[4]
        start = article.text.index("NATO")

        evidence = article.evidence(start, start + 4)

        assert evidence.quote == "NATO"
        assert evidence.matches(article)

    def test_filter_march_2022(self) -> None:
        """Four sample articles fall in March 2022 (the documented tour)."""
        march = pt.datasets.sample().filter(date_range=("2022-03-01", "2022-03-31"))

        assert len(march) == 4
        assert repr(pt.datasets.sample()) == (
            "<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>"
        )
