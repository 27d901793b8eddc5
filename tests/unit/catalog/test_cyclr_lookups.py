"""Cyclr's ways into the catalogue: names and versions, property ids, triggers, authentication ids."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from switchboard.catalog import Registry
from switchboard.catalog.models import ConnectorDef
from switchboard.errors import NotFound


def definition(**changes: Any) -> ConnectorDef:
    base: dict[str, Any] = {
        "key": "demo",
        "name": "Demo App",
        "version": "3",
        "base_url": "https://{region}.demo.example",
        "auth": [{"type": "api_key"}, {"type": "oauth2", "authorize_url": "https://a", "token_url": "https://t"}],
        "properties": [{"name": "region", "required": True}, {"name": "token", "secret": True}],
        "methods": [
            {
                "name": "List colours",
                "unique_id": "6f0c8c1e-7d43-4c86-9a50-2f1b7e0d3a11",
                "output": {"type": "static", "options": [{"text": "Red", "value": "r"}]},
            },
            {
                "name": "Paint",
                "unique_id": "2b7e9d04-51c3-4a8f-b6d2-8e3f0a1c5d72",
                "http": "POST /paint",
                "fields": [{"location": "colour", "name": "Colour", "trigger": "List colours"}],
            },
        ],
    }
    return ConnectorDef.model_validate({**base, **changes})


def test_resolve_by_id_name_and_version() -> None:
    registry = Registry([definition()])
    (demo,) = registry.connectors
    assert registry.resolve(str(demo.id)) is demo
    assert registry.resolve("demo app") is registry.resolve("DEMO APP", "v3") is registry.resolve("Demo App", "3")
    with pytest.raises(NotFound, match="Connector Demo App 4 was not found"):
        registry.resolve("Demo App", "4")
    with pytest.raises(NotFound):
        registry.resolve("1")  # digits that are no connector's Id, nor any name
    assert registry.named("Nope") == []


def test_property_ids_are_stable_and_apart_from_other_ids() -> None:
    first, second = Registry([definition()]), Registry([definition()])
    (demo,) = first.connectors
    ids = [p.id for p in demo.properties]
    assert ids == [p.id for p in second.connectors[0].properties]
    assert all(100_000_000 <= i <= 199_999_999 for i in ids) and len(set(ids)) == 2
    assert demo.property_by_id(ids[0]) is demo.property_named("region")
    assert demo.property_by_id(12345) is None


def test_triggers_are_the_lookup_methods_and_must_exist() -> None:
    (demo,) = Registry([definition()]).connectors
    assert [m.name for m in demo.triggers] == ["List colours"]
    connector, method = Registry([definition()]).method(demo.triggers[0].id)
    assert connector.key == "demo" and method.name == "List colours"
    bad = definition().model_dump(by_alias=True, mode="json")
    bad["methods"][1]["fields"][0]["trigger"] = "Paint"  # not a lookup
    with pytest.raises(ValidationError, match="trigger 'Paint' is not a lookup method"):
        ConnectorDef.model_validate(bad)


def test_authentication_ids_are_stable_guids_per_auth_type() -> None:
    (demo,) = Registry([definition()]).connectors
    ids = [demo.authentication_id(a) for a in demo.definition.auth]
    assert len(set(ids)) == 2 and ids == [demo.authentication_id(a) for a in demo.definition.auth]
    assert demo.authentication(ids[1].upper()) is demo.definition.auth[1]
    assert demo.authentication("00000000-0000-0000-0000-000000000000") is None
