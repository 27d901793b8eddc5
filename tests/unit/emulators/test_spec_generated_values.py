"""Values the spec emulator makes up for a schema: where a schema's bounds or its references back to itself
made it give a value the spec refuses, or none at all."""

from __future__ import annotations

import random
import re
from pathlib import Path

import requests

from switchboard_emulators.spec.schemas import _number, _pattern_guess
from tests.unit.emulators.served import serving


def test_a_required_reference_back_to_itself_ends_in_null_where_nullable(tmp_path: Path) -> None:
    """Modern Treasury's return requires ``current_return``, a nullable return: the answer recursed until Python's
    limit, and every request of 13 operations got a 500."""
    ret = {"type": "object", "required": ["id", "current_return"],
           "properties": {"id": {"type": "string"},
                          "current_return": {"$ref": "#/components/schemas/return", "nullable": True}}}  # fmt: skip
    loop = {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/loop"}}}
    answer, looped = (
        {"200": {"description": "ok",
                 "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{n}"}}}}}
        for n in ("return", "loop")
    )  # fmt: skip
    spec = {"openapi": "3.0.1", "info": {"title": "Returns", "version": "1"},
            "servers": [{"url": "https://app.example.com/api"}],
            "paths": {"/returns/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                                "schema": {"type": "string"}}], "responses": answer}},
                      "/loops": {"get": {"responses": looped}}},
            "components": {"schemas": {"return": ret, "loop": loop}}}  # fmt: skip
    with serving(tmp_path, spec, "returns.yaml") as url:
        found = requests.get(f"{url}/api/returns/r1", timeout=10)
        assert found.status_code == 200, found.text
        depth, node = 0, found.json()
        while node is not None:
            node, depth = node["current_return"], depth + 1
        assert 1 < depth < 20
        # A cycle with no way out (every step required, none nullable) still answers, cut at a depth.
        assert requests.get(f"{url}/api/loops", timeout=10).status_code == 200


def test_a_number_between_bounds_with_no_whole_number_between_is_inside_them() -> None:
    """Immich's ``maxDistance`` (0.001 to 0.1) was drawn as 0.0, which its own minimum refuses."""
    rng = random.Random(7)
    for low, high in ((0.001, 0.1), (0.1, 0.9), (2.5, 2.75)):
        for _ in range(20):
            assert low <= _number({"minimum": low, "maximum": high}, rng, "number") <= high
    assert all(1 <= _number({"minimum": 1, "maximum": 3}, rng, "integer") <= 3 for _ in range(20))


def test_a_pattern_with_negated_classes_gets_a_value_it_matches() -> None:
    """Amazon's SQS ARN ``^arn:aws:sqs:\\S+:\\S+:\\S+``: exrex draws nothing for ``\\S``, ``\\D`` or ``\\W``, so the
    sample was the fallback, which the pattern refuses."""
    for pattern in (r"^arn:aws:sqs:\S+:\S+:\S+", r"^\D{3}-\d+$", r"^\w+\W\w+$", r"^[\S]+$"):
        value = _pattern_guess(pattern, "fallback")
        assert re.search(pattern, value), (pattern, value)
