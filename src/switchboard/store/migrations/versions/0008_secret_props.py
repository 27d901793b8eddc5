"""Secret install properties: encrypted in their own column, out of the plain ``properties``.

The values are moved by the sealer ``Database.upgrade(seal=...)`` hands over (it knows the
secret key and which properties the catalogue marks secret); without one (``switchboard db
upgrade``) they move at the server's next start, which seals on every upgrade.

Revision ID: 0008_secret_props
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0008_secret_props"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.add_column(sa.Column("secret_properties_encrypted", sa.Text(), nullable=True))
    seal = context.config.attributes.get("seal")
    if seal is not None:
        seal(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("secret_properties_encrypted")
