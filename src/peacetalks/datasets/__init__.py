"""Data that ships with peacetalks.

>>> import peacetalks as pt
>>> corpus = pt.datasets.sample()
>>> [a.outlet for a in corpus]
['Fox News', 'CNN', 'Bloomberg', 'Antiwar.com', 'Business Insider']
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from peacetalks.corpus import Corpus
from peacetalks.model import Article, Published
from peacetalks.serialize import structure

__all__ = ["sample"]

_SAMPLE = resources.files("peacetalks.datasets").joinpath("data", "sample")


def _body(raw: str, entry: dict[str, Any]) -> str:
    """Cut the header lines and a trailing footer off a sample file."""
    lines = raw.split("\n")
    body = "\n".join(lines[entry["header_lines"] :])
    footer = entry.get("footer_from")
    if footer:
        body = body[: body.index("\n" + footer)]
    return body.strip()


@functools.cache
def sample() -> Corpus:
    """The bundled sample: five news articles on Russia-Ukraine talks.

    The files are kept as scraped (shuffled paragraphs, photo captions and
    all); the headline, date and URL lines and the author footer are taken
    out of the text and into the metadata.  Dates the files do not give are
    inferred from the text and kept at an honest precision: three to the
    day, two to the month.  The corpus is built once and shared; it is
    immutable.

    >>> [a.published.label for a in sample()]
    ['2022-03-29', '2022-03', '2025-01', '2022-03-30', '2022-03-29']
    """
    metadata = json.loads(_SAMPLE.joinpath("metadata.json").read_text(encoding="utf-8"))
    articles = []
    for entry in metadata["articles"]:
        raw = _SAMPLE.joinpath(entry["file"]).read_text(encoding="utf-8")
        published = structure(entry["published"], Published)
        articles.append(
            Article(
                title=entry["title"],
                text=_body(raw, entry),
                url=entry.get("url"),
                outlet=entry.get("outlet"),
                authors=entry.get("authors", ()),
                published=published,
                language="en",
                path=f"sample/{entry['file']}",
                extra=entry.get("extra", {}),
            )
        )
    return Corpus(articles)
