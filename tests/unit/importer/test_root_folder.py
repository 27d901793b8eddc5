"""A spec that is one file of a tree (OpenSearch's ``spec/namespaces/cat.yaml``, whose schemas are in
``spec/schemas/``) imports whole with ``--root spec``: its references may then read any file under that
folder, never above it. Without it, every operation using ``../schemas/`` was skipped (20 of OpenSearch's 36
namespace files imported no method)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.errors import ConfigurationError
from switchboard.importer.files import import_files

_OK = {"description": "ok"}
CAT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Cat", "version": "1"},
    "servers": [{"url": "https://search.example.com"}],
    "paths": {
        "/_cat/count": {"post": {
            "operationId": "cat.count",
            "parameters": [{"$ref": "#/components/parameters/format"}],
            "requestBody": {"content": {"application/json": {"schema": {
                "$ref": "../schemas/common.yaml#/components/schemas/Query"}}}},
            "responses": {"200": _OK}}},
        "/_cat/health": {"get": {"operationId": "cat.health", "responses": {"200": _OK}}},
    },
    "components": {"parameters": {"format": {"name": "format", "in": "query", "schema": {
        "$ref": "../schemas/common.yaml#/components/schemas/Format"}}}},
}  # fmt: skip
COMMON: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "common", "version": "1"},
    "paths": {},
    "components": {"schemas": {
        # Its own "#/..." references mean its own nodes; "./terms.yaml" is beside it, in schemas/.
        "Query": {"type": "object", "properties": {"match": {"$ref": "#/components/schemas/Match"},
                                                   "terms": {"$ref": "./terms.yaml#/Terms"}}},
        "Match": {"type": "object", "properties": {"field": {"type": "string"}}},
        "Format": {"type": "string", "enum": ["json", "yaml"]},
    }},
}  # fmt: skip
TERMS = {"Terms": {"type": "array", "items": {"type": "string"}}}


def _tree(root: Path) -> Path:
    for name, document in {"schemas/common.yaml": COMMON, "schemas/terms.yaml": TERMS,
                           "namespaces/cat.yaml": CAT, "../secret.yaml": TERMS}.items():  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps(document), encoding="utf-8")
    return root / "namespaces" / "cat.yaml"


def test_with_a_root_the_references_above_the_spec_s_folder_are_read(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "spec")
    _, alone = import_files(spec, "cat", None, tmp_path / "out")
    assert [m.name for m in alone.definition.methods] == ["Cat Health"]
    assert "above the spec's folder" in dict(alone.report.skipped)["POST /_cat/count"]

    _, result = import_files(spec, "cat", None, tmp_path / "out", root=tmp_path / "spec")
    methods = {m.name: m for m in result.definition.methods}
    assert result.report.skipped == []
    count = methods["Cat Count"]
    assert [(f.location, f.type) for f in count.fields] == [("match.field", "string"), ("terms", "array")]
    assert [(p.target, p.values) for p in count.parameters] == [("format", ["json", "yaml"])]


def test_the_root_is_still_a_bound(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "spec")
    escaping = json.loads(json.dumps(CAT))
    escaping["paths"]["/_cat/count"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "../../secret.yaml#/Terms"
    }
    spec.write_text(json.dumps(escaping), encoding="utf-8")
    _, result = import_files(spec, "cat", None, tmp_path / "out", root=tmp_path / "spec")
    assert "above the spec's folder" in dict(result.report.skipped)["POST /_cat/count"]
    with pytest.raises(ConfigurationError, match="not inside"):
        import_files(spec, "cat", None, tmp_path / "out", root=tmp_path / "spec" / "schemas")


def test_the_command_line_takes_the_root(tmp_path: Path) -> None:
    spec = _tree(tmp_path / "spec")
    command = ["connectors", "import", str(spec), "--key", "cat", "--out", str(tmp_path / "out")]
    done = CliRunner().invoke(app, [*command, "--root", str(tmp_path / "spec")])
    assert done.exit_code == 0, done.output
    assert "2 mapped to methods, 0 skipped" in done.output
    refused = CliRunner().invoke(app, [*command, "--root", str(tmp_path / "spec" / "schemas")])
    assert refused.exit_code == 1 and "not inside" in refused.output
