"""An operation on a server of its own is sent there (GitHub's release assets on uploads.github.com)."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector
from switchboard.importer.overlay import Overlay
from switchboard_emulators.spec.document import server_paths

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Releases", "version": "1"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearer": []}],
    "paths": {
        "/releases": {"get": {"responses": OK}},
        "/releases/{id}/assets": {"post": {
            "servers": [{"url": "https://uploads.example.com/"}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"content": {"*/*": {"schema": {"type": "string"}}}},
            "responses": OK}},
        "/tokens": {"servers": [{"url": "https://api.example.com/auth"}], "get": {"responses": OK}},
        "/same": {"get": {"servers": [{"url": "https://api.example.com/v1"}], "responses": OK}},
        "/regional": {"get": {"servers": [{"url": "https://{region}.example.com",
                                           "variables": {"region": {"default": "eu"}}}], "responses": OK}},
        "/stream": {"get": {"servers": [{"url": "wss://api.example.com/v1"}], "responses": OK}},
    },
}  # fmt: skip
ASSETS = Overlay.model_validate(
    {"methods": {"POST /releases/{id}/assets": {"content_type": "application/octet-stream"}}}
)


def test_a_fixed_server_of_the_operation_or_its_path_is_the_methods_host() -> None:
    result = import_connector(copy.deepcopy(SPEC), "releases", ASSETS)
    hosts = {m.http: m.base_url for m in result.definition.methods}
    assert hosts["POST /releases/{id}/assets"] == "https://uploads.example.com"
    assert hosts["GET /tokens"] == "https://api.example.com/auth"  # the path item's servers
    # The API's own server, and one with variables (a method's host is fixed), leave the connector's.
    assert hosts["GET /same"] is None and hosts["GET /regional"] is None and hosts["GET /releases"] is None
    assert ("GET /stream", "it is a WebSocket (wss://api.example.com/v1), which methods cannot open") in (
        result.report.skipped
    )


def test_a_body_of_any_type_is_sent_as_the_overlay_says() -> None:
    # Alone, the */* body goes as application/octet-stream too, the type any client sends bytes in.
    assert "POST /releases/{id}/assets" in import_connector(copy.deepcopy(SPEC), "r").report.mapped
    definition = import_connector(copy.deepcopy(SPEC), "releases", ASSETS).definition
    method = next(m for m in Registry([definition]).by_key["releases"].methods if m.name.startswith("POST"))
    inputs = bind_by_name(method, {"id": "7"}, None, {"$": "aGVsbG8="})
    request = build_request(definition, method, inputs, definition.base_url)
    assert request.url == "https://uploads.example.com/releases/7/assets"
    assert request.body == b"hello" and ("Content-Type", "application/octet-stream") in request.headers


def test_the_spec_emulator_answers_under_each_servers_path() -> None:
    assert server_paths(SPEC) == ("", "/auth", "/v1")  # wss is no HTTP server; variables at their defaults
