"""Issue 26, item 2: lists page, filter and sort as Cyclr's: ``page``, ``pageSize``, ``Total-Pages``/``-Records``."""

from __future__ import annotations

import math
from collections.abc import Iterator

import httpx
import pytest

from switchboard.catalog import Registry
from tests.harness import Partner, SwitchboardServer, server_env

DEFAULT_PAGE_SIZE = 50  # Cyclr's, when pageSize is left out

# A connector a deployment adds (connector_dirs): one of Cyclr's custom connectors, with categories.
CUSTOM = """\
key: acme_crm
name: Acme CRM
version: '1.0'
categories: [CRMs, Sales]
base_url: https://crm.example.com
auth:
- type: api_key
methods:
- name: List leads
  unique_id: 6b3c4f0e-4a57-4c36-9a0b-0d9a1f3e2c11
  category: Leads
  http: GET /leads
"""


@pytest.fixture(scope="module")
def custom_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    connectors = tmp_path_factory.mktemp("custom-connectors")
    (connectors / "acme_crm").mkdir()
    (connectors / "acme_crm" / "connector.yaml").write_text(CUSTOM)
    data_dir = tmp_path_factory.mktemp("paging")
    server = SwitchboardServer(data_dir, server_env(data_dir, {}, SWITCHBOARD_CONNECTOR_DIRS=f'["{connectors}"]'))
    yield server.start()
    server.stop()


def paging_headers(response: httpx.Response) -> tuple[int, int]:
    return int(response.headers["Total-Pages"]), int(response.headers["Total-Records"])


