"""A spec split across files (DigitalOcean's layout) is served as one: each reference read from the folder
of the file holding it, a schema that refers back to itself placed once, a discriminator's mapping kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator
from switchboard_emulators.spec.bundle import BUNDLED, refers_outside
from switchboard_emulators.spec.document import load_spec

FILES: dict[str, Any] = {
    "api.yaml": {
        "openapi": "3.0.0", "info": {"title": "Clouds", "version": "2"},
        "paths": {"/v2/droplets": {"post": {"$ref": "resources/droplets/create.yml"}},
                  "/v2/droplets/actions": {"post": {"$ref": "resources/droplets/act.yml"}}},
    },
    "resources/droplets/create.yml": {
        "operationId": "droplets_create",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "models/droplet.yml#/droplet"}}}},
        "responses": {"202": {"$ref": "../../common/accepted.yml"}},
    },
    "resources/droplets/act.yml": {
        "operationId": "droplets_act",
        "requestBody": {"content": {"application/json": {"schema": {
            "oneOf": [{"$ref": "models/actions.yml#/reboot"}, {"$ref": "models/actions.yml#/resize"}],
            "discriminator": {"propertyName": "type", "mapping": {
                "reboot": "models/actions.yml#/reboot", "resize": "models/actions.yml#/resize"}}}}}},
        "responses": {"202": {"$ref": "../../common/accepted.yml"}},
    },
    "resources/droplets/models/droplet.yml": {
        "droplet": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "size": {"$ref": "#/size"}, "tags": {"$ref": "tag.yml"}}},
        "size": {"type": "string", "enum": ["s-1vcpu-1gb"]},
    },
    # A tree: a tag's children are tags.
    "resources/droplets/models/tag.yml": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "children": {"$ref": "tag.yml"}}}},
    "resources/droplets/models/actions.yml": {
        "reboot": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
        "resize": {"type": "object", "required": ["type", "size"], "properties": {
            "type": {"type": "string"}, "size": {"type": "string"}}},
    },
    "common/accepted.yml": {"description": "accepted", "content": {"application/json": {
        "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}},
}  # fmt: skip


def _written(folder: Path) -> Path:
    for name, document in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(document, indent=1), encoding="utf-8")
    return folder / "api.yaml"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(tmp_path_factory.mktemp("clouds"))


def test_the_files_a_spec_names_are_inlined_and_a_tree_placed_once(spec: Path) -> None:
    assert refers_outside(spec.read_bytes()) and not refers_outside(b'{"$ref": "#/components/schemas/A"}')
    doc = load_spec(spec)
    create = doc["paths"]["/v2/droplets"]["post"]
    droplet = create["requestBody"]["content"]["application/json"]["schema"]
    assert droplet["required"] == ["name"] and droplet["properties"]["size"]["enum"] == ["s-1vcpu-1gb"]
    tags = droplet["properties"]["tags"]
    assert tags == {"$ref": f"#/{BUNDLED}/0"}  # the tree, placed once and referenced
    assert doc[BUNDLED]["0"]["items"]["properties"]["children"] == {"$ref": f"#/{BUNDLED}/0"}
    assert create["responses"]["202"]["description"] == "accepted"


def test_requests_are_checked_against_the_files_the_spec_names(spec: Path) -> None:
    with EmulatorServer(SpecEmulator(spec)) as server:
        good = requests.post(f"{server.url}/v2/droplets", json={"name": "web-1", "tags": [{"name": "a"}]}, timeout=10)
        bad = requests.post(f"{server.url}/v2/droplets", json={"size": "s-1vcpu-1gb"}, timeout=10)
        resize = requests.post(f"{server.url}/v2/droplets/actions", json={"type": "resize", "size": "s"}, timeout=10)
        short = requests.post(f"{server.url}/v2/droplets/actions", json={"type": "resize"}, timeout=10)
    assert good.status_code == 202, good.text
    assert bad.status_code == 400 and "'name' is a required property" in bad.text
    assert resize.status_code == 202, resize.text
    assert short.status_code == 400 and "'size' is a required property" in short.text


def test_a_file_above_the_spec_s_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yml").write_text("type: object\nrequired: [password]\n", encoding="utf-8")
    spec = tmp_path / "api" / "api.yaml"
    spec.parent.mkdir()
    body = {"content": {"application/json": {"schema": {"$ref": "../secret.yml"}}}}
    paths = {"/v2/things": {"post": {"requestBody": body, "responses": {"204": {"description": "done"}}}}}
    spec.write_text(json.dumps({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": paths}))
    schema = load_spec(spec)["paths"]["/v2/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "../secret.yml"}  # left a reference to nothing: any value


def test_big_one_file_specs_keep_their_parse_cache() -> None:
    """A property named $ref (Okta's, GitHub's), a folded reference (Stripe's), a URL in an example (GitHub's
    SCIM) or a reference quoted in a description (Smartsheet's) names no file: such a spec stays cached."""
    specs = Path(__file__).resolve().parents[3] / "specs"
    for name in ("stripe.yaml", "okta-management.yaml", "github.yaml", "smartsheet.json"):
        assert not refers_outside((specs / name).read_bytes()), name


def _droplet(doc: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = doc["paths"]["/v2/droplets"]["post"]["requestBody"]["content"]["application/json"]
    return schema["schema"]  # type: ignore[no-any-return]


def test_a_split_spec_is_read_from_its_cache_while_none_of_its_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DigitalOcean's thousand files are parsed once: the entry names each file read with its hash, and a
    change to any of them, or a file that was missing and now is there, makes the spec read whole again."""
    monkeypatch.setenv("SWITCHBOARD_EMULATOR_SPEC_CACHE", str(tmp_path / "cache"))
    spec = _written(tmp_path / "clouds")
    assert _droplet(load_spec(spec))["required"] == ["name"]
    (entry,) = (tmp_path / "cache").iterdir()
    kept = json.loads(entry.read_text())
    assert str((spec.parent / "resources/droplets/models/tag.yml").resolve()) in kept["files"]
    # Marked in the cache alone: the next load shows the mark, so it came from there.
    kept["doc"]["info"]["title"] = "from the cache"
    entry.write_text(json.dumps(kept))
    assert load_spec(spec)["info"]["title"] == "from the cache"

    model = spec.parent / "resources/droplets/models/droplet.yml"
    changed = dict(FILES["resources/droplets/models/droplet.yml"])
    changed["droplet"] = {**changed["droplet"], "required": ["name", "size"]}
    model.write_text(json.dumps(changed), encoding="utf-8")
    doc = load_spec(spec)
    assert doc["info"]["title"] == "Clouds" and _droplet(doc)["required"] == ["name", "size"]

    # A reference to a file not there yet is a reference to nothing; once the file exists it is inlined.
    create = {**FILES["resources/droplets/create.yml"], "responses": {"202": {"$ref": "../../common/later.yml"}}}
    (spec.parent / "resources/droplets/create.yml").write_text(json.dumps(create), encoding="utf-8")
    answer = load_spec(spec)["paths"]["/v2/droplets"]["post"]["responses"]["202"]
    assert answer == {"$ref": "../../common/later.yml"}
    (spec.parent / "common/later.yml").write_text(json.dumps({"description": "later"}), encoding="utf-8")
    assert load_spec(spec)["paths"]["/v2/droplets"]["post"]["responses"]["202"] == {"description": "later"}


def test_a_file_named_twice_is_two_copies_from_the_first_start_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checker edits its copy of a schema in place for one media type (a binary type's string becomes
    ``format: binary``); had the bundle put one object in both places, the first start (and only it, the
    cache holding copies) would have let that edit reach Conjur's text/yaml policies too."""
    monkeypatch.setenv("SWITCHBOARD_EMULATOR_SPEC_CACHE", str(tmp_path / "cache"))
    spec = _written(tmp_path / "clouds")
    doc = load_spec(spec)
    create, act = doc["paths"]["/v2/droplets"]["post"], doc["paths"]["/v2/droplets/actions"]["post"]
    assert create["responses"]["202"] == act["responses"]["202"]
    assert create["responses"]["202"] is not act["responses"]["202"]  # common/accepted.yml, named by both
    assert load_spec(spec) == doc  # the next start reads the same
