"""From JSON Schemas to connector fields: types, flattened request fields, top-level response fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from switchboard.importer.spec import Spec

MAX_DEPTH = 3  # nested objects deeper than this stay one object field


def merged(spec: Spec, schema: Any, depth: int = 0) -> dict[str, Any]:
    """``schema`` dereferenced with its ``allOf`` parts merged (properties and required lists)."""
    schema = spec.deref(schema)
    if not isinstance(schema, dict):
        return {}
    if "allOf" not in schema or depth > 8:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(out.get("properties", {}) or {})
    required: list[str] = list(out.get("required", []) or [])
    for part in schema["allOf"]:
        piece = merged(spec, part, depth + 1)
        properties.update(piece.get("properties", {}) or {})
        required.extend(r for r in piece.get("required", []) or [] if r not in required)
        for key in ("type", "description", "items", "enum", "format"):
            if key in piece and key not in out:
                out[key] = piece[key]
    if properties:
        out["properties"] = properties
        out.setdefault("type", "object")
    if required:
        out["required"] = required
    return out


def data_type(spec: Spec, schema: Any) -> str:
    """The connector type of a schema (``datetime`` for date-time strings; ``any`` when it says nothing)."""
    schema = merged(spec, schema)
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        kind = "object"
    if kind is None and ("oneOf" in schema or "anyOf" in schema):
        kind = "object"
    if kind == "string":
        return {"date-time": "datetime", "date": "date"}.get(str(schema.get("format")), "string")
    if kind in {"integer", "number", "boolean", "object", "array"}:
        return str(kind)
    return "any"


def enum_values(spec: Spec, schema: Any) -> list[Any] | None:
    """The enum of a scalar schema (or of an array's items), when every value is a scalar."""
    schema = merged(spec, schema)
    if schema.get("type") == "array":
        schema = merged(spec, schema.get("items", {}))
    values = schema.get("enum")
    if not isinstance(values, list) or not values:
        return None
    values = [v for v in values if v is not None]
    if not values or not all(isinstance(v, str | int | float | bool) for v in values):
        return None
    return values


@dataclass
class Flattened:
    """A request field: its dot-notation location and schema."""

    location: str
    schema: dict[str, Any]
    required: bool


def flatten(spec: Spec, schema: Any, *, skip_read_only: bool = True) -> tuple[list[Flattened], list[str]]:
    """Request fields of an object body (objects flattened, ``allOf`` merged, ``oneOf`` kept whole),
    and the names that could not be fields (dots in a key would be read as nesting)."""
    fields: list[Flattened] = []
    problems: list[str] = []
    _walk(spec, merged(spec, schema), "", True, 0, fields, problems, skip_read_only)
    return fields, problems


def _walk(
    spec: Spec,
    schema: dict[str, Any],
    prefix: str,
    required: bool,
    depth: int,
    out: list[Flattened],
    problems: list[str],
    skip_read_only: bool,
) -> None:
    needed = set(schema.get("required", []) or [])
    for name, raw in (schema.get("properties", {}) or {}).items():
        child = merged(spec, raw)
        if skip_read_only and child.get("readOnly"):
            continue
        if "." in name or not name:
            problems.append(f"body key {name!r} (a dot in a key reads as nesting)")
            continue
        location = f"{prefix}{name}"
        is_required = required and name in needed
        nested = child.get("properties") and data_type(spec, child) == "object"
        # A required object none of whose own keys is required (Box's item: {id, type}) stays one
        # required field: flattened, each key would be optional and the object never sent. Required
        # names the object does not declare (Jira's screens: defaultScreen) or that are read-only
        # (Constant Contact's default_track.campaign_activity_id) do not count.
        declared, names = child.get("properties") or {}, child.get("required")
        sendable = {k for k, v in declared.items() if not (skip_read_only and merged(spec, v).get("readOnly"))}
        unflagged = is_required and not (isinstance(names, list) and any(r in sendable for r in names))
        if nested and depth < MAX_DEPTH and "oneOf" not in child and "anyOf" not in child and not unflagged:
            before = len(out)
            _walk(spec, child, location + ".", is_required, depth + 1, out, problems, skip_read_only)
            if len(out) > before:
                continue
        out.append(Flattened(location, child, is_required))


def top_level(spec: Spec, schema: Any) -> list[tuple[str, dict[str, Any]]]:
    """The top-level keys of a response schema, as (name, schema)."""
    schema = merged(spec, schema)
    return [(name, merged(spec, raw)) for name, raw in (schema.get("properties", {}) or {}).items() if "." not in name]


def human(text: str) -> str:
    """``first_name`` / ``firstName`` -> ``First Name``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text.replace("-", " ").replace("_", " ").replace(".", " ")).split()
    return " ".join(w if w.isupper() and len(w) > 1 else w[:1].upper() + w[1:] for w in words) or text


def short(text: Any, limit: int = 200) -> str:
    """The first sentence or paragraph of ``text``, at most ``limit`` characters, on one line."""
    if not isinstance(text, str):
        return ""
    first = text.strip().split("\n\n", 1)[0]
    first = re.sub(r"\s+", " ", first).strip()
    first = re.sub(r"<[^>]+>", "", first)
    if len(first) > limit:
        cut = first[:limit]
        sentence = cut.rfind(". ")
        first = cut[: sentence + 1] if sentence > 40 else cut.rstrip() + "..."
    return first
