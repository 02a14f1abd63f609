r"""Reading one plain-text news article into a `Draft`.

Files scraped from news sites come in many layouts.  `parse_text` finds
the layout of each file by itself, without configuration, from elements
that any outlet may use, each optional and in any combination:

- **front matter**: a first line ``---``, ``key: value`` lines, a closing
  ``---`` (or ``...``); known keys fill the fields, other keys go to ``extra``
- **breadcrumb**: a first line ``Home » World » <headline>`` (also with ``>``,
  ``/``, ``|``, ``→`` or the single guillemet) -> ``extra['breadcrumb']``, and
  a short line after it equal to one of its segments -> ``extra['section']``
- **headline**: the first line that is short (at most 300 characters) and does
  not end a sentence with a period (it may, when a date, URL or byline line
  follows); a Markdown ``#`` is dropped; it needs something after it
- **date line**: a line that is only a date (``20220329``, ``29 March 2022
  12:00 GMT``, ``Published: 2022-03-29``, ``Updated Mar 29, 2022 10:30am EDT``)
  -> ``published_raw``; the whole line goes to ``extra['date_line']`` when a
  prefix or a time that `parse_date` cannot read was cut off
- **URL line**: ``https://...`` alone on its line (optionally after
  ``Source:``) -> ``url`` and the outlet of its domain
- **byline**: ``By Jane Doe and John Roe, Reuters`` or ``By Jane Doe | CNN`` ->
  ``authors`` (and the outlet, if it names one)
- **outlet line**: a header line that is only a known outlet (``Reuters``)
- **standfirst**: the paragraph after the headline when it is one short
  sentence without a final period -> ``extra['standfirst']``; it stays in the
  text
- **author footer**: ``Author: Dave DeCamp`` among the last three paragraphs,
  with up to two bio paragraphs after it -> ``authors`` and
  ``extra['author_bio']``
- **dateline**: ``(CNN)US and NATO...``, ``KYIV, Ukraine (AP) —``, ``MOSCOW,
  March 29. /TASS/.`` at the start of the first paragraph -> the outlet, when
  it is a known one; the dateline stays in the text
- **headline prefix**: ``Bloomberg: in negotiations...`` -> the outlet, when
  the prefix is a known one; the title keeps the prefix

The header elements (breadcrumb, section, headline, date, URL, byline and
outlet lines) are read from the top of the file, in any order, each at
most once (a second date line prefixed ``Updated`` goes to
``extra['updated_raw']``); the first line that is none of them starts the
body.  Everything recognised as metadata is taken out of the text, which
is the rest of the file *exactly*: `Draft.text` is always one contiguous
substring of the input, with surrounding whitespace removed.  So a
standfirst that comes *before* a byline or date line is taken out with
them (it is still in ``extra['standfirst']``).  ``extra['layout']`` lists
the elements found, in the order found, and ``extra['outlet_from']`` names
the element the outlet came from.

When several elements name the outlet, the most explicit one wins: front
matter > URL domain > byline or outlet line > dateline > headline prefix >
the author's bio ("news editor of Antiwar.com").  An outlet is never
invented: a name only counts when `known_outlet` knows it, except in front
matter and URLs, which are taken as given (an unknown domain gives the
registrable domain, e.g. ``"example-news.org"``).

A file with a single non-blank line has no headline: that line is the
text and the title is ``""``, and a problem says so (``$.title: the file
holds a single line...``): a whole article may be written on one line,
so it is kept, but a headline saved alone is no article.  A date or a URL
alone is metadata, and the text is then empty (the loader refuses a file
without text).

>>> draft = parse_text(
...     "Talks resume in Istanbul\n"
...     "20220329\n"
...     "https://www.reuters.com/world/talks-resume\n"
...     "MOSCOW (Reuters) - Negotiators met again on Tuesday.\n"
... )
>>> draft.title, draft.published_raw, draft.outlet
('Talks resume in Istanbul', '20220329', 'Reuters')
>>> draft.text
'MOSCOW (Reuters) - Negotiators met again on Tuesday.'
>>> draft.extra["layout"]
['headline', 'date', 'url', 'dateline']
"""

from __future__ import annotations

import array
import functools
import ipaddress
import re
import tomllib
import urllib.parse
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Final, overload

import attrs

from peacetalks.errors import ValidationError
from peacetalks.io.dates import MONTH_NAMES, WEEKDAY_NAMES, parse_date
from peacetalks.io.draft import Draft

__all__ = ["known_outlet", "outlet_from_url", "parse_text"]

# -- the outlet table ---------------------------------------------------------


@attrs.frozen
class _Outlets:
    """The outlet table of ``outlets.toml``, indexed for lookups."""

    domains: dict[str, str]
    names: dict[str, str]
    platforms: frozenset[str]


