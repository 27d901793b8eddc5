"""The compiled catalogue: the same connectors and ids as validating every file, methods built on first use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import yaml

from switchboard.catalog import Registry, compiled, load_connector
from switchboard.catalog.loader import BUILTIN_DIR, connector_files
from switchboard.errors import ConfigurationError
from tests.unit.fixtures import PEOPLE


@pytest.fixture(autouse=True)
def compiled_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "compiled"
    monkeypatch.setattr(compiled, "COMPILED_DIR", folder)
    return folder


@pytest.fixture(scope="module")
def builtins_compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in library compiled once for the module (the first test compiles it itself, from nothing)."""
    folder = tmp_path_factory.mktemp("compiled-builtins")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled, "COMPILED_DIR", folder)
        Registry.load()
    return folder


@pytest.fixture
def warm(compiled_dir: Path, builtins_compiled: Path) -> Path:
    """The test's cache folder with the built-in files already compiled, so only its own connector is new
    (no catalogue ids: the catalogue with that connector in it is new too)."""
    compiled_dir.mkdir()
    for path in builtins_compiled.glob("[!i]*.msgpack"):
        shutil.copyfile(path, compiled_dir / path.name)
    return compiled_dir


def write(tmp_path: Path, data: object) -> Path:
    folder = tmp_path / "library" / "people"
    folder.mkdir(parents=True)
    path = folder / "connector.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def shape(registry: Registry) -> list[object]:
    """Every id and definition the registry hands out."""
    return [
        (c.key, c.id, [p.id for p in c.properties], c.method_count, [t.id for t in c.triggers])
        for c in registry.connectors
    ] + [
        (m.id, m.definition, [p.id for p in m.parameters], [f.id for f in m.fields], [r.id for r in m.response_fields])
        for c in registry.connectors
        for m in c.methods
    ]


def test_compiled_library_equals_the_validated_one(tmp_path: Path, compiled_dir: Path) -> None:
    write(tmp_path, PEOPLE)
    folders = [BUILTIN_DIR, tmp_path / "library"]
    validated = Registry([load_connector(p) for p in connector_files(folders)])
    first = Registry.load([tmp_path / "library"])  # compiles every file
    assert len(list(compiled_dir.glob("[!i]*.msgpack"))) == len(connector_files(folders))
    assert len(list(compiled_dir.glob("ids-*.msgpack"))) == 1  # the catalogue's ids, read back next time
    second = Registry.load([tmp_path / "library"])  # reads the compiled files
    assert shape(first) == shape(validated)
    assert shape(second) == shape(validated)
    assert second.custom == {"people_api"}
    method = second.by_key["people_api"].methods[0]
    assert second.method(method.id) == (second.by_key["people_api"], method)


def test_methods_are_left_out_of_the_definition_until_used(tmp_path: Path, warm: Path) -> None:
    write(tmp_path, PEOPLE)
    Registry.load([tmp_path / "library"])
    people = Registry.load([tmp_path / "library"]).by_key["people_api"]
    assert people.definition.methods == []  # validated on first use, not at start
    assert people.method_count == len(PEOPLE["methods"])
    assert set(people.method_uids) == {str(m["unique_id"]) for m in PEOPLE["methods"]}
    assert [m.name for m in people.methods] == [m["name"] for m in PEOPLE["methods"]]
    assert people.methods[0] is people.methods[0]  # built once


def test_a_changed_file_is_compiled_again(tmp_path: Path, warm: Path) -> None:
    path = write(tmp_path, PEOPLE)
    before = Registry.load([tmp_path / "library"]).by_key["people_api"]
    renamed = {**PEOPLE, "methods": [{**PEOPLE["methods"][0], "name": "Fetch person"}, *PEOPLE["methods"][1:]]}
    path.write_text(yaml.safe_dump(renamed))
    after = Registry.load([tmp_path / "library"]).by_key["people_api"]
    assert after.methods[0].name == "Fetch person"
    assert [m.id for m in after.methods] == [m.id for m in before.methods]


