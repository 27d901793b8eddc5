"""Whether this server's secrets key reads what the database holds, checked once at start.

Servers sharing a database must share ``SWITCHBOARD_SECRET_KEY``. One started with another key (a host
left on its own key file, a typo) otherwise shows it only in its answers: 409 on every call through a
connection another server stored, and OAuth sign-ins started elsewhere refused on their way back here.
"""

from __future__ import annotations

from sqlalchemy import select

from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database
from switchboard.store.rotation import encrypted_columns

SAMPLE = 5  # values read per column: the newest few, so a key rotated in since the oldest rows is not blamed


async def unreadable_columns(db: Database, secrets: SecretBox) -> list[str]:
    """The encrypted columns whose newest values none decrypt with the configured keys (``table.column``)."""
    unreadable = []
    for table, column in encrypted_columns():
        newest = [c.desc() for c in table.primary_key.columns]
        async with db.session() as session:
            values = (
                (await session.execute(select(column).where(column.is_not(None)).order_by(*newest).limit(SAMPLE)))
                .scalars()
                .all()
            )
        if values and not any(secrets.readable(value) for value in values):
            unreadable.append(f"{table.name}.{column.name}")
    return unreadable
