"""The OAuth2 lifecycle over HTTP: the browser flow, its failure paths, refresh and re-authentication."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer

TARGET = "https://app.partner.example/connected"


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def browse(url: str, stop_at: str = TARGET) -> tuple[str, httpx.Response | None]:
    """Follow redirects as a browser would, until one leads to ``stop_at`` (the partner's page)."""
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        for _ in range(10):
            if url.startswith(stop_at):
                return url, None
            response = browser.get(url)
            if response.status_code not in (301, 302, 303, 307, 308):
                return url, response
            url = str(httpx.URL(url).join(response.headers["Location"]))
    raise AssertionError("too many redirects")


@pytest.fixture(scope="module")
def oauth_partner(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> Partner:
    """A partner whose Salesloft app (Client ID and Secret) is set in the connector settings."""
    partner = switchboard.new_partner("OAuth Partner")
    sl = emulator(salesloft)
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": sl.client_id, "ClientSecret": sl.client_secret},
    )
    assert settings.status_code == 200, settings.text
    return partner


def new_token(account: Account) -> str:
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken")
    assert token.status_code == 200, token.text
    assert token.json()["ExpiresIn"] == 300
    return str(token.json()["Token"])


def sign_in_url(account: Account, connection: int, token: str | None = None, **extra: str | None) -> str:
    given = {"id": connection, "token": token or new_token(account), "targetOrigin": TARGET, **extra}
    query = httpx.QueryParams({k: v for k, v in given.items() if v is not None})
    return f"{account.partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}"


def connect(account: Account) -> int:
    connection = account.install("salesloft")
    final, page = browse(sign_in_url(account, connection))
    assert page is None, page.text if page else ""
    assert parse_qs(urlsplit(final).query) == {"AccountConnectorId": [str(connection)], "Status": ["Authenticated"]}
    return connection


def list_accounts(account: Account, connection: int) -> httpx.Response:
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json={"Parameters": {"page": 1}})


def test_settings_secret_is_write_only(oauth_partner: Partner, switchboard: SwitchboardServer) -> None:
    settings = oauth_partner.http.get(f"/v1.0/connectors/{oauth_partner.connector_id('salesloft')}/settings").json()
    assert settings["ClientSecretSet"] is True
    assert "ClientSecret" not in settings
    assert settings["CallbackUrl"] == f"{switchboard.url}/connector/callback"
    assert b"sl-demo-client-secret" not in (switchboard.data_dir / "switchboard.db").read_bytes()


