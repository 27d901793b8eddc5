"""Connector definitions: bad files are reported with the file and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from switchboard.catalog import Registry, load_connector
from switchboard.errors import ConfigurationError
from tests.unit.fixtures import PEOPLE


def write(tmp_path: Path, data: object) -> Path:
    folder = tmp_path / "people"
    folder.mkdir()
    path = folder / "connector.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_unknown_key_is_reported_with_file_and_path(tmp_path: Path) -> None:
    data = {
        **PEOPLE,
        "methods": [
            dict(PEOPLE["methods"][0], parameters=[{**PEOPLE["methods"][0]["parameters"][0], "colour": "red"}])
        ],
    }
    path = write(tmp_path, data)
    with pytest.raises(ConfigurationError) as caught:
        load_connector(path)
    message = caught.value.message
    assert str(path) in message
    assert "methods[0] (Get person).parameters[0].colour: Extra inputs are not permitted" in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"http": "GET /v2/people/{id}"}, "path placeholders", id="placeholder-without-parameter"),
        pytest.param({"http": "FETCH /x"}, "http must be", id="bad-verb"),
        pytest.param({"unique_id": "not-a-uuid"}, "unique_id", id="bad-uuid"),
    ],
)
def test_method_rules(tmp_path: Path, change: dict[str, str], message: str) -> None:
    data = {**PEOPLE, "methods": [{**PEOPLE["methods"][0], **change}]}
    with pytest.raises(ConfigurationError, match=message):
        load_connector(write(tmp_path, data))


def test_duplicate_unique_ids_are_refused(tmp_path: Path) -> None:
    twin = {**PEOPLE["methods"][1], "unique_id": PEOPLE["methods"][0]["unique_id"]}
    with pytest.raises(ConfigurationError, match="appears twice"):
        load_connector(write(tmp_path, {**PEOPLE, "methods": [PEOPLE["methods"][0], twin]}))


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="must be a mapping"):
        load_connector(write(tmp_path, ["a"]))


def test_ids_survive_unrelated_changes(tmp_path: Path) -> None:
    before = Registry.load([])
    path = write(tmp_path, PEOPLE)
    after = Registry.load([path.parent.parent])
    for connector in before.connectors:
        twin = after.by_key[connector.key]
        assert twin.id == connector.id
        assert [m.id for m in twin.methods] == [m.id for m in connector.methods]
    # Renaming a method keeps its id: ids follow the MethodUniqueIdentifier.
    renamed = {**PEOPLE, "methods": [{**PEOPLE["methods"][0], "name": "Fetch person"}, *PEOPLE["methods"][1:]]}
    original = Registry([load_connector(path)]).by_key["people_api"]
    path.write_text(yaml.safe_dump(renamed))
    changed = Registry([load_connector(path)]).by_key["people_api"]
    assert [m.id for m in changed.methods] == [m.id for m in original.methods]
    assert [p.id for m in changed.methods for p in m.parameters] == [
        p.id for m in original.methods for p in m.parameters
    ]


def test_builtin_connectors_load() -> None:
    registry = Registry.load()
    assert "salesloft" in registry.by_key
    ids = [m.id for c in registry.connectors for m in c.methods]
    assert len(ids) == len(set(ids))
