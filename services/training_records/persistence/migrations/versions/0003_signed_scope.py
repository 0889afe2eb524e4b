"""Row-level security trusts only a data scope signed by the service (a bare set_config widens nothing).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from shared.db.rls import signed_scope_migration_sql, unsigned_scope_migration_sql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in signed_scope_migration_sql("training_records"):
        op.execute(statement)


def downgrade() -> None:
    for statement in unsigned_scope_migration_sql("training_records"):
        op.execute(statement)
