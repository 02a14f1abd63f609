"""Tests for peacetalks.io.dates."""

from __future__ import annotations

import contextlib
import datetime
import types
from collections.abc import Iterator

import pytest
from dateutil.parser import _parser as dateutil_parser
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.errors import ValidationError
from peacetalks.io.dates import parse_date
from peacetalks.model import Precision, Published

DAY = Precision.DAY
MONTH = Precision.MONTH
YEAR = Precision.YEAR

dates = st.dates(min_value=datetime.date(1000, 1, 1))

DAY_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%B %d, %Y", "%d.%m.%Y")
MONTH_FORMATS = ("%B %Y", "%b %Y", "%Y-%m", "%m/%Y")

# Text built from the pieces dates are made of, so that generated strings
# reach the month-name and numeric readers rather than stopping at the
# pre-check.
date_pieces = st.lists(
    st.sampled_from(
        [
            "March",
            "Mar",
            "Feb",
            "Tuesday",
            "Tue",
            "of",
            "on",
            "29",
            "29th",
            "2nd",
            "3",
            "13",
            "2022",
            "0999",
            "99",
            "123",
            ",",
            ".",
            "-",
            "/",
            ":",
            "T",
            "Z",
            "+03:00",
            "14:05",
            "PM",
            "EST",
            " ",
        ]
    ),
    max_size=8,
).map("".join)


def published(
    raw: str, date: datetime.date | None, precision: Precision = DAY
) -> Published:
    """Build the expected result for ``raw``."""
    if date is None:
        return Published(raw=raw)
    return Published(raw=raw, date=date, precision=precision)


class TestFormats:
    """Tests for the formats parse_date reads."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("20220329", datetime.date(2022, 3, 29)),
            ("2022-03-29", datetime.date(2022, 3, 29)),
            ("2022/3/9", datetime.date(2022, 3, 9)),
            ("2022.03.29", datetime.date(2022, 3, 29)),
            ("March 29, 2022", datetime.date(2022, 3, 29)),
            ("29 March 2022", datetime.date(2022, 3, 29)),
            ("Tuesday, March 29, 2022", datetime.date(2022, 3, 29)),
            ("Tue, 29 Mar 2022", datetime.date(2022, 3, 29)),
            ("Mar. 29, 2022", datetime.date(2022, 3, 29)),
            ("29th of March, 2022", datetime.date(2022, 3, 29)),
            ("29-Mar-2022", datetime.date(2022, 3, 29)),
            ("Sept 1, 2022", datetime.date(2022, 9, 1)),
            ("29.03.2022", datetime.date(2022, 3, 29)),
            ("03/29/2022", datetime.date(2022, 3, 29)),
            ("29/03/2022", datetime.date(2022, 3, 29)),
            ("  March   29,\n2022 ", datetime.date(2022, 3, 29)),
        ],
    )
    def test_day(self, raw: str, expected: datetime.date) -> None:
        """Full dates resolve to the day, and the raw text is kept as given."""
        assert parse_date(raw) == published(raw, expected, DAY)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("2022-03-29T14:05:00+03:00", datetime.date(2022, 3, 29)),
            ("2022-03-29T11:05:00Z", datetime.date(2022, 3, 29)),
            ("2022-03-29T23:30:00-05:00", datetime.date(2022, 3, 29)),
            ("2022-03-30T01:30:00+0300", datetime.date(2022, 3, 30)),
            ("2022-03-29T14:05:00.123456+03:00", datetime.date(2022, 3, 29)),
            ("2022-03-29 14:05", datetime.date(2022, 3, 29)),
            ("2022-03-29 14:05:59", datetime.date(2022, 3, 29)),
            ("Tue, 29 Mar 2022 11:05:00 GMT", datetime.date(2022, 3, 29)),
            ("Tue, 29 Mar 2022 14:05:00 +0300", datetime.date(2022, 3, 29)),
            ("March 29, 2022 at 2:05 PM EST", datetime.date(2022, 3, 29)),
            ("29.03.2022 23:59", datetime.date(2022, 3, 29)),
        ],
    )
    def test_timestamp(self, raw: str, expected: datetime.date) -> None:
        """A timestamp gives the calendar date as written, never converted to UTC."""
        assert parse_date(raw) == published(raw, expected, DAY)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Mar 2022", datetime.date(2022, 3, 1)),
            ("March 2022", datetime.date(2022, 3, 1)),
            ("March, 2022", datetime.date(2022, 3, 1)),
            ("March of 2022", datetime.date(2022, 3, 1)),
            ("2022 March", datetime.date(2022, 3, 1)),
            ("2022-03", datetime.date(2022, 3, 1)),
            ("2022/12", datetime.date(2022, 12, 1)),
            ("03/2022", datetime.date(2022, 3, 1)),
            ("Tuesday, March 2022", datetime.date(2022, 3, 1)),
        ],
    )
    def test_month(self, raw: str, expected: datetime.date) -> None:
        """A month and year resolve to the first of the month, precision MONTH."""
        assert parse_date(raw) == published(raw, expected, MONTH)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("2022", datetime.date(2022, 1, 1)),
            ("1000", datetime.date(1000, 1, 1)),
            ("9999", datetime.date(9999, 1, 1)),
        ],
    )
    def test_year(self, raw: str, expected: datetime.date) -> None:
        """A year alone resolves to the first of January, precision YEAR."""
        assert parse_date(raw) == published(raw, expected, YEAR)


class TestAmbiguity:
    """Tests for the reading of ambiguous numeric dates."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("03/04/2022", datetime.date(2022, 3, 4)),
            ("03-04-2022", datetime.date(2022, 3, 4)),
            ("13/04/2022", datetime.date(2022, 4, 13)),
            ("04/13/2022", datetime.date(2022, 4, 13)),
            ("03.04.2022", datetime.date(2022, 4, 3)),
            ("13.04.2022", datetime.date(2022, 4, 13)),
            ("04.13.2022", datetime.date(2022, 4, 13)),
            ("2022-03-04", datetime.date(2022, 3, 4)),
        ],
    )
    def test_default(self, raw: str, expected: datetime.date) -> None:
        """Without dayfirst, / and - read month first, . reads day first."""
        assert parse_date(raw).date == expected

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("03/04/2022", datetime.date(2022, 4, 3)),
            ("03.04.2022", datetime.date(2022, 4, 3)),
            ("13/04/2022", datetime.date(2022, 4, 13)),
            ("2022-03-04", datetime.date(2022, 3, 4)),
        ],
    )
    def test_dayfirst(self, raw: str, expected: datetime.date) -> None:
        """dayfirst=True forces the day-first reading of year-last dates."""
        assert parse_date(raw, dayfirst=True).date == expected

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("03/04/2022", datetime.date(2022, 3, 4)),
            ("03.04.2022", datetime.date(2022, 3, 4)),
            ("04.13.2022", datetime.date(2022, 4, 13)),
            ("2022-03-04", datetime.date(2022, 3, 4)),
        ],
    )
    def test_monthfirst(self, raw: str, expected: datetime.date) -> None:
        """dayfirst=False forces the month-first reading of year-last dates."""
        assert parse_date(raw, dayfirst=False).date == expected

    @pytest.mark.parametrize(
        ("raw", "dayfirst"),
        [("04/13/2022", True), ("13/04/2022", False), ("13.04.2022", False)],
    )
    def test_forced_reading_that_does_not_fit(self, raw: str, dayfirst: bool) -> None:
        """A forced reading that names no real day is an invalid date."""
        with pytest.raises(ValidationError, match="there is no month 13"):
            parse_date(raw, dayfirst=dayfirst)


