"""The three ways a call's inputs arrive, one class each, all bound to ``BoundInputs`` by the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Method
from switchboard.engine.inputs.binding import BoundInputs, bind_by_id, bind_by_name, bind_query
from switchboard.engine.inputs.bodies import parse_request_body


class CallInputs(Protocol):
    """A caller's values, not yet checked against the method."""

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        """Validated inputs, or an ``InputError`` naming the element."""
        ...


@dataclass(frozen=True, slots=True)
class InputsById:
    """``POST .../methods/{id}``: Parameters, Mergefields and Fields keyed by numeric Id."""

    parameters: Mapping[str, Any] | None = None
    mergefields: Mapping[str, Any] | None = None
    fields: Mapping[str, Any] | None = None

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        return bind_by_id(method, self.parameters, self.mergefields, self.fields)


@dataclass(frozen=True, slots=True)
class InputsByName:
    """``POST .../methods/{id}/body``: a RequestBody string, Parameters and Mergefields keyed by TargetName."""

    request_body: str | None = None
    parameters: Mapping[str, Any] | None = None
    mergefields: Mapping[str, Any] | None = None

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        tree = parse_request_body(self.request_body, method.definition.body_format or connector.body_format)
        return bind_by_name(method, self.parameters, self.mergefields, tree)


@dataclass(frozen=True, slots=True)
class InputsByQuery:
    """The legacy GET: query-string keys that are Ids, TargetNames or Locations."""

    query: Mapping[str, str]

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        return bind_query(method, self.query)
