"""A griffe extension for the API reference (used by mkdocs.yml only).

It does two things that griffe's static analysis cannot do on its own:

* Doctest examples written directly in a docstring (``>>>`` lines outside
  an ``Examples:`` section) are wrapped in ``pycon`` code fences, so that
  Markdown shows them as code rather than as nested quotes and links.
* attrs classes get the ``__init__`` signature that attrs generates, read
  from their field definitions, so that their ``Args:`` match a signature.
"""

from __future__ import annotations

import ast
import re
import textwrap
from typing import Any

try:
    import griffe
except ImportError:  # pragma: no cover - only the docs build needs griffe
    griffe = None  # type: ignore[assignment]  # griffe is only installed for the docs build

_DOCTEST_FLAGS = re.compile(r"\s*#\s*doctest:.*$")
_ATTRS_DECORATORS = ("attrs.frozen", "attrs.define", "attrs.mutable", "attr.s")


def fence_doctests(text: str) -> str:
    """Wrap runs of ``>>>`` lines and their output in ``pycon`` fences."""
    out: list[str] = []
    in_fence = False
    in_example = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if in_example:
            if stripped:
                if stripped.startswith("..."):
                    line = _DOCTEST_FLAGS.sub("", line)
                    if line.strip() == "...":
                        continue
                out.append(line.replace("<BLANKLINE>", ""))
                continue
            out.append(f"{indent}```")
            in_example = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_example = True
            line = _DOCTEST_FLAGS.sub("", line)
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _attrs_parameters(source: str) -> list[Any] | None:
    """Describe the ``__init__`` that attrs generates for a class."""
    tree = ast.parse(source)
    body = tree.body[0]
    if not isinstance(body, ast.ClassDef):
        return None
    positional: list[Any] = []
    keyword: list[Any] = []
    for statement in body.body:
        if not (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
        ):
            continue
        name = statement.target.id
        if name.startswith("__"):
            continue
        annotation = ast.unparse(statement.annotation)
        default: str | None = None
        kw_only = False
        value = statement.value
        if isinstance(value, ast.Call) and ast.unparse(value.func) in (
            "attrs.field",
            "attr.ib",
        ):
            if (init := _keyword(value, "init")) is not None and not _is_true(init):
                continue
            kw_only = _is_true(_keyword(value, "kw_only"))
            if (given := _keyword(value, "default")) is not None:
                default = ast.unparse(given)
                if default.startswith("attrs.Factory("):
                    default = "..."
            elif (factory := _keyword(value, "factory")) is not None:
                default = f"{ast.unparse(factory)}()"
        elif value is not None:
            default = ast.unparse(value)
        kind = (
            griffe.ParameterKind.keyword_only
            if kw_only
            else griffe.ParameterKind.positional_or_keyword
        )
        parameter = griffe.Parameter(
            name.lstrip("_"), annotation=annotation, kind=kind, default=default
        )
        (keyword if kw_only else positional).append(parameter)
    return [
        griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
        *positional,
        *keyword,
    ]


if griffe is not None:

    class PeacetalksDocs(griffe.Extension):
        """Fence doctests and give attrs classes their ``__init__``."""

        def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
            """Fence the doctests of every docstring."""
            if obj.docstring is not None:
                obj.docstring.value = fence_doctests(obj.docstring.value)

        def on_class_members(self, *, cls: Any, **kwargs: Any) -> None:
            """Add the generated ``__init__`` to attrs classes."""
            decorators = [d.callable_path for d in cls.decorators]
            if "__init__" in cls.members or not any(
                path in _ATTRS_DECORATORS for path in decorators
            ):
                return
            source = "\n".join(cls.lines)
            try:
                parameters = _attrs_parameters(_dedent(source))
            except SyntaxError:
                return
            if parameters is None:
                return
            init = griffe.Function(
                "__init__",
                parameters=griffe.Parameters(*parameters),
                returns="None",
                lineno=cls.lineno,
                endlineno=cls.lineno,
            )
            cls.set_member("__init__", init)


def _dedent(source: str) -> str:
    lines = source.split("\n")
    while lines and lines[0].lstrip().startswith("@"):
        lines.pop(0)
    return textwrap.dedent("\n".join(lines))
