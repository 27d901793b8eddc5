"""A small connector definition for unit tests of the pure parts."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Connector, Registry

PEOPLE: dict[str, Any] = {
    "key": "people_api",
    "name": "People API",
    "version": "1",
    "base_url": "https://api.example.com/",
    "query_style": "brackets",
    "auth": [{"type": "api_key"}],
    "pagination": {"type": "page_number", "records": "data", "next": "metadata.paging.next_page", "size": 50},
    "methods": [
        {
            "name": "Get person",
            "unique_id": "6f0f7a57-5d9c-4c6b-8d3c-0d2a3b6f1e01",
            "http": "GET /v2/people/{person_id}",
            "parameters": [
                {"target": "person_id", "in": "path", "name": "Person ID", "type": "integer", "required": True},
                {"target": "include", "in": "query", "name": "Include", "type": "array",
                 "values": ["account", "owner"]},
            ],
        },
        {
            "name": "List people",
            "unique_id": "6f0f7a57-5d9c-4c6b-8d3c-0d2a3b6f1e02",
            "http": "GET /v2/people",
            "pagination": {},
            "parameters": [
                {"target": "ids", "in": "query", "name": "IDs", "type": "array"},
                {"target": "updated_at", "in": "query", "name": "Updated at", "type": "object"},
                {"target": "page", "in": "query", "name": "Page", "type": "integer"},
                {"target": "sort", "in": "query", "name": "Sort", "default": "name"},
            ],
        },
        {
            "name": "Create person",
            "unique_id": "6f0f7a57-5d9c-4c6b-8d3c-0d2a3b6f1e03",
            "http": "POST /v2/people",
            "fields": [
                {"location": "email_address", "name": "Email", "required": True},
                {"location": "address.city", "name": "City"},
                {"location": "age", "name": "Age", "type": "integer"},
                {"location": "stage_name", "name": "Stage", "api_name": "stage.name"},
                {"location": "custom_fields", "name": "Custom fields", "type": "array",
                 "transform": "key_value_object"},
                {"location": "extra", "name": "Extra", "type": "object"},
            ],
        },
    ],
}  # fmt: skip


def people_connector(**overrides: Any) -> Connector:
    definition = ConnectorDef.model_validate({**PEOPLE, **overrides})
    return Registry([definition]).by_key[definition.key]
