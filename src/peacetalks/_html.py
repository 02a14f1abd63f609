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
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["table"]


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
) -> str:
    """An HTML table; every header and cell is escaped (``None`` is empty)."""

    def cell(value: object) -> str:
        return "" if value is None else html.escape(str(value))

    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{cell(caption)}</caption>")
    head = "".join(f"<th>{cell(h)}</th>" for h in headers)
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    lines += [
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows
    ]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)
