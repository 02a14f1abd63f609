"""An article while it is being read: fields gathered from a file, not yet final.

Each reader (plain text, tabular records, HTML) fills a :class:`Draft`; the
loader then applies sidecar metadata, resolves the date, cleans the text and
builds the immutable :class:`peacetalks.model.Article` with :meth:`Draft.build`.
Keeping this step mutable and separate lets every later stage change the
title or the text before the article's content id is computed.
"""

from __future__ import annotations

from typing import Any

import attrs

from peacetalks.errors import ValidationError
from peacetalks.io.dates import parse_date
from peacetalks.model import Article, Published

__all__ = ["Draft"]


@attrs.define
class Draft:
    """The fields of one article as read so far.

    Attributes:
        title: The headline, or ``""``.
        text: The body, exactly as kept.
        id: An id the source gives, or ``None`` to derive it from the content.
        url: The article's address, if known.
        outlet: The news organisation, if known.
        authors: Bylines, in order.
        published_raw: The date text as found, to be resolved by :meth:`build`.
        published: A date already resolved by the source (e.g. a peacetalks
            record); takes precedence over ``published_raw``.
        language: A language tag, if known.
        path: The file (or archive member) it came from.
        line: The line where its record starts, for messages.
        extra: Any other metadata (JSON-compatible).
        problems: Field-level problems found so far, each starting with the
            field's path (``$.published: invalid date ...``); the article is
            kept, the problems are reported.
        dayfirst: How the source reads an ambiguous date such as
            ``03/04/2022`` (decided from the other dates of its column, see
            `peacetalks.io.dates.DateOrder`), or ``None`` for the usual
            convention; an explicit ``dayfirst`` given to `build` wins.

    >>> draft = Draft(title="Talks", text="Delegations met.")
    >>> draft.published_raw = "29 March 2022"
    >>> draft.outlet = "Reuters"
    >>> article = draft.build()
    >>> article.outlet, article.published.label
    ('Reuters', '2022-03-29')
    """

    title: str = ""
    text: str = ""
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: list[str] = attrs.Factory(list)
    published_raw: str | None = None
    published: Published | None = None
    language: str | None = None
    path: str | None = None
    line: int | None = None
    extra: dict[str, Any] = attrs.Factory(dict)
    problems: list[str] = attrs.Factory(list)
    dayfirst: bool | None = None

    def resolve_date(self, *, dayfirst: bool | None = None) -> Published:
        """Resolve ``published_raw`` (unless ``published`` is set), never failing.

        ``dayfirst`` (when not ``None``) wins over the draft's own.

        An impossible date ("20221399") keeps its raw text with an unknown
        date, and the reason is added to :attr:`problems`.

        >>> Draft(published_raw="03/04/2022").resolve_date(dayfirst=True).date
        datetime.date(2022, 4, 3)
        >>> Draft(published_raw="03/04/2022", dayfirst=True).resolve_date().date
        datetime.date(2022, 4, 3)
        >>> Draft(published_raw="soon").resolve_date().label
        'unknown'
        """
        if self.published is not None:
            return self.published
        if not self.published_raw:
            return Published()
        order = self.dayfirst if dayfirst is None else dayfirst
        try:
            return parse_date(self.published_raw, dayfirst=order, path=self.path)
        except ValidationError as exc:
            self.problems.extend(exc.errors)
            return Published(raw=self.published_raw)

    def build(self, *, dayfirst: bool | None = None) -> Article:
        """Make the final, immutable article.

        Raises:
            FieldValueError: If a field is invalid (e.g. ``extra`` holds data
                JSON cannot carry); the loader reports it with the file.

        >>> article = Draft(title="Talks", text="Delegations met.").build()
        >>> article.title, article.id, article.published.label
        ('Talks', '44b80be69ffb3d36', 'unknown')
        """
        fields: dict[str, Any] = {
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "outlet": self.outlet,
            "authors": tuple(self.authors),
            "published": self.resolve_date(dayfirst=dayfirst),
            "language": self.language,
            "path": self.path,
            "extra": self.extra,
        }
        if self.id:
            fields["id"] = self.id
        return Article(**fields)
