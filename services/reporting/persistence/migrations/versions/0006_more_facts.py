"""The rest of the county's figures: letters' leader instructions, hard cases, repeat assignments, diary
resolutions, screening items and attendance, each its own fact table under row-level security.

Every column is set by one kind of event with an order-free rule (the latest by the event's time, a flag that
only turns on, the earliest date), as the 0005 facts are (docs/reporting.md).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CREATE = [
    # 领导阅批: a flag that only turns on, so any instruction of the petition, in any order, sets it.
    "ALTER TABLE petition_fact ADD COLUMN is_instructed boolean NOT NULL DEFAULT false",
    "CREATE INDEX case_fact_opened ON case_fact (opened_on, township)",
    """CREATE TABLE hard_case_fact (
        hard_case_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        flagged_on date NOT NULL,
        source text,
        rule text
    )""",
    # One row per repeat assignment; the event's time tells two moves of one case apart and is the same when an
    # event is published again.
    """CREATE TABLE repeat_assignment_fact (
        case_id uuid NOT NULL,
        moved_at timestamptz NOT NULL,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        moved_on date NOT NULL,
        move text NOT NULL,
        to_unit text,
        repeat_of uuid NOT NULL,
        PRIMARY KEY (case_id, moved_at)
    )""",
    "CREATE INDEX repeat_assignment_fact_moved ON repeat_assignment_fact (moved_on, township)",
    """CREATE TABLE diary_resolution_fact (
        diary_entry_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        village text,
        resolution_level text NOT NULL,
        resolved_on date NOT NULL,
        resolved_at timestamptz NOT NULL
    )""",
    "CREATE INDEX diary_resolution_fact_resolved ON diary_resolution_fact (resolved_on, township)",
    """CREATE TABLE screening_item_fact (
        item_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        register_id uuid,
        period text,
        recorded_on date,
        controlled_on date,
        resolved_on date
    )""",
    "CREATE INDEX screening_item_fact_recorded ON screening_item_fact (recorded_on, township)",
    "CREATE INDEX screening_item_fact_controlled ON screening_item_fact (controlled_on, township)",
    "CREATE INDEX screening_item_fact_resolved ON screening_item_fact (resolved_on, township)",
    """CREATE TABLE attendance_fact (
        attendance_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        session_id uuid NOT NULL,
        cadre_id text NOT NULL,
        status text NOT NULL,
        hours numeric(5, 1) NOT NULL,
        held_on date NOT NULL,
        changed_at timestamptz NOT NULL
    )""",
    "CREATE INDEX attendance_fact_held ON attendance_fact (held_on, township)",
]
TABLES = (
    "hard_case_fact",
    "repeat_assignment_fact",
    "diary_resolution_fact",
    "screening_item_fact",
    "attendance_fact",
)


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for table in TABLES:
        for statement in tenant_policy_sql(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP INDEX case_fact_opened")
    op.execute("ALTER TABLE petition_fact DROP COLUMN is_instructed")
