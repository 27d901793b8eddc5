"""The Constant Contact connector definition against the vendor's Swagger 2 contract.

Each method's verb and path (with the spec's ``basePath`` /v3 in front) must be an operation
of ``specs/constant-contact-v3.swagger.yml``; every input that operation requires must be
required by the method; every query parameter and body field must be one the operation
declares, with the spec's type and enum values; list methods page through the right records
key; DDL methods answer text and value from that key's records. No server is involved.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import yaml

from switchboard.catalog import Method, Registry, load_connector
from switchboard.catalog.loader import BUILTIN_DIR
from switchboard.catalog.models import CursorLinkPagination, DdlOutput, OAuth2Auth
from tests.contract.specs import require_spec

DEFINITION = BUILTIN_DIR / "constant_contact" / "connector.yaml"

# The catalogue: method name -> (HTTP, category).
CATALOGUE: dict[str, tuple[str, str]] = {
    "List contacts": ("GET /contacts", "Contacts"),
    "Get contact": ("GET /contacts/{contact_id}", "Contacts"),
    "Create contact": ("POST /contacts", "Contacts"),
    "Update contact": ("PUT /contacts/{contact_id}", "Contacts"),
    "Delete contact": ("DELETE /contacts/{contact_id}", "Contacts"),
    "Create or update contact": ("POST /contacts/sign_up_form", "Contacts"),
    "Get contact counts": ("GET /contacts/counts", "Contacts"),
    "List contact lists": ("GET /contact_lists", "Contact Lists"),
    "Get contact list": ("GET /contact_lists/{list_id}", "Contact Lists"),
    "Create contact list": ("POST /contact_lists", "Contact Lists"),
    "Update contact list": ("PUT /contact_lists/{list_id}", "Contact Lists"),
    "Delete contact list": ("DELETE /contact_lists/{list_id}", "Contact Lists"),
    "List tags": ("GET /contact_tags", "Tags"),
    "Get tag": ("GET /contact_tags/{tag_id}", "Tags"),
    "Create tag": ("POST /contact_tags", "Tags"),
    "Update tag": ("PUT /contact_tags/{tag_id}", "Tags"),
    "Delete tag": ("DELETE /contact_tags/{tag_id}", "Tags"),
    "List custom fields": ("GET /contact_custom_fields", "Custom Fields"),
    "Get custom field": ("GET /contact_custom_fields/{custom_field_id}", "Custom Fields"),
    "Create custom field": ("POST /contact_custom_fields", "Custom Fields"),
    "Update custom field": ("PUT /contact_custom_fields/{custom_field_id}", "Custom Fields"),
    "Delete custom field": ("DELETE /contact_custom_fields/{custom_field_id}", "Custom Fields"),
    "Import contacts (JSON)": ("POST /activities/contacts_json_import", "Bulk Activities"),
    "Add contacts to lists": ("POST /activities/add_list_memberships", "Bulk Activities"),
    "Remove contacts from lists": ("POST /activities/remove_list_memberships", "Bulk Activities"),
    "Delete contacts in bulk": ("POST /activities/contact_delete", "Bulk Activities"),
    "List activities": ("GET /activities", "Bulk Activities"),
    "Get activity status": ("GET /activities/{activity_id}", "Bulk Activities"),
    "List email campaigns": ("GET /emails", "Email Campaigns"),
    "Get email campaign": ("GET /emails/{campaign_id}", "Email Campaigns"),
    "Get account summary": ("GET /account/summary", "Account"),
    "List contact lists (DDL)": ("GET /contact_lists", "DDL"),
    "List tags (DDL)": ("GET /contact_tags", "DDL"),
    "List custom fields (DDL)": ("GET /contact_custom_fields", "DDL"),
}
# List methods: name -> (records key, page size: the most the operation's `limit` allows).
LISTS: dict[str, tuple[str, int]] = {
    "List contacts": ("contacts", 500),
    "List contact lists": ("lists", 1000),
    "List tags": ("tags", 500),
    "List custom fields": ("custom_fields", 100),
    "List activities": ("activities", 500),
    "List email campaigns": ("campaigns", 500),
    "List contact lists (DDL)": ("lists", 1000),
    "List tags (DDL)": ("tags", 500),
    "List custom fields (DDL)": ("custom_fields", 100),
}
# DDL methods: name -> (text, value).
DDL: dict[str, tuple[str, str]] = {
    "List contact lists (DDL)": ("name", "list_id"),
    "List tags (DDL)": ("name", "tag_id"),
    "List custom fields (DDL)": ("label", "custom_field_id"),
}
# Query parameters the spec types as a plain string but documents as comma-separated id lists.
CSV_STRINGS = {("List contacts", "lists"), ("List contacts", "tags")}
# Nested keys the vendor requires only when their (optional) parent object is given. The model
# has no "required with its parent"; email_address.address is required anyway (a contact is
# created and replaced by its address), street_address.kind is not (it would force an address
# on every sign-up).
REQUIRED_WITH_PARENT = {
    ("Create contact", "email_address.address"): True,
    ("Update contact", "email_address.address"): True,
    ("Create or update contact", "street_address.kind"): False,
}
# Required although the spec's schemas leave them optional: create_source by the operation's
# own description ("You must include the create_source property"), the custom field label and
# type because Constant Contact rejects a custom field without them.
REQUIRED_BEYOND_SCHEMA = {
    ("Create contact", "create_source"),
    ("Create custom field", "label"),
    ("Create custom field", "type"),
    ("Update custom field", "label"),
}
DDL_SUFFIX = "(DDL)"
NAMES = list(CATALOGUE)
MAIN = [n for n in NAMES if not n.endswith(DDL_SUFFIX)]


def _cases(names: list[str] | dict[str, Any]) -> list[Any]:
    return [pytest.param(name, id=name) for name in names]


@pytest.fixture(scope="module")
def methods() -> dict[str, Method]:
    definition = load_connector(DEFINITION)
    connector = Registry([definition]).by_key["constant_contact"]
    return {m.name: m for m in connector.methods}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    spec_path = require_spec("constant-contact-v3.swagger.yml")
    document: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return document


# --- helpers -------------------------------------------------------------------------------


def _normalise(path: str) -> str:
    return re.sub(r"{[^{}]+}", "{}", path)


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _operation(spec: dict[str, Any], method: Method) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(spec path, path item, operation) for the method's verb and basePath-prefixed path."""
    wanted = _normalise(spec["basePath"] + method.definition.path)
    verb = method.definition.verb.lower()
    for path, item in spec["paths"].items():
        if _normalise(spec["basePath"] + path) == wanted and verb in item:
            return path, item, item[verb]
    raise AssertionError(f"{method.definition.http} (under {spec['basePath']}) is not an operation of the vendor spec")


