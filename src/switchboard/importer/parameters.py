"""An operation's parameters as a method's: where each goes, its type, values, default and array style."""

from __future__ import annotations

import re
from typing import Any

from switchboard.catalog.models.base import HEADER_NAME
from switchboard.importer.schemas import data_type, enum_values, human, merged, short, takes_as
from switchboard.importer.spec import Operation, Spec

# Accept is kept: an operation that declares it asks for a media type other than JSON. Content-Encoding
# goes: methods send bodies uncompressed (Datadog's series default it to deflate, which would lie).
SKIP_HEADERS = {"authorization", "content-type", "content-length", "content-encoding", "user-agent"}


def parameters_of(
    spec: Spec, operation: Operation, drop: set[str], array_style: str, notes: list[str]
) -> list[dict[str, Any]]:
    """The method's parameters: each declared once, every path placeholder filled by one of them."""
    parameters: list[dict[str, Any]] = []
    targets: set[str] = set()
    for raw in operation.parameters:
        parameter = parameter_of(spec, raw, drop, array_style, notes)
        if parameter is None:
            continue
        if f"{parameter['target']}\x1f{parameter['in']}" in targets:
            notes.append(f"{parameter['in']} parameter {parameter['target']!r} is declared twice; kept once")
            continue
        if parameter["target"] in targets:  # a header and a query parameter of one name
            parameter["api_name"] = parameter["target"]
            parameter["target"] = f"{parameter['target']}_{parameter['in']}"
        targets.update({parameter["target"], f"{parameter.get('api_name', parameter['target'])}\x1f{parameter['in']}"})
        parameters.append(parameter)
    placeholders = set(re.findall(r"{([^{}]+)}", operation.path))
    for stray in [p for p in parameters if p["in"] == "path" and p["target"] not in placeholders]:
        # Declared in the path, which has no place for it (Zendesk's path-level parameters shared by
        # operations with other paths): there is nowhere to send it.
        parameters.remove(stray)
        notes.append(f"path parameter {stray['target']!r} is not in the path; left out")
    for name in re.findall(r"{([^{}]+)}", operation.path):
        if name in {p["target"] for p in parameters if p["in"] == "path"}:
            continue
        misplaced = next((p for p in parameters if p["target"] == name), None)
        if misplaced is not None:  # the spec says query or header, the path says otherwise
            misplaced.update({"in": "path", "required": True})
            notes.append(f"parameter {name!r} is in the path but declared elsewhere; sent in the path")
            continue
        parameters.append({"target": name, "in": "path", "name": human(name), "type": "string", "required": True})
        notes.append(f"path parameter {name!r} is not declared; added as a string")
    return parameters


