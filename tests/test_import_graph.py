"""No import cycle in rebound_tui: counting the imports made inside functions too (they
still tie modules together), but not those only for type checkers."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import REPO_ROOT


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the rebound_tui modules it imports, anywhere but under TYPE_CHECKING."""
    modules: dict[str, Path] = {}
    for path in (root / "rebound_tui").rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}

    class Imports(ast.NodeVisitor):
        def __init__(self, module: str) -> None:
            self.module = module

        def visit_If(self, node: ast.If) -> None:
            if "TYPE_CHECKING" in ast.unparse(node.test):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.startswith("rebound_tui"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    graph[self.module].add(full if full in modules else node.module)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                if alias.name.startswith("rebound_tui"):
                    graph[self.module].add(alias.name)

    for name, path in modules.items():
        Imports(name).visit(ast.parse(path.read_text()))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_rebound_tui_has_no_import_cycle() -> None:
    assert cycles(import_graph(REPO_ROOT)) == []


def test_no_screen_imports_the_app_module() -> None:
    graph = import_graph(REPO_ROOT)
    screens = [m for m in graph if m.startswith("rebound_tui.ui.screens.")]
    assert screens
    assert [m for m in screens if "rebound_tui.ui.app" in graph[m]] == []