class TestUnknown:
    """Tests for text that holds no date parse_date can resolve."""

    @pytest.mark.parametrize("raw", ["", " ", "\t\n  "])
    def test_blank(self, raw: str) -> None:
        """Blank text is an unknown date without raw text."""
        assert parse_date(raw) == Published()

    @pytest.mark.parametrize(
        "raw",
        [
            "on Wednesday",
            "Wednesday",
            "yesterday",
            "last week",
            "n/a",
            "unknown",
            "March 29",
            "29 March",
            "29th of March",
            "March",
            "29 February",
            "14:05",
            "3/29/22",
            "29.03.22",
            "March 29, 22",
            "0999",
            "0999-03-29",
            "10000",
            "202203",
            "20220329T140500Z",
            "Date: 2022-03-29",
            "We may meet in 2022",
            "2022 and 2023",
            "March 3 4 2022",
            "März 2022",
            "\uff12\uff10\uff12\uff12",
        ],
    )
    def test_not_a_date(self, raw: str) -> None:
        """Relative, partial and free text gives an unknown date, raw kept."""
        assert parse_date(raw) == Published(raw=raw)

    def test_long_text(self) -> None:
        """Text longer than 100 characters is not a date, even around one."""
        raw = "," * 100 + "March 2022"

        assert parse_date(raw) == Published(raw=raw)

    def test_result_is_unknown(self) -> None:
        """An unresolved date has no date and precision UNKNOWN."""
        result = parse_date("March 29")

        assert (result.raw, result.date, result.precision) == (
            "March 29",
            None,
            Precision.UNKNOWN,
        )


