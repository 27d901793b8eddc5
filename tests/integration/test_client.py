"""The typed client in clients/python: generated from the current OpenAPI document, and it works."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from switchboard_client import AuthenticatedClient
from switchboard_client.api.accounts import create_account, list_accounts
from switchboard_client.api.call_log import list_calls_account_connector, list_calls_partner
from switchboard_client.models import AccountIn, AccountOut, CallPage, Error

from tests.harness import Partner, SwitchboardServer

CLIENT = Path(__file__).parents[2] / "clients/python"


def test_the_client_was_generated_from_the_current_document(switchboard: SwitchboardServer) -> None:
    live = httpx.get(f"{switchboard.url}/openapi.json").json()
    generated_from = json.loads((CLIENT / "openapi.json").read_text())
    assert live == generated_from, "the API changed since the client was generated: run `make client`"
    for path in live["paths"].values():
        for operation in path.values():
            modules = list((CLIENT / "switchboard_client/api").glob(f"*/{operation['operationId']}.py"))
            assert len(modules) == 1, operation["operationId"]


def test_the_client_talks_to_the_server(switchboard: SwitchboardServer, partner: Partner) -> None:
    client = AuthenticatedClient(base_url=switchboard.url, token=partner.token)
    created = create_account.sync(client=client, body=AccountIn(name="Typed Customer", id="typed-customer-1"))
    assert isinstance(created, AccountOut) and created.id == "typed-customer-1"
    newest = list_accounts.sync(client=client, sort_order_asc=False, page_size=5)
    assert isinstance(newest, list) and newest[0].id == "typed-customer-1"
    page = list_calls_partner.sync(client=client, limit=5)
    assert isinstance(page, CallPage)
    missing = list_calls_account_connector.sync(2147483000, client=client, x_cyclr_account="typed-customer-1")
    assert isinstance(missing, Error) and "not found" in missing.message
