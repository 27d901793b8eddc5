"""Inputs: bind a caller's values to a method (by Id, by TargetName, from a query), coerce, parse bodies."""

from switchboard.engine.inputs.binding import BoundInputs, bind_by_id, bind_by_name, bind_query
from switchboard.engine.inputs.styles import CallInputs, InputsByArguments, InputsById, InputsByName, InputsByQuery

__all__ = [
    "BoundInputs",
    "CallInputs",
    "InputsByArguments",
    "InputsById",
    "InputsByName",
    "InputsByQuery",
    "bind_by_id",
    "bind_by_name",
    "bind_query",
]
