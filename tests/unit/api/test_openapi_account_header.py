"""The OpenAPI document says ``X-Cyclr-Account`` is optional, and when it is needed: a token restricted to one
account (``scope=account:{id}``) may leave it out on every route that declares it (``api.scope.account_of``)."""

from __future__ import annotations

from typing import Any

from switchboard.api.app import create_app

DOCUMENT = create_app().openapi()


def _account_headers() -> dict[str, dict[str, Any]]:
    found = {}
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "X-Cyclr-Account":
                    found[f"{method.upper()} {path}"] = parameter
    return found


def test_every_account_route_declares_the_header_optional_and_says_when_it_is_needed() -> None:
    headers = _account_headers()
    assert "POST /v1.0/account/connectors/{connector_id}/methods/{method_id}/body" in headers
    assert "POST /v1.0/account/connectors/{connector_id}/tools/{name}" in headers
    assert "POST /v1.0/connectors/{connector_id}/install" in headers
    for operation, header in headers.items():
        assert header["required"] is False, operation
        assert "Required with a partner token" in header["description"], operation
        assert "scope=account:{account id}" in header["description"], operation
