"""Ids are never given twice, and accounts and connections carry a creation nonce (``uid``).

SQLite gave a deleted row's integer id to the next row created, whoever's it was: a connect
ticket, an MCP token's scope or a stored idempotent answer that named the old row then reached
the new one. Every table keyed by an integer id is rebuilt with AUTOINCREMENT (PostgreSQL's
sequences never go back, so it only gets the nonces).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ID_TABLES = (
    "partners",
    "accounts",
    "account_connectors",
    "mcp_tokens",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
    "call_log",
)
UID_TABLES = ("accounts", "account_connectors")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # Rebuilding a parent table drops it, and with foreign keys on that drop deletes every child
        # row (ON DELETE CASCADE). The pragma only takes effect outside a transaction, so it comes
        # first; Database.upgrade opens fresh connections afterwards, with foreign keys on again.
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
        if bind.exec_driver_sql("PRAGMA foreign_keys").scalar() and _has_rows(bind):
            raise RuntimeError("cannot rebuild the tables: foreign keys are still on and rows would be deleted")
    for table in UID_TABLES:
        op.add_column(table, sa.Column("uid", sa.String(32), nullable=True))
        ids = bind.execute(sa.text(f"SELECT id FROM {table}")).scalars().all()  # noqa: S608 - fixed names
        fill = sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id")  # noqa: S608
        for row_id in ids:
            bind.execute(fill, {"uid": uuid.uuid4().hex, "id": row_id})
    if not sqlite:
        for table in UID_TABLES:
            op.alter_column(table, "uid", nullable=False)
            op.create_unique_constraint(f"uq_{table}_uid", table, ["uid"])
        return
    for table in ID_TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
            if table in UID_TABLES:
                batch.alter_column("uid", existing_type=sa.String(32), nullable=False)
                batch.create_unique_constraint(f"uq_{table}_uid", ["uid"])


def _has_rows(bind: sa.Connection) -> bool:
    return any(bind.execute(sa.text(f"SELECT 1 FROM {t} LIMIT 1")).first() for t in ID_TABLES)  # noqa: S608


def downgrade() -> None:
    for table in UID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_uid", type_="unique")
            batch.drop_column("uid")
