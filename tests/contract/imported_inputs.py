"""Inputs for an imported method, generated from its definition: the `/body` call that sends it.

The definition says which inputs a method has, where they go, their types and allowed
``Values``; it keeps no formats or patterns (a date, an email, Slack's ``C0123`` ids), so a
string's sample comes from the vendor spec's schema for that input (the emulator's generator,
request side), found by the input's wire name. Only required inputs (and every path parameter)
are sent: what the definition marks required is what the spec must accept on its own.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import orjson

from switchboard.catalog.models import FieldDef, ParameterDef, path_key
from switchboard.catalog.registry import Method
from switchboard.engine import paths
from switchboard_emulators.spec import SpecEmulator
from switchboard_emulators.spec.document import Operation
from switchboard_emulators.spec.schemas import merged

_PARAM = re.compile(r"\{[^}]+\}")
_PREFIX = re.compile(r"(?:/[^/{}]+)*/\{\}")  # segments ending in a parameter: a base URL's tail
_BYTES = base64.b64encode(b"emulated").decode()  # a file's or a binary body's bytes


def operation_of(emu: SpecEmulator, method: Method) -> Operation | None:
    """The spec operation a method was imported from (same verb, same path up to parameter names).

    A leading path up to a parameter may have gone into the base URL (BambooHR's ``/{companyDomain}``,
    QuickBooks' ``/v3/company/{realm-id}``, DocuSign's ``/v2.1/accounts/{accountId}``): the shortest such prefix.
    One that repeated the server's path has it no longer.
    """
    assert method.definition.http is not None
    verb, _, path = method.definition.http.partition(" ")
    shape = _PARAM.sub("{}", path.split("?")[0])
    ops = [(op, _PARAM.sub("{}", op.template)) for op in emu.operations if op.method == verb]
    exact = next((op for op, template in ops if template == shape), None)
    # A spec path that already starts with the server's path (Telnyx's /v2/mobile_phone_numbers under .../v2):
    # the importer took it off.
    exact = exact or next((op for op, template in ops if template == emu.base_path + shape), None)
    tail = "" if shape == "/" else shape
    under = [(len(t), op) for op, t in ops if t.endswith("/{}" + tail) and _PREFIX.fullmatch(t[: len(t) - len(tail)])]
    return exact or (min(under, key=lambda pair: pair[0])[1] if under else None)


def call_body(emu: SpecEmulator, method: Method, op: Operation | None) -> dict[str, Any]:
    """``{"Parameters": ..., "RequestBody": ...}`` for ``POST .../methods/{uid}/body``."""
    parameters: dict[str, Any] = {}
    for p in method.parameters:
        d = p.definition
        if d.required or d.in_ == "path":
            parameters[d.target] = _parameter_value(emu, d, op)
    body: dict[str, Any] = {}
    sample = _body_sample(emu, op)
    chosen = _first_alternative(emu, op)
    if method.definition.body_format == "raw":  # the RequestBody is the body: text, or base64 of bytes
        (field,) = method.fields
        text = _BYTES if field.definition.format == "binary" else _typed("string", sample)
        if "xml" in (method.definition.content_type or "") and field.definition.format != "binary":
            text = "<emulated/>"  # an XML document given as a string (Bandwidth's BXML): the spec parses it
        return {"Parameters": parameters, "RequestBody": text}
    # A body that is a choice of objects goes as the sample the generator drew, which satisfies one
    # alternative only: the required members of the first alone may fit several (Smartsheet's sheets).
    # Only a JSON body that is a choice alone, and only a sample the spec accepts whole; then the first
    # alternative's keys are not added too (HighLevel's social accounts: the union matched three).
    schema = _body_schema(emu, op)
    choice = (method.definition.body_format or "json") == "json" and "properties" not in schema
    choice = choice and bool({"oneOf", "anyOf"} & set(schema)) and isinstance(sample, dict)
    choice = choice and emu.answers.gen.fits(sample, schema, response=False)
    for f in method.fields:
        d = f.definition
        if d.whole_body and d.type == "object":  # the RequestBody is the object itself
            return {"Parameters": parameters, "RequestBody": orjson.dumps(_typed("object", sample)).decode()}
        if d.whole_body:  # the body itself (an array, a scalar): sent even when optional, it is the point
            value = d.values[0] if d.values else _typed(d.type, sample)
            body[d.location] = [value] if d.values and d.type == "array" else value  # an array's values: its items
        elif (
            d.required
            or (d.wire_location in chosen and not choice)
            or (choice and paths.read(sample, d.wire_location) is not None)
        ):
            paths.assign(body, d.location, _field_value(d, sample))
    # A body that needs some field but none in particular (Webflow's font update: minProperties;
    # Telnyx's TeXML forms: a required form body, which sent empty is no body at all).
    need = max(int(schema.get("minProperties", 0)), int(_empty_body_is_missing(emu, op, method)))
    for f in method.fields:
        if len(body) >= need:
            break
        if "." not in f.definition.location and f.definition.location not in body:
            paths.assign(body, f.definition.location, _field_value(f.definition, sample))
    out: dict[str, Any] = {"Parameters": parameters}
    if body:
        out["RequestBody"] = orjson.dumps(body).decode()
    return out


def _parameter_value(emu: SpecEmulator, d: ParameterDef, op: Operation | None) -> Any:
    if d.values:
        return d.values[0]
    spec_param = next(
        (p for p in (op.parameters if op else []) if p.get("name") == d.wire_name and p.get("in") == d.in_), None
    )
    sample: Any = None
    if spec_param is not None:
        content = next(iter((spec_param.get("content") or {}).values()), None) or {}
        schema = (spec_param.get("schema") or content.get("schema")
                  or {k: v for k, v in spec_param.items() if k in ("type", "format", "enum")})  # fmt: skip
        sample = emu.answers.gen.value(schema, f"req:{d.wire_name}", response=False)
    return _typed(d.type, sample)


def _body_sample(emu: SpecEmulator, op: Operation | None) -> Any:
    schema = _body_schema(emu, op)
    if op is None or not schema:
        return {}
    return emu.answers.gen.value(schema, f"req:{op.operation_id}", response=False)


def _first_alternative(emu: SpecEmulator, op: Operation | None) -> set[str]:
    """Top-level keys the body's first ``oneOf``/``anyOf`` alternative requires (first of first when
    nested): a body that is a choice is sent as that choice, which the definition cannot say."""
    schema = _body_schema(emu, op)
    keys: set[str] = set()
    for _ in range(5):
        keys |= {path_key(name) for name in schema.get("required") or []}  # as wire locations write them
        branches = schema.get("oneOf") or schema.get("anyOf")
        if not branches:
            break
        schema = merged(branches[0], emu.answers.gen.resolver)
    return keys


def _empty_body_is_missing(emu: SpecEmulator, op: Operation | None, method: Method) -> bool:
    """A required body the method sends as other than JSON (a form): empty, it goes as no body, which the spec
    refuses. The method's format decides, not the spec's list (Listmonk's campaign test offers form, then JSON)."""
    request_body = emu.answers.gen.resolver.resolve(op.spec.get("requestBody")) if op else None
    content = (request_body or {}).get("content") or {}
    sends_json = (method.definition.body_format or "json") == "json"
    return bool((request_body or {}).get("required")) and bool(content) and not sends_json


def _body_schema(emu: SpecEmulator, op: Operation | None) -> dict[str, Any]:
    if op is None:
        return {}
    request_body = emu.answers.gen.resolver.resolve(op.spec.get("requestBody")) or {}
    content = request_body.get("content") or {}
    if not content:
        return {}
    media = next((m for m in content if "json" in m), next(iter(content)))
    schema: dict[str, Any] = merged((content[media] or {}).get("schema") or {}, emu.answers.gen.resolver)
    return schema


def _field_value(d: FieldDef, sample: Any) -> Any:
    node = paths.read(sample, d.wire_location)
    if d.values and node not in d.values:  # the sample's own value when allowed: it picked its alternative
        return d.values[0]
    if d.format == "binary":
        return _BYTES
    if d.transform == "key_value_object" and isinstance(node, dict):
        return [{"key": k, "value": v} for k, v in node.items()]
    return _typed(d.type, node)


def _typed(kind: str, sample: Any) -> Any:
    """The spec's sample when it has the definition's type, else a plain value of that type."""
    fits = {
        "string": isinstance(sample, str) and sample != "",
        "integer": isinstance(sample, int) and not isinstance(sample, bool),
        "number": isinstance(sample, int | float) and not isinstance(sample, bool),
        "boolean": isinstance(sample, bool),
        "array": isinstance(sample, list) and bool(sample),
        "object": isinstance(sample, dict),
    }.get(kind, sample is not None)
    if fits:
        return sample
    if kind == "string" and isinstance(sample, int | float) and not isinstance(sample, bool):
        return str(sample)
    return {"integer": 1, "number": 1, "boolean": True, "array": ["emulated"], "object": {}}.get(kind, "emulated")
