"""OpenAPI 3.1 parameters typed by a list (``type: [integer, "null"]``, as Mollie's spec types every optional
query parameter): openapi-core reads a parameter's type as one name and refused every such request."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Payments", "version": "2"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"parameters": {"testmode": {"name": "testmode", "in": "query",
                                               "schema": {"type": ["boolean", "null"]}}},
                   "schemas": {"locale": {"type": ["string", "null"], "enum": ["en_US", "nl_NL", None]}}},
    "paths": {"/v2/balances": {"get": {
        "parameters": [
            {"name": "limit", "in": "query", "schema": {"type": ["integer", "null"], "minimum": 1, "maximum": 250}},
            {"name": "currency", "in": "query", "schema": {"type": ["string", "null"]}},
            {"$ref": "#/components/parameters/testmode"},
            {"name": "locale", "in": "query", "schema": {"$ref": "#/components/schemas/locale"}},
            {"name": "idempotency-key", "in": "header", "schema": {"type": ["string", "integer"]}},
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"count": {"type": "integer"}}}}}}},
    }}},
}  # fmt: skip


def test_a_parameter_typed_by_a_list_is_read_as_its_one_named_type(tmp_path: Path) -> None:
    url = "/v2/balances"
    every = {"limit": "5", "currency": "EUR", "testmode": "true", "locale": "nl_NL"}
    with serving(tmp_path, SPEC, "payments.yaml") as base:
        good = [
            requests.get(f"{base}{url}", params=query, headers=headers, timeout=10)
            for query, headers in (({}, {}), (every, {}), ({}, {"idempotency-key": "123e4567"}))
        ]
        bad = [requests.get(f"{base}{url}", params=query, timeout=10) for query in
               ({"limit": "five"}, {"limit": "0"}, {"testmode": "maybe"}, {"locale": "de_DE"})]  # fmt: skip
    assert [r.status_code for r in good] == [200, 200, 200], [r.text for r in good]
    assert [r.status_code for r in bad] == [400, 400, 400, 400]
    assert "limit" in bad[0].text and "testmode" in bad[2].text
