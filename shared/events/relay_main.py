"""Process entry point of one service's outbox relay: `python -m shared.events.relay_main --env-prefix XF_INTAKE_`.

Settings come from the service's environment (XF_INTAKE_DB__..., XF_INTAKE_NATS__URL, __USER, __PASSWORD);
traces go to OTEL_EXPORTER_OTLP_ENDPOINT when set. The streams must exist (the launcher creates them as the
NATS operator).
SIGTERM and SIGINT stop it after the batch in hand.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path

import nats

from shared.db.engine import make_engine
from shared.events.connection import connect_options
from shared.events.relay import OutboxRelay
from shared.settings import ServiceSettings
from shared.telemetry import setup_telemetry


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env-prefix", required=True, help="the service's settings prefix, e.g. XF_INTAKE_")
    parser.add_argument("--name", default=None, help="process name in traces, logs and pg_stat_activity")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--poll-interval", type=float, default=0.5)
    parser.add_argument(
        "--trace-file", type=Path, default=None, help="spans as JSON lines when no collector is set"
    )
    return parser.parse_args()


async def main(args: argparse.Namespace) -> None:
    settings = ServiceSettings(_env_prefix=args.env_prefix)
    name = args.name or f"{settings.db.schema_name}-relay"
    telemetry = setup_telemetry(name, os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"), args.trace_file)
    engine = make_engine(settings.db, application_name=name)
    nc = await nats.connect(**connect_options(settings.nats), name=name, max_reconnect_attempts=-1)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    relay = OutboxRelay(
        engine,
        settings.db.schema_name,
        nc.jetstream(),
        batch_size=args.batch_size,
        poll_interval=args.poll_interval,
        tracer_provider=telemetry.tracer_provider,
    )
    try:
        await relay.run_forever(stop)
    finally:
        await nc.close()
        await engine.dispose()
        telemetry.shutdown()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
