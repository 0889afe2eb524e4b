"""Responsible units (责任单位) cases are routed to: township offices and county departments.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from shared.db.rls import tenant_policy_sql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "responsible_unit",
        sa.Column("id", sa.Uuid, primary_key=True),
        # NULL for a county department, which every township may route to.
        sa.Column("tenant_id", sa.Uuid, nullable=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("slug", sa.String(60), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("categories", ARRAY(sa.String(40)), nullable=False, server_default="{}"),
        sa.UniqueConstraint("tenant_id", "slug", postgresql_nulls_not_distinct=True),
    )
    for statement in tenant_policy_sql("responsible_unit", shared_rows=True):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("responsible_unit")
