"""The catalogue: connector definitions with stable numeric ids for everything callers address.

Ids are derived from each element's identity (connector key; method unique id; parameter
target; field location), so every process on every host computes the same ids without
coordination, and an element keeps its id across restarts and releases as long as its
identity is unchanged. Collisions are resolved deterministically (in identity order).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from switchboard.catalog.loader import BUILTIN_DIR, connector_files, load_connectors
from switchboard.catalog.models import (
    ConnectorDef,
    FieldDef,
    MethodDef,
    PaginationDef,
    ParameterDef,
    ResponseFieldDef,
)
from switchboard.catalog.urls import apply_upstream_overrides
from switchboard.errors import NotFound, RequestError

_CONNECTOR_IDS = (1_000, 9_999)
_METHOD_IDS = (100_000, 9_999_999)
_ELEMENT_IDS = (10_000_000, 99_999_999)  # parameters and fields share one space: never equal


@dataclass(frozen=True, slots=True)
class Parameter:
    id: int
    definition: ParameterDef


@dataclass(frozen=True, slots=True)
class RequestField:
    id: int
    definition: FieldDef


@dataclass(frozen=True, slots=True)
class ResponseField:
    id: int
    definition: ResponseFieldDef


@dataclass(frozen=True, eq=False)
class Method:
    """A method with its ids and lookups, ready for binding inputs."""

    id: int
    connector_key: str
    definition: MethodDef
    parameters: tuple[Parameter, ...]
    fields: tuple[RequestField, ...]
    response_fields: tuple[ResponseField, ...]
    pagination: PaginationDef | None
    parameter_by_id: dict[int, Parameter] = field(repr=False)
    parameter_by_target: dict[str, Parameter] = field(repr=False)
    field_by_id: dict[int, RequestField] = field(repr=False)
    field_by_location: dict[str, RequestField] = field(repr=False)

    @property
    def unique_id(self) -> str:
        return str(self.definition.unique_id)

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True, eq=False)
class Connector:
    """A connector definition with its id and its methods."""

    id: int
    definition: ConnectorDef
    methods: tuple[Method, ...]
    method_by_id: dict[int, Method] = field(repr=False)
    method_by_uid: dict[str, Method] = field(repr=False)

    @property
    def key(self) -> str:
        return self.definition.key

    def method(self, ref: str) -> Method:
        """A method by numeric id or MethodUniqueIdentifier; ``NotFound`` otherwise.

        A ref that is neither digits nor a GUID is a 400, as Cyclr answers a malformed GUID.
        """
        method = None
        if ref.isascii() and ref.isdigit():
            method = self.method_by_id.get(int(ref))
        elif not _is_guid(ref):
            raise RequestError(
                f"Method '{ref}' is neither a method Id nor a MethodUniqueIdentifier (a GUID such as "
                "8f8df8ef-3007-11e7-a033-06abe76375dd)"
            )
        if method is None:
            method = self.method_by_uid.get(ref.lower())
        if method is None:
            raise NotFound(f"Method {ref} was not found on connector {self.definition.name}")
        return method


def _is_guid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class Registry:
    """Every connector, by id and by key."""

    def __init__(self, definitions: Sequence[ConnectorDef], custom: Iterable[str] = ()) -> None:
        ids = _IdAllocator()
        # Keys of the connectors a deployment added (``connector_dirs``): Cyclr's custom connectors.
        self.custom = frozenset(custom)
        self.connectors: tuple[Connector, ...] = tuple(
            sorted((_build(d, ids) for d in definitions), key=lambda c: c.definition.name.lower())
        )
        self.by_id = {c.id: c for c in self.connectors}
        self.by_key = {c.key: c for c in self.connectors}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), upstream_overrides: Mapping[str, str] | None = None) -> Registry:
        """The built-in connectors plus any in ``extra_dirs``.

        ``upstream_overrides`` (connector key -> origin, ``Settings.upstream_overrides``) moves
        those connectors' base and OAuth2 URLs to another host, such as an emulator. Ids do not
        depend on URLs, so they are the same with or without overrides.
        """
        definitions = load_connectors([BUILTIN_DIR, *extra_dirs])
        # Definitions come in folder order: the built-in ones first, then those of extra_dirs.
        custom = [d.key for d in definitions[len(connector_files([BUILTIN_DIR])) :]]
        return cls(apply_upstream_overrides(definitions, upstream_overrides), custom)

    def connector(self, connector_id: int) -> Connector:
        try:
            return self.by_id[connector_id]
        except KeyError:
            raise NotFound(f"Connector {connector_id} was not found") from None


class _IdAllocator:
    """Hash-derived ids, unique per range; a collision takes the next free hash deterministically."""

    def __init__(self) -> None:
        self._used: dict[tuple[int, int], set[int]] = {}

    def allocate(self, id_range: tuple[int, int], *identity: str) -> int:
        used = self._used.setdefault(id_range, set())
        low, high = id_range
        salt = 0
        while True:
            digest = hashlib.blake2b("\x1f".join((*identity, str(salt))).encode(), digest_size=8).digest()
            candidate = low + int.from_bytes(digest, "big") % (high - low + 1)
            if candidate not in used:
                used.add(candidate)
                return candidate
            salt += 1


def _build(definition: ConnectorDef, ids: _IdAllocator) -> Connector:
    # Allocation order is the identity order, so collision resolution does not depend on file order.
    connector_id = ids.allocate(_CONNECTOR_IDS, "connector", definition.key)
    methods = tuple(
        _build_method(definition, m, ids) for m in sorted(definition.methods, key=lambda m: str(m.unique_id))
    )
    ordered = tuple(sorted(methods, key=lambda m: definition.methods.index(m.definition)))
    return Connector(
        id=connector_id,
        definition=definition,
        methods=ordered,
        method_by_id={m.id: m for m in ordered},
        method_by_uid={m.unique_id: m for m in ordered},
    )


def _build_method(connector: ConnectorDef, method: MethodDef, ids: _IdAllocator) -> Method:
    uid = str(method.unique_id)
    parameters = tuple(
        Parameter(ids.allocate(_ELEMENT_IDS, connector.key, uid, "parameter", p.target), p) for p in method.parameters
    )
    fields = tuple(
        RequestField(ids.allocate(_ELEMENT_IDS, connector.key, uid, "field", f.location), f) for f in method.fields
    )
    response_fields = tuple(
        ResponseField(ids.allocate(_ELEMENT_IDS, connector.key, uid, "response", f.location), f)
        for f in method.response_fields
    )
    pagination = None
    if method.pagination is not None and connector.pagination is not None:
        overrides = method.pagination.model_dump(exclude_none=True)
        pagination = connector.pagination.model_copy(update=overrides)
    return Method(
        id=ids.allocate(_METHOD_IDS, connector.key, "method", uid),
        connector_key=connector.key,
        definition=method,
        parameters=parameters,
        fields=fields,
        response_fields=response_fields,
        pagination=pagination,
        parameter_by_id={p.id: p for p in parameters},
        parameter_by_target={p.definition.target: p for p in parameters},
        field_by_id={f.id: f for f in fields},
        field_by_location={f.definition.location: f for f in fields},
    )
