"""The ways a call's inputs arrive, one class each, all bound to ``BoundInputs`` by the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from switchboard.catalog.models import WHOLE_BODY, BodyFormat, ConnectorDef
from switchboard.catalog.registry import Method
from switchboard.engine import paths
from switchboard.engine.inputs.binding import BoundInputs, bind_by_id, bind_by_name, bind_query, validate
from switchboard.engine.inputs.bodies import parse_request_body
from switchboard.engine.inputs.plan import bind_plan
from switchboard.errors import InputError
from switchboard.invalid import echoed


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
        body_format = method.definition.body_format or connector.body_format
        if body_format == "raw":
            # The RequestBody is the body itself: the text, or the base64 of a binary body.
            raw = {} if self.request_body is None or self.request_body == "" else {WHOLE_BODY: self.request_body}
            return bind_by_name(method, self.parameters, self.mergefields, raw)
        whole = next((f.definition for f in method.fields if f.definition.whole_body), None)
        syntax: BodyFormat = "xml" if body_format == "xml" and whole is None else "json"
        # A whole body that is an object: the RequestBody object is that object, not Locations.
        as_is = whole is not None and whole.type == "object"
        tree = parse_request_body(self.request_body, syntax, whole=whole is not None, as_is=as_is)
        return bind_by_name(method, self.parameters, self.mergefields, tree)


@dataclass(frozen=True, slots=True)
class InputsByQuery:
    """The legacy GET: query-string keys that are Ids, TargetNames or Locations."""

    query: Mapping[str, str]

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        return bind_query(method, self.query)


@dataclass(frozen=True, slots=True)
class InputsByArguments:
    """A tool call's arguments as a model sends them: parameters by TargetName, fields nested by Location.

    A key that is no parameter's TargetName belongs to the body; a dotted key (``a.b``) is placed
    as if nested, so both spellings bind. A whole body (``location: "$"``) comes as ``body``.
    Unknown keys are an ``InputError`` naming them.
    """

    arguments: Mapping[str, Any]

    def bind(self, method: Method, connector: ConnectorDef) -> BoundInputs:
        parameters: dict[str, Any] = {}
        body: dict[str, Any] = {}
        plan = bind_plan(method)
        tops = plan.tops
        for key, value in self.arguments.items():
            if key == plan.whole_argument:
                body[WHOLE_BODY] = value
                continue
            if key not in method.parameter_by_target and key.split(".")[0] not in tops:
                whole = [plan.whole_argument] if plan.whole_argument else []
                known = sorted({*method.parameter_by_target, *(tops - {WHOLE_BODY}), *whole})
                raise InputError(
                    f"Unknown argument {echoed(key)}; {method.name} takes: {', '.join(known) or 'no arguments'}",
                    Argument=key,
                )
            if key in method.parameter_by_target:
                parameters[key] = value
            elif "." in key:
                paths.assign(body, key, value)
            else:
                body[key] = value
        return validate(method, parameters, body)
