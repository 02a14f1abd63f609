"""Tests for the forms a complete quantity parser reads (issue 15).

Word fractions, mixed numbers, negative and accounting-negative amounts,
scientific notation, ``N/M`` fractions, and years and decades behind
``find_quantities(..., years=True)``.  The sentences are written for these
tests, after the cases of peer suites (quantulum3, Recognizers-Text).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from peacetalks import Article
from peacetalks.extract.demands import extract_demands
from peacetalks.extract.doc import Annotator
from peacetalks.model import Bound, QuantityKind
from peacetalks.quantities import Found, find_quantities
from tests.strategies import written_numbers


def _one(text: str, *, years: bool = False) -> Found:
    found = find_quantities(text, years=years)
    assert len(found) == 1, found
    return found[0]


class TestWordFractions:
    @pytest.mark.parametrize(
        ("text", "quote", "value", "unit"),
        [
            ("the envoy offered one sixth of it", "one sixth", 100 / 6, "percent"),
            ("two thirds of the villages", "two thirds", 200 / 3, "percent"),
            ("a seventh of the region", "a seventh", 100 / 7, "percent"),
            ("a two thirds majority in parliament", "two thirds", 2 / 3, None),
            ("the ratio was three halves", "three halves", 1.5, None),
            ("one sixth", "one sixth", 1 / 6, None),
            ("a line one-half miles long", "one-half miles", 0.804672, "km"),
            ("two and a half miles back", "two and a half miles", 4.02336, "km"),
            (
                "a pause of three and a half years",
                "three and a half years",
                3.5,
                "years",
            ),
            ("one and a half million people", "one and a half million", 1.5e6, None),
            ("2 and three quarters km", "2 and three quarters km", 2.75, "km"),
            ("1 1/2 km from the river", "1 1/2 km", 1.5, "km"),
            ("a quarter mile wide", "a quarter mile", 0.40234, "km"),
            ("half a mile wide", "half a mile", 0.804672, "km"),
            ("a half-mile strip", "a half-mile", 0.804672, "km"),
            ("half a million refugees", "half a million", 5e5, None),
            ("a quarter of a million refugees", "a quarter of a million", 2.5e5, None),
        ],
    )
    def test_read(self, text: str, quote: str, value: float, unit: str | None) -> None:
        """A fraction in words is one quantity: a share before "of", else a number."""
        found = _one(text)
        assert found.text == quote
        assert found.quantity.value == pytest.approx(value, rel=1e-4)
        assert found.quantity.unit == unit

    @pytest.mark.parametrize(
        ("text", "quote", "value", "unit"),
        [
            ("a line 5\u00bd miles long", "5\u00bd miles", 8.851392, "km"),
            ("a line 5 \u00bd km long", "5 \u00bd km", 5.5, "km"),
            ("\u2154 of the land", "\u2154", 200 / 3, "percent"),
            ("\u00bd mile wide", "\u00bd mile", 0.804672, "km"),
            ("a \u00be-mile zone", "\u00be-mile", 1.207008, "km"),
        ],
    )
    def test_fraction_characters(
        self, text: str, quote: str, value: float, unit: str
    ) -> None:
        """A fraction of one character ("\u00bd") reads like one in words."""
        found = _one(text)
        assert found.text == quote
        assert found.quantity.value == pytest.approx(value)
        assert found.quantity.unit == unit

    @pytest.mark.parametrize(
        "text",
        [
            "a quarter",
            "the third round of talks",
            "a third day of fighting",
            "a fifth year of war",
            "in the city's old quarter",
            "half the delegation left",
            "one third-country national",
        ],
    )
    def test_ambiguous_are_not_quantities(self, text: str) -> None:
        """An ordinal, or "a quarter"/"half" with no unit or "of", is no number."""
        assert find_quantities(text) == []

    def test_mixed_before_of_stays_two(self) -> None:
        """ "5 and a third of the seats": a count and a share, never 5.33."""
        found = find_quantities("they won 5 and a third of the seats")
        assert [f.text for f in found] == ["5", "a third"]


class TestNegatives:
    @pytest.mark.parametrize(
        ("text", "quote", "value", "unit"),
        [
            ("a change of -15\u20ac a month", "-15\u20ac", -15, "EUR"),
            ("the balance was $-99.99", "$-99.99", -99.99, "USD"),
            ("the balance was -$99.99", "-$99.99", -99.99, "USD"),
            ("net result: ($99.99)", "($99.99)", -99.99, "USD"),
            ("a loss (\u00a34bn) last year", "(\u00a34bn)", -4e9, "GBP"),
            ("a loss (12 euros) on paper", "(12 euros)", -12, "EUR"),
            ("it fell to \u22123.5 km", "\u22123.5 km", -3.5, "km"),
            ("-15 km from the line", "-15 km", -15, "km"),
            ("a reading of (-5 km)", "-5 km", -5, "km"),
        ],
    )
    def test_read(self, text: str, quote: str, value: float, unit: str) -> None:
        """A minus sign, or brackets around a currency amount, make it negative."""
        found = _one(text)
        assert found.text == quote
        assert found.quantity.value == pytest.approx(value)
        assert found.quantity.unit == unit

    @pytest.mark.parametrize(
        ("text", "quotes", "values"),
        [
            ("20-30 km", ["20-30 km"], [None]),
            ("a 40-km zone", ["40-km"], [40]),
            ("a 15-day truce", ["15-day"], [15]),
            ("Minsk-2 talks on day 3", ["3"], [3]),
            ("the F-16 and 2 jets", ["2"], [2]),
            ("the vote went 3-1", ["3", "1"], [3, 1]),
            ("a dash \u201340 km off", ["40 km"], [40]),
            ("a note (99.99) in brackets", ["99.99"], [99.99]),
        ],
    )
    def test_hyphen_is_no_minus(
        self, text: str, quotes: list[str], values: list[float | None]
    ) -> None:
        """A hyphen that joins words, numbers or ranges, or a dash, is no minus."""
        found = find_quantities(text)
        assert [f.text for f in found] == quotes
        assert [f.quantity.value for f in found] == values

    @pytest.mark.parametrize(
        "text",
        [
            "90 billion euros ($106 billion) for Kyiv",
            "\u20ac3.5bn (\u00a33bn) in aid",
            "a $50bn (\u00a340bn) package",
        ],
    )
    def test_conversion_in_brackets_is_positive(self, text: str) -> None:
        """A bracketed amount right after another is a conversion, not a loss."""
        found = find_quantities(text)
        assert len(found) == 2
        assert all(f.quantity.value is not None for f in found)
        assert all(f.quantity.value > 0 for f in found if f.quantity.value)

    def test_brackets_without_currency_stay_positive(self) -> None:
        """ "(99.99)" alone is an aside, not an accounting negative."""
        assert _one("the index (99.99) rose").quantity.value == 99.99


class TestScientific:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("2.48\u00d710\u22125", 2.48e-5),
            ("2.48x10^-5", 2.48e-5),
            ("2.48e-5", 2.48e-5),
            ("6.02 \u00d7 10^23", 6.02e23),
            ("6.02E+23", 6.02e23),
            ("3\u00d710-5", 3e-5),
            ("1.5\u00d710\u207b\u00b3", 1.5e-3),
            ("10^6", 1e6),
            ("10\u2076", 1e6),
        ],
    )
    def test_read(self, text: str, value: float) -> None:
        """Each notation is one quantity spanning mantissa and exponent."""
        found = _one(f"a level of {text} was read")
        assert found.text == text
        assert found.quantity.value == pytest.approx(value)

    def test_overflow_is_no_quantity(self) -> None:
        """An exponent past the float range is no number, not an error."""
        assert find_quantities("1e999 km") == []
        assert find_quantities("2\u00d710^99999 km") == []

    def test_not_scientific(self) -> None:
        """A letter "e" or "x" after a number is no exponent without "10" after."""
        found = find_quantities("item 3e, a 4x4 car, 2x10 km")
        assert [f.quantity.value for f in found] == [4, 2]


class TestSlashFractions:
    @pytest.mark.parametrize(
        ("text", "value"),
        [("1/40", 2.5), ("3/4", 75), ("13/20", 65), ("3/64", 100 * 3 / 64)],
    )
    def test_read(self, text: str, value: float) -> None:
        """``N/M`` with ``N < M`` that cannot be a date is a share in percent."""
        found = _one(f"only {text} of the budget")
        assert found.text == text
        assert found.quantity.value == pytest.approx(value)
        assert found.quantity.unit == "percent"

    @pytest.mark.parametrize(
        "text",
        ["on 3/4/2022", "since 9/11", "on 3/29", "talks 24/7", "a 50/50 split", "3/1"],
    )
    def test_not_fractions(self, text: str) -> None:
        """Dates, "24/7" (around the clock), even splits and scores are skipped."""
        assert find_quantities(text) == []


class TestYears:
    def test_off_by_default(self) -> None:
        """Without the option, years and decades are skipped, as before."""
        text = "in 2022, in the 1990s, in the '90s, 2022-2023, on 29 March 2022"
        assert find_quantities(text) == []

    @pytest.mark.parametrize(
        ("text", "quote", "value", "low", "high"),
        [
            ("the war began in 2022", "2022", 2022, None, None),
            ("a deal signed in March 2022", "2022", 2022, None, None),
            ("on 29 March 2022", "2022", 2022, None, None),
            ("in the 1990s", "1990s", None, 1990, 1999),
            ("in the 1990's", "1990's", None, 1990, 1999),
            ("in the '60s", "'60s", None, 1960, 1969),
            ("in the \u201970s", "\u201970s", None, 1970, 1979),
            ("the 2017-2021 term", "2017-2021", None, 2017, 2021),
            ("from 2014 to 2022", "2014 to 2022", None, 2014, 2022),
        ],
    )
    def test_years_on_request(
        self,
        text: str,
        quote: str,
        value: float | None,
        low: float | None,
        high: float | None,
    ) -> None:
        """With ``years=True`` a year or a decade is a quantity of kind year."""
        found = _one(text, years=True)
        assert found.kind is QuantityKind.YEAR
        assert found.text == quote
        assert (found.quantity.value, found.quantity.low, found.quantity.high) == (
            value,
            low,
            high,
        )
        assert found.quantity.unit is None

    @pytest.mark.parametrize(
        "text", ["a force of 2000 troops", "up to 2000", "2022 km", "in their 90s"]
    )
    def test_amounts_stay_amounts(self, text: str) -> None:
        """A year-like count, cued figure or distance keeps kind amount."""
        assert all(f.kind is QuantityKind.AMOUNT for f in find_quantities(text))
        assert find_quantities(text, years=True) == find_quantities(text)

    def test_dates_are_no_years(self) -> None:
        """An 8-digit date and a day of the month stay out, option or not."""
        assert find_quantities("on 20220329 and on March 29", years=True) == []


class TestExtraction:
    def test_doc_never_holds_years(self) -> None:
        """Extraction reads quantities without years: none can be a proposal."""
        article = Article(title="t", text="Russia wants 2022 borders and 1990s terms.")
        doc = Annotator().read(article)
        found = [f for i in range(len(doc.sentences)) for f in doc.quantities(i)]
        assert found == []

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("Ukraine demanded the return of ($300bn) of frozen assets.", 300e9),
            ("Russia demanded that Ukraine cap its army at -85,000 troops.", 85_000),
        ],
    )
    def test_demands_read_no_sign(self, text: str, value: float) -> None:
        """In news a bracketed amount is an aside: demands never turn negative."""
        (demand,) = extract_demands(Article(title="t", text=text))
        assert demand.quantity.value == value

    @pytest.mark.parametrize(
        ("text", "quote", "value"),
        [
            ("net: ($99.99)", "$99.99", 99.99),
            ("a change of -15\u20ac", "15\u20ac", 15),
            ("-15 km", "15 km", 15),
        ],
    )
    def test_negatives_off(self, text: str, quote: str, value: float) -> None:
        """``negatives=False`` reads the amount as written, without its sign."""
        (found,) = find_quantities(text, negatives=False)
        assert (found.text, found.quantity.value) == (quote, value)

    def test_conversion_is_no_negative_demand(self) -> None:
        """A conversion in brackets never becomes a negative demand."""
        text = (
            "Ukraine demanded that 300 billion euros ($330bn) of frozen assets be paid."
        )
        for demand in extract_demands(Article(title="t", text=text)):
            q = demand.quantity
            assert all(v is None or v > 0 for v in (q.value, q.low, q.high))


_PIECES = st.sampled_from(
    [
        *"0123456789()$\u20ac\u00a3-\u2212/^'\u2019s ",
        "\u00d7",
        "x10",
        "e-",
        "E+",
        "\u207b\u00b3",
        "\u00bd",
        "5\u2154",
        " and a half",
        " a quarter",
        "one",
        " two thirds",
        "half a",
        " km",
        " miles",
        "March ",
        "1990",
        "2022",
    ]
)
_TEXTS = st.text(max_size=60) | st.lists(_PIECES, max_size=25).map("".join)


class TestLaws:
    @given(written_numbers())
    @example(("two and a half", 2.5))
    @example(("-15", -15.0))
    @example(("2.48\u00d710\u22125", 2.48e-5))
    @example(("three halves", 1.5))
    def test_written_number_reads_back(self, written: tuple[str, float]) -> None:
        """A number formatted into text and parsed back is that number."""
        text, value = written
        found = _one(f"a line of {text} km")
        assert found.quantity.value == pytest.approx(value, rel=1e-12)
        assert found.quantity.unit == "km"
        assert found.text == f"{text} km"

    @given(_TEXTS, st.booleans())
    @example("($99.99) (\u00a34bn)", False)
    @example("1990s '90s March 2022 2022-2023", True)
    def test_spans_and_no_errors(self, text: str, years: bool) -> None:
        """Any text: no error, spans quote the text, in order and disjoint."""
        end = 0
        for found in find_quantities(text, years=years):
            assert text[found.start : found.end] == found.text
            assert found.start >= end
            end = found.end
            q = found.quantity
            if q.unit == "percent" and found.text.count("/") == 1:
                assert q.value is not None
                assert 0 < q.value < 100
            if found.kind is QuantityKind.YEAR:
                assert years
                assert q.bound is Bound.EXACT
