"""Row-level security for migrations: every tenant-owned table gets ENABLE + FORCE and policies on a signed scope.

The service writes its scope (app.scope, app.tenant_id, app.village_id) and app.scope_sig, an HMAC of those
values and the backend's pid under a key kept in `<schema>.scope_key`, which only the owner role can read.
Policies ask SECURITY DEFINER functions of the schema for the verified values: a bare set_config by the
application role (an injected statement) fails the signature and the functions answer NULL, so it widens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

# Names are spliced into DDL; accept only plain identifiers, as the launcher and the tests create them.
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_KEY = re.compile(r"[A-Za-z0-9_\-]{16,256}")


def _schema_prefix(table: str) -> tuple[str | None, str]:
    """`"evt_x".stub` -> ('evt_x', '"evt_x".'); an unqualified table resolves on the migration's search_path."""
    qualifier, _, _ = table.rpartition(".")
    if not qualifier:
        return None, ""
    schema = qualifier.strip('"')
    if not _IDENTIFIER.fullmatch(schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    return schema, f"{qualifier}."


# Each function is an InitPlan in the policy, `(SELECT f())`: evaluated once per statement, and the row test
# stays plain equality on the column, which is leakproof and can use an index.
def _signed_tenant(fn: str, shared_rows: bool) -> tuple[str, str]:
    visible = f"(tenant_id = (SELECT {fn}scope_tenant()) OR (SELECT {fn}scope_county()))"
    return (f"(tenant_id IS NULL OR {visible})" if shared_rows else visible), visible


def _signed_village(fn: str) -> str:
    return f"((SELECT {fn}scope_sees_every_village()) OR village_id = (SELECT {fn}scope_village()))"


# The policies before issue 8: they trusted the raw settings. Kept for the downgrade and the benchmark.
_RAW_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"
_RAW_COUNTY = "current_setting('app.scope', true) = 'county'"


def _raw_tenant(shared_rows: bool) -> tuple[str, str]:
    visible = f"(tenant_id = {_RAW_TENANT} OR {_RAW_COUNTY})"
    return (f"(tenant_id IS NULL OR {visible})" if shared_rows else visible), visible


def _raw_village() -> str:
    own_village = "village_id = NULLIF(current_setting('app.village_id', true), '')::uuid"
    return f"(current_setting('app.scope', true) IS DISTINCT FROM 'village' OR {own_village})"


def _tenant_policy(table: str, using: str, check: str) -> str:
    return f"CREATE POLICY tenant_isolation ON {table} USING {using} WITH CHECK {check}"


def _village_policy(table: str, rule: str) -> str:
    return f"CREATE POLICY village_isolation ON {table} AS RESTRICTIVE USING {rule} WITH CHECK {rule}"


def tenant_policy_sql(table: str, shared_rows: bool = False) -> list[str]:
    """`shared_rows`: rows with tenant_id NULL (county-level) are readable by every tenant, writable by none."""
    schema, fn = _schema_prefix(table)
    return [
        *scope_functions_sql(schema),
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        _tenant_policy(table, *_signed_tenant(fn, shared_rows)),
    ]


def village_policy_sql(table: str) -> list[str]:
    """A village liaison sees only rows of their own village: a RESTRICTIVE policy, ANDed with the tenant one."""
    _, fn = _schema_prefix(table)
    return [_village_policy(table, _signed_village(fn))]


def raw_policy_sql(table: str, shared_rows: bool = False, village: bool = False) -> list[str]:
    """Today's policies as they were before the signed scope (for the benchmark's comparison only)."""
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        _tenant_policy(table, *_raw_tenant(shared_rows)),
        *([_village_policy(table, _raw_village())] if village else []),
    ]


# The message signed is "scope|tenant|village|pid" (shared/db/scope.py signs the same string). PL/pgSQL, not SQL:
# a SQL function that cannot be inlined (SECURITY DEFINER) is planned anew at every call, PL/pgSQL once a session.
_SIGNED = """coalesce((
            SELECT encode(public.hmac(concat_ws('|', coalesce(current_setting('app.scope', true), ''),
                                                coalesce(current_setting('app.tenant_id', true), ''),
                                                coalesce(current_setting('app.village_id', true), ''),
                                                pg_backend_pid()::text), k.key, 'sha256'), 'hex')
                   = current_setting('app.scope_sig', true)
            FROM %1$I.scope_key k), false)"""

