"""A form body's names the schema does not list under ``properties`` are read too: openapi-core keeps only the
listed ones, so Box's revoke (``grant_type`` required, never declared) refused the form that carried it."""

from __future__ import annotations

from pathlib import Path

import requests
import yaml

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator

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
    spec = tmp_path / "auth.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    url = "/oauth2/revoke"
    with EmulatorServer(SpecEmulator(spec)) as server:
        answers = [
            requests.post(f"{server.url}{url}", data=body, headers={"Content-Type": FORM}, timeout=10)
            for body in ("grant_type=5&token=t&count=2", "token=t&count=2", "grant_type=five", "grant_type=1&count=x")
        ]
    assert [a.status_code for a in answers] == [200, 400, 400, 400], [a.text for a in answers]
    assert "grant_type" in answers[1].text and "count" in answers[3].text
