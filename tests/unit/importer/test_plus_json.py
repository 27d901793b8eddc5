"""A body under a ``+json`` media type (JSON:API, merge patch) is JSON, sent under the spec's own type."""

from __future__ import annotations

import copy
from typing import Any

import orjson

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

_ARTICLE = {
    "type": "object",
    "properties": {
        "data": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "attributes": {"type": "object", "properties": {"title": {"type": "string"}}},
            },
        }
    },
}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Articles", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/articles": {"post": {
            "summary": "Create an article",
            "requestBody": {"required": True, "content": {"application/vnd.api+json": {"schema": _ARTICLE}}},
            "responses": {"201": {"description": "made"}},
        }},
        "/articles/{id}": {"patch": {
            "summary": "Update an article",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/merge-patch+json; charset=utf-8": {"schema": {
                "type": "object", "properties": {"title": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok"}},
        }},
    },
}  # fmt: skip


def _request(name: str, inputs: dict[str, Any], body: dict[str, Any]) -> tuple[str, bytes]:
    result = import_connector(copy.deepcopy(SPEC), "articles")
    assert not result.report.skipped
    connector = Registry([result.definition]).by_key["articles"]
    method = next(m for m in connector.methods if m.definition.name == name)
    bound = bind_by_name(method, inputs, None, body)
    request = build_request(connector.definition, method, bound, "https://api.example.com")
    content_type = next(value for key, value in request.headers if key == "Content-Type")
    assert request.body is not None
    return content_type, request.body


def test_a_json_api_body_is_imported_as_fields_and_sent_as_json_under_its_type() -> None:
    content_type, body = _request("Create an article", {}, {"data": {"type": "articles", "attributes": {"title": "x"}}})
    assert content_type == "application/vnd.api+json"
    assert orjson.loads(body) == {"data": {"type": "articles", "attributes": {"title": "x"}}}


def test_a_merge_patch_body_keeps_its_type_and_its_parameters() -> None:
    """As the spec names it: a spec-checking server (openapi-core) refuses a type the spec does not name."""
    content_type, body = _request("Update an article", {"id": "7"}, {"title": "y"})
    assert content_type == "application/merge-patch+json; charset=utf-8"
    assert orjson.loads(body) == {"title": "y"}


def test_a_plain_json_body_has_no_content_type_of_its_own() -> None:
    spec = copy.deepcopy(SPEC)
    operation = spec["paths"]["/articles"]["post"]
    operation["requestBody"]["content"] = {"application/json": operation["requestBody"]["content"].popitem()[1]}
    method = import_connector(spec, "articles").definition.methods[0]
    assert method.content_type is None and method.body_format is None
