"""Connector settings: whether the partner offers the connector to its end users (default yes).

Revision ID: 0012_enabled
Revises: 0012_syncs (file 0012_syncs.py)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_enabled"
down_revision = "0012_syncs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("connector_settings", sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("connector_settings", "enabled")
