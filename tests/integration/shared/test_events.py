"""Events end to end on the real stack: outbox committed with the state change, relay to JetStream, durable
consumers applying each event once, crash recovery of the relay, and dead-letter after bounded redelivery.

Each run works in a scratch schema owned by its own owner role and used through its own application role
(like a real service), and in its own streams and subject roots, all removed at the end.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import asyncpg
import nats
import pytest
from nats.js import JetStreamContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from shared.db.rls import tables_missing_forced_policy, tenant_policy_sql
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events import outbox
from shared.events.consumer import ConsumerRunner, HandlerRegistry
from shared.events.envelope import Envelope
from shared.events.relay import OutboxRelay
from shared.events.streams import EventTopology
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.shared.scratch import Bus, ScratchService, relay_all, scratch_bus, wait_for

SCRATCH = ScratchService.new("evt")
TOKEN, SCHEMA = SCRATCH.token, SCRATCH.schema
TOPOLOGY = EventTopology(
    stream=f"XFT_{TOKEN}", root=f"xft{TOKEN}", dlq_stream=f"XFT_{TOKEN}_DLQ", dlq_root=f"xftdlq{TOKEN}"
)

# The state change an event announces, and the effect a consumer applies: both tenant-owned, both under RLS.
SCRATCH_TABLES = [
    f'CREATE TABLE "{SCHEMA}".petition_stub (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, summary text)',
    *tenant_policy_sql(f'"{SCHEMA}".petition_stub'),
    f'CREATE TABLE "{SCHEMA}".effect (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid, event_id uuid,'
    " at timestamptz DEFAULT clock_timestamp(), xact bigint DEFAULT txid_current())",
    *tenant_policy_sql(f'"{SCHEMA}".effect'),
]


async def superuser(stack: StackSettings, stack_secrets: dict[str, str]) -> asyncpg.Connection:
    return await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )


@pytest.fixture(scope="module")
async def engine(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    su = await superuser(stack, stack_secrets)
    try:
        async with SCRATCH.engine(su, stack, SCRATCH_TABLES) as engine:
            yield engine
    finally:
        await su.close()


@pytest.fixture(scope="module")
async def bus(nats_operator: NatsSettings) -> AsyncIterator[Bus]:
    async with scratch_bus(nats_operator, TOPOLOGY, f"test-events-{TOKEN}") as bus:
        yield bus


@pytest.fixture
def tenant() -> str:
    """A township of its own per test, so each test's durable (filtered on it) sees only its own events."""
    return f"t{secrets.token_hex(3)}"


# -- helpers ---------------------------------------------------------------------------------------------


def registered_event(tenant: str, petition_id: uuid.UUID) -> Envelope:
    return Envelope.new(
        service="intake",
        type="petition.registered.v1",
        subject=petition_id,
        tenant=tenant,
        tenant_id=tenant_id_for(tenant),
        actor="clerk-1",
        data={"petition_id": str(petition_id), "channel": "visit"},
    )


async def register_petitions(engine: AsyncEngine, tenant: str, count: int = 1) -> list[Envelope]:
    """The write side as a service does it: state change and outbox row in one transaction."""
    events = []
    async with scoped_transaction(session_factory(engine), DataScope.township(tenant_id_for(tenant))) as db:
        for _ in range(count):
            petition_id = uuid.uuid4()
            await db.execute(
                text("INSERT INTO petition_stub (id, tenant_id, summary) VALUES (:id, :t, '宅基地纠纷')"),
                {"id": petition_id, "t": tenant_id_for(tenant)},
            )
            events.append(await outbox.put(db, registered_event(tenant, petition_id), root=TOPOLOGY.root))
    return events


async def record_effect(envelope: Envelope, db: AsyncSession) -> None:
    await db.execute(
        text("INSERT INTO effect (tenant_id, event_id) VALUES (:t, :e)"),
        {"t": envelope.tenant_id, "e": envelope.id},
    )


async def effects(engine: AsyncEngine, tenant: str) -> list[uuid.UUID]:
    async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
        rows = await db.execute(
            text("SELECT event_id FROM effect WHERE tenant_id = :t ORDER BY at"),
            {"t": tenant_id_for(tenant)},
        )
        return list(rows.scalars())


