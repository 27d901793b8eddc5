"""A spec that names no server, or one with no host (InfluxDB's ``/api/v2``), imports with its host as a connection
property, unless the overlay gives one."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.importer import import_connector
from switchboard.importer.overlay import Overlay

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Tickets", "version": "2"},
    "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}},
    "paths": {"/api/v2/tickets": {"get": {"operationId": "ListTickets", "responses": {"200": {"description": "ok"}}}}},
}


def test_no_server_means_a_host_the_connection_names() -> None:
    result = import_connector(copy.deepcopy(SPEC), "tickets")
    assert result.definition.base_url == "https://{api_host}"
    assert [(p.name, p.required) for p in result.definition.properties] == [("api_host", True)]
    assert any(where == "base URL" and "api_host" in why for where, why in result.report.notes)
    swagger = {"swagger": "2.0", "info": SPEC["info"], "basePath": "/v1", "paths": SPEC["paths"]}
    assert import_connector(swagger, "tickets").definition.base_url == "https://{api_host}/v1"


def test_the_overlay_base_url_replaces_it_without_a_note() -> None:
    overlay = Overlay.model_validate({"base_url": "https://{subdomain}.zendesk.com",
                                      "properties": [{"name": "subdomain", "required": True}]})  # fmt: skip
    result = import_connector(copy.deepcopy(SPEC), "tickets", overlay)
    assert result.definition.base_url == "https://{subdomain}.zendesk.com"
    assert [p.name for p in result.definition.properties] == ["subdomain"]
    assert not [why for where, why in result.report.notes if where == "base URL"]


def test_a_server_with_a_path_only_keeps_the_path_under_a_host_the_connection_names() -> None:
    """InfluxDB's ``servers: [{url: /api/v2}]``: the import used to fail whole (a base URL that is not absolute)."""
    spec = copy.deepcopy(SPEC) | {"servers": [{"url": "/api/v2"}]}
    result = import_connector(spec, "influx")
    assert result.definition.base_url == "https://{api_host}/api/v2"
    (host,) = result.definition.properties
    assert host.name == "api_host" and host.required and "'/api/v2'" in (host.description or "")
    assert ("base URL", "the server URL '/api/v2' names no host: calls go to https://{api_host}/api/v2, a connection "
            "property; give base_url in the overlay") in result.report.notes  # fmt: skip
    overlay = Overlay.model_validate({"base_url": "http://localhost:8086/api/v2"})
    given = import_connector(copy.deepcopy(spec), "influx", overlay)
    assert given.definition.base_url == "http://localhost:8086/api/v2" and given.definition.properties == []
    assert not [why for where, why in given.report.notes if where == "base URL"]
    websocket = import_connector(copy.deepcopy(SPEC) | {"servers": [{"url": "wss://stream.example.com"}]}, "ws")
    assert websocket.definition.base_url == "https://{api_host}"


def test_a_server_whose_scheme_is_a_variable_uses_its_default() -> None:
    """Typesense's ``{protocol}://{hostname}:{port}``: the host and port stay connection properties."""
    variables = {"protocol": {"default": "http"}, "hostname": {"default": "localhost"}, "port": {"default": "8108"}}
    spec = copy.deepcopy(SPEC) | {"servers": [{"url": "{protocol}://{hostname}:{port}", "variables": variables}]}
    result = import_connector(spec, "typesense")
    assert result.definition.base_url == "http://{hostname}:{port}"
    assert [p.name for p in result.definition.properties] == ["hostname", "port"]
    assert any(where == "base URL" and "'protocol'" in why for where, why in result.report.notes)


def test_a_server_variable_for_a_whole_path_takes_its_default_and_one_in_a_segment_stays_a_property() -> None:
    """Matrix's ``{protocol}://{hostname}{basePath}``: the paths are under ``/_matrix/client/v3``, the host is
    the user's homeserver; BigCommerce's ``/stores/{store_hash}/v3`` names the user's store."""
    variables = {"protocol": {"default": "https", "enum": ["http", "https"]}, "hostname": {"default": "localhost:8008"},
                 "basePath": {"default": "/_matrix/client/v3"}}  # fmt: skip
    spec = copy.deepcopy(SPEC) | {"servers": [{"url": "{protocol}://{hostname}{basePath}", "variables": variables}]}
    result = import_connector(spec, "matrix")
    assert result.definition.base_url == "https://{hostname}/_matrix/client/v3"
    assert [p.name for p in result.definition.properties] == ["hostname"]
    assert ("base URL", "the server's path variable 'basePath' is its default, '/_matrix/client/v3'; give base_url "
            "in the overlay for another") in result.report.notes  # fmt: skip
    store = {"url": "https://api.example.com/stores/{store_hash}/v3", "variables": {"store_hash": {"default": "abc"}}}
    result = import_connector(copy.deepcopy(SPEC) | {"servers": [store]}, "stores")
    assert result.definition.base_url == "https://api.example.com/stores/{store_hash}/v3"
    assert [p.name for p in result.definition.properties] == ["store_hash"]
