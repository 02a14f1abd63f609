# ruff: noqa: RUF001, RUF002 - news text has curly quotes and dashes
r"""Sentences, clauses and quoted passages with exact character offsets.

`split_sentences` cuts an article's text into `Sentence` objects.  Every
span carries ``start`` and ``end`` offsets into the text it came from, and
its ``text`` is always ``source[start:end]``; spans are stripped of
surrounding whitespace, and no non-whitespace character of the source is
ever lost.

Sentence rules:

- a line break (``\n``, ``\r``, and the other characters `str.splitlines`
  breaks at) always ends a sentence: scraped articles put one paragraph,
  caption or boilerplate line on each line;
- ``.``, ``!``, ``?`` or ``…`` (or a run of them), optionally followed by
  closing quotes or brackets (``"`` ``”`` ``’`` ``'`` ``»`` ``)`` ``]``, and
  ``»`` after a French space),
  then whitespace, then an uppercase letter, a digit or an opening quote
  (``"`` ``“`` ``‘`` ``„`` ``«``) ends a sentence; the closing quote belongs
  to the sentence it closes;
- except after a single ``.`` that ends an abbreviation (`ABBREVIATIONS`,
  case-sensitive) or a run of capital initials (``J.``, ``J.R.``);
- except after ``!"`` or ``?"`` that a speech tag continues: up to five
  capitalised words and then a lowercase `speech_verbs` word
  (``"Why now?" Peskov asked.``);
- a sentence longer than `LONGEST_SENTENCE` characters (a scraped table
  or a list with no full stops) is cut into pieces no longer than that:
  after the last ``,`` or ``;`` and a space in the second half of the
  limit, else at the last space, else at the limit;
- nothing else is a boundary: a comma inside a closing quote
  (``"Never," Peskov said.``), a decimal point (``1.5``), a lowercase word
  after a period, or the double space a lost em-dash leaves
  (``Chernihiv  two cities``).

Clause rules (conservative: a clause boundary is a place where a writer
clearly joined two statements): a clause ends after ``;``, after a dash
``–`` or ``—`` with whitespace on both sides, and after a comma followed by
one of `CLAUSE_CONNECTIVES` (``, while``, ``, whereas``, ``, but``,
``, which``, ...).  The punctuation stays with the clause it ends; the
connective word starts the next clause.  Separators inside a quoted passage
do not split.

Quoted passages: a ``“`` is closed by ``”`` or ``"``, a ``„`` by ``“`` or
``”``, ``«`` by ``»``, a straight ``"`` by ``"`` or ``”`` (scraped text mixes
straight and curly marks); quotes do not nest, a closing mark with no open
quote is ignored, and a quote still open at the end of a
line runs to the end of the line.  A quote span is the passage between the
marks, stripped, clipped to each sentence it crosses.

Everything runs in linear time: the regular expressions have no nested or
overlapping quantifiers, and all look-arounds are bounded.

Example:
    >>> text = 'Peskov said no. "We will never accept this," he added.'
    >>> [s.text for s in split_sentences(text)]
    ['Peskov said no.', '"We will never accept this," he added.']
    >>> split_sentences(text)[1].quote_spans
    (Span(start=17, end=43, text='We will never accept this,'),)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs

from peacetalks.grammar import Grammar, phrase_pattern

__all__ = [
    "ABBREVIATIONS",
    "CLAUSE_CONNECTIVES",
    "LONGEST_SENTENCE",
    "Sentence",
    "Span",
    "speech_verbs",
    "split_sentences",
]

#: Words ending in a period that do not end a sentence (matched exactly,
#: case-sensitive, after leading brackets and quotes are dropped): the
#: English grammar's ``sentences.abbreviations``.
ABBREVIATIONS: frozenset[str] = frozenset(
    Grammar.default()["sentences.abbreviations"].words
)

#: The longest sentence `split_sentences` returns, in characters.  Longer
#: ones are cut (see the module docstring): news sentences stay well under
#: it (the bundled sample's longest is 448), and the work extraction does
#: on a sentence grows faster than its length, so a line of text with no
#: full stop must not become one huge sentence.
LONGEST_SENTENCE = 1_000

#: Words that start a new clause after a comma (``, while ...``): the
#: English grammar's ``clauses.connectives``.
CLAUSE_CONNECTIVES: frozenset[str] = Grammar.default()["clauses.connectives"].folded()

#: Verbs (and the phrase "according to") that introduce reported speech;
#: lowercase, in the forms news writing uses: the English grammar's
#: ``speech.verbs``.
speech_verbs: frozenset[str] = Grammar.default()["speech.verbs"].folded()

# A run of terminators that starts here (not inside a longer run), its
# closing quotes or brackets, and whitespace after them.  Possessive
# quantifiers and the look-behind keep every position visited O(1) times.
# The first terminator is matched before the look-behind that tells it
# starts the run, so the engine skips to terminators without trying the
# pattern at every position (the same matches).
# The look-ahead captures the first character after the whitespace (group
# 1; None at the end of the line), which decides whether the run ends a
# sentence: one search less for each terminator.
_TERMINAL = re.compile(
    r"[.!?…](?<![.!?…].)[.!?…]*+(?:[\"”’'»)\]]|[ \u00a0\u202f]»)*+(?=\s++(\S)?)"
)
_NON_SPACE = re.compile(r"\S")
_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_OPENING_QUOTES = frozenset('"“‘„«')
_LEADING_PUNCTUATION = "([{\"'“‘„«"
_CLOSING_QUOTES = frozenset("\"”’'»")
_QUOTE_PAIRS = {"“": '”"', "„": "“”", "«": "»", '"': '"”'}
#: The longest abbreviation is shorter than this; longer words are not one.
_MAX_ABBREVIATION = 12
#: How far a speech tag after ``!"`` or ``?"`` is looked for, in characters.
_SPEECH_TAG_WINDOW = 80
_SPEECH_TAG_WORDS = 6


@attrs.frozen
class _Rules:
    """The words of one grammar that sentence splitting reads, compiled."""

    abbreviations: frozenset[str]
    longest_abbreviation: int
    speech_verbs: frozenset[str]
    clause_end: re.Pattern[str]


@functools.lru_cache(maxsize=16)
def _rules(grammar: Grammar) -> _Rules:
    """Compile a grammar's splitting words once (grammars are hashable)."""
    abbreviations = frozenset(grammar["sentences.abbreviations"].words)
    connectives = sorted(grammar["clauses.connectives"].folded())
    # One separator character first, then what must surround it: the engine
    # skips straight to the separators (the same matches as a semicolon, a
    # spaced dash, or a comma before a connective, each tested first).
    clause_end = re.compile(
        r"[;,–—](?:(?<=;)|(?<=\s[–—])(?=\s)|(?<=,)(?=\s++(?:"
        + "|".join(phrase_pattern(word) for word in connectives)
        + r")\b))"
    )
    longest = max(map(len, abbreviations), default=0)
    return _Rules(
        abbreviations,
        max(_MAX_ABBREVIATION, longest),
        grammar["speech.verbs"].folded(),
        clause_end,
    )


