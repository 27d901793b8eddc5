"""JSON request bodies read as Cyclr's server reads them, for the declared routes and the fast path alike.

Strict JSON first (orjson). What it refuses gets a second reading by ``hjson``, a lenient parser
that takes single-quoted strings and bare property names, numbers included, such as the
``{'Parameters': {80436146 : 1}}`` Cyclr's own tests send (JSON5 parsers refuse a name that starts
with a digit). A body neither reads is refused with the lenient parser's reason and position.
Keys are matched to the schemas' members case-insensitively by ``api.schemas.Schema``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import hjson
import orjson
from fastapi import HTTPException, Request, Response, params
from fastapi.routing import APIRoute
from starlette.types import Scope

# Past this size a body must be strict JSON: the lenient parser is pure Python, and a large body
# that is not JSON would hold the worker's event loop for seconds.
LENIENT_MAX_BYTES = 256 * 1024


class NotJson(ValueError):
    """A body that neither strict nor lenient JSON reads; ``reason`` says what and where."""

    def __init__(self, reason: str, doc: str, pos: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.doc = doc
        self.pos = pos


def loads(raw: bytes) -> Any:
    """The document in ``raw``: strict JSON, else lenient JSON; ``NotJson`` when it is neither."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as strict:
        if len(raw) > LENIENT_MAX_BYTES:
            raise NotJson(f"{strict} (bodies over {LENIENT_MAX_BYTES} bytes must be strict JSON)", "", 0) from None
        return _lenient(raw, strict)


def _lenient(raw: bytes, strict: orjson.JSONDecodeError) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # orjson's words ("str is not valid UTF-8: surrogates not allowed") mislead
        raise NotJson(f"the body is not UTF-8 (byte {exc.start} is not): send JSON in UTF-8", "", 0) from None
    try:
        document = hjson.loads(text, object_pairs_hook=dict)
    except hjson.HjsonDecodeError as exc:
        if text[strict.pos : strict.pos + 4].lstrip("-+")[:3] in ("NaN", "Inf"):  # where strict JSON stopped
            # hjson would name a later place ("Bad key name (eof)"): the number is what to change.
            where = f"line {strict.lineno} column {strict.colno}"
            reason = f"NaN and Infinity are not JSON numbers; send a number or null ({where})"
            raise NotJson(reason, text, strict.pos) from None
        what = exc.msg.replace(" %r at", "")  # hjson leaves this template unfilled: "Invalid control character %r at"
        raise NotJson(f"{what} at line {exc.lineno} column {exc.colno}", text, exc.pos) from None
    except RecursionError:
        raise NotJson("the document is nested too deeply", text, 0) from None
    except (ArithmeticError, IndexError, KeyError, TypeError, ValueError):
        # hjson's own faults on some broken input: an unclosed comment at the end (IndexError), a
        # number past a double's range, 1e999 (OverflowError). Found by fuzzing the body readers.
        raise NotJson(f"{strict} (nor is it lenient JSON)", text, 0) from None
    # Strict JSON refuses half a surrogate pair (\ud800 alone); the lenient parser keeps it, and no store
    # (PostgreSQL's text and json, SQLite's UTF-8) nor any answer can hold it: refused alike.
    if _SURROGATE_ESCAPE.search(text) and any(_SURROGATES.search(s) for s in _strings(document)):
        raise NotJson(LONE_SURROGATE, text, 0)
    return document


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATES = re.compile("[\ud800-\udfff]")
LONE_SURROGATE = "a \\uD800-\\uDFFF escape must be half of a surrogate pair (high then low); text must be valid Unicode"


# A body sent as something other than JSON (curl -d sends a form's media type): what to change, said plainly.
JSON_MEDIA_MESSAGE = "The request body must be JSON, sent with Content-Type: application/json"
# A JSON body that is a list or a single value where the route takes named members.
NOT_AN_OBJECT_MESSAGE = "The request body must be a JSON object ({...}), not a list or a single value"


