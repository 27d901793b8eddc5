"""Headers every call needs, from the connection: Apideck's ``x-apideck-app-id`` and ``x-apideck-consumer-id`` are
API key schemes its security asks for beside the key, and required header parameters of every operation."""

from __future__ import annotations

import copy
from typing import Any

from switchboard.importer import import_connector
from switchboard.importer.overlay import Overlay

_HEADERS = {
    "consumerId": {"name": "x-apideck-consumer-id", "in": "header", "required": True, "schema": {"type": "string"},
                   "description": "ID of the consumer which you want to get or push data from"},
    "applicationId": {"name": "x-apideck-app-id", "in": "header", "required": True, "schema": {"type": "string"},
                      "description": "The ID of your Unify application"},
    "serviceId": {"name": "x-apideck-service-id", "in": "header", "schema": {"type": "string"},
                  "description": "Provide the service id you want to call (e.g., pipedrive)."},
}  # fmt: skip
_REFS = [{"$ref": f"#/components/parameters/{name}"} for name in _HEADERS]
_OK = {"200": {"description": "ok"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "CRM", "version": "1"},
    "servers": [{"url": "https://unify.example.com"}],
    "security": [{"apiKey": [], "applicationId": [], "consumerId": []}],
    "components": {
        "securitySchemes": {
            "apiKey": {"type": "apiKey", "in": "header", "name": "Authorization"},
            "applicationId": {
                "type": "apiKey",
                "in": "header",
                "name": "x-apideck-app-id",
                "description": "The ID of your Unify application",
            },
            "consumerId": {"type": "apiKey", "in": "header", "name": "x-apideck-consumer-id"},
        },
        "parameters": _HEADERS,
    },
    "paths": {
        "/crm/companies": {
            "get": {"operationId": "companiesAll", "security": [{"apiKey": []}], "parameters": _REFS, "responses": _OK}
        },
        "/crm/leads": {
            "post": {"operationId": "leadsAdd", "security": [{"apiKey": []}], "parameters": _REFS, "responses": _OK}
        },
    },
}


def test_api_keys_asked_for_beside_the_auth_are_headers_from_connection_properties() -> None:
    result = import_connector(copy.deepcopy(SPEC), "crm")
    definition = result.definition
    assert [(a.type, a.name) for a in definition.auth] == [("api_key", "Authorization")]  # type: ignore[union-attr]
    assert definition.headers == {
        "x-apideck-app-id": "{x_apideck_app_id}",
        "x-apideck-consumer-id": "{x_apideck_consumer_id}",
    }
    props = {p.name: p for p in definition.properties}
    assert set(props) == {"x_apideck_app_id", "x_apideck_consumer_id"}
    assert all(p.required and not p.secret for p in props.values())  # ids, not secrets
    assert props["x_apideck_app_id"].description == "The ID of your Unify application"
    for method in definition.methods:  # the optional service id stays each call's to give
        assert [p.target for p in method.parameters if p.in_ == "header"] == ["x-apideck-service-id"]
    assert (
        "auth",
        "the security scheme consumerId is asked for beside the auth (an id: not secret): every call sends it as "
        "x-apideck-consumer-id, from the connection property x_apideck_consumer_id",
    ) in result.report.notes
    assert not any("not used" in why for _, why in result.report.notes)
    keyed = copy.deepcopy(SPEC)
    keyed["components"]["securitySchemes"]["consumerId"]["name"] = "x-signing-key"  # a credential, kept secret
    assert next(p for p in import_connector(keyed, "crm").definition.properties if p.name == "x_signing_key").secret


def test_a_required_header_parameter_of_every_operation_is_a_connection_property() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["security"]  # no scheme asks for them: the parameters alone say so
    del spec["components"]["securitySchemes"]["applicationId"], spec["components"]["securitySchemes"]["consumerId"]
    result = import_connector(copy.deepcopy(spec), "crm")
    assert set(result.definition.headers) == {"x-apideck-consumer-id", "x-apideck-app-id"}
    props = {p.name: p for p in result.definition.properties}
    assert props["x_apideck_consumer_id"].description == "ID of the consumer which you want to get or push data from"
    assert (
        "headers",
        "the header parameter x-apideck-app-id is required by every operation: every call sends it as "
        "x-apideck-app-id, from the connection property x_apideck_app_id",
    ) in result.report.notes

    # One only some operations require, or the overlay gives, stays as it was.
    spec["paths"]["/crm/leads"]["post"]["parameters"] = [_REFS[1]]  # the app id only
    overlay = Overlay.model_validate(
        {"headers": {"x-apideck-app-id": "{app}"}, "properties": [{"name": "app", "required": True}]}
    )
    result = import_connector(spec, "crm", overlay)
    assert result.definition.headers == {"x-apideck-app-id": "{app}"}
    assert [p.name for p in result.definition.properties] == ["app"]
    companies = next(m for m in result.definition.methods if m.http == "GET /crm/companies")
    assert "x-apideck-consumer-id" in [p.target for p in companies.parameters]
    # An alternative key (either scheme will do) is still not sent beside the first.
    alone = copy.deepcopy(SPEC)
    alone["security"] = [{"apiKey": []}, {"applicationId": []}]
    for item in alone["paths"].values():
        for operation in item.values():
            operation["parameters"] = [_REFS[2]]  # the optional service id only
    assert "x-apideck-app-id" not in import_connector(alone, "crm").definition.headers