async def effect_transactions(engine: AsyncEngine, tenant: str) -> int:
    async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
        query = text("SELECT count(DISTINCT xact) FROM effect WHERE tenant_id = :t")
        return (await db.execute(query, {"t": tenant_id_for(tenant)})).scalar_one()


async def unrelayed(engine: AsyncEngine, ids: list[uuid.UUID]) -> int:
    async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
        query = text("SELECT count(*) FROM outbox WHERE relayed_at IS NULL AND id = ANY(:ids)")
        return (await db.execute(query, {"ids": ids})).scalar_one()


async def messages_on(js: JetStreamContext, subject: str) -> int:
    info = await js.stream_info(TOPOLOGY.stream, subjects_filter=subject)
    return (info.state.subjects or {}).get(subject, 0)


def runner_for(engine: AsyncEngine, bus: Bus, tenant: str, handler, **durable_options) -> ConsumerRunner:
    registry = HandlerRegistry()
    registry.handles(
        "petition.registered.v1",
        durable=f"t{TOKEN}-{tenant}",
        filter_subject=f"{TOPOLOGY.root}.{tenant}.petition.registered",
        **durable_options,
    )(handler)
    return ConsumerRunner(engine, bus.js, registry, "supervision", topology=TOPOLOGY, fetch_timeout=0.3)


async def run_until(
    runner: ConsumerRunner, done: Callable[[], Awaitable[bool]], within: float = 20.0
) -> None:
    deadline = time.monotonic() + within
    while not await done():
        assert time.monotonic() < deadline, "the consumer did not get there in time"
        await runner.run_once()


# -- the tests -------------------------------------------------------------------------------------------


