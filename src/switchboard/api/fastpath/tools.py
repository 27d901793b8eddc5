"""``POST .../tools/{name}``, a model's function call over REST, as pure ASGI ahead of FastAPI.

FastAPI's per-request machinery (route matching, the body's validation, the response model) was a
third of a tool call's CPU. Here a tool call is: match the path, check the connector id and the
body as the declared route checks them (same rules, same messages: ``parse.connector_id``,
``parse.json_object``), then ``tool_caller``, ``find_tool`` and ``call_tool``, as the route does.
The route's declaration in ``api.routers.tools`` stays for the OpenAPI document.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from switchboard.api.calling import UNEXPECTED_ANSWER, Answer, error_answer
from switchboard.api.errors import log_error
from switchboard.api.fastpath.asgi import read_body, send_answer
from switchboard.api.fastpath.parse import PREFIX, connector_id, json_object, refuse
from switchboard.api.middleware import request_id
from switchboard.api.tool_callers import tool_caller
from switchboard.errors import SwitchboardError
from switchboard.mcp.calls import call_tool, find_tool

log = logging.getLogger("switchboard.api")

_PATH = re.compile(r"/v1\.0/account/connectors/([^/]+)/tools/([^/]+)")


class FastTools:
    """Serves ``POST /v1.0/account/connectors/{id}/tools/{name}`` itself; the rest goes to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].startswith(PREFIX):
            found = _PATH.fullmatch(scope["path"])
            if found is not None:
                await send_answer(send, await _answered(scope, receive, found.group(1), found.group(2)))
                return
        await self.app(scope, receive, send)


async def _answered(scope: Scope, receive: Receive, raw_id: str, name: str) -> Answer:
    try:
        return await _answer(scope, receive, raw_id, name)
    except SwitchboardError as exc:
        log_error(scope["method"], scope["path"], exc)
        return error_answer(exc)
    except HTTPException as exc:  # Edge refusing a body as it streams in (413, 408)
        return Answer(exc.status_code, orjson.dumps({"Message": str(exc.detail)}))
    except Exception:
        log.exception("unhandled error on %s %s", scope["method"], scope["path"])
        return UNEXPECTED_ANSWER


async def _answer(scope: Scope, receive: Receive, raw_id: str, name: str) -> Answer:
    # In the declared route's order: the path and the body (400, every problem at once), then the caller (401).
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
