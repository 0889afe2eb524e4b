"""The lag from a commit in intake's outbox to the fact row in reporting, at steady rates, beside a bare JetStream
publish -> consume loop at the same rates on the same server.

The outbox side. Every 10 ms a writer commits, in one transaction as intake's application role (county scope),
the `petition.registered.v1` rows whose turn has come at the rate, so the commits arrive steadily; the instant
each transaction's COMMIT returns is its events' start. Intake's own worker relays them (its relay polls every
0.5 s when idle) and reporting's worker applies them. An observer polls reporting's `petition_fact` every 10 ms
for the oldest rows not yet seen; the instant the poll that finds a row was sent is the row's end (its snapshot
was taken then, so the row had committed). The figures are GROUP BYs over these rows at read time: once the row
is there, every figure counts it.

The observer polls only the 2,000 oldest unseen ids: the relay publishes in commit order and one durable applies
them one after the other, so a younger row is not there while older ones are missing.

The bare loop. The same ticks publish messages of an event's size to a scratch stream (file storage, as the
event stream) and wait for each PubAck, the broker's commit; a pull consumer fetching 10 at a time, as the
worker does, acks each on arrival. Publish ack to arrival, per message.

Both sides run at each rate for the same time; a side that cannot keep up shows it as a lag that grows, and as an
achieved rate below the asked one. The database's own timestamps split the lag (outbox row created -> relayed ->
applied by reporting's consumer).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import asyncpg
import nats.errors
from nats.js.api import StorageType, StreamConfig

from bench.measure import Result, percentile
from bench.reporting_common import TENANT, TOWNSHIP, Stack, ratio, result, say
from services.reporting.events import REGISTRY
from shared.contracts.intake import PetitionRegistered
from shared.events.envelope import Envelope
from shared.events.outbox import notify_channel
from shared.events.streams import TOPOLOGY

WORLD_DAY = date(2009, 1, 5)  # the bench's petitions are received on it: no test or demo month comes near
TICK = 0.01
POLL = 0.01
WINDOW = 2000
CONSUMER = "reporting-petition-registered"
# As shared/events/outbox.put writes a row: with the notification that wakes the relay at the commit.
_OUTBOX = f"""WITH added AS (INSERT INTO intake.outbox (id, tenant_id, subject, type, envelope)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[]) RETURNING id)
    SELECT pg_notify('{notify_channel("intake")}', '') FROM added LIMIT 1"""


def registered(petition_id: uuid.UUID) -> Envelope:
    payload = PetitionRegistered(
        petition_id=petition_id, channel="visit", category="land", kind="claim", village=None,
        received_on=WORLD_DAY, acceptance_due_on=WORLD_DAY + timedelta(days=15), people_count=1,
        is_collective=False, is_skip_level=False, is_repeat_suspected=False, registration_level="township",
    )  # fmt: skip
    return Envelope.new(
        service="intake", type=PetitionRegistered.event_type, subject=petition_id, tenant=TOWNSHIP,
        tenant_id=TENANT, data=payload, actor="bench:reporting",
    )  # fmt: skip


async def steady(rate: int, seconds: float, send: Callable[[int], Any]) -> float:
    """Calls `send(n)` every tick with the events due by then; returns the seconds it took (a slow send makes
    the next tick carry more: the rate holds as long as the sender keeps up)."""
    total = round(rate * seconds)
    started = time.perf_counter()
    sent = 0
    while sent < total:
        due = min(total, int((time.perf_counter() - started) * rate) + 1)
        if due > sent:
            await send(due - sent)
            sent = due
        await asyncio.sleep(TICK)
    return time.perf_counter() - started


class Observer:
    """Polls reporting's facts for the oldest unseen petitions; `seen[id]` is the instant the finding poll was sent."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self.waiting: dict[uuid.UUID, None] = {}  # insertion-ordered: the oldest first
        self.seen: dict[uuid.UUID, float] = {}

    def expect(self, ids: Iterable[uuid.UUID]) -> None:
        self.waiting.update(dict.fromkeys(ids))

    async def poll_once(self) -> None:
        window = list(self.waiting)[:WINDOW]
        if not window:
            return
        sent = time.perf_counter()
        found = await self.conn.fetch(
            "SELECT petition_id FROM reporting.petition_fact WHERE petition_id = ANY($1::uuid[])", window
        )
        for r in found:
            self.waiting.pop(r["petition_id"], None)
            self.seen[r["petition_id"]] = sent

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set() or self.waiting:
            await self.poll_once()
            await asyncio.sleep(POLL)


