"""What the fast path accepts: its routes, and the same validation rules (and messages) as the declarations.

``api.routers.calls`` declares these routes for the OpenAPI document with ``CallById`` and
``CallByName`` bodies; ``tests/unit/api/test_fastpath_contract.py`` checks that the tables here
match that document, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl

from pydantic import Field, TypeAdapter, ValidationError

from switchboard.api.bodies import (
    JSON_MEDIA_MESSAGE,
    NOT_AN_OBJECT_MESSAGE,
    NotJson,
    is_json_media,
    loads,
    not_json_message,
    request_body_not_a_string,
)
from switchboard.engine.inputs import CallInputs, InputsById, InputsByName, InputsByQuery
from switchboard.errors import RequestError
from switchboard.invalid import describe, sentence
from switchboard.numbers import is_digits, signed_int

PREFIX = "/v1.0/account/connectors/"
ID_MIN, ID_MAX = 1, 2**31 - 1  # the path's Id bounds (api.schemas.Id)
_PATH = re.compile(r"/v1\.0/account/connectors/([^/]+)/(methods|test)/([^/]+)(/body)?")


@dataclass(frozen=True, slots=True)
class Route:
    """One call route: its OpenAPI path, whether it reads a JSON body, and how inputs are made."""

    path: str
    body: tuple[str, ...]  # the JSON body's members (PascalCase), empty when the route reads the query
    trace: bool
    inputs: Callable[[dict[str, Any], bytes], CallInputs]


def _by_id(body: dict[str, Any], query: bytes) -> CallInputs:
    return InputsById(body.get("Parameters"), body.get("Mergefields"), body.get("Fields"))


def _by_name(body: dict[str, Any], query: bytes) -> CallInputs:
    return InputsByName(body.get("RequestBody"), body.get("Parameters"), body.get("Mergefields"))


def _by_query(body: dict[str, Any], query: bytes) -> CallInputs:
    # As Starlette reads it: latin-1 bytes, percent-decoded as UTF-8, the last of repeated keys wins.
    values = dict(query_pairs(query))
    values.pop(DRY_RUN, None)  # a flag of the call, not an input of the method
    return InputsByQuery(values)


def query_pairs(query: bytes) -> list[tuple[str, str]]:
    if not query:  # most calls: no query string to split
        return []
    return parse_qsl(query.decode("latin-1"), keep_blank_values=True)


DRY_RUN = "dryRun"
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def dry_run(query: list[tuple[str, str]], problems: list[str]) -> bool:
    """``?dryRun=true``, read as the declared routes' boolean query parameter reads it."""
    values = [v for k, v in query if k == DRY_RUN]
    if not values:
        return False
    value = values[-1].strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        problems.append(sentence({"type": "bool_parsing", "loc": ("query", DRY_RUN)}))
    return False


_BY_ID = ("Parameters", "Fields", "Mergefields")
_BY_NAME = ("RequestBody", "Parameters", "Mergefields", "CustomCategoryId")
_BASE = "/v1.0/account/connectors/{connector_id}"
# (HTTP method, kind, /body suffix) -> route
ROUTES: dict[tuple[str, str, bool], Route] = {
    ("POST", "methods", False): Route(f"{_BASE}/methods/{{method_id}}", _BY_ID, False, _by_id),
    ("GET", "methods", False): Route(f"{_BASE}/methods/{{method_id}}", (), False, _by_query),
    ("POST", "methods", True): Route(f"{_BASE}/methods/{{method_id}}/body", _BY_NAME, False, _by_name),
    ("POST", "test", False): Route(f"{_BASE}/test/{{method_id}}", _BY_ID, True, _by_id),
    ("GET", "test", False): Route(f"{_BASE}/test/{{method_id}}", (), True, _by_query),
}
# What each body member must be; "object" members are dictionaries, as CallById/CallByName say.
KINDS = {
    "Parameters": "object",
    "Fields": "object",
    "Mergefields": "object",
    "RequestBody": "string",
    "CustomCategoryId": "integer",
}
_SNAKE = {"Parameters": "parameters", "Fields": "fields", "Mergefields": "mergefields",
          "RequestBody": "request_body", "CustomCategoryId": "custom_category_id"}  # fmt: skip
