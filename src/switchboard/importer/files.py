"""The importer on files: read a spec and an overlay, write ``DIR/KEY/connector.yaml``, describe the report."""

from __future__ import annotations

import json
from pathlib import Path

from switchboard.importer.build import ImportResult, import_connector
from switchboard.importer.overlay import Overlay, parse_overlay
from switchboard.importer.spec import parse_document

OVERLAY_SCHEMA_PATH = Path(__file__).with_name("overlay.schema.json")


def import_files(spec: Path, key: str, overlay: Path | None, out: Path) -> tuple[Path, ImportResult]:
    """Import ``spec`` (with ``overlay``) and write the connector; the file written and the result."""
    document = parse_document(spec.read_text(encoding="utf-8"), str(spec))
    layer = parse_overlay(overlay.read_text(encoding="utf-8"), str(overlay)) if overlay else None
    result = import_connector(document, key, layer, source=spec.name)
    target = out / key / "connector.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    return target, result


def report_lines(result: ImportResult) -> list[str]:
    """The report as lines: counts, then each skipped operation and each note with its reason."""
    report = result.report
    lines = [
        f"{report.operations} operations: {len(report.mapped)} mapped to methods, {len(report.skipped)} skipped; "
        f"{len(result.definition.methods)} methods written"
    ]
    lines += [f"skipped {what}: {why}" for what, why in report.skipped]
    lines += [f"note {what}: {why}" for what, why in report.notes]
    return lines


def overlay_json_schema_text() -> str:
    """The overlay's JSON Schema as checked in (two-space indents, sorted keys, a trailing newline)."""
    schema = Overlay.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "Switchboard connector import overlay"
    full = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:switchboard:schema:overlay",
        **schema,
    }
    return json.dumps(full, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