@functools.cache
def _outlets() -> _Outlets:
    """Read ``outlets.toml`` once."""
    source = resources.files("peacetalks.io").joinpath("outlets.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    domains = {str(k).lower(): str(v) for k, v in data["domains"].items()}
    names: dict[str, str] = {}
    for canonical in domains.values():
        names[_name_key(canonical)] = canonical
    for canonical, aliases in data["aliases"].items():
        names[_name_key(canonical)] = canonical
        for alias in aliases:
            names[_name_key(alias)] = canonical
    return _Outlets(domains, names, frozenset(data["platforms"]))


def _name_key(name: str) -> str:
    """Fold a name for case-insensitive lookups."""
    return " ".join(name.split()).casefold()


def known_outlet(name: str) -> str | None:
    """Give the canonical name of a known outlet, or ``None``.

    ``name`` may be the outlet's name, an abbreviation or alias, or its web
    domain; matching ignores case and extra spaces, and a leading "The"
    is optional.

    Args:
        name (str): A name as found in a byline, dateline or metadata.

    Returns:
        str | None: The name used throughout peacetalks, or ``None`` if the
        outlet is not in the table (``outlets.toml``).

    >>> known_outlet("Associated Press"), known_outlet("wsj")
    ('AP', 'The Wall Street Journal')
    >>> known_outlet("guardian"), known_outlet("www.bbc.co.uk")
    ('The Guardian', 'BBC')
    >>> known_outlet("example-news.org") is None
    True
    """
    key = _name_key(name).strip(" .,;:")
    if not key or len(key) > 100:
        return None
    names = _outlets().names
    if key in names:
        return names[key]
    other = key[4:] if key.startswith("the ") else "the " + key
    if other in names:
        return names[other]
    if "." in key and " " not in key:
        host = key.removeprefix("www.")
        return _table_domain(host)
    return None


def _table_domain(host: str) -> str | None:
    """The outlet of the longest suffix of ``host`` in the table."""
    labels = host.split(".")
    domains = _outlets().domains
    for index in range(len(labels) - 1):
        suffix = ".".join(labels[index:])
        if suffix in domains:
            return domains[suffix]
    return None


# Second-level labels under which country domains register names
# ("bbc.co.uk", "pravda.com.ua"): a small stand-in for the public suffix list.
_SECOND_LEVEL: Final = frozenset(
    {"ac", "co", "com", "edu", "go", "gov", "gv", "in", "ne", "net", "or", "org"}
)


def outlet_from_url(url: str) -> str | None:
    """Name the outlet of an article's address.

    Args:
        url (str): An address, with or without its ``https://``.

    Returns:
        str | None: The canonical name when the domain is in the outlet
        table, otherwise the registrable domain itself (``"example-news.org"``,
        ``"bbc.co.uk"``-style country domains keep three labels, and a site on
        a blogging platform keeps its own subdomain); ``None`` when the
        address has no usable host name (an IP address, ``localhost``).

    >>> outlet_from_url("https://edition.cnn.com/2022/03/29/politics/talks")
    'CNN'
    >>> outlet_from_url("https://www.example-news.org/world/1234")
    'example-news.org'
    >>> outlet_from_url("http://news.example.co.uk/a"), outlet_from_url("x")
    ('example.co.uk', None)
    """
    text = url.strip()
    if len(text) > 4096:
        return None
    if "//" not in text:
        text = "//" + text
    try:
        host = urllib.parse.urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or _is_ip(host):
        return None
    if known := _table_domain(host):
        return known
    keep = 2
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL and len(labels) > 2:
        keep = 3
    registrable = ".".join(labels[-keep:])
    if registrable in _outlets().platforms and len(labels) > keep:
        registrable = ".".join(labels[-keep - 1 :])
    return registrable


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# -- lines ----------------------------------------------------------------------


@attrs.frozen
class _Line:
    """One line of the input: its content and where it sits."""

    start: int
    end: int
    text: str

    @functools.cached_property
    def stripped(self) -> str:
        # Stripped once, when first looked at: a huge line stripped at each
        # look would be copied each time.
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()


_EOL: Final = re.compile(r"\r\n|\r|\n")
# Characters that lint rules find ambiguous, named.
_EN_DASH: Final = "\u2013"
_EM_DASH: Final = "\u2014"
_LSQUO: Final = "\u2018"
_RSQUO: Final = "\u2019"
_NAME_PUNCTUATION: Final = ".'-" + _RSQUO
_PLACE_PUNCTUATION: Final = " ,.'-" + _RSQUO


class _Lines(Sequence[_Line]):
    """The lines of a text (split on LF, CRLF and CR), made when looked at.

    Only the offsets of all the lines are kept (16 bytes a line), and the
    last few lines looked at: a long text of short lines, each its own
    object, would otherwise take several times the memory of the text.
    """

    _RECENT: Final = 32  # lines kept once made

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = array.array("q")
        self._ends = array.array("q")
        self._recent: dict[int, _Line] = {}
        start = 1 if text.startswith("\ufeff") else 0
        for match in _EOL.finditer(text, start):
            self._starts.append(start)
            self._ends.append(match.start())
            start = match.end()
        if start < len(text):
            self._starts.append(start)
            self._ends.append(len(text))

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> _Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Line]: ...

    def __getitem__(self, index: int | slice) -> _Line | list[_Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        line = self._recent.get(index)
        if line is None:
            if not 0 <= index < len(self):
                raise IndexError(index)
            start, end = self._starts[index], self._ends[index]
            line = _Line(start, end, self._text[start:end])
            if len(self._recent) >= self._RECENT:
                del self._recent[next(iter(self._recent))]  # the oldest
            self._recent[index] = line
        return line


def _next_content(lines: Sequence[_Line], index: int) -> int:
    """The index of the first non-blank line at or after ``index``."""
    while index < len(lines) and lines[index].blank:
        index += 1
    return index


# -- front matter -------------------------------------------------------------

_FRONT_MATTER_FIELDS: Final = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "published_at": "date",
    "publish_date": "date",
    "publication_date": "date",
    "date_published": "date",
    "url": "url",
    "link": "url",
    "source_url": "url",
    "canonical_url": "url",
    "permalink": "url",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "author": "authors",
    "authors": "authors",
    "byline": "authors",
    "language": "language",
    "lang": "language",
    "id": "id",
}
_FRONT_MATTER_MAX_LINES: Final = 200
#: The keys parse_text writes to ``extra`` itself; a front-matter key of the
#: same name is kept as ``front_matter.<key>``.
_OWN_EXTRA: Final = frozenset(
    {
        "author_bio",
        "breadcrumb",
        "byline",
        "date_line",
        "layout",
        "outlet_from",
        "section",
        "standfirst",
        "updated_raw",
    }
)

