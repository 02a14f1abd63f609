"""When a finding was put forward: the date its own words give, else the article's.

A 2025 retrospective that tells what a 2022 draft capped reports a 2022
figure.  Each position and demand is dated by the first of these that
applies (each a rule of the ``date`` decision, in its trace):

* ``date.adjunct``: a date in the finding's clause that a preposition
  opens ("*in* March 2022", "*on* 29 March 2022", "*back in* 2022",
  ``dates.openers``) or that opens the sentence: the nearest one before
  the cue or figure, else the first after it with no punctuation or
  relative word between ("demanded 85,000 troops in March 2022", but not
  "Crimea, which Russia annexed in 2014");
* ``date.modifier``: the same, for a date that modifies a document
  ("the 2022 Istanbul *draft*", ``documents.nouns``) or a named meeting or
  text ("the March 2022 *talks*", ``dates.named``);
* ``date.document``: no date in the clause, but the clause states a
  provision of a document named in an earlier sentence
  (`peacetalks.extract.documents.Documents.frame`), and that sentence
  dates the document by the rules above ("In March 2022 Kyiv presented a
  plan. It called for ...");
* ``date.article``: otherwise, the article's own date (``published``),
  which may be unknown.

A date never dates a finding when it is after the article's date
(``date.after_article``), when a word makes it a deadline or the edge of a
period ("*until* May 2026", "*by* 2027", "*since* 2014", ``dates.bounds``:
``date.bound``), when a word makes it another event's ("*born* in 1952",
"the *invasion* in February 2022", ``dates.other_events``; or a stretch
of its own: "Kyiv, *who* ... in 2016, ...", "*Since* Moscow invaded in
2022, ...", ``dates.asides``: ``date.other_event``), or when a word of the
present stands between it and the finding ("In 2022 Kyiv refused; *now* it
wants ...", ``dates.present``: ``date.present``).  Those dates leave a step
in the trace saying why they were passed over.

A date without a year ("on 14 June") is read in the article's year, unless
the article writes another year before it (a retrospective's "In 2022 ...
On 29 March" is not the article's year), and never in an undated
article.  Relative dates ("last week", "on Tuesday") are left to the
article's date: what they mean depends on when the sentence was written,
which a retrospective does not say.  A bare number is a year only after an opener
or before a document ("in 2022", "the 2022 draft"), never in "2000
troops"; dates are read by `peacetalks.io.dates.parse_date` and keep their
words (``raw``) and precision.

Example:
    >>> import datetime
    >>> from peacetalks.extract.doc import Annotator
    >>> from peacetalks.model import Article
    >>> article = Article(
    ...     text="In March 2022, Russia demanded a cap of 85,000 troops.",
    ...     published=datetime.date(2025, 11, 24),
    ... )
    >>> doc = Annotator().read(article)
    >>> dated = doc.date_of(0, doc.sentences[0].text.index("85,000"))
    >>> dated.published.raw, dated.published.label, dated.steps[-1].rule
    ('March 2022', '2022-03', 'date.adjunct')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import attrs

from peacetalks.errors import ValidationError
from peacetalks.extract.rules import Step, describe
from peacetalks.grammar import Grammar
from peacetalks.io.dates import MONTH_NAMES, WEEKDAY_NAMES, parse_date
from peacetalks.model import Published

if TYPE_CHECKING:
    from peacetalks.extract.doc import Doc

__all__ = ["DateMention", "DateReader", "Dated", "date_of", "first_other_year"]

#: The roles a date can have in its sentence.
ADJUNCT, MODIFIER, BOUND, OTHER, LOOSE = (
    "adjunct",
    "modifier",
    "bound",
    "other",
    "loose",
)
#: The roles of a date that can date a finding, and the rule for each.
_USABLE: Final = {ADJUNCT: "date.adjunct", MODIFIER: "date.modifier"}

describe(
    "date.adjunct",
    doc=(
        "A date a preposition opens ('in March 2022', 'on 29 March 2022') or "
        "that opens the sentence, in the finding's clause: the nearest before "
        "the cue or figure, else the first after it with no punctuation or "
        "relative word between."
    ),
)
describe(
    "date.modifier",
    doc=(
        "A date that modifies a document or a named meeting or text in the "
        "finding's clause ('the 2022 Istanbul draft', 'the March 2022 talks'), "
        "chosen as `date.adjunct` chooses."
    ),
)
describe(
    "date.document",
    doc=(
        "With no date in its clause, a provision of a document named in an "
        "earlier sentence has the date that sentence gives the document."
    ),
)
describe(
    "date.after_article",
    doc="A date after the article's date is not the finding's: passed over.",
)
describe(
    "date.bound",
    doc=(
        "A date after a deadline or period word ('until May 2026', 'by 2027', "
        "'since 2014') is not the finding's: passed over."
    ),
)
describe(
    "date.other_event",
    doc=(
        "A date of another event ('born in 1952', 'annexed Crimea in 2014', "
        "'the invasion in February 2022') or of a stretch of its own "
        "('Kyiv, who won a contest in 2016, ...', 'Since Moscow invaded in "
        "2022, ...') is not the finding's: passed over."
    ),
)
describe(
    "date.present",
    doc=(
        "A word of the present between a date and the finding ('now', "
        "'today') leaves the finding to the article's date."
    ),
)
describe(
    "date.article",
    doc="Without a date of its own, a finding has the article's date (or none).",
)

_MONTH: Final = "|".join(
    rf"{name[:3].title()}(?:{name[3:]}|\.)?" if len(name) > 3 else name.title()
    for name in MONTH_NAMES
).replace("Sep(?:tember", "Sep(?:t\\.?|tember")
_WEEKDAY: Final = "|".join(name.title() for name in WEEKDAY_NAMES)
#: A year, not a decade ("2020s"), a range ("2022-23") or a bigger number.
_YEAR: Final = (
    r"(?:1[89]|20)[0-9]{2}"
    r"(?![0-9]|[.,][0-9]|s\b|['\u2019]s\b|\s*[-\u2013/][0-9])"
)
_DAY: Final = r"[0-3]?[0-9](?:st|nd|rd|th)?"
#: A date as news text writes one: day month year, month day year, month
#: year, an ISO day, or a year (checked by its context, `_role`).
_DATE: Final = re.compile(
    rf"""
    (?<![\w\-.,/$\u20ac\u00a3])
    (?:(?:{_WEEKDAY}),?\s+)?
    (?:
      (?P<dmy>{_DAY}\s+(?:of\s+)?(?:{_MONTH}),?\s+{_YEAR})
    | (?P<mdy>(?:{_MONTH})\s+{_DAY},?\s+{_YEAR})
    | (?P<my>(?:{_MONTH}),?\s+(?:of\s+)?{_YEAR})
    | (?P<iso>(?:1[89]|20)[0-9]{{2}}-[01][0-9]-[0-3][0-9](?![0-9]))
    | (?P<dm>{_DAY}\s+(?:of\s+)?(?:{_MONTH}))
    | (?P<md>(?:{_MONTH})\s+{_DAY}(?![0-9]|[.,][0-9]))
    | (?P<month>(?:{_MONTH}))
    | (?P<year>{_YEAR})
    )
    (?![\w\-])
    """,
    re.VERBOSE,
)
#: A four-digit number that could be a year: sentences without one skip
#: the date pattern.
_YEARISH: Final = re.compile(r"(?:1[89]|20)[0-9]{2}")
#: The same, or a month's name: what a date of a dated article needs.
_DATEISH: Final = re.compile(rf"(?:1[89]|20)[0-9]{{2}}|(?<!\w)(?:{_MONTH})(?!\w)")
#: The groups of `_DATE` that write no year.
_YEARLESS: Final = ("dm", "md", "month")
#: How far before a date its opener, bound or other event is looked for.
_REACH: Final = 60
#: How many words may stand between another event's word and the opener of
#: its date: "*seized* by Russia and its proxies *in* 2014".
_EVENT_WORDS: Final = 5
#: Where the stretch of words a date is in starts: after a comma, semicolon,
#: colon, dash or parenthesis.
_STRETCH: Final = re.compile(r"[,;:(\u2013\u2014](?!\d)")
#: How many words may stand between a date and the document it modifies:
#: "the 2022 *Istanbul* draft", "June 2024 *peace* proposal".
_MODIFIER_WORDS: Final = 3
#: What stops a date after the finding from being the finding's.
_BREAK: Final = re.compile(
    r",(?![0-9])|[;:()\u2013\u2014\"\u201c\u201d]|(?<!\w)(?:which|who|whom|whose|when|where|that)(?!\w)",
    re.I,
)


@attrs.frozen
class DateMention:
    """A date in a sentence and what it dates there.

    Attributes:
        start: Where the date's words start (sentence-relative).
        end: Where they end.
        published: The date, with its words as ``raw`` and its precision.
        role: ``"adjunct"`` (opened by a preposition or the sentence),
            ``"modifier"`` (before a document or meeting), ``"bound"`` (a
            deadline or a period's edge), ``"other"`` (another event's), or
            ``"loose"`` (none of these: not kept).
        cue: The word that gave the role, if any ("in", "until", "draft").

    Example:
        >>> reader = DateReader(Grammar.default())
        >>> [(m.published.label, m.role, m.cue) for m in reader.find(
        ...     "Talks in May 2022 set a truce until June 2022.")]
        [('2022-05', 'adjunct', 'in'), ('2022-06', 'bound', 'until')]
    """

    start: int
    end: int
    published: Published
    role: str
    cue: str | None = None
    #: Whether the words give no year ("on 14 June"): it is the article's.
    yearless: bool = False


@attrs.frozen
class Dated:
    """The date of a finding and the steps that chose it.

    Attributes:
        published: The finding's date (the article's when the text gives
            none).
        steps: The steps of the ``date`` rules: the dates passed over, then
            the rule that chose.

    Example:
        >>> import datetime
        >>> from peacetalks.extract.doc import Annotator
        >>> from peacetalks.model import Article
        >>> text = "Back in 2023, Kyiv asked for more air defence."
        >>> doc = Annotator().read(Article(text=text,
        ...                                published=datetime.date(2025, 1, 10)))
        >>> dated = doc.date_of(0, text.index("asked"))
        >>> dated.published.label, [step.rule for step in dated.steps]
        ('2023', ['date.adjunct'])
    """

    published: Published
    steps: tuple[Step, ...]


@attrs.frozen
class _Words:
    opener: re.Pattern[str]
    bound: re.Pattern[str]
    other: re.Pattern[str]
    present: re.Pattern[str]
    modified: re.Pattern[str]
    #: A clause of its own opening the stretch a date is in: "since ...".
    aside: re.Pattern[str]


@functools.lru_cache(maxsize=16)
def _words(grammar: Grammar) -> _Words:
    periods = r"(?:the\s+)?(?:(?:end|start|beginning|middle)\s+of\s+)?"
    nouns = f"{grammar.regex('documents.nouns')}|{grammar.regex('dates.named')}"
    return _Words(
        re.compile(rf"(?<![\w\-])({grammar.regex('dates.openers')})\s*\Z", re.I),
        re.compile(
            rf"(?<![\w\-])({grammar.regex('dates.bounds')})\s*{periods}\Z", re.I
        ),
        re.compile(
            rf"(?<![\w\-])({grammar.regex('dates.other_events')})"
            rf"(?:\s+[^\s,;:.()]+){{0,{_EVENT_WORDS}}}\s+"
            rf"(?:{grammar.regex('dates.openers')})\s+\Z",
            re.I,
        ),
        re.compile(rf"(?<![\w\-])(?:{grammar.regex('dates.present')})(?![\w\-])", re.I),
        re.compile(
            rf"\s+(?:[\w'\u2019\-]+\s+){{0,{_MODIFIER_WORDS - 1}}}?({nouns})(?!\w)",
            re.I,
        ),
        re.compile(
            rf"[\s\"'\u201c\u2018]*(?:and\s+|but\s+)?"
            rf"({grammar.regex('dates.bounds')}|{grammar.regex('dates.asides')})(?![\w\-])",
            re.I,
        ),
    )


class DateReader:
    """Finds the dates of a sentence and their roles, with a grammar's words.

    Args:
        grammar: The grammar whose ``dates`` categories (and document
            nouns) it reads.

    Example:
        >>> reader = DateReader(Grammar.default())
        >>> [(m.published.raw, m.role) for m in reader.find(
        ...     "The 2022 Istanbul draft capped the army at 2000 tanks.")]
        [('2022', 'modifier')]
    """

    def __init__(self, grammar: Grammar) -> None:
        self.words = _words(grammar)

    def __repr__(self) -> str:
        return "<DateReader>"

    def find(self, text: str, year: int | None = None) -> tuple[DateMention, ...]:
        """The dates of sentence ``text``, in order, each with its role.

        Words that look like a date but name no real day ("30 February
        2022") are not dates.  A date without a year ("on 14 June", "in
        February") is read in ``year`` (the article's), and only after an
        opener, a bound or another event's verb; without ``year`` it is
        not read.  A weekday must agree with it ("on Monday, 17 February"):
        if not, it is no date.

        >>> reader = DateReader(Grammar.default())
        >>> [(m.published.label, m.role) for m in reader.find(
        ...     "Born in 1952, he said on 30 February 2022 that elections by 2027")]
        [('1952', 'other'), ('2027', 'bound')]
        """
        if (_YEARISH if year is None else _DATEISH).search(text) is None:
            return ()
        found = []
        for match in _DATE.finditer(text):
            start, end = match.span()
            words = match.group()
            yearless = match.lastgroup in _YEARLESS
            if yearless and year is None:
                continue
            role, cue = self._role(
                text, start, end, alone=match.lastgroup in ("year", *_YEARLESS)
            )
            if role == LOOSE:
                continue  # "at 2000 tanks", "the 2022 invasion": no date of a finding
            try:
                published = parse_date(f"{words} {year}" if yearless else words)
            except ValidationError:
                continue  # "30 February 2022": shaped like a date, names none
            if published.date is None:
                continue
            published = attrs.evolve(published, raw=words)
            found.append(DateMention(start, end, published, role, cue, yearless))
        return tuple(found)

    def _role(
        self, text: str, start: int, end: int, *, alone: bool
    ) -> tuple[str, str | None]:
        words = self.words
        before = text[max(0, start - _REACH) : start]
        if (bound := words.bound.search(before)) is not None:
            return BOUND, bound.group(1)
        if (other := words.other.search(before)) is not None:
            return OTHER, other.group(1)
        # "Since Russia invaded in 2022, ...", ", who won it in 2006,"
        stretch = max((m.end() for m in _STRETCH.finditer(text, 0, start)), default=0)
        if (aside := words.aside.match(text, stretch, start)) is not None:
            return OTHER, aside.group(1)
        modified = words.modified.match(text, end)
        if modified is not None and not _BREAK.search(text, end, modified.start(1)):
            return MODIFIER, modified.group(1)
        if (opener := words.opener.search(before)) is not None:
            return ADJUNCT, opener.group(1)
        if not alone and not before.strip(" \"'\u201c\u2018"):
            return ADJUNCT, None  # "March 29, 2022: Russia demanded ..."
        return LOOSE, None


def _after_article(mention: DateMention, article: Published) -> bool:
    """Whether ``mention`` starts after the last day ``article`` may be."""
    mentioned, published = mention.published.range, article.range
    return (
        mentioned is not None and published is not None and mentioned[0] > published[1]
    )


def _skip_step(doc: Doc, index: int, mention: DateMention) -> Step | None:
    """The step that passes over ``mention``, or None if it can date a finding."""
    if mention.role == BOUND:
        why = f"after {mention.cue!r}: a deadline or a period's edge"
        return doc.step(index, "date.bound", mention.start, mention.end, why)
    if mention.role == OTHER:
        why = f"the date of another event ({mention.cue!r})"
        return doc.step(index, "date.other_event", mention.start, mention.end, why)
    if _after_article(mention, doc.article.published):
        why = f"after the article's date {doc.article.published.label}"
        return doc.step(index, "date.after_article", mention.start, mention.end, why)
    return None


def _own(
    doc: Doc, index: int, at: int, clause: tuple[int, int] | None
) -> tuple[DateMention | None, list[Step]]:
    """The date sentence ``index`` gives what stands at ``at``, and the skipped."""
    mentions = doc.dates(index)
    if not mentions:
        return None, []
    text = doc.sentences[index].text
    low, high = clause if clause is not None else _clause(doc, index, at)
    skipped: list[Step] = []
    before: DateMention | None = None
    after: DateMention | None = None
    for mention in mentions:
        if mention.end <= low or mention.start >= high:
            continue
        step = _skip_step(doc, index, mention)
        if step is not None:
            skipped.append(step)
            continue
        if mention.end <= at:
            before = mention  # the nearest before wins
        elif after is None and not _BREAK.search(text, at, mention.start):
            after = mention
    present = doc.date_reader.words.present
    if before is not None and (word := present.search(text, before.end, at)):
        skipped.append(
            doc.step(index, "date.present", word.start(), word.end(), "a present word")
        )
        return None, skipped
    if before is None and after is not None:
        word = present.search(text, low, at)
        if word is not None:
            skipped.append(
                doc.step(
                    index, "date.present", word.start(), word.end(), "a present word"
                )
            )
            return None, skipped
    return before or after, skipped


def _clause(doc: Doc, index: int, at: int) -> tuple[int, int]:
    """The clause of sentence ``index`` around ``at`` (sentence-relative)."""
    sentence = doc.sentences[index]
    base = sentence.start
    low, high = 0, len(sentence.text)
    for clause in sentence.clauses:
        start, end = clause.start - base, clause.end - base
        if start <= at < end:
            return start, end
    return low, high


def _chosen(doc: Doc, index: int, mention: DateMention, why: str) -> Step:
    rule = _USABLE[mention.role]
    return doc.step(index, rule, mention.start, mention.end, why)


def date_of(
    doc: Doc, index: int, at: int, clause: tuple[int, int] | None = None
) -> Dated:
    """The date of a finding at ``at`` of sentence ``index``, and why.

    Args:
        doc: The annotated document.
        index: The finding's sentence.
        at: Its cue or figure (sentence-relative).
        clause: Its clause (sentence-relative start and end); the
            sentence's clause around ``at`` if None.

    >>> import datetime
    >>> from peacetalks.extract.doc import Annotator
    >>> from peacetalks.model import Article
    >>> text = "Kyiv wants a truce until May 2026, it said on 2 May 2025."
    >>> doc = Annotator().read(Article(text=text,
    ...                                published=datetime.date(2025, 5, 3)))
    >>> dated = date_of(doc, 0, text.index("truce"))
    >>> [s.rule for s in dated.steps], dated.published.label
    (['date.bound', 'date.article'], '2025-05-03')
    """
    mention, skipped = _own(doc, index, at, clause)
    if mention is not None:
        why = f"dated {mention.published.label} ({mention.published.precision.value})"
        step = _chosen(doc, index, mention, why)
        return Dated(mention.published, (*skipped, step))
    if doc.any_dates(index):
        found = _document_date(doc, index, at)
        if found is not None:
            return Dated(found[0], (*skipped, found[1]))
    published = doc.article.published
    if not skipped and not doc.tracing:
        return doc.article_dated
    why = (
        f"the article's date {published.label}"
        if published.date is not None
        else "the article is undated"
    )
    return Dated(published, (*skipped, Step("date.article", None, why)))


def _document_date(doc: Doc, index: int, at: int) -> tuple[Published, Step] | None:
    """The date of the document whose provision stands at ``at``, if dated before.

    The document is the one `Documents.frame` finds; its date is the one
    the sentence that named it (with its author, for "the plan" that
    points back) gives there, by the clause rules.
    """
    frame = doc.documents.frame(index, at)
    if frame is None:
        return None
    document = frame.document
    where, anchor = document.sentence, document.start
    author = document.author
    if (
        document.definite
        and author is not None
        and document.author_sentence is not None
    ):
        where, anchor = document.author_sentence, author.start
    if where >= index:
        return None  # in the finding's own sentence: its clause decided
    named, _ = _own(doc, where, anchor, None)
    if named is None:
        return None
    dated = named.published
    why = (
        f"the {document.text!r} named in sentence {where}, "
        f"dated {dated.label} ({dated.precision.value})"
    )
    return dated, doc.step(where, "date.document", named.start, named.end, why)


def article_dated(published: Published) -> Dated:
    """A finding dated by its article alone, untraced.

    >>> article_dated(Published()).steps[0].rule
    'date.article'
    """
    return Dated(published, (Step("date.article", None, ""),))


def first_other_year(text: str, year: int | None) -> int | None:
    """Where ``text`` first writes a year other than ``year``, if it does.

    A date without a year after that point could be that other year's
    ("In 2022 ... On 29 March, ..."): it is not read in ``year``.

    >>> first_other_year("On 3 May talks began; in 2022 they had failed.", 2025)
    25
    >>> first_other_year("In 2025 talks began.", 2025) is None
    True
    """
    for found in _YEARISH.finditer(text):
        if int(found.group()) != year:
            return found.start()
    return None


def year_sentences(text: str, starts: Sequence[int]) -> int | None:
    """The index of the first sentence (by ``starts``) with a year-like number.

    >>> year_sentences("Talks. In 2022 a plan.", [0, 7])
    1
    >>> year_sentences("Talks.", [0]) is None
    True
    """
    found = _YEARISH.search(text)
    if found is None:
        return None
    first = 0
    for n, start in enumerate(starts):
        if start <= found.start():
            first = n
    return first
