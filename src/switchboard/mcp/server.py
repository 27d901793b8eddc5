"""The MCP endpoint (Streamable HTTP, stateless) on the official SDK's (2.x) low-level server.

The tool list depends on who asks, so the HTTP layer authenticates each request first (401
otherwise) and leaves the caller in the ASGI scope, where the handlers find it. The SDK serves
both protocol eras: handshake clients (``initialize``) and 2026-era clients (``server/discover``).

A ``tools/call`` builds the caller's tool list once, before the SDK reads the message: the SDK's
``Mcp-Param-*`` check reads the tool's schema from it (``get_tool_input_schema``, instead of running
the whole ``tools/list`` handler per call) and the call handler finds its tool in it. Nothing
outlives the request, so no tool list is shared across callers or goes stale.

Per call, the SDK's work is kept to what the protocol needs (issue 24): the tool's answer is
handed over as the wire dict (the SDK validates and sieves it per protocol version either way,
so the answer is the same), a schema without ``x-mcp-header`` declarations is not offered to the
``Mcp-Param-*`` check (it would check nothing), and the SDK's OpenTelemetry middleware is dropped:
its spans went to the global tracer, which Switchboard never sets (``observability.tracing``
keeps a provider of its own and traces every tool call as it traces REST calls). A ``tools/call``
of either era skips the SDK's per-request set-up altogether when ``lane.py`` admits it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import mcp.types as types
from mcp.server._otel import OpenTelemetryMiddleware
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.shared.exceptions import MCPError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send

from switchboard.errors import InputError, SwitchboardError, UpstreamError
from switchboard.mcp.calls import ToolCaller, ToolServices, call_tool, find_tool, list_tools, tools_named
from switchboard.mcp.guard import REFUSED, asked_id, checked, unlabelled
from switchboard.mcp.lane import LaneCall, ToolCallLane
from switchboard.mcp.schemas import declares_param_headers
from switchboard.mcp.tools import Tool
from switchboard.observability.metrics import MCP_TOOL_CALLS

log = logging.getLogger("switchboard.mcp")

Authenticate = Callable[[Request], Awaitable[tuple[ToolServices, ToolCaller]]]
_STATE_KEY = "switchboard_tool_caller"
_TOOLS_KEY = "switchboard_tools"
_BY_LANE, _BY_SDK = MCP_TOOL_CALLS.labels(path="lane"), MCP_TOOL_CALLS.labels(path="sdk")
# The tools of the request being served, for the SDK's synchronous schema lookup (same task).
_request_tools: ContextVar[Mapping[str, Tool] | None] = ContextVar("switchboard_mcp_tools", default=None)


async def _asked(request: Request) -> str | int | None:
    """The id of the JSON-RPC request a refused caller POSTed, to answer it by; None if there is none."""
    if request.method != "POST" or unlabelled(request.headers.get("content-type")) is not None:
        return None
    try:
        return asked_id(await request.body())
    except ClientDisconnect:
        return None


class McpEndpoint:
    """An ASGI app for ``/mcp``; ``running()`` must wrap the app's lifetime (the SDK's task group)."""

    def __init__(self, authenticate: Authenticate, version: str, *, max_body: int, lane: bool = True) -> None:
        """``max_body``: the largest message taken, the server's own request body limit (the edge refuses larger
        bodies with its 413 in words); the SDK's smaller default answered a bare ``Request body too large``."""
        self._authenticate = authenticate
        # The handlers build each caller's list afresh: nothing is cached across tenants.
        self.server: Server[Any] = Server(
            "switchboard",
            version=version,
            on_list_tools=self._list_tools,
            get_tool_input_schema=_input_schema,
        )
        # Registered as a plain handler so it may answer the wire dict (``on_call_tool`` wants a model).
        self.server.add_request_handler("tools/call", types.CallToolRequestParams, self._call_tool)
        self.server.middleware = [m for m in self.server.middleware if not isinstance(m, OpenTelemetryMiddleware)]
        self._manager = StreamableHTTPSessionManager(
            self.server, stateless=True, json_response=True, max_request_body_size=max_body
        )
        self._lane = ToolCallLane(self.server, self._manager.max_request_body_size) if lane else None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self._manager.run():
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            found = await self._authenticate(request)
        except SwitchboardError as exc:
            body: dict[str, Any] = {"Message": exc.message, **exc.context}
            # The official SDK shows a refused request's JSON-RPC error and nothing else of the body: without
            # one, a revoked token read "Server returned an error response".
            if (asked := await _asked(request)) is not None:
                body |= {"jsonrpc": "2.0", "id": asked, "error": {"code": REFUSED, "message": exc.message}}
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            await JSONResponse(body, status_code=exc.status, headers=headers)(scope, receive, send)
            return
        scope.setdefault("state", {})[_STATE_KEY] = found
        if request.method == "POST":
            if (unreadable := unlabelled(request.headers.get("content-type"))) is not None:
                await Response(unreadable.body(), unreadable.status, media_type="application/json")(
                    scope, receive, send
                )
                return
            try:
                raw = await request.body()
            except ClientDisconnect:  # the caller hung up mid-request: routine, and no one to answer
                log.info("mcp client disconnected before its request was read")
                return
            message, refused = checked(raw)
            if refused is not None:
                log.info("mcp message refused: %s", refused.message)
                await Response(refused.body(), 400, media_type="application/json")(scope, receive, send)
                return
            receive = _replay(raw, receive)
            if isinstance(message, dict) and message.get("method") == "tools/call":
                tools = await _tools_of(*found)
                call = self._admitted(request, raw, message, tools)
                if call is not None:
                    _BY_LANE.inc()
                    await self._serve_lane(call, found, tools, scope, send)
                    return
                _BY_SDK.inc()
                scope["state"][_TOOLS_KEY] = tools
                reset = _request_tools.set(tools)
                try:
                    await self._manager.handle_request(scope, receive, send)
                finally:
                    _request_tools.reset(reset)
                return
        await self._manager.handle_request(scope, receive, send)

    async def _list_tools(
        self, ctx: ServerRequestContext[Any], _: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        svc, caller = _caller(ctx)
        try:
            listed = await list_tools(svc, caller)
        except SwitchboardError as exc:  # an account that is not the caller's: a refusal in JSON-RPC's own codes
            log.info("tools/list refused: %s status=%s", type(exc).__name__, exc.status)
            code = types.INTERNAL_ERROR if exc.status >= 500 else types.INVALID_PARAMS
            raise MCPError(code, exc.message, {"Status": exc.status, **exc.context}) from None
        tools = [
            types.Tool(
                name=tool.name,
                description=tool.description,
                input_schema=tool.input_schema,
                annotations=types.ToolAnnotations.model_validate(tool.annotations),
            )
            for tool in listed
        ]
        return types.ListToolsResult(tools=tools)

    async def _call_tool(self, ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> dict[str, Any]:
        """A ``CallToolResult`` as its wire dict, which the SDK validates against the caller's protocol version."""
        state = _state(ctx)
        return await _answer(_caller(ctx), state.get(_TOOLS_KEY), params, state.get("request_id"))

    def _admitted(
        self, request: Request, raw: bytes, message: dict[str, Any], tools: Mapping[str, Tool] | None
    ) -> LaneCall | None:
        """The call when the lane may answer it: its tool is listed and declares no ``Mcp-Param-*`` header."""
        if self._lane is None or tools is None:
            return None
        params = message.get("params")
        name = params.get("name") if isinstance(params, dict) else None
        tool = tools.get(name) if isinstance(name, str) else None
        if tool is None or declares_param_headers(tool.method):
            return None  # the SDK's path: find_tool says why a tool is missing, the SDK checks the headers
        return self._lane.admit(request, raw)

    async def _serve_lane(
        self,
        call: LaneCall,
        found: tuple[ToolServices, ToolCaller],
        tools: Mapping[str, Tool] | None,
        scope: Scope,
        send: Send,
    ) -> None:
        """Run the admitted call and send its answer, worded as the SDK words it (``lane.py``)."""
        assert self._lane is not None  # admitted only by the lane
        try:
            result = await _answer(found, tools, call.params, scope["state"].get("request_id"))
            status, body = self._lane.answer(call, result)
        except Exception as exc:  # as the SDK's runner does: an error answer, never a dropped request
            status, body = self._lane.failed(call, exc)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _answer(
    found: tuple[ToolServices, ToolCaller],
    tools: Mapping[str, Tool] | None,
    params: types.CallToolRequestParams,
    request_id: str | None,
) -> dict[str, Any]:
    """The tool's answer as a ``CallToolResult`` wire dict; a refusal is a tool error the model can read."""
    svc, caller = found
    try:
        tool = tools.get(params.name) if tools is not None else None
        if tool is None:  # not in the list built ahead (or none was): find_tool says why
            tool = await find_tool(svc, caller, params.name)
        # The HTTP request's id (the edge's X-Request-Id) names the call in the log and the call log.
        result = await call_tool(svc, caller, tool, params.arguments or {}, request_id=request_id)
    except SwitchboardError as exc:
        return _error(exc)
    return _result(result.text, result.structured, is_error=False)


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` with the body already read handed out again, first, for the SDK to read."""
    pending = [body]

    async def replayed() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": False}
        return await receive()

    return replayed


async def _tools_of(svc: ToolServices, caller: ToolCaller) -> Mapping[str, Tool] | None:
    """The caller's tools by name; None when listing fails (the call handler then answers why)."""
    try:
        return await tools_named(svc, caller)
    except SwitchboardError:
        return None


def _input_schema(name: str) -> Mapping[str, Any] | None:
    """The SDK's ``Mcp-Param-*`` check: the schema of the caller's tool ``name`` (None: nothing to check).

    Only a schema that declares ``x-mcp-header`` has anything to check, so no other is offered.
    """
    tools = _request_tools.get()
    tool = tools.get(name) if tools is not None else None
    return tool.input_schema if tool is not None and declares_param_headers(tool.method) else None


def _state(ctx: ServerRequestContext[Any]) -> dict[str, Any]:
    request = ctx.request
    if not isinstance(request, Request):  # only the HTTP transport is served, and it always sets the request
        raise RuntimeError("MCP request without an HTTP request")
    state: dict[str, Any] = request.scope["state"]
    return state


def _caller(ctx: ServerRequestContext[Any]) -> tuple[ToolServices, ToolCaller]:
    found: tuple[ToolServices, ToolCaller] = _state(ctx)[_STATE_KEY]
    return found


def tool_error_text(exc: SwitchboardError) -> str:
    """The error as a model should read it: the message, then what it names (``Argument: email``)."""
    parts = [exc.message]
    parts += [f"{key}: {value}" for key, value in exc.context.items()]
    if isinstance(exc, InputError):
        parts.append("Nothing was sent; correct the arguments and call again.")
    if isinstance(exc, UpstreamError) and exc.body:
        parts.append(f"The third party answered {exc.status}: {exc.body[:2000].decode(errors='replace')}")
    retry_after = _retry_after(exc)
    if retry_after is not None:  # what a REST caller reads in Retry-After
        parts.append(f"Try again in {retry_after} s or later.")
    if isinstance(exc, UpstreamError) and exc.status == 401:  # after any refresh: the credentials themselves
        parts.append(
            "The app refused the connection's credentials: no change of arguments fixes this; "
            "the user must connect it again (a new API key, or sign in again)."
        )
    return "\n".join(parts)


def _error(exc: SwitchboardError) -> dict[str, Any]:
    log.info("tool call refused: %s status=%s", type(exc).__name__, exc.status)
    structured = {"Message": exc.message, "Status": exc.status, **exc.context}
    retry_after = _retry_after(exc)
    if retry_after is not None:
        structured["RetryAfter"] = retry_after
    return _result(tool_error_text(exc), structured, is_error=True)


def _retry_after(exc: SwitchboardError) -> int | None:
    """Seconds to wait before trying again (a rate limit's, the app's Retry-After), as the REST header rounds it."""
    seconds = getattr(exc, "retry_after", None)
    return max(1, round(seconds)) if isinstance(seconds, int | float) else None


def _result(text: str, structured: dict[str, Any], *, is_error: bool) -> dict[str, Any]:
    """What ``CallToolResult(...).model_dump(by_alias=True, mode="json", exclude_none=True)`` gives."""
    content = [{"type": "text", "text": text}]
    return {"content": content, "structuredContent": structured, "isError": is_error, "resultType": "complete"}