_Value = str | list[str]


def _front_matter(lines: Sequence[_Line]) -> tuple[int, dict[str, _Value]] | None:
    """Read front matter: the index of the line after it, and its fields."""
    if not lines or lines[0].stripped != "---":
        return None
    fields: dict[str, _Value] = {}
    last: str | None = None
    for index in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        raw = lines[index].text
        line = raw.strip()
        if line in {"---", "..."}:
            return index + 1, fields
        if not line or line.startswith("#"):
            continue
        if line.startswith("- ") and last is not None:
            previous = fields[last]
            items = previous if isinstance(previous, list) else []
            if isinstance(previous, str) and previous:
                return None
            fields[last] = [*items, _unquote(line[2:].strip())]
            continue
        if raw[:1].isspace() and last is not None:
            previous = fields[last]
            if isinstance(previous, list):
                return None
            fields[last] = f"{previous} {line}".strip()
            continue
        key, colon, value = line.partition(": ")
        if not colon and line.endswith(":"):
            key, value = line[:-1], ""
        elif not colon:
            return None
        key = key.strip()
        if not key or len(key) > 60 or not (key[0].isalnum() or key[0] == "_"):
            return None
        fields[key] = _front_matter_value(value.strip())
        last = key
    return None


def _front_matter_value(value: str) -> _Value:
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(item.strip()) for item in value[1:-1].split(",") if item]
    return _unquote(value)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner
    return value


def _field_key(key: str) -> str:
    return key.lower().replace("-", "_").replace(" ", "_")


# -- dates ----------------------------------------------------------------------

_MONTH_WORDS: Final = frozenset(
    name[:length] for name in MONTH_NAMES for length in (3, len(name))
) | {"sept"}
_WEEKDAY_WORDS: Final = frozenset(
    name[:length] for name in WEEKDAY_NAMES for length in (3, len(name))
) | {"tues", "weds", "thur", "thurs"}
_DATE_WORDS: Final = frozenset(
    {"at", "of", "on", "am", "pm", "a", "p", "m", "t", "z", "st", "nd", "rd", "th"}
)
_ZONES: Final = frozenset(
    {
        "UTC", "GMT", "BST", "CET", "CEST", "EET", "EEST", "MSK", "WET", "WEST",
        "IST", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT",
        "PST", "PDT", "AEST", "AEDT", "JST", "KST",
    }
)  # fmt: skip
_DATE_TOKEN: Final = re.compile(r"[^\W\d_]+|\d+|\S")
_NUMERIC_DATE: Final = re.compile(r"\d{8}|\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?")
_RELATIVE_DATE: Final = re.compile(
    r"\d{1,3} (?:second|minute|min|hour|hr|day|week|month|year)s? ago", re.IGNORECASE
)
_DATE_PREFIX: Final = re.compile(
    r"(?:(?:first|last|originally) )?"
    r"(?P<word>published|updated|posted|modified|dated|date|released|created)\b"
    r"(?: (?:on|at)\b)?:?",
    re.IGNORECASE,
)
_DATE_CUT: Final = re.compile(r"[|•·;]|\b(?:updated|modified|last)\b", re.IGNORECASE)
_LEADING_TIME: Final = re.compile(
    r"\d{1,2}[:.]\d{2} ?(?:[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,5})?,? "
)
_TRAILING_TIME: Final = re.compile(
    r",? (?:at )?\d{1,2}[:.]\d{2} ?(?:[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,5})?\Z"
)
_MAX_DATE_LINE: Final = 120
_DATE_PUNCTUATION: Final = frozenset(",.:/-+()")


