"""One operation as one method: inputs from parameters and the body, outputs from the success schema."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from switchboard.catalog.models.inputs import WHOLE_BODY
from switchboard.catalog.models.methods import OWN_HOST
from switchboard.importer.media import (
    BODY_FORMATS,
    OCTETS,
    TEXT_TYPES,
    accept_of,
    bare,
    body_format_of,
    rank,
    request_body,
    success_headers,
    success_schema,
    unsendable,
    wildcard_type,
)
from switchboard.importer.parameters import form_styles, maxima, parameters_of, query_names, raw_body_type
from switchboard.importer.schemas import (
    choice_of,
    data_type,
    enum_values,
    flatten,
    human,
    merged,
    short,
    top_level,
)
from switchboard.importer.spec import Operation, Spec, server_url

# Method ids derive from the connector key and the operation, so a re-import gives the same ids.
NAMESPACE = uuid.UUID("6f1c0b9e-8a4e-4d3f-9a57-3c2f1d0e5b11")


def method_uid(key: str, operation: Operation) -> uuid.UUID:
    # From the path as written: a method keeps its id when the importer stops doubling the server's path (Telnyx's /v2).
    path = f"{operation.verb.upper()} {operation.written}" if operation.written else operation.http
    return uuid.uuid5(NAMESPACE, f"{key} {path}")


@dataclass
class Mapped:
    """A generated method (a ``MethodDef``-shaped dict) and what could not be mapped of it."""

    method: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    skip: str | None = None  # why no method could be made
    list_params: dict[str, dict[str, Any]] = field(default_factory=dict)  # query parameters by name sent
    maxima: dict[str, int] = field(default_factory=dict)  # query parameter -> the spec's integer maximum
    response: dict[str, Any] = field(default_factory=dict)
    link_header: bool = False  # the answer declares a ``Link`` header (GitHub's, Okta's next pages)


def map_operation(
    spec: Spec, key: str, operation: Operation, drop: set[str], array_style: str, body_media: str | None = None
) -> Mapped:
    """``body_media``: the overlay's type for a body the spec gives as any type (``*/*``: GitHub's release assets)."""
    op = operation.spec
    result = Mapped(method={})
    method: dict[str, Any] = {
        "name": method_name(operation),
        "unique_id": str(method_uid(key, operation)),
        "description": short(op.get("summary") if op.get("description") in (None, "") else op.get("description")),
        "category": category_of(operation),
        "http": operation.http,
    }
    parameters = parameters_of(spec, operation, drop, array_style, result.notes)
    if operation.servers:
        result.skip = _own_host(spec, operation.servers, method)
        if result.skip:
            return result
    accept = accept_of(spec, operation)
    named = {str(p.get("api_name", p["target"])).lower() for p in parameters if p["in"] == "header"}
    if accept is not None and not {"accept"} & (named | drop):
        parameters.append({"target": "Accept", "name": "Accept", "in": "header", "default": accept})
        result.notes.append(f"answers {accept}, not JSON: asked for with Accept")
    if parameters:
        method["parameters"] = parameters
    result.list_params = query_names(spec, operation, parameters)
    result.maxima = maxima(spec, operation.parameters)
    body = request_body(spec, operation)
    if body is not None:
        media, schema, required = body
        if body_media and "*" in media:
            media = body_media
            result.notes.append(f"a body of any type: sent as {media}, as the overlay says")
        elif (guessed := wildcard_type(media, data_type(spec, schema))) is not None:
            result.notes.append(f"a body given as {media}: sent as {guessed}, as its schema says")
            media = guessed
        elif bare(media) == "*/*":
            # Bytes of any type (Apideck File Storage's uploads): sent as a client sends bytes of no named type.
            result.notes.append(f"a body given as {media}: sent as {OCTETS}; an overlay's content_type can name it")
            media = OCTETS
        body_format = body_format_of(media)
        if body_format is None and rank(media) == 2 and "properties" in merged(spec, schema):
            # An object in a raw type only: Google's converted discovery specs list the media-upload
            # types (message/rfc822, octet-stream) for a resource the plain path takes as JSON.
            result.notes.append(f"an object body listed only as {media}: sent as JSON")
            media, body_format = "application/json", "json"
        if body_format is None and operation.verb != "get":
            special = _special_body(spec, media, schema, required, result)
            if special is None:
                # A body in a media type methods cannot send is the operation's point, required or
                # not: a method without it would only ever send an empty request.
                result.skip = result.skip or unsendable(media)
                return result
            method.update(special)
        elif operation.verb == "get":
            result.notes.append("a GET body is not sent by methods; not mapped")
        elif body_format == "xml" and (raw := _raw_body(spec, media, schema, required, text=True)) is not None:
            # A string under XML (Bandwidth's BXML): the document itself, sent as the caller writes it.
            result.notes.append(f"a {media} body given as a string: sent as written")
            method.update(raw)
        else:
            fields = _fields(spec, schema, result.notes)
            if fields is None and body_format != "json":
                result.skip = f"its request body ({media}) is not an object, which {body_format} bodies must be"
                return result
            whole = None if fields is not None else _whole_body(spec, schema, required, result.notes)
            if whole is not None:
                # An array (JSON Patch, batch writes), a scalar, or a choice of objects whose keys no
                # field list can name: one field is the whole body.
                method["fields"] = [whole]
                if media not in BODY_FORMATS:  # JSON under its own type, or with parameters
                    method["content_type"] = media
                if required:
                    method["body_required"] = True
            else:
                if fields:
                    method["fields"] = fields
                if fields and body_format != "json":
                    method["body_format"] = body_format
                if (fields or required) and body_format == "json" and media not in BODY_FORMATS:
                    # JSON under the vendor's own type (JSON:API, merge patch), or with parameters (a charset)
                    method["content_type"] = media
                if required:
                    method["body_required"] = True
    if method.get("body_format") == "raw":
        raw_body_type(spec, operation, method, array_style, result.notes)
    form_styles(spec, operation, method, array_style, result.notes)
    success = success_schema(spec, operation)
    result.response = success
    result.link_header = "link" in success_headers(spec, operation)
    response_fields = [
        {"location": name, "name": human(name), "type": data_type(spec, schema)}
        for name, schema in top_level(spec, success)
    ]
    if response_fields:
        method["response_fields"] = response_fields
    result.method = method
    return result


def _own_host(spec: Spec, servers: list[Any], method: dict[str, Any]) -> str | None:
    """The method's ``base_url`` when its operation names a server of its own (GitHub's release assets on
    uploads.github.com); why it is skipped when that server is a WebSocket. A server URL with variables
    or placeholders is left out (the connector's base URL serves): a method's own host is fixed."""
    url = server_url(servers[0])
    if url.startswith(("ws://", "wss://")):
        return f"it is a WebSocket ({url}), which methods cannot open"
    if url != server_url((spec.document.get("servers") or [{}])[0]) and OWN_HOST.match(url):
        method["base_url"] = url
    return None


def method_name(operation: Operation) -> str:
    """The summary (or the operationId, or the verb and path), trimmed to a name."""
    summary = operation.spec.get("summary")
    if isinstance(summary, str) and summary.strip():
        name = re.sub(r"\s+", " ", summary.strip()).rstrip(".")
    elif operation.operation_id:
        name = human(operation.operation_id.replace(".", " "))
    else:
        name = operation.http
    return name if len(name) <= 90 else name[:87].rstrip() + "..."


def category_of(operation: Operation) -> str:
    tags = operation.spec.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    segment = next((s for s in operation.path.split("/") if s and not s.startswith("{")), "")
    return human(segment.split(".")[0]) if segment else ""


def _fields(spec: Spec, schema: Any, notes: list[str], *, files: bool = False) -> list[dict[str, Any]] | None:
    """The body's fields; ``files``: a multipart body, whose binary strings are file parts."""
    resolved = merged(spec, schema)
    choice = choice_of(spec, resolved)
    if choice is not None and (choice.free or not choice.named):
        return None  # a map, or no object at all among the alternatives: the body is one value
    if choice is None and data_type(spec, resolved) not in {"object", "any"}:
        return None
    if choice is not None and choice.others:
        notes.append("the body's array or scalar alternatives (oneOf/anyOf) not mapped: its objects' keys are fields")
    flattened, problems = flatten(spec, schema)  # unmerged: a choice among its allOf parts counts
    notes.extend(f"{p} not mapped" for p in problems)
    fields = []
    for item in flattened:
        out: dict[str, Any] = {
            "location": item.location,
            "name": human(item.location.replace(".", " ")),
            "type": data_type(spec, item.schema),
        }
        if item.wire is not None:
            out["api_name"] = item.wire
        if files and _is_file(item.schema):
            out.update({"type": "string", "format": "binary"})  # a file: base64 from the caller
        if item.required:
            out["required"] = True
        description = short(item.schema.get("description"), 160)
        if description:
            out["description"] = description
        values = enum_values(spec, item.schema)
        if values:
            out["values"] = values
        fields.append(out)
    return fields


def _special_body(spec: Spec, media: str, schema: Any, required: bool, result: Mapped) -> dict[str, Any] | None:
    """A multipart body's fields, or a raw body's one field: the method's keys, or None (skipped)."""
    out: dict[str, Any] = {"body_required": True} if required else {}
    if rank(media) == 1:
        fields = _fields(spec, schema, result.notes, files=True)
        if fields is None:
            result.skip = "its multipart/form-data body is not an object, so its parts have no names"
            return None
        return {**({"fields": fields} if fields else {}), "body_format": "multipart", **out}
    return _raw_body(spec, media, schema, required) if rank(media) == 2 else None


def _raw_body(spec: Spec, media: str, schema: Any, required: bool, *, text: bool = False) -> dict[str, Any] | None:
    """The keys of a method whose one field is the whole body as it goes on the wire, for a string (or any)
    schema; None for another. ``text``: the type is read as text (XML) whatever its name says."""
    out: dict[str, Any] = {"body_required": True} if required else {}
    resolved = merged(spec, schema)
    if data_type(spec, resolved) not in {"string", "any"} or "properties" in resolved:
        return None
    # The whole body as it goes on the wire: text for text types, otherwise the bytes of base64
    # (``format: byte`` under application/octet-stream is the file's bytes, as Xero sends them).
    field: dict[str, Any] = {"location": WHOLE_BODY, "name": "Body", "type": "string"}
    kind = bare(media)
    textual = text or kind.startswith(TEXT_TYPES) or kind.endswith("+jwt")
    if not textual or resolved.get("format") == "binary":
        field["format"] = "binary"
        field["description"] = "The body's bytes, in base64"
    if required:
        field["required"] = True
    return {"fields": [field], "body_format": "raw", "content_type": media, **out}


def _is_file(schema: dict[str, Any]) -> bool:
    """A file part: ``format: binary`` (3.0), ``type: file`` (Swagger 2), ``contentEncoding: binary`` (3.1)."""
    return schema.get("format") == "binary" or schema.get("type") == "file" or schema.get("contentEncoding") == "binary"


def _whole_body(spec: Spec, schema: Any, required: bool, notes: list[str]) -> dict[str, Any]:
    """The field at ``$``: the body is its value, sent as JSON (a choice with a map among its objects: the object)."""
    resolved = merged(spec, schema)
    choice = choice_of(spec, resolved)
    kind = "object" if choice is not None and choice.free else data_type(spec, resolved)
    if kind == "object":
        notes.append("the body is a choice (oneOf/anyOf) with an object of any keys: one field, the whole object")
    out: dict[str, Any] = {"location": WHOLE_BODY, "name": "Body", "type": kind}
    if required:
        out["required"] = True
    description = short(resolved.get("description"), 160)
    if description:
        out["description"] = description
    values = enum_values(spec, resolved)
    if values:
        out["values"] = values
    return out
