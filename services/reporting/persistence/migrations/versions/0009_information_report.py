"""Upward information reports (信访信息报送): the major matters that raise one (collective petitions and emergencies,
a fact table fed by events like the others), the reports themselves (their retried POSTs keep
their keys in 0007's idempotency_key).

`major_matter_fact` is a projection: each event writes only its own columns, and a column two events could set
keeps the earliest instant, so events in any order give the same row (docs/reporting.md). `information_report` is
what users wrote: a draft, edited, then submitted and frozen.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_CREATE = [
    """CREATE TABLE major_matter_fact (
        source_kind text NOT NULL CHECK (source_kind IN ('collective_petition', 'emergency')),
        source_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        raised_at timestamptz,
        raised_on date,
        people_count integer,
        village text,
        respond_by timestamptz,
        resolve_by timestamptz,
        responded_at timestamptz,
        resolved_at timestamptz,
        PRIMARY KEY (source_kind, source_id)
    )""",
    "CREATE INDEX major_matter_fact_raised ON major_matter_fact (raised_on, township)",
    # township 'county' (tenant: the county's chain id): the county office's own report to the city.
    """CREATE TABLE information_report (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        township text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('regular', 'major_matter')),
        period text,
        source_kind text CHECK (source_kind IN ('collective_petition', 'emergency')),
        source_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        facts jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        due_on date NOT NULL,
        drafted_by text NOT NULL,
        drafted_at timestamptz NOT NULL,
        edited_at timestamptz,
        submitted_by text,
        submitted_at timestamptz,
        CHECK ((kind = 'regular') = (period IS NOT NULL)),
        CHECK ((kind = 'major_matter') = (source_id IS NOT NULL AND source_kind IS NOT NULL))
    )""",
    # One regular report per reporter per month, one report per matter per reporter.
    "CREATE UNIQUE INDEX information_report_period ON information_report (tenant_id, period) WHERE kind = 'regular'",
    """CREATE UNIQUE INDEX information_report_source ON information_report (tenant_id, source_kind, source_id)
       WHERE kind = 'major_matter'""",
    "CREATE INDEX information_report_due ON information_report (due_on, township)",
]
TABLES = ("major_matter_fact", "information_report")


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for table in TABLES:
        for statement in tenant_policy_sql(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
