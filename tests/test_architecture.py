"""The shape of the package: layers, no import cycles, no borrowed private names.

The import graph is read from the source (AST), not from ``sys.modules``:
every ``import`` and ``from ... import`` of a ``peacetalks`` module, at the
top of a module or inside a function, is an edge; imports under
``if TYPE_CHECKING:`` are not (they never run).  Importing a module of a
package also runs the package's ``__init__``; that is not an edge here, as
package ``__init__`` modules are facades at the top of their layer (see
docs/architecture.md), and each one's own imports are edges.

A private *module* (``peacetalks._html``) is private to the package:
importing it within the package is what it is for.  A private *name* in a
module (``peacetalks.lexicon._id_key``) is that module's alone.
"""

from __future__ import annotations

import ast
import fnmatch
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import attrs
import pytest

import peacetalks
from peacetalks import seams

SOURCE: Final = Path(peacetalks.__file__).resolve().parent

#: The layers, lowest first, as in docs/architecture.md: a module
#: imports only from its own layer and those below.  Patterns are fnmatch
#: patterns of module names; the first layer that matches a module is its.
LAYERS: Final = (
    (
        "foundations",
        (
            "peacetalks.errors",
            "peacetalks._[!_]*",
            "peacetalks.progress",
            "peacetalks.seams",
            "peacetalks.io.columns",
            "peacetalks.io.jsontext",
        ),
    ),
    (
        "values",
        (
            "peacetalks.model",
            # The converter knows only the model; the grammar and the
            # lexicon are read through it, and sentences split with the
            # grammar's abbreviations.
            "peacetalks.serialize",
            "peacetalks.tomlfile",
            "peacetalks.grammar",
            "peacetalks.extract.sentences",
            "peacetalks.io.dates",
            "peacetalks.window",
            "peacetalks.lexicon",
            "peacetalks.extract.protocol",
        ),
    ),
    (
        "files and collections",
        (
            "peacetalks.schema",
            "peacetalks.corpus",
            "peacetalks.findings",
            "peacetalks.io.?*",
        ),
    ),
    (
        "analysis and extraction",
        (
            "peacetalks.comparison",
            "peacetalks.stances",
            "peacetalks.plot",
            "peacetalks.htmlreport",
            "peacetalks.quantities",
            "peacetalks.extract",
            "peacetalks.extract.*",
        ),
    ),
    (
        "orchestration",
        (
            "peacetalks.parallel",
            "peacetalks.evaluate",
            "peacetalks.datasets",
            "peacetalks.datasets.*",
            "peacetalks.integrations",
            "peacetalks.integrations.*",
            "peacetalks.io",
        ),
    ),
    ("entry points", ("peacetalks", "peacetalks.cli", "peacetalks.__main__")),
)

#: Private names one module may import from another: none (what two modules
#: share is public in one of them).
PRIVATE_ALLOWED: Final[frozenset[tuple[str, str]]] = frozenset()


@attrs.frozen
class Import:
    """One import of a peacetalks module or name, where it is written."""

    importer: str
    module: str
    name: str | None
    line: int
    local: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(source: str, importer: str, *, package: bool = False) -> list[Import]:
    """Every import of a ``peacetalks`` module in ``source``, except type-only ones.

    ``importer`` is the module's name (relative imports are resolved against
    it; ``package`` if it is a package's ``__init__``).
    """
    found: list[Import] = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit_one(other, local)
                continue
            visit_one(child, local)

    def visit_one(node: ast.AST, local: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(
                Import(importer, alias.name, None, node.lineno, local)
                for alias in node.names
                if alias.name.split(".")[0] == "peacetalks"
            )
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = importer.split(".")
                drop = node.level - 1 if package else node.level
                base = base[: len(base) - drop] if drop else base
                module = ".".join([*base, *filter(None, [module])])
            if module.split(".")[0] == "peacetalks":
                found.extend(
                    Import(importer, module, alias.name, node.lineno, local)
                    for alias in node.names
                )
        else:
            inner = isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(node, local or inner)

    visit(ast.parse(source), False)
    return found


def _all_imports() -> Iterator[Import]:
    for path in sorted(SOURCE.rglob("*.py")):
        name = _module_name(path)
        yield from imports_in(
            path.read_text(encoding="utf-8"), name, package=path.stem == "__init__"
        )


MODULES: Final = frozenset(_module_name(path) for path in SOURCE.rglob("*.py"))


def _target(item: Import) -> str:
    """The module an import loads (``from a import b`` loads ``a.b`` if a module)."""
    if item.name is not None and f"{item.module}.{item.name}" in MODULES:
        return f"{item.module}.{item.name}"
    return item.module


def graph(imports: list[Import]) -> dict[str, dict[str, list[Import]]]:
    """Importer -> imported module -> the imports that make the edge."""
    edges: dict[str, dict[str, list[Import]]] = {}
    for item in imports:
        target = _target(item)
        if target != item.importer:
            edges.setdefault(item.importer, {}).setdefault(target, []).append(item)
    return edges


def find_cycle(edges: Mapping[str, Mapping[str, object]]) -> list[str] | None:
    """A cycle of the graph, as the modules along it (first repeated), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, {})):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := walk(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := walk(start)) is not None:
            return cycle
    return None


def layer_of(module: str) -> int:
    """The index of ``module``'s layer in `LAYERS`."""
    for index, (_, patterns) in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns):
            return index
    msg = f"{module} is in no layer: add it to LAYERS and to docs/architecture.md"
    raise AssertionError(msg)


