"""A body field's list ``style`` is honoured wherever the field is placed: under the method's ``body_root`` and
at a dotted ``api_name``, not only as a form's top-level key. A delimited style (comma, space, pipe, tab) sends
the list joined, in any body (in JSON, the joined string); a form's own styles (repeat, brackets, ...) write the
list's keys at any depth. Checked on what reaches the upstream, a spec emulator that takes any object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import orjson
import pytest
import yaml

from switchboard_emulators import EmulatorServer
from tests.harness import Account
from tests.integration.spec_apps import keyed_connection, keyed_spec_emulator

KEY = "styled-key"
_ANY = {"schema": {"type": "object"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Styled", "version": "1"},
    "servers": [{"url": "https://api.styled.example"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
    "security": [{"key": []}],
    "paths": {
        "/things": {
            "post": {
                "operationId": "createThing",
                "requestBody": {
                    "content": {
                        t: _ANY
                        for t in ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
                    }
                },
                "responses": {"200": {"description": "made", "content": {"application/json": _ANY}}},
            }
        }
    },
}


def _method(name: str, uid: str, fields: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    listed = [{"name": f["location"].title(), "type": "array", **f} for f in fields]
    return {"name": name, "unique_id": uid, "http": "POST /things", "fields": listed, **extra}


CONNECTOR: dict[str, Any] = {
    "key": "styled_lists",
    "name": "Styled Lists",
    "version": "1.0",
    "base_url": "https://api.styled.example",
    "query_style": "brackets",  # so a form's list without a style of its own goes as key[]=
    "auth": [{"type": "api_key", "in": "header", "name": "X-API-Key", "format": "{key}"}],
    "methods": [
        _method("Form under root", "3f0b6d2e-6a51-4c1e-9d7a-1b2c3d4e5f60",
                [{"location": "tags", "style": "pipe"}, {"location": "sizes", "style": "repeat"},
                 {"location": "notes"}],
                body_format="form", body_root="thing"),
        _method("Form nested", "3f0b6d2e-6a51-4c1e-9d7a-1b2c3d4e5f61",
                [{"location": "tags", "api_name": "meta.tags", "style": "comma"},
                 {"location": "sizes", "api_name": "meta.sizes", "style": "repeat"}], body_format="form"),
        _method("JSON nested", "3f0b6d2e-6a51-4c1e-9d7a-1b2c3d4e5f62",
                [{"location": "tags", "api_name": "meta.tags", "style": "tab"}, {"location": "notes"}],
                body_root="thing"),
        _method("Multipart nested", "3f0b6d2e-6a51-4c1e-9d7a-1b2c3d4e5f63",
                [{"location": "tags", "api_name": "meta.tags", "style": "space"},
                 {"location": "labels", "style": "pipe"}],
                body_format="multipart"),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    with keyed_spec_emulator(tmp_path_factory.mktemp("styled-spec"), SPEC, KEY) as server:
        yield server


@pytest.fixture(scope="module")
def connection(emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Account, int]]:
    folder: Path = tmp_path_factory.mktemp("styled-connectors")
    (folder / "styled_lists").mkdir()
    (folder / "styled_lists" / "connector.yaml").write_text(yaml.safe_dump(CONNECTOR), encoding="utf-8")
    data_dir = tmp_path_factory.mktemp("styled-data")
    upstreams = {"styled_lists": emulator.url}
    with keyed_connection(data_dir, upstreams, json.dumps([str(folder)]), "Styled Lists", KEY) as (account, id_, _):
        yield account, id_


def _sent(connection: tuple[Account, int], emulator: EmulatorServer, method: str, body: dict[str, Any]) -> Any:
    """The request the upstream received for a call of ``method`` with ``body``."""
    account, connection_id = connection
    uid = next(m["unique_id"] for m in CONNECTOR["methods"] if m["name"] == method)
    before = len(emulator.emulator.requests.all())  # type: ignore[attr-defined]
    answer = account.post(f"/v1.0/account/connectors/{connection_id}/methods/{uid}/body",
                          json={"RequestBody": orjson.dumps(body).decode()})  # fmt: skip
    assert answer.status_code == 200, answer.text
    (sent,) = emulator.emulator.requests.all()[before:]  # type: ignore[attr-defined]
    return sent


def test_a_form_under_its_body_root_writes_each_list_in_its_style(
    connection: tuple[Account, int], emulator: EmulatorServer
) -> None:
    sent = _sent(
        connection, emulator, "Form under root", {"tags": ["red", "sky blue"], "sizes": [3, 14], "notes": ["a"]}
    )
    assert parse_qsl((sent.body or b"").decode()) == [
        ("thing[tags]", "red|sky blue"),
        ("thing[sizes]", "3"),
        ("thing[sizes]", "14"),
        ("thing[notes][]", "a"),  # no style of its own: the connector's
    ]


def test_a_form_field_at_a_dotted_api_name_keeps_its_style(
    connection: tuple[Account, int], emulator: EmulatorServer
) -> None:
    sent = _sent(connection, emulator, "Form nested", {"tags": ["red", "green"], "sizes": [3, 14]})
    assert parse_qsl((sent.body or b"").decode()) == [
        ("meta[tags]", "red,green"),
        ("meta[sizes]", "3"),
        ("meta[sizes]", "14"),
    ]


def test_a_json_body_sends_a_delimited_list_as_the_joined_string(
    connection: tuple[Account, int], emulator: EmulatorServer
) -> None:
    sent = _sent(connection, emulator, "JSON nested", {"tags": ["red", "green", True], "notes": ["a", "b"]})
    assert orjson.loads(sent.body) == {"thing": {"meta": {"tags": "red\tgreen\ttrue"}, "notes": ["a", "b"]}}


def test_a_multipart_body_joins_a_nested_list_in_its_json_part(
    connection: tuple[Account, int], emulator: EmulatorServer
) -> None:
    sent = _sent(connection, emulator, "Multipart nested", {"tags": ["red", "green"], "labels": ["x", "y"]})
    content_type = sent.headers.get("Content-Type") or ""
    parsed = message_from_bytes(f"Content-Type: {content_type}\r\n\r\n".encode() + (sent.body or b""))
    parts: dict[str, Message] = {
        str(p.get_param("name", header="content-disposition")): p for p in parsed.get_payload()
    }  # type: ignore[union-attr]
    assert orjson.loads(parts["meta"].get_payload(decode=True)) == {"tags": "red green"}  # type: ignore[arg-type]
    assert parts["labels"].get_payload(decode=True) == b"x|y"
    assert len(parts) == 2
