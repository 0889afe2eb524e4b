"""The county's calendar as intake keeps it: each year's holidays, which set the holiday screening periods.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No tenant_id and no row-level security: one calendar per county, the same for every township.
    op.execute("""CREATE TABLE calendar_year (
        year int PRIMARY KEY CHECK (year BETWEEN 2004 AND 2100),
        source text NOT NULL,
        holidays jsonb NOT NULL CHECK (jsonb_typeof(holidays) = 'array'),
        entered_at timestamptz NOT NULL DEFAULT now()
    )""")


def downgrade() -> None:
    op.execute("DROP TABLE calendar_year")