# name: (returns, answer when unsigned, answer when signed)
_FUNCTIONS = {
    "scope_tenant": ("uuid", "NULL", "NULLIF(current_setting('app.tenant_id', true), '')::uuid"),
    "scope_village": ("uuid", "NULL", "NULLIF(current_setting('app.village_id', true), '')::uuid"),
    "scope_county": ("boolean", "false", "current_setting('app.scope', true) = 'county'"),
    "scope_sees_every_village": (
        "boolean",
        "false",
        "current_setting('app.scope', true) IN ('county', 'township')",
    ),
}


def _create_function(name: str) -> str:
    returns, unsigned, signed = _FUNCTIONS[name]
    # Owner's rights to read the key; search_path pinned so no object of the caller's can stand in.
    return f"""EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I.{name}() RETURNS {returns}
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, %1$I, pg_temp AS $body$
    BEGIN
        IF NOT {_SIGNED} THEN
            RETURN {unsigned};
        END IF;
        RETURN {signed};
    END
    $body$$f$, s);"""


def scope_functions_sql(schema: str | None) -> list[str]:
    """The key table (owner only) and the verifying functions, idempotent; `None`: the migration's schema."""
    target = f"'{schema}'" if schema else "current_schema()"
    functions = "\n    ".join(_create_function(name) for name in _FUNCTIONS)
    return [
        f"""DO $do$
DECLARE
    s text := {target};
    grantee text;
BEGIN
    EXECUTE format($f$CREATE TABLE IF NOT EXISTS %1$I.scope_key (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        key text NOT NULL CHECK (length(key) >= 16))$f$, s);
    -- The schema's default privileges hand the app role every new table: take this one back from all.
    EXECUTE format($f$REVOKE ALL ON TABLE %1$I.scope_key FROM PUBLIC$f$, s);
    FOR grantee IN
        SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = format('%1$I.scope_key', s)::regclass AND a.grantee NOT IN (0, c.relowner)
    LOOP
        EXECUTE format($f$REVOKE ALL ON TABLE %1$I.scope_key FROM %2$s$f$, s, grantee);
    END LOOP;
    {functions}
END
$do$"""
    ]


def scope_key_sql(schema: str, key: str) -> list[str]:
    """Store (or rotate) the schema's signing key, as the owner; the key is spliced, so only a token is taken."""
    if not (_IDENTIFIER.fullmatch(schema) and _KEY.fullmatch(key)):
        raise ValueError(
            "the schema must be an identifier and the key a url-safe token of 16 characters or more"
        )
    return [
        f"""INSERT INTO "{schema}".scope_key (only_row, key) VALUES (true, '{key}')
        ON CONFLICT (only_row) DO UPDATE SET key = EXCLUDED.key"""
    ]


def _rewrite_policies(schema: str, reads: str, tenant: str, shared: str, village: str) -> str:
    """One DO block: every policy of `schema` whose expressions match `reads` is dropped and created anew."""
    return f"""DO $do$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT pol.polname, format('%I.%I', n.nspname, c.relname) AS tbl,
               coalesce(pg_get_expr(pol.polqual, pol.polrelid), '') AS qual
        FROM pg_policy pol
        JOIN pg_class c ON c.oid = pol.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '{schema}'
          AND coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
              || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '') SIMILAR TO '{reads}'
    LOOP
        EXECUTE format('DROP POLICY %I ON %s', p.polname, p.tbl);
        IF p.polname = 'tenant_isolation' AND p.qual LIKE '%tenant_id IS NULL%' THEN
            EXECUTE format($t${shared}$t$, p.tbl);
        ELSIF p.polname = 'tenant_isolation' THEN
            EXECUTE format($t${tenant}$t$, p.tbl);
        ELSIF p.polname = 'village_isolation' THEN
            EXECUTE format($t${village}$t$, p.tbl);
        ELSE
            RAISE EXCEPTION 'policy % on % reads the scope and has no known form: rewrite it by hand', p.polname, p.tbl;
        END IF;
    END LOOP;
END
$do$"""


