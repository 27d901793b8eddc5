"""An API key sent in ``Authorization`` with a scheme word before it: Apideck's apiKey scheme names the header only,
and its description says the value is ``Bearer <key>``. The overlay's ``api_key_format`` says it outright."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from switchboard.errors import ConfigurationError
from switchboard.importer import import_connector
from switchboard.importer.overlay import parse_overlay
from tests.unit.importer.test_connection_headers import SPEC

# Apideck's own words (apideck-libraries/openapi-specs, crm.yml), trimmed.
_APIDECK = """Authenticate your API requests by including your test or live secret API key in the request header.

- Bearer authorization header: `Authorization: Bearer "YOUR_API_KEY_HERE"`
- Application id header: `x-apideck-app-id: "YOUR_APP_ID_HERE"`
"""


def _spec(description: str | None) -> dict[str, Any]:
    spec = copy.deepcopy(SPEC)
    if description is not None:
        spec["components"]["securitySchemes"]["apiKey"]["description"] = description
    return spec


def _key(spec: dict[str, Any], overlay: str = "") -> tuple[Any, Any]:
    result = import_connector(spec, "crm", parse_overlay(overlay) if overlay else None)
    (auth,) = result.definition.auth
    return auth, result


def test_a_key_whose_description_says_bearer_goes_as_a_bearer_token() -> None:
    auth, result = _key(_spec(_APIDECK))
    assert (auth.name, auth.format) == ("Authorization", "Bearer {key}")
    assert any(where == "security scheme apiKey" and "Bearer <key>" in why for where, why in result.report.notes)
    # The ids asked for beside the key are still the connection's headers.
    assert set(result.definition.headers) == {"x-apideck-app-id", "x-apideck-consumer-id"}


@pytest.mark.parametrize(
    "description",
    [None, "Your personal token (pk_...), sent as it is", "A key; OAuth clients send a bearer token instead"],
)
def test_a_key_whose_description_says_no_prefix_goes_as_typed(description: str | None) -> None:
    auth, _ = _key(_spec(description))
    assert auth.format == "{key}"


def test_the_overlay_states_the_format_and_keeps_the_rest_read_from_the_spec() -> None:
    auth, result = _key(_spec(None), 'api_key_format: "Bearer {key}"')
    assert (auth.name, auth.format) == ("Authorization", "Bearer {key}")
    assert set(result.definition.headers) == {"x-apideck-app-id", "x-apideck-consumer-id"}
    assert ("auth", "the API key goes as Authorization: Bearer {key}, as the overlay's api_key_format says") in (
        result.report.notes
    )
    auth, _ = _key(_spec(_APIDECK), 'api_key_format: "Token {key}"')  # over the description's words
    assert auth.format == "Token {key}"


def test_an_api_key_format_the_import_cannot_use_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="must contain"):
        parse_overlay('api_key_format: "Bearer"')
    with pytest.raises(ConfigurationError, match="with auth given"):
        parse_overlay('api_key_format: "Bearer {key}"\nauth: [{type: api_key, format: "Bearer {key}"}]')
    oauth = _spec(None)
    oauth["security"] = [{"oauth": []}]
    oauth["components"]["securitySchemes"] = {"oauth": {"type": "oauth2", "flows": {"authorizationCode": {
        "authorizationUrl": "https://example.com/a", "tokenUrl": "https://example.com/t", "scopes": {}}}}}  # fmt: skip
    with pytest.raises(ConfigurationError, match="no API key"):
        import_connector(oauth, "crm", parse_overlay('api_key_format: "Bearer {key}"'))
