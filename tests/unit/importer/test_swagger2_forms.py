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


def test_a_query_list_without_a_collection_format_goes_comma_separated() -> None:
    """Swagger 2's default collectionFormat is csv (OpenAPI 3's form style repeats the key): ``?ids=1,2``."""
    ids = {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}}
    tags = {**ids, "name": "tags", "items": {"type": "string"}, "collectionFormat": "multi"}
    operation = {"operationId": "listItems", "parameters": [ids, tags], "responses": {"200": {"description": "ok"}}}
    spec = {"swagger": "2.0", "info": {"title": "Items", "version": "1"}, "host": "api.example.com",
            "schemes": ["https"], "paths": {"/items": {"get": operation}}}  # fmt: skip
    definition = import_connector(spec, "items").definition
    (method,) = Registry([definition]).by_key["items"].methods
    bound = bind_by_name(method, {"ids": [1, 2], "tags": ["a", "b"]}, None, {})
    request = build_request(definition, method, bound, "https://api.example.com")
    assert request.query == (("ids", "1,2"), ("tags", "a"), ("tags", "b"))


def test_a_header_list_goes_as_its_style_says_and_one_with_a_json_content_as_json() -> None:
    """Swagger 2's csv (its default) and OpenAPI 3's simple style join a header's list with commas (it went as
    JSON text); a header whose content is application/json (Canva's) still goes as JSON."""
    tags = {"name": "X-Tags", "in": "header", "type": "array", "items": {"type": "string"}}
    words = {**tags, "name": "X-Words", "collectionFormat": "ssv"}
    operation = {"operationId": "tag", "parameters": [tags, words], "responses": {"200": {"description": "ok"}}}
    swagger = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "api.example.com",
               "schemes": ["https"], "paths": {"/tags": {"get": operation}}}  # fmt: skip
    listed = {"type": "array", "items": {"type": "string"}}
    simple = {"name": "X-Ids", "in": "header", "schema": listed}
    meta = {"name": "X-Meta", "in": "header", "content": {"application/json": {"schema": listed}}}
    openapi = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x"}],
               "paths": {"/tags": {"get": {"operationId": "tag", "parameters": [simple, meta],
                                           "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    sent = {}
    for spec, values in ((swagger, {"X-Tags": ["g", "h"], "X-Words": ["a", "b"]}),
                         (openapi, {"X-Ids": [1, 2], "X-Meta": ["m", "n"]})):  # fmt: skip
        definition = import_connector(spec, "tags").definition
        (method,) = Registry([definition]).by_key["tags"].methods
        request = build_request(definition, method, bind_by_name(method, values, None, {}), "https://x")
        sent.update({k: v for k, v in request.headers if k.startswith("X-")})
    assert sent == {"X-Tags": "g,h", "X-Words": "a b", "X-Ids": "1,2", "X-Meta": '["m","n"]'}


def test_a_bare_name_in_a_reference_is_a_definition() -> None:
    """The OAI's own Uber example writes ``$ref: Profile`` for ``#/definitions/Profile``, as Swagger tools read it."""
    profile = {"type": "object", "properties": {"first_name": {"type": "string"}, "email": {"type": "string"}}}
    answer = {"200": {"description": "ok", "schema": {"$ref": "Profile"}}}
    spec = {
        "swagger": "2.0",
        "info": {"title": "Uber", "version": "1"},
        "host": "api.uber.com",
        "schemes": ["https"],
        "paths": {"/me": {"get": {"operationId": "me", "responses": answer}}},
        "definitions": {"Profile": profile},
    }
    result = import_connector(spec, "uber")  # fmt: skip
    assert not result.report.skipped, result.report.skipped
    (method,) = result.definition.methods
    assert [f.location for f in method.response_fields] == ["first_name", "email"]
