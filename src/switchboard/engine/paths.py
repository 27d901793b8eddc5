"""Dot-notation paths into JSON trees (``metadata.paging.next_page``): the one walker the engine uses.

Field Locations, records paths and next-page pointers are all dot paths; every stage reads and
writes them through these four functions, so their rules (objects only, no list indexes) are
the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def lookup(tree: Any, path: str) -> tuple[bool, Any]:
    """``(found, value)`` at ``path``; found is False where any step is missing or not an object."""
    node: Any = tree
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False, None
        node = node[part]
    return True, node


def read(tree: Any, path: str) -> Any:
    """The value at ``path``, or None where it is absent."""
    return lookup(tree, path)[1]


def assign(tree: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path``, creating (or replacing non-object) parents on the way."""
    *parents, last = path.split(".")
    node = tree
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


def clear(tree: Any, path: str) -> None:
    """Set the value at ``path`` to None if it exists (an absent key stays absent)."""
    parent, _, last = path.rpartition(".")
    found, node = lookup(tree, parent) if parent else (True, tree)
    if found and isinstance(node, dict) and last in node:
        node[last] = None
