"""Operations a spec marks ``x-helper: true`` (Algolia's ``/replaceAllObjects``, ``/waitForTask``) are what its
SDKs do client-side, not endpoints: imported, their methods would send requests no server answers."""

from __future__ import annotations

from switchboard.importer import import_connector

OK = {"200": {"description": "ok"}}
SPEC = {
    "openapi": "3.0.2",
    "info": {"title": "Search", "version": "1"},
    "servers": [{"url": "https://search.example.com"}],
    "paths": {
        "/1/indexes/{indexName}/batch": {"post": {"operationId": "batch", "responses": OK, "parameters": [
            {"name": "indexName", "in": "path", "required": True, "schema": {"type": "string"}}]}},
        "/replaceAllObjects": {"get": {"operationId": "replaceAllObjects", "x-helper": True, "responses": OK}},
        "/waitForTask": {"get": {"operationId": "waitForTask", "x-helper": True, "responses": OK}},
    },
}  # fmt: skip


def test_sdk_helpers_are_skipped_with_the_reason() -> None:
    imported = import_connector(SPEC, "search")
    assert [str(m.http) for m in imported.definition.methods] == ["POST /1/indexes/{indexName}/batch"]
    assert imported.report.skipped == [
        ("GET /replaceAllObjects", "an SDK helper (x-helper), not an operation of the API"),
        ("GET /waitForTask", "an SDK helper (x-helper), not an operation of the API"),
    ]
