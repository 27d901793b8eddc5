"""Credentials checked when saved: the connector's ``verify:`` call (Salesloft's ``GET /v2/me.json``).

A key the provider refuses is not stored and the caller reads the provider's reason; a key it
accepts is stored as Verified; a provider that cannot be reached leaves the key saved, unverified.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, free_port, server_env

TARGET = "https://app.partner.example/connected"


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def checks(server: EmulatorServer, mark: int) -> list[str]:
    """The Authorization headers of the credentials checks Salesloft received since ``mark``."""
    return [
        r.headers.get("Authorization", "")
        for r in emulator(server).requests.all()[mark:]
        if r.path in ("/v2/me.json", "/v2/me")
    ]


def test_a_refused_key_is_not_installed_and_the_caller_reads_why(partner: Partner, salesloft: EmulatorServer) -> None:
    account = partner.new_account()
    mark = len(emulator(salesloft).requests.all())
    response = account.post(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/install", json={"AuthValue": "sl-wrong-key-1234"}
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["Message"].startswith("Salesloft refused these credentials: Not authenticated")
    assert "Nothing was saved" in body["Message"]
    assert body["Reason"] == "Not authenticated" and body["ProviderStatus"] == 401
    assert "sl-wrong-key-1234" not in response.text
    assert checks(salesloft, mark) == ["Bearer sl-wrong-key-1234"]  # the check went with the key given
    assert account.get("/v1.0/account/connectors").json() == []  # nothing installed


def test_an_accepted_key_is_stored_verified(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account = partner.new_account()
    mark = len(emulator(salesloft).requests.all())
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    shown = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert shown["Authenticated"] is True
    assert shown["Verified"] is True and shown["VerificationError"] is None
    assert checks(salesloft, mark) == [f"Bearer {salesloft_api_key}"]


def test_put_with_a_refused_key_changes_nothing(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key, Name="Before")
    refused = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": "nope-nope", "Name": "After"})
    assert refused.status_code == 400, refused.text
    assert "Salesloft refused these credentials: Not authenticated" in refused.json()["Message"]
    shown = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert shown["Name"] == "Before" and shown["Authenticated"] is True and shown["Verified"] is True
    # The old key still calls.
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    mark = len(emulator(salesloft).requests.all())
    assert account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={}).status_code == 200
    sent = [r for r in emulator(salesloft).requests.all()[mark:] if r.path.startswith("/v2/accounts")]
    # One request a page (the shared emulator may hold several pages of accounts), each with the old key.
    assert sent and {r.headers["Authorization"] for r in sent} == {f"Bearer {salesloft_api_key}"}


def test_a_provider_error_saves_the_key_unverified(
    partner: Partner, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    account = partner.new_account()
    connection = account.install("salesloft")
    emulator(salesloft).faults.arm(Fault(kind="error", status=503, path_prefix="/v2/me", times=None))
    try:
        saved = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": salesloft_api_key})
    finally:
        emulator(salesloft).faults.clear()
    assert saved.status_code == 200, saved.text
    assert saved.json()["Authenticated"] is True and saved.json()["Verified"] is False
    assert saved.json()["VerificationError"].startswith("Salesloft answered 503")
    # A later save that the provider answers makes it verified.
    again = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": salesloft_api_key})
    assert again.json()["Verified"] is True and again.json()["VerificationError"] is None
    # Dropping the credentials drops the verdict with them.
    account.put(f"/v1.0/account/connectors/{connection}/deauthenticate")
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Verified"] is None


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    """A server whose Salesloft is a loopback port nobody listens on (the provider down)."""
    data_dir: Path = tmp_path_factory.mktemp("verify-unreachable")
    env = server_env(data_dir, {"salesloft": f"http://127.0.0.1:{free_port()}"}, SWITCHBOARD_HEALTH_POLL_SECONDS="3600")
    server = SwitchboardServer(data_dir, env).start()
    yield server
    server.stop()


def test_an_unreachable_provider_leaves_the_key_saved_unverified(unreachable: SwitchboardServer) -> None:
    account = unreachable.new_partner("Offline").new_account()
    response = account.post(
        f"/v1.0/connectors/{account.partner.connector_id('salesloft')}/install", json={"AuthValue": "sl-any-key"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Authenticated"] is True and body["Verified"] is False
    assert "could not be reached" in body["VerificationError"]
    assert "sl-any-key" not in response.text


@pytest.fixture(scope="module")
def oauth_partner(switchboard: SwitchboardServer, salesloft: EmulatorServer) -> Partner:
    partner = switchboard.new_partner("Verify OAuth")
    sl = emulator(salesloft)
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": sl.client_id, "ClientSecret": sl.client_secret},
    )
    assert settings.status_code == 200, settings.text
    return partner


def consent(account: Account, connection: int, **extra: str) -> tuple[str, httpx.Response | None]:
    """The user's sign-in, followed as a browser would until it leaves for the partner's page or shows one."""
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams({"id": connection, "token": token, "targetOrigin": TARGET, **extra})
    url = f"{account.partner.server.url}/connectorauth/updateaccountconnectoroauth?{query}"
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        for _ in range(10):
            if url.startswith(TARGET):
                return url, None
            response = browser.get(url)
            if response.status_code not in (301, 302, 303, 307, 308):
                return url, response
            url = str(httpx.URL(url).join(response.headers["Location"]))
    raise AssertionError("too many redirects")


def test_a_consent_whose_check_passes_is_verified(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    mark = len(emulator(salesloft).requests.all())
    final, page = consent(account, connection)
    assert page is None and parse_qs(urlsplit(final).query)["Status"] == ["Authenticated"]
    (checked,) = checks(salesloft, mark)
    assert checked.startswith("Bearer ") and checked != f"Bearer {emulator(salesloft).api_key}"  # the new token
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Verified"] is True


def test_a_consent_whose_check_is_refused_is_not_kept(oauth_partner: Partner, salesloft: EmulatorServer) -> None:
    account = oauth_partner.new_account()
    connection = account.install("salesloft")
    emulator(salesloft).faults.arm(Fault(kind="error", status=401, path_prefix="/v2/me", times=1))
    try:
        _, page = consent(account, connection, postMessage="true")
    finally:
        emulator(salesloft).faults.clear()
    assert page is not None and page.status_code == 400
    assert "Salesloft refused the new connection: Injected fault: 401. Nothing was changed." in page.text
    assert "window.opener.postMessage" in page.text and '"status": "Failed"' in page.text
    assert "window.close" not in page.text  # left open for the user to read why
    shown = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert shown["Authenticated"] is False and shown["Verified"] is None
