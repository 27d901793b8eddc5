"""Data from a schema: generated deterministically (seeded), checked loosely, and merged.

The generator aims at bodies the spec's own validator accepts: enums and examples first, then
formats and bounds. ``fits`` is a light check (types, enums, required properties, patterns)
used to decide whether a stored or sent value can stand in a generated answer.
"""

from __future__ import annotations

import random
import re
import uuid
from typing import Any

from switchboard_emulators.spec.document import Resolver

MAX_DEPTH = 6
_FORMATS: dict[str, Any] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "email": "person{n}@example.com",
    "uri": "https://example.com/{n}",
    "url": "https://example.com/{n}",
    "uri-reference": "https://example.com/{n}",
    "hostname": "host{n}.example.com",
    "ipv4": "192.0.2.{n}",
    "byte": "ZW11bGF0ZWQ=",
    "binary": "emulated",
    "password": "emulated-{n}",
}


def merged(schema: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed and its ``allOf`` parts folded into one."""
    schema = resolver.resolve(schema) or {}
    if "allOf" not in schema:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    props: dict[str, Any] = dict(out.get("properties") or {})
    required: list[str] = list(out.get("required") or [])
    for part in schema["allOf"]:
        part = merged(part, resolver)
        props.update(part.get("properties") or {})
        required += [r for r in part.get("required") or [] if r not in required]
        for key, value in part.items():
            if key not in ("properties", "required"):
                out.setdefault(key, value)
    if props:
        out["properties"] = props
        out.setdefault("type", "object")
    if required:
        out["required"] = required
    return out


def type_of(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        return "object"
    if kind is None and "items" in schema:
        return "array"
    return kind if isinstance(kind, str) else None


class Generator:
    """Builds values for schemas; the same seed and counter give the same values."""

    def __init__(self, resolver: Resolver, seed: str) -> None:
        self.resolver = resolver
        self.seed = seed

    def value(self, schema: Any, key: str, *, response: bool = True) -> Any:
        """A value for ``schema``; ``key`` seeds it (an operation and a record number, say)."""
        return self._value(schema, random.Random(f"{self.seed}:{key}"), 0, response)

    def _value(self, schema: Any, rng: random.Random, depth: int, response: bool) -> Any:
        if not isinstance(schema, dict):
            return None
        schema = merged(schema, self.resolver)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                first = merged(schema[key][0], self.resolver)
                rest = {k: v for k, v in schema.items() if k != key}
                return self._value({**rest, **first}, rng, depth, response)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return next((e for e in schema["enum"] if e is not None), schema["enum"][0])
        example = schema.get("example")
        if example is not None and type_of(schema) not in ("object", "array") and self.fits(example, schema):
            return example
        kind = type_of(schema)
        if kind == "object" or (kind is None and depth == 0):
            return self._object(schema, rng, depth, response)
        if kind == "array":
            if depth >= MAX_DEPTH:
                return []
            count = max(1, int(schema.get("minItems", 1)))
            return [self._value(schema.get("items") or {}, rng, depth + 1, response) for _ in range(count)]
        if kind in ("integer", "number"):
            return _number(schema, rng, kind)
        if kind == "boolean":
            return True
        if kind == "string" or kind is None:
            return _string(schema, rng)
        return None

    def _object(self, schema: dict[str, Any], rng: random.Random, depth: int, response: bool) -> dict[str, Any]:
        required = set(schema.get("required") or [])
        out: dict[str, Any] = {}
        for name, prop in (schema.get("properties") or {}).items():
            resolved = self.resolver.resolve(prop) or {}
            hidden = resolved.get("writeOnly") if response else resolved.get("readOnly")
            if name not in required and (hidden or depth >= 3):
                continue
            if depth >= MAX_DEPTH and name not in required:
                continue
            out[name] = self._value(prop, rng, depth + 1, response)
        return out

    def fits(self, value: Any, schema: Any, depth: int = 0) -> bool:
        """A loose check of ``value`` against ``schema``: types, enums, required keys, patterns."""
        if depth > MAX_DEPTH or not isinstance(schema, dict):
            return True
        schema = merged(schema, self.resolver)
        if value is None:
            return bool(schema.get("nullable")) or "null" in (schema.get("type") or [])
        if schema.get("oneOf") or schema.get("anyOf"):
            return any(self.fits(value, s, depth + 1) for s in schema.get("oneOf") or schema.get("anyOf"))
        if schema.get("enum") and value not in schema["enum"]:
            return False
        kind = type_of(schema)
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
        }
        if kind in checks and not checks[kind](value):
            return False
        if isinstance(value, str) and schema.get("pattern") and not re.search(schema["pattern"], value):
            return False
        if isinstance(value, str) and (len(value) < schema.get("minLength", 0)
                                       or len(value) > schema.get("maxLength", len(value))):  # fmt: skip
            return False
        if isinstance(value, dict):
            if any(r not in value for r in schema.get("required") or []):
                return False
            props = schema.get("properties") or {}
            return all(self.fits(v, props[k], depth + 1) for k, v in value.items() if k in props)
        if isinstance(value, list):
            return all(self.fits(v, schema.get("items") or {}, depth + 1) for v in value)
        return True

    def conform(self, base: Any, overlay: Any, schema: Any) -> Any:
        """``base`` (generated for ``schema``) with each of ``overlay``'s values that fits its property."""
        if not isinstance(base, dict) or not isinstance(overlay, dict):
            return overlay if self.fits(overlay, schema) else base
        props = merged(schema, self.resolver).get("properties") or {}
        out = dict(base)
        for name, value in overlay.items():
            if name not in props:
                continue
            if isinstance(value, dict) and isinstance(out.get(name), dict):
                out[name] = self.conform(out[name], value, props[name])
            elif self.fits(value, props[name]):
                out[name] = value
        return out


def _number(schema: dict[str, Any], rng: random.Random, kind: str) -> int | float:
    low = schema.get("minimum", 1)
    high = schema.get("maximum", max(low, 0) + 1000)
    if schema.get("exclusiveMinimum") is True:
        low += 1
    if schema.get("exclusiveMaximum") is True:
        high -= 1
    value = rng.randint(int(low), max(int(low), int(high)))
    step = schema.get("multipleOf")
    if step:
        value = int(value // step * step) if kind == "integer" else value // step * step
        if value < low:
            value += step
    return value if kind == "integer" else float(value)


def _string(schema: dict[str, Any], rng: random.Random) -> str:
    n = rng.randint(1, 9999)
    fmt = schema.get("format")
    if fmt == "uuid":
        text = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    elif fmt in _FORMATS:
        text = str(_FORMATS[fmt]).replace("{n}", str(n % 250 if fmt == "ipv4" else n))
    else:
        text = f"emulated-{n}"
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None and len(text) > int(high):
        text = text[: int(high)]
    pattern = schema.get("pattern")
    if pattern and not re.search(pattern, text):
        text = _pattern_guess(pattern, text)
    return text


def _pattern_guess(pattern: str, fallback: str) -> str:
    """A few shapes vendor patterns commonly want (digits, ids, codes); ``fallback`` otherwise."""
    for candidate in ("12345", "1", "A", "a", "abc123", "ABC", "2024-01-02", "#FFFFFF", "US", "en"):
        if re.search(pattern, candidate):
            return candidate
    return fallback
