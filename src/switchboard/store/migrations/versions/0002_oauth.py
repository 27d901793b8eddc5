"""OAuth: partner connector settings, sign-in tokens, authorization states, per-install apps.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.add_column(sa.Column("oauth_app_encrypted", sa.Text(), nullable=True))
    op.create_table(
        "connector_settings",
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("connector_key", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(500), nullable=True),
        sa.Column("client_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sign_in_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("used_at", sa.Float(), nullable=True),
    )
    op.create_index("ix_sign_in_tokens_account_id", "sign_in_tokens", ["account_id"])
    op.create_table(
        "oauth_states",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column(
            "account_connector_id",
            sa.Integer(),
            sa.ForeignKey("account_connectors.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("target_origin", sa.Text(), nullable=True),
        sa.Column("post_message", sa.Boolean(), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("used_at", sa.Float(), nullable=True),
    )
    op.create_index("ix_oauth_states_account_connector_id", "oauth_states", ["account_connector_id"])


def downgrade() -> None:
    op.drop_table("oauth_states")
    op.drop_table("sign_in_tokens")
    op.drop_table("connector_settings")
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("oauth_app_encrypted")
