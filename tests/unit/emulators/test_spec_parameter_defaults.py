"""A parameter's default is not checked in its absence: openapi-core put Opsgenie's ``type`` default (``[all]``,
a list for a string) in place of the absent parameter and refused every request that rightly left it out."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Maintenance", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"schemas": {"Order": {"type": "string", "enum": ["asc", "desc"], "default": 1}}},
    "paths": {"/v1/maintenance": {"get": {
        "parameters": [
            {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["all", "past"], "default": ["all"]}},
            {"name": "order", "in": "query", "schema": {"$ref": "#/components/schemas/Order"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20, "maximum": 100}},
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"count": {"type": "integer"}}}}}}},
    }}},
}  # fmt: skip


def test_an_absent_parameter_s_default_is_not_checked_and_a_present_value_still_is(tmp_path: Path) -> None:
    url = "/v1/maintenance"
    with serving(tmp_path, SPEC, "maintenance.yaml") as base:
        good = [
            requests.get(f"{base}{url}", params=query, timeout=10)
            for query in ({}, {"type": "past", "order": "asc", "limit": "100"})
        ]
        bad = [
            requests.get(f"{base}{url}", params=query, timeout=10)
            for query in ({"type": "all,past"}, {"order": "1"}, {"limit": "101"})
        ]
    assert [r.status_code for r in good] == [200, 200], [r.text for r in good]
    assert [r.status_code for r in bad] == [400, 400, 400], [r.text for r in bad]
    assert "type" in bad[0].text and "order" in bad[1].text and "limit" in bad[2].text
