"""Find the numbers in news text: figures, ranges, bounds and units.

`find_quantities` returns every quantity in a text, in order and without
overlaps, as `Found` spans over the source.  It is the layer that demand
extractors build on: it reads the number, its unit and its bound, and leaves
deciding *what* the number measures to them (`Found.noun` is a hint).

>>> [(f.text, f.quantity.value, f.quantity.bound.value, f.noun)
...  for f in find_quantities("a cap of 85,000 soldiers and 342 tanks")]
[('cap of 85,000', 85000.0, 'max', 'soldiers'), ('342', 342.0, 'exact', 'tanks')]

Rules:

* **Numbers.**  Digits with thousands separators (``85,000``; ``85 000``
  with a space, no-break, thin or narrow no-break space; European
  ``1.200.000``), decimals (``1.2``), suffixes ``k``, ``m``/``mn``/``M``,
  ``bn``/``b``, ``T``/``tn`` and scale words (``85 thousand``,
  ``1.2 million``, ``$100bn``), number words (``eighty-five thousand``,
  ``a hundred and two``, ``a dozen``), ``half a million``.  A dotted
  number with exactly one dot and exactly three digits after it (``85.000``)
  is read European-style as thousands unless a scale follows (``2.174T``);
  any other dotted number is a decimal.  Separate numbers are never merged:
  ``and`` joins number words only before a part below 100 (``two thousand
  and nineteen``).  A lone ``one`` is a pronoun, not a quantity, unless a
  unit follows (``one year``).
* **Fractions** (``1/2``, ``1/40``, ``a quarter of``, ``two-thirds of``,
  ``one sixth of``, ``half of``) are shares: unit ``percent`` (``a fifth
  of`` is 20 percent).  Without ``of``, a fraction whose numerator is a
  number word is a number (``one sixth`` is 0.1667, ``three halves`` 1.5,
  ``one-half miles`` 0.5 miles); ``a half``, ``a quarter`` and ``half a``
  are one only before a unit or a scale (``a quarter mile``, ``half an
  hour``, ``half a million``); ``a third`` and other ordinal-looking
  fractions need ``of`` after them (``a third round`` is no number).
  **Mixed numbers**: ``two and a half miles``, ``3 and three quarters``,
  ``one and a half million``, ``1 1/2``.  ``N/M`` is a share when
  ``0 < N < M`` and it is no date: ``3/4/2022``, and ``M`` from 11 to 31
  after ``N`` up to 12 (``9/11``, ``3/29``) are skipped, and so are ``24/7``
  (around the clock), ``50/50`` and scores (``N >= M``).
* **Fraction characters**: ``\u00bd``, ``\u2154``, ``\u00be``... are numbers (``\u00bd
  mile``), shares before ``of`` (``\u2154 of the land`` is 66.7 percent), and
  end mixed numbers (``5\u00bd miles``, ``5 \u00bd``).
* **Negatives.**  A minus (``-`` or ``\u2212``) glued to the number or its
  currency and to nothing before it: ``-15€``, ``-$5``, ``$-99.99``,
  ``(-5 km)``, ``\u22123.5``.  A hyphen that joins (``20-30``, ``40-km``,
  ``F-16``, ``3-1``) or a dash (``\u2013``) is no minus.  An accounting negative
  is a currency amount in brackets that hug it, ``($99.99)``, ``(£4bn)``,
  unless a number stands in the four tokens before the bracket: ``90
  billion euros ($106 billion)`` converts, and stays positive.  A bracketed
  number without a currency is an aside.  ``negatives=False`` reads the
  amounts without their sign.
* **Scientific notation**: ``2.48e-5``, ``6.02E+23``,
  ``2.48\u00d710\u22125``, ``2.48x10^-5``, ``6.02 \u00d7 10^23``,
  ``1.5\u00d710\u207b\u00b3``, ``10^6``, ``10\u2076``.  A plain hyphen after ``10``
  is a minus only after ``\u00d7`` (``2x10-15`` may be a range); an exponent
  past the float range is no number.
* **Vague multiples.**  ``tens of thousands`` is APPROX with
  low=10,000 and high=99,999 (``hundreds of ...``: 100 to 999 of them).
* **Bounds.**  MAX: up to, no more than, at most, a maximum of, maximum,
  not (to) exceed, cap/ceiling/limit of, less/fewer than, under, below, and
  ``to`` after limit/cap/reduce/restrict/cut earlier in the sentence.  MIN:
  at least, no fewer/less than, a minimum of, more than, over, in excess of,
  exceeding ("more than" is read as a floor).  APPROX: about, around,
  almost, nearly, some, roughly, approximately, an estimated, close to,
  ``~``.  Otherwise EXACT.
* **Ranges.**  ``200,000-250,000``, ``5\u201310 km`` (en dash), ``200,000 to 250,000``,
  ``between 5 and 10 km`` give ``low``/``high`` and no ``value``.  A range
  needs ``low < high``: ``from 280km to 40km`` is two quantities.
* **Units** come from the lexicon (aliases included, ``45-day`` too).  A
  unit that some lexicon metric is measured in stays as it is (km, days,
  years, percent, USD...); any other converts to its reference unit (miles
  to km, weeks and months to days).  Currencies: ``$``, ``US$``, ``€``,
  ``£``, ``USD``, ``EUR``, ``GBP`` before the number, or ``dollars`` etc.
  after.  Counting units (whose reference is ``personnel`` or ``units``:
  troops, people, systems) are left to the extractor: ``unit`` is None and
  the word is in `Found.noun`.
* **Not quantities.**  Ordinals (``21st``); times (``10:30``); dates (a
  number next to a capitalised month name, ``20220329``-style 8-digit
  dates); numbers glued to letters or after a hyphen glued to a word
  (``G7``, ``F-16``); numbers after Article, Section, Resolution,
  Paragraph, Clause, Chapter, Annex, Point, No., #, page, p., version, v.;
  and years: a bare 4-digit number 1900-2100 with no separator, scale,
  unit, currency or bound cue, unless a counted noun of the lexicon
  (a metric noun or a counting-unit alias such as ``troops``) follows it.
  The same noun rule rescues an 8-digit number.  A range of two such years
  (``2017-2021``) and a decade (``1990s``, ``1990's``, ``'60s``; ``'20s`` and
  ``the 90s``, maybe an age, are not) are skipped too.
* **Years on request.**  ``find_quantities(text, years=True)`` returns the
  years, year ranges and decades above (and a year next to a month name,
  ``March 2022``) as quantities of kind `QuantityKind.YEAR` (`Found.kind`;
  a decade is the range 1990 to 1999); every other quantity has kind
  ``AMOUNT``.  Days of the month and 8-digit dates stay out.

All patterns are linear-time (no nested unbounded quantifiers).
`may_hold_quantities` tells at a few nanoseconds a character whether a
text may hold a quantity at all, so that a reader of many sentences can
skip the others (`find_quantities` makes the same test first).
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Final, NamedTuple

import attrs

from peacetalks.grammar import Grammar
from peacetalks.lexicon import Lexicon, Unit, name_key
from peacetalks.model import Bound, Quantity, QuantityKind

__all__ = ["Found", "find_quantities", "may_hold_quantities"]


@attrs.frozen
class Found:
    """A quantity found in a text, with where it was written.

    Attributes:
        quantity: The number, range, unit and bound.
        start: Offset of the first character of the expression.
        end: Offset just past its last character.
        text: ``source[start:end]``: the whole expression, cue included
            ("up to 10,000").
        noun: The lowercased word the number counts ("tanks"), if any.
        kind: `QuantityKind.AMOUNT`, or `QuantityKind.YEAR` for a calendar
            year or decade (only with ``find_quantities(..., years=True)``).

    Example:
        >>> found = find_quantities("a 45-day truce")[0]
        >>> found.text, found.quantity.value, found.quantity.unit, found.noun
        ('45-day', 45.0, 'days', 'truce')
    """

    quantity: Quantity
    start: int
    end: int
    text: str
    noun: str | None = None
    kind: QuantityKind = attrs.field(default=QuantityKind.AMOUNT, kw_only=True)


# -- tokens -----------------------------------------------------------------

_SPACES = " \u00a0\u2009\u202f"
_HYPHENS = "-\u2011"
_MINUS = "\u2212"  # the minus sign; "-" is one only where `_minus` says so
_MINUS_SIGNS: Final = frozenset({"-", _MINUS})
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# Scientific notation, one token with its mantissa: "2.48e-5",
# "2.48\u00d710\u22125", "2.48x10^-5", "6.02 \u00d7 10^23", and "10\u2076",
# "10^6" (after "10" only).  A plain hyphen after "10" is a minus only after "\u00d7" or
# "\u00b7": "2x10-15" may be a range.  A tail of the plain number's pattern, so
# that other numbers pay one failed character test for it.
_SCIENTIFIC_TAIL = (
    r"[eE][+\-\u2212]?\d+(?!\w)"
    rf"|[{_SPACES}]?[\u00d7xX*\u00b7][{_SPACES}]?10"
    rf"(?:\^[+\-\u2212]?\d+|\u2212\d+|[\u207a\u207b]?[{_SUPERSCRIPTS}]+)"
    rf"|[{_SPACES}]?[\u00d7\u00b7][{_SPACES}]?10-\d+"
    rf"|(?<=(?<![\d.])10)(?:\^[+\-\u2212]?\d+|[\u207a\u207b]?[{_SUPERSCRIPTS}]+)"
)
# A word starts with a letter and a number with a digit, so trying words
# first changes nothing but spares each word the number alternatives.
_TOKEN = re.compile(
    r"(?P<word>[^\W\d_]+)"
    r"|(?P<num>(?<![\w.])(?:"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d,.]\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}"
    rf"|\d+(?:\.\d+)?(?:{_SCIENTIFIC_TAIL})?"
    r")(?![\d]))"
    r"|(?P<other>\S)"
)


class _Tok(NamedTuple):
    """A token: a number, a word (a run of letters) or another character."""

    kind: str
    start: int
    end: int
    text: str
    low: str  # text.lower()


_new_tok = tuple.__new__  # skips NamedTuple's Python-level __new__


def _tokens(text: str) -> list[_Tok]:
    # A tuple per token is several times cheaper to make than an object.
    return [
        _new_tok(_Tok, (m.lastgroup, m.start(), m.end(), t := m.group(), t.lower()))
        for m in _TOKEN.finditer(text)
    ]


# -- vocabularies -----------------------------------------------------------

_SMALL = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
        start=2,
    )
}
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_SUFFIXES = {
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "t": 1e12,
    "T": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "twelfth": 12,
    "twelfths": 12,
    "hundredth": 100,
    "hundredths": 100,
    "thousandth": 1000,
    "thousandths": 1000,
}
# Fraction words that are no ordinals: "a quarter mile" is a length, while
# "a third day" is the day after the second.
_NOT_ORDINALS: Final = frozenset({"half", "halves", "quarter", "quarters"})
_VAGUE = {"tens": 10.0, "hundreds": 100.0, "dozens": 12.0}
_VULGAR_CHARS: Final = (
    "\u00bd\u2153\u2154\u00bc\u00be\u2155\u2156\u2157\u2158\u2159\u215a"
    "\u2150\u215b\u215c\u215d\u215e\u2151\u2152"
)
#: Fractions of one character ("\u00bd" is 0.5): a token of their own.
_VULGAR: Final = {ch: unicodedata.numeric(ch) for ch in _VULGAR_CHARS}
_CURRENCY_BEFORE = {"$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR"}
_CURRENCY_BEFORE.update({"gbp": "GBP"})

_CUE_TAIL: Final = r"[\s~]*\Z"
#: The bound of each grammar category of bound cues, by group name.
_CUE_CATEGORIES: Final = {
    "maximum": Bound.MAX,
    "minimum": Bound.MIN,
    "approximate": Bound.APPROX,
}
_CUE_REACH: Final = 40  # longer than any English cue with its spaces
_CUE_LONGEST: Final = 20  # no English cue is longer ("not to exceeding": 16)


@attrs.frozen
class _Language:
    """The words of a grammar that numbers read, compiled once per grammar."""

    #: The bound cues (``bounds.maximum``, ``bounds.minimum``,
    #: ``bounds.approximate``) as one alternation anchored at the end, a
    #: named group per bound; "~" is approximate in any language.
    cue: re.Pattern[str]
    #: The last word of every cue (lowercase), or None when a cue is a
    #: pattern whose phrases are unknown: then every number is searched.
    cue_ends: frozenset[str] | None
    #: How far before a number a cue may start, and how long one may be.
    cue_reach: int
    cue_longest: int
    #: "limit the army to 85,000": a maximum (``bounds.limits``,
    #: ``bounds.limit_to``).
    limit_to: re.Pattern[str]
    #: The words ``limit_to`` ends in, or None when they are patterns.
    limit_to_ends: tuple[str, ...] | None
    #: Words after a number that are not the noun it counts
    #: (``counted.not_nouns``).
    not_nouns: frozenset[str]
    #: Metric nouns after which a bare number is no count: "a range of
    #: 40" (``counted.uncounted``).
    uncounted: frozenset[str]
    #: Month names, exact: a number next to one is a date (``dates.months``).
    months: frozenset[str]
    #: Words before a number that make it a reference: "Article 5"
    #: (``numbers.references``).
    references: frozenset[str]
    #: Letters right after a number that make it an ordinal: "21st"
    #: (``numbers.ordinal_suffixes``).
    ordinal_suffixes: frozenset[str]
    #: Words after a number that make it a time: "9 am"
    #: (``numbers.time_words``).
    time_words: frozenset[str]
    #: What joins the two numbers of a swap: "500-*for*-500"
    #: (``swaps.links``).
    swap_links: frozenset[str]
    #: What joins the last option of a list of numbers: "30, 40 *or* 50
    #: years" (``numbers.alternatives``).
    alternatives: frozenset[str]
    #: Words before an option: "or *even* 50" (``numbers.option_hedges``).
    option_hedges: frozenset[str]


@functools.lru_cache(maxsize=16)
def _language(grammar: Grammar) -> _Language:
    # The leftmost match of the anchored alternation is the longest cue
    # ("no more than" rather than "more than"): no phrase is a cue of two
    # bounds, so the order of the categories does not matter.
    groups = "|".join(
        f"(?P<{name}>{'|'.join(grammar[f'bounds.{name}'].alternatives())})"
        for name in _CUE_CATEGORIES
    )
    cue = re.compile(rf"(?:\b(?:{groups})|(?P<tilde>~)){_CUE_TAIL}", re.IGNORECASE)
    phrases = [grammar[f"bounds.{name}"].phrases() for name in _CUE_CATEGORIES]
    ends: frozenset[str] | None = None
    # a cue pattern whose phrases are unknown: look further, and everywhere
    longest = reach = 4 * _CUE_REACH
    if all(found is not None for found in phrases):
        known = [phrase for found in phrases for phrase in found or ()]
        ends = frozenset(p.split()[-1].lower() for p in known if p.split())
        longest = max(_CUE_LONGEST, *(len(p) for p in known))
        reach = max(_CUE_REACH, 2 * longest)
    limit_to = grammar["bounds.limit_to"]
    return _Language(
        cue,
        ends,
        reach,
        longest,
        re.compile(
            rf"\b{grammar['bounds.limits'].regex()}\b[^.;!?]{{0,120}}"
            rf"\b{limit_to.regex()}\s*\Z",
            re.IGNORECASE,
        ),
        None if limit_to.patterns else tuple(limit_to.folded()),
        grammar["counted.not_nouns"].folded(),
        grammar["counted.uncounted"].folded(),
        frozenset(grammar["dates.months"].words),
        grammar["numbers.references"].folded(),
        grammar["numbers.ordinal_suffixes"].folded(),
        grammar["numbers.time_words"].folded(),
        grammar["swaps.links"].folded(),
        grammar["numbers.alternatives"].folded(),
        grammar["numbers.option_hedges"].folded(),
    )


# -- number parsing ---------------------------------------------------------


def _finite(
    make: type[Quantity],
    value: float | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str | None,
    bound: Bound,
) -> Quantity | None:
    """A `Quantity`, or None when a figure overflows ("9" * 400 is not a number)."""
    # one test a figure, not a generator: most figures pass
    for v in (value, low, high):
        if v is not None and not math.isfinite(v):
            return None
    return make(value, low=low, high=high, unit=unit, bound=bound)


class _Num(NamedTuple):
    """A parsed number: its value and tokens ``first`` to ``last`` inclusive.

    A tuple, like `_Tok`: several are made for each figure read.
    """

    value: float
    first: int
    last: int
    scaled: bool = False
    plain: bool = False
    fraction: bool = False
    low: float | None = None
    high: float | None = None
    #: "a quarter", "half a": a number only before a unit ("a quarter mile").
    needs_unit: bool = False


def _adjacent(toks: Sequence[_Tok], i: int) -> bool:
    """Whether token ``i`` touches token ``i - 1`` (no space between)."""
    return 0 < i < len(toks) and toks[i - 1].end == toks[i].start


def _digits(raw: str, *, scaled: bool) -> tuple[float, bool]:
    """The value of a digit token and whether it is a plain integer."""
    if raw.isdecimal():
        return float(raw), True
    if _SCIENTIFIC_MARK.search(raw):
        return _scientific(raw), False
    if "," in raw:
        return float(raw.replace(",", "")), False
    for space in _SPACES:
        if space in raw:
            return float("".join(ch for ch in raw if ch.isdigit())), False
    if raw.count(".") >= 2:
        return float(raw.replace(".", "")), False
    if "." in raw:
        whole, _, part = raw.partition(".")
        if len(part) == 3 and not scaled and whole != "0":
            return float(whole + part), False
        return float(raw), False
    return float(raw), True


_SCIENTIFIC_MARK: Final = re.compile(rf"[eE^\u00d7xX*\u00b7{_SUPERSCRIPTS}]")
_EXPONENT_SIGNS: Final = str.maketrans(
    {"\u2212": "-", "\u207b": "-", "\u207a": "+"}
    | {ch: str(n) for n, ch in enumerate(_SUPERSCRIPTS)}
)


def _scientific(raw: str) -> float:
    """The value of a number token with a `_SCIENTIFIC_TAIL`: "2.48e-5", "10^6"."""
    raw = raw.translate(_EXPONENT_SIGNS)
    if "e" in raw or "E" in raw:
        return float(raw)
    mantissa, times, power = "1", "", raw
    for times in "\u00d7xX*\u00b7":
        if times in raw:
            mantissa, _, power = raw.partition(times)
            break
    # "10^-5", "10-5", "10\u207b\u2075" (translated): the exponent follows "10";
    # float() of the e-notation gives inf, not an error, when it overflows
    exponent = power.strip(_SPACES)[2:].lstrip("^")
    return float(f"{mantissa.strip(_SPACES)}e{exponent}")


def _scale_after(toks: Sequence[_Tok], j: int) -> tuple[float, int] | None:
    """A scale suffix or word at ``j``: its factor and the last token used."""
    if j >= len(toks):
        return None
    tok = toks[j]
    if tok.kind != "word":
        return None
    if _adjacent(toks, j) and tok.text in _SUFFIXES:
        return _SUFFIXES[tok.text], j
    if not _adjacent(toks, j) and tok.low in _SCALES:
        factor, last = _SCALES[tok.low], j
        # "a thousand million": stacked scales multiply.
        while last + 1 < len(toks) and toks[last + 1].low in _SCALES:
            if _SCALES[toks[last + 1].low] <= factor:
                break
            last += 1
            factor *= _SCALES[toks[last].low]
        return factor, last
    return None


def _words(toks: Sequence[_Tok], i: int, stop: int | None = None) -> _Num | None:
    """Parse number words starting at token ``i`` ("a hundred and two").

    ``stop`` ends the reading before that token (the part after "and").
    """
    total = 0.0
    current = 0.0
    last = -1
    j = i
    previous = ""  # "small", "tens", "hundred", "scale"
    seen_scale = float("inf")
    any_word = False
    end = len(toks) if stop is None else min(stop, len(toks))
    while j < end:
        tok = toks[j]
        word = tok.low
        if tok.kind != "word" and not (tok.text == "-" and previous == "tens"):
            break
        if tok.text == "-":
            if (
                j + 1 < len(toks)
                and _adjacent(toks, j)
                and _adjacent(toks, j + 1)
                and toks[j + 1].low in _SMALL
                and 0 < _SMALL[toks[j + 1].low] < 10
            ):
                j += 1
                continue
            break
        if word in ("a", "an") and not any_word:
            if j + 1 < len(toks) and toks[j + 1].low in ("hundred", "dozen", *_SCALES):
                current = 1.0
                previous = "article"
                j += 1
                continue
            break
        if word in _SMALL:
            if previous in ("small", "article") or (
                previous == "tens" and (_SMALL[word] >= 10 or _SMALL[word] == 0)
            ):
                break
            current += _SMALL[word]
            previous = "small"
        elif word in _TENS:
            if previous in ("small", "tens", "article"):
                break
            current += _TENS[word]
            previous = "tens"
        elif word == "hundred":
            if previous == "hundred" or current >= 100:
                break
            current = (current or 1.0) * 100
            previous = "hundred"
        elif word == "dozen":
            if previous not in ("small", "article", "tens") or current >= 100:
                break
            current *= 12
            previous = "hundred"
        elif word in _SCALES:
            factor = _SCALES[word]
            if factor >= seen_scale:
                break
            total += (current or 1.0) * factor
            current = 0.0
            seen_scale = factor
            previous = "scale"
        elif (
            word == "and"
            and previous == "hundred"
            and j + 1 < len(toks)
            and (toks[j + 1].low in _SMALL or toks[j + 1].low in _TENS)
        ):
            # "two hundred and fifty thousand": the group goes on
            previous = "and"
            j += 1
            continue
        elif word == "and" and previous in ("hundred", "scale"):
            # "a hundred and two", "two thousand and nineteen": only a part
            # below 100 may follow, so "5,000 and 200" never merge.
            rest = _words(toks, j + 1, stop=j + 4)  # "ninety-nine" at most
            if rest is None or rest.value >= 100 or rest.scaled:
                break
            current += rest.value
            last = rest.last
            any_word = True
            break
        else:
            break
        any_word = True
        last = j
        j += 1
    if not any_word or last < i:
        return None
    return _Num(total + current, i, last, scaled=seen_scale != float("inf"))


class _Ratio(NamedTuple):
    """A fraction in words: "two thirds" is 2 over 3, its last token ``last``."""

    numerator: float
    denominator: int
    last: int
    spelled: bool  # the numerator is a number word ("two"), not "a"


def _ratio(toks: Sequence[_Tok], i: int) -> _Ratio | None:
    """The fraction in words at ``i``: "two thirds", "one-sixth", "a half", "half"."""
    word = toks[i].low
    if word in ("half", "quarter"):
        return _Ratio(1.0, _FRACTIONS[word], i, spelled=False)
    if word not in ("a", "an") and word not in _SMALL:
        return None
    j = i + 1
    if j < len(toks) and toks[j].text == "-" and _adjacent(toks, j):
        j += 1
    if j >= len(toks) or toks[j].low not in _FRACTIONS or toks[j].kind != "word":
        return None
    numerator = float(_SMALL.get(word, 1))
    # "one thirds" and "two third" are no fractions ("two third-country ...")
    if (numerator > 1) != toks[j].low.endswith("s") or numerator == 0:
        return None
    return _Ratio(numerator, _FRACTIONS[toks[j].low], j, word in _SMALL)


def _fraction(toks: Sequence[_Tok], i: int) -> _Num | None:
    """Parse "half of", "a quarter of", "two-thirds of", "half a million".

    A share ("of" after a proper fraction) is a `_Num` with ``fraction``
    set, in percent.  Without "of", a fraction spelled with a number word
    ("one sixth", "three halves") is a plain number; "a half", "a quarter",
    "half a" are one only before a unit (``needs_unit``); and "a third",
    "a fifth" not at all ("a third round").
    """
    ratio = _ratio(toks, i)
    if ratio is None:
        return None
    numerator, denominator, j, spelled = ratio
    value = numerator / denominator
    after = toks[j + 1].low if j + 1 < len(toks) else ""
    if j + 2 < len(toks) and after in ("a", "an"):
        scale = toks[j + 2].low
        if scale in _SCALES or scale in ("dozen", "hundred"):
            factor = _SCALES.get(scale, 12.0 if scale == "dozen" else 100.0)
            return _Num(value * factor, i, j + 2, scaled=True)
    if after == "of" and numerator < denominator:
        # "a quarter of a million" is a number; "a quarter of Ukraine" a share.
        if j + 3 < len(toks) and toks[j + 2].low in ("a", "an"):
            scale = toks[j + 3].low
            if scale in _SCALES:
                return _Num(value * _SCALES[scale], i, j + 3, scaled=True)
        return _Num(100 * value, i, j, fraction=True)
    if j + 1 < len(toks) and toks[j + 1].text in _HYPHENS and _adjacent(toks, j + 1):
        # "a one-third share"; "a half-mile" is a length
        glued_unit = toks[j].low in _NOT_ORDINALS and not spelled
        return _Num(value, i, j, needs_unit=True) if glued_unit else None
    if spelled:
        return _Num(value, i, j)
    if toks[j].low not in _NOT_ORDINALS:
        return None  # "a third round", "a fifth year"
    if toks[i].low == "half" and after in ("a", "an"):
        return _Num(value, i, j + 1, needs_unit=True)  # "half a mile"
    return _Num(value, i, j, needs_unit=True)  # "a quarter mile", "half mile"


def _mixed(toks: Sequence[_Tok], whole: _Num) -> _Num:
    """``whole`` with the fraction after it: "two and a half", "1 1/2"."""
    j = whole.last + 1
    if j >= len(toks) or (
        toks[j].kind != "num" and toks[j].low != "and" and toks[j].text not in _VULGAR
    ):
        return whole  # most numbers: nothing to add
    if whole.scaled or whole.low is not None or not float(whole.value).is_integer():
        return whole
    if j + 1 < len(toks) and toks[j].low == "and":
        ratio = _ratio(toks, j + 1)
        if ratio is None or ratio.numerator >= ratio.denominator:
            return whole
        if ratio.last + 1 < len(toks) and toks[ratio.last + 1].low == "of":
            return whole  # "5 and a third of the seats": two quantities
        part, last = ratio.numerator / ratio.denominator, ratio.last
    elif (
        j < len(toks)
        and toks[j].kind == "num"
        and toks[whole.last].kind == "num"
        and not _adjacent(toks, j)
        and _is_fraction(toks, j)
    ):
        share = _share(toks, j)
        if share is None:
            return whole
        part, last = share / 100, j + 2
    elif toks[j].text in _VULGAR:
        part, last = _VULGAR[toks[j].text], j  # "5\u00bd", "5 \u00bd"
    else:
        return whole
    value = whole.value + part
    scale = _scale_after(toks, last + 1)
    if scale is not None:  # "one and a half million"
        return _Num(value * scale[0], whole.first, scale[1], scaled=True)
    return _Num(value, whole.first, last)


def _date_after(toks: Sequence[_Tok], i: int) -> bool:
    """Whether the ``N/M`` at ``i`` goes on with "/Y": a date ("3/4/2022")."""
    return _is_fraction(toks, i + 2)


def _share(toks: Sequence[_Tok], i: int) -> float | None:
    """The percent that ``N/M`` at ``i`` is, or None for no fraction.

    A fraction has ``0 < N < M``: "24/7" (around the clock), "50/50" and
    "3/1" are none.  Neither is a date: "3/4/2022", or ``M`` from 11 to 31
    after ``N`` up to 12 ("9/11", "3/29"); "1/40" and "3/4" are fractions.
    """
    top_text, bottom_text = toks[i].text, toks[i + 2].text
    if _date_after(toks, i) or not bottom_text.isdecimal() or len(bottom_text) > 15:
        return None
    try:
        top = float(top_text.replace(",", ""))
    except ValueError:
        return None  # scientific notation: no fraction
    bottom = int(bottom_text)
    if not 0 < top < bottom or (10 < bottom <= 31 and top <= 12):
        return None
    return 100 * top / bottom


def _is_fraction(toks: Sequence[_Tok], i: int) -> bool:
    """Whether number token ``i`` starts ``N/M`` written without spaces."""
    return (
        i + 2 < len(toks)
        and toks[i + 1].text == "/"
        and _adjacent(toks, i + 1)
        and _adjacent(toks, i + 2)
        and toks[i + 2].kind == "num"
    )


def _number(toks: Sequence[_Tok], i: int) -> _Num | None:
    """Parse any number expression starting at token ``i``."""
    tok = toks[i]
    if tok.kind == "num":
        # fraction "1/2"
        if _is_fraction(toks, i):
            return None  # decided by the caller (fraction or date)
        scale = _scale_after(toks, i + 1)
        value, plain = _digits(tok.text, scaled=scale is not None)
        if scale is not None:
            factor, last = scale
            return _Num(value * factor, i, last, scaled=True)
        return _mixed(toks, _Num(value, i, i, plain=plain))
    vulgar = _VULGAR.get(tok.text)
    if vulgar is not None:  # a word token: Unicode counts "\u00bd" a letter
        if i + 1 < len(toks) and toks[i + 1].low == "of":
            return _Num(100 * vulgar, i, i, fraction=True)  # "\u2154 of the land"
        return _Num(vulgar, i, i)
    if tok.kind != "word":
        return None
    word = tok.low
    if word in _VAGUE and i + 2 < len(toks) and toks[i + 1].low == "of":
        inner = toks[i + 2].low.removesuffix("s")
        if inner in _SCALES or inner == "hundred":
            factor = _SCALES.get(inner, 100.0)
            base = _VAGUE[word] * factor
            return _Num(0.0, i, i + 2, scaled=True, low=base, high=base * 10 - factor)
    fraction = _fraction(toks, i)
    if fraction is not None:
        return fraction
    spelled = _words(toks, i)
    return None if spelled is None else _mixed(toks, spelled)


# -- units ------------------------------------------------------------------


_MEMO_SIZE: Final = 1 << 14


class _Units:
    """Unit lookups for one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.language = _language(lexicon.grammar)
        self.kept = {metric.unit for metric in lexicon.metrics}
        # The lexicon's own unit index, folded the same way: a name that is
        # no unit costs a dict lookup, not a search for close names.
        self.by_key: dict[str, Unit] = {}
        for unit in lexicon.units:
            for name in unit.names:
                self.by_key.setdefault(name_key(name), lexicon.unit(name))
        # Names looked up before, folded or not: the same few words come
        # after numbers again and again.
        self.memo: dict[str, Unit | None] = {}
        #: `_unit_at` by the texts it reads (see there).
        self.at: dict[tuple[str, ...], tuple[Unit, int] | None] = {}
        self.counted: set[str] = set()
        for metric in lexicon.metrics:
            self.counted.update(noun.lower() for noun in metric.nouns)
        for unit in lexicon.units:
            if self._reference(unit) in ("personnel", "units"):
                self.counted.update(name.lower() for name in unit.names)
        self.counted -= self.language.uncounted

    def _reference(self, unit: Unit) -> str:
        return unit.reference

    def find(self, name: str) -> Unit | None:
        """``lexicon.unit(name)``, or None: without its suggestions for typos."""
        try:
            return self.memo[name]
        except KeyError:
            pass
        if len(self.memo) >= _MEMO_SIZE:
            self.memo.clear()
        unit = self.memo[name] = self.by_key.get(name_key(name))
        return unit

    def normal(self, unit: Unit) -> str:
        if unit.id in self.kept or unit.base is None:
            return unit.id
        return unit.reference

    def counts(self, unit: Unit) -> bool:
        return unit.reference in ("personnel", "units")


