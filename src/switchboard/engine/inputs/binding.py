"""Bind a call's inputs to a method's definition and validate them.

Three call styles arrive here and leave as one ``BoundInputs``:

* by numeric id (``POST .../methods/{id}``): ``Parameters``/``Mergefields``/``Fields`` keyed by Id;
* by name (``POST .../methods/{id}/body``): ``Parameters``/``Mergefields`` keyed by TargetName
  and a ``RequestBody`` string whose keys are field Locations;
* the legacy GET: query-string keys that are Ids or TargetNames.

Every problem is an ``InputError`` naming the element; nothing is sent upstream on one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from switchboard.catalog.models import WHOLE_BODY
from switchboard.catalog.registry import Method, Parameter, RequestField
from switchboard.engine import paths
from switchboard.engine.inputs.plan import BindPlan, Rule, bind_plan
from switchboard.engine.inputs.values import CoercionError, base64_bytes, coerce, file_value
from switchboard.errors import InputError
from switchboard.invalid import echoed
from switchboard.numbers import is_digits


@dataclass(frozen=True, slots=True)
class BoundInputs:
    """Validated inputs: parameter values by TargetName, and the body tree by Location."""

    parameters: dict[str, Any]
    body: dict[str, Any]


def bind_by_id(
    method: Method,
    parameters: Mapping[str, Any] | None,
    mergefields: Mapping[str, Any] | None,
    fields: Mapping[str, Any] | None,
) -> BoundInputs:
    """Inputs keyed by numeric Id (the ``POST .../methods/{id}`` style); a whole body also by ``$``."""
    values: dict[str, Any] = {}
    for source in (parameters or {}, mergefields or {}):
        for key, value in source.items():
            values[_parameter_by_id(method, key).definition.target] = value
    body: dict[str, Any] = {}
    for key, value in (fields or {}).items():
        if key == WHOLE_BODY and WHOLE_BODY in method.field_by_location:  # the whole body by its Location
            body[WHOLE_BODY] = value
            continue
        field = _field_by_id(method, key)
        paths.assign(body, field.definition.location, value)
    return validate(method, values, body)


def bind_by_name(
    method: Method,
    parameters: Mapping[str, Any] | None,
    mergefields: Mapping[str, Any] | None,
    body: Mapping[str, Any] | None,
) -> BoundInputs:
    """Inputs keyed by TargetName, with the parsed RequestBody (the ``/body`` style)."""
    values: dict[str, Any] = {}
    for source in (parameters or {}, mergefields or {}):
        for key, value in source.items():
            parameter = method.parameter_by_target.get(key)
            if parameter is None:
                raise InputError(
                    f"Unknown parameter {echoed(key)}; {_known_targets(method)}",
                    TargetName=key,
                )
            values[key] = value
    return validate(method, values, dict(body or {}))


def bind_query(method: Method, query: Mapping[str, str]) -> BoundInputs:
    """The legacy GET: each key is a parameter or field Id, a TargetName or a Location."""
    values: dict[str, Any] = {}
    body: dict[str, Any] = {}
    for key, value in query.items():
        if is_digits(key) and int(key) in method.parameter_by_id:
            values[method.parameter_by_id[int(key)].definition.target] = value
        elif is_digits(key) and int(key) in method.field_by_id:
            paths.assign(body, method.field_by_id[int(key)].definition.location, value)
        elif key in method.parameter_by_target:
            values[key] = value
        elif key in method.field_by_location:
            paths.assign(body, key, value)
        else:
            raise InputError(f"Unknown parameter or field {echoed(key)}; {_known_targets(method)}", TargetName=key)
    return validate(method, values, body)


def validate(method: Method, values: dict[str, Any], body: dict[str, Any]) -> BoundInputs:
    """Check presence, types and allowed values; return coerced copies."""
    plan = bind_plan(method)
    parameters: dict[str, Any] = {}
    for rule in plan.parameters:
        value = values.get(rule.key, rule.default)
        if _missing(value, in_path=rule.in_path):
            if rule.required:
                raise InputError(
                    f"Required parameter {rule.element.definition.name} was not provided",
                    ParameterId=rule.element.id,
                    TargetName=rule.key,
                )
            continue
        parameters[rule.key] = _checked(rule, value)
    coerced_body: dict[str, Any] = {}
    if not body:  # nothing to look up: only a required field can fail
        for rule in plan.required_fields:
            _absent(rule)
        return BoundInputs(parameters, coerced_body)
    for rule in plan.fields:
        found, value = paths.lookup(body, rule.key)
        if not found or _missing(value, in_path=False):
            if rule.required:
                _absent(rule)
            if found:
                paths.assign(coerced_body, rule.key, value)  # an explicit null clears the value upstream
            continue
        paths.assign(coerced_body, rule.key, _checked(rule, value))
    _reject_unknown_fields(method, plan, body)
    return BoundInputs(parameters, coerced_body)


def _absent(rule: Rule) -> None:
    raise InputError(
        f"Required field {rule.element.definition.name} was not provided",
        FieldId=rule.element.id,
        Location=rule.key,
    )


def _checked(rule: Rule, value: Any) -> Any:
    element = rule.element
    if rule.key == WHOLE_BODY and rule.data_type in _WHOLE and not _WHOLE[rule.data_type](value):
        # The whole body: a lone value is not wrapped into a list (it would be a different request).
        raise InputError(
            f"{_label(element)} is the whole request body and must be a JSON {rule.data_type}, not {_kind(value)}",
            **_context(element),
        )
    try:
        if rule.binary:  # checked here, decoded when the body is built: a 400 before anything is sent
            file_value(value) if rule.file else base64_bytes(value)
            return value
        coerced = coerce(value, rule.data_type)
    except CoercionError as exc:
        raise InputError(f"{_label(element)} {exc}", **_context(element)) from None
    allowed = rule.allowed
    if allowed is not None and isinstance(coerced, dict):  # an object's member names (a range filter's gt, lt)
        unknown = next((key for key in coerced if key not in rule.allowed_text), None)
        if unknown is not None:
            raise InputError(
                f"{_label(element)} takes the members {', '.join(str(a) for a in allowed)}, not {unknown!r}",
                **_context(element),
            )
    elif allowed is not None:
        candidates = coerced if isinstance(coerced, list) else [coerced]
        for candidate in candidates:
            if candidate not in allowed and str(candidate) not in rule.allowed_text:
                raise InputError(
                    f"{_label(element)} must be one of {', '.join(str(a) for a in allowed)}, not {candidate!r}",
                    **_context(element),
                )
    return coerced


def _reject_unknown_fields(method: Method, plan: BindPlan, body: dict[str, Any]) -> None:
    """Every key of the body must be a field Location, a prefix of one, or inside a free field."""
    locations, free, prefixes = plan.locations, plan.free, plan.prefixes

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            location = f"{prefix}{key}"
            if location in free:
                continue
            if location in locations and not isinstance(value, dict):
                continue
            if (location in prefixes or location in locations) and isinstance(value, dict):
                walk(value, location + ".")
                continue
            if location in locations:
                continue
            known = plan.known_locations
            raise InputError(
                f"Unknown field {echoed(location)} for method {method.name}; known field locations: {known}",
                Location=location,
            )

    walk(body, "")


def _array_like(value: Any) -> bool:
    return isinstance(value, list) or (isinstance(value, str) and value.lstrip().startswith("["))


def _object_like(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, str) and value.lstrip().startswith("{"))


# What a whole body of each JSON container type takes (a string: the JSON text of one, as Cyclr sends values).
_WHOLE = {"array": _array_like, "object": _object_like}


def _kind(value: Any) -> str:
    return {dict: "an object", str: "a string", bool: "a boolean"}.get(type(value), f"a {type(value).__name__}")


def _missing(value: Any, *, in_path: bool) -> bool:
    # An empty path segment would change which resource is addressed: treat it as absent.
    return value is None or (in_path and isinstance(value, str) and not value.strip())


def _label(element: Parameter | RequestField) -> str:
    kind = "Parameter" if isinstance(element, Parameter) else "Field"
    return f"{kind} {element.definition.name}"


def _context(element: Parameter | RequestField) -> dict[str, Any]:
    if isinstance(element, Parameter):
        return {"ParameterId": element.id, "TargetName": element.definition.target}
    return {"FieldId": element.id, "Location": element.definition.location}


def _parameter_by_id(method: Method, key: str) -> Parameter:
    parameter = method.parameter_by_id.get(int(key)) if is_digits(key.strip()) else None
    if parameter is None:
        known = ", ".join(f"{p.id} ({p.definition.target})" for p in method.parameters) or "none"
        hint = _named(key, "TargetName of parameter", method.parameter_by_target.get(key), "names")
        raise InputError(
            f"Unknown parameter Id {echoed(key)} for method {method.name}{hint}; known: {known}", ParameterId=key
        )
    return parameter


def _field_by_id(method: Method, key: str) -> RequestField:
    field = method.field_by_id.get(int(key)) if is_digits(key.strip()) else None
    if field is None:
        known = ", ".join(f"{f.id} ({f.definition.location})" for f in method.fields) or "none"
        hint = _named(key, "Location of field", method.field_by_location.get(key), "a RequestBody")
        raise InputError(f"Unknown field Id {echoed(key)} for method {method.name}{hint}; known: {known}", FieldId=key)
    return field


def _named(key: str, what: str, element: Parameter | RequestField | None, by_name: str) -> str:
    """For a name sent where an Id goes (``/methods/{id}`` keys by Id): the Id it names, and the route for names."""
    return f" ({key} is the {what} {element.id}: send that Id, or {by_name} to .../body)" if element else ""


def _known_targets(method: Method) -> str:
    known = ", ".join(p.definition.target for p in method.parameters)
    return f"method {method.name} takes: {known}" if known else f"method {method.name} takes no parameters"
