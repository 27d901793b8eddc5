"""A list whose answer is a choice of shapes (Zoho's ``oneOf: [Response_Wrapper, API_Exception]``) is
paged at the records of the alternative that holds them."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

SPEC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "CRM", "version": "8"},
    "servers": [{"url": "https://www.zohoapis.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}, "schemas": {
        "Wrapper": {"type": "object", "properties": {
            "data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "info": {"type": "object", "properties": {"more_records": {"type": "boolean"}}}}},
        "Exception": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
    }},
    "paths": {"/crm/v8/{module}": {"get": {
        "operationId": "Get Records",
        "parameters": [{"name": "module", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "page", "in": "query", "schema": {"type": "integer"}},
                       {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 200}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/Wrapper"}, {"$ref": "#/components/schemas/Exception"}]}}}}},
    }}},
}  # fmt: skip


def test_the_records_of_a_choice_of_answers_are_paged() -> None:
    result = import_connector(SPEC, "crm")
    pagination = result.definition.pagination
    assert pagination is not None and pagination.model_dump(include={"type", "records", "size_param"}) == {
        "type": "page_number", "records": "data", "size_param": "per_page"}  # fmt: skip
    [method] = result.definition.methods
    assert method.name == "Get Records" and method.pagination is not None
    assert not any("not paged" in note for _, note in result.report.notes)
