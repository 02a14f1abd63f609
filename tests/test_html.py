"""Integration tests for HTML pages, read with trafilatura through the loader."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks import FormatError, Precision
from peacetalks.io.html import parse_html
from tests.archives import write_zip

PARAGRAPHS = (
    (
        "Russian and Ukrainian negotiators met in Istanbul on Tuesday for the "
        "first face-to-face talks in more than two weeks, and both sides said "
        "afterwards that the meeting had been constructive."
    ),
    (
        "The Turkish foreign minister said the talks had made the most progress "
        "since the war began, and that the two foreign ministers could meet soon "
        "to discuss a draft agreement."
    ),
    (
        "Ukraine proposed a neutral status in exchange for security guarantees "
        "from a group of states including several permanent members of the "
        "Security Council."
    ),
)


def page(
    title: str = "Talks resume in Istanbul",
    *,
    author: str = "Jane Doe",
    charset: str = "utf-8",
    body: tuple[str, ...] = PARAGRAPHS,
) -> str:
    """A news page with metadata, navigation and a footer around the article."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
<meta name="author" content="{author}">
<meta property="article:published_time" content="2022-03-29T10:00:00+03:00">
<link rel="canonical" href="https://www.example-news.org/world/talks-resume">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
<h1>{title}</h1>
{paragraphs}
</article>
<footer>Copyright 2022 Example News. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def article_page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    return path


class TestHtml:
    def test_metadata(self, article_page: Path) -> None:
        """Title, author, date, site name and URL come from the page."""
        [article] = pt.load(article_page)

        assert article.title == "Talks resume in Istanbul"
        assert article.authors == ("Jane Doe",)
        assert article.published.date == datetime.date(2022, 3, 29)
        assert article.published.precision is Precision.DAY
        assert article.outlet == "Example News"
        assert article.url == "https://www.example-news.org/world/talks-resume"
        assert article.path == article_page.as_posix()
        assert article.extra["layout"] == ["html"]
        assert article.extra["hostname"] == "example-news.org"

    def test_text(self, article_page: Path) -> None:
        """The text is the article's paragraphs, not the page's furniture."""
        [article] = pt.load(article_page)

        assert article.text == "\n".join(PARAGRAPHS)
        assert not article.text.startswith("Talks resume")  # headline not repeated
        assert "Copyright" not in article.text
        assert "Home" not in article.text

    def test_several_authors(self, tmp_path: Path) -> None:
        """Authors separated by semicolons become several authors."""
        path = tmp_path / "p.html"
        path.write_text(page(author="Jane Doe; John Roe"), encoding="utf-8")

        [article] = pt.load(path)

        assert article.authors == ("Jane Doe", "John Roe")

    @pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".HTML"])
    def test_suffixes(self, tmp_path: Path, suffix: str) -> None:
        """Every HTML suffix is read as a page."""
        path = tmp_path / f"p{suffix}"
        path.write_text(page(), encoding="utf-8")

        [article] = pt.load(path)

        assert article.title == "Talks resume in Istanbul"

    def test_windows_1252_page(self, tmp_path: Path) -> None:
        """A page saved in Windows-1252 is decoded before extraction."""
        path = tmp_path / "p.htm"
        html = page("Talks resume in Genève", charset="windows-1252")
        path.write_bytes(html.replace("Istanbul", "Genève").encode("cp1252"))

        [article] = pt.load(path)

        assert article.title == "Talks resume in Genève"
        assert "met in Genève" in article.text
        assert article.extra["encoding"] == "cp1252"

    def test_utf16_page(self, tmp_path: Path) -> None:
        """A UTF-16 page with a byte-order mark is read."""
        path = tmp_path / "p.html"
        path.write_bytes(page().encode("utf-16"))

        [article] = pt.load(path)

        assert article.text == "\n".join(PARAGRAPHS)

    @pytest.mark.parametrize(
        "html",
        [
            "",
            "<html><body></body></html>",
            "<html><head><title>x</title></head></html>",
        ],
        ids=["empty", "empty-body", "head-only"],
    )
    def test_no_article_is_a_failure(self, tmp_path: Path, html: str) -> None:
        """A page without an article is a FormatError naming the file."""
        path = tmp_path / "p.html"
        path.write_text(html, encoding="utf-8")

        with pytest.raises(FormatError, match="no article") as info:
            pt.load(path)

        assert info.value.path == path.as_posix()

    def test_failure_does_not_stop_others(
        self, tmp_path: Path, article_page: Path
    ) -> None:
        """An empty page is collected; the good page is read."""
        (tmp_path / "empty.html").write_text("<html></html>", encoding="utf-8")
        loader = pt.Loader(errors="collect")

        corpus = loader.load(tmp_path)

        assert [a.title for a in corpus] == ["Talks resume in Istanbul"]
        assert [f.path for f in loader.report.failures] == [
            (tmp_path / "empty.html").as_posix()
        ]

    def test_in_archive(self, tmp_path: Path) -> None:
        """Pages inside archives are read like files."""
        bundle = write_zip(tmp_path / "b.zip", [("site/p.html", page().encode())])

        [article] = pt.load(bundle)

        assert article.path == f"{bundle.as_posix()}!/site/p.html"
        assert article.outlet == "Example News"

    def test_debris_cleaned(self, tmp_path: Path) -> None:
        """Debris lines the extractor keeps are removed and recorded."""
        path = tmp_path / "p.html"
        body = (*PARAGRAPHS[:2], "Sign up for our daily newsletter", PARAGRAPHS[2])
        path.write_text(page(body=body), encoding="utf-8")

        [cleaned] = pt.load(path)
        [raw] = pt.load(path, clean=False)

        assert "Sign up" not in cleaned.text
        assert cleaned.extra["removed"] == ["Sign up for our daily newsletter"]
        assert "Sign up for our daily newsletter" in raw.text

    def test_parse_html_directly(self) -> None:
        """parse_html gives a Draft with the page's metadata."""
        draft = parse_html(page(), name="x.html")

        assert (draft.title, draft.outlet, draft.published_raw) == (
            "Talks resume in Istanbul",
            "Example News",
            "2022-03-29",
        )
        assert draft.path == "x.html"
