"""The spec emulator lists and pages records whose answer is a choice of shapes (Zoho's
``oneOf: [Response_Wrapper, API_Exception]``), at the records of the alternative that holds them."""

from __future__ import annotations

from typing import Any

import requests

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator, config_from_dict

SPEC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "CRM", "version": "8"},
    "servers": [{"url": "https://www.zohoapis.com"}],
    "components": {"schemas": {
        "Wrapper": {"type": "object", "properties": {
            "data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}}},
        "Exception": {"type": "object", "properties": {"code": {"type": "string"}}},
    }},
    "paths": {"/crm/v8/{module}": {"get": {
        "operationId": "Get Records",
        "parameters": [{"name": "module", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "page", "in": "query", "schema": {"type": "integer"}},
                       {"name": "per_page", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/Wrapper"}, {"$ref": "#/components/schemas/Exception"}]}}}}},
    }}},
}  # fmt: skip


def test_a_choice_of_answers_is_listed_and_paged_at_its_records() -> None:
    config = config_from_dict({"name": "crm", "base_path": "", "list_operations": ["Get Records"],
                               "pagination": {"style": "page_number", "size_param": "per_page", "size": 2},
                               "auth": {"type": "none"}, "seed_records": 0})  # fmt: skip
    emu = SpecEmulator(SPEC, config)
    seeded = emu.seed("/crm/v8/Leads", 3)
    with EmulatorServer(emu) as server:
        pages = [requests.get(f"{server.url}/crm/v8/Leads", params={"page": n, "per_page": 2}, timeout=10)
                 for n in (1, 2)]  # fmt: skip
    assert [p.status_code for p in pages] == [200, 200], pages[0].text
    got = pages[0].json()["data"] + pages[1].json()["data"]
    assert [r["id"] for r in got] == [r["id"] for r in seeded]
    assert len(pages[1].json()["data"]) == 1
