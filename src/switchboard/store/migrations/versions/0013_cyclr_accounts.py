"""Cyclr's account settings: retention hours, audit info and the transaction-error webhook.

Revision ID: 0013_cyclr_accounts
Revises: 0012_enabled
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_cyclr_accounts"
down_revision = "0012_enabled"
branch_labels = None
depends_on = None

_FLAGS = ("transaction_error_webhook_enabled", "transaction_error_webhook_include_warnings")


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch): SQLite then keeps the table as 0008 built it (AUTOINCREMENT).
    op.add_column("accounts", sa.Column("step_data_success_retention_hours", sa.Integer(), nullable=True))
    op.add_column("accounts", sa.Column("step_data_errored_retention_hours", sa.Integer(), nullable=True))
    op.add_column("accounts", sa.Column("audit_info", sa.Text(), nullable=True))
    op.add_column("accounts", sa.Column("task_audit_info", sa.Text(), nullable=True))
    for flag in _FLAGS:
        op.add_column("accounts", sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("accounts", sa.Column("transaction_error_webhook_url", sa.Text(), nullable=True))
    op.add_column("accounts", sa.Column("transaction_error_webhook_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        for column in (
            "transaction_error_webhook_id",
            "transaction_error_webhook_url",
            *_FLAGS,
            "task_audit_info",
            "audit_info",
            "step_data_errored_retention_hours",
            "step_data_success_retention_hours",
        ):
            batch.drop_column(column)
