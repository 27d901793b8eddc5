"""Property values a partner sets once for every install of a connector (the connector settings' Properties):
plain ones in ``properties``, secret ones encrypted in ``secret_properties_encrypted``, as an install keeps its.

Revision ID: 0019_partner_properties
Revises: 0018_connect_installs
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_partner_properties"
down_revision = "0018_connect_installs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_properties",
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("connector_key", sa.String(64), primary_key=True),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("secret_properties_encrypted", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("partner_properties")
