"""References whose pointers carry percent-escapes (RFC 6901, section 6): Codat points into its own paths as
``#/paths/~1companies~1%7BcompanyId%7D/...``. The emulator read them as references to nothing and answered
(and sampled) with no schema at all."""

from __future__ import annotations

from pathlib import Path

import requests

from switchboard_emulators.spec.pointer import follow
from tests.unit.emulators.served import serving

COMPANY = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string", "enum": ["Acme"]}},
}
ONE = "#/paths/~1companies~1%7BcompanyId%7D/get/responses/200/content/application~1json/schema"
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Companies", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"schemas": {"Company Info": COMPANY}},
    "paths": {
        "/companies/{companyId}": {"get": {
            "parameters": [{"name": "companyId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Company%20Info"}}}}},
        }},
        "/companies": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": ONE}}}}}},
        }},
    },
}  # fmt: skip


def test_a_pointer_s_percent_escapes_are_read_before_its_tildes() -> None:
    assert follow(SPEC, "#/components/schemas/Company%20Info") is COMPANY
    assert follow(SPEC, ONE) == {"$ref": "#/components/schemas/Company%20Info"}
    assert follow({"a%b": 1, "50%": 2}, "/a%25b") == 1  # an escaped percent sign is one


def test_answers_follow_percent_escaped_references(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC, "companies.yaml") as base:
        one = requests.get(f"{base}/companies/c-1", timeout=10)
        listed = requests.get(f"{base}/companies", timeout=10)
    assert one.status_code == 200 and listed.status_code == 200, (one.text, listed.text)
    assert one.json()["name"] == "Acme" and len(one.json()["id"]) == 36, one.text
    assert listed.json() and all(item["name"] == "Acme" for item in listed.json()), listed.text
