"""Rebuild speed: `python -m services.reporting.rebuild` over the whole event stream, in events per second, beside
the raw consume rate of the same messages.

First the bench's own petitions go onto the stream as intake would publish them (a registration and an
acceptance each, under the bench's township), and the running worker applies them. The baseline: one bare pull
consumer per reporting durable, with the same filter, from the stream's first message, fetching 10 at a time and
acking each, all at once as the worker's loops run; no handler, no database. Then the rebuild command itself, as
an operator runs it (its own process, the reporting service's environment): the rate is the command's own count
of replayed messages over its own seconds. Both read every message reporting's durables filter, the bench's and
whatever else the stack's stream holds. Afterwards the bench's petitions must all be back in the facts.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
import uuid
from datetime import timedelta
from typing import Any

import nats.errors
import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from bench.reporting_common import TENANT, TOWNSHIP, Stack, ratio
from bench.reporting_lag import WORLD_DAY, registered
from deploy.launcher.config import REPO_ROOT
from deploy.launcher.services import service_env
from services.reporting.events import REGISTRY
from services.reporting.rebuild import _durables
from shared.contracts.intake import PetitionDecided
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY

PUBLISH_CHUNK = 200
_DONE = re.compile(r"rebuilt: (\d+) rows dropped, (\d+) events replayed in ([\d.]+) s")


def accepted(petition_id: uuid.UUID) -> Envelope:
    payload = PetitionDecided(petition_id, "accepted", WORLD_DAY + timedelta(days=3), True)
    return Envelope.new(
        service="intake", type="petition.accepted.v1", subject=petition_id, tenant=TOWNSHIP, tenant_id=TENANT,
        data=payload, actor="bench:reporting",
    )  # fmt: skip


async def publish_world(stack: Stack, petitions: int) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(petitions)]
    events = [e for pid in ids for e in (registered(pid), accepted(pid))]
    nc = await stack.operator()
    js = nc.jetstream()
    try:
        for start in range(0, len(events), PUBLISH_CHUNK):
            await asyncio.gather(*(
                js.publish(e.nats_subject(), e.to_json(), headers={"Nats-Msg-Id": str(e.id)})
                for e in events[start : start + PUBLISH_CHUNK]
            ))  # fmt: skip
    finally:
        await nc.close()
    return ids


async def applied(stack: Stack, ids: list[uuid.UUID]) -> int:
    """The bench's petitions whose registration and acceptance are both in the facts."""
    conn = await stack.superuser()
    try:
        return await conn.fetchval(
            "SELECT count(*) FROM reporting.petition_fact WHERE petition_id = ANY($1::uuid[])"
            " AND received_on IS NOT NULL AND decision IS NOT NULL",
            ids,
        )
    finally:
        await conn.close()


async def wait_applied(stack: Stack, ids: list[uuid.UUID], timeout: float) -> int:  # noqa: ASYNC109 - a deadline
    until = time.monotonic() + timeout
    while (n := await applied(stack, ids)) < len(ids) and time.monotonic() < until:  # noqa: ASYNC110 - polls the db
        await asyncio.sleep(0.5)
    return n


async def _drain(js: JetStreamContext, durable: str) -> int:
    info = await js.consumer_info(TOPOLOGY.stream, durable)
    left = info.num_pending or 0
    sub = await js.pull_subscribe_bind(durable=durable, stream=TOPOLOGY.stream)
    got = 0
    try:
        while got < left:
            try:
                msgs = await sub.fetch(10, timeout=1)
            except (nats.errors.TimeoutError, TimeoutError):
                continue
            for msg in msgs:
                await msg.ack()
            got += len(msgs)
    finally:
        await sub.unsubscribe()
    return got


async def raw_consume(stack: Stack) -> dict[str, Any]:
    """Bare durables with reporting's filters, created before the clock starts, read to the end together."""
    tag = uuid.uuid4().hex[:8]
    specs = _durables(REGISTRY)  # exactly the durables the rebuild replays
    names = [f"xfbench-raw-{tag}-{i}" for i, _ in enumerate(specs)]
    nc = await stack.operator()
    js = nc.jetstream()
    try:
        for name, spec in zip(names, specs, strict=True):
            await js.add_consumer(TOPOLOGY.stream, ConsumerConfig(
                durable_name=name, name=name, filter_subject=spec.filter_subject,
                ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL, ack_wait=30,
            ))  # fmt: skip
        started = time.perf_counter()
        counts = await asyncio.gather(*(_drain(js, name) for name in names))
        seconds = time.perf_counter() - started
    finally:
        for name in names:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await js.delete_consumer(TOPOLOGY.stream, name)
        await nc.close()
    events = sum(counts)
    return {"events": events, "seconds": round(seconds, 3), "events_per_second": round(events / seconds, 1)}


def _rebuild_env(stack: Stack) -> dict[str, str]:
    service = {
        k: v for k, v in service_env(stack.s, stack.secrets, "reporting").items() if "TELEMETRY" not in k
    }
    return {**os.environ, **service, "XF_REPORTING_NATS_OPERATOR": stack.secrets["nats_operator"]}


async def rebuild_command(stack: Stack) -> dict[str, Any]:
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "services.reporting.rebuild", cwd=REPO_ROOT, env=_rebuild_env(stack),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    wall = time.perf_counter() - started
    found = _DONE.search(out.decode())
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"the rebuild failed ({proc.returncode}): {err.decode()[-2000:]}")
    dropped, events, seconds = int(found[1]), int(found[2]), float(found[3])
    return {
        "dropped": dropped,
        "events": events,
        "seconds": seconds,
        "events_per_second": round(events / seconds, 1) if seconds else None,
        "wall_seconds": round(wall, 3),  # with the process's start and imports
    }


async def rebuild_bench(stack: Stack, sizes: dict[str, Any]) -> dict[str, Any]:
    ids = await publish_world(stack, sizes["rebuild_petitions"])
    before = await wait_applied(stack, ids, sizes["drain_s"] + len(ids) / 50)
    raw = await raw_consume(stack)
    print(f"  raw consume: {raw['events']} messages in {raw['seconds']} s", flush=True)
    rebuilt = await rebuild_command(stack)
    print(f"  rebuild: {rebuilt['events']} events in {rebuilt['seconds']} s", flush=True)
    after = await applied(stack, ids)
    return {
        "bench_petitions": len(ids),
        "bench_events": 2 * len(ids),
        "applied_before": before,
        "applied_after": after,
        "raw_consume": raw,
        "rebuild": rebuilt,
        "ratios": {
            "rebuild_vs_raw_consume_rate": ratio(rebuilt["events_per_second"], raw["events_per_second"])
        },
    }


def summary(r: dict[str, Any]) -> list[str]:
    raw, rebuilt = r["raw_consume"], r["rebuild"]
    return [
        f"rebuild: {rebuilt['events']} events in {rebuilt['seconds']} s = {rebuilt['events_per_second']} events/s"
        f" (command's wall {rebuilt['wall_seconds']} s); raw consume {raw['events']} in {raw['seconds']} s ="
        f" {raw['events_per_second']}/s; ratio {r['ratios']['rebuild_vs_raw_consume_rate']};"
        f" bench petitions back after the rebuild {r['applied_after']}/{r['bench_petitions']}"
    ]
