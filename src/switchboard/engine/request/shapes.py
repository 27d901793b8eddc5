"""What a method's body is made of, one class per shape: fields placed in an object, or one whole value.

``build_request`` asks the method's shape for the value to send; ``None`` means no body at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from switchboard.catalog.models import WHOLE_BODY
from switchboard.engine import paths


class BodyShape(Protocol):
    """How the bound body tree (values by Location) becomes the value sent."""

    def value(self, body: dict[str, Any]) -> Any | None:
        """The JSON (or form, XML) value to send, or None to send no body."""
        ...


@dataclass(frozen=True, slots=True)
class FieldsBody:
    """An object: each field moved from its Location to its wire location, under ``root`` if set.

    ``moves``: Location, wire location, and whether ``key_value_object`` applies. Sent even when
    empty (``{}``), as a method with fields or ``body_required`` always has been.
    """

    moves: tuple[tuple[str, str, bool], ...]
    root: str | None

    def value(self, body: dict[str, Any]) -> Any | None:
        tree: dict[str, Any] = {}
        if body:
            for location, wire_location, key_value in self.moves:
                found, value = paths.lookup(body, location)
                if not found:
                    continue
                if key_value and isinstance(value, list):
                    value = key_value_object(value)
                paths.assign(tree, wire_location, value)
        return {self.root: tree} if self.root else tree


@dataclass(frozen=True, slots=True)
class WholeBody:
    """One field is the body (``location: "$"``): a JSON array such as JSON Patch, or a scalar.

    Absent (an optional body not given, or an explicit null), nothing is sent: ``{}`` in its
    place would be a body of the wrong type.
    """

    def value(self, body: dict[str, Any]) -> Any | None:
        return body.get(WHOLE_BODY)


def key_value_object(items: list[Any]) -> dict[str, Any]:
    """``[{"key": k, "value": v}, ...]`` as ``{k: v}``; other shapes pass through unchanged."""
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, dict) and "key" in item:
            out[str(item["key"])] = item.get("value")
    return out