async def test_the_outbox_tables_pass_the_row_level_security_check(
    engine: AsyncEngine, stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    su = await superuser(stack, stack_secrets)
    try:
        assert await tables_missing_forced_policy(su, SCHEMA) == []
        forced = await su.fetch(
            "SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace AND relforcerowsecurity",
            SCHEMA,
        )
        assert {"outbox", "processed_event"} <= {r["relname"] for r in forced}
    finally:
        await su.close()


async def test_a_township_cannot_write_an_event_for_another_township(
    engine: AsyncEngine, tenant: str
) -> None:
    other = registered_event("changjie", uuid.uuid4())
    with pytest.raises(DBAPIError, match="row-level security"):
        async with scoped_transaction(
            session_factory(engine), DataScope.township(tenant_id_for(tenant))
        ) as db:
            await outbox.put(db, other, root=TOPOLOGY.root)


async def test_an_event_committed_with_its_state_change_reaches_a_consumer_through_the_relay(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    [event] = await register_petitions(engine, tenant)
    runner = runner_for(engine, bus, tenant, record_effect)
    await runner.start()
    assert await runner.run_once() == 0, "nothing is on the stream before the relay runs"

    assert await relay_all(OutboxRelay(engine, SCHEMA, bus.js)) >= 1
    await run_until(runner, lambda: _has_effects(engine, tenant, 1))

    assert await effects(engine, tenant) == [event.id]
    assert await unrelayed(engine, [event.id]) == 0
    stored = await bus.js.get_last_msg(TOPOLOGY.stream, event.nats_subject(TOPOLOGY.root))
    assert stored.headers["Nats-Msg-Id"] == str(event.id)
    assert Envelope.from_json(stored.data) == event
    await runner.stop()


async def test_an_event_whose_transaction_rolls_back_is_never_published(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    with pytest.raises(RuntimeError):
        async with scoped_transaction(
            session_factory(engine), DataScope.township(tenant_id_for(tenant))
        ) as db:
            await outbox.put(db, registered_event(tenant, uuid.uuid4()), root=TOPOLOGY.root)
            raise RuntimeError("the state change failed")
    await relay_all(OutboxRelay(engine, SCHEMA, bus.js))
    assert await messages_on(bus.js, f"{TOPOLOGY.root}.{tenant}.petition.registered") == 0


async def test_an_idle_relay_wakes_at_the_commit_of_a_new_row_not_at_its_next_poll(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    relay = OutboxRelay(engine, SCHEMA, bus.js, poll_interval=600)
    await relay_all(relay)  # other tests' rows: the relay starts idle
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run_forever(stop))
    try:
        await asyncio.sleep(0.5)  # its first round found nothing: it waits for a notification or 600 s
        [event] = await register_petitions(engine, tenant)
        await wait_for(lambda: _relayed(engine, event.id), within=60, every=0.05)
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)


async def _relayed(engine: AsyncEngine, event_id: uuid.UUID) -> bool:
    return await unrelayed(engine, [event_id]) == 0


async def test_an_event_published_twice_and_redelivered_has_one_effect(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    [event] = await register_petitions(engine, tenant)
    subject = event.nats_subject(TOPOLOGY.root)
    relay = OutboxRelay(engine, SCHEMA, bus.js)
    await relay_all(relay)
    # The relay crashed after publishing and before marking: the row goes out again, same Nats-Msg-Id.
    async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
        await db.execute(text("UPDATE outbox SET relayed_at = NULL WHERE id = :id"), {"id": event.id})
    assert await relay_all(relay) == 1
    assert await messages_on(bus.js, subject) == 1, "JetStream dropped the republished copy"
    # Past the duplicate window JetStream would keep a second copy: only processed_event stops it then.
    await bus.js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": f"{event.id}-late"})
    assert await messages_on(bus.js, subject) == 2

    runner = runner_for(engine, bus, tenant, record_effect)
    await runner.start()
    durable = runner.specs[0]
    # The first delivery is applied and committed, but its ack is lost: the server delivers it again.
    own = await bus.js.pull_subscribe_bind(durable=durable.durable.durable, stream=TOPOLOGY.stream)
    [first] = await own.fetch(1, timeout=5)
    await runner.process(durable, AckLost(first))
    deliveries: dict[int, list[int]] = {}
    while len(deliveries) < 2:
        for msg in await own.fetch(1, timeout=5):
            deliveries.setdefault(msg.metadata.sequence.stream, []).append(msg.metadata.num_delivered)
            await runner.process(durable, msg)
    await wait_for(lambda: _all_acked(bus, durable.durable.durable), within=5, every=0.002)

    assert deliveries[first.metadata.sequence.stream] == [2], "the lost ack made the server redeliver"
    assert len(deliveries) == 2, "the late copy was delivered too"
    assert await effects(engine, tenant) == [event.id]
    await own.unsubscribe()
    await runner.stop()


async def test_killing_the_relay_mid_batch_loses_nothing_once_a_fresh_relay_runs(
    engine: AsyncEngine, bus: Bus, tenant: str, stack: StackSettings, nats_operator: NatsSettings
) -> None:
    count = 3000
    events = await register_petitions(engine, tenant, count)
    subject = events[0].nats_subject(TOPOLOGY.root)
    ids = [e.id for e in events]

    relay_process = start_relay_process(stack, nats_operator)
    try:
        # Kill it once a good part of the batch is out: those rows are published but not yet marked.
        await wait_for(
            lambda: _relay_has_published(relay_process, bus.js, subject, 100), within=30, every=0.002
        )
        relay_process.send_signal(signal.SIGKILL)
        relay_process.wait(timeout=10)
    finally:
        if relay_process.poll() is None:
            relay_process.kill()
    published_before_kill = await messages_on(bus.js, subject)
    assert 0 < published_before_kill < count, "the kill landed inside the batch"
    assert await unrelayed(engine, ids) == count, "the killed batch marked nothing"

    await relay_all(OutboxRelay(engine, SCHEMA, bus.js, batch_size=500))
    assert await unrelayed(engine, ids) == 0
    assert await messages_on(bus.js, subject) == count, "the republished part was de-duplicated"

    runner = runner_for(engine, bus, tenant, record_effect)
    runner.batch_size = 200
    await runner.start()
    await run_until(runner, lambda: _has_effects(engine, tenant, count), within=120)
    applied = await effects(engine, tenant)
    assert sorted(applied) == sorted(ids), "every event applied exactly once"
    await runner.stop()


async def test_a_fetched_batch_of_one_tenant_is_applied_in_one_transaction(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    events = await register_petitions(engine, tenant, 20)
    await relay_all(OutboxRelay(engine, SCHEMA, bus.js))
    runner = runner_for(engine, bus, tenant, record_effect)
    await runner.start()
    await run_until(runner, lambda: _has_effects(engine, tenant, 20))

    assert await effects(engine, tenant) == [e.id for e in events], "in stream order, once each"
    assert await effect_transactions(engine, tenant) < 20, "the batch shared its transactions"
    await runner.stop()


async def test_one_failing_event_in_a_batch_leaves_the_others_applied_once_and_in_order(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    events = await register_petitions(engine, tenant, 6)
    poisoned = events[2].id

    async def fails_on_one(envelope: Envelope, db: AsyncSession) -> None:
        await record_effect(envelope, db)
        if envelope.id == poisoned:
            raise LookupError("this petition's case is not there")

    await relay_all(OutboxRelay(engine, SCHEMA, bus.js))
    runner = runner_for(engine, bus, tenant, fails_on_one, max_deliver=2, backoff=(0.1,))
    await runner.start()
    dead_subject = TOPOLOGY.dead_letter_subject("supervision", events[0].nats_subject(TOPOLOGY.root))
    await run_until(runner, lambda: _dead_letter_count(bus.js, dead_subject, 1))

    assert await effects(engine, tenant) == [e.id for e in events if e.id != poisoned]
    dead = await bus.js.get_last_msg(TOPOLOGY.dlq_stream, dead_subject)
    assert Envelope.from_json(dead.data).id == poisoned
    await runner.stop()


async def test_a_handler_that_always_fails_ends_on_the_dead_letter_subject_after_max_deliver(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    calls = []

    async def always_fails(envelope: Envelope, db: AsyncSession) -> None:
        calls.append(envelope.id)
        await record_effect(envelope, db)  # rolled back with the failure
        raise LookupError("the petition 宅基地 is not there yet")

    [event] = await register_petitions(engine, tenant)
    await relay_all(OutboxRelay(engine, SCHEMA, bus.js))
    runner = runner_for(engine, bus, tenant, always_fails, max_deliver=3, backoff=(0.1, 0.2))
    await runner.start()
    dead_subject = TOPOLOGY.dead_letter_subject("supervision", event.nats_subject(TOPOLOGY.root))
    await run_until(runner, lambda: _dead_letter_count(bus.js, dead_subject, 1))

    dead = await bus.js.get_last_msg(TOPOLOGY.dlq_stream, dead_subject)
    assert Envelope.from_json(dead.data) == event
    assert dead.headers["Xf-Original-Subject"] == event.nats_subject(TOPOLOGY.root)
    assert dead.headers["Xf-Error"] == "LookupError"
    assert dead.headers["Xf-Deliveries"] == "3"
    assert dead.headers["Xf-Consumer"] == f"t{TOKEN}-{tenant}"
    assert calls == [event.id] * 3
    assert await effects(engine, tenant) == []
    await asyncio.sleep(0.5)
    assert await runner.run_once() == 0, "a dead-lettered message is not delivered again"
    await runner.stop()


async def test_a_malformed_message_goes_to_dead_letter_at_its_first_delivery(
    bus: Bus, engine: AsyncEngine, tenant: str
) -> None:
    subject = f"{TOPOLOGY.root}.{tenant}.petition.registered"
    await bus.js.publish(
        subject, b'{"type": "petition.registered.v1"}', headers={"Nats-Msg-Id": str(uuid.uuid4())}
    )
    runner = runner_for(engine, bus, tenant, record_effect)
    await runner.start()
    dead_subject = TOPOLOGY.dead_letter_subject("supervision", subject)
    await run_until(runner, lambda: _dead_letter_count(bus.js, dead_subject, 1))

    dead = await bus.js.get_last_msg(TOPOLOGY.dlq_stream, dead_subject)
    assert dead.headers["Xf-Error"] == "ValidationError"
    assert dead.headers["Xf-Deliveries"] == "1"
    assert await effects(engine, tenant) == []
    await runner.stop()


async def test_purging_removes_only_relayed_rows_past_the_retention(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    relay = OutboxRelay(engine, SCHEMA, bus.js)
    [relayed] = await register_petitions(engine, tenant)
    await relay_all(relay)
    [pending] = await register_petitions(engine, tenant)

    await relay.purge_relayed(timedelta(days=1))
    assert await _exists(engine, relayed.id), "a fresh relayed row is kept for replay"
    assert await relay.purge_relayed(timedelta(0)) >= 1
    assert not await _exists(engine, relayed.id)
    assert await _exists(engine, pending.id), "an unrelayed row is never purged"


# -- small pieces the tests share ------------------------------------------------------------------------


class AckLost:
    """A delivered message whose ack never reaches the server (the consumer died right after commit)."""

    def __init__(self, msg: nats.aio.msg.Msg) -> None:
        self._msg = msg

    def __getattr__(self, name: str) -> object:
        return getattr(self._msg, name)

    async def ack(self) -> None:
        await self._msg.nak()


def start_relay_process(stack: StackSettings, nats_operator: NatsSettings) -> subprocess.Popen:
    prefix = f"XFT{TOKEN}_"
    db = SCRATCH.db_settings(stack)
    env = {
        **os.environ,
        f"{prefix}DB__PORT": str(db.port),
        f"{prefix}DB__USER": db.user,
        f"{prefix}DB__PASSWORD": db.password.get_secret_value(),
        f"{prefix}DB__SCHEMA_NAME": db.schema_name,
        f"{prefix}DB__SCOPE_KEY": db.scope_key.get_secret_value(),
        f"{prefix}NATS__URL": nats_operator.url,
        # The operator: this test's scratch subjects belong to no service.
        f"{prefix}NATS__USER": nats_operator.user,
        f"{prefix}NATS__PASSWORD": nats_operator.password.get_secret_value(),
    }
    argv = [sys.executable, "-m", "shared.events.relay_main", "--env-prefix", prefix, "--batch-size", "5000"]
    return subprocess.Popen(argv, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _relay_has_published(
    process: subprocess.Popen, js: JetStreamContext, subject: str, count: int
) -> bool:
    assert process.poll() is None, (
        f"the relay process ended by itself: {process.stderr.read().decode()[-2000:]}"
    )
    return await messages_on(js, subject) >= count


async def _has_effects(engine: AsyncEngine, tenant: str, count: int) -> bool:
    return len(await effects(engine, tenant)) >= count


async def _all_acked(bus: Bus, durable: str) -> bool:
    info = await bus.js.consumer_info(TOPOLOGY.stream, durable)
    return info.num_pending == 0 and info.num_ack_pending == 0


async def _dead_letter_count(js: JetStreamContext, subject: str, count: int) -> bool:
    info = await js.stream_info(TOPOLOGY.dlq_stream, subjects_filter=subject)
    return (info.state.subjects or {}).get(subject, 0) >= count


async def _exists(engine: AsyncEngine, event_id: uuid.UUID) -> bool:
    async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
        return (
            await db.execute(text("SELECT count(*) FROM outbox WHERE id = :id"), {"id": event_id})
        ).scalar_one() == 1


async def test_one_handler_for_petition_decided_receives_all_three_decisions(
    engine: AsyncEngine, bus: Bus, tenant: str
) -> None:
    from datetime import date

    from shared.contracts.intake import PetitionDecided

    received: list[str] = []

    async def note_decision(envelope: Envelope, db: AsyncSession) -> None:
        received.append(envelope.type)
        await record_effect(envelope, db)

    registry = HandlerRegistry()
    registry.handles(PetitionDecided, durable=f"t{TOKEN}-decided", root=TOPOLOGY.root)(note_decision)
    runner = ConsumerRunner(engine, bus.js, registry, "supervision", topology=TOPOLOGY, fetch_timeout=0.3)
    await runner.start()
    async with scoped_transaction(session_factory(engine), DataScope.township(tenant_id_for(tenant))) as db:
        for event_type, decision in zip(
            PetitionDecided.event_types, ("accepted", "not_accepted", "forwarded"), strict=True
        ):
            payload = PetitionDecided(uuid.uuid4(), decision, date(2026, 11, 30), True)
            envelope = Envelope.new(
                service="intake",
                type=event_type,
                subject=payload.petition_id,
                tenant=tenant,
                tenant_id=tenant_id_for(tenant),
                actor="clerk-1",
                data=payload,
            )
            await outbox.put(db, envelope, root=TOPOLOGY.root)
    await relay_all(OutboxRelay(engine, SCHEMA, bus.js))
    await run_until(runner, lambda: _has_effects(engine, tenant, 3))
    assert sorted(received) == sorted(PetitionDecided.event_types)
    await runner.stop()
