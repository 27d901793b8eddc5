"""A partner's branding for the connect page."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.models import Branding


async def get_branding(session: AsyncSession, partner_id: int) -> Branding | None:
    return await session.get(Branding, partner_id)


async def put_branding(
    session: AsyncSession, partner_id: int, *, name: str, logo_url: str | None, colour: str, allowed_origins: list[str]
) -> Branding:
    """Create or replace the partner's branding (validated by the caller)."""
    row = await session.get(Branding, partner_id)
    if row is None:
        row = Branding(partner_id=partner_id)
        session.add(row)
    row.name, row.logo_url, row.colour, row.allowed_origins = name, logo_url, colour, list(allowed_origins)
    await session.flush()
    return row
