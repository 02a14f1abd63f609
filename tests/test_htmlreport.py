"""Tests for ``peacetalks report --html``: one self-contained HTML page."""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetalks as pt
from peacetalks.cli import main
from peacetalks.htmlreport import (
    NO_CHARTS,
    group_by_quote,
    render_html,
    summary,
    svg,
    write_html,
)
from peacetalks.io.dates import parse_date
from tests import strategies

EVIL = "<script>alert('x')</script> & \"talks\""


class Page(HTMLParser):
    """Every tag, its attributes and the text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def resources(self) -> list[str]:
        """Every address the page would fetch or link to."""
        return [
            value
            for _, name, value in self.attributes
            if name in ("src", "href", "xlink:href", "srcset", "action", "data")
        ]

    def outside(self) -> list[dict[str, str]]:
        """The attributes of every element that names an address off the page."""
        return [
            attributes
            for _, attributes in self.elements
            if any(
                not attributes[name].startswith("#")
                for name in ("src", "href", "xlink:href", "srcset", "action", "data")
                if name in attributes
            )
        ]

    def ids(self) -> list[str]:
        """Every element id on the page."""
        return [
            attributes["id"] for _, attributes in self.elements if "id" in attributes
        ]


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _evil_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "evil.jsonl"
    records = [
        {
            "title": EVIL,
            "outlet": "<b>Outlet</b>",
            "url": "https://example.org/<x>",
            "text": (
                "Russia demanded that Ukraine limit its army to 85,000 troops. "
                "Ukraine proposed a cap of 250,000 troops, <b>officials</b> said."
            ),
        }
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class TestPage:
    def test_self_contained_page(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The sample's page parses, holds its charts and fetches nothing."""
        out = tmp_path / "out.html"

        code, stdout, err = _report(capsys, "--html", str(out))

        assert code == 0
        assert stdout == ""
        note = "no PATH given: using the bundled sample (5 articles)"
        assert err.splitlines() == [
            f"peacetalks report: note: {note}",
            f"wrote the report of 5 articles to {out}",
        ]
        page = out.read_text(encoding="utf-8")
        parsed = Page(page)
        assert page.startswith("<!DOCTYPE html>")
        assert parsed.tags["svg"] == 2  # the dumbbell chart and the stance matrix
        # the proposals, the stances and the articles
        assert parsed.tags["table"] == 3
        assert parsed.tags["script"] == 0
        assert parsed.tags["link"] == 0
        assert parsed.tags["img"] == 0
        # nothing is fetched: the only addresses off the page are links to
        # the articles' own pages (the two sample articles with a URL)
        sample_urls = {a.url for a in pt.datasets.sample() if a.url}
        assert len(sample_urls) == 2
        assert {a["href"] for a in parsed.outside()} == sample_urls
        assert all(set(a) == {"href", "rel"} for a in parsed.outside())
        assert all(a["rel"] == "noopener noreferrer nofollow" for a in parsed.outside())
        assert "@import" not in page
        assert "url(http" not in page
        text = "".join(parsed.text)
        assert "≤ 85,000" in text
        assert "≤ 250,000" in text
        assert "5 articles from 5 outlets, March 2022 \N{EN DASH} January 2025." in text
        assert "<Corpus:" not in text
        assert "Russia demands troops ≤ 85,000 personnel (target Ukraine)" in text

    def test_chart_ids_unique(self) -> None:
        """Two charts on one page never share an element id."""
        sample = pt.datasets.sample()
        page = render_html(sample, findings=sample.extract())

        ids = [v for _, name, v in Page(page).attributes if name == "id"]
        assert len(ids) == len(set(ids))
        assert any(i.startswith("proposals-") for i in ids)
        assert any(i.startswith("stances-") for i in ids)

    def test_every_data_string_escaped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Titles, outlets, URLs and quotes from the data are text, not markup."""
        out = tmp_path / "evil.html"

        code, _, err = _report(
            capsys,
            str(_evil_corpus(tmp_path)),
            "--html",
            str(out),
            "--title",
            "<img src=x onerror=alert(1)>",
        )

        assert code == 0, err
        page = out.read_text(encoding="utf-8")
        parsed = Page(page)
        assert parsed.tags["script"] == 0
        assert parsed.tags["img"] == 0
        assert parsed.tags["b"] == 0
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in page
        text = "".join(parsed.text)
        assert EVIL in text
        assert "<img src=x onerror=alert(1)>" in text
        # a link to the article's page, its URL escaped in the attribute
        assert 'href="https://example.org/&lt;x&gt;"' in page
        assert "https://example.org/<x>" in text
        # from the table of articles and from the article's section
        assert [a["href"] for a in parsed.outside()] == ["https://example.org/<x>"] * 2
        assert "85,000" in text
        assert "250,000" in text

    def test_without_matplotlib(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Without matplotlib the page is written without charts, and says so."""
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
        out = tmp_path / "out.html"

        code, _, _ = _report(capsys, "--html", str(out))

        assert code == 0
        page = out.read_text(encoding="utf-8")
        assert Page(page).tags["svg"] == 0
        assert NO_CHARTS.replace("'", "&#x27;") in page
        assert "pip install &#x27;.[plot]&#x27;" in page  # works from a clone
        assert "≤ 85,000" in page

    def test_no_findings(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--no-findings gives the summary and the articles only."""
        out = tmp_path / "out.html"

        assert _report(capsys, "--no-findings", "--html", str(out))[0] == 0

        parsed = Page(out.read_text(encoding="utf-8"))
        assert parsed.tags["svg"] == 0
        assert parsed.tags["table"] == 1
        assert "proposals" not in parsed.ids()
        assert "stances" not in parsed.ids()

    def test_format_html_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format html prints the page; -o page.html picks html by suffix."""
        code, out, _ = _report(capsys, "--format", "html", "--no-findings")

        assert code == 0
        assert out.startswith("<!DOCTYPE html>")
        assert out.endswith("</html>\n")


class TestWriting:
    def test_atomic_on_failure(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A page that cannot be written exits with 1 and leaves no file."""
        out = tmp_path / "missing" / "out.html"

        code, _, err = _report(capsys, "--no-findings", "--html", str(out))

        assert code == 1
        assert "out.html" in err
        assert not out.parent.exists()

    def test_existing_file_replaced_whole(self, tmp_path: Path) -> None:
        """write_html replaces a file only with the complete page."""
        out = tmp_path / "page.html"
        out.write_text("old", encoding="utf-8")

        write_html(out, pt.datasets.sample()[:1], charts=False)

        assert out.read_text(encoding="utf-8").endswith("</html>\n")
        assert [p.name for p in tmp_path.iterdir()] == ["page.html"]

    def test_usage_errors(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--html with -o, or with another format, is a usage error (2)."""
        page = str(tmp_path / "a.html")

        code, _, err = _report(capsys, "--html", page, "-o", str(tmp_path / "b"))
        assert code == 2
        assert "not both" in err

        code, _, err = _report(capsys, "--html", page, "--format", "json")
        assert code == 2
        assert "cannot be --format json" in err
        assert list(tmp_path.iterdir()) == []


def test_svg_has_no_prolog() -> None:
    """Inline SVG has no XML prolog, DOCTYPE or comment, and prefixed ids."""
    from peacetalks.plot import plot_stances

    chart = svg(plot_stances(pt.datasets.sample().extract().positions), prefix="s")

    assert chart.startswith("<svg")
    assert "<?xml" not in chart
    assert "<!DOCTYPE" not in chart
    assert "<!--" not in chart
    assert 'id="s-figure_1"' in chart
    assert 'href="#' not in chart.replace('href="#s-', "")


# -- what a reader reads ----------------------------------------------------------

QUOTED = "“Ukraine will stay out of NATO and stay neutral,” the negotiator said."


def _quoted() -> tuple[pt.Corpus, pt.Findings]:
    """One article whose only sentence opens with a quote mark and gives two
    positions and a demand, and a second article with a javascript: URL."""
    article = pt.Article(
        title="Talks",
        text=QUOTED + " Nothing else.",
        outlet="Wire",
        url="https://example.org/talks",
        published=parse_date("2022-03-29"),
    )
    other = pt.Article(title="Other", text="Quiet.", url="javascript:alert(1)")
    said = article.evidence(0, len(QUOTED))
    findings = pt.Findings(
        [
            pt.Position("Ukraine", "nato_membership", "opposes", evidence=said),
            pt.Position("Ukraine", "neutrality", "supports", evidence=said),
            pt.Demand(
                "Ukraine",
                "troops",
                pt.Quantity(value=250_000, unit="personnel", bound="max"),
                evidence=said,
            ),
        ]
    )
    return pt.Corpus([article, other]), findings


class TestReadable:
    def test_summary_sentence(self) -> None:
        """The summary is a sentence with counts and the span of dates, not a repr."""
        corpus, findings = _quoted()

        page = render_html(corpus, findings=findings, charts=False)

        said = "2 articles from 1 outlet, 29 March 2022 (1 undated)."
        assert f'<p class="summary">{said}</p>' in page
        assert "&lt;Corpus" not in page

    @pytest.mark.parametrize(
        ("dates", "said"),
        [
            (
                ["2022-03-29", "2025-11-24"],
                "2 articles, 29 March 2022 \N{EN DASH} 24 November 2025",
            ),
            (["2022-03", "2022-03-29"], "2 articles, March 2022"),
            (["2022", "2023-02"], "2 articles, 2022 \N{EN DASH} February 2023"),
            (["2022-03-29", None], "2 articles, 29 March 2022 (1 undated)"),
            ([None], "1 article, undated"),
        ],
    )
    def test_summary_dates(self, dates: list[str | None], said: str) -> None:
        """Dates are said at the precision they are known to, first to last."""
        corpus = pt.Corpus(
            [
                pt.Article(
                    text=f"Text {n}.",
                    published=parse_date(date) if date else pt.Published(),
                )
                for n, date in enumerate(dates)
            ]
        )

        assert summary(corpus) == said

    def test_quote_once_with_its_findings(self) -> None:
        """A sentence that gives three findings is shown once, as written (its
        own quote marks, none added), with the three findings under it."""
        corpus, findings = _quoted()

        page = render_html(corpus, findings=findings, charts=False)

        section = page[page.index('id="article-1"') : page.index('id="article-2"')]
        assert section.count("Ukraine will stay out of NATO") == 1
        assert "<q>" not in page
        assert f"<blockquote>{html.escape(QUOTED)}</blockquote>" in section
        said = section[section.index("<blockquote>") :]
        items = re.findall(r"<li>(.*?)</li>", said)
        assert [re.sub(r"<[^>]+>", "", item) for item in items] == [
            (
                "Ukraine opposes: Ukraine joins NATO / NATO expands to Ukraine "
                "(nato_membership; statement)"
            ),
            (
                "Ukraine supports: Ukraine takes a permanent neutral, non-aligned "
                "status (neutrality; statement)"
            ),
            "Ukraine demands troops ≤ 250,000 personnel",
        ]

    def test_propositions_not_ids_alone(self) -> None:
        """Every issue a reader meets says its proposition: in the findings and
        in the stance table."""
        corpus, findings = _quoted()

        page = render_html(corpus, findings=findings, charts=False)

        table = page[page.index('<table class="stances">') :]
        table = table[: table.index("</table>")]
        assert "Ukraine joins NATO / NATO expands to Ukraine" in table
        assert "Ukraine takes a permanent neutral, non-aligned status" in table
        assert page.count("Ukraine joins NATO / NATO expands to Ukraine") == 3

    def test_proposals_cells_say_their_outlet_and_date(self) -> None:
        """Each figure of the proposals table says on hover where it comes
        from: the report's articles give it their outlet, then its quote."""
        corpus, findings = _quoted()

        page = render_html(corpus, findings=findings, charts=False)

        table = page[page.index('<table class="peacetalks-proposals">') :]
        table = table[: table.index("</table>")]
        cell = Page(table).elements
        titles = [attrs["title"] for tag, attrs in cell if "title" in attrs]
        outlet = corpus[0].outlet
        assert outlet is not None
        said = "the negotiator said"
        assert any(outlet in title and said in title for title in titles)

    def test_figures_without_one_unit_leave_the_table_out(self) -> None:
        """Two figures on one metric in units that do not convert: the page
        says why there is no proposals table, and still lists the rest."""
        corpus, findings = _quoted()
        odd = [
            pt.Demand("Ukraine", "grain", pt.Quantity(5, unit=unit))
            for unit in ("km", "days")
        ]

        page = render_html(
            corpus, findings=pt.Findings([*findings, *odd]), charts=False
        )

        assert "The proposals table is left out" in page
        assert "does not convert" in page
        assert '<table class="peacetalks-proposals">' not in page
        assert page.count("the negotiator said") >= 1

    def test_anchors_resolve(self) -> None:
        """Every in-page link leads to an element of the page, each article's
        title in the table to its section."""
        sample = pt.datasets.sample()
        parsed = Page(render_html(sample, findings=sample.extract(), charts=False))

        ids = parsed.ids()
        links = [v for v in parsed.resources() if v.startswith("#")]
        assert len(ids) == len(set(ids))
        assert {link[1:] for link in links} <= set(ids)
        assert {f"#article-{n}" for n in range(1, 6)} <= set(links)

    def test_each_stance_cell_traceable(self) -> None:
        """Each cell of the stance table links to the list of exactly the quotes
        behind it, and each quote there to its place in its article."""
        sample = pt.datasets.sample()
        found = sample.extract()
        page = render_html(sample, findings=found, charts=False)
        matrix = pt.stance_matrix(found.positions)

        cells = re.findall(r'<td><a href="#(stance-\d+-\d+)"[^>]*>([^<]*)</a>', page)
        filled = [cell for cell in matrix if cell.stance is not None]
        assert len(cells) == len(filled) > 20
        for (anchor, shown), cell in zip(cells, filled, strict=True):
            assert shown == f"{cell.mark}&nbsp;{cell.count}"
            start = page.index(f'id="{anchor}"')
            block = page[start : page.index("</div>", start)]
            quotes = re.findall(r"<blockquote>(.*?)</blockquote>", block)
            assert quotes == [
                html.escape(" ".join(p.evidence.quote.split()))
                for p in cell.evidence
                if p.evidence is not None
            ]
            assert f"({cell.issue}; {cell.stance}," in block
            for target in re.findall(r'href="#([^"]+)"', block):
                assert f'id="{target}"' in page

    def test_article_links(self) -> None:
        """The table of articles links each title to its section and each
        http(s) URL to the article's page; other schemes stay text."""
        corpus, findings = _quoted()

        page = render_html(corpus, findings=findings, charts=False)
        parsed = Page(page)

        table = page[page.index('<table class="articles">') :]
        table = table[: table.index("</table>")]
        assert '<a href="#article-1">Talks</a>' in table
        assert '<a href="#article-2">Other</a>' in table
        assert [a["href"] for a in parsed.outside()] == [
            "https://example.org/talks"
        ] * 2
        assert "<code>javascript:alert(1)</code>" in page
        assert 'href="javascript' not in page

    def test_chart_text_is_text(self) -> None:
        """Chart labels are SVG <text> a reader can select, not glyph paths."""
        from peacetalks.plot import plot_proposals

        chart = svg(plot_proposals(pt.datasets.sample().extract().demands))

        labels = re.findall(r"<text[^>]*>([^<]+)</text>", chart)
        assert any("troops" in label for label in labels)
        assert "DejaVu Sans" in chart
        assert "DejaVuSans-" not in chart  # no glyphs drawn as defined paths


# -- laws ---------------------------------------------------------------------------

#: Every tag the page's own markup uses; a tag from the data would be another.
OWN_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p",
    "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "a", "br", "span",
    "section", "blockquote", "ul", "li", "code", "small",
}  # fmt: skip


class TestLaws:
    @given(
        pool=st.lists(strategies.evidence(), min_size=1, max_size=3),
        picks=st.lists(st.integers(min_value=-1, max_value=2), max_size=8),
    )
    def test_group_by_quote_partitions(
        self, pool: list[pt.Evidence], picks: list[int]
    ) -> None:
        """The groups hold each finding with evidence once, in order, and the
        findings of a group share their evidence, which no other group has."""
        # findings that share a few spans of evidence, some with none (-1)
        found: list[pt.Finding] = [
            pt.Position(
                f"Actor {n}",
                "ceasefire",
                "supports",
                evidence=pool[pick % len(pool)] if pick >= 0 else None,
            )
            for n, pick in enumerate(picks)
        ]

        groups = group_by_quote(found)

        flat = [f for _, said in groups for f in said]
        with_evidence = [f for f in found if f.evidence is not None]
        assert sorted(map(id, flat)) == sorted(map(id, with_evidence))
        keys = []
        for quote, said in groups:
            spans = {f.evidence for f in said}
            assert len(spans) == 1
            (evidence,) = spans
            assert evidence is not None
            assert evidence.quote == quote
            keys.append(evidence)
        assert len(keys) == len(set(keys))
        firsts: list[pt.Finding] = []
        for finding in with_evidence:
            if all(finding.evidence != f.evidence for f in firsts):
                firsts.append(finding)
        assert [said[0] for _, said in groups] == firsts

    @pytest.mark.slow  # ~5 s: names unknown to the lexicon are looked up closely
    @given(
        corpus=strategies.corpora(max_size=3),
        found=st.lists(strategies.findings(), max_size=6),
    )
    def test_any_page_is_escaped_and_its_links_resolve(
        self, corpus: pt.Corpus, found: list[pt.Finding]
    ) -> None:
        """Whatever the articles and findings say, the page uses its own tags
        only, every in-page link has its target and ids are unique."""
        page = Page(render_html(corpus, findings=pt.Findings(found), charts=False))

        assert set(page.tags) <= OWN_TAGS
        ids = page.ids()
        assert len(ids) == len(set(ids))
        targets = {v[1:] for v in page.resources() if v.startswith("#")}
        assert targets <= set(ids)
        assert all(
            a["href"].startswith(("http://", "https://")) for a in page.outside()
        )
