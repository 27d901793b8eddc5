"""The spec emulator validates raw (octet-stream, text) and multipart/form-data request bodies."""

from __future__ import annotations

from typing import Any

from urllib3 import encode_multipart_formdata

from switchboard_emulators.spec import CheckedRequest
from switchboard_emulators.spec.validation import SpecChecker

_UPLOAD = {"type": "object", "required": ["name", "file"],
           "properties": {"name": {"type": "string"}, "size": {"type": "integer"},
                          "file": {"type": "string", "format": "binary"}}}  # fmt: skip
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/attachments": {"post": {
            # Xero's attachments: octet-stream declared as a base64 string (format: byte), sent as bytes.
            "requestBody": {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "byte"}}}},
            "responses": {"204": {"description": "done"}},
        }},
        "/notes": {"post": {
            "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
            "responses": {"204": {"description": "done"}},
        }},
        "/uploads": {"post": {
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD}}},
            "responses": {"204": {"description": "done"}},
        }},
        "/files": {"post": {
            # Stripe's file upload: its parts' encoding gives a form style (deepObject) openapi-core cannot read.
            "requestBody": {"required": True, "content": {"multipart/form-data": {
                "schema": {**_UPLOAD, "properties": {**_UPLOAD["properties"],
                                                     "expand": {"type": "array", "items": {"type": "string"}}}},
                "encoding": {"expand": {"style": "deepObject", "explode": True}}}}},
            "responses": {"204": {"description": "done"}},
        }},
    },
}  # fmt: skip
CHECKER = SpecChecker(SPEC)


def _post(path: str, body: bytes | None, content_type: str) -> str | None:
    request = CheckedRequest(method="POST", path=path, path_pattern=path, body=body, content_type=content_type)
    return CHECKER.request_problem(request)


def _multipart(fields: list[Any]) -> tuple[bytes, str]:
    return encode_multipart_formdata(fields, boundary="b0undary")


def test_binary_raw_bodies_are_bytes_whatever_their_string_format() -> None:
    assert _post("/attachments", b"\x89PNG\x00\xff", "application/octet-stream") is None
    assert _post("/attachments", None, "application/octet-stream") == "Missing required request body"


def test_text_raw_bodies_validate_as_strings() -> None:
    assert _post("/notes", "naïve note".encode(), "text/plain") is None


def test_a_multipart_body_validates_its_parts_against_the_schema() -> None:
    body, content_type = _multipart([("name", "a.png"), ("size", "3"), ("file", ("a.png", b"\x00\xff", "image/png"))])
    assert _post("/uploads", body, content_type) is None


def test_a_multipart_body_missing_a_required_part_is_refused() -> None:
    body, content_type = _multipart([("name", "a.png")])
    assert "'file' is a required property" in str(_post("/uploads", body, content_type))


def test_a_multipart_part_of_the_wrong_type_is_refused() -> None:
    body, content_type = _multipart([("name", "a"), ("size", "many"), ("file", ("a", b"x", "image/png"))])
    assert _post("/uploads", body, content_type) is not None


def test_an_object_body_listed_only_under_raw_types_is_taken_as_json() -> None:
    """Google's converted specs list message/rfc822 for the Draft that the plain path takes as JSON."""
    draft = {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": False}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/drafts": {"post": {
        "requestBody": {"content": {"message/rfc822": {"schema": draft}}},
        "responses": {"204": {"description": "done"}}}}}}  # fmt: skip
    checker = SpecChecker(spec)
    sent = CheckedRequest(method="POST", path="/drafts", path_pattern="/drafts", body=b'{"id": "d1"}')
    assert checker.request_problem(sent) is None
    sent.body = b'{"other": 1}'
    assert checker.request_problem(sent) is not None


def test_under_openapi_31_binary_bodies_and_parts_and_nullable_parts_validate() -> None:
    """openapi-core 0.23 refuses bytes as 3.1 strings and reads a part's type list as one string."""
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": ["string", "null"]}},
    }
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/raw": {"put": {"requestBody": {"required": True, "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}}, "responses": {"204": {"description": "done"}}}},
        "/form": {"post": {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload}}},
                           "responses": {"204": {"description": "done"}}}}}}  # fmt: skip
    checker = SpecChecker(spec)
    raw = CheckedRequest(method="PUT", path="/raw", path_pattern="/raw", body=b"\x00\xff",
                         content_type="application/octet-stream")  # fmt: skip
    assert checker.request_problem(raw) is None
    body, content_type = _multipart([("note", "hi"), ("file", ("a.csv", b"a,b\n", "text/csv"))])
    form = CheckedRequest(method="POST", path="/form", path_pattern="/form", body=body, content_type=content_type)
    assert checker.request_problem(form) is None
    body, content_type = _multipart([("note", "hi")])
    form.body, form.content_type = body, content_type
    assert "'file' is a required property" in str(checker.request_problem(form))


def test_a_parts_form_style_does_not_stop_its_validation() -> None:
    file = ("file", ("a.png", b"\x00\xff", "image/png"))
    body, content_type = _multipart([("name", "a.png"), ("expand", "links"), file])
    assert _post("/files", body, content_type) is None
    body, content_type = _multipart([("expand", "links"), file])
    assert "name" in (_post("/files", body, content_type) or "")  # the required part is still required


def test_under_openapi_31_an_array_of_file_parts_validates() -> None:
    """ElevenLabs's voice samples: ``files`` is an array of binary strings, each part read as bytes and refused."""
    upload = {
        "type": "object",
        "required": ["name", "files"],
        "properties": {
            "name": {"type": "string"},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        },
    }
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/voices": {"post": {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload}}},
                             "responses": {"204": {"description": "done"}}}}}}  # fmt: skip
    checker = SpecChecker(spec)
    parts = [
        ("name", "Ada"),
        ("files", ("a.mp3", b"\x00\xff", "audio/mpeg")),
        ("files", ("b.mp3", b"\x01", "audio/mpeg")),
    ]
    body, content_type = _multipart(parts)
    form = CheckedRequest(method="POST", path="/voices", path_pattern="/voices", body=body, content_type=content_type)
    assert checker.request_problem(form) is None
    form.body, form.content_type = _multipart(parts[1:])  # the files still read, the name still required
    assert "'name' is a required property" in str(checker.request_problem(form))


def test_under_openapi_31_a_part_that_is_a_file_or_a_url_validates_either() -> None:
    """Together's audio: ``file`` is one of a binary file and a URI, and openapi-core read the part as bytes,
    which no 3.1 string branch takes: every upload was refused."""
    upload = {"type": "object", "required": ["file", "model"], "properties": {
        "file": {"oneOf": [{"type": "string", "format": "binary"}, {"type": "string", "format": "uri"}]},
        "model": {"type": "string"}}}  # fmt: skip
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/audio": {"post": {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload}}},
                            "responses": {"204": {"description": "done"}}}}}}  # fmt: skip
    checker = SpecChecker(spec)
    for file in [("file", ("a.mp3", b"\x00\xff", "audio/mpeg")), ("file", "https://example.com/a.mp3")]:
        body, content_type = _multipart([file, ("model", "whisper")])
        form = CheckedRequest(method="POST", path="/audio", path_pattern="/audio", body=body, content_type=content_type)
        assert checker.request_problem(form) is None, file
    form.body, form.content_type = _multipart([("model", "whisper")])
    assert "'file' is a required property" in str(checker.request_problem(form))
