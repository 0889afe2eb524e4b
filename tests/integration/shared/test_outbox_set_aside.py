"""One outbox row that cannot be published is set aside, counted and noted, and the rows behind it go on.

The relay's own rules run in a scratch schema with its own streams (as in test_events.py); the last tests
look at the real stack: intake's worker sets a bad row of intake's outbox aside and intake's readiness and
`xinfang status` say so, and the benchmark's raw baseline writes rows that worker publishes.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import nats
import nats.js.errors
import pytest
from nats.js import JetStreamContext
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from sqlalchemy.ext.asyncio import AsyncEngine

from bench import intake_bench
from deploy.launcher.config import StackSettings
from deploy.launcher.stack import Stack
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events import outbox
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.relay import SET_ASIDE_METRIC, OutboxRelay
from shared.events.streams import TOPOLOGY as LIVE
from shared.events.streams import EventTopology
from shared.personal_data import PersonalDataCipher
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.shared.scratch import Bus, ScratchService, relay_all, scratch_bus, wait_for

SCRATCH = ScratchService.new("osa")
TOKEN, SCHEMA = SCRATCH.token, SCRATCH.schema
TOPOLOGY = EventTopology(
    stream=f"XFT_{TOKEN}", root=f"xft{TOKEN}", dlq_stream=f"XFT_{TOKEN}_DLQ", dlq_root=f"xftdlq{TOKEN}"
)
# Personal data where a careless relay would copy it into the reason: the tenant slug of a broken row.
PERSONAL = "张三13812345678"


@pytest.fixture(scope="module")
async def engine(superuser: asyncpg.Connection, stack: StackSettings) -> AsyncIterator[AsyncEngine]:
    """A scratch service: its own schema, owner and application role, the outbox as the migrations leave it."""
    async with SCRATCH.engine(superuser, stack, pool_size=2) as engine:
        yield engine


@pytest.fixture(scope="module")
async def bus(nats_operator: NatsSettings) -> AsyncIterator[Bus]:
    async with scratch_bus(nats_operator, TOPOLOGY, f"test-set-aside-{TOKEN}") as bus:
        yield bus


@pytest.fixture
def tenant() -> str:
    return f"t{secrets.token_hex(3)}"


# -- helpers ---------------------------------------------------------------------------------------------


def event(tenant: str, kind: str = "petition.registered.v1", service: str = "intake") -> Envelope:
    petition_id = uuid.uuid4()
    return Envelope.new(
        service=service,
        type=kind,
        subject=petition_id,
        tenant=tenant,
        tenant_id=tenant_id_for(tenant),
        data={"petition_id": str(petition_id)},
    )


async def put(engine: AsyncEngine, envelope: Envelope, root: str = TOPOLOGY.root) -> Envelope:
    async with scoped_transaction(session_factory(engine), DataScope.township(envelope.tenant_id)) as db:
        return await outbox.put(db, envelope, root=root)


def undecodable(good: Envelope) -> str:
    """A whole envelope but for a tenant slug no envelope may carry: jsonb takes it, Envelope refuses it."""
    raw = json.loads(good.to_json())
    raw["tenant"] = PERSONAL
    return json.dumps(raw, ensure_ascii=False)


async def put_raw(
    superuser: asyncpg.Connection, table: str, envelope: Envelope, root: str, body: str | None = None
) -> uuid.UUID:
    """Straight into the table, past every check of the write side, as the old benchmark baseline did."""
    await superuser.execute(
        f"INSERT INTO {table} (id, tenant_id, subject, type, envelope) VALUES ($1, $2, $3, $4, $5::jsonb)",
        envelope.id,
        envelope.tenant_id,
        envelope.nats_subject(root),
        envelope.type,
        body if body is not None else envelope.to_json().decode(),
    )
    return envelope.id


async def row_state(superuser: asyncpg.Connection, table: str, row_id: uuid.UUID) -> asyncpg.Record:
    return await superuser.fetchrow(
        f"SELECT relayed_at, set_aside_at, set_aside_reason, attempts FROM {table} WHERE id = $1", row_id
    )


async def stored_ids(js: JetStreamContext, stream: str, subject: str) -> list[str]:
    ids, seq = [], 1
    while True:
        try:
            msg = await js.get_msg(stream, seq=seq, subject=subject, next=True)
        except nats.js.errors.NotFoundError:
            return ids
        ids.append(msg.headers["Nats-Msg-Id"])
        seq = msg.seq + 1


def set_aside_total(reader: InMemoryMetricReader) -> int:
    data = reader.get_metrics_data()
    return sum(
        point.value
        for resource in (data.resource_metrics if data else [])
        for scope in resource.scope_metrics
        for metric in scope.metrics
        if metric.name == SET_ASIDE_METRIC
        for point in metric.data.data_points
    )


# -- the relay's rules, in a scratch schema ----------------------------------------------------------------


async def test_an_undecodable_row_between_two_good_ones_is_set_aside_and_both_good_events_reach_the_stream(
    engine: AsyncEngine, bus: Bus, superuser: asyncpg.Connection, tenant: str
) -> None:
    table = f'"{SCHEMA}".outbox'
    first = await put(engine, event(tenant))
    broken = event(tenant)
    bad = await put_raw(superuser, table, broken, TOPOLOGY.root, undecodable(broken))
    last = await put(engine, event(tenant))
    reader = InMemoryMetricReader()
    relay = OutboxRelay(engine, SCHEMA, bus.js, meter_provider=MeterProvider(metric_readers=[reader]))

    assert await relay_all(relay) == 2
    subject = first.nats_subject(TOPOLOGY.root)
    assert await stored_ids(bus.js, TOPOLOGY.stream, subject) == [str(first.id), str(last.id)]
    state = await row_state(superuser, table, bad)
    assert state["relayed_at"] is None and state["set_aside_at"] is not None
    assert state["set_aside_reason"].startswith("ValidationError: tenant must be a township slug")
    assert "张三" not in state["set_aside_reason"] and "138" not in state["set_aside_reason"]
    assert set_aside_total(reader) == 1
    assert await outbox.set_aside_note(session_factory(engine))() == "1 set aside"

    assert await relay.run_once() == 0
    assert await row_state(superuser, table, bad) == state, "a second round does not touch it again"
    assert set_aside_total(reader) == 1
    assert await relay.purge_relayed(timedelta(0)) >= 2
    assert await row_state(superuser, table, bad) == state, "purging keeps the evidence"


async def test_a_row_no_stream_takes_holds_the_rows_behind_it_until_its_attempts_run_out(
    engine: AsyncEngine, bus: Bus, superuser: asyncpg.Connection, tenant: str
) -> None:
    table = f'"{SCHEMA}".outbox'
    stray = await put(engine, event(tenant), root=f"nostream{TOKEN}")
    behind = await put(engine, event(tenant))
    relay = OutboxRelay(engine, SCHEMA, bus.js, max_attempts=3, publish_timeout=2.0, retry_base=0.5)

    rounds = []
    for _ in range(3):
        rounds.append(await relay.run_once())
        rounds.append(relay.retry_delay() if relay.failed_rounds else 0.0)
    assert rounds == [0, 0.5, 0, 1.0, 0, 0.0], "two backed-off retries, then set aside on the third"
    assert await stored_ids(bus.js, TOPOLOGY.stream, behind.nats_subject(TOPOLOGY.root)) == []
    state = await row_state(superuser, table, stray.id)
    assert state["set_aside_at"] is not None and state["attempts"] == 3
    assert state["set_aside_reason"].startswith("NoStreamResponseError")

    assert await relay.run_once() == 1, "the row behind goes on once the stray one is set aside"
    assert await stored_ids(bus.js, TOPOLOGY.stream, behind.nats_subject(TOPOLOGY.root)) == [str(behind.id)]


async def test_while_nats_is_away_every_row_waits_and_none_is_blamed(
    engine: AsyncEngine, bus: Bus, superuser: asyncpg.Connection, nats_operator: NatsSettings, tenant: str
) -> None:
    table = f'"{SCHEMA}".outbox'
    waiting = await put(engine, event(tenant))
    gone = await nats.connect(**connect_options(nats_operator), name=f"test-set-aside-gone-{TOKEN}")
    await gone.close()
    relay = OutboxRelay(engine, SCHEMA, gone.jetstream(), max_attempts=2)

    for _ in range(4):
        assert await relay.run_once() == 0
    assert relay.retry_delay() == 8.0, "the rounds back off"
    state = await row_state(superuser, table, waiting.id)
    assert state["set_aside_at"] is None and state["attempts"] == 0, "an outage is not the row's fault"

    assert await relay_all(OutboxRelay(engine, SCHEMA, bus.js)) == 1, "NATS is back: the row goes out"


# -- the real stack ----------------------------------------------------------------------------------------


async def test_the_intake_worker_sets_a_bad_row_aside_and_intake_readiness_and_status_say_so(
    stack: StackSettings, superuser: asyncpg.Connection, nats_operator: NatsSettings, tenant: str
) -> None:
    table = "intake.outbox"
    # A type nobody consumes, in intake's own aggregate: only the stream sees these events.
    first, broken, last = (event(tenant, "petition.set_aside_probe.v1") for _ in range(3))
    ids = [
        await put_raw(superuser, table, first, LIVE.root),
        await put_raw(superuser, table, broken, LIVE.root, undecodable(broken)),
        await put_raw(superuser, table, last, LIVE.root),
    ]
    nc = await nats.connect(**connect_options(nats_operator), name=f"test-set-aside-live-{TOKEN}")
    try:

        async def settled() -> bool:
            states = [await row_state(superuser, table, i) for i in ids]
            return all(s["relayed_at"] or s["set_aside_at"] for s in states)

        await wait_for(settled, within=30)
        subject = first.nats_subject()
        assert await stored_ids(nc.jetstream(), LIVE.stream, subject) == [str(first.id), str(last.id)]
        assert (await row_state(superuser, table, broken.id))["set_aside_at"] is not None
        count = await superuser.fetchval(f"SELECT count(*) FROM {table} WHERE set_aside_at IS NOT NULL")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.intake_port}") as client:
            r = await client.get("/health/ready", timeout=5)
        assert r.status_code == 200, "a set-aside row is a note, not a reason to leave rotation"
        assert r.json()["status"] == "ready"
        assert r.json()["notes"] == {"outbox": f"{count} set aside"}
        status = await asyncio.to_thread(Stack(stack).status)
        worker = next(row for row in status if row.name == "intake-worker")
        assert worker.health == f"ready, outbox: {count} set aside"
    finally:
        await nc.close()
        await superuser.execute(f"DELETE FROM {table} WHERE id = ANY($1)", ids)


async def test_the_benchmark_baseline_writes_only_rows_the_live_relay_publishes(
    stack: StackSettings, stack_secrets: dict[str, str], superuser: asyncpg.Connection
) -> None:
    since = datetime.now(UTC)
    result = await intake_bench.registration_baseline(stack, stack_secrets, concurrency=1, n=3, seed=8)
    assert result.errors == 0
    query = (
        "SELECT envelope::text AS envelope, relayed_at, set_aside_at FROM intake.outbox"
        " WHERE created_at >= $1 AND subject = 'xf.dajiahe.petition.registered'"
    )

    async def settled() -> bool:
        found = await superuser.fetch(query, since)
        return len(found) == 3 and all(r["relayed_at"] or r["set_aside_at"] for r in found)

    await wait_for(settled, within=30)
    found = await superuser.fetch(query, since)
    assert [r["set_aside_at"] for r in found] == [None] * 3, "every baseline row was published"
    events = [Envelope.from_json(r["envelope"]) for r in found]
    assert {e.actor for e in events} == {"bench"}
    # The petitioners beside them decrypt too: a live stack reads them back.
    cipher = PersonalDataCipher(stack_secrets["personal_data_key"])
    people = await superuser.fetch(
        "SELECT name_enc FROM intake.petitioner WHERE petition_id = ANY($1)", [e.subject for e in events]
    )
    assert people and all(cipher.decrypt(p["name_enc"], "petitioner.name") for p in people)
