"""What ``/mcp`` refuses before the SDK reads a message (N7).

The SDK parses with ``json.loads``: invalid UTF-8 raises ``UnicodeDecodeError`` and a deep
nesting ``RecursionError``, both a 500 with a traceback in the log. Here the body is parsed once
with orjson (strict UTF-8, its own depth limit) and its nesting bounded level by level, so
such a body is a JSON-RPC parse error or invalid params, as ``/v1.0/.../tools/{name}``
answers 400 for the same arguments. A body that passes goes on to the SDK unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from switchboard.engine.inputs.values import MAX_DEPTH, nesting_depth

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
# The envelope (message, params, arguments) nests three levels above a tool's arguments.
MAX_MESSAGE_DEPTH = MAX_DEPTH + 3


@dataclass(frozen=True)
class Refusal:
    """A JSON-RPC error answer for a message the SDK is not given."""

    code: int
    message: str
    id: str | int | None = None

    def body(self) -> bytes:
        error = {"code": self.code, "message": self.message}
        return orjson.dumps({"jsonrpc": "2.0", "id": self.id, "error": error})


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


def _not_a_request(message: Any) -> Refusal | None:
    """JSON that is no single JSON-RPC message MCP takes: a batch (no MCP revision served here takes one),
    another value, or a request whose id is no string or integer (MCP: never null). The SDK would answer
    a batch with its validation dump, and such ids as if the request were a notification: no answer at all."""
    if isinstance(message, list):
        return Refusal(INVALID_REQUEST, "Invalid Request: send one JSON-RPC message per request, not a batch")
    if not isinstance(message, dict):
        return Refusal(INVALID_REQUEST, "Invalid Request: a JSON-RPC message is a JSON object")
    if "method" in message and "id" in message and _request_id(message) is None:
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
    arguments = params.get("arguments") if isinstance(params, dict) else None
    if message.get("method") == "tools/call" and arguments is not None and not isinstance(arguments, dict):
        return Refusal(
            INVALID_PARAMS,
            "Invalid params: a tool's arguments are a JSON object of its inputs by name",
            _request_id(message),
        )
    return None


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
