"""A request that fails validation is answered in Switchboard's words, the same on every edge.

Each 400 names the member by the name the caller sent it under (the query parameter, the path parameter, the
JSON member with its place in arrays and objects) and says what it takes; none carries pydantic's wording
("Input should be", "Field required", "Value error") or its union branches (``list[PropertyValue]``). The
declared routes, the call fast path, a sync's definition and the tools route all word it through
``switchboard.invalid``.
"""

from __future__ import annotations

import re
from typing import Any

from tests.harness import Account

PYDANTIC = ("Input should", "Field required", "Value error", "String should", "[PropertyValue]", "dict[", "list[")
PYDANTIC += ("must match the pattern",)  # a regular expression is no help to most readers
UUID_WORDS = "must be a UUID, such as 77be1525-27bd-4398-bd6b-81b57e464241"


def cases(account: Account, installed: int) -> list[tuple[str, str, dict[str, Any], str]]:
    catalog = account.partner.connector_id("salesloft")
    listing = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    call = f"/v1.0/account/connectors/{installed}/methods/{listing}"
    sync = {"Name": "words", "MethodUniqueIdentifier": listing, "KeyField": "id"}
    return [
        ("GET", "/v1.0/connectors", {"params": {"pageSize": "ten"}}, "Query parameter pageSize must be a whole number"),
        ("GET", "/v1.0/accounts", {"params": {"pageSize": "1001"}}, "Query parameter pageSize must be 1000 or less"),
        ("GET", "/v1.0/accounts", {"params": {"page": "\u0661"}}, "Query parameter page must be a whole number"),
        ("GET", "/v1.0/calls", {"params": {"since": "nan"}},
         "Query parameter since must be a date and time in ISO 8601, such as 2026-12-07T09:30:00Z"),
        ("GET", "/v1.0/connectors", {"params": {"orderBy": "Colour"}},
         "Query parameter orderBy must be 'Name' or 'Id'"),
        ("GET", "/v1.0/account/connectors/abc", {}, "Path parameter connector_id must be a whole number"),
        ("POST", "/v1.0/account/connectors/abc/methods/x", {"json": {}},
         "Path parameter connector_id must be a whole number"),
        ("POST", "/v1.0/account/connectors/0/tools/x", {"json": {}}, "Path parameter connector_id must be 1 or more"),
        ("POST", call, {"params": {"dryRun": "maybe"}, "json": {}}, "Query parameter dryRun must be true or false"),
        ("POST", call, {"json": {"Parameters": [1]}}, "Parameters must be a JSON object ({...})"),
        ("POST", f"{call}/body", {"json": {"CustomCategoryId": "x"}}, "CustomCategoryId must be a whole number"),
        ("POST", "/v1.0/accounts", {"json": {}}, "Name is required"),
        ("POST", "/v1.0/accounts", {"json": {"Name": 5}}, "Name must be a string"),
        ("POST", f"/v1.0/connectors/{catalog}/install", {"json": {"Properties": 5}},
         "Properties must be a JSON array ([...]) or a JSON object ({...})"),
        ("POST", f"/v1.0/connectors/{catalog}/install", {"json": {"Properties": [5]}},
         "Properties[0] must be a JSON object ({...})"),
        ("POST", f"/v1.0/connectors/{catalog}/install", {"json": {"Properties": {"region": 5}}},
         "Properties.region must be a string"),
        ("POST", f"/v1.0/connectors/{catalog}/install", {"json": {"Properties": {"region": "x" * 10_001}}},
         "Properties.region must be at most 10000 characters long"),
        ("PUT", f"/v1.0/connectors/{catalog}/settings", {"json": {"Properties": {"k" * 201: "x"}}},
         "A name in Properties must be at most 200 characters long"),
        ("POST", "/v1.0/webhooks", {"json": {"Url": "https://example.com/x", "Events": [5]}},
         "Events[0] must be a string"),
        ("POST", f"/v1.0/account/connectors/{installed}/syncs", {"json": {**sync, "MethodUniqueIdentifier": "x"}},
         f"MethodUniqueIdentifier {UUID_WORDS}"),
        ("POST", f"/v1.0/account/connectors/{installed}/syncs", {"json": {**sync, "FrequencyMinutes": 0}},
         "FrequencyMinutes must be 1 or more"),
        ("POST", f"/v1.0/account/connectors/{installed}/syncs", {"json": {**sync, "ExcludeFromHash": "x"}},
         "ExcludeFromHash must be a JSON array ([...])"),
        ("POST", f"/v1.0/account/connectors/{installed}/syncs", {"json": {**sync, "KeyField": "owner. id"}},
         "KeyField must be a record field's path: names joined by dots, without spaces (such as owner.id)"),
        ("POST", f"/v1.0/account/connectors/{installed}/syncs", {"json": {**sync, "Name": "Words"}},
         "Name must be a lower-case letter, then up to 63 lower-case letters, digits or _"),
        ("PUT", "/v1.0/branding", {"json": {"Name": "Acme", "Colour": "blue"}},
         "Colour must be a colour written #rrggbb (such as #1f6feb)"),
    ]  # fmt: skip


