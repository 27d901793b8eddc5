"""Swagger 2.0 to OpenAPI 3.0, enough for validating requests and answering them.

PyPI has no maintained converter (``swagger2openapi`` is JavaScript; ``prance`` calls out to it),
so this does the mechanical part: definitions, parameters and responses move under
``components``, body and formData parameters become a ``requestBody``, response schemas and
examples move under ``content``, ``collectionFormat`` becomes ``style``/``explode``, security
definitions become security schemes and ``host`` + ``basePath`` a server.
"""

from __future__ import annotations

from typing import Any

_REFS = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
_SCHEMA_KEYS = (
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "multipleOf",
)  # fmt: skip
_STYLES = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
}
_FLOWS = {"accessCode": "authorizationCode", "implicit": "implicit", "password": "password",
          "application": "clientCredentials"}  # fmt: skip


def convert(doc: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.0.3 document equivalent to the Swagger 2.0 ``doc``."""
    doc = _rewrite_refs(doc)
    consumes = doc.get("consumes") or ["application/json"]
    produces = doc.get("produces") or ["application/json"]
    global_params: dict[str, Any] = doc.get("parameters") or {}
    components: dict[str, Any] = {
        "schemas": {name: _schema(s) for name, s in (doc.get("definitions") or {}).items()},
        "parameters": {n: _parameter(p) for n, p in global_params.items() if p.get("in") not in ("body", "formData")},
        "responses": {n: _response(r, produces) for n, r in (doc.get("responses") or {}).items()},
        "securitySchemes": {n: _security(s) for n, s in (doc.get("securityDefinitions") or {}).items()},
    }
    paths: dict[str, Any] = {}
    for template, item in (doc.get("paths") or {}).items():
        shared = item.get("parameters") or []
        new_item: dict[str, Any] = {}
        for method, op in item.items():
            if method == "parameters" or not isinstance(op, dict):
                continue
            new_item[method] = _operation(op, shared, global_params, consumes, produces)
        paths[template] = new_item
    scheme = (doc.get("schemes") or ["https"])[0]
    server = f"{scheme}://{doc.get('host', 'localhost')}{doc.get('basePath', '')}"
    out: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": doc.get("info") or {"title": "converted", "version": "0"},
        "servers": [{"url": server.rstrip("/")}],
        "paths": paths,
        "components": components,
    }
    for key in ("security", "tags"):
        if key in doc:
            out[key] = doc[key]
    return out


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                for old, new in _REFS.items():
                    if value.startswith(old):
                        value = new + value[len(old) :]
                out[key] = value
            else:
                out[key] = _rewrite_refs(value)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def _schema(node: Any) -> Any:
    """2.0 schema quirks: ``type: file``, ``x-nullable``, a string ``discriminator``."""
    if isinstance(node, list):
        return [_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _schema(v) for k, v in node.items() if k not in ("x-nullable", "discriminator")}
    if node.get("type") == "file":
        out["type"], out["format"] = "string", "binary"
    if node.get("x-nullable"):
        out["nullable"] = True
    kind = node.get("type")
    if kind == "null":  # JSON Schema's null type (Slack), which 3.0 spells as nullable
        del out["type"]
        out["nullable"], out["enum"] = True, [None]
    elif isinstance(kind, list):  # type lists are not 3.0: one type, or anyOf the types
        types = [t for t in kind if t != "null"]
        del out["type"]
        if len(types) == 1:
            out["type"] = types[0]
        elif types:
            out["anyOf"] = [{"type": t} for t in types]
        if "null" in kind:
            out["nullable"] = True
    if isinstance(node.get("discriminator"), dict):
        out["discriminator"] = node["discriminator"]
    return out


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in param:
        return param
    out: dict[str, Any] = {k: param[k] for k in ("name", "in", "description", "required") if k in param}
    out["schema"] = _schema({k: param[k] for k in _SCHEMA_KEYS if k in param})
    if param.get("type") == "array":
        style, explode = _STYLES.get(param.get("collectionFormat", "csv"), ("form", False))
        if param.get("in") in ("path", "header"):
            style = "simple"
        out["style"], out["explode"] = style, explode
        if param.get("in") == "header":  # ssv, tsv and pipes are no OpenAPI 3 header style: header_lists reads them
            out["x-collectionFormat"] = param.get("collectionFormat", "csv")
    return out


def _encoding(param: dict[str, Any]) -> dict[str, Any]:
    """A form list's style and explode, as a form's encoding states them (tsv read as csv by the validator)."""
    style, explode = _STYLES.get(param.get("collectionFormat", "csv"), ("form", False))
    return {"style": style, "explode": explode}


def _operation(
    op: dict[str, Any], shared: list[dict[str, Any]], global_params: dict[str, Any],
    consumes: list[str], produces: list[str],
) -> dict[str, Any]:  # fmt: skip
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for param in [*shared, *(op.get("parameters") or [])]:
        if "$ref" in param:
            name = param["$ref"].rsplit("/", 1)[-1]
            resolved = global_params.get(name, {})
            if resolved.get("in") in ("body", "formData"):
                param = resolved
        params[(param.get("in", "ref"), param.get("name", param.get("$ref", "")))] = param
    out = {k: v for k, v in op.items() if k not in ("parameters", "responses", "consumes", "produces")}
    consumes = op.get("consumes") or consumes
    produces = op.get("produces") or produces
    plain = [_parameter(p) for p in params.values() if p.get("in") not in ("body", "formData")]
    if plain:
        out["parameters"] = plain
    body = next((p for p in params.values() if p.get("in") == "body"), None)
    form = [p for p in params.values() if p.get("in") == "formData"]
    if body is not None:
        media = [c for c in consumes if "form" not in c] or ["application/json"]
        out["requestBody"] = {
            "required": bool(body.get("required")),
            "content": {m: {"schema": _schema(body.get("schema") or {})} for m in media},
        }
    elif form:
        has_file = any(p.get("type") == "file" for p in form)
        media = (
            ["multipart/form-data"]
            if has_file
            else [c for c in consumes if "form" in c] or ["application/x-www-form-urlencoded"]
        )
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {p["name"]: _parameter(p)["schema"] for p in form},
        }
        required = [p["name"] for p in form if p.get("required")]
        if required:
            schema["required"] = required
        # Each list as its collectionFormat writes it (form_lists.FormLists reads it; tsv has no OpenAPI 3 style).
        encoding = {p["name"]: {**_encoding(p), "x-collectionFormat": p.get("collectionFormat", "csv")}
                    for p in form if p.get("type") == "array"}  # fmt: skip
        content = {m: {"schema": schema, **({"encoding": encoding} if encoding else {})} for m in media}
        out["requestBody"] = {"required": bool(required), "content": content}
    out["responses"] = {code: _response(r, produces) for code, r in (op.get("responses") or {}).items()}
    return out


def _response(response: dict[str, Any], produces: list[str]) -> dict[str, Any]:
    if "$ref" in response:
        return response
    out: dict[str, Any] = {"description": response.get("description", "")}
    if "schema" in response:
        examples = response.get("examples") or {}
        content: dict[str, Any] = {}
        for media in produces:
            entry: dict[str, Any] = {"schema": _schema(response["schema"])}
            if media in examples:
                entry["example"] = examples[media]
            content[media] = entry
        out["content"] = content
    if "headers" in response:
        out["headers"] = {
            n: {"schema": _schema({k: h[k] for k in _SCHEMA_KEYS if k in h})} for n, h in response["headers"].items()
        }
    return out


def _security(scheme: dict[str, Any]) -> dict[str, Any]:
    kind = scheme.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic"}
    if kind == "apiKey":
        return {"type": "apiKey", "in": scheme.get("in", "header"), "name": scheme.get("name", "")}
    flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
    for key in ("authorizationUrl", "tokenUrl"):
        if key in scheme:
            flow[key] = scheme[key]
    return {"type": "oauth2", "flows": {_FLOWS.get(scheme.get("flow", "accessCode"), "authorizationCode"): flow}}
