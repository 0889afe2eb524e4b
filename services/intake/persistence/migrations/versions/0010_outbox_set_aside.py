"""Outbox rows that cannot be published are set aside with their reason, so the rows behind them go on.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from shared.events.outbox import outbox_set_aside_sql, outbox_set_aside_undo_sql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in outbox_set_aside_sql("intake"):
        op.execute(statement)


def downgrade() -> None:
    for statement in outbox_set_aside_undo_sql("intake"):
        op.execute(statement)
