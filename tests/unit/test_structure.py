"""The house rules that keep the code walkable: no import cycles between files, small modules.

The layer contracts (every import points down) are import-linter's, in pyproject.toml, checked
by ``make lint``; this file checks what those contracts cannot see.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

import switchboard
import switchboard_emulators

SRC = Path(switchboard.__file__).parent
ROOT = Path(__file__).resolve().parents[2]
# Every tree of our own Python: the product, the emulators, the tests and the benchmarks.
TREES = (SRC, Path(switchboard_emulators.__file__).parent, ROOT / "tests", ROOT / "bench")
MAX_LINES = 400


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.mark.parametrize("package", ["switchboard", "switchboard_emulators"])
def test_no_import_cycle_between_modules(package: str) -> None:
    graph = grimp.build_graph(package)  # imports for type checking count: they are arrows too
    # A package's __init__ re-exports its children: that is an edge down, not a cycle of roles.
    for module in list(graph.modules):
        for child in graph.find_children(module):
            if graph.direct_import_exists(importer=module, imported=child):
                graph.remove_import(importer=module, imported=child)
    assert _cycles(graph) == []


@pytest.mark.parametrize("tree", TREES, ids=lambda tree: tree.name)
def test_no_module_over_the_size_limit(tree: Path) -> None:
    files = list(tree.rglob("*.py"))
    assert files, f"no Python files under {tree}"  # a moved tree must fail, not pass empty
    sizes = {str(p.relative_to(tree)): len(p.read_text().splitlines()) for p in files}
    assert {name: lines for name, lines in sizes.items() if lines > MAX_LINES} == {}
