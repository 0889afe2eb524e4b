"""The trail (全程留痕): append-only, hash-chained per tenant; the app role may only insert and read.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.trail import downgrade_sql, migration_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in migration_sql("supervision", "xf_supervision"):
        op.execute(statement)


def downgrade() -> None:
    for statement in downgrade_sql("supervision"):
        op.execute(statement)
