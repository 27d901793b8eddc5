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


SEEDS = """
openapi: 3.0.3
info: {title: Seeds, version: "1"}
paths:
  /completions:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {seed: {type: integer, minimum: -9223372036854776000}}}
      responses: {"200": {description: ok}}
"""


def test_a_spec_with_an_integer_past_64_bits_is_served_uncached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenAI's spec bounds a seed at -9223372036854776000, which orjson cannot write: read all the same, uncached."""
    spec = tmp_path / "seeds.yaml"
    spec.write_text(SEEDS)
    monkeypatch.setenv("SWITCHBOARD_EMULATOR_SPEC_CACHE", str(tmp_path / "cache"))
    loaded = load_spec(spec)
    seed = loaded["paths"]["/completions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert seed["properties"]["seed"]["minimum"] == -9223372036854776000
    assert not (tmp_path / "cache").exists()  # nothing cached, nothing half-written
    assert load_spec(spec) == loaded