def parameter_of(
    spec: Spec, raw: dict[str, Any], drop: set[str], array_style: str, notes: list[str], skip: set[str] = SKIP_HEADERS
) -> dict[str, Any] | None:
    """One spec parameter as the method's, or None where it is not mapped (a cookie, a header ``skip`` or
    ``drop`` names, a header name HTTP refuses)."""
    where, name = raw.get("in"), raw.get("name")
    if not isinstance(name, str) or where not in {"path", "query", "header"}:
        if where in {"cookie", "formData", "body"}:
            if where == "cookie":
                notes.append(f"cookie parameter {name!r} not mapped")
            return None
        return None
    # A path parameter is never dropped: its placeholder would go unfilled (Trello's /tokens/{token}
    # beside the token every call sends in its query).
    if (where != "path" and name.lower() in drop) or (where == "header" and name.lower() in skip):
        return None
    if where == "header" and HEADER_NAME.match(name) is None:
        notes.append(f"header parameter {name!r} is not a valid HTTP header name; not mapped")
        return None
    schema = merged(spec, raw.get("schema", _content_schema(raw) or raw))  # Swagger 2: the type on the parameter
    out: dict[str, Any] = {"target": name, "in": where, "name": human(name), "type": data_type(spec, schema)}
    if where == "path" or raw.get("required"):
        out["required"] = True
    description = short(raw.get("description"))
    if description:
        out["description"] = description
    values = enum_values(spec, schema)
    if values:
        out["values"] = values
    default = schema.get("default", raw.get("default"))
    # An empty default (Jira's ``expand: ""``) means "leave it out": sent, it is an empty value.
    # So does one the enum does not allow (Recurly's invoice state "all"): sent, it is refused.
    if isinstance(default, str | int | float | bool) and default != "" and where != "path":
        if values and default not in values:
            notes.append(f"parameter {name!r}: its default {default!r} is not among its values; left unset")
        elif not takes_as(default, out["type"]):  # HighLevel's string ``active`` defaults to false: no call would build
            notes.append(f"parameter {name!r}: its default {default!r} is not of its type {out['type']}; left unset")
        else:
            out["default"] = default
    elif out.get("required") and where != "path" and out["type"] != "array" and values and len(values) == 1:
        out["default"] = values[0]  # the one value allowed need not be repeated by every caller
    if out["type"] == "array" and where == "header" and _content_schema(raw) is None:
        # OpenAPI's simple style, or Swagger 2's collectionFormat as declared (csv by default; multi, one line an
        # item, is read by HTTP as the comma-joined line): not the JSON a content has.
        out["style"] = _HEADER_FORMATS.get(str(raw.get("collectionFormat", "csv")), "comma")
    if out["type"] == "array" and where == "query":
        style = _style(raw, spec.swagger2)
        objects = data_type(spec, merged(spec, schema.get("items"))) == "object"
        if objects and style == "brackets":  # deepObject: numbered, as qs and Rails read it (Segment's rules)
            style = "indices"
            notes.append(f"query parameter {name!r} is a deepObject list of objects: sent as {name}[0][key]=...")
        elif objects:
            notes.append(f"query parameter {name!r} is a list of objects, which no query style spells: each item is "
                         "sent as JSON; give its style in the overlay if the API reads another form")  # fmt: skip
        if style is None:
            notes.append(f"query parameter {name!r}: its array style is not supported; sent as {array_style}")
        elif style != array_style:
            out["style"] = style
    elif out["type"] == "object" and where == "query" and _form_exploded(raw):
        out["style"] = "form"  # OpenAPI's default for objects: each key its own pair (Intercom's filter)
    return out


def query_names(spec: Spec, operation: Operation, parameters: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The method's query parameters by the names they are sent under, for reading how a list pages: a
    deepObject's members under their own (Telnyx's ``page`` object as ``page[number]`` and ``page[size]``)."""
    names = {p["target"]: p for p in parameters if p["in"] == "query"}
    for raw in operation.parameters:
        name = raw.get("name")
        if name not in names:
            continue
        minimum = merged(spec, raw.get("schema", raw)).get("minimum")
        if minimum is not None:  # where numbered pages start (Datadog's page[number]: 0); a copy, not sent
            names[name] = {**names[name], "minimum": minimum}
        for member, schema in _members(spec, raw):
            names.setdefault(
                member,
                {"type": data_type(spec, schema), "default": schema.get("default"), "minimum": schema.get("minimum"),
                 "description": str(schema.get("description") or "")},
            )  # fmt: skip
    return names


def _members(spec: Spec, raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A deepObject query parameter's members as sent (``page[size]``) with their schemas; none for another."""
    if raw.get("in") != "query" or raw.get("style") != "deepObject":
        return []
    members = merged(spec, raw.get("schema") or {}).get("properties") or {}
    return [(f"{raw.get('name')}[{name}]", merged(spec, schema)) for name, schema in members.items()]


