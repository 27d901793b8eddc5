"""Syncs: definitions, schedules and leases; the records they keep, with a change sequence for the feed.

Revision ID: 0012_syncs
Revises: 0009_hooks
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_syncs"
down_revision = "0009_hooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "syncs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_connector_id",
            sa.Integer(),
            sa.ForeignKey("account_connectors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("method_id", sa.String(64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("frequency_minutes", sa.Integer(), nullable=False),
        sa.Column("key_path", sa.String(200), nullable=False),
        sa.Column("cursor", sa.JSON(), nullable=True),
        sa.Column("deletes", sa.JSON(), nullable=False),
        sa.Column("excluded_fields", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("cursor_value", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", sa.Float(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("run_started_at", sa.Float(), nullable=True),
        sa.Column("run_full", sa.Boolean(), nullable=False),
        sa.Column("run_reset", sa.Boolean(), nullable=False),
        sa.Column("run_requested", sa.Boolean(), nullable=False),
        sa.Column("reset_requested", sa.Boolean(), nullable=False),
        sa.Column("run_progress", sa.JSON(), nullable=False),
        sa.Column("checkpoint", sa.JSON(), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_run_at", sa.Float(), nullable=True),
        sa.Column("next_run_at", sa.Float(), nullable=True),
        sa.Column("last_run", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.UniqueConstraint("account_connector_id", "name", name="uq_syncs_connection_name"),
        sqlite_autoincrement=True,  # ids are never given twice (0008)
    )
    op.create_index("ix_syncs_due", "syncs", ["enabled", "next_run_at"])
    op.create_table(
        "sync_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sync_id", sa.Integer(), sa.ForeignKey("syncs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("seen_run", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.Float(), nullable=False),
        sa.Column("modified_at", sa.Float(), nullable=False),
        sa.Column("deleted_at", sa.Float(), nullable=True),
        sa.UniqueConstraint("sync_id", "key", name="uq_sync_records_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_records_feed", "sync_records", ["sync_id", "seq", "id"])
    op.create_index("ix_sync_records_seen", "sync_records", ["sync_id", "seen_run"])


def downgrade() -> None:
    op.drop_table("sync_records")
    op.drop_table("syncs")
