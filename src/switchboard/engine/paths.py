"""Dot-notation paths into JSON trees (``metadata.paging.next_page``): the one walker the engine uses.

Field Locations, records paths and next-page pointers are all dot paths; every stage reads and
writes them through these functions, so their rules (objects only, no list indexes) are the same
everywhere. Reading, a key that itself holds dots (OData's ``@odata.nextLink``) is matched whole
where the tree has it and the dotted parts do not lead on. A dot written ``\\.`` is part of its key, never
a step (DocuSign's multipart part ``file.csv``: ``api_name: file\\.csv``, written by ``catalog.models.path_key``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def steps(path: str) -> list[str]:
    """The steps of ``path``: split at its dots, an escaped one kept in its key."""
    if "\\." not in path:
        return path.split(".")
    return [part.replace("\x00", ".") for part in path.replace("\\.", "\x00").split(".")]


def _walk(tree: Any, path: str) -> tuple[list[str], Any] | None:
    """The keys ``path`` walks through ``tree`` and the value it reaches; None where a step is
    missing or not an object. Each step takes the shortest run of dot-separated parts that the
    object has as a key: ``@odata.nextLink`` is one key of ``{"@odata.nextLink": ...}``, and
    ``a.b`` still walks ``{"a": {"b": ...}}``."""
    parts = steps(path)
    walked: list[str] = []
    node: Any = tree
    start = 0
    while start < len(parts):
        if not isinstance(node, Mapping):
            return None
        key = parts[start]
        end = start + 1
        while key not in node:
            if end == len(parts):
                return None
            key = f"{key}.{parts[end]}"
            end += 1
        walked.append(key)
        node = node[key]
        start = end
    return walked, node


def keys(tree: Any, path: str) -> list[str] | None:
    """The keys ``path`` walks through ``tree`` (see ``_walk``), or None where it is absent."""
    found = _walk(tree, path)
    return None if found is None else found[0]


def lookup(tree: Any, path: str) -> tuple[bool, Any]:
    """``(found, value)`` at ``path``; found is False where any step is missing or not an object."""
    found = _walk(tree, path)
    return (False, None) if found is None else (True, found[1])


def read(tree: Any, path: str) -> Any:
    """The value at ``path``, or None where it is absent."""
    return lookup(tree, path)[1]


def assign(tree: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path``, creating (or replacing non-object) parents on the way."""
    *parents, last = steps(path)
    node = tree
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


def clear(tree: Any, path: str) -> None:
    """Set the value at ``path`` to None if it exists (an absent key stays absent)."""
    walked = keys(tree, path)
    if not walked:
        return
    node: Any = tree
    for key in walked[:-1]:
        node = node[key]
    if isinstance(node, dict):
        node[walked[-1]] = None
