"""A Swagger 2.0 API whose form parameters are lists, imported and called through a real server: each list goes
as its ``collectionFormat`` says, and the spec emulator reads it as the vendor would (the record it keeps and
answers with holds the lists, integers cast), in a URL-encoded form and in multipart/form-data. A header list
goes and is read by its format too: its items are an enum (and integers), so a list joined with another
delimiter than the one declared, by either side, is one item the spec refuses."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import orjson
import pytest
import requests
import yaml

from switchboard_emulators import EmulatorServer
from tests.harness import Account
from tests.integration.spec_apps import keyed_connection, keyed_spec_emulator

KEY = "form-lists-key"
FORMATS = ("csv", "ssv", "tsv", "pipes", "multi")
HEADER_FORMATS = ("csv", "ssv", "tsv", "pipes")  # multi is for query and form lists only
_LIST = {"type": "array", "items": {"type": "string"}}
TAGS = ["red", "sky-blue", "green"]


def _form(name: str, fmt: str, items: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "formData", "type": "array", "items": {"type": items}, "collectionFormat": fmt}


SPEC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Form Lists", "version": "1"},
    "host": "api.example.com",
    "schemes": ["https"],
    "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
    "security": [{"key": []}],
    "paths": {
        "/things": {
            "post": {
                "operationId": "createThing",
                "summary": "Create a thing",
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    *(_form(f"tags_{fmt}", fmt) for fmt in FORMATS),
                    _form("sizes", "csv", "integer"),
                    *(
                        {**_form(f"X-Tags-{fmt}", fmt), "in": "header", "items": {"type": "string", "enum": TAGS}}
                        for fmt in HEADER_FORMATS
                    ),
                    {**_form("X-Sizes", "tsv", "integer"), "in": "header"},
                ],
                "responses": {"201": {"description": "made", "schema": {"$ref": "#/definitions/Thing"}}},
            }
        },
        "/uploads": {
            "post": {
                "operationId": "upload",
                "summary": "Upload a file",
                "consumes": ["multipart/form-data"],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": True},
                    *(_form(f"tags_{fmt}", fmt) for fmt in FORMATS),
                    _form("sizes", "csv", "integer"),
                ],
                "responses": {"201": {"description": "stored", "schema": {"$ref": "#/definitions/Thing"}}},
            }
        },
    },
    "definitions": {
        "Thing": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                **{f"tags_{fmt}": _LIST for fmt in FORMATS},
                "sizes": {"type": "array", "items": {"type": "integer"}},
            },
        }
    },
}
SENT = {**{f"tags_{fmt}": TAGS for fmt in FORMATS}, "sizes": [3, 14]}


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    with keyed_spec_emulator(tmp_path_factory.mktemp("form-lists-spec"), SPEC, KEY) as server:
        yield server


@pytest.fixture(scope="module")
def connection(
    emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Account, int, int]]:
    folder = tmp_path_factory.mktemp("form-lists-connectors")
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "switchboard", "connectors", "import", str(spec), "--key",
                           "form_lists", "--out", str(folder)], capture_output=True, text=True, check=False,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data_dir = tmp_path_factory.mktemp("form-lists-data")
    with keyed_connection(data_dir, {"form_lists": emulator.url}, str(folder), "Form Lists", KEY) as connection:
        yield connection


def _call(
    connection: tuple[Account, int, int], name: str, body: dict[str, Any], parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    account, connection_id, connector = connection
    listing = account.partner.http.get(f"/v1.0/connectors/{connector}/methods", params={"pageSize": 100})
    methods = listing.json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == name)
    request = {"RequestBody": orjson.dumps(body).decode(), "Parameters": parameters or {}}
    answer = account.post(f"/v1.0/account/connectors/{connection_id}/methods/{uid}/body", json=request)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _record(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: answer[k] for k in SENT}


def test_a_url_encoded_form_sends_each_list_as_its_format_and_the_emulator_reads_the_lists(
    connection: tuple[Account, int, int], emulator: EmulatorServer
) -> None:
    before = len(emulator.emulator.requests.all())
    answer = _call(connection, "Create a thing", SENT)
    (sent,) = emulator.emulator.requests.all()[before:]
    assert sent.headers.get("Content-Type") == "application/x-www-form-urlencoded"
    assert parse_qsl((sent.body or b"").decode()) == [
        ("tags_csv", "red,sky-blue,green"),
        ("tags_ssv", "red sky-blue green"),
        ("tags_tsv", "red\tsky-blue\tgreen"),
        ("tags_pipes", "red|sky-blue|green"),
        ("tags_multi", "red"),
        ("tags_multi", "sky-blue"),
        ("tags_multi", "green"),
        ("sizes", "3,14"),
    ]
    assert _record(answer) == SENT  # the record the emulator kept, as it read the form


def test_a_multipart_body_sends_each_list_as_its_format_and_the_emulator_reads_the_lists(
    connection: tuple[Account, int, int], emulator: EmulatorServer
) -> None:
    before = len(emulator.emulator.requests.all())
    answer = _call(connection, "Upload a file", {**SENT, "file": base64.b64encode(b"a,b\n1,2\n").decode()})
    (sent,) = emulator.emulator.requests.all()[before:]
    assert (sent.headers.get("Content-Type") or "").startswith("multipart/form-data; boundary=")
    body = sent.body or b""
    assert b"\r\n\r\nred,sky-blue,green\r\n" in body and b"\r\n\r\nred|sky-blue|green\r\n" in body
    assert body.count(b'name="tags_multi"') == 3 and b"\r\n\r\na,b\n1,2\n\r\n" in body
    assert _record(answer) == SENT


def test_a_header_list_goes_as_its_collection_format(
    connection: tuple[Account, int, int], emulator: EmulatorServer
) -> None:
    before = len(emulator.emulator.requests.all())
    # Answered 200: the emulator read each list at its own delimiter, its items in the enum, the sizes integers.
    _call(connection, "Create a thing", {}, {**{f"X-Tags-{fmt}": TAGS for fmt in HEADER_FORMATS}, "X-Sizes": [3, 14]})
    (sent,) = emulator.emulator.requests.all()[before:]
    assert [sent.headers.get(f"X-Tags-{fmt}") for fmt in HEADER_FORMATS] == [
        "red,sky-blue,green",
        "red sky-blue green",
        "red\tsky-blue\tgreen",
        "red|sky-blue|green",
    ]
    assert sent.headers.get("X-Sizes") == "3\t14"


@pytest.mark.parametrize("fmt", ["ssv", "tsv", "pipes"])
def test_the_emulator_reads_a_header_list_at_its_declared_delimiter_only(emulator: EmulatorServer, fmt: str) -> None:
    def post(headers: dict[str, str]) -> requests.Response:
        form = {"X-API-Key": KEY, "Content-Type": "application/x-www-form-urlencoded"}
        return requests.post(f"{emulator.url}/things", headers=form | headers, timeout=10)

    joined = {"ssv": " ", "tsv": "\t", "pipes": "|"}[fmt]
    assert post({f"X-Tags-{fmt}": joined.join(TAGS)}).status_code == 201
    refused = post({f"X-Tags-{fmt}": ",".join(TAGS)})  # one item, "red,sky-blue,green", in no enum
    assert refused.status_code == 400 and f"X-Tags-{fmt}" in refused.text, refused.text
    assert post({"X-Tags-csv": ",".join(TAGS), "X-Sizes": "3\t14"}).status_code == 201
    assert post({"X-Tags-csv": joined.join(TAGS)}).status_code == 400  # a csv list is read at its commas
    assert post({"X-Sizes": "3,14"}).status_code == 400  # "3,14" is no integer
