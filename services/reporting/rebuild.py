"""Rebuild reporting's projections from the start of the event stream.

    python -m services.reporting.rebuild

run with the reporting service's environment (XF_REPORTING_*) and XF_REPORTING_NATS_OPERATOR, the NATS
operator's password (the `nats_operator` secret): only the operator may delete a durable.

The steps, in this order: reporting's durables are deleted (so the worker fetches nothing meanwhile), the facts and
reporting's processed_event rows are emptied, the durables are created again, which start at the stream's first
message (DeliverPolicy.ALL), and the command waits until every one has nothing pending or unacknowledged. The
running worker keeps its pull subscriptions: they pull by the durable's name, so they read the new durables.

An event the old worker was applying while the facts were emptied commits its effect with its claim; the replay
then skips it and the row still holds its effect, because the upserts do not depend on order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

import nats
import nats.js.errors
from nats.js import JetStreamContext
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

from services.reporting.events import REGISTRY, TRAIL_DURABLES
from services.reporting.settings import ReportingSettings
from shared.db.engine import make_engine
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.connection import connect_options
from shared.events.consumer import HandlerRegistry
from shared.events.outbox import PROCESSED_EVENT
from shared.events.streams import TOPOLOGY, DurableSpec, EventTopology, ensure_consumer
from shared.settings import NatsSettings

log = logging.getLogger(__name__)

FACT_TABLES = (
    "case_fact", "repeat_link_fact", "petition_fact", "hard_case_fact", "repeat_assignment_fact",
    "diary_resolution_fact", "screening_item_fact", "attendance_fact", "major_matter_fact", "cadre_roster_fact",
)  # fmt: skip
OPERATOR = "operator"


class RebuildSettings(ReportingSettings):
    model_config = SettingsConfigDict(env_prefix="XF_REPORTING_")
    nats_operator: SecretStr = Field(SecretStr(""), description="The NATS operator's password (rebuild only)")

    def operator(self) -> NatsSettings:
        return NatsSettings(url=self.nats.url, user=OPERATOR, password=self.nats_operator)


@dataclass(frozen=True)
class Rebuilt:
    dropped: int  # fact rows and claims deleted before the replay
    events: int  # messages the durables delivered again (each event once per durable that filters it)
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


class NotCaughtUp(Exception):
    """The durables still had messages pending when the wait ran out: is the reporting worker running?"""


def _durables(registry: HandlerRegistry) -> list[DurableSpec]:
    # The trail's copy is evidence, not a projection (docs/trail.md): its durables keep their place, their claims
    # and their rows, so a rebuild can neither drop an entry nor make the copy say anything new.
    return [spec.durable for spec in registry if spec.durable.durable not in TRAIL_DURABLES]


async def rebuild(
    settings: ReportingSettings,
    operator: NatsSettings,
    *,
    registry: HandlerRegistry = REGISTRY,
    topology: EventTopology = TOPOLOGY,
    timeout: float = 600.0,  # noqa: ASYNC109 - a deadline for the wait, not for each step
) -> Rebuilt:
    started = time.monotonic()
    durables = _durables(registry)
    nc = await nats.connect(**connect_options(operator), name="reporting-rebuild")
    try:
        js = nc.jetstream()
        await _delete_durables(js, topology.stream, durables)
        dropped = await _empty_projections(settings, [d.durable for d in durables])
        for durable in durables:
            await ensure_consumer(js, topology.stream, durable)
        events = await _caught_up(js, topology.stream, durables, started + timeout)
    finally:
        await nc.close()
    return Rebuilt(dropped, events, time.monotonic() - started)


async def _delete_durables(js: JetStreamContext, stream: str, durables: Iterable[DurableSpec]) -> None:
    for durable in durables:
        # Not found: never created, or deleted by an earlier rebuild that stopped half-way.
        with contextlib.suppress(nats.js.errors.NotFoundError):
            await js.delete_consumer(stream, durable.durable)


async def _empty_projections(settings: ReportingSettings, consumers: list[str]) -> int:
    # The county scope sees every township's rows; DELETE (not TRUNCATE) because the app role owns no table.
    # Under a scope that failed its signature row-level security would hide every row and delete none: the
    # count says so.
    engine = make_engine(settings.db, application_name="reporting-rebuild")
    dropped = 0
    try:
        async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
            for table in FACT_TABLES:
                dropped += (await db.execute(text(f"DELETE FROM {table}"))).rowcount
            dropped += (
                await db.execute(
                    text(f"DELETE FROM {PROCESSED_EVENT} WHERE consumer = ANY(:consumers)"),
                    {"consumers": consumers},
                )
            ).rowcount
    finally:
        await engine.dispose()
    return dropped


async def _caught_up(js: JetStreamContext, stream: str, durables: list[DurableSpec], deadline: float) -> int:
    """Acks come after each handler's commit, so nothing pending and nothing unacknowledged means every event
    is in the facts (or dead-lettered)."""
    while True:
        infos = [await js.consumer_info(stream, d.durable) for d in durables]
        behind = [i.name for i in infos if (i.num_pending or 0) or (i.num_ack_pending or 0)]
        if not behind:
            return sum(i.delivered.consumer_seq or 0 for i in infos if i.delivered)
        if time.monotonic() > deadline:
            raise NotCaughtUp(f"still behind: {', '.join(behind)}")
        await asyncio.sleep(0.2)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = RebuildSettings()
    if not settings.nats_operator.get_secret_value():
        print("XF_REPORTING_NATS_OPERATOR (the NATS operator's password) is not set", file=sys.stderr)
        return 2
    try:
        done = asyncio.run(rebuild(settings, settings.operator()))
    except NotCaughtUp as exc:
        print(f"rebuild did not catch up: {exc}", file=sys.stderr)
        return 1
    print(
        f"rebuilt: {done.dropped} rows dropped, {done.events} events replayed in {done.seconds:.1f} s"
        f" ({done.events_per_second:.0f} events/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
