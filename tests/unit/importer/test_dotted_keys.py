"""A body key holding dots (DocuSign Admin's multipart part ``file.csv``, Lichess's form key ``clock.limit``) is a
field located with underscores and sent under its own name: the dot no longer reads as nesting. Before, such a
key was left out with a report note, and each of DocuSign's six imports was refused for the missing file."""

from __future__ import annotations

import base64
import copy
from typing import Any
from urllib.parse import parse_qsl

import orjson

from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector
from switchboard_emulators.spec import CheckedRequest
from switchboard_emulators.spec.validation import SpecChecker

_SETTINGS = {"type": "object", "properties": {"time.zone": {"type": "string"}, "locale": {"type": "string"}}}
_CHALLENGE = {
    "type": "object",
    "required": ["clock.limit"],
    "properties": {
        "clock.limit": {"type": "integer"},
        "clock.increment": {"type": "integer"},
        "rated": {"type": "boolean"},
    },
}
_UPLOAD = {
    "type": "object",
    "required": ["file.csv"],
    "properties": {"file.csv": {"type": "string", "format": "binary"}},
}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Dots", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/settings": {"put": {"summary": "Update settings", "requestBody": {"content": {"application/json": {
            "schema": {"type": "object", "properties": {"account.settings": _SETTINGS, "name": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok"}}}},
        "/challenge": {"post": {"summary": "Challenge", "requestBody": {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": _CHALLENGE}}},
            "responses": {"200": {"description": "ok"}}}},
        "/imports": {"post": {"summary": "Import", "requestBody": {"required": True, "content": {
            "multipart/form-data": {"schema": _UPLOAD}}}, "responses": {"200": {"description": "ok"}}}},
    },
}  # fmt: skip


def _sent(name: str, body: dict[str, Any]) -> tuple[dict[str, Any], str, bytes]:
    """The method's fields (location: wire name), and the request's content type and body."""
    result = import_connector(copy.deepcopy(SPEC), "dots")
    assert not result.report.skipped and not [n for _, n in result.report.notes if "not mapped" in n]
    connector = Registry([result.definition]).by_key["dots"]
    method = next(m for m in connector.methods if m.definition.name == name)
    fields = {f.definition.location: f.definition.api_name for f in method.fields}
    request = build_request(
        connector.definition, method, bind_by_name(method, {}, None, body), "https://api.example.com"
    )
    assert request.body is not None
    content_type = next(value for key, value in request.headers if key == "Content-Type")
    problem = SpecChecker(SPEC).request_problem(CheckedRequest(
        method=request.method, path=request.url.removeprefix("https://api.example.com"),
        path_pattern=request.url.removeprefix("https://api.example.com"), body=request.body,
        content_type=content_type))  # fmt: skip
    assert problem is None, problem  # the spec takes what is sent
    return fields, content_type, request.body


def test_a_json_key_with_dots_is_sent_whole_at_any_depth() -> None:
    fields, _, body = _sent("Update settings", {"account_settings": {"time_zone": "UTC", "locale": "fr"}, "name": "A"})
    assert fields == {"account_settings.time_zone": "account\\.settings.time\\.zone",
                      "account_settings.locale": "account\\.settings.locale", "name": None}  # fmt: skip
    assert orjson.loads(body) == {"account.settings": {"time.zone": "UTC", "locale": "fr"}, "name": "A"}


def test_a_form_key_with_dots_is_one_form_key() -> None:
    fields, content_type, body = _sent("Challenge", {"clock_limit": 300, "clock_increment": 2, "rated": True})
    assert fields["clock_limit"] == "clock\\.limit"
    assert content_type == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(body.decode())) == {"clock.limit": "300", "clock.increment": "2", "rated": "true"}


def test_a_file_part_with_dots_is_a_file_part_of_that_name() -> None:
    csv = b"account,setting\nacme,on\n"
    _, content_type, body = _sent("Import", {"file_csv": base64.b64encode(csv).decode()})
    assert content_type.startswith("multipart/form-data")
    assert b'name="file.csv"; filename="file.csv"' in body and csv in body


def test_a_dotted_key_whose_underscored_name_is_taken_stays_out_with_a_note() -> None:
    spec = copy.deepcopy(SPEC)
    upload = spec["paths"]["/imports"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    upload["properties"]["file_csv"] = {"type": "string"}
    result = import_connector(spec, "dots")
    (method,) = [m for m in result.definition.methods if m.name == "Import"]
    assert [(f.location, f.api_name) for f in method.fields] == [("file_csv", None)]
    assert (
        "POST /imports",
        "body key 'file.csv' (no name of its own to locate it by) not mapped",
    ) in result.report.notes


def test_a_sentence_where_a_key_goes_stays_out_with_a_note() -> None:
    """Jira's gadget position names its keys "The row position of the gadget.": no API takes that key, and
    the object stays one field the caller gives whole."""
    spec = copy.deepcopy(SPEC)
    position = {"type": "object", "properties": {"The row position of the gadget.": {"type": "integer"}}}
    spec["paths"]["/settings"]["put"]["requestBody"]["content"]["application/json"]["schema"]["properties"] = {
        "position": position
    }
    result = import_connector(spec, "dots")
    (method,) = [m for m in result.definition.methods if m.name == "Update settings"]
    assert [(f.location, f.type, f.api_name) for f in method.fields] == [("position", "object", None)]
    note = "body key 'The row position of the gadget.' (no name of its own to locate it by) not mapped"
    assert ("PUT /settings", note) in result.report.notes
