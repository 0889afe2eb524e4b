"""The trail (全程留痕): append-only, hash-chained per tenant; the app role may only insert and read.

Revision ID: 0001
Revises:
"""

from alembic import op

from shared.trail import downgrade_sql, migration_sql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in migration_sql("portal", "xf_portal"):
        op.execute(statement)


def downgrade() -> None:
    for statement in downgrade_sql("portal"):
        op.execute(statement)
