"""Error bodies, JSON responses and request-body parsing, shaped like Constant Contact's.

Two error shapes exist in the vendor's contract: ``APIErrorSchema`` (an array of
``{error_key, error_message}``) for the API's own validation / not-found / conflict
errors, and ``AuthorizationErrorSchema`` (a single object) for what the gateway decides
before the API runs: 401, 403 and the 429s, whose bodies the specs README gives as objects.
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

Record = dict[str, Any]

VALIDATION = "contacts.api.validation.error"
NOT_FOUND = "contacts.api.not_found"
CONFLICT = "contacts.api.conflict"
BAD_REQUEST = "contacts.api.bad.request"
UNSUPPORTED_MEDIA = "contacts.api.unsupported.media.type"


class ApiError(Exception):
    """Raised by handlers; the error middleware turns it into a JSON response."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def api_error(status: int, key: str, message: str) -> ApiError:
    """An ``APIErrorSchema`` error (a one-item array)."""
    return ApiError(status, [{"error_key": key, "error_message": message}])


def validation_error(messages: list[str]) -> ApiError:
    """A 400 listing every validation problem, one array item each (as the API does)."""
    return ApiError(400, [{"error_key": VALIDATION, "error_message": m} for m in messages])


def not_found(what: str, key: str = NOT_FOUND) -> ApiError:
    return api_error(404, key, f"The requested {what} was not found.")


def gateway_error(status: int, key: str, message: str) -> ApiError:
    """An ``AuthorizationErrorSchema`` error (a single object)."""
    return ApiError(status, {"error_key": key, "error_message": message})


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response serialised with orjson."""
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json", headers=headers)


async def read_json(request: web.Request) -> Any:
    """The request's JSON body: 415 unless it is sent as JSON, 400 when it does not parse."""
    raw = await request.read()
    ctype = request.content_type.lower()
    if not (ctype == "application/json" or ctype.endswith("+json")):
        raise api_error(
            415,
            UNSUPPORTED_MEDIA,
            "Unsupported Media Type; the payload must be in JSON format, and Content-Type must be application/json",
        )
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise api_error(400, BAD_REQUEST, f"Malformed JSON: {exc}") from None


async def read_object(request: web.Request) -> Record:
    """The request's JSON body, which must be an object."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise validation_error(["#: the request body must be a JSON object"])
    return body


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Render ``ApiError`` as JSON and give unknown /v3 routes the API's 404 body."""
    try:
        return await handler(request)
    except ApiError as exc:
        return json_response(exc.body, exc.status, exc.headers)
    except web.HTTPNotFound:
        if request.path.startswith("/v3/"):
            return json_response(
                [{"error_key": "not_found", "error_message": "The requested resource was not found."}], 404
            )
        raise