@attrs.frozen
class Span:
    """A stretch of a source text: ``text == source[start:end]``.

    Attributes:
        start: Offset of the first character in the source.
        end: Offset just past the last character.
        text: The characters themselves.

    Example:
        >>> source = "Kyiv and Moscow"
        >>> span = Span(9, 15, source[9:15])
        >>> span.text, len(span)
        ('Moscow', 6)
    """

    start: int
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start


@attrs.frozen
class Sentence(Span):
    """A sentence, with its clauses and the quoted passages inside it.

    Attributes:
        clauses: The sentence cut at clause boundaries (see the module
            docstring), in order; a sentence without them is one clause.
        quote_spans: The quoted passages inside the sentence, without their
            quote marks, in order.

    Example:
        >>> (sentence,) = split_sentences("Kyiv agreed; Moscow did not.")
        >>> [clause.text for clause in sentence.clauses]
        ['Kyiv agreed;', 'Moscow did not.']
    """

    clauses: tuple[Span, ...]
    quote_spans: tuple[Span, ...]


def split_sentences(text: str, grammar: Grammar | None = None) -> list[Sentence]:
    r"""Cut *text* into sentences, in order, with clauses and quotes.

    The sentences do not overlap, are stripped of surrounding whitespace,
    and together hold every non-whitespace character of *text*.  The rules
    are in the module docstring.

    Args:
        text: An article's text, usually one paragraph per line.
        grammar: The grammar whose abbreviations, clause connectives and
            speech verbs to read; English (`Grammar.default`) if None.

    Returns:
        The sentences, in the order they occur.

    Example:
        >>> text = "Mr. Peskov spoke at 10 a.m. Talks went on.\nNext line"
        >>> [(s.start, s.end, s.text) for s in split_sentences(text)]
        [(0, 42, 'Mr. Peskov spoke at 10 a.m. Talks went on.'),
         (43, 52, 'Next line')]
        >>> [s.text for s in split_sentences('"Why?" Peskov asked. Fine.')]
        ['"Why?" Peskov asked.', 'Fine.']
    """
    rules = _rules(Grammar.default() if grammar is None else grammar)
    sentences: list[Sentence] = []
    append = sentences.append
    clause_end = rules.clause_end.search
    for start, end in _paragraphs(text):
        quotes = (
            list(_quotes(text, start, end))
            if _QUOTE_MARK.search(text, start, end)
            else []
        )
        q = 0
        for cut in (*_sentence_ends(text, start, end, rules), end):
            # the stripped text[start:cut], inline: this loop runs once a
            # sentence, and the calls it spares are much of its cost
            chunk = text[start:cut]
            body = chunk.strip()
            if not body:
                start = cut
                continue
            first = start + chunk.index(body[0])  # only spaces before it
            last = first + len(body)
            start = cut
            pieces = (
                ((first, last, body),)
                if len(body) <= LONGEST_SENTENCE
                else _pieces(text, first, last)
            )
            for first, last, body in pieces:
                inside: list[Span] = []
                if quotes:
                    while q < len(quotes) and quotes[q][1] <= first:
                        q += 1
                    for k in range(q, len(quotes)):  # no slice: that would copy
                        q_start, q_end = quotes[k]
                        if q_start >= last:
                            break
                        quote = _stripped(text, max(q_start, first), min(q_end, last))
                        if quote is not None:
                            inside.append(quote)
                # mostly no clause break: the sentence is its one clause
                if clause_end(text, first, last) is None:
                    clauses: tuple[Span, ...] = (Span(first, last, body),)
                else:
                    clauses = _clauses(text, Span(first, last, body), inside, rules)
                append(
                    Sentence(
                        first, last, body, clauses=clauses, quote_spans=tuple(inside)
                    )
                )
    return sentences


