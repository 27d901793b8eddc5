"""The catalogue: connector definitions with stable numeric ids for everything callers address.

Ids are derived from each element's identity (connector key; method unique id; parameter
target; field location), so every process on every host computes the same ids without
coordination, and an element keeps its id across restarts and releases as long as its
identity is unchanged. Collisions are resolved deterministically (in identity order).
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from switchboard.catalog.compiled import Compiled, ConnectorIds, compiled_connectors, store_ids, stored_ids, whole
from switchboard.catalog.ids import IDS_FORMAT, FlatIds, IdAllocator, MethodIds, allocate, allocation_order
from switchboard.catalog.loader import BUILTIN_DIR, connector_files
from switchboard.catalog.models import (
    AuthDef,
    ConnectorDef,
    FieldDef,
    MethodDef,
    MethodPagination,
    PaginationDef,
    ParameterDef,
    PropertyDef,
    ResponseFieldDef,
)
from switchboard.catalog.urls import apply_upstream_overrides, moved_methods
from switchboard.errors import NotFound, RequestError
from switchboard.invalid import echoed
from switchboard.numbers import is_digits


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

    @functools.cached_property
    def unique_id(self) -> str:  # read several times per call: the UUID's text once per method
        return str(self.definition.unique_id)

    @property
    def name(self) -> str:
        return self.definition.name


class Connector:
    """A connector definition with its id and its methods, each method built on first use.

    Every id is allocated up front (they depend on the whole catalogue); a method's definition is
    validated and its lookups built only when it is first asked for (``catalog/compiled.py``).
    """

    def __init__(self, compiled: Compiled, ids: ConnectorIds, methods: FlatIds) -> None:
        self.id = ids.connector
        self.definition = compiled.definition
        self.properties = tuple(Property(i, p) for i, p in zip(ids.properties, self.definition.properties, strict=True))
        self._load = compiled.load
        self._lookups = [i for i, lookup in enumerate(compiled.lookups) if lookup]
        self._ids = methods
        self._built: dict[int, Method] = {}
        self._index_by_id = {methods.method(i): i for i in range(len(methods))}
        self._index_by_uid = {uid: i for i, uid in enumerate(compiled.uids)}
        self.method_by_id: Mapping[int, Method] = _Lazy(self, self._index_by_id)
        self.method_by_uid: Mapping[str, Method] = _Lazy(self, self._index_by_uid)

    def __repr__(self) -> str:
        return f"Connector(id={self.id}, key={self.key!r})"

    def in_library(self, query: str | None, category: str | None) -> bool:
        """The library's filter (API and console): ``query`` in the name and ``category`` one of its
        categories, both ignoring case and surrounding spaces; left out or empty, no filter."""
        name, wanted = self.definition.name.casefold(), (query or "").strip().casefold()
        if wanted and wanted not in name:
            return False
        kind = (category or "").strip().casefold()
        return not kind or any(kind == c.strip().casefold() for c in self.definition.categories)

    @property
    def method_count(self) -> int:
        return len(self._ids)

    @property
    def method_uids(self) -> Iterable[str]:
        """Every method's MethodUniqueIdentifier, without building the methods."""
        return self._index_by_uid.keys()

    @property
    def methods(self) -> tuple[Method, ...]:
        """Every method in definition order (builds those not yet built)."""
        return tuple(self._method(i) for i in range(len(self._ids)))

    def _method(self, index: int) -> Method:
        method = self._built.get(index)
        if method is None:
            definition = self._load(index)
            method = self._built[index] = _build_method(self.definition, definition, self._ids.of(index))
        return method

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def triggers(self) -> tuple[Method, ...]:
        """The lookup methods (drop-down lists): Cyclr's triggers, each addressed by its method id."""
        return tuple(self._method(i) for i in self._lookups)

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
        if is_digits(ref):
            method = self.method_by_id.get(int(ref))
        elif (method := self.method_by_uid.get(ref.lower())) is None and not _is_guid(ref):  # known: a GUID
            raise RequestError(
                f"Method '{echoed(ref)}' is neither a method Id nor a MethodUniqueIdentifier (a GUID such as "
                "8f8df8ef-3007-11e7-a033-06abe76375dd)"
            )
        if method is None:
            method = self.method_by_uid.get(ref.lower())
        if method is None:
            raise NotFound(f"Method {echoed(ref)} was not found on connector {self.definition.name}")
        return method