def request_body_not_a_string(value: Any) -> str:
    """The 400 for a ``/body`` call whose RequestBody is JSON itself (an object, a list), not the string Cyclr
    takes: the string form, written with the caller's own first key, says what to send instead."""
    first = next(iter(value), None) if isinstance(value, dict) else None
    key = json.dumps(first[:40] if isinstance(first, str) else "...")
    shape = f"{{{key}: ...}}" if isinstance(value, dict) else "[...]" if isinstance(value, list) else "..."
    return (
        "RequestBody must be a string: the body as one string of JSON (or XML),"
        f' "RequestBody": {json.dumps(shape)}, not a JSON object or list'
    )


def is_json_media(content_type: str) -> bool:
    """``application/json``, ``application/*+json`` or ``text/json`` (ASP.NET, Cyclr's server, takes it too)."""
    media = content_type.partition(";")[0].strip().lower()
    return media in ("application/json", "text/json") or (media.startswith("application/") and media.endswith("+json"))


def not_json_message(reason: str) -> str:
    """The 400's message for a body that is not JSON (the declared routes and the fast path word it alike)."""
    return f"The request body is not valid JSON: {reason}"


NUL_IN_BODY = "Text in the request body may not contain a NUL character (\\u0000)"


class LenientRequest(Request):
    """A request whose ``json()`` is ``loads``; a refusal is the ``JSONDecodeError`` FastAPI reports as 400.

    A string holding NUL is refused (400) too: what these routes take is stored, and PostgreSQL's
    text cannot hold it (a 500 otherwise). Only a body that spells ``\\u0000`` is walked.
    """

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            raw = await self.body()
            try:
                self._json = loads(raw)
            except NotJson as exc:
                raise json.JSONDecodeError(exc.reason, exc.doc, exc.pos) from None
            if b"\\u0000" in raw and _holds_nul(self._json):
                raise HTTPException(400, NUL_IN_BODY)  # FastAPI passes an HTTPException from the body on
        return self._json


def _holds_nul(document: Any) -> bool:
    """Whether a string in the document, key or value, holds NUL."""
    return any("\x00" in text for text in _strings(document))


def _strings(document: Any) -> Iterator[str]:
    """Every string in the document, keys and values (a loop: JSON nests deeper than the stack)."""
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


class JsonRoute(APIRoute):
    """Every API route reads its JSON body through ``LenientRequest`` (``APIRouter(route_class=JsonRoute)``).

    A route whose body is JSON (not a form, as ``/oauth/token``'s is) reads a body sent without a
    ``Content-Type`` as JSON, as the method call routes always have: Cyclr's documentation writes its
    requests without one (``POST /v1.0/accounts``, ``.../install``, ``PUT /v1.0/account/connectors/{id}``,
    ``.../signintoken``). The API is authenticated by the bearer header alone, never by a cookie, so no page
    can send such a body on a signed-in user's behalf.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        body = self.dependant.body_params
        untyped = bool(body) and not any(isinstance(p.field_info, params.Form) for p in body)

        async def lenient_handler(request: Request) -> Response:
            return await handler(LenientRequest(_json_labelled(request.scope, untyped=untyped), request.receive))

        return lenient_handler


def _json_labelled(scope: Scope, *, untyped: bool) -> Scope:
    """The scope with a ``text/json`` body labelled ``application/json`` (FastAPI reads only the latter as
    JSON), and, when ``untyped`` (a JSON route), a body sent without a ``Content-Type`` labelled so too."""
    headers = scope.get("headers") or ()
    for index, (name, value) in enumerate(headers):
        if name == b"content-type":
            if value[:9].lower() != b"text/json":
                return scope
            relabelled = list(headers)
            relabelled[index] = (name, b"application/json" + value[9:])
            return {**scope, "headers": relabelled}
    if untyped:
        return {**scope, "headers": [*headers, (b"content-type", b"application/json")]}
    return scope
