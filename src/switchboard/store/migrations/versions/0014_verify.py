"""Account connectors remember how their credentials check went (``verified``, ``verification_error``).

Revision ID: 0014_verify
Revises: 0013_cyclr_accounts
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_verify"
down_revision = "0013_cyclr_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch): SQLite then keeps the table as 0008 built it (AUTOINCREMENT).
    op.add_column("account_connectors", sa.Column("verified", sa.Boolean(), nullable=True))
    op.add_column("account_connectors", sa.Column("verification_error", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("verification_error")
        batch.drop_column("verified")
