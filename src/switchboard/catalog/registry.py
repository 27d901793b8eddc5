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
    AuthDef,
    ConnectorDef,
    FieldDef,
    MethodDef,
    PaginationDef,
    ParameterDef,
    PropertyDef,
    ResponseFieldDef,
)
from switchboard.catalog.models.connector import is_lookup
from switchboard.catalog.urls import apply_upstream_overrides
from switchboard.errors import NotFound, RequestError

_CONNECTOR_IDS = (1_000, 9_999)
_METHOD_IDS = (100_000, 9_999_999)
_ELEMENT_IDS = (10_000_000, 99_999_999)  # parameters and fields share one space: never equal
_PROPERTY_IDS = (100_000_000, 199_999_999)  # a range of their own: adding it moved no other id


@dataclass(frozen=True, slots=True)
class Property:
    """An install-time property (Cyclr's account connector property) with its id."""

    id: int
    definition: PropertyDef


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
    properties: tuple[Property, ...] = ()

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def triggers(self) -> tuple[Method, ...]:
        """The lookup methods (drop-down lists): Cyclr's triggers, each addressed by its method id."""
        return tuple(m for m in self.methods if is_lookup(m.definition))

    def authentication_id(self, auth: AuthDef) -> str:
        """A stable GUID for one of the connector's auth methods (Cyclr's ``AuthenticationId``)."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"switchboard:connector:{self.key}:auth:{auth.type}"))

    def authentication(self, authentication_id: str) -> AuthDef | None:
        wanted = authentication_id.strip().lower()
        return next((a for a in self.definition.auth if self.authentication_id(a) == wanted), None)

    def property_by_id(self, property_id: int) -> Property | None:
        return next((p for p in self.properties if p.id == property_id), None)

    def property_named(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.definition.name == name), None)

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
        self.method_by_id = {m.id: (c, m) for c in self.connectors for m in c.methods}

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

    def named(self, name: str, version: str | None = None) -> list[Connector]:
        """Connectors by name (any case), and by version when given (``v2.0`` matches ``2.0``)."""
        wanted = name.strip().casefold()
        found = [c for c in self.connectors if c.definition.name.casefold() == wanted]
        if version is not None:
            found = [c for c in found if _version(c.definition.version) == _version(version)]
        return found

    def resolve(self, ref: str, version: str | None = None) -> Connector:
        """One connector by a path segment: digits are its Id, anything else its name (then ``version``)."""
        if version is None and ref.isdigit():
            if not 0 < int(ref) < 2**31:  # ids are positive 32-bit numbers: 0 or a huge one names nothing
                raise RequestError(
                    f"connector_id: Input should be a connector Id from 1 to {2**31 - 1} or a name, not {ref}"
                )
            if int(ref) in self.by_id:
                return self.by_id[int(ref)]
        found = self.named(ref, version)
        if not found:
            shown = f"{ref} {version}" if version is not None else ref
            raise NotFound(f"Connector {shown} was not found")
        return found[0]

    def method(self, method_id: int) -> tuple[Connector, Method]:
        """A method by its numeric id alone (ids are unique across connectors)."""
        try:
            return self.method_by_id[method_id]
        except KeyError:
            raise NotFound(f"Method {method_id} was not found") from None


def _version(value: str) -> str:
    text = value.strip().casefold()
    return text[1:] if text.startswith("v") else text


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
    properties = tuple(
        Property(ids.allocate(_PROPERTY_IDS, definition.key, "property", p.name), p) for p in definition.properties
    )
    return Connector(
        id=connector_id,
        definition=definition,
        methods=ordered,
        method_by_id={m.id: m for m in ordered},
        method_by_uid={m.unique_id: m for m in ordered},
        properties=properties,
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
