"""Every public function and class carries a docstring with an example that runs.

"Public" means what a user can reach from the documentation: every function
and class in ``peacetalks.__all__`` and every public function and class of
the modules that the API reference renders (the ``::: module`` lines of
``docs/reference/*.md``), and, for each of those classes, the public methods
and properties it defines.  An example is a doctest (``>>>``) in the object's
own docstring; ``--doctest-modules`` runs it, so this test only checks that
doctest *finds* one where the object is defined.
"""

from __future__ import annotations

import doctest
import functools
import importlib
import inspect
import re
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import peacetalks

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT / "docs" / "reference"

#: Objects that need no example of their own, each with the reason.  Keys are
#: qualified names: ``module.Class`` or ``module.Class.member``.
ALLOWED_WITHOUT_EXAMPLE: dict[str, str] = {
    # The exception tree is drawn, with a catching example, in the module
    # docstring of peacetalks.errors; these classes add nothing to what the
    # tree says, so an example each would repeat it.  The exceptions with
    # attributes of their own (FieldValueError, UnknownNameError,
    # ValidationError, DuplicateIdError) and SchemaVersionError have examples.
    "peacetalks.errors.PeacetalksError": "the tree in the module docstring",
    "peacetalks.errors.LoadError": "the tree in the module docstring",
    "peacetalks.errors.FormatError": "the tree in the module docstring",
    "peacetalks.errors.DecodeError": "the tree in the module docstring",
    "peacetalks.errors.WriteError": "the tree in the module docstring",
}


def _reference_modules() -> list[str]:
    """The modules that the API reference renders, in page order."""
    modules: list[str] = []
    for page in sorted(REFERENCE.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        modules += re.findall(r"^::: ([\w.]+)\s*$", text, flags=re.MULTILINE)
    return modules


def _documentable(value: object) -> bool:
    return inspect.isclass(value) or inspect.isfunction(value)


def _module_members(module: types.ModuleType) -> Iterator[object]:
    """The public functions and classes a module documents.

    A module with ``__all__`` documents what it lists; one without documents
    the public functions and classes it defines itself.
    """
    names = getattr(module, "__all__", None)
    for name, value in vars(module).items():
        if name.startswith("_") or not _documentable(value):
            continue
        if names is not None:
            if name in names:
                yield value
        elif value.__module__ == module.__name__:
            yield value


def _qualified(value: object) -> str:
    return f"{value.__module__}.{value.__qualname__}"  # type: ignore[attr-defined]  # only called on functions and classes


def _class_members(cls: type) -> Iterator[tuple[str, object]]:
    """The public methods and properties that ``cls`` defines itself."""
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        member = (
            value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        )
        if inspect.isfunction(member) or isinstance(
            member, (property, functools.cached_property)
        ):
            yield f"{_qualified(cls)}.{name}", member


def _public_objects() -> dict[str, object]:
    """Every public function, class, method and property, by qualified name."""
    roots: dict[str, object] = {}
    for name in peacetalks.__all__:
        value = getattr(peacetalks, name)
        if _documentable(value):
            roots[_qualified(value)] = value
    for module_name in _reference_modules():
        for value in _module_members(importlib.import_module(module_name)):
            roots[_qualified(value)] = value
    found = dict(roots)
    for value in roots.values():
        if inspect.isclass(value) and value.__module__.startswith("peacetalks"):
            found.update(_class_members(value))
    return dict(sorted(found.items()))


@functools.cache
def _doctests(module_name: str) -> dict[str, int]:
    """How many examples doctest finds in each docstring of a module."""
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    return {test.name: len(test.examples) for test in finder.find(module)}


PUBLIC = _public_objects()


def _module_of(qualified: str) -> str:
    """The module that defines ``qualified`` (the longest importable prefix)."""
    parts = qualified.split(".")
    for end in range(len(parts) - 1, 0, -1):
        name = ".".join(parts[:end])
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise AssertionError(qualified)


class TestDocstrings:
    def test_the_reference_renders_modules(self) -> None:
        """The reference pages name real modules, so the check below covers them."""
        modules = _reference_modules()
        assert "peacetalks.model" in modules
        assert "peacetalks.extract.pipeline" in modules
        for name in modules:
            importlib.import_module(name)
        assert len(PUBLIC) > 200

    def test_the_allow_list_is_current(self) -> None:
        """Every allowed exception is still public and still has no example."""
        for name in ALLOWED_WITHOUT_EXAMPLE:
            assert name in PUBLIC, f"{name} is no longer public"
            examples = _doctests(_module_of(name)).get(name, 0)
            assert not examples, f"{name} has an example now: drop it from the list"

    @pytest.mark.parametrize("name", list(PUBLIC))
    def test_has_a_docstring(self, name: str) -> None:
        """Every public object says what it is."""
        doc = inspect.getdoc(PUBLIC[name])
        assert doc, f"{name} has no docstring"
        assert doc.strip(), f"{name} has an empty docstring"

    @pytest.mark.parametrize(
        "name", [name for name in PUBLIC if name not in ALLOWED_WITHOUT_EXAMPLE]
    )
    def test_has_an_example_that_runs(self, name: str) -> None:
        """Doctest finds at least one ``>>>`` example in the object's docstring."""
        examples = _doctests(_module_of(name)).get(name, 0)
        assert examples, f"{name} has no example (a '>>>' line) in its docstring"

    @pytest.mark.parametrize(
        "name",
        [name for name in peacetalks.__all__ if _documentable(vars(peacetalks)[name])],
    )
    def test_exports_are_in_the_reference(self, name: str) -> None:
        """Each exported function and class is rendered on a reference page."""
        value = getattr(peacetalks, name)
        module = importlib.import_module(value.__module__)
        assert value.__module__ in _reference_modules(), (
            f"{name} is defined in {value.__module__}, which no reference page renders"
        )
        listed = getattr(module, "__all__", None)
        assert listed is None or value.__name__ in listed