def _unit_after(
    toks: Sequence[_Tok], j: int, units: _Units
) -> tuple[Unit, int, bool] | None:
    """A unit written at token ``j``: the unit, its last token, hyphenated?"""
    hyphen = False
    if j < len(toks) and toks[j].text in _HYPHENS and toks[j].text:
        if not (_adjacent(toks, j) and _adjacent(toks, j + 1)):
            return None
        hyphen = True
        j += 1
    if j >= len(toks):
        return None
    first = toks[j]
    if first.kind == "num" or first.text in ".,;:!?()[]\"'":
        return None
    if first.text == "%":
        unit = units.find("%")
        return None if unit is None else (unit, j, hyphen)
    # What follows depends only on the texts of the next three tokens,
    # numbers aside (a name with a number in it is never tried), and the
    # same few words follow numbers again and again: look them up once.
    key = tuple("" if t.kind == "num" else t.text for t in toks[j : j + 3])
    try:
        found = units.at[key]
    except KeyError:
        if len(units.at) >= _MEMO_SIZE:
            units.at.clear()
        found = units.at[key] = _unit_at(key, units)
    if found is None:
        return None
    return found[0], j + found[1] - 1, hyphen


def _unit_at(texts: tuple[str, ...], units: _Units) -> tuple[Unit, int] | None:
    """The longest unit named by the first of ``texts``, and how many it takes.

    ``texts`` are the texts of up to three tokens, "" for a number (no
    token is empty).
    """
    for size in (3, 2, 1):
        if size > len(texts):
            continue
        names = texts[:size]
        if "" in names:
            continue
        name = " ".join(names)
        if size > 1 and names[1] == ".":
            name = "".join(names)
        unit = units.find(name)
        if unit is not None and (len(name) > 1 or name in "%$€£"):
            return unit, size
    return None


