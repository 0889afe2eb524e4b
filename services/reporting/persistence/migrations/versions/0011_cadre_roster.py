"""The serving cadres of each township (在岗信访干部名单), for the training coverage rate (培训覆盖率).

One row per roster training records announced (`cadre_roster.changed.v1`): the township's whole set of serving
cadres as of an instant. The roster in force at a day is the latest with `as_of_date` on or before it; a replayed
or republished roster (same township, same instant) is the same row. Under row-level security like every fact.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_CREATE = [
    """CREATE TABLE cadre_roster_fact (
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        as_of timestamptz NOT NULL,
        as_of_date date NOT NULL,
        cadre_ids text[] NOT NULL,
        PRIMARY KEY (township, as_of)
    )""",
    "CREATE INDEX cadre_roster_fact_in_force ON cadre_roster_fact (township, as_of_date, as_of)",
    # The coverage numerator looks up each roster cadre's present attendance of the year.
    "CREATE INDEX attendance_fact_cadre ON attendance_fact (cadre_id, held_on) WHERE status = 'present'",
]


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for statement in tenant_policy_sql("cadre_roster_fact"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP INDEX attendance_fact_cadre")
    op.execute("DROP TABLE cadre_roster_fact")
