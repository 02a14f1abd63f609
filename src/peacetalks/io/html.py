"""HTML pages, read with trafilatura (the optional ``html`` extra).

trafilatura is a maintained article-extraction library: it finds the main
text of a page and its metadata (title, authors, date, site name, URL,
language, description, tags).  It is an extra, not a core dependency,
because it brings lxml and several helpers that plain-text users do not
need: ``pip install 'peacetalks[html]'``.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

from peacetalks.errors import FormatError, install_hint
from peacetalks.io.draft import Draft

__all__ = ["parse_html"]

_INSTALL = f"reading HTML needs the optional extra: {install_hint('html')}"


def _trafilatura() -> Any:
    try:
        return importlib.import_module("trafilatura")
    except ImportError:
        raise FormatError(_INSTALL) from None


_LANG: Final = re.compile(
    r"<html\b[^>]{0,500}?\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)", re.I
)


def _page_language(html: str) -> str | None:
    """The ``lang`` of the page's ``<html>`` element, when it declares one."""
    found = _LANG.search(html[:10_000])
    return found.group(1) if found else None


def parse_html(html: str, *, name: str | None = None) -> Draft:
    """Extract the article in an HTML page, with the page's metadata.

    Args:
        html: The page, decoded.
        name: The file it came from, for messages and `Article.path`.

    Raises:
        FormatError: If trafilatura is not installed, or finds no article.

    >>> page = '''<html><head><title>Talks resume | Example News</title>
    ... <meta property="og:site_name" content="Example News">
    ... <meta property="article:published_time" content="2022-03-29"></head>
    ... <body><article><h1>Talks resume</h1>
    ... <p>Delegations from Russia and Ukraine met in Istanbul on Tuesday for the
    ... first face-to-face talks in weeks, officials said.</p>
    ... <p>Ukraine proposed neutrality in exchange for security guarantees.</p>
    ... </article></body></html>'''
    >>> draft = parse_html(page, name="talks.html")
    >>> draft.title, draft.outlet, draft.published_raw
    ('Talks resume', 'Example News', '2022-03-29')
    >>> draft.text.splitlines()[1]
    'Ukraine proposed neutrality in exchange for security guarantees.'
    """
    trafilatura = _trafilatura()
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    if document is None:
        raise FormatError("found no article text in the page", path=name)
    data: dict[str, Any] = (
        document.as_dict() if hasattr(document, "as_dict") else dict(document)
    )
    title = (data.get("title") or "").strip()
    text = data.get("text") or ""
    # trafilatura repeats the headline as the first line of the text.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest
    language = data.get("language") or _page_language(html)
    draft = Draft(
        title=title,
        text=text.strip("\n"),
        url=data.get("url") or None,
        outlet=data.get("sitename") or None,
        authors=[a.strip() for a in (data.get("author") or "").split(";") if a.strip()],
        published_raw=data.get("date") or None,
        language=language,
        path=name,
    )
    for key in ("description", "hostname", "categories", "tags", "image", "pagetype"):
        value = data.get(key)
        if value:
            draft.extra[key] = value
    draft.extra["layout"] = ["html"]
    return draft
