"""What the tests of a spec and a connector of their own share: that spec's emulator, keyed by an API key, and a
server with one connection to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from switchboard_emulators import EmulatorServer, create_emulator
from tests.harness import Account, SwitchboardServer, server_env


@contextmanager
def keyed_spec_emulator(folder: Path, spec: dict[str, Any], key: str) -> Iterator[EmulatorServer]:
    """The spec emulator of ``spec`` (written to ``folder``), taking ``key`` in ``X-API-Key``."""
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    config = {"auth": {"type": "api_key", "key_in": "header", "key_name": "X-API-Key", "key": key}}
    (folder / "emulator.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with EmulatorServer(create_emulator("spec", spec=folder / "spec.yaml", config=folder / "emulator.yaml")) as server:
        yield server


@contextmanager
def keyed_connection(
    data_dir: Path, upstreams: dict[str, str], connector_dirs: str, connector: str, key: str
) -> Iterator[tuple[Account, int, int]]:
    """A server reading the connectors in ``connector_dirs``, and an account with ``connector`` (by its name)
    installed by API key: the account, the connection's Id and the connector's."""
    env = server_env(data_dir, upstreams, SWITCHBOARD_CONNECTOR_DIRS=connector_dirs)
    switchboard = SwitchboardServer(data_dir, env).start()
    try:
        account = switchboard.new_partner(f"{connector} tests").new_account()
        connector_id = next(c["Id"] for c in account.partner.connectors() if c["Name"] == connector)
        installed = account.post(f"/v1.0/connectors/{connector_id}/install", json={"AuthValue": key})
        assert installed.status_code == 200, installed.text
        yield account, installed.json()["Id"], connector_id
    finally:
        switchboard.stop()
