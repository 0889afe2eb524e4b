"""The transactional outbox and the processed-event ledger of the intake service.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from shared.events.outbox import outbox_migration_sql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in outbox_migration_sql("intake"):
        op.execute(statement)


def downgrade() -> None:
    op.execute('DROP TABLE IF EXISTS "intake".processed_event')
    op.execute('DROP TABLE IF EXISTS "intake".outbox')
