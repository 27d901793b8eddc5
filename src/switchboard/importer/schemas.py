"""From JSON Schemas to connector fields: types, flattened request fields, top-level response fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from switchboard.catalog.models import path_key
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
    own = set(properties)  # the schema's own say on a property wins over a part's (Cloudflare's origin)
    required: list[str] = list(out.get("required", []) or [])
    for part in schema["allOf"]:
        piece = merged(spec, part, depth + 1)
        properties.update({k: v for k, v in (piece.get("properties", {}) or {}).items() if k not in own})
        required.extend(r for r in piece.get("required", []) or [] if r not in required)
        # readOnly in a part (Cloudflare's ids: allOf [{$ref: RulesetId}, {readOnly: true}]) is the whole's
        for key in ("type", "description", "items", "enum", "format", "readOnly"):
            if key in piece and key not in out:
                out[key] = piece[key]
    if properties:
        out["properties"] = properties
        out.setdefault("type", "object")
    if required:
        out["required"] = required
    return out


def alternatives(spec: Spec, schema: Any, depth: int = 0) -> dict[str, Any]:
    """``schema`` merged, with the properties of its ``oneOf``/``anyOf`` alternatives merged in.

    A body that is a choice (Intercom's message: email, in-app or WhatsApp) still needs every key
    as a field. Only object alternatives count (an array or null beside them is another spelling,
    left out). A key is required when the schema itself requires it or every object alternative
    does; a key several alternatives declare with enums gets their union (the first one's values
    first), objects their keys merged as alternatives; a discriminator's property takes its
    mapping's names as values.
    """
    resolved: dict[str, Any] = merged(spec, schema)
    if "oneOf" not in resolved and "anyOf" not in resolved:
        resolved = {**_choice_in_parts(spec, schema), **resolved}
    branches = resolved.get("oneOf") or resolved.get("anyOf")
    if not isinstance(branches, list) or not branches or depth > 4:
        return resolved
    parts = [part for part in (alternatives(spec, b, depth + 1) for b in branches) if _shapes(part)]
    out = {k: v for k, v in resolved.items() if k not in ("oneOf", "anyOf", "discriminator")}
    properties: dict[str, Any] = dict(out.get("properties") or {})
    for part in parts:
        for name, raw in (part.get("properties") or {}).items():
            properties[name] = _either(spec, properties[name], raw) if name in properties else _typed(spec, raw)
    _discriminated(spec, resolved, branches, properties)
    required: list[str] = list(out.get("required") or [])
    firsts = parts[0].get("required") or [] if parts else []
    required += [r for r in firsts if r not in required and all(r in (p.get("required") or []) for p in parts[1:])]
    if properties:
        out["properties"] = properties
        out.setdefault("type", "object")
    if required:
        out["required"] = required
    return out


def _choice_in_parts(spec: Spec, schema: Any) -> dict[str, Any]:
    """The first choice among ``schema``'s ``allOf`` parts (Lichess's seek: allOf [{rated}, oneOf [real-time,
    correspondence]]), with its discriminator: ``merged`` keeps only the parts' keys, and the choice's were lost."""
    resolved = spec.deref(schema)
    parts = resolved.get("allOf") if isinstance(resolved, dict) else None
    for part in parts if isinstance(parts, list) else []:
        piece = merged(spec, part)
        if piece.get("oneOf") or piece.get("anyOf"):
            return {k: piece[k] for k in ("oneOf", "anyOf", "discriminator") if k in piece}
    return {}


def _shapes(part: dict[str, Any]) -> bool:
    """An alternative an object may take: not an array, a scalar or null (an untyped one counts:
    Intercom's ``anyOf: [{required: [email]}, ...]`` says which keys an object must have)."""
    kind = part.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["object", "null"]
        kind = next((k for k in kind if k != "null"), "null")
    return kind in (None, "object") and "items" not in part


def _discriminated(spec: Spec, resolved: dict[str, Any], branches: list[Any], properties: dict[str, Any]) -> None:
    """The discriminator's property as an enum: the values its branches declare, then the mapping's names
    (or, with no mapping, the names of the schemas the branches refer to)."""
    discriminator = resolved.get("discriminator")
    name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    if not isinstance(name, str) or not name:
        return
    mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
    if isinstance(mapping, dict) and mapping:
        names = [str(k) for k in mapping]
    else:
        refs = [b.get("$ref") for b in branches if isinstance(b, dict)]
        names = [r.rsplit("/", 1)[-1] for r in refs if isinstance(r, str)]
    current = merged(spec, properties.get(name, {"type": "string"}))
    if not names or data_type(spec, current) not in {"string", "any"}:
        return
    values = [v for v in current.get("enum") or [] if isinstance(v, str)]
    properties[name] = {**current, "type": "string", "enum": values + [n for n in names if n not in values]}


class Choice(NamedTuple):
    """The alternatives of a body that is only a choice, counted by kind."""

    named: int  # objects whose keys fields can name
    free: int  # objects with no declared keys (maps): no field list can name theirs
    others: int  # arrays and scalars (null does not count)


def choice_of(spec: Spec, schema: Any) -> Choice | None:
    """What a body that is only a choice (``oneOf``/``anyOf``, no keys of its own) is made of; None
    when ``schema`` is not such a choice."""
    resolved = merged(spec, schema)
    branches = resolved.get("oneOf") or resolved.get("anyOf")
    if "properties" in resolved or not isinstance(branches, list) or not branches:
        return None
    named = free = others = 0
    for branch in _leaves(spec, branches, 0):
        kind = data_type(spec, branch)
        if "properties" in branch:
            named += 1
        elif kind == "object" and branch.get("additionalProperties") is not False:
            free += 1  # an empty object (additionalProperties: false) is no keys at all: fields say it
        elif kind not in {"object", "any"}:
            others += 1
    return Choice(named, free, others)


def _leaves(spec: Spec, branches: list[Any], depth: int) -> list[dict[str, Any]]:
    """A choice's alternatives, nested choices (with no keys of their own) opened up."""
    out: list[dict[str, Any]] = []
    for branch in branches:
        resolved = merged(spec, branch)
        inner = resolved.get("oneOf") or resolved.get("anyOf")
        if "properties" not in resolved and isinstance(inner, list) and inner and depth < 4:
            out.extend(_leaves(spec, inner, depth + 1))
        else:
            out.append(resolved)
    return out


def _typed(spec: Spec, raw: Any) -> Any:
    """A branch's bare ``{enum: [strings]}`` (Intercom's data_type) as the string it is."""
    schema = merged(spec, raw)
    values = schema.get("enum")
    if "type" not in schema and isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return {**schema, "type": "string"}
    return raw


def _either(spec: Spec, first: Any, second: Any) -> Any:
    """One key two alternatives declare: enums joined, objects' keys merged as alternatives."""
    a, b = merged(spec, _typed(spec, first)), merged(spec, _typed(spec, second))
    if isinstance(a.get("enum"), list) and isinstance(b.get("enum"), list):
        return {**a, "enum": a["enum"] + [v for v in b["enum"] if v not in a["enum"]]}
    if a != b and "properties" in a and "properties" in b:
        return alternatives(spec, {"oneOf": [a, b]})
    return first


def data_type(spec: Spec, schema: Any) -> str:
    """The connector type of a schema (``datetime`` for date-time strings; ``any`` when it says nothing)."""
    schema = _not_null(spec, merged(spec, schema))
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "properties" in schema:
        kind = "object"
    if kind is None and ("oneOf" in schema or "anyOf" in schema):
        kind = _choice_type(spec, schema.get("oneOf") or schema.get("anyOf") or [])
    if kind is None and isinstance(schema.get("const"), str | bool | int | float):  # ``{const: person}``
        kind = {str: "string", bool: "boolean", int: "integer", float: "number"}[type(schema["const"])]
    if kind == "string":
        return {"date-time": "datetime", "date": "date"}.get(str(schema.get("format")), "string")
    if kind in {"integer", "number", "boolean", "object", "array"}:
        return str(kind)
    return "any"


def takes_as(value: str | int | float | bool, data_type: str) -> bool:
    """Whether the engine takes a scalar default as ``data_type``, as it takes a caller's value
    (numbers as their text, numeric and true/false text as numbers and booleans)."""
    if data_type in {"any", "array"}:
        return True
    if isinstance(value, bool):
        return data_type == "boolean"
    if isinstance(value, int | float):
        integral = isinstance(value, int) or value.is_integer()
        return (
            data_type in {"number", "string"}
            or (data_type == "integer" and integral)
            or (data_type == "boolean" and value in (0, 1))
        )
    text = value.strip().lower()
    if data_type in {"integer", "number"}:
        return re.fullmatch(r"-?\d+" if data_type == "integer" else r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text) is not None
    if data_type == "boolean":
        return text in {"true", "false", "1", "0", "yes", "no"}
    return data_type in {"string", "datetime", "date"}


def type_of(schema: dict[str, Any]) -> str | None:
    """A schema's one type, OpenAPI 3.1's ``type: [string, "null"]`` read as ``string`` (a list of more is none)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return str(kinds[0]) if len(kinds) == 1 else None
    return kind if isinstance(kind, str) else None


def _not_null(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    """A nullable choice (OpenAPI 3.1's ``oneOf: [{type: "null"}, X]``, Lithic's substatus; FastAPI's
    ``anyOf`` for an optional value) read as X, under the choice's own description: the null says only
    that the value may be null, never what it is."""
    branches = schema.get("oneOf") or schema.get("anyOf")
    if not isinstance(branches, list) or "properties" in schema or "enum" in schema:
        return schema
    values = [merged(spec, branch) for branch in branches]
    kept = [value for value in values if value.get("type") not in ("null", ["null"])]
    if len(kept) != 1 or len(kept) == len(values):
        return schema
    return {**kept[0], **{k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "type")}}


def _choice_type(spec: Spec, branches: list[Any]) -> str | None:
    """A ``oneOf``/``anyOf``'s type: the alternatives' one type when they agree (BigCommerce's
    ``amount`` is a number or a string: None), an object when each is an object or untyped, and None
    (``any``) when they differ: Telnyx's ``from`` is an address or ``{email, name}``, and typed
    ``object`` it would refuse the address."""
    kinds = set()
    for branch in branches:
        alternative = merged(spec, branch)
        kind = alternative.get("type")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            kind = next((k for k in kind if k != "null"), None)
        if kind == "null":  # a nullable choice: the null says nothing of the value's type
            continue
        kinds.add(kind if kind in {"string", "integer", "number", "boolean", "array"} else "object")
    return kinds.pop() if len(kinds) == 1 else None


def enum_values(spec: Spec, schema: Any) -> list[Any] | None:
    """The enum of a scalar schema (or of an array's items), when every value is a scalar."""
    schema = _not_null(spec, merged(spec, schema))
    if schema.get("type") == "array":
        schema = _not_null(spec, merged(spec, schema.get("items", {})))
    values = [schema["const"]] if "const" in schema else schema.get("enum")  # 3.1's const: one value allowed
    if not isinstance(values, list) or not values:
        return None
    values = [v for v in values if v is not None]
    if not values or not all(isinstance(v, str | int | float | bool) for v in values):
        return None
    return values


_UNDECLARED = "Listed as required by the spec, which does not describe it"


@dataclass
class Flattened:
    """A request field: its dot-notation location, its schema, and where it goes on the wire when that
    differs (a key holding dots, ``file.csv``: located ``file_csv``, sent at ``file\\.csv``)."""

    location: str
    schema: dict[str, Any]
    required: bool
    wire: str | None = None


def flatten(spec: Spec, schema: Any, *, skip_read_only: bool = True) -> tuple[list[Flattened], list[str]]:
    """Request fields of an object body (objects flattened, ``allOf`` merged, ``oneOf`` kept whole),
    and the names that could not be fields."""
    fields: list[Flattened] = []
    problems: list[str] = []
    _walk(spec, alternatives(spec, schema), ("", ""), True, 0, fields, problems, skip_read_only)
    return fields, problems


def _walk(
    spec: Spec,
    schema: dict[str, Any],
    at: tuple[str, str],  # the location and the wire path of the object, each ending in a dot (or empty)
    required: bool,
    depth: int,
    out: list[Flattened],
    problems: list[str],
    skip_read_only: bool,
) -> None:
    needed = set(schema.get("required", []) or [])
    declared_names = schema.get("properties", {}) or {}
    for name, raw in declared_names.items():
        child = merged(spec, raw)
        if skip_read_only and child.get("readOnly"):
            continue
        # A key holding dots (DocuSign's part ``file.csv``, Dropbox's union ``.tag``) is located with
        # underscores, as callers write it, and sent as it is named; one with spaces too is a sentence
        # written where a key goes (Jira's gadget position: "The row position of the gadget.").
        key = name.replace(".", "_")
        if not name or (key != name and (key in declared_names or re.search(r"\s", name))):
            problems.append(f"body key {name!r} (no name of its own to locate it by)")
            continue
        location, wire = f"{at[0]}{key}", f"{at[1]}{path_key(name)}"
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
            _walk(spec, child, (location + ".", wire + "."), is_required, depth + 1, out, problems, skip_read_only)
            if len(out) > before:
                continue
        out.append(Flattened(location, child, is_required, wire if wire != location else None))
    _undeclared(schema, out, at)


def _undeclared(schema: dict[str, Any], out: list[Flattened], at: tuple[str, str]) -> None:
    """Keys the object lists as required but does not declare (Qovery's organisation ``plan``, Figma's
    webhook ``team_id``) as optional fields of any type, so a call can send them. Optional: such a list
    is as often wrong (Xero Files' file object requires a pet store's ``manufacturer``), and a required
    field would make a working method refuse every call. None where ``additionalProperties: false``
    forbids what is not declared (Jira's screens: a typo no request could satisfy)."""
    if schema.get("additionalProperties") is False:
        return
    declared = schema.get("properties") or {}
    for name in schema.get("required") or []:
        if isinstance(name, str) and name and "." not in name and name not in declared:
            location, wire = f"{at[0]}{name}", f"{at[1]}{name}"
            out.append(Flattened(location, {"description": _UNDECLARED}, False, wire if wire != location else None))


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


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain_summary(text: Any, limit: int = 200) -> str:
    """``short`` for a connector's description, which end users read (the connect page): markdown's headings,
    quote marks, links and emphasis taken out, and a paragraph that is only a heading skipped (Dialpad's
    ``# Introduction``, BigCommerce's ``> The Catalog API ...``, Asana's ``[Asana Platform](https://...)``)."""
    if not isinstance(text, str):
        return ""
    for paragraph in text.strip().split("\n\n"):
        lines = [re.sub(r"^\s*>\s?", "", line) for line in paragraph.splitlines() if not line.lstrip().startswith("#")]
        cleaned = re.sub(r"\*\*|__|`", "", _MARKDOWN_LINK.sub(r"\1", " ".join(lines)))
        if cleaned.strip():
            return short(cleaned, limit)
    return ""
