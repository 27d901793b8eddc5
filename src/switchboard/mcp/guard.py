"""What ``/mcp`` refuses before the SDK reads a message (N7).

The SDK parses with ``json.loads``: invalid UTF-8 raises ``UnicodeDecodeError`` and a deep
nesting ``RecursionError``, both a 500 with a traceback in the log. Here the body is parsed once
with orjson (strict UTF-8, its own depth limit) and its nesting bounded level by level, so
such a body is a JSON-RPC parse error or invalid params, as ``/v1.0/.../tools/{name}``
answers 400 for the same arguments. What the SDK would refuse without saying why (a wrong ``jsonrpc``,
with pydantic's validation dump and its links; params its models refuse, with "Invalid request
parameters" and no data) is refused here in words. A body that passes goes on to the SDK unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from mcp_types import InitializeRequestParams, PaginatedRequestParams
from pydantic import BaseModel, ValidationError

from switchboard.engine.inputs.values import MAX_DEPTH, nesting_depth
from switchboard.invalid import describe

# The params of the requests this server serves besides tools/call, as the SDK validates them.
_PARAMS: dict[str, type[BaseModel]] = {
    "initialize": InitializeRequestParams,
    "tools/list": PaginatedRequestParams,
}

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
# JSON-RPC's range for a server's own errors: the caller was not let in (no, or a refused, token).
REFUSED = -32001
# The envelope (message, params, arguments) nests three levels above a tool's arguments.
MAX_MESSAGE_DEPTH = MAX_DEPTH + 3


@dataclass(frozen=True)
class Refusal:
    """A JSON-RPC error answer for a message the SDK is not given."""

    code: int
    message: str
    id: str | int | None = None
    status: int = 400

    def body(self) -> bytes:
        error = {"code": self.code, "message": self.message}
        return orjson.dumps({"jsonrpc": "2.0", "id": self.id, "error": error})


def unlabelled(content_type: str | None) -> Refusal | None:
    """A POST whose body is not labelled JSON: the JSON-RPC 415 the SDK's transport gives a JSON type other than
    ``application/json`` (``application/json-patch+json``). Left to the SDK, any other label (``text/plain``, a
    form, none) met its transport security check first, whose 400 is the bare text ``Invalid Content-Type header``:
    no JSON, no media type, nothing a JSON-RPC client reads."""
    if content_type is not None and content_type.lower().startswith("application/json"):
        return None
    return Refusal(INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json", status=415)


def refusal(body: bytes) -> Refusal | None:
    """Why ``body`` cannot be a JSON-RPC message for the SDK, or None when it may go on."""
    return checked(body)[1]


def checked(body: bytes) -> tuple[Any, Refusal | None]:
    """The parsed message and None when it may go on to the SDK, else (the message or None, why not)."""
    try:
        message = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc) or "recursion" in str(exc).lower():  # orjson words it either way
            return None, _too_deep(None)
        return None, Refusal(PARSE_ERROR, f"Parse error: the body is not JSON in UTF-8 ({_short(str(exc))})")
    if nesting_depth(message, MAX_MESSAGE_DEPTH) > MAX_MESSAGE_DEPTH:
        return None, _too_deep(_request_id(message))
    return message, _not_a_request(message)


def asked_id(body: bytes) -> str | int | None:
    """The id of the JSON-RPC request in ``body``; None for anything else (a notification, no JSON, past the depth
    a message is read to), read as ``checked`` reads it."""
    message = checked(body)[0]
    if not isinstance(message, dict) or not isinstance(message.get("method"), str):
        return None
    return _request_id(message)


def _not_a_request(message: Any) -> Refusal | None:
    """JSON that is no single JSON-RPC message MCP takes: a batch (no MCP revision served here takes one),
    another value, or a request whose id is no string or integer (MCP: never null). The SDK would answer
    a batch with its validation dump, and such ids as if the request were a notification: no answer at all."""
    if isinstance(message, list):
        return Refusal(INVALID_REQUEST, "Invalid Request: send one JSON-RPC message per request, not a batch")
    if not isinstance(message, dict):
        return Refusal(INVALID_REQUEST, "Invalid Request: a JSON-RPC message is a JSON object")
    if message.get("jsonrpc") != "2.0":
        words = 'a JSON-RPC 2.0 message says "jsonrpc": "2.0"'
        return Refusal(INVALID_REQUEST, f"Invalid Request: {words}", _request_id(message))
    method = message.get("method")
    if method is None and not ("result" in message or "error" in message):
        words = "a message names its method (or answers with a result)"
        return Refusal(INVALID_REQUEST, f"Invalid Request: {words}", _request_id(message))
    if method is not None and not isinstance(method, str):
        words = "the method is a string (tools/list, tools/call)"
        return Refusal(INVALID_REQUEST, f"Invalid Request: {words}", _request_id(message))
    if method is not None and "id" in message and _request_id(message) is None:
        return Refusal(
            INVALID_REQUEST, "Invalid Request: a request's id must be a string or an integer of 64 bits at most"
        )
    return _params_refused(message)


def _params_refused(message: dict[str, Any]) -> Refusal | None:
    """``params`` that is no object, or a tool call's ``arguments`` that are none, in words: the SDK answers the
    first with pydantic's validation dump and the second with "Invalid request parameters" and no data."""
    params = message.get("params")
    if "params" in message and not isinstance(params, dict):
        return Refusal(
            INVALID_PARAMS, "Invalid params: params is a JSON object of named parameters", _request_id(message)
        )
    method = message.get("method")
    if method == "tools/call":
        # The hot path: the two members a caller gets wrong, checked by hand; the SDK validates the rest.
        call = params if isinstance(params, dict) else {}
        if not isinstance(call.get("name"), str):
            words = "tools/call names its tool in params.name, a string; tools/list says which exist"
            return Refusal(INVALID_PARAMS, f"Invalid params: {words}", _request_id(message))
        if call.get("arguments") is not None and not isinstance(call["arguments"], dict):
            words = "a tool's arguments are a JSON object of its inputs by name"
            return Refusal(INVALID_PARAMS, f"Invalid params: {words}", _request_id(message))
        return None
    model = _PARAMS.get(method) if isinstance(method, str) else None
    if model is None or (params is None and method != "initialize"):
        return None
    try:  # the SDK's own model: what it refuses with "Invalid request parameters" and no data, in words
        model.model_validate(params or {}, by_name=False)
    except ValidationError as exc:
        return Refusal(INVALID_PARAMS, f"Invalid params for {method}: {_worded(exc)}", _request_id(message))
    return None


def _worded(exc: ValidationError) -> str:
    """Pydantic's findings in ``switchboard.invalid``'s words (``clientInfo.version is required``); never the values."""
    found = describe(exc.errors(include_url=False), whole="params", limit=len(exc.errors()))
    return "; ".join(found[:3]) + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")


def _too_deep(request_id: str | int | None) -> Refusal:
    return Refusal(
        INVALID_PARAMS,
        f"Invalid params: the arguments nest lists and objects deeper than {MAX_DEPTH} levels",
        request_id,
    )


def _request_id(message: Any) -> str | int | None:
    found = message.get("id") if isinstance(message, dict) else None
    return found if isinstance(found, str | int) and not isinstance(found, bool) else None


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "..."
