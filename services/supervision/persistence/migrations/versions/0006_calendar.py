"""The county's working-day calendar: holidays and make-up working days, and the years entered.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# No tenant_id: the calendar is the county's, one per deployment, and every township counts by it.
_CREATE = [
    """CREATE TABLE calendar_day (
        day date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name text,
        source text NOT NULL
    )""",
    """CREATE TABLE calendar_year (
        year int PRIMARY KEY,
        source text NOT NULL,
        entered_by text,
        entered_at timestamptz DEFAULT now()
    )""",
]


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE calendar_year")
    op.execute("DROP TABLE calendar_day")