def signed_scope_migration_sql(schema: str) -> list[str]:
    """Upgrade: the key table, the functions, and every policy of the schema that trusted the raw settings."""
    if not _IDENTIFIER.fullmatch(schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    fn = f'"{schema}".'
    return [
        *scope_functions_sql(schema),
        _rewrite_policies(
            schema,
            "%current\\_setting\\(%",
            _tenant_policy("%s", *_signed_tenant(fn, False)),
            _tenant_policy("%s", *_signed_tenant(fn, True)),
            _village_policy("%s", _signed_village(fn)),
        ),
    ]


def unsigned_scope_migration_sql(schema: str) -> list[str]:
    """Downgrade: the policies read the raw settings again; the functions and the key table go."""
    if not _IDENTIFIER.fullmatch(schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    return [
        _rewrite_policies(
            schema,
            "%scope\\_(tenant|county|village|sees\\_every\\_village)\\(\\)%",
            _tenant_policy("%s", *_raw_tenant(False)),
            _tenant_policy("%s", *_raw_tenant(True)),
            _village_policy("%s", _raw_village()),
        ),
        *(f'DROP FUNCTION "{schema}".{name}()' for name in _FUNCTIONS),
        f'DROP TABLE "{schema}".scope_key',
    ]


_TABLES_WITHOUT_FORCED_POLICY = """
SELECT c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
  AND NOT (c.relrowsecurity AND c.relforcerowsecurity
           AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
ORDER BY c.relname
"""


async def tables_missing_forced_policy(conn, schema: str) -> list[str]:  # noqa: ANN001 - an asyncpg connection
    """Tables of `schema` holding tenant_id that lack RLS enabled, forced and at least one policy."""
    return [r["relname"] for r in await conn.fetch(_TABLES_WITHOUT_FORCED_POLICY, schema)]


# A table trusts raw settings if any policy reads current_setting, or if a permissive policy (they are ORed, so
# each one alone can widen) does not depend on the schema's own scope_tenant() or scope_county().
_POLICIES_TRUSTING_RAW_SETTINGS = """
SELECT DISTINCT c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_policy p ON p.polrelid = c.oid
WHERE n.nspname = $1
  AND (coalesce(pg_get_expr(p.polqual, p.polrelid), '') || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
         LIKE '%current\\_setting(%'
       OR (p.polpermissive AND NOT EXISTS (
             SELECT 1 FROM pg_depend d
             JOIN pg_proc f ON f.oid = d.refobjid AND f.pronamespace = n.oid
             WHERE d.classid = 'pg_policy'::regclass AND d.objid = p.oid
               AND d.refclassid = 'pg_proc'::regclass AND f.proname IN ('scope_tenant', 'scope_county'))))
ORDER BY c.relname
"""


async def policies_trusting_raw_settings(conn, schema: str) -> list[str]:  # noqa: ANN001 - an asyncpg connection
    """Tables of `schema` whose policies could be widened by a bare set_config (none, once migrated)."""
    return [r["relname"] for r in await conn.fetch(_POLICIES_TRUSTING_RAW_SETTINGS, schema)]


def scoped_tables_sql(tables: Mapping[str, str], without_village: Collection[str] = ()) -> list[str]:
    """CREATE TABLE for each `name: "(columns…)"`, each under the tenant policy and, unless named in
    `without_village` (no village_id column), the village one: how a migration adds tenant-owned tables."""
    statements: list[str] = []
    for table, body in tables.items():
        statements += [f"CREATE TABLE {table} {body}", *tenant_policy_sql(table)]
        if table not in without_village:
            statements += village_policy_sql(table)
    return statements


def drop_tables_sql(tables: Mapping[str, str]) -> list[str]:
    """The tables dropped in reverse order, so a table goes before the ones it references."""
    return [f"DROP TABLE {table}" for table in reversed(list(tables))]
