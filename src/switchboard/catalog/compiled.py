"""Connector files compiled once: the definition without its methods, each method kept compressed until used.

Validating every method of fifty connectors (tens of thousands) took seconds and hundreds of MB at
each start. A file is validated whole once, the first time its content is seen; what a start needs
goes into a msgpack file in the cache folder, named by the file's hash and the models' fingerprint:
the definition without methods, and per method its identity (what its ids derive from), whether it
is a lookup, and its JSON compressed. The registry validates a method when it is first used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import msgspec
import orjson

from switchboard.catalog.loader import CACHE_DIR, connector_files, load_connector, load_raw, validate
from switchboard.catalog.models import ConnectorDef, MethodDef
from switchboard.catalog.models.connector import METHODS_CHECKED, is_lookup
from switchboard.errors import ConfigurationError

_FORMAT = b"compiled-2"
COMPILED_DIR = CACHE_DIR.parent / "compiled"


# A method's identity: its parameters' targets, its fields' and its response fields' locations.
Identity = tuple[list[str], list[str], list[str]]


def identity(method: MethodDef) -> Identity:
    return (
        [p.target for p in method.parameters],
        [f.location for f in method.fields],
        [f.location for f in method.response_fields],
    )


class _File(msgspec.Struct, array_like=True):
    head: dict[str, Any]
    uids: list[str]
    lookups: list[bool]
    blobs: list[bytes]  # each method's JSON, zlib-compressed
    identities: msgspec.Raw  # list[Identity], decoded only when ids are allocated


class ConnectorIds(msgspec.Struct, array_like=True):
    """One connector's allocated ids: its own, its properties', and its methods' as a flat int64 array."""

    connector: int
    properties: list[int]
    methods: bytes


@dataclass(frozen=True)
class Compiled:
    """One connector: its definition (methods left out when ``load`` reads them) and what ids need."""

    definition: ConnectorDef
    uids: list[str]
    lookups: list[bool]
    identities: Callable[[], list[Identity]]
    load: Callable[[int], MethodDef]
    digest: bytes = b""  # the compiled file's: the same digest, the same connector


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
    digest = hashlib.sha256(_fingerprint() + text).digest()
    cached = COMPILED_DIR / f"{digest.hex()}.msgpack"
    try:
        stored: _File | None = msgspec.msgpack.decode(cached.read_bytes(), type=_File)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        stored = _compile(path, text, cached)
    if stored is None:
        return whole(load_connector(path))
    head = ConnectorDef.model_validate(stored.head | {"methods": []}, context=METHODS_CHECKED)
    # A copy: msgspec's Raw is a view that would keep the whole file's bytes alive.
    identities = bytes(stored.identities)
    return Compiled(
        head.located(path.parent),
        stored.uids,
        stored.lookups,
        lambda: msgspec.msgpack.decode(identities, type=list[Identity]),
        _loader(stored.blobs),
        digest,
    )


def _compile(path: Path, text: bytes, cached: Path) -> _File | None:
    """The file validated whole and written compiled; None when JSON cannot hold it (a YAML date)."""
    raw = load_raw(path, text)
    methods = validate(path, raw).methods
    try:
        blobs = [zlib.compress(orjson.dumps(m)) for m in raw["methods"]]
    except TypeError:
        return None
    head = {k: v for k, v in raw.items() if k != "methods"}
    uids, lookups = [str(m.unique_id) for m in methods], [is_lookup(m) for m in methods]
    compiled = _File(head, uids, lookups, blobs, msgspec.Raw(msgspec.msgpack.encode([identity(m) for m in methods])))
    _write(cached, msgspec.msgpack.encode(compiled))
    return compiled


def whole(definition: ConnectorDef) -> Compiled:
    """A definition already validated, methods and all (tests, ``Registry(definitions)``)."""
    methods = definition.methods
    uids, lookups = [str(m.unique_id) for m in methods], [is_lookup(m) for m in methods]
    return Compiled(definition, uids, lookups, lambda: [identity(m) for m in methods], methods.__getitem__)


def stored_ids(digest: bytes) -> list[ConnectorIds] | None:
    """The ids allocated for the catalogue of this digest, when a start has stored them."""
    try:
        text = (COMPILED_DIR / f"ids-{digest.hex()}.msgpack").read_bytes()
        return msgspec.msgpack.decode(text, type=list[ConnectorIds])
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def store_ids(digest: bytes, ids: list[ConnectorIds]) -> None:
    _write(COMPILED_DIR / f"ids-{digest.hex()}.msgpack", msgspec.msgpack.encode(ids))


def _write(target: Path, content: bytes) -> None:
    try:
        COMPILED_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=COMPILED_DIR, delete=False, suffix=".tmp") as handle:
            handle.write(content)
        os.replace(handle.name, target)  # atomic: a concurrent start reads all of it or nothing
    except OSError:
        pass  # a read-only cache folder: compiled again at the next start


def _loader(blobs: list[bytes]) -> Callable[[int], MethodDef]:
    def load(index: int) -> MethodDef:
        return MethodDef.model_validate_json(zlib.decompress(blobs[index]))

    return load


@cache
def _fingerprint() -> bytes:
    """The models' source, the release and the format: a change to any compiles every file again."""
    models = Path(__file__).with_name("models")
    digest = hashlib.sha256(_FORMAT)
    # An install without the models' source (bytecode only) still compiles again on upgrade.
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("switchboard").encode())
    for source in sorted(models.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()
