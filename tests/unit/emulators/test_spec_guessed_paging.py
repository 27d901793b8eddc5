"""A cursor-paged list the emulator is given no paging for (no config, or one without ``pagination``): it reads the
paging from the spec (a cursor query parameter, a next-cursor member in the answer) and answers real cursors, the
last page's next one null, so a client that follows them reads every record once and stops. Apideck's style
(``cursor``, ``limit``, ``meta.cursors.next``) and a flat ``next_cursor``; a config's paging still wins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator, config_from_dict
from tests.unit.emulators.served import serving

FILE = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
_STRING = {"type": "string"}
_NULLABLE = {"type": "string", "nullable": True}


def _list(path: str, cursor: str, answer: dict[str, Any], example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": answer}
    if example is not None:
        media["example"] = example
    return {
        "get": {
            "operationId": f"list{path.strip('/').title()}",
            "summary": f"List {path.strip('/')}",
            "parameters": [
                {"name": cursor, "in": "query", "schema": _NULLABLE},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200,
                                                             "default": 2}},
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": media}}},
        }
    }  # fmt: skip


APIDECK = {
    "type": "object",
    "required": ["status_code", "data"],
    "properties": {
        "status_code": {"type": "integer"},
        "data": {"type": "array", "items": FILE},
        "meta": {"type": "object", "properties": {
            "items_on_page": {"type": "integer"},
            "cursors": {"type": "object", "properties": {"previous": _NULLABLE, "current": _NULLABLE,
                                                          "next": _NULLABLE}}}},
        "links": {"type": "object", "properties": {"previous": _NULLABLE, "current": _STRING, "next": _NULLABLE}},
    },
}  # fmt: skip
# The spec's example, its next cursor the same on every page when answered as it is.
_HOST = "https://unify.apideck.com/file-storage/files"
EXAMPLE = {"status_code": 200, "data": [{"id": "12345", "name": "sample.jpg"}],
           "meta": {"items_on_page": 1, "cursors": {"previous": "em9oby1jcm06OnBhZ2U6OjE=",
                                                     "current": "em9oby1jcm06OnBhZ2U6OjI=",
                                                     "next": "em9oby1jcm06OnBhZ2U6OjM="}},
           "links": {"previous": f"{_HOST}?cursor=em9oby1jcm06OnBhZ2U6OjE%3D", "current": _HOST,
                     "next": f"{_HOST}?cursor=em9oby1jcm06OnBhZ2U6OjM"}}  # fmt: skip
FLAT = {"type": "object", "properties": {"items": {"type": "array", "items": FILE}, "next_cursor": _NULLABLE}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "File Storage", "version": "1"},
    "servers": [{"url": "https://unify.apideck.com"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
    "security": [{"key": []}],
    "paths": {"/files": _list("/files", "cursor", APIDECK, EXAMPLE), "/folders": _list("/folders", "page_token", FLAT)},
}


def _read_all(url: str, path: str, cursor: str, next_at: list[str], records: str) -> tuple[list[str], int]:
    """Every record's id, following the answers' next cursors, and how many pages that took."""
    ids: list[str] = []
    query: dict[str, str] = {"limit": "2"}
    for pages in range(1, 20):
        answer = requests.get(f"{url}{path}", params=query, timeout=10)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ids += [record["id"] for record in body[records]]
        token: Any = body
        for part in next_at:
            token = token.get(part) if isinstance(token, dict) else None
        if not token:
            return ids, pages
        query = {"limit": "2", cursor: token}
    raise AssertionError(f"{path} never ended: {ids}")


def test_an_apideck_style_list_answers_real_cursors_and_none_on_its_last_page(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC) as url:
        ids, pages = _read_all(url, "/files", "cursor", ["meta", "cursors", "next"], "data")
    assert pages == 3 and len(ids) == 5 and len(set(ids)) == 5  # five seeded records, two a page


def test_a_flat_next_cursor_under_another_parameter_name_ends_too(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC) as url:
        ids, pages = _read_all(url, "/folders", "page_token", ["next_cursor"], "items")
    assert pages == 3 and len(set(ids)) == 5


def test_a_cursor_the_emulator_never_issued_is_refused(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC) as url:
        refused = requests.get(f"{url}/files", params={"cursor": "not-ours"}, timeout=10)
    assert refused.status_code == 400, refused.text


def test_a_configs_paging_wins_over_the_guess() -> None:
    config = config_from_dict({"pagination": {"style": "offset", "offset_param": "offset", "size": 3}})
    with EmulatorServer(SpecEmulator(SPEC, config)) as server:
        body = requests.get(f"{server.url}/files", timeout=10).json()
        paged = requests.get(f"{server.url}/files", params={"cursor": "not-ours"}, timeout=10)
    # Offset pages of three (the list declares limit), the cursor not read: no guessed cursor refused.
    assert len(body["data"]) == 3 and paged.status_code == 200
