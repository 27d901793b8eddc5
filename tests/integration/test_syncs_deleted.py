"""A sync deleted over the API while its run reads a page: the run stops quietly, with no error logged."""

from __future__ import annotations

import time

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import SwitchboardServer
from tests.integration.test_syncs import connected, emulator, server, sl, syncs_url  # noqa: F401 - its fixtures


def test_a_sync_deleted_during_its_run_stops_quietly(server: SwitchboardServer, sl: EmulatorServer) -> None:  # noqa: F811
    """The run finds its sync gone: one INFO line saying so, no error, no traceback, no lease story."""
    account, connection = connected(server, sl, "Deleted mid-run")
    logged = server.log_path.stat().st_size
    emulator(sl).faults.arm(Fault("slow", path_prefix="/v2/people", skip=2, times=1, delay=3.0))
    try:
        sync = account.post(syncs_url(connection), json={"Default": "people"}).json()
        deadline = time.monotonic() + 20
        while (account.get(syncs_url(connection, sync["Id"])).json().get("Running") or {}).get("Pages") != 2:
            assert time.monotonic() < deadline, "the run did not reach page 2"
            time.sleep(0.05)
        assert account.delete(syncs_url(connection, sync["Id"])).status_code == 204  # page 3 is on the wire
        said = f"sync {sync['Id']}: deleted during its run"
        deadline = time.monotonic() + 15
        while said not in (added := server.log_path.read_bytes()[logged:].decode(errors="replace")):
            assert time.monotonic() < deadline, added[-3000:]
            time.sleep(0.1)
    finally:
        emulator(sl).faults.clear()
    time.sleep(0.5)  # anything the attempt logs after it stops
    added = server.log_path.read_bytes()[logged:].decode(errors="replace")
    assert f"INFO switchboard.syncs {said}" in added
    assert "Traceback" not in added and " ERROR " not in added and "lease lost" not in added, added[-3000:]
    assert account.get(syncs_url(connection, sync["Id"])).status_code == 404
