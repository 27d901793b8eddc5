"""Tools without MCP: ``/v1.0/account/connectors/{id}/tools`` (vendor function-calling shapes, calls)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request

from switchboard.api.bodies import JsonRoute
from switchboard.api.middleware import request_id
from switchboard.api.schemas import Id
from switchboard.api.tool_callers import tool_caller
from switchboard.api.tool_schemas import ToolCallOut
from switchboard.mcp.calls import call_tool, find_tool, list_tools
from switchboard.mcp.formats import ToolFormat, shaped_tools
from switchboard.mcp.tools import narrowed

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Tools"], route_class=JsonRoute)


@router.get("/{connector_id}/tools")
async def get_tools(
    request: Request,
    connector_id: Id,
    format: Annotated[ToolFormat, Query()] = "mcp",
    query: Annotated[str, Query(max_length=200, description="Words every tool listed holds (any case)")] = "",
    category: Annotated[str, Query(max_length=100, description="Only the methods of this category")] = "",
    read_only: Annotated[bool, Query(alias="readOnly", description="Only tools that change nothing")] = False,
) -> list[dict[str, Any]]:
    """The account connector's methods as tools, in OpenAI, Anthropic or MCP function-calling shape; narrowed
    by words, a category or to read-only ones for a model's API that takes a bounded list (OpenAI: 128)."""
    svc, caller = await tool_caller(request)
    return shaped_tools(narrowed(await list_tools(svc, caller, connector_id), query, category, read_only), format)


# Served by api.fastpath.tools ahead of FastAPI (no per-call validation there); declared for the OpenAPI document.
@router.post("/{connector_id}/tools/{name}", response_model=ToolCallOut)
async def call_named_tool(
    request: Request, connector_id: Id, name: str, arguments: Annotated[dict[str, Any] | None, Body()] = None
) -> ToolCallOut:
    """Call a tool with a model's arguments as they come; the answer is cut to fit a context window.

    A bad argument is a 400 whose Message names it (send it back to the model as the tool's result).
    """
    svc, caller = await tool_caller(request)
    tool = await find_tool(svc, caller, name, connector_id)
    answer = await call_tool(svc, caller, tool, arguments or {}, request_id=request_id(request))
    return ToolCallOut(
        tool=tool.name, text=answer.text, structured_content=answer.structured, truncated=answer.truncated
    )
