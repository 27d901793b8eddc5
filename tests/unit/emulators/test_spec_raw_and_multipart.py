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
