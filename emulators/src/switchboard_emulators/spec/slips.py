"""Spec slips read as their authors meant, in the copy of a spec that requests are validated against.

A vendor's server accepts what its spec's schemas say only loosely; where a schema, read strictly, refuses
every request (or every request of a shape the vendor documents), the copy is eased so that it says what
the vendor's server does. One walk over the whole document makes each change:

- a pattern Python's ``re`` cannot read (ECMA-262's ``\\p{L}``) is left out: openapi-core failed each
  request it applied to with ``bad escape``, whatever the request held;
- an object closed with ``additionalProperties: false`` whose properties come from its ``allOf``,
  ``anyOf`` or ``oneOf`` parts (ShipEngine's request bodies, ``{additionalProperties: false, allOf:
  [{$ref: package_type}]}``) is open to those parts' properties: read strictly, JSON Schema checks the
  closing against the object's own ``properties`` alone, so it refused every property the parts define.
  Their ``readOnly`` and ``writeOnly`` come along: openapi-core lets a request leave out a required
  ``readOnly`` property only when the object requiring it declares it so itself;
- an ``allOf`` part closed the same way (ShipEngine's ``partial_shipment`` beside
  ``validate_shipment_fields``) refused the other parts' properties: it is opened, and the object composed of
  the parts closed over all of them instead;
- a closed object requiring a name that nothing declares (ShipEngine's ``from_state_provinced``, a typo)
  could never be sent: the name is not required;
- a ``oneOf`` of two or more open objects requiring nothing, each of which therefore takes any object the
  others take (ShipEngine's ``carrier_id`` or ``carrier_ids``), refused every value as valid under each:
  it is read as ``anyOf``; so is one where a single such branch sits beside other objects (Webflow's one item
  or ``{items}``, Sunshine Conversations' integration updates), which takes every object they take, and a
  ``oneOf`` of enums that share a value (Pinterest's metric types: both list ``IMPRESSION``);
- a pattern written as a JavaScript literal (Recurly's codes: ``/^[a-z0-9_+-]+$/i``) is the expression
  between its slashes, its ``i`` flag an inline ``(?i)``: read as written, no value matched its slashes;
- a parameter's schema marked ``readOnly`` (GitHub's ``alert-number``, or in an ``allOf`` part: Cloudflare's
  ``zone_id``) is not: ``readOnly`` says a property of a body is the server's, and openapi-core refused the
  parameter in every request;
- a property both required and ``readOnly`` (Rebilly's and Storyblok's ids, Paddle's
  ``notification_setting_id``) is not required: OpenAPI 3.0 says such a requirement holds in responses only,
  which openapi-core applies only to an object's own properties under 3.0, and not at all under 3.1, so a
  request leaving the server's id out, as it must, was refused;
- under 3.0, ``type: 'null'`` (Algolia's ``oneOf: [boolean, null]``) is ``nullable`` with null its one value,
  and ``items`` written as a list (Algolia's crawler ids) is any of them: openapi-core failed on both, and the
  failure was a refusal of every request.

And apart from the walk, ``stray_path_parameters``: a path parameter its path has no placeholder for, and a
placeholder's parameter declared elsewhere; ``deep_exploded``: a deepObject parameter with no ``explode``; and
``reserved_headers``: a header parameter OpenAPI says to ignore.
"""

from __future__ import annotations

from typing import Any

from switchboard_emulators.spec.pointer import local
from switchboard_emulators.spec.schemas import readable_pattern

PARTS = ("allOf", "anyOf", "oneOf")
MAX_DEPTH = 200  # a document nested deeper than this is not walked further (specs nest a few dozen levels)
MAX_HOPS = 8  # compositions opened inside compositions


def ease(spec: dict[str, Any]) -> None:
    """Every slip above eased in ``spec``, in place; a reference into a part eased under another name (PagerDuty's
    ``.../value/oneOf/0``, a ``oneOf`` read as ``anyOf``) follows it there."""
    moved: list[tuple[str, str]] = []
    _walk(spec, spec, 0, "#", moved)
    if moved:
        _repoint(spec, moved, 0)


def _walk(node: Any, spec: dict[str, Any], depth: int, pointer: str, moved: list[tuple[str, str]]) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        moved.extend((f"{pointer}/{old}", f"{pointer}/{new}") for old, new in _ease_schema(node, spec))
        for key, value in node.items():
            _walk(value, spec, depth + 1, f"{pointer}/{_escaped(key)}", moved)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, spec, depth + 1, f"{pointer}/{i}", moved)


