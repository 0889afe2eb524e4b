"""Supervision benchmark: the deadline scanner over 100,000 open cases, and the lag from acceptance to the case.

    .venv/bin/python -m bench.supervision_bench            # full run on a stack of its own (port base 14000)
    .venv/bin/python -m bench.supervision_bench --smoke    # tiny sizes (the test suite runs this, with --running)

1. The scanner. Open cases spread over the demo townships are written in bulk into supervision's own tables
   (case, handling clock, objection window, reminders, in the states the service leaves them) under its
   application role and a signed county scope, a known share with a reminder due "today" and as many due
   "tomorrow". The bench's world lies in 2001 and its scanners read a fixed clock, so nothing of the stack's own
   ever falls due for them, and nothing of theirs is mistaken for real work. Measured: the claim query alone
   (p50 of repeats, rolled back) at 1,000 and at the full count beside a plain indexed SELECT of the same
   reminders without locking; one scan_once loop (batch 200) firing today's; two scanners with their own
   engines firing tomorrow's, each reminder's outbox events counted. Everything is removed afterwards.
2. The lag. Petitions registered and accepted through intake's HTTP API, then GET /cases of supervision polled
   every 20 ms until the case shows: the end-to-end observation, beside the bare JetStream round trip (publish,
   then a pull consumer's fetch) on a scratch stream, and the outbox timestamps that split the lag.

The stack must not run its own deadline scanner (`xinfang test` stacks do not): the bench refuses to count a
reminder someone else fired. Prints a table and writes JSON (default bench/results/supervision.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import nats
from nats.js.api import StorageType, StreamConfig
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.generator import TEMPLATES, PetitionGenerator, places
from bench.intake_bench import CLERK, TOWNSHIP, token
from bench.measure import Result, percentile, table
from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.nats import operator_settings
from deploy.launcher.postgres import DATABASE, SUPERUSER, app_role, owner_role
from deploy.launcher.secrets import load_or_create
from services.supervision.domain.clocks import ClockKind, ReminderPoint, reminder_points
from services.supervision.persistence.case_tables import ReminderRow
from services.supervision.service import clock_store
from services.supervision.service.context import SCANNER, SupervisionContext
from services.supervision.service.scanner import _claim, scan_once
from services.supervision.settings import SupervisionRules
from shared.clock import CHINA, FixedClock
from shared.db.engine import make_engine
from shared.db.scope import set_scope_raw
from shared.db.session import DataScope, session_factory
from shared.events.connection import connect_options
from shared.events.envelope import uuid7
from shared.settings import DatabaseSettings
from shared.tenancy import Scope, tenant_id_for, village_id_for

SCHEMA = "supervision"
# The bench's world: its "today", and the mark its cleanup goes by (no real case is accepted before 2002).
TODAY = date(2001, 3, 15)
TOMORROW = TODAY + timedelta(days=1)
WORLD_ENDS = date(2002, 1, 1)
AT_TODAY = datetime(2001, 3, 15, 1, 0, tzinfo=UTC)  # 09:00 in the county
AT_TOMORROW = AT_TODAY + timedelta(days=1)
REMINDER_EVENTS = ("reminder.sent.v1", "reminder.escalated.v1")
POLL_SECONDS = 0.02
LOAD_CHUNK = 10_000


# --- the world -------------------------------------------------------------------------------------------------


def _working_days_after(start: date, days: int) -> date:
    """Weekdays only: the bench's year has no calendar entered, and the objection window's length barely
    matters here (no window falls due on the bench's two days)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += day.weekday() < 5
    return day


@dataclass(frozen=True)
class Shape:
    """A case accepted on one day: its handling clock's reminder points and its objection window's lapse."""

    accepted_on: date
    due_on: date
    points: list[ReminderPoint]
    window_days: int
    window_due_on: date

    @property
    def lapse_on(self) -> date:
        return self.window_due_on + timedelta(days=1)


def shapes(rules: SupervisionRules) -> dict[str, list[Shape]]:
    """Acceptance days of the last 70, sorted by what falls due: a reminder today, one tomorrow, or neither."""
    found: dict[str, list[Shape]] = {"today": [], "tomorrow": [], "quiet": []}
    for back in range(0, 71):
        accepted = TODAY - timedelta(days=back)
        due = accepted + timedelta(days=rules.handling_days)
        points = reminder_points(
            ClockKind.handling, accepted, due, rules.remind_days_before, rules.escalate_county_after_days
        )
        window = rules.objection_working_days
        shape = Shape(accepted, due, points, window, _working_days_after(accepted, window))
        days = {p.fires_on for p in points}
        if shape.lapse_on in (TODAY, TOMORROW) or {TODAY, TOMORROW} <= days:
            continue
        found["today" if TODAY in days else "tomorrow" if TOMORROW in days else "quiet"].append(shape)
    return found


@dataclass
class Batch:
    cases: list[tuple] = field(default_factory=list)
    clocks: list[tuple] = field(default_factory=list)
    reminders: list[tuple] = field(default_factory=list)
    due: dict[str, list[uuid.UUID]] = field(default_factory=lambda: {"today": [], "tomorrow": []})


def _fired_at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)


