"""The curated catalogue the tests hold the definition to, and readers of the vendor's Swagger 2 spec."""

from __future__ import annotations

import re
from typing import Any

import pytest

from switchboard.catalog import Method
from switchboard.catalog.loader import BUILTIN_DIR

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


def cases(names: list[str] | dict[str, Any]) -> list[Any]:
    return [pytest.param(name, id=name) for name in names]


def normalise(path: str) -> str:
    return re.sub(r"{[^{}]+}", "{}", path)


def resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def vendor_operation(spec: dict[str, Any], method: Method) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(spec path, path item, operation) for the method's verb and basePath-prefixed path."""
    wanted = normalise(spec["basePath"] + method.definition.path)
    verb = method.definition.verb.lower()
    for path, item in spec["paths"].items():
        if normalise(spec["basePath"] + path) == wanted and verb in item:
            return path, item, item[verb]
    raise AssertionError(f"{method.definition.http} (under {spec['basePath']}) is not an operation of the vendor spec")


def vendor_parameters(spec: dict[str, Any], item: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [resolve(spec, p) for p in [*item.get("parameters", []), *operation.get("parameters", [])]]


def body_schema(spec: dict[str, Any], item: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    body = next((p for p in vendor_parameters(spec, item, operation) if p["in"] == "body"), None)
    return resolve(spec, body["schema"]) if body else None


def success_schema(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    for code in sorted(operation["responses"], key=str):
        if str(code).startswith("2"):
            response = resolve(spec, operation["responses"][code])
            return resolve(spec, response["schema"]) if "schema" in response else None
    return None


def required_keys(spec: dict[str, Any], schema: dict[str, Any], prefix: str = "") -> list[tuple[str, bool]]:
    """(dot location, every ancestor required too) for each key the schema requires, at any depth."""
    out: list[tuple[str, bool]] = []

    def walk(node: dict[str, Any], path: str, chain: bool) -> None:
        node = resolve(spec, node)
        required = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            location = f"{path}{key}"
            if key in required:
                out.append((location, chain))
            child = resolve(spec, child)
            if child.get("type") == "object" or "properties" in child:
                walk(child, location + ".", chain and key in required)

    walk(schema, prefix, True)
    return out


def schema_at(spec: dict[str, Any], schema: dict[str, Any], location: str) -> dict[str, Any] | None:
    node: Any = schema
    for part in location.split("."):
        node = resolve(spec, node).get("properties", {}).get(part)
        if node is None:
            return None
    return dict(resolve(spec, node))


def data_type(schema: dict[str, Any]) -> str:
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


def parameter_type(parameter: dict[str, Any]) -> str:
    if parameter.get("type") == "array" or parameter.get("format") == "csv":
        return "array"
    if parameter.get("format") == "date-time":
        return "datetime"
    return str(parameter.get("type", "string"))


def enum_values(parameter: dict[str, Any]) -> list[Any] | None:
    items = parameter.get("items")
    found = parameter.get("enum") or (items.get("enum") if isinstance(items, dict) else None)
    return list(found) if found else None


def covered_by_required_free_field(method: Method, location: str) -> bool:
    """A key inside a required object/array field the caller gives whole."""
    parts = location.split(".")
    for i in range(1, len(parts)):
        field = method.field_by_location.get(".".join(parts[:i]))
        if field is not None and field.definition.required and field.definition.type in {"object", "array", "any"}:
            return True
    return False