def _escaped(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _repoint(node: Any, moved: list[tuple[str, str]], depth: int) -> None:
    """Each local reference under a moved pointer rewritten to where it went (outer moves first, as walked)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            for old, new in moved:
                if ref == old or ref.startswith(old + "/"):
                    ref = new + ref[len(old) :]
            node["$ref"] = ref
        for value in node.values():
            _repoint(value, moved, depth + 1)
    elif isinstance(node, list):
        for value in node:
            _repoint(value, moved, depth + 1)


def _ease_schema(node: dict[str, Any], spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Ease ``node``; the parts it moved, as (old, new) pointers relative to it."""
    moved: list[tuple[str, str]] = []
    if node.get("type") == "null" and str(spec.get("openapi", "")).startswith("3.0"):
        del node["type"]  # 3.0 has no null type, and openapi-core failed on it: 3.0's way of saying null
        node.update(nullable=True, enum=[None])
    if isinstance(node.get("items"), list):  # JSON Schema's tuple form, which OpenAPI has not: any of them
        several = len(node["items"]) != 1
        moved.append(("items", "items/anyOf") if several else ("items/0", "items"))
        node["items"] = {"anyOf": node["items"]} if several else node["items"][0]
    if isinstance(node.get("pattern"), str):
        readable = readable_pattern(node["pattern"])
        if readable is None:
            del node["pattern"]
        else:
            node["pattern"] = readable
    if isinstance(node.get("in"), str) and isinstance(node.get("schema"), dict) and "name" in node:
        schema = local(node["schema"], spec)  # a parameter
        if isinstance(schema, dict) and _read_only(schema, spec):
            node["schema"] = _writable(schema, spec)
    if isinstance(node.get("allOf"), list) and _open_closed_parts(node["allOf"], spec):
        node["additionalProperties"] = False
    composed = any(isinstance(node.get(k), list) for k in PARTS)
    if composed and (node.get("additionalProperties") is False or node.get("required")):
        _open_to_parts(node, spec)
    if node.get("additionalProperties") is False and isinstance(node.get("required"), list):
        declared = node.get("properties")
        node["required"] = [name for name in node["required"] if isinstance(declared, dict) and name in declared]
    if isinstance(node.get("oneOf"), list) and _overlapping(node["oneOf"], spec):
        node["anyOf"] = node.pop("oneOf")
        moved.append(("oneOf", "anyOf"))
    if isinstance(node.get("required"), list) and isinstance(node.get("properties"), dict):
        declared = node["properties"]
        node["required"] = [name for name in node["required"] if not _read_only(declared.get(name), spec)]
    return moved


def _read_only(prop: Any, spec: dict[str, Any]) -> bool:
    """Whether a property is the server's: ``readOnly`` on it, on the schema it refers to, or on one of that
    schema's ``allOf`` parts (Cloudflare's ids: ``allOf: [{$ref: RulesetId}, {readOnly: true}]``)."""
    target = local(prop, spec)
    parts: list[Any] = target["allOf"] if isinstance(target, dict) and isinstance(target.get("allOf"), list) else []
    return any(isinstance(p, dict) and p.get("readOnly") is True for p in (prop, target, *parts))


def _writable(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` without ``readOnly``, on itself or on its ``allOf`` parts."""
    out = {key: value for key, value in schema.items() if key != "readOnly"}
    if isinstance(out.get("allOf"), list):
        parts = [local(part, spec) for part in out["allOf"]]
        out["allOf"] = [{k: v for k, v in p.items() if k != "readOnly"} if isinstance(p, dict) else p for p in parts]
    return out


def _open_closed_parts(parts: list[Any], spec: dict[str, Any]) -> bool:
    """Each closed part replaced by an open copy; whether there was one."""
    opened = False
    for index, part in enumerate(parts):
        schema = local(part, spec)
        if isinstance(schema, dict) and schema.get("additionalProperties") is False:
            parts[index] = {key: value for key, value in schema.items() if key != "additionalProperties"}
            opened = True
    return opened


def _open_to_parts(schema: dict[str, Any], spec: dict[str, Any]) -> None:
    """The parts' properties added to ``schema``'s own, unconstrained but for their direction: the parts
    still check their values."""
    own = schema.get("properties")
    properties: dict[str, Any] = dict(own) if isinstance(own, dict) else {}
    for name, declared in _part_properties(schema, spec, 0):
        properties.setdefault(name, {k: True for k in ("readOnly", "writeOnly") if declared.get(k) is True})
    if properties:
        schema["properties"] = properties


def _part_properties(schema: dict[str, Any], spec: dict[str, Any], hops: int) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if hops > MAX_HOPS:
        return found
    for key in PARTS:
        for part in schema.get(key) or []:
            part = local(part, spec)
            if not isinstance(part, dict):
                continue
            declared = part.get("properties")
            if isinstance(declared, dict):
                found += [
                    (str(k), v) for k, v in ((k, local(v, spec)) for k, v in declared.items()) if isinstance(v, dict)
                ]
            found += _part_properties(part, spec, hops + 1)
    return found


def _overlapping(branches: list[Any], spec: dict[str, Any]) -> bool:
    """Whether two or more branches are open objects that require nothing (readOnly names aside), or one is
    and another branch is an object too (every object the other takes, the open one takes), or enums share
    a value."""
    enums = [schema.get("enum") for schema in (local(branch, spec) for branch in branches) if isinstance(schema, dict)]
    seen: list[Any] = []
    for values in enums:
        if isinstance(values, list):
            if any(value in seen for value in values):
                return True
            seen += values
    loose = objects = 0
    for branch in branches:
        schema = local(branch, spec)
        if not isinstance(schema, dict):
            continue
        plain = schema.get("type") == "object" or "properties" in schema
        objects += plain or any(key in schema for key in PARTS)
        declared: dict[str, Any] = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
        asked = [name for name in schema.get("required") or [] if not _read_only(declared.get(name), spec)]
        if (
            plain
            and not asked
            and schema.get("additionalProperties") is not False
            and not any(key in schema for key in (*PARTS, "not", "enum", "const"))
        ):
            loose += 1
    return loose >= 2 or (loose >= 1 and objects >= 2)


def stray_path_parameters(holder: dict[str, Any], template: str, spec: dict[str, Any]) -> None:
    """The path parameters of ``holder`` (a path item or an operation) that ``template`` has no placeholder for
    left out: no request can give one (Sonarr's ``GET /`` declares the ``path`` of its ``/{path}`` sibling),
    and openapi-core refused every request for its absence. And a placeholder's parameter declared in the
    query or a header (Kestra's ``/metrics/{serviceType}``, ``serviceType`` in the query) read in the path,
    where a client fills the placeholder: openapi-core asked for it in the query as well."""
    params = holder.get("parameters")
    if not isinstance(params, list):
        return
    kept = [p for p in params if not _stray(local(p, spec), template)]
    read = [local(p, spec) for p in kept]
    in_path = {p.get("name") for p in read if isinstance(p, dict) and p.get("in") == "path"}
    holder["parameters"] = [_moved(r, template, in_path) or p for p, r in zip(kept, read, strict=True)]


def _moved(param: Any, template: str, in_path: set[Any]) -> dict[str, Any] | None:
    """``param`` as the path parameter its placeholder needs, or None when it is not misplaced."""
    if not isinstance(param, dict) or param.get("in") == "path" or param.get("name") in in_path:
        return None
    if f"{{{param.get('name')}}}" not in template:
        return None
    moved = {k: v for k, v in param.items() if k not in ("style", "explode", "allowEmptyValue")}
    return {**moved, "in": "path", "required": True}


def _stray(param: Any, template: str) -> bool:
    return isinstance(param, dict) and param.get("in") == "path" and f"{{{param.get('name')}}}" not in template


def deep_exploded(param: Any, spec: dict[str, Any]) -> None:
    """A deepObject parameter with no ``explode`` read as exploded, the one way deepObject is defined (Modern
    Treasury's ``balances[effective_at]=...``): openapi-core takes a missing ``explode`` as false, as for every
    style but form, and then refused every request, those without the parameter too. Followed when named by
    reference (Unit's ``page``), where the parameter lives."""
    target = local(param, spec)
    if isinstance(target, dict) and target.get("style") == "deepObject" and "explode" not in target:
        target["explode"] = True


# OpenAPI 3 (Parameter Object): a header parameter of these names "SHALL be ignored"; the request's own say it.
RESERVED_HEADERS = {"accept", "content-type", "authorization"}


def reserved_headers(holder: dict[str, Any], spec: dict[str, Any]) -> None:
    """The header parameters of ``holder`` named Accept, Content-Type or Authorization left out, as OpenAPI says to:
    openapi-core checked them, refusing Unit's bodiless upload for a Content-Type it declares required, and
    Docker's build for the body type its ``consumes`` gives, beside a ``Content-type`` parameter that refuses it."""
    params = holder.get("parameters")
    if isinstance(params, list):
        holder["parameters"] = [p for p in params if not _reserved(local(p, spec))]


def _reserved(param: Any) -> bool:
    return (
        isinstance(param, dict) and param.get("in") == "header" and str(param.get("name")).lower() in RESERVED_HEADERS
    )
