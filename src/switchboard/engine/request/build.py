"""Build the outbound request as a value: a pure function of the method and its inputs."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from switchboard.catalog.models import ConnectorDef, QueryStyle
from switchboard.catalog.models.base import HEADER_NAME
from switchboard.catalog.registry import Method
from switchboard.engine import paths
from switchboard.engine.inputs.binding import BoundInputs
from switchboard.engine.inputs.bodies import serialize_body
from switchboard.engine.inputs.values import wire_text
from switchboard.errors import InputError
from switchboard.http import OutboundRequest


def build_request(connector: ConnectorDef, method: Method, inputs: BoundInputs, base_url: str) -> OutboundRequest:
    """URL from the base URL and the path with its MergeFields, query string, headers and body."""
    definition = method.definition
    path = definition.path
    query: list[tuple[str, str]] = []
    headers: list[tuple[str, str]] = [("Accept", "application/json"), *connector.headers.items()]
    for parameter in method.parameters:
        spec = parameter.definition
        if spec.target not in inputs.parameters:
            continue
        value = inputs.parameters[spec.target]
        if spec.in_ == "path":
            path = path.replace("{" + spec.target + "}", quote(wire_text(value), safe=""))
        elif spec.in_ == "header":
            # A method's own header (Intercom's download asks Accept: application/octet-stream)
            # replaces the connector's default of the same name rather than being sent twice.
            text = _header(spec.wire_name, wire_text(value), spec.target)
            lowered = spec.wire_name.lower()
            headers = [h for h in headers if h[0].lower() != lowered]
            headers.append((spec.wire_name, text))
        else:
            query.extend(query_pairs(spec.wire_name, value, spec.style or connector.query_style))
    body: bytes | None = None
    if method.fields or definition.body_required:
        tree = outbound_body(method, inputs.body)
        body_format = definition.body_format or connector.body_format
        body, content_type = serialize_body(tree, body_format)
        if definition.content_type and body_format == "json":
            content_type = definition.content_type
        headers.append(("Content-Type", content_type))
    return OutboundRequest(
        method=definition.verb,
        url=base_url + path,
        query=tuple(query),
        headers=tuple(headers),
        body=body,
    )


def _header(name: str, value: str, target: str) -> str:
    """The value, when the pair cannot split or corrupt the request; else an ``InputError``."""
    if HEADER_NAME.match(name) is None:
        raise InputError(
            f"Parameter {target!r} goes in the header {name!r}, which is not a valid HTTP header name: "
            "the connector definition is broken (import it again from a corrected spec); nothing was sent",
            TargetName=target,
        )
    if any(c in value for c in "\r\n\0"):
        raise InputError(f"Parameter {target!r} has a CR, LF or NUL character; it goes in a header", TargetName=target)
    return value


def outbound_body(method: Method, body: dict[str, Any]) -> dict[str, Any]:
    """Move each field from its Location to its wire location, applying its transform."""
    tree: dict[str, Any] = {}
    for field in method.fields:
        spec = field.definition
        found, value = paths.lookup(body, spec.location)
        if not found:
            continue
        if spec.transform == "key_value_object" and isinstance(value, list):
            value = key_value_object(value)
        paths.assign(tree, spec.wire_location, value)
    root = method.definition.body_root
    return {root: tree} if root else tree


def key_value_object(items: list[Any]) -> dict[str, Any]:
    """``[{"key": k, "value": v}, ...]`` as ``{k: v}``; other shapes pass through unchanged."""
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, dict) and "key" in item:
            out[str(item["key"])] = item.get("value")
    return out


def query_pairs(name: str, value: Any, style: QueryStyle) -> list[tuple[str, str]]:
    """Query parameters for one value: arrays and objects per the connector's style."""
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, child in value.items():
            if style == "form":
                pairs.extend(query_pairs(str(key), child, "repeat"))
            else:
                pairs.extend(query_pairs(f"{name}[{key}]", child, style))
        return pairs
    if isinstance(value, list):
        style = "repeat" if style == "form" else style
        if style in {"comma", "space"}:
            return [(name, ("," if style == "comma" else " ").join(_scalar(v) for v in value))]
        key = f"{name}[]" if style == "brackets" else name
        return [(key, _scalar(v)) for v in value]
    return [(name, _scalar(value))]


def _scalar(value: Any) -> str:
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return wire_text(value)
