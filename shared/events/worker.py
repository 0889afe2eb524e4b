"""A service's worker process: relays its outbox to JetStream and runs its event handlers.

Kept out of the API process on purpose (docs/architecture.md): a slow consumer or a NATS outage never holds a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_engine
from shared.events.connection import NatsLink
from shared.events.consumer import ConsumerRunner, HandlerRegistry
from shared.events.relay import OutboxRelay
from shared.events.streams import ensure_streams
from shared.settings import ServiceSettings
from shared.telemetry import setup_telemetry
from shared.trail.anchors import anchor_task

log = logging.getLogger(__name__)


# A service's own periodic work beside the relay and the consumers (supervision's deadline scanner).
WorkerTask = Callable[[AsyncEngine, asyncio.Event], Awaitable[None]]


async def run_worker(
    service: str,
    settings: ServiceSettings,
    registry: HandlerRegistry,
    stop: asyncio.Event | None = None,
    tasks: Sequence[WorkerTask] = (),
) -> None:
    stop = stop or _stop_on_signals()
    name = f"{service}-worker"
    t = settings.telemetry
    # A file of its own: two processes appending to one file could interleave their lines.
    trace_file = (
        t.trace_file.with_name(f"{t.trace_file.stem}-worker{t.trace_file.suffix}") if t.trace_file else None
    )
    telemetry = setup_telemetry(
        name,
        t.otlp_endpoint,
        trace_file,
        set_global=settings.telemetry.process_wide,
        json_logs=settings.telemetry.process_wide,
    )
    engine = make_engine(settings.db, application_name=name)
    telemetry.instrument_sqlalchemy(engine)
    link = NatsLink(settings.nats, name=name)
    await link.start()
    try:
        js = await _jetstream_when_up(link, stop)
        if js is None:
            return
        await ensure_streams(js)
        relay = OutboxRelay(
            engine,
            settings.db.schema_name,
            js,
            tracer_provider=telemetry.tracer_provider,
            meter_provider=telemetry.meter_provider,
        )
        runner = ConsumerRunner(engine, js, registry, service, tracer_provider=telemetry.tracer_provider)
        await runner.start()
        log.info("worker running: %d handler(s)", len(runner.specs))
        # Every service anchors its own chains (docs/trail.md), so every worker runs the task.
        tasks = (*tasks, anchor_task(service, settings.trail.anchor_interval))
        try:
            await asyncio.gather(
                relay.run_forever(stop), runner.run_forever(stop), *(task(engine, stop) for task in tasks)
            )
        finally:
            await runner.stop()
    finally:
        await link.stop()
        await engine.dispose()
        telemetry.shutdown()


async def _jetstream_when_up(link: NatsLink, stop: asyncio.Event):  # noqa: ANN202 - nats JetStreamContext
    while not stop.is_set():
        if link.client is not None and link.client.is_connected:
            return link.client.jetstream()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
    return None


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    return stop