@attrs.frozen
class _DateLine:
    """A line that is only a date: the date text, and whether it is an update."""

    raw: str
    update: bool


def _date_line(line: str) -> _DateLine | None:
    """Read a line that is only a date, possibly after a prefix."""
    if len(line) > _MAX_DATE_LINE or not any(c.isdigit() for c in line):
        return None
    text = " ".join(line.split())
    update = False
    if prefix := _DATE_PREFIX.match(text):
        update = prefix["word"].lower() in {"updated", "modified"}
        text = text[prefix.end() :].strip()
    if cut := _DATE_CUT.search(text):
        text = text[: cut.start()]
    raw = _date_text(text.strip(" ,-" + _EN_DASH + _EM_DASH))
    return None if raw is None else _DateLine(raw, update)


def _date_text(text: str) -> str | None:
    """``text`` (or its date without a time) if it is only a date."""
    if not text or len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    if _RELATIVE_DATE.fullmatch(text):
        return text
    if not _dateish(text):
        return None
    if _resolves(text):
        return text
    if (match := _LEADING_TIME.match(text)) and _resolves(
        reduced := text[match.end() :].strip(" ,")
    ):
        return reduced
    if (match := _TRAILING_TIME.search(text)) and _resolves(
        reduced := text[: match.start()].strip(" ,")
    ):
        return reduced
    return text


def _resolves(text: str) -> bool:
    """Tell whether `parse_date` reads ``text`` as a date (or an invalid one)."""
    try:
        return parse_date(text).date is not None
    except ValidationError:
        return True


def _dateish(text: str) -> bool:
    """Tell whether every token of ``text`` can be part of a written date."""
    month = number = False
    for match in _DATE_TOKEN.finditer(text):
        token = match.group()
        lower = token.lower()
        if token.isdigit():
            if len(token) > 4 and len(token) != 8:
                return False
            number = True
        elif lower in _MONTH_WORDS:
            month = True
        elif token.isalpha():
            if not (lower in _WEEKDAY_WORDS or lower in _DATE_WORDS or token in _ZONES):
                return False
        elif token not in _DATE_PUNCTUATION:
            return False
    return (month and number) or _NUMERIC_DATE.search(text) is not None


# -- names and bylines ----------------------------------------------------------

_BYLINE_PREFIX: Final = re.compile(
    r"(?:by|written by|words by|reporting by|authors?|byline)\b ?:?", re.IGNORECASE
)
_FOOTER_PREFIX: Final = re.compile(
    r"(?:authors?|written by|about the author)\b ?:?", re.IGNORECASE
)
_SEGMENTS: Final = re.compile(rf"[|•·{_EM_DASH}{_EN_DASH}]| - ")
_NAME_SEPARATORS: Final = re.compile(r",|;|&|\band\b")
_OUTLET_SUFFIX: Final = re.compile(
    r" (?:staff(?: writers?)?|reporters?|correspondents?|news ?desk|desk|team"
    r"|newsroom|wires?)\Z",
    re.IGNORECASE,
)
_IGNORED_BYLINE_PIECES: Final = frozenset(
    {"agencies", "news agencies", "staff", "wires", "wire services", "agency reports"}
)
_ROLE_WORDS: Final = frozenset(
    {
        "correspondent", "correspondents", "reporter", "reporters", "editor",
        "editors", "writer", "writers", "contributor", "contributors",
        "columnist", "analyst", "producer", "journalist", "bureau", "chief",
        "staff", "desk", "anchor", "host",
    }
)  # fmt: skip
_PARTICLES: Final = frozenset(
    {
        "al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "la",
        "le", "ter", "van", "von", "y",
    }
)  # fmt: skip
_MAX_BYLINE: Final = 200
_MAX_OUTLET_LINE: Final = 60


@attrs.frozen
class _Byline:
    authors: list[str]
    outlet: str | None
    date: str | None


def _byline(line: str, prefix: re.Pattern[str] = _BYLINE_PREFIX) -> _Byline | None:
    """Read ``By Jane Doe and John Roe, Reuters``; ``None`` if it is not one."""
    if len(line) > _MAX_BYLINE or not (match := prefix.match(line)):
        return None
    rest = line[match.end() :]
    if match.group()[-1:].isalpha() and rest[:1] not in {" ", ":"}:
        return None
    return _names(rest)


def _names(text: str) -> _Byline | None:
    """Read names, outlets and a date; ``None`` if anything else is there."""
    authors: list[str] = []
    outlet: str | None = None
    date: str | None = None
    for segment in _SEGMENTS.split(text):
        names = segment.strip(" ,;:")
        if not names:
            continue
        if date is None:
            names, date = _split_date(names)
        for piece in _NAME_SEPARATORS.split(names):
            kind = _name_piece(
                piece.strip(" .,;:"), after_name=bool(authors) or outlet is not None
            )
            if kind is None:
                return None
            if kind[0] == "author" and kind[1] not in authors:
                authors.append(kind[1])
            elif kind[0] == "outlet" and outlet is None:
                outlet = kind[1]
    if not authors and outlet is None:
        return None
    return _Byline(authors, outlet, date)