def test_browser_flow_connects_and_calls_use_the_token(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = connect(account)
    state = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert state["Authenticated"] is True
    mark = len(salesloft.emulator.requests.all())
    response = list_accounts(account, connection)
    assert response.status_code == 200, response.text
    (sent,) = [r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")]
    token = sent.headers["Authorization"].removeprefix("Bearer ")
    assert token and token != emulator(salesloft).api_key


def test_post_message_mode_answers_a_page_for_the_opener(oauth_partner: Partner) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    _, page = browse(sign_in_url(account, connection, postMessage="true"))
    assert page is not None and page.status_code == 200
    assert "window.opener.postMessage" in page.text
    assert f'"accountConnectorId": {connection}' in page.text
    assert '"https://app.partner.example/connected"' in page.text


def test_denied_consent_leaves_the_connection_as_it_was(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    emulator(salesloft).deny_consent = True
    try:
        _, page = browse(sign_in_url(account, connection))
        _, told = browse(sign_in_url(account, connection, postMessage="true"))
    finally:
        emulator(salesloft).deny_consent = False
    assert page is not None and page.status_code == 400
    # Said in the user's words, the provider's code after them; no opener to tell without postMessage.
    assert "You did not allow access, so nothing was connected. (The provider said access_denied" in page.text
    assert "postMessage" not in page.text
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is False
    # With postMessage, the opener (the connect page, the partner's page) hears that it failed.
    assert told is not None and told.status_code == 400
    assert "window.opener.postMessage" in told.text and '"status": "Failed"' in told.text
    assert f'"accountConnectorId": {connection}' in told.text


def test_sign_in_token_is_single_use(oauth_partner: Partner) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    url = sign_in_url(account, connection)
    first = httpx.get(url)
    assert first.status_code == 302
    again = httpx.get(url)
    assert again.status_code == 400
    assert "expired or was already used" in again.text


def test_refusals_the_partner_can_fix_leave_the_link_working(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    stranger = oauth_partner.new_account()
    foreign = stranger.install("salesloft")
    token = new_token(account)
    refusals = [
        (sign_in_url(account, 999_999, token), 404, "This connection does not exist in your account"),
        (sign_in_url(account, foreign, token), 404, "This connection does not exist in your account"),
        (sign_in_url(account, connection, token, targetOrigin="javascript:alert(1)"), 400, "http or https URL"),
        (sign_in_url(account, connection, token, targetOrigin=None, callbackMessage="done"), 400, "needs targetOrigin"),
    ]
    for url, status, message in refusals:
        refused = httpx.get(url)
        assert (refused.status_code, message in refused.text) == (status, True), refused.text
    # Still unspent: the same link goes on to the provider, and it is spent there, for every connection.
    mark = len(salesloft.emulator.requests.all())
    final, page = browse(sign_in_url(account, connection, token))
    assert page is None and final.startswith(TARGET), page.text if page else final
    assert any(r.path == "/oauth/authorize" for r in salesloft.emulator.requests.all()[mark:])
    for url in (sign_in_url(account, connection, token), sign_in_url(account, account.install("salesloft"), token)):
        replay = httpx.get(url)
        assert replay.status_code == 400 and "expired or was already used" in replay.text
    assert stranger.get(f"/v1.0/account/connectors/{foreign}").json()["Authenticated"] is False


def test_a_link_refused_for_an_app_not_set_up_works_once_it_is(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("App set up late")
    account = partner.new_account()
    connection = account.install("salesloft")
    url = sign_in_url(account, connection)
    early = httpx.get(url)
    assert early.status_code == 400 and "Salesloft is not set up yet" in early.text
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": emulator(salesloft).client_id, "ClientSecret": emulator(salesloft).client_secret},
    )
    assert settings.status_code == 200, settings.text
    final, page = browse(url)
    assert page is None, page.text if page else ""
    assert parse_qs(urlsplit(final).query) == {"AccountConnectorId": [str(connection)], "Status": ["Authenticated"]}
    assert "expired or was already used" in httpx.get(url).text


def test_unknown_and_replayed_state(oauth_partner: Partner, switchboard: SwitchboardServer) -> None:
    forged = httpx.get(f"{switchboard.url}/connector/callback", params={"code": "x", "state": "made-up.state"})
    assert forged.status_code == 400
    assert "not recognised" in forged.text
    missing = httpx.get(f"{switchboard.url}/connector/callback")
    assert missing.status_code == 400
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    with httpx.Client(follow_redirects=False) as browser:
        to_provider = browser.get(sign_in_url(account, connection)).headers["Location"]
        callback = browser.get(to_provider).headers["Location"]
        assert browser.get(callback).status_code == 302
        replay = browser.get(callback)
    assert replay.status_code == 400
    assert "already completed" in replay.text


def test_failed_exchange_leaves_the_connection_as_it_was(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Wrong secret")
    partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": emulator(salesloft).client_id, "ClientSecret": "not-the-secret"},
    )
    account = partner.new_account()
    connection = account.install("salesloft")
    _, page = browse(sign_in_url(account, connection))
    assert page is not None and page.status_code >= 400
    assert "Nothing was changed" in page.text
    assert "not-the-secret" not in page.text
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is False


def test_oauth_connector_without_an_app_cannot_start(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("No app")
    account = partner.new_account()
    connection = account.install("salesloft")  # allowed: Salesloft also takes an API key
    _, page = browse(sign_in_url(account, connection))
    assert page is not None and page.status_code == 400
    assert "Client ID and Client Secret" in page.text


def test_concurrent_calls_on_an_expired_token_refresh_once(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = connect(account)
    sl = emulator(salesloft)
    sl.expire_access_tokens()  # the provider rejects the token we hold: every call meets a 401
    before = sl.token_requests
    responses = asyncio.run(_burst(account, connection, 50))
    assert [r.status_code for r in responses] == [200] * 50
    assert sl.token_requests - before == 1


def test_tokens_are_refreshed_ahead_of_expiry(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    sl = emulator(salesloft)
    sl.access_token_ttl = 2
    try:
        account = oauth_partner.new_account()
        connection = connect(account)
    finally:
        sl.access_token_ttl = 7200
    time.sleep(2.1)
    before, mark = sl.token_requests, len(salesloft.emulator.requests.all())
    responses = asyncio.run(_burst(account, connection, 20))
    assert [r.status_code for r in responses] == [200] * 20
    assert sl.token_requests - before == 1
    # Refreshed before sending: 20 calls, 20 API requests (a 401 would have added a retry).
    assert len([r for r in salesloft.emulator.requests.all()[mark:] if r.path.startswith("/v2/")]) == 20


def test_a_revoked_refresh_token_needs_re_authentication(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = connect(account)
    sl = emulator(salesloft)
    sl.revoke_refresh_tokens()
    sl.expire_access_tokens()
    response = list_accounts(account, connection)
    assert response.status_code == 409
    assert "needs re-authentication" in response.json()["Message"]
    assert response.json()["AuthState"] == "NeedsReauthentication"
    state = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert state["AuthState"] == "NeedsReauthentication"
    assert state["Authenticated"] is False
    mark = sl.token_requests
    assert list_accounts(account, connection).status_code == 409
    assert sl.token_requests == mark  # a dead connection does not keep asking the provider
    final, _ = browse(sign_in_url(account, connection))
    assert final.startswith(TARGET)
    assert list_accounts(account, connection).status_code == 200


def test_install_requires_an_app_when_only_oauth_is_possible(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("CC without app")
    account = partner.new_account()
    cc = partner.connector_id("constant_contact")
    refused = account.post(f"/v1.0/connectors/{cc}/install", json={})
    assert refused.status_code == 400
    assert "ClientId and ClientSecret" in refused.json()["Message"]
    given = account.post(
        f"/v1.0/connectors/{cc}/install",
        json={"Properties": [{"Name": "ClientId", "Value": "id"}, {"Name": "ClientSecret", "Value": "s3cr3t-value"}]},
    )
    assert given.status_code == 200, given.text
    assert "s3cr3t-value" not in given.text


async def _burst(account: Account, connection: int, count: int) -> list[httpx.Response]:
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    url = f"{account.partner.server.url}/v1.0/account/connectors/{connection}/methods/{uid}/body"
    headers = {"Authorization": f"Bearer {account.partner.token}", **account.headers}
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=count)) as client:
        return await asyncio.gather(
            *(client.post(url, json={"Parameters": {"page": 1}}, headers=headers) for _ in range(count))
        )


def test_an_app_of_the_connections_own_set_as_properties(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    """Cyclr's OAuth page: ClientId and ClientSecret "as Account Connector Properties" (POST .../properties), for a
    partner with no app of its own; with half of it the connection is not set up yet, with both it signs in, calls."""
    partner = switchboard.new_partner("App per connection")
    account = partner.new_account()
    sl = emulator(salesloft)
    connection = account.install("salesloft")  # it could take an API key: no app needed to install
    base = f"/v1.0/account/connectors/{connection}/properties"
    half = account.post(base, json={"Name": "ClientId", "Value": sl.client_id})
    assert half.status_code == 200, half.text
    assert half.json() == {"Id": 0, "Name": "ClientId", "Value": sl.client_id, "AccountConnectorId": connection}
    _, page = browse(sign_in_url(account, connection))
    assert page is not None and "not set up yet" in page.text
    secret = account.post(base, json={"Name": "ClientSecret", "Value": sl.client_secret})
    assert secret.status_code == 200 and secret.json()["Value"] is None  # write-only
    assert sl.client_secret not in secret.text and sl.client_secret not in account.get(base).text
    final, page = browse(sign_in_url(account, connection))
    assert page is None and final.startswith(TARGET), page.text if page else final
    assert list_accounts(account, connection).status_code == 200
    empty = account.post(base, json={"Name": "ClientSecret", "Value": " "})
    assert empty.status_code == 400 and "Value is required" in empty.json()["Message"]
