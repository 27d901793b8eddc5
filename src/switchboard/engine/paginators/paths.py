"""Dot-path access into parsed JSON documents."""

from __future__ import annotations

from typing import Any


def read(document: Any, path: str) -> Any:
    """The value at ``path`` (``metadata.paging.next_page``), or None where it is absent."""
    node = document
    for part in path.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def clear(document: Any, path: str) -> None:
    """Set the value at ``path`` to None if it exists (an absent key stays absent)."""
    *parents, last = path.split(".")
    node = document
    for part in parents:
        if not isinstance(node, dict):
            return
        node = node.get(part)
    if isinstance(node, dict) and last in node:
        node[last] = None