def build(rng: random.Random, kinds: list[str], by_kind: dict[str, list[Shape]]) -> Batch:
    """Rows as the service leaves them by the bench's today: every point before it fired, the rest pending."""
    out = Batch()
    county = places()
    for kind in kinds:
        shape = rng.choice(by_kind[kind])
        place = rng.choice(county)
        tenant = tenant_id_for(place.township)
        village = village_id_for(place.township, place.village)
        category = rng.choice(list(TEMPLATES))
        case_id, petition_id = uuid7(), uuid.uuid4()
        out.cases.append((
            case_id, tenant, village, petition_id, petition_id, place.township, place.village, category,
            TEMPLATES[category][0], 1, False, shape.accepted_on,
        ))  # fmt: skip
        handling = uuid7()
        out.clocks.append((
            handling, tenant, village, case_id, ClockKind.handling.value, None, "calendar", shape.accepted_on,
            (shape.due_on - shape.accepted_on).days, shape.due_on, None, None,
        ))  # fmt: skip
        for p in shape.points:
            fired = p.fires_on < TODAY
            rid = uuid7()
            out.reminders.append((
                rid, tenant, village, case_id, handling, p.point, p.audience.value, p.fires_on,
                clock_store.FIRED if fired else clock_store.PENDING, _fired_at(p.fires_on) if fired else None,
            ))  # fmt: skip
            if p.fires_on in (TODAY, TOMORROW):
                out.due["today" if p.fires_on == TODAY else "tomorrow"].append(rid)
        window = uuid7()
        lapsed = shape.lapse_on < TODAY
        out.clocks.append((
            window, tenant, village, case_id, ClockKind.objection_window.value, uuid.uuid4(), "working",
            shape.accepted_on, shape.window_days, shape.window_due_on, shape.lapse_on if lapsed else None,
            False if lapsed else None,
        ))  # fmt: skip
        out.reminders.append((
            uuid7(), tenant, village, case_id, window, "lapse", "none", shape.lapse_on,
            clock_store.FIRED if lapsed else clock_store.PENDING, _fired_at(shape.lapse_on) if lapsed else None,
        ))  # fmt: skip
    return out


def kinds_of(count: int, share: float, rng: random.Random) -> list[str]:
    due = round(count * share)
    kinds = ["today"] * due + ["tomorrow"] * due + ["quiet"] * (count - 2 * due)
    rng.shuffle(kinds)
    return kinds


_INSERT_CASES = f"""INSERT INTO {SCHEMA}.case_file (id, tenant_id, village_id, petition_id, matter_id, township,
    village, category, kind, people_count, is_collective, accepted_on, stage)
    SELECT *, 'handling' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::int[], $11::bool[], $12::date[])"""
_INSERT_CLOCKS = f"""INSERT INTO {SCHEMA}.case_clock (id, tenant_id, village_id, case_id, kind, subject_id, counting,
    started_on, days, due_on, stopped_on, on_time)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[],
    $8::date[], $9::int[], $10::date[], $11::date[], $12::bool[])"""
_INSERT_REMINDERS = f"""INSERT INTO {SCHEMA}.reminder (id, tenant_id, village_id, case_id, clock_id, point, audience,
    fires_on, status, fired_at)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
    $8::date[], $9::text[], $10::timestamptz[])"""


def _columns(rows: list[tuple]) -> list[list[Any]]:
    return [list(c) for c in zip(*rows, strict=True)]