def _pieces(text: str, first: int, last: int) -> Iterator[tuple[int, int, str]]:
    """Cut the overlong sentence text[first:last] into stripped pieces.

    Each piece ends after the last ``,`` or ``;`` before the limit that is
    in the limit's second half and followed by a space, else at the last
    space, else at the limit itself; each (start, end, text) piece is at
    most `LONGEST_SENTENCE` characters long.
    """
    while last - first > LONGEST_SENTENCE:
        limit = first + LONGEST_SENTENCE
        half = first + LONGEST_SENTENCE // 2
        cut = max(text.rfind(", ", half, limit), text.rfind("; ", half, limit)) + 1
        if cut <= 0:
            cut = text.rfind(" ", first + 1, limit)
            if cut < 0:
                cut = limit
        piece = _stripped(text, first, cut)
        if piece is not None:
            yield piece.start, piece.end, piece.text
        following = _NON_SPACE.search(text, cut, last)
        if following is None:
            return
        first = following.start()
    yield first, last, text[first:last]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    r"""The (start, end) of each line of *text* that is not empty, breaks excluded.

    >>> _paragraphs("One.\r\n\nTwo\u2028three")
    [(0, 4), (7, 10), (11, 16)]
    """
    # `str.splitlines` breaks at every line break the sentence rules name,
    # many times faster than a regex scans for them; an empty line holds no
    # sentence.
    found = []
    start = 0
    for line in text.splitlines():
        end = start + len(line)
        if line:
            found.append((start, end))
        start = end + (2 if text.startswith("\r\n", end) else 1)
    return found


