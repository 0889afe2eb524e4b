"""Spot checks (抽查): each month a random sample of a township's closed cases for a county return visit, with the
seed it was drawn from, so the sample can be drawn again and shown to be the same; and the idempotency keys that
make a retried request act once.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from shared.db.rls import drop_tables_sql, scoped_tables_sql
from shared.idempotency import idempotency_migration_sql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TABLES = {
    "spot_check": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        share numeric(4, 3) NOT NULL CHECK (share > 0 AND share <= 1),
        seed bigint NOT NULL,
        population integer NOT NULL,
        drawn_by text NOT NULL,
        drawn_by_name text NOT NULL,
        drawn_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, month)
    )""",
    "spot_check_item": """(
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        spot_check_id uuid NOT NULL REFERENCES spot_check (id),
        case_id uuid NOT NULL REFERENCES case_file (id),
        recorded_verdict text,
        visit_verdict text CHECK (visit_verdict IN ('satisfied','basically_satisfied','dissatisfied')),
        visited_on date,
        note text CHECK (length(note) <= 2000),
        contradicts boolean,
        visited_by text,
        UNIQUE (spot_check_id, case_id)
    )""",
}


# A case's reminders and work items by case: the detail page reads them, and the bench's clean-up deletes by case.
_INDEXES = [
    "CREATE INDEX reminder_case ON reminder (case_id)",
    "CREATE INDEX work_item_case ON work_item (case_id)",
]


def upgrade() -> None:
    for statement in [
        *scoped_tables_sql(_TABLES, without_village={"spot_check"}),
        *idempotency_migration_sql("supervision"),
        *_INDEXES,
    ]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP INDEX work_item_case")
    op.execute("DROP INDEX reminder_case")
    op.execute('DROP TABLE "supervision".idempotency_key')
    for statement in drop_tables_sql(_TABLES):
        op.execute(statement)
