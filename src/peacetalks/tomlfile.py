"""Reading the TOML files people write: lexicons and grammars.

Both go through `toml_converter`, a copy of the library's one converter
(`peacetalks.serialize.converter`) whose messages speak TOML: each names
the field by its path and says what was wrong in the words of the file
(``$.actors[0].aliases[1]: expected a string, got an integer``,
``$.actors[0]: unknown key 'alias'; did you mean 'aliases'?``,
``$.speakers[0].actor: missing``).

Example:
    >>> import attrs
    >>> @attrs.frozen
    ... class Entry:
    ...     name: str
    ...     aliases: tuple[str, ...] = ()
    >>> structure_toml({"name": "A", "aliases": ["B", 3]}, Entry)
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: $.aliases[1]: expected a string, got an
    integer
    >>> structure_toml({"nme": "A"}, Entry, path="talks.toml")
    Traceback (most recent call last):
    ...
    peacetalks.errors.ValidationError: talks.toml: $.name: missing; $: unknown key
    'nme'; did you mean 'name'?
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from peacetalks.errors import DecodeError, ValidationError
from peacetalks.serialize import converter

__all__ = ["parse_toml", "structure_toml", "toml_converter", "type_name"]

T = TypeVar("T")


def type_name(value: object) -> str:
    """Name a value's type in TOML's words.

    >>> type_name(3), type_name([1]), type_name({}), type_name(None)
    ('an integer', 'an array', 'a table', 'None')
    """
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "a table"
    return f"a {type(value).__name__}"


toml_converter: Final = converter.copy()
"""The converter for hand-written TOML: strict, with messages in TOML words."""


def _string(value: object, _: type) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {type_name(value)}"
        raise TypeError(msg)
    return value


def _number(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a number, got {type_name(value)}"
        raise TypeError(msg)
    return float(value)


def _flag(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false, got {type_name(value)}"
        raise TypeError(msg)
    return value


def _optional_string(value: object, _: type) -> str | None:
    # TOML has no null: a key is either absent (the default) or a string.
    return _string(value, str)


def _optional_flag(value: object, _: type) -> bool | None:
    return _flag(value, bool)


def _table(value: object, _: type) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"expected a table, got {type_name(value)}"
        raise TypeError(msg)
    return dict(value)


def _array(item: Any, what: str) -> Any:
    """A hook for ``tuple[item, ...]``: an array, each bad item by index."""

    def hook(value: object, kind: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            msg = f"expected an array of {what}, got {type_name(value)}"
            raise TypeError(msg)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, element in enumerate(value):
            try:
                items.append(toml_converter.structure(element, item))
            except Exception as exc:  # noqa: BLE001 - collected, re-raised below
                note = IterableValidationNote(
                    f"Structuring @ index {index}", index, item
                )
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {kind}", errors, kind)
        return tuple(items)

    return hook


def _attrs_hook(cls: type) -> Any:
    """Structure an attrs class from a table, or say what it got instead."""
    inner: Callable[[Any, Any], Any] = toml_converter.gen_structure_attrs_fromdict(cls)

    def hook(value: object, kind: type) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected a table, got {type_name(value)}"
            raise TypeError(msg)
        return inner(value, kind)

    return hook


toml_converter.register_structure_hook(str, _string)
toml_converter.register_structure_hook(float, _number)
toml_converter.register_structure_hook(bool, _flag)
toml_converter.register_structure_hook_func(
    lambda t: t == (str | None), _optional_string
)
toml_converter.register_structure_hook_func(
    lambda t: t == (bool | None), _optional_flag
)
toml_converter.register_structure_hook_func(
    lambda t: t in (dict[str, Any], Mapping[str, Any]), _table
)
toml_converter.register_structure_hook_func(
    lambda t: t == tuple[str, ...], _array(str, "strings")
)


def _tables(kind: Any) -> bool:
    """Whether ``kind`` is ``tuple[C, ...]`` of an attrs class ``C``."""
    args = typing.get_args(kind)
    return (
        typing.get_origin(kind) is tuple
        and len(args) == 2
        and isinstance(args[1], types.EllipsisType)
        and attrs.has(args[0])
    )


toml_converter.register_structure_hook_factory(
    _tables, lambda t: _array(typing.get_args(t)[0], "tables")
)
toml_converter.register_structure_hook_factory(attrs.has, _attrs_hook)


def _describe(exc: BaseException, kind: type | None) -> str:
    """One error in the words of the file."""
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = [field.name for field in attrs.fields(exc.cl)]
        messages = []
        for key in sorted(exc.extra_fields, key=str):
            message = f"unknown key {key!r}"
            close = difflib.get_close_matches(str(key), keys, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
            messages.append(message)
        return "; ".join(messages)
    if isinstance(exc, KeyError):
        return "missing"
    if isinstance(exc, TypeError | ValueError) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, kind)


def structure_toml(
    data: object, cls: type[T], *, where: str = "$", path: str | None = None
) -> T:
    """Build ``cls`` from TOML data, or raise one error listing every problem.

    Args:
        data: What `tomllib.load` returns (or any plain data).
        cls: An attrs class shaped like the table.
        where: The path of ``data`` in its file, used in messages.
        path: The file, for messages.

    Raises:
        ValidationError: Each bad field named by its path, in TOML's words.

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: float
    ...     label: str = ""
    >>> structure_toml({"x": 1.5}, Point)
    Point(x=1.5, label='')
    >>> from peacetalks.errors import ValidationError
    >>> try:
    ...     structure_toml({"x": "far", "y": 2}, Point, path="p.toml")
    ... except ValidationError as error:
    ...     print(error)
    p.toml: $.x: expected a number, got a string; $: unknown key 'y'
    """
    try:
        return toml_converter.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        messages = cattrs.transform_error(exc, path=where, format_exception=_describe)
        raise ValidationError(
            [_path_first(message) for message in messages], path=path
        ) from None
    except (TypeError, ValueError) as exc:
        raise ValidationError([f"{where}: {exc}"], path=path) from None


def _path_first(message: str) -> str:
    """``message @ path`` as ``path: message``."""
    text, sep, where = message.rpartition(" @ ")
    return f"{where}: {text}" if sep else message


def parse_toml(data: bytes, source: str | None) -> object:
    r"""Parse TOML bytes, or raise `DecodeError` naming the file and line.

    Example:
        >>> parse_toml(b'name = "x"', None)
        {'name': 'x'}
        >>> parse_toml(b'name = "x"\nname = "y"\n', "bad.toml")
        Traceback (most recent call last):
        ...
        peacetalks.errors.DecodeError: bad.toml:2: invalid TOML: Cannot overwrite a
        value (at line 2, column 11)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = f"not valid UTF-8 text: {error.reason} at byte {error.start}"
        raise DecodeError(msg, path=source) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = str(error)
        found = re.search(r"\s*\(at line (\d+), column \d+\)", reason)
        line = None if found is None else int(found.group(1))
        raise DecodeError(f"invalid TOML: {reason}", path=source, line=line) from None
    except RecursionError:
        # tomllib recurses once per nested array or inline table
        msg = "invalid TOML: arrays or inline tables nested too deeply to read"
        raise DecodeError(msg, path=source) from None
