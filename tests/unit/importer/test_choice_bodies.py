"""Request bodies that are a choice (``oneOf``/``anyOf``) of objects: fields where a field list can say
it, else one whole-body field of type ``object``."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from switchboard.catalog.models import FieldDef, MethodDef
from switchboard.catalog.registry import Method, Registry
from switchboard.engine.inputs.binding import bind_by_id, bind_by_name
from switchboard.engine.inputs.styles import InputsByArguments, InputsByName
from switchboard.engine.request.build import build_request
from switchboard.errors import InputError
from switchboard.importer import import_connector
from switchboard.mcp.schemas import input_schema

_S = {"type": "string"}
SCHEMAS: dict[str, Any] = {
    # $refs to objects that refuse other keys (LaunchDarkly's view links)
    "ByKeys": {
        "type": "object",
        "additionalProperties": False,
        "required": ["keys"],
        "properties": {"keys": {"type": "array", "items": _S}, "comment": _S},
    },
    "ByFilter": {
        "type": "object",
        "additionalProperties": False,
        "required": ["filter"],
        "properties": {"filter": _S, "comment": _S},
    },
    # a discriminated choice (Canva's merges, Okta's role assignments)
    "NewDesign": {
        "type": "object",
        "required": ["type", "title"],
        "properties": {"type": {"type": "string", "enum": ["new"]}, "title": _S},
    },
    "Existing": {"type": "object", "required": ["type", "design_id"], "properties": {"type": _S, "design_id": _S}},
    # one shape, or a list of them (Smartsheet's rows and shares)
    "Row": {"type": "object", "required": ["cells"], "properties": {"cells": {"type": "array", "items": {}}}},
}
BODIES: dict[str, Any] = {
    "/links": {"oneOf": [{"$ref": "#/components/schemas/ByKeys"}, {"$ref": "#/components/schemas/ByFilter"}]},
    "/merges": {"oneOf": [{"$ref": "#/components/schemas/NewDesign"}, {"$ref": "#/components/schemas/Existing"}],
                "discriminator": {"propertyName": "type",
                                  "mapping": {"new": "#/components/schemas/NewDesign",
                                              "existing": "#/components/schemas/Existing"}}},
    "/rows": {"oneOf": [{"$ref": "#/components/schemas/Row"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}]},
    # a choice inside a choice (Intercom's replies: by user, then by which id names the user)
    "/replies": {"oneOf": [{"oneOf": [
        {"type": "object", "required": ["type", "user_id", "body"],
         "properties": {"type": _S, "user_id": _S, "body": _S}},
        {"type": "object", "required": ["type", "email", "body"],
         "properties": {"type": _S, "email": _S, "body": _S}}]},
        {"type": "object", "required": ["type", "admin_id"], "properties": {"type": _S, "admin_id": _S, "body": _S}}]},
    # one key declared as two different objects: their keys merged (Vonage's message by channel)
    "/messages": {"oneOf": [
        {"type": "object", "required": ["message"],
         "properties": {"message": {"type": "object", "required": ["text"], "properties": {"text": _S}}}},
        {"type": "object", "required": ["message"],
         "properties": {"message": {"type": "object", "required": ["url"], "properties": {"url": _S}}}}]},
    # an object of any keys among the alternatives (Pinterest's notifications): no field list names them
    "/notifications": {"additionalProperties": True, "oneOf": [
        {"type": "array", "items": {"type": "object", "additionalProperties": True}}, {"type": "object"}]},
    # neither an object: one value of any JSON type
    "/labels": {"oneOf": [{"type": "array", "items": _S}, _S]},
}  # fmt: skip
OPTIONAL = {"/notifications"}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Choices", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"schemas": SCHEMAS, "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
    "paths": {
        path: {
            "post": {
                "summary": path.strip("/"),
                "requestBody": {
                    "required": path not in OPTIONAL,
                    "content": {"application/json": {"schema": body}},
                },
                "responses": {"204": {"description": "done"}},
            }
        }
        for path, body in BODIES.items()
    },
}
RESULT = import_connector(copy.deepcopy(SPEC), "choices")
CONNECTOR = RESULT.definition


@pytest.fixture(scope="module")
def methods() -> dict[str, Method]:
    assert RESULT.report.skipped == []
    return {m.name: m for m in Registry([CONNECTOR]).by_key["choices"].methods}


def _fields(method: MethodDef) -> dict[str, FieldDef]:
    return {f.location: f for f in method.fields}


def _notes(http: str) -> list[str]:
    return [why for where, why in RESULT.report.notes if where == http]


def test_refs_to_closed_objects_merge_into_fields_required_only_where_every_branch_requires(
    methods: dict[str, Method],
) -> None:
    fields = _fields(methods["links"].definition)
    assert {k: (f.type, f.required) for k, f in fields.items()} == {
        "keys": ("array", False),
        "comment": ("string", False),
        "filter": ("string", False),
    }
    assert methods["links"].definition.body_required


def test_a_discriminators_property_is_an_enum_of_the_mapping_names(methods: dict[str, Method]) -> None:
    fields = _fields(methods["merges"].definition)
    assert fields["type"].values == ["new", "existing"] and fields["type"].required
    assert not fields["title"].required and not fields["design_id"].required


def test_an_object_or_a_list_of_them_is_the_objects_fields_with_a_note(methods: dict[str, Method]) -> None:
    fields = _fields(methods["rows"].definition)
    assert {k: (f.type, f.required) for k, f in fields.items()} == {"cells": ("array", True)}
    assert any("array or scalar alternatives" in note for note in _notes("POST /rows"))


def test_nested_choices_are_opened_and_a_keys_objects_merge(methods: dict[str, Method]) -> None:
    replies = _fields(methods["replies"].definition)
    assert {k: f.required for k, f in replies.items()} == {
        "type": True, "user_id": False, "body": False, "email": False, "admin_id": False,
    }  # fmt: skip
    # Each branch's message requires a key of its own, so none is required of the merge: a required
    # object none of whose keys is (Box's item) stays one required object field, not optional keys.
    messages = _fields(methods["messages"].definition)
    assert {k: (f.type, f.required) for k, f in messages.items()} == {"message": ("object", True)}


def test_a_choice_with_an_object_of_any_keys_is_one_whole_object_field(methods: dict[str, Method]) -> None:
    method = methods["notifications"]
    assert [(f.location, f.type, f.required) for f in method.definition.fields] == [("$", "object", False)]
    assert any("one field, the whole object" in note for note in _notes("POST /notifications"))
    labels = methods["labels"].definition
    assert [(f.location, f.type, f.required) for f in labels.fields] == [("$", "any", True)]


def test_a_whole_object_goes_as_given_by_every_call_style(methods: dict[str, Method]) -> None:
    method = methods["notifications"]
    body = {"kind": "ping", "to": {"id": 7}, "$": "a key like any other"}
    field_id = str(method.fields[0].id)
    for bound in (
        InputsByName(orjson.dumps(body).decode()).bind(method, CONNECTOR),  # the RequestBody is the object
        bind_by_id(method, None, None, {field_id: body}),
        bind_by_id(method, None, None, {"$": orjson.dumps(body).decode()}),
        InputsByArguments({"body": body}).bind(method, CONNECTOR),
    ):
        request = build_request(CONNECTOR, method, bound, "https://x")
        assert request.url == "https://x/notifications" and orjson.loads(request.body or b"") == body
    empty = build_request(CONNECTOR, method, InputsByName(None).bind(method, CONNECTOR), "https://x")
    assert empty.body is None  # optional and not given: no body


def test_a_whole_object_field_refuses_another_json_type_naming_it(methods: dict[str, Method]) -> None:
    method = methods["notifications"]
    for wrong in (["a"], "plain", 3, True):
        with pytest.raises(InputError, match="Field Body is the whole request body and must be a JSON object") as err:
            bind_by_name(method, None, None, {"$": wrong})
        assert err.value.context["Location"] == "$"
    with pytest.raises(InputError, match="must be a JSON object, not a list"):
        InputsByName('[{"kind": "ping"}]').bind(method, CONNECTOR)


def test_the_tool_schema_stays_an_object_with_the_body_as_an_object(methods: dict[str, Method]) -> None:
    schema = input_schema(methods["notifications"])
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["properties"] == {"body": {"type": "object", "description": "Body"}}
    assert "required" not in schema
