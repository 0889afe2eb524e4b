"""The trail on real PostgreSQL: one linear chain per tenant under concurrency, tampering found, rights enforced.

Set-up builds a scratch schema with its own owner and application roles, as the launcher does for a service
(including the default privileges that would give the app role UPDATE and DELETE), and applies
`migration_sql` as the owner through SQLAlchemy `text()`, as alembic's `op.execute` would.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest
from opentelemetry.sdk.trace import TracerProvider
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from shared.db.engine import make_engine
from shared.db.rls import scope_key_sql
from shared.db.scope import set_scope
from shared.settings import DatabaseSettings
from shared.tenancy import Scope
from shared.trail import GENESIS_HASH, TrailScopeError, migration_sql, record, verify

CONCURRENT_WRITERS = 50


@dataclass(frozen=True)
class Clerk:
    """A township clerk as the trail sees any actor (the Actor protocol)."""

    user_id: str
    roles: frozenset[str]
    tenant_id: uuid.UUID | None


@dataclass
class TrailDb:
    schema: str
    app: async_sessionmaker[AsyncSession]
    owner: async_sessionmaker[AsyncSession]
    superuser: asyncpg.Connection


def clerk_of(tenant: uuid.UUID) -> Clerk:
    return Clerk(user_id=str(uuid.uuid4()), roles=frozenset({"township-clerk"}), tenant_id=tenant)


@pytest.fixture(scope="module")
async def trail_db(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[TrailDb]:
    name = f"trail_test_{secrets.token_hex(4)}"
    owner, app, password = f"{name}_owner", f"{name}_app", secrets.token_urlsafe(16)
    su = await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )
    for role in (owner, app):
        await su.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{password}'")
        await su.execute(f"GRANT CONNECT ON DATABASE {DATABASE} TO {role}")
    await su.execute(f"CREATE SCHEMA {name} AUTHORIZATION {owner}")
    await su.execute(f"GRANT USAGE ON SCHEMA {name} TO {app}")
    await su.execute(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {name} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
    )
    settings = DatabaseSettings(
        port=stack.pg_port,
        user=app,
        password=password,
        owner_user=owner,
        owner_password=password,
        schema_name=name,
        pool_size=CONCURRENT_WRITERS,
        scope_key=secrets.token_urlsafe(24),
    )
    app_engine = make_engine(settings, "trail-test")
    owner_engine = make_engine(settings, "trail-test-owner", as_owner=True)
    try:
        async with owner_engine.begin() as conn:
            for statement in [
                *migration_sql(name, app),
                *scope_key_sql(name, settings.scope_key.get_secret_value()),
            ]:
                await conn.execute(text(statement))
        yield TrailDb(name, sessions(app_engine), sessions(owner_engine), su)
    finally:
        await app_engine.dispose()
        await owner_engine.dispose()
        await su.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        await su.execute(f"DROP OWNED BY {owner}, {app}")
        await su.execute(f"DROP ROLE {owner}, {app}")
        await su.close()


def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def append(db: TrailDb, tenant: uuid.UUID, count: int = 1, action: str = "petition.registered") -> None:
    actor = clerk_of(tenant)
    for n in range(count):
        async with db.app() as s, s.begin():
            await set_scope(s, Scope.township, tenant)
            await record(s, actor, action, "petition", uuid.uuid4(), detail={"n": n})


async def verified(db: TrailDb, tenant: uuid.UUID, scope: Scope = Scope.township):
    async with db.app() as s, s.begin():
        await set_scope(s, scope, tenant if scope is not Scope.county else None)
        return await verify(s, tenant)


async def tamper(db: TrailDb, statement: str, tenant: uuid.UUID, seq: int) -> None:
    """As the superuser with triggers off: the attack the chain exists to reveal."""
    async with db.superuser.transaction():
        await db.superuser.execute("SET LOCAL session_replication_role = replica")
        await db.superuser.execute(f"{statement} WHERE tenant_id = $1 AND seq = $2", tenant, seq)


async def test_fifty_concurrent_appends_leave_one_unbroken_chain(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    ready = asyncio.Barrier(CONCURRENT_WRITERS)

    async def one_writer(n: int):
        async with trail_db.app() as s, s.begin():
            await set_scope(s, Scope.township, tenant)
            # Every transaction is open before any appends, so all of them race for the same head.
            await ready.wait()
            return await record(
                s, clerk_of(tenant), "petition.registered", "petition", uuid.uuid4(), detail={"n": n}
            )

    entries = sorted(await asyncio.gather(*map(one_writer, range(CONCURRENT_WRITERS))), key=lambda e: e.seq)

    assert [e.seq for e in entries] == list(range(1, CONCURRENT_WRITERS + 1))
    assert [e.prev_hash for e in entries] == [GENESIS_HASH] + [e.hash for e in entries[:-1]]
    assert [e.occurred_at for e in entries] == sorted(e.occurred_at for e in entries)
    report = await verified(trail_db, tenant)
    assert (report.ok, report.entries, report.head_hash) == (True, CONCURRENT_WRITERS, entries[-1].hash)


async def test_an_altered_entry_is_named_as_the_first_broken_link(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    await append(trail_db, tenant, 6)
    assert (await verified(trail_db, tenant)).ok

    await tamper(trail_db, f"""UPDATE {trail_db.schema}.trail_entry SET detail = '{{"n": 99}}'""", tenant, 4)

    report = await verified(trail_db, tenant)
    assert (report.ok, report.broken_seq, report.reason, report.entries) == (False, 4, "hash mismatch", 3)


async def test_a_deleted_entry_is_named_as_missing(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    await append(trail_db, tenant, 6)

    await tamper(trail_db, f"DELETE FROM {trail_db.schema}.trail_entry", tenant, 2)

    report = await verified(trail_db, tenant)
    assert (report.ok, report.broken_seq, report.reason) == (False, 2, "missing seq 2")


async def test_a_deleted_gap_closed_by_renumbering_breaks_the_next_link(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    await append(trail_db, tenant, 4)

    await tamper(trail_db, f"DELETE FROM {trail_db.schema}.trail_entry", tenant, 2)
    for seq in (3, 4):
        await tamper(trail_db, f"UPDATE {trail_db.schema}.trail_entry SET seq = seq - 1", tenant, seq)

    report = await verified(trail_db, tenant)
    assert (report.broken_seq, report.reason) == (2, "prev_hash does not match")


async def test_the_app_role_may_insert_but_postgresql_refuses_its_update_delete_and_truncate(
    trail_db: TrailDb,
) -> None:
    tenant = uuid.uuid4()
    await append(trail_db, tenant, 2)
    for statement in (
        "UPDATE trail_entry SET detail = '{}'",
        "DELETE FROM trail_entry",
        "TRUNCATE trail_entry",
    ):
        async with trail_db.app() as s, s.begin():
            await set_scope(s, Scope.township, tenant)
            with pytest.raises(DBAPIError, match="permission denied for table trail_entry"):
                await s.execute(text(statement))
    assert (await verified(trail_db, tenant)).entries == 2


async def test_even_the_owner_is_refused_by_the_append_only_trigger(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    await append(trail_db, tenant, 2)
    for statement in (
        "UPDATE trail_entry SET detail = '{}'",
        "DELETE FROM trail_entry",
        "TRUNCATE trail_entry",
    ):
        async with trail_db.owner() as s, s.begin():
            # The owner is bound by the forced policy too: with no scope it would touch no row, and no row trigger fire.
            await set_scope(s, Scope.township, tenant)
            with pytest.raises(DBAPIError, match="trail_entry is append-only"):
                await s.execute(text(statement))
    assert (await verified(trail_db, tenant)).ok


async def test_another_townships_entries_are_invisible_to_a_township_scope(trail_db: TrailDb) -> None:
    ours, theirs = uuid.uuid4(), uuid.uuid4()
    await append(trail_db, ours, 2)
    await append(trail_db, theirs, 3)

    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.township, ours)
        seen = set((await s.execute(text("SELECT DISTINCT tenant_id FROM trail_entry"))).scalars())
        asked = (
            await s.execute(text("SELECT count(*) FROM trail_entry WHERE tenant_id = :t"), {"t": theirs})
        ).scalar()
        with pytest.raises(TrailScopeError):
            await verify(s, theirs)
    assert (seen, asked) == ({ours}, 0)


async def test_a_county_scope_set_by_hand_cannot_verify_a_chain(trail_db: TrailDb) -> None:
    """Unsigned, the scope covers nothing: verify refuses instead of reporting an empty chain as intact."""
    tenant = uuid.uuid4()
    await append(trail_db, tenant)
    async with trail_db.app() as s, s.begin():
        await s.execute(text("SELECT set_config('app.scope', 'county', true)"))
        with pytest.raises(TrailScopeError):
            await verify(s, tenant)


async def test_a_township_cannot_write_into_another_townships_chain(trail_db: TrailDb) -> None:
    ours, theirs = uuid.uuid4(), uuid.uuid4()
    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.township, ours)
        with pytest.raises(DBAPIError, match="row-level security"):
            await record(s, clerk_of(ours), "petition.registered", "petition", uuid.uuid4(), tenant_id=theirs)


async def test_two_townships_chains_are_independent_and_the_county_verifies_both(trail_db: TrailDb) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    for _ in range(3):
        await append(trail_db, first)
        await append(trail_db, second)

    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.county)
        heads = (
            await s.execute(
                text(
                    "SELECT tenant_id, seq, prev_hash FROM trail_entry WHERE tenant_id IN (:a, :b) AND seq = 1"
                ),
                {"a": first, "b": second},
            )
        ).all()
    assert sorted((seq, prev) for _, seq, prev in heads) == [(1, GENESIS_HASH), (1, GENESIS_HASH)]
    reports = [await verified(trail_db, t, Scope.county) for t in (first, second)]
    assert [(r.ok, r.entries) for r in reports] == [(True, 3), (True, 3)]


async def test_a_county_actor_records_against_the_township_it_acted_on(trail_db: TrailDb) -> None:
    township = uuid.uuid4()
    officer = Clerk(
        user_id="county-officer-1", roles=frozenset({"county-officer", "auditor"}), tenant_id=None
    )
    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.county)
        with pytest.raises(ValueError, match="must name the tenant"):
            await record(s, officer, "case.assigned", "case", uuid.uuid4())
        entry = await record(
            s, officer, "case.assigned", "case", uuid.uuid4(), tenant_id=township, request_id="r-9"
        )
    assert (entry.tenant_id, entry.seq, entry.actor_role, entry.request_id) == (
        township,
        1,
        "auditor,county-officer",
        "r-9",
    )
    assert (await verified(trail_db, township)).ok


async def test_the_entry_carries_the_trace_id_of_the_active_span(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    tracer = TracerProvider().get_tracer("trail-test")
    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.township, tenant)
        with tracer.start_as_current_span("register petition") as span:
            entry = await record(s, clerk_of(tenant), "petitioner.revealed", "petitioner", "pt-0001")
    assert entry.trace_id == format(span.get_span_context().trace_id, "032x")


async def test_record_leaves_the_commit_to_the_caller(trail_db: TrailDb) -> None:
    tenant = uuid.uuid4()
    async with trail_db.app() as s, s.begin():
        await set_scope(s, Scope.township, tenant)
        await record(s, clerk_of(tenant), "petition.registered", "petition", uuid.uuid4())
        await s.rollback()
    assert (await verified(trail_db, tenant)).entries == 0
