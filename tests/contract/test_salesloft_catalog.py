"""The Salesloft connector definition against its two sources: the seed catalogue and the vendor spec.

``salesloft_samples.json`` holds every operation of the Salesloft seed catalogue (98: 65 main, 33 DDL) with
its Sample Input and Output. Each sample input must map mechanically onto its method: drop
``access_token``, unwrap ``fields``, send keys that name a parameter target as Parameters and the
rest as the RequestBody, whose keys must be field locations (or lead to them). Each method's
verb and path must be an operation of the vendor's OpenAPI document, and every input that
document requires must be required by the method. No server is involved.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from switchboard.catalog import Method, Registry, load_connector
from switchboard.catalog.loader import BUILTIN_DIR
from tests.contract.seed_mapping import flatten, split
from tests.contract.specs import require_spec

SAMPLES: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "salesloft_samples.json").read_text(encoding="utf-8")
)

# Seed operations that are fixed option lists no Salesloft endpoint serves: static outputs, no http.
STATIC_DDL = {"List accounts or people (DDL)", "List locales (DDL)"}
DDL_SUFFIX = "(DDL)"


def _param(name: str) -> Any:
    return pytest.param(name, id=name)


ALL_OPERATIONS = [_param(name) for name in SAMPLES]
DEFINED_OPERATIONS = list(SAMPLES)
# The seed lists people only as a DDL; a Salesloft integration needs them found by email, account or owner.
BEYOND_THE_SEED = ("List people",)
UPSTREAM_OPERATIONS = [name for name in SAMPLES if name not in STATIC_DDL] + list(BEYOND_THE_SEED)
DDL_OPERATIONS = [name for name in DEFINED_OPERATIONS if name.endswith(DDL_SUFFIX)]
MAIN_OPERATIONS = [name for name in DEFINED_OPERATIONS if not name.endswith(DDL_SUFFIX)]


@pytest.fixture(scope="module")
def methods() -> dict[str, Method]:
    definition = load_connector(BUILTIN_DIR / "salesloft" / "connector.yaml")
    connector = Registry([definition]).by_key["salesloft"]
    return {m.name: m for m in connector.methods}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    spec_path = require_spec("salesloft-v2.openapi.json")
    document: dict[str, Any] = json.loads(spec_path.read_text(encoding="utf-8"))
    return document


# --- helpers -------------------------------------------------------------------------------


def _normalise(path: str) -> str:
    return re.sub(r"{[^{}]+}", "{}", path.removesuffix(".json"))


def _spec_operation(spec: dict[str, Any], method: Method) -> tuple[str, dict[str, Any]] | None:
    wanted = _normalise(method.definition.path)
    verb = method.definition.verb.lower()
    for path, item in spec["paths"].items():
        if _normalise(path) == wanted and verb in item:
            return path, item[verb]
    return None


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _unmapped_body_keys(method: Method, body: dict[str, Any]) -> list[str]:
    locations = set(method.field_by_location)
    free = {loc for loc, f in method.field_by_location.items() if f.definition.type in {"object", "array", "any"}}
    prefixes = {".".join(loc.split(".")[:i]) for loc in locations for i in range(1, loc.count(".") + 1)}
    unmapped: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            location = f"{prefix}{key}"
            if location in free or (location in locations and not isinstance(value, dict)):
                continue
            if location in prefixes and isinstance(value, dict):
                walk(value, location + ".")
                continue
            unmapped.append(location)

    walk(body, "")
    return unmapped


def _leaf_values(body: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    leaves: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, dict):
            leaves.update(_leaf_values(value, f"{prefix}{key}."))
        leaves[f"{prefix}{key}"] = value
    return leaves


def _outside(allowed: list[Any] | None, value: Any) -> list[Any]:
    if allowed is None:
        return []
    # a list's items, an object's member names (a range filter's gt, lte), or the value itself
    candidates = value if isinstance(value, list | dict) else [value]
    return [c for c in candidates if str(c) not in {str(a) for a in allowed}]


# --- the seed catalogue ----------------------------------------------------------------------


def test_samples_cover_the_seed_catalogue() -> None:
    assert len(SAMPLES) == 98
    assert sum(name.endswith(DDL_SUFFIX) for name in SAMPLES) == 33
    assert "Raw HTTP request (advanced)" in SAMPLES
    assert all(set(s) == {"input", "output"} for s in SAMPLES.values())


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_operation_is_a_method(methods: dict[str, Method], name: str) -> None:
    assert name in methods, f"no method named {name!r}"


def test_no_methods_beyond_the_seed_but_list_people(methods: dict[str, Method]) -> None:
    assert set(methods) == set(SAMPLES) | set(BEYOND_THE_SEED)
    assert len([n for n in methods if n.endswith(DDL_SUFFIX)]) == 33


@pytest.mark.parametrize("name", sorted(STATIC_DDL))
def test_static_lists_call_nothing(methods: dict[str, Method], name: str) -> None:
    method = methods[name].definition
    assert method.http is None
    assert method.output is not None and method.output.type == "static"
    sample = SAMPLES[name]["output"]
    values = [o["value"] if "value" in o else o["code"] for o in next(iter(sample.values()))]
    assert [o.value for o in method.output.options] == values


def test_unique_ids_are_distinct_uuid4(methods: dict[str, Method]) -> None:
    ids = [m.definition.unique_id for m in methods.values()]
    assert len(set(ids)) == len(ids)
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)


@pytest.mark.parametrize("name", DEFINED_OPERATIONS)
def test_description_and_category(methods: dict[str, Method], name: str) -> None:
    method = methods[name].definition
    assert method.description
    if name.endswith(DDL_SUFFIX):
        assert method.category == "DDL"
    else:
        assert method.category not in {"", "DDL"}


# --- the vendor spec -------------------------------------------------------------------------


@pytest.mark.parametrize("name", UPSTREAM_OPERATIONS)
def test_http_is_a_vendor_operation(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    assert not method.definition.path.endswith(".json")
    assert _spec_operation(spec, method) is not None, f"{method.definition.http} is not in the vendor spec"


@pytest.mark.parametrize("name", UPSTREAM_OPERATIONS)
def test_vendor_required_inputs_are_required(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    found = _spec_operation(spec, method)
    assert found is not None
    path, operation = found
    if method.definition.raw_http:
        return  # the caller chooses the endpoint
    by_wire = {p.definition.wire_name: p.definition for p in method.parameters}
    for raw in operation.get("parameters", []):
        parameter = _resolve(spec, raw)
        if parameter["in"] == "query" and parameter.get("required"):
            ours = by_wire.get(parameter["name"])
            assert ours is not None and ours.required, f"query parameter {parameter['name']} must be required"
    path_params = [p.definition for p in method.parameters if p.definition.in_ == "path"]
    assert len(path_params) == path.count("{")
    body = _resolve(spec, operation.get("requestBody"))
    if body:
        schema = _resolve(spec, next(iter(body["content"].values()))["schema"])
        fields = {f.definition.wire_location: f.definition for f in method.fields}
        for key in schema.get("required", []):
            assert key in fields, f"body field {key} (required by the vendor) is missing"
            assert fields[key].required, f"body field {key} must be required"


@pytest.mark.parametrize("name", DEFINED_OPERATIONS)
def test_path_parameters_are_required(methods: dict[str, Method], name: str) -> None:
    for parameter in methods[name].parameters:
        if parameter.definition.in_ == "path":
            assert parameter.definition.required, parameter.definition.target


# --- the sample inputs -----------------------------------------------------------------------


@pytest.mark.parametrize("name", DEFINED_OPERATIONS)
def test_sample_input_maps_onto_the_method(methods: dict[str, Method], name: str) -> None:
    method = methods[name]
    parameters, body = split(method, flatten(method, SAMPLES[name]["input"]))
    assert _unmapped_body_keys(method, body) == []
    for target, value in parameters.items():
        definition = method.parameter_by_target[target].definition
        assert _outside(definition.values, value) == [], f"{target}={value!r} is not among its values"
    for location, value in _leaf_values(body).items():
        field = method.field_by_location.get(location)
        if field is not None:
            assert _outside(field.definition.values, value) == [], f"{location}={value!r} not among its values"


@pytest.mark.parametrize("name", DEFINED_OPERATIONS)
def test_sample_input_supplies_every_required_input(methods: dict[str, Method], name: str) -> None:
    method = methods[name]
    parameters, body = split(method, flatten(method, SAMPLES[name]["input"]))
    leaves = _leaf_values(body)
    for parameter in method.parameters:
        if parameter.definition.required:
            assert parameter.definition.target in parameters, parameter.definition.target
    for field in method.fields:
        if field.definition.required and not method.definition.raw_http:
            assert field.definition.location in leaves, field.definition.location


@pytest.mark.parametrize("name", DEFINED_OPERATIONS)
def test_list_methods_page(methods: dict[str, Method], name: str) -> None:
    method = methods[name]
    if "page" in SAMPLES[name]["input"]:
        assert method.definition.pagination is not None
        page = method.parameter_by_target["page"].definition
        assert page.in_ == "query"
        assert page.wire_name == "page"


@pytest.mark.parametrize("name", [n for n in DDL_OPERATIONS if n not in STATIC_DDL])
def test_ddl_methods_answer_text_and_value(methods: dict[str, Method], name: str) -> None:
    output = methods[name].definition.output
    assert output is not None and output.type == "ddl"
    assert output.text and output.value


@pytest.mark.parametrize("name", MAIN_OPERATIONS)
def test_main_methods_document_their_response(methods: dict[str, Method], name: str) -> None:
    method = methods[name]
    output = SAMPLES[name]["output"]
    data = output.get("data", output)
    records = data if isinstance(data, list) else [data]
    prefix = "data." if "data" in output else ""
    documented = {f.definition.location for f in method.response_fields}
    if method.definition.raw_http:
        assert documented >= {"response.status_code", "response.headers", "response.body"}
    else:
        assert documented == {f"{prefix}{key}" for record in records for key in record}


def test_raw_http_request() -> None:
    method = next(
        m
        for m in load_connector(BUILTIN_DIR / "salesloft" / "connector.yaml").methods
        if m.name == "Raw HTTP request (advanced)"
    )
    assert method.raw_http
    assert method.http == "GET /v2/me"
    assert method.output is not None and method.output.type == "raw_http"
    fields = {f.location: f for f in method.fields}
    assert set(fields) == {
        "method",
        "url.endpoint",
        "headers",
        "query_parameters",
        "body",
        "include_raw_body",
        "parse_response",
    }
    assert fields["url.endpoint"].required
    assert fields["method"].values == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    assert fields["body"].type == "any"
    assert fields["headers"].type == fields["query_parameters"].type == "array"
