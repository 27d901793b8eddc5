"""Raw bodies (octet-stream, text, message) and multipart/form-data: imported as fields, built as bytes."""

from __future__ import annotations

import base64
import copy
import email.parser
import email.policy
from typing import Any

import pytest
from pydantic import ValidationError

from switchboard.catalog.models import MethodDef
from switchboard.catalog.registry import Method, Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.inputs.styles import InputsByName
from switchboard.engine.request.build import build_request
from switchboard.errors import InputError
from switchboard.http import OutboundRequest
from switchboard.importer import import_connector
from switchboard.mcp.schemas import input_schema

_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Files", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/files/{id}/content": {"put": {
            "summary": "Upload content", "parameters": _ID, "responses": _OK,
            "requestBody": {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "byte"}}}},
        }},
        "/notes/{id}": {"put": {
            "summary": "Write note", "parameters": _ID, "responses": _OK,
            "requestBody": {"content": {"text/markdown": {"schema": {"type": "string"}}}},
        }},
        "/mail": {"post": {
            "summary": "Send mail", "responses": _OK,
            "requestBody": {"required": True, "content": {"message/rfc822": {}}},
        }},
        "/images": {"post": {
            "summary": "Upload image", "responses": _OK,
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {
                    "attributes": {"type": "object", "properties": {"name": {"type": "string"}}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "count": {"type": "integer"},
                    "file": {"type": "string", "format": "binary"},
                }}}}},
        }},
        "/calls/{id}/bxml": {"put": {
            "summary": "Update call BXML", "parameters": _ID, "responses": _OK,
            "requestBody": {"required": True, "content": {"application/xml": {"schema": {
                "type": "string", "description": "A valid BXML document"}}}},
        }},
        "/attach": {"post": {
            "summary": "Attach", "responses": _OK,
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "string", "format": "binary"}}}},
        }},
    },
}  # fmt: skip

RESULT = import_connector(copy.deepcopy(SPEC), "files")
CONNECTOR = RESULT.definition
METHODS: dict[str, Method] = {m.name: m for m in Registry([CONNECTOR]).by_key["files"].methods}
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x0D, 0x0A])


def _send(name: str, body: dict[str, Any]) -> OutboundRequest:
    method = METHODS[name]
    parameters = {"id": "7"} if "{id}" in method.definition.path else None
    return build_request(CONNECTOR, method, bind_by_name(method, parameters, None, body), "https://x")


def _content_type(request: OutboundRequest) -> str:
    return next(v for k, v in request.headers if k == "Content-Type")


def _parts(request: OutboundRequest) -> list[Any]:
    raw = b"Content-Type: " + _content_type(request).encode() + b"\r\n\r\n" + (request.body or b"")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    return list(message.iter_parts())


def test_raw_bodies_import_as_one_field_under_the_spec_type() -> None:
    upload = METHODS["Upload content"].definition
    assert (upload.body_format, upload.content_type, upload.body_required) == ("raw", "application/octet-stream", True)
    assert [(f.location, f.type, f.format, f.required) for f in upload.fields] == [("$", "string", "binary", True)]
    note = METHODS["Write note"].definition
    assert (note.content_type, [(f.format, f.required) for f in note.fields]) == ("text/markdown", [(None, False)])
    assert METHODS["Send mail"].definition.content_type == "message/rfc822"
    assert METHODS["Send mail"].definition.fields[0].format is None  # a message is text
    # A multipart body that is not an object names no parts: still skipped, with its reason.
    assert RESULT.report.skipped == [
        ("POST /attach", "its multipart/form-data body is not an object, so its parts have no names")
    ]


def test_a_binary_raw_body_is_sent_as_the_bytes_of_its_base64() -> None:
    request = _send("Upload content", {"$": base64.b64encode(PNG).decode()})
    assert (request.method, request.url, request.body) == ("PUT", "https://x/files/7/content", PNG)
    assert _content_type(request) == "application/octet-stream"


def test_a_text_raw_body_is_sent_as_given_in_utf8() -> None:
    request = _send("Write note", {"$": "# Title\nnaïve"})
    assert (request.body, _content_type(request)) == ("# Title\nnaïve".encode(), "text/markdown")
    assert _send("Write note", {}).body is None  # optional and absent: no body


def test_the_request_body_string_is_the_raw_body_itself() -> None:
    method = METHODS["Send mail"]
    bound = InputsByName(request_body="From: a@example.com\r\n\r\n{not json}").bind(method, CONNECTOR)
    request = build_request(CONNECTOR, method, bound, "https://x")
    assert request.body == b"From: a@example.com\r\n\r\n{not json}"


def test_a_string_under_xml_is_the_document_sent_as_written() -> None:
    """Bandwidth's BXML: a string schema under application/xml was skipped ("not an object"), as XML bodies were
    only read as fields; it is the whole document, text."""
    bxml = METHODS["Update call BXML"].definition
    assert (bxml.body_format, bxml.content_type, bxml.body_required) == ("raw", "application/xml", True)
    assert [(f.location, f.format) for f in bxml.fields] == [("$", None)]
    document = '<?xml version="1.0"?><Bxml><SpeakSentence>Hello</SpeakSentence></Bxml>'
    request = _send("Update call BXML", {"$": document})
    assert (request.url, request.body, _content_type(request)) == (
        "https://x/calls/7/bxml",
        document.encode(),
        "application/xml",
    )