class Db:
    """The bench's connections: supervision's application role (signed county scope), its owner for ANALYZE,
    and the superuser only to take the scanners' trail entries back out (the trail refuses DELETE to all)."""

    def __init__(self, s: StackSettings, secrets: dict[str, str]) -> None:
        self.s, self.secrets = s, secrets

    async def connect(self, user: str, password: str) -> asyncpg.Connection:
        return await asyncpg.connect(
            host="127.0.0.1", port=self.s.pg_port, user=user, password=password, database=DATABASE
        )

    async def app(self) -> asyncpg.Connection:
        return await self.connect(app_role(SCHEMA), self.secrets[f"{SCHEMA}_app"])

    async def county(self, conn: asyncpg.Connection) -> None:
        await set_scope_raw(conn, self.secrets[f"{SCHEMA}_scope_key"], Scope.county)

    def settings(self, pool_size: int) -> DatabaseSettings:
        return DatabaseSettings(
            host="127.0.0.1",
            port=self.s.pg_port,
            name=DATABASE,
            user=app_role(SCHEMA),
            password=self.secrets[f"{SCHEMA}_app"],
            schema_name=SCHEMA,
            pool_size=pool_size,
            scope_key=self.secrets[f"{SCHEMA}_scope_key"],
        )

    def engine(self, name: str) -> AsyncEngine:
        return make_engine(self.settings(pool_size=2), application_name=name)

    async def load(self, batch: Batch) -> None:
        conn = await self.app()
        try:
            for start in range(0, len(batch.cases), LOAD_CHUNK):
                cases = batch.cases[start : start + LOAD_CHUNK]
                ids = {c[0] for c in cases}
                async with conn.transaction():
                    await self.county(conn)
                    await conn.execute(_INSERT_CASES, *_columns(cases))
                    await conn.execute(_INSERT_CLOCKS, *_columns([c for c in batch.clocks if c[3] in ids]))
                    await conn.execute(
                        _INSERT_REMINDERS, *_columns([r for r in batch.reminders if r[3] in ids])
                    )
        finally:
            await conn.close()

    async def maintain(
        self, command: str, tables: Sequence[str] = ("case_file", "case_clock", "reminder")
    ) -> None:
        """ANALYZE or VACUUM, which only the tables' owner may run."""
        owner = await self.connect(owner_role(SCHEMA), self.secrets[f"{SCHEMA}_owner"])
        try:
            for t in tables:
                await owner.execute(f"{command} {SCHEMA}.{t}")
        finally:
            await owner.close()

    async def counts(self) -> dict[str, int]:
        conn = await self.app()
        try:
            async with conn.transaction():
                await self.county(conn)
                return dict(
                    await conn.fetchrow(
                        f"""SELECT (SELECT count(*) FROM {SCHEMA}.case_file WHERE closed_on IS NULL) AS open_cases,
                        (SELECT count(*) FROM {SCHEMA}.case_clock WHERE stopped_on IS NULL) AS running_clocks,
                        (SELECT count(*) FROM {SCHEMA}.reminder WHERE status = 'pending') AS pending_reminders"""
                    )
                )
        finally:
            await conn.close()

    async def trail_heads(self) -> dict[uuid.UUID, int]:
        su = await self.connect(SUPERUSER, self.secrets["pg_superuser"])
        try:
            rows = await su.fetch(f"SELECT tenant_id, max(seq) AS seq FROM {SCHEMA}.trail_entry GROUP BY 1")
            return {r["tenant_id"]: r["seq"] for r in rows}
        finally:
            await su.close()

    async def clean(self, heads: dict[uuid.UUID, int] | None) -> dict[str, int]:
        """Every row of the bench's world, its scanners' work items and events; their trail entries too when
        they are exactly the tail of each township's chain (anything else written meanwhile keeps them)."""
        removed = (
            await self._trail_tail(heads) if heads is not None else {"trail_entries": 0, "trail_kept": 0}
        )
        world = f"SELECT id FROM {SCHEMA}.case_file WHERE accepted_on < '{WORLD_ENDS}'"
        conn = await self.app()
        try:
            async with conn.transaction():
                await self.county(conn)
                for key, sql in (
                    ("outbox", f"DELETE FROM {SCHEMA}.outbox WHERE type = ANY($1::text[])"
                     f" AND envelope->>'subject' IN (SELECT id::text FROM ({world}) AS w)"),
                    ("work_items", f"DELETE FROM {SCHEMA}.work_item WHERE case_id IN ({world})"),
                    ("reminders", f"DELETE FROM {SCHEMA}.reminder WHERE case_id IN ({world})"),
                    ("clocks", f"DELETE FROM {SCHEMA}.case_clock WHERE case_id IN ({world})"),
                ):  # fmt: skip
                    args = [list(REMINDER_EVENTS)] if key == "outbox" else []
                    removed[key] = int((await conn.execute(sql, *args)).split()[-1])
            # Each deleted case's foreign keys are checked against reminder and work_item, which have no index
            # on case_id: a scan per case, through every dead row until a vacuum takes them away.
            await self.maintain("VACUUM", ("work_item", "reminder", "case_clock"))
            async with conn.transaction():
                await self.county(conn)
                status = await conn.execute(
                    f"DELETE FROM {SCHEMA}.case_file WHERE accepted_on < '{WORLD_ENDS}'"
                )
                removed["cases"] = int(status.split()[-1])
        finally:
            await conn.close()
        return removed

    async def _trail_tail(self, heads: dict[uuid.UUID, int]) -> dict[str, int]:
        su = await self.connect(SUPERUSER, self.secrets["pg_superuser"])
        removed = kept = 0
        try:
            rows = await su.fetch(
                f"""SELECT t.tenant_id, count(*) AS n, bool_and(t.actor_id = $1 AND c.id IS NOT NULL) AS ours
                FROM {SCHEMA}.trail_entry t
                LEFT JOIN {SCHEMA}.case_file c ON c.id::text = t.object_id AND c.accepted_on < '{WORLD_ENDS}'
                WHERE t.seq > coalesce(($2::jsonb ->> t.tenant_id::text)::bigint, 0)
                GROUP BY t.tenant_id""",
                SCANNER.user_id,
                json.dumps({str(k): v for k, v in heads.items()}),
            )
            for r in rows:
                if not r["ours"]:
                    kept += r["n"]
                    continue
                async with su.transaction():
                    # The append-only trigger is an ordinary trigger: replica mode skips it, this transaction only.
                    await su.execute("SET LOCAL session_replication_role = replica")
                    status = await su.execute(
                        f"DELETE FROM {SCHEMA}.trail_entry WHERE tenant_id = $1 AND seq > $2",
                        r["tenant_id"],
                        heads.get(r["tenant_id"], 0),
                    )
                    removed += int(status.split()[-1])
        finally:
            await su.close()
        return {"trail_entries": removed, "trail_kept": kept}


