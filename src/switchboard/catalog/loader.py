"""Read connector definitions from YAML, reporting bad files with the file and the key path."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import ValidationError

from switchboard.catalog.models import ConnectorDef
from switchboard.errors import ConfigurationError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "connectors"
# Parsed YAML kept as JSON, keyed by the file's hash: libyaml takes over a second for the
# imported connectors (megabytes of YAML) and every worker and CLI command loads them all.
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "switchboard" / "connectors"


def connector_files(directories: Iterable[Path]) -> list[Path]:
    """Every ``*/connector.yaml`` below the given folders, in a stable order."""
    files: list[Path] = []
    for directory in directories:
        files.extend(sorted(directory.glob("*/connector.yaml")))
    return files


def load_connector(path: Path) -> ConnectorDef:
    """Parse and validate one definition; errors name the file and the path of each bad key."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read connector definition: {exc}") from exc
    return validate(path, load_raw(path, text))


def load_raw(path: Path, text: bytes) -> dict[str, Any]:
    """The YAML mapping in ``text`` (read from ``path``), not yet validated."""
    try:
        raw = _parse(text)
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: cannot read connector definition: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{path}: a connector definition must be a mapping")
    return raw


def validate(path: Path, raw: dict[str, Any]) -> ConnectorDef:
    """``raw`` as a definition, knowing its folder; errors name the file and the path of each bad key."""
    try:
        return ConnectorDef.model_validate(raw).located(path.parent)
    except ValidationError as exc:
        raise ConfigurationError(f"{path}: invalid connector definition:\n{_describe(exc, raw)}") from exc


def _parse(text: bytes) -> Any:
    """The YAML document in ``text``, from the parse cache when this exact text was parsed before."""
    cached = CACHE_DIR / f"{hashlib.sha256(text).hexdigest()}.json"
    try:
        return orjson.loads(cached.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        pass
    # libyaml's loader when present: the imported connectors are megabytes of YAML.
    raw: Any = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE_DIR, delete=False, suffix=".tmp") as handle:
            handle.write(orjson.dumps(raw, option=orjson.OPT_PASSTHROUGH_DATETIME))
        os.replace(handle.name, cached)  # atomic: a concurrent reader sees all of it or nothing
    except (OSError, TypeError):
        pass  # a read-only home, or a value JSON cannot hold (a YAML date): parse again next time
    return raw


def load_connectors(directories: Iterable[Path]) -> list[ConnectorDef]:
    """Every definition below the given folders; a key used twice is an error."""
    connectors: dict[str, tuple[Path, ConnectorDef]] = {}
    for path in connector_files(directories):
        connector = load_connector(path)
        if connector.key in connectors:
            raise ConfigurationError(
                f"{path}: connector key {connector.key!r} is already defined in {connectors[connector.key][0]}"
            )
        connectors[connector.key] = (path, connector)
    return [c for _, c in connectors.values()]


def _describe(exc: ValidationError, raw: Any) -> str:
    lines = []
    for error in exc.errors():
        lines.append(f"  {_location(error['loc'], raw)}: {error['msg']}")
    return "\n".join(lines)


def _location(loc: tuple[int | str, ...], raw: Any) -> str:
    """``methods[3] (Get person).parameters[0].colour``: indexes, with method names for humans."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and "name" in node and out.startswith("methods") and out.count("[") == 1:
                out += f" ({node['name']})"
        else:
            if part in {
                "api_key",
                "oauth2",
                "client_credentials",
                "page_number",
                "cursor_link",
                "link_header",
                "cursor",
                "offset",
                "ddl",
                "raw_http",
                "page_depth",
            }:
                continue  # pydantic's discriminator tag, not a key of the file
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"
