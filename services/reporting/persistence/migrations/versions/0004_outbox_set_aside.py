"""Outbox rows that cannot be published are set aside with their reason, so the rows behind them go on.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from shared.events.outbox import outbox_set_aside_sql, outbox_set_aside_undo_sql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in outbox_set_aside_sql("reporting"):
        op.execute(statement)


def downgrade() -> None:
    for statement in outbox_set_aside_undo_sql("reporting"):
        op.execute(statement)
