"""An install the connect page made for an OAuth sign-in is marked as such (``made_for_sign_in``), for as long as
it lives: the sweep of empty installs whose every attempt has expired (connections/leftovers.py) removes only those,
never one a partner made through the API. Installs named by a sign-in token still stored are marked now.

Revision ID: 0018_connect_installs
Revises: 0017_denied_installs
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_connect_installs"
down_revision = "0017_denied_installs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "account_connectors",
        sa.Column("made_for_sign_in", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Partial: the sweep reads only marked rows, few beside every connection (written as each dialect queries it).
    op.create_index(
        "ix_account_connectors_made_for_sign_in",
        "account_connectors",
        ["id"],
        postgresql_where=sa.text("made_for_sign_in"),
        sqlite_where=sa.text("made_for_sign_in = 1"),
    )
    op.execute(
        "UPDATE account_connectors SET made_for_sign_in = true WHERE id IN "
        "(SELECT installed_connector_id FROM sign_in_tokens WHERE installed_connector_id IS NOT NULL)"
    )


def downgrade() -> None:
    op.drop_index("ix_account_connectors_made_for_sign_in", table_name="account_connectors")
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("made_for_sign_in")
