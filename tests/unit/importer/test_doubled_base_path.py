"""A path that already starts with the base path (Netlify's ``/api/v1/sites/{site_id}/env`` under basePath
``/api/v1``) is not put under it twice."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.importer import import_connector
from switchboard.importer.operations import method_uid
from switchboard.importer.overlay import Overlay
from switchboard.importer.spec import Operation

_OK = {"200": {"description": "OK", "schema": {"type": "array", "items": {"type": "object"}}}}
_SITE = [{"name": "site_id", "in": "path", "required": True, "type": "string"}]
SPEC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Sites", "version": "1"},
    "host": "api.example.com",
    "basePath": "/api/v1",
    "securityDefinitions": {"token": {"type": "apiKey", "in": "header", "name": "Authorization"}},
    "paths": {
        "/sites": {"get": {"operationId": "listSites", "responses": _OK}},
        "/api/v10/things": {"get": {"operationId": "listThings", "responses": _OK}},  # not under /api/v1
        "/api/v1/sites/{site_id}/env": {
            "get": {"operationId": "getSiteEnvVars", "parameters": _SITE, "responses": _OK}
        },
    },
}


def test_a_path_starting_with_the_base_path_is_not_put_under_it_twice() -> None:
    result = import_connector(copy.deepcopy(SPEC), "sites")
    assert result.definition.base_url == "https://api.example.com/api/v1"
    assert {m.http for m in result.definition.methods} == {
        "GET /sites",
        "GET /api/v10/things",
        "GET /sites/{site_id}/env",
    }
    assert (
        "GET /sites/{site_id}/env",
        "its path (/api/v1/sites/{site_id}/env) already starts with the server's path /api/v1: taken off, "
        "so the URL does not name it twice",
    ) in result.report.notes
    assert len([why for _, why in result.report.notes if "server's path" in why]) == 1
    # Its id is the one the path as written gives: a connector imported before keeps its method ids.
    env = next(m for m in result.definition.methods if m.http == "GET /sites/{site_id}/env")
    assert str(env.unique_id) == str(method_uid("sites", Operation("get", "/api/v1/sites/{site_id}/env", {})))
    assert result.report.accounted


def test_the_same_holds_for_a_server_url_and_the_overlay_base_url() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": SPEC["info"],
        "servers": [{"url": "https://api.example.com/api/v1/"}],
        "paths": {"/api/v1/sites": {"get": {"operationId": "listSites", "responses": {"200": {"description": "ok"}}}}},
    }
    assert [m.http for m in import_connector(copy.deepcopy(spec), "s").definition.methods] == ["GET /sites"]
    overlay = Overlay.model_validate({"base_url": "https://eu.example.com/api/v1"})
    assert [m.http for m in import_connector(spec, "s", overlay).definition.methods] == ["GET /sites"]


def test_one_that_would_then_be_another_operation_is_left_as_written() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/api/v1/sites"] = {"get": {"operationId": "listSitesAgain", "responses": _OK}}
    result = import_connector(spec, "sites")
    assert {m.http for m in result.definition.methods} >= {"GET /sites", "GET /api/v1/sites"}
    assert any(where == "GET /api/v1/sites" and "another operation" in why for where, why in result.report.notes)
