"""A tool call: resolve, guard, then exactly the engine's method call; the answer cut to a bound.

``call_tool`` is the one place a tool call meets the pipeline (``Connections.open`` -> the IP
guard -> ``Engine.call``), so whatever wraps ``Engine.call`` for REST calls (call log, webhooks)
sees tool calls too.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from switchboard.catalog.registry import Method, Registry
from switchboard.connections import Connections
from switchboard.engine.call import Engine
from switchboard.engine.inputs import InputsByArguments
from switchboard.engine.outputs import CallResult
from switchboard.errors import ConnectionNotReady, NotFound, SwitchboardError
from switchboard.events.sink import CallFailures
from switchboard.invalid import echoed
from switchboard.mcp.results import shaped
from switchboard.mcp.tools import Tool, signed_out_owner, tools_by_name, tools_for
from switchboard.observability import CallContext, Recorder
from switchboard.store.account_connectors import Installed
from switchboard.store.db import Database
from switchboard.store.mcp_tokens import TokenScope

# What a tool answer may put into a model's context window; more is cut, with a note on paging.
MAX_TOOL_ANSWER_BYTES = 32 * 1024
# How much of an answer is read to choose the records that fit; past it only a text cut is possible.
READ_CAP = 8 * 1024 * 1024


class ToolServices(Protocol):
    """What tools need of the process (``api.services.Services`` provides it)."""

    @property
    def db(self) -> Database: ...

    @property
    def registry(self) -> Registry: ...

    @property
    def connections(self) -> Connections: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def recorder(self) -> Recorder: ...

    @property
    def call_failures(self) -> CallFailures: ...


@dataclass(frozen=True, slots=True)
class ToolCaller:
    """Who calls, for which account, within which token scope (None: the partner's own token)."""

    partner_id: int
    account_api_id: str
    scope: TokenScope | None
    # Raises Forbidden when the caller's address is not on the partner's allow list.
    guard: Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ToolAnswer:
    """A tool's result: JSON for ``structuredContent``, the text for models, and whether it was cut."""

    structured: dict[str, Any]
    text: str
    truncated: bool
    status: int


async def list_tools(svc: ToolServices, caller: ToolCaller, account_connector_id: int | None = None) -> list[Tool]:
    """The caller's tools, optionally of one account connector (NotFound if it is not the caller's)."""
    installed = await svc.connections.installed(caller.partner_id, caller.account_api_id)
    tools = tools_for(svc.registry, installed, caller.scope)
    if account_connector_id is None:
        return tools
    if all(a.id != account_connector_id for a in installed) or (
        caller.scope is not None and not caller.scope.allows_connector(account_connector_id)
    ):
        raise NotFound(f"Account connector {account_connector_id} was not found")
    return [t for t in tools if t.account_connector_id == account_connector_id]


async def tools_named(svc: ToolServices, caller: ToolCaller) -> Mapping[str, Tool]:
    """The caller's tools by name (what an MCP ``tools/call`` looks its tool up in)."""
    installed = await svc.connections.installed(caller.partner_id, caller.account_api_id)
    return tools_by_name(svc.registry, installed, caller.scope)


async def find_tool(svc: ToolServices, caller: ToolCaller, name: str, account_connector_id: int | None = None) -> Tool:
    """The caller's tool ``name`` (of ``account_connector_id`` when given), looked up by name, not listed."""
    tool = (await tools_named(svc, caller)).get(name)
    if tool is not None and account_connector_id in (None, tool.account_connector_id):
        return tool
    if account_connector_id is not None:
        await list_tools(svc, caller, account_connector_id)  # NotFound when the connection is not the caller's
    installed = await svc.connections.installed(caller.partner_id, caller.account_api_id)
    owner = signed_out_owner(svc.registry, installed, caller.scope, name)
    if owner is not None and account_connector_id in (None, owner[0].id):
        raise _signed_out(name, *owner)
    raise NotFound(
        f"Tool {echoed(name)} was not found (or is outside this token's scope); list the tools to see which exist"
    )


def _signed_out(name: str, connection: Installed, connector_name: str) -> ConnectionNotReady:
    """Why a tool of a connection that is not (or no longer) authenticated cannot be called, and what fixes it."""
    state = "NeedsReauthentication" if connection.auth_state == "needs_reauth" else "Unauthenticated"
    why = "needs re-authentication" if state == "NeedsReauthentication" else "is not authenticated"
    return ConnectionNotReady(
        f"Tool {name} cannot be called: its connection, account connector {connection.id} ({connector_name}), {why}. "
        "Nothing was sent; the user must connect it again (sign in, or give its API key), then its tools are back",
        AuthState=state,
        AccountConnectorId=connection.id,
    )


async def call_tool(
    svc: ToolServices, caller: ToolCaller, tool: Tool, arguments: Mapping[str, Any], *, request_id: str | None = None
) -> ToolAnswer:
    """Steps 1-2 as for a REST call, then ``Engine.call`` with the arguments as given.

    Recorded like every call (metrics, the log line, the call log as kind ``tool``), and a
    failure is a ``call.failed`` event as it is for REST calls.
    """
    connection = await svc.connections.open(caller.partner_id, caller.account_api_id, tool.account_connector_id)
    if not connection.connector.definition.is_partner_integration:
        await caller.guard()
    context = CallContext(request_id or uuid.uuid4().hex, caller.partner_id, caller.account_api_id, "tool")
    method_ref = tool.method.unique_id
    try:
        result = await svc.recorder.call(svc.engine, context, connection, method_ref, InputsByArguments(arguments))
    except SwitchboardError as exc:
        svc.call_failures.report_target(connection.target, method_ref, exc)
        raise
    return await answer(result, tool.method, arguments)


async def answer(result: CallResult, method: Method, arguments: Mapping[str, Any] | None = None) -> ToolAnswer:
    """Read at most ``READ_CAP`` bytes, so a huge answer is never held whole."""
    cap = READ_CAP
    if result.body is not None:
        data, complete = result.body[:cap], len(result.body) <= cap
    else:
        parts: list[bytes] = []
        size = 0
        complete = True
        if result.chunks is not None:
            async for chunk in result.chunks:
                parts.append(chunk)
                size += len(chunk)
                if size > cap:
                    complete = False
                    break
            if not complete:
                await _close(result.chunks)
        data = b"".join(parts)[:cap]
    if result.redactor is not None:  # an answer that repeats the call's credentials (an echo endpoint) goes to a model
        data = result.redactor.raw(data)
    structured, text, truncated = shaped(data, complete, result.content_type, method, MAX_TOOL_ANSWER_BYTES, arguments)
    return ToolAnswer(structured, text, truncated, result.status)


async def _close(chunks: Any) -> None:
    closer = getattr(chunks, "aclose", None)
    if closer is not None:
        await closer()


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()
