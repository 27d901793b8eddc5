"""Every Salesloft operation end to end: its seed Sample Input through Switchboard to the emulator.

For each of the 98 operations of ``salesloft_samples.json`` the Sample Input is mapped the way a
caller would send it to ``POST .../methods/{MethodUniqueIdentifier}/body`` (drop ``access_token``,
unwrap ``fields``, keys naming a parameter target go to ``Parameters``, the rest into the
``RequestBody`` JSON string), on one account connector authenticated with the emulator's API key.
The suite checks what came back (the Sample Output's top-level keys; ``{"result": [...]}`` for
drop-downs), what reached the emulator (verb, path, query names and body values at their wire
names), that every required input is enforced before anything is sent, and that list and
drop-down methods follow every page.

Records a sample refers to (people, cadences, users, bulk jobs, ...) are seeded in the emulator
just before each call, so the emulator's referential and uniqueness checks pass as they would
on a real team that has those records.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.salesloft_contract import (
    DEFINITIONS,
    OPERATIONS,
    SAMPLES,
    STATIC_DDL,
    Contract,
    adjusted,
    arrange,
    check_answer,
    check_sent,
    payload,
    without,
)
from tests.contract.seed_mapping import split


@pytest.mark.parametrize("name", OPERATIONS)
def test_sample_input_round_trip(contract: Contract, name: str) -> None:
    method = DEFINITIONS[name]
    flat = adjusted(method, SAMPLES[name]["input"])
    parameters, body = split(method, flat)
    arrange(contract.emu, method, flat)
    mark = contract.mark()
    response = contract.call(name, payload(parameters, body))
    assert response.status_code == 200, response.text
    check_answer(contract, method, parameters, response.json())
    sent = contract.sent(mark)
    if name in STATIC_DDL:
        assert sent == []
    else:
        check_sent(method, parameters, body, sent)


# --- 3: required inputs -----------------------------------------------------------------------


def _required_cases() -> list[Any]:
    cases = []
    for name in SAMPLES:
        method = DEFINITIONS[name]
        for parameter in method.parameters:
            if parameter.definition.required:
                target = parameter.definition.target
                cases.append(pytest.param(name, "parameter", target, id=f"{name}-{target}"))
        for field in method.fields:
            if field.definition.required:
                location = field.definition.location
                cases.append(pytest.param(name, "field", location, id=f"{name}-{location}"))
    return cases


@pytest.mark.parametrize(("name", "kind", "element"), _required_cases())
def test_required_input_is_enforced(contract: Contract, name: str, kind: str, element: str) -> None:
    method = DEFINITIONS[name]
    parameters, body = split(method, adjusted(method, SAMPLES[name]["input"]))
    listing = contract.listing[name]
    if kind == "parameter":
        parameters = without(parameters, element)
        (entry,) = [p for p in listing["Parameters"] if p["TargetName"] == element]
        expected = {
            "Message": f"Required parameter {entry['Name']} was not provided",
            "ParameterId": entry["Id"],
            "TargetName": element,
        }
    else:
        body = without(body, element)
        (entry,) = [f for f in listing["RequestFields"] if f["Location"] == element]
        expected = {
            "Message": f"Required field {entry['DisplayName']} was not provided",
            "FieldId": entry["Id"],
            "Location": element,
        }
    assert entry["IsOptional"] is False
    mark = contract.mark()
    response = contract.call(name, payload(parameters, body))
    assert response.status_code == 400, response.text
    assert response.json() == expected
    assert contract.sent(mark) == []


# --- 4: pagination ----------------------------------------------------------------------------


def test_list_accounts_returns_every_page_in_one_answer(contract: Contract) -> None:
    emu = contract.emu
    emu.seed("accounts", max(0, 260 - len(emu.records("accounts"))))
    expected = {a["id"] for a in emu.records("accounts")}
    assert len(expected) > 250
    mark = contract.mark()
    response = contract.call("List accounts", {"Parameters": {"sort_by": "created_at", "sort_direction": "ASC"}})
    assert response.status_code == 200, response.text
    answer = response.json()
    ids = [a["id"] for a in answer["data"]]
    assert len(ids) == len(expected) and set(ids) == expected
    created = [a["created_at"] for a in answer["data"]]
    assert created == sorted(created)  # the caller's order holds across pages
    assert answer["metadata"]["paging"]["next_page"] is None
    sent = contract.sent(mark)
    assert len(sent) == -(-len(expected) // 100) >= 3
    assert [r.query_values("page") for r in sent] == [[str(n)] for n in range(1, len(sent) + 1)]
    assert all(r.path == "/v2/accounts" and r.query_values("sort_by") == ["created_at"] for r in sent)


def test_users_drop_down_spans_pages(contract: Contract) -> None:
    emu = contract.emu
    emu.seed("users", max(0, 130 - len(emu.records("users"))))
    expected = {u["id"]: u["name"] for u in emu.records("users")}
    assert len(expected) > 100
    mark = contract.mark()
    response = contract.call("List users (DDL)", {})
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert {item["value"]: item["text"] for item in result} == expected
    assert len(result) == len(expected)
    sent = contract.sent(mark)
    assert len(sent) == -(-len(expected) // 100) >= 2
    assert [r.query_values("page") for r in sent] == [[str(n)] for n in range(1, len(sent) + 1)]
    assert all(r.path == "/v2/users" and r.query_values("per_page") == ["100"] for r in sent)
