"""The connector library over HTTP, in Cyclr's shape, with ids that never drift."""

from __future__ import annotations

import json

import httpx
from jsonschema import Draft202012Validator

from switchboard.catalog import Registry
from switchboard.catalog.loader import BUILTIN_DIR, connector_files
from switchboard.catalog.schema import SCHEMA_PATH
from tests.harness import MAX_PAGE, Partner, SwitchboardServer
from tests.yaml_text import safe_load


def test_connectors_list_and_get(partner: Partner) -> None:
    listing = partner.connectors()
    salesloft = next(c for c in listing if c["Name"] == "Salesloft")
    assert salesloft["AuthType"] == "OAuth2"
    assert salesloft["Version"] == "2.0"
    assert salesloft["MethodCount"] >= 10
    single = partner.http.get(f"/v1.0/connectors/{salesloft['Id']}").json()
    assert single == salesloft
    missing = partner.http.get("/v1.0/connectors/1")
    assert missing.status_code == 404
    assert "Connector 1 was not found" in missing.json()["Message"]


def test_methods_have_cyclr_shape(partner: Partner) -> None:
    salesloft = partner.connector_id("salesloft")
    methods = {
        m["Name"]: m
        for m in partner.http.get(f"/v1.0/connectors/{salesloft}/methods", params={"pageSize": MAX_PAGE}).json()
    }
    get_person = methods["Get person"]
    assert get_person["MethodUniqueIdentifier"]
    (param,) = [p for p in get_person["Parameters"] if p["TargetName"] == "person_id"]
    assert param["TargetType"] == "MergeField"
    assert param["IsOptional"] is False
    create_person = methods["Create person"]
    locations = {f["Location"] for f in create_person["RequestFields"]}
    assert {"email_address", "first_name", "custom_fields"} <= locations
    assert all({"Id", "DisplayName", "IsOptional", "DataType"} <= f.keys() for f in create_person["RequestFields"])
    assert methods["List accounts"]["Paginated"] is True


def test_ids_are_the_same_in_every_process(partner: Partner, switchboard: SwitchboardServer) -> None:
    """The server (another process) and a registry loaded here agree on every id."""
    local = Registry.load().by_key["salesloft"]
    remote = partner.http.get(f"/v1.0/connectors/{local.id}/methods", params={"pageSize": MAX_PAGE, "orderBy": "Id"})
    remote = remote.json()
    methods = sorted(local.methods, key=lambda m: m.id)
    assert [m["Id"] for m in remote] == [m.id for m in methods]
    assert [p["Id"] for m in remote for p in m["Parameters"]] == [p.id for m in methods for p in m.parameters]
    assert [f["Id"] for m in remote for f in m["RequestFields"]] == [f.id for m in methods for f in m.fields]


def test_method_by_unique_identifier_or_numeric_id(partner: Partner) -> None:
    salesloft = partner.connector_id("salesloft")
    methods = partner.http.get(f"/v1.0/connectors/{salesloft}/methods", params={"pageSize": MAX_PAGE}).json()
    first = methods[0]
    by_uid = partner.http.get(f"/v1.0/connectors/{salesloft}/methods/{first['MethodUniqueIdentifier']}").json()
    by_id = partner.http.get(f"/v1.0/connectors/{salesloft}/methods/{first['Id']}").json()
    assert by_uid == by_id == first


def test_connector_schema_is_served(partner: Partner) -> None:
    """``/v1.0/connectors/schema`` is the checked-in schema, routed before ``/{connector_id}``."""
    response = partner.http.get("/v1.0/connectors/schema")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    schema = response.json()
    assert schema == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    for path in connector_files([BUILTIN_DIR]):
        assert list(validator.iter_errors(safe_load(path.read_text(encoding="utf-8")))) == [], path
    assert not validator.is_valid({"key": "people", "colour": "red"})


def test_connector_schema_needs_a_partner_token(switchboard: SwitchboardServer) -> None:
    anonymous = httpx.get(f"{switchboard.url}/v1.0/connectors/schema")
    assert anonymous.status_code == 401
    assert anonymous.json()["Message"]
    forged = httpx.get(f"{switchboard.url}/v1.0/connectors/schema", headers={"Authorization": "Bearer nope"})
    assert forged.status_code == 401
