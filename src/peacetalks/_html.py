"""Small HTML for notebooks: one escaped table builder for every `_repr_html_`.

Example:
    >>> print(table(["actor", "value"], [["Russia", "85,000"], ["<b>", ""]]))
    <table>
    <thead><tr><th>actor</th><th>value</th></tr></thead>
    <tbody>
    <tr><td>Russia</td><td>85,000</td></tr>
    <tr><td>&lt;b&gt;</td><td></td></tr>
    </tbody>
    </table>

A long collection is cut as pandas cuts a long data frame: past `MAX_ROWS`
items, `numbered` keeps the first and last `EDGE_ROWS` and says how many
are left out between them:

    >>> rows = numbered(range(1000), lambda n: [n * n])
    >>> print(table(["#", "square"], rows))
    <table>
    <thead><tr><th>#</th><th>square</th></tr></thead>
    <tbody>
    <tr><td>1</td><td>0</td></tr>
    <tr><td>2</td><td>1</td></tr>
    <tr><td>3</td><td>4</td></tr>
    <tr><td>4</td><td>9</td></tr>
    <tr><td>5</td><td>16</td></tr>
    <tr class="omitted"><td colspan="2">… 990 more</td></tr>
    <tr><td>996</td><td>990025</td></tr>
    <tr><td>997</td><td>992016</td></tr>
    <tr><td>998</td><td>994009</td></tr>
    <tr><td>999</td><td>996004</td></tr>
    <tr><td>1000</td><td>998001</td></tr>
    </tbody>
    </table>
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Final, TypeVar

import attrs

__all__ = ["EDGE_ROWS", "MAX_ROWS", "Omitted", "numbered", "table"]

T = TypeVar("T")

#: The most items a notebook table lists whole (pandas' ``display.max_rows``).
MAX_ROWS: Final = 60

#: Items shown at each end of a longer collection (pandas' ``min_rows`` / 2).
EDGE_ROWS: Final = 5


@attrs.frozen
class Omitted:
    """The rows left out of the middle of a long table."""

    count: int


def numbered(
    items: Sequence[T], row: Callable[[T], Sequence[object]]
) -> list[Sequence[object] | Omitted]:
    """Rows for ``items``, each numbered from 1, cut in the middle if long.

    Only the rows shown are made, so a corpus of 100,000 articles costs ten
    calls of ``row``.

    >>> numbered("abc", lambda letter: [letter.upper()])
    [(1, 'A'), (2, 'B'), (3, 'C')]
    >>> numbered(range(61), lambda n: [n])[5]
    Omitted(count=51)
    """
    count = len(items)
    if count <= MAX_ROWS:
        shown: Iterable[int] = range(count)
        return [(n + 1, *row(items[n])) for n in shown]
    head = [(n + 1, *row(items[n])) for n in range(EDGE_ROWS)]
    tail = [(n + 1, *row(items[n])) for n in range(count - EDGE_ROWS, count)]
    return [*head, Omitted(count - 2 * EDGE_ROWS), *tail]


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object] | Omitted],
    *,
    caption: str | None = None,
) -> str:
    """An HTML table; every header and cell is escaped (``None`` is empty).

    An `Omitted` row spans the table: ``… 4,990 more``.
    """

    def cell(value: object) -> str:
        return "" if value is None else html.escape(str(value))

    def line(row: Sequence[object] | Omitted) -> str:
        if isinstance(row, Omitted):
            span = f'colspan="{len(headers)}"'
            return f'<tr class="omitted"><td {span}>… {row.count:,} more</td></tr>'
        return "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"

    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{cell(caption)}</caption>")
    head = "".join(f"<th>{cell(h)}</th>" for h in headers)
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    lines += [line(row) for row in rows]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)
