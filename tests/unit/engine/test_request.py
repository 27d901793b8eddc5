"""Building the outbound request is pure: same inputs, same request."""

from __future__ import annotations

import orjson

from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request, query_pairs
from switchboard.http import OutboundRequest
from tests.unit.fixtures import people_connector

CONNECTOR = people_connector()
METHODS = {m.name: m for m in CONNECTOR.methods}


def build(
    name: str, parameters: dict[str, object] | None = None, body: dict[str, object] | None = None
) -> OutboundRequest:
    method = METHODS[name]
    inputs = bind_by_name(method, parameters, None, body)
    return build_request(CONNECTOR.definition, method, inputs, "https://api.example.com")


def test_path_values_are_percent_encoded() -> None:
    request = build("Get person", {"person_id": 12})
    assert request.method == "GET"
    assert request.url == "https://api.example.com/v2/people/12"
    assert request.body is None


def test_brackets_style_for_arrays_and_objects() -> None:
    request = build("List people", {"ids": [1, 2], "updated_at": {"gte": "2024-01-01", "lt": "2024-02-01"}})
    assert request.query == (
        ("ids[]", "1"), ("ids[]", "2"), ("updated_at[gte]", "2024-01-01"), ("updated_at[lt]", "2024-02-01"),
        ("sort", "name"),
    )  # fmt: skip


def test_other_query_styles() -> None:
    assert query_pairs("a", [1, 2], "repeat") == [("a", "1"), ("a", "2")]
    assert query_pairs("a", [1, 2], "comma") == [("a", "1,2")]
    assert query_pairs("a", ["x", "y"], "space") == [("a", "x y")]
    assert query_pairs("flag", True, "repeat") == [("flag", "true")]


def test_body_moves_fields_to_wire_locations_and_transforms() -> None:
    request = build(
        "Create person",
        body={
            "email_address": "a@b.c",
            "address": {"city": "Leeds"},
            "stage_name": "Lead",
            "custom_fields": [{"key": "Source", "value": "Web"}],
        },
    )
    assert dict(request.headers)["Content-Type"] == "application/json"
    assert orjson.loads(request.body or b"") == {
        "email_address": "a@b.c",
        "address": {"city": "Leeds"},
        "stage": {"name": "Lead"},
        "custom_fields": {"Source": "Web"},
    }


def test_explicit_null_is_sent() -> None:
    request = build("Create person", body={"email_address": "a@b.c", "age": None})
    assert orjson.loads(request.body or b"") == {"email_address": "a@b.c", "age": None}