async def outbox_run(
    stack: Stack, rate: int, seconds: float, drain_s: float
) -> tuple[Result, dict[str, Any]]:
    writer, observer_conn = await stack.app("intake"), await stack.superuser()
    observer = Observer(observer_conn)
    committed: dict[uuid.UUID, float] = {}
    event_ids: list[uuid.UUID] = []

    async def send(n: int) -> None:
        events = [registered(uuid.uuid4()) for _ in range(n)]
        async with writer.transaction():
            await stack.county_scope(writer, "intake")
            await writer.execute(
                _OUTBOX, [e.id for e in events], [e.tenant_id for e in events],
                [e.nats_subject() for e in events], [e.type for e in events],
                [e.to_json().decode() for e in events],
            )  # fmt: skip
        at = time.perf_counter()
        ids = [uuid.UUID(e.subject) for e in events]
        committed.update(dict.fromkeys(ids, at))
        event_ids.extend(e.id for e in events)
        observer.expect(ids)

    stop = asyncio.Event()
    watching = asyncio.create_task(observer.run(stop))
    try:
        took = await steady(rate, seconds, send)
        stop.set()
        await asyncio.wait_for(asyncio.shield(watching), drain_s)
    except TimeoutError:
        pass  # what was not seen by then is counted as an error
    finally:
        stop.set()
        watching.cancel()
        await writer.close()
        await observer_conn.close()
    lags = [(observer.seen[p] - at) * 1000 for p, at in committed.items() if p in observer.seen]
    r = result(f"outbox -> fact, {rate}/s", lags, took, errors=len(committed) - len(lags))
    return r, {"asked_per_second": rate, "achieved_per_second": round(len(committed) / took, 1),
               "event_ids": event_ids}  # fmt: skip


async def jetstream_run(
    stack: Stack, rate: int, seconds: float, drain_s: float
) -> tuple[Result, dict[str, Any]]:
    tag = uuid.uuid4().hex[:8]
    stream, subject = f"XFBENCH_{tag}", f"xfbench{tag}.lag"
    payload = registered(uuid.uuid4()).to_json()  # an event's size
    nc = await stack.operator()
    js = nc.jetstream()
    acked: dict[int, float] = {}
    arrived: dict[int, float] = {}
    sent = [0]
    try:
        await js.add_stream(StreamConfig(name=stream, subjects=[f"xfbench{tag}.>"], storage=StorageType.FILE))
        sub = await js.pull_subscribe(subject, durable=f"lag{tag}", stream=stream)
        total = round(rate * seconds)

        async def one(i: int) -> None:
            try:
                await js.publish(subject, payload, headers={"Nats-Msg-Id": f"{tag}-{i}", "Xf-Seq": str(i)})
            except nats.errors.TimeoutError:
                return  # never acknowledged: counted as an error below, like an event the facts never show
            acked[i] = time.perf_counter()

        async def send(n: int) -> None:
            # A tick's messages together, as a tick's events share one transaction on the outbox side.
            first = sent[0]  # steady() awaits each send: the previous tick's are all settled
            sent[0] += n
            await asyncio.gather(*(one(i) for i in range(first, first + n)))

        async def consume() -> None:
            while len(arrived) < total:
                try:
                    msgs = await sub.fetch(10, timeout=1)
                except (nats.errors.TimeoutError, TimeoutError):
                    continue
                for msg in msgs:
                    arrived[int(msg.headers["Xf-Seq"])] = time.perf_counter()
                    await msg.ack()

        consuming = asyncio.create_task(consume())
        took = await steady(rate, seconds, send)
        with contextlib.suppress(TimeoutError):  # what has not arrived by then is counted as an error
            await asyncio.wait_for(consuming, drain_s)
    finally:
        try:
            await js.delete_stream(stream)
        finally:
            await nc.close()
    lags = [(arrived[i] - at) * 1000 for i, at in acked.items() if i in arrived]
    r = result(f"JetStream publish -> consume, {rate}/s", lags, took, errors=sent[0] - len(lags))
    return r, {"asked_per_second": rate, "achieved_per_second": round(len(acked) / took, 1)}


