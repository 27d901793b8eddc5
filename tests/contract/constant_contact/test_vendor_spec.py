"""Each method against its vendor operation: verb and path, required inputs, parameters, body keys, answers."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.catalog import Method, load_connector
from tests.contract.constant_contact.catalog import (
    CSV_STRINGS,
    DEFINITION,
    LISTS,
    MAIN,
    NAMES,
    REQUIRED_BEYOND_SCHEMA,
    REQUIRED_WITH_PARENT,
    body_schema,
    cases,
    covered_by_required_free_field,
    data_type,
    enum_values,
    parameter_type,
    required_keys,
    resolve,
    schema_at,
    success_schema,
    vendor_operation,
    vendor_parameters,
)


@pytest.mark.parametrize("name", cases(NAMES))
def test_http_is_a_vendor_operation(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    vendor_operation(spec, methods[name])


def test_base_url_ends_with_the_base_path(spec: dict[str, Any]) -> None:
    assert f"https://{spec['host']}{spec['basePath']}" == load_connector(DEFINITION).base_url


@pytest.mark.parametrize("name", cases(NAMES))
def test_vendor_required_parameters_are_required(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    path, item, operation = vendor_operation(spec, method)
    by_wire = {p.definition.wire_name: p.definition for p in method.parameters}
    for parameter in vendor_parameters(spec, item, operation):
        if parameter["in"] != "body" and (parameter.get("required") or parameter["in"] == "path"):
            ours = by_wire.get(parameter["name"])
            assert ours is not None, f"{parameter['in']} parameter {parameter['name']} is missing"
            assert ours.required and ours.in_ == parameter["in"], parameter["name"]
    path_targets = {p.definition.target for p in method.parameters if p.definition.in_ == "path"}
    assert len(path_targets) == path.count("{")


@pytest.mark.parametrize("name", cases(NAMES))
def test_vendor_required_body_keys_are_required(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = vendor_operation(spec, method)
    schema = body_schema(spec, item, operation)
    if schema is None:
        assert not method.fields
        return
    assert schema.get("type", "object") == "object", "a top-level array body cannot be named fields"
    for location, chain in required_keys(spec, schema):
        field = method.field_by_location.get(location)
        if (name, location) in REQUIRED_WITH_PARENT:
            assert field is not None and field.definition.required is REQUIRED_WITH_PARENT[(name, location)]
            continue
        if not chain or covered_by_required_free_field(method, location):
            continue  # required only inside an optional object, or inside a whole object/array the caller gives
        assert field is not None, f"body key {location} (required by the vendor) is missing"
        assert field.definition.required, f"body key {location} must be required"


@pytest.mark.parametrize("name", cases(MAIN))
def test_required_only_where_the_vendor_requires(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = vendor_operation(spec, method)
    schema = body_schema(spec, item, operation)
    vendor = {loc for loc, chain in required_keys(spec, schema) if chain} if schema else set()
    for field in method.fields:
        location = field.definition.location
        if field.definition.required:
            assert (
                location in vendor
                or (name, location) in REQUIRED_BEYOND_SCHEMA
                or REQUIRED_WITH_PARENT.get((name, location))
            ), f"{location} is required but the vendor does not require it"
    spec_required = {p["name"] for p in vendor_parameters(spec, item, operation) if p.get("required")}
    for parameter in method.parameters:
        if parameter.definition.required:
            assert parameter.definition.wire_name in spec_required


@pytest.mark.parametrize("name", cases(NAMES))
def test_parameters_are_vendor_parameters(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = vendor_operation(spec, method)
    declared = {p["name"]: p for p in vendor_parameters(spec, item, operation) if p["in"] != "body"}
    for parameter in method.parameters:
        ours = parameter.definition
        if ours.wire_name == "cursor" and name in LISTS:
            assert ours.in_ == "query" and not ours.required  # the cursor of _links.next.href
            continue
        theirs = declared.get(ours.wire_name)
        assert theirs is not None, f"{ours.wire_name} is not a parameter of the operation"
        assert ours.in_ == theirs["in"]
        expected = "array" if (name, ours.target) in CSV_STRINGS else parameter_type(theirs)
        assert ours.type == expected, f"{ours.target}: {ours.type} != {expected}"
        assert ours.values == enum_values(theirs), f"{ours.target}: values differ from the spec's enum"
        assert ours.style is None or theirs.get("collectionFormat") in {"multi", "csv"}


@pytest.mark.parametrize("name", cases(MAIN))
def test_fields_are_vendor_body_keys(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = vendor_operation(spec, method)
    schema = body_schema(spec, item, operation)
    for field in method.fields:
        location = field.definition.wire_location
        assert schema is not None
        node = schema_at(spec, schema, location)
        assert node is not None, f"{location} is not a key of the request body"
        assert field.definition.type == data_type(node), location
        if "enum" in node:
            assert field.definition.values == node["enum"], location


@pytest.mark.parametrize("name", cases(MAIN))
def test_response_fields_are_the_top_level_keys(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, _, operation = vendor_operation(spec, method)
    schema = success_schema(spec, operation)
    documented = {f.definition.location: f.definition.type for f in method.response_fields}
    if schema is None:
        assert documented == {}
        return
    properties = {key: resolve(spec, value) for key, value in schema.get("properties", {}).items()}
    assert documented == {key: data_type(value) for key, value in properties.items()}
