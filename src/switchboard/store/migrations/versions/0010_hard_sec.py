"""Secret install properties encrypted in a column of their own; a connect session's start on sign-in tokens.

``account_connectors.secret_properties_encrypted``: the properties marked ``secret: true``, out
of the plain ``properties``. The values are moved by the sealer ``Database.upgrade(seal=...)``
hands over (it knows the secret key and which properties the catalogue marks secret); without
one (``switchboard db upgrade``) they move at the server's next start, which seals every time.

``sign_in_tokens.session_started_at``: the start of the connect session that minted the token
(``POST /connect/oauth``), carried into the ticket it may be exchanged for, so renewals never
outlive the session.

Revision ID: 0009_hard_sec
Revises: 0009_token_scope (file 0009_token_scope.py)
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0009_hard_sec"
down_revision = "0009_token_scope"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account_connectors") as batch:
        batch.add_column(sa.Column("secret_properties_encrypted", sa.Text(), nullable=True))
    with op.batch_alter_table("sign_in_tokens") as batch:
        batch.add_column(sa.Column("session_started_at", sa.Float(), nullable=True))
    seal = context.config.attributes.get("seal")
    if seal is not None:
        seal(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("sign_in_tokens") as batch:
        batch.drop_column("session_started_at")
    with op.batch_alter_table("account_connectors") as batch:
        batch.drop_column("secret_properties_encrypted")