# --- the scanner's figures -------------------------------------------------------------------------------------


def say(result: Result) -> Result:
    """Each figure as it is measured: a full run takes minutes."""
    print(f"  {result.name}: {result.requests} in {result.seconds} s, p50 {result.p50_ms} ms", flush=True)
    return result


def _result(
    name: str, concurrency: int, samples_ms: Sequence[float], seconds: float, errors: int = 0
) -> Result:
    return Result(
        name,
        concurrency,
        len(samples_ms),
        errors,
        round(seconds, 3),
        round(len(samples_ms) / seconds, 1) if seconds else 0.0,
        round(percentile(samples_ms, 50), 3),
        round(percentile(samples_ms, 95), 3),
        round(percentile(samples_ms, 99), 3),
    )


async def claim_timings(db: Db, label: str, repeats: int, batch_size: int) -> tuple[Result, Result, int]:
    """The claim as scan_once runs it, and the plain indexed SELECT of what fell due, alternating on one
    connection in the county scope; each claim is rolled back, so every repeat finds the same rows."""
    engine = db.engine("bench-claim")
    sessions = session_factory(engine)
    plain = (
        select(ReminderRow.clock_id)
        .where(ReminderRow.status == clock_store.PENDING, ReminderRow.fires_on <= TODAY)
        .order_by(ReminderRow.fires_on, ReminderRow.clock_id)  # the reminder_due index's own order
        .limit(batch_size)
    )
    samples: dict[str, list[float]] = {"claim": [], "plain": []}
    claimed = 0
    try:
        for _ in range(repeats + 1):  # the first round warms the connection and the caches, and is not kept
            for which in ("claim", "plain"):
                async with sessions(info={"data_scope": DataScope.county()}) as s:
                    tx = await s.begin()
                    await s.execute(text("SELECT 1"))  # the scope is set; the clock starts after it
                    started = time.perf_counter()
                    if which == "claim":
                        claimed = len(await _claim(s, TODAY, batch_size))
                    else:
                        (await s.execute(plain)).all()
                    samples[which].append((time.perf_counter() - started) * 1000)
                    await tx.rollback()
    finally:
        await engine.dispose()
    rows = [
        _result(f"{name}, {label}", 1, samples[key][1:], sum(samples[key][1:]) / 1000)
        for key, name in (("claim", "claim"), ("plain", "plain select"))
    ]
    return rows[0], rows[1], claimed


