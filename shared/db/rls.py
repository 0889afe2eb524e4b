"""Row-level security for migrations: every tenant-owned table gets ENABLE + FORCE and one policy on tenant_id."""

from __future__ import annotations

# Plain equality keeps the policy leakproof (indexes stay usable); NULLIF turns the '' a pooled connection
# reads back after a transaction into NULL, which matches nothing instead of failing the cast.
_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"
_COUNTY = "current_setting('app.scope', true) = 'county'"


def tenant_policy_sql(table: str, shared_rows: bool = False) -> list[str]:
    """`shared_rows`: rows with tenant_id NULL (county-level) are readable by every tenant, writable by none."""
    visible = f"(tenant_id = {_TENANT} OR {_COUNTY})"
    using = f"(tenant_id IS NULL OR {visible})" if shared_rows else visible
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} USING {using} WITH CHECK {visible}",
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


def village_policy_sql(table: str) -> list[str]:
    """A village liaison sees only rows of their own village: a RESTRICTIVE policy, ANDed with the tenant one."""
    own_village = "village_id = NULLIF(current_setting('app.village_id', true), '')::uuid"
    not_village_scope = "current_setting('app.scope', true) IS DISTINCT FROM 'village'"
    return [
        f"CREATE POLICY village_isolation ON {table} AS RESTRICTIVE "
        f"USING ({not_village_scope} OR {own_village}) WITH CHECK ({not_village_scope} OR {own_village})"
    ]