IMPORTS: Final = list(_all_imports())


class TestTheGraphReader:
    """The reader sees what the tests below rely on (so they cannot pass empty)."""

    def test_local_and_type_checking(self) -> None:
        """Function-local imports count; ``if TYPE_CHECKING:`` ones do not."""
        source = textwrap.dedent(
            """
            from typing import TYPE_CHECKING
            from peacetalks.model import Article
            if TYPE_CHECKING:
                from peacetalks.corpus import Corpus
            else:
                import peacetalks.window
            def f():
                from peacetalks.findings import Findings
            """
        )
        found = imports_in(source, "peacetalks.x")
        assert [(i.module, i.local) for i in found] == [
            ("peacetalks.model", False),
            ("peacetalks.window", False),
            ("peacetalks.findings", True),
        ]

    def test_relative_imports(self) -> None:
        """Relative imports resolve against the module and its package."""
        found = imports_in(
            "from . import native\nfrom .dates import x", "peacetalks.io.y"
        )
        assert [_target(i) for i in found] == [
            "peacetalks.io.native",
            "peacetalks.io.dates",
        ]
        found = imports_in("from .native import x", "peacetalks.io", package=True)
        assert [i.module for i in found] == ["peacetalks.io.native"]

    def test_cycle_finder(self) -> None:
        """A cycle is found and named; a diamond is not one."""
        assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == [
            "a",
            "b",
            "c",
            "a",
        ]
        assert find_cycle({"a": {"b": 1, "c": 1}, "b": {"d": 1}, "c": {"d": 1}}) is None

    def test_reads_the_package(self) -> None:
        """The package's own imports are read, local ones included."""
        assert len(IMPORTS) > 300
        assert any(i.local for i in IMPORTS)


class TestLayers:
    def test_no_import_cycle(self) -> None:
        """No module imports, even inside a function, one that imports it back."""
        cycle = find_cycle(graph(IMPORTS))
        assert cycle is None, "import cycle: " + " -> ".join(cycle or [])

    def test_every_module_has_a_layer(self) -> None:
        """Each module is in one of the documented layers."""
        for module in MODULES:
            layer_of(module)

    def test_imports_go_down(self) -> None:
        """A module imports only from its own layer and those below."""
        upward = [
            f"{i.importer}:{i.line} imports {_target(i)} "
            f"({LAYERS[layer_of(i.importer)][0]} -> {LAYERS[layer_of(_target(i))][0]})"
            for i in IMPORTS
            if layer_of(_target(i)) > layer_of(i.importer)
        ]
        assert upward == []

    def test_layers_are_documented(self) -> None:
        """docs/architecture.md names every layer, in order."""
        docs = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
        section = docs.read_text(encoding="utf-8")
        positions = [section.index(f"**{name}**") for name, _ in LAYERS]
        assert positions == sorted(positions)


class TestSeams:
    @pytest.mark.parametrize(
        "seam",
        [value for value in vars(seams).values() if isinstance(value, seams.Seam)],
        ids=repr,
    )
    def test_every_seam_is_provided(self, seam: seams.Seam[object]) -> None:
        """Importing peacetalks provides every seam, by the module it names."""
        implementation = seam.implementation
        assert getattr(implementation, "__module__", None) == seam.provider

    def test_no_upward_convenience(self) -> None:
        """The conveniences of low objects reach higher layers only by seams."""
        for importer in (
            "peacetalks.model",
            "peacetalks.corpus",
            "peacetalks.findings",
        ):
            targets = {_target(i) for i in IMPORTS if i.importer == importer}
            assert "peacetalks.io" not in targets
            assert not {
                t for t in targets if t.startswith("peacetalks.extract.pipeline")
            }


class TestPrivateNames:
    def test_no_private_name_from_another_module(self) -> None:
        """No module imports another's ``_private`` name (private modules aside)."""
        borrowed = {
            (i.importer, f"{i.module}.{i.name}")
            for i in IMPORTS
            if i.name is not None
            and i.name.startswith("_")
            and not i.name.startswith("__")
            and f"{i.module}.{i.name}" not in MODULES
        }
        assert borrowed <= PRIVATE_ALLOWED, sorted(borrowed - PRIVATE_ALLOWED)

    def test_allowed_list_is_still_needed(self) -> None:
        """Each allowed private import still exists: the list only shrinks."""
        borrowed = {
            (i.importer, f"{i.module}.{i.name}") for i in IMPORTS if i.name is not None
        }
        assert borrowed >= PRIVATE_ALLOWED
