"""The sweep of the connect page's empty installs on PostgreSQL with two workers: the database cut away just as the
denied sign-in holding the removal duty ends (``oauth_flow._ended``) leaves the install behind; once the attempt has
expired (``SWITCHBOARD_OAUTH_CALLBACK_SECONDS``, 2 s here) one of the workers' sweeps removes it, once, and an empty
install the partner made through the API, and one whose user is still at the provider, stay."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Account, SwitchboardServer
from tests.integration.test_connect_denied_install import _deny, _installed, _partner, _ticket, _to_provider
from tests.scale.conftest import started
from tests.scale.proxied import proxies, through
from tests.scale.test_sign_in_outage import _callback, _ended_in_outage
from tests.tcp_proxy import TcpProxy

__all__ = ["proxies"]  # the fixture, used by name


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    constant_contact: EmulatorServer,
    postgres_url: str,
    redis_url: str,
    proxies: tuple[TcpProxy, TcpProxy],
) -> Iterator[SwitchboardServer]:
    database, cache = proxies
    data_dir: Path = tmp_path_factory.mktemp("leftovers")
    running = started(
        data_dir,
        {"constant_contact": constant_contact.url},
        through(postgres_url, database),
        through(redis_url, cache),
        SWITCHBOARD_OAUTH_CALLBACK_SECONDS="2",
        SWITCHBOARD_HEALTH_POLL_SECONDS="0.5",
    )
    yield running
    running.stop()


def _until_empty(account: Account, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while _installed(account):
        assert time.monotonic() < deadline, f"the install was still there after {within} s"
        time.sleep(0.2)


def test_an_install_left_by_a_denial_the_database_missed_is_swept_once(
    server: SwitchboardServer,
    proxies: tuple[TcpProxy, TcpProxy],
    constant_contact: EmulatorServer,
    postgres_url: str,
) -> None:
    database, _ = proxies
    partner = _partner(server, constant_contact)
    kept = partner.new_account()
    made_by_partner = kept.install("constant_contact")
    _, partner_denied_at = _to_provider(server, kept, _ticket(server, kept))  # signs in to the partner's install
    _deny(server, partner_denied_at)
    waiting = partner.new_account()
    at_provider, _ = _to_provider(server, waiting, _ticket(server, waiting))

    account = partner.new_account()
    made, denied_at = _to_provider(server, account, _ticket(server, account))
    mark = len(server.log_path.read_bytes())
    page = asyncio.run(
        _ended_in_outage(postgres_url, database, made, _callback(server, denied_at, error="access_denied"))
    )
    assert page.status_code == 400 and "You did not allow access" in page.text, page.text
    logged = server.log_path.read_bytes()[mark:].decode()
    assert "the database could not be reached to forget its attempt" in logged, logged

    _until_empty(account)
    time.sleep(2)  # more rounds of both workers' sweeps
    logged = server.log_path.read_bytes()[mark:].decode()
    removed = [int(n) for n in re.findall(r"removed (\d+) empty installs the connect page left", logged)]
    assert sum(removed) == 1, logged  # one worker removed it; the other found it gone or taken
    assert "Traceback" not in logged
    assert _installed(kept) == [made_by_partner]
    assert _installed(waiting) == [at_provider]
