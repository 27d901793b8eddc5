"""Pure ASGI middleware (no BaseHTTPMiddleware: it buffers and breaks streaming)."""

from __future__ import annotations

import asyncio
import os
import uuid

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Refuses request bodies over ``max_bytes`` with 413, by header or as they stream in, and bodies
    that do not arrive within ``timeout`` seconds with 408 (a client that sends headers and then
    nothing must not hold a worker's connection open)."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.message = f"The request body is larger than the limit of {max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(send)
                return
        received = 0
        stalled: list[bool] = []  # set when the body timed out

        async def limited_receive() -> Message:
            nonlocal received
            try:
                async with asyncio.timeout(self.timeout):
                    message = await receive()
            except TimeoutError:
                stalled.append(True)
                raise HTTPException(408, f"The request body did not arrive within {self.timeout:g} s") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI re-raises HTTPException from body parsing; the handler renders it.
                    raise HTTPException(413, self.message)
            return message

        async def closing_send(message: Message) -> None:
            if stalled and message["type"] == "http.response.start":
                # The rest of the body may still come: close rather than read it as the next request.
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, limited_receive, closing_send)

    async def _refuse(self, send: Send) -> None:
        body = orjson.dumps({"Message": self.message})
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class HeaderLimits:
    """Refuses requests with more than ``max_count`` headers or ``max_bytes`` of them with 431."""

    def __init__(self, app: ASGIApp, max_count: int, max_bytes: int) -> None:
        self.app = app
        self.max_count = max_count
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope.get("headers", ())
            size = sum(len(name) + len(value) + 4 for name, value in headers)
            if len(headers) > self.max_count or size > self.max_bytes:
                message = (
                    f"The request has {len(headers)} headers ({size} bytes); the limits are "
                    f"{self.max_count} headers and {self.max_bytes} bytes"
                )
                body = orjson.dumps({"Message": message})
                await send(
                    {
                        "type": "http.response.start",
                        "status": 431,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class NoSniff:
    """``X-Content-Type-Options: nosniff`` on every answer, as Cyclr's: errors and the fast path's too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_nosniff(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", ())
                # The console's pages set their own security headers; one of each on the wire.
                if all(name.lower() != _NOSNIFF[0] for name, _ in headers):
                    message["headers"] = [*headers, _NOSNIFF]
            await send(message)

        await self.app(scope, receive, send_nosniff)


_NOSNIFF = (b"x-content-type-options", b"nosniff")


class TrailingSlash:
    """Serves ``/v1.0/accounts/`` as ``/v1.0/accounts``, before any routing (the fast path's included).

    Never a redirect: .NET's HttpClient drops ``Authorization`` when it follows one, so a Cyclr
    client that writes ``.../methods/?category=`` would get a 401 from the second request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            stripped = path.rstrip("/") or "/"
            raw = scope.get("raw_path")
            scope = {**scope, "path": stripped}
            if isinstance(raw, bytes):
                scope["raw_path"] = raw.rstrip(b"/") or b"/"
        await self.app(scope, receive, send)


def _good_request_id(value: bytes) -> bool:
    return 0 < len(value) <= 64 and all(c in _ID_CHARS for c in value)


_ID_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")


class RequestId:
    """Gives every request an id (the caller's ``X-Request-Id`` if well formed, else a new one).

    Handlers read it as ``request.state.request_id``; it goes back in the ``X-Request-Id``
    header and names the call in the log lines and the call log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope.get("headers", ()) if k == b"x-request-id"), b"")
        request_id = given.decode() if _good_request_id(given) else os.urandom(16).hex()  # uuid4's randomness, cheaper
        scope.setdefault("state", {})["request_id"] = request_id
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        await self.app(scope, receive, send_with_id)


def request_id(request: Request) -> str:
    """The id ``RequestId`` gave this request (a fresh one if the middleware is not installed)."""
    found = getattr(request.state, "request_id", None)
    return found if isinstance(found, str) else uuid.uuid4().hex