@dataclass
class ScanRun:
    result: Result
    claimed_by: list[int]  # what scan_once returned: clocks claimed, some found already fired by the other
    rounds: list[int]
    failures: dict[str, int]


async def _remaining(sessions: Any, today: date) -> int:
    async with sessions(info={"data_scope": DataScope.county()}) as s, s.begin():
        return (
            await s.execute(
                text(
                    "SELECT count(*) FROM reminder r JOIN case_clock c ON c.id = r.clock_id"
                    " WHERE r.status = 'pending' AND r.fires_on <= :today AND c.stopped_on IS NULL"
                ),
                {"today": today},
            )
        ).scalar_one()


async def scan(db: Db, at: datetime, scanners: int, batch_size: int, deadline: float) -> ScanRun:
    """`scanners` loops of scan_once, each with its own engine, until nothing due is left; a failed round (a
    deadlock between two scanners, say) is counted and retried, as the worker's loop does."""
    ctx = SupervisionContext(clock=FixedClock(at=at))
    engines = [db.engine(f"bench-scanner-{i}") for i in range(scanners)]
    claimed, rounds, failures = [0] * scanners, [0] * scanners, Counter[str]()
    round_ms: list[float] = []

    async def loop(i: int) -> None:
        sessions = session_factory(engines[i])
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                got = await scan_once(sessions, ctx, batch_size)
            except DBAPIError as e:
                failures[type(e.orig.__cause__ or e.orig).__name__ if e.orig else type(e).__name__] += 1
                if sum(failures.values()) > 50:
                    raise
                continue
            round_ms.append((time.perf_counter() - started) * 1000)
            rounds[i] += 1
            claimed[i] += got
            if got == 0:
                if await _remaining(sessions, ctx.today()) == 0:
                    return
                await asyncio.sleep(0.01)  # the other scanner holds the rest
        raise TimeoutError("the scanners did not finish before the bench's deadline")

    try:
        for e in engines:  # connections made and the scope signed before the clock starts
            await _remaining(session_factory(e), ctx.today())
        started = time.perf_counter()
        await asyncio.gather(*(loop(i) for i in range(scanners)))
        seconds = time.perf_counter() - started
    finally:
        for e in engines:
            await e.dispose()
    total = await _fired_at_instant(db, at)
    label = "scan_once, 1 scanner" if scanners == 1 else f"scan_once, {scanners} scanners"
    rounds_ = _result(label, scanners, round_ms, seconds, errors=sum(failures.values()))
    # reqs = reminders fired, req/s = reminders per second, p50.. = one round (the transaction of a batch)
    r = Result(label, scanners, total, rounds_.errors, rounds_.seconds, round(total / seconds, 1),
               rounds_.p50_ms, rounds_.p95_ms, rounds_.p99_ms)  # fmt: skip
    return ScanRun(r, claimed, rounds, dict(failures))


async def _fired_at_instant(db: Db, at: datetime) -> int:
    """Reminders this run's scanners fired: they alone write the fixed clock's instant."""
    conn = await db.app()
    try:
        async with conn.transaction():
            await db.county(conn)
            return await conn.fetchval(f"SELECT count(*) FROM {SCHEMA}.reminder WHERE fired_at = $1", at)
    finally:
        await conn.close()


