"""Two API keys a security requirement asks for together (Algolia's application id and API key headers,
Vonage's api_key and api_secret) become one api_key auth that sends both; the import kept only the first,
and every call went without the secret."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.catalog.models import ApiKeyAuth
from switchboard.http import OutboundRequest
from switchboard.importer import import_connector

OK = {"200": {"description": "ok"}}


def _spec(schemes: dict[str, Any], security: list[dict[str, list[str]]], on_operation: bool = False) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": "listKeys", "responses": OK}
    if on_operation:
        operation["security"] = security
    spec = {"openapi": "3.0.2", "info": {"title": "Search", "version": "1"},
            "servers": [{"url": "https://search.example.com"}], "paths": {"/1/keys": {"get": operation}},
            "components": {"securitySchemes": schemes}}  # fmt: skip
    return spec if on_operation else {**spec, "security": security}


ALGOLIA = {"appId": {"type": "apiKey", "in": "header", "name": "x-algolia-application-id"},
           "apiKey": {"type": "apiKey", "in": "header", "name": "x-algolia-api-key"}}  # fmt: skip
VONAGE = {"secret": {"type": "apiKey", "in": "query", "name": "api_secret"},
          "key": {"type": "apiKey", "in": "query", "name": "api_key"}}  # fmt: skip


@pytest.mark.parametrize("on_operation", [False, True])
async def test_two_header_keys_asked_together_are_one_auth_sending_both(on_operation: bool) -> None:
    imported = import_connector(_spec(ALGOLIA, [{"appId": [], "apiKey": []}], on_operation), "search")
    (auth,) = imported.definition.auth
    assert isinstance(auth, ApiKeyAuth)
    assert (auth.in_, auth.name, auth.secret_name) == ("header", "x-algolia-application-id", "x-algolia-api-key")
    assert any("together" in text for _, text in imported.report.notes)
    signed = await ApiKeyAuthenticator(auth, "APP123:s3cret").authorize(OutboundRequest("GET", "https://x/1/keys"))
    assert dict(signed.headers) == {"x-algolia-application-id": "APP123", "x-algolia-api-key": "s3cret"}


async def test_the_secret_is_the_one_its_name_says_whatever_the_order() -> None:
    imported = import_connector(_spec(VONAGE, [{"secret": [], "key": []}]), "sms")
    (auth,) = imported.definition.auth
    assert isinstance(auth, ApiKeyAuth) and (auth.in_, auth.name, auth.secret_name) == (
        "query",
        "api_key",
        "api_secret",
    )
    signed = await ApiKeyAuthenticator(auth, "k1:s1").authorize(OutboundRequest("GET", "https://x/sms"))
    assert dict(signed.query) == {"api_key": "k1", "api_secret": "s1"}


def test_keys_offered_as_alternatives_stay_one_key() -> None:
    """Two requirements (either key alone) are alternatives, not a pair: the first is kept, as before."""
    imported = import_connector(_spec(ALGOLIA, [{"appId": []}, {"apiKey": []}]), "search")
    (auth,) = imported.definition.auth
    assert isinstance(auth, ApiKeyAuth) and (auth.name, auth.secret_name) == ("x-algolia-application-id", None)
