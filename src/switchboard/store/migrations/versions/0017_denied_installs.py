"""A connection the connect page installed for a sign-in is removed when the user denies consent: the sign-in
token names it (``installed_connector_id``), the authorization attempt carries it on (``drop_if_denied``).

Revision ID: 0017_denied_installs
Revises: 0016_auth_type
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_denied_installs"
down_revision = "0016_auth_type"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch), as 0016: rows made before name no install, so a denial keeps theirs.
    op.add_column("sign_in_tokens", sa.Column("installed_connector_id", sa.Integer(), nullable=True))
    op.add_column("oauth_states", sa.Column("drop_if_denied", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("oauth_states") as batch:
        batch.drop_column("drop_if_denied")
    with op.batch_alter_table("sign_in_tokens") as batch:
        batch.drop_column("installed_connector_id")