def _noun(toks: Sequence[_Tok], j: int, units: _Units) -> str | None:
    """The word counted by a number whose expression ends before ``j``."""
    if j < len(toks) and toks[j].text == "-" and _adjacent(toks, j):
        j += 1
    words = []
    for k in range(j, min(j + 3, len(toks))):
        if toks[k].kind != "word":
            break
        words.append(toks[k].low)
    if not words or words[0] in units.language.not_nouns:
        return None
    for word in words:
        if word in units.counted:
            return word
    if len(words) > 1 and words[0].endswith(("ian", "al", "ed", "ary", "ive")):
        return words[1]  # "2,975 civilian casualties"
    return words[0]


# -- the scanner ------------------------------------------------------------


def _is_year(value: float, raw: _Num, toks: Sequence[_Tok]) -> bool:
    tok = toks[raw.first]
    return (
        raw.plain and len(tok.text) == 4 and 1900 <= value <= 2100 and tok.kind == "num"
    )


def _month_year(toks: Sequence[_Tok], i: int, language: _Language) -> bool:
    """Whether the number ``i`` is the year of a date: "March 2022", "29 May 2022"."""
    tok = toks[i]
    if not (len(tok.text) == 4 and tok.text.isdecimal()):
        return False
    if not 1900 <= int(tok.text) <= 2100:
        return False
    before = toks[i - 1].text if i > 0 else ""
    after = toks[i + 1].text if i + 1 < len(toks) else ""
    return before in language.months or after in language.months


