"""Instability screening registers (不稳定因素排查), one per township and period, with their risk items.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.db.rls import tenant_policy_sql, village_policy_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE TABLE screening_register (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES township (tenant_id),
        period text NOT NULL,
        period_kind text NOT NULL CHECK (period_kind IN ('monthly', 'holiday')),
        period_label text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'filed')),
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        filed_at timestamptz,
        filed_on date,
        filed_by text,
        filed_by_name text,
        UNIQUE (tenant_id, period),
        CHECK ((status = 'filed') = (filed_at IS NOT NULL))
    )""")
    # The overdue list: draft registers past their due date.
    op.execute("CREATE INDEX screening_register_due ON screening_register (tenant_id, status, due_on)")
    op.execute("""CREATE TABLE screening_item (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid REFERENCES village (id),
        register_id uuid NOT NULL REFERENCES screening_register (id),
        description text NOT NULL CHECK (length(description) <= 2000),
        risk_level text NOT NULL CHECK (risk_level IN ('high', 'medium', 'low')),
        people_count integer NOT NULL CHECK (people_count >= 1),
        responsible_person text NOT NULL,
        measures text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'controlled', 'resolved')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        resolution_note text,
        resolved_at timestamptz
    )""")
    op.execute("CREATE INDEX screening_item_register ON screening_item (register_id, recorded_at)")
    for statement in [
        *tenant_policy_sql("screening_register"),
        *tenant_policy_sql("screening_item"),
        *village_policy_sql("screening_item"),
    ]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE screening_item")
    op.execute("DROP TABLE screening_register")
