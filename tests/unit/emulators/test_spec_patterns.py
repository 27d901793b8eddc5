"""Patterns in ECMA-262 syntax Python's ``re`` cannot read (Formbricks's user names: ``\\p{L}``) are left
unchecked: the emulator failed to start answering such a spec's lists and refused every request they applied
to with ``bad escape``. Patterns Python reads are still checked."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

USER = {"type": "object", "required": ["name", "code"], "properties": {
    "name": {"type": "string", "pattern": r"^[\p{L}\p{M}\s'\d-]+$"},
    "code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}  # fmt: skip
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Users", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {"/users": {
        "post": {"requestBody": {"required": True, "content": {"application/json": {"schema": USER}}},
                 "responses": {"201": {"description": "made", "content": {"application/json": {"schema": USER}}}}},
        "get": {"responses": {"200": {"description": "all", "content": {"application/json": {"schema": {
            "type": "array", "items": USER}}}}}},
    }},
}  # fmt: skip


def test_an_ecma_only_pattern_is_unchecked_and_a_python_one_still_checked(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC, "users.yaml") as base:
        made = requests.post(f"{base}/users", json={"name": "Zoë O'Neil", "code": "ABC"}, timeout=10)
        refused = requests.post(f"{base}/users", json={"name": "Zoë", "code": "abc"}, timeout=10)
        listed = requests.get(f"{base}/users", timeout=10)
    assert made.status_code == 201, made.text
    assert refused.status_code == 400 and "code" in refused.text, refused.text
    assert listed.status_code == 200 and all(len(u["code"]) == 3 for u in listed.json()), listed.text
