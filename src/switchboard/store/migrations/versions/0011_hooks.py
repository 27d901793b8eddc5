"""Inbound provider webhooks: hook URLs for partners and connections, signing secrets, received events.

Columns are added in place with unique indexes (no table rebuild: on SQLite a rebuild of a parent
table would cascade into its children and lose AUTOINCREMENT).

Revision ID: 0009_hooks
Revises: 0009_hard_sec (file 0010_hard_sec.py)
Create Date: 2026-12-04
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0009_hooks"
down_revision = "0009_hard_sec"
branch_labels = None
depends_on = None


def _backfill(table: str, column: str) -> None:
    """Existing rows get their unguessable hook id now (new ones get it from the model's default)."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column(column))
    ids = [row[0] for row in bind.execute(sa.select(rows.c.id).where(rows.c[column].is_(None)))]
    for row_id in ids:
        bind.execute(sa.update(rows).where(rows.c.id == row_id).values({column: secrets.token_urlsafe(24)}))


def upgrade() -> None:
    op.add_column("partners", sa.Column("hook_key", sa.String(48), nullable=True))
    op.add_column("account_connectors", sa.Column("hook_id", sa.String(48), nullable=True))
    op.add_column("account_connectors", sa.Column("hook_secrets_encrypted", sa.Text(), nullable=True))
    op.add_column("connector_settings", sa.Column("hook_secrets_encrypted", sa.Text(), nullable=True))
    _backfill("partners", "hook_key")
    _backfill("account_connectors", "hook_id")
    op.create_index("ix_partners_hook_key", "partners", ["hook_key"], unique=True)
    op.create_index("ix_account_connectors_hook_id", "account_connectors", ["hook_id"], unique=True)
    op.create_table(
        "hook_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("connector_key", sa.String(64), nullable=False),
        sa.Column(
            "account_connector_id",
            sa.Integer(),
            sa.ForeignKey("account_connectors.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("provider_event_id", sa.String(200), nullable=True),
        sa.Column("event_type", sa.String(200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("refusal", sa.String(200), nullable=True),
        sa.Column("forwarded_event_id", sa.String(40), nullable=True),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("forwarded_at", sa.Float(), nullable=True),
        sa.UniqueConstraint("partner_id", "connector_key", "provider_event_id", name="uq_hook_events_provider_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_hook_events_status", "hook_events", ["status", "id"])
    op.create_index("ix_hook_events_partner_id_id", "hook_events", ["partner_id", "id"])
    op.create_index("ix_hook_events_account_connector_id", "hook_events", ["account_connector_id"])


def downgrade() -> None:
    op.drop_table("hook_events")
    op.drop_index("ix_account_connectors_hook_id", "account_connectors")
    op.drop_index("ix_partners_hook_key", "partners")
    op.drop_column("connector_settings", "hook_secrets_encrypted")
    op.drop_column("account_connectors", "hook_secrets_encrypted")
    op.drop_column("account_connectors", "hook_id")
    op.drop_column("partners", "hook_key")
