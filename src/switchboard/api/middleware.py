"""Cyclr's edge as one pure ASGI middleware (no BaseHTTPMiddleware: it buffers and breaks streaming).

``Edge`` does, in this order, what five wrappers did one inside the other: a trailing slash taken
off the path, the request id, the header limits (431), the body limits (413 by header or as it
streams in, 408 when it stalls), then ``X-Request-Id`` and ``X-Content-Type-Options: nosniff`` on
every answer. One frame, one pass over the headers and one ``send`` wrapper per request instead of
five frames, three passes and three wrappers: every call pays for the edge.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_NOSNIFF = (b"x-content-type-options", b"nosniff")
_CLOSE = (b"connection", b"close")
_ID_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
# An ASGI extension a server may set once a request's body is all in memory (``server.protocol`` does):
# reading it then cannot stall, so no 408 timer is armed (a timer per request is measurable, issue 24).
BODY_COMPLETE = "switchboard.body_complete"
NUL_IN_URL = "The URL may not contain a NUL character (%00)"
# Cyclr's sign-in link, served in any case: its connector guides call it /UpdateAccountConnectorOAuth, and
# Cyclr's ASP.NET routes match any case. Only this path: the API's are written one way throughout its docs.
SIGN_IN_PATH = "/connectorauth/updateaccountconnectoroauth"


def _good_request_id(value: bytes) -> bool:
    return 0 < len(value) <= 64 and all(c in _ID_CHARS for c in value)


class Edge:
    """Everything Switchboard does to every HTTP request before anything answers it.

    * A path ending in ``/`` is served as without it (``/v1.0/accounts/`` as ``/v1.0/accounts``), never
      redirected: .NET's HttpClient drops ``Authorization`` when it follows a redirect.
    * The sign-in link's path in any case (``/connectorauth/UpdateAccountConnectorOAuth``) is served as its own.
    * Every request has an id: the caller's ``X-Request-Id`` if well formed, else a new one, in
      ``scope["state"]["request_id"]`` for handlers and echoed as ``X-Request-Id``.
    * More than ``max_header_count`` headers or ``max_header_bytes`` of them: 431.
    * A body over ``max_body_bytes`` (by ``Content-Length`` or as it streams in): 413; a body that does
      not arrive within ``body_timeout`` seconds: 408, and the connection closes (the rest of the body
      may still come; it must not be read as the next request). A client that sends headers and then
      nothing must not hold a worker's connection open.
    * A NUL character in the path or the query (``%00``): 400 (no store's text can hold it).
    * ``X-Content-Type-Options: nosniff`` on every answer, unless the answer set it (the console's pages).
    """

    def __init__(
        self, app: ASGIApp, *, max_header_count: int, max_header_bytes: int, max_body_bytes: int, body_timeout: float
    ) -> None:
        self.app = app
        self.max_header_count = max_header_count
        self.max_header_bytes = max_header_bytes
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self.too_large = f"The request body is larger than the limit of {max_body_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if len(path) > 1 and path[-1] == "/":
            path = path.rstrip("/") or "/"
            scope = {**scope, "path": path}
            raw = scope.get("raw_path")
            if isinstance(raw, bytes):
                scope["raw_path"] = raw.rstrip(b"/") or b"/"
        if len(path) == len(SIGN_IN_PATH) and path != SIGN_IN_PATH and path.lower() == SIGN_IN_PATH:
            scope = {**scope, "path": SIGN_IN_PATH, "raw_path": SIGN_IN_PATH.encode()}
        headers = scope.get("headers", ())
        given: bytes | None = None
        over = False
        size = 0
        for name, value in headers:  # one pass: the first id, any length over the bound, the headers' size
            size += len(name) + len(value) + 4
            if name == b"x-request-id":
                if given is None:
                    given = value
            elif name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                over = True
        good = given is not None and _good_request_id(given)
        request_id = given.decode() if good and given is not None else fresh_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        id_header = (b"x-request-id", request_id.encode())
        stalled: list[bool] = []  # set when the body timed out

        async def edge_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [_CLOSE, id_header] if stalled else [id_header]
                out = [*message.get("headers", ()), *extra]
                # The console's pages set their own security headers; one of each on the wire.
                if all(name.lower() != _NOSNIFF[0] for name, _ in out):
                    out.append(_NOSNIFF)
                if stalled:
                    message = {**message}
                message["headers"] = out
            await send(message)

        if len(headers) > self.max_header_count or size > self.max_header_bytes:
            text = (
                f"The request has {len(headers)} headers ({size} bytes); the limits are "
                f"{self.max_header_count} headers and {self.max_header_bytes} bytes"
            )
            await _refuse(edge_send, 431, text)
            return
        if over:
            await _refuse(edge_send, 413, self.too_large)
            return
        if "\x00" in path or b"%00" in scope.get("query_string", b""):
            await _refuse(edge_send, 400, NUL_IN_URL)  # PostgreSQL's text cannot hold it: a 500 otherwise
            return
        received = 0
        extensions = scope.get("extensions")  # shared by the copy above; the server may mark it later

        async def limited_receive() -> Message:
            nonlocal received
            try:
                if extensions is not None and BODY_COMPLETE in extensions:
                    message = await receive()
                else:
                    async with asyncio.timeout(self.body_timeout):
                        message = await receive()
            except TimeoutError:
                stalled.append(True)
                raise HTTPException(408, f"The request body did not arrive within {self.body_timeout:g} s") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # FastAPI re-raises HTTPException from body parsing; the handler renders it.
                    raise HTTPException(413, self.too_large)
            return message

        await self.app(scope, limited_receive, edge_send)


def fresh_request_id() -> str:
    """32 hex digits: the milliseconds since the epoch (48 bits), then 80 random bits, as UUIDv7 orders them.

    Unique, not secret (the call log is read per partner), so the process's generator, not a getrandom
    syscall per request. Time first, so the call log's index on request ids grows at its end: random
    ids put each row's entry on a random page, 6.5 us more of the writer's time a row (issue 24).
    """
    return f"{(time.time_ns() // 1_000_000) << 80 | random.getrandbits(80):032x}"


async def _refuse(send: Send, status: int, message: str) -> None:
    body = orjson.dumps({"Message": message})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def request_id(request: Request) -> str:
    """The id ``Edge`` gave this request (a fresh one if the middleware is not installed)."""
    found = getattr(request.state, "request_id", None)
    return found if isinstance(found, str) else uuid.uuid4().hex
