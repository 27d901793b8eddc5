"""The mechanical mapping of a seed Sample Input onto a ``/body`` call (issue 3, point 2)."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.catalog import Method


def flatten(method: Method, sample: dict[str, Any]) -> dict[str, Any]:
    """The sample without ``access_token`` (the connection's credential), with ``fields`` unwrapped."""
    flat: dict[str, Any] = {}
    for key, value in copy.deepcopy(sample).items():
        if key == "access_token":
            continue
        if key == "fields" and isinstance(value, dict) and "fields" not in method.field_by_location:
            flat.update(value)
        else:
            flat[key] = value
    return flat


def split(method: Method, flat: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Parameters by TargetName, RequestBody tree): keys naming a Parameter go to Parameters."""
    parameters = {k: v for k, v in flat.items() if k in method.parameter_by_target}
    body = {k: v for k, v in flat.items() if k not in method.parameter_by_target}
    return parameters, body
