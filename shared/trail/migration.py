"""DDL of the trail table for a service's alembic migration, run by the schema's owner role."""

from __future__ import annotations

import re

from shared.db.rls import tenant_policy_sql

# Names are spliced into DDL; accept only plain lower-case identifiers, as the launcher creates them.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _quoted(name: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return f'"{name}"'


def migration_sql(schema: str, app_role: str) -> list[str]:
    """Statements creating `<schema>.trail_entry`: append-only for the app role, refused to everyone by trigger.

    No statement holds a colon, so alembic's `op.execute(stmt)` (which wraps it in `text()`) takes it as is.
    """
    schema, app_role = _quoted(schema), _quoted(app_role)
    table = f"{schema}.trail_entry"
    return [
        _create_table(table),
        f"CREATE INDEX trail_entry_object ON {table} (tenant_id, object_type, object_id, seq)",
        f"CREATE INDEX trail_entry_actor ON {table} (tenant_id, actor_id, occurred_at)",
        *tenant_policy_sql(table),
        # The schema's default privileges give the app role UPDATE and DELETE on every new table: take them back.
        f"REVOKE ALL ON TABLE {table} FROM PUBLIC, {app_role}",
        f"GRANT SELECT, INSERT ON TABLE {table} TO {app_role}",
        *_append_only_triggers(schema, table),
    ]


def downgrade_sql(schema: str) -> list[str]:
    schema = _quoted(schema)
    return [f"DROP TABLE {schema}.trail_entry", f"DROP FUNCTION {schema}.trail_entry_append_only()"]


def _create_table(table: str) -> str:
    # The chain position (tenant_id, seq) is the key: one total order per tenant, no gaps, no duplicates.
    return f"""CREATE TABLE {table} (
    tenant_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    occurred_at timestamptz NOT NULL,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    object_type text NOT NULL,
    object_id text NOT NULL,
    request_id text,
    trace_id text,
    detail jsonb NOT NULL DEFAULT '{{}}' CHECK (jsonb_typeof(detail) = 'object'),
    prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{{64}}$'),
    hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{{64}}$'),
    PRIMARY KEY (tenant_id, seq)
)"""


def _append_only_triggers(schema: str, table: str) -> list[str]:
    """Defence in depth: even the owner, who keeps every privilege, cannot change an entry by accident."""
    function = f"{schema}.trail_entry_append_only()"
    return [
        f"""CREATE FUNCTION {function} RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'trail_entry is append-only, % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$""",
        f"CREATE TRIGGER trail_entry_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}",
        f"CREATE TRIGGER trail_entry_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}",
    ]