async def firings(db: Db, due: dict[str, list[uuid.UUID]]) -> dict[str, int]:
    """Each due reminder's events in the outbox (exactly one each), and any the bench's scanners did not fire."""
    conn = await db.app()
    try:
        async with conn.transaction():
            await db.county(conn)
            events = await conn.fetch(
                f"""SELECT (o.envelope->'data'->>'reminder_id')::uuid AS rid, count(*) AS n
                FROM {SCHEMA}.outbox o JOIN {SCHEMA}.case_file c ON c.id::text = o.envelope->>'subject'
                WHERE o.type = ANY($1::text[]) AND c.accepted_on < '{WORLD_ENDS}' GROUP BY 1""",
                list(REMINDER_EVENTS),
            )
            foreign = await conn.fetchval(
                f"""SELECT count(*) FROM {SCHEMA}.reminder r JOIN {SCHEMA}.case_file c ON c.id = r.case_id
                WHERE c.accepted_on < '{WORLD_ENDS}' AND (r.fired_at > $1 OR r.status = 'superseded')""",
                AT_TOMORROW,
            )
    finally:
        await conn.close()
    per = {r["rid"]: r["n"] for r in events}
    wanted = {rid for ids in due.values() for rid in ids}
    return {
        "due": len(wanted),
        "fired": len(per),
        "double_firings": sum(1 for n in per.values() if n > 1),
        "unfired": len(wanted - per.keys()),
        "fired_not_due": len(per.keys() - wanted),
        "fired_by_others": foreign,
    }


