"""The provider hook URLs as pure ASGI, ahead of FastAPI, as the call routes are.

At hundreds of webhooks a second FastAPI's per-request machinery (route matching, dependency
solving, the response classes) cost twice what receiving the event does. Here a hook request is:
match the path, read the body up to its bound, then ``HookReceiver``. Any other method at these
paths goes on to FastAPI (a 405); the router's declarations stay for the documentation.
"""

from __future__ import annotations

import re

import orjson
from starlette.types import Receive, Scope

from switchboard.api.calling import Answer
from switchboard.api.fastpath.asgi import FastPost, read_body
from switchboard.api.services import Services
from switchboard.errors import PayloadTooLarge
from switchboard.hooks import HookAnswer, Inbound
from switchboard.numbers import is_digits


class FastHooks(FastPost):
    """Serves ``POST /hooks/c/{id}`` and ``POST /hooks/{key}/{connector}`` itself; the rest goes to ``app``."""

    prefix = "/hooks/"
    pattern = re.compile(r"/hooks/(?:(c)/([^/]+)|([^/]+)/([^/]+))")

    async def answer(self, scope: Scope, receive: Receive, found: re.Match[str]) -> Answer:
        svc: Services = scope["app"].state.services
        request = await inbound(scope, receive, svc.settings.hook_max_body_bytes, svc.settings.public_url)
        if found.group(1):
            answer: HookAnswer = await svc.hooks.at_connection(found.group(2), request)
        else:
            answer = await svc.hooks.at_partner(found.group(3), found.group(4), request)
        return Answer(200, orjson.dumps(answer.body), headers=answer.headers)


async def inbound(scope: Scope, receive: Receive, limit: int, public_url: str) -> Inbound:
    """The request with its raw body, read up to ``limit``; the URL as the provider called it (for
    schemes that sign it); header names in lower case."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    declared = headers.get("content-length", "")
    if is_digits(declared) and (len(declared) > 18 or int(declared) > limit):
        raise PayloadTooLarge(f"The webhook body is over {limit} bytes")
    # A part of a webhook is refused, never stored: HTTP Basic, which signs no body, would accept it.
    body = await read_body(receive, limit=limit, what="webhook body")
    query = scope["query_string"].decode("latin-1")
    url = public_url.rstrip("/") + scope["path"] + (f"?{query}" if query else "")
    return Inbound(scope["method"], url, headers, body)