def _parameters(spec: dict[str, Any], item: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [_resolve(spec, p) for p in [*item.get("parameters", []), *operation.get("parameters", [])]]


def _body_schema(spec: dict[str, Any], item: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    body = next((p for p in _parameters(spec, item, operation) if p["in"] == "body"), None)
    return _resolve(spec, body["schema"]) if body else None


def _success_schema(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    for code in sorted(operation["responses"], key=str):
        if str(code).startswith("2"):
            response = _resolve(spec, operation["responses"][code])
            return _resolve(spec, response["schema"]) if "schema" in response else None
    return None


def _required_keys(spec: dict[str, Any], schema: dict[str, Any], prefix: str = "") -> list[tuple[str, bool]]:
    """(dot location, every ancestor required too) for each key the schema requires, at any depth."""
    out: list[tuple[str, bool]] = []

    def walk(node: dict[str, Any], path: str, chain: bool) -> None:
        node = _resolve(spec, node)
        required = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            location = f"{path}{key}"
            if key in required:
                out.append((location, chain))
            child = _resolve(spec, child)
            if child.get("type") == "object" or "properties" in child:
                walk(child, location + ".", chain and key in required)

    walk(schema, prefix, True)
    return out


def _schema_at(spec: dict[str, Any], schema: dict[str, Any], location: str) -> dict[str, Any] | None:
    node: Any = schema
    for part in location.split("."):
        node = _resolve(spec, node).get("properties", {}).get(part)
        if node is None:
            return None
    return dict(_resolve(spec, node))


def _data_type(schema: dict[str, Any]) -> str:
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "array" or "items" in schema:
        return "array"
    if kind == "object" or "properties" in schema:
        return "object"
    if kind == "string" and fmt == "date-time":
        return "datetime"
    if kind == "string" and fmt == "date":
        return "date"
    return str(kind or "string")


def _parameter_type(parameter: dict[str, Any]) -> str:
    if parameter.get("type") == "array" or parameter.get("format") == "csv":
        return "array"
    if parameter.get("format") == "date-time":
        return "datetime"
    return str(parameter.get("type", "string"))


def _enum(parameter: dict[str, Any]) -> list[Any] | None:
    items = parameter.get("items")
    found = parameter.get("enum") or (items.get("enum") if isinstance(items, dict) else None)
    return list(found) if found else None


def _covered_by_required_free_field(method: Method, location: str) -> bool:
    """A key inside a required object/array field the caller gives whole."""
    parts = location.split(".")
    for i in range(1, len(parts)):
        field = method.field_by_location.get(".".join(parts[:i]))
        if field is not None and field.definition.required and field.definition.type in {"object", "array", "any"}:
            return True
    return False


# --- the definition ------------------------------------------------------------------------


def test_builtin_registry_loads_the_connector() -> None:
    # Imported from the spec: all 128 of its operations (the file import is a multipart method) plus
    # the 3 DDLs; the curated catalogue below is a part of it.
    connector = Registry.load().by_key["constant_contact"]
    assert len(connector.methods) == 128 + 3


def test_connector_header() -> None:
    definition = load_connector(DEFINITION)
    assert (definition.key, definition.name, definition.version) == ("constant_contact", "Constant Contact", "3.0")
    assert definition.base_url == "https://api.cc.email/v3"
    assert (definition.body_format, definition.query_style) == ("json", "comma")
    assert len(definition.auth) == 1
    auth = definition.auth[0]
    assert isinstance(auth, OAuth2Auth)
    assert auth.authorize_url == "https://authz.constantcontact.com/oauth2/default/v1/authorize"
    assert auth.token_url == "https://authz.constantcontact.com/oauth2/default/v1/token"
    assert (auth.client_auth, auth.rotating_refresh_tokens, auth.default_expires_in) == ("basic", True, 86400)
    assert auth.scopes == ["contact_data", "campaign_data", "account_read", "account_update", "offline_access"]
    limits = {r.name: r for r in definition.rate_limits}
    assert set(limits) == {"app_second", "app_day"}
    assert (limits["app_second"].limit, limits["app_second"].per, limits["app_second"].scope) == (4, 1.0, "partner_app")
    day = limits["app_day"]
    assert (day.limit, day.per, day.scope, day.window) == (10000, 86400.0, "partner_app", "utc_day")
    pagination = definition.pagination
    assert isinstance(pagination, CursorLinkPagination)
    assert (pagination.size_param, pagination.cursor_param) == ("limit", "cursor")
    assert (pagination.records, pagination.next) == ("contacts", "_links.next.href")


def test_methods_include_the_catalogue(methods: dict[str, Method]) -> None:
    assert set(CATALOGUE) <= set(methods)


@pytest.mark.parametrize("name", _cases(NAMES))
def test_http_and_category(methods: dict[str, Method], name: str) -> None:
    method = methods[name].definition
    assert (method.http, method.category) == CATALOGUE[name]
    assert method.description


def test_unique_ids_are_distinct_uuid4(methods: dict[str, Method]) -> None:
    # The curated methods keep their hand-made uuid4s; generated ones are uuid5 of the operation.
    ids = [m.definition.unique_id for m in methods.values()]
    assert len(set(ids)) == len(ids)
    assert all(
        isinstance(i, uuid.UUID) and i.version == 4 for name, i in zip(methods, ids, strict=True) if name in CATALOGUE
    )
    assert all(i.version in {4, 5} for i in ids)


@pytest.mark.parametrize("name", _cases(NAMES))
def test_path_parameters_are_required(methods: dict[str, Method], name: str) -> None:
    for parameter in methods[name].parameters:
        if parameter.definition.in_ == "path":
            assert parameter.definition.required, parameter.definition.target


# --- the vendor spec -----------------------------------------------------------------------


@pytest.mark.parametrize("name", _cases(NAMES))
def test_http_is_a_vendor_operation(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    _operation(spec, methods[name])


def test_base_url_ends_with_the_base_path(spec: dict[str, Any]) -> None:
    assert f"https://{spec['host']}{spec['basePath']}" == load_connector(DEFINITION).base_url


@pytest.mark.parametrize("name", _cases(NAMES))
def test_vendor_required_parameters_are_required(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    path, item, operation = _operation(spec, method)
    by_wire = {p.definition.wire_name: p.definition for p in method.parameters}
    for parameter in _parameters(spec, item, operation):
        if parameter["in"] != "body" and (parameter.get("required") or parameter["in"] == "path"):
            ours = by_wire.get(parameter["name"])
            assert ours is not None, f"{parameter['in']} parameter {parameter['name']} is missing"
            assert ours.required and ours.in_ == parameter["in"], parameter["name"]
    path_targets = {p.definition.target for p in method.parameters if p.definition.in_ == "path"}
    assert len(path_targets) == path.count("{")


@pytest.mark.parametrize("name", _cases(NAMES))
def test_vendor_required_body_keys_are_required(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = _operation(spec, method)
    schema = _body_schema(spec, item, operation)
    if schema is None:
        assert not method.fields
        return
    assert schema.get("type", "object") == "object", "a top-level array body cannot be named fields"
    for location, chain in _required_keys(spec, schema):
        field = method.field_by_location.get(location)
        if (name, location) in REQUIRED_WITH_PARENT:
            assert field is not None and field.definition.required is REQUIRED_WITH_PARENT[(name, location)]
            continue
        if not chain or _covered_by_required_free_field(method, location):
            continue  # required only inside an optional object, or inside a whole object/array the caller gives
        assert field is not None, f"body key {location} (required by the vendor) is missing"
        assert field.definition.required, f"body key {location} must be required"


@pytest.mark.parametrize("name", _cases(MAIN))
def test_required_only_where_the_vendor_requires(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = _operation(spec, method)
    schema = _body_schema(spec, item, operation)
    vendor = {loc for loc, chain in _required_keys(spec, schema) if chain} if schema else set()
    for field in method.fields:
        location = field.definition.location
        if field.definition.required:
            assert (
                location in vendor
                or (name, location) in REQUIRED_BEYOND_SCHEMA
                or REQUIRED_WITH_PARENT.get((name, location))
            ), f"{location} is required but the vendor does not require it"
    spec_required = {p["name"] for p in _parameters(spec, item, operation) if p.get("required")}
    for parameter in method.parameters:
        if parameter.definition.required:
            assert parameter.definition.wire_name in spec_required


@pytest.mark.parametrize("name", _cases(NAMES))
def test_parameters_are_vendor_parameters(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = _operation(spec, method)
    declared = {p["name"]: p for p in _parameters(spec, item, operation) if p["in"] != "body"}
    for parameter in method.parameters:
        ours = parameter.definition
        if ours.wire_name == "cursor" and name in LISTS:
            assert ours.in_ == "query" and not ours.required  # the cursor of _links.next.href
            continue
        theirs = declared.get(ours.wire_name)
        assert theirs is not None, f"{ours.wire_name} is not a parameter of the operation"
        assert ours.in_ == theirs["in"]
        expected = "array" if (name, ours.target) in CSV_STRINGS else _parameter_type(theirs)
        assert ours.type == expected, f"{ours.target}: {ours.type} != {expected}"
        assert ours.values == _enum(theirs), f"{ours.target}: values differ from the spec's enum"
        assert ours.style is None or theirs.get("collectionFormat") in {"multi", "csv"}


@pytest.mark.parametrize("name", _cases(MAIN))
def test_fields_are_vendor_body_keys(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, item, operation = _operation(spec, method)
    schema = _body_schema(spec, item, operation)
    for field in method.fields:
        location = field.definition.wire_location
        assert schema is not None
        node = _schema_at(spec, schema, location)
        assert node is not None, f"{location} is not a key of the request body"
        assert field.definition.type == _data_type(node), location
        if "enum" in node:
            assert field.definition.values == node["enum"], location


@pytest.mark.parametrize("name", _cases(MAIN))
def test_response_fields_are_the_top_level_keys(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    _, _, operation = _operation(spec, method)
    schema = _success_schema(spec, operation)
    documented = {f.definition.location: f.definition.type for f in method.response_fields}
    if schema is None:
        assert documented == {}
        return
    properties = {key: _resolve(spec, value) for key, value in schema.get("properties", {}).items()}
    assert documented == {key: _data_type(value) for key, value in properties.items()}


# --- lists and drop-downs ------------------------------------------------------------------


@pytest.mark.parametrize("name", _cases(LISTS))
def test_list_methods_page(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    records, size = LISTS[name]
    assert method.definition.pagination is not None
    pagination = method.pagination
    assert isinstance(pagination, CursorLinkPagination)
    assert (pagination.records, pagination.size, pagination.size_param) == (records, size, "limit")
    _, item, operation = _operation(spec, method)
    limit = next(p for p in _parameters(spec, item, operation) if p["name"] == "limit")
    assert size <= limit.get("maximum", size)
    schema = _success_schema(spec, operation)
    assert schema is not None
    assert _data_type(_resolve(spec, schema["properties"][records])) == "array"
    assert "_links" in schema["properties"]
    if not name.endswith(DDL_SUFFIX):
        assert method.parameter_by_target["limit"].definition.in_ == "query"
        assert method.parameter_by_target["cursor"].definition.in_ == "query"


@pytest.mark.parametrize("name", _cases([n for n in NAMES if n not in LISTS]))
def test_other_methods_do_not_page(methods: dict[str, Method], name: str) -> None:
    assert methods[name].definition.pagination is None


@pytest.mark.parametrize("name", _cases(DDL))
def test_ddl_methods_answer_text_and_value(methods: dict[str, Method], spec: dict[str, Any], name: str) -> None:
    method = methods[name]
    output = method.definition.output
    assert isinstance(output, DdlOutput)
    assert (output.text, output.value) == DDL[name]
    assert output.records == LISTS[name][0]
    _, _, operation = _operation(spec, method)
    schema = _success_schema(spec, operation)
    assert schema is not None
    record = _resolve(spec, _resolve(spec, schema["properties"][output.records])["items"])
    assert {output.text, output.value} <= set(record["properties"])
