"""Tests that the public API of peacetalks is exactly what ``__all__`` says."""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import re
import types
from pathlib import Path

import pytest

import peacetalks

#: Private-looking names that are public by convention.
INCLUDED_PRIVATE_MEMBERS = {"__version__"}

#: The page whose "The top-level package" table documents ``peacetalks.__all__``.
REFERENCE_INDEX = Path(__file__).parent.parent / "docs" / "reference" / "index.md"
_ROW = re.compile(
    r"^\| `(?P<name>[^`]+)` \| (?P<kind>[a-z ]+) \| `(?P<module>[\w.]+)` \|$"
)


def _documented_api() -> dict[str, tuple[str, str]]:
    """The table of top-level names in the API reference: name -> (kind, module)."""
    text = REFERENCE_INDEX.read_text(encoding="utf-8")
    _, found, section = text.partition("\n## The top-level package\n")
    assert found, f"{REFERENCE_INDEX} has no 'The top-level package' section"
    section = section.split("\n## ", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        name = match["name"]
        assert name not in rows, f"{name} is listed twice"
        rows[name] = (match["kind"], match["module"])
    return rows


def _kind(name: str, value: object) -> str:
    """How the reference table describes an exported value."""
    if inspect.ismodule(value):
        return "module"
    if inspect.isclass(value):
        if issubclass(value, BaseException):
            return "exception"
        if issubclass(value, enum.Enum):
            return "enum"
        return "class"
    if inspect.isfunction(value):
        return "function"
    if name.isupper() or name in INCLUDED_PRIVATE_MEMBERS:
        return "constant"
    if isinstance(value, types.UnionType):
        return "type alias"
    return "object"


def _isort_key(name: str) -> tuple[int, str]:
    """Sort as ruff's RUF022 does: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def _submodule(value: object) -> bool:
    """Tell whether ``value`` is a module of the peacetalks package."""
    return isinstance(value, types.ModuleType) and value.__name__.startswith(
        "peacetalks."
    )


class TestExportedMembers:
    def test_all_is_sorted(self) -> None:
        """__all__ is sorted, constants first, then classes, then the rest."""
        assert peacetalks.__all__ == sorted(peacetalks.__all__, key=_isort_key)
        assert len(set(peacetalks.__all__)) == len(peacetalks.__all__)

    def test_all_imports_are_exported(self) -> None:
        """Every public name in the namespace is in __all__, and nothing else."""
        public = [
            name
            for name, value in vars(peacetalks).items()
            if (not name.startswith("_") or name in INCLUDED_PRIVATE_MEMBERS)
            # Importing a submodule binds its name in the package as a side
            # effect; those count only when __init__ re-exports them.
            and not (_submodule(value) and name not in peacetalks.__all__)
        ]

        assert peacetalks.__all__ == sorted(public, key=_isort_key)

    def test_exported_modules_are_submodules(self) -> None:
        """Modules in __all__ are peacetalks' own public submodules."""
        modules = [
            name
            for name in peacetalks.__all__
            if isinstance(getattr(peacetalks, name), types.ModuleType)
        ]

        assert modules == ["datasets", "errors", "serialize"]
        for name in modules:
            assert getattr(peacetalks, name) is importlib.import_module(
                f"peacetalks.{name}"
            )

    def test_extraction_is_exported(self) -> None:
        """Extraction's entry points are exported from the modules defining them."""
        expected = {
            "Extractor": "peacetalks.extract.protocol",
            "RuleExtractor": "peacetalks.extract.pipeline",
            "Findings": "peacetalks.findings",
            "extract_demands": "peacetalks.extract.demands",
            "extract_positions": "peacetalks.extract.positions",
        }
        for name, module in expected.items():
            assert name in peacetalks.__all__
            assert getattr(peacetalks, name) is getattr(
                importlib.import_module(module), name
            )

    def test_stances_are_exported(self) -> None:
        """The stance helpers and their result types come from peacetalks.stances."""
        import peacetalks.stances

        for name in (
            "Agreement",
            "Clash",
            "StanceCell",
            "StanceChange",
            "StanceMatrix",
            "clashes",
            "common_ground",
            "stance_changes",
            "stance_matrix",
        ):
            assert name in peacetalks.__all__
            assert getattr(peacetalks, name) is getattr(peacetalks.stances, name)

    def test_comparison_is_exported(self) -> None:
        """The comparison helpers come from peacetalks.comparison.

        The module's name differs from the `compare` function's, so both
        ``peacetalks.comparison`` (the module) and ``peacetalks.compare``
        (the function) mean what they say.
        """
        module = importlib.import_module("peacetalks.comparison")
        for name in (
            "Comparison",
            "Move",
            "Proposal",
            "ProposalsTable",
            "compare",
            "moves",
            "proposals_table",
        ):
            assert name in peacetalks.__all__
            assert getattr(peacetalks, name) is getattr(module, name)
        assert inspect.isfunction(peacetalks.compare)
        assert inspect.ismodule(peacetalks.comparison)

    def test_all_is_the_documented_api(self) -> None:
        """__all__ holds exactly the names of the reference's top-level table."""
        documented = _documented_api()
        missing = sorted(set(peacetalks.__all__) - set(documented))
        extra = sorted(set(documented) - set(peacetalks.__all__))
        assert not missing, f"exported but not in {REFERENCE_INDEX.name}: {missing}"
        assert not extra, f"in {REFERENCE_INDEX.name} but not exported: {extra}"
        assert list(documented) == peacetalks.__all__, "list them in __all__ order"

    @pytest.mark.parametrize("name", peacetalks.__all__)
    def test_documented_kind_and_module(self, name: str) -> None:
        """The table says what each name is and which module defines it."""
        kind, module = _documented_api()[name]
        value = getattr(peacetalks, name)
        assert kind == _kind(name, value)
        if inspect.ismodule(value):
            assert module == value.__name__
        elif inspect.isclass(value) or inspect.isfunction(value):
            assert module == value.__module__
        else:
            assert module == _defining_module(name)

    @pytest.mark.parametrize("name", peacetalks.__all__)
    def test_every_member_has_a_docstring(self, name: str) -> None:
        """Every exported name is documented where it is defined."""
        value = getattr(peacetalks, name)
        if name in INCLUDED_PRIVATE_MEMBERS:
            # A dunder version string documents itself.
            assert isinstance(value, str)
            return
        if (
            inspect.ismodule(value)
            or inspect.isclass(value)
            or inspect.isroutine(value)
        ):
            doc = value.__doc__
            assert doc, f"{name} has no docstring"
            assert doc.strip(), f"{name} has an empty docstring"
        else:
            # Data (constants, aliases, the converter) is documented in source.
            assert _data_docstring(name), f"{name} has no docstring"


def _defining_module(name: str) -> str:
    """The module that ``peacetalks/__init__.py`` imports ``name`` from."""
    tree = ast.parse(Path(peacetalks.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(
            alias.name == name for alias in node.names
        ):
            assert node.module is not None
            return node.module
    raise AssertionError(f"{name} is not imported by peacetalks/__init__.py")


def _data_docstring(name: str) -> str:
    """The docstring of module-level data: a ``#:`` comment or a string after it."""
    module = importlib.import_module(_defining_module(name))
    assert module.__file__ is not None
    source = Path(module.__file__).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    for index, node in enumerate(tree.body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        comments: list[str] = []
        row = node.lineno - 2
        while row >= 0 and lines[row].lstrip().startswith("#:"):
            comments.insert(0, lines[row].lstrip()[2:].strip())
            row -= 1
        if comments:
            return " ".join(comments)
        following = tree.body[index + 1] if index + 1 < len(tree.body) else None
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return following.value.value
        return ""
    raise AssertionError(f"{name} is not assigned in {module.__name__}")
