"""The call routes as pure ASGI, ahead of FastAPI: one regex, one header pass, the body parsed once.

FastAPI's per-request machinery (route matching over every route, dependency solving, body
validation through pydantic, the response classes) cost about half of a call's CPU. Here a
call is: match the path, read four headers, parse the body with orjson, check its members,
then ``run_call``. Everything else passes to the wrapped app untouched.
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Awaitable
from typing import ClassVar

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from switchboard.api.calling import Answer, CallRequest, call_kind, error_answer, run_call
from switchboard.api.deps import partner_for_header
from switchboard.api.errors import TrackedSend, log_error, log_outage, unexpected
from switchboard.api.fastpath.parse import (
    PREFIX,
    Route,
    connector_id,
    dry_run,
    json_body,
    match,
    query_pairs,
    refuse,
)
from switchboard.api.idempotent import fingerprint_of, one_key
from switchboard.api.ndjson import wants_ndjson
from switchboard.api.scope import account_of
from switchboard.api.services import Services
from switchboard.engine.call import CallMode
from switchboard.errors import PayloadTooLarge, RequestError, SwitchboardError
from switchboard.store.outage import outage


class FastCalls:
    """Serves the method-call routes itself; any other request goes to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            found = match(scope["method"], scope["path"])
            if found is not None:
                await self._serve(scope, receive, send, *found)
                return
        await self.app(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, route: Route, raw_id: str, method: str) -> None:
        await send_answer(send, await guarded(scope, self._answer(scope, receive, route, raw_id, method)))

    async def _answer(self, scope: Scope, receive: Receive, route: Route, raw_id: str, method: str) -> Answer:
        authorization: str | None = None
        keys: list[str] = []  # every copy: copies that differ are a 400 (api.idempotent.one_key)
        content_type = accept = ""
        accounts: list[str] = []  # every copy: account_of refuses copies that differ, as the routers do
        forwarded: list[str] = []
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value.decode("latin-1")
            elif name == b"x-cyclr-account":
                accounts.append(value.decode("latin-1"))
            elif name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded.append(value.decode("latin-1"))
            elif name == b"idempotency-key":
                keys.append(value.decode("latin-1"))
            elif name == b"accept":
                accept = value.decode("latin-1")
        svc: Services = scope["app"].state.services
        # In the declared routes' order: the token (401), the account header (400), then the inputs (400).
        partner = await partner_for_header(svc, authorization)
        # An account-restricted token reaches its own account only, named by the header or, without it, by the token.
        account = account_of(partner, accounts)
        key = one_key(keys)
        problems: list[str] = []
        connector = connector_id(raw_id, problems)
        raw = await read_body(receive) if route.body else b""
        body = json_body(route, raw, content_type, problems) if route.body else {}
        query = query_pairs(scope["query_string"])
        dry = dry_run(query, problems)
        if problems:
            raise refuse(problems)
        client = scope.get("client")
        keyed = key is not None and not route.trace  # /test/ calls are never keyed
        stream = not route.trace and key is None and wants_ndjson(accept)  # a keyed answer is stored whole
        state = scope.get("state") or {}
        call = CallRequest(
            partner,
            account,
            state.get("request_id") or uuid.uuid4().hex,
            call_kind(scope["method"], scope["path"]),
            connector,
            method,
            route.inputs(body, scope["query_string"]),
            mode=_mode(route.trace, dry, key if keyed else None, stream),
            fingerprint=fingerprint_of(scope["method"], scope["path"], query, raw) if keyed else None,
            peer=client[0] if client else None,
            forwarded_for=",".join(forwarded),
        )
        return await run_call(svc, call)


class FastPost(ABC):
    """A POST route served ahead of FastAPI: a path under ``prefix`` that ``pattern`` matches whole is
    answered by ``answer`` (its errors by ``guarded``); any other request goes on to ``app``."""

    prefix: ClassVar[str]
    pattern: ClassVar[re.Pattern[str]]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].startswith(self.prefix):
            found = self.pattern.fullmatch(scope["path"])
            if found is not None:
                await send_answer(send, await guarded(scope, self.answer(scope, receive, found)))
                return
        await self.app(scope, receive, send)

    @abstractmethod
    async def answer(self, scope: Scope, receive: Receive, found: re.Match[str]) -> Answer:
        """The answer to a request at a matched path (``found``: the pattern's groups)."""


async def guarded(scope: Scope, answer: Awaitable[Answer]) -> Answer:
    """``answer``, or what it raised as an answer: a ``SwitchboardError``'s own, the edge's refusal of
    a body as it streams in (413, 408), else a logged 500 that says nothing of the cause."""
    try:
        return await answer
    except SwitchboardError as exc:
        log_error(scope["method"], scope["path"], exc)
        return error_answer(exc)
    except HTTPException as exc:
        return Answer(exc.status_code, orjson.dumps({"Message": str(exc.detail)}))
    except Exception as exc:
        if (unavailable := outage(exc)) is not None:
            log_outage(scope["method"], scope["path"], exc)
            return error_answer(unavailable)
        return Answer(500, unexpected(scope))


class ExactPath:
    """One path served by ``endpoint`` ahead of FastAPI (``/mcp``), answering errors as FastAPI's handlers do."""

    def __init__(
        self, app: ASGIApp, path: str, endpoint: ASGIApp, methods: frozenset[str], refusal: str = "Method Not Allowed"
    ) -> None:
        self.app = app
        self.path = path
        self.endpoint = endpoint
        self.methods = methods
        self.allow = ", ".join(sorted(methods))
        self.refusal = orjson.dumps({"Message": refusal})  # the 405's body: what to send instead

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] not in self.methods:
            await send_answer(send, Answer(405, self.refusal, headers={"Allow": self.allow}))
            return
        tracked = TrackedSend(send)
        try:
            await self.endpoint(scope, receive, tracked)
        except HTTPException as exc:  # Edge refusing a body as it streams in (413, 408)
            if not tracked.started:
                await send_answer(send, Answer(exc.status_code, orjson.dumps({"Message": str(exc.detail)})))
        except Exception:
            body = unexpected(scope)
            if not tracked.started:
                await send_answer(send, Answer(500, body))


_PLAIN = CallMode()  # most calls' mode, made once (frozen: shared safely)


def _mode(trace: bool, dry_run: bool, key: str | None, stream: bool) -> CallMode:
    if not (trace or dry_run or key is not None or stream):
        return _PLAIN
    return CallMode(trace=trace, dry_run=dry_run, idempotency_key=key, stream=stream)


async def read_body(receive: Receive, *, limit: int | None = None, what: str = "request body") -> bytes:
    """The whole body, up to ``limit`` bytes (``PayloadTooLarge`` past it). A client gone before it was
    whole gets a ``RequestError``, so nothing runs on a part of one."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestError(f"The client disconnected before the {what} was complete")
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise PayloadTooLarge(f"The {what} is over {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def send_answer(send: Send, answer: Answer) -> None:
    """``answer`` on the wire: bytes with their length, or its chunks as they come (a spool closed at the end)."""
    content_type = answer.content_type
    if content_type.startswith("text/") and "charset=" not in content_type:
        content_type += "; charset=utf-8"
    headers = [(b"content-type", content_type.encode("latin-1"))]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()]
    if answer.chunks is None:
        body = answer.body or b""
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return
    chunks = answer.chunks
    try:
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        async for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()  # closes the spool even when the caller went away mid-answer
