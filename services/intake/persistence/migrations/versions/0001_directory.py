"""Directory of townships and villages that petitions are registered against.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "township",
        sa.Column("tenant_id", sa.Uuid, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "village",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("tenant_id", sa.Uuid, sa.ForeignKey("township.tenant_id"), nullable=False),
        sa.Column("slug", sa.String(40), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.UniqueConstraint("tenant_id", "slug"),
    )
    for table in ("township", "village"):
        for statement in tenant_policy_sql(table):
            op.execute(statement)


def downgrade() -> None:
    op.drop_table("village")
    op.drop_table("township")
