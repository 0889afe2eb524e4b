"""Petitions, petitioners (encrypted), repeat links, attachments, acceptance decisions, idempotency keys.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from shared.db.rls import tenant_policy_sql, village_policy_sql
from shared.idempotency import idempotency_migration_sql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = [
    """CREATE TABLE petition (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES township (tenant_id),
        village_id uuid REFERENCES village (id),
        channel text NOT NULL,
        category text NOT NULL,
        kind text NOT NULL,
        content text NOT NULL,
        received_on date NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        registered_by text NOT NULL,
        registration_level text NOT NULL,
        status text NOT NULL,
        acceptance_due_on date NOT NULL,
        people_count integer NOT NULL CHECK (people_count >= 1),
        is_collective boolean NOT NULL,
        is_skip_level boolean NOT NULL,
        is_repeat_suspected boolean NOT NULL DEFAULT false,
        is_repeat boolean NOT NULL DEFAULT false,
        features jsonb NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX petition_tenant_received ON petition (tenant_id, received_on DESC, id)",
    "CREATE INDEX petition_tenant_status ON petition (tenant_id, status)",
    """CREATE TABLE petitioner (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        petition_id uuid NOT NULL REFERENCES petition (id),
        position integer NOT NULL,
        is_representative boolean NOT NULL,
        name_enc bytea NOT NULL,
        name_masked text NOT NULL,
        id_number_enc bytea,
        id_number_masked text,
        id_number_hash text,
        phone_enc bytea,
        phone_masked text,
        phone_hash text
    )""",
    "CREATE INDEX petitioner_petition ON petitioner (petition_id)",
    "CREATE INDEX petitioner_id_hash ON petitioner (tenant_id, id_number_hash)",
    "CREATE INDEX petitioner_phone_hash ON petitioner (tenant_id, phone_hash)",
    # One row per distinct token of a petition: candidate search by plain equality, which stays index-backed
    # under row-level security (a GIN/trigram operator is not leakproof and would fall back to a scan).
    """CREATE TABLE petition_token (
        tenant_id uuid NOT NULL,
        token text NOT NULL,
        petition_id uuid NOT NULL REFERENCES petition (id),
        PRIMARY KEY (tenant_id, token, petition_id)
    )""",
    """CREATE TABLE repeat_link (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        petition_id uuid NOT NULL REFERENCES petition (id),
        earlier_petition_id uuid NOT NULL REFERENCES petition (id),
        score double precision NOT NULL,
        reasons jsonb NOT NULL,
        decision text NOT NULL DEFAULT 'suggested',
        decided_by text,
        decided_at timestamptz,
        UNIQUE (tenant_id, petition_id, earlier_petition_id)
    )""",
    """CREATE TABLE attachment (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        petition_id uuid REFERENCES petition (id),
        filename text NOT NULL,
        media_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        data bytea NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX attachment_petition ON attachment (petition_id)",
    """CREATE TABLE acceptance (
        petition_id uuid PRIMARY KEY REFERENCES petition (id),
        tenant_id uuid NOT NULL,
        village_id uuid,
        decision text NOT NULL,
        reason text,
        forwarded_to text,
        decided_by text NOT NULL,
        decided_by_name text NOT NULL,
        decided_on date NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        on_time boolean NOT NULL,
        document_number text NOT NULL
    )""",
]
_WITH_VILLAGE = ("petition", "petitioner", "attachment", "acceptance")
_TENANT_ONLY = ("petition_token", "repeat_link")


def upgrade() -> None:
    for statement in [*_TABLES, *idempotency_migration_sql("intake")]:
        op.execute(statement)
    for table in (*_WITH_VILLAGE, *_TENANT_ONLY):
        for statement in tenant_policy_sql(table):
            op.execute(statement)
    for table in _WITH_VILLAGE:
        for statement in village_policy_sql(table):
            op.execute(statement)


def downgrade() -> None:
    for table in (
        "idempotency_key",
        "acceptance",
        "attachment",
        "repeat_link",
        "petition_token",
        "petitioner",
        "petition",
    ):
        op.execute(f"DROP TABLE {table}")