def test_accounts_page_with_cyclrs_headers(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Paging accounts")
    names = ["Delta", "alpha", "Echo", "charlie", "Bravo", "golf", "Foxtrot"]
    for name in names:
        assert partner.http.post("/v1.0/accounts", json={"Id": f"id-{name.lower()}", "Name": name}).status_code == 200

    pages = [partner.http.get("/v1.0/accounts", params={"pageSize": 3, "page": page}) for page in (1, 2, 3, 4)]
    assert [p.status_code for p in pages] == [200] * 4
    assert [len(p.json()) for p in pages] == [3, 3, 1, 0]  # a client that pages until a short page stops
    assert all(paging_headers(p) == (3, 7) for p in pages)
    assert [a["Name"] for p in pages for a in p.json()] == names  # oldest first by default

    everything = partner.http.get("/v1.0/accounts")
    assert paging_headers(everything) == (1, 7) and len(everything.json()) == 7

    by_name = partner.http.get("/v1.0/accounts", params={"orderBy": "Name", "sortOrderAsc": "false", "pageSize": 4})
    assert [a["Name"] for a in by_name.json()] == sorted(names, key=str.lower, reverse=True)[:4]
    assert paging_headers(by_name) == (2, 7)
    # Cyclr's own tests ask for it this way.
    cyclr = partner.http.get("/v1.0/accounts?pageSize=100&page=1&sortOrderAsc=true")
    assert [a["Name"] for a in cyclr.json()] == names


def test_account_connectors_page(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    installed = [account.install("salesloft", Name=f"Sales {n}", AuthValue=salesloft_api_key) for n in "CAB"]
    first = account.get("/v1.0/account/connectors", params={"pageSize": 2})
    second = account.get("/v1.0/account/connectors", params={"pageSize": 2, "page": 2})
    assert [c["Id"] for c in first.json() + second.json()] == installed
    assert paging_headers(first) == paging_headers(second) == (2, 3)
    named = account.get("/v1.0/account/connectors", params={"orderBy": "Name"})
    assert [c["Name"] for c in named.json()] == ["Sales A", "Sales B", "Sales C"]


def test_method_lists_page_filter_and_sort_by_name(partner: Partner) -> None:
    catalog = partner.connector_id("salesloft")
    # Cyclr lists methods by name (its tests expect Add, Delete, Get, List, Update Customer in that order).
    methods = sorted(Registry.load().by_key["salesloft"].methods, key=lambda m: (m.definition.name.casefold(), m.id))
    url = f"/v1.0/connectors/{catalog}/methods"

    first = partner.http.get(url)
    assert [m["Name"] for m in first.json()] == [m.definition.name for m in methods[:DEFAULT_PAGE_SIZE]]
    assert paging_headers(first) == (math.ceil(len(methods) / DEFAULT_PAGE_SIZE), len(methods))
    last_page = math.ceil(len(methods) / 10)
    last = partner.http.get(url, params={"pageSize": 10, "page": last_page})
    assert [m["Id"] for m in last.json()] == [m.id for m in methods][(last_page - 1) * 10 :]
    by_id = partner.http.get(url, params={"orderBy": "Id", "sortOrderAsc": "false", "pageSize": 5})
    assert [m["Id"] for m in by_id.json()] == sorted((m.id for m in methods), reverse=True)[:5]

    people = partner.http.get(url, params={"query": "PERSON"})
    expected = [m.definition.name for m in methods if "person" in m.definition.name.lower()]
    assert [m["Name"] for m in people.json()] == expected and expected
    assert paging_headers(people) == (1, len(expected))

    calls = partner.http.get(url, params={"category": "calls", "query": "call"})
    assert calls.json() and all(m["Category"] == "Calls" and "call" in m["Name"].lower() for m in calls.json())
    assert partner.http.get(url, params={"category": ""}).json() == first.json()  # ?category= filters nothing


def test_connectors_filter_by_name_category_and_custom(custom_server: SwitchboardServer) -> None:
    partner = custom_server.new_partner("Library")
    library = partner.http.get("/v1.0/connectors", params={"pageSize": 1000})
    names = [c["Name"] for c in library.json()]
    assert "Acme CRM" in names and "Salesloft" in names
    assert names == sorted(names, key=str.lower)  # by Name, ascending, by default
    assert paging_headers(library) == (1, len(names))

    found = partner.http.get("/v1.0/connectors", params={"query": "sales", "includeCustomConnectors": "false"})
    assert [c["Name"] for c in found.json()] == ["Salesloft"]
    crms = partner.http.get("/v1.0/connectors", params={"category": "crms"})
    # The shipped CRMs too: every shipped connector has its Categories (its connector.yaml or overlay).
    assert [c["Name"] for c in crms.json()] == [
        "Acme CRM",
        "Apideck CRM",
        "HubSpot CRM Associations",
        "HubSpot CRM Companies",
        "HubSpot CRM Contacts",
        "HubSpot CRM Deals",
        "HubSpot CRM Tickets",
        "Pipedrive",
        "Salesloft",
        "Zoho CRM",
    ]
    built_in = partner.http.get("/v1.0/connectors", params={"includeCustomConnectors": "false", "pageSize": 1000})
    assert "Acme CRM" not in [c["Name"] for c in built_in.json()]
    assert paging_headers(built_in)[1] == len(names) - 1

    page = partner.http.get("/v1.0/connectors", params={"pageSize": 3, "page": 2, "orderBy": "Name"})
    assert [c["Name"] for c in page.json()] == names[3:6]
    reverse = partner.http.get("/v1.0/connectors", params={"sortOrderAsc": "false", "pageSize": 1000})
    assert [c["Name"] for c in reverse.json()] == names[::-1]


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/v1.0/accounts", {"page": "0"}, "Query parameter page must be 1 or more"),
        ("/v1.0/accounts", {"pageSize": "0"}, "Query parameter pageSize must be 1 or more"),
        ("/v1.0/accounts", {"pageSize": "1001"}, "Query parameter pageSize must be 1000 or less"),
        ("/v1.0/connectors", {"pageSize": "ten"}, "Query parameter pageSize must be a whole number"),
        ("/v1.0/connectors", {"orderBy": "Colour"}, "Query parameter orderBy must be 'Name' or 'Id'"),
        ("/v1.0/accounts", {"sortOrderAsc": "maybe"}, "Query parameter sortOrderAsc must be true or false"),
        ("/v1.0/connectors", {"includeCustomConnectors": "2"}, "includeCustomConnectors must be true or false"),
        ("/v1.0/account/connectors", {"page": "-1"}, "Query parameter page must be 1 or more"),
    ],
)
def test_bad_paging_values_are_400_naming_them(
    partner: Partner, path: str, params: dict[str, str], message: str
) -> None:
    account = partner.new_account()
    answer = account.get(path, params=params)
    assert answer.status_code == 400, answer.text
    assert message in answer.json()["Message"]


def test_paged_lists_are_documented(partner: Partner) -> None:
    document = partner.http.get("/openapi.json").json()
    for path in (
        "/v1.0/accounts",
        "/v1.0/account/connectors",
        "/v1.0/connectors",
        "/v1.0/connectors/{connector_id}/methods",
    ):
        operation = document["paths"][path]["get"]
        assert {"page", "pageSize"} <= {p["name"] for p in operation["parameters"]}, path
        assert set(operation["responses"]["200"]["headers"]) == {"Total-Pages", "Total-Records"}, path
    connectors = {p["name"] for p in document["paths"]["/v1.0/connectors"]["get"]["parameters"]}
    assert {"query", "category", "includeCustomConnectors", "orderBy", "sortOrderAsc"} <= connectors
