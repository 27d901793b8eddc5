"""The sweep of the connect page's leftover installs runs on a server whose token refreshes are turned off
(``SWITCHBOARD_HEALTH_WORKER=false``): an install whose sign-in never finished still goes once its attempt expires
(``SWITCHBOARD_OAUTH_CALLBACK_SECONDS``, 2 s here), swept every ``SWITCHBOARD_HEALTH_POLL_SECONDS``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer, server_env
from tests.integration.test_connect_denied_install import _installed
from tests.integration.test_connect_leftover_installs import _lost, _until


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, constant_contact: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("leftovers-alone")
    env = server_env(
        data_dir,
        {"constant_contact": constant_contact.url},
        SWITCHBOARD_HEALTH_WORKER="false",
        SWITCHBOARD_OAUTH_CALLBACK_SECONDS="2",
        SWITCHBOARD_HEALTH_POLL_SECONDS="0.5",
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


def test_a_leftover_install_is_swept_with_the_health_worker_off(
    server: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    lost, installed = _lost(server, constant_contact)  # its only sign-in cut off mid-callback, the server restarted
    _until(lambda: _installed(lost) == [])
    assert lost.get(f"/v1.0/account/connectors/{installed}").status_code == 404  # removed as the API's DELETE does
