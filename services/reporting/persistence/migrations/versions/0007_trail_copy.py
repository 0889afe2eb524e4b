"""The auditors' trail: reporting's append-only copy of every service's trail entries, and the anchors.

`trail_copy` and `trail_anchor` are evidence, not projections: the application role may only read and insert them,
triggers refuse UPDATE, DELETE and TRUNCATE even to the owner (as shared/trail/migration.py does for the chains), and
the rebuild leaves them alone. `trail_copy_state` is the continuous verification's running state per (service,
township); `trail_verification` keeps every verification an auditor asked for. All four are under row-level security:
the county scope (the worker, an auditor) reads every township.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.db.rls import tenant_policy_sql
from shared.idempotency import idempotency_migration_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

APP_ROLE = "xf_reporting"
_ENTRY_COLUMNS = """
    occurred_at timestamptz NOT NULL,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text NOT NULL,
    request_id text,
    trace_id text,
    detail jsonb NOT NULL CHECK (jsonb_typeof(detail) = 'object'),
    prev_hash text NOT NULL,
    hash text NOT NULL"""

_CREATE = [
    f"""CREATE TABLE trail_copy (
    service text NOT NULL,
    tenant_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),{_ENTRY_COLUMNS},
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (service, tenant_id, seq)
)""",
    "CREATE INDEX trail_copy_time ON trail_copy (occurred_at DESC)",
    "CREATE INDEX trail_copy_object ON trail_copy (object_type, object_id, occurred_at)",
    "CREATE INDEX trail_copy_actor ON trail_copy (actor_id, occurred_at DESC)",
    "CREATE INDEX trail_copy_tenant_time ON trail_copy (tenant_id, occurred_at DESC)",
    """CREATE TABLE trail_anchor (
    service text NOT NULL,
    tenant_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    hash text NOT NULL,
    anchored_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (service, tenant_id, seq)
)""",
    """CREATE TABLE trail_copy_state (
    service text NOT NULL,
    tenant_id uuid NOT NULL,
    received_seq bigint NOT NULL DEFAULT 0,
    verified_seq bigint NOT NULL DEFAULT 0,
    verified_hash text NOT NULL,
    anchor_seq bigint,
    anchor_hash text,
    anchored_at timestamptz,
    problem_seq bigint,
    problem_reason text,
    problem_detail text,
    problem_found_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (service, tenant_id)
)""",
    # tenant_id is the county's chain id: a verification covers every township, and only the county scope sees it.
    """CREATE TABLE trail_verification (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    ok boolean NOT NULL,
    narrowed_to jsonb NOT NULL DEFAULT '{}',
    results jsonb NOT NULL
)""",
    "CREATE INDEX trail_verification_latest ON trail_verification (finished_at DESC)",
]
TABLES = ("trail_copy", "trail_anchor", "trail_copy_state", "trail_verification")
EVIDENCE = ("trail_copy", "trail_anchor", "trail_verification")


def _append_only(table: str) -> list[str]:
    function = f"{table}_append_only()"
    return [
        # The schema's default privileges give the app role UPDATE and DELETE on every new table: take them back.
        f"REVOKE ALL ON TABLE {table} FROM PUBLIC, {APP_ROLE}",
        f"GRANT SELECT, INSERT ON TABLE {table} TO {APP_ROLE}",
        f"""CREATE FUNCTION {function} RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '{table} is append-only, % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$""",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}",
    ]


def upgrade() -> None:
    for statement in _CREATE:
        op.execute(statement)
    for table in TABLES:
        for statement in tenant_policy_sql(table):
            op.execute(statement)
    for table in EVIDENCE:
        for statement in _append_only(table):
            op.execute(statement)
    op.execute(f"REVOKE ALL ON TABLE trail_copy_state FROM PUBLIC, {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON TABLE trail_copy_state TO {APP_ROLE}")
    # Reporting's Idempotency-Keys (a verification here; later revisions' POSTs use the same table).
    for statement in idempotency_migration_sql("reporting"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE idempotency_key")
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
    for table in EVIDENCE:
        op.execute(f"DROP FUNCTION {table}_append_only()")
