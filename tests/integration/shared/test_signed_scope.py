"""The tenant scope cannot be forged from SQL: a bare set_config by the application role widens nothing."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from deploy.launcher.config import SERVICES, StackSettings
from deploy.launcher.postgres import DATABASE, app_role
from shared.db.rls import (
    policies_trusting_raw_settings,
    raw_policy_sql,
    tables_missing_forced_policy,
    tenant_policy_sql,
    unsigned_scope_migration_sql,
)
from shared.db.scope import SET_SCOPE_RAW, set_scope_raw
from shared.tenancy import Scope, tenant_id_for

DAJIAHE, CHANGJIE = tenant_id_for("dajiahe"), tenant_id_for("changjie")
VISIBLE = "SELECT DISTINCT tenant_id FROM intake.village"


async def connect_as_app(
    stack: StackSettings, stack_secrets: dict[str, str], service: str
) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=app_role(service),
        password=stack_secrets[f"{service}_app"],
        database=DATABASE,
    )


@pytest.fixture
async def intake_app(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> AsyncIterator[asyncpg.Connection]:
    conn = await connect_as_app(stack, stack_secrets, "intake")
    yield conn
    await conn.close()


@pytest.fixture
def intake_key(stack_secrets: dict[str, str]) -> str:
    return stack_secrets["intake_scope_key"]


async def tenants_seen(conn: asyncpg.Connection, *settings: str) -> set[uuid.UUID]:
    """In one transaction: set (scope, tenant, village, sig) by hand, as an injected statement would."""
    async with conn.transaction():
        await conn.execute(SET_SCOPE_RAW, *settings)
        return {r["tenant_id"] for r in await conn.fetch(VISIBLE)}


async def signed_tenants_seen(
    conn: asyncpg.Connection, key: str, scope: Scope, tenant: uuid.UUID | None = None
) -> set[uuid.UUID]:
    async with conn.transaction():
        await set_scope_raw(conn, key, scope, tenant)
        return {r["tenant_id"] for r in await conn.fetch(VISIBLE)}


async def test_a_bare_set_config_county_sees_no_row_of_any_township(intake_app: asyncpg.Connection) -> None:
    async with intake_app.transaction():
        await intake_app.execute("SELECT set_config('app.scope', 'county', true)")
        assert await intake_app.fetch(VISIBLE) == []


async def test_a_forged_tenant_id_sees_no_row(intake_app: asyncpg.Connection, intake_key: str) -> None:
    assert await tenants_seen(intake_app, "township", str(DAJIAHE), "", "") == set()
    # A genuine signature for one township does not carry over to another tenant id, nor to county.
    async with intake_app.transaction():
        await set_scope_raw(intake_app, intake_key, Scope.township, DAJIAHE)
        sig = await intake_app.fetchval("SELECT current_setting('app.scope_sig')")
    assert await tenants_seen(intake_app, "township", str(CHANGJIE), "", sig) == set()
    assert await tenants_seen(intake_app, "county", "", "", sig) == set()


async def test_a_signature_copied_from_another_backend_sees_no_row(
    stack: StackSettings, stack_secrets: dict[str, str], intake_app: asyncpg.Connection, intake_key: str
) -> None:
    other = await connect_as_app(stack, stack_secrets, "intake")
    try:
        async with other.transaction():
            await set_scope_raw(other, intake_key, Scope.county)
            sig = await other.fetchval("SELECT current_setting('app.scope_sig')")
            assert len(await other.fetch(VISIBLE)) >= 2, "the county sees every township on its own backend"
    finally:
        await other.close()
    assert await tenants_seen(intake_app, "county", "", "", sig) == set()


async def test_a_signature_under_another_key_sees_no_row(intake_app: asyncpg.Connection) -> None:
    assert await signed_tenants_seen(intake_app, secrets.token_urlsafe(24), Scope.county) == set()


async def test_the_signed_scope_sees_exactly_its_own_township(
    intake_app: asyncpg.Connection, intake_key: str
) -> None:
    assert await signed_tenants_seen(intake_app, intake_key, Scope.township, DAJIAHE) == {DAJIAHE}
    assert await signed_tenants_seen(intake_app, intake_key, Scope.township, CHANGJIE) == {CHANGJIE}
    assert {DAJIAHE, CHANGJIE} <= await signed_tenants_seen(intake_app, intake_key, Scope.county)


async def test_a_forged_scope_cannot_write_a_row(intake_app: asyncpg.Connection) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
        async with intake_app.transaction():
            await intake_app.execute("SELECT set_config('app.scope', 'county', true)")
            await intake_app.execute(
                "INSERT INTO intake.village (id, tenant_id, slug, name) VALUES ($1, $2, 'x', 'x')",
                uuid.uuid4(),
                CHANGJIE,
            )


async def test_no_app_role_can_read_or_write_its_scope_key(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    for service in SERVICES:
        conn = await connect_as_app(stack, stack_secrets, service)
        try:
            for statement in (
                f"SELECT key FROM {service}.scope_key",
                f"UPDATE {service}.scope_key SET key = repeat('x', 32)",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(statement)
        finally:
            await conn.close()


async def test_every_service_policy_uses_the_verified_scope(superuser: asyncpg.Connection) -> None:
    for service in SERVICES:
        assert await tables_missing_forced_policy(superuser, service) == [], service
        assert await policies_trusting_raw_settings(superuser, service) == [], service


async def test_the_verified_scope_checker_names_a_raw_or_open_policy(superuser: asyncpg.Connection) -> None:
    schema = f"scope_probe_{secrets.token_hex(4)}"
    try:
        await superuser.execute(f"CREATE SCHEMA {schema}")
        for name in ("signed", "raw", "open_beside_signed"):
            await superuser.execute(f"CREATE TABLE {schema}.{name} (id int, tenant_id uuid)")
        for statement in [
            *tenant_policy_sql(f"{schema}.signed"),
            *raw_policy_sql(f"{schema}.raw"),
            *tenant_policy_sql(f"{schema}.open_beside_signed"),
            f"CREATE POLICY open_to_all ON {schema}.open_beside_signed USING (true)",
        ]:
            await superuser.execute(statement)
        assert await policies_trusting_raw_settings(superuser, schema) == ["open_beside_signed", "raw"]
    finally:
        await superuser.execute(f"DROP SCHEMA {schema} CASCADE")


async def test_under_the_old_policies_a_bare_set_config_saw_every_township(
    superuser: asyncpg.Connection,
) -> None:
    """Proves the forgery tests can fail: with intake's policies back in their raw form, county is one call away."""
    with pytest.raises(_Rollback):
        async with superuser.transaction():
            for statement in unsigned_scope_migration_sql("intake"):
                await superuser.execute(statement)
            await superuser.execute(f'SET LOCAL ROLE "{app_role("intake")}"')
            await superuser.execute("SELECT set_config('app.scope', 'county', true)")
            leaked = {r["tenant_id"] for r in await superuser.fetch(VISIBLE)}
            assert {DAJIAHE, CHANGJIE} <= leaked
            raise _Rollback
    assert await policies_trusting_raw_settings(superuser, "intake") == [], "the signed policies are back"


class _Rollback(Exception):
    pass
