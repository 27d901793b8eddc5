"""An API key the spec sends in a cookie (``in: cookie``, as session-keyed APIs declare it): sent in the
``Cookie`` header under the cookie's name, not replaced by a bearer token the API never reads."""

from __future__ import annotations

from typing import Any

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.catalog.models.auth import ApiKeyAuth
from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.styles import InputsByName
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Sessions", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "SESSIONID"}}},
    "security": [{"session": []}],
    "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}}},
}


def test_a_cookie_key_goes_in_the_cookie_header_under_its_name() -> None:
    result = import_connector(SPEC, "sessions")
    (auth,) = result.definition.auth
    assert (auth.type, auth.in_, auth.name, auth.format) == ("api_key", "header", "Cookie", "SESSIONID={key}")
    assert not any("not supported" in why or "bearer token" in why for _, why in result.report.notes)
    assert any(where == "security scheme session" and "Cookie" in why for where, why in result.report.notes)


async def test_the_built_request_carries_the_cookie() -> None:
    definition = import_connector(SPEC, "sessions").definition
    (method,) = Registry([definition]).by_key["sessions"].methods
    request = build_request(definition, method, InputsByName(None, None, None).bind(method, definition),
                            definition.base_url)  # fmt: skip
    (auth,) = definition.auth
    assert isinstance(auth, ApiKeyAuth)
    signed = await ApiKeyAuthenticator(auth, "s3ss10n").authorize(request)
    assert ("Cookie", "SESSIONID=s3ss10n") in list(signed.headers)
    assert not any(name.lower() == "authorization" for name, _ in signed.headers)