async def breakdown(stack: Stack, event_ids: list[uuid.UUID]) -> dict[str, float]:
    """The lag split by the rows' own timestamps (one machine, one clock): the outbox row's insert to its relaying,
    and the relaying to the start of reporting's transaction that applied it."""
    conn = await stack.superuser()
    try:
        found = await conn.fetch(
            """SELECT o.created_at, o.relayed_at, p.processed_at
            FROM intake.outbox o JOIN reporting.processed_event p ON p.event_id = o.id AND p.consumer = $2
            WHERE o.id = ANY($1::uuid[]) AND o.relayed_at IS NOT NULL""",
            event_ids,
            CONSUMER,
        )
    finally:
        await conn.close()
    steps = {
        "outbox_to_relayed": [r["relayed_at"] - r["created_at"] for r in found],
        "relayed_to_applied": [r["processed_at"] - r["relayed_at"] for r in found],
    }
    out: dict[str, float] = {"rows": len(found)}
    for name, spans in steps.items():
        ms = [d.total_seconds() * 1000 for d in spans]
        out[f"{name}_p50_ms"] = round(percentile(ms, 50), 2)
        out[f"{name}_p99_ms"] = round(percentile(ms, 99), 2)
    return out


async def backlog(stack: Stack) -> int:
    """Intake's unrelayed rows and what reporting's durables have not acknowledged yet: the stack's own queue."""
    conn = await stack.superuser()
    try:
        rows = await conn.fetchval(
            "SELECT count(*) FROM intake.outbox WHERE relayed_at IS NULL AND set_aside_at IS NULL"
        )
    finally:
        await conn.close()
    nc = await stack.operator()
    try:
        js = nc.jetstream()
        for durable in {spec.durable.durable for spec in REGISTRY}:
            info = await js.consumer_info(TOPOLOGY.stream, durable)
            rows += (info.num_pending or 0) + (info.num_ack_pending or 0)
    finally:
        await nc.close()
    return rows


async def settle(stack: Stack, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109 - a deadline for the wait
    """Waits until nothing is queued before a run, so a run's lag is its own events' and not a backlog's."""
    started = time.monotonic()
    while (left := await backlog(stack)) and time.monotonic() - started < timeout:  # noqa: ASYNC110 - polls
        await asyncio.sleep(1)
    return {"queued_at_start": left, "waited_s": round(time.monotonic() - started, 1)}


async def lag_bench(stack: Stack, sizes: dict[str, Any]) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    results: list[Result] = []
    for rate in sizes["rates"]:
        seconds, drain = sizes["lag_seconds"], sizes["drain_s"]
        quiet = await settle(stack, drain)
        bare, bare_rate = await jetstream_run(stack, rate, seconds, drain)
        observed, seen = await outbox_run(stack, rate, seconds, drain)
        results += [say(bare), say(observed)]
        split = await breakdown(stack, seen.pop("event_ids"))
        runs.append({
            "rate": rate,
            "observed": {**observed.row(), **seen},
            "bare": {**bare.row(), **bare_rate},
            "breakdown": split,
            "before": quiet,
            "ratios": {
                "p50_vs_bare": ratio(observed.p50_ms, bare.p50_ms),
                "p99_vs_bare": ratio(observed.p99_ms, bare.p99_ms),
            },
        })  # fmt: skip
    return {"runs": runs, "results": results}


def summary(lag: dict[str, Any]) -> list[str]:
    lines = []
    for run in lag["runs"]:
        o, b, s = run["observed"], run["bare"], run["breakdown"]
        lines.append(
            f"lag at {run['rate']}/s: p50 {o['p50_ms']} / p99 {o['p99_ms']} ms (bare {b['p50_ms']} / {b['p99_ms']});"
            f" ratios p50 {run['ratios']['p50_vs_bare']}, p99 {run['ratios']['p99_vs_bare']};"
            f" achieved {o['achieved_per_second']}/s; split p50: relay {s.get('outbox_to_relayed_p50_ms')} ms,"
            f" consumer {s.get('relayed_to_applied_p50_ms')} ms"
        )
    return lines
