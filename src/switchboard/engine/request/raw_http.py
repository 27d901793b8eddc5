"""Raw HTTP request methods: the caller picks verb, endpoint, headers, query and body.

The endpoint is always relative to the connector's base URL. Anything that could leave
that host (absolute URLs, ``//host``, ``user@host``, ``..`` segments, backslashes, and the
same tricks percent-encoded) is refused before anything is sent.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import orjson

from switchboard.catalog.models import ConnectorDef
from switchboard.engine import paths
from switchboard.engine.inputs.binding import BoundInputs
from switchboard.engine.inputs.values import wire_text
from switchboard.engine.request.build import base_headers, with_connector_query
from switchboard.errors import InputError
from switchboard.http import OutboundRequest, UpstreamResponse

VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 field-name
_FORBIDDEN_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "authorization"})


def build_raw_request(
    inputs: BoundInputs, connector: ConnectorDef, default_verb: str, default_path: str
) -> OutboundRequest:
    """The request a Raw HTTP method describes, confined to the connector's host, with the connector's own
    headers and query (an API version: Notion's, Recurly's) unless the caller gives the same names."""
    base_url = connector.base_url
    body = inputs.body
    verb = str(paths.lookup(body, "method")[1] or default_verb).upper()
    if verb not in VERBS:
        raise InputError(f"method must be one of {', '.join(sorted(VERBS))}, not {verb}", Location="method")
    endpoint = paths.lookup(body, "url.endpoint")[1] or default_path
    if not isinstance(endpoint, str):
        raise InputError("url.endpoint must be a string such as /v2/people", Location="url.endpoint")
    path, _, query_text = endpoint.partition("?")
    check_relative_path(path)
    base = urlsplit(base_url)
    url = base_url + path if not base.path or not path.startswith(base.path) else f"{base.scheme}://{base.netloc}{path}"
    if urlsplit(url).netloc != base.netloc:
        raise InputError("url.endpoint must stay on the connector's host", Location="url.endpoint")
    query = with_connector_query(
        connector, parse_qsl(query_text, keep_blank_values=True) + _pairs(body, "query_parameters")
    )
    given = [(k, v) for k, v in _checked_headers(_pairs(body, "headers")) if k.lower() not in _FORBIDDEN_HEADERS]
    replaced = {k.lower() for k, _ in given}
    headers = [(k, v) for k, v in base_headers(connector) if k.lower() not in replaced] + given
    payload, content_type = _payload(paths.lookup(body, "body")[1])
    if content_type and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", content_type))
    return OutboundRequest(verb, url, tuple(query), tuple(headers), payload)


def check_relative_path(path: str) -> None:
    """Refuse any path that is not a plain path on the same host, however it is encoded."""
    candidates = [path]
    decoded = path
    for _ in range(3):  # double and triple encoding: %252e%252e
        decoded = unquote(decoded)
        candidates.append(decoded)
    for candidate in candidates:
        problem = _path_problem(candidate)
        if problem:
            raise InputError(f"url.endpoint {path!r} is refused: {problem}", Location="url.endpoint")


def _path_problem(path: str) -> str | None:
    if not path.startswith("/"):
        return "it must be a path starting with /, relative to the connector's base URL"
    if path.startswith("//"):
        return "it names another host"
    if _SCHEME.match(path) or "://" in path:
        return "absolute URLs are not allowed"
    if "\\" in path:
        return "backslashes are not allowed"
    if "@" in path:
        return "user info (@) is not allowed"
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in path):
        return "control characters and spaces are not allowed"
    if any(segment in {".", ".."} for segment in path.split("/")):
        return "dot segments are not allowed"
    return None


def _checked_headers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Refuse what would split or corrupt the request: bad names, CR, LF or NUL in values."""
    for name, value in pairs:
        if not _TOKEN.match(name):
            raise InputError(
                f"Header name {name!r} is not a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~-)",
                Location="headers",
            )
        if any(c in value for c in "\r\n\0"):
            raise InputError(f"Header {name} has a CR, LF or NUL character in its value", Location="headers")
    return pairs


def _pairs(body: dict[str, Any], location: str) -> list[tuple[str, str]]:
    items = paths.lookup(body, location)[1] or []
    if isinstance(items, dict):
        return [(str(k), wire_text(v)) for k, v in items.items()]
    if not isinstance(items, list):
        raise InputError(f"{location} must be a list of {{key, value}}", Location=location)
    pairs = []
    for item in items:
        if not isinstance(item, dict) or "key" not in item:
            raise InputError(f"{location} must be a list of {{key, value}}", Location=location)
        pairs.append((str(item["key"]), wire_text(item.get("value", ""))))
    return pairs


def _payload(body: Any) -> tuple[bytes | None, str | None]:
    """``{"none": null}``, ``{"json": {...}}``, ``{"raw": "..."}``, ``{"form": {...}}`` or any JSON."""
    if body is None:
        return None, None
    if isinstance(body, dict) and len(body) == 1:
        ((kind, value),) = body.items()
        if kind == "none":
            return None, None
        if kind == "raw":
            return str(value).encode(), "text/plain"
        if kind == "form" and isinstance(value, dict):
            return urlencode({k: wire_text(v) for k, v in value.items()}).encode(), "application/x-www-form-urlencoded"
        if kind == "json":
            return orjson.dumps(value), "application/json"
    return orjson.dumps(body), "application/json"


def raw_answer(response: UpstreamResponse, inputs: BoundInputs) -> bytes:
    """``{"response": {"status_code", "headers", "body"}}``: upstream errors are reported, not raised."""
    parse = str(paths.lookup(inputs.body, "parse_response")[1] or "true").lower() != "false"
    include_raw = paths.lookup(inputs.body, "include_raw_body")[1] in (True, "true")
    text = response.body.decode("utf-8", errors="replace")
    body: Any = text
    if parse and response.body:
        try:
            body = orjson.loads(response.body)
        except orjson.JSONDecodeError:
            body = text
    answer: dict[str, Any] = {
        "status_code": response.status,
        "headers": {str(k): v for k, v in response.headers.items()},  # multidict keys are istr, not str
        "body": body if response.body else None,
    }
    if include_raw:
        answer["raw_body"] = text
    return orjson.dumps({"response": answer})
