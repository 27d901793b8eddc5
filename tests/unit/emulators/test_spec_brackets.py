"""The spec emulator reads bracketed deepObject queries and nested form bodies (Stripe) as the spec says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
import requests

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator, config_from_dict
from switchboard_emulators.spec.brackets import cast, unflatten
from switchboard_emulators.spec.document import Resolver

EXPAND = {"name": "expand", "in": "query", "style": "deepObject", "explode": True,
          "schema": {"type": "array", "items": {"type": "string"}}}  # fmt: skip
PAGE = {"name": "page", "in": "query", "style": "deepObject", "explode": True,
        "schema": {"type": "object", "properties": {"size": {"type": "integer"}}}}  # fmt: skip
RANGE = {"type": "object", "properties": {"gte": {"type": "integer"}}}
CREATED = {"name": "created", "in": "query", "style": "deepObject", "explode": True,
           "schema": {"anyOf": [RANGE, {"type": "integer"}]}}  # fmt: skip
ITEMS = {"type": "array", "items": {"type": "object", "required": ["price"],
         "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}}}}  # fmt: skip
FORM_SCHEMA = {
    "type": "object",
    "required": ["items"],
    "properties": {
        "items": ITEMS,
        "expand": {"type": "array", "items": {"type": "string"}},
        "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"enum": [""]}]},
        "description": {"type": "string"},
    },
}


def _spec() -> dict[str, Any]:
    answer = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
    form = {"schema": FORM_SCHEMA, "encoding": {"expand": {"style": "deepObject", "explode": True},
                                                "description": {"style": "deepObject", "explode": True}}}  # fmt: skip
    paths = {
        "/things": {
            "get": {"parameters": [EXPAND, {"$ref": "#/components/parameters/created"}, PAGE], "responses": answer},
            "post": {
                "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": form}},
                "responses": answer,
            },
        }
    }
    components = {"parameters": {"created": CREATED}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("brackets")
    (folder / "spec.json").write_bytes(orjson.dumps(_spec()))
    with EmulatorServer(SpecEmulator(folder / "spec.json", config_from_dict({"name": "t"}))) as server:
        yield server.url


@pytest.mark.parametrize(
    "query",
    # created is named by $ref; page, a plain object, is read by openapi-core itself (Zendesk's page[size]).
    [
        "expand[]=a&expand[]=b",
        "expand[0]=a&expand[1]=b",
        "created[gte]=1700000000",
        "created=1700000000",
        "page[size]=2",
        "",
    ],
)
def test_a_bracketed_deep_object_query_is_valid(url: str, query: str) -> None:
    answer = requests.get(f"{url}/things?{query}", timeout=10)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("query", "says"), [("created[gte]=soon", "created"), ("expand[x]=a", "expand"), ("page[size]=big", "page")]
)
def test_a_bracketed_query_the_schema_refuses_is_a_400(url: str, query: str, says: str) -> None:
    answer = requests.get(f"{url}/things?{query}", timeout=10)
    assert answer.status_code == 400
    assert says in answer.json()["message"]


def test_a_nested_form_body_is_valid(url: str) -> None:
    body = "items[0][price]=p&items[0][quantity]=2&items[1][price]=q&expand[0]=x&metadata[k]=v&description=d"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = requests.post(f"{url}/things", data=body, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("items[0][quantity]=2", "'price' is a required property"),
        ("items[0][price]=p&items[0][quantity]=two", "'two' is not of type 'integer'"),
        ("description=d", "'items' is a required property"),
    ],
)
def test_a_nested_form_body_the_schema_refuses_is_a_400(url: str, body: str, says: str) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = requests.post(f"{url}/things", data=body, headers=headers, timeout=10)
    assert answer.status_code == 400
    assert says in answer.json()["message"]


def test_a_json_body_is_still_refused_where_the_spec_takes_a_form(url: str) -> None:
    answer = requests.post(f"{url}/things", json={"items": [{"price": "p"}]}, timeout=10)
    assert answer.status_code == 400


def test_unflatten_builds_lists_and_objects_and_refuses_contradictions() -> None:
    pairs = [("a[0][b]", "1"), ("a[1][b]", "2"), ("e[]", "x"), ("e[]", "y"), ("m[k]", "v"), ("r", "1"), ("r", "2")]
    assert unflatten(pairs) == {"a": [{"b": "1"}, {"b": "2"}], "e": ["x", "y"], "m": {"k": "v"}, "r": ["1", "2"]}
    for bad in ([("a", "1"), ("a[b]", "2")], [("a[999999]", "1")], [("a]b", "1")]):
        with pytest.raises(ValueError):
            unflatten(bad)


def test_cast_follows_the_schema_through_choices() -> None:
    resolver = Resolver({})
    assert cast({"gte": "5"}, CREATED["schema"], resolver) == {"gte": 5}
    assert cast("5", CREATED["schema"], resolver) == 5
    assert cast([{"price": "7", "quantity": "2"}], ITEMS, resolver) == [{"price": "7", "quantity": 2}]
    assert cast("true", {"type": "boolean"}, resolver) is True
    assert cast("1.5", {"type": "number"}, resolver) == 1.5
    assert cast("x", {"type": "integer"}, resolver) == "x"  # left for the validator to refuse


def test_a_flat_form_without_deep_encodings_is_left_to_openapi_core(tmp_path: Path) -> None:
    """Twilio's MessageSamples=a&MessageSamples=b: repeated keys, read by openapi-core as before."""
    schema = {"type": "object", "properties": {"s": {"type": "array", "items": {"type": "string"}}}}
    post = {"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": schema}}},
            "responses": {"204": {"description": "done"}}}  # fmt: skip
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/f": {"post": post}}}
    (tmp_path / "spec.json").write_bytes(orjson.dumps(spec))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with EmulatorServer(SpecEmulator(tmp_path / "spec.json", config_from_dict({"name": "t"}))) as server:
        answer = requests.post(f"{server.url}/f", data="s=a&s=b", headers=headers, timeout=10)
    assert answer.status_code == 204, answer.text


def test_bracketed_names_the_form_declares_as_they_are_stay_flat(tmp_path: Path) -> None:
    """GitLab's bulk import declares ``configuration[url]`` as one property's name, not a nested object."""
    schema = {"type": "object", "required": ["configuration[url]"],
              "properties": {"configuration[url]": {"type": "string"}, "n": {"type": "integer"}}}  # fmt: skip
    post = {"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": schema}}},
            "responses": {"204": {"description": "done"}}}  # fmt: skip
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/f": {"post": post}}}
    (tmp_path / "spec.json").write_bytes(orjson.dumps(spec))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with EmulatorServer(SpecEmulator(tmp_path / "spec.json", config_from_dict({"name": "t"}))) as server:
        sent = requests.post(
            f"{server.url}/f", data="configuration%5Burl%5D=https%3A%2F%2Fx&n=2", headers=headers, timeout=10
        )
        missing = requests.post(f"{server.url}/f", data="n=2", headers=headers, timeout=10)
    assert sent.status_code == 204, sent.text
    assert missing.status_code == 400 and "configuration[url]" in missing.text
