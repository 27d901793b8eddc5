"""The error tree to HTTP, in one place: Cyclr-shaped ``{"Message": ...}`` bodies."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from switchboard.api.bodies import JSON_MEDIA_MESSAGE, NOT_AN_OBJECT_MESSAGE, not_json_message
from switchboard.errors import (
    RateLimited,
    SwitchboardError,
    Unavailable,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamUnavailable,
)
from switchboard.invalid import describe, echoed
from switchboard.store.outage import outage

log = logging.getLogger("switchboard.api")


def error_body(exc: SwitchboardError) -> dict[str, Any]:
    """``{"Message": ..., **context}``; a relayed upstream answer adds where it came from and what was said."""
    body: dict[str, Any] = {"Message": exc.message, **exc.context}
    # Unreachable, timed out or unusable: Switchboard's own verdict; no upstream status to relay.
    if isinstance(exc, UpstreamError) and not isinstance(exc, UpstreamUnavailable | UpstreamProtocolError):
        body["Source"] = "Upstream"
        body["UpstreamStatus"] = exc.status
        body["UpstreamBody"] = _decoded(exc.body)
    return body


def error_parts(exc: SwitchboardError, extra: dict[str, Any] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """The status, JSON body and headers that answer ``exc`` (every edge renders errors from these)."""
    body = error_body(exc)
    if extra:
        body.update(extra)
    headers = {}
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(exc, RateLimited | Unavailable | UpstreamError) and retry_after is not None:
        headers["Retry-After"] = str(max(1, round(retry_after)))
    status = exc.status if 400 <= exc.status < 600 else 502
    return status, orjson.dumps(body), headers


def error_response(exc: SwitchboardError, extra: dict[str, Any] | None = None) -> Response:
    status, body, headers = error_parts(exc, extra)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def log_error(method: str, path: str, exc: SwitchboardError) -> None:
    """Switchboard's own 5xx are logged (an upstream's are the caller's answer, not our fault); a backing service
    away or saturated (``Unavailable``, a 503 to retry) is a warning in an operator's words, not a bug's."""
    if isinstance(exc, Unavailable):
        log.warning("unavailable on %s %s: %s", method, path, exc.message)
    elif exc.status >= 500 and not isinstance(exc, UpstreamError):
        log.error("internal error on %s %s: %s", method, path, exc.message)


def log_outage(method: str, path: str, exc: BaseException) -> None:
    """A store outage answered 503: one line naming the failure's type, not a traceback per request."""
    log.warning("database unavailable on %s %s: %s", method, path, type(exc).__name__)


UNEXPECTED_MESSAGE = "Switchboard failed to handle this request; the error is logged"


def unexpected(scope: Scope) -> bytes:
    """Called in the ``except`` block of a bug: logs it once, with its traceback and the request id, and gives the
    500's body, which names the request id and nothing of the cause (an exception's words may hold secrets)."""
    request_id = str(scope.get("state", {}).get("request_id", ""))
    log.exception(
        "unhandled error on %s %s (request %s)",
        scope["method"],
        scope["path"],
        request_id,
        extra={"request_id": request_id},
    )
    return orjson.dumps({"Message": UNEXPECTED_MESSAGE, "RequestId": request_id})


class TrackedSend:
    """``send``, noting whether the answer has begun: past that, no error answer can be sent in its place."""

    __slots__ = ("_send", "started")

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class CatchUnexpected:
    """An exception no handler answered, on any FastAPI route: one log line with its traceback and the request id,
    a JSON 500 naming the request id (never the exception's words), and the keep-alive connection kept.

    Pure ASGI, inside Starlette's ``ServerErrorMiddleware``: that one sends its 500 and raises the exception again,
    and uvicorn then logs it a second time ("Exception in ASGI application") and closes the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = TrackedSend(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception:
            if tracked.started:
                raise  # part of an answer is out: only a closed connection can tell the client; uvicorn logs it once
            body = unexpected(scope)
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": body})


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed(request: Request) -> str:
    """Every method the app's routes answer at this request's path, as an ``Allow`` header lists them."""
    routes = request.app.router.routes
    found = [m for m in _METHODS if any(r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes)]
    return ", ".join(found)


def install_error_handlers(app: FastAPI) -> None:
    async def switchboard_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SwitchboardError)
        log_error(request.method, request.url.path, exc)
        return error_response(exc)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return Response(
            orjson.dumps({"Message": describe_validation(exc.errors())}),
            status_code=400,
            media_type="application/json",
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "Request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"No endpoint {request.method} {echoed(request.url.path, 200)}"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405 and message == "Method Not Allowed":
            # Starlette's Allow is the first route's whose path matched; the others at this path count too.
            allowed = _allowed(request) or (headers or {}).get("Allow", "")
            headers = {**(headers or {}), "Allow": allowed}
            message = f"Method Not Allowed: this path answers {allowed}, not {request.method}"
        return Response(
            orjson.dumps({"Message": message}),
            status_code=exc.status_code,
            media_type="application/json",
            headers=headers,
        )

    async def store_error(request: Request, exc: Exception) -> Response:
        # An outage is a 503 here; anything else is a bug, raised on to CatchUnexpected's 500.
        if (unavailable := outage(exc)) is None:
            raise exc
        log_outage(request.method, request.url.path, exc)
        return error_response(unavailable)

    app.add_exception_handler(SwitchboardError, switchboard_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(sa_exc.DBAPIError, store_error)
    app.add_exception_handler(sa_exc.TimeoutError, store_error)
    app.add_exception_handler(OSError, store_error)  # asyncpg's refused connection comes through untranslated


# pydantic's types for a whole body that is no object where a model or a dict is declared.
_NOT_AN_OBJECT = frozenset({"model_attributes_type", "dict_type", "model_type"})


def describe_validation(errors: Any) -> str:
    """A readable sentence from pydantic's error list, worded by ``switchboard.invalid``: which member, by the name
    the caller sent it under, and what it takes; a body that is unreadable, not typed as JSON or no object, said so."""
    sentences: list[str] = []
    members: list[Any] = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "json_invalid":
            said = not_json_message(str((error.get("ctx") or {}).get("error", "unreadable")))
        elif loc == ("body",) and isinstance(error.get("input"), bytes | bytearray):
            said = JSON_MEDIA_MESSAGE  # FastAPI hands over the raw bytes of a body not typed as JSON
        elif loc == ("body",) and error.get("type") in _NOT_AN_OBJECT:
            said = NOT_AN_OBJECT_MESSAGE
        else:
            members.append(error)
            continue
        sentences.extend([*describe(members), said])  # in the order found: a path's id before the body
        members = []
    sentences.extend(describe(members))
    return "; ".join(list(dict.fromkeys(sentences))[:5]) or "The request is invalid"


def _decoded(body: bytes) -> Any:
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return body.decode("utf-8", errors="replace")[:4000]
