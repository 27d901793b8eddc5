"""The call log: one row per method call, with its redacted exchanges for a while.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("account_api_id", sa.String(64), nullable=False),
        sa.Column("account_connector_id", sa.Integer(), nullable=False),
        sa.Column("connector_key", sa.String(64), nullable=False),
        sa.Column("method_id", sa.String(64), nullable=False),
        sa.Column("method_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_type", sa.String(64), nullable=True),
        sa.Column("upstream_status", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("retries", sa.Integer(), nullable=False),
        sa.Column("throttled", sa.Integer(), nullable=False),
        sa.Column("limiter_ms", sa.Float(), nullable=False),
        sa.Column("exchanges", sa.JSON(), nullable=True),
        sa.Column("exchanges_expire_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_call_log_partner_id_id", "call_log", ["partner_id", "id"])
    op.create_index("ix_call_log_partner_id_request_id", "call_log", ["partner_id", "request_id"])
    op.create_index("ix_call_log_account_connector_id", "call_log", ["account_connector_id"])
    op.create_index("ix_call_log_started_at", "call_log", ["started_at"])
    op.create_index("ix_call_log_exchanges_expire_at", "call_log", ["exchanges_expire_at"])
    op.create_index("ix_call_log_expires_at", "call_log", ["expires_at"])


def downgrade() -> None:
    op.drop_table("call_log")
