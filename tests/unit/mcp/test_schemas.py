"""Tool names and input schemas from the real catalogue; answers cut to the bound."""

from __future__ import annotations

from types import SimpleNamespace

import orjson

from switchboard.catalog.registry import Registry
from switchboard.mcp.results import shaped
from switchboard.mcp.schemas import (
    MAX_NAME,
    MEMBERS,
    _described,
    declares_param_headers,
    input_schema,
    names_param_headers,
    snake,
    tool_name,
)
from switchboard.mcp.tools import tools_for
from switchboard.store.mcp_tokens import TokenScope

REGISTRY = Registry.load()


def installed(*keys: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i + 1, connector_key=k, auth_state="authenticated", name="") for i, k in enumerate(keys)]


def test_names_are_snake_case_unique_and_short() -> None:
    assert snake("List accounts (DDL)") == "list_accounts_ddl"
    assert tool_name("salesloft", "Create person") == "salesloft_create_person"
    long = tool_name("constant_contact", "x" * 80, "12")
    assert len(long) == MAX_NAME and long.endswith("_12")
    assert long != tool_name("constant_contact", "x" * 81, "12")
    tools = tools_for(REGISTRY, installed("salesloft", "constant_contact", "salesloft"), None)  # type: ignore[arg-type]
    names = [t.name for t in tools]
    assert len(names) == len(set(names))
    assert all(len(n) <= MAX_NAME and n.replace("_", "").isalnum() for n in names)
    first = {n for n in names if n.startswith("salesloft_") and not n.endswith("_3")}
    assert {t.name for t in tools if t.account_connector_id == 3} == {f"{n}_3" for n in first}


def test_nested_locations_become_nested_objects_with_enums_and_required() -> None:
    method = next(m for m in REGISTRY.by_key["constant_contact"].methods if m.name == "Create contact")
    schema = input_schema(method)
    email = schema["properties"]["email_address"]
    assert email["type"] == "object" and email["required"] == ["address"]
    assert "implicit" in email["properties"]["permission_to_send"]["enum"]
    assert "email_address" in schema["required"]
    assert schema["additionalProperties"] is False


def test_scope_filters_connectors_methods_and_writes() -> None:
    salesloft = REGISTRY.by_key["salesloft"]
    create = next(m for m in salesloft.methods if m.name == "Create person")
    get = next(m for m in salesloft.methods if m.name == "Get person")
    scope = TokenScope(1, "acct", frozenset({1}), frozenset({create.unique_id, get.unique_id}), read_only=True)
    tools = tools_for(REGISTRY, installed("salesloft", "constant_contact"), scope)  # type: ignore[arg-type]
    assert [t.name for t in tools] == ["salesloft_get_person"]