def _is_guid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class Registry:
    """Every connector, by id and by key."""

    def __init__(
        self,
        definitions: Sequence[ConnectorDef | Compiled],
        custom: Iterable[str] = (),
        ids: Sequence[ConnectorIds] | None = None,
    ) -> None:
        """``ids``: those a previous start allocated for this very catalogue (``Registry.load``), else allocated."""
        # Keys of the connectors a deployment added (``connector_dirs``): Cyclr's custom connectors.
        self.custom = frozenset(custom)
        compiled = [d if isinstance(d, Compiled) else whole(d) for d in definitions]
        flat = [FlatIds(array("q", i.methods)) for i in ids] if ids is not None else []
        fits = len(flat) == len(compiled) and all(
            len(f) == len(c.uids) and len(i.properties) == len(c.definition.properties)
            for f, c, i in zip(flat, compiled, ids or (), strict=False)
        )
        if ids is None or not fits:
            allocator = IdAllocator()  # one for the catalogue: a collision moves the newer element's id
            made: dict[int, ConnectorIds] = {}
            for index in allocation_order([c.definition.key for c in compiled]):
                made[index] = allocate(compiled[index], allocator)
            ids = [made[index] for index in range(len(compiled))]
            flat = [FlatIds(array("q", i.methods)) for i in ids]
        self.allocated = list(ids)
        self.connectors: tuple[Connector, ...] = tuple(
            sorted(
                (Connector(c, i, f) for c, i, f in zip(compiled, ids, flat, strict=True)),
                key=lambda c: c.definition.name.lower(),
            )
        )
        self.by_id = {c.id: c for c in self.connectors}
        self.by_key = {c.key: c for c in self.connectors}
        self._connector_of_method = {m: c for c in self.connectors for m in c.method_by_id}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), upstream_overrides: Mapping[str, str] | None = None) -> Registry:
        """The built-in connectors plus any in ``extra_dirs``, from their compiled forms (``compiled.py``).

        ``upstream_overrides`` (connector key -> origin, ``Settings.upstream_overrides``) moves
        those connectors' base and OAuth2 URLs to another host, such as an emulator. Ids do not
        depend on URLs, so they are the same with or without overrides; the ids allocated for a
        catalogue are stored beside the compiled files and read back by the next start.
        """
        compiled = compiled_connectors([BUILTIN_DIR, *extra_dirs])
        # Definitions come in folder order: the built-in ones first, then those of extra_dirs.
        custom = [c.definition.key for c in compiled[len(connector_files([BUILTIN_DIR])) :]]
        moved = apply_upstream_overrides([c.definition for c in compiled], upstream_overrides)
        origins = upstream_overrides or {}
        compiled = [
            replace(c, definition=d, load=moved_methods(c.load, origins.get(d.key)))
            for c, d in zip(compiled, moved, strict=True)
        ]
        digest = None
        if all(c.digest for c in compiled):
            digest = hashlib.sha256(b"".join([IDS_FORMAT, *(c.digest for c in compiled)])).digest()
        stored = stored_ids(digest) if digest else None
        registry = cls(compiled, custom, stored)
        if digest and registry.allocated != stored:
            store_ids(digest, registry.allocated)
        return registry

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
        if version is None and is_digits(ref):
            if not 0 < int(ref) < 2**31:  # ids are positive 32-bit numbers: 0 or a huge one names nothing
                rule = f"a connector Id from 1 to {2**31 - 1} or a name"
                raise RequestError(f"Path parameter connector_id must be {rule}, not {ref[:24]}")
            if int(ref) in self.by_id:
                return self.by_id[int(ref)]
        found = self.named(ref, version)
        if not found:
            shown = echoed(f"{ref} {version}" if version is not None else ref)
            raise NotFound(f"Connector {shown} was not found")
        return found[0]

    def method(self, method_id: int) -> tuple[Connector, Method]:
        """A method by its numeric id alone (ids are unique across connectors)."""
        connector = self._connector_of_method.get(method_id)
        if connector is None:
            raise NotFound(f"Method {method_id} was not found")
        return connector, connector.method_by_id[method_id]


def _version(value: str) -> str:
    text = value.strip().casefold()
    return text[1:] if text.startswith("v") else text


class _Lazy(Mapping[Any, Method]):
    """A connector's methods by id or by unique id, each built when it is looked up."""

    def __init__(self, connector: Connector, index: dict[Any, int]) -> None:
        self._connector = connector
        self._index = index

    def __getitem__(self, key: Any) -> Method:
        return self._connector._method(self._index[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _build_method(connector: ConnectorDef, method: MethodDef, ids: MethodIds) -> Method:
    parameters = tuple(Parameter(i, p) for i, p in zip(ids.parameters, method.parameters, strict=True))
    fields = tuple(RequestField(i, f) for i, f in zip(ids.fields, method.fields, strict=True))
    response_fields = tuple(ResponseField(i, f) for i, f in zip(ids.responses, method.response_fields, strict=True))
    pagination = None
    if isinstance(method.pagination, MethodPagination):
        if connector.pagination is not None:
            pagination = connector.pagination.model_copy(update=method.pagination.model_dump(exclude_none=True))
    elif method.pagination is not None:  # a strategy of the method's own
        pagination = method.pagination
    return Method(
        id=ids.method,
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
