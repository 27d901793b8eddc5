"""A query parameter that is a list of objects (Kestra's ``filters``, Binance's orders) has no serialization
OpenAPI defines: the import says so, and the caller's items still go, each as JSON; marked deepObject (Segment's
``rules``), its items are numbered, as qs and Rails read them."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

FILTER = {"type": "object", "properties": {"field": {"type": "string"}, "operation": {"type": "string"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Flows", "version": "1"},
    "servers": [{"url": "https://kestra.example.com/api/v1"}],
    "paths": {"/flows/search": {"get": {"operationId": "searchFlows", "parameters": [
        {"name": "filters", "in": "query", "required": True, "explode": False,
         "schema": {"type": "array", "items": {"$ref": "#/components/schemas/QueryFilter"}}},
        {"name": "sort", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
        "responses": {"200": {"description": "ok"}}}}},
    "components": {"schemas": {"QueryFilter": FILTER}},
}  # fmt: skip


def test_a_list_of_objects_in_the_query_is_noted_and_its_items_sent_as_json() -> None:
    imported = import_connector(SPEC, "flows")
    notes = [text for _, text in imported.report.notes if "list of objects" in text]
    assert len(notes) == 1 and "'filters'" in notes[0] and "overlay" in notes[0]  # the list of strings is not noted
    (method,) = Registry([imported.definition]).by_key["flows"].methods
    item = {"field": "namespace", "operation": "EQUALS"}
    request = build_request(
        imported.definition, method, bind_by_name(method, {"filters": [item]}, None, {}), "https://x"
    )
    assert request.query == (("filters", '{"field":"namespace","operation":"EQUALS"}'),)


def test_a_deep_object_list_of_objects_is_sent_numbered() -> None:
    spec = {**SPEC, "paths": {"/plans/{id}/rules": {"delete": {"operationId": "removeRules", "parameters": [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "rules", "in": "query", "required": True, "style": "deepObject", "explode": False,
         "schema": {"type": "array", "items": {"$ref": "#/components/schemas/QueryFilter"}}}],
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    imported = import_connector(spec, "plans")
    (method,) = Registry([imported.definition]).by_key["plans"].methods
    rules = [{"field": "a", "operation": "EQ"}, {"field": "b", "operation": "NE"}]
    bound = bind_by_name(method, {"id": "p1", "rules": rules}, None, {})
    request = build_request(imported.definition, method, bound, "https://x")
    assert request.query == (("rules[0][field]", "a"), ("rules[0][operation]", "EQ"),
                             ("rules[1][field]", "b"), ("rules[1][operation]", "NE"))  # fmt: skip
    assert any("deepObject list of objects" in text for _, text in imported.report.notes)