def _split_date(text: str) -> tuple[str, str | None]:
    """Split a trailing date off ``Jane Doe, March 29, 2022``."""
    if (whole := _date_text(text)) is not None:
        return "", whole
    position = text.find(",")
    while position != -1:
        if (date := _date_text(text[position + 1 :].strip())) is not None:
            return text[:position], date
        position = text.find(",", position + 1)
    return text, None


def _name_piece(piece: str, *, after_name: bool) -> tuple[str, str] | None:
    """Classify one piece of a byline: an author, an outlet or ignorable."""
    if not piece:
        return "ignored", ""
    if piece.lower() in _IGNORED_BYLINE_PIECES:
        return "ignored", piece
    if outlet := known_outlet(piece) or known_outlet(_OUTLET_SUFFIX.sub("", piece)):
        return "outlet", outlet
    name = piece.split(" in ", 1)[0].strip()
    words = name.split()
    if any(word.lower() in _ROLE_WORDS for word in words):
        return "ignored", piece
    if 2 <= len(words) <= 6 and all(_name_word(word) for word in words):
        return "author", name
    # "Jane Doe, Kyiv": a single place name after a name.
    if after_name and len(words) == 1 and _name_word(words[0]):
        return "ignored", piece
    return None


def _name_word(word: str) -> bool:
    if word.lower() in _PARTICLES:
        return True
    return (
        word[0].isalpha()
        and word[0].isupper()
        and all(c.isalpha() or c in _NAME_PUNCTUATION for c in word)
    )


def _author_list(value: _Value) -> list[str]:
    """Authors from a front-matter value: a list, or names in one string."""
    items = value if isinstance(value, list) else [value]
    authors: list[str] = []
    for item in items:
        text = item.strip()
        if match := _BYLINE_PREFIX.match(text):
            text = text[match.end() :]
        for piece in _NAME_SEPARATORS.split(text):
            name = piece.strip(" .,;:")
            if name and name not in authors:
                authors.append(name)
    return authors


# -- other header elements ------------------------------------------------------

_URL_LINE: Final = re.compile(
    r"(?:(?:source|url|link|original|via) ?: ?)?<?(?P<url>https?://[^\s<>]+)>?",
    re.IGNORECASE,
)
_MAX_URL: Final = 4096
_CRUMB_SEPARATORS: Final = ("»", "\u203a", "→", ">", "|", "/")
_CRUMB_HOME: Final = frozenset(
    {"home", "homepage", "home page", "news", "main", "start", "front page", "index"}
)
_MAX_CRUMB: Final = 500
_MAX_SECTION: Final = 80
_MAX_SECTION_WORDS: Final = 3
_MAX_HEADLINE: Final = 300
_MARKDOWN_HEADING: Final = re.compile(r"#{1,6} ")
_SENTENCE_END: Final = re.compile(rf"\.[\"'”{_RSQUO})\]]*\Z")
_SENTENCE_BREAK: Final = re.compile(rf"[.!?][\"'”{_RSQUO})]? [\"'“{_LSQUO}(]?[A-Z]")
_MAX_STANDFIRST: Final = 300
_MIN_STANDFIRST_WORDS: Final = 4


def _url_line(line: str) -> str | None:
    if len(line) > _MAX_URL or not (match := _URL_LINE.fullmatch(line)):
        return None
    return match["url"]


def _breadcrumb(line: str) -> list[str] | None:
    """The segments of a breadcrumb line, or ``None``."""
    if len(line) > _MAX_CRUMB:
        return None
    for separator in _CRUMB_SEPARATORS:
        if separator not in line:
            continue
        spaced = separator in ">|/"
        if spaced and line.count(separator) != line.count(f" {separator} "):
            return None
        segments = [segment.strip() for segment in line.split(separator)]
        if len(segments) < 2 or not all(segments):
            return None
        home = segments[0].casefold() in _CRUMB_HOME
        if home or (len(segments) >= 3 and not spaced):
            return segments
        return None
    return None


def _headline(line: str, *, strict: bool) -> str | None:
    """The headline that ``line`` holds, or ``None`` if it cannot be one."""
    if len(line) > _MAX_HEADLINE:
        return None
    if match := _MARKDOWN_HEADING.match(line):
        line = line[match.end() :].strip()
    if not any(c.isalpha() for c in line) or _dateline_outlet(line) is not None:
        return None
    if strict and (line.endswith(":") or _SENTENCE_END.search(line)):
        return None
    return line


