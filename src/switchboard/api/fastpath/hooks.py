"""The provider hook URLs as pure ASGI, ahead of FastAPI, as the call routes are.

At hundreds of webhooks a second FastAPI's per-request machinery (route matching, dependency
solving, the response classes) cost twice what receiving the event does. Here a hook request is:
match the path, read the body up to its bound, then ``HookReceiver``. Any other method at these
paths goes on to FastAPI (a 405); the router's declarations stay for the documentation.
"""

from __future__ import annotations

import logging
import re

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from switchboard.api.calling import UNEXPECTED_ANSWER, Answer, error_answer
from switchboard.api.errors import log_error
from switchboard.api.fastpath.asgi import send_answer
from switchboard.api.services import Services
from switchboard.errors import PayloadTooLarge, SwitchboardError
from switchboard.hooks import HookAnswer, Inbound

log = logging.getLogger("switchboard.api")

_PATH = re.compile(r"/hooks/(?:(c)/([^/]+)|([^/]+)/([^/]+))")


class FastHooks:
    """Serves ``POST /hooks/c/{id}`` and ``POST /hooks/{key}/{connector}`` itself; the rest goes to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].startswith("/hooks/"):
            found = _PATH.fullmatch(scope["path"])
            if found is not None:
                await send_answer(send, await self._answer(scope, receive, found))
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, found: re.Match[str]) -> Answer:
        try:
            svc: Services = scope["app"].state.services
            request = await inbound(scope, receive, svc.settings.hook_max_body_bytes, svc.settings.public_url)
            if found.group(1):
                answer: HookAnswer = await svc.hooks.at_connection(found.group(2), request)
            else:
                answer = await svc.hooks.at_partner(found.group(3), found.group(4), request)
            return Answer(200, orjson.dumps(answer.body), headers=answer.headers)
        except SwitchboardError as exc:
            log_error(scope["method"], scope["path"], exc)
            return error_answer(exc)
        except HTTPException as exc:  # Edge refusing a body as it streams in (413, 408)
            return Answer(exc.status_code, orjson.dumps({"Message": str(exc.detail)}))
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            return UNEXPECTED_ANSWER


async def inbound(scope: Scope, receive: Receive, limit: int, public_url: str) -> Inbound:
    """The request with its raw body, read up to ``limit``; the URL as the provider called it (for
    schemes that sign it); header names in lower case."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The webhook body is over {limit} bytes")
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body += message.get("body", b"")
        if len(body) > limit:
            raise PayloadTooLarge(f"The webhook body is over {limit} bytes")
        if not message.get("more_body", False):
            break
    query = scope["query_string"].decode("latin-1")
    url = public_url.rstrip("/") + scope["path"] + (f"?{query}" if query else "")
    return Inbound(scope["method"], url, headers, bytes(body))
