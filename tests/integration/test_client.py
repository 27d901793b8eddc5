"""The typed client in clients/python: generated from the current OpenAPI document, and it works."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from switchboard_client import AuthenticatedClient
from switchboard_client.api.accounts import create_account, list_accounts
from switchboard_client.api.call_log import list_calls_account_connector, list_calls_partner
from switchboard_client.api.connectors import install
from switchboard_client.api.method_calls import call_method
from switchboard_client.api.o_auth_sign_in import sign_in_token
from switchboard_client.api.tools import call_named_tool
from switchboard_client.models import (
    AccountConnectorOut,
    AccountIn,
    AccountOut,
    CallNamedToolBody,
    CallPage,
    Error,
    SignInTokenOut,
    ToolCallOut,
)

from tests.harness import Account, Partner, SwitchboardServer

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


def test_operations_whose_body_is_optional_are_called_without_one(
    switchboard: SwitchboardServer, partner: Partner
) -> None:
    """A sign-in token, an install, a method call: the body may be left out, as the server allows, not a TypeError."""
    client = AuthenticatedClient(base_url=switchboard.url, token=partner.token)
    account = partner.new_account()
    sign_in = sign_in_token.sync(account.api_id, client=client)
    assert isinstance(sign_in, SignInTokenOut) and sign_in.expires_in == 300
    installed = install.sync("salesloft", client=client, x_cyclr_account=account.api_id)
    assert isinstance(installed, AccountConnectorOut) and installed.connector.name == "Salesloft"
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    unauthenticated = call_method.sync(installed.id, uid, client=client, x_cyclr_account=account.api_id)
    assert isinstance(unauthenticated, Error) and "holds no credentials" in unauthenticated.message


def test_a_tool_calls_answer_is_typed(switchboard: SwitchboardServer, connected: tuple[Account, int]) -> None:
    account, installed = connected
    client = AuthenticatedClient(base_url=switchboard.url, token=account.partner.token)
    body = CallNamedToolBody.from_dict({"per_page": 2, "page": 1})  # one page: the emulator is shared
    answer = call_named_tool.sync(
        installed, "salesloft_list_accounts", client=client, body=body, x_cyclr_account=account.api_id
    )
    assert isinstance(answer, ToolCallOut), answer
    assert answer.tool == "salesloft_list_accounts" and answer.truncated is False
    assert isinstance(answer.text, str) and len(answer.structured_content["data"]) <= 2
