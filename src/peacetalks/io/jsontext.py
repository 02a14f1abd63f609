"""Strict JSON text: UTF-8 only, no ``NaN``, errors that say where.

The readers of every peacetalks file, `peacetalks.serialize.loads` and the
sidecar, gold and Parquet readers parse JSON with these.

>>> parse_json(b'{"value": 85000}')
{'value': 85000}
"""

from __future__ import annotations

import json
from typing import Any

from peacetalks.errors import DecodeError

__all__ = ["decode_utf8", "parse_json", "reject_constant"]


def reject_constant(name: str) -> float:
    """Refuse ``NaN`` and ``Infinity``, which JSON does not have (a ``parse_constant``).

    >>> reject_constant("NaN")
    Traceback (most recent call last):
        ...
    ValueError: NaN is not valid JSON
    """
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def decode_utf8(
    data: bytes,
    *,
    path: str | None = None,
    line: int | None = None,
    strip_bom: bool = True,
) -> str:
    r"""Decode UTF-8 (with or without a byte-order mark), naming the bad line.

    Raises:
        DecodeError: If ``data`` is not valid UTF-8.

    >>> decode_utf8("\ufeffKyiv offers".encode())
    'Kyiv offers'
    >>> decode_utf8(b"caf\xe9", path="a.jsonl", line=3)
    Traceback (most recent call last):
        ...
    peacetalks.errors.DecodeError: a.jsonl:3: invalid UTF-8 at byte 3: unexpected end of
    data
    """
    try:
        return data.decode("utf-8-sig" if strip_bom else "utf-8")
    except UnicodeDecodeError as exc:
        where = line if line is not None else data.count(b"\n", 0, exc.start) + 1
        reason = f"invalid UTF-8 at byte {exc.start}: {exc.reason}"
        raise DecodeError(reason, path=path, line=where) from None


def parse_json(
    text: str | bytes, *, path: str | None = None, line: int | None = None
) -> Any:
    """Parse JSON strictly (no ``NaN``), reporting where it breaks.

    Raises:
        DecodeError: If ``text`` is not valid UTF-8 or not valid JSON.

    >>> parse_json('{"value": 85000}')
    {'value': 85000}
    >>> parse_json('{"value": NaN}', path="x.json")
    Traceback (most recent call last):
        ...
    peacetalks.errors.DecodeError: x.json: invalid JSON: NaN is not valid JSON
    """
    if isinstance(text, bytes):
        text = decode_utf8(text, path=path, line=line)
    try:
        return json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        where = line if line is not None else exc.lineno
        raise DecodeError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, line=where
        ) from None
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"invalid JSON: {exc}", path=path, line=line) from None
