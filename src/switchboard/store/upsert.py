"""The dialect's INSERT, which knows ON CONFLICT: every upsert in the store starts from here."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession) -> Any:
    """``postgresql.insert`` or ``sqlite.insert``, by the session's database (both take ``on_conflict_do_*``)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
