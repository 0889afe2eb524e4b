"""The worker's durable on the dead-letter stream: each message kept as a dead_letter row, then acked.

Not one of the registry's handlers: a dead letter is not an event of any contract (it may not even decode), so the
runner's type check and its own dead-lettering would only send it round again. The row is keyed by the message's
stream sequence, so a redelivery (an ack lost, the worker restarted) keeps nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.reporting.domain.dead_letter import read
from services.reporting.persistence import dead_letters
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.connection import NatsLink
from shared.events.permissions import dead_letter_durable
from shared.events.streams import TOPOLOGY, EventTopology, ensure_consumer
from shared.settings import NatsSettings

log = logging.getLogger(__name__)
BATCH = 50


async def keep(sessions: async_sessionmaker, msg: Msg, topology: EventTopology = TOPOLOGY) -> None:
    meta = msg.metadata
    letter = read(meta.sequence.stream, msg.subject, msg.data, msg.headers, meta.timestamp, topology.dlq_root)
    async with scoped_transaction(sessions, DataScope.county()) as db:
        await dead_letters.keep(db, letter)
    await msg.ack()


async def run(
    engine: AsyncEngine,
    js: JetStreamContext,
    stop: asyncio.Event,
    topology: EventTopology = TOPOLOGY,
    fetch_timeout: float = 1.0,
) -> None:
    spec = dead_letter_durable()
    await ensure_consumer(js, topology.dlq_stream, spec)
    sub = await js.pull_subscribe_bind(durable=spec.durable, stream=topology.dlq_stream)
    sessions = session_factory(engine)
    try:
        while not stop.is_set():
            try:
                msgs = await sub.fetch(BATCH, timeout=fetch_timeout)
            except (nats.errors.TimeoutError, TimeoutError):
                continue  # nothing was waiting
            try:
                for msg in msgs:
                    await keep(sessions, msg, topology)
            except Exception:
                # Unacked, the rest come again after ack_wait: the database is likely away for a while.
                log.exception("dead letters: keeping a row failed; the stream delivers it again")
                await asyncio.sleep(1)
    finally:
        await sub.unsubscribe()


def keeper(settings: NatsSettings) -> Callable[[AsyncEngine, asyncio.Event], Awaitable[None]]:
    """The worker task (shared/events/worker.py's WorkerTask): a NATS connection of its own, the durable's loop."""

    async def task(engine: AsyncEngine, stop: asyncio.Event) -> None:
        link = NatsLink(settings, name="reporting-dead-letters")
        await link.start()
        try:
            while not stop.is_set():
                if link.client is not None and link.client.is_connected:
                    await _run_until_stopped(engine, link.client.jetstream(), stop)
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            await link.stop()

    return task


async def _run_until_stopped(engine: AsyncEngine, js: JetStreamContext, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await run(engine, js, stop)
        except Exception:
            log.exception("dead letters: the durable could not be opened; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 5.0)
