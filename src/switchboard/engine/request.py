"""Build the outbound request as a value: a pure function of the method and its inputs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import orjson

from switchboard.catalog.models import ConnectorDef, QueryStyle
from switchboard.catalog.registry import Method
from switchboard.engine.binding import BoundInputs, get_path, set_path
from switchboard.engine.bodies import serialize_body
from switchboard.engine.values import wire_text

IDEMPOTENT_VERBS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class OutboundRequest:
    """An HTTP request to a third party, before authentication is added."""

    method: str
    url: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None

    @property
    def idempotent(self) -> bool:
        return self.method in IDEMPOTENT_VERBS

    def with_query(self, updates: dict[str, str]) -> OutboundRequest:
        """A copy with these query parameters set (replacing any of the same name)."""
        kept = tuple((k, v) for k, v in self.query if k not in updates)
        return replace(self, query=kept + tuple(updates.items()))

    def with_header(self, name: str, value: str) -> OutboundRequest:
        kept = tuple((k, v) for k, v in self.headers if k.lower() != name.lower())
        return replace(self, headers=(*kept, (name, value)))

    def query_value(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)


def rewrite_origin(url: str, origin: str | None) -> str:
    """``url`` with its scheme and host replaced by ``origin`` (the path kept), if given."""
    if not origin:
        return url
    target = urlsplit(origin)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


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
            headers.append((spec.wire_name, wire_text(value)))
        else:
            query.extend(query_pairs(spec.wire_name, value, spec.style or connector.query_style))
    body: bytes | None = None
    if method.fields:
        tree = outbound_body(method, inputs.body)
        body_format = definition.body_format or connector.body_format
        body, content_type = serialize_body(tree, body_format)
        headers.append(("Content-Type", content_type))
    return OutboundRequest(
        method=definition.verb,
        url=base_url + path,
        query=tuple(query),
        headers=tuple(headers),
        body=body,
    )


def outbound_body(method: Method, body: dict[str, Any]) -> dict[str, Any]:
    """Move each field from its Location to its wire location, applying its transform."""
    tree: dict[str, Any] = {}
    for field in method.fields:
        spec = field.definition
        found, value = get_path(body, spec.location)
        if not found:
            continue
        if spec.transform == "key_value_object" and isinstance(value, list):
            value = key_value_object(value)
        set_path(tree, spec.wire_location, value)
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
            pairs.extend(query_pairs(f"{name}[{key}]", child, style))
        return pairs
    if isinstance(value, list):
        if style in {"comma", "space"}:
            return [(name, ("," if style == "comma" else " ").join(_scalar(v) for v in value))]
        key = f"{name}[]" if style == "brackets" else name
        return [(key, _scalar(v)) for v in value]
    return [(name, _scalar(value))]


def _scalar(value: Any) -> str:
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return wire_text(value)
