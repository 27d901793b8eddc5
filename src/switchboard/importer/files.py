"""The importer on files: read a spec and an overlay, write ``DIR/KEY/connector.yaml``, describe the report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from switchboard.errors import ConfigurationError
from switchboard.importer.build import ImportResult, Progress, import_connector
from switchboard.importer.limits import ImportLimits
from switchboard.importer.overlay import Overlay, parse_overlay
from switchboard.importer.spec import Beside, Warnings, parse_document, parse_part, seen_from

OVERLAY_SCHEMA_PATH = Path(__file__).with_name("overlay.schema.json")


def import_files(
    spec: Path,
    key: str,
    overlay: Path | None,
    out: Path,
    limits: ImportLimits | None = None,
    progress: Progress | None = None,
    root: Path | None = None,
) -> tuple[Path, ImportResult]:
    """Import ``spec`` (with ``overlay``) and write the connector; the file written and the result. The files
    its references name are read from its folder, or from ``root``, a wider folder holding it."""
    limits = limits or ImportLimits()
    warnings: Warnings = []
    document, beside = read_spec(spec, limits, root, warnings)
    layer = parse_overlay(_read(overlay, limits), str(overlay)) if overlay else None
    result = import_connector(document, key, layer, source=spec.name, limits=limits, progress=progress, beside=beside)
    result.report.warnings += warnings  # the files beside are read during the import: all are in by now
    target = out / key / "connector.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    return target, result


def read_spec(
    spec: Path, limits: ImportLimits, root: Path | None = None, warnings: Warnings | None = None
) -> tuple[dict[str, Any], Beside]:
    """The spec's document and the reader of the files its references name: from its folder, or from
    ``root``, a wider folder holding it. What reading them warns of goes to ``warnings``."""
    document = parse_document(_read(spec, limits), str(spec), warnings)
    if root is None:
        return document, files_in(spec.parent, limits, warnings)
    place, folder = spec.resolve(), root.resolve()
    if not place.is_relative_to(folder):
        raise ConfigurationError(f"{spec}: not inside {root}, the folder its references would be read from")
    return seen_from(document, place.relative_to(folder).as_posix()), files_in(root, limits, warnings)


def files_in(folder: Path, limits: ImportLimits, warnings: Warnings | None = None) -> Beside:
    """Documents other files' references name, read by their path from ``folder`` (each within ``limits``)."""
    root = folder.resolve()

    def read(name: str) -> dict[str, Any] | list[Any] | None:
        path = folder / name
        # Inside the folder only: no absolute path, no way above it, no link out of it.
        if "\\" in name or not path.resolve().is_relative_to(root) or not path.is_file():
            return None
        document = parse_part(_read(path, limits), str(path), warnings)
        limits.check_document(document, str(path))  # the same bounds as the spec's: depth, alias expansion
        return document if isinstance(document, dict | list) else None  # a list: Storyblok's shared servers

    return read


def _read(path: Path, limits: ImportLimits) -> str:
    """The file's text, its size checked before it is read."""
    limits.check_size(path.stat().st_size, str(path))
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded)") from None


# C0 and C1 control characters (the escape that starts a terminal code among them), DEL, and the
# Unicode line and paragraph separators: text from a spec must not drive the reader's terminal.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with each control character shown as its escape (``\\x1b``), harmless on a terminal."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def report_lines(result: ImportResult) -> list[str]:
    """The report as lines: counts, then each skipped operation and each note with its reason.

    Names and reasons quote the spec: control characters in them are escaped (``printable``).
    """
    report = result.report
    lines = [
        f"{report.operations} operations: {len(report.mapped)} mapped to methods, {len(report.skipped)} skipped; "
        f"{len(result.definition.methods)} methods written"
    ]
    lines += [f"warning {what}: {why}" for what, why in report.warnings]
    lines += [f"skipped {what}: {why}" for what, why in report.skipped]
    lines += [f"note {what}: {why}" for what, why in report.notes]
    return [printable(line) for line in lines]


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
