"""Connector files compiled once: the definition without its methods, each method kept compressed until used.

Validating every method of fifty connectors (tens of thousands) took seconds and hundreds of MB at
each start. A file is validated whole once, the first time its content is seen; what a start needs
goes into a file in the cache folder, named by the file's hash and the models' fingerprint: an index
(msgpack: the definition without methods, each method's unique id, whether it is a lookup, where its
bytes end), then the methods' identities (what their ids derive from), then each method's JSON
compressed. A start reads the index; the rest stays in the file, mapped into memory, and is read when
ids are allocated or a method is first used (the registry validates it then): the compressed methods
of the built-in library alone are 11 MB a process would otherwise hold (issue 24).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import site
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeAlias, overload

import msgspec
import orjson

from switchboard.catalog.loader import CACHE_DIR, connector_files, load_connector, load_raw, validate
from switchboard.catalog.models import ConnectorDef, MethodDef
from switchboard.catalog.models.connector import METHODS_CHECKED, is_lookup
from switchboard.errors import ConfigurationError

_FORMAT = b"compiled-3"
COMPILED_DIR = CACHE_DIR.parent / "compiled"
_APART_BYTES = 1 << 20  # new YAML from which compiling runs apart: below it a child's start costs more
_APART_SECONDS = 600.0
_SOURCE_ROOT = Path(__file__).resolve().parents[2]  # where ``switchboard`` is imported from


# A method's identity: its parameters' targets, its fields' and its response fields' locations.
Identity = tuple[list[str], list[str], list[str]]


def identity(method: MethodDef) -> Identity:
    return (
        [p.target for p in method.parameters],
        [f.location for f in method.fields],
        [f.location for f in method.response_fields],
    )


class _Index(msgspec.Struct, array_like=True):
    """A compiled file's start: what the registry reads at every start."""

    head: dict[str, Any]
    uids: list[str]
    lookups: list[bool]
    identities_end: int  # the body's first bytes: list[Identity], decoded only when ids are allocated
    ends: bytes  # int64s: where each method's zlib-compressed JSON ends in the body


_LENGTH = struct.Struct("<I")  # the index's length, before it
Body = bytes | mmap.mmap  # the file's bytes: mapped, or in memory when the cache folder cannot be written
# A compiled file as a start uses it: its index, its bytes, where the body starts, where each method ends.
Stored: TypeAlias = "tuple[_Index, Body, int, array[int]]"  # a string: array is not subscriptable at run time


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
    """Every connector below the folders, compiled; a key used twice is an error (as ``load_connectors``).

    Files whose content is new are compiled in child processes first, when there is much of it: a
    process that parses 27 MB of YAML keeps 50 MB more for good (its heap's freed pages stay its
    own), and the server is such a process at its first start after an install or upgrade.
    """
    paths = connector_files(directories)
    ready = [compile_file(path, here=False) for path in paths]
    compile_apart([path for path, connector in zip(paths, ready, strict=True) if connector is None])
    found: dict[str, tuple[Path, Compiled]] = {}
    for path, ready_connector in zip(paths, ready, strict=True):
        connector = ready_connector or compile_file(path)
        key = connector.definition.key
        if key in found:
            raise ConfigurationError(f"{path}: connector key {key!r} is already defined in {found[key][0]}")
        found[key] = (path, connector)
    return [c for _, c in found.values()]


