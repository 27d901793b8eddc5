"""An operation that asks for another media type (Intercom's export download) gets it, and only it."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.catalog.models import MethodDef
from switchboard.catalog.registry import Connector, Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

DOWNLOAD: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Exports", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
    "security": [{"key": []}],
    "paths": {
        "/download/{job}": {
            "get": {
                "summary": "Download an export",
                "parameters": [
                    {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "Accept", "in": "header", "required": True,
                     "schema": {"type": "string", "enum": ["application/octet-stream"]}},
                    {"name": "format", "in": "query", "required": True, "schema": {"type": "string", "enum": ["csv"]}},
                    {"name": "kind", "in": "query", "required": True,
                     "schema": {"type": "array", "items": {"type": "string", "enum": ["full"]}}},
                ],
                "responses": {"200": {"description": "the file", "content": {"application/octet-stream": {}}}},
            }
        }
    },
}  # fmt: skip


def _imported() -> tuple[Connector, MethodDef]:
    definition = import_connector(copy.deepcopy(DOWNLOAD), "exports").definition
    return Registry([definition]).by_key["exports"], definition.methods[0]


def test_a_declared_accept_header_is_kept_with_its_one_value_as_default() -> None:
    _, definition = _imported()
    params = {p.target: p for p in definition.parameters}
    assert params["Accept"].in_ == "header" and params["Accept"].default == "application/octet-stream"
    assert params["format"].default == "csv"  # a required one-value enum need not be repeated by callers
    assert params["kind"].default is None  # an array's one value is no default for the array


def test_the_methods_accept_replaces_the_default_json_one() -> None:
    connector, _ = _imported()
    method = connector.methods[0]
    inputs = bind_by_name(method, {"job": "7", "kind": ["full"]}, None, None)
    request = build_request(connector.definition, method, inputs, "https://api.example.com")
    accepts = [value for name, value in request.headers if name.lower() == "accept"]
    assert accepts == ["application/octet-stream"]
    assert request.url == "https://api.example.com/download/7"
    assert ("format", "csv") in request.query


def _accepts(content: dict[str, Any], swagger_produces: list[str] | None = None) -> list[str]:
    """The Accept sent by the method of one GET whose success answer comes in ``content`` (OpenAPI 3),
    or, given ``swagger_produces``, in those types (Swagger 2)."""
    if swagger_produces is not None:
        spec: dict[str, Any] = {
            "swagger": "2.0", "info": {"title": "Docs", "version": "1"}, "host": "api.example.com",
            "produces": swagger_produces,
            "paths": {"/download/{job}": {"get": {
                "parameters": [{"name": "job", "in": "path", "required": True, "type": "string"}],
                "responses": {"200": {"description": "the document", "schema": {"type": "file"}}}}}},
        }  # fmt: skip
    else:
        spec = copy.deepcopy(DOWNLOAD)
        operation = spec["paths"]["/download/{job}"]["get"]
        operation["parameters"] = operation["parameters"][:1]
        # The error answer's reference points nowhere: only success answers are read.
        operation["responses"] = {"200": {"description": "the answer", "content": content}, "404": {"$ref": "#/x"}}
    definition = import_connector(spec, "docs").definition
    method = Registry([definition]).by_key["docs"].methods[0]
    request = build_request(definition, method, bind_by_name(method, {"job": "7"}, None, None), "https://x.test")
    return [value for name, value in request.headers if name.lower() == "accept"]


def test_an_answer_in_another_type_only_is_asked_for_in_that_type() -> None:
    # Xero's invoice PDFs: asked for as JSON, the provider answers the invoice's JSON, not the document.
    assert _accepts({"application/pdf": {"schema": {"type": "string", "format": "binary"}}}) == ["application/pdf"]
    assert _accepts({"application/pdf": {}, "application/zip": {}}) == ["application/pdf, application/zip"]
    assert _accepts({}, swagger_produces=["text/csv"]) == ["text/csv"]


def test_json_or_any_type_among_the_answers_keeps_the_json_accept() -> None:
    for content in ({"application/json": {}, "application/pdf": {}}, {"application/vnd.api+json": {}}, {"*/*": {}}, {}):
        assert _accepts(content) == ["application/json"], content
    assert _accepts({}, swagger_produces=["application/json", "application/pdf"]) == ["application/json"]
    assert _accepts({"multipart/form-data": {}}) == ["application/json"]  # a form is sent, not asked for
