"""Data from a schema: generated deterministically (seeded), checked loosely, and merged.

The generator aims at bodies the spec's own validator accepts: enums and valid examples first,
then formats, patterns (exrex) and bounds; of ``oneOf``/``anyOf`` the first branch that the
whole schema accepts. ``fits`` decides whether an example, or a value a client sent, can stand
in an answer.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import uuid
from typing import Any

import exrex  # type: ignore[import-untyped]
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from switchboard_emulators.spec.document import Resolver

MAX_DEPTH = 6
SCALARS = ("string", "integer", "number", "boolean")
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
    "snowflake": "10000000000000{n}",  # Discord's ids: a 64-bit integer written in decimal
}


def merged(schema: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed and its ``allOf`` parts folded into one."""
    schema = resolver.resolve(schema) or {}
    if isinstance(schema.get("items"), list) and "type" not in schema:
        # Slack writes "one of these objects" as an untyped tuple ``items``; read it as anyOf.
        schema = {**{k: v for k, v in schema.items() if k != "items"}, "anyOf": schema["items"]}
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


def property_of(schema: Any, field: str, resolver: Resolver) -> dict[str, Any]:
    """The schema of an object's property ``field``; of a record that is a choice (Lob's address, ``oneOf`` its
    US and international forms, each an ``allOf``), the first alternative's that has it, as records are drawn."""
    whole = merged(schema or {}, resolver)
    found = (whole.get("properties") or {}).get(field)
    for branch in whole.get("oneOf") or whole.get("anyOf") or [] if found is None else []:
        found = (merged(branch, resolver).get("properties") or {}).get(field)
        if found is not None:
            break
    return merged(found or {}, resolver)


@functools.lru_cache(maxsize=1024)
def readable_pattern(pattern: Any) -> str | None:
    """``pattern`` as Python's ``re`` reads it, or None where it cannot: every place that checks a pattern
    reads it so. A spec's patterns are ECMA-262's, which has more (Formbricks's names: ``\\p{L}``): such a
    pattern is left unchecked, not a failure of every request. One written as a JavaScript literal
    (Recurly's codes: ``/^[a-z0-9_+-]+$/i``) is the expression between its slashes, its ``i`` flag an
    inline ``(?i)``; only an anchored one is unwrapped: there ``^`` and ``$`` sit mid-pattern, so read as
    written it could match nothing."""
    if not isinstance(pattern, str):
        return None
    literal = re.fullmatch(r"/(\^.*\$)/([gimsuy]*)", pattern)
    text: str = pattern if literal is None else ("(?i)" if "i" in literal[2] else "") + literal[1]
    try:
        re.compile(text)
    except re.error:
        return None
    return text


def is_oas31(doc: dict[str, Any]) -> bool:
    """Whether ``doc`` is OpenAPI 3.1 (JSON Schema 2020-12 schemas)."""
    return str(doc.get("openapi", "")).startswith("3.1")


