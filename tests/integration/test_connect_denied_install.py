"""A denied consent removes the install the connect page made for it (oauth_flow ``_drop_unused``), but never a
connection another sign-in has taken up since: the user's second tab, still at the provider, must find it there.
Whatever order the tabs end in, the install goes when none of them signed in, and stays when one did."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.constant_contact import ConstantContactEmulator
from switchboard_emulators.constant_contact.oauth import TOKEN_PATH
from tests.harness import Account, Partner, SwitchboardServer


def _partner(switchboard: SwitchboardServer, constant_contact: EmulatorServer) -> Partner:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner("Denied install, two tabs")
    settings = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert partner.http.put(f"/v1.0/connectors/{partner.connector_id('constant_contact')}/settings", json=settings)
    return partner


def _ticket(switchboard: SwitchboardServer, account: Account) -> str:
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    arrived = httpx.get(f"{switchboard.url}/connect", params={"token": token})
    assert arrived.status_code == 303, arrived.text
    return parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]


def _to_provider(switchboard: SwitchboardServer, account: Account, ticket: str) -> tuple[int, str]:
    """A press of Connect on the page (a tab): the connection it signs in to, and the provider's consent URL."""
    connector_id = str(account.partner.connector_id("constant_contact"))
    started = httpx.post(f"{switchboard.url}/connect/oauth", data={"ticket": ticket, "connector_id": connector_id})
    assert started.status_code == 303, started.text
    sign_in = str(httpx.URL(switchboard.url).join(started.headers["location"]))
    connection = int(parse_qs(urlsplit(sign_in).query)["id"][0])
    provider = httpx.get(sign_in)
    assert provider.status_code == 302, provider.text
    return connection, provider.headers["location"]


def _state(provider_url: str) -> str:
    return parse_qs(urlsplit(provider_url).query)["state"][0]


def _consent(provider_url: str) -> httpx.Response:
    """The user allows access at the provider; the page Switchboard's callback answers."""
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        return browser.get(provider_url)


def _two_tabs(switchboard: SwitchboardServer, constant_contact: EmulatorServer) -> tuple[Account, int, str, str]:
    """A new account whose connect page is open in two tabs, each pressed Connect: the connection the first one
    installed for its sign-in (the second signs in to the same one), and each tab's provider consent URL."""
    account = _partner(switchboard, constant_contact).new_account()
    ticket = _ticket(switchboard, account)
    first, made_at = _to_provider(switchboard, account, ticket)  # installs the connection for its sign-in
    second, retried_at = _to_provider(switchboard, account, ticket)  # the same connection, not installed for it
    assert first == second
    return account, first, made_at, retried_at


def _installed(account: Account) -> list[int]:
    """The ids of the account's connections."""
    return [c["Id"] for c in account.get("/v1.0/account/connectors").json()]


def _deny(switchboard: SwitchboardServer, provider_url: str) -> None:
    denied = httpx.get(
        f"{switchboard.url}/connector/callback", params={"state": _state(provider_url), "error": "access_denied"}
    )
    assert denied.status_code == 400 and "You did not allow access" in denied.text


