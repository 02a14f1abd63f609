"""Date windows: the ``start`` and ``end`` of every selection by date.

`Corpus.filter` (its ``date_range``), `Findings.filter`,
`proposals_table`, `stance_matrix`, `common_ground` and `clashes` read
their bounds here, by one set of rules:

* **A bound** is a `datetime.date`, a `Published`, a string that
  `parse_date` resolves (``"2022-03-29"``, ``"2022-03"``, ``"March
  2022"``, ``"29 March 2022"``, ``"2022"``), or ``None`` for an open end.
* **A bound known to the month or the year** stands for its whole period:
  as a start its first day, as an end its last, inclusive.
  ``start="March 2022", end="March 2022"`` is 1 to 31 March 2022.
* **What is dated to the month or the year** (an article, a finding) is
  in the window when any day of its period is: a finding of ``2022-03``
  is in a window that starts on 29 March 2022, and in one that ends on
  1 March.  A window never cuts a period in two.
* **What has no date** is in no window; with no bound given, there is no
  window and nothing is left out (except by `Corpus.filter`, whose
  ``date_range=(None, None)`` keeps the dated articles, as it always has).
* **Errors** name the argument: a bound of another type (a number, a
  `datetime.datetime`) is a `TypeError`; a string that names no date,
  a `Published` without a date, and a start after the end are a
  `FieldValueError` (a `ValueError`).

So the same window given as dates, as ISO strings or as `Published`
selects the same things, and widening a window never drops anything.

>>> import datetime
>>> march = DateWindow.of("March 2022", "March 2022")
>>> march
DateWindow(start=datetime.date(2022, 3, 1), end=datetime.date(2022, 3, 31))
>>> from peacetalks import parse_date
>>> march.contains(parse_date("2022-03-29")), march.contains(parse_date("2022"))
(True, True)
>>> march.contains(parse_date("April 2022"))
False
>>> DateWindow.of("2022-04-01", datetime.date(2022, 3, 1))
Traceback (most recent call last):
    ...
peacetalks.errors.FieldValueError: 'start' must not be after 'end' (got 2022-04-01
and 2022-03-01)
"""

from __future__ import annotations

import datetime

import attrs

from peacetalks.errors import FieldValueError, ValidationError
from peacetalks.io.dates import parse_date
from peacetalks.model import Published

__all__ = ["DateLike", "DateWindow", "window_bound"]

#: What a window's bound may be given as; ``None`` leaves that end open.
DateLike = datetime.date | str | Published | None

_EXAMPLES = "a date such as '2022-03-29', '2022-03' or 'March 2022'"


def _period(value: object, argument: str) -> Published:
    """The date ``value`` stands for, at its precision (anything may come in)."""
    if isinstance(value, datetime.datetime):
        msg = (
            f"{argument!r} must be {_EXAMPLES}, a datetime.date or a Published, "
            f"not a datetime (got {value!r}): give its .date()"
        )
        raise TypeError(msg)
    if isinstance(value, datetime.date):
        return Published(None, value, "day")
    if isinstance(value, Published):
        published = value
    elif isinstance(value, str):
        try:
            published = parse_date(value, field=argument)
        except ValidationError as exc:
            reason = exc.errors[0].partition(": ")[2]
            raise FieldValueError(argument, f"{argument!r}: {reason}") from None
    else:
        msg = (
            f"{argument!r} must be {_EXAMPLES}, a datetime.date or a Published "
            f"(got {type(value).__name__}: {value!r})"
        )
        raise TypeError(msg)
    if published.date is None:
        msg = f"{argument!r} must be {_EXAMPLES} (got {value!r}, which has no date)"
        raise FieldValueError(argument, msg)
    return published


def window_bound(
    value: DateLike, argument: str, *, last: bool = False
) -> datetime.date | None:
    """One bound of a window as a day: the first day of its period, or the last.

    Args:
        value: The bound, as `DateLike` says; ``None`` for an open end.
        argument: The caller's name for it, for errors (``"start"``).
        last: Whether it ends the window: a month or a year then stands for
            its last day.

    Raises:
        TypeError: ``value`` is of another type.
        FieldValueError: ``value`` names no date (``field`` is ``argument``).

    >>> window_bound("March 2022", "start")
    datetime.date(2022, 3, 1)
    >>> window_bound("March 2022", "end", last=True)
    datetime.date(2022, 3, 31)
    >>> window_bound("2022-02-30", "end")
    Traceback (most recent call last):
        ...
    peacetalks.errors.FieldValueError: 'end': invalid date '2022-02-30' (February
    2022 has no day 30)
    """
    if value is None:
        return None
    period = _period(value, argument).range
    assert period is not None
    return period[1] if last else period[0]


@attrs.frozen
class DateWindow:
    """The days from ``start`` to ``end``, inclusive; either may be open.

    Build one with `of`, which reads the bounds by the module's rules.

    Args:
        start: The first day, or ``None``.
        end: The last day, or ``None``.

    >>> DateWindow.of(None, "2022").end
    datetime.date(2022, 12, 31)
    >>> DateWindow().is_open
    True
    """

    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def of(
        cls,
        start: DateLike = None,
        end: DateLike = None,
        *,
        names: tuple[str, str] = ("start", "end"),
    ) -> DateWindow:
        """Read a window from its bounds, as the caller's arguments ``names``.

        Raises:
            TypeError: A bound is of another type.
            FieldValueError: A bound names no date, or ``start`` comes after
                ``end`` (its ``field`` is then the end's name).

        >>> from peacetalks import parse_date
        >>> DateWindow.of(parse_date("2022-03"), "2022-03-31")
        DateWindow(start=datetime.date(2022, 3, 1), end=datetime.date(2022, 3, 31))
        """
        first = window_bound(start, names[0])
        last = window_bound(end, names[1], last=True)
        if first is not None and last is not None and first > last:
            msg = (
                f"{names[0]!r} must not be after {names[1]!r} "
                f"(got {first.isoformat()} and {last.isoformat()})"
            )
            raise FieldValueError(names[1], msg)
        return cls(first, last)

    @property
    def is_open(self) -> bool:
        """Whether the window has no bound at all, and so keeps everything.

        >>> DateWindow.of(None, None).is_open, DateWindow.of("2022", None).is_open
        (True, False)
        """
        return self.start is None and self.end is None

    def contains(self, date: Published) -> bool:
        """Whether any day of the period ``date`` stands for is in the window.

        Everything is in an open window; nothing undated is in another.

        >>> from peacetalks import parse_date
        >>> window = DateWindow.of("2022-03-29", None)
        >>> window.contains(parse_date("March 2022")), window.contains(Published())
        (True, False)
        """
        if self.is_open:
            return True
        period = date.range
        if period is None:
            return False
        return (self.start is None or self.start <= period[1]) and (
            self.end is None or period[0] <= self.end
        )