_DECADE_ENDS: Final = frozenset({"s", "'", "\u2019"})  # "1990s", "1990's"


def _decade(toks: Sequence[_Tok], i: int) -> tuple[int, int, float] | None:
    """A decade at number ``i``: its first and last token and its first year.

    "1990s", "1990's" and "'90s" (1930s to 1990s; "'20s" is either century)
    are decades; "the 90s" may be an age and is not one.
    """
    digits = toks[i].text
    j = i + 1
    if j < len(toks) and toks[j].text in ("'", "\u2019") and _adjacent(toks, j):
        j += 1
    if not (j < len(toks) and toks[j].text == "s" and _adjacent(toks, j)):
        return None
    if not (digits.isdecimal() and digits.endswith("0")):
        return None
    if len(digits) == 4 and 1900 <= int(digits) <= 2090:
        return i, j, float(digits)
    if (
        len(digits) == 2
        and digits >= "30"
        and i > 0
        and toks[i - 1].text in ("'", "\u2019")
        and _adjacent(toks, i)
    ):
        return i - 1, j, 1900.0 + int(digits)
    return None


def _is_date8(raw: _Num, toks: Sequence[_Tok]) -> bool:
    text = toks[raw.first].text
    if not (raw.plain and len(text) == 8):
        return False
    try:
        day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2100