@overload
def compile_file(path: Path) -> Compiled: ...
@overload
def compile_file(path: Path, *, here: bool) -> Compiled | None: ...
def compile_file(path: Path, *, here: bool = True) -> Compiled | None:
    """One file from its compiled form, compiling it first when its content is new (None: not ``here``)."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read connector definition: {exc}") from exc
    digest = hashlib.sha256(_fingerprint() + text).digest()
    cached = COMPILED_DIR / f"{digest.hex()}.msgpack"
    stored = _read(cached)
    if stored is None and not here:
        return None
    stored = stored or _compile(path, text, cached)
    if stored is None:
        return whole(load_connector(path))
    index, body, start, ends = stored
    head = ConnectorDef.model_validate(index.head | {"methods": []}, context=METHODS_CHECKED)
    return Compiled(
        head.located(path.parent),
        index.uids,
        index.lookups,
        lambda: msgspec.msgpack.decode(_slice(cached, body, start, index.identities_end), type=list[Identity]),
        _loader(body, start, index.identities_end, ends),
        digest,
    )


def _read(cached: Path) -> Stored | None:
    """A compiled file's index, read, and the file mapped into memory; None when missing or damaged.

    The index is read rather than taken from the mapping: a touch of a mapped page maps its
    neighbours too (the kernel's fault-around), and the rest of the file would be resident at once.
    """
    try:
        with cached.open("rb") as handle:
            (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
            index = _index(handle.read(length))
            body = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, struct.error):  # ValueError: an empty file cannot be mapped
        return None
    return _checked(index, body, _LENGTH.size + length)


def _slice(cached: Path, body: Body, start: int, length: int) -> bytes:
    """Bytes of a compiled file, read from it: touched through the mapping, their neighbours would stay resident."""
    if isinstance(body, mmap.mmap):
        with contextlib.suppress(OSError), cached.open("rb") as handle:
            handle.seek(start)
            if len(data := handle.read(length)) == length:
                return data
    return body[start : start + length]  # the file is gone (a cleared cache): the mapping still holds it


def _parse(content: bytes) -> Stored | None:
    (length,) = _LENGTH.unpack_from(content)
    start = _LENGTH.size + length
    return _checked(_index(content[_LENGTH.size : start]), content, start)


def _index(data: bytes) -> _Index | None:
    try:
        return msgspec.msgpack.decode(data, type=_Index)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def _checked(index: _Index | None, body: Body, start: int) -> Stored | None:
    """None for a file cut short or damaged: it is compiled again."""
    if index is None or len(index.ends) != 8 * len(index.uids):
        return None
    ends = array("q", index.ends)
    complete = start + (ends[-1] if ends else index.identities_end) == len(body)
    return (index, body, start, ends) if complete else None


def _compile(path: Path, text: bytes, cached: Path) -> Stored | None:
    """The file validated whole and written compiled; None when JSON cannot hold it (a YAML date)."""
    raw = load_raw(path, text)
    methods = validate(path, raw).methods
    try:
        blobs = [zlib.compress(orjson.dumps(m)) for m in raw["methods"]]
    except TypeError:
        return None
    identities = msgspec.msgpack.encode([identity(m) for m in methods])
    ends, end = array("q"), len(identities)
    for blob in blobs:
        end += len(blob)
        ends.append(end)
    head = {k: v for k, v in raw.items() if k != "methods"}
    uids, lookups = [str(m.unique_id) for m in methods], [is_lookup(m) for m in methods]
    index = msgspec.msgpack.encode(_Index(head, uids, lookups, len(identities), ends.tobytes()))
    content = b"".join([_LENGTH.pack(len(index)), index, identities, *blobs])
    _write(cached, content)
    return _read(cached) or _parse(content)  # mapped once written: the bytes are not kept


def compile_apart(paths: list[Path]) -> int:
    """The files compiled into the cache by child processes, one per core; what fails is compiled later, here.

    Returns how many children ran: none for a little YAML, or when the cache folder cannot be written
    (what the children compiled would be lost, and compiled here again).
    """
    sizes = {path: path.stat().st_size if path.exists() else 0 for path in paths}
    if sum(sizes.values()) < _APART_BYTES or not _writable(COMPILED_DIR):
        return 0
    buckets: list[list[str]] = [[] for _ in range(min(len(paths), len(os.sched_getaffinity(0))))]
    loads = [0] * len(buckets)
    for path in sorted(paths, key=sizes.__getitem__, reverse=True):
        lightest = loads.index(min(loads))
        buckets[lightest].append(str(path))
        loads[lightest] += sizes[path]
    env = dict(os.environ)
    if str(_SOURCE_ROOT) not in site.getsitepackages():  # a source checkout: the children import this one
        env["PYTHONPATH"] = os.pathsep.join([str(_SOURCE_ROOT), *filter(None, [env.get("PYTHONPATH")])])
    deadline = time.monotonic() + _APART_SECONDS
    children: list[subprocess.Popen[bytes]] = []
    try:
        for bucket in buckets:
            command = [sys.executable, "-m", "switchboard.catalog", str(COMPILED_DIR), *bucket]
            children.append(subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL))  # noqa: S603 - this interpreter, our own module
        for child in children:
            child.wait(max(0.0, deadline - time.monotonic()))
    except (OSError, subprocess.TimeoutExpired):
        pass  # compiled here instead
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    return len(children)


def _writable(folder: Path) -> bool:
    """Whether ``folder`` can be written, or made where it is missing."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


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


def _loader(body: Body, start: int, first: int, ends: array[int]) -> Callable[[int], MethodDef]:
    def load(index: int) -> MethodDef:
        begin = start + (ends[index - 1] if index else first)
        return MethodDef.model_validate_json(zlib.decompress(body[begin : start + ends[index]]))

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
