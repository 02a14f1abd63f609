"""Resolving the date strings found in articles and metadata files.

`parse_date` turns one date string into a `Published`
at its honest precision.  It reads only strings that *look like* a date; it
never completes a missing part from today's date, never resolves relative
expressions ("yesterday", "on Wednesday") and never guesses a century.

>>> published = parse_date("Tuesday, March 29, 2022")
>>> published.raw, published.date, published.precision
('Tuesday, March 29, 2022', datetime.date(2022, 3, 29), <Precision.DAY: 'day'>)
>>> parse_date("March 2022").label
'2022-03'
>>> parse_date("March 29").date is None
True
>>> try:
...     parse_date("2022-02-30", path="meta.json")
... except ValidationError as exc:
...     print(exc.path, *exc.errors)
meta.json $.published: invalid date '2022-02-30' (February 2022 has no day 30)

Conventions:

* **Numeric forms** are read by fixed patterns, never by heuristics (and
  so without `dateutil`, since every part is explicit):
  ``20220329``; year first with ``-``, ``/`` or ``.`` (``2022-03-29``,
  ``2022/3/9``, ``2022-03``: always year, month, day); year last
  (``03/29/2022``, ``29.03.2022``, ``03/2022``); a year alone (``2022``).
* **Ambiguous year-last forms** (``03/04/2022``): with ``dayfirst=None``,
  ``/`` and ``-`` are read month first unless the first number is over 12,
  and ``.`` is read day first (the European convention) unless the second
  number is over 12; in both cases, the other reading is taken only when it
  is the only possible one.  ``dayfirst=True`` or ``False`` forces a
  reading, so a date that does not fit it is invalid.
* **A column of dates** is read in one order: `DateOrder` takes it from
  the column's first date that only one order can read (``29/03/2022``,
  day first) and reads the ambiguous ones (``03/04/2022``) the same way,
  telling when the column mixes both orders or stays ambiguous.
* **Month names** in English, full or abbreviated (``29 March 2022``,
  ``Mar. 29, 2022``, ``29th of March, 2022``, ``29-Mar-2022``,
  ``Mar 2022``), are checked token by token and then read by
  `dateutil.parser.parse` twice, with two different ``default``
  datetimes: a part that comes out differently was missing.
* **Years** are four digits between 1000 and 9999, written out: two-digit
  years are not resolved (their century would depend on today's date).
* **Length:** text longer than 100 characters (after runs of whitespace
  are collapsed) is not a date.
* **A leading weekday** (``Tuesday,``, ``Tue``) must agree with the date.
* **A trailing time** (``T14:05:00+03:00``, ``14:05``, ``2:05 PM EST``) is
  checked and dropped: the date is the calendar date *as written*, in the
  string's own offset; it is never converted to UTC, so
  ``2022-03-29T23:30:00-05:00`` is the 29th although it is the 30th in UTC.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable
from typing import Final

import attrs
from dateutil import parser as _dateutil_parser

from peacetalks import seams
from peacetalks.errors import ValidationError
from peacetalks.model import Precision, Published

__all__ = [
    "MONTH_NAMES",
    "WEEKDAY_NAMES",
    "DateOrder",
    "first_order",
    "parse_date",
    "possible_orders",
]

# English names, spelt out rather than taken from `calendar`, whose
# names follow the process's locale.
#: Month names in English, January first.
MONTH_NAMES: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: Weekday names in English, Monday first (as `datetime.date.weekday`).
WEEKDAY_NAMES: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_MONTHS: Final = {
    name: number
    for number, full in enumerate(MONTH_NAMES, start=1)
    for name in (full, full[:3])
} | {"sept": 9}
_WEEKDAYS: Final = {
    name: number
    for number, full in enumerate(WEEKDAY_NAMES)
    for name in (full, full[:3])
} | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_ORDINAL_SUFFIXES: Final = frozenset({"st", "nd", "rd", "th"})

# Every pattern below is linear: no quantified group contains another
# quantifier that can match the same text, and whitespace is collapsed to
# single spaces before matching.
_WEEKDAY_PREFIX: Final = re.compile(r"([A-Za-z]+)\.?,? ", re.ASCII)
_TIME_SUFFIX: Final = re.compile(
    r"""
    (?:T|,?\ (?:at\ )?)
    (?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})
    (?::(?P<second>[0-9]{2})(?:[.,][0-9]{1,9})?)?
    (?:\ ?(?P<ampm>[AaPp]\.?[Mm]\.?))?
    (?:\ ?(?:Z|[A-Z]{3,5}|(?P<offset>[+-][0-9]{2}(?::?[0-9]{2})?)))?
    \Z
    """,
    re.VERBOSE | re.ASCII,
)
_NUMERIC: Final = re.compile(
    r"""
    (?P<cy>[1-9][0-9]{3})(?P<cm>[0-9]{2})(?P<cd>[0-9]{2})
    | (?P<iy>[1-9][0-9]{3})(?P<isep>[-/.])(?P<im>[0-9]{1,2})
      (?:(?P=isep)(?P<id>[0-9]{1,2}))?
    | (?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<ly>[1-9][0-9]{3})
    | (?P<mm>[0-9]{1,2})[-/.](?P<my>[1-9][0-9]{3})
    | (?P<y>[1-9][0-9]{3})
    """,
    re.VERBOSE | re.ASCII,
)
_TOKEN: Final = re.compile(
    r"(?P<number>[0-9]+)(?P<suffix>[A-Za-z]{2})?|(?P<word>[A-Za-z]+)|(?P<other>\S)",
    re.ASCII,
)
_PUNCTUATION: Final = frozenset(",.-/")
# Longer than any date written out in full with its time and zone.
_MAX_LENGTH: Final = 100

# Two defaults that differ in every part, in leap years so that a bare
# "29 February" still parses: whatever differs between the two readings
# was not in the text.
_DEFAULTS: Final = (datetime.datetime(1904, 1, 1), datetime.datetime(1908, 2, 2))


class _InvalidDateError(Exception):
    """A string shaped like a date that names no real day; the reason."""


def parse_date(
    raw: str,
    *,
    dayfirst: bool | None = None,
    path: str | None = None,
    field: str = "published",
) -> Published:
    """Resolve a date string into a `Published`.

    The result keeps ``raw`` exactly as given and records the precision the
    text supports: a month is stored as its first day with
    `Precision.MONTH`, a year as the first of January with
    `Precision.YEAR`.  See the module documentation for the formats
    and conventions.

    Args:
        raw (str): The date as found in an article or metadata file.
        dayfirst (bool | None): How to read an ambiguous numeric date such as
            ``03/04/2022``: ``True`` day first, ``False`` month first,
            ``None`` by the separator's convention (``.`` day first, ``/``
            and ``-`` month first) unless only the other reading is possible.
        path (str | None): The file the string comes from, for errors.
        field (str): The field's name, for the path in error messages.

    Returns:
        Published: ``Published()`` for blank text; ``Published(raw=raw)``
        (date ``None``, precision unknown) for text that is not a date we
        can resolve, such as ``"yesterday"`` or ``"March 29"`` without a
        year; otherwise the date at its precision.

    Raises:
        ValidationError: The text is shaped like a date but names no real
            day (``"2022-02-30"``, ``"31/31/2022"``, ``"Monday, March 29,
            2022"``), or the date cannot be read as a whole.

    >>> parse_date("20220329").label
    '2022-03-29'
    >>> parse_date("29.03.2022").date
    datetime.date(2022, 3, 29)
    >>> parse_date("03/04/2022").date, parse_date("03/04/2022", dayfirst=True).date
    (datetime.date(2022, 3, 4), datetime.date(2022, 4, 3))
    >>> parse_date("29/03/2022").date
    datetime.date(2022, 3, 29)
    >>> parse_date("2022-03-29T23:30:00-05:00").date
    datetime.date(2022, 3, 29)
    >>> parse_date("2022").range
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    >>> parse_date("yesterday")
    Published(raw='yesterday', date=None, precision=<Precision.UNKNOWN: 'unknown'>)
    >>> parse_date("   ")
    Published(raw=None, date=None, precision=<Precision.UNKNOWN: 'unknown'>)
    >>> try:
    ...     parse_date("31/31/2022", field="articles[0].published")
    ... except ValidationError as exc:
    ...     print(*exc.errors)
    $.articles[0].published: invalid date '31/31/2022' (there is no month 31)
    """
    text = " ".join(raw.split())
    if not text:
        return Published()
    if len(text) > _MAX_LENGTH:
        return Published(raw=raw)
    try:
        resolved = _resolve(text, dayfirst=dayfirst)
    except _InvalidDateError as exc:
        msg = f"$.{field}: invalid date {raw!r} ({exc})"
        raise ValidationError([msg], path=path) from None
    if resolved is None:
        return Published(raw=raw)
    date, precision = resolved
    return Published(raw=raw, date=date, precision=precision)


# The model's date fields read date strings through this seam.
seams.PARSE_DATE.provide(parse_date)


def _resolve(
    text: str, *, dayfirst: bool | None
) -> tuple[datetime.date, Precision] | None:
    """Read whitespace-normalised ``text``; ``None`` if it is not a date."""
    weekday = None
    if (match := _WEEKDAY_PREFIX.match(text)) and (match.group(1).lower() in _WEEKDAYS):
        weekday = _WEEKDAYS[match.group(1).lower()]
        text = text[match.end() :]
    if time := _TIME_SUFFIX.search(text):
        _check_time(time)
        text = text[: time.start()]
    resolved: tuple[datetime.date, Precision] | None
    if numeric := _NUMERIC.fullmatch(text):
        resolved = _numeric(numeric, dayfirst=dayfirst)
    else:
        resolved = _with_month_name(text)
    if resolved is not None and weekday is not None:
        day, precision = resolved
        if precision is Precision.DAY and day.weekday() != weekday:
            written = WEEKDAY_NAMES[weekday].title()
            actual = WEEKDAY_NAMES[day.weekday()].title()
            msg = f"{day.isoformat()} is a {actual}, not a {written}"
            raise _InvalidDateError(msg)
    return resolved


def _check_time(match: re.Match[str]) -> None:
    """Reject a time of day that cannot exist; its value is otherwise unused."""
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    hours = range(1, 13) if match["ampm"] else range(24)
    if hour not in hours:
        msg = f"hour {hour} is not in {hours.start}..{hours.stop - 1}"
        raise _InvalidDateError(msg)
    if minute > 59:
        msg = f"minute {minute} is not in 0..59"
        raise _InvalidDateError(msg)
    if second > 60:  # 60 is a leap second
        msg = f"second {second} is not in 0..60"
        raise _InvalidDateError(msg)
    if offset := match["offset"]:
        digits = offset[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:] or 0) > 59:
            msg = f"time zone offset {offset} is out of range"
            raise _InvalidDateError(msg)


def _numeric(
    match: re.Match[str], *, dayfirst: bool | None
) -> tuple[datetime.date, Precision]:
    """Build the date a numeric pattern matched, by its convention."""
    if match["cy"]:
        return _day(int(match["cy"]), int(match["cm"]), int(match["cd"]))
    if match["iy"]:
        if match["id"] is None:
            return _month(int(match["iy"]), int(match["im"]))
        return _day(int(match["iy"]), int(match["im"]), int(match["id"]))
    if match["ly"]:
        first, second = int(match["a"]), int(match["b"])
        if dayfirst is None:
            # "." is day first unless only month first fits; "/" and "-"
            # the other way round.
            dayfirst = second <= 12 if match["sep"] == "." else first > 12
        day, month = (first, second) if dayfirst else (second, first)
        return _day(int(match["ly"]), month, day)
    if match["my"]:
        return _month(int(match["my"]), int(match["mm"]))
    return datetime.date(int(match["y"]), 1, 1), Precision.YEAR


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        msg = f"there is no month {month}"
        raise _InvalidDateError(msg)


def _month(year: int, month: int) -> tuple[datetime.date, Precision]:
    _check_month(month)
    return datetime.date(year, month, 1), Precision.MONTH


def _day(year: int, month: int, day: int) -> tuple[datetime.date, Precision]:
    _check_month(month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        msg = f"{MONTH_NAMES[month - 1].title()} {year} has no day {day}"
        raise _InvalidDateError(msg)
    return datetime.date(year, month, day), Precision.DAY


def _with_month_name(text: str) -> tuple[datetime.date, Precision] | None:
    """Read a date that names its month, or ``None`` if ``text`` is not one.

    The tokens are checked first, so that `dateutil` only ever sees a
    month name, at most one day number, one written-out year, the word
    "of" and punctuation; it then parses with two different defaults.
    """
    months: list[int] = []
    days: list[int] = []
    years: list[int] = []
    for token in _TOKEN.finditer(text):
        number, suffix, word = token["number"], token["suffix"], token["word"]
        if word is not None and word.lower() in _MONTHS:
            months.append(_MONTHS[word.lower()])
        elif number is not None and len(number) <= 2:
            if suffix is not None and suffix.lower() not in _ORDINAL_SUFFIXES:
                return None
            days.append(int(number))
        elif number is not None and len(number) == 4 and not suffix:
            if number.startswith("0"):
                return None
            years.append(int(number))
        elif (word or "").lower() != "of" and token["other"] not in _PUNCTUATION:
            return None
    if len(months) != 1 or len(years) != 1 or len(days) > 1:
        return None
    year, month = years[0], months[0]
    if days:
        _day(year, month, days[0])
    readings = []
    for default in _DEFAULTS:
        try:
            readings.append(
                _dateutil_parser.parse(text, default=default, ignoretz=True)
            )
        except (ValueError, OverflowError) as exc:
            msg = f"unreadable: {exc}"
            raise _InvalidDateError(msg) from None
    first, second = readings
    day_known = first.day == second.day
    if (first.year, second.year, first.month, second.month) != (
        year,
        year,
        month,
        month,
    ) or days != ([first.day] if day_known else []):
        msg = "unreadable: the parts do not fit together"
        raise _InvalidDateError(msg)
    if day_known:
        return first.date(), Precision.DAY
    return datetime.date(year, month, 1), Precision.MONTH


# -- the order of a column's dates ----------------------------------------------

#: A year-last numeric date somewhere in a text: the only kind whose order
#: matters.
_YEAR_LAST: Final = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}", re.ASCII)


def _readings(text: str) -> dict[bool, tuple[datetime.date, Precision] | None]:
    """The readings of ``text`` day first and month first that are valid."""
    readings: dict[bool, tuple[datetime.date, Precision] | None] = {}
    for dayfirst in (True, False):
        try:
            readings[dayfirst] = _resolve(text, dayfirst=dayfirst)
        except _InvalidDateError:
            continue
    return readings


def possible_orders(raw: str) -> frozenset[bool]:
    """The orders that read ``raw`` as a real date, when the order changes it.

    ``True`` stands for day first, ``False`` for month first.  The set is
    empty when the order makes no difference (``2022-03-29``,
    ``03/03/2022``, text that is not a date) or when neither reading is a
    date.

    >>> sorted(possible_orders("29/03/2022")), sorted(possible_orders("03/29/2022"))
    ([True], [False])
    >>> sorted(possible_orders("03/04/2022")), sorted(possible_orders("2022-03-04"))
    ([False, True], [])
    """
    text = " ".join(raw.split())
    if len(text) > _MAX_LENGTH or not _YEAR_LAST.search(text):
        return frozenset()
    readings = _readings(text)
    valid = {order: found for order, found in readings.items() if found is not None}
    if len(valid) == 2 and valid[True] == valid[False]:
        return frozenset()
    return frozenset(valid)


def first_order(
    values: Iterable[tuple[int | None, str]],
) -> tuple[bool, str, int | None] | None:
    """The order of the first value only one order can read, that value and line.

    >>> first_order([(2, "03/04/2022"), (3, "2022-04-05"), (4, "13/04/2022")])
    (True, '13/04/2022', 4)
    >>> first_order([(2, "03/04/2022")]) is None
    True
    """
    for line, raw in values:
        orders = possible_orders(raw)
        if len(orders) == 1:
            return next(iter(orders)), raw, line
    return None


def _first(*, dayfirst: bool) -> str:
    return "day first" if dayfirst else "month first"


@attrs.define
class DateOrder:
    """Read the dates of one column in one order, decided by its own dates.

    The first date of the column that only one order can read
    (``29/03/2022`` can only be day first) decides the order of the whole
    column: its ambiguous dates (``03/04/2022``) are read the same way,
    even those that come before it.  `read` is called with the column's
    dates in order; when it meets an ambiguous date before any deciding
    one, it calls ``lookahead`` once for the first deciding date further
    on (see `first_order`), so that the caller can stream the column.

    When no date decides, an ambiguous date is read by the convention of
    `parse_date` and the first one gets a warning.  A date that only the
    other order can read keeps that only reading, with a warning that the
    column mixes both orders.

    Attributes:
        lookahead: Finds the first deciding date after the current one.
        dayfirst: The order decided so far (``None``: not yet).
        decided_by: The date that decided it, and its line.

    >>> order = DateOrder(lambda: first_order([(3, "29/03/2022")]))
    >>> order.read("03/04/2022", 2)
    (True, None)
    >>> order.read("29/03/2022", 3)
    (True, None)
    >>> dayfirst, warning = order.read("03/30/2022", 4)
    >>> dayfirst, warning
    (False, "$.published: '03/30/2022' can only be read month first, but the
    column's first unambiguous date '29/03/2022' (line 3) is day first: the column
    mixes both orders, and its ambiguous dates are read day first")
    """

    lookahead: Callable[[], tuple[bool, str, int | None] | None] | None = None
    dayfirst: bool | None = None
    decided_by: tuple[str, int | None] | None = None
    _looked: bool = attrs.field(default=False, init=False)
    _warned: bool = attrs.field(default=False, init=False)

    def read(self, raw: str, line: int | None) -> tuple[bool | None, str | None]:
        """The order to read ``raw`` in (``None``: by convention), and a warning.

        The warning starts with the field's path (``$.published: ...``).

        >>> order = DateOrder()
        >>> order.read("2022-03-29", 2), order.read("13/04/2022", 3)
        ((None, None), (True, None))
        >>> order.read("03/04/2022", 4)
        (True, None)
        """
        orders = possible_orders(raw)
        if len(orders) == 1:
            only = next(iter(orders))
            if self.dayfirst is None:
                self.dayfirst, self.decided_by = only, (raw, line)
                return only, None
            if only == self.dayfirst:
                return only, None
            return only, self._mixed(raw, only=only)
        if not orders:
            return None, None
        if self.dayfirst is None and not self._looked and self.lookahead is not None:
            self._looked = True
            found = self.lookahead()
            if found is not None:
                self.dayfirst, self.decided_by = found[0], (found[1], found[2])
        if self.dayfirst is not None:
            return self.dayfirst, None
        if self._warned:
            return None, None
        self._warned = True
        return None, self._ambiguous(raw)

    def _mixed(self, raw: str, *, only: bool) -> str:
        assert self.decided_by is not None
        assert self.dayfirst is not None
        first, line = self.decided_by
        at = f" (line {line})" if line is not None else ""
        this, other = _first(dayfirst=only), _first(dayfirst=not only)
        return (
            f"$.published: {raw!r} can only be read {this}, but the column's "
            f"first unambiguous date {first!r}{at} is {other}: the column mixes "
            f"both orders, and its ambiguous dates are read "
            f"{_first(dayfirst=self.dayfirst)}"
        )

    @staticmethod
    def _ambiguous(raw: str) -> str:
        convention = parse_date(raw).date == parse_date(raw, dayfirst=True).date
        other = not convention
        option = "--dayfirst" if other else "--monthfirst"
        return (
            f"$.published: {raw!r} reads both ways and no date of its column "
            f"settles the order: its dates are read {_first(dayfirst=convention)}, the "
            f"usual convention; pass dayfirst={other} ({option}) to read them "
            f"{_first(dayfirst=other)}"
        )