def type_of(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        return "object"
    if kind is None and "items" in schema:
        return "array"
    return kind if isinstance(kind, str) else None


def _nullable(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` takes null: 3.0's ``nullable``, or 3.1's ``null`` among its types."""
    kind = schema.get("type")
    return schema.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind)


class Generator:
    """Builds values for schemas; the same seed and counter give the same values.

    ``fits`` is the spec's own check (openapi-schema-validator, read or write context, formats
    included), so an example or a sent value is only used where the vendor's schema accepts it.
    """

    def __init__(self, resolver: Resolver, seed: str) -> None:
        self.resolver = resolver
        self.seed = seed
        # Rooted at the whole document so that "#/components/..." references resolve.
        if is_oas31(resolver.doc):  # JSON Schema 2020-12: type lists, examples; one validator for both sides
            self._read = self._write = OAS31Validator(resolver.doc, format_checker=oas31_format_checker)
        else:
            self._read = OAS30ReadValidator(resolver.doc, format_checker=oas30_format_checker)
            self._write = OAS30WriteValidator(resolver.doc, format_checker=oas30_format_checker)

    def value(self, schema: Any, key: str, *, response: bool = True) -> Any:
        """A value for ``schema``; ``key`` seeds it (an operation and a record number, say)."""
        return self._value(schema, random.Random(f"{self.seed}:{key}"), 0, response)

    def fits(self, value: Any, schema: Any, *, response: bool = True) -> bool:
        """Whether the spec accepts ``value`` for ``schema`` (in an answer, or in a request)."""
        if not isinstance(schema, dict):
            return True
        try:
            return bool((self._read if response else self._write).evolve(schema=schema).is_valid(value))
        except Exception:  # an unresolvable reference or a malformed schema: treat as not fitting
            return False

    def _value(self, schema: Any, rng: random.Random, depth: int, response: bool) -> Any:
        if not isinstance(schema, dict) or depth > MAX_DEPTH * 4:
            return None  # past the cap, a cycle nothing ends (every step required, none nullable) stops here
        original = schema
        schema = merged(schema, self.resolver)
        for key in ("oneOf", "anyOf"):
            if schema.get(key) and depth < MAX_DEPTH * 2:
                return self._branch(original, schema, key, rng, depth, response)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return next((e for e in schema["enum"] if e is not None), schema["enum"][0])
        examples = schema.get("examples")  # OpenAPI 3.1: a list
        example = schema.get("example", examples[0] if isinstance(examples, list) and examples else None)
        kind = type_of(schema)
        if example is not None and kind not in ("object", "array") and self.fits(example, schema, response=response):
            return example
        if kind == "object" or (kind is None and depth == 0):
            return self._object(schema, rng, depth, response)
        if kind == "array":
            return self._array(schema, rng, depth, response)
        if kind in ("integer", "number"):
            return _number(schema, rng, kind)
        if kind == "boolean":
            return True
        if kind == "string" or kind is None:
            return _string(schema, rng)
        return None

    def _branch(self, original: Any, schema: dict[str, Any], key: str, rng: random.Random, depth: int,
                response: bool) -> Any:  # fmt: skip
        """The first ``oneOf``/``anyOf`` branch whose value the whole schema accepts."""
        rest = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        first: Any = None
        for i, branch in enumerate(schema[key][:8]):
            combined = merged({"allOf": [rest, branch]}, self.resolver) if rest else branch
            value = self._value(combined, rng, depth + 1, response)
            self._discriminate(schema, branch, value)
            if self.fits(value, original, response=response):
                return value
            first = value if i == 0 else first
        return first

    def _discriminate(self, schema: dict[str, Any], branch: Any, value: Any) -> None:
        """Set the discriminator property to the name that selects ``branch``."""
        discriminator = schema.get("discriminator")
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if not isinstance(discriminator, dict) or not isinstance(value, dict) or not isinstance(ref, str):
            return
        mapping = discriminator.get("mapping") or {}
        name = next((k for k, v in mapping.items() if v == ref), None)
        if name is None and not mapping:
            name = ref.rsplit("/", 1)[-1]
        if name is not None and discriminator.get("propertyName"):
            value[discriminator["propertyName"]] = name

    def _object(self, schema: dict[str, Any], rng: random.Random, depth: int, response: bool) -> dict[str, Any]:
        required = list(schema.get("required") or [])
        props = schema.get("properties") or {}
        out: dict[str, Any] = {}
        for name, prop in props.items():
            resolved = merged(prop, self.resolver) if isinstance(prop, dict) else {}
            # writeOnly never appears in an answer, readOnly never in a request (even if "required"),
            # said of the property itself or of the schema it refers to (PayPal: beside its $ref).
            flag = "writeOnly" if response else "readOnly"
            if resolved.get(flag) or (isinstance(prop, dict) and prop.get(flag)):
                continue
            if name not in required and (depth >= 3 or depth >= MAX_DEPTH):
                continue
            if depth >= MAX_DEPTH and (_nullable(resolved) or (isinstance(prop, dict) and _nullable(prop))):
                out[name] = None  # a required reference to itself (Modern Treasury's current_return) ends here
                continue
            out[name] = self._value(prop, rng, depth + 1, response)
        extra = schema.get("additionalProperties")
        for name in required:
            if name not in out and name not in props:
                out[name] = self._value(extra if isinstance(extra, dict) else {"type": "string"}, rng, depth + 1,
                                        response)  # fmt: skip
        # A map that must not be empty (Pinterest's asset ids to permissions): keys of its own.
        while extra is not False and len(out) < int(schema.get("minProperties", 0)):
            out[f"emulated{len(out)}"] = self._value(extra if isinstance(extra, dict) else {"type": "string"}, rng,
                                                     depth + 1, response)  # fmt: skip
        return out

    def _array(self, schema: dict[str, Any], rng: random.Random, depth: int, response: bool) -> list[Any]:
        items = schema.get("items") or {}
        if isinstance(items, list):  # draft-4 tuple form (Slack): the first shape stands for all
            items = items[0] if items else {}
        if isinstance(items, dict) and merged(items, self.resolver).get("writeOnly" if response else "readOnly"):
            return []  # items that may not appear in this direction
        low, high = int(schema.get("minItems", 0)), schema.get("maxItems")
        # Past the depth cap a list is left empty, but not a request's list of scalars (no recursion to
        # stop): a form body cannot carry an empty list, so a required one would go missing (Stripe).
        scalars = not response and type_of(merged(items, self.resolver) if isinstance(items, dict) else {}) in SCALARS
        count = max(low, 0 if depth >= MAX_DEPTH and not scalars else 1)
        if high is not None:
            count = min(count, int(high))
        out: list[Any] = []
        for _ in range(count + (3 if schema.get("uniqueItems") else 0)):
            value = self._value(items, rng, depth + 1, response)
            if not (schema.get("uniqueItems") and value in out):
                out.append(value)
            if len(out) >= count:
                break
        return out

    def conform(self, base: Any, overlay: Any, schema: Any) -> Any:
        """``base`` (generated for ``schema``) with each of ``overlay``'s values that fits its property."""
        if not isinstance(base, dict) or not isinstance(overlay, dict):
            return overlay if self.fits(overlay, schema) else base
        whole = merged(schema, self.resolver)
        props = whole.get("properties") or {}
        extra = whole.get("additionalProperties")
        out = dict(base)
        for name, value in overlay.items():
            if name in props:
                prop = props[name]
            elif isinstance(extra, dict) or extra is True or (extra is None and not props):
                prop = extra if isinstance(extra, dict) else {}  # a free-form map (HubSpot's properties)
            else:
                continue
            if isinstance(value, dict) and isinstance(out.get(name), dict):
                out[name] = self.conform(out[name], value, prop)
            elif self.fits(value, prop):
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
    if kind == "number" and not step and not low <= value <= high:
        return float((low + high) / 2)  # bounds with no whole number between (Immich's 0.001 to 0.1): their middle
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
    pattern = readable_pattern(schema.get("pattern"))
    if pattern and not re.search(pattern, text):
        text = _pattern_guess(pattern, text, low, None if high is None else int(high))
    return text


def _pattern_guess(pattern: str, fallback: str, low: int = 0, high: int | None = None) -> str:
    """The first string exrex derives from ``pattern`` (deterministic) within the length bounds,
    repeated up to ``low`` when too short (GitHub's 40-character ``^[0-9a-fA-F]+$`` SHAs);
    ``fallback`` if it cannot."""
    try:
        # generate() is lazy and may yield a great many strings: only the first few are looked at.
        drawn = exrex.generate(_classes_for_negations(pattern), limit=4)
        candidates = [str(c) for c in itertools.islice(drawn, 8) if re.search(pattern, c)]
    except Exception:  # exrex does not know every regex construct vendors use
        candidates = []
    stretched = [(c * (low // len(c) + 1))[:low] if c and len(c) < low else c for c in candidates]
    fitting = [c for c in stretched if len(c) >= low and (high is None or len(c) <= high) and re.search(pattern, c)]
    return fitting[0] if fitting else (candidates[0] if candidates else fallback)


def _classes_for_negations(pattern: str) -> str:
    """``pattern`` with ``\\S``, ``\\D`` and ``\\W`` outside a class written as ``[^\\s]`` and so on: exrex draws
    nothing for them (Amazon's ``^arn:aws:sqs:\\S+:...``: an empty part the pattern refuses)."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            out.append(f"[^\\{escaped.lower()}]" if escaped in "SDW" and not in_class else char + escaped)
            index += 2
            continue
        in_class = (in_class or char == "[") and not (in_class and char == "]")
        out.append(char)
        index += 1
    return "".join(out)
