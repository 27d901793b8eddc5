"""A partner's property values for every install of a connector (the connector settings' ``Properties``).

Kept as an install's are (``store.properties``): plain values in ``properties``, secret ones encrypted in
``secret_properties_encrypted`` with a mask in their place. A table of its own beside ``models.py`` (which
would pass the size limit with it); ``store/__init__`` imports this module, so the metadata has it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.store.crypto import SecretBox
from switchboard.store.models import Base, utcnow
from switchboard.store.properties import drop_properties, put_properties
from switchboard.store.upsert import insert_for


class PartnerProperties(Base):
    """The values a partner sets once for a connector; an install's own value wins over each."""

    __tablename__ = "partner_properties"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    connector_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret_properties_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


async def get_partner_properties(
    session: AsyncSession, partner_id: int, connector_key: str
) -> PartnerProperties | None:
    return await session.get(PartnerProperties, (partner_id, connector_key))


async def partner_value_names(session: AsyncSession, partner_id: int) -> dict[str, frozenset[str]]:
    """The names of the properties the partner has set a value for, by connector key (the connect page asks its
    end users for none of them)."""
    table = PartnerProperties
    rows = await session.execute(select(table.connector_key, table.properties).where(table.partner_id == partner_id))
    return {key: frozenset(k for k, v in (values or {}).items() if v) for key, values in rows.tuples()}


async def put_partner_properties(
    session: AsyncSession,
    partner_id: int,
    connector_key: str,
    *,
    secret: Collection[str],
    values: Mapping[str, str],
    removed: Collection[str],
    box: SecretBox,
) -> PartnerProperties:
    """Merge ``values`` into the partner's (``secret`` names encrypted) and drop ``removed``; the row is made
    by an upsert and then read locked, so two writers at once neither both insert nor lose a value."""
    blank = {"partner_id": partner_id, "connector_key": connector_key, "properties": {}}
    await session.execute(insert_for(session)(PartnerProperties).values(**blank).on_conflict_do_nothing())
    row = await session.get(
        PartnerProperties, (partner_id, connector_key), populate_existing=True, with_for_update=True
    )
    assert row is not None
    if removed:
        drop_properties(row, removed, box)
    if values:
        put_properties(row, secret, values, box)
    row.updated_at = utcnow()
    await session.flush()
    return row
