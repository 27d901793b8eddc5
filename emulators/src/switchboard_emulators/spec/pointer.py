"""JSON pointers (``/components/schemas/Pet``, ``~1`` for ``/`` and ``~0`` for ``~``) followed into a document."""

from __future__ import annotations

from typing import Any


def follow(node: Any, pointer: str) -> Any:
    """What ``pointer`` names inside ``node`` (a leading ``#`` allowed; empty parts skipped); LookupError if nothing."""
    for part in pointer.removeprefix("#").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node[part]  # a KeyError is a LookupError
        elif isinstance(node, list) and part.isdigit():
            node = node[int(part)]  # an IndexError is too
        else:
            raise LookupError(part)
    return node
