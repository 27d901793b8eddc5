"""A file beside the spec that is YAML written as one flow mapping (``{type: object, properties: {...}}``) opens
with ``{`` as JSON does: it was read as JSON only, and the whole import ended in "not YAML or JSON". Text that is
neither is still refused, with JSON's reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from switchboard.errors import ConfigurationError
from switchboard.importer.files import import_files

SPEC = """
openapi: 3.0.3
info: {title: Cards, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /cards/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a card
          content: {application/json: {schema: {$ref: "models/card.yml"}}}
"""


def test_a_flow_mapping_file_is_read_as_yaml(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "spec.yml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "models/card.yml").write_text("{type: object, properties: {id: {type: string}}}\n", encoding="utf-8")
    written, _ = import_files(tmp_path / "spec.yml", "cards", None, tmp_path / "out")
    (method,) = yaml.safe_load(written.read_text(encoding="utf-8"))["methods"]
    assert [f["location"] for f in method["response_fields"]] == ["id"]
    (tmp_path / "models/card.yml").write_text("{type: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not YAML or JSON"):
        import_files(tmp_path / "spec.yml", "cards", None, tmp_path / "out")
