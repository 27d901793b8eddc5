"""A spec with no usable security scheme still imports, with a bearer token the user supplies, and says why."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from switchboard.catalog.models.auth import ApiKeyAuth, ClientCredentialsAuth
from switchboard.importer import import_connector

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {"/pets": {"get": {"summary": "List pets", "responses": {"200": {"description": "ok"}}}}},
}
IMPLICIT = {"type": "oauth2", "flows": {"implicit": {
    "authorizationUrl": "https://example.com/authorize", "scopes": {"read": "read"}}}}  # fmt: skip


def _spec(schemes: dict[str, Any] | None, swagger2: bool = False) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    if swagger2:
        spec = {"swagger": "2.0", "info": spec["info"], "host": "api.example.com", "paths": spec["paths"]}
        if schemes is not None:
            spec["securityDefinitions"] = schemes
    elif schemes is not None:
        spec["components"] = {"securitySchemes": schemes}
    return spec


@pytest.mark.parametrize(
    ("schemes", "swagger2", "reason"),
    [
        (None, False, "declares no security scheme"),
        ({}, False, "declares no security scheme"),
        ({"oauth": IMPLICIT}, False, "implicit"),
        ({"oauth": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://e.com/a"}}, True, "implicit"),
        ({"mtls": {"type": "mutualTLS"}}, False, "mtls"),
    ],
)
def test_it_imports_with_a_user_supplied_bearer_token_and_the_report_says_why(
    schemes: dict[str, Any] | None, swagger2: bool, reason: str
) -> None:
    result = import_connector(_spec(schemes, swagger2), "pets")
    (auth,) = result.definition.auth
    assert isinstance(auth, ApiKeyAuth)
    assert (auth.in_, auth.name, auth.format) == ("header", "Authorization", "Bearer {key}")
    notes = [text for subject, text in result.report.notes if subject == "auth"]
    assert len(notes) == 1 and "bearer token the user supplies" in notes[0] and reason in notes[0]
    assert [m.http for m in result.definition.methods] == ["GET /pets"]


def test_a_usable_scheme_beside_an_implicit_flow_is_kept_and_nothing_is_invented() -> None:
    key = {"type": "apiKey", "in": "header", "name": "X-Key"}
    result = import_connector(_spec({"oauth": IMPLICIT, "key": key}), "pets")
    (auth,) = result.definition.auth
    assert isinstance(auth, ApiKeyAuth) and (auth.name, auth.format) == ("X-Key", "{key}")
    assert not [text for subject, text in result.report.notes if subject == "auth"]


CLIENT = {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/v1/oauth2/token", "scopes": {}}}}


@pytest.mark.parametrize(
    ("schemes", "swagger2"),
    [
        ({"oauth": CLIENT}, False),
        ({"oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "/v1/oauth2/token"}}, True),
    ],
    ids=["openapi3", "swagger2"],
)
def test_a_client_credentials_flow_alone_imports_as_client_credentials(schemes: dict[str, Any], swagger2: bool) -> None:
    result = import_connector(_spec(schemes, swagger2), "pets")
    (auth,) = result.definition.auth
    assert isinstance(auth, ClientCredentialsAuth)
    assert (auth.token_url, auth.client_auth, auth.grant_type) == ("/v1/oauth2/token", "basic", "client_credentials")
    assert not [text for subject, text in result.report.notes if subject == "auth"]


def test_a_client_credentials_flow_beside_a_usable_scheme_is_left_and_said() -> None:
    key = {"type": "apiKey", "in": "header", "name": "X-Key"}
    result = import_connector(_spec({"oauth": CLIENT, "key": key}), "pets")
    (auth,) = result.definition.auth
    assert isinstance(auth, ApiKeyAuth)
    assert ("security scheme oauth", "its client credentials flow is not used: another auth is") in result.report.notes
