"""A list whose records sit one level down (Figma's ``{status, error, meta: {components: [...], cursor: {after}}}``)
is a list: its records path is ``meta.components``, its paging read beside them, and the report says where."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.importer import import_connector
from switchboard.importer.records import records_of
from switchboard.importer.spec import Spec

_OBJECTS = {"type": "array", "items": {"$ref": "#/components/schemas/Component"}}
_ENVELOPE = {"status": {"type": "number"}, "error": {"type": "boolean"}}
_PAGED = {
    "type": "object",
    "properties": {
        **_ENVELOPE,
        "meta": {
            "type": "object",
            "properties": {
                "components": _OBJECTS,
                "cursor": {"type": "object", "properties": {"before": {"type": "number"}, "after": {"type": "number"}}},
            },
        },
    },
}
_UNPAGED = {
    "type": "object",
    "properties": {**_ENVELOPE, "meta": {"type": "object", "properties": {"components": _OBJECTS}}},
}
_CURSOR = [
    {"name": "team_id", "in": "path", "required": True, "schema": {"type": "string"}},
    {"name": "page_size", "in": "query", "schema": {"type": "number", "default": 30}},
    {"name": "after", "in": "query", "schema": {"type": "number"}},
    {"name": "before", "in": "query", "schema": {"type": "number"}},
]


def _get(schema: dict[str, Any], parameters: list[dict[str, Any]]) -> dict[str, Any]:
    content = {"application/json": {"schema": schema}}
    return {"get": {"parameters": parameters, "responses": {"200": {"description": "ok", "content": content}}}}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Design", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {
        "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"}},
        "schemas": {"Component": {"type": "object", "properties": {"key": {"type": "string"}}}},
    },
    "paths": {
        "/v1/teams/{team_id}/components": _get(_PAGED, _CURSOR),
        "/v1/files/{file_key}/components": _get(
            _UNPAGED, [{"name": "file_key", "in": "path", "required": True, "schema": {"type": "string"}}]
        ),
    },
}


def test_records_one_level_down_are_found_and_paged_beside() -> None:
    result = import_connector(copy.deepcopy(SPEC), "design")
    pagination = result.definition.pagination
    assert pagination is not None
    assert pagination.model_dump(exclude_defaults=True) | {"type": pagination.type} == {
        "type": "cursor",
        "cursor_param": "after",
        "size_param": "page_size",
        "records": "meta.components",
        "next": "meta.cursor.after",
    }
    methods = {m.http: m for m in result.definition.methods}
    assert methods["GET /v1/teams/{team_id}/components"].pagination is not None
    assert methods["GET /v1/files/{file_key}/components"].pagination is None  # no page parameter
    assert (
        "GET /v1/teams/{team_id}/components",
        "its records are at meta.components, one level down in its answer: paged there",
    ) in result.report.notes
    assert (
        "GET /v1/files/{file_key}/components",
        "its records are at meta.components, one level down in its answer; not paged",
    ) in result.report.notes


_SPEC = Spec(copy.deepcopy(SPEC))


def _wrapped(**inner: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"ok": {"type": "boolean"}, "meta": {"type": "object", "properties": inner}},
    }


def test_only_the_one_array_of_objects_or_the_clear_one_is_the_records() -> None:
    ids = {"type": "array", "items": {"type": "string"}}
    # Beside a list of plain values, the one array of objects.
    assert records_of(_SPEC, _wrapped(ids=ids, styles=_OBJECTS), "/v1/things") == "meta.styles"
    # Two arrays of objects: the one the path names, else the connector's, else none (a guess fails on page 1).
    two = _wrapped(nodes=_OBJECTS, styles=_OBJECTS)
    assert records_of(_SPEC, two, "/v1/files/{key}/styles") == "meta.styles"
    assert records_of(_SPEC, two, "/v1/things", "meta.nodes") == "meta.nodes"
    assert records_of(_SPEC, two, "/v1/things") is None
    # Links and the answer's own errors are never the records; an array at the top still wins.
    assert records_of(_SPEC, _wrapped(links=_OBJECTS, errors=_OBJECTS), "/v1/things") is None
    # A member with an id is one record, its arrays its own fields (Sentry's replay answers {data: {id, clicks}}).
    assert records_of(_SPEC, _wrapped(id={"type": "string"}, clicks=_OBJECTS), "/replays/{replay_id}/") is None
    top = {"type": "object", "properties": {"data": _OBJECTS, "meta": _wrapped(styles=_OBJECTS)}}
    assert records_of(_SPEC, top, "/v1/styles") == "data"
