"""One self-contained HTML page of a corpus: ``peacetalks report --html``.

The page holds everything inline, so that it renders in a browser without
network access and can be mailed or archived as one file: its CSS in a
``<style>`` element, its charts as inline SVG drawn with matplotlib's SVG
backend (`peacetalks.plot`) with their labels as SVG text, and no script,
font, image or stylesheet fetched from anywhere.  Every string that comes
from the data (titles, outlets, quotes, URLs, actor names) is escaped; only
``http`` and ``https`` article URLs become links (to the article's page,
``rel="noopener noreferrer nofollow"``), any other is shown as text.

The page has a title, a summary sentence (`summary`), the proposals table
(`peacetalks.proposals_table`), the stance table (each issue's proposition
by actor, each cell linked to the quotes behind it), the proposals dumbbell
chart and the stance matrix chart, the table of articles (each title linked
to its section), and for each article each sentence that gave a finding,
once, with its positions and demands under it (`group_by_quote`).  Issues
are said by their lexicon's proposition (`describe` with a lexicon).
Without matplotlib (the ``plot`` extra) the page is written without its
charts and says so.  The CSS reads on a 420 px screen: no page-wide
sideways scroll (wide tables scroll in their box), 16 px text.

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
from typing import Any, Final
from urllib.parse import urlsplit

from peacetalks import _optional
from peacetalks._version import __version__
from peacetalks.comparison import ProposalsTable, proposals_table
from peacetalks.corpus import Corpus
from peacetalks.errors import FieldValueError, MissingExtraError, install_hint
from peacetalks.findings import Findings, describe
from peacetalks.io.atomic import atomic_write
from peacetalks.io.report import plural
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article, Evidence, Position, Precision, Published
from peacetalks.serialize import Finding
from peacetalks.stances import StanceCell, StanceMatrix, stance_matrix

__all__ = [
    "NO_CHARTS",
    "group_by_quote",
    "render_html",
    "report_table",
    "summary",
    "svg",
    "write_html",
]

#: What the page says in place of its charts when matplotlib is missing.
NO_CHARTS = (
    "Charts are left out: matplotlib is not installed; to draw them: "
    f"{install_hint('plot')}."
)

_CSS = """
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
       "DejaVu Sans", sans-serif;
       color: #222; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem;
       overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.25; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .2rem; }
h4 { font-size: 1rem; margin: 1rem 0 .2rem; }
.meta, caption, .note { color: #555; font-size: .9rem; }
.summary { font-size: 1.1rem; }
caption { caption-side: bottom; text-align: left; padding-top: .3rem; }
.scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch;
          /* a shadow at an edge with more table behind it */
          background:
            linear-gradient(to left, #fff 30%, rgba(255,255,255,0))
              right / 2rem 100% no-repeat local,
            radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.2), transparent)
              right / .7rem 100% no-repeat scroll; }
table { border-collapse: collapse; margin: .6rem 0; }
thead th { vertical-align: bottom; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee;
         text-align: left; vertical-align: top; }
