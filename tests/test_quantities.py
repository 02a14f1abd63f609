"""Tests for peacetalks.quantities: numbers, ranges, bounds and units."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from peacetalks import quantities as quantities_module
from peacetalks.grammar import Grammar
from peacetalks.lexicon import Lexicon
from peacetalks.model import Bound
from peacetalks.quantities import Found, find_quantities, may_hold_quantities
from tests.strategies import spell


def _one(text: str) -> Found:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


class TestPoints:
    @pytest.mark.parametrize(
        ("text", "quote", "value", "unit", "bound"),
        [
            (
                "the range of Ukrainian missiles to 40 kilometers",
                "40 kilometers",
                40,
                "km",
                "exact",
            ),
            (
                "almost 20% of Ukraine's territory",
                "almost 20%",
                20,
                "percent",
                "approx",
            ),
            (
                "a peacekeeping force of up to 10,000 troops",
                "up to 10,000",
                10_000,
                None,
                "max",
            ),
            ("forces pulled back 15 km from the line", "15 km", 15, "km", "exact"),
            ("a buffer zone 20 miles wide", "20 miles", 32.18688, "km", "exact"),
            ("Kyiv rejected a 45-day truce", "45-day", 45, "days", "exact"),
            ("elections within 90 days", "90 days", 90, "days", "exact"),
            ("guarantees for 20 years", "20 years", 20, "years", "exact"),
            ("a six-week pause", "six-week", 42, "days", "exact"),
            ("a two-month ceasefire", "two-month", 60, "days", "exact"),
            ("$50bn of frozen assets", "$50bn", 50e9, "USD", "exact"),
            ("US$5 billion in aid", "US$5 billion", 5e9, "USD", "exact"),
            ("€10M for demining", "€10M", 10e6, "EUR", "exact"),
            ("£3bn a year", "£3bn", 3e9, "GBP", "exact"),
            ("0.5k miles of front", "0.5k miles", 804.672, "km", "exact"),
            ("$2.174T", "$2.174T", 2.174e12, "USD", "exact"),
            ("300 billion dollars", "300 billion dollars", 300e9, "USD", "exact"),
            ("20 per cent of the land", "20 per cent", 20, "percent", "exact"),
            ("20 percent of the land", "20 percent", 20, "percent", "exact"),
            ("a 1,200-kilometre front", "1,200-kilometre", 1200, "km", "exact"),
            ("2,975 civilian casualties", "2,975", 2975, None, "exact"),
            (
                "no more than 600,000 troops",
                "no more than 600,000",
                600_000,
                None,
                "max",
            ),
            ("at least 30 days", "at least 30 days", 30, "days", "min"),
            ("more than 1,000 prisoners", "more than 1,000", 1000, None, "min"),
            ("a minimum of 5 km", "a minimum of 5 km", 5, "km", "min"),
            ("roughly 40 km", "roughly 40 km", 40, "km", "approx"),
            (
                "an estimated 70,000 troops",
                "an estimated 70,000",
                70_000,
                None,
                "approx",
            ),
            ("a cap of 800,000 soldiers", "cap of 800,000", 800_000, None, "max"),
            ("must not exceed 85,000 troops", "not exceed 85,000", 85_000, None, "max"),
            ("~500 km", "~500 km", 500, "km", "approx"),
            ("a fifth of Ukraine", "a fifth", 20, "percent", "exact"),
            ("three-quarters of the region", "three-quarters", 75, "percent", "exact"),
            ("1/2 of the territory", "1/2", 50, "percent", "exact"),
            ("half a million people", "half a million", 500_000, None, "exact"),
            ("one year of guarantees", "one year", 1, "years", "exact"),
        ],
    )
    def test_domain_examples(
        self, text: str, quote: str, value: float, unit: str | None, bound: str
    ) -> None:
        """Each phrasing yields one quantity with its value, unit, bound and span."""
        found = _one(text)
        assert found.text == quote
        assert found.quantity.value == pytest.approx(value)
        assert found.quantity.unit == unit
        assert found.quantity.bound == Bound(bound)

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("85,000", 85_000),
            ("85 000", 85_000),
            ("85\u202f000", 85_000),
            ("85\u2009000", 85_000),
            ("85\u00a0000", 85_000),
            ("85.000", 85_000),
            ("1.200.000", 1_200_000),
            ("85k", 85_000),
            ("85K", 85_000),
            ("85 thousand", 85_000),
            ("eighty-five thousand", 85_000),
            ("1.2 million", 1_200_000),
            ("1.2m", 1_200_000),
            ("1.5", 1.5),
            ("a hundred and two", 102),
            ("two hundred", 200),
            ("one million", 1_000_000),
            ("a dozen", 12),
            ("two dozen", 24),
            ("two hundred and fifty thousand", 250_000),
            ("twenty-one", 21),
            # adapted from word2number's unit tests (akshaynagpal/w2n)
            ("two million three thousand nine hundred and eighty four", 2_003_984),
            ("nineteen", 19),
            ("two thousand and nineteen", 2019),
            ("two million three thousand and nineteen", 2_003_019),
            ("three billion", 3e9),
            ("nineteen billion and nineteen", 19_000_000_019),
            ("one hundred and forty two", 142),
            ("one hundred thirty-five", 135),
            (
                (
                    "one hundred twenty three million four hundred fifty six "
                    "thousand seven hundred and eighty nine"
                ),
                123_456_789,
            ),
            ("two million twenty three thousand and forty nine", 2_023_049),
        ],
    )
    def test_number_formats(self, text: str, value: float) -> None:
        """Every way to write a number reads as that number, spanning all of it."""
        found = _one(f"a force of {text} troops")
        assert found.quantity.value == pytest.approx(value)
        assert found.text == text
        assert found.noun == "troops"


class TestSeveral:
    @pytest.mark.parametrize(
        ("text", "values", "nouns"),
        [
            (
                (
                    "limit the number of Ukrainian armed forces to 85,000 soldiers "
                    "and 342 tanks"
                ),
                [85_000, 342],
                ["soldiers", "tanks"],
            ),
            (
                "an army of 250,000 people and 800 tanks",
                [250_000, 800],
                ["people", "tanks"],
            ),
            ("an exchange of 500 for 500", [500, 500], [None, None]),
            (
                "five thousand troops and two hundred tanks",
                [5000, 200],
                ["troops", "tanks"],
            ),
            ("from 280km to 40km", [280, 40], [None, None]),
            ("cut from 250,000 to 85,000 troops", [250_000, 85_000], [None, "troops"]),
        ],
    )
    def test_separate_numbers(
        self, text: str, values: list[float], nouns: list[str | None]
    ) -> None:
        """Separate numbers are never merged nor averaged."""
        found = find_quantities(text)
        assert [f.quantity.value for f in found] == values
        assert [f.noun for f in found] == nouns

    def test_limit_to_is_a_cap(self) -> None:
        """ "limit ... to N" is a MAX bound; a bare count later is EXACT."""
        found = find_quantities(
            "limit the number of Ukrainian armed forces to 85,000 soldiers and 342 "
            "tanks"
        )
        assert [f.quantity.bound for f in found] == [Bound.MAX, Bound.EXACT]


class TestRanges:
    @pytest.mark.parametrize(
        ("text", "quote", "low", "high", "unit"),
        [
            ("200,000-250,000 troops", "200,000-250,000", 200_000, 250_000, None),
            ("200,000 to 250,000 troops", "200,000 to 250,000", 200_000, 250_000, None),
            ("between 5 and 10 km", "between 5 and 10 km", 5, 10, "km"),
            ("a 5\u201310 km zone", "5\u201310 km", 5, 10, "km"),
            ("1-2 million people", "1-2 million", 1e6, 2e6, None),
            ("$1-2bn", "$1-2bn", 1e9, 2e9, "USD"),
            ("10-20 miles", "10-20 miles", 16.09344, 32.18688, "km"),
            ("tens of thousands of troops", "tens of thousands", 10_000, 99_000, None),
            (
                "tens of billions of dollars",
                "tens of billions of dollars",
                10e9,
                99e9,
                "USD",
            ),
        ],
    )
    def test_ranges(
        self, text: str, quote: str, low: float, high: float, unit: str | None
    ) -> None:
        """A range gives low and high, never their average."""
        found = _one(text)
        assert found.text == quote
        assert found.quantity.value is None
        assert found.quantity.low == pytest.approx(low)
        assert found.quantity.high == pytest.approx(high)
        assert found.quantity.unit == unit


class TestNotQuantities:
    @pytest.mark.parametrize(
        "text",
        [
            "in 2022",
            "on March 29",
            "29 March 2022",
            "since 2014",
            "the 2024 campaign",
            "20220329",
            "at 10:30",
            "the third round",
            "the 21st round",
            "the G7 summit",
            "F-16 jets",
            "Article 5",
            "Resolution 2202",
            "No. 12",
            "#3",
            "page 4",
            "3/29",
            "one of the sides",
            "a third round of talks",
        ],
    )
    def test_skipped(self, text: str) -> None:
        """Years, dates, times, ordinals and references are not quantities."""
        assert find_quantities(text) == []

    def test_year_with_counted_noun(self) -> None:
        """A year-like number followed by a counted noun is a count."""
        assert _one("a force of 2000 troops").quantity.value == 2000


_TEXT = st.lists(
    st.sampled_from(
        [*"0123456789,.- /:%$€kmKM", "up to ", " km", " and ", "thousand", "a "]
    ),
    max_size=40,
).map("".join)


class TestProperties:
    @given(st.integers(min_value=0, max_value=10**12), st.data())
    def test_any_formatting(self, n: int, data: st.DataObject) -> None:
        """Any integer in any supported formatting is found once, as itself."""
        styles = [str(n), f"{n:,}", f"{n:,}".replace(",", " ")]
        if n % 1000 == 0 and n:
            styles.append(f"{n // 1000}k")
        if n < 10**6:
            styles.append(spell(n))
        text = data.draw(st.sampled_from(styles))
        found = _one(f"a force of {text} troops")
        assert found.quantity.value == n

    @given(st.text(max_size=80) | _TEXT)
    def test_spans(self, text: str) -> None:
        """Spans quote the text, are ordered and disjoint; ranges are ordered."""
        found = find_quantities(text)
        end = 0
        for f in found:
            assert text[f.start : f.end] == f.text
            assert f.start >= end
            end = f.end
            q = f.quantity
            if q.low is not None and q.high is not None:
                assert q.low <= q.high

    @pytest.mark.slow  # several seconds: scale and process checks run with -m slow
    def test_huge_input(self) -> None:
        """A megabyte of digits, commas and spaces is scanned without blowing up."""
        text = ("1234567,890 12,345,678 000 " * 40_000)[:1_000_000]
        found = find_quantities(text)
        assert all(text[f.start : f.end] == f.text for f in found)


class TestHostileInput:
    def test_overflowing_digits(self) -> None:
        """A digit run too long for a float is not a quantity, not a crash."""
        assert find_quantities("9" * 400) == []
        assert find_quantities("9" * 310 + " miles") == []

    def test_long_chain_of_number_words(self) -> None:
        """Chains of "... thousand and ..." are read without deep recursion."""
        text = " ".join(["twenty-five thousand and"] * 2000) + " one"
        found = find_quantities(text)
        assert len(found) == 1000
        assert {f.quantity.value for f in found} == {25025.0}


def test_spaced_thousands_before_a_month() -> None:
    """A number with a space separator before a month name is read, not a crash."""
    found = find_quantities("85 000March 29")
    assert [f.quantity.value for f in found] == [85000.0]


def _number_words() -> list[str]:
    """The words the parser starts a number at: its own tables."""
    tables = (
        quantities_module._SMALL,
        quantities_module._TENS,
        quantities_module._SCALES,
        quantities_module._FRACTIONS,
        quantities_module._VAGUE,
    )
    words = {word for table in tables for word in table}
    return sorted(words | {"hundred", "dozen", "half", "quarter"})


def _grammar_words() -> list[str]:
    """The words of the grammar categories the parser reads, and "a", "an"."""
    words = {"a", "an", "of", "and"}
    grammar = Grammar.default()
    for name in grammar.names:
        if name.split(".")[0] in ("bounds", "counted", "dates", "numbers"):
            category = grammar[name]
            words.update(category.words)
            words.update(category.phrases() or ())
    return sorted(words)


#: Digits (ASCII and others), other words and characters that case folding
#: turns into ASCII letters.
_OTHER_PIECES = [
    *"0123456789",
    *("\u0663", "\u0966", "\uff11"),  # Arabic-Indic, Devanagari, fullwidth digits
    *("Kyiv", "troops", "km", "%", "$", "€", "per cent"),
    *("\u0130", "\u0131", "\u017f", "\u212a", "é", "ß", "x", "s", "ty", "teen"),
]


def _parsed(text: str) -> list[Found]:
    """What the parser finds in ``text`` with the fast reject turned off."""
    with mock.patch.object(quantities_module, "may_hold_quantities", return_value=True):
        return find_quantities(text)


def _cased(word: str) -> str:
    return word.upper() if len(word) % 3 == 0 else word


class TestFastReject:
    @pytest.mark.slow  # ~2.5 s: the prefilter against the full parser on many texts
    @settings(max_examples=500, deadline=None)
    @given(
        pieces=st.tuples(
            st.lists(st.sampled_from(_number_words()).map(_cased), max_size=2),
            st.lists(st.sampled_from(_grammar_words()).map(_cased), max_size=4),
            st.lists(st.sampled_from(_OTHER_PIECES), max_size=4),
        )
        .map(lambda lists: [piece for pieces in lists for piece in pieces])
        .flatmap(st.permutations),
        glue=st.lists(
            st.sampled_from(["", " ", "-", ",", ".", "/", "\u2019", "\u00a0"])
        ),
    )
    def test_a_rejected_text_holds_no_quantity(
        self, pieces: list[str], glue: list[str]
    ) -> None:
        """`may_hold_quantities` never rejects what the parser would find.

        The parser runs with the reject turned off (patched to say yes), so
        the two are compared rather than the reject with itself.

        The text is built from the parser's own number tables and the
        grammar categories it reads, digits of several scripts, and other
        words, glued with and without separators ("twentyfive", "3-six").
        """
        text = "".join(
            piece + (glue[n % len(glue)] if glue else " ")
            for n, piece in enumerate(pieces)
        )
        if not may_hold_quantities(text):
            assert _parsed(text) == []

    @pytest.mark.parametrize("word", _number_words())
    @pytest.mark.parametrize(
        "template", ["{} troops", "Kyiv wants {} of its tanks back.", "a {} km zone"]
    )
    def test_every_number_word_passes(self, word: str, template: str) -> None:
        """Every word of the parser's tables, alone, in any case, gets through."""
        for text in (template.format(word), template.format(word.upper())):
            if _parsed(text):
                assert may_hold_quantities(text)

    def test_a_text_without_figures_skips_the_tokenizer(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A sentence without digits or number words is never tokenized."""
        calls: list[str] = []
        tokens = quantities_module._tokens

        def counted(text: str) -> list[Any]:
            calls.append(text)
            return tokens(text)

        monkeypatch.setattr(quantities_module, "_tokens", counted)
        assert find_quantities("Kyiv rejected the terms of the talks.") == []
        assert calls == []
        assert [f.text for f in find_quantities("Kyiv wants six tanks.")] == ["six"]
        assert calls == ["Kyiv wants six tanks."]


def _unit_by_tokens(
    toks: list[Any], j: int, units: Any
) -> tuple[Any, int, bool] | None:
    """`_unit_after` read token by token, without its memo: the slow path."""
    hyphen = False
    if j < len(toks) and toks[j].text in quantities_module._HYPHENS:
        if not (quantities_module._adjacent(toks, j) and _touches_next(toks, j)):
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
    for size in (3, 2, 1):
        last = j + size - 1
        if last >= len(toks) or any(t.kind == "num" for t in toks[j : last + 1]):
            continue
        separator = "" if size > 1 and toks[j + 1].text == "." else " "
        name = separator.join(t.text for t in toks[j : last + 1])
        unit = units.find(name)
        if unit is not None and (len(name) > 1 or name in "%$€£"):
            return unit, last, hyphen
    return None


def _touches_next(toks: list[Any], j: int) -> bool:
    return quantities_module._adjacent(toks, j + 1)


#: Unit names of three tokens, with a number among them, with dots: the
#: default lexicon has none, and the memo key must still hold what they read.
_ODD_UNITS = {
    "name": "odd units",
    "units": [{"id": "rounds", "aliases": ["big round shots", "per 7", "sq.m. each"]}],
}


def _lexicons() -> list[Lexicon]:
    default = Lexicon.default()
    return [default, default.merge(Lexicon.from_dict(_ODD_UNITS))]


def _unit_names() -> list[str]:
    names = {
        name for lexicon in _lexicons() for unit in lexicon.units for name in unit.names
    }
    return sorted(names | {part for name in names for part in name.split()})


class TestUnitMemo:
    @pytest.mark.slow  # 400 generated texts, ~3 s: CI runs it with -m slow
    @settings(max_examples=400, deadline=None)
    @given(
        pieces=st.lists(
            st.sampled_from([*_unit_names(), *"0123456789.-%$", "12", "Kyiv", "m"]),
            max_size=8,
        ),
        glue=st.lists(st.sampled_from(["", " ", "-", "."]), min_size=1),
        odd=st.booleans(),
    )
    @example(
        pieces=["30", "big round shots", "per 7", "sq.m. each"], glue=[" "], odd=True
    )
    def test_the_memo_gives_what_the_tokens_give(
        self, pieces: list[str], glue: list[str], odd: bool
    ) -> None:
        """`_unit_after`, memoized by the texts it reads, agrees with a plain read.

        Many texts share the memo (one per lexicon), so an entry made for one
        text is read for others: the key must hold all that the answer
        depends on (numbers among the tokens, "." between them, the end).
        """
        text = "".join(piece + glue[n % len(glue)] for n, piece in enumerate(pieces))
        toks = quantities_module._tokens(text)
        units = quantities_module._units_for(_lexicons()[odd])
        for j in range(len(toks) + 1):
            assert quantities_module._unit_after(toks, j, units) == _unit_by_tokens(
                toks, j, units
            )


class TestOptionLists:
    """A list of options shares the unit of its last option (domain.md)."""

    @pytest.mark.parametrize(
        ("text", "values", "unit"),
        [
            ("guarantees for 30, 40, or even 50 years", [30, 40, 50], "years"),
            ("during the two or three days of the holiday", [2, 3], "days"),
            ("a buffer of 10, 20 or 30 km", [10, 20, 30], "km"),
            ("a truce of 36 or 72 hours", [1.5, 3], "days"),
            ("pull back 5 or perhaps 10 miles", [5 * 1.609344, 10 * 1.609344], "km"),
        ],
    )
    def test_options(self, text: str, values: list[float], unit: str) -> None:
        found = find_quantities(text)
        assert [f.quantity.value for f in found] == pytest.approx(values)
        assert {f.quantity.unit for f in found} == {unit}

    @pytest.mark.parametrize(
        "text",
        [
            "30 or 40 tanks",  # a count: left to the extractor
            "1, 2, 3 and 4 km",  # "and" lists things, not options
            "in 2022 or 2023",  # years
            "points 3, 4, 5 or 6",  # no unit at the end
            "Ukraine or 30 km",
        ],
    )
    def test_no_options(self, text: str) -> None:
        units = {f.quantity.unit for f in find_quantities(text)}
        assert units <= {None, "km"}
        assert [f.quantity.unit for f in find_quantities(text)].count("km") <= 1

    @pytest.mark.parametrize(
        ("text", "low", "high"),
        [
            ("a two- to three-day truce", 2, 3),
            ("a 2- to 3-day pause", 2, 3),
            ("a 30- to 60-day window", 30, 60),
        ],
    )
    def test_a_suspended_hyphen_range(self, text: str, low: float, high: float) -> None:
        """ "two- to three-day" is one range in days."""
        found = _one(text)
        assert (found.quantity.low, found.quantity.high) == (low, high)
        assert found.quantity.unit == "days"

    @given(
        st.lists(
            # a bare year-like number is a year, option or not
            st.integers(min_value=1, max_value=10**6).filter(
                lambda n: not 1900 <= n <= 2100
            ),
            min_size=2,
            max_size=6,
        ),
        st.sampled_from(["km", "days", "years", "miles", "hours", "tanks"]),
        st.sampled_from(["or", "or even", ", or", "or perhaps"]),
    )
    def test_any_option_list(self, values: list[int], unit: str, last: str) -> None:
        """Every option is found once; each takes the unit of the last, or none."""
        text = ", ".join(map(str, values[:-1])) + f" {last} {values[-1]} {unit}"
        found = find_quantities(text)
        assert len(found) == len(values)
        assert len({f.quantity.unit for f in found}) == 1
        last_found = found[-1].quantity
        for f, n in zip(found, values, strict=True):
            assert f.quantity.value == pytest.approx(
                n * (last_found.value or 0) / values[-1]
            ) or (unit == "tanks" and f.quantity.value == n)

    @given(st.text(max_size=60) | _TEXT.map(lambda t: t + " or 5 km"))
    def test_spans_with_options(self, text: str) -> None:
        """Option lists keep spans ordered, disjoint and quoting the text."""
        end = 0
        for f in find_quantities(text):
            assert text[f.start : f.end] == f.text
            assert f.start >= end
            end = f.end


class TestHyphenatedSwaps:
    """ "500-for-500": both sides of a hyphenated swap are numbers."""

    @pytest.mark.parametrize(
        "text", ["a 500-for-500 swap", "a 1,000-for-1,000 exchange", "84-for-84"]
    )
    def test_both_sides(self, text: str) -> None:
        found = find_quantities(text)
        assert len(found) == 2
        assert found[0].quantity.value == found[1].quantity.value

    @pytest.mark.parametrize("text", ["F-16 jets", "Su-35 fighters", "the MiG-29"])
    def test_a_model_name_is_no_number(self, text: str) -> None:
        assert find_quantities(text) == []

    @given(
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=1, max_value=10**6),
    )
    def test_any_swap(self, a: int, b: int) -> None:
        found = find_quantities(f"a {a:,}-for-{b:,} prisoner swap")
        assert [f.quantity.value for f in found] == [a, b]
