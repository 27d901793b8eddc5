"""A list that pages by a cursor its spec declares no parameter for: Figma's ``GET /v1/activity_logs`` takes only
``limit`` and filters, yet answers ``meta.cursor`` (the last event) and ``meta.next_page``, and reads ``cursor``.
Imported as it is, the list is not paged; the overlay gives the method its cursor paging, and a call reads every
page from the spec emulator, which pages the list as Figma does. (A connector of its own, figma_logs, beside the
shipped figma, whose overlay pages the list the same way.)"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from switchboard.importer import import_connector, parse_overlay
from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator, config_from_dict
from tests.harness import Account
from tests.integration.spec_apps import keyed_connection

KEY = "figma-test-token"
PATH = "/v1/activity_logs"
_NUMBER = {"type": "number"}
# The operation as figma/rest-api-spec (af94bebd8a00) declares it; the event trimmed to what this test reads.
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Figma API", "version": "0.31.0"},
    "servers": [{"url": "https://api.figma.com"}],
    "security": [{"PersonalAccessToken": []}],
    "components": {
        "securitySchemes": {"PersonalAccessToken": {"type": "apiKey", "name": "X-Figma-Token", "in": "header"}},
        "schemas": {
            "ActivityLog": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "timestamp": _NUMBER,
                    "action": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
                },
            }
        },
    },
    "paths": {
        PATH: {
            "get": {
                "operationId": "getActivityLogs",
                "summary": "Get activity logs",
                "parameters": [
                    {"name": "events", "in": "query", "schema": {"type": "string"}},
                    {"name": "start_time", "in": "query", "schema": _NUMBER},
                    {"name": "end_time", "in": "query", "schema": _NUMBER},
                    {"name": "limit", "in": "query", "schema": _NUMBER},
                    {
                        "name": "order",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Response from the GET /v1/activity_logs endpoint.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "status": {"type": "number", "enum": [200]},
                                        "error": {"type": "boolean", "enum": [False]},
                                        "meta": {
                                            "type": "object",
                                            "properties": {
                                                "activity_logs": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/ActivityLog"},
                                                },
                                                "cursor": {"type": "string"},
                                                "next_page": {"type": "boolean"},
                                            },
                                        },
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}
OVERLAY = """\
name: Figma Activity Logs
methods:
  # The cursor is read though the spec declares no parameter for it; next_page is false on the last page.
  getActivityLogs:
    pagination: {type: cursor, cursor_param: cursor, size_param: limit, size: 2, records: meta.activity_logs,
                 next: meta.cursor, more: meta.next_page}
"""
EMULATOR = {
    "auth": {"type": "api_key", "key_in": "header", "key_name": "X-Figma-Token", "key": KEY},
    "records_path": "meta.activity_logs",
    "own_pagination": {"getActivityLogs": {"style": "cursor", "cursor_param": "cursor", "size_param": "limit",
                                           "next_path": "meta.cursor", "more_path": "meta.next_page"}},
}  # fmt: skip


def test_imported_alone_the_list_is_not_paged() -> None:
    (method,) = import_connector(SPEC, "figma_logs").definition.methods
    assert method.pagination is None
    (method,) = import_connector(SPEC, "figma_logs", parse_overlay(OVERLAY)).definition.methods
    assert method.pagination is not None and method.pagination.type == "cursor"  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(SpecEmulator(SPEC, config_from_dict(EMULATOR))) as server:
        yield server


@pytest.fixture(scope="module")
def connection(
    emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Account, int, int]]:
    folder = tmp_path_factory.mktemp("figma-connectors")
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (folder / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "switchboard", "connectors", "import", str(folder / "spec.yaml"),
                           "--key", "figma_logs", "--overlay", str(folder / "overlay.yaml"), "--out", str(folder)],
                          capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data_dir = tmp_path_factory.mktemp("figma-data")
    upstream = {"figma_logs": emulator.url}
    with keyed_connection(data_dir, upstream, str(folder), "Figma Activity Logs", KEY) as connection:
        yield connection


def test_the_cursor_the_overlay_declares_fetches_every_page(
    connection: tuple[Account, int, int], emulator: EmulatorServer
) -> None:
    account, connection_id, connector = connection
    spec_emulator = emulator.emulator
    assert isinstance(spec_emulator, SpecEmulator)
    seeded = spec_emulator.seed(PATH, 2)  # the first five and two more: four pages of two
    methods = account.partner.http.get(f"/v1.0/connectors/{connector}/methods").json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == "Get activity logs")
    mark = len(spec_emulator.requests.all())
    answer = account.post(f"/v1.0/account/connectors/{connection_id}/methods/{uid}/body", json={"Parameters": {}})
    assert answer.status_code == 200, answer.text
    assert [e["id"] for e in answer.json()["meta"]["activity_logs"]] == [e["id"] for e in seeded]
    pages = [dict(r.query) for r in spec_emulator.requests.all()[mark:] if r.path == PATH]
    assert len(pages) == 4 and "cursor" not in pages[0], pages
    assert all(p.get("cursor") and p["limit"] == "2" for p in pages[1:]) and len({p["cursor"] for p in pages[1:]}) == 3
