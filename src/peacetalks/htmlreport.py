"""One self-contained HTML page of a corpus: ``peacetalks report --html``.

The page holds everything inline, so that it renders in a browser without
network access and can be mailed or archived as one file: its CSS in a
``<style>`` element, its charts as inline SVG drawn with matplotlib's SVG
backend (`peacetalks.plot`), and no script, font, image or stylesheet
fetched from anywhere.  Every string that comes from the data (titles,
outlets, quotes, URLs, actor names) is escaped; article URLs are shown as
text, not links.

The page has a title, the corpus summary, the proposals table
(`peacetalks.proposals_table`), the proposals dumbbell chart and the stance
matrix chart, the table of articles, and for each article its positions and
demands with their quotes.  Without matplotlib (the ``plot`` extra) the page
is written without its charts and says so.

Example:
    >>> import peacetalks as pt
    >>> sample = pt.datasets.sample()
    >>> page = render_html(sample, findings=sample.extract(), charts=False)
    >>> page.startswith("<!DOCTYPE html>"), "≤ 85,000" in page
    (True, True)
"""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Iterable
from typing import Any

from peacetalks import _optional
from peacetalks._version import __version__
from peacetalks.comparison import proposals_table
from peacetalks.corpus import Corpus
from peacetalks.errors import MissingExtraError
from peacetalks.findings import Findings, describe
from peacetalks.io.atomic import atomic_write
from peacetalks.io.report import plural
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Position
from peacetalks.serialize import Finding

__all__ = ["NO_CHARTS", "group_by_quote", "render_html", "svg", "write_html"]

