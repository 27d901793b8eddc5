"""Coercion of caller values, including Cyclr's habit of sending every value as a string."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.engine.inputs.values import MAX_DEPTH, CoercionError, coerce, nesting_depth


@pytest.mark.parametrize(
    ("value", "data_type", "expected"),
    [
        ('{"gte": "2023-01-01T00:00:00Z"}', "object", {"gte": "2023-01-01T00:00:00Z"}),
        (' {"a": [1, 2]} ', "object", {"a": [1, 2]}),
        ({"a": 1}, "object", {"a": 1}),
        ("[1, 2, 3]", "array", [1, 2, 3]),
        ('["success", "error"]', "array", ["success", "error"]),
        ("plain", "array", ["plain"]),  # a lone value is a one-element list, as before
        ("a,b", "array", ["a,b"]),
        ([1], "array", [1]),
        ("42", "integer", 42),
        ("true", "boolean", True),
    ],
)
def test_strings_become_their_type(value: Any, data_type: Any, expected: Any) -> None:
    assert coerce(value, data_type) == expected


@pytest.mark.parametrize(
    ("value", "data_type", "message"),
    [
        ('{"gte": ', "object", "is a string that is not valid JSON"),
        ("yesterday", "object", "is a string that is not valid JSON"),
        ("[1, 2", "array", "is a string that is not valid JSON"),
        ("[1, 2]", "object", "must be an object (or a JSON object in a string), not an array"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "array", f"deeper than {MAX_DEPTH} levels"),
    ],
)
def test_bad_strings_say_why(value: Any, data_type: Any, message: str) -> None:
    with pytest.raises(CoercionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        coerce(value, data_type)


def test_nesting_depth_counts_levels_without_recursing() -> None:
    assert [nesting_depth(v) for v in (1, {}, {"a": 1}, [[1]], {"a": [{"b": {}}]})] == [0, 1, 1, 2, 4]
    deep: Any = []
    for _ in range(100_000):  # far past Python's recursion limit
        deep = [deep]
    assert nesting_depth(deep) == MAX_DEPTH + 1


@pytest.mark.parametrize(
    ("value", "data_type", "expected"),
    [
        (2**63 - 1, "integer", 2**63 - 1),
        (str(-(2**63)), "integer", -(2**63)),
        ("12345678901234567891", "number", 12345678901234567891),  # exact, not rounded through a float
        (2**64 - 1, "number", 2**64 - 1),
        (10**23, "number", 1e23),  # past 64 bits, the double a JSON parser would read
        ("1e3", "number", 1000),
        ({"a": [2**64 - 1]}, "object", {"a": [2**64 - 1]}),
    ],
)
def test_integers_up_to_64_bits_pass(value: Any, data_type: Any, expected: Any) -> None:
    assert coerce(value, data_type) == expected


@pytest.mark.parametrize(
    ("value", "data_type", "message"),
    [
        (2**63, "integer", "must be an integer from -9223372036854775808 to 9223372036854775807 (64-bit)"),
        (1e23, "integer", "must be an integer from -9223372036854775808 to 9223372036854775807 (64-bit), not 1e+23"),
        ("-99999999999999999999999", "integer", "(64-bit), not '-99999999999999999999999'"),
        ("1e400", "number", "must be a finite number"),
        ("nan", "number", "must be a finite number"),
        (10**400, "number", "must be a finite number"),
        ({"a": [1, {"b": 2**64}]}, "object", "holds an integer outside the 64-bit range"),
        (2**64, "array", "holds an integer outside the 64-bit range"),
        ({"a": -(2**63) - 1}, "any", "holds an integer outside the 64-bit range"),
    ],
)
def test_integers_past_64_bits_are_refused(value: Any, data_type: Any, message: str) -> None:
    with pytest.raises(CoercionError) as refused:
        coerce(value, data_type)
    assert message in str(refused.value)
