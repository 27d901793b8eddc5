"""Build the outbound request as a value: a pure function of the method and its inputs."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson

from switchboard.catalog.models import DELIMITERS, BodyFormat, ConnectorDef, QueryStyle
from switchboard.catalog.models.base import HEADER_NAME
from switchboard.catalog.registry import Method
from switchboard.engine import paths
from switchboard.engine.inputs.binding import BoundInputs
from switchboard.engine.inputs.values import wire_text
from switchboard.engine.request.shapes import OCTET_STREAM, BodyShape, FieldsBody, MultipartBody, RawBody, WholeBody
from switchboard.errors import InputError
from switchboard.http import OutboundRequest


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where one parameter goes: ``path`` (its placeholder), ``header`` or ``query``."""

    target: str
    place: str
    wire_name: str
    placeholder: str
    style: QueryStyle | None


@dataclass(frozen=True, slots=True)
class _Plan:
    slots: tuple[_Slot, ...]
    has_body: bool
    shape: BodyShape


@functools.lru_cache(maxsize=65_536)
def _plan(method: Method) -> _Plan:
    """What building a method's request needs of its definition, compiled once per method."""
    slots = tuple(
        _Slot(p.definition.target, p.definition.in_, p.definition.wire_name, "{" + p.definition.target + "}",
              p.definition.style)
        for p in method.parameters
    )  # fmt: skip
    return _Plan(slots, bool(method.fields or method.definition.body_required), _shape(method))


def _shape(method: Method) -> BodyShape:
    definition = method.definition
    if definition.body_format == "raw":
        binary = any(f.definition.format == "binary" for f in method.fields)
        return RawBody(binary, definition.content_type or OCTET_STREAM)
    if any(f.definition.whole_body for f in method.fields):
        return WholeBody()
    moves = tuple(
        (f.definition.location, f.definition.wire_location, f.definition.transform == "key_value_object",
         DELIMITERS.get(f.definition.style or ""))
        for f in method.fields
    )  # fmt: skip
    # A form's list style of its own (Swagger 2's formData collectionFormat multi), by the keys it is sent under,
    # wherever it is placed: under the body root, at a dotted api_name. Delimited styles are joined in ``moves``.
    root = (definition.body_root,) if definition.body_root else ()
    styles = tuple(
        ((*root, *paths.steps(f.definition.wire_location)), f.definition.style)
        for f in method.fields
        if f.definition.style and f.definition.style not in DELIMITERS
    )
    fields = FieldsBody(moves, definition.body_root, styles)
    if definition.body_format == "multipart":
        # A part is a top-level key: the one step of its wire location (``file\.csv`` is the part file.csv).
        wires = [paths.steps(f.definition.wire_location) for f in method.fields if f.definition.format == "binary"]
        files = frozenset(steps[0] for steps in wires if len(steps) == 1)
        return MultipartBody(fields, files)
    return fields


def build_request(connector: ConnectorDef, method: Method, inputs: BoundInputs, base_url: str) -> OutboundRequest:
    """URL from the base URL (the method's own, else ``base_url``) and the path with its MergeFields, query
    string, headers and body."""
    definition = method.definition
    plan = _plan(method)
    path = definition.path
    query: list[tuple[str, str]] = []
    headers = base_headers(connector)
    given_type: str | None = None  # a raw body's type as the caller chose it (Smartsheet's imports)
    values = inputs.parameters
    for slot in plan.slots:
        if slot.target not in values:
            continue
        value = values[slot.target]
        if slot.place == "path":
            path = path.replace(slot.placeholder, _path_segment(value))
        elif slot.place == "header":
            # A method's own header (Intercom's download asks Accept: application/octet-stream)
            # replaces the connector's default of the same name rather than being sent twice.
            # An object or a list goes as JSON (a header parameter whose content is application/json); a list
            # with a style as OpenAPI's simple style writes it (``X-Tags: a,b``; Swagger 2's ssv with spaces).
            joined = _joined(value, slot.style) if isinstance(value, list) and slot.style else None
            text = _header(slot.wire_name, joined if joined is not None else _scalar(value), slot.target)
            lowered = slot.wire_name.lower()
            if lowered == "content-type" and plan.has_body:
                given_type = text
                continue
            headers = [h for h in headers if h[0].lower() != lowered]
            headers.append((slot.wire_name, text))
        else:
            query.extend(query_pairs(slot.wire_name, value, slot.style or connector.query_style))
    query = with_connector_query(connector, query)
    body: bytes | None = None
    tree = plan.shape.value(inputs.body) if plan.has_body else None
    if tree is not None:
        body_format = definition.body_format or connector.body_format
        # Form bodies write lists as the connector's query does (the importer took it from the spec's style).
        body, content_type = plan.shape.encoded(tree, _structured(body_format), connector.query_style)
        if definition.content_type and (body_format == "json" or isinstance(plan.shape, WholeBody)):
            content_type = definition.content_type  # JSON under the vendor's own +json type
        headers.append(("Content-Type", given_type or content_type))
    return OutboundRequest(
        method=definition.verb,
        url=(definition.base_url or base_url) + path,
        query=tuple(query),
        headers=tuple(headers),
        body=body,
    )


def with_connector_query(connector: ConnectorDef, query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The connector's own query parameters first, unless ``query`` (the method's or the caller's) names them."""
    if not connector.query:
        return query
    own = {name for name, _ in query}
    return [(name, value) for name, value in connector.query.items() if name not in own] + query


def base_headers(connector: ConnectorDef) -> list[tuple[str, str]]:
    """What every request to ``connector`` carries before its method's own: ``Accept: application/json``
    unless the connector names its own Accept (Recurly's is its API version: two lines would leave the
    choice to the provider), then the connector's headers."""
    own = any(name.lower() == "accept" for name in connector.headers)
    return [*(() if own else (("Accept", "application/json"),)), *connector.headers.items()]


def _path_segment(value: Any) -> str:
    """A path value, escaped; a list as OpenAPI's default ``simple`` style writes it (``1,2,3``: RingCentral's ids)."""
    if isinstance(value, list):
        return ",".join(quote(wire_text(item), safe="") for item in value)
    return quote(wire_text(value), safe="")


def _structured(body_format: str) -> BodyFormat:
    """The tree format of a fields body (raw and multipart shapes encode themselves)."""
    return "form" if body_format == "form" else "xml" if body_format == "xml" else "json"


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


def outbound_body(method: Method, body: dict[str, Any]) -> Any | None:
    """The value the method sends for a bound body tree (None: no body), as its shape makes it."""
    return _plan(method).shape.value(body)


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
        if style in DELIMITERS:
            return [(name, DELIMITERS[style].join(_scalar(v) for v in value))]
        if style == "indices":
            return [pair for i, v in enumerate(value) for pair in query_pairs(f"{name}[{i}]", v, style)]
        key = f"{name}[]" if style == "brackets" else name
        return [(key, _scalar(v)) for v in value]
    return [(name, _scalar(value))]


def _joined(values: list[Any], style: QueryStyle) -> str | None:
    """A header's list of scalars in its style; None for a list with objects in it, or a style headers lack."""
    separator = DELIMITERS.get(style)
    if separator is None or any(isinstance(v, dict | list) for v in values):
        return None
    return separator.join(wire_text(v) for v in values)


def _scalar(value: Any) -> str:
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return wire_text(value)
