"""A cursor-paged list imported from its spec and emulated with no config at all: the emulator pages it by the
cursor its spec reads as (Apideck's ``cursor`` and ``meta.cursors.next``), so a list method through Switchboard
reads every page and answers every record once, where the spec's example cursor on every page was a 502."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
import yaml

from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator
from tests.harness import Account
from tests.integration.spec_apps import keyed_connection
from tests.unit.emulators.test_spec_guessed_paging import SPEC

KEY = "file-storage-key"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    spec = tmp_path_factory.mktemp("guessed-spec") / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    with EmulatorServer(SpecEmulator(spec)) as server:  # no config: nothing names the paging
        yield server


@pytest.fixture(scope="module")
def connection(
    emulator: EmulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Account, int, int]]:
    folder = tmp_path_factory.mktemp("guessed-connectors")
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "switchboard", "connectors", "import", str(folder / "spec.yaml"),
                           "--key", "file_storage", "--out", str(folder)],
                          capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data_dir = tmp_path_factory.mktemp("guessed-data")
    with keyed_connection(data_dir, {"file_storage": emulator.url}, str(folder), "File Storage", KEY) as connection:
        yield connection


LISTS = [("List files", "/files", "cursor", "data"), ("List folders", "/folders", "page_token", "items")]


@pytest.mark.parametrize(("name", "path", "cursor", "records"), LISTS)
def test_a_list_method_reads_every_page_and_answers_each_record_once(
    connection: tuple[Account, int, int], emulator: EmulatorServer, name: str, path: str, cursor: str, records: str
) -> None:
    account, connection_id, connector = connection
    spec_emulator = emulator.emulator
    assert isinstance(spec_emulator, SpecEmulator)
    seeded = spec_emulator.seed(path, 40)  # the first five and forty more: more than one page at any size
    methods = account.partner.http.get(f"/v1.0/connectors/{connector}/methods").json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == name)
    mark = len(spec_emulator.requests.all())
    answer = account.post(f"/v1.0/account/connectors/{connection_id}/methods/{uid}/body", json={"Parameters": {}})
    assert answer.status_code == 200, answer.text
    assert [f["id"] for f in answer.json()[records]] == [f["id"] for f in seeded]
    pages = [dict(r.query) for r in spec_emulator.requests.all()[mark:] if r.path == path]
    assert len(pages) > 1 and cursor not in pages[0] and all(p.get(cursor) for p in pages[1:]), pages
