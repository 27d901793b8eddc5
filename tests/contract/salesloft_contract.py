"""What the Salesloft contract tests share: the samples and their mapping onto a ``/body`` call, the
records seeded before each, the shared account connector (``Contract``; its fixture is in
``conftest.py``), and the checks of what reached the emulator and what came back.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from switchboard.catalog import Method, Registry
from switchboard.catalog.models import DdlOutput, StaticOutput
from switchboard_emulators import RecordedRequest
from switchboard_emulators.salesloft import SalesloftEmulator
from switchboard_emulators.salesloft.schema import HREFS
from tests.contract.seed_mapping import flatten
from tests.harness import Account

SAMPLES: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "salesloft_samples.json").read_text(encoding="utf-8")
)
CONNECTOR = Registry.load().by_key["salesloft"]
DEFINITIONS: dict[str, Method] = {m.name: m for m in CONNECTOR.methods}
RESOURCE_AT = {f"/v2/{href}": resource for resource, href in HREFS.items()}

# Sample values the real API would reject, replaced before the call (keys after ``fields`` is unwrapped).
ADJUSTMENTS: dict[str, dict[str, Any]] = {
    # Salesloft ids are integers: "/v2/cadence_memberships/5f9b2c1e3a4b8d7e6f0c9a12" is a 404.
    # Use the id of the membership the test seeds instead.
    "Delete cadence membership": {"cadence_membership_id": 12345},
}

# Inputs that name a record of the team, and the collection it lives in. Seeding the record
# before the call makes the API's lookups of it succeed (and resets it to a known state).
REFERENCES = {
    "account_id": "accounts",
    "account_tier_id": "account_tiers",
    "action_id": "actions",
    "bulk_jobs_id": "bulk_jobs",
    "cadence_id": "cadences",
    "cadence_membership_id": "cadence_memberships",
    "call_id": "calls",
    "company_stage_id": "account_stages",
    "custom_field_id": "custom_fields",
    "email_id": "emails",
    "import_id": "imports",
    "linked_call_data_record_ids": "call_data_records",
    "note_id": "notes",
    "owner_id": "users",
    "person_id": "people",
    "person_stage_id": "person_stages",
    "step_id": "steps",
    "task_id": "tasks",
    "user_id": "users",
}
GUID_USER_ID = 90_001  # the teammate seeded for samples that name a user by guid

# Values the API keeps unique on a team: (collection, fields); a record of another id holding
# the sample's values is reseeded (its values regenerated) so the sample's write can take them.
UNIQUE: dict[str, tuple[str, tuple[str, ...]]] = {
    "Create account": ("accounts", ("domain",)),
    "Update account": ("accounts", ("domain",)),
    "Create person": ("people", ("email_address",)),
    "Update person": ("people", ("email_address",)),
    "Create custom field": ("custom_fields", ("name", "field_type")),
    "Update custom field": ("custom_fields", ("name", "field_type")),
}

STATIC_DDL = {name for name, m in DEFINITIONS.items() if isinstance(m.definition.output, StaticOutput)}
OPERATIONS = [pytest.param(name, id=name) for name in SAMPLES]


# --- mapping a sample onto a /body call ------------------------------------------------------


def adjusted(method: Method, sample: dict[str, Any]) -> dict[str, Any]:
    """The mechanically mapped sample, adjusted where noted in ADJUSTMENTS."""
    return {**flatten(method, sample), **ADJUSTMENTS.get(method.name, {})}


def payload(parameters: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"Parameters": parameters}
    if body:
        out["RequestBody"] = json.dumps(body)
    return out


def read(tree: Any, location: str) -> tuple[bool, Any]:
    node = tree
    for part in location.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def without(tree: dict[str, Any], location: str) -> dict[str, Any]:
    """A deep copy of ``tree`` with the value at ``location`` removed."""
    out = copy.deepcopy(tree)
    node = out
    *parents, last = location.split(".")
    for part in parents:
        node = node[part]
    del node[last]
    return out


# --- the shared account connector --------------------------------------------------------------


@dataclass
class Contract:
    account: Account
    connector_id: int
    listing: dict[str, dict[str, Any]]
    emu: SalesloftEmulator

    def call(self, name: str, body: dict[str, Any]) -> Any:
        uid = self.listing[name]["MethodUniqueIdentifier"]
        return self.account.post(f"/v1.0/account/connectors/{self.connector_id}/methods/{uid}/body", json=body)

    def mark(self) -> int:
        return len(self.emu.requests.all())

    def sent(self, since: int) -> list[RecordedRequest]:
        return [r for r in self.emu.requests.all()[since:] if r.path == "/v2" or r.path.startswith("/v2/")]


def arrange(emu: SalesloftEmulator, method: Method, flat: dict[str, Any]) -> None:
    """Seed the records the sample refers to, and free the unique values it writes."""
    name = method.name
    for key, value in flat.items():
        resource = REFERENCES.get(key)
        if resource is None:
            continue
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
                emu.seed(resource, 1, id=int(ref))
    if "user_guid" in flat:
        emu.seed("users", 1, id=GUID_USER_ID, guid=flat["user_guid"])
    if name == "Create cadence membership":
        # A person can be on a cadence once at a time: take them off any current membership.
        for membership in emu.records("cadence_memberships"):
            if (membership["person"] or {}).get("id") == flat["person_id"]:
                emu.seed("cadence_memberships", 1, id=membership["id"])
    if name in UNIQUE:
        resource, keys = UNIQUE[name]
        wanted = tuple(str(flat[k]).lower() for k in keys if k in flat)
        # An update may keep its own record's values: the record it addresses by path.
        own = next((int(flat[p.definition.target]) for p in method.parameters if p.definition.in_ == "path"), None)
        for record in emu.records(resource):
            held = tuple(str(record.get(k)).lower() for k in keys)
            if held == wanted and record["id"] != own:
                emu.seed(resource, 1, id=record["id"])


# --- 1 and 2: the sample through Switchboard, and what reached the emulator -------------------


def expected_wire(method: Method, location: str, value: Any) -> Any:
    spec = method.field_by_location[location].definition
    if spec.transform == "key_value_object" and isinstance(value, list):
        return {item["key"]: item["value"] for item in value}
    # Values travel as the field's type: "12345" for an integer field goes as 12345, and back.
    if spec.type == "integer" and isinstance(value, str):
        return int(value)
    if spec.type == "string" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def upstream_path(method: Method, parameters: dict[str, Any]) -> str:
    path = method.definition.path
    for parameter in method.parameters:
        spec = parameter.definition
        if spec.in_ == "path":
            path = path.replace("{" + spec.target + "}", quote(str(parameters[spec.target]), safe=""))
    return path


def query_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def check_sent(method: Method, parameters: dict[str, Any], body: dict[str, Any], sent: list[RecordedRequest]) -> None:
    definition = method.definition
    if definition.raw_http:
        (request,) = sent
        assert (request.method, request.path) == (body["method"], body["url"]["endpoint"])
        for pair in body["query_parameters"]:
            assert request.query_values(pair["key"]) == [pair["value"]]
        assert request.body == b""  # {"none": null}: no body
        return
    path = upstream_path(method, parameters)
    pages = method.pagination is not None and "page" not in parameters
    if pages:
        assert sent, "nothing reached the emulator"
        assert [r.query_values("page") for r in sent] == [[str(n)] for n in range(1, len(sent) + 1)]
    else:
        assert len(sent) == 1, [(r.method, r.path) for r in sent]
    assert {(r.method, r.path) for r in sent} == {(definition.verb, path)}
    request = sent[0]
    for target, value in parameters.items():
        spec = method.parameter_by_target[target].definition
        if spec.in_ != "query":
            continue
        sent_values = [v for k, v in request.query if k == spec.wire_name or k.startswith(spec.wire_name + "[")]
        assert sent_values, (spec.wire_name, request.query)
        if spec.type == "array":
            for item in value if isinstance(value, list) else [value]:
                assert any(str(item) in v for v in sent_values), (spec.wire_name, item, sent_values)
        elif spec.type != "object":
            assert sent_values == [query_text(value)], spec.wire_name
    if method.fields:
        sent_body = json.loads(request.body)
        checked = 0
        for location in method.field_by_location:
            found, value = read(body, location)
            if not found:
                continue
            wire = method.field_by_location[location].definition.wire_location
            assert read(sent_body, wire) == (True, expected_wire(method, location, value)), wire
            checked += 1
        assert checked, "no sample value to look for in the body"
    else:
        assert request.body == b""


def ddl_expected(emu: SalesloftEmulator, method: Method) -> list[tuple[str, Any]]:
    output = method.definition.output
    assert isinstance(output, DdlOutput)
    records = emu.records(RESOURCE_AT[method.definition.path])
    pairs = []
    for record in records:
        text = read(record, output.text)[1]
        pairs.append(("" if text is None else str(text), read(record, output.value)[1]))
    return pairs


def _sorted(pairs: list[tuple[str, Any]]) -> list[str]:
    return sorted(json.dumps(list(p)) for p in pairs)


def check_answer(contract: Contract, method: Method, parameters: dict[str, Any], answer: Any) -> None:
    definition = method.definition
    sample_output = SAMPLES[method.name]["output"]
    if method.name.endswith("(DDL)"):
        assert set(answer) == {"result"}
        items = answer["result"]
        assert isinstance(items, list)
        assert all(set(item) == {"text", "value"} for item in items)
        got = [(item["text"], item["value"]) for item in items]
        if isinstance(definition.output, StaticOutput):
            assert got == [(o.text, o.value) for o in definition.output.options]
            return
        expected = ddl_expected(contract.emu, method)
        assert got, "the drop-down is empty"
        if method.pagination is not None:
            assert _sorted(got) == _sorted(expected)  # every page, every record
        else:
            assert set(_sorted(got)) <= set(_sorted(expected))
        return
    assert set(answer) == set(sample_output), answer
    if definition.raw_http:
        response = answer["response"]
        assert {"status_code", "headers", "body"} <= set(response)
        assert response["status_code"] == 200
        assert set(response["body"]) == {"metadata", "data"}
        return
    addressed = [int(parameters[p.definition.target]) for p in method.parameters if p.definition.in_ == "path"]
    collection = RESOURCE_AT.get(definition.path.split("/{")[0])
    if sample_output == {"success": True}:
        # Salesloft answers 204 with no body; Switchboard says so in JSON. The record is gone.
        assert answer == {"success": True}
        assert collection is not None and addressed
        assert addressed[0] not in {r["id"] for r in contract.emu.records(collection)}
        return
    data = answer.get("data")
    if not (isinstance(data, dict) and "id" in data and collection is not None):
        return
    if addressed:
        assert data["id"] == addressed[0]  # the record the path named
    if definition.verb in {"POST", "PUT"}:
        assert data["id"] in {r["id"] for r in contract.emu.records(collection)}  # written on the team
