"""Property values a partner sets once for every install of a connector (the connector settings' ``Properties``).

Stored by ``store.partner_properties`` (secret ones encrypted, as an install's are); a call reads them with its
call target (``store.account_connectors.call_target``) and ``ConnectionSecrets.properties`` puts the install's
own values over them. Secret ones are write-only here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.catalog.registry import Connector
from switchboard.connections.properties import PropertyView, property_value
from switchboard.connections.writes import ConnectionWrites
from switchboard.errors import InputError
from switchboard.store.models import AccountConnector
from switchboard.store.partner_properties import PartnerProperties, put_partner_properties


@dataclass(frozen=True, slots=True)
class PartnerValue:
    """One of the partner's values, hidden when secret."""

    id: int
    name: str
    value: str | None


def shown(connector: Connector, row: PartnerProperties | None) -> list[PartnerValue]:
    """The connector's properties the partner has set, in the connector's order; secret ones' values null."""
    stored = row.properties if row is not None else {}
    return [
        PartnerValue(p.id, p.definition.name, None if p.definition.secret else str(stored[p.definition.name]))
        for p in connector.properties
        if stored.get(p.definition.name) is not None
    ]


def filled_in(connector: Connector, install: AccountConnector, row: PartnerProperties | None) -> list[PropertyView]:
    """The partner's values ``install`` leaves unset (or empty), which its calls use, as its property views."""
    return [
        PropertyView(v.id, v.name, v.value, install.id, from_partner=True)
        for v in shown(connector, row)
        if not property_value(install, v.name)
    ]


def check_names(connector: Connector, names: list[str]) -> None:
    """A 400 naming each property the connector does not declare, and listing those it does."""
    known = sorted(p.definition.name for p in connector.properties)
    unknown = [name for name in names if name not in known]
    if unknown:
        word = "property" if len(unknown) == 1 else "properties"
        raise InputError(
            f"Unknown {word} {', '.join(unknown)} for {connector.definition.name}; it takes: "
            f"{', '.join(known) or 'none'}",
            PropertyName=unknown[0],
        )


async def set_partner_values(
    session: AsyncSession,
    writes: ConnectionWrites,
    partner_id: int,
    connector: Connector,
    given: Mapping[str, str | None],
) -> None:
    """Set the partner's values (a null or empty one removes it; a secret given as its mask keeps it), the hosts
    they fill checked first. The caller drops cached connections once this commits (``forget_all``)."""
    check_names(connector, list(given))
    values = {k: v.strip() for k, v in given.items() if v is not None and v.strip()}
    removed = [k for k in given if k not in values]
    definition = connector.definition
    if values:
        current = await _current(session, writes, partner_id, connector)
        await writes.check_hosts(definition, {**current, **values})
    await put_partner_properties(
        session,
        partner_id,
        connector.key,
        secret=definition.secret_properties,
        values=values,
        removed=removed,
        box=writes.box,
    )


async def _current(
    session: AsyncSession, writes: ConnectionWrites, partner_id: int, connector: Connector
) -> dict[str, Any]:
    row = await session.get(PartnerProperties, (partner_id, connector.key))
    if row is None:
        return {}
    return writes.secrets.values(row.properties, row.secret_properties_encrypted)
