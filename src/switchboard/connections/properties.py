"""An account connector's install-time properties, one by one (Cyclr's account connector properties).

Reads go through ``property_value``, writes through ``ConnectionWrites.set_properties`` and
``remove_properties``. A secret property's plain column holds only a mask (``store.properties``: the
value is encrypted apart), and ``visible_value`` never shows it: secret properties are write-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.catalog.registry import Connector, Property
from switchboard.errors import InputError, NotFound
from switchboard.store.models import AccountConnector


@dataclass(frozen=True, slots=True)
class PropertyView:
    """A property of one account connector, its value hidden when secret."""

    id: int
    name: str
    value: str | None
    account_connector_id: int
    from_partner: bool = False  # the partner's value for every install, which this one leaves unset


def property_value(row: AccountConnector, name: str) -> str | None:
    """The stored value of property ``name`` (a secret one's mask), or None when it has none."""
    value = row.properties.get(name)
    return None if value is None else str(value)


def visible_value(prop: Property, row: AccountConnector) -> str | None:
    return None if prop.definition.secret else property_value(row, prop.definition.name)


def view(prop: Property, row: AccountConnector) -> PropertyView:
    return PropertyView(prop.id, prop.definition.name, visible_value(prop, row), row.id)


def stored(connector: Connector, row: AccountConnector) -> list[PropertyView]:
    """The connector's properties that have a value on this account connector."""
    return [view(p, row) for p in connector.properties if property_value(row, p.definition.name) is not None]


def by_name(connector: Connector, name: str) -> Property:
    """The property called ``name`` (its TargetName); 400 in Cyclr's words when there is none."""
    prop = connector.property_named(name.strip())
    if prop is None:
        raise InputError(f"There is not a connector property that matches name '{name}'.")
    return prop


def by_id(connector: Connector, row: AccountConnector, property_id: int, *, with_value: bool = True) -> Property:
    """The property with this Id; 404 when the connector has none, or (``with_value``) none is stored."""
    prop = connector.property_by_id(property_id)
    if prop is None or (with_value and property_value(row, prop.definition.name) is None):
        raise NotFound(f"Property {property_id} was not found on account connector {row.id}")
    return prop