def _standfirst(paragraph: str) -> bool:
    """Tell whether a paragraph after the headline is a one-sentence summary."""
    return (
        len(paragraph) <= _MAX_STANDFIRST
        and len(paragraph.split()) >= _MIN_STANDFIRST_WORDS
        and not paragraph.endswith(":")
        and not _SENTENCE_END.search(paragraph)
        and not _SENTENCE_BREAK.search(paragraph)
        and _dateline_shape(paragraph) is None
    )


def _same(a: str, b: str) -> bool:
    return _name_key(a) == _name_key(b)


# -- outlets in the body --------------------------------------------------------

_DATELINE_HEAD: Final = 160
_DASHES: Final = ("-", _EM_DASH, _EN_DASH, ":")


def _dateline_shape(paragraph: str) -> str | None:
    """The name in a dateline (``KYIV (AP) —``, ``(CNN)``, ``/TASS/``)."""
    head = paragraph[:_DATELINE_HEAD]
    if head.startswith("("):
        close = head.find(")")
        return head[1:close].strip() if 1 < close <= 41 else None
    for opening, closing, need_dash in (("(", ")", True), ("/", "/", False)):
        start = head.find(opening)
        if start < 1:
            continue
        close = head.find(closing, start + 1)
        if close == -1 or close - start > 41:
            continue
        place = head[:start]
        if not (
            place[0].isupper()
            and place.endswith(" ")
            and all(c.isalnum() or c in _PLACE_PUNCTUATION for c in place)
        ):
            continue
        after = head[close + 1 :].lstrip(" .")
        if need_dash and not after.startswith(_DASHES):
            continue
        return head[start + 1 : close].strip()
    return None


def _dateline_outlet(paragraph: str) -> str | None:
    name = _dateline_shape(paragraph)
    return None if name is None else known_outlet(name)


def _headline_prefix_outlet(title: str) -> str | None:
    colon = title.find(": ")
    if not 0 < colon <= 40:
        return None
    return known_outlet(title[:colon])


_BIO_LINK: Final = re.compile(r"\b(?:of|at|for|with) ", re.IGNORECASE)
_MAX_BIO: Final = 600


def _bio_outlet(bio: str) -> str | None:
    """A known outlet the bio says the author works for."""
    for match in _BIO_LINK.finditer(bio[:_MAX_BIO]):
        words = bio[match.end() :].split(maxsplit=5)[:5]
        for count in range(len(words), 0, -1):
            if outlet := known_outlet(" ".join(words[:count]).rstrip(".,;:!?")):
                return outlet
    return None


# -- the parser -----------------------------------------------------------------


@attrs.define
class _State:
    """What parse_text found so far."""

    draft: Draft
    layout: list[str] = attrs.Factory(list)
    outlets: dict[str, str] = attrs.Factory(dict)
    crumbs: list[str] | None = None

    def found(self, element: str) -> bool:
        return element in self.layout

    def add(self, element: str) -> None:
        if element not in self.layout:
            self.layout.append(element)

    def outlet(self, source: str, name: str | None) -> None:
        if name and source not in self.outlets:
            self.outlets[source] = name


#: Where the outlet may come from, most explicit first.
_OUTLET_PRECEDENCE: Final = (
    "front_matter",
    "url",
    "byline",
    "dateline",
    "headline_prefix",
    "author_bio",
)


def parse_text(text: str, *, name: str | None = None) -> Draft:
    r"""Read one plain-text article into a `Draft`.

    The layout is detected per file (see the module documentation for the
    elements and rules); the function never fails: text it cannot place is
    body text.

    Args:
        text (str): The whole file, already decoded.
        name (str | None): The file's path, kept as `Draft.path`.

    Returns:
        Draft: The fields found; `Draft.text` is a contiguous substring of
        ``text``.

    >>> draft = parse_text(
    ...     "Russia Welcomes Proposals\n\n"
    ...     "Kyiv wants guarantees from several countries\n\n"
    ...     "Peskov said there was no breakthrough.\n\n"
    ...     "Author: Jane Doe\n\n"
    ...     "Jane Doe is the news editor of Antiwar.com.\n",
    ...     name="003.txt",
    ... )
    >>> draft.title, draft.authors, draft.outlet
    ('Russia Welcomes Proposals', ['Jane Doe'], 'Antiwar.com')
    >>> print(draft.text)
    Kyiv wants guarantees from several countries
    <BLANKLINE>
    Peskov said there was no breakthrough.
    >>> draft.extra["standfirst"]
    'Kyiv wants guarantees from several countries'
    >>> draft.extra["layout"]
    ['headline', 'standfirst', 'author_footer']
    >>> one = parse_text("Just one line of text")
    >>> one.title, one.problems
    ('', ['$.title: the file holds a single line: it is read as the text, and the
    article has no title'])
    """
    state = _State(Draft(path=name))
    lines = _Lines(text)
    start = 0
    if front := _front_matter(lines):
        start = front[0]
        _apply_front_matter(state, front[1])
    elif lines and lines[0].stripped == "---":
        state.draft.problems.append(
            "$.front_matter: a first line '---' without a closing '---' line;"
            " read as text"
        )
    body = _scan_header(state, lines, start)
    end = _scan_footer(state, lines, body)
    begin_at = lines[body].start if body < len(lines) else len(text)
    end_at = lines[end].start if end < len(lines) else len(text)
    if end - body == 1:
        # One line and its break: its own copy stripped is the same text,
        # and a huge single-line file is not copied once more.
        state.draft.text = lines[body].stripped
    else:
        state.draft.text = _stripped_span(text, begin_at, end_at)
    _scan_body(state, lines, body, end)
    if end < len(lines):
        state.add("author_footer")
    if state.draft.title and (outlet := _headline_prefix_outlet(state.draft.title)):
        state.outlet("headline_prefix", outlet)
        state.add("headline_prefix")
    _resolve_outlet(state)
    state.draft.extra["layout"] = state.layout
    if not state.draft.title and state.draft.text and _single_line(lines):
        state.draft.problems.append(
            "$.title: the file holds a single line: it is read as the text, "
            "and the article has no title"
        )
    return state.draft


