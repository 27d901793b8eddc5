"""The spec emulator serves one file of a spec tree (OpenSearch's ``spec/namespaces/cat.yaml``) with the
references above its folder read from a wider one (``within``, the CLI's ``emulate spec --root``): the
schemas there check requests. Without it they are references to nothing, and every request was refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from switchboard_emulators import EmulatorServer, create_emulator
from switchboard_emulators.spec import SpecEmulator

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Cat", "version": "1"},
    "servers": [{"url": "https://search.example.com"}],
    "paths": {"/_cat/count": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "../schemas/common.yaml#/components/schemas/Query"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"count": {"type": "integer"}}}}}}}}}},
}  # fmt: skip
COMMON = {"components": {"schemas": {"Query": {"type": "object", "required": ["field"], "properties": {
    "field": {"type": "string"}, "size": {"type": "integer"}}}}}}  # fmt: skip


def _tree(root: Path) -> Path:
    (root / "schemas").mkdir(parents=True)
    (root / "namespaces").mkdir()
    (root / "schemas" / "common.yaml").write_text(json.dumps(COMMON), encoding="utf-8")
    spec = root / "namespaces" / "cat.yaml"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return spec


def _post(emulator: SpecEmulator, body: object) -> requests.Response:
    with EmulatorServer(emulator) as server:
        return requests.post(f"{server.url}/_cat/count", json=body, timeout=10)


def test_a_wider_folder_lets_the_schemas_above_the_spec_check_requests(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "spec")
    within = SpecEmulator(spec, within=tmp_path / "spec")
    assert _post(within, {"field": "title", "size": 3}).status_code == 200
    refused = _post(within, {"size": "three"})
    assert refused.status_code == 400 and "field" in refused.text, refused.text
    # Alone, the schema above the folder is never read: even a right body is refused, naming the reference.
    alone = _post(SpecEmulator(spec), {"field": "title"})
    assert alone.status_code == 400 and "../schemas/common.yaml" in alone.text, alone.text


def test_the_spec_must_be_inside_the_wider_folder(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "spec")
    with pytest.raises(ValueError, match="not inside"):
        create_emulator("spec", spec=spec, within=tmp_path / "spec" / "schemas")
