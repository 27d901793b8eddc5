"""Lists a spec leaves unsaid, made lists by the config: a GET ending in a parameter (HubSpot's associations),
an answer declared a bare object (Notion's users); numbered pages with the record count at ``total_path``.
"""

from __future__ import annotations

import pytest
import requests

from switchboard_emulators import EmulatorServer, create_emulator
from switchboard_emulators.spec import SpecEmulator, config_from_dict
from tests.contract.specs import SPECS_DIR

SPECS = SPECS_DIR


def test_a_get_ending_in_a_parameter_is_a_list_when_the_config_says_so() -> None:
    # HubSpot's associations of one record, by the other object's type: the path ends in
    # {toObjectType}, which would otherwise read as one record.
    spec = SPECS / "hubspot-crm-associations-v4.json"
    path = "/crm/v4/objects/contacts/101/associations/companies"
    paging = {"style": "cursor", "cursor_param": "after", "next_path": "paging.next.after", "max_size": 500}
    with pytest.raises(KeyError, match="no list operation"):
        SpecEmulator(spec, config_from_dict({"pagination": paging})).seed(path, 3)
    operation = "get-/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}_getPage"
    emu = SpecEmulator(spec, config_from_dict({"pagination": paging, "id_field": "toObjectId",
                                              "list_operations": [operation]}))  # fmt: skip
    seeded = emu.seed(path, 7)  # and the 5 it starts with: 12, two pages of 10
    with EmulatorServer(emu) as server:
        auth = {"Authorization": f"Bearer {emu.auth.issue().access_token}"}
        first = requests.get(server.url + path, params={"limit": 10}, headers=auth, timeout=10)
        assert first.status_code == 200, first.text
        after = first.json()["paging"]["next"]["after"]
        second = requests.get(server.url + path, params={"limit": 10, "after": after}, headers=auth, timeout=10)
    got = first.json()["results"] + second.json()["results"]
    assert [r["toObjectId"] for r in got] == [r["toObjectId"] for r in seeded]
    assert "paging" not in second.json() or not second.json()["paging"].get("next")


def test_a_list_the_spec_leaves_undescribed_is_a_list_when_the_config_says_so() -> None:
    # Notion's spec declares GET /v1/users' answer a bare `type: object`: named in list_operations,
    # its records are answered at records_path and paged like any list.
    spec = SPECS / "notion.json"
    paging = {"style": "cursor", "cursor_param": "start_cursor", "size_param": "page_size", "next_path": "next_cursor"}
    with pytest.raises(KeyError, match="no list operation"):
        SpecEmulator(spec, config_from_dict({"pagination": paging, "records_path": "results"})).seed("/v1/users", 3)
    emu = SpecEmulator(spec, config_from_dict({"pagination": paging, "records_path": "results",
                                              "list_operations": ["get-users"]}))  # fmt: skip
    emu.seed("/v1/users", 7)  # and the 5 it starts with: 12, two pages of 10
    with EmulatorServer(emu) as server:
        auth = {"Authorization": f"Bearer {emu.auth.issue().access_token}"}
        first = requests.get(server.url + "/v1/users", params={"page_size": 10}, headers=auth, timeout=10)
        assert first.status_code == 200, first.text
        cursor = first.json()["next_cursor"]
        second = requests.get(server.url + "/v1/users", params={"page_size": 10, "start_cursor": cursor},
                              headers=auth, timeout=10)  # fmt: skip
    assert [len(first.json()["results"]), len(second.json()["results"])] == [10, 2]
    assert not second.json().get("next_cursor")


def test_numbered_pages_carry_the_record_count_at_total_path() -> None:
    # Smartsheet's IndexResult: page and pageSize, the record count at totalCount.
    paging = {"style": "page_number", "size_param": "pageSize", "total_path": "totalCount"}
    emu = SpecEmulator(SPECS / "smartsheet.json", config_from_dict({"pagination": paging, "records_path": "data"}))
    emu.seed("/2.0/users", 7)  # and the 5 it starts with: 12
    with EmulatorServer(emu) as server:
        auth = {"Authorization": f"Bearer {emu.auth.issue().access_token}"}
        pages = [requests.get(server.url + "/2.0/users", params={"pageSize": 10, "page": n}, headers=auth, timeout=10)
                 for n in (1, 2)]  # fmt: skip
    assert [p.status_code for p in pages] == [200, 200], pages[0].text
    assert [len(p.json()["data"]) for p in pages] == [10, 2]
    assert [p.json()["totalCount"] for p in pages] == [12, 12]


def test_a_post_named_a_list_pages_by_the_members_of_its_body() -> None:
    # Notion's search: POST /v1/search with start_cursor and page_size in the JSON body.
    emu = create_emulator("spec", spec=SPECS / "notion.json", config="notion")
    emu.seed("/v1/search", 7)  # and the 5 it starts with: 12, two pages of 10
    with EmulatorServer(emu) as server:
        auth = {"Authorization": f"Bearer {emu.auth.issue().access_token}"}
        first = requests.post(server.url + "/v1/search", json={"page_size": 10}, headers=auth, timeout=10)
        assert first.status_code == 200, first.text
        cursor = first.json()["next_cursor"]
        second = requests.post(server.url + "/v1/search", json={"page_size": 10, "start_cursor": cursor},
                               headers=auth, timeout=10)  # fmt: skip
    assert [len(first.json()["results"]), len(second.json()["results"])] == [10, 2]
    assert not second.json().get("next_cursor")
    assert list(emu.records.collection("/v1/search")) == [*first.json()["results"], *second.json()["results"]]