def test_a_bad_file_is_refused_with_its_path(tmp_path: Path, warm: Path) -> None:
    path = write(tmp_path, {**PEOPLE, "methods": [{**PEOPLE["methods"][0], "colour": "red"}]})
    with pytest.raises(ConfigurationError, match=r"people/connector.yaml: invalid connector definition") as caught:
        Registry.load([tmp_path / "library"])
    assert "methods[0] (" in str(caught.value) and "colour" in str(caught.value)
    assert path.exists()


def test_an_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(compiled, "COMPILED_DIR", blocked / "compiled")
    write(tmp_path, PEOPLE)
    people = Registry.load([tmp_path / "library"]).by_key["people_api"]
    assert [m.name for m in people.methods] == [m["name"] for m in PEOPLE["methods"]]


def test_stored_ids_that_do_not_fit_are_allocated_again(tmp_path: Path, warm: Path) -> None:
    write(tmp_path, PEOPLE)
    expected = shape(Registry.load([tmp_path / "library"]))
    (stored,) = warm.glob("ids-*.msgpack")
    stored.write_bytes(msgspec.msgpack.encode([compiled.ConnectorIds(1234, [], b"")]))  # one connector, no methods
    assert shape(Registry.load([tmp_path / "library"])) == expected


def test_a_compiled_file_cut_short_is_compiled_again(tmp_path: Path, warm: Path) -> None:
    write(tmp_path, PEOPLE)
    expected = shape(Registry.load([tmp_path / "library"]))
    (people,) = (p for p in warm.glob("[!i]*.msgpack") if b"people_api" in p.read_bytes())
    whole_file = people.read_bytes()
    people.write_bytes(whole_file[:-7])  # the last method's bytes cut short
    assert shape(Registry.load([tmp_path / "library"])) == expected
    assert people.read_bytes() == whole_file  # written again, whole


def test_methods_load_from_the_mapped_file_after_the_cache_is_cleared(tmp_path: Path, warm: Path) -> None:
    write(tmp_path, PEOPLE)
    Registry.load([tmp_path / "library"])
    people = Registry.load([tmp_path / "library"]).by_key["people_api"]
    shutil.rmtree(warm)  # a user clearing the cache folder while a server runs
    assert [m.name for m in people.methods] == [m["name"] for m in PEOPLE["methods"]]


def test_much_new_yaml_is_compiled_by_child_processes(tmp_path: Path, compiled_dir: Path) -> None:
    write(tmp_path, PEOPLE)
    builtins = connector_files([BUILTIN_DIR])
    bad = tmp_path / "bad" / "connector.yaml"
    bad.parent.mkdir()
    bad.write_text("key: [unclosed")
    assert compiled.compile_apart([*builtins, bad]) >= 1  # 27 MB: over the threshold
    assert all(compiled.compile_file(p, here=False) is not None for p in builtins)  # the children's work
    assert compiled.compile_file(bad, here=False) is None  # refused there, left to the parent to report
    small = tmp_path / "library" / "people" / "connector.yaml"
    assert compiled.compile_apart([small]) == 0  # a few hundred bytes: a child's start would cost more than it saves
    assert compiled.compile_file(small, here=False) is None


def test_nothing_is_compiled_apart_into_a_cache_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(compiled, "COMPILED_DIR", blocked / "compiled")
    assert compiled.compile_apart(connector_files([BUILTIN_DIR])) == 0  # the children's work would be lost


def test_a_first_start_keeps_no_more_memory_than_the_next(tmp_path: Path) -> None:
    """The server parses the library's YAML at its first start after an install; its heap kept 50 MB of it."""
    script = (
        "import sys; from switchboard.catalog import Registry; Registry.load(); print(open('/proc/self/status').read())"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def resident_kb() -> int:
        status = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        return int(re.search(r"VmRSS:\s+(\d+) kB", status.stdout)[1])  # type: ignore[index]

    first, second = resident_kb(), resident_kb()
    assert (tmp_path / "cache" / "switchboard" / "compiled").is_dir()
    assert first < second + 12_000, (first, second)  # kB: the ids allocated once, then read back
