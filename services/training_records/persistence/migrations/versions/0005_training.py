"""Training records: townships, the cadres read from Keycloak (kept after they leave), sessions, materials,
attendance, and the idempotency keys of retried requests.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.db.rls import tenant_policy_sql
from shared.idempotency import idempotency_migration_sql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SESSION_TYPES = "'training_class','study_meeting','experience_exchange','seminar'"
_CREATE = [
    """CREATE TABLE township (
        tenant_id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL
    )""",
    # tenant_id NULL: county staff (县信访局), visible to every township's trainer as a possible attendee.
    """CREATE TABLE cadre (
        user_id text PRIMARY KEY,
        tenant_id uuid REFERENCES township (tenant_id),
        username text NOT NULL,
        full_name text NOT NULL,
        township text NOT NULL,
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz
    )""",
    # tenant_id NULL: organised by the county; every township reads it (its cadres attend), only the county writes.
    f"""CREATE TABLE training_session (
        id uuid PRIMARY KEY,
        tenant_id uuid REFERENCES township (tenant_id),
        session_type text NOT NULL CHECK (session_type IN ({_SESSION_TYPES})),
        topic text NOT NULL,
        starts_at timestamptz NOT NULL,
        held_on date NOT NULL,
        hours numeric(4,1) NOT NULL CHECK (hours > 0),
        place text NOT NULL,
        organiser text NOT NULL,
        trainers text[] NOT NULL DEFAULT '{{}}',
        speakers text[] NOT NULL DEFAULT '{{}}',
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE session_material (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES training_session (id),
        tenant_id uuid REFERENCES township (tenant_id),
        filename text NOT NULL,
        media_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        content bytea NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (session_id, sha256)
    )""",
    # tenant_id: the cadre's township (NULL for county staff), so a township reads its own people's hours.
    """CREATE TABLE attendance (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES training_session (id),
        tenant_id uuid REFERENCES township (tenant_id),
        cadre_id text NOT NULL REFERENCES cadre (user_id),
        status text NOT NULL CHECK (status IN ('present','absent','excused')),
        hours numeric(4,1) NOT NULL CHECK (hours >= 0),
        source text NOT NULL CHECK (source IN ('form','sheet')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        corrected_at timestamptz,
        UNIQUE (session_id, cadre_id)
    )""",
    "CREATE INDEX attendance_cadre ON attendance (cadre_id)",
    "CREATE INDEX training_session_held_on ON training_session (held_on)",
]


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for table in ("cadre", "training_session", "session_material"):
        for statement in tenant_policy_sql(table, shared_rows=True):
            op.execute(statement)
    for table in ("township", "attendance"):
        for statement in tenant_policy_sql(table):
            op.execute(statement)
    for statement in idempotency_migration_sql("training_records"):
        op.execute(statement)


def downgrade() -> None:
    for table in (
        "idempotency_key",
        "attendance",
        "session_material",
        "training_session",
        "cadre",
        "township",
    ):
        op.execute(f"DROP TABLE {table}")
