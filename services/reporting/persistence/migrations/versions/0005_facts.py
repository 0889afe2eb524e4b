"""Reporting's facts: one row per petition and one per case, built only from events, each under row-level security.

Every column is written by exactly one kind of event, and a column two events could both set keeps the one the
rule of its own says wins (the later decision, the furthest stage, the latest deadline), so events applied in any
order give the same row (docs/reporting.md).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CREATE = [
    """CREATE TABLE petition_fact (
        petition_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        channel text,
        category text,
        kind text,
        received_on date,
        acceptance_due_on date,
        decided_on date,
        decision text,
        decided_on_time boolean,
        decided_at timestamptz,
        is_collective boolean NOT NULL DEFAULT false,
        is_skip_level boolean NOT NULL DEFAULT false,
        is_repeat boolean NOT NULL DEFAULT false,
        registration_level text
    )""",
    "CREATE INDEX petition_fact_received ON petition_fact (received_on, township)",
    "CREATE INDEX petition_fact_acceptance_due ON petition_fact (acceptance_due_on, township)",
    # Each (petition, earlier petition) link keeps its latest decision: is_repeat is "any link confirmed".
    """CREATE TABLE repeat_link_fact (
        petition_id uuid NOT NULL,
        earlier_petition_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        confirmed boolean NOT NULL,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (petition_id, earlier_petition_id)
    )""",
    """CREATE TABLE case_fact (
        case_id uuid PRIMARY KEY,
        petition_id uuid,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        opened_on date,
        handling_due_on date,
        opinion_on date,
        opinion_on_time boolean,
        closed_on date,
        satisfaction text,
        rated_on date,
        rated_at timestamptz,
        stage text,
        stage_rank integer NOT NULL DEFAULT -1
    )""",
    "CREATE INDEX case_fact_handling_due ON case_fact (handling_due_on, township)",
    "CREATE INDEX case_fact_rated ON case_fact (rated_on, township)",
    "CREATE INDEX case_fact_closed ON case_fact (closed_on, township)",
]
TABLES = ("petition_fact", "repeat_link_fact", "case_fact")


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for table in TABLES:
        for statement in tenant_policy_sql(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