def _stripped_span(text: str, start: int, end: int) -> str:
    """``text[start:end].strip()``, without copying the span first."""
    step = 256  # characters looked at a time, for a long run of spaces
    while start < end:
        piece = text[start : min(end, start + step)]
        rest = piece.lstrip()
        start += len(piece) - len(rest)
        if rest:
            break
    while start < end:
        piece = text[max(start, end - step) : end]
        rest = piece.rstrip()
        end -= len(piece) - len(rest)
        if rest:
            break
    return text[start:end]


def _single_line(lines: Sequence[_Line]) -> bool:
    """Tell whether exactly one line is not blank."""
    return sum(1 for line in lines if not line.blank) == 1


def _apply_front_matter(state: _State, fields: dict[str, _Value]) -> None:
    draft = state.draft
    state.add("front_matter")
    for key, value in fields.items():
        field = _FRONT_MATTER_FIELDS.get(_field_key(key))
        text = ", ".join(value) if isinstance(value, list) else value
        if field == "authors":
            draft.authors = _author_list(value)
        elif field is None:
            draft.extra[f"front_matter.{key}" if key in _OWN_EXTRA else key] = value
        elif not text:
            continue
        elif field == "title":
            draft.title = text
        elif field == "date":
            draft.published_raw = text
        elif field == "url":
            draft.url = text
        elif field == "language":
            draft.language = text
        elif field == "id":
            draft.id = text
        elif url := _url_line(text):
            draft.url = draft.url or url
            state.outlet("front_matter", outlet_from_url(url))
        else:
            state.outlet("front_matter", known_outlet(text) or text)
    if draft.url:
        state.outlet("url", outlet_from_url(draft.url))


def _is_metadata(lines: Sequence[_Line], index: int) -> bool:
    """Tell whether line ``index`` is a date, URL or byline line."""
    line = lines[index].stripped
    if _date_line(line) or _url_line(line) or _byline(line):
        return True
    return _names_line(line) is not None and _before_date_or_url(lines, index)


def _before_date_or_url(lines: Sequence[_Line], index: int) -> bool:
    """Tell whether the next non-blank line after ``index`` is a date or URL."""
    following = _next_content(lines, index + 1)
    if following >= len(lines):
        return False
    line = lines[following].stripped
    return bool(_date_line(line) or _url_line(line))


def _names_line(line: str) -> _Byline | None:
    """A byline without "By" (``Jane Doe in Kyiv and John Roe``): names only."""
    if len(line) > _MAX_BYLINE or not (names := _names(line)) or not names.authors:
        return None
    return names


def _outlet_line(line: str) -> str | None:
    """The outlet a line names and nothing else (``Reuters``, ``BBC News, Kyiv``)."""
    if len(line) > _MAX_OUTLET_LINE or not (names := _names(line)):
        return None
    return None if names.authors or names.date else names.outlet


def _scan_header(state: _State, lines: Sequence[_Line], index: int) -> int:
    """Take the header elements from the top; the index where the body starts."""
    draft = state.draft
    has_title = bool(draft.title)
    first = True
    previous = ""
    while (index := _next_content(lines, index)) < len(lines):
        line = lines[index].stripped
        element = _header_element(state, lines, index, first=first, previous=previous)
        if element is None and has_title and not state.found("headline"):
            heading = _headline(line, strict=False)
            if heading is not None and _same(heading, draft.title):
                element = "headline"
        if element is None:
            break
        state.add(element)
        previous = element
        first = False
        index += 1
    if state.crumbs and not draft.title and len(state.crumbs) >= 3:
        last = state.crumbs[-1]
        if len(last.split()) > _MAX_SECTION_WORDS:
            draft.title = last
    return index


