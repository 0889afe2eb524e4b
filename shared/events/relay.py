"""The outbox relay: publishes committed outbox rows to JetStream, in order, with Nats-Msg-Id = event id.

Delivery is at least once. A crash after a publish and before its row is marked republishes the row later;
JetStream drops the repeat inside the stream's duplicate window, and consumers' processed_event table
absorbs anything older. Replicas may run side by side: FOR UPDATE SKIP LOCKED hands each one its own rows,
so two never publish the same row at the same time (order across replicas is then per batch, not global).

No single row stops the relay for good. Each round walks the oldest unrelayed rows in order:

- A row whose envelope does not decode can never be published: it is set aside at once and the round goes
  on with the rows behind it. So is a row the client refuses outright (a bad subject, a payload above the
  server's limit).
- Any other publish failure stops the round at that row, so no later event overtakes it, and the next
  round waits (backoff doubling from `retry_base` up to `retry_cap`, well inside the stream's duplicate
  window). If the server does not answer a ping either, NATS is away: the row is not to blame, its
  `attempts` stay as they are and every row waits, however long the outage lasts. If the server answers,
  the failure is the row's own (no stream takes its subject, the service may not publish it, the stream
  refuses it): the row's `attempts` grow, and at `max_attempts` (8: about 2 minutes) it is set aside and the
  rows behind go on. The ping is a plain PING (no JetStream API right needed: services' NATS users have none
  beyond their streams' info). A JetStream that answers pings but times out on every publish would thus set
  the head row aside after its attempts, then hold the next: one row per two minutes, each one reported.

A set-aside row keeps `relayed_at` NULL and gets `set_aside_at` and `set_aside_reason` (the error's class
and a short message with quoted values and personal data removed, never envelope content). The relay
never reads it again; a warning names its id, subject and error class, the counter `xf.outbox.set_aside`
counts it, and the service's `/health/ready` notes how many there are (readiness itself stays 200: the
service still works, the row needs a person). Purging never removes it: it is the evidence. Once the cause
is fixed an operator puts it back in the queue (its place is its `created_at`, so it goes out next):
`UPDATE <schema>.outbox SET set_aside_at = NULL, set_aside_reason = NULL, attempts = 0 WHERE id = ...`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import msgspec
import nats.errors
from nats.js import JetStreamContext
from opentelemetry import metrics, trace
from opentelemetry.metrics import MeterProvider
from opentelemetry.trace import SpanKind, TracerProvider
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.envelope import Envelope
from shared.events.outbox import OUTBOX, notify_channel
from shared.telemetry.propagation import context_from_traceparent, inject_headers
from shared.telemetry.redaction import redact

log = logging.getLogger(__name__)

MSG_ID = "Nats-Msg-Id"
SET_ASIDE_METRIC = "xf.outbox.set_aside"
# 8 tries take about 2 minutes with the backoff and 5 s timeouts: a slow moment passes, a refused row does not.
MAX_ATTEMPTS = 8
PING_TIMEOUT = 2.0
# Failures the client raises before anything is sent: trying again gives the same answer.
_REFUSED = (nats.errors.BadSubjectError, nats.errors.MaxPayloadError, nats.errors.BadHeaderError)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
REASON_LENGTH = 200


@dataclass
class SetAside:
    id: uuid.UUID
    subject: str
    error: str  # the exception's class: what logs and the metric carry
    reason: str  # the class and a short message: what the row keeps

    @classmethod
    def of(cls, row: Row, exc: BaseException) -> SetAside:
        # Quoted values in a message may be envelope content (a tenant, a type): they stay out.
        message = redact(_QUOTED.sub("'…'", str(exc)))
        reason = f"{type(exc).__name__}: {message}"[:REASON_LENGTH].rstrip(": ")
        return cls(row.id, row.subject, type(exc).__name__, reason)


@dataclass
class Failure:
    row: SetAside  # what the row becomes if this was its last attempt
    server_answers: bool


@dataclass
class Round:
    """What one batch came to: published rows, rows set aside, and the row it stopped at, if any."""

    published: list[uuid.UUID] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    stopped_at: Failure | None = None


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
        max_attempts: int = MAX_ATTEMPTS,
        retry_base: float = 1.0,
        retry_cap: float = 30.0,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
    ) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self.schema = schema
        self.table = f'"{schema}".{OUTBOX}'
        self.js = js
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.publish_timeout = publish_timeout
        self.retention = retention
        self.purge_interval = purge_interval
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.failed_rounds = 0  # in a row; sets the wait before the next round
        self.tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        meter = metrics.get_meter(__name__, meter_provider=meter_provider)
        self.set_aside_counter = meter.create_counter(
            SET_ASIDE_METRIC, unit="{row}", description="Outbox rows the relay gave up on and set aside"
        )

    async def run_once(self) -> int:
        """Publish one batch of the oldest unrelayed rows; returns how many were published."""
        # The relay serves every tenant: county scope is what the outbox policy lets read all rows.
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            rows = await self._claim(db)
            outcome = await self._publish_all(rows)
            await self._mark(db, outcome)
        # Told only once committed: a rolled-back round set nothing aside.
        self._report(outcome)
        return len(outcome.published)

    async def _claim(self, db: AsyncSession) -> Sequence[Row]:
        result = await db.execute(
            text(
                f"SELECT id, subject, envelope::text AS envelope FROM {self.table}"
                " WHERE relayed_at IS NULL AND set_aside_at IS NULL"
                " ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED"
            ),
            {"n": self.batch_size},
        )
        return result.all()

    async def _publish_all(self, rows: Sequence[Row]) -> Round:
        outcome = Round()
        for row in rows:
            try:
                envelope = Envelope.from_json(row.envelope)
            except (msgspec.DecodeError, ValueError, TypeError) as exc:
                outcome.set_aside.append(SetAside.of(row, exc))
                continue
            try:
                await self.publish(row.subject, envelope)
            except _REFUSED as exc:
                outcome.set_aside.append(SetAside.of(row, exc))
                continue
            except Exception as exc:
                outcome.stopped_at = Failure(SetAside.of(row, exc), await self._server_answers())
                break
            outcome.published.append(row.id)
        return outcome

    async def _server_answers(self) -> bool:
        """A ping the server answers means it is up: a publish that failed anyway failed for its row."""
        try:
            await self.js._nc.flush(timeout=PING_TIMEOUT)
        except Exception:
            return False
        return True

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

    async def _mark(self, db: AsyncSession, outcome: Round) -> None:
        if outcome.published:
            await db.execute(
                text(
                    f"UPDATE {self.table} SET relayed_at = clock_timestamp(), attempts = attempts + 1"
                    " WHERE id = ANY(:ids)"
                ),
                {"ids": outcome.published},
            )
        for row in outcome.set_aside:
            await self._set_aside(db, row)
        failed = outcome.stopped_at
        if failed is not None and failed.server_answers:
            attempts = (
                await db.execute(
                    text(
                        f"UPDATE {self.table} SET attempts = attempts + 1 WHERE id = :id RETURNING attempts"
                    ),
                    {"id": failed.row.id},
                )
            ).scalar_one()
            if attempts >= self.max_attempts:
                outcome.set_aside.append(failed.row)
                await self._set_aside(db, failed.row)

    async def _set_aside(self, db: AsyncSession, row: SetAside) -> None:
        await db.execute(
            text(
                f"UPDATE {self.table} SET set_aside_at = clock_timestamp(), set_aside_reason = :reason"
                " WHERE id = :id"
            ),
            {"id": row.id, "reason": row.reason},
        )

    def _report(self, outcome: Round) -> None:
        for row in outcome.set_aside:
            log.warning(
                "outbox row %s to %s set aside (%s); the rows behind it go on", row.id, row.subject, row.error
            )
            self.set_aside_counter.add(1, {"xf.outbox.schema": self.schema, "error.type": row.error})
        failed = outcome.stopped_at
        if failed is None or failed.row in outcome.set_aside:
            self.failed_rounds = 0
            return
        self.failed_rounds += 1
        # One line per failing round, and the rounds back off: an outage no longer floods the log.
        log.warning(
            "publishing outbox row %s to %s failed (%s%s); the rows behind it wait",
            failed.row.id,
            failed.row.subject,
            "" if failed.server_answers else "NATS is away: ",
            failed.row.reason,
        )

    def retry_delay(self) -> float:
        """Seconds before the next round after failing rounds: doubling, capped below the duplicate window."""
        return min(self.retry_base * 2 ** (self.failed_rounds - 1), self.retry_cap)

    async def purge_relayed(self, older_than: timedelta | None = None) -> int:
        """Delete rows relayed before now - `older_than` (default: the retention); unrelayed and set-aside
        rows stay."""
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
        """Poll until `stop` is set: a full batch is followed at once by the next, a failed one by a backoff. An
        idle relay waits for its outbox's notification (shared/events/outbox.put), and polls in any case every
        `poll_interval`, so a notification lost with its connection delays rows, never loses them."""
        next_purge = time.monotonic() + self.purge_interval
        async with OutboxListener(self.engine, notify_channel(self.schema)) as listener:
            while not stop.is_set():
                listener.woken.clear()
                published = await self._run_once_logged()
                if time.monotonic() >= next_purge:
                    next_purge = time.monotonic() + self.purge_interval
                    await self._purge_logged()
                if self.failed_rounds:
                    await _wait(stop, self.retry_delay())
                elif published < self.batch_size:
                    await listener.wait(stop, self.poll_interval)

    async def _run_once_logged(self) -> int:
        try:
            return await self.run_once()
        except Exception:
            self.failed_rounds += 1
            log.exception("outbox relay round failed")
            return 0

    async def _purge_logged(self) -> None:
        try:
            log.info("purged %d relayed outbox rows", await self.purge_relayed())
        except Exception:
            log.exception("purging relayed outbox rows failed")


class OutboxListener:
    """LISTEN on one connection held for the relay's life; without it (refused, dropped) the relay only polls."""

    def __init__(self, engine: AsyncEngine, channel: str) -> None:
        self.engine = engine
        self.channel = channel
        self.woken = asyncio.Event()
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> OutboxListener:
        try:
            self._conn = await self.engine.connect()
            raw = await self._conn.get_raw_connection()
            await raw.driver_connection.add_listener(self.channel, self._notified)
        except Exception:
            log.warning("outbox relay: cannot LISTEN on %s; polling only", self.channel, exc_info=True)
            await self._close()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._close()

    def _notified(self, *_: object) -> None:
        self.woken.set()

    async def wait(self, stop: asyncio.Event, seconds: float) -> None:
        """Until a notification, `stop`, or `seconds`."""
        woken = asyncio.ensure_future(self.woken.wait())
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({woken, stopped}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
            stopped.cancel()

    async def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
