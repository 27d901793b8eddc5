"""Server variables become properties unless the overlay's base URL or properties say otherwise."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector
from switchboard.importer.overlay import parse_overlay

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Metrics", "version": "1"},
    "servers": [{"url": "https://{subdomain}.{site}", "variables": {
        "site": {"default": "example.com", "description": "The regional site"},
        "subdomain": {"default": "api", "description": "The subdomain"}}}],
    "paths": {"/api/v1/validate": {"get": {"responses": {"200": {"description": "ok"}}}}},
}  # fmt: skip


def test_without_an_overlay_every_server_variable_is_a_property() -> None:
    definition = import_connector(SPEC, "metrics").definition
    assert definition.base_url == "https://{subdomain}.{site}"
    assert [p.name for p in definition.properties] == ["site", "subdomain"]


def test_the_overlays_base_url_drops_variables_it_no_longer_names_and_its_properties_win() -> None:
    overlay = parse_overlay(
        "base_url: https://api.{site}\n"
        "properties:\n"
        "  - {name: site, display_name: Datadog site, required: true, description: as in the app URL}\n"
        "  - {name: app_key, secret: true}\n"
    )
    definition = import_connector(SPEC, "metrics", overlay).definition
    assert definition.base_url == "https://api.{site}"
    assert [(p.name, p.display_name, p.secret) for p in definition.properties] == [
        ("site", "Datadog site", False),
        ("app_key", "", True),
    ]


def test_a_scheme_relative_server_url_is_taken_as_https() -> None:
    spec = {**SPEC, "servers": [{"url": "//your-domain.atlassian.net"}]}
    assert import_connector(spec, "wiki").definition.base_url == "https://your-domain.atlassian.net"


def test_a_leading_path_parameter_the_overlays_base_url_ends_with_becomes_its_property() -> None:
    # BambooHR: every path starts with /{companyDomain}, the company's, set once per connection.
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "HR", "version": "1"},
        "servers": [{"url": "https://api.example.com/gateway.php"}],
        "paths": {
            "/{companyDomain}/v1/employees/{id}": {"get": {
                "parameters": [{"name": "companyDomain", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
            "/health/{companyDomain}": {"get": {
                "parameters": [{"name": "companyDomain", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    overlay = parse_overlay(
        "base_url: https://api.example.com/gateway.php/{companyDomain}\n"
        "properties:\n"
        "  - {name: companyDomain, display_name: Company domain, required: true}\n"
        "methods:\n"
        "  'GET /v1/employees/{id}': {name: Get an employee}\n"
    )
    definition = import_connector(spec, "hr", overlay).definition
    by_http = {m.http: m for m in definition.methods}
    assert set(by_http) == {"GET /v1/employees/{id}", "GET /health/{companyDomain}"}
    assert by_http["GET /v1/employees/{id}"].name == "Get an employee"
    assert [p.target for p in by_http["GET /v1/employees/{id}"].parameters] == ["id"]
    # Not leading: left as the spec has it.
    assert [p.target for p in by_http["GET /health/{companyDomain}"].parameters] == ["companyDomain"]


def test_a_leading_path_the_overlays_base_url_ends_with_becomes_its_property() -> None:
    # QuickBooks Online: every path starts with /v3/company/{realm-id}, the company's, on a bare host.
    realm = {"name": "realm-id", "in": "path", "required": True, "schema": {"type": "string"}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "Books", "version": "1"},
        "servers": [{"url": "https://books.example.com"}],
        "paths": {
            "/v3/company/{realm-id}/invoice/{id}": {"get": {
                "parameters": [realm, {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
            "/v3/company/{realm-id}": {"get": {"parameters": [realm], "responses": {"200": {"description": "ok"}}}},
            "/v3/other/{realm-id}": {"get": {"parameters": [realm], "responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    overlay = parse_overlay(
        "base_url: https://books.example.com/v3/company/{realm_id}\n"
        "properties:\n"
        "  - {name: realm_id, display_name: Company id, required: true}\n"
    )
    definition = import_connector(spec, "books", overlay).definition
    by_http = {m.http: m for m in definition.methods}
    assert set(by_http) == {"GET /invoice/{id}", "GET /", "GET /v3/other/{realm-id}"}
    assert [p.target for p in by_http["GET /invoice/{id}"].parameters] == ["id"]
    assert [p.target for p in by_http["GET /v3/other/{realm-id}"].parameters] == ["realm-id"]


def test_an_overlay_query_parameter_leaves_the_methods_but_a_path_parameter_stays() -> None:
    # Trello: key and token in every operation's query come from the connection; /tokens/{token} keeps its own.
    key = {"name": "key", "in": "query", "required": True, "schema": {"type": "string"}}
    token = {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "Boards", "version": "1"},
        "servers": [{"url": "https://boards.example.com/1"}],
        "paths": {
            "/tokens/{token}": {"get": {"parameters": [
                {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}, key, token],
                "responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    overlay = parse_overlay(
        "query: {key: '{app_key}'}\n"
        "properties: [{name: app_key, required: true}]\n"
        "auth: [{type: api_key, in: query, name: token, format: '{key}'}]\n"
        "drop_parameters: [token]\n"
    )
    definition = import_connector(spec, "boards", overlay).definition
    assert definition.query == {"key": "{app_key}"}
    (method,) = definition.methods
    assert [(p.target, p.in_) for p in method.parameters] == [("token", "path")]


def test_the_base_urls_segments_before_its_parameter_go_too_where_the_path_repeats_them() -> None:
    # DocuSign: /v2.1/accounts/{accountId}/envelopes under https://{host}/restapi/v2.1/accounts/{accountId}.
    account = {"name": "accountId", "in": "path", "required": True, "type": "string"}
    ok = {"parameters": [account], "responses": {"200": {"description": "ok"}}}
    spec = {
        "swagger": "2.0",
        "info": {"title": "Sign", "version": "2.1"},
        "host": "www.example.net",
        "basePath": "/restapi",
        "paths": {
            "/v2.1/accounts/{accountId}/envelopes": {"get": ok},
            "/v2.1/accounts/{accountId}": {"get": ok},
            "/v2.1/users/{accountId}": {"get": ok},
        },
    }  # fmt: skip
    overlay = parse_overlay(
        "base_url: https://{host}/restapi/v2.1/accounts/{accountId}\n"
        "properties:\n"
        "  - {name: host, required: true}\n"
        "  - {name: accountId, required: true}\n"
    )
    definition = import_connector(spec, "sign", overlay).definition
    by_http = {m.http: m for m in definition.methods}
    assert set(by_http) == {"GET /envelopes", "GET /", "GET /v2.1/users/{accountId}"}
    assert by_http["GET /envelopes"].parameters == []
    assert [p.target for p in by_http["GET /v2.1/users/{accountId}"].parameters] == ["accountId"]  # not under it


def test_a_placeholder_the_server_does_not_declare_is_a_property_too() -> None:
    # Bandwidth's emergency API and Akamai's: {accountId} and {hostname} with no `variables` beside them.
    spec = {**SPEC, "servers": [{"url": "https://{hostname}/api/v2/accounts/{accountId}/emergency",
                                 "variables": {"hostname": {"default": "example.com"}}}]}  # fmt: skip
    imported = import_connector(spec, "emergency")
    definition = imported.definition
    assert definition.base_url == "https://{hostname}/api/v2/accounts/{accountId}/emergency"
    assert [(p.name, p.required) for p in definition.properties] == [("hostname", True), ("accountId", True)]
    assert any("{accountId}" in text for _, text in imported.report.notes)


def test_a_sandbox_listed_first_is_passed_over_for_the_live_server() -> None:
    """Tremendous lists its testflight host first: calls would have gone to the sandbox, unsaid."""
    servers = [{"url": "https://testflight.tremendous.com/api/v2", "description": "Sandbox"},
               {"url": "https://www.tremendous.com/api/v2", "description": "Production"}]  # fmt: skip
    result = import_connector({**SPEC, "servers": servers}, "tremendous")
    assert result.definition.base_url == "https://www.tremendous.com/api/v2"
    assert any("is for trials" in why for _, why in result.report.notes)
    only = import_connector({**SPEC, "servers": servers[:1]}, "tremendous")  # a sandbox alone is still used
    assert only.definition.base_url == "https://testflight.tremendous.com/api/v2"
