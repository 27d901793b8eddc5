"""Swagger 2.0 form parameters go as multipart where the operation consumes nothing else, file or not
(Vikunja's uploads: ``consumes: [multipart/form-data]`` with a string part), and URL-encoded where it may."""

from __future__ import annotations

from typing import Any

from switchboard.catalog import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector


def _spec(consumes: list[str] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": "uploadAvatar",
        "parameters": [{"name": "avatar", "in": "formData", "type": "string", "required": True}],
        "responses": {"200": {"description": "ok"}},
    }
    if consumes is not None:
        operation["consumes"] = consumes
    return {"swagger": "2.0", "info": {"title": "Users", "version": "1"}, "host": "api.example.com",
            "basePath": "/v1", "schemes": ["https"], "paths": {"/avatar": {"put": operation}}}  # fmt: skip


def _sent(consumes: list[str] | None) -> tuple[str | None, str, bytes]:
    definition = import_connector(_spec(consumes), "users").definition
    (method,) = Registry([definition]).by_key["users"].methods
    request = build_request(definition, method, bind_by_name(method, {}, None, {"avatar": "me.png"}), "https://x")
    content_type = dict(request.headers)["Content-Type"]
    return method.definition.body_format, content_type, request.body or b""


def test_form_parameters_go_as_multipart_only_where_the_operation_consumes_nothing_else() -> None:
    kind, content_type, body = _sent(["multipart/form-data"])
    assert kind == "multipart" and content_type.startswith("multipart/form-data; boundary=")
    assert b'name="avatar"' in body and b"me.png" in body
    for consumes in (["application/x-www-form-urlencoded", "multipart/form-data"], None):
        kind, content_type, body = _sent(consumes)
        assert (kind, content_type, body) == ("form", "application/x-www-form-urlencoded", b"avatar=me.png"), consumes
