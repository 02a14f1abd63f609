"""Tests for ``peacetalks report --html``: one self-contained HTML page."""

from __future__ import annotations

import json
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import peacetalks as pt
from peacetalks.cli import main
from peacetalks.htmlreport import NO_CHARTS, render_html, svg, write_html

EVIL = "<script>alert('x')</script> & \"talks\""


class Page(HTMLParser):
    """Every tag, its attributes and the text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]

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
        assert parsed.tags["table"] == 2  # the proposals and the articles
        assert parsed.tags["script"] == 0
        assert parsed.tags["link"] == 0
        assert parsed.tags["img"] == 0
        assert all(
            not value.startswith(("http://", "https://", "//"))
            for value in parsed.resources()
        )
        assert all(value.startswith("#") for value in parsed.resources())
        assert "@import" not in page
        assert "url(http" not in page
        text = "".join(parsed.text)
        assert "≤ 85,000" in text
        assert "≤ 250,000" in text
        assert "<Corpus: 5 articles, 2022-03 to 2025-01, 5 outlets>" in text
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
        assert "https://example.org/<x>" in text  # a URL, as text only
        assert parsed.resources() == [
            v for v in parsed.resources() if v.startswith("#")
        ]
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
        assert "<h2>Proposals</h2>" not in out.read_text(encoding="utf-8")

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