def _swap_side(toks: Sequence[_Tok], i: int, language: _Language) -> bool:
    """Whether the number ``i`` is the second side of a hyphenated swap.

    "a 500-for-500 exchange": a swap link (``swaps.links``) glued by
    hyphens between two numbers, unlike "F-16".
    """
    return (
        i > 3
        and toks[i - 2].low in language.swap_links
        and toks[i - 3].text in _HYPHENS
        and _adjacent(toks, i - 2)
        and toks[i - 4].kind == "num"
        and _adjacent(toks, i - 3)
    )


def _skip(toks: Sequence[_Tok], i: int, language: _Language) -> bool:
    """Whether the number token ``i`` is an identifier, ordinal, time or date."""
    tok = toks[i]
    before = toks[i - 1] if i > 0 else None
    after = toks[i + 1] if i + 1 < len(toks) else None
    if before is not None and _adjacent(toks, i) and before.kind == "word":
        return before.text not in _SUFFIXES or not (
            i > 1 and toks[i - 2].text in "$€£"
        )  # "G7" (but "US$50" is fine)
    if (
        before is not None
        and before.text in _HYPHENS
        and _adjacent(toks, i)
        and i > 1
        and _adjacent(toks, i - 1)
        and toks[i - 2].kind == "word"
        and not _swap_side(toks, i, language)
    ):
        return True  # "F-16", "Su-35"
    if after is not None and _adjacent(toks, i + 1):
        if after.kind == "word" and after.low in language.ordinal_suffixes:
            return True
        if after.text == ":" and i + 2 < len(toks) and toks[i + 2].kind == "num":
            return _adjacent(toks, i + 2)
    if (
        before is not None
        and before.text in ":/"
        and _adjacent(toks, i)
        and i > 1
        and toks[i - 2].kind == "num"
        and _adjacent(toks, i - 1)
    ):
        return True
    references = language.references
    if before is not None and (before.text == "#" or before.low in references):
        return True
    if (
        before is not None
        and before.text == "."
        and i > 1
        and toks[i - 2].low in references
    ):
        return True
    if before is not None and before.text in language.months:
        return True
    if (
        after is not None
        and after.text in language.months
        and _digits(tok.text, scaled=False)[0] <= 31  # "85 000" is not a day
    ):
        return "," not in tok.text
    return bool(after is not None and after.low in language.time_words)


