"""A form body's names the schema does not list under ``properties`` are read too: openapi-core keeps only the
listed ones, so Box's revoke (``grant_type`` required, never declared) refused the form that carried it."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

FORM = "application/x-www-form-urlencoded"
SPEC = {
    "openapi": "3.0.2",
    "info": {"title": "Auth", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {"/oauth2/revoke": {"post": {
        "requestBody": {"content": {FORM: {"schema": {
            "type": "object", "required": ["grant_type"],
            "properties": {"token": {"type": "string"}, "count": {"type": "integer"}},
            "additionalProperties": {"type": "integer"}}}}},
        "responses": {"200": {"description": "revoked"}},
    }}},
}  # fmt: skip


def test_a_required_name_the_schema_does_not_list_is_read_and_typed_as_the_schema_says(tmp_path: Path) -> None:
    url = "/oauth2/revoke"
    with serving(tmp_path, SPEC, "auth.yaml") as base:
        answers = [
            requests.post(f"{base}{url}", data=body, headers={"Content-Type": FORM}, timeout=10)
            for body in ("grant_type=5&token=t&count=2", "token=t&count=2", "grant_type=five", "grant_type=1&count=x")
        ]
    assert [a.status_code for a in answers] == [200, 400, 400, 400], [a.text for a in answers]
    assert "grant_type" in answers[1].text and "count" in answers[3].text
