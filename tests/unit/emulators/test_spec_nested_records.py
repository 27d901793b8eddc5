"""Lists whose records sit one object deeper, beside the next cursor (Amazon's ``payload``), and a
token carried in a vendor's own header (Amazon's ``x-amz-access-token``)."""

from __future__ import annotations

import dataclasses

import requests

from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.specs import SPECS_DIR

ORDERS = "/orders/v0/orders"
ITEMS = "/orders/v0/orders/o-1/orderItems"


def _amazon() -> SpecEmulator:
    config = load_config(VENDORS / "amazon_sp_orders.yaml")
    assert config.spec is not None
    # No limits and no required User-Agent: these tests are the records' and the token's.
    return SpecEmulator(SPECS_DIR / config.spec, dataclasses.replace(config, rate_limits=(), required_headers=()))


def test_each_list_keeps_its_records_at_the_first_configured_path_its_answer_has() -> None:
    emu = _amazon()
    orders = emu.seed(ORDERS, 4)  # all the list holds: the usual seed and these
    items = emu.seed(ITEMS, 2)
    with EmulatorServer(emu) as server:
        token = {"x-amz-access-token": emu.auth.issue().access_token}
        got = requests.get(server.url + ORDERS, params={"MarketplaceIds": "A1", "MaxResultsPerPage": 100},
                           headers=token, timeout=10).json()  # fmt: skip
        listed = requests.get(server.url + ITEMS, headers=token, timeout=10).json()
    assert [o["AmazonOrderId"] for o in got["payload"]["Orders"]] == [o["AmazonOrderId"] for o in orders]
    assert [i["OrderItemId"] for i in listed["payload"]["OrderItems"]] == [i["OrderItemId"] for i in items]


def test_the_last_page_drops_the_cursor_but_not_the_object_holding_the_records() -> None:
    emu = _amazon()
    with EmulatorServer(emu) as server:
        token = {"x-amz-access-token": emu.auth.issue().access_token}
        query = {"MarketplaceIds": "A1", "MaxResultsPerPage": 2}
        first = requests.get(server.url + ORDERS, params=query, headers=token, timeout=10).json()["payload"]
        cursor = first["NextToken"]
        last = requests.get(server.url + ORDERS, params={**query, "NextToken": cursor}, headers=token,
                            timeout=10).json()  # fmt: skip
    assert len(first["Orders"]) == 2 and cursor
    assert len(last["payload"]["Orders"]) == 1  # the three seeded: 2, then the last 1
    assert "NextToken" not in last["payload"] or last["payload"]["NextToken"] == ""


def test_a_token_in_the_vendors_header_opens_a_read_and_a_bearer_one_does_not() -> None:
    emu = _amazon()
    with EmulatorServer(emu) as server:
        token = emu.auth.issue().access_token
        url = server.url + ORDERS + "?MarketplaceIds=A1"
        assert requests.get(url, headers={"x-amz-access-token": token}, timeout=10).status_code == 200
        assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 401
        assert requests.get(url, headers={"x-amz-access-token": token + "x"}, timeout=10).status_code == 401