def test_base64_that_is_not_valid_is_a_400_naming_the_field() -> None:
    with pytest.raises(InputError, match=r"Field Body is not valid base64") as caught:
        _send("Upload content", {"$": "not base64!"})
    assert caught.value.context["Location"] == "$"


def test_multipart_imports_fields_with_file_parts_marked_binary() -> None:
    method = METHODS["Upload image"].definition
    assert method.body_format == "multipart"
    assert [(f.location, f.type, f.format, f.required) for f in method.fields] == [
        ("attributes.name", "string", None, False),
        ("tags", "array", None, False),
        ("count", "integer", None, False),
        ("file", "string", "binary", True),
    ]


def test_multipart_parts_text_json_repeated_and_a_file_with_its_name_and_type() -> None:
    file = {"content": base64.b64encode(PNG).decode(), "filename": "logo.png", "content_type": "image/png"}
    request = _send("Upload image", {"attributes": {"name": "Logo"}, "tags": ["a", "b"], "count": "3", "file": file})
    assert _content_type(request).startswith("multipart/form-data; boundary=")
    parts = [(p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content_type(),
              p.get_payload(decode=True)) for p in _parts(request)]  # fmt: skip
    assert parts == [
        ("attributes", None, "application/json", b'{"name":"Logo"}'),
        ("tags", None, "text/plain", b"a"),
        ("tags", None, "text/plain", b"b"),
        ("count", None, "text/plain", b"3"),
        ("file", "logo.png", "image/png", PNG),
    ]


def test_a_file_given_as_plain_base64_is_named_after_its_part() -> None:
    request = _send("Upload image", {"file": base64.b64encode(PNG).decode()})
    (part,) = _parts(request)
    assert (part.get_filename(), part.get_content_type(), part.get_payload(decode=True)) == (
        "file", "application/octet-stream", PNG,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("%%%", "Field File is not valid base64"),
        ({"filename": "a.png"}, "Field File must be base64 or"),
        ({"content": "", "size": 3}, r"Field File has unknown keys \['size'\]"),
        ({"content": "", "filename": "a\r\nX-Evil: 1"}, "Field File filename must be a string of one line"),
        (12, "Field File must be base64 or"),
    ],
)
def test_a_bad_file_value_is_a_400_naming_the_field(value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        _send("Upload image", {"file": value})
    assert caught.value.context["Location"] == "file"


def test_a_raw_body_is_one_whole_body_field_and_a_json_content_type_stays_json() -> None:
    base = {"name": "m", "unique_id": "00000000-0000-0000-0000-000000000001", "http": "POST /x"}
    field = {"location": "data", "name": "Data"}
    with pytest.raises(ValidationError, match='a raw body is one field at location "\\$"'):
        MethodDef.model_validate({**base, "body_format": "raw", "fields": [field]})
    with pytest.raises(ValidationError, match="content_type names a JSON type"):
        MethodDef.model_validate({**base, "content_type": "text/plain", "fields": [field]})
    with pytest.raises(ValidationError, match="multipart/form-data"):
        MethodDef.model_validate({**base, "body_format": "multipart", "content_type": "text/plain"})


def test_tool_schemas_say_base64_and_offer_a_file_object_for_file_parts() -> None:
    raw = input_schema(METHODS["Upload content"])["properties"]["body"]
    assert (raw["type"], raw["contentEncoding"]) == ("string", "base64")
    file = input_schema(METHODS["Upload image"])["properties"]["file"]
    plain, described = file["anyOf"]
    assert plain == {"type": "string", "contentEncoding": "base64"}
    assert described["required"] == ["content"] and set(described["properties"]) == {
        "content", "filename", "content_type",
    }  # fmt: skip


def test_an_object_body_listed_only_under_a_raw_type_is_sent_as_json() -> None:
    """Google's converted discovery specs: message/rfc822 for the Draft resource the plain path takes as JSON."""
    draft = {"type": "object", "properties": {"id": {"type": "string"}, "message": {"type": "object"}}}
    spec = {**SPEC, "paths": {"/drafts": {"post": {
        "summary": "Create draft", "responses": _OK,
        "requestBody": {"content": {"message/rfc822": {"schema": draft}}}}}}}  # fmt: skip
    result = import_connector(copy.deepcopy(spec), "drafts")
    (method,) = result.definition.methods
    assert (method.body_format, method.content_type, [f.location for f in method.fields]) == (
        None, None, ["id", "message"],
    )  # fmt: skip


def test_a_header_parameter_with_json_content_is_an_object_sent_as_json() -> None:
    """Canva's ``Asset-Upload-Metadata``: the header's value is a JSON object, beside a binary body."""
    meta = {
        "name": "Asset-Upload-Metadata",
        "in": "header",
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {"name_base64": {"type": "string"}}}}
        },
    }
    spec = {**SPEC, "paths": {"/uploads": {"post": {
        "summary": "Upload asset", "parameters": [meta], "responses": _OK,
        "requestBody": {"required": True, "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}}}}}}  # fmt: skip
    result = import_connector(copy.deepcopy(spec), "assets")
    method = Registry([result.definition]).by_key["assets"].methods[0]
    assert method.definition.parameters[0].type == "object"
    bound = bind_by_name(method, {"Asset-Upload-Metadata": {"name_base64": "bG9nbw=="}}, None, {"$": "AA=="})
    request = build_request(result.definition, method, bound, "https://x")
    assert ("Asset-Upload-Metadata", '{"name_base64":"bG9nbw=="}') in request.headers
    assert request.body == b"\x00"
