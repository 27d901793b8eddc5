"""``$ref`` pointers through arrays, escaped names and %-escapes resolve (RFC 6901 in a URI fragment)."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.importer import import_connector

_OK = {"200": {"description": "ok"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Tags", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {
        "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Tag": {"allOf": [{"type": "object", "properties": {"label": {"type": "string"}}}]},
            "a/b~c": {"type": "object", "properties": {"colour": {"type": "string"}}},
            "with space": {"type": "object", "properties": {"size": {"type": "integer"}}},
        },
        "parameters": {"paged": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}]},
    },
    "paths": {
        "/tags": {"post": {
            "summary": "Create a tag",
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Tag/allOf/0"}}}},
            "responses": _OK,
        }},
        "/colours": {"post": {
            "summary": "Create a colour",
            "parameters": [{"$ref": "#/components/parameters/paged/0"}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/a~1b~0c"}}}},
            "responses": _OK,
        }},
        "/sizes": {"post": {
            "summary": "Create a size",
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/with%20space"}}}},
            "responses": _OK,
        }},
    },
}  # fmt: skip


def test_pointers_through_arrays_and_escaped_names_resolve_to_fields() -> None:
    methods = {m.name: m for m in import_connector(SPEC, "tags").definition.methods}
    assert [f.location for f in methods["Create a tag"].fields] == ["label"]
    assert [f.location for f in methods["Create a colour"].fields] == ["colour"]
    assert [p.target for p in methods["Create a colour"].parameters] == ["cursor"]
    assert [f.location for f in methods["Create a size"].fields] == ["size"]


@pytest.mark.parametrize("ref", ["#/components/schemas/Tag/allOf/3", "#/components/schemas/Tag/allOf/first"])
def test_a_pointer_past_an_array_or_into_nothing_skips_its_operation_naming_it(ref: str) -> None:
    # Shopify's Admin REST spec names one schema it never defines: its operation goes, the rest stay.
    spec: dict[str, Any] = {**SPEC, "paths": {**SPEC["paths"], "/labels": {"post": {
        "summary": "Create a label",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": ref}}}},
        "responses": _OK}}}}  # fmt: skip
    result = import_connector(spec, "tags")
    assert dict(result.report.skipped) == {"POST /labels": f"reference {ref!r} points nowhere"}
    assert sorted(m.name for m in result.definition.methods) == ["Create a colour", "Create a size", "Create a tag"]
