"""Cyclr's connector addressing: by name, by name and version, methods filtered, install by name, a method by Id."""

from __future__ import annotations

from urllib.parse import quote

from tests.harness import Partner


def test_a_name_answers_a_list_and_an_id_the_connector(partner: Partner) -> None:
    by_name = partner.http.get("/v1.0/connectors/Salesloft")
    assert by_name.status_code == 200
    (salesloft,) = by_name.json()
    assert salesloft["Name"] == "Salesloft" and salesloft["Version"] == "2.0"
    by_id = partner.http.get(f"/v1.0/connectors/{salesloft['Id']}")
    assert by_id.status_code == 200 and by_id.json() == salesloft
    # Any case, spaces percent-encoded; the version with or without Cyclr's "v".
    spaced = partner.http.get(f"/v1.0/connectors/{quote('constant contact')}")
    assert [c["Name"] for c in spaced.json()] == ["Constant Contact"]
    for version in ("2.0", "v2.0", "V2.0"):
        versioned = partner.http.get(f"/v1.0/connectors/salesloft/{version}")
        assert versioned.status_code == 200 and [c["Id"] for c in versioned.json()] == [salesloft["Id"]]


def test_unknown_names_versions_and_ids_are_404(partner: Partner) -> None:
    for path in ("/v1.0/connectors/NoSuchApp", "/v1.0/connectors/Salesloft/9.9", "/v1.0/connectors/1234"):
        missing = partner.http.get(path)
        assert missing.status_code == 404, path
        assert "was not found" in missing.json()["Message"]
    assert partner.http.get("/v1.0/connectors/Salesloft/9.9/methods").status_code == 404
    assert partner.http.get("/v1.0/methods/1234").status_code == 404


def test_methods_by_name_and_version_with_query_and_category(partner: Partner) -> None:
    salesloft = partner.connector_id("salesloft")
    by_id = partner.http.get(f"/v1.0/connectors/{salesloft}/methods").json()
    by_name = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods")
    assert by_name.status_code == 200 and by_name.json() == by_id
    assert partner.http.get("/v1.0/connectors/Salesloft/methods").json() == by_id
    ddl = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"category": "ddl"}).json()
    assert ddl and all(m["Category"] == "DDL" for m in ddl)
    assert ddl == partner.http.get(f"/v1.0/connectors/{salesloft}/methods", params={"category": "DDL"}).json()
    found = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "get PERSON"}).json()
    assert sorted(m["Name"] for m in found) == ["Get person", "Get person stage"]  # the name contains it
    both = partner.http.get(
        f"/v1.0/connectors/{salesloft}/methods", params={"category": "DDL", "query": "cadences"}
    ).json()
    assert [m["Name"] for m in both] == ["List cadences (DDL)"]


def test_a_method_by_its_id_alone(partner: Partner) -> None:
    listing = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "Get person"}).json()
    method = next(m for m in listing if m["Name"] == "Get person")
    alone = partner.http.get(f"/v1.0/methods/{method['Id']}")
    assert alone.status_code == 200 and alone.json() == method
    for path in (f"Salesloft/2.0/methods/{method['Id']}", f"salesloft/methods/{method['MethodUniqueIdentifier']}"):
        assert partner.http.get(f"/v1.0/connectors/{path}").json() == method
    assert method["MethodType"] == "Action"
    assert method["EndPoint"].endswith("/v2/people/{person_id}") and method["EndPoint"].startswith("http")


def test_install_by_name_and_by_name_and_version(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    by_name = account.post("/v1.0/connectors/Salesloft/install", json={"AuthValue": salesloft_api_key})
    assert by_name.is_success, by_name.text
    assert by_name.json()["Authenticated"] is True and by_name.json()["Connector"]["Name"] == "Salesloft"
    by_version = account.post("/v1.0/connectors/salesloft/v2.0/install", json={"Name": "Second"})
    assert by_version.is_success, by_version.text
    assert by_version.json()["Name"] == "Second" and by_version.json()["Authenticated"] is False
    installed = account.get("/v1.0/account/connectors").json()
    assert sorted(c["Name"] for c in installed) == ["Salesloft", "Second"]
    assert account.post("/v1.0/connectors/Salesloft/1.0/install", json={}).status_code == 404
