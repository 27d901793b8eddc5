"""A spec that names no server imports with its host as a connection property, unless the overlay gives one."""

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
