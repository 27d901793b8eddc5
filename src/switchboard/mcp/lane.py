"""A ``tools/call`` answered without the SDK's per-request machinery (issue 24), in either protocol era.

For each stateless POST the SDK builds a Starlette request, a transport security check, a
born-ready ``Connection``, a dispatch context and a ``ServerRunner`` (for a handshake-era client
also a transport, memory streams and a task), tears them down, and encodes the answer with the
standard library: 0.2-0.7 ms of a 0.9-1.5 ms tool call (``bench.tool_overhead`` measures both),
more than the 1.3x target left. The lane takes the message agents send most, a ``tools/call``
whose tool declares no ``x-mcp-header``, and admits it through the SDK's own checks, in the SDK's
order: the body's size, the content type, ``Accept``; then, for a 2026-era call, the body read as
the SDK reads it (the standard library's ``json``, which keeps a 23-digit integer exact), the
JSON-RPC envelope, duplicated routing headers and the inbound classification ladder; for a
handshake-era one (a handshake version in ``MCP-Protocol-Version``, or none), the transport's exact
content type, the body read with ``pydantic_core`` and the JSON-RPC message adapter; for both, the
params against the version's surface and the handler's params type. A request any of them refuses
is left to the SDK, which answers it as it always has; nothing is answered before the tool has run.
The result is shaped by the SDK's serializer for the version (validated, sieved), and a 2026-era
one stamped with ``resultType`` and the ``serverInfo`` ``_meta`` as the runner stamps it.
``SWITCHBOARD_MCP_TOOL_CALL_LANE=false`` sends every message to the SDK; a test compares both
answers field for field.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import orjson
import pydantic_core
from mcp.server.lowlevel import Server
from mcp.server.runner import modern_error_data
from mcp.server.streamable_http import check_accept_headers
from mcp.shared.exceptions import MCPError
from mcp.shared.inbound import (
    ERROR_CODE_HTTP_STATUS,
    InboundLadderRejection,
    classify_inbound_request,
    find_duplicated_routing_header,
)
from mcp.shared.jsonrpc_dispatcher import handler_exception_to_error_data
from mcp_types import (
    CORE_RESULT_TYPES,
    DEFAULT_NEGOTIATED_VERSION,
    INTERNAL_ERROR,
    SERVER_INFO_META_KEY,
    CallToolRequestParams,
    ErrorData,
    JSONRPCError,
    JSONRPCRequest,
    RequestId,
)
from mcp_types import methods as surfaces
from mcp_types.jsonrpc import jsonrpc_message_adapter
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS
from pydantic import ValidationError
from starlette.requests import Request

log = logging.getLogger("switchboard.mcp")

METHOD = "tools/call"


@dataclass(frozen=True, slots=True)
class LaneCall:
    """A ``tools/call`` the lane admitted: its id, its protocol version and its validated params."""

    id: RequestId
    version: str
    params: CallToolRequestParams


class ToolCallLane:
    """Admits a ``tools/call`` the SDK would serve as is, and words its answer as the SDK would."""

    def __init__(self, server: Server[Any], max_body: int) -> None:
        self._max_body = max_body
        entry = server.get_request_handler(METHOD)
        self._params_type = entry.params_type if entry is not None else CallToolRequestParams
        # No handler, a middleware or a cache hint would change what the SDK answers: the lane stays shut.
        self.open = entry is not None and not server.middleware and server.cache_hints.get(METHOD) is None
        # Fixed at the server's construction (the SDK dumps it once, then copies it per answer).
        self._stamp = server.server_info_stamp

    def admit(self, request: Request, raw: bytes) -> LaneCall | None:
        """The call, when every check the SDK would make before the handler passes; None sends it to the SDK."""
        headers = request.headers
        if not self.open or len(raw) > self._max_body:
            return None
        # Both eras: the transport security check's content type, then Accept (JSON answers only).
        if not headers.get("content-type", "").lower().startswith("application/json"):
            return None
        if not check_accept_headers(request)[0]:
            return None
        version = headers.get("mcp-protocol-version")
        if version in MODERN_PROTOCOL_VERSIONS:
            return self._modern(request, raw)
        if version is None or version in HANDSHAKE_PROTOCOL_VERSIONS:  # the manager's era routing
            return self._handshake(request, raw, version or DEFAULT_NEGOTIATED_VERSION)
        return None

    def _modern(self, request: Request, raw: bytes) -> LaneCall | None:
        """The 2026-era entry's checks (``handle_modern_request``)."""
        # Read as the SDK reads it: the standard library keeps an integer past 64 bits exact (orjson: a float).
        try:
            message = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(message, dict) or "id" not in message:
            return None
        try:
            envelope = JSONRPCRequest.model_validate(message)
        except ValidationError:
            return None
        if envelope.method != METHOD or find_duplicated_routing_header(request.headers.items()) is not None:
            return None
        verdict = classify_inbound_request(message, headers=dict(request.headers))
        if isinstance(verdict, InboundLadderRejection):
            return None
        return self._validated(envelope, verdict.protocol_version)

    def _handshake(self, request: Request, raw: bytes, version: str) -> LaneCall | None:
        """The handshake-era stateless transport's checks (``StreamableHTTPServerTransport``), its session-less
        request read at the version its header names (the SDK's default without one)."""
        # The transport's own content type check: application/json before any parameter, exactly.
        kind = request.headers.get("content-type", "").split(";")[0]
        if not any(part.strip() == "application/json" for part in kind.split(",")):
            return None
        try:
            message = pydantic_core.from_json(raw)
            envelope = jsonrpc_message_adapter.validate_python(message, by_name=False)
        except (ValueError, ValidationError):  # ValidationError is a ValueError: both the SDK's error answers
            return None
        if not isinstance(envelope, JSONRPCRequest) or envelope.method != METHOD:
            return None
        return self._validated(envelope, version)

    def _validated(self, envelope: JSONRPCRequest, version: str) -> LaneCall | None:
        """The runner's checks before the handler: the params against the version's surface and the handler's type."""
        params = envelope.params or {}
        try:
            surfaces.validate_client_request(METHOD, version, params)
            typed = self._params_type.model_validate(params, by_name=False)
        except (KeyError, ValidationError):
            return None
        if not isinstance(typed, CallToolRequestParams):
            return None
        return LaneCall(envelope.id, version, typed)

    def answer(self, call: LaneCall, result: dict[str, Any]) -> tuple[int, bytes]:
        """The HTTP status and JSON-RPC body for the tool's wire dict, as the SDK's runner shapes it."""
        shaped = dict(result)
        # Structured content is decoded JSON (``results.shaped``), which the surface's ``dict[str, Any]``
        # takes and dumps as it is: set aside, it is not walked twice (a 40-field record: 0.06 ms a call).
        structured = shaped.get("structuredContent")
        if isinstance(structured, dict):
            shaped["structuredContent"] = {}
        modern = call.version in MODERN_PROTOCOL_VERSIONS
        result_type = shaped.get("resultType")
        if not modern or not isinstance(result_type, str) or result_type in CORE_RESULT_TYPES:
            try:
                shaped = surfaces.serialize_server_result(METHOD, call.version, shaped)
            except ValidationError:
                log.exception("handler for %r returned an invalid result", METHOD)
                error = MCPError(code=INTERNAL_ERROR, message="Handler returned an invalid result")
                return self.failed(call, error)
        if isinstance(structured, dict) and "structuredContent" in shaped:  # the version's surface kept it
            shaped["structuredContent"] = structured
        if not modern:  # a handshake-era answer carries neither resultType nor the serverInfo stamp
            return 200, orjson.dumps({"jsonrpc": "2.0", "id": call.id, "result": shaped})
        if shaped.get("resultType") is None:
            shaped["resultType"] = "complete"
        meta = shaped.get("_meta")
        if meta is None:
            shaped["_meta"] = {SERVER_INFO_META_KEY: self._stamp}
        elif isinstance(meta, dict) and meta.get(SERVER_INFO_META_KEY) is None:
            shaped["_meta"] = {**meta, SERVER_INFO_META_KEY: self._stamp}
        return 200, orjson.dumps({"jsonrpc": "2.0", "id": call.id, "result": shaped})

    @staticmethod
    def failed(call: LaneCall, exc: Exception) -> tuple[int, bytes]:
        """What the SDK answers when the handler raises: 2026-era, its error data at the status its table maps
        it to; handshake-era, the dispatcher's error data (code 0 and the text when unmapped), at 200."""
        if call.version in MODERN_PROTOCOL_VERSIONS:
            error = JSONRPCError(jsonrpc="2.0", id=call.id, error=modern_error_data(exc))
            body = error.model_dump(mode="json", by_alias=True, exclude_none=True)
            return ERROR_CODE_HTTP_STATUS.get(error.error.code, 200), orjson.dumps(body)
        data = handler_exception_to_error_data(exc)
        if data is None:
            log.exception("handler for %r raised", METHOD)
            data = ErrorData(code=0, message=str(exc))
        return 200, JSONRPCError(jsonrpc="2.0", id=call.id, error=data).model_dump_json(by_alias=True).encode()