def test_validation_failures_name_the_member_and_what_it_takes(connected: tuple[Account, int]) -> None:
    account, installed = connected
    wrong = []
    for method, path, options, words in cases(account, installed):
        answer = account.partner.http.request(method, path, headers=account.headers, **options)
        body = answer.json()
        said = str(body.get("Message"))
        plain = not any(word in said for word in PYDANTIC)
        if answer.status_code != 400 or list(body) != ["Message"] or words not in said or not plain:
            wrong.append((method, path, options, answer.status_code, body))
    assert wrong == []


LONG = "q" * 6_000


def test_a_very_long_id_or_key_is_named_not_repeated(connected: tuple[Account, int]) -> None:
    """An answer about a 6,000-character id or input key says what is wrong with it and how long it was; it
    repeated the whole value (a 6 KB message; 12 KB for an input key). A 4,400-digit id, past what ``int``
    reads, is said to be too large a number."""
    account, installed = connected
    listing = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    call = f"/v1.0/account/connectors/{installed}/methods/{listing}"
    requests: list[tuple[str, str, dict[str, Any], int]] = [
        ("GET", f"/v1.0/connectors/{LONG}", {}, 404),
        ("GET", f"/v1.0/connectors/salesloft/{LONG}", {}, 404),
        ("GET", f"/v1.0/accounts/{LONG}", {}, 404),
        ("GET", f"/v1.0/nothing/{LONG}", {}, 404),
        ("POST", f"/v1.0/account/connectors/{installed}/methods/{LONG}", {"json": {}}, 400),
        ("POST", f"/v1.0/account/connectors/{installed}/tools/{LONG}", {"json": {}}, 404),
        ("POST", call, {"json": {"Parameters": {LONG: 1}}}, 400),
        ("POST", call, {"json": {"Fields": {LONG: 1}}}, 400),
        ("POST", f"{call}/body", {"json": {"Parameters": {LONG: 1}}}, 400),
        ("GET", call, {"params": {LONG: "1"}}, 400),
    ]
    wrong = []
    for method, path, options, status in requests:
        answer = account.partner.http.request(method, path, headers=account.headers, **options)
        said = answer.json().get("Message", "")
        if answer.status_code != status or len(said) > 1_000 or not re.search(r"\.\.\. \(6\d{3} characters\)", said):
            wrong.append(f"{method} {path[:60]} {answer.status_code} {len(said)} {said[:100]}")
    assert wrong == [], "\n".join(wrong)
    digits = account.partner.http.get(f"/v1.0/methods/{'7' * 4_400}")
    assert digits.json() == {"Message": "Path parameter method_id is too large a number"}, digits.text[:300]


def test_a_method_not_allowed_says_which_are(connected: tuple[Account, int]) -> None:
    account, installed = connected
    answer = account.put(f"/v1.0/account/connectors/{installed}/methods/1", json={})
    assert answer.status_code == 405 and "GET" in answer.headers["allow"], answer.text
    assert answer.json()["Message"] == f"Method Not Allowed: this path answers {answer.headers['allow']}, not PUT"