.peacetalks-proposals td { text-align: right; font-variant-numeric: tabular-nums; }
.peacetalks-proposals td, .peacetalks-proposals th { white-space: nowrap; }
td.title { min-width: 12rem; }
td.found { font-size: .9rem; white-space: nowrap; }
.stances td { text-align: center; white-space: nowrap; }
.stances th[scope=row] { font-weight: normal; min-width: 12rem; text-align: left;
                         position: sticky; left: 0; background: #fff; }
.chart svg { max-width: 100%; height: auto; }
.chart svg text { font-family: "DejaVu Sans", Verdana, "Liberation Sans", Arial,
                  sans-serif; }
.said { margin: .9rem 0; }
blockquote { margin: 0; padding: .1rem 0 .1rem .8rem; border-left: 3px solid #bbb;
             color: #444; font-style: italic; }
ul.findings { padding-left: 1.2rem; margin: .3rem 0; }
ul.findings li { margin: .2rem 0; }
ul.quotes { list-style: none; padding-left: 0; }
ul.quotes li { margin: .5rem 0 .8rem; }
ul.quotes a { font-size: .9rem; }
.id { color: #666; font-size: .85rem; }
code { font-size: .85rem; word-break: break-all; }
a { color: #1a5fb4; }
:target { background: #fff6d5; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 .75rem; }
  th, td { padding: .2rem .4rem; }
  td.title { min-width: 10rem; }
  .stances th[scope=row] { min-width: 8rem; max-width: 10rem; }
}
"""

#: The fonts `svg` names for its text: matplotlib's own DejaVu Sans first (the
#: layout is measured with it), then fonts of the same widths that browsers have.
SVG_FONTS: Final = (
    "DejaVu Sans",
    "Bitstream Vera Sans",
    "Verdana",
    "Liberation Sans",
    "Arial",
    "Helvetica",
)

_XML_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


def _escape(value: object) -> str:
    return html.escape("" if value is None else str(value))


def svg(figure: Any, *, prefix: str = "c") -> str:
    """A matplotlib figure as inline SVG for an HTML page (then closed).

    The XML prolog, the DOCTYPE and comments are left out, and every ``id``
    (and every reference to one) is prefixed with ``prefix``, so that two
    charts on one page never share an id.  Text stays text (``<text>``
    elements, ``svg.fonttype='none'``), so that a reader can select, copy
    and search it; it names a stack of common fonts with matplotlib's own
    DejaVu Sans first, whose widths the layout was measured with.

    >>> import peacetalks as pt
    >>> from peacetalks.plot import plot_proposals
    >>> chart = svg(plot_proposals(pt.datasets.sample().extract().demands))
    >>> chart.startswith("<svg"), 'id="c-figure_1"' in chart, "<text" in chart
    (True, True, True)
    """
    pyplot: Any = _optional.pyplot("svg()")
    import matplotlib

    buffer = io.StringIO()
    try:
        with matplotlib.rc_context(
            {
                "svg.fonttype": "none",  # text as <text>: to select, copy, search
                "svg.hashsalt": "pt",
                "font.family": "sans-serif",
                "font.sans-serif": list(SVG_FONTS),
            }
        ):
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


def _charts(
    findings: Findings, table: ProposalsTable | None, lexicon: Lexicon | None
) -> list[str]:
    """The chart sections, or a note saying why there are none."""
    try:
        from peacetalks.plot import plot_proposals, plot_stances

        parts = []
        if table is not None and any(row.cells for row in table):
            chart = svg(plot_proposals(table, lexicon=lexicon), prefix="proposals")
            parts += [
                "<h3>Each actor's latest figure, by metric</h3>",
                f'<div class="chart">{chart}</div>',
            ]
        if findings.positions:
            stances = plot_stances(findings.positions, lexicon=lexicon)
            chart = svg(stances, prefix="stances")
            parts += [
                "<h3>Stances by issue and actor</h3>",
                f'<div class="chart">{chart}</div>',
            ]
    except MissingExtraError:
        return [f'<p class="note">{_escape(NO_CHARTS)}</p>']
    return parts or ['<p class="note">Nothing to chart.</p>']


_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def _date_words(published: Published) -> str:
    """A date as a reader says it: ``29 March 2022``, ``March 2022``, ``2022``."""
    date = published.date
    if date is None:
        return "undated"
    if published.precision is Precision.YEAR:
        return str(date.year)
    month = f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {month}" if published.precision is Precision.DAY else month


def summary(corpus: Corpus) -> str:
    r"""The corpus in one sentence: how many articles, outlets, and when.

    >>> import peacetalks as pt
    >>> summary(pt.datasets.sample()) == (
    ...     "5 articles from 5 outlets, March 2022 \N{EN DASH} January 2025")
    True
    >>> summary(pt.datasets.sample()[:1])
    '1 article from 1 outlet, 29 March 2022'
    >>> summary(pt.Corpus([pt.Article(text="Talks.")]))
    '1 article, undated'
    """
    outlets = {article.outlet for article in corpus if article.outlet}
    said = plural(len(corpus), "article")
    if outlets:
        said += f" from {plural(len(outlets), 'outlet')}"
    ranges = [(a.published, a.published.range) for a in corpus]
    dated = [(published, span) for published, span in ranges if span is not None]
    if dated:
        first = min(dated, key=lambda pair: pair[1])[0]
        last = max(dated, key=lambda pair: (pair[1][1], pair[1][0]))[0]
        when = _date_words(first)
        if _date_words(last) != when:
            when += f" \N{EN DASH} {_date_words(last)}"
        said += f", {when}"
    undated = len(ranges) - len(dated)
    if undated:
        said += ", undated" if not dated else f" ({undated} undated)"
    return said


def _source_link(url: str | None, text: str) -> str:
    """A link to an article's own page; only http(s) addresses become links."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"<code>{_escape(url)}</code>"
    return (
        f'<a href="{html.escape(url.strip(), quote=True)}" '
        f'rel="noopener noreferrer nofollow">{_escape(text)}</a>'
    )


def _article_table(corpus: Corpus, grouped: dict[str, list[Finding]] | None) -> str:
    """The table of articles: each title links to its section, each URL out.

    A row is the number, the article (its title, then outlet and date),
    what was found in it and its source, so that it reads on a phone.
    """
    head = ["#", "article", *(["found"] if grouped is not None else []), "source"]
    rows = []
    for n, article in enumerate(corpus, start=1):
        where = " · ".join(
            part
            for part in (
                article.outlet,
                _date_words(article.published) if article.published.date else None,
            )
            if part
        )
        cells = [
            f"<td>{n}</td>",
            f'<td class="title"><a href="#article-{n}">'
            f"{_escape(article.title or '(untitled)')}</a>"
            + (f'<br><span class="meta">{_escape(where)}</span>' if where else "")
            + "</td>",
        ]
        if grouped is not None:
            found = grouped.get(article.id, [])
            positions = sum(isinstance(f, Position) for f in found)
            cells.append(
                f'<td class="found">{_escape(plural(positions, "position"))}<br>'
                f"{_escape(plural(len(found) - positions, 'demand'))}</td>"
            )
        cells.append(f"<td>{_source_link(article.url, 'source') or '-'}</td>")
        rows.append(f'<tr id="row-{n}">{"".join(cells)}</tr>')
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    return "\n".join(
        [
            '<div class="scroll"><table class="articles">',
            f"<thead><tr>{header}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table></div>",
        ]
    )


def _counts(found: list[Finding]) -> str:
    positions = sum(isinstance(f, Position) for f in found)
    return (
        f"{plural(positions, 'position')}, {plural(len(found) - positions, 'demand')}"
    )


def _finding_item(finding: Finding, lexicon: Lexicon) -> str:
    said = describe(finding, lexicon=lexicon)
    head, _, notes = said.rpartition(" (")
    if not head:  # no notes to set apart
        return f"<li>{_escape(said)}</li>"
    return f'<li>{_escape(head)} <span class="id">({_escape(notes)}</span></li>'


def _article_section(
    n: int,
    article: Article,
    found: list[Finding],
    lexicon: Lexicon,
    anchors: dict[tuple[str, int, int, str], str],
) -> list[str]:
    where = [
        part
        for part in (
            article.outlet,
            _date_words(article.published) if article.published.date else None,
            article.path,
        )
        if part
    ]
    link = _source_link(article.url, article.url or "")
    parts = [
        f'<section class="article" id="article-{n}">',
        f"<h3>{n}. {_escape(article.title or '(untitled)')}</h3>",
        f'<p class="meta">{_escape(" · ".join(where))}</p>' if where else "",
        f'<p class="meta">Source: {link}</p>' if link else "",
    ]
    if found:
        parts.append(f"<h4>{_escape(_counts(found))}</h4>")
    for k, (quote, said) in enumerate(group_by_quote(found), start=1):
        anchor = f"article-{n}-{k}"
        evidence = said[0].evidence
        if evidence is not None:
            anchors[_key(evidence)] = anchor
        parts += [
            f'<div class="said" id="{anchor}">',
            f"<blockquote>{_escape(' '.join(quote.split()))}</blockquote>",
            '<ul class="findings">',
            *(_finding_item(f, lexicon) for f in said),
            "</ul>",
            "</div>",
        ]
    if not found:
        parts.append('<p class="note">No positions or demands found.</p>')
    parts.append('<p class="meta"><a href="#articles">Back to the articles</a></p>')
    parts.append("</section>")
    return [p for p in parts if p]


def _key(evidence: Evidence) -> tuple[str, int, int, str]:
    return (evidence.article_id, evidence.start, evidence.end, evidence.quote)


def _stance_sections(
    matrix: StanceMatrix,
    anchors: dict[tuple[str, int, int, str], str],
    corpus: Corpus,
) -> list[str]:
    """The stance matrix, each cell linked to the list of its quotes, and the lists.

    The matrix table says each issue's proposition; a cell says the stance
    and how many positions are behind it, and links to them.
    """
    numbers = {article.id: (n, article) for n, article in enumerate(corpus, start=1)}
    head = "".join(f'<th scope="col">{_escape(actor)}</th>' for actor in matrix.actors)
    rows = []
    lists = []
    for i, issue in enumerate(matrix.issues, start=1):
        proposition = matrix.proposition(issue)
        label = _escape(proposition) if proposition else ""
        label += f' <span class="id">({_escape(issue)})</span>'
        cells = []
        for j, cell in enumerate(matrix.row(issue), start=1):
            if cell.stance is None:
                cells.append('<td title="no position">·</td>')
                continue
            anchor = f"stance-{i}-{j}"
            said = f"{cell.actor} {cell.stance}: {plural(cell.count, 'position')}"
            cells.append(
                f'<td><a href="#{anchor}" title="{_escape(said)}">'
                f"{_escape(cell.mark)}&nbsp;{cell.count}</a></td>"
            )
            lists.append(_stance_quotes(anchor, cell, proposition, anchors, numbers))
        rows.append(f'<tr><th scope="row">{label.strip()}</th>{"".join(cells)}</tr>')
    return [
        '<div class="scroll"><table class="stances">',
        f'<thead><tr><th scope="col">issue</th>{head}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        (
            "<caption>+ supports, - opposes, ± mixed (both), · no position; "
            "the number is how many positions say so, and links to their "
            "quotes.</caption>"
        ),
        "</table></div>",
        "<h3>The quotes behind each stance</h3>",
        *lists,
    ]


def _stance_quotes(
    anchor: str,
    cell: StanceCell,
    proposition: str | None,
    anchors: dict[tuple[str, int, int, str], str],
    numbers: dict[str, tuple[int, Article]],
) -> str:
    what = proposition or cell.issue
    items = []
    for position in cell.evidence:
        evidence = position.evidence
        if evidence is None:
            items.append(f"<li>{_escape(position.stance.value)} (no quote)</li>")
            continue
        quote = _escape(" ".join(evidence.quote.split()))
        target = anchors.get(_key(evidence))
        n, article = numbers.get(evidence.article_id, (None, None))
        where = _escape(
            " · ".join(
                part
                for part in (
                    # a mixed cell says which way each position goes
                    position.stance.value if cell.stance == "mixed" else None,
                    f"article {n}" if n is not None else None,
                    article.outlet if article is not None else None,
                    _date_words(position.date) if position.date.date else None,
                )
                if part
            )
        )
        if target is not None:
            where = f'<a href="#{target}">{where}</a>'
        items.append(f"<li><blockquote>{quote}</blockquote>{where}</li>")
    return "\n".join(
        [
            f'<div class="stance-quotes" id="{anchor}">',
            (
                f"<h4>{_escape(cell.actor)} on: {_escape(what)} "
                f'<span class="id">({_escape(cell.issue)}; '
                f"{_escape(cell.stance or '')}, "
                f"{_escape(plural(cell.count, 'position'))})</span></h4>"
            ),
            '<ul class="quotes">',
            *items,
            "</ul>",
            "</div>",
        ]
    )


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


def report_table(
    findings: Findings, corpus: Corpus, lexicon: Lexicon | None
) -> ProposalsTable | str:
    """The reports' proposals table, or the sentence that says why there is none.

    Figures on one metric that cannot share a unit leave the table out
    rather than make a wrong one, and the rest of the report still reads.

    >>> import peacetalks as pt
    >>> odd = pt.Findings([pt.Demand("Kyiv", "grain", pt.Quantity(5, unit=u))
    ...                    for u in ("km", "days")])
    >>> print(report_table(odd, pt.Corpus([]), None))
    The proposals table is left out: Ukraine's figure on 'grain' is in 'km',
    which does not convert to 'days' (cannot convert 'km' (measured in 'km') to
    'days' (measured in 'days'))
    """
    try:
        return proposals_table(findings, lexicon=lexicon, articles=corpus)
    except FieldValueError as error:
        return f"The proposals table is left out: {error}"


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
    said_by = lexicon if lexicon is not None else Lexicon.default()
    body = [
        f"<h1>{_escape(title)}</h1>",
        f'<p class="meta">Made with peacetalks {_escape(__version__)}.</p>',
        '<h2 id="summary">Summary</h2>',
        f'<p class="summary">{_escape(summary(corpus))}.</p>',
    ]
    grouped = None if findings is None else _by_article(findings)
    anchors: dict[tuple[str, int, int, str], str] = {}
    sections: list[str] = []
    if findings is not None and grouped is not None:
        # the article sections first, so that the stance lists can link to them
        for n, article in enumerate(corpus, start=1):
            sections.extend(
                _article_section(
                    n, article, grouped.get(article.id, []), said_by, anchors
                )
            )
        body.append(
            f"<p>{_escape(plural(len(findings.positions), 'position'))} and "
            f"{_escape(plural(len(findings.demands), 'demand'))} found.</p>"
        )
        body.append('<h2 id="proposals">Proposals</h2>')
        table = None
        if not findings.demands:
            body.append('<p class="note">No figures were found.</p>')
        else:
            found = report_table(findings, corpus, lexicon)
            if isinstance(found, str):
                body.append(f'<p class="note">{_escape(found)}</p>')
            else:
                table = found
                body.append(f'<div class="scroll">{table._repr_html_()}</div>')
        body.append('<h2 id="stances">Stances</h2>')
        if findings.positions:
            matrix = stance_matrix(findings.positions, lexicon=lexicon)
            body.extend(_stance_sections(matrix, anchors, corpus))
        else:
            body.append('<p class="note">No positions were found.</p>')
        if charts:
            body.append('<h2 id="charts">Charts</h2>')
            body.extend(_charts(findings, table, lexicon))
    body += ['<h2 id="articles">Articles</h2>', _article_table(corpus, grouped)]
    if sections:
        body.append('<h2 id="by-article">Positions and demands by article</h2>')
        body.extend(sections)
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
