"""A YAML spec that writes a key twice in one mapping, at the top or deep in an operation: it is read as before,
the last value kept, and the import report warns of each such key with its line, in the spec and in a file beside."""

from __future__ import annotations

from pathlib import Path

from switchboard.importer.files import import_files, report_lines

SPEC = """\
openapi: 3.0.3
info: {title: Files, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /files:
    get:
      summary: List files
      summary: List every file
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "common.yaml#/File"}}}
info: {title: Files again, version: "2"}
"""
COMMON = """\
File:
  type: object
  properties:
    id: {type: string}
  type: object
"""


def test_a_key_written_twice_is_kept_last_and_warned_of_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "common.yaml").write_text(COMMON, encoding="utf-8")
    _, result = import_files(tmp_path / "spec.yaml", "files", None, tmp_path / "out")
    (method,) = result.definition.methods
    assert method.name == "List every file" and result.definition.name == "Files again"
    warned = [f"{what}: {why}" for what, why in result.report.warnings]
    assert len(warned) == 3, warned
    assert any("spec.yaml line 8" in w and "'summary'" in w for w in warned), warned
    assert any("spec.yaml line 13" in w and "'info'" in w for w in warned), warned
    assert any("common.yaml line 5" in w and "'type'" in w for w in warned), warned
    assert sum(line.startswith("warning ") for line in report_lines(result)) == 3


MERGED = """\
openapi: 3.0.3
info: {title: Merged, version: "1"}
servers: [{url: "https://api.example.com"}]
x-base: &base {summary: List files, description: Every file}
x-mid: &mid {<<: *base, summary: List the files}
x-keys: {1: one, "1": uno}
paths:
  /files:
    get:
      <<: *mid
      responses:
        "200": {description: ok}
"""


def test_keys_a_merge_brings_or_of_another_type_are_no_doubles(tmp_path: Path) -> None:
    # A mapping overriding what ``<<: *base`` brings, and 1 beside "1", are written once each: nothing to warn of.
    (tmp_path / "spec.yaml").write_text(MERGED, encoding="utf-8")
    _, result = import_files(tmp_path / "spec.yaml", "merged", None, tmp_path / "out")
    (method,) = result.definition.methods
    assert method.name == "List the files"
    assert result.report.warnings == []
