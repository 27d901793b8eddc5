"""The sweep of the connect page's empty installs (connections/leftovers.py): an install whose duty-holding sign-in
ended unheard (here the server killed while its callback ran, as the database away at that moment would leave it)
is removed once every attempt on it has expired, on a server whose callbacks count as under way for 2 s
(``SWITCHBOARD_OAUTH_CALLBACK_SECONDS``). An install that signed in, one the partner made through the API, and one
with an attempt still under way (at the provider, or a sign-in link not yet opened) are kept."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.constant_contact.oauth import TOKEN_PATH
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_connect_denied_install import (
    _consent,
    _deny,
    _installed,
    _partner,
    _ticket,
    _to_provider,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, constant_contact: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("leftovers")
    env = server_env(
        data_dir,
        {"constant_contact": constant_contact.url},
        SWITCHBOARD_OAUTH_CALLBACK_SECONDS="2",
        SWITCHBOARD_HEALTH_POLL_SECONDS="0.5",  # the sweep runs with each round of the health worker
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@dataclass
class Scene:
    """Accounts each with one install, and where each stands."""

    lost: Account  # its install's duty-holding sign-in ended with the server killed mid-callback
    signed_in: tuple[Account, int]
    partner_made: tuple[Account, int]  # installed through the API; a sign-in on the connect page denied since
    at_provider: tuple[Account, int, str]  # the user still at the provider's consent page
    link_unopened: tuple[Account, int, str]  # Connect pressed: installed, its sign-in link not yet opened


def _until(done: Callable[[], bool], within: float = 30) -> None:
    deadline = time.monotonic() + within
    while not done():
        assert time.monotonic() < deadline, f"not done within {within} s"
        time.sleep(0.2)


def _pressed(server: SwitchboardServer, account: Account) -> tuple[int, str]:
    """Connect pressed on the page (an install made for it): the install, and the sign-in link the popup opens."""
    connector_id = str(account.partner.connector_id("constant_contact"))
    ticket = _ticket(server, account)
    started = httpx.post(f"{server.url}/connect/oauth", data={"ticket": ticket, "connector_id": connector_id})
    assert started.status_code == 303, started.text
    link = str(httpx.URL(server.url).join(started.headers["location"]))
    return int(httpx.URL(link).params["id"]), link


def _unheard(provider_url: str) -> None:
    """The user allows access; the server goes down while the callback exchanges the code."""
    with pytest.raises(httpx.TransportError):
        _consent(provider_url)


def _lost(server: SwitchboardServer, constant_contact: EmulatorServer) -> tuple[Account, int]:
    """An account whose install's only (duty-holding) sign-in was cut off mid-callback, with the server restarted;
    and that install."""
    account = _partner(server, constant_contact).new_account()
    installed, provider_url = _to_provider(server, account, _ticket(server, account))
    faults = constant_contact.emulator.faults
    with ThreadPoolExecutor(1) as pool, faults.armed(Fault("held", path_prefix=TOKEN_PATH, method="POST")):
        ending = pool.submit(_unheard, provider_url)
        assert faults.wait_held(1, timeout=30), "the code exchange never reached the provider"
        assert server.process is not None
        server.process.send_signal(signal.SIGKILL)  # the callback never gets to end its attempt
        server.process.wait()
        server.process = None
        faults.release()
        ending.result(timeout=60)
    server.start()
    return account, installed


@pytest.fixture(scope="module")
def scene(server: SwitchboardServer, constant_contact: EmulatorServer) -> Scene:
    partner = _partner(server, constant_contact)
    signed_in = partner.new_account()
    connected, allowed_at = _to_provider(server, signed_in, _ticket(server, signed_in))
    assert "<title>Connected</title>" in _consent(allowed_at).text

    partner_made = partner.new_account()
    installed = partner_made.install("constant_contact")
    retried, denied_at = _to_provider(server, partner_made, _ticket(server, partner_made))
    assert retried == installed  # the page signs in to the partner's install, not a new one
    _deny(server, denied_at)

    at_provider = partner.new_account()
    waiting, consent_at = _to_provider(server, at_provider, _ticket(server, at_provider))
    link_unopened = partner.new_account()
    unopened, link = _pressed(server, link_unopened)

    lost, _ = _lost(server, constant_contact)
    _until(lambda: _installed(lost) == [])  # the sweep has run past every attempt above that was over
    return Scene(
        lost,
        (signed_in, connected),
        (partner_made, installed),
        (at_provider, waiting, consent_at),
        (link_unopened, unopened, link),
    )


def test_an_install_whose_sign_in_ended_unheard_is_swept_once_its_attempt_expires(scene: Scene) -> None:
    assert _installed(scene.lost) == []
    # Removed as the API's DELETE removes one: its account lists nothing, and its id is unknown.
    assert scene.lost.get("/v1.0/account/connectors").json() == []


def test_an_install_that_signed_in_is_kept(scene: Scene) -> None:
    account, connection = scene.signed_in
    (kept,) = account.get("/v1.0/account/connectors").json()
    assert kept["Id"] == connection and kept["Authenticated"] is True


def test_an_install_the_partner_made_is_kept_though_empty(scene: Scene) -> None:
    account, connection = scene.partner_made
    (kept,) = account.get("/v1.0/account/connectors").json()
    assert kept["Id"] == connection and kept["Authenticated"] is False


def test_an_install_whose_user_is_at_the_provider_is_kept_and_signs_in(scene: Scene) -> None:
    account, connection, consent_at = scene.at_provider
    assert _installed(account) == [connection]
    assert "<title>Connected</title>" in _consent(consent_at).text
    (kept,) = account.get("/v1.0/account/connectors").json()
    assert kept["Id"] == connection and kept["Authenticated"] is True


def test_an_install_whose_sign_in_link_is_not_yet_opened_is_kept(server: SwitchboardServer, scene: Scene) -> None:
    account, connection, link = scene.link_unopened
    assert _installed(account) == [connection]
    provider = httpx.get(link)  # the popup opens at last: on to the provider, the install still there
    assert provider.status_code == 302, provider.text
    assert "<title>Connected</title>" in _consent(provider.headers["location"]).text
    assert _installed(account) == [connection]


def test_a_server_refuses_to_start_with_a_callback_of_no_time(tmp_path: Path) -> None:
    refused = SwitchboardServer(tmp_path, server_env(tmp_path, {}, SWITCHBOARD_OAUTH_CALLBACK_SECONDS="0"))
    with pytest.raises(RuntimeError, match="server exited early") as exited:
        refused.start()
    said = str(exited.value)
    assert "oauth_callback_seconds" in said and "greater than 0" in said
