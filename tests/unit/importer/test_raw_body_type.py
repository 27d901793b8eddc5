"""A raw body's type chosen by the caller where the operation declares Content-Type (Smartsheet's imports)."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE = {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Sheets", "version": "2"},
    "servers": [{"url": "https://api.example.com/2.0"}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearer": []}],
    "paths": {
        "/sheets/import": {"post": {
            "parameters": [{"name": "Content-Type", "in": "header", "required": True,
                            "schema": {"type": "string", "enum": ["text/csv", XLSX]}}],
            "requestBody": FILE, "responses": {"200": {"description": "ok"}}}},
        "/sheets/{id}/images": {"post": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "Content-Type", "in": "header",
                            "schema": {"type": "string", "default": "application/json"}}],
            "requestBody": FILE, "responses": {"200": {"description": "ok"}}}},
    },
}  # fmt: skip


def _sent(http: str, parameters: dict[str, Any]) -> tuple[list[str], bytes | None]:
    """The Content-Type headers and the body a call of the method at ``http`` sends with ``parameters``."""
    definition = import_connector(copy.deepcopy(SPEC), "sheets").definition
    method = next(m for m in Registry([definition]).by_key["sheets"].methods if m.definition.http == http)
    request = build_request(definition, method, bind_by_name(method, parameters, None, {"$": "YSxi"}), "https://x.test")
    return [value for name, value in request.headers if name.lower() == "content-type"], request.body


def test_the_declared_content_type_is_a_parameter_the_body_goes_under() -> None:
    definition = import_connector(copy.deepcopy(SPEC), "sheets").definition
    imports = next(m for m in definition.methods if m.http == "POST /sheets/import")
    (content_type,) = [p for p in imports.parameters if p.target == "Content-Type"]
    assert content_type.required and content_type.values == ["text/csv", XLSX]
    assert _sent("POST /sheets/import", {"Content-Type": "text/csv"}) == (["text/csv"], b"a,b")
    assert _sent("POST /sheets/import", {"Content-Type": XLSX}) == ([XLSX], b"a,b")


def test_left_out_the_body_goes_under_its_own_type_not_a_declared_json_default() -> None:
    # Smartsheet's shared Content-Type parameter defaults to application/json, also on its image uploads.
    assert _sent("POST /sheets/{id}/images", {"id": "7"}) == (["application/octet-stream"], b"a,b")
    assert _sent("POST /sheets/{id}/images", {"id": "7", "Content-Type": "image/png"}) == (["image/png"], b"a,b")
