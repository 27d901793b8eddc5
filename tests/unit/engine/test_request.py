"""Building the outbound request is pure: same inputs, same request."""

from __future__ import annotations

import orjson

from switchboard.engine.inputs.binding import BoundInputs, bind_by_name
from switchboard.engine.request.build import _path_segment, base_headers, build_request, query_pairs
from switchboard.engine.request.raw_http import build_raw_request
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
    # Stripe's expand[0]=a and created[gte]=1: lists numbered, objects bracketed, nested alike.
    assert query_pairs("expand", ["a", "b"], "indices") == [("expand[0]", "a"), ("expand[1]", "b")]
    assert query_pairs("created", {"gte": 1}, "indices") == [("created[gte]", "1")]
    assert query_pairs("l", [{"k": [2]}], "indices") == [("l[0][k][0]", "2")]


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


def test_a_required_body_without_fields_goes_as_an_empty_object_and_delete_may_carry_one() -> None:
    from switchboard.catalog.models import MethodDef
    from switchboard.catalog.registry import Registry

    set_property = MethodDef.model_validate(
        {"name": "Set property", "unique_id": "6b0c2f36-0f1e-4a36-9d7e-0e8f5a1c2d3e",
         "http": "PUT /things/{id}/properties", "body_required": True,
         "parameters": [{"target": "id", "name": "Id", "in": "path", "required": True}]}
    )  # fmt: skip
    detach = MethodDef.model_validate(
        {"name": "Detach", "unique_id": "0f4d8a9e-3b7c-4c1a-8e2f-5a6b7c8d9e0f", "http": "DELETE /things/{id}/tags",
         "parameters": [{"target": "id", "name": "Id", "in": "path", "required": True}],
         "fields": [{"location": "admin_id", "name": "Admin", "required": True}]}
    )  # fmt: skip
    definition = CONNECTOR.definition.model_copy(update={"methods": [set_property, detach]})
    connector = Registry([definition]).by_key[definition.key]
    for method, body, sent in (
        (connector.methods[0], None, {}),
        (connector.methods[1], {"admin_id": "7"}, {"admin_id": "7"}),
    ):
        request = build_request(definition, method, bind_by_name(method, {"id": 3}, None, body), "https://x.test")
        assert orjson.loads(request.body or b"null") == sent
        assert dict(request.headers)["Content-Type"] == "application/json"


def test_the_connectors_query_goes_first_unless_the_method_sets_the_name() -> None:
    definition = CONNECTOR.definition.model_copy(update={"query": {"key": "app-1", "sort": "id"}})
    method = METHODS["List people"]
    sent = build_request(definition, method, bind_by_name(method, {"ids": [1]}, None, None), "https://api.example.com")
    # "sort" is the method's own parameter (its default, name): the connector's value gives way.
    assert sent.query == (("key", "app-1"), ("ids[]", "1"), ("sort", "name"))


def test_a_list_in_the_path_is_comma_separated_as_openapi_simple_style() -> None:
    # RingCentral's DELETE .../message-store/{messageId} takes several ids: /message-store/1,2 (each escaped).
    assert _path_segment([1, 2]) == "1,2"
    assert _path_segment(["a/b", "c d"]) == "a%2Fb,c%20d"
    assert _path_segment("a,b") == "a%2Cb"  # one value keeps its comma escaped


def test_a_connectors_own_accept_is_the_only_one() -> None:
    """Recurly's API version is its Accept header: a second Accept: application/json beside it would leave
    the choice to the provider."""
    versioned = CONNECTOR.definition.model_copy(update={"headers": {"accept": "application/vnd.recurly.v2021-02-25"}})
    assert base_headers(versioned) == [("accept", "application/vnd.recurly.v2021-02-25")]
    request = build_request(
        versioned, METHODS["Get person"], bind_by_name(METHODS["Get person"], {"person_id": 1}, None, None), "https://x"
    )
    assert [v for k, v in request.headers if k.lower() == "accept"] == ["application/vnd.recurly.v2021-02-25"]
    assert base_headers(CONNECTOR.definition) == [("Accept", "application/json")]


def test_a_raw_http_request_carries_the_connectors_headers_and_query_unless_the_caller_names_them() -> None:
    """Notion's version header and a query default go with a raw call as with any method; the caller's win."""
    connector = CONNECTOR.definition.model_copy(
        update={
            "headers": {"Notion-Version": "2025-09-03", "X-Team": "t1"},
            "query": {"api-version": "1", "lang": "en"},
        }
    )
    body = {
        "url": {"endpoint": "/v2/people?lang=fr"},
        "headers": [{"key": "x-team", "value": "t2"}],
    }
    request = build_raw_request(BoundInputs({}, body), connector, "GET", "/")
    assert request.headers == (("Accept", "application/json"), ("Notion-Version", "2025-09-03"), ("x-team", "t2"))
    assert request.query == (("api-version", "1"), ("lang", "fr"))
