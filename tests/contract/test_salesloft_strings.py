"""Every Salesloft operation with its seed Sample Input sent the way Cyclr documents values: as strings.

In Cyclr's ``Parameters``, ``Fields`` and ``Mergefields`` every value is a string: numbers and
booleans as text, lists and objects as JSON text (``"[1, 2]"``, ``"{\\"gte\\": \\"2023-01-01\\"}"``).
Each of the 98 samples is stringified that way (Parameters, and every RequestBody value at a field
Location whose type is not ``any``) and must reach the emulator exactly as the typed sample does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from switchboard.catalog import Method
from tests.contract.salesloft_contract import (
    DEFINITIONS,
    OPERATIONS,
    SAMPLES,
    STATIC_DDL,
    Contract,
    adjusted,
    arrange,
    check_answer,
    check_sent,
    payload,
    read,
)
from tests.contract.seed_mapping import split


def as_text(value: Any) -> Any:
    """A value as Cyclr would send it: a string (JSON text for lists and objects)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


def stringified_body(method: Method, body: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(body))
    for location, field in method.field_by_location.items():
        found, value = read(out, location)
        if not found or field.definition.type == "any":
            continue
        *parents, last = location.split(".")
        node = out
        for part in parents:
            node = node[part]
        node[last] = as_text(value)
    return out


def test_stringifying_changes_something() -> None:
    """The variant is not the typed test again: most samples carry a non-string value somewhere."""
    changed = 0
    for name in SAMPLES:
        method = DEFINITIONS[name]
        parameters, body = split(method, adjusted(method, SAMPLES[name]["input"]))
        strings = {k: as_text(v) for k, v in parameters.items()}
        changed += strings != parameters or stringified_body(method, body) != body
    assert changed >= 40, changed


@pytest.mark.parametrize("name", OPERATIONS)
def test_sample_input_as_strings(contract: Contract, name: str) -> None:
    method = DEFINITIONS[name]
    flat = adjusted(method, SAMPLES[name]["input"])
    parameters, body = split(method, flat)
    arrange(contract.emu, method, flat)
    mark = contract.mark()
    strings = {k: as_text(v) for k, v in parameters.items()}
    response = contract.call(name, payload(strings, stringified_body(method, body)))
    assert response.status_code == 200, response.text
    check_answer(contract, method, parameters, response.json())
    sent = contract.sent(mark)
    if name in STATIC_DDL:
        assert sent == []
    else:
        check_sent(method, parameters, body, sent)  # the typed values reached the emulator