class TestInvalid:
    """Tests for strings shaped like dates that name no real day."""

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("20221399", "there is no month 13"),
            ("20220230", "February 2022 has no day 30"),
            ("2022-02-30", "February 2022 has no day 30"),
            ("2023-02-29", "February 2023 has no day 29"),
            ("2022-13", "there is no month 13"),
            ("2022-00-10", "there is no month 0"),
            ("2022-03-00", "March 2022 has no day 0"),
            ("31/31/2022", "there is no month 31"),
            ("13/2022", "there is no month 13"),
            ("February 30, 2022", "February 2022 has no day 30"),
            ("March 45, 2022", "March 2022 has no day 45"),
            ("Monday, March 29, 2022", "2022-03-29 is a Tuesday, not a Monday"),
            ("2022-03-29 25:00", "hour 25 is not in 0..23"),
            ("2022-03-29 13:05 PM", "hour 13 is not in 1..12"),
            ("2022-03-29 14:61", "minute 61 is not in 0..59"),
            ("2022-03-29T14:05:61Z", "second 61 is not in 0..60"),
            ("2022-03-29T14:05:00+25:00", "time zone offset +25:00 is out of range"),
        ],
    )
    def test_invalid(self, raw: str, reason: str) -> None:
        """Impossible dates raise ValidationError naming field, text and reason."""
        with pytest.raises(ValidationError) as info:
            parse_date(raw)

        assert info.value.errors == [f"$.published: invalid date {raw!r} ({reason})"]

    def test_path_and_field(self) -> None:
        """The error carries the file's path and the field's path."""
        with pytest.raises(ValidationError) as info:
            parse_date("2022-02-30", path="meta.json", field="articles[2].published")

        assert info.value.path == "meta.json"
        assert info.value.errors[0].startswith("$.articles[2].published: ")
        assert str(info.value).startswith("meta.json: $.articles[2].published: ")


class TestProperties:
    """Property tests for parse_date."""

    @given(dates, st.sampled_from(DAY_FORMATS))
    def test_day_round_trip(self, date: datetime.date, fmt: str) -> None:
        """Any date written in a day format parses back to itself, precision DAY."""
        raw = date.strftime(fmt)

        assert parse_date(raw) == Published(raw, date, DAY)

    @given(dates)
    def test_isoformat_round_trip(self, date: datetime.date) -> None:
        """Any date's isoformat parses back to itself, precision DAY."""
        assert parse_date(date.isoformat()).date == date

    @given(dates, st.sampled_from(MONTH_FORMATS))
    def test_month_round_trip(self, date: datetime.date, fmt: str) -> None:
        """A date written to the month parses to the first of it, precision MONTH."""
        raw = date.strftime(fmt)

        assert parse_date(raw) == Published(raw, date.replace(day=1), MONTH)

    @given(dates)
    def test_year_round_trip(self, date: datetime.date) -> None:
        """A year alone parses to the first of January, precision YEAR."""
        raw = date.strftime("%Y")

        assert parse_date(raw) == Published(raw, date.replace(month=1, day=1), YEAR)

    @given(st.one_of(st.text(), date_pieces), st.sampled_from([None, True, False]))
    def test_any_text(self, raw: str, dayfirst: bool | None) -> None:
        """Any text gives a Published keeping raw, or raises ValidationError."""
        errors: list[str] = []
        try:
            result = parse_date(raw, dayfirst=dayfirst)
        except ValidationError as exc:
            errors = exc.errors
        if errors:
            assert errors[0].startswith(f"$.published: invalid date {raw!r} (")
        else:
            assert isinstance(result, Published)
            assert result.raw == (raw if raw.strip() else None)


class FrozenDatetime(datetime.datetime):
    """A datetime whose now() is a fixed, far-off moment."""

    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> FrozenDatetime:
        """Return the fixed moment."""
        return cls(1955, 11, 5, 6, 15, tzinfo=tz)


@contextlib.contextmanager
def today_in_1955() -> Iterator[None]:
    """Make dateutil believe that today is 5 November 1955."""
    fake = types.SimpleNamespace(**vars(datetime))
    fake.datetime = FrozenDatetime
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dateutil_parser, "datetime", fake)
        yield


class TestToday:
    """Tests that results never depend on today's date."""

    def test_patch_changes_today(self) -> None:
        """The patch used below really changes what dateutil takes for today."""
        with today_in_1955():
            assert dateutil_parser.parse("March 29").year == 1955

    @pytest.mark.parametrize(
        "raw",
        [
            "March 29",
            "29 March",
            "Tuesday",
            "on Wednesday",
            "March 2022",
            "Mar 2022",
            "2022-03",
            "2022/12",
            "2022",
            "29 March 2022",
            "Tuesday, March 29, 2022",
            "14:05",
        ],
    )
    def test_same_result_on_another_day(self, raw: str) -> None:
        """Parsing gives the same result whatever dateutil thinks today is."""
        expected = parse_date(raw)

        with today_in_1955():
            assert parse_date(raw) == expected

    @given(
        st.dates(min_value=datetime.date(2000, 1, 1)),
        st.sampled_from(["%B %d", "%d %B", "%b %d", "%m/%d", "%d.%m."]),
    )
    def test_no_year_no_date(self, date: datetime.date, fmt: str) -> None:
        """A date written without its year is never resolved."""
        raw = date.strftime(fmt)

        assert parse_date(raw) == Published(raw=raw)
        with today_in_1955():
            assert parse_date(raw) == Published(raw=raw)
