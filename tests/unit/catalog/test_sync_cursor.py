"""A sync's cursor parameter must be one its list method can carry: checked at catalogue load (and by the API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from switchboard.catalog import load_connector
from switchboard.catalog.models import ConnectorDef, CursorCarriers
from switchboard.errors import ConfigurationError
from tests.unit.fixtures import PEOPLE

LIST_PEOPLE = PEOPLE["methods"][1]


def carriers(**changes: Any) -> CursorCarriers:
    definition = ConnectorDef.model_validate({**PEOPLE, **changes})
    return CursorCarriers.of(definition.methods[1], definition.pagination, definition.query_style)


def test_the_query_parameters_that_take_one_changing_value_carry_it() -> None:
    found = carriers()
    # Not ids (a list) nor page (the paginator's own); the object as name[key], any key.
    assert (found.names, found.objects) == (("sort",), ("updated_at",))
    for param in ("sort", "updated_at[gt]", "updated_at[since]"):
        assert found.refusal(param, "cursor.param") is None, param
    for param in ("nope", "page", "ids", "updated_at", "sort[gt]", "updated_at[gt][x]", "updated_at[]"):
        assert found.refusal(param, "cursor.param") is not None, param
    assert found.refusal("page", "Cursor.Parameter") == (
        "Cursor.Parameter 'page' is not a query parameter of method 'List people' that can carry the cursor; "
        "use one of: sort, updated_at[<key>] (<key>: a key of that object, as the provider names it)"
    )


def test_an_object_that_names_its_keys_carries_those_keys_only() -> None:
    """Salesloft's range filters take gt, gte, lt and lte: ``updated_at[after]`` would be ignored, every run whole."""
    ranged = [{**p, "values": ["gt", "gte", "lt", "lte"]} if p["target"] == "updated_at" else p
              for p in LIST_PEOPLE["parameters"]]  # fmt: skip
    found = carriers(methods=[PEOPLE["methods"][0], {**LIST_PEOPLE, "parameters": ranged}])
    assert found.objects == ("updated_at",) and found.refusal("updated_at[gte]", "cursor.param") is None
    assert found.refusal("updated_at[after]", "cursor.param") == (
        "cursor.param 'updated_at[after]': updated_at takes the keys gt, gte, lt, lte"
    )


def test_booleans_fixed_values_and_form_objects_carry_nothing() -> None:
    parameters = [
        {"target": "archived", "in": "query", "name": "Archived", "type": "boolean"},
        {"target": "order", "in": "query", "name": "Order", "values": ["asc", "desc"]},
        # A form-style object's keys go out as names of their own, which no definition declares.
        {"target": "filter", "in": "query", "name": "Filter", "type": "object", "style": "form"},
        {"target": "X-Since", "in": "header", "name": "Since"},
    ]
    found = carriers(methods=[PEOPLE["methods"][0], {**LIST_PEOPLE, "parameters": parameters}])
    assert (found.names, found.objects) == ((), ())
    refused = found.refusal("archived", "cursor.param")
    assert refused is not None and "has no query parameter that can carry a cursor; leave the cursor out" in refused


def write(tmp_path: Path, data: object) -> Path:
    folder = tmp_path / "people"
    folder.mkdir(exist_ok=True)
    path = folder / "connector.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_a_default_sync_whose_cursor_the_method_cannot_carry_is_refused_at_load(tmp_path: Path) -> None:
    sync = {"name": "people", "method": LIST_PEOPLE["unique_id"], "cursor": {"param": "updated_since"}}
    with pytest.raises(ConfigurationError) as caught:
        load_connector(write(tmp_path, {**PEOPLE, "syncs": [sync]}))
    assert str(tmp_path) in caught.value.message
    assert "sync 'people': cursor.param 'updated_since' is not a query parameter of method 'List people'" in (
        caught.value.message
    )
    fixed = {**sync, "cursor": {"param": "updated_at[gt]", "field": "updated_at"}}
    loaded = load_connector(write(tmp_path, {**PEOPLE, "syncs": [fixed]}))
    assert loaded.syncs[0].cursor is not None and loaded.syncs[0].cursor.param == "updated_at[gt]"
