"""Path keys ending in a ``#fragment`` (Mistral's ``/v1/connectors/{connector_id}#id``, Box's ``/schema#add`` and
``/schema#update``) are routed by the path before it, as no request carries the fragment; operations sharing a
path are told apart by their bodies. Such an operation answered 404 before, whatever was sent."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

OPS = {"type": "array", "items": {"type": "object", "required": ["op"], "properties": {"op": {"type": "string"}}}}
DONE = {"200": {"description": "done"}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Connectors", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/v1/connectors/{connector_id}#id": {"get": {
            "parameters": [{"name": "connector_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "one", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"id": {"type": "string"}}}}}}}}},
        "/schema#add": {"put": {"requestBody": {"content": {"application/json": {"schema": OPS}}}, "responses": DONE}},
        "/schema#update": {"put": {"requestBody": {"content": {"application/json-patch+json": {"schema": OPS}}},
                                   "responses": DONE}},
    },
}  # fmt: skip


def test_a_key_s_fragment_is_not_part_of_its_route(tmp_path: Path) -> None:
    body = '[{"op": "addEnumOption"}]'
    with serving(tmp_path, SPEC, "connectors.yaml") as base:
        one = requests.get(f"{base}/v1/connectors/abc", timeout=10)
        sent = {
            kind: requests.put(f"{base}/schema", data=body, headers={"Content-Type": kind}, timeout=10)
            for kind in ("application/json", "application/json-patch+json", "text/plain")
        }
    assert one.status_code == 200, one.text
    assert {kind: answer.status_code for kind, answer in sent.items()} == {
        "application/json": 200,
        "application/json-patch+json": 200,
        "text/plain": 400,
    }, {kind: answer.text for kind, answer in sent.items()}