def test_a_denial_in_one_tab_keeps_the_install_another_tab_is_signing_in_to(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account, first, denied_at, allowed_at = _two_tabs(switchboard, constant_contact)
    # The first tab's provider answers with a denial while the second tab's sign-in is under way.
    _deny(switchboard, denied_at)
    connected = _consent(allowed_at)
    assert connected.status_code == 200, connected.text
    assert "<title>Connected</title>" in connected.text
    (connection,) = account.get("/v1.0/account/connectors").json()
    assert connection["Id"] == first and connection["Authenticated"] is True


def test_a_denial_alone_still_removes_the_install_the_page_made(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account = _partner(switchboard, constant_contact).new_account()
    _, denied_at = _to_provider(switchboard, account, _ticket(switchboard, account))
    _deny(switchboard, denied_at)
    assert _installed(account) == []


def test_a_tab_denied_earlier_does_not_keep_the_install(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account, first, made_at, retried_at = _two_tabs(switchboard, constant_contact)  # the second tab: a retry
    _deny(switchboard, retried_at)  # the retry is denied: the first attempt is still at the provider
    assert _installed(account) == [first]
    # Then the first: no attempt is left under way, so the install the page made goes (the retry's is over).
    _deny(switchboard, made_at)
    assert _installed(account) == []


def test_a_tab_whose_sign_in_failed_does_not_keep_the_install(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account, _, made_at, retried_at = _two_tabs(switchboard, constant_contact)
    # The retry comes back with a code the provider refuses: that sign-in is over, unsuccessfully.
    failed = httpx.get(f"{switchboard.url}/connector/callback", params={"state": _state(retried_at), "code": "forged"})
    assert failed.status_code != 200 and "Nothing was changed" in failed.text, failed.text
    _deny(switchboard, made_at)
    assert _installed(account) == []


def test_denying_both_tabs_in_either_order_removes_the_install(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    account, first, made_at, retried_at = _two_tabs(switchboard, constant_contact)
    _deny(switchboard, made_at)  # the retry is still at the provider: the install stays for it
    assert _installed(account) == [first]
    _deny(switchboard, retried_at)  # the last attempt under way ends denied: the page's install goes with it
    assert _installed(account) == []


def _exchange_fails() -> Fault:
    """The provider's token endpoint failing the code exchange, on every try (however many the exchange makes)."""
    return Fault("error", status=503, path_prefix=TOKEN_PATH, method="POST", times=None)


def _failed_exchange(page: httpx.Response) -> None:
    assert page.status_code == 502, page.text
    assert "could not complete the sign-in" in page.text and "Nothing was changed" in page.text


@pytest.mark.parametrize("exchanging", ["made", "retry"])
@pytest.mark.parametrize("exchange", ["fails", "succeeds"])
def test_a_denial_while_another_tab_exchanges_its_code_leaves_the_install_to_how_that_ends(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer, exchanging: str, exchange: str
) -> None:
    """One tab's code exchange is under way (held at the provider's token endpoint) when the other tab's denial
    comes back: the install stays for the exchange, which then decides. It goes if the exchange fails (the tab
    exchanging was the page's own attempt, or a retry that took the removal on from the denial), and stays,
    signed in, if it succeeds."""
    account, first, made_at, retried_at = _two_tabs(switchboard, constant_contact)
    allowed_at, denied_at = (made_at, retried_at) if exchanging == "made" else (retried_at, made_at)
    faults = constant_contact.emulator.faults
    held = Fault("held", path_prefix=TOKEN_PATH, method="POST")
    # The faults inside the pool: cleared first, they let a held exchange go before the pool waits for it.
    with ThreadPoolExecutor(1) as pool, faults.armed(held, *([_exchange_fails()] if exchange == "fails" else [])):
        exchanged = pool.submit(_consent, allowed_at)  # the user allows: the callback exchanges the code
        assert faults.wait_held(1, timeout=30), "the code exchange never reached the provider"
        _deny(switchboard, denied_at)
        # Still there for the exchange under way: removing it would take that sign-in with it.
        assert _installed(account) == [first]
        faults.release()
        page = exchanged.result(timeout=60)
    if exchange == "fails":
        _failed_exchange(page)
        assert _installed(account) == []
    else:
        assert page.status_code == 200 and "<title>Connected</title>" in page.text, page.text
        (connection,) = account.get("/v1.0/account/connectors").json()
        assert connection["Id"] == first and connection["Authenticated"] is True


def test_a_retry_that_took_the_removal_on_and_then_failed_removes_the_install(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    """The page's own attempt is denied while the retry is still at the provider, whose code exchange then fails:
    the retry took on the removal as it was at the provider, and carries it out however it ends unsigned-in."""
    account, first, made_at, retried_at = _two_tabs(switchboard, constant_contact)
    _deny(switchboard, made_at)
    assert _installed(account) == [first]
    with constant_contact.emulator.faults.armed(_exchange_fails()):
        _failed_exchange(_consent(retried_at))
    assert _installed(account) == []
