"""Triggers (drop-down lookups): ``POST ./triggers/{triggerId}`` answers ``[{Name, Value}]``."""

from __future__ import annotations

import re
from typing import Any

from switchboard_emulators import EmulatorServer
from tests.harness import Partner


def salesloft_connection(partner: Partner, api_key: str) -> tuple[Any, int, dict[str, Any]]:
    account = partner.new_account()
    installed = account.post("/v1.0/connectors/Salesloft/install", json={"AuthValue": api_key})
    assert installed.is_success, installed.text
    connection = installed.json()["Id"]
    connector = account.get(f"/v1.0/account/connectors/{connection}").json()["Connector"]
    return account, connection, connector


def test_the_connector_lists_its_triggers_and_fields_name_theirs(partner: Partner) -> None:
    (connector,) = partner.http.get("/v1.0/connectors/Salesloft/2.0").json()
    triggers = {t["Name"]: t for t in connector["Triggers"]}
    ddl = [m for m in partner.http.get("/v1.0/connectors/Salesloft/2.0/methods?category=DDL").json()]
    assert {m["Name"] for m in ddl} <= set(triggers)  # every DDL method is a lookup
    tiers = triggers["List account tiers (DDL)"]
    method = partner.http.get(f"/v1.0/methods/{tiers['TriggerId']}").json()
    assert method["Name"] == "List account tiers (DDL)"
    assert method["MethodUniqueIdentifier"] == tiers["MethodUniqueIdentifier"]
    create = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "Create account"}).json()[0]
    (tier_field,) = [f for f in create["RequestFields"] if f["Location"] == "account_tier_id"]
    assert tier_field["TriggerName"] == "List account tiers (DDL)" and tier_field["Triggers"] == [tiers]
    assert all(f["TriggerName"] is None and f["Triggers"] == [] for f in create["RequestFields"] if f is not tier_field)
    membership = partner.http.get(
        "/v1.0/connectors/Salesloft/2.0/methods", params={"query": "Create cadence membership"}
    ).json()[0]
    (cadence,) = [p for p in membership["Parameters"] if p["TargetName"] == "cadence_id"]
    assert cadence["TriggerName"] == "List cadences (DDL)"


def test_calling_a_trigger_answers_name_value_pairs_from_the_provider(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account, connection, connector = salesloft_connection(partner, salesloft_api_key)
    tiers = next(t for t in connector["Triggers"] if t["Name"] == "List account tiers (DDL)")
    before = len(salesloft.emulator.requests.all())
    response = account.post(f"/v1.0/account/connectors/{connection}/triggers/{tiers['TriggerId']}", json={})
    assert response.status_code == 200, response.text
    options = response.json()
    assert len(options) == 3 and all(set(o) == {"Name", "Value"} for o in options)
    assert all(o["Name"] and o["Value"] for o in options)
    sent = [r for r in salesloft.emulator.requests.all()[before:] if r.path == "/v2/account_tiers"]
    assert sent, "the lookup went to the provider"
    # The values are what the provider calls ids: each can be read back by the non-DDL method.
    listed = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{account.methods('salesloft')['List account tiers']['Id']}",
        json={},
    ).json()
    assert sorted(o["Value"] for o in options) == sorted(t["id"] for t in listed["data"])


def test_unknown_triggers_and_connections_are_404(partner: Partner, salesloft_api_key: str) -> None:
    account, connection, connector = salesloft_connection(partner, salesloft_api_key)
    assert account.post(f"/v1.0/account/connectors/{connection}/triggers/99999999", json={}).status_code == 404
    not_a_lookup = account.methods("salesloft")["Get person"]["Id"]
    assert account.post(f"/v1.0/account/connectors/{connection}/triggers/{not_a_lookup}").status_code == 404
    tiers = connector["Triggers"][0]["TriggerId"]
    assert account.post(f"/v1.0/account/connectors/9999999/triggers/{tiers}", json={}).status_code == 404
    other = partner.new_account()
    assert other.post(f"/v1.0/account/connectors/{connection}/triggers/{tiers}", json={}).status_code == 404


def _at(body: dict[str, Any], key: str) -> list[Any]:
    """What a Cyclr key such as ``[lists].name`` names: the member ``name`` of each item of the array ``lists``."""
    match = re.fullmatch(r"\[([^\]]+)\]\.(.+)", key)
    assert match, key
    return [item[match.group(2)] for item in body[match.group(1)]]


def test_a_trigger_reference_leads_to_its_values_as_cyclrs_step_setup_reads_it(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    """Cyclr's "Map parameters" page shows a parameter's ``Triggers`` entry as ``{"AccountConnectorId", "MethodId",
    "Name", "HumanReadableKey": "[lists].name", "IdentifierKey": "[lists].id", "SubTriggers": [], "EntityId"}`` and
    says: call method ``MethodId`` of the account connector (``GET /v1.0/account/connectors/{id}/methods/{MethodId}``),
    show the ``HumanReadableKey`` values, send the ``IdentifierKey`` one. Switchboard's entries had only ``TriggerId``,
    ``Name`` and ``MethodUniqueIdentifier``: a client reading ``MethodId`` called ``.../methods/undefined``.
    ``AccountConnectorId`` and ``EntityId`` are left out: a connector's methods are listed for no one installation."""
    account, connection, _ = salesloft_connection(partner, salesloft_api_key)
    create = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "Create account"}).json()[0]
    (tier_field,) = [f for f in create["RequestFields"] if f["Location"] == "account_tier_id"]
    (reference,) = tier_field["Triggers"]
    assert reference["Name"] == tier_field["TriggerName"] == "List account tiers (DDL)"
    assert reference["MethodId"] == reference["TriggerId"] and reference["SubTriggers"] == []

    # "Retrieve values": the request as the page writes it, then the keys read from its answer.
    called = account.get(f"/v1.0/account/connectors/{connection}/methods/{reference['MethodId']}")
    assert called.status_code == 200, called.text
    names = _at(called.json(), reference["HumanReadableKey"])
    identifiers = _at(called.json(), reference["IdentifierKey"])
    assert sorted(names) == ["Tier 1", "Tier 2", "Tier 3"]
    tiers = account.post(f"/v1.0/account/connectors/{connection}/triggers/{reference['TriggerId']}", json={}).json()
    assert list(zip(names, identifiers, strict=True)) == [(o["Name"], o["Value"]) for o in tiers]
    listed = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{account.methods('salesloft')['List account tiers']['Id']}",
        json={},
    ).json()
    assert sorted(identifiers) == sorted(t["id"] for t in listed["data"])  # the provider's own ids

    # A parameter's reference (URL or header values) carries the same members.
    membership = partner.http.get(
        "/v1.0/connectors/Salesloft/2.0/methods", params={"query": "Create cadence membership"}
    ).json()[0]
    (cadence,) = [p for p in membership["Parameters"] if p["TargetName"] == "cadence_id"]
    assert cadence["Triggers"][0]["MethodId"] == cadence["Triggers"][0]["TriggerId"]
