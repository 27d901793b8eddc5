"""The spec emulator's parse cache goes where SWITCHBOARD_EMULATOR_SPEC_CACHE says: the tests' own temp folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from switchboard_emulators.spec.document import load_spec

PETSTORE = Path(__file__).resolve().parents[3] / "examples" / "petstore" / "petstore.yaml"


def test_the_cache_is_written_where_the_variable_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = Path(tempfile.gettempdir()) / "switchboard-emulator-specs"
    before = set(shared.iterdir()) if shared.exists() else set()
    monkeypatch.setenv("SWITCHBOARD_EMULATOR_SPEC_CACHE", str(tmp_path / "cache"))
    spec = load_spec(PETSTORE)
    (cached,) = (tmp_path / "cache").iterdir()
    assert cached.suffix == ".json" and load_spec(PETSTORE) == spec  # read back from the cache
    assert (set(shared.iterdir()) if shared.exists() else set()) == before


def test_the_test_run_keeps_its_cache_in_pytest_s_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = Path(os.environ["SWITCHBOARD_EMULATOR_SPEC_CACHE"])
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent  # an xdist worker's temp folder is inside its controller's, which keeps the cache
    assert folder.is_relative_to(base)  # removed at the end of the session
