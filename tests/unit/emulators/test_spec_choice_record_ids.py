"""Ids the emulator hands out for records whose schema is a choice (Lob's address: ``oneOf`` its US and
international forms, each an ``allOf`` with ``id: {pattern: ^adr_...}``) follow the id's pattern, as those of
plain records do: a listed or created address's id was ``1001``, which the item route's own ``adr_id``
pattern refused (400), so no address could be read back."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

ADR_ID = {"type": "string", "pattern": "^adr_[a-zA-Z0-9]+$"}
BASE = {"type": "object", "required": ["id"], "properties": {"id": ADR_ID, "line1": {"type": "string"}}}
ADDRESS = {"oneOf": [
    {"allOf": [BASE, {"type": "object", "properties": {"zip": {"type": "string"}}}]},
    {"allOf": [BASE, {"type": "object", "properties": {"postal_code": {"type": "string"}}}]},
]}  # fmt: skip
OK = {"description": "ok", "content": {"application/json": {"schema": ADDRESS}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Lob", "version": "1"},
    "servers": [{"url": "https://api.lob.com/v1"}],
    "paths": {
        "/addresses": {
            "get": {"responses": {"200": {"description": "all", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"type": "array", "items": ADDRESS}}}}}}}},
            "post": {"requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"line1": {"type": "string"}}}}}}, "responses": {"200": OK}},
        },
        "/addresses/{adr_id}": {"get": {
            "parameters": [{"name": "adr_id", "in": "path", "required": True, "schema": ADR_ID}],
            "responses": {"200": OK}}},
    },
}  # fmt: skip


def test_a_choice_records_id_follows_its_pattern_and_reads_back(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC, "lob.yaml") as base:
        listed = requests.get(f"{base}/v1/addresses", timeout=10)
        made = requests.post(f"{base}/v1/addresses", json={"line1": "210 King St"}, timeout=10)
        assert listed.status_code == 200 and made.status_code == 200, (listed.text, made.text)
        ids = [record["id"] for record in listed.json()["data"]] + [made.json()["id"]]
        assert all(i.startswith("adr_") for i in ids), ids
        read = requests.get(f"{base}/v1/addresses/{ids[-1]}", timeout=10)
    assert read.status_code == 200 and read.json()["id"] == ids[-1], read.text
