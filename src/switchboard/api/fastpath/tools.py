"""``POST .../tools/{name}``, a model's function call over REST, as pure ASGI ahead of FastAPI.

FastAPI's per-request machinery (route matching, the body's validation, the response model) was a
third of a tool call's CPU. Here a tool call is: match the path, check the connector id and the
body as the declared route checks them (same rules, same messages: ``parse.connector_id``,
``parse.json_object``), then ``tool_caller``, ``find_tool`` and ``call_tool``, as the route does.
The route's declaration in ``api.routers.tools`` stays for the OpenAPI document; its answer's members,
written here with orjson and no model per call, are ``api.tool_schemas.ToolCallOut``'s, in its order.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import Receive, Scope

from switchboard.api.calling import Answer
from switchboard.api.fastpath.asgi import FastPost, read_body
from switchboard.api.fastpath.parse import PREFIX, connector_id, json_object, refuse
from switchboard.api.middleware import request_id
from switchboard.api.tool_callers import tool_caller
from switchboard.mcp.calls import call_tool, find_tool


class FastTools(FastPost):
    """Serves ``POST /v1.0/account/connectors/{id}/tools/{name}`` itself; the rest goes to ``app``."""

    prefix = PREFIX
    pattern = re.compile(r"/v1\.0/account/connectors/([^/]+)/tools/([^/]+)")

    async def answer(self, scope: Scope, receive: Receive, found: re.Match[str]) -> Answer:
        # In the declared route's order: the path and the body (400, every problem at once), then the caller (401).
        raw_id, name = found.groups()
        problems: list[str] = []
        connector = connector_id(raw_id, problems)
        raw = await read_body(receive)
        request = Request(scope, receive)
        arguments: dict[str, Any] = json_object(raw, request.headers.get("content-type", ""), problems)
        if problems:
            raise refuse(problems)
        svc, caller = await tool_caller(request)
        tool = await find_tool(svc, caller, name, connector)
        answer = await call_tool(svc, caller, tool, arguments, request_id=request_id(request))
        body = {"Tool": tool.name, "Text": answer.text, "StructuredContent": answer.structured}
        return Answer(200, orjson.dumps({**body, "Truncated": answer.truncated}))
