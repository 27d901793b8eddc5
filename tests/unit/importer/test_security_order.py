"""Of two schemes of one kind, the import keeps the one the spec's ``security`` prefers, not the one declared first."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import ApiKeyAuth
from switchboard.importer import import_connector


def spec(security: list[dict[str, list[str]]] | None) -> dict[str, Any]:
    # Snyk's shape: an API token declared first, a bearer token listed first in security.
    schemes = {
        "APIToken": {"type": "apiKey", "in": "header", "name": "Authorization"},
        "BearerAuth": {"type": "http", "scheme": "bearer"},
    }
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Vendor", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "components": {"securitySchemes": schemes},
        "paths": {"/self": {"get": {"operationId": "getSelf", "responses": {"200": ok}}}},
    }
    if security is not None:
        document["security"] = security
    return document


def kept(document: dict[str, Any]) -> ApiKeyAuth:
    result = import_connector(document, "vendor")
    (auth,) = result.definition.auth
    assert isinstance(auth, ApiKeyAuth)
    return auth


def test_the_scheme_security_lists_first_is_kept() -> None:
    assert kept(spec([{"BearerAuth": []}, {"APIToken": []}])).format == "Bearer {key}"


def test_without_security_the_first_declared_is_kept() -> None:
    assert kept(spec(None)).format == "{key}"


def test_the_note_on_the_scheme_left_out_names_the_one_kept() -> None:
    # Adyen: an X-API-Key header and HTTP Basic, the key listed first. The note on BasicAuth called it an
    # "api_key scheme" and did not say which scheme was kept.
    document = spec([{"ApiKeyAuth": []}, {"BasicAuth": []}])
    document["components"]["securitySchemes"] = {
        "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "BasicAuth": {"type": "http", "scheme": "basic"},
    }
    notes = dict(import_connector(document, "vendor").report.notes)
    assert notes["security scheme BasicAuth"] == (
        "not used: a connector takes one key, Basic or bearer scheme, and keeps ApiKeyAuth (the first the spec's "
        "security lists, else the first declared)"
    )
