"""The sentiment diary (民情日记) kept by village liaisons, linked to the petition an entry became.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

from shared.db.rls import tenant_policy_sql, village_policy_sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE TABLE diary_entry (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES township (tenant_id),
        village_id uuid NOT NULL REFERENCES village (id),
        entry_date date NOT NULL,
        concern text NOT NULL CHECK (length(concern) <= 2000),
        people_count integer NOT NULL CHECK (people_count >= 1),
        category text NOT NULL,
        handled_on_spot text,
        status text NOT NULL CHECK (status IN ('open', 'resolved')),
        resolution_level text NOT NULL
            CHECK (resolution_level IN ('village', 'township', 'county', 'unresolved')),
        resolution_note text,
        resolved_at timestamptz,
        resolved_by text,
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        petition_id uuid UNIQUE REFERENCES petition (id),
        CHECK ((status = 'resolved') = (resolution_level <> 'unresolved'))
    )""")
    op.execute("CREATE INDEX diary_entry_tenant_date ON diary_entry (tenant_id, entry_date DESC, id)")
    op.execute("CREATE INDEX diary_entry_village_date ON diary_entry (village_id, entry_date DESC)")
    for statement in [*tenant_policy_sql("diary_entry"), *village_policy_sql("diary_entry")]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE diary_entry")
