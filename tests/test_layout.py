"""The tree follows the flow: imports only run down it, and there is no circle.

    models  <  planner.workbook, planner.progress  <  planner.studies  <  planner.results
            <  api, cli

(models never imports planner; a stage imports only its own or lower stages.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("models", "planner.workbook", "planner.studies", "planner.results", "planner")
"""Lowest first; `planner` itself holds the façade (api, cli, __init__)."""


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Module -> project modules it imports (anywhere in its body).

    `from models.families import balance` imports the module models.families.balance; `from models
    import Status` imports the package models itself.
    """
    paths = {_module(p): p for folder in ("models", "planner")
             for p in (ROOT / folder).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in paths else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def _in_cli(module: str) -> bool:
    return module == "planner.cli" or module.startswith("planner.cli.")


def _layer(module: str) -> int:
    if module in ("planner", "planner.api", "planner.__main__") or _in_cli(module):
        return len(LAYERS) - 1
    if module.startswith("planner.datasets") or module == "planner.progress":
        return 1  # the shipped data, and the run's progress and budget, sit beside reading
    for i, prefix in enumerate(LAYERS[:-1]):
        if module == prefix or module.startswith(prefix + "."):
            return i
    return len(LAYERS) - 1


GRAPH = _imports()


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_down_the_flow(module):
    upward = [m for m in GRAPH[module] if _layer(m) > _layer(module)]
    assert not upward, f"{module} imports a later stage: {upward}"


def test_no_module_below_the_facade_imports_api():
    users = [m for m, deps in GRAPH.items() if "planner.api" in deps
             and m != "planner" and not _in_cli(m)]
    assert not users


def test_there_is_no_import_circle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for dep in sorted(GRAPH[module]):
            if state.get(dep) == 1:
                raise AssertionError("import circle: " + " -> ".join(
                    [*stack[stack.index(dep):], dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