async def scanner_bench(db: Db, sizes: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(20010315)
    rules = SupervisionContext().rules
    by_kind = shapes(rules)
    deadline = time.monotonic() + sizes["scanner_timeout_s"]
    await db.clean(None)  # a run that died half-way left its world behind
    heads = await db.trail_heads()
    due: dict[str, list[uuid.UUID]] = {"today": [], "tomorrow": []}
    loaded_s = 0.0
    claims: list[Result] = []
    claimed: dict[str, int] = {}
    try:
        done = 0
        for label, upto in (("small", sizes["baseline_cases"]), ("full", sizes["cases"])):
            batch = build(rng, kinds_of(upto - done, sizes["due_share"], rng), by_kind)
            started = time.perf_counter()
            await db.load(batch)
            await db.maintain("ANALYZE")
            loaded_s += time.perf_counter() - started
            print(f"  loaded {upto:,} open cases ({loaded_s:.1f} s so far)", flush=True)
            for k in due:
                due[k] += batch.due[k]
            done = upto
            claim, plain, claimed[label] = await claim_timings(
                db, f"{upto:,} cases", sizes["repeats"], sizes["batch"]
            )
            claims += [say(claim), say(plain)]
        counts = await db.counts()
        one = await scan(db, AT_TODAY, 1, sizes["batch"], deadline)
        say(one.result)
        two = await scan(db, AT_TOMORROW, 2, sizes["batch"], deadline)
        say(two.result)
        checked = await firings(db, due)
    finally:
        removed = await db.clean(heads)
    small_claim, small_plain, full_claim, full_plain = claims
    return {
        "world": {
            "today": str(TODAY),
            "due_share": sizes["due_share"],
            **counts,
            "load_seconds": round(loaded_s, 1),
        },
        "due": {k: len(v) for k, v in due.items()},
        "claimed_rows": claimed,
        "claim": [r.row() for r in claims],
        "scan": [one.result.row(), two.result.row()],
        "one_scanner": {"claimed": one.claimed_by, "rounds": one.rounds, "failed_rounds": one.failures},
        "two_scanners": {"claimed": two.claimed_by, "rounds": two.rounds, "failed_rounds": two.failures},
        "checks": checked,
        "ratios": {
            "claim_vs_plain_select": _ratio(full_claim.p50_ms, full_plain.p50_ms),
            "claim_full_vs_small": _ratio(full_claim.p50_ms, small_claim.p50_ms),
            "plain_full_vs_small": _ratio(full_plain.p50_ms, small_plain.p50_ms),
            "two_vs_one_scanner_rate": _ratio(two.result.per_second, one.result.per_second),
        },
        "cleanup": removed,
        "results": [*claims, one.result, two.result],
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


# --- acceptance to case ----------------------------------------------------------------------------------------


async def _case_seen(client: httpx.AsyncClient, petition_id: str, within: float) -> float | None:
    """The instant a GET /cases first lists the petition's case (newest first), polling every 20 ms."""
    until = time.perf_counter() + within
    while time.perf_counter() < until:
        r = await client.get("/cases", params={"page_size": 10})
        if r.status_code == 200 and any(i["petition_id"] == petition_id for i in r.json()["items"]):
            return time.perf_counter()
        await asyncio.sleep(POLL_SECONDS)
    return None


async def acceptance_lag(
    s: StackSettings, secrets: dict[str, str], n: int
) -> tuple[Result, dict[str, datetime]]:
    """One petition at a time: register, accept, then watch supervision until its case shows; returns each
    petition's wall-clock instant of being seen, for the breakdown."""
    gen = PetitionGenerator(seed=20261201, township=TOWNSHIP)
    today = datetime.now(CHINA).date().isoformat()
    lags: list[float] = []
    seen_at: dict[str, datetime] = {}
    errors = 0
    started = time.perf_counter()
    async with (
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{s.intake_port}", timeout=30) as intake,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{s.supervision_port}", timeout=30) as supervision,
    ):
        for i in range(n):
            if i % 50 == 0:  # well inside the access token's lifetime
                auth = {"Authorization": f"Bearer {await token(s, secrets, CLERK)}"}
                intake.headers.update(auth)
                supervision.headers.update(auth)
            body = gen.petition() | {"received_on": today}
            r = await intake.post("/petitions", json=body)
            if r.status_code != 201:
                errors += 1
                continue
            pid = r.json()["id"]
            r = await intake.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
            answered = time.perf_counter()
            seen = await _case_seen(supervision, pid, within=30) if r.status_code == 200 else None
            if seen is None:
                errors += 1
                continue
            lags.append((seen - answered) * 1000)
            seen_at[pid] = datetime.now(UTC) - timedelta(seconds=time.perf_counter() - seen)
    r = _result("accepted -> case in GET /cases", 1, lags, time.perf_counter() - started, errors)
    return r, seen_at


async def lag_breakdown(db: Db, seen_at: dict[str, datetime]) -> dict[str, float]:
    """The lag split by the rows' own timestamps (one machine, one clock): the acceptance's outbox row to its
    relaying, the relaying to the case's opened_at (the handler's transaction start), and that to the GET
    that first listed the case."""
    su = await db.connect(SUPERUSER, db.secrets["pg_superuser"])
    try:
        rows = await su.fetch(
            f"""SELECT o.envelope->>'subject' AS pid, o.created_at, o.relayed_at, c.opened_at
            FROM intake.outbox o JOIN {SCHEMA}.case_file c ON c.petition_id::text = o.envelope->>'subject'
            WHERE o.type = 'petition.accepted.v1' AND o.envelope->>'subject' = ANY($1::text[])""",
            list(seen_at),
        )
    finally:
        await su.close()
    steps = {
        "outbox_to_relayed": [r["relayed_at"] - r["created_at"] for r in rows if r["relayed_at"]],
        "relayed_to_opened": [r["opened_at"] - r["relayed_at"] for r in rows if r["relayed_at"]],
        "opened_to_seen": [seen_at[r["pid"]] - r["opened_at"] for r in rows],
    }
    out: dict[str, float] = {"rows": len(rows)}
    for name, spans in steps.items():
        ms = [d.total_seconds() * 1000 for d in spans]
        out[f"{name}_p50_ms"] = round(percentile(ms, 50), 2)
        out[f"{name}_p99_ms"] = round(percentile(ms, 99), 2)
    return out


async def nats_round_trip(s: StackSettings, secrets: dict[str, str], n: int) -> Result:
    """Publish to a scratch JetStream stream (file storage, like the event stream) and fetch it with a pull
    consumer, one message at a time: the transport under the lag."""
    tag = uuid.uuid4().hex[:8]
    stream, subject = f"XFBENCH_{tag}", f"xfbench{tag}.rtt"
    nc = await nats.connect(**connect_options(operator_settings(s, secrets)))
    js = nc.jetstream()
    samples: list[float] = []
    started = time.perf_counter()
    try:
        await js.add_stream(StreamConfig(name=stream, subjects=[f"xfbench{tag}.>"], storage=StorageType.FILE))
        sub = await js.pull_subscribe(subject, durable=f"rtt{tag}", stream=stream)
        payload = json.dumps({"type": "bench.rtt", "data": "x" * 400}).encode()  # about an event's size
        for i in range(n + 1):
            t0 = time.perf_counter()
            await js.publish(subject, payload, headers={"Nats-Msg-Id": f"{tag}-{i}"})
            (msg,) = await sub.fetch(1, timeout=5)
            await msg.ack()
            if i:  # the first one sets up the consumer's pull
                samples.append((time.perf_counter() - t0) * 1000)
    finally:
        try:
            await js.delete_stream(stream)
        finally:
            await nc.close()
    return _result("JetStream publish -> pull fetch", 1, samples, time.perf_counter() - started)


# --- the run ---------------------------------------------------------------------------------------------------


async def run(s: StackSettings, sizes: dict[str, Any]) -> dict[str, Any]:
    secrets = load_or_create(s.run_dir)
    db = Db(s, secrets)
    scanner = await scanner_bench(db, sizes)
    transport = say(await nats_round_trip(s, secrets, sizes["transport_samples"]))
    lag, seen_at = await acceptance_lag(s, secrets, sizes["lag_petitions"])
    say(lag)
    breakdown = await lag_breakdown(db, seen_at)
    results: list[Result] = [*scanner.pop("results"), lag, transport]
    lag_ratios = {
        "lag_vs_transport_p50": _ratio(lag.p50_ms, transport.p50_ms),
        "lag_vs_transport_p99": _ratio(lag.p99_ms, transport.p99_ms),
    }
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "sizes": sizes,
        "scanner": scanner,
        "lag": {
            "measured": "accept response to the first GET /cases listing the case, polled every 20 ms",
            "observed": lag.row(),
            "transport": transport.row(),
            "breakdown": breakdown,
            "ratios": lag_ratios,
        },
        "table": report(results, scanner, lag_ratios, breakdown),
    }


