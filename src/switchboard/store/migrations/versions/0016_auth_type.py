"""Account connectors remember the authentication they were installed or signed in with (``auth_type``).

Revision ID: 0016_auth_type
Revises: 0015_hook_inbox
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_auth_type"
down_revision = "0015_hook_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch): SQLite then keeps the table as 0008 built it (AUTOINCREMENT). Rows made before
    # stay null: shown with the connector's first authentication, as they were.
    op.add_column("account_connectors", sa.Column("auth_type", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("auth_type")
