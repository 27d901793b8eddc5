"""The definition's methods by name, and the vendor's spec, read once for the package."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from switchboard.catalog import Method, Registry, load_connector
from tests.contract.constant_contact.catalog import DEFINITION
from tests.contract.specs import require_spec


@pytest.fixture(scope="package")
def methods() -> dict[str, Method]:
    definition = load_connector(DEFINITION)
    connector = Registry([definition]).by_key["constant_contact"]
    return {m.name: m for m in connector.methods}


@pytest.fixture(scope="package")
def spec() -> dict[str, Any]:
    spec_path = require_spec("constant-contact-v3.swagger.yml")
    document: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return document
