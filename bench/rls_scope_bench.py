"""Cost of the signed scope: the same lookups and scans under the raw-settings policy and the signed one, in one run.

    .venv/bin/python -m bench.rls_scope_bench              # against the stack the XF_* settings point at
    .venv/bin/python -m bench.rls_scope_bench --smoke      # tiny sizes

Needs only the stack's PostgreSQL. Works in a scratch schema with its own owner and application roles (as a
service has), two identical tables, one under each policy, and removes them at the end. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from deploy.launcher.secrets import load_or_create
from shared.db.rls import raw_policy_sql, scope_key_sql, tenant_policy_sql, village_policy_sql
from shared.db.scope import set_scope_raw
from shared.tenancy import Scope

TOKEN = secrets.token_hex(4)
SCHEMA, OWNER, APP = f"rls_bench_{TOKEN}", f"xfb_{TOKEN}_owner", f"xfb_{TOKEN}_app"
PASSWORD, KEY = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
TABLES = {"raw": "raw_scope", "signed": "signed_scope"}
VILLAGES_PER_TENANT = 10


@dataclass(frozen=True)
class Sizes:
    tenants: int
    rows_per_tenant: int
    lookups: int
    scans: int


@dataclass(frozen=True)
class Timing:
    case: str
    policy: str
    ops: int
    median_ms: float
    mean_ms: float


def _tenant(n: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"xf-bench-tenant-{n}")


def _village(t: int, v: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"xf-bench-village-{t}-{v}")


async def connect(s: StackSettings, user: str, password: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1", port=s.pg_port, user=user, password=password, database=DATABASE
    )


async def create_scratch(su: asyncpg.Connection, s: StackSettings, sizes: Sizes) -> None:
    for role in (OWNER, APP):
        await su.execute(f"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{PASSWORD}'")
    await su.execute(f'GRANT CONNECT ON DATABASE {DATABASE} TO "{OWNER}", "{APP}"')
    await su.execute(f'CREATE SCHEMA "{SCHEMA}" AUTHORIZATION "{OWNER}"')
    await su.execute(f'GRANT USAGE ON SCHEMA "{SCHEMA}" TO "{APP}"')
    await su.execute(
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{OWNER}" IN SCHEMA "{SCHEMA}" GRANT SELECT, INSERT ON TABLES TO "{APP}"'
    )
    owner = await connect(s, OWNER, PASSWORD)
    try:
        for name in TABLES.values():
            table = f'"{SCHEMA}".{name}'
            await owner.execute(
                f"CREATE TABLE {table} (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, village_id uuid NOT NULL,"
                " body text NOT NULL)"
            )
            await owner.execute(f"CREATE INDEX ON {table} (tenant_id, village_id)")
        raw, signed = (f'"{SCHEMA}".{TABLES[k]}' for k in ("raw", "signed"))
        for statement in [
            *raw_policy_sql(raw, village=True),
            *tenant_policy_sql(signed),
            *village_policy_sql(signed),
            *scope_key_sql(SCHEMA, KEY),
        ]:
            await owner.execute(statement)
    finally:
        await owner.close()
    # As the superuser (no policy applies): identical rows in both tables.
    rows = [
        (uuid.uuid4(), _tenant(t), _village(t, i % VILLAGES_PER_TENANT), f"row {i}")
        for t in range(sizes.tenants)
        for i in range(sizes.rows_per_tenant)
    ]
    for name in TABLES.values():
        await su.copy_records_to_table(name, schema_name=SCHEMA, records=rows)
        await su.execute(f'ANALYZE "{SCHEMA}".{name}')


async def drop_scratch(su: asyncpg.Connection) -> None:
    await su.execute(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
    for role in (OWNER, APP):
        await su.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role)
        await su.execute(f'DROP OWNED BY "{role}"')
        await su.execute(f'DROP ROLE "{role}"')


async def timed(ops: int, one: Callable[[int], Awaitable[None]]) -> tuple[float, float]:
    samples = []
    for n in range(ops):
        started = time.perf_counter()
        await one(n)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), statistics.fmean(samples)


Case = tuple[int, Callable[[int], Awaitable[None]]]


def cases(app: asyncpg.Connection, ids: list[uuid.UUID], sizes: Sizes) -> dict[str, Callable]:
    """Each case, given a table, returns (ops, one op); every op signs its scope the same way for both policies."""
    tenant = _tenant(0)

    def lookup_per_transaction(table: str) -> Case:
        async def one(n: int) -> None:
            async with app.transaction():
                await set_scope_raw(app, KEY, Scope.township, tenant)
                assert await app.fetchval(f"SELECT body FROM {table} WHERE id = $1", ids[n % len(ids)])

        return sizes.lookups, one

    def lookup_in_one_transaction(table: str) -> Case:
        async def one(n: int) -> None:
            assert await app.fetchval(f"SELECT body FROM {table} WHERE id = $1", ids[n % len(ids)])

        return sizes.lookups, one

    def tenant_scan(table: str) -> Case:
        async def one(n: int) -> None:
            async with app.transaction():
                await set_scope_raw(app, KEY, Scope.township, tenant)
                assert len(await app.fetch(f"SELECT id, body FROM {table}")) == sizes.rows_per_tenant

        return sizes.scans, one

    def village_scan(table: str) -> Case:
        async def one(n: int) -> None:
            async with app.transaction():
                await set_scope_raw(app, KEY, Scope.village, tenant, _village(0, n % VILLAGES_PER_TENANT))
                assert len(await app.fetch(f"SELECT id, body FROM {table}")) > 0

        return sizes.scans, one

    def county_count(table: str) -> Case:
        async def one(n: int) -> None:
            async with app.transaction():
                await set_scope_raw(app, KEY, Scope.county)
                assert (
                    await app.fetchval(f"SELECT count(*) FROM {table}")
                    == sizes.tenants * sizes.rows_per_tenant
                )

        return max(1, sizes.scans // 5), one

    return {
        "pk lookup, 1 tx each": lookup_per_transaction,
        "pk lookup, same tx": lookup_in_one_transaction,
        f"tenant scan ({sizes.rows_per_tenant} rows)": tenant_scan,
        "village scan": village_scan,
        f"county count ({sizes.tenants * sizes.rows_per_tenant} rows)": county_count,
    }


async def measure(s: StackSettings, sizes: Sizes, rounds: int) -> list[Timing]:
    app = await connect(s, APP, PASSWORD)
    try:
        ids = {
            policy: [r["id"] for r in await _own_ids(app, f'"{SCHEMA}".{name}')]
            for policy, name in TABLES.items()
        }
        timings: dict[tuple[str, str], list[tuple[float, float]]] = {}
        # Alternating rounds, so drift on a shared machine lands on both policies alike.
        for _ in range(rounds):
            for policy, name in TABLES.items():
                table = f'"{SCHEMA}".{name}'
                for case, make in cases(app, ids[policy], sizes).items():
                    ops, one = make(table)
                    in_one_transaction = case.endswith("same tx")
                    if in_one_transaction:
                        tx = app.transaction()
                        await tx.start()
                        await set_scope_raw(app, KEY, Scope.township, _tenant(0))
                    timings.setdefault((case, policy), []).append(await timed(ops, one))
                    if in_one_transaction:
                        await tx.rollback()
        return [
            Timing(case, policy, make(TABLES[policy])[0], *_best(timings[(case, policy)]))
            for case, make in cases(app, [], sizes).items()
            for policy in TABLES
        ]
    finally:
        await app.close()


async def _own_ids(app: asyncpg.Connection, table: str) -> list[asyncpg.Record]:
    async with app.transaction():
        await set_scope_raw(app, KEY, Scope.township, _tenant(0))
        return await app.fetch(f"SELECT id FROM {table}")


def _best(rounds: list[tuple[float, float]]) -> tuple[float, float]:
    """The round with the lowest median: the least disturbed by the other processes on the machine."""
    return min(rounds)


async def plans(s: StackSettings) -> list[str]:
    """EXPLAIN under the application role: does each policy leave the indexes usable?"""
    app = await connect(s, APP, PASSWORD)
    out = []
    try:
        for policy, name in TABLES.items():
            table = f'"{SCHEMA}".{name}'
            async with app.transaction():
                await set_scope_raw(app, KEY, Scope.township, _tenant(0))
                some_id = await app.fetchval(f"SELECT id FROM {table} LIMIT 1")
                for label, sql, args in (
                    ("pk lookup", f"SELECT body FROM {table} WHERE id = $1", [some_id]),
                    ("tenant scan", f"SELECT id, body FROM {table}", []),
                    ("tenant + filter", f"SELECT id FROM {table} WHERE tenant_id = $1", [_tenant(0)]),
                ):
                    rows = await app.fetch(
                        f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}", *args
                    )
                    out.append(f"-- {policy}: {label}\n" + "\n".join(r[0] for r in rows))
    finally:
        await app.close()
    return out


def report(timings: list[Timing]) -> str:
    head = f"{'case':<32}{'ops':>6}{'raw ms':>10}{'signed ms':>11}{'ratio':>8}   (median per op)"
    lines = [head, "-" * len(head)]
    by_case: dict[str, dict[str, Timing]] = {}
    for t in timings:
        by_case.setdefault(t.case, {})[t.policy] = t
    for case, pair in by_case.items():
        raw, signed = pair["raw"], pair["signed"]
        lines.append(
            f"{case:<32}{raw.ops:>6}{raw.median_ms:>10.3f}{signed.median_ms:>11.3f}"
            f"{signed.median_ms / raw.median_ms:>8.2f}"
        )
    return "\n".join(lines)


async def run(s: StackSettings, sizes: Sizes, rounds: int, explain: bool) -> str:
    secrets_ = load_or_create(s.run_dir)
    su = await connect(s, SUPERUSER, secrets_["pg_superuser"])
    try:
        await create_scratch(su, s, sizes)
        timings = await measure(s, sizes, rounds)
        text = report(timings)
        if explain:
            text += "\n\n" + "\n\n".join(await plans(s))
        return text
    finally:
        await drop_scratch(su)
        await su.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, to check the harness still works")
    p.add_argument("--tenants", type=int, default=20)
    p.add_argument("--rows-per-tenant", type=int, default=1000)
    p.add_argument("--lookups", type=int, default=2000)
    p.add_argument("--scans", type=int, default=100)
    p.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds; the least disturbed one is kept"
    )
    p.add_argument("--no-explain", action="store_true", help="leave out the query plans")
    a = p.parse_args(argv)
    sizes = (
        Sizes(tenants=3, rows_per_tenant=50, lookups=50, scans=5)
        if a.smoke
        else Sizes(a.tenants, a.rows_per_tenant, a.lookups, a.scans)
    )
    print(f"{sizes}, rounds={1 if a.smoke else a.rounds}", flush=True)
    print(asyncio.run(run(StackSettings(), sizes, 1 if a.smoke else a.rounds, not a.no_explain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
