"""The outbox relay: publishes committed outbox rows to JetStream, in order, with Nats-Msg-Id = event id.

Delivery is at least once. A crash after a publish and before its row is marked republishes the row later;
JetStream drops the repeat inside the stream's duplicate window, and consumers' processed_event table
absorbs anything older. Replicas may run side by side: FOR UPDATE SKIP LOCKED hands each one its own rows,
so two never publish the same row at the same time (order across replicas is then per batch, not global).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta

from nats.js import JetStreamContext
from opentelemetry import trace
from opentelemetry.trace import SpanKind, TracerProvider
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.envelope import Envelope
from shared.events.outbox import OUTBOX
from shared.telemetry.propagation import context_from_traceparent, inject_headers

log = logging.getLogger(__name__)

MSG_ID = "Nats-Msg-Id"


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        schema: str,
        js: JetStreamContext,
        *,
        batch_size: int = 100,
        poll_interval: float = 0.5,
        publish_timeout: float = 5.0,
        retention: timedelta = timedelta(days=30),
        purge_interval: float = 3600.0,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self.sessions = session_factory(engine)
        self.table = f'"{schema}".{OUTBOX}'
        self.js = js
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.publish_timeout = publish_timeout
        self.retention = retention
        self.purge_interval = purge_interval
        self.tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)

    async def run_once(self) -> int:
        """Publish one batch of the oldest unrelayed rows; returns how many were published."""
        # The relay serves every tenant: county scope is what the outbox policy lets read all rows.
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            rows = await self._claim(db)
            published, failed = await self._publish_all(rows)
            await self._mark(db, published, failed)
        return len(published)

    async def _claim(self, db: AsyncSession) -> Sequence[Row]:
        result = await db.execute(
            text(
                f"SELECT id, subject, envelope::text AS envelope FROM {self.table}"
                " WHERE relayed_at IS NULL ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED"
            ),
            {"n": self.batch_size},
        )
        return result.all()

    async def _publish_all(self, rows: Sequence[Row]) -> tuple[list[uuid.UUID], uuid.UUID | None]:
        published: list[uuid.UUID] = []
        for row in rows:
            try:
                await self.publish(row.subject, Envelope.from_json(row.envelope))
            except Exception:  # noqa: BLE001 - stop at the first failure so later events never overtake it
                log.exception(
                    "publishing outbox row %s to %s failed; it will be retried", row.id, row.subject
                )
                return published, row.id
            published.append(row.id)
        return published, None

    async def publish(self, subject: str, envelope: Envelope) -> None:
        # The parent is the request that wrote the event, not whatever this loop happens to run under.
        parent = context_from_traceparent(envelope.traceparent)
        with self.tracer.start_as_current_span(
            f"publish {subject}",
            context=parent,
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "nats",
                "messaging.operation.type": "send",
                "messaging.destination.name": subject,
                "messaging.message.id": str(envelope.id),
                "xf.event.type": envelope.type,
            },
        ) as span:
            headers = {MSG_ID: str(envelope.id), **inject_headers()}
            ack = await self.js.publish(
                subject, envelope.to_json(), timeout=self.publish_timeout, headers=headers
            )
            span.set_attribute("messaging.nats.duplicate", bool(ack.duplicate))
            if ack.duplicate:
                log.info(
                    "event %s was already in stream %s (republished after a crash)", envelope.id, ack.stream
                )

    async def _mark(self, db: AsyncSession, published: list[uuid.UUID], failed: uuid.UUID | None) -> None:
        if published:
            await db.execute(
                text(
                    f"UPDATE {self.table} SET relayed_at = clock_timestamp(), attempts = attempts + 1"
                    " WHERE id = ANY(:ids)"
                ),
                {"ids": published},
            )
        if failed is not None:
            # A row that keeps failing holds up the rest of the queue: `attempts` is what an operator sees.
            await db.execute(
                text(f"UPDATE {self.table} SET attempts = attempts + 1 WHERE id = :id"), {"id": failed}
            )

    async def purge_relayed(self, older_than: timedelta | None = None) -> int:
        """Delete rows relayed before now - `older_than` (default: the retention); unrelayed rows stay."""
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            result = await db.execute(
                text(
                    f"DELETE FROM {self.table}"
                    " WHERE relayed_at IS NOT NULL AND relayed_at < clock_timestamp() - CAST(:age AS interval)"
                ),
                {"age": older_than if older_than is not None else self.retention},
            )
        return result.rowcount

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set: a full batch is followed at once by the next, otherwise wait."""
        next_purge = time.monotonic() + self.purge_interval
        while not stop.is_set():
            published = await self._run_once_logged()
            if time.monotonic() >= next_purge:
                next_purge = time.monotonic() + self.purge_interval
                await self._purge_logged()
            if published < self.batch_size:
                await _wait(stop, self.poll_interval)

    async def _run_once_logged(self) -> int:
        try:
            return await self.run_once()
        except Exception:  # noqa: BLE001 - the database or NATS is away; the next round retries
            log.exception("outbox relay round failed")
            return 0

    async def _purge_logged(self) -> None:
        try:
            log.info("purged %d relayed outbox rows", await self.purge_relayed())
        except Exception:  # noqa: BLE001 - purging is housekeeping; publishing goes on
            log.exception("purging relayed outbox rows failed")


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
