"""The connector-level ``retry:`` block: defaults, durations, and refused values."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from switchboard.catalog import load_connector
from switchboard.catalog.models import BackoffDef, ConnectorDef, RetryDef
from switchboard.errors import ConfigurationError
from tests.unit.fixtures import PEOPLE


def test_without_a_block_the_defaults_apply() -> None:
    retry = ConnectorDef.model_validate(PEOPLE).retry
    assert retry == RetryDef()
    assert retry.type == "standard"
    assert retry.max_retries is None and retry.max_retry_after is None  # the server's settings decide
    assert retry.statuses == (500, 502, 503, 504)
    assert retry.retry_after_statuses == (429, 503)
    assert retry.backoff == BackoffDef(base=0.2, cap=5.0)
    assert retry.network_errors is True


def test_a_full_block_from_yaml(tmp_path: Path) -> None:
    block = yaml.safe_load(
        """
        retry:
          type: standard
          max_retries: 5
          statuses: [502, 503]
          retry_after_statuses: [429]
          backoff: {base: 0.5, cap: 10}
          max_retry_after: 2m
          network_errors: false
        """
    )
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "connector.yaml").write_text(yaml.safe_dump({**PEOPLE, **block}))
    retry = load_connector(folder / "connector.yaml").retry
    assert retry == RetryDef(
        max_retries=5,
        statuses=(502, 503),
        retry_after_statuses=(429,),
        backoff=BackoffDef(base=0.5, cap=10.0),
        max_retry_after=120.0,
        network_errors=False,
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("60s", 60.0, id="seconds"),
        pytest.param("1m", 60.0, id="minutes"),
        pytest.param("500ms", 0.5, id="milliseconds"),
        pytest.param(30, 30.0, id="plain-number"),
    ],
)
def test_max_retry_after_takes_a_duration(value: str | int, seconds: float) -> None:
    assert RetryDef.model_validate({"max_retry_after": value}).max_retry_after == seconds


def test_retries_can_be_turned_off() -> None:
    assert ConnectorDef.model_validate({**PEOPLE, "retry": {"type": "none"}}).retry.type == "none"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        pytest.param({"statuses": [500, 600]}, "HTTP statuses are 100..599", id="status-too-high"),
        pytest.param({"retry_after_statuses": [99]}, "HTTP statuses are 100..599", id="status-too-low"),
        pytest.param({"max_retries": 11}, "less than or equal to 10", id="too-many-retries"),
        pytest.param({"max_retries": -1}, "greater than or equal to 0", id="negative-retries"),
        pytest.param({"backoff": {"base": 0}}, "greater than 0", id="zero-base"),
        pytest.param({"backoff": {"base": 2, "cap": 1}}, "cap (1.0) must be at least base (2.0)", id="cap-below-base"),
        pytest.param({"max_retry_after": "soon"}, "not a duration", id="bad-duration"),
        pytest.param({"type": "forever"}, "'standard' or 'none'", id="unknown-type"),
        pytest.param({"jitter": False}, "Extra inputs are not permitted", id="unknown-key"),
    ],
)
def test_bad_blocks_are_refused(block: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        ConnectorDef.model_validate({**PEOPLE, "retry": block})


def test_a_bad_block_names_its_key_path(tmp_path: Path) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "connector.yaml").write_text(yaml.safe_dump({**PEOPLE, "retry": {"statuses": [700]}}))
    with pytest.raises(ConfigurationError, match=r"retry\.statuses: Value error, HTTP statuses are 100..599"):
        load_connector(folder / "connector.yaml")
