"""The registry: ids that never change, and upstream overrides applied at load time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from switchboard.catalog import Registry
from switchboard.catalog.compiled import compiled_connectors
from switchboard.catalog.ids import SHIPPED_ORDER
from switchboard.catalog.loader import BUILTIN_DIR
from switchboard.catalog.models import ApiKeyAuth, OAuth2Auth
from switchboard.catalog.urls import rewrite_origin

SHIPPED_IDS = Path(__file__).with_name("shipped_ids.json")
EMULATOR = "http://127.0.0.1:9000"


def ids_of(registry: Registry) -> dict[str, Any]:
    return {
        c.key: {
            "id": c.id,
            "methods": {
                m.unique_id: {
                    "id": m.id,
                    "parameters": {p.definition.target: p.id for p in m.parameters},
                    "fields": {f.definition.location: f.id for f in m.fields},
                    "response_fields": {f.definition.location: f.id for f in m.response_fields},
                }
                for m in c.methods
            },
        }
        for c in registry.connectors
    }


def test_shipped_ids_never_change() -> None:
    """Every id recorded in shipped_ids.json is still assigned to the same element (new ones may appear)."""
    recorded = json.loads(SHIPPED_IDS.read_text())
    current = ids_of(Registry.load())
    for key, connector in recorded.items():
        assert current[key]["id"] == connector["id"], key
        for uid, method in connector["methods"].items():
            now = current[key]["methods"][uid]
            assert now["id"] == method["id"], (key, uid)
            for kind in ("parameters", "fields", "response_fields"):
                assert {k: now[kind][k] for k in method[kind]} == method[kind], (key, uid, kind)


def test_overrides_move_base_and_oauth_urls_keeping_paths() -> None:
    plain = Registry.load().by_key
    moved = Registry.load(upstream_overrides={"salesloft": EMULATOR}).by_key
    before, after = plain["salesloft"].definition, moved["salesloft"].definition
    assert after.base_url == rewrite_origin(before.base_url, EMULATOR)
    assert after.base_url.startswith(EMULATOR)
    oauth_before, oauth_after = before.auth_of("oauth2"), after.auth_of("oauth2")
    assert isinstance(oauth_before, OAuth2Auth) and isinstance(oauth_after, OAuth2Auth)
    assert oauth_after.authorize_url == EMULATOR + "/oauth/authorize"
    assert oauth_after.token_url == EMULATOR + "/oauth/token"
    assert oauth_after.model_copy(update={"authorize_url": "", "token_url": ""}) == oauth_before.model_copy(
        update={"authorize_url": "", "token_url": ""}
    ), "only the URLs change"
    assert after.model_copy(update={"base_url": "", "auth": []}) == before.model_copy(
        update={"base_url": "", "auth": []}
    ), "only the URLs change"
    # A connector without an override is left exactly as loaded.
    assert moved["constant_contact"].definition == plain["constant_contact"].definition


def test_overrides_do_not_change_ids() -> None:
    overrides = {"salesloft": EMULATOR, "constant_contact": "http://localhost:9001", "absent": EMULATOR}
    assert ids_of(Registry.load(upstream_overrides=overrides)) == ids_of(Registry.load())


def test_api_key_auth_is_kept_and_the_base_url_moves(tmp_path: Path) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "connector.yaml").write_text(
        "key: people_api\nname: People API\nversion: '1'\nbase_url: https://api.example.com/v3/\n"
        "auth: [{type: api_key}]\nmethods: []\n"
    )
    connector = Registry.load([tmp_path], upstream_overrides={"people_api": "http://127.0.0.1:8123"}).by_key[
        "people_api"
    ]
    assert connector.definition.base_url == "http://127.0.0.1:8123/v3"
    assert connector.definition.auth == [ApiKeyAuth(type="api_key")]


@pytest.mark.parametrize(
    ("url", "origin", "expected"),
    [
        pytest.param(
            "https://accounts.example.com/oauth/token?x=1", EMULATOR, EMULATOR + "/oauth/token?x=1", id="path-and-query"
        ),
        pytest.param("https://api.example.com", EMULATOR, EMULATOR, id="no-path"),
        pytest.param("https://a.example.com/x", None, "https://a.example.com/x", id="no-override"),
        pytest.param("https://a.example.com/x", "", "https://a.example.com/x", id="empty-override"),
    ],
)
def test_rewrite_origin(url: str, origin: str | None, expected: str) -> None:
    assert rewrite_origin(url, origin) == expected


def test_adding_connectors_never_moves_an_existing_id() -> None:
    # The library grew from fourteen connectors to thirty-four; one of the new elements' hashes
    # landed on a Salesloft response field's id. Older connectors allocate first, so theirs stays.
    compiled = compiled_connectors([BUILTIN_DIR])
    first = [c for c in compiled if c.definition.key in SHIPPED_ORDER[:14]]
    before, after = ids_of(Registry(first)), ids_of(Registry(compiled))
    assert len(first) == 14 and {key: after[key] for key in before} == before


def test_every_shipped_connector_has_its_place_in_the_allocation_order() -> None:
    shipped = {c.definition.key for c in compiled_connectors([BUILTIN_DIR])}
    assert shipped == set(SHIPPED_ORDER), "append new connectors to catalog/ids.py SHIPPED_ORDER"
    assert len(SHIPPED_ORDER) == len(set(SHIPPED_ORDER))
