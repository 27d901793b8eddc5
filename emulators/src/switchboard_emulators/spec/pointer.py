"""JSON pointers (``/components/schemas/Pet``, ``~1`` for ``/`` and ``~0`` for ``~``) followed into a document.

A reference's pointer is a URI fragment, so percent-escapes are read first (RFC 6901, section 6): Codat
names a path's schema as ``#/paths/~1companies~1%7BcompanyId%7D/...``."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def follow(node: Any, pointer: str) -> Any:
    """What ``pointer`` names inside ``node`` (a leading ``#`` allowed; empty parts skipped); LookupError if nothing."""
    for part in pointer.removeprefix("#").split("/"):
        if not part:
            continue
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node[part]  # a KeyError is a LookupError
        elif isinstance(node, list) and part.isdigit():
            node = node[int(part)]  # an IndexError is too
        else:
            raise LookupError(part)
    return node


def local(node: Any, doc: Any, hops: int = 8) -> Any:
    """``node`` with its ``#/...`` reference followed into ``doc`` (up to ``hops`` in a row), else ``node`` itself;
    None where a reference names nothing."""
    for _ in range(hops):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        try:
            node = follow(doc, ref)
        except LookupError:
            return None
    return node
