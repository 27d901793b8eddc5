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
