"""Emergency help requests (应急求助, 急事急办) with their hour deadlines; the requester's phone encrypted.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from shared.db.rls import tenant_policy_sql, village_policy_sql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE TABLE emergency_request (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES township (tenant_id),
        village_id uuid REFERENCES village (id),
        what_happened text NOT NULL CHECK (length(what_happened) <= 2000),
        people_affected integer NOT NULL CHECK (people_affected >= 1),
        contact_phone_enc bytea NOT NULL,
        contact_phone_masked text NOT NULL,
        received_at timestamptz NOT NULL,
        respond_by timestamptz NOT NULL,
        resolve_by timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'responding', 'resolved')),
        requested_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        responded_by text,
        response_note text,
        resolved_at timestamptz,
        resolved_by text,
        resolution_note text
    )""")
    op.execute(
        "CREATE INDEX emergency_request_tenant ON emergency_request (tenant_id, status, received_at DESC)"
    )
    for statement in [*tenant_policy_sql("emergency_request"), *village_policy_sql("emergency_request")]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE emergency_request")
