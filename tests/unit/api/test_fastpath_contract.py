"""The OpenAPI document describes exactly what the fast call path (``api.fastpath``) accepts."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.api.app import create_app
from switchboard.api.fastpath import ROUTES
from switchboard.api.fastpath.parse import ID_MAX, ID_MIN, KINDS, match

DOCUMENT = create_app().openapi()
CALL_PATHS = {
    p: ops for p, ops in DOCUMENT["paths"].items() if p.startswith("/v1.0/account/connectors/{connector_id}/")
}
DOCUMENTED = {
    (method.upper(), path): operation
    for path, operations in CALL_PATHS.items()
    for method, operation in operations.items()
    if "/methods/" in path or "/test/" in path
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _kinds(schema: dict[str, Any]) -> set[str]:
    options = schema.get("anyOf", [schema])
    return {o["type"] for o in options if o.get("type") != "null"}


def test_every_documented_call_operation_is_a_fast_route_and_back() -> None:
    served = {(method, route.path) for (method, _, _), route in ROUTES.items()}
    assert served == set(DOCUMENTED)


@pytest.mark.parametrize(("key", "route"), ROUTES.items(), ids=lambda v: str(v) if isinstance(v, tuple) else "")
def test_body_members_types_and_path_bounds_match(key: tuple[str, str, bool], route: Any) -> None:
    operation = DOCUMENTED[(key[0], route.path)]
    connector = next(p for p in operation["parameters"] if p["name"] == "connector_id")
    assert (connector["schema"]["minimum"], connector["schema"]["maximum"]) == (ID_MIN, ID_MAX)
    if not route.body:
        assert "requestBody" not in operation
        return
    assert not operation["requestBody"].get("required")  # a body left out is {}, as the fast path reads it
    properties = _resolve(operation["requestBody"]["content"]["application/json"]["schema"])["properties"]
    assert set(properties) == set(route.body)
    for name, schema in properties.items():
        assert _kinds(schema) == {KINDS[name]}, name


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/v1.0/account/connectors/7/methods/abc", ("7", "abc")),
        ("GET", "/v1.0/account/connectors/7/test/12", ("7", "12")),
        ("POST", "/v1.0/account/connectors/x/methods/abc/body", ("x", "abc")),
        ("POST", "/v1.0/account/connectors/7/test/abc/body", None),  # no such route: FastAPI's 404
        ("PUT", "/v1.0/account/connectors/7/methods/abc", None),  # FastAPI's 405
        ("GET", "/v1.0/account/connectors/7", None),
        ("POST", "/v1.0/account/connectors/7/methods/abc/", None),  # api.middleware.Edge strips it first
    ],
)
def test_match_takes_only_the_call_routes(method: str, path: str, expected: tuple[str, str] | None) -> None:
    found = match(method, path)
    assert (found[1:] if found else None) == expected
