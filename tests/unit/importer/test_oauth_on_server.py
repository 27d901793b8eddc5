"""OAuth URLs a spec gives relative to its server (Okta's and Datadog's ``/oauth2/v1/authorize``) are imported on
the server's host, which may be each connection's own; a host placeholder they name becomes a property."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import OAuth2Auth
from switchboard.importer import import_connector

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def spec(server: dict[str, Any], authorize: str, token: str) -> dict[str, Any]:
    flow = {"authorizationUrl": authorize, "tokenUrl": token, "scopes": {"okta.users.read": "read users"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Okta", "version": "1"},
        "servers": [server],
        "components": {"securitySchemes": {"oauth2": {"type": "oauth2", "flows": {"authorizationCode": flow}}}},
        "security": [{"oauth2": ["okta.users.read"]}],
        "paths": {"/api/v1/users": {"get": {"operationId": "listUsers", "responses": OK}}},
    }


def test_relative_oauth_urls_go_on_the_connections_host() -> None:
    okta = {"url": "https://{yourOktaDomain}", "variables": {"yourOktaDomain": {"default": "subdomain.okta.com"}}}
    imported = import_connector(spec(okta, "/oauth2/v1/authorize", "/oauth2/v1/token"), "okta")
    (auth,) = imported.definition.auth
    assert isinstance(auth, OAuth2Auth)
    assert auth.authorize_url == "https://{yourOktaDomain}/oauth2/v1/authorize"
    assert auth.token_url == "https://{yourOktaDomain}/oauth2/v1/token"
    assert [p.name for p in imported.definition.properties] == ["yourOktaDomain"]
    assert ("auth", "the OAuth token_url is relative to the server: https://{yourOktaDomain}/oauth2/v1/token") in (
        imported.report.notes
    )


def test_a_host_placeholder_only_the_oauth_urls_name_is_a_property() -> None:
    fixed = {"url": "https://api.example.com/v1"}
    imported = import_connector(
        spec(fixed, "https://{tenant}.auth.example.com/authorize", "https://{tenant}.auth.example.com/token"), "t"
    )
    (auth,) = imported.definition.auth
    assert isinstance(auth, OAuth2Auth) and auth.token_url == "https://{tenant}.auth.example.com/token"
    (tenant,) = imported.definition.properties
    assert (tenant.name, tenant.required) == ("tenant", True)
    assert imported.definition.base_url == "https://api.example.com/v1"


def test_a_placeholder_written_in_angle_brackets_is_the_servers_own_or_a_property() -> None:
    # Procurify: https://<your-domain>.procurify.com/oauth/authorize beside the server https://{user_domain}...
    procurify = {"url": "https://{user_domain}.procurify.com", "variables": {"user_domain": {"default": "acme"}}}
    urls = ("https://<your-domain>.procurify.com/oauth/authorize", "https://<your-domain>.procurify.com/oauth/token")
    imported = import_connector(spec(procurify, *urls), "procurify")
    (auth,) = imported.definition.auth
    assert isinstance(auth, OAuth2Auth)
    assert auth.authorize_url == "https://{user_domain}.procurify.com/oauth/authorize"
    assert auth.token_url == "https://{user_domain}.procurify.com/oauth/token"
    assert [p.name for p in imported.definition.properties] == ["user_domain"]
    # On a host unlike the server's, the bracketed name becomes a property of its own.
    fixed = {"url": "https://api.example.com"}
    elsewhere = import_connector(spec(fixed, "https://<tenant>.auth.example.com/authorize", "/token"), "x")
    (auth,) = elsewhere.definition.auth
    assert isinstance(auth, OAuth2Auth) and auth.authorize_url == "https://{tenant}.auth.example.com/authorize"
    assert [p.name for p in elsewhere.definition.properties] == ["tenant"]


def test_a_refresh_url_of_its_own_is_where_refreshes_go_and_one_that_repeats_the_token_url_is_left_out() -> None:
    """OpenAPI's ``refreshUrl``: Figma's differs from its token URL; most specs (Asana's, Pipedrive's) repeat it."""
    fixed = {"url": "https://api.example.com/v1"}
    for refresh, expected in [
        ("https://api.example.com/oauth/refresh", "https://api.example.com/oauth/refresh"),
        ("https://api.example.com/oauth/token", None),
        ("/oauth/refresh", None),  # relative: not a URL the model takes, so the token URL serves as before
    ]:
        document = spec(fixed, "https://example.com/oauth", "https://api.example.com/oauth/token")
        document["components"]["securitySchemes"]["oauth2"]["flows"]["authorizationCode"]["refreshUrl"] = refresh
        (auth,) = import_connector(document, "example").definition.auth
        assert isinstance(auth, OAuth2Auth)
        assert auth.refresh_url == expected, refresh
