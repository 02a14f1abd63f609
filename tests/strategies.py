"""Hypothesis strategies for every peacetalks model type.

Text is drawn to exercise the hard cases of every wire format: any Unicode
character except surrogates, newlines and lone carriage returns, quotes,
commas, NUL, the byte-order mark, line separators, combining marks and the
empty string.  Floats are finite and include ``-0.0``, subnormals and huge
magnitudes.  ``extra`` metadata is JSON data nested in lists and dicts.
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from hypothesis import strategies as st

from peacetalks import (
    Act,
    Article,
    Bound,
    Corpus,
    Demand,
    Evidence,
    Finding,
    Modality,
    Position,
    Precision,
    Producer,
    Published,
    Quantity,
    Stance,
)

__all__ = [
    "FEW_DATES",
    "HARD_TEXTS",
    "articles",
    "articles_with_evidence",
    "corpora",
    "demands",
    "evidence",
    "findings",
    "finite_floats",
    "json_values",
    "names",
    "optional_texts",
    "positions",
    "producers",
    "published",
    "quantities",
    "spell",
    "texts",
    "written_numbers",
]

#: Pieces of text that break naive writers and readers.
HARD_TEXTS = (
    "\n",
    "\r",
    "\r\n",
    '"',
    "'",
    ",",
    ";",
    "\t",
    "\\",
    "\x00",
    "\x1f",
    "\x85",
    "\u2028",
    "\ufeff",
    "e\u0301",
    "é",
    "😀",
    " ",
    '""',
    "{}",
    "null",
)

_characters = st.characters(exclude_categories=["Cs"])
_alphabet = _characters | st.sampled_from(sorted({c for t in HARD_TEXTS for c in t}))


def _join(before: str, middle: str, after: str) -> str:
    return before + middle + after


def texts(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Any text without surrogates, often holding one of the hard cases."""
    half = st.text(_alphabet, max_size=max_size // 2)
    return st.builds(_join, half, st.sampled_from(("", *HARD_TEXTS)), half)


def names() -> st.SearchStrategy[str]:
    """Text with at least one non-whitespace character (a required name)."""
    visible = _characters.filter(lambda c: not c.isspace())
    return st.builds(_join, texts(max_size=4), visible, texts(max_size=4))


def optional_texts() -> st.SearchStrategy[str | None]:
    """``None`` or any text, the empty string included."""
    return st.none() | texts()


def finite_floats() -> st.SearchStrategy[float]:
    """Any finite float: ``-0.0``, subnormals and huge values included."""
    return st.floats(allow_nan=False, allow_infinity=False)


def json_values() -> st.SearchStrategy[Any]:
    """JSON data: scalars nested in lists and string-keyed dicts."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**64), max_value=2**64),
        finite_floats(),
        texts(),
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(texts(max_size=4), children, max_size=3)
        ),
        max_leaves=6,
    )


@st.composite
def _published(draw: st.DrawFn) -> Published:
    precision = draw(st.sampled_from(Precision))
    raw = draw(optional_texts())
    if precision is Precision.UNKNOWN:
        return Published(raw, None, precision)
    day = draw(st.dates())
    if precision is Precision.MONTH:
        day = day.replace(day=1)
    elif precision is Precision.YEAR:
        day = day.replace(month=1, day=1)
    return Published(raw, day, precision)


def published() -> st.SearchStrategy[Published]:
    """A valid :class:`Published` of any precision, or an unknown date."""
    return _published()


def producers() -> st.SearchStrategy[Producer]:
    """Any :class:`Producer`."""
    return st.builds(Producer, names(), optional_texts())


@st.composite
def _quantities(draw: st.DrawFn) -> Quantity:
    slots = draw(
        st.lists(st.none() | finite_floats(), min_size=3, max_size=3).filter(
            lambda values: any(v is not None for v in values)
        )
    )
    # Put the known numbers in order so that low <= value <= high holds.
    known = iter(sorted(v for v in slots if v is not None))
    low, value, high = (None if v is None else next(known) for v in slots)
    return Quantity(
        value,
        low=low,
        high=high,
        unit=draw(optional_texts()),
        bound=draw(st.sampled_from(Bound)),
    )


def quantities() -> st.SearchStrategy[Quantity]:
    """A valid :class:`Quantity`: a point, a range, or both."""
    return _quantities()


def _article(id_: str | None, **fields: Any) -> Article:
    return Article(**fields) if id_ is None else Article(id=id_, **fields)


def articles(
    *, published: st.SearchStrategy[Published] | None = None
) -> st.SearchStrategy[Article]:
    """Any :class:`Article`, its id either derived or given.

    Args:
        published: Draw publication dates from here instead (e.g. a small
            pool, to get ties when sorting).
    """
    dates = _published() if published is None else published
    return st.builds(
        _article,
        st.none() | names(),
        title=texts(),
        text=texts(max_size=40),
        url=optional_texts(),
        outlet=optional_texts(),
        authors=st.lists(texts(max_size=6), max_size=3),
        published=dates,
        language=optional_texts(),
        path=optional_texts(),
        extra=st.dictionaries(texts(max_size=6), json_values(), max_size=3),
    )


@st.composite
def articles_with_evidence(
    draw: st.DrawFn, *, full: bool = False
) -> tuple[Article, Evidence]:
    """An article and an :class:`Evidence` quoting a span of its text.

    Args:
        full: Draw every field of the article; by default only what evidence
            depends on (title, text and id) varies, which is much faster.
    """
    if full:
        article = draw(articles())
    else:
        article = draw(
            st.builds(
                _article, st.none() | names(), title=texts(), text=texts(max_size=40)
            )
        )
    start = draw(st.integers(min_value=0, max_value=len(article.text)))
    end = draw(st.integers(min_value=start, max_value=len(article.text)))
    return article, article.evidence(start, end)


def evidence() -> st.SearchStrategy[Evidence]:
    """An :class:`Evidence` built from a span of some article's text."""
    return articles_with_evidence().map(lambda pair: pair[1])


def _confidences() -> st.SearchStrategy[float]:
    return st.floats(min_value=-0.0, max_value=1.0)


def positions() -> st.SearchStrategy[Position]:
    """Any :class:`Position`."""
    return st.builds(
        Position,
        names(),
        names(),
        st.sampled_from(Stance),
        act=st.sampled_from(Act),
        modality=st.sampled_from(Modality),
        date=_published(),
        speaker=optional_texts(),
        evidence=st.none() | evidence(),
        confidence=_confidences(),
        producer=st.none() | producers(),
    )


def demands() -> st.SearchStrategy[Demand]:
    """Any :class:`Demand`."""
    return st.builds(
        Demand,
        names(),
        names(),
        _quantities(),
        target=optional_texts(),
        act=st.sampled_from(Act),
        modality=st.sampled_from(Modality),
        date=_published(),
        speaker=optional_texts(),
        evidence=st.none() | evidence(),
        confidence=_confidences(),
        producer=st.none() | producers(),
    )


def findings() -> st.SearchStrategy[Finding]:
    """A :class:`Position` or a :class:`Demand`."""
    return st.one_of(positions(), demands())


def corpora(
    *, published: st.SearchStrategy[Published] | None = None, max_size: int = 5
) -> st.SearchStrategy[Corpus]:
    """A :class:`Corpus` of articles with unique ids."""
    return st.lists(
        articles(published=published), unique_by=lambda a: a.id, max_size=max_size
    ).map(Corpus)


#: A few publication dates, so that drawn corpora have ties.
FEW_DATES = st.sampled_from(
    [
        Published(),
        Published("2022", datetime.date(2022, 1, 1), Precision.YEAR),
        Published("March 2022", datetime.date(2022, 3, 1), Precision.MONTH),
        Published("2022-03-29", datetime.date(2022, 3, 29), Precision.DAY),
        Published("29 March 2022", datetime.date(2022, 3, 29), Precision.DAY),
    ]
)


# -- numbers written in text -------------------------------------------------

_SMALL_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight"),
    *("nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"),
    *("sixteen", "seventeen", "eighteen", "nineteen"),
)
_TENS_WORDS = (
    *("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty"),
    "ninety",
)
#: Fraction words by denominator: singular and plural.
_FRACTION_WORDS = {
    2: ("half", "halves"),
    3: ("third", "thirds"),
    4: ("quarter", "quarters"),
    5: ("fifth", "fifths"),
    6: ("sixth", "sixths"),
    7: ("seventh", "sevenths"),
    8: ("eighth", "eighths"),
    9: ("ninth", "ninths"),
    10: ("tenth", "tenths"),
}
_FRACTION_CHARACTERS = "\u00bd\u2153\u2154\u00bc\u00be\u2155\u2159\u215b\u215e"
_SUPERSCRIPT_DIGITS = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def spell(n: int) -> str:
    """Spell ``0 <= n < 10**6`` in English words ("two hundred and five")."""
    if n < 20:
        return _SMALL_WORDS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS_WORDS[tens - 2] + (f"-{_SMALL_WORDS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_SMALL_WORDS[hundreds]} hundred"
        return head + (f" and {spell(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = f"{spell(thousands)} thousand"
    if not rest:
        return head
    return head + (f" and {spell(rest)}" if rest < 100 else f" {spell(rest)}")


def _spelled_fraction(numerator: int, denominator: int, *, hyphen: bool) -> str:
    singular, plural = _FRACTION_WORDS[denominator]
    word = plural if numerator > 1 else singular
    return f"{spell(numerator)}{'-' if hyphen else ' '}{word}"


@st.composite
def _written_number(draw: st.DrawFn) -> tuple[str, float]:
    form = draw(
        st.sampled_from(
            [
                *("integer", "decimal", "negative", "scientific", "fraction"),
                *("mixed", "character"),
            ]
        )
    )
    if form == "character":  # "\u00bd", "5\u00bd"
        char = draw(st.sampled_from(_FRACTION_CHARACTERS))
        whole = draw(st.integers(min_value=0, max_value=99))
        head = str(whole) if whole else ""
        return head + char, whole + unicodedata.numeric(char)
    if form == "integer":
        n = draw(st.integers(min_value=0, max_value=10**12))
        styles = [str(n), f"{n:,}", f"{n:,}".replace(",", "\u202f")]
        if n < 10**6:
            styles.append(spell(n))
        return draw(st.sampled_from(styles)), float(n)
    if form in ("decimal", "negative"):
        # three decimals after a non-zero whole part read as thousands
        # ("85.000"), by design: not drawn here
        places = draw(st.sampled_from([1, 2, 4, 5]))
        whole = draw(st.integers(min_value=0, max_value=10**9))
        part = draw(st.integers(min_value=0, max_value=10**places - 1))
        text = f"{whole}.{part:0{places}d}"
        if form == "decimal":
            return text, float(text)
        integer = draw(st.booleans())
        if integer:
            text = str(whole)
        minus = draw(st.sampled_from(["-", "\u2212"]))
        return minus + text, -float(text)
    if form == "scientific":
        mantissa = f"{draw(st.integers(1, 9))}.{draw(st.integers(0, 99)):02d}"
        exponent = draw(st.integers(min_value=-30, max_value=30))
        styles = [
            f"{mantissa}e{exponent}",
            f"{mantissa}E{exponent:+d}",
            f"{mantissa}\u00d710^{exponent}",
            f"{mantissa} \u00d7 10^{exponent}",
            f"{mantissa}x10^{exponent}",
            f"{mantissa}\u00d710{str(exponent).translate(_SUPERSCRIPT_DIGITS)}",
        ]
        if exponent < 0:  # "\u00d710\u22125": the minus sign marks the exponent
            styles.append(f"{mantissa}\u00d710\u2212{-exponent}")
        return draw(st.sampled_from(styles)), float(f"{mantissa}e{exponent}")
    denominator = draw(st.sampled_from(sorted(_FRACTION_WORDS)))
    if form == "fraction":  # proper or not: "two thirds", "three halves"
        numerator = draw(st.integers(min_value=1, max_value=19))
        hyphen = draw(st.booleans())
        text = _spelled_fraction(numerator, denominator, hyphen=hyphen)
        return text, numerator / denominator
    whole = draw(st.integers(min_value=1, max_value=99))
    numerator = draw(st.integers(min_value=1, max_value=denominator - 1))
    if numerator == 1:
        tail = f"a {_FRACTION_WORDS[denominator][0]}"
    else:
        tail = _spelled_fraction(numerator, denominator, hyphen=False)
    head = draw(st.sampled_from([str(whole), spell(whole)]))
    return f"{head} and {tail}", whole + numerator / denominator


def written_numbers() -> st.SearchStrategy[tuple[str, float]]:
    """A number written as news or a peer test suite writes it, with its value.

    Integers (digits, thousands separators, words), decimals, negatives
    ("-15", "\u22123.5"), scientific notation ("2.48e-5", "2.48\u00d710\u207b\u2075",
    "6.02 \u00d7 10^23"), fractions in words ("two thirds", "three halves",
    "one-sixth") or of one character ("\u00bd", "5\u00be") and mixed numbers
    ("two and a half", "3 and three quarters").
    """
    return _written_number()
