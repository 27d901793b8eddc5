"""How far the events processes have moved the hook inbox into ``hook_events`` (``store/inbox.py``).

Revision ID: 0015_hook_inbox
Revises: 0014_verify
Create Date: 2026-12-05
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0015_hook_inbox"
down_revision = "0014_verify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    marks = op.create_table(
        "hook_inbox_marks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("moved_to", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(32), nullable=False),
    )
    # Names this database: an inbox file of another one (a database replaced beside it) is never moved in.
    op.bulk_insert(marks, [{"id": 1, "moved_to": 0, "store_id": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("hook_inbox_marks")
