"""Tool names and input JSON Schemas, built from a method's Parameters and Request Fields."""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

import orjson

from switchboard.catalog.registry import Method, Parameter, RequestField
from switchboard.engine.inputs.plan import whole_argument

# OpenAI and Anthropic both accept ^[a-zA-Z0-9_-]{1,64}$; MCP clients pass names on to them.
MAX_NAME = 64
# A tool's input schema goes into a model's context with every request: past this (as JSON), its deepest
# objects are shown by their members' names only (DocuSign's account settings were 297 KB, ~75k tokens).
MAX_SCHEMA_BYTES = 32_000
MAX_NAMES_SHOWN = 60
# What a description keeps in a schema over the bound: its first sentence, this long.
DESCRIPTION_CUT = 80
MEMBERS = "Members: "  # how a free-form object's description names what it takes

_JSON_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "object": {"type": "object"},
    "array": {"type": "array"},
}


def snake(text: str) -> str:
    """``Create person`` -> ``create_person``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_") or "method"


@functools.lru_cache(maxsize=65536)
def tool_name(connector_key: str, method_name: str, suffix: str = "") -> str:
    """``salesloft_create_person`` (with ``_<suffix>`` when it must differ), at most 64 characters."""
    tail = f"_{suffix}" if suffix else ""
    name = f"{snake(connector_key)}_{snake(method_name)}"
    if len(name) + len(tail) > MAX_NAME:
        # Cut, and keep the cut names apart with a short digest of the whole.
        digest = hashlib.blake2b(name.encode(), digest_size=3).hexdigest()
        name = f"{name[: MAX_NAME - len(tail) - 7]}_{digest}"
    return name + tail


@functools.lru_cache(maxsize=8192)
def input_schema(method: Method) -> dict[str, Any]:
    """An object schema: parameters by TargetName, fields nested by their dot-notation Location.

    Cached per method (the catalogue does not change in a process); callers must not mutate it.
    """
    root: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    for parameter in method.parameters:
        _put(root, [parameter.definition.target], _element(parameter), parameter.definition.required)
    whole = whole_argument(method)
    multipart = method.definition.body_format == "multipart"
    for field in method.fields:
        path = [whole] if whole and field.definition.whole_body else field.definition.location.split(".")
        schema = _element(field)
        if field.definition.format == "binary":
            schema = _binary(schema, file=multipart)
        _put(root, path, schema, field.definition.required)
    return _bounded(root)


def _bounded(root: dict[str, Any]) -> dict[str, Any]:
    """``root`` made to fit, losing the least first: its descriptions cut to their first sentence (19 of the 30
    shipped schemas over the bound then fit whole), then its objects below a depth made free-form (their member
    names said), level by level, and last, for a method with hundreds of arguments at the top (DocuSign's account
    settings), no descriptions at all: names and types are what a call cannot do without."""
    if len(orjson.dumps(root)) <= MAX_SCHEMA_BYTES:
        return root
    root = _described(root, DESCRIPTION_CUT)
    depth = _depth(root)
    while depth > 1 and len(orjson.dumps(root)) > MAX_SCHEMA_BYTES:
        depth -= 1
        root = _collapsed(root, depth)
    return root if len(orjson.dumps(root)) <= MAX_SCHEMA_BYTES else _described(root, None)


def _described(node: dict[str, Any], cut: int | None) -> dict[str, Any]:
    """``node`` with each description its first sentence, at most ``cut`` characters, a free-form object's member
    names kept whole (what a model needs to fill it); with ``cut`` None, no descriptions at all."""
    properties = node.get("properties")
    shorter = {**node, "properties": {k: _described(v, cut) for k, v in properties.items()}} if properties else node
    text = shorter.get("description")
    if not isinstance(text, str):
        return shorter
    if cut is None:
        return {k: v for k, v in shorter.items() if k != "description"}
    said, found, members = text.partition(MEMBERS)
    said = said.strip().split(". ")[0].rstrip(".")
    said = said if len(said) <= cut else said[: cut - 1].rstrip() + "…"
    said = said if not said or said.endswith("…") else f"{said}."
    text = " ".join(part for part in (said, found and f"{MEMBERS}{members}") if part)
    return {**shorter, "description": text}


def _depth(node: dict[str, Any]) -> int:
    children = [c for c in (node.get("properties") or {}).values() if "properties" in c]
    return 1 + max((_depth(c) for c in children), default=0)


def _collapsed(node: dict[str, Any], depth: int) -> dict[str, Any]:
    """``node`` with every object deeper than ``depth`` taking any members, named in its description."""
    properties = node.get("properties")
    if properties is None:
        return node
    if depth <= 0:
        names = list(properties)
        shown = ", ".join(names[:MAX_NAMES_SHOWN]) + (", ..." if len(names) > MAX_NAMES_SHOWN else "")
        said = node.get("description", "")
        free = {"type": "object", "description": f"{said} {MEMBERS}{shown}.".strip()}
        return {**free, "required": node["required"]} if node.get("required") else free
    inner = {name: _collapsed(child, depth - 1) for name, child in properties.items()}
    return {**node, "properties": inner}


@functools.lru_cache(maxsize=8192)
def declares_param_headers(method: Method) -> bool:
    """Whether ``method``'s input schema declares an ``x-mcp-header`` anywhere (MCP's ``Mcp-Param-*``)."""
    return names_param_headers(input_schema(method))


def names_param_headers(node: Any) -> bool:
    """Whether a JSON Schema (or any JSON value) holds an ``x-mcp-header`` key at any depth."""
    if isinstance(node, dict):
        return "x-mcp-header" in node or any(names_param_headers(value) for value in node.values())
    return isinstance(node, list) and any(names_param_headers(value) for value in node)


def _binary(schema: dict[str, Any], *, file: bool) -> dict[str, Any]:
    """Bytes as base64; a multipart file part may also name its file and content type."""
    encoded = {**schema, "type": "string", "contentEncoding": "base64"}
    if not file:
        return encoded
    described = {
        "type": "object",
        "properties": {
            "content": {"type": "string", "contentEncoding": "base64"},
            "filename": {"type": "string"},
            "content_type": {"type": "string"},
        },
        "required": ["content"],
        "additionalProperties": False,
    }
    base64_text = {"type": "string", "contentEncoding": "base64"}
    return {"description": schema.get("description", ""), "anyOf": [base64_text, described]}


def _element(element: Parameter | RequestField) -> dict[str, Any]:
    definition = element.definition
    schema = dict(_JSON_TYPES.get(definition.type, {}))
    description = definition.description or definition.name
    if description:
        schema["description"] = description
    if definition.values is not None:
        if definition.type == "object":  # the member names it takes (a range filter's gt, gte, lt, lte)
            schema["properties"] = {str(v): {} for v in definition.values}
            schema["additionalProperties"] = False
        elif definition.type == "array":
            schema["items"] = {"enum": list(definition.values)}
        else:
            schema["enum"] = list(definition.values)
    if getattr(definition, "transform", None) == "key_value_object":
        schema["items"] = {
            "type": "object",
            "properties": {"key": {"type": "string"}, "value": {}},
            "required": ["key", "value"],
        }
    if schema.get("type") == "array" and "items" not in schema:
        # OpenAI refuses an array schema without ``items`` ("array schema missing items"); definitions
        # do not type list elements and the engine takes any, so any element is what ``items`` says.
        schema["items"] = {}
    default = getattr(definition, "default", None)
    if default is not None:
        schema["default"] = default
    return schema


def _put(node: dict[str, Any], path: list[str], schema: dict[str, Any], required: bool) -> None:
    """Place ``schema`` at ``path``, making the objects on the way (required if anything inside is)."""
    head, rest = path[0], path[1:]
    properties: dict[str, Any] = node.setdefault("properties", {})
    if rest:
        child = properties.setdefault(head, {"type": "object", "properties": {}, "additionalProperties": False})
        _put(child, rest, schema, required)
    else:
        properties[head] = schema
    if required:
        names: list[str] = node.setdefault("required", [])
        if head not in names:
            names.append(head)
