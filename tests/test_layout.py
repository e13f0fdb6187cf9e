"""The package's layout, read from its source: no module imports another module's private
(``_name``) names, and the modules of ``timeline/`` import one another without a cycle. Both
rules count imports inside functions too (an import put off until it is needed still ties the
two modules together); imports under ``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "timeline"


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module, e.g. "timeline.render"
    target: str  # the module it needs, e.g. "timeline.large"
    names: tuple[str, ...]  # what it takes from the target ("from target import names")
    line: int

    def where(self) -> str:
        return f"{self.importer.replace('.', '/')}.py:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those that only type checkers run."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imports(known: dict[str, Path]) -> list[Import]:
    """The imports of one ``timeline`` module by another, each resolved to the module it
    loads: ``from timeline.interop import reading`` needs ``timeline.interop.reading``."""
    found: list[Import] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known:
                        found.append(Import(name, alias.name, (), node.lineno))
                continue
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            if source not in known:
                continue
            plain: list[str] = []
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in known:
                    found.append(Import(name, submodule, (), node.lineno))
                else:
                    plain.append(alias.name)
            if plain:
                found.append(Import(name, source, tuple(plain), node.lineno))
    return [i for i in found if i.importer != i.target]


def cycles(edges: list[Import]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(graph[node]):
            if following not in index:
                connect(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)


def test_no_module_imports_another_modules_private_names() -> None:
    private = [
        f"{edge.where()}: {name} from {edge.target}"
        for edge in imports(modules())
        for name in edge.names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == [], "\n".join(private)


def test_the_modules_import_one_another_without_a_cycle() -> None:
    edges = imports(modules())
    found = []
    for component in cycles(edges):
        members = set(component)
        within = sorted(
            f"{edge.where()} imports {edge.target}"
            for edge in edges
            if edge.importer in members and edge.target in members
        )
        found.append(f"{' <-> '.join(component)}: " + "; ".join(within))
    assert found == [], "\n".join(found)


# The checks above must notice what they look for: these run them on small made-up packages.


def test_the_checks_find_a_cycle_through_a_function_level_import_and_a_private_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "timeline"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from timeline.b import helper\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from timeline.c import Thing\n"
        "def helper():\n"
        "    from .a import _private\n"
        "    return _private\n"
    )
    (package / "c.py").write_text("from timeline import b\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", package)
    edges = imports(modules())
    assert sorted((e.importer, e.target, e.names, e.line) for e in edges) == [
        ("timeline.a", "timeline.b", ("helper",), 1),
        ("timeline.b", "timeline.a", ("_private",), 5),
        ("timeline.c", "timeline.b", (), 1),
    ]
    # c -> b is one way only (b's import of c is for type checkers): not part of the cycle.
    assert cycles(edges) == [["timeline.a", "timeline.b"]]
