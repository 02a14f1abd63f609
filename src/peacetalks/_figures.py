"""Figures as people read them: one number format for reprs, tables and charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peacetalks.model import Quantity

__all__ = ["exact", "rounded", "span"]


def exact(value: float) -> str:
    """A number with thousands separators, as it was given.

    >>> exact(85_000.0), exact(2.5), exact(1 / 3)
    ('85,000', '2.5', '0.3333333333333333')
    """
    whole = value.is_integer() and abs(value) < 1e15
    return f"{int(value):,}" if whole else f"{value:,}"


def rounded(value: float) -> str:
    """A number with separators and at most two decimals: ``85,000``, ``0.33``.

    >>> rounded(85_000.0), rounded(2.5), rounded(1 / 3), rounded(-0.001)
    ('85,000', '2.5', '0.33', '0')
    """
    value = round(value, 2)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def span(quantity: Quantity) -> str:
    """A quantity's number or range, exactly: ``85,000``, ``40-280``.

    >>> from peacetalks.model import Quantity
    >>> span(Quantity(85_000)), span(Quantity(low=40, high=280))
    ('85,000', '40-280')
    """
    if quantity.value is not None:
        return exact(quantity.value)
    ends = [v for v in (quantity.low, quantity.high) if v is not None]
    return "-".join(exact(v) for v in ends)