def _stripped(text: str, start: int, end: int) -> Span | None:
    """Return text[start:end] without surrounding whitespace, or None."""
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if left >= right:
        return None
    return Span(start + left, start + right, chunk[left:right])


def _sentence_ends(text: str, start: int, end: int, rules: _Rules) -> Iterator[int]:
    """Yield the offsets inside one line where a sentence ends."""
    for match in _TERMINAL.finditer(text, start, end):
        following = match.group(1)
        if following is None:
            return
        if following not in _OPENING_QUOTES and not (
            following.isupper() or following.isdigit()
        ):
            continue
        marks = match.group()
        if marks.startswith(".") and not marks.startswith(".."):
            if _is_abbreviation(text, start, match.start(), rules):
                continue
        elif (
            marks[0] in "!?"
            and marks[-1] in _CLOSING_QUOTES
            and _speech_tag_follows(text, match.start(1), end, rules)
        ):
            continue
        yield match.end()


def _is_abbreviation(text: str, line_start: int, period: int, rules: _Rules) -> bool:
    """Tell whether the period at *period* ends an abbreviation or initials."""
    window_start = max(line_start, period - rules.longest_abbreviation)
    window = text[window_start : period + 1]
    words = window.split()
    if not words:
        return False
    word = words[-1]
    if (
        word == window
        and window_start > line_start
        and not text[window_start - 1].isspace()
    ):
        return False  # the word is longer than any abbreviation
    word = word.lstrip(_LEADING_PUNCTUATION)
    if word in rules.abbreviations:
        return True
    return (
        len(word) % 2 == 0
        and len(word) > 0
        and word[0].isupper()  # rules most words out before the loop
        and all(
            word[i].isupper() and word[i + 1] == "." for i in range(0, len(word), 2)
        )
    )


def _speech_tag_follows(text: str, start: int, end: int, rules: _Rules) -> bool:
    """Tell whether capitalised words then a speech verb start at *start*."""
    words = text[start : min(end, start + _SPEECH_TAG_WINDOW)].split()
    for index, word in enumerate(words[:_SPEECH_TAG_WORDS]):
        if word[0].isupper():
            continue
        return index > 0 and word.rstrip(",.;:!?") in rules.speech_verbs
    return False


def _quotes(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each quoted passage in one line, marks out."""
    opened = -1
    closers = ""
    for match in _QUOTE_MARK.finditer(text, start, end):
        mark = match.group()
        if opened < 0:
            if mark in _QUOTE_PAIRS:
                opened = match.end()
                closers = _QUOTE_PAIRS[mark]
        elif mark in closers:
            yield opened, match.start()
            opened = -1
    if opened >= 0:
        yield opened, end


def _clauses(
    text: str, sentence: Span, quotes: list[Span], rules: _Rules
) -> tuple[Span, ...]:
    """Cut one sentence into clauses, not inside its quoted passages."""
    clauses = []
    start = sentence.start
    q = 0
    for match in rules.clause_end.finditer(text, sentence.start, sentence.end):
        position = match.start()
        while q < len(quotes) and quotes[q].end <= position:
            q += 1
        if q < len(quotes) and quotes[q].start <= position:
            continue
        clause = _stripped(text, start, match.end())
        if clause is not None:
            clauses.append(clause)
        start = match.end()
    last = _stripped(text, start, sentence.end)
    if last is not None:
        clauses.append(last)
    return tuple(clauses)
