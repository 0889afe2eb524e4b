"""Outbox rows that cannot be published are set aside with their reason, so the rows behind them go on.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.events.outbox import outbox_set_aside_sql, outbox_set_aside_undo_sql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in outbox_set_aside_sql("supervision"):
        op.execute(statement)


def downgrade() -> None:
    for statement in outbox_set_aside_undo_sql("supervision"):
        op.execute(statement)
