"""The monthly situation analysis (月度信访形势分析): the documents the worker generated.

One row per (month, township, kind): the county's analysis has township NULL, and NULLS NOT DISTINCT makes it as
unique as a township's, so two workers generating the same month insert one set (ON CONFLICT DO NOTHING). The
county's rows carry the county chain's tenant id, which only county scopes see; a township's rows its own.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_CREATE = [
    """CREATE TABLE monthly_analysis (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        township text,
        kind text NOT NULL CHECK (kind IN ('pdf', 'xlsx')),
        content bytea NOT NULL,
        generated_at timestamptz NOT NULL,
        CONSTRAINT monthly_analysis_once UNIQUE NULLS NOT DISTINCT (month, township, kind)
    )""",
]


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for statement in tenant_policy_sql("monthly_analysis"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE monthly_analysis")
