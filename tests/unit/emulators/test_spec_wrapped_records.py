"""A single record answered inside an object of its own (Hetzner's ``{ssh_key: {...}}``): the emulator keeps
what a create sent and answers that record by its id, with no record path configured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.unit.emulators.served import serving

KEY = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                         "public_key": {"type": "string"}}}  # fmt: skip


LISTED = {"type": "object", "properties": {"ssh_keys": {"type": "array", "items": KEY}}}


def answer(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Cloud", "version": "1"},
    "paths": {
        "/ssh_keys": {
            "get": {"operationId": "listKeys", "responses": answer(LISTED)},
            "post": {"operationId": "createKey",
                     "requestBody": {"content": {"application/json": {"schema": KEY}}},
                     "responses": answer({"type": "object", "properties": {"ssh_key": KEY}}, "201")},
        },
        "/ssh_keys/{id}": {
            "get": {"operationId": "getKey", "parameters": [{"name": "id", "in": "path", "required": True,
                                                             "schema": {"type": "integer"}}],
                    "responses": answer({"type": "object", "properties": {"ssh_key": KEY}})},
        },
    },
}  # fmt: skip


def test_a_created_record_is_answered_in_its_wrapper_and_found_by_its_id(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC) as url:
        made = requests.post(f"{url}/ssh_keys", json={"name": "k1", "public_key": "ssh-ed25519 AAA"}, timeout=10)
        assert made.status_code == 201, made.text
        created = made.json()["ssh_key"]
        assert created["name"] == "k1" and created["public_key"] == "ssh-ed25519 AAA"
        found = requests.get(f"{url}/ssh_keys/{created['id']}", timeout=10).json()["ssh_key"]
        listed = requests.get(f"{url}/ssh_keys", timeout=10).json()["ssh_keys"]
    assert found == created
    assert created in listed
