"""The exported connector JSON Schema: current, valid, and agreeing with the models."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from switchboard.catalog.loader import BUILTIN_DIR, connector_files
from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.schema import REGENERATE, SCHEMA_PATH, connector_json_schema, connector_json_schema_text
from switchboard.cli import app
from tests.unit.fixtures import PEOPLE
from tests.yaml_text import safe_load

SHIPPED = connector_files([BUILTIN_DIR])


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == connector_json_schema_text(), (
        f"{SCHEMA_PATH.name} is stale: the models changed. Regenerate it with `{REGENERATE}`"
    )


def test_schema_is_a_valid_draft_2020_12_schema_with_identity() -> None:
    schema = connector_json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] == "Switchboard connector definition"
    assert schema["additionalProperties"] is False


def test_there_are_shipped_connectors() -> None:
    assert {p.parent.name for p in SHIPPED} >= {"salesloft", "constant_contact"}


@pytest.mark.parametrize("path", SHIPPED, ids=[p.parent.name for p in SHIPPED])
def test_every_shipped_connector_validates(path: Path, validator: Draft202012Validator) -> None:
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_yaml(path))]
    assert errors == []


def _with(change: dict[str, Any], method_change: dict[str, Any] | None = None) -> dict[str, Any]:
    document = copy.deepcopy({**PEOPLE, **change})
    if method_change:
        document["methods"][0].update(method_change)
    return document


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(_with({}), id="fixture"),
        pytest.param(_with({"retry": {"type": "none"}}), id="retry-off"),
        pytest.param(
            _with({"retry": {"max_retries": 2, "statuses": [502], "backoff": {"base": 1}, "max_retry_after": "90s"}}),
            id="retry-full",
        ),
        pytest.param(_with({"rate_limits": [{"name": "minute", "limit": 10, "per": "1m"}]}), id="duration-text"),
        pytest.param(_with({"rate_limits": [{"name": "minute", "limit": 10, "per": 60}]}), id="duration-number"),
    ],
)
def test_schema_and_models_accept_the_same_good_documents(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    ConnectorDef.model_validate(document)
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(_with({"colour": "red"}), id="unknown-top-level-key"),
        pytest.param(_with({}, {"verb": "GET"}), id="unknown-method-key"),
        pytest.param(_with({"key": "Bad Key"}), id="bad-connector-key"),
        pytest.param(_with({"auth": []}), id="no-auth"),
        pytest.param(_with({"auth": [{"type": "basic"}]}), id="unknown-auth-type"),
        pytest.param(_with({"rate_limits": [{"name": "x", "limit": 1, "per": "soon"}]}), id="bad-duration"),
        pytest.param(_with({"retry": {"statuses": [700]}}), id="retry-status-out-of-range"),
        pytest.param(_with({"retry": {"max_retries": 11}}), id="retry-too-many"),
        pytest.param(_with({"retry": {"backoff": {"base": 0}}}), id="retry-zero-base"),
        pytest.param(_with({"retry": {"type": "forever"}}), id="retry-unknown-type"),
    ],
)
def test_schema_and_models_refuse_the_same_bad_documents(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    with pytest.raises(ValueError):
        ConnectorDef.model_validate(document)
    assert list(validator.iter_errors(document)) != []


def test_cli_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["connectors", "schema"])
    assert result.exit_code == 0, result.output
    assert result.stdout == connector_json_schema_text()


def test_cli_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "connector.schema.json"
    result = CliRunner().invoke(app, ["connectors", "schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == connector_json_schema_text()


def _yaml(path: Path) -> Any:
    return safe_load(path.read_text(encoding="utf-8"))