def report(
    results: list[Result], scanner: dict[str, Any], lag_ratios: dict[str, Any], breakdown: dict[str, float]
) -> str:
    ratios = {**scanner["ratios"], **lag_ratios}
    checks = scanner["checks"]
    lines = [
        table(results),
        "",
        "claims and lag: p50.. per operation; scan_once: reqs = reminders fired, req/s = reminders per second,"
        " p50.. = one round",
        "ratios: " + ", ".join(f"{k} {v}" for k, v in ratios.items()),
        f"due today {scanner['due']['today']}, tomorrow {scanner['due']['tomorrow']}; fired {checks['fired']},"
        f" double firings {checks['double_firings']}, unfired {checks['unfired']},"
        f" fired by others {checks['fired_by_others']}; two scanners' failed rounds"
        f" {scanner['two_scanners']['failed_rounds'] or 0}",
        "lag split (p50 ms): "
        + ", ".join(
            f"{k.removesuffix('_p50_ms')} {v}" for k, v in breakdown.items() if k.endswith("_p50_ms")
        ),
    ]
    return "\n".join(lines)


FULL = {
    "cases": 100_000,
    "baseline_cases": 1_000,
    "due_share": 0.02,
    "batch": 200,
    "repeats": 30,
    "lag_petitions": 200,
    "transport_samples": 200,
    "scanner_timeout_s": 1800,
}
SMOKE = {
    "cases": 200,
    "baseline_cases": 50,
    "due_share": 0.05,
    "batch": 200,
    "repeats": 3,
    "lag_petitions": 5,
    "transport_samples": 10,
    "scanner_timeout_s": 120,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, to check the harness still works")
    p.add_argument(
        "--running",
        action="store_true",
        help="use the stack the XF_* settings point at (its worker must not scan deadlines)",
    )
    p.add_argument(
        "--cases", type=int, default=None, help="open cases in the scanner's world (default 100000)"
    )
    p.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results" / "supervision.json")
    args = p.parse_args(argv)
    sizes = dict(SMOKE if args.smoke else FULL)
    if args.cases:
        sizes["cases"] = max(args.cases, sizes["baseline_cases"])
    report_ = asyncio.run(run(StackSettings(), sizes)) if args.running else _on_own_stack(sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report_, ensure_ascii=False, indent=2))
    print(report_["table"])
    print(f"\nwritten to {args.out}")
    checks = report_["scanner"]["checks"]
    if checks["double_firings"] or checks["unfired"] or checks["fired_not_due"] or checks["fired_by_others"]:
        print("FAILED: a reminder was fired twice, not at all, or by someone else", file=sys.stderr)
        return 1
    return 0


def _on_own_stack(sizes: dict[str, Any]) -> dict[str, Any]:
    from deploy.launcher.stack import Stack

    # Below the ephemeral port range, away from the demo's, the test stack's and the intake bench's bases.
    settings = StackSettings(
        run_dir=REPO_ROOT / ".run" / "bench-supervision", port_base=14000, deadline_scanner=False
    )
    stack = Stack(settings)
    try:
        stack.up(seed=True)
        return asyncio.run(run(settings, sizes))
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