# Any casing of a member's name or its snake_case name, as api.schemas.Schema matches them.
_FOLDED = {spelling.lower(): name for name, snake in _SNAKE.items() for spelling in (name, snake)}


def match(method: str, path: str) -> tuple[Route, str, str] | None:
    """The route, raw connector id and method ref a request names, or None (FastAPI answers it)."""
    found = _PATH.fullmatch(path)
    if found is None:
        return None
    route = ROUTES.get((method, found.group(2), found.group(4) is not None))
    return None if route is None else (route, found.group(1), found.group(3))


def connector_id(raw: str, problems: list[str]) -> int:
    """The path's connector id, 32-bit like the SQL columns, read as the declared routes' ``Id`` reads it."""
    if len(raw) <= 10 and is_digits(raw) and ID_MIN <= int(raw) <= ID_MAX:
        return int(raw)  # nearly every call: plain digits in range
    try:
        return _ID.validate_python(raw)  # pydantic's reading: a sign, spaces, "5.0", "5_0"; our words
    except ValidationError as exc:
        problems.extend(describe({**error, "loc": ("path", "connector_id")} for error in exc.errors()))
        return 0


_ID = TypeAdapter(Annotated[int, Field(ge=ID_MIN, le=ID_MAX)])


def json_body(route: Route, raw: bytes, content_type: str, problems: list[str]) -> dict[str, Any]:
    """The body's members by PascalCase name (any casing, snake_case too), checked like the schemas check them.

    Read as ``api.bodies.loads`` reads every body: strict JSON, else lenient (``{'Parameters': {1: 2}}``).
    A body without a media type is read as JSON, as the call routes always have.
    """
    document = json_object(raw, content_type, problems)
    found: dict[str, Any] = {}
    for key, value in document.items():
        name = key if key in KINDS else _FOLDED.get(key.lower()) if isinstance(key, str) else None
        # An exact spelling (PascalCase or snake_case) wins over another casing of it, as in the schemas.
        if name is not None and name in route.body and (key in (name, _SNAKE[name]) or name not in found):
            found[name] = value
    return {name: _checked(name, value, problems) for name, value in found.items() if value is not None}


def json_object(raw: bytes, content_type: str, problems: list[str]) -> dict[str, Any]:
    """The body's JSON object ({} for none or ``null``), as the declared routes (``api.bodies.JsonRoute``) read
    a ``dict | None`` body: a JSON media type, or none at all (as Cyclr's documentation sends its bodies); another
    media type, or a body that is not one object, adds a problem and is {}."""
    if not raw:
        return {}
    if not (is_json_media(content_type) or not content_type.partition(";")[0].strip()):
        problems.append(JSON_MEDIA_MESSAGE)
        return {}
    try:
        document = loads(raw)
    except NotJson as exc:
        # Alone, as FastAPI answers it: a body it cannot read stops the request before anything is checked.
        raise RequestError(not_json_message(exc.reason)) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        problems.append(NOT_AN_OBJECT_MESSAGE)
        return {}
    return document


def _checked(name: str, value: Any, problems: list[str]) -> Any:
    kind = KINDS[name]
    if kind == "object" and not isinstance(value, dict):
        problems.append(sentence({"type": "dict_type", "loc": ("body", name)}))
    elif kind == "string" and not isinstance(value, str):
        problems.append(request_body_not_a_string(value))  # RequestBody, the one string member
    elif kind == "integer":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and (number := signed_int(value)) is not None:
            return number
        if not isinstance(value, int):
            problems.append(sentence({"type": "int_type", "loc": ("body", name)}))
    return value


def refuse(problems: list[str]) -> RequestError:
    """One 400 naming up to five problems, as ``api.errors.describe_validation`` words them."""
    return RequestError("; ".join(problems[:5]))
