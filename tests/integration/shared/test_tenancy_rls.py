"""Row-level security binds the service roles: a township sees its own rows, the county all, no scope none."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.launcher.config import SERVICES, StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER, app_role
from shared.db.engine import make_engine
from shared.db.rls import tables_missing_forced_policy
from shared.db.scope import set_scope_raw
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.settings import DatabaseSettings
from shared.tenancy import Scope, tenant_id_for

DAJIAHE, CHANGJIE = tenant_id_for("dajiahe"), tenant_id_for("changjie")


@pytest.fixture(scope="module")
async def intake_engine(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    db = DatabaseSettings(
        port=stack.pg_port,
        user=app_role("intake"),
        password=stack_secrets["intake_app"],
        schema_name="intake",
        pool_size=1,
        scope_key=stack_secrets["intake_scope_key"],
    )
    engine = make_engine(db, application_name="test-rls")
    yield engine
    await engine.dispose()


async def superuser(stack: StackSettings, secrets: dict[str, str]) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=secrets["pg_superuser"],
        database=DATABASE,
    )


async def visible_tenants(engine: AsyncEngine, scope: DataScope | None) -> list[uuid.UUID]:
    async with scoped_transaction(session_factory(engine), scope) as db:
        return list((await db.execute(text("SELECT tenant_id FROM village"))).scalars())


def assert_only(tenants: list[uuid.UUID], township: uuid.UUID) -> None:
    assert tenants, "the caller's own rows are visible"
    assert set(tenants) == {township}, "rows of another township leaked"


async def test_a_township_sees_only_its_own_rows(intake_engine: AsyncEngine) -> None:
    assert_only(await visible_tenants(intake_engine, DataScope.township(DAJIAHE)), DAJIAHE)
    assert_only(await visible_tenants(intake_engine, DataScope.township(CHANGJIE)), CHANGJIE)


async def test_the_county_sees_every_township(intake_engine: AsyncEngine) -> None:
    assert {DAJIAHE, CHANGJIE} <= set(await visible_tenants(intake_engine, DataScope.county()))


async def test_a_transaction_with_no_scope_sees_nothing(intake_engine: AsyncEngine) -> None:
    assert await visible_tenants(intake_engine, None) == []


async def test_a_pooled_connection_carries_no_scope_into_the_next_transaction(
    intake_engine: AsyncEngine,
) -> None:
    # pool_size=1: both transactions run on the same server connection.
    assert await visible_tenants(intake_engine, DataScope.county())
    async with intake_engine.connect() as conn:
        rows = (await conn.execute(text("SELECT count(*) FROM village"))).scalar_one()
        setting = (await conn.execute(text("SELECT current_setting('app.tenant_id', true)"))).scalar_one()
    assert rows == 0
    assert setting in ("", None)


async def test_a_township_cannot_write_a_row_for_another(intake_engine: AsyncEngine) -> None:
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="row-level security"):
        async with scoped_transaction(session_factory(intake_engine), DataScope.township(DAJIAHE)) as db:
            await db.execute(
                text("INSERT INTO village (id, tenant_id, slug, name) VALUES (:i, :t, 'x', 'x')"),
                {"i": uuid.uuid4(), "t": CHANGJIE},
            )


async def test_the_isolation_check_fails_once_the_policy_is_dropped(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    """Proves the first test can fail: with the policy replaced by an open one, other rows leak."""
    conn = await superuser(stack, stack_secrets)
    try:
        async with conn.transaction():
            await conn.execute("DROP POLICY tenant_isolation ON intake.village")
            await conn.execute("CREATE POLICY open_to_all ON intake.village USING (true)")
            await conn.execute(f'SET LOCAL ROLE "{app_role("intake")}"')
            await set_scope_raw(conn, stack_secrets["intake_scope_key"], Scope.township, DAJIAHE)
            leaked = [r["tenant_id"] for r in await conn.fetch("SELECT tenant_id FROM intake.village")]
            with pytest.raises(AssertionError, match="another township"):
                assert_only(leaked, DAJIAHE)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        still = await conn.fetchval(
            "SELECT count(*) FROM pg_policy WHERE polname = 'tenant_isolation' "
            "AND polrelid = 'intake.village'::regclass"
        )
        await conn.close()
    assert still == 1, "the policy is back after the rollback"


class _Rollback(Exception):
    pass


async def test_service_roles_are_not_owners_and_cannot_bypass_rls(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    conn = await superuser(stack, stack_secrets)
    try:
        for service in SERVICES:
            role = await conn.fetchrow(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", app_role(service)
            )
            assert (role["rolsuper"], role["rolbypassrls"]) == (False, False), service
            owned = await conn.fetchval(
                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1",
                app_role(service),
            )
            assert owned == 0, f"{app_role(service)} owns {owned} relations"
    finally:
        await conn.close()


async def test_every_tenant_table_of_every_service_has_a_forced_policy(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    conn = await superuser(stack, stack_secrets)
    try:
        for service in SERVICES:
            assert await tables_missing_forced_policy(conn, service) == [], service
    finally:
        await conn.close()


async def test_the_policy_checker_names_a_table_without_forced_policy(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    conn = await superuser(stack, stack_secrets)
    schema = f"rls_probe_{uuid.uuid4().hex[:8]}"
    try:
        await conn.execute(f"CREATE SCHEMA {schema}")
        await conn.execute(f"CREATE TABLE {schema}.open_table (id int, tenant_id uuid)")
        await conn.execute(f"CREATE TABLE {schema}.enabled_not_forced (id int, tenant_id uuid)")
        await conn.execute(f"ALTER TABLE {schema}.enabled_not_forced ENABLE ROW LEVEL SECURITY")
        await conn.execute(f"CREATE TABLE {schema}.no_tenant (id int)")
        assert await tables_missing_forced_policy(conn, schema) == ["enabled_not_forced", "open_table"]
    finally:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await conn.close()
