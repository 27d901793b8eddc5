"""Connector files compiled once: the definition without its methods, each method kept compressed until used.

Validating every method of fifty connectors (tens of thousands) took seconds and hundreds of MB at
each start. A file is validated whole once, the first time its content is seen; what a start needs
goes into a msgpack file in the cache folder, named by the file's hash and the models' fingerprint:
the definition without methods, and per method its identity (what its ids derive from), whether it
is a lookup, and its JSON compressed. The registry validates a method when it is first used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import orjson

from switchboard.catalog.loader import CACHE_DIR, connector_files, load_raw, validate
from switchboard.catalog.models import ConnectorDef, MethodDef
from switchboard.catalog.models.connector import METHODS_CHECKED, is_lookup
from switchboard.errors import ConfigurationError

_FORMAT = b"compiled-1"
COMPILED_DIR = CACHE_DIR.parent / "compiled"


class MethodRow(msgspec.Struct, array_like=True, frozen=True):
    """What the registry needs of a method before it is used: its ids' identity, and its JSON."""

    unique_id: str
    lookup: bool
    targets: list[str]
    locations: list[str]
    responses: list[str]
    blob: bytes  # the method as JSON, zlib-compressed; empty when the definition is kept whole

    @classmethod
    def of(cls, method: MethodDef, blob: bytes = b"") -> MethodRow:
        return cls(
            str(method.unique_id),
            is_lookup(method),
            [p.target for p in method.parameters],
            [f.location for f in method.fields],
            [f.location for f in method.response_fields],
            blob,
        )


class _File(msgspec.Struct, array_like=True):
    head: dict[str, Any]
    rows: list[MethodRow]


@dataclass(frozen=True)
class Compiled:
    """One connector: its definition (methods left out when ``load`` reads them) and its method rows."""

    definition: ConnectorDef
    rows: list[MethodRow]
    load: Callable[[int], MethodDef]


def compiled_connectors(directories: Iterable[Path]) -> list[Compiled]:
    """Every connector below the folders, compiled; a key used twice is an error (as ``load_connectors``)."""
    found: dict[str, tuple[Path, Compiled]] = {}
    for path in connector_files(directories):
        connector = compile_file(path)
        key = connector.definition.key
        if key in found:
            raise ConfigurationError(f"{path}: connector key {key!r} is already defined in {found[key][0]}")
        found[key] = (path, connector)
    return [c for _, c in found.values()]


def compile_file(path: Path) -> Compiled:
    """One file from its compiled form, compiling it first when its content is new."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read connector definition: {exc}") from exc
    cached = COMPILED_DIR / f"{hashlib.sha256(_fingerprint() + text).hexdigest()}.msgpack"
    try:
        stored = msgspec.msgpack.decode(cached.read_bytes(), type=_File)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return _compile(path, text, cached)
    head = ConnectorDef.model_validate(stored.head | {"methods": []}, context=METHODS_CHECKED)
    return Compiled(head.located(path.parent), stored.rows, _loader(stored.rows))


def _compile(path: Path, text: bytes, cached: Path) -> Compiled:
    raw = load_raw(path, text)
    definition = validate(path, raw)
    try:
        rows = [
            MethodRow.of(method, zlib.compress(orjson.dumps(raw_method)))
            for method, raw_method in zip(definition.methods, raw["methods"], strict=True)
        ]
    except TypeError:  # a value JSON cannot hold (a YAML date): keep this definition whole
        return _whole(definition)
    head = {k: v for k, v in raw.items() if k != "methods"}
    try:
        COMPILED_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=COMPILED_DIR, delete=False, suffix=".tmp") as handle:
            handle.write(msgspec.msgpack.encode(_File(head, rows)))
        os.replace(handle.name, cached)  # atomic: a concurrent start reads all of it or nothing
    except (OSError, TypeError):
        pass  # a read-only cache folder: compiled again at the next start
    head_definition = ConnectorDef.model_validate(head | {"methods": []}, context=METHODS_CHECKED)
    return Compiled(head_definition.located(path.parent), rows, _loader(rows))


def _whole(definition: ConnectorDef) -> Compiled:
    methods = definition.methods
    return Compiled(definition, [MethodRow.of(m) for m in methods], methods.__getitem__)


def whole(definition: ConnectorDef) -> Compiled:
    """A definition already validated, methods and all (tests, and ``Registry(definitions)``)."""
    return _whole(definition)


def _loader(rows: list[MethodRow]) -> Callable[[int], MethodDef]:
    def load(index: int) -> MethodDef:
        return MethodDef.model_validate_json(zlib.decompress(rows[index].blob))

    return load


@cache
def _fingerprint() -> bytes:
    """The models' source and the format: a change to either compiles every file again."""
    models = Path(__file__).with_name("models")
    digest = hashlib.sha256(_FORMAT)
    for source in sorted(models.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()
