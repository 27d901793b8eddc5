"""What binding needs of a method, compiled once per method (on its first call) instead of per call.

A method's definition does not change in a process, so the rules of each element (its key,
type, allowed values as given and as text, default, whether required) and the sets that tell
known body keys from unknown ones are derived once and cached per ``Method`` (by identity),
bounded, so a catalogue of tens of thousands of methods compiles only the ones called.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from switchboard.catalog.models import DataType
from switchboard.catalog.registry import Method, Parameter, RequestField

FREE_TYPES = frozenset({"object", "array", "any"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One parameter or field: its key (TargetName or Location) and what its value must be."""

    element: Parameter | RequestField
    key: str
    data_type: DataType
    required: bool
    default: Any
    in_path: bool
    allowed: list[Any] | None
    allowed_text: frozenset[str]
    # ``format: binary``: base64; a file part (in a multipart body) may also be an object with it.
    binary: bool = False
    file: bool = False


@dataclass(frozen=True, slots=True)
class BindPlan:
    parameters: tuple[Rule, ...]
    fields: tuple[Rule, ...]
    required_fields: tuple[Rule, ...]
    locations: frozenset[str]
    free: frozenset[str]  # Locations whose value is taken whole (objects, arrays, any)
    prefixes: frozenset[str]  # every parent of a dotted Location
    tops: frozenset[str]  # the first segment of every Location
    known_locations: str
    # The argument name a tool call gives the whole body (``location: "$"``) by: agents' tool schemas
    # take property names of letters, digits, ``_``, ``-`` and ``.`` only.
    whole_argument: str | None = None


@functools.lru_cache(maxsize=65_536)
def bind_plan(method: Method) -> BindPlan:
    """The method's binding rules (``Method`` hashes by identity: one entry per method of the catalogue)."""
    parameters = tuple(_rule(p, p.definition.target, p.definition.in_ == "path") for p in method.parameters)
    multipart = method.definition.body_format == "multipart"
    fields = tuple(_rule(f, f.definition.location, False, multipart) for f in method.fields)
    locations = frozenset(method.field_by_location)
    return BindPlan(
        parameters=parameters,
        fields=fields,
        required_fields=tuple(f for f in fields if f.required),
        locations=locations,
        free=frozenset(
            loc
            for loc, f in method.field_by_location.items()
            if f.definition.type in FREE_TYPES or f.definition.format == "binary"
        ),
        prefixes=frozenset(".".join(loc.split(".")[:i]) for loc in locations for i in range(1, loc.count(".") + 1)),
        tops=frozenset(loc.split(".")[0] for loc in locations),
        known_locations=", ".join(sorted(locations)) or "none",
        whole_argument=whole_argument(method),
    )


def whole_argument(method: Method) -> str | None:
    """``body`` (``request_body`` if a parameter is called ``body``) for a method whose body is one whole value."""
    if not any(f.definition.whole_body for f in method.fields):
        return None
    return "request_body" if "body" in method.parameter_by_target else "body"


def _rule(element: Parameter | RequestField, key: str, in_path: bool, multipart: bool = False) -> Rule:
    definition = element.definition
    allowed = definition.values
    binary = getattr(definition, "format", None) == "binary"
    return Rule(
        element=element,
        key=key,
        data_type=definition.type,
        required=definition.required,
        default=getattr(definition, "default", None),
        in_path=in_path,
        allowed=list(allowed) if allowed is not None else None,
        allowed_text=frozenset(str(a) for a in allowed or ()),
        binary=binary,
        file=binary and multipart,
    )
