"""A body that is a JSON array or a scalar: one field at ``$`` is the whole body, sent as JSON."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from switchboard.catalog.models import MethodDef
from switchboard.catalog.registry import Method, Registry
from switchboard.engine.inputs.binding import BoundInputs, bind_by_id, bind_by_name
from switchboard.engine.inputs.styles import InputsByArguments, InputsByName
from switchboard.engine.request.build import build_request
from switchboard.errors import InputError
from switchboard.http import OutboundRequest
from switchboard.importer import import_connector
from switchboard.mcp.schemas import input_schema

_OPS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["op", "path"],
        "properties": {"op": {"type": "string"}, "path": {"type": "string"}, "value": {}},
    },
}
_KEY = [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}]
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Flags", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        "/flags/{key}": {"patch": {
            "summary": "Patch a flag", "parameters": _KEY,
            "requestBody": {"required": True, "content": {"application/json-patch+json": {"schema": _OPS}}},
            "responses": {"200": {"description": "ok"}},
        }},
        "/flags/batch": {"put": {
            "summary": "Upsert flags",
            "requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {
                "type": "object", "properties": {"key": {"type": "string"}}}}}}},
            "responses": {"200": {"description": "ok"}},
        }},
        "/flags/{key}/weight": {"put": {
            "summary": "Set a weight", "parameters": _KEY,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "integer"}}}},
            "responses": {"204": {"description": "set"}},
        }},
        "/flags/{key}/target": {"post": {
            "summary": "Target", "parameters": _KEY,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                {"type": "object", "properties": {"user": {"type": "string"}}},
                {"type": "object", "properties": {"segment": {"type": "string"}}}]}}}},
            "responses": {"204": {"description": "set"}},
        }},
    },
}  # fmt: skip


RESULT = import_connector(copy.deepcopy(SPEC), "flags")
CONNECTOR = RESULT.definition


@pytest.fixture(scope="module")
def methods() -> dict[str, Method]:
    assert RESULT.report.skipped == []  # the choice of objects is fields (tests/unit/importer/test_choice_bodies.py)
    return {m.name: m for m in Registry([CONNECTOR]).by_key["flags"].methods}


def _send(method: Method, bound: BoundInputs) -> OutboundRequest:
    return build_request(CONNECTOR, method, bound, "https://x")


def test_an_array_body_is_one_required_field_at_dollar_under_the_spec_type(methods: dict[str, Method]) -> None:
    patch = methods["Patch a flag"].definition
    assert [(f.location, f.type, f.required) for f in patch.fields] == [("$", "array", True)]
    assert patch.content_type == "application/json-patch+json" and patch.body_required
    batch = methods["Upsert flags"].definition
    assert [(f.location, f.type, f.required) for f in batch.fields] == [("$", "array", False)]
    weight = methods["Set a weight"].definition
    assert [(f.location, f.type) for f in weight.fields] == [("$", "integer")] and weight.content_type is None


def test_the_array_is_sent_as_the_body_given_by_location_or_as_the_request_body(methods: dict[str, Method]) -> None:
    method = methods["Patch a flag"]
    ops = [{"op": "replace", "path": "/on", "value": True}]
    by_location = bind_by_name(method, {"key": "f1"}, None, {"$": ops})
    whole = InputsByName(orjson.dumps(ops).decode(), {"key": "f1"}).bind(method, CONNECTOR)
    field_id = str(method.fields[0].id)
    by_id = bind_by_id(method, {str(method.parameters[0].id): "f1"}, None, {field_id: orjson.dumps(ops).decode()})
    by_dollar = bind_by_id(method, {str(method.parameters[0].id): "f1"}, None, {"$": ops})
    by_argument = InputsByArguments({"key": "f1", "$": ops}).bind(method, CONNECTOR)
    by_tool_argument = InputsByArguments({"key": "f1", "body": ops}).bind(method, CONNECTOR)
    for bound in (by_location, whole, by_id, by_dollar, by_argument, by_tool_argument):
        request = _send(method, bound)
        assert request.url == "https://x/flags/f1"
        assert dict(request.headers)["Content-Type"] == "application/json-patch+json"
        assert orjson.loads(request.body or b"") == ops


def test_a_value_of_the_wrong_json_type_is_refused_naming_the_field(methods: dict[str, Method]) -> None:
    method = methods["Patch a flag"]
    for wrong in ({"op": "replace"}, "replace", 3):
        with pytest.raises(InputError, match="Field Body is the whole request body and must be a JSON array") as err:
            bind_by_name(method, {"key": "f1"}, None, {"$": wrong})
        assert err.value.context["Location"] == "$"
    with pytest.raises(InputError, match="Required field Body was not provided"):
        bind_by_name(method, {"key": "f1"}, None, {})
    with pytest.raises(InputError, match="Field Body must be an integer"):
        bind_by_name(methods["Set a weight"], {"key": "f1"}, None, {"$": "heavy"})


def test_a_scalar_body_is_sent_as_json(methods: dict[str, Method]) -> None:
    method = methods["Set a weight"]
    request = _send(method, InputsByName("5", {"key": "f1"}).bind(method, CONNECTOR))
    assert request.body == b"5" and dict(request.headers)["Content-Type"] == "application/json"


def test_an_optional_array_body_not_given_sends_no_body(methods: dict[str, Method]) -> None:
    method = methods["Upsert flags"]
    empty = _send(method, bind_by_name(method, None, None, {}))
    assert empty.body is None and "Content-Type" not in dict(empty.headers)
    given = _send(method, bind_by_name(method, None, None, {"$": [{"key": "a"}]}))
    assert orjson.loads(given.body or b"") == [{"key": "a"}]


def test_a_whole_body_field_stands_alone() -> None:
    method = {"name": "m", "unique_id": "5b0d0c1e-0000-4000-8000-000000000001", "http": "POST /x"}
    whole = {"location": "$", "name": "Body", "type": "array"}
    with pytest.raises(ValidationError, match="must be the method's only field"):
        MethodDef.model_validate({**method, "fields": [whole, {"location": "a", "name": "A"}]})
    with pytest.raises(ValidationError, match="is sent as JSON"):
        MethodDef.model_validate({**method, "fields": [whole], "body_root": "data"})


def test_a_tool_takes_the_whole_body_as_body_a_name_agents_accept(methods: dict[str, Method]) -> None:
    schema = input_schema(methods["Patch a flag"])
    assert set(schema["properties"]) == {"key", "body"} and schema["required"] == ["key", "body"]
    assert schema["properties"]["body"]["type"] == "array"
    assert "$" not in input_schema(methods["Upsert flags"])["properties"]
