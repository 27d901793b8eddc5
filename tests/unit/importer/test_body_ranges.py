"""A body the spec gives as a range of types (``*/*``, ``text/*``) goes in the type its schema tells;
bytes of any type only in the type the overlay names (Jira's avatars)."""

from __future__ import annotations

import base64
import copy
from typing import Any

from switchboard.catalog import Registry, load_connector
from switchboard.catalog.loader import BUILTIN_DIR
from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Method
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.http import OutboundRequest
from switchboard.importer import import_connector, parse_overlay

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
TASK = {"type": "object", "required": ["subject"], "properties": {"subject": {"type": "string"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Chats", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        # springdoc's way: every body it was not told the type of is */*
        "/tasks": {"post": {"requestBody": {"required": True, "content": {"*/*": {"schema": TASK}}},
                            "responses": OK}},
        "/members": {"post": {"requestBody": {"content": {"application/*": {"schema": {
            "type": "array", "items": {"type": "string"}}}}}, "responses": OK}},
        "/posts/{id}/text": {"put": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"content": {"text/*": {"schema": {"type": "string"}}}}, "responses": OK}},
        "/avatar": {"post": {"requestBody": {"content": {"*/*": {"schema": {}}}}, "responses": OK}},
    },
}  # fmt: skip


def _imported() -> tuple[ConnectorDef, dict[str, Method]]:
    result = import_connector(copy.deepcopy(SPEC), "chats")
    connector = Registry([result.definition]).by_key["chats"]
    return result.definition, {m.definition.http: m for m in connector.methods}


def _request(definition: ConnectorDef, method: Method, body: Any, **parameters: str) -> OutboundRequest:
    inputs = bind_by_name(method, parameters, None, body)
    return build_request(definition, method, inputs, definition.base_url or "")


def test_an_object_or_array_under_any_type_is_sent_as_json() -> None:
    definition, methods = _imported()
    task = _request(definition, methods["POST /tasks"], {"subject": "Ship it"})
    assert task.body == b'{"subject":"Ship it"}' and ("Content-Type", "application/json") in task.headers
    assert [f.definition.location for f in methods["POST /tasks"].fields] == ["subject"]
    members = _request(definition, methods["POST /members"], {"$": ["u1", "u2"]})
    assert members.body == b'["u1","u2"]' and ("Content-Type", "application/json") in members.headers


def test_a_string_under_any_text_type_is_sent_as_plain_text() -> None:
    definition, methods = _imported()
    post = _request(definition, methods["PUT /posts/{id}/text"], {"$": "héllo"}, id="7")
    assert post.url == "https://api.example.com/posts/7/text"
    assert post.body == "héllo".encode() and ("Content-Type", "text/plain") in post.headers


def test_bytes_of_any_type_go_as_octet_stream_with_a_note() -> None:
    """Apideck File Storage's uploads: a body of ``*/*`` only goes as a client sends bytes of no named type."""
    result = import_connector(copy.deepcopy(SPEC), "chats")
    assert dict(result.report.skipped) == {}
    connector = Registry([result.definition]).by_key["chats"]
    method = next(m for m in connector.methods if m.definition.http == "POST /avatar")
    sent = _request(result.definition, method, {"$": base64.b64encode(b"\x89PNG bytes").decode()})
    assert sent.body == b"\x89PNG bytes" and ("Content-Type", "application/octet-stream") in sent.headers
    notes = [note for op, note in result.report.notes if op == "POST /avatar"]
    assert any("*/*" in note and "application/octet-stream" in note for note in notes), result.report.notes


def test_the_overlays_content_type_still_names_a_body_of_any_type() -> None:
    overlay = parse_overlay("name: Chats\nmethods:\n  POST /avatar: {content_type: image/png}\n")
    method = next(m for m in import_connector(copy.deepcopy(SPEC), "chats", overlay).definition.methods
                  if m.http == "POST /avatar")  # fmt: skip
    assert method.content_type == "image/png"


def test_jiras_avatars_go_as_the_image_type_given_with_its_upload_header() -> None:
    definition = load_connector(BUILTIN_DIR / "jira" / "connector.yaml")
    connector = Registry([definition]).by_key["jira"]
    method = next(
        m for m in connector.methods if m.definition.http == "POST /rest/api/3/project/{projectIdOrKey}/avatar2"
    )
    image = b"\xff\xd8\xff\xe0 a JPEG's first bytes"
    body = {"$": base64.b64encode(image).decode()}
    base = "https://api.atlassian.com/ex/jira/cloud-1"
    png = build_request(
        definition, method, bind_by_name(method, {"projectIdOrKey": "OPS", "size": 64}, None, body), base
    )
    assert png.body == image and ("Content-Type", "image/png") in png.headers
    assert ("X-Atlassian-Token", "no-check") in png.headers
    chosen = {"projectIdOrKey": "OPS", "size": 64, "Content-Type": "image/jpeg"}
    jpeg = build_request(definition, method, bind_by_name(method, chosen, None, body), base)
    assert [v for k, v in jpeg.headers if k.lower() == "content-type"] == ["image/jpeg"]
    assert jpeg.url == f"{base}/rest/api/3/project/OPS/avatar2" and ("size", "64") in jpeg.query


def test_a_key_required_but_not_declared_is_an_optional_field_unless_nothing_else_is_allowed() -> None:
    """Qovery's organisation edit requires a ``plan`` it never declares: a call must be able to send it."""
    edit = {"type": "object", "required": ["name", "plan"], "properties": {"name": {"type": "string"}}}
    closed = {**edit, "additionalProperties": False}  # Jira's screens: a required typo no request can satisfy
    ops = {"/orgs/{id}": {"put": _with_body(edit)}, "/screens": {"post": _with_body(closed)}}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "servers": SPEC["servers"], "paths": ops}
    definition = import_connector(spec, "qovery").definition
    methods = {m.http: m for m in definition.methods}
    fields = {f.location: (f.type, f.required) for f in methods["PUT /orgs/{id}"].fields}
    assert fields == {"name": ("string", True), "plan": ("any", False)}
    assert [f.location for f in methods["POST /screens"].fields] == ["name"]
    method = next(m for m in Registry([definition]).by_key["qovery"].methods if m.definition.http == "PUT /orgs/{id}")
    sent = _request(definition, method, {"name": "Acme", "plan": {"tier": "TEAM"}}, id="7")
    assert sent.body == b'{"name":"Acme","plan":{"tier":"TEAM"}}'


def _with_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": OK}