def _currency_before(toks: Sequence[_Tok], i: int) -> tuple[str, int] | None:
    """A currency written before token ``i``: its id and first token."""
    if i == 0:
        return None
    tok = toks[i - 1]
    if tok.low in _CURRENCY_BEFORE:
        first = i - 1
        if tok.text == "$" and i > 1 and toks[i - 2].text in ("US", "U.S.", "A", "C"):
            if _adjacent(toks, i - 1) and toks[i - 2].text == "US":
                first = i - 2
            elif toks[i - 2].text != "US":
                return None
        return _CURRENCY_BEFORE[tok.low], first
    return None


def _bound(text: str, start: int, language: _Language) -> tuple[Bound, int]:
    """The bound cue just before ``start``, and where the cue begins."""
    # Cues are short: look at the last few words only.  The leftmost match
    # of the one anchored alternation is the longest cue ("no more than"
    # rather than "more than").
    near = text[max(0, start - language.cue_reach) : start]
    tail = near.rstrip()
    words = tail.rsplit(None, 1)
    # Most numbers have no cue: a set lookup spares them the regex.
    ends = language.cue_ends
    cued = tail.endswith("~") or (
        bool(words) and (ends is None or words[-1].lower() in ends)
    )
    match = None
    if cued:
        # A cue ends where only spaces and "~" follow, so it starts at most
        # its length before that: the search need not try further left.
        core = tail
        while core.endswith("~"):
            core = core[:-1].rstrip()
        match = language.cue.search(near, max(0, len(core) - language.cue_longest))
    if match is not None and match.lastgroup is not None:
        bound = _CUE_CATEGORIES.get(match.lastgroup, Bound.APPROX)  # or "~"
        return bound, start - (len(near) - match.start())
    window = text[max(0, start - 160) : start]
    limit_ends = language.limit_to_ends
    if (
        limit_ends is None or window.rstrip().lower().endswith(limit_ends)
    ) and language.limit_to.search(window):
        return Bound.MAX, start
    return Bound.EXACT, start


class _Piece(NamedTuple):
    """A number with its currency and unit (`_piece`)."""

    num: _Num
    first: int
    last: int
    unit: str | None
    unit_counts: bool
    convert_from: str | None


def _piece(
    toks: Sequence[_Tok], i: int, units: _Units, *, negatives: bool = True
) -> _Piece | None:
    """A number at ``i`` with its currency and unit (and sign, if ``negatives``)."""
    num = _number(toks, i)
    if num is None:
        return None
    unit_id: str | None = None
    convert: str | None = None
    counts = False
    last = num.last
    first = i
    # "$-99.99": the minus between the currency and the number
    # most numbers have no sign: one set lookup spares them the rest
    inner_minus = (
        negatives
        and i > 1
        and toks[i - 1].text in _MINUS_SIGNS
        and _minus(toks, i - 1, after_currency=True)
        and toks[i - 2].text in "$€£"
    )
    currency = _currency_before(toks, i - 1 if inner_minus else i)
    negative = inner_minus and currency is not None
    if currency is not None:
        unit_id, first = currency
    if (
        negatives
        and not negative
        and first > 0
        and toks[first - 1].text in _MINUS_SIGNS
        and _minus(toks, first - 1)
    ):
        negative, first = True, first - 1  # "-15€", "-$5", "(-5 km)"
    found = _unit_after(toks, num.last + 1, units)
    if (
        found is None
        and num.scaled
        and num.last + 2 < len(toks)
        and toks[num.last + 1].low == "of"
    ):
        maybe = _unit_after(toks, num.last + 2, units)
        if maybe is not None and maybe[0].reference in _CURRENCIES:
            found = maybe
    if num.fraction:
        unit_id, found = "percent", None
    if num.needs_unit and (found is None or units.counts(found[0])):
        return None  # "a quarter" alone, "half a soldier"
    if found is not None and unit_id is None:
        unit, end, _ = found
        if units.counts(unit):
            counts = True
        else:
            unit_id = units.normal(unit)
            if unit_id != unit.id:
                convert = unit.id
            last = end
    if (
        negatives
        and not negative
        and unit_id in _CURRENCIES
        and _in_brackets(toks, first, last)
    ):
        negative, first, last = True, first - 1, last + 1  # "($99.99)"
    if negative and num.low is None and not num.fraction:
        num = num._replace(value=-num.value)
    return _Piece(num, first, last, unit_id, counts, convert)


_CURRENCIES: Final = ("USD", "EUR", "GBP")


def _minus(toks: Sequence[_Tok], k: int, *, after_currency: bool = False) -> bool:
    """Whether token ``k`` is a minus sign of the number right after it.

    "-" and "\u2212" glued to the number and not to a word or number before
    it: "-15", "(-5)", "$-99.99" (``after_currency``), but not "20-30",
    "F-16" or "Minsk-2".  A dash (\u2013, \u2014) is never a minus.
    """
    tok = toks[k]
    if (tok.text != "-" and tok.text != _MINUS) or not _adjacent(toks, k + 1):
        return False
    if k == 0 or not _adjacent(toks, k):
        return not after_currency
    return after_currency or toks[k - 1].text in ("(", "[")


def _in_brackets(toks: Sequence[_Tok], first: int, last: int) -> bool:
    """Whether tokens ``first`` to ``last`` are an accounting negative: "($5m)".

    The brackets hug the amount, and it is no conversion of an amount just
    before it ("90 billion euros ($106 billion)", "€3bn (£2.6bn)").
    """
    if not (
        first > 0
        and last + 1 < len(toks)
        and toks[first - 1].text == "("
        and toks[last + 1].text == ")"
        and _adjacent(toks, first)
        and _adjacent(toks, last + 1)
    ):
        return False
    for k in range(first - 2, max(-1, first - 6), -1):
        if toks[k].kind == "num":
            return False
        if toks[k].text in ".,;:!?":
            break
    return True


_RANGE_DASH = {"-", "\u2013", "\u2014", "\u2011"}
_MAX_OPTIONS: Final = 8  # options a list of numbers may have


def _option_unit(
    toks: Sequence[_Tok], piece: _Piece, units: _Units, *, negatives: bool = True
) -> _Piece | None:
    """The last option of a list that a bare number opens, when it has a unit.

    "30, 40, or even 50 years", "two or three days", "10, 20 or 30 km":
    commas and, before the last option, an alternative word
    (``numbers.alternatives``) join bare numbers up to one with a unit,
    which the bare numbers share.  A count ("30 or 40 tanks") is left to
    the extractor, like any count.
    """
    language = units.language
    j = piece.last + 1
    joined = False
    for _ in range(_MAX_OPTIONS):
        k = j
        if k < len(toks) and toks[k].text == ",":
            k += 1
        if k < len(toks) and toks[k].low in language.alternatives:
            joined = True
            k += 1
        while k < len(toks) and toks[k].low in language.option_hedges:
            k += 1
        if k == j or k >= len(toks) or toks[k].kind == "other":
            return None
        option = _piece(toks, k, units, negatives=negatives)
        if option is None or option.num.low is not None or option.unit_counts:
            return None
        if option.unit is not None:
            return option if joined and option.unit != "percent" else None
        if joined:
            return None  # "or" joins the last option only
        j = option.last + 1
    return None


