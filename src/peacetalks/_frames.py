"""Analysis-ready pandas columns for every `to_pandas()`: dates and categories.

A date column is ``datetime64[ns]`` (missing dates are ``NaT``); a date
known only to the month or year is its first day, and a precision column
beside it says so.  Columns of a few repeated names (actors, issues,
outlets, stances) are ``category``; a closed vocabulary (an enum) keeps all
its values as categories, in order, so frames of different findings stack
and group the same way.

>>> import datetime
>>> import pandas
>>> frame = pandas.DataFrame({"actor": ["Russia", "Ukraine", "Russia"]})
>>> frame["date"] = dates(pandas, [datetime.date(2022, 3, 1), None, None])
>>> categorize(pandas, frame, ["actor"])
>>> frame.dtypes.astype(str).to_dict()
{'actor': 'category', 'date': 'datetime64[ns]'}
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any

__all__ = ["categorize", "dates"]


def dates(pandas: ModuleType, values: Sequence[datetime.date | None]) -> Any:
    """A ``datetime64[ns]`` column of ``values`` (``None`` is ``NaT``).

    pandas holds nanoseconds from 1677 to 2262 only: a date outside those
    years makes the column ``datetime64[s]``, still a datetime column,
    rather than an error or a silently wrong date.

    >>> import pandas
    >>> str(dates(pandas, [datetime.date(1500, 1, 1), None]).dtype)
    'datetime64[s]'
    """
    known = [value for value in values if value is not None]
    low, high = pandas.Timestamp.min.date(), pandas.Timestamp.max.date()
    unit = "ns" if all(low < value < high for value in known) else "s"
    stamps = [
        None if value is None else datetime.datetime.combine(value, datetime.time())
        for value in values
    ]
    column = pandas.Series(stamps, dtype="object").astype(f"datetime64[{unit}]")
    return column.array  # positional: a frame indexed by id takes it as it is


def categorize(
    pandas: ModuleType,
    frame: Any,
    columns: Iterable[str],
    closed: Mapping[str, type[enum.Enum]] | None = None,
) -> None:
    """Make ``columns`` of ``frame`` categorical, in place.

    Args:
        pandas: The pandas module.
        frame: A pandas DataFrame.
        columns: The columns of open vocabularies (actors, outlets): their
            categories are the values found, sorted.
        closed: Columns of an enum's values: their categories are the
            enum's values, in the enum's order, found or not.
    """
    for column in columns:
        frame[column] = frame[column].astype("category")
    for column, kind in (closed or {}).items():
        values = [member.value for member in kind]
        frame[column] = frame[column].astype(pandas.CategoricalDtype(values))
