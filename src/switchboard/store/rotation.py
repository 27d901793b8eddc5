"""Key rotation: re-encrypt every stored secret under the newest key.

With ``SWITCHBOARD_SECRET_KEY=new,old`` a server reads secrets written under either key and
writes new ones under ``new``; :func:`rotate_secrets` rewrites the old ones, after which ``old``
can be dropped. Every ``*_encrypted`` column of every table is covered, so a secret column added
later is rotated without a change here. Safe beside running servers: each value is replaced only
if it is still the one that was read (a refresh that wrote a newer token set in between wins),
and a server configured with both keys reads either form meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, select, tuple_, update

from switchboard.errors import UnreadableSecret
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database
from switchboard.store.models import Base

SUFFIX = "_encrypted"
BATCH = 500
ATTEMPTS = 5  # re-reads of one value that keeps changing under us before giving up on it


@dataclass
class RotationReport:
    """How many values each column had re-encrypted, and which could not be read."""

    rotated: dict[str, int] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rotated.values())


def encrypted_columns() -> list[tuple[Table, Column[Any]]]:
    """Every ``(table, column)`` holding secrets, by the naming rule of ``store.models``."""
    return [
        (table, column)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith(SUFFIX)
    ]


async def rotate_secrets(db: Database, secrets: SecretBox) -> RotationReport:
    """Re-encrypt every stored secret under the first configured key; report what was done."""
    report = RotationReport()
    for table, column in encrypted_columns():
        name = f"{table.name}.{column.name}"
        report.rotated[name] = 0
        key = list(table.primary_key.columns)
        after: tuple[Any, ...] | None = None
        while True:
            async with db.session() as session:
                query = select(*key, column).where(column.is_not(None)).order_by(*key).limit(BATCH)
                if after is not None:
                    query = query.where(_after(key, after))
                rows = (await session.execute(query)).all()
            if not rows:
                break
            for row in rows:
                ids = tuple(row[: len(key)])
                outcome = await _rotate_one(db, secrets, table, key, column, ids, row[-1])
                where = f"{name} {dict(zip((c.name for c in key), ids, strict=True))}"
                if outcome == "rotated":
                    report.rotated[name] += 1
                elif outcome == "unreadable":
                    report.unreadable.append(where)
                elif outcome == "busy":
                    report.busy.append(where)
            after = tuple(rows[-1][: len(key)])
    return report


async def _rotate_one(
    db: Database,
    secrets: SecretBox,
    table: Table,
    key: list[Column[Any]],
    column: Column[Any],
    ids: tuple[Any, ...],
    value: str | None,
) -> str:
    """Compare-and-swap one value to its re-encryption; re-read it if someone wrote meanwhile."""
    match = [k == v for k, v in zip(key, ids, strict=True)]
    for _ in range(ATTEMPTS):
        if value is None:
            return "gone"
        try:
            secrets.decrypt(value)  # unreadable values are reported, never rewritten
        except UnreadableSecret:
            return "unreadable"
        async with db.session() as session:
            result = await session.execute(
                update(table).where(*match, column == value).values({column.name: secrets.rotate(value)})
            )
            if getattr(result, "rowcount", 0):
                return "rotated"
            value = await session.scalar(select(column).where(*match))
    return "busy"


def _after(key: list[Column[Any]], last: tuple[Any, ...]) -> Any:
    """Rows after ``last`` in primary-key order (keyset pagination, composite keys too)."""
    return tuple_(*key) > tuple_(*last)
