"""The transactional outbox and the processed-event ledger of the reporting service.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.events.outbox import outbox_migration_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in outbox_migration_sql("reporting"):
        op.execute(statement)


def downgrade() -> None:
    op.execute('DROP TABLE IF EXISTS "reporting".processed_event')
    op.execute('DROP TABLE IF EXISTS "reporting".outbox')