def raw_body_type(spec: Spec, operation: Operation, method: dict[str, Any], style: str, notes: list[str]) -> None:
    """A raw body's type as the caller's choice, where the operation declares a Content-Type header
    (Smartsheet's sheet imports: ``text/csv`` or the XLSX type); unset, the method's ``content_type`` goes."""
    for raw in operation.parameters:
        if raw.get("in") == "header" and str(raw.get("name", "")).lower() == "content-type":
            declared = parameter_of(spec, raw, set(), style, notes, skip=SKIP_HEADERS - {"content-type"})
            if declared is not None:
                declared.pop("default", None)  # Smartsheet's shared one says application/json: the body's own goes
                method["parameters"] = [*method.get("parameters", []), declared]
                notes.append("the body's type is the Content-Type parameter's, as the spec declares it")
            return


def _content_schema(raw: dict[str, Any]) -> Any:
    """A parameter serialized as a media type (Canva's JSON ``Asset-Upload-Metadata`` header): its schema."""
    content = raw.get("content")
    media = next(iter(content.values()), None) if isinstance(content, dict) and content else None
    return media.get("schema") if isinstance(media, dict) else None


def maxima(spec: Spec, raws: list[dict[str, Any]]) -> dict[str, int]:
    """The integer query parameters' maximums: a page size above one is refused by the vendor."""
    out: dict[str, int] = {}
    for raw in raws:
        if raw.get("in") != "query":
            continue
        for name, schema in [(str(raw.get("name")), merged(spec, raw.get("schema", raw))), *_members(spec, raw)]:
            maximum = _highest(schema)
            if maximum is not None and maximum >= 1:
                out[name] = maximum
    return out


def _highest(schema: dict[str, Any]) -> int | None:
    """The highest whole number a schema allows: its ``maximum``, or one below an exclusive one (3.0's
    ``exclusiveMaximum: true`` beside it, 3.1's ``exclusiveMaximum: 100``)."""
    maximum, exclusive = schema.get("maximum"), schema.get("exclusiveMaximum")
    bounds = []
    if isinstance(exclusive, int) and not isinstance(exclusive, bool):
        bounds.append(exclusive - 1)
    if isinstance(maximum, int) and not isinstance(maximum, bool):
        bounds.append(maximum - 1 if exclusive is True else maximum)
    return min(bounds, default=None)


def _form_exploded(raw: dict[str, Any]) -> bool:
    return raw.get("style", "form") == "form" and raw.get("explode", True) is True


def _style(raw: dict[str, Any], swagger2: bool) -> str | None:
    if "collectionFormat" in raw or swagger2:  # Swagger 2's default is csv (OpenAPI 3's is form, exploded)
        return _FORMATS.get(raw.get("collectionFormat", "csv"))
    style = raw.get("style", "form")
    explode = raw.get("explode", style == "form")
    if style == "form":
        return "repeat" if explode else "comma"
    return {"spaceDelimited": "space", "pipeDelimited": "pipe", "deepObject": "brackets"}.get(style)


_FORMATS = {"csv": "comma", "ssv": "space", "tsv": "tab", "pipes": "pipe", "multi": "repeat"}
_HEADER_FORMATS = {"ssv": "space", "tsv": "tab", "pipes": "pipe"}


def form_styles(spec: Spec, operation: Operation, method: dict[str, Any], array_style: str, notes: list[str]) -> None:
    """Each Swagger 2 ``formData`` array's ``collectionFormat`` as its field's ``style``, where it differs from
    how the body writes lists otherwise: a form as the connector's ``query_style``, multipart a part each."""
    body_format = method.get("body_format")
    if not spec.swagger2 or body_format not in {"form", "multipart"}:
        return
    otherwise = array_style if body_format == "form" else "repeat"
    fields = {f["location"]: f for f in method.get("fields", []) if f.get("type") == "array"}
    for raw in operation.parameters:
        field = fields.get(str(raw.get("name"))) if raw.get("in") == "formData" else None
        if field is None:
            continue
        style = _style(raw, swagger2=True)
        if style is None:
            notes.append(f"formData parameter {raw.get('name')!r}: its collectionFormat is not supported; "
                         f"sent as {otherwise}")  # fmt: skip
        elif style != otherwise:
            field["style"] = style
