"""OpenAPI 3.1 (JSON Schema 2020-12) through the importer and the spec emulator: type lists, examples, webhooks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from switchboard.importer import import_connector, parse_document
from switchboard_emulators.spec import CheckedRequest, SpecEmulator

PETSTORE = Path(__file__).resolve().parents[3] / "examples" / "petstore" / "petstore.yaml"


def _petstore31() -> dict[str, Any]:
    doc = parse_document(PETSTORE.read_text(encoding="utf-8"), "petstore.yaml")
    doc["openapi"] = "3.1.0"
    schemas = doc["components"]["schemas"]
    schemas["NewPet"]["properties"]["tag"] = {"type": ["string", "null"], "examples": ["dog"]}
    schemas["Pet"]["properties"]["tag"] = {"type": ["string", "null"]}
    schemas["Pet"]["properties"]["id"] = {"type": "integer", "exclusiveMinimum": 0}
    hook = {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
            "responses": {"200": {"description": "ok"}}}  # fmt: skip
    doc["webhooks"] = {"newPet": {"post": hook}}
    return doc


def test_a_type_list_is_its_non_null_type_and_webhooks_are_reported() -> None:
    result = import_connector(copy.deepcopy(_petstore31()), "pet31")
    create = next(m for m in result.definition.methods if m.http == "POST /pets")
    assert {f.location: (f.type, f.required) for f in create.fields} == {"name": ("string", True),
                                                                          "tag": ("string", False)}  # fmt: skip
    assert ("webhook newPet (POST)", "the vendor sends it; a webhook is no method to call") in result.report.notes


def test_a_document_of_webhooks_only_imports_to_no_methods_and_says_why() -> None:
    doc = _petstore31()
    del doc["paths"]  # optional in 3.1
    result = import_connector(parse_document(json.dumps(doc), "hooks.json"), "hooks")
    assert result.definition.methods == [] and result.report.operations == 0
    assert [n for n, _ in result.report.notes] == ["webhook newPet (POST)"]


@pytest.mark.parametrize(
    ("body", "refused"),
    [(b'{"name": "Rex", "tag": null}', None), (b'{"name": "Rex", "tag": 5}', "5 is not of type 'string', 'null'"),
     (b'{"tag": "dog"}', "'name' is a required property")],
)  # fmt: skip
def test_the_emulator_validates_with_json_schema_2020_12(body: bytes, refused: str | None) -> None:
    problem = SpecEmulator(_petstore31()).checker.request_problem(
        CheckedRequest(method="POST", path="/pets", path_pattern="/pets", body=body)
    )
    assert problem is None if refused is None else (problem is not None and refused in problem), problem


def test_the_emulator_takes_a_31_example_list() -> None:
    emu = SpecEmulator(_petstore31())
    op = next(o for o in emu.operations if o.method == "POST" and o.template == "/pets")
    schema = op.spec["requestBody"]["content"]["application/json"]["schema"]
    assert emu.answers.gen.value(schema, "k", response=False)["tag"] == "dog"


def test_const_is_the_one_value_allowed() -> None:
    doc = _petstore31()
    doc["components"]["schemas"]["NewPet"]["properties"]["kind"] = {"const": "pet"}
    doc["components"]["schemas"]["NewPet"]["required"].append("kind")
    doc["paths"]["/pets"]["get"]["parameters"].append({"name": "view", "in": "query", "required": True,
                                                        "schema": {"const": "full"}})  # fmt: skip
    definition = import_connector(doc, "petstore").definition
    listing = next(m for m in definition.methods if m.http == "GET /pets")
    view = next(p for p in listing.parameters if p.target == "view")
    assert (view.type, view.values, view.default) == ("string", ["full"], "full")  # sent without the caller's say
    create = next(m for m in definition.methods if m.http == "POST /pets")
    kind = next(f for f in create.fields if f.location == "kind")
    assert (kind.type, kind.values, kind.required) == ("string", ["pet"], True)
