"""With ``unknown_ids_404``, the spec emulator answers an item id it never handed out as the vendor would: the
operation's declared 404 (its example, else its schema's body, else a plain JSON error). Only where it keeps the
collection, and only where the operation declares a 404; otherwise, and with the option off, as found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator
from switchboard_emulators.spec.config import config_from_dict

_THING = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
_ERROR = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "enum": ["gone"]}}}


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


_MISSING = {"description": "no such thing",
            "content": {"application/json": {"example": {"message": "Thing not found"}}}}  # fmt: skip
_ITEM = {
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
    "get": {"operationId": "getThing", "responses": {"200": _ok(_THING), "404": _MISSING}},
    "put": {"operationId": "putThing", "requestBody": {"content": {"application/json": {"schema": _THING}}},
            "responses": {"200": _ok(_THING), "404": {"$ref": "#/components/responses/Missing"}}},
    "patch": {"operationId": "patchThing", "requestBody": {"content": {"application/json": {"schema": _THING}}},
              "responses": {"200": _ok(_THING)}},  # no 404 declared: what the vendor answers is unknown
    "delete": {"operationId": "deleteThing",
               "responses": {"204": {"description": "gone"}, "404": {"description": "no such thing"}}},
}  # fmt: skip
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/things": {
            "get": {"operationId": "listThings", "responses": {"200": _ok({"type": "array", "items": _THING})}},
            "post": {"operationId": "createThing", "requestBody": {"content": {"application/json": {"schema": _THING}}},
                     "responses": {"201": _ok(_THING)}},
        },
        "/things/{id}": _ITEM,
        # No list and no create: ids come from the spec's examples, and any is answered as found.
        "/widgets/{id}": {"get": {"operationId": "getWidget", "parameters": _ITEM["parameters"],
                                  "responses": {"200": _ok(_THING), "404": _MISSING}}},
    },
    "components": {"responses": {"Missing": {"description": "gone",
                                             "content": {"application/json": {"schema": _ERROR}}}}},
}  # fmt: skip


def _serve(folder: Path, config: dict[str, Any]) -> Iterator[httpx.Client]:
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    with EmulatorServer(SpecEmulator(path, config_from_dict(config))) as server, httpx.Client(base_url=server.url) as c:
        yield c


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path, {"unknown_ids_404": True})


@pytest.fixture
def lenient(tmp_path: Path) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path, {})


def test_an_id_no_create_or_list_handed_out_is_answered_with_the_declared_404(strict: httpx.Client) -> None:
    got = strict.get("/things/987654")
    assert (got.status_code, got.json()) == (404, {"message": "Thing not found"})  # the example
    put = strict.put("/things/987654", json={"name": "x"})
    assert (put.status_code, put.json()) == (404, {"code": "gone"})  # from the referenced response's schema
    deleted = strict.delete("/things/987654")
    assert deleted.status_code == 404 and deleted.json()["error"] == "not_found"  # declared without a body


def test_a_created_or_listed_id_is_found_and_a_deleted_one_no_longer(strict: httpx.Client) -> None:
    created = strict.post("/things", json={"name": "Lamp"}).json()
    listed = strict.get("/things").json()
    for thing in (created, listed[0]):
        got = strict.get(f"/things/{thing['id']}")
        assert (got.status_code, got.json()["id"]) == (200, thing["id"])
    assert strict.delete(f"/things/{created['id']}").status_code == 204
    assert strict.get(f"/things/{created['id']}").status_code == 404


def test_where_it_cannot_know_the_emulator_answers_as_found(strict: httpx.Client) -> None:
    assert strict.patch("/things/987654", json={"name": "x"}).status_code == 200  # no 404 declared
    widget = strict.get("/widgets/987654")  # no store for widgets: ids are the examples'
    assert (widget.status_code, widget.json()["id"]) == (200, 987654)


def test_without_the_option_an_unknown_id_is_answered_as_found(lenient: httpx.Client) -> None:
    got = lenient.get("/things/987654")
    assert (got.status_code, got.json()["id"]) == (200, 987654)