def test_a_large_answer_keeps_the_records_that_fit() -> None:
    method = next(m for m in REGISTRY.by_key["salesloft"].methods if m.name == "List accounts")
    document = {"data": [{"id": i, "name": "x" * 200} for i in range(500)], "metadata": {"paging": {}}}
    data = orjson.dumps(document)
    structured, text, truncated = shaped(data, True, "application/json", method, 8192)
    assert truncated and len(text.encode()) <= 8192
    assert 0 < len(structured["data"]) < 500
    assert structured["data"] == document["data"][: len(structured["data"])]
    kept = len(structured["data"])
    assert f"call again with page=2 and per_page={kept} for the next records" in structured["truncated"]
    # A page further in: the page of a size that fits which starts right after the records shown.
    later, _, _ = shaped(data, True, "application/json", method, 8192, {"page": 3, "per_page": 100})
    start = 200 + len(later["data"])
    size, page = next((d, start // d + 1) for d in range(len(later["data"]), 0, -1) if start % d == 0)
    assert f"page={page} and per_page={size} " in later["truncated"]
    small, _, cut = shaped(b'[{"a": 1}]', True, "application/json", method, 8192)
    assert small == {"result": [{"a": 1}]} and not cut
    partial, _, cut = shaped(data[:9000], False, "application/json", method, 8192)
    assert cut and "over 9000 bytes" in partial["truncated"]


def test_names_do_not_move_when_another_install_signs_in() -> None:
    first, second = installed("salesloft", "salesloft")
    first.auth_state = "unauthenticated"
    before = {t.name for t in tools_for(REGISTRY, [first, second], None)}  # type: ignore[arg-type]
    first.auth_state = "authenticated"
    after = {t.name for t in tools_for(REGISTRY, [first, second], None) if t.account_connector_id == 2}  # type: ignore[arg-type]
    assert before == after and all(name.endswith("_2") for name in before)


def test_only_a_schema_naming_an_mcp_header_is_offered_to_the_sdks_header_check() -> None:
    # The SDK checks Mcp-Param-* headers against x-mcp-header declarations only; none: nothing to check.
    assert not any(declares_param_headers(m) for m in REGISTRY.by_key["salesloft"].methods)
    declared = {"type": "object", "properties": {"region": {"type": "string", "x-mcp-header": "Region"}}}
    assert names_param_headers(declared)
    assert names_param_headers({"anyOf": [{"type": "object", "properties": {"a": {"x-mcp-header": "A"}}}]})
    assert not names_param_headers({"type": "object", "properties": {"a": {"type": "string"}}})


def test_a_huge_schema_is_bounded_by_showing_deep_objects_by_their_members() -> None:
    """DocuSign's account settings took 297 KB (about 75k tokens) of a model's context with every request."""
    (settings,) = [m for m in REGISTRY.by_key["docusign"].methods if m.name.startswith("Updates the account settings")]
    schema = input_schema(settings)
    # 588 arguments at the top: their descriptions go too (81 KB with them), their names and types stay.
    assert len(orjson.dumps(schema)) <= 32_000 and len(schema["properties"]) == 588
    access = schema["properties"]["accessCodeFormat"]
    assert access == {"type": "object"}  # free-form: deeper objects went first
    assert schema["properties"]["accountName"] == {"type": "string"}
    # What fits is left whole: a nested object keeps its members' own schemas.
    (create,) = [m for m in REGISTRY.by_key["docusign"].methods if m.name == "Creates an envelope"]
    envelope = input_schema(create)
    assert len(orjson.dumps(envelope)) <= 32_000 and "properties" in envelope["properties"]["emailSettings"]
    (person,) = [input_schema(m) for m in REGISTRY.by_key["salesloft"].methods if m.name == "Create person"]
    assert person["properties"]["custom_fields"]["items"]["required"] == ["key", "value"]
    sizes = [len(orjson.dumps(input_schema(m))) for c in REGISTRY.by_key.values() for m in c.methods]
    assert max(sizes) <= 32_000


def test_a_schema_over_the_bound_loses_its_long_descriptions_before_its_structure() -> None:
    """PayPal's Create order is 37 KB whole: with each description its first sentence it fits at full depth."""
    (create,) = [m for m in REGISTRY.by_key["paypal_orders"].methods if m.name == "Create order"]
    schema = input_schema(create)
    assert len(orjson.dumps(schema)) <= 32_000
    card = schema["properties"]["payment_source"]["properties"]["card"]
    first = card["properties"]["billing_address"]["properties"]["address_line_1"]
    assert first == {"type": "string", "description": "The first line of the address."}
    assert all(len(text) <= 80 for text in _descriptions(schema))


def _descriptions(node: dict[str, object]) -> list[str]:
    said = [node["description"]] if isinstance(node.get("description"), str) else []
    children = node.get("properties")
    inner = [_descriptions(c) for c in children.values()] if isinstance(children, dict) else []
    return [str(d) for d in said] + [d for found in inner for d in found]


def test_descriptions_are_cut_to_their_first_sentence_before_they_are_dropped() -> None:
    long = "Sets the thing. " + "More words about it. " * 40
    described = {"type": "string", "description": long}
    free = {"type": "object", "description": f"The options. Said at length. {MEMBERS}a, b, c."}
    root = {"type": "object", "properties": {"x": described, "y": free, "z": {"type": "integer"}}}
    cut = _described(root, 80)
    assert cut["properties"]["x"] == {"type": "string", "description": "Sets the thing."}
    assert cut["properties"]["y"]["description"] == "The options. Members: a, b, c."  # the names stay whole
    assert _described({"description": "w" * 200}, 80)["description"] == "w" * 79 + "…"  # cut, and marked
    dropped = _described(root, None)
    assert dropped["properties"] == {"x": {"type": "string"}, "y": {"type": "object"}, "z": {"type": "integer"}}


def test_a_range_filter_names_its_members() -> None:
    (people,) = [m for m in REGISTRY.by_key["salesloft"].methods if m.name == "List people"]
    updated = input_schema(people)["properties"]["updated_at"]
    assert updated["type"] == "object" and updated["additionalProperties"] is False
    assert list(updated["properties"]) == ["gt", "gte", "lt", "lte"] and "enum" not in updated