def _header_element(
    state: _State, lines: Sequence[_Line], index: int, *, first: bool, previous: str
) -> str | None:
    """Recognise one header line and record it; the element's name."""
    draft = state.draft
    line = lines[index].stripped
    if first and (crumbs := _breadcrumb(line)):
        state.crumbs = crumbs
        draft.extra["breadcrumb"] = line
        return "breadcrumb"
    if (
        previous == "breadcrumb"
        and state.crumbs
        and len(line) <= _MAX_SECTION
        and any(_same(line, crumb) for crumb in _sections(state.crumbs))
    ):
        draft.extra["section"] = line
        return "section"
    if not state.found("url") and (url := _url_line(line)):
        draft.url = draft.url or url
        state.outlet("url", outlet_from_url(url))
        return "url"
    if date := _date_line(line):
        if not state.found("date") and not draft.published_raw:
            draft.published_raw = date.raw
            if date.raw != line:
                draft.extra["date_line"] = line
            return "date"
        if date.update and not state.found("updated"):
            draft.extra["updated_raw"] = date.raw
            return "updated"
        return None
    if not state.found("byline") and (byline := _byline(line)):
        draft.extra["byline"] = line
        for author in byline.authors:
            if author not in draft.authors:
                draft.authors.append(author)
        state.outlet("byline", byline.outlet)
        if byline.date and not draft.published_raw:
            draft.published_raw = byline.date
            state.add("date")
        return "byline"
    if (
        state.found("headline")
        and not state.found("byline")
        and (previous in {"date", "url"} or _before_date_or_url(lines, index))
        and (byline := _names_line(line))
    ):
        draft.extra["byline"] = line
        draft.authors.extend(a for a in byline.authors if a not in draft.authors)
        state.outlet("byline", byline.outlet)
        return "byline"
    if outlet := _outlet_line(line):
        state.outlet("byline", outlet)
        return "outlet_line"
    if not state.found("headline") and not draft.title:
        following = _next_content(lines, index + 1)
        if following >= len(lines):
            return None
        strict = not _is_metadata(lines, following)
        if (heading := _headline(line, strict=strict)) is not None:
            draft.title = heading
            return "headline"
    if (
        state.found("headline")
        and previous == "headline"
        and len(line) <= _MAX_STANDFIRST
        and len(line.split()) >= _MIN_STANDFIRST_WORDS
        and _dateline_shape(line) is None
        and (following := _next_content(lines, index + 1)) < len(lines)
        and _is_metadata(lines, following)
        # "Author: ..." after one paragraph is a footer, not header metadata.
        and not _FOOTER_PREFIX.match(lines[following].stripped)
        and _next_content(lines, following + 1) < len(lines)
    ):
        # Metadata after the standfirst: the text cannot keep it.
        draft.extra["standfirst"] = line
        return "standfirst"
    return None


def _sections(crumbs: list[str]) -> list[str]:
    """The segments a section line may repeat (not a headline at the end).

    The last of three or more segments is the headline when it is longer
    than three words.
    """
    segments = crumbs[1:] if crumbs[0].casefold() in _CRUMB_HOME else crumbs
    if len(crumbs) >= 3 and len(crumbs[-1].split()) > _MAX_SECTION_WORDS:
        segments = segments[:-1]
    return segments


def _scan_footer(state: _State, lines: Sequence[_Line], body: int) -> int:
    """Find an author footer among the last paragraphs; where it starts."""
    last = list(_last_content(lines, body, 3))
    for position, index in enumerate(last):
        byline = _byline(lines[index].stripped, _FOOTER_PREFIX)
        bio = last[position + 1 :]
        if byline is None or not byline.authors:
            continue
        if any(len(lines[i].stripped) > _MAX_BIO for i in bio):
            continue
        draft = state.draft
        for author in byline.authors:
            if author not in draft.authors:
                draft.authors.append(author)
        if bio:
            text = "\n".join(line.text for line in lines[bio[0] : bio[-1] + 1])
            draft.extra["author_bio"] = text.strip()
            state.outlet("author_bio", _bio_outlet(text))
        return index
    return len(lines)


def _last_content(lines: Sequence[_Line], start: int, count: int) -> Iterator[int]:
    """The indices of the last ``count`` non-blank lines after ``start``."""
    found: list[int] = []
    index = len(lines) - 1
    while index >= start and len(found) < count:
        if not lines[index].blank:
            found.append(index)
        index -= 1
    return reversed(found)


def _scan_body(state: _State, lines: Sequence[_Line], body: int, end: int) -> None:
    """Read the standfirst and the dateline at the start of the body."""
    first = _next_content(lines, body)
    if first >= end:
        return
    paragraph = lines[first].stripped
    following = _next_content(lines, first + 1)
    if (
        state.draft.title
        and not state.found("standfirst")
        and following < end
        and _standfirst(paragraph)
    ):
        state.draft.extra["standfirst"] = paragraph
        state.add("standfirst")
        paragraph = lines[following].stripped
    if outlet := _dateline_outlet(paragraph):
        state.outlet("dateline", outlet)
        state.add("dateline")


def _resolve_outlet(state: _State) -> None:
    for source in _OUTLET_PRECEDENCE:
        if source in state.outlets:
            state.draft.outlet = state.outlets[source]
            state.draft.extra["outlet_from"] = source
            return
