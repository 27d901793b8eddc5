"""The OAuth hand-off as Cyclr documents it (issue 26, item 12).

- ``callbackMessage`` on the sign-in link: once connected, the final page posts that message to the
  window that opened it, for ``targetOrigin`` ("OAuth authentication" and "OAuth authentication
  link" pages);
- ``AuthValue`` carrying a token set from another platform, ``{"AccessToken", "RefreshToken",
  "Expires"}`` as a JSON string, on install and on ``PUT /v1.0/account/connectors/{id}``: the
  connection is authenticated without a sign-in and refreshes as usual. Cyclr echoes AuthValue
  back; Switchboard never does.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import Account, Partner, SwitchboardServer
from tests.integration.test_oauth import TARGET, browse, sign_in_url


def cc(server: EmulatorServer) -> ConstantContactEmulator:
    assert isinstance(server.emulator, ConstantContactEmulator)
    return server.emulator


@pytest.fixture(scope="module")
def cc_partner(switchboard: SwitchboardServer, constant_contact: EmulatorServer) -> Partner:
    """A partner whose Constant Contact app is set: the app that issued the tokens brought over."""
    partner = switchboard.new_partner("Moving from another platform")
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('constant_contact')}/settings",
        json={"ClientId": cc(constant_contact).client_id, "ClientSecret": cc(constant_contact).client_secret},
    )
    assert settings.status_code == 200, settings.text
    return partner


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _token_set(emulator: ConstantContactEmulator, **keys: Any) -> tuple[dict[str, Any], str]:
    """A token set the provider issued (to "the other platform"), and Cyclr's AuthValue for it."""
    issued = emulator.issue_token_set()
    value = {
        "AccessToken": issued["access_token"],
        "RefreshToken": issued["refresh_token"],
        "Expires": _iso(time.time() + issued["expires_in"]),
        **keys,
    }
    return issued, json.dumps(value)


def _summary(account: Account, connection: int) -> httpx.Response:
    uid = account.methods("constant_contact")["Get account summary"]["MethodUniqueIdentifier"]
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={})


def _bearers(server: EmulatorServer, mark: int) -> list[str]:
    return [
        r.headers["Authorization"].removeprefix("Bearer ")
        for r in server.emulator.requests.all()[mark:]
        if r.path.startswith("/v3/")
    ]


def _never_echoed(response: httpx.Response, *secrets: str) -> None:
    assert response.json()["AuthValue"] is None
    for secret in secrets:
        assert secret not in response.text


def test_a_token_set_on_install_authenticates_and_refreshes_as_usual(
    cc_partner: Partner, constant_contact: EmulatorServer, switchboard: SwitchboardServer
) -> None:
    account = cc_partner.new_account()
    issued, auth_value = _token_set(cc(constant_contact))
    installed = account.post(
        f"/v1.0/connectors/{cc_partner.connector_id('constant_contact')}/install", json={"AuthValue": auth_value}
    )
    assert installed.status_code == 200, installed.text
    assert installed.json()["Authenticated"] is True
    assert installed.json()["AuthState"] == "Authenticated"
    _never_echoed(installed, issued["access_token"], issued["refresh_token"])
    connection = installed.json()["Id"]

    mark = len(constant_contact.emulator.requests.all())
    called = _summary(account, connection)
    assert called.status_code == 200, called.text
    assert _bearers(constant_contact, mark) == [issued["access_token"]]  # no sign-in, no refresh: the token as given

    # The provider lets the access token lapse: the refresh token brought over gets a new one.
    cc(constant_contact).expire_access_tokens()
    refreshes = cc(constant_contact).token_requests
    mark = len(constant_contact.emulator.requests.all())
    again = _summary(account, connection)
    assert again.status_code == 200, again.text
    assert cc(constant_contact).token_requests == refreshes + 1
    assert issued["access_token"] not in _bearers(constant_contact, mark)[-1:]

    reread = account.get(f"/v1.0/account/connectors/{connection}")
    _never_echoed(reread, issued["access_token"], issued["refresh_token"])
    log = switchboard.log_path.read_text()
    assert issued["access_token"] not in log and issued["refresh_token"] not in log
    stored = b"".join(p.read_bytes() for p in switchboard.data_dir.glob("switchboard.db*"))
    assert stored and issued["refresh_token"].encode() not in stored  # encrypted at rest


def test_put_with_a_token_set_authenticates_an_installed_connector(
    cc_partner: Partner, constant_contact: EmulatorServer
) -> None:
    account = cc_partner.new_account()
    connection = account.install("constant_contact")
    assert _summary(account, connection).status_code == 409  # not authenticated yet
    # Keys in any case, as Cyclr reads them; an expiry without a zone is UTC.
    issued = cc(constant_contact).issue_token_set()
    auth_value = json.dumps(
        {
            "accesstoken": issued["access_token"],
            "REFRESHTOKEN": issued["refresh_token"],
            "expires": "2099-01-01T00:00:00",
        }
    )
    updated = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": auth_value})
    assert updated.status_code == 200, updated.text
    assert updated.json()["Authenticated"] is True
    _never_echoed(updated, issued["access_token"], issued["refresh_token"])
    mark = len(constant_contact.emulator.requests.all())
    assert _summary(account, connection).status_code == 200
    assert _bearers(constant_contact, mark) == [issued["access_token"]]