#: What the page says in place of its charts when matplotlib is missing.
NO_CHARTS = (
    "Charts are left out: matplotlib is not installed "
    "(pip install 'peacetalks[plot]' to draw them)."
)

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: #222; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .2rem; }
.meta, caption, .note { color: #666; font-size: .9rem; }
caption { caption-side: bottom; text-align: left; padding-top: .3rem; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee;
         text-align: left; vertical-align: top; }
.peacetalks-proposals td { text-align: right; font-variant-numeric: tabular-nums; }
.chart svg { max-width: 100%; height: auto; }
ul.findings { padding-left: 1.2rem; }
ul.findings li { margin: .25rem 0; }
q { color: #555; font-style: italic; }
code { font-size: .85rem; word-break: break-all; }
"""

_XML_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


def _escape(value: object) -> str:
    return html.escape("" if value is None else str(value))


def svg(figure: Any, *, prefix: str = "c") -> str:
    """A matplotlib figure as inline SVG for an HTML page (then closed).

    The XML prolog, the DOCTYPE and comments are left out, and every ``id``
    (and every reference to one) is prefixed with ``prefix``, so that two
    charts on one page never share an id.  Text is drawn as paths: the
    SVG needs no font.

    >>> import peacetalks as pt
    >>> from peacetalks.plot import plot_proposals
    >>> chart = svg(plot_proposals(pt.datasets.sample().extract().demands))
    >>> chart.startswith("<svg"), 'id="c-figure_1"' in chart
    (True, True)
    """
    pyplot: Any = _optional.pyplot("svg()")
    import matplotlib

    buffer = io.StringIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "pt"}):
            figure.savefig(
                buffer,
                format="svg",
                metadata={"Date": None, "Creator": None, "Type": None, "Format": None},
            )
    finally:
        pyplot.close(figure)
    text = _XML_PROLOG.sub("", buffer.getvalue())
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text).strip()


def _charts(findings: Findings, lexicon: Lexicon | None) -> list[str]:
    """The chart sections, or a note saying why there are none."""
    try:
        from peacetalks.plot import plot_proposals, plot_stances

        parts = []
        table = proposals_table(findings, lexicon=lexicon)
        if any(row.cells for row in table):
            chart = svg(plot_proposals(table, lexicon=lexicon), prefix="proposals")
            parts += [
                "<h3>Each actor's latest figure, by metric</h3>",
                f'<div class="chart">{chart}</div>',
            ]
        if findings.positions:
            chart = svg(plot_stances(findings.positions), prefix="stances")
            parts += [
                "<h3>Stances by issue and actor</h3>",
                f'<div class="chart">{chart}</div>',
            ]
    except MissingExtraError:
        return [f'<p class="note">{_escape(NO_CHARTS)}</p>']
    return parts or ['<p class="note">Nothing to chart.</p>']


def _finding_item(finding: Finding) -> str:
    evidence = finding.evidence
    quote = " ".join(evidence.quote.split()) if evidence is not None else ""
    said = f" <q>{_escape(quote)}</q>" if quote else ""
    return f"<li>{_escape(describe(finding))}{said}</li>"


def _article_section(n: int, article: Article, found: list[Finding]) -> list[str]:
    where = [
        part
        for part in (
            article.outlet,
            article.published.label if article.published.date else None,
            article.path,
        )
        if part
    ]
    parts = [
        f'<section class="article" id="article-{n}">',
        f"<h3>{n}. {_escape(article.title or '(untitled)')}</h3>",
        f'<p class="meta">{_escape(" · ".join(where))}</p>' if where else "",
        f'<p class="meta">URL: <code>{_escape(article.url)}</code></p>'
        if article.url
        else "",
    ]
    positions = [f for f in found if isinstance(f, Position)]
    demands = [f for f in found if not isinstance(f, Position)]
    for name, items in (("Positions", positions), ("Demands", demands)):
        if items:
            parts.append(f"<h4>{name} ({len(items)})</h4>")
            parts.append('<ul class="findings">')
            parts.extend(_finding_item(f) for f in items)
            parts.append("</ul>")
    if not found:
        parts.append('<p class="note">No positions or demands found.</p>')
    parts.append("</section>")
    return [p for p in parts if p]


def group_by_quote(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings grouped by the sentence they were read in, each once.

    Findings with the same evidence (article, span and quote) share a
    group; groups come in the order of their first finding, and findings
    without evidence are left out.  A report shows each quote once with
    the findings it gives under it.

    >>> import peacetalks as pt
    >>> found = pt.datasets.sample()[4:].extract()
    >>> groups = group_by_quote(found)
    >>> len(found) > len(groups), sum(len(said) for _, said in groups) == len(found)
    (True, True)
    """
    groups: dict[tuple[str, int, int, str], list[Finding]] = {}
    for finding in findings:
        evidence = finding.evidence
        if evidence is not None:
            key = (evidence.article_id, evidence.start, evidence.end, evidence.quote)
            groups.setdefault(key, []).append(finding)
    return [(key[3], said) for key, said in groups.items()]


def _by_article(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.evidence is not None:
            grouped.setdefault(finding.evidence.article_id, []).append(finding)
    return grouped


def render_html(
    corpus: Corpus,
    *,
    findings: Findings | None = None,
    lexicon: Lexicon | None = None,
    title: str = "peacetalks report",
    charts: bool = True,
) -> str:
    """Render the report of ``corpus`` as one self-contained HTML page.

    Args:
        corpus: The articles.
        findings: What was found in them (`Corpus.extract`); without them
            the page lists the articles only.
        lexicon: The lexicon the findings were extracted with, for the
            proposals table's order and units; the default if None.
        title: The page's title and heading (escaped like everything else).
        charts: Draw the charts (with matplotlib, if it is installed).

    Returns:
        The page, from ``<!DOCTYPE html>`` to ``</html>``.

    >>> import peacetalks as pt
    >>> page = render_html(pt.datasets.sample()[:1], title="<Talks> & more")
    >>> "<h1>&lt;Talks&gt; &amp; more</h1>" in page
    True
    """
    body = [
        f"<h1>{_escape(title)}</h1>",
        f'<p class="meta">Made with peacetalks {_escape(__version__)}.</p>',
        "<h2>Summary</h2>",
        f"<p>{_escape(repr(corpus))}</p>",
    ]
    if findings is not None:
        body.append(
            f"<p>{_escape(plural(len(findings.positions), 'position'))} and "
            f"{_escape(plural(len(findings.demands), 'demand'))} found.</p>"
        )
        body.append("<h2>Proposals</h2>")
        if findings.demands:
            table = proposals_table(findings, lexicon=lexicon)
            body.append(table._repr_html_())
        else:
            body.append('<p class="note">No figures were found.</p>')
        if charts:
            body.append("<h2>Charts</h2>")
            body.extend(_charts(findings, lexicon))
    body += ["<h2>Articles</h2>", corpus._repr_html_()]
    if findings is not None:
        grouped = _by_article(findings)
        body.append("<h2>Positions and demands by article</h2>")
        for n, article in enumerate(corpus, start=1):
            body.extend(_article_section(n, article, grouped.get(article.id, [])))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def write_html(
    path: str | os.PathLike[str],
    corpus: Corpus,
    *,
    findings: Findings | None = None,
    lexicon: Lexicon | None = None,
    title: str = "peacetalks report",
    charts: bool = True,
) -> None:
    """Write `render_html`'s page to ``path``, atomically.

    The page appears only once complete; if anything fails, an existing
    file at ``path`` is left as it was.

    Raises:
        WriteError: If the file cannot be written.

    >>> import pathlib, tempfile
    >>> import peacetalks as pt
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> write_html(target, pt.datasets.sample()[:1], charts=False)
    >>> target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    page = render_html(
        corpus, findings=findings, lexicon=lexicon, title=title, charts=charts
    )
    with atomic_write(path) as handle:
        handle.write(page)
