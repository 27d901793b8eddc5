"""Account-restricted partner tokens (``scope=account:{id}``) and Cyclr's ``callbackMessage`` on sign-ins.

Revision ID: 0009_token_scope
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_token_scope"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("partner_tokens") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_partner_tokens_account_id", "accounts", ["account_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_partner_tokens_account_id", ["account_id"])
    op.add_column("oauth_states", sa.Column("callback_message", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("oauth_states", "callback_message")
    with op.batch_alter_table("partner_tokens") as batch:
        batch.drop_index("ix_partner_tokens_account_id")
        batch.drop_constraint("fk_partner_tokens_account_id", type_="foreignkey")
        batch.drop_column("account_id")