def test_a_bare_access_token_is_taken_as_cyclrs_install_page_says(
    cc_partner: Partner, constant_contact: EmulatorServer
) -> None:
    account = cc_partner.new_account()
    issued = cc(constant_contact).issue_token_set()
    connection = account.install("constant_contact", AuthValue=issued["access_token"])
    mark = len(constant_contact.emulator.requests.all())
    assert _summary(account, connection).status_code == 200
    assert _bearers(constant_contact, mark) == [issued["access_token"]]


@pytest.mark.parametrize(
    ("auth_value", "message"),
    [
        pytest.param("{}", "AuthValue.AccessToken is required", id="empty-object"),
        pytest.param('{"AccessToken": "a", "Expires": "next week"}', "AuthValue.Expires must be an ISO 8601",
                     id="bad-expiry"),
        pytest.param('{"AccessToken": "a", "Secret": "b"}', "AuthValue has unknown keys Secret", id="unknown-key"),
        pytest.param("{'AccessToken': ", "AuthValue starts like JSON but is not", id="broken-json"),
        pytest.param('{"AccessToken": "a", "RefreshToken": 5}', "AuthValue.RefreshToken must be", id="bad-refresh"),
        pytest.param("   ", "AuthValue is empty", id="blank"),
    ],
)  # fmt: skip
def test_token_sets_it_cannot_use_are_400_and_change_nothing(
    cc_partner: Partner, auth_value: str, message: str
) -> None:
    account = cc_partner.new_account()
    connection = account.install("constant_contact")
    response = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": auth_value})
    assert response.status_code == 400, response.text
    assert message in response.json()["Message"]
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is False
    installed = account.post(
        f"/v1.0/connectors/{cc_partner.connector_id('constant_contact')}/install", json={"AuthValue": auth_value}
    )
    assert installed.status_code == 400
    assert message in installed.json()["Message"]
    assert len(account.get("/v1.0/account/connectors").json()) == 1  # the refused install left nothing


def test_a_token_set_needs_the_app_that_refreshes_it(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    partner = switchboard.new_partner("No Constant Contact app")
    account = partner.new_account()
    _, auth_value = _token_set(cc(constant_contact))
    response = account.post(
        f"/v1.0/connectors/{partner.connector_id('constant_contact')}/install",
        json={"AuthValue": auth_value, "Properties": [{"Name": "ClientId", "Value": "x"}]},
    )
    assert response.status_code == 400
    assert "Give both ClientId and ClientSecret" in response.json()["Message"]
    response = account.post(
        f"/v1.0/connectors/{partner.connector_id('constant_contact')}/install", json={"AuthValue": auth_value}
    )
    assert response.status_code == 400
    assert "needs the OAuth app that issued it, to refresh it" in response.json()["Message"]


def test_an_api_key_connector_refuses_a_token_set(cc_partner: Partner, salesloft: EmulatorServer) -> None:
    """Salesloft takes an API key and OAuth: a JSON AuthValue is a token set, a plain one the key."""
    account = cc_partner.new_account()
    key = salesloft.emulator.api_key  # type: ignore[attr-defined]
    connection = account.install("salesloft", AuthValue=key)
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True
    response = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": '{"AccessToken": "t"}'})
    assert response.status_code == 400  # the partner has no Salesloft app to refresh it with
    assert "needs the OAuth app" in response.json()["Message"]


# --- callbackMessage -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sl_partner(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> Partner:
    partner = switchboard.new_partner("Callback messages")
    emulator = salesloft.emulator
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": emulator.client_id, "ClientSecret": emulator.client_secret},  # type: ignore[attr-defined]
    )
    assert settings.status_code == 200, settings.text
    return partner


def test_callback_message_is_posted_to_the_target_origin(sl_partner: Partner) -> None:
    account = sl_partner.new_account()
    connection = account.install("salesloft")
    _, page = browse(sign_in_url(account, connection, callbackMessage="done"))
    assert page is not None and page.status_code == 200, page.text if page else ""
    assert page.headers["content-type"].startswith("text/html")
    assert f'postMessage("done", "{TARGET}")' in page.text
    assert "window.opener || (window.parent !== window ? window.parent : null)" in page.text
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True


def test_callback_message_cannot_close_the_script(sl_partner: Partner) -> None:
    account = sl_partner.new_account()
    connection = account.install("salesloft")
    _, page = browse(sign_in_url(account, connection, callbackMessage="</script><script>alert(1)</script>"))
    assert page is not None and page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert "\\u003c/script>" in page.text


def test_callback_message_needs_a_target_origin(sl_partner: Partner) -> None:
    account = sl_partner.new_account()
    connection = account.install("salesloft")
    token = sl_partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams({"id": connection, "token": token, "callbackMessage": "done"})
    page = httpx.get(f"{sl_partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}")
    assert page.status_code == 400
    assert "callbackMessage needs targetOrigin" in page.text
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is False


def test_without_callback_message_the_user_is_redirected_to_target_origin(sl_partner: Partner) -> None:
    account = sl_partner.new_account()
    connection = account.install("salesloft")
    final, page = browse(sign_in_url(account, connection))
    assert page is None
    assert final.startswith(TARGET)
