"""The JSON Schema of ``connector.yaml``, exported from the models so the two cannot disagree.

Editors and CI can check a definition without Switchboard installed, e.g. with
``# yaml-language-server: $schema=.../connector.schema.json`` at the top of the file. The
schema covers shapes and types; cross-field rules (path placeholders match ``in: path``
parameters, unique method names) are only checked when Switchboard loads the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from switchboard.catalog.models import ConnectorDef

SCHEMA_PATH = Path(__file__).with_name("connector.schema.json")
SCHEMA_ID = "urn:switchboard:schema:connector"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"  # what pydantic generates
REGENERATE = "switchboard connectors schema --out src/switchboard/catalog/connector.schema.json"


def connector_json_schema() -> dict[str, Any]:
    """The schema a ``connector.yaml`` (parsed to JSON values) must satisfy."""
    # mode="validation": what a file may say (durations as "60s"), not what the models hold.
    schema = ConnectorDef.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "Switchboard connector definition"
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **schema}


def connector_json_schema_text() -> str:
    """The schema as checked in: two-space indents, sorted keys, a trailing newline."""
    return json.dumps(connector_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
