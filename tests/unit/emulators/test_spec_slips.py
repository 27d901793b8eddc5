"""Spec slips the emulator reads as their authors meant (``spec/slips.py``), each of which refused every request
of its kind. Objects closed with ``additionalProperties: false`` and composed of parts, as ShipEngine writes its
request bodies (13 of its 76 operations refused), since strict JSON Schema checks a closing against the object's
own ``properties`` alone: the closing still refuses a name no part declares, and what is required is still
required. And a path parameter its path has no placeholder for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from tests.unit.emulators.served import serving

SCHEMAS: dict[str, Any] = {
    "package_type": {"type": "object", "additionalProperties": False, "required": ["name", "package_code"],
                     "properties": {"package_id": {"type": "string", "readOnly": True},
                                    "package_code": {"type": "string"}, "name": {"type": "string"}}},
    "create_package": {"type": "object", "additionalProperties": False,
                       "allOf": [{"$ref": "#/components/schemas/package_type"}]},
    # A part closed on its own beside another part; the object requires a read-only name of that part.
    "partial_shipment": {"type": "object", "additionalProperties": False, "properties": {
        "shipment_id": {"type": "string", "readOnly": True}, "carrier_id": {"type": "string"}}},
    "validate_fields": {"type": "object", "properties": {"validate_address": {"type": "string"}}},
    "shipment": {"type": "object", "additionalProperties": False, "required": ["shipment_id", "carrier_id"],
                 "allOf": [{"$ref": "#/components/schemas/validate_fields"},
                           {"$ref": "#/components/schemas/partial_shipment"}]},
    # A required name nothing declares (a typo), and a oneOf of two branches that each take any object.
    "estimate": {"type": "object", "additionalProperties": False, "required": ["from_code", "from_codee"],
                 "oneOf": [{"type": "object", "properties": {"carrier_id": {"type": "string"}}},
                           {"type": "object", "properties": {"carrier_ids": {"type": "array",
                                                                            "items": {"type": "string"}}}}],
                 "allOf": [{"type": "object", "properties": {"from_code": {"type": "string"}}}]},
}  # fmt: skip


def _post(schema: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
            "responses": {"200": {"description": "done", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}}  # fmt: skip


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Shipping", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {"/packages": {"post": _post("create_package")}, "/shipments": {"post": _post("shipment")},
              "/estimate": {"post": _post("estimate")}},
    "components": {"schemas": SCHEMAS},
}  # fmt: skip

CASES = [
    ("/packages", {"name": "laptop_box", "package_code": "custom"}, None),
    ("/packages", {"name": "laptop_box", "package_code": "custom", "colour": "red"}, "colour"),
    ("/packages", {"name": "laptop_box"}, "package_code"),
    ("/shipments", {"carrier_id": "se-1", "validate_address": "no_validation"}, None),
    ("/shipments", {"carrier_id": "se-1", "validate_adress": "no_validation"}, "validate_adress"),
    ("/shipments", {"validate_address": "no_validation"}, "carrier_id"),
    ("/estimate", {"from_code": "78756", "carrier_id": "se-1"}, None),
    ("/estimate", {"from_code": "78756", "carrier_ids": ["se-1", "se-2"]}, None),
    ("/estimate", {"carrier_id": "se-1"}, "from_code"),
    ("/estimate", {"from_code": "78756", "rate": 3}, "rate"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with serving(tmp_path_factory.mktemp("composed"), SPEC, "shipping.yaml") as url:
        yield url


@pytest.mark.parametrize(("path", "body", "refused_for"), CASES)
def test_a_composed_closed_object_takes_its_parts_properties_and_no_others(
    base: str, path: str, body: dict[str, Any], refused_for: str | None
) -> None:
    answer = requests.post(f"{base}{path}", json=body, timeout=10)
    if refused_for is None:
        assert answer.status_code == 200, answer.text
    else:
        assert answer.status_code == 400 and refused_for in answer.text, answer.text


def test_a_path_parameter_its_path_has_no_placeholder_for_is_not_asked_for(tmp_path: Path) -> None:
    """Sonarr's ``GET /`` declares the required ``path`` of its ``/{path}`` sibling: every request was refused."""
    path = {"name": "path", "in": "path", "required": True, "schema": {"type": "string"}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
    spec = {"openapi": "3.0.1", "info": {"title": "Static", "version": "3"},
            "servers": [{"url": "https://media.example.com"}],
            "paths": {"/": {"get": {"parameters": [path], "responses": ok}},
                      "/{path}": {"get": {"parameters": [{**path, "schema": {"type": "string", "pattern": "^[a-z]+$"}}],
                                          "responses": ok}}}}  # fmt: skip
    with serving(tmp_path, spec, "static.yaml") as url:
        assert requests.get(f"{url}/", timeout=10).status_code == 200
        assert requests.get(f"{url}/index", timeout=10).status_code == 200
        refused = requests.get(f"{url}/INDEX", timeout=10)  # the placeholder's own parameter is still checked
    assert refused.status_code == 400 and "path" in refused.text, refused.text


def _query_spec(parameter: dict[str, Any], components: dict[str, Any] | None = None) -> dict[str, Any]:
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
    return {"openapi": "3.0.3", "info": {"title": "Q", "version": "1"}, "servers": [{"url": "https://q.example.com"}],
            "paths": {"/things/{number}": {"get": {"parameters": [parameter], "responses": ok}}},
            "components": components or {}}  # fmt: skip


def test_a_read_only_parameter_schema_is_taken(tmp_path: Path) -> None:
    """GitHub's ``alert_number`` path parameter names a schema marked readOnly: every request was refused."""
    number = {"name": "number", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/n"}}
    spec = _query_spec(number, {"schemas": {"n": {"type": "integer", "readOnly": True}}})
    with serving(tmp_path, spec, "alerts.yaml") as url:
        assert requests.get(f"{url}/things/42", timeout=10).status_code == 200
        assert requests.get(f"{url}/things/forty-two", timeout=10).status_code == 400  # still an integer
    # Cloudflare's zone_id: the readOnly in an allOf part.
    number["schema"] = {"allOf": [{"$ref": "#/components/schemas/n"}, {"readOnly": True, "maximum": 99}]}
    spec = _query_spec(number, {"schemas": {"n": {"type": "integer"}}})
    with serving(tmp_path, spec, "zones.yaml") as url:
        assert requests.get(f"{url}/things/42", timeout=10).status_code == 200
        assert requests.get(f"{url}/things/420", timeout=10).status_code == 400  # the part's maximum still holds


def test_a_javascript_pattern_literal_is_its_expression_and_flags(tmp_path: Path) -> None:
    """Recurly's codes: ``/^[a-z0-9_+-]+$/i``, which no value matched read as written (slashes and all)."""
    code = {
        "name": "code",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "pattern": "/^[a-z0-9_+-]+$/i"},
    }
    number = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
    spec = _query_spec(number)
    spec["paths"]["/things/{number}"]["get"]["parameters"].append(code)
    with serving(tmp_path, spec, "codes.yaml") as url:
        assert requests.get(f"{url}/things/1", params={"code": "Gold_plan"}, timeout=10).status_code == 200
        refused = requests.get(f"{url}/things/1", params={"code": "gold plan!"}, timeout=10)
    assert refused.status_code == 400 and "code" in refused.text, refused.text


def test_a_one_of_of_enums_sharing_a_value_takes_each_value(tmp_path: Path) -> None:
    """Pinterest's metric types: both enums list IMPRESSION, which was then valid under each and refused."""
    metric = {"oneOf": [{"type": "string", "enum": ["IMPRESSION", "SAVE"]},
                        {"type": "string", "enum": ["IMPRESSION", "VIDEO_START"]}]}  # fmt: skip
    body = {"type": "object", "properties": {"metric": metric}}
    spec = {**SPEC, "paths": {"/metrics": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    with serving(tmp_path, spec, "metrics.yaml") as url:
        for value in ("IMPRESSION", "SAVE", "VIDEO_START"):
            assert requests.post(f"{url}/metrics", json={"metric": value}, timeout=10).status_code == 200, value
        assert requests.post(f"{url}/metrics", json={"metric": "CLICK"}, timeout=10).status_code == 400


def test_a_deep_object_parameter_without_explode_is_read_exploded(tmp_path: Path) -> None:
    """Modern Treasury's ``balances`` and Unit's ``page`` (named by reference): deepObject with no ``explode``, which
    openapi-core took as false, refusing every request, those leaving the parameter out too."""
    when = {"type": "string", "format": "date-time"}
    balances = {"name": "balances", "in": "query", "style": "deepObject",
                "schema": {"type": "object", "additionalProperties": when}}  # fmt: skip
    page = {"name": "page", "in": "query", "style": "deepObject",
            "schema": {"type": "object", "properties": {"limit": {"type": "integer", "maximum": 100}}}}  # fmt: skip
    number = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
    spec = _query_spec(number, {"parameters": {"page": page}})
    spec["paths"]["/things/{number}"]["get"]["parameters"] += [balances, {"$ref": "#/components/parameters/page"}]
    with serving(tmp_path, spec, "ledgers.yaml") as url:
        assert requests.get(f"{url}/things/1", timeout=10).status_code == 200
        sent = {"balances[effective_at]": "2026-12-01T00:00:00Z", "page[limit]": "10"}
        assert requests.get(f"{url}/things/1", params=sent, timeout=10).status_code == 200
        refused = requests.get(f"{url}/things/1", params={"page[limit]": "500"}, timeout=10)
    assert refused.status_code == 400 and "page" in refused.text, refused.text  # still checked


def test_an_xml_body_given_as_a_string_is_the_document(tmp_path: Path) -> None:
    """Bandwidth's BXML, a string under application/xml behind a shared request body: openapi-core parsed the
    document, then refused the parsed element as no string, so every request was refused."""
    number = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
    spec = _query_spec(number, {"requestBodies": {"bxml": {"required": True, "content": {
        "application/xml": {"schema": {"type": "string", "description": "A BXML document"}}}}}})  # fmt: skip
    operation = spec["paths"]["/things/{number}"].pop("get")
    spec["paths"]["/things/{number}"]["put"] = {**operation, "requestBody": {"$ref": "#/components/requestBodies/bxml"}}
    document = '<?xml version="1.0"?><Bxml><SpeakSentence>Hello</SpeakSentence></Bxml>'
    xml = {"Content-Type": "application/xml"}
    with serving(tmp_path, spec, "voice.yaml") as url:
        assert requests.put(f"{url}/things/1", data=document, headers=xml, timeout=10).status_code == 200
        refused = requests.put(f"{url}/things/1", data="Hello", headers=xml, timeout=10)
    assert refused.status_code == 400 and "xml" in refused.text, refused.text  # still parsed as XML


def test_a_placeholders_parameter_declared_in_the_query_is_read_in_the_path(tmp_path: Path) -> None:
    """Kestra's ``/metrics/{serviceType}`` declares ``serviceType`` in the query: every request, the placeholder
    filled, was refused for the query parameter's absence."""
    service = {"name": "serviceType", "in": "query", "required": True, "explode": False,
               "schema": {"type": "string", "enum": ["EXECUTOR", "WORKER"]}}  # fmt: skip
    spec = _query_spec(service)
    spec["paths"] = {"/metrics/{serviceType}": spec["paths"]["/things/{number}"]}
    with serving(tmp_path, spec, "metrics.yaml") as url:
        assert requests.get(f"{url}/metrics/EXECUTOR", timeout=10).status_code == 200
        refused = requests.get(f"{url}/metrics/PLANNER", timeout=10)  # its values still checked, in the path
    assert refused.status_code == 400 and "serviceType" in refused.text, refused.text


def test_a_string_part_typed_as_bytes_is_read_as_its_text(tmp_path: Path) -> None:
    """Kestra's support form: ``payload`` a string, its part encoded ``application/octet-stream``; openapi-core read
    it as bytes, which no string takes, so every request was refused."""
    form = {"type": "object", "required": ["payload"], "properties": {
        "payload": {"type": "string"}, "count": {"type": "integer"},
        "file": {"type": "string", "format": "binary"}}}  # fmt: skip
    encoding = {"payload": {"contentType": "application/octet-stream"}, "file": {"contentType": "image/png"}}
    spec = {**SPEC, "paths": {"/forward": {"post": {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": form, "encoding": encoding}}},
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    with serving(tmp_path, spec, "support.yaml") as url:
        files = {"payload": (None, "diagnostics"), "file": ("a.png", b"\x89PNG\x00", "image/png")}
        assert requests.post(f"{url}/forward", files=files, timeout=10).status_code == 200
        refused = requests.post(f"{url}/forward", files={"payload": (None, "x"), "count": (None, "many")}, timeout=10)
    assert refused.status_code == 400 and "count" in refused.text, refused.text  # the other parts still checked


def test_header_parameters_openapi_says_to_ignore_are_ignored(tmp_path: Path) -> None:
    """Unit's bodiless upload declares a required ``Content-Type`` header parameter; Docker's build a ``Content-type``
    whose only value its ``consumes`` contradicts. OpenAPI 3: such a parameter "SHALL be ignored"."""
    content_type = {"name": "Content-Type", "in": "header", "required": True,
                    "schema": {"type": "string", "enum": ["application/vnd.api+json"]}}  # fmt: skip
    trace = {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string", "pattern": "^t-"}}
    spec = _query_spec(content_type)
    spec["paths"] = {"/documents": {"post": {**spec["paths"]["/things/{number}"]["get"]}}}
    spec["paths"]["/documents"]["post"]["parameters"].append(trace)
    with serving(tmp_path, spec, "documents.yaml") as url:
        assert requests.post(f"{url}/documents", headers={"X-Trace": "t-1"}, timeout=10).status_code == 200
        refused = requests.post(f"{url}/documents", headers={"X-Trace": "nope"}, timeout=10)
    assert refused.status_code == 400 and "X-Trace" in refused.text, refused.text  # other headers still checked


def test_a_null_type_in_a_3_0_spec_and_items_as_a_list_are_read(tmp_path: Path) -> None:
    """Algolia's 3.0 specs: ``oneOf: [{type: boolean}, {type: 'null'}]`` and ``items: [{$ref: ...}]``, neither of
    which 3.0 has; openapi-core failed on them, and every request was refused."""
    body = {"type": "object", "required": ["languages"], "properties": {
        "languages": {"oneOf": [{"type": "boolean"}, {"type": "null"}]},
        "ids": {"type": "array", "items": [{"type": "string", "format": "uuid"}]}}}  # fmt: skip
    spec = {**SPEC, "paths": {"/configs": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    with serving(tmp_path, spec, "configs.yaml") as url:
        for sent in ({"languages": True}, {"languages": None}, {"languages": False, "ids": [uuid]}):
            assert requests.post(f"{url}/configs", json=sent, timeout=10).status_code == 200, sent
        for refused in ({"languages": "fr"}, {"languages": True, "ids": [7]}):
            answer = requests.post(f"{url}/configs", json=refused, timeout=10)
            assert answer.status_code == 400 and "Request body" in answer.text, (refused, answer.text)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_required_read_only_property_is_not_asked_of_a_request(tmp_path: Path, version: str) -> None:
    """Storyblok's user and Rebilly's records (3.1) require their ``id``, the server's, and under 3.0 too a
    property whose referenced schema is readOnly (Paddle's ``notification_setting_id``): openapi-core asked every
    request for it, though a request must leave it out."""
    user = {"type": "object", "required": ["id", "email", "created_at"], "properties": {
        "id": {"type": "integer", "readOnly": True}, "email": {"type": "string"},
        "created_at": {"$ref": "#/components/schemas/stamp"}}}  # fmt: skip
    spec = {"openapi": version, "info": {"title": "Users", "version": "1"},
            "servers": [{"url": "https://mapi.example.com"}],
            "components": {"schemas": {"stamp": {"type": "string", "readOnly": True}}},
            "paths": {"/users/me": {"put": {
                "requestBody": {"required": True, "content": {"application/json": {"schema": user}}},
                "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    with serving(tmp_path, spec, "users.yaml") as url:
        assert requests.put(f"{url}/users/me", json={"email": "ada@example.com"}, timeout=10).status_code == 200
        refused = requests.put(f"{url}/users/me", json={}, timeout=10)
    assert refused.status_code == 400 and "email" in refused.text, refused.text  # the rest is still required


def test_a_one_of_with_an_open_branch_beside_other_objects_takes_each(tmp_path: Path) -> None:
    """Webflow's live items: one item (requiring fieldData once its readOnly ids are set aside) or ``{items}``, an
    open object requiring nothing, which takes every object the first takes: oneOf refused every single item."""
    one = {"type": "object", "required": ["id", "fieldData"], "properties": {
        "id": {"type": "string", "readOnly": True}, "fieldData": {"type": "object"},
        "isDraft": {"type": "boolean"}}}  # fmt: skip
    many = {"type": "object", "properties": {"items": {"type": "array", "items": one}}}
    spec = {**SPEC, "paths": {"/items": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [one, many]}}}},
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    with serving(tmp_path, spec, "items.yaml") as url:
        for sent in ({"fieldData": {"name": "a"}, "isDraft": True}, {"items": [{"fieldData": {}}]}):
            assert requests.post(f"{url}/items", json=sent, timeout=10).status_code == 200, sent
        refused = requests.post(f"{url}/items", json={"items": "none"}, timeout=10)
    assert refused.status_code == 400, refused.text  # neither branch takes it


def test_a_reference_into_an_eased_one_of_still_resolves(tmp_path: Path) -> None:
    """PagerDuty's custom field values: a ``oneOf`` of open objects, read as ``anyOf``, whose branches another
    schema names by pointer (``.../value/oneOf/0``): the pointer led nowhere, and the request was answered 400
    ``PointerToNowhere`` with the whole spec in the message."""
    field = {"type": "object", "properties": {"value": {"oneOf": [
        {"type": "object", "properties": {"value": {"type": "boolean"}}},
        {"type": "object", "properties": {"value": {"type": "string"}}}]}}}  # fmt: skip
    branch = {"$ref": "#/components/schemas/field/properties/value/oneOf/0"}
    update = {"type": "object", "properties": {"value": branch}}
    spec = {**SPEC, "components": {"schemas": {"field": field, "update": update}},
            "paths": {"/fields": {"put": _post("update")}}}  # fmt: skip
    with serving(tmp_path, spec, "fields.yaml") as url:
        answer = requests.put(f"{url}/fields", json={"value": {"value": True}}, timeout=10)
        assert answer.status_code == 200, answer.text
        refused = requests.put(f"{url}/fields", json={"value": {"value": 3}}, timeout=10)
    assert refused.status_code == 400 and "PointerToNowhere" not in refused.text, refused.text