def _range_end(
    toks: Sequence[_Tok],
    piece: _Piece,
    text: str,
    units: _Units,
    *,
    negatives: bool = True,
) -> _Piece | None:
    """The upper end of a range beginning with ``piece``, if one follows."""
    j = piece.last + 1
    if j + 1 >= len(toks):
        return None
    sep = toks[j]
    start_tok = toks[piece.first]
    prev = toks[piece.first - 1].low if piece.first > 0 else ""
    if not (
        sep.text in _RANGE_DASH
        or sep.low == "to"
        or (sep.low == "and" and prev == "between")
    ):
        return None
    del start_tok, text
    k = j + 1
    if sep.text in _RANGE_DASH and k + 1 < len(toks) and toks[k].low == "to":
        k += 1  # "two- to three-day": the hyphen waits for the unit
    if toks[k].text in "$€£" and k + 1 < len(toks):
        k += 1
    if (
        toks[k].kind == "word"
        and toks[k].low not in _SMALL
        and toks[k].low not in _TENS
    ):
        return None
    skip = toks[k].kind == "num" and _skip(toks, k, units.language)
    if skip and sep.text not in _RANGE_DASH:
        return None
    return _piece(toks, k, units, negatives=negatives)


def _scaled(num: _Num, factor_from: _Num, toks: Sequence[_Tok]) -> float:
    """Apply the second number's scale to an unscaled first ("1-2 million")."""
    if num.scaled or not factor_from.scaled or factor_from.low is not None:
        return num.value
    raw, _ = _digits(toks[factor_from.first].text, scaled=True)
    if toks[factor_from.first].kind != "num" or raw == 0:
        return num.value
    return num.value * (factor_from.value / raw)


# Every quantity starts at a digit or at one of these words (a number word,
# a scale, a fraction, a vague multiple): "a" and "an" start one only before
# a scale or a fraction word, which is in the set.  The scanner compares
# its word tokens (runs of letters) lowercased.
_START_WORDS: Final = frozenset(
    {*_SMALL, *_TENS, *_SCALES, *_FRACTIONS, *_VAGUE, "hundred", "dozen"}
)
# The text's UTF-8 bytes in one pass: ASCII digits to "0", ASCII letters to
# lower case, everything else (non-ASCII bytes too) to spaces.  A token the
# scanner lowers into a number word is ASCII letters between non-letters,
# so it is a word of the result: bytes.translate and split run at a few
# nanoseconds a character, far faster than a regular expression.
_BYTE_FOLD: Final = bytes(
    48 if 48 <= b <= 57 else b | 0x20 if chr(b).isalpha() and b < 128 else 32
    for b in range(256)
)
_START_BYTES: Final = frozenset(word.encode() for word in _START_WORDS)
_DIGIT: Final = re.compile(rf"[\d{_VULGAR_CHARS}]")


def may_hold_quantities(text: str) -> bool:
    """Whether ``text`` may hold a quantity: a cheap test before `find_quantities`.

    False means `find_quantities` finds nothing in ``text``: it has no digit,
    no fraction character ("\u00bd") and no number, scale or fraction word.
    True means it may find something.  A reader of many sentences can skip
    those without figures at a few nanoseconds a character.

    Example:
        >>> may_hold_quantities("Kyiv rejected the terms."), may_hold_quantities(
        ...     "a third of the troops")
        (False, True)
    """
    folded = text.encode("utf-8", "surrogatepass").translate(_BYTE_FOLD)
    if b"0" in folded:
        return True
    if not text.isascii() and _DIGIT.search(text):
        return True  # another script's digits, or a fraction such as "\u00bd"
    return not _START_BYTES.isdisjoint(folded.split())


#: The unit tables of the lexicons used last, by id (the entry keeps the
#: lexicon alive, so an id is never reused while it is here).
_UNITS_CACHE: dict[int, _Units] = {}
_UNITS_CACHE_SIZE: Final = 8


def _units_for(lexicon: Lexicon) -> _Units:
    units = _UNITS_CACHE.get(id(lexicon))
    if units is None or units.lexicon is not lexicon:
        if len(_UNITS_CACHE) >= _UNITS_CACHE_SIZE:
            _UNITS_CACHE.clear()
        units = _UNITS_CACHE[id(lexicon)] = _Units(lexicon)
    return units


def find_quantities(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    years: bool = False,
    negatives: bool = True,
) -> list[Found]:
    """Every quantity in ``text``, in order and without overlaps.

    Args:
        text: Any text.
        lexicon: Where units come from; `Lexicon.default` if None.
        years: Also return years ("in 2022", "March 2022", "2017-2021") and
            decades ("the 1990s", "'60s", as the range 1990 to 1999), as
            quantities of kind `QuantityKind.YEAR` with no unit: every
            number of the text.  Off by default: they are no amounts, and
            the extractors never ask for them.
        negatives: Read a minus sign ("-15€", "$-99.99", "\u22123.5 km") and an
            accounting negative (a currency amount in brackets, "($99.99)",
            unless it converts the amount just before it).  False reads
            these amounts without their sign, as the demand extractor does:
            in news, "-85,000" is a list's dash and a bracketed amount an
            aside.

    Returns:
        One `Found` per number, range or fraction (see the module docstring
        for what counts and what is skipped).  It never raises on any text.

    Example:
        >>> for f in find_quantities("up to 10,000 troops for 20 years, "
        ...                          "a zone 20 miles wide, 200,000-250,000 men"):
        ...     q = f.quantity
        ...     print(repr(f.text), q.value, q.low, q.high, q.unit, q.bound.value)
        'up to 10,000' 10000.0 None None None max
        '20 years' 20.0 None None years exact
        '20 miles' 32.18688 None None km exact
        '200,000-250,000' None 200000.0 250000.0 None exact
        >>> [f.text for f in find_quantities("in 2022, on March 29, Article 5")]
        []

        Fractions, mixed numbers, negatives and scientific notation:

        >>> for f in find_quantities("two thirds of it, three halves, two and a "
        ...                          "half miles, 1/40, ($99.99), 2.48\u00d710\u22125"):
        ...     print(repr(f.text), round(f.quantity.value, 7), f.quantity.unit)
        'two thirds' 66.6666667 percent
        'three halves' 1.5 None
        'two and a half miles' 4.02336 km
        '1/40' 2.5 percent
        '($99.99)' -99.99 USD
        '2.48\u00d710\u22125' 2.48e-05 None

        Every number, years too:

        >>> [(f.text, f.kind.value) for f in find_quantities(
        ...     "40 km in 2022, not in the 1990s", years=True)]
        [('40 km', 'amount'), ('2022', 'year'), ('1990s', 'year')]
        >>> [f.quantity.value for f in find_quantities("-15 km", negatives=False)]
        [15.0]
    """
    if not may_hold_quantities(text):
        return []
    units = _units_for(lexicon if lexicon is not None else Lexicon.default())
    toks = _tokens(text)
    found: list[Found] = []
    next_i = 0
    floor = 0  # first token not yet used
    # `_try` finds nothing at any other token: skip them.
    for i in _starts(toks):
        if i < next_i:
            continue
        result = _try(text, toks, i, units, floor, years=years, negatives=negatives)
        if result is None:
            continue
        item, next_i = result
        found.append(item)
        floor = next_i
    return found


