"""A parameter declared ``in: path`` that the path has no place for is left out, with a note (Zendesk)."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Groups", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "basic"}}},
    "paths": {
        "/groups": {
            # Shared by the path item's operations, though only /users/{user_id}/groups has the place.
            "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"operationId": "ListGroups", "responses": {"200": {"description": "ok"}}},
        },
        "/users/{user_id}/groups": {
            "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"operationId": "ListUserGroups", "responses": {"200": {"description": "ok"}}},
        },
    },
}


def test_a_path_parameter_the_path_has_no_place_for_is_left_out() -> None:
    result = import_connector(SPEC, "groups")
    methods = {m.http: m for m in result.definition.methods}
    assert set(methods) == {"GET /groups", "GET /users/{user_id}/groups"}
    assert methods["GET /groups"].parameters == []
    assert [(p.target, p.in_) for p in methods["GET /users/{user_id}/groups"].parameters] == [("user_id", "path")]
    assert ("GET /groups", "path parameter 'user_id' is not in the path; left out") in result.report.notes