# Words `_try` starts a quantity at, and the words after "a" or "an" that
# let one start there (a scale, a fraction, "hundred", "dozen").
_TRY_WORDS: Final = frozenset({*_SMALL, *_TENS, "a", "an", "half", "quarter", *_VAGUE})
_AFTER_A: Final = frozenset({*_FRACTIONS, *_SCALES, "hundred", "dozen", "-"})


def _starts(toks: Sequence[_Tok]) -> list[int]:
    """The tokens where `_try` may find a quantity, in order.

    Numbers and the words of `_TRY_WORDS`; "a" or "an" only before a word
    of `_AFTER_A` (otherwise `_fraction` and `_words` both give up at once).
    """
    last = len(toks) - 1
    return [
        i
        for i, tok in enumerate(toks)
        if tok.kind == "num"
        or tok.text in _VULGAR
        or (
            tok.low in _TRY_WORDS
            and tok.kind == "word"
            and (
                (tok.low != "a" and tok.low != "an")
                or (i < last and toks[i + 1].low in _AFTER_A)
            )
        )
    ]


def _try(
    text: str,
    toks: Sequence[_Tok],
    i: int,
    units: _Units,
    floor: int,
    *,
    years: bool = False,
    negatives: bool = True,
) -> tuple[Found, int] | None:
    tok = toks[i]
    if tok.kind == "num":
        if _skip(toks, i, units.language):
            if years and _month_year(toks, i, units.language):  # "March 2022"
                return _make(
                    text,
                    toks,
                    i,
                    i,
                    Quantity(float(tok.text)),
                    None,
                    floor,
                    kind=QuantityKind.YEAR,
                )
            return None
        decade = None
        if i + 1 < len(toks) and toks[i + 1].text in _DECADE_ENDS:
            decade = _decade(toks, i)
        if decade is not None:
            if not years:
                return None  # skipped, like years
            decade_first, decade_last, low = decade
            quantity = Quantity(low=low, high=low + 9)
            return _make(
                text,
                toks,
                decade_first,
                decade_last,
                quantity,
                None,
                floor,
                kind=QuantityKind.YEAR,
            )
        if _is_fraction(toks, i):
            share = _share(toks, i)
            if share is None:
                return None  # a date, a score or a reference: skip both
            quantity = Quantity(share, unit="percent")  # 0 < share < 100
            return _make(text, toks, i, i + 2, quantity, None, floor)
    elif tok.text in _VULGAR:
        if i > 0 and _adjacent(toks, i) and toks[i - 1].kind != "other":
            return None  # "5\u00bd" is read from its 5
    elif tok.kind == "word":
        if (
            tok.low not in _SMALL
            and tok.low not in _TENS
            and tok.low
            not in (
                "a",
                "an",
                "half",
                "quarter",
                *_VAGUE,
            )
        ):
            return None
        if i > 0 and _adjacent(toks, i) and toks[i - 1].text == "-":
            return None  # the tail of "twenty-five" after a rejection
    elif tok.text in "$€£" and tok.text:
        return None
    else:
        return None
    piece = _piece(toks, i, units, negatives=negatives)
    if piece is None or piece.first < floor:
        return None
    num = piece.num
    first_tok = toks[piece.first]
    # a lone "one" is a pronoun unless a unit follows ("one year")
    if (
        tok.kind == "word"
        and num.low is None
        and not num.fraction
        and num.value == 1
        and num.first == num.last
        and piece.unit is None
        and _noun(toks, piece.last + 1, units) not in units.counted
    ):
        return None
    upper = _range_end(toks, piece, text, units, negatives=negatives)
    if upper is not None and upper.num.low is None and num.low is None:
        low = _scaled(num, upper.num, toks)
        high = upper.num.value
        unit = upper.unit or piece.unit
        convert = upper.convert_from
        if piece.unit in (None, unit) and low < high:
            if convert is not None and unit is not None:
                low = units.lexicon.convert(low, convert, unit)
                high = units.lexicon.convert(high, convert, unit)
            bound, cue_at = _bound(text, first_tok.start, units.language)
            cue: int | None = cue_at
            ranged = _finite(Quantity, low=low, high=high, unit=unit, bound=bound)
            if ranged is None:
                return None
            noun = _noun(toks, upper.last + 1, units)
            kind = QuantityKind.AMOUNT
            if (
                unit is None
                and bound is Bound.EXACT
                and noun not in units.counted
                and _is_year(num.value, num, toks)
                and _is_year(upper.num.value, upper.num, toks)
            ):
                if not years:
                    return None  # "2022-2023": years, skipped
                kind = QuantityKind.YEAR
            start = piece.first
            if piece.first > 0 and toks[piece.first - 1].low == "between":
                start = piece.first - 1
                cue = None  # the cue before "between" is not known yet
            return _make(
                text,
                toks,
                start,
                upper.last,
                ranged,
                noun,
                floor,
                bound,
                units.language,
                cue,
                kind=kind,
            )
    cued: tuple[Bound, int] | None = None
    if _is_year(num.value, num, toks) or _is_date8(num, toks):
        cued = _bound(text, first_tok.start, units.language)
        has_cue = cued[0] is not Bound.EXACT
        noun = _noun(toks, piece.last + 1, units)
        if piece.unit is None and not has_cue and noun not in units.counted:
            if not years or not _is_year(num.value, num, toks):
                return None
            year = Quantity(num.value)
            return _make(text, toks, i, i, year, None, floor, kind=QuantityKind.YEAR)
    value = num.value
    unit = piece.unit
    convert = piece.convert_from
    if unit is None and not piece.unit_counts and num.low is None:
        last = _option_unit(toks, piece, units, negatives=negatives)
        if last is not None:  # "30, 40 or 50 years": the unit of the last
            unit, convert = last.unit, last.convert_from
    if convert is not None and unit is not None:
        value = units.lexicon.convert(value, convert, unit)
    if num.low is not None and num.high is not None:
        approx = _finite(
            Quantity, low=num.low, high=num.high, unit=unit, bound=Bound.APPROX
        )
        if approx is None:
            return None
        noun = _noun(toks, piece.last + 1, units)
        return _make(text, toks, piece.first, piece.last, approx, noun, floor)
    if cued is None:  # else the year test above read the same cue
        cued = _bound(text, first_tok.start, units.language)
    bound, cue_at = cued
    single = _finite(Quantity, value, unit=unit, bound=bound)
    if single is None:
        return None
    noun = None if num.fraction else _noun(toks, piece.last + 1, units)
    return _make(
        text,
        toks,
        piece.first,
        piece.last,
        single,
        noun,
        floor,
        bound,
        units.language,
        cue_at,
    )


def _make(
    text: str,
    toks: Sequence[_Tok],
    first: int,
    last: int,
    quantity: Quantity,
    noun: str | None,
    floor: int,
    bound: Bound = Bound.EXACT,
    language: _Language | None = None,
    cue_start: int | None = None,
    *,
    kind: QuantityKind = QuantityKind.AMOUNT,
) -> tuple[Found, int]:
    start = toks[first].start
    if bound is not Bound.EXACT and language is not None:
        # `_try` may have read the cue before ``start`` already
        cue = _bound(text, start, language)[1] if cue_start is None else cue_start
        # never reach back over an earlier quantity
        if floor > 0 and cue < toks[floor - 1].end:
            cue = start
        start = min(start, cue)
    end = toks[last].end
    return Found(quantity, start, end, text[start:end], noun, kind=kind), last + 1
