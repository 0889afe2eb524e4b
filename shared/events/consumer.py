"""Durable consumers: each event applied once, in its tenant's scope, then acked; failures retried, then dead-lettered.

A handler is `async def handler(envelope, db) -> None`. The runner owns the transaction around it: scope of
the event's tenant (county scope for county-level events), a claim on (consumer, event id) in
processed_event, the handler's effect, one commit, and only then the ack. The events of one fetched batch and
one tenant share that transaction (process_batch). A redelivered event finds its claim and changes nothing. A
failing handler is nak'd with the durable's backoff until its last delivery, then published to the dead-letter
stream and terminated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import msgspec
import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, TracerProvider
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.envelope import SUBJECT_ROOT, Envelope, type_filter
from shared.events.outbox import PROCESSED_EVENT
from shared.events.streams import (
    ACK_WAIT,
    BACKOFF,
    MAX_DELIVER,
    TOPOLOGY,
    DurableSpec,
    EventTopology,
    ensure_consumer,
)
from shared.telemetry.exceptions import describe
from shared.telemetry.propagation import extract_context

log = logging.getLogger(__name__)

Handler = Callable[[Envelope, AsyncSession], Awaitable[None]]


class UnexpectedEventType(Exception):
    """The durable's filter let through a type no handler is registered for (e.g. a new version)."""


@dataclass(frozen=True)
class HandlerSpec:
    event_type: str
    handler: Handler
    durable: DurableSpec


class HandlerRegistry:
    """One per service (events.py), handed to its ConsumerRunner."""

    def __init__(self) -> None:
        self._specs: list[HandlerSpec] = []

    def handles(
        self,
        event_type: str | type,
        *,
        durable: str,
        filter_subject: str | None = None,
        root: str = SUBJECT_ROOT,
        max_deliver: int = MAX_DELIVER,
        backoff: Sequence[float] = BACKOFF,
        ack_wait: float = ACK_WAIT,
    ) -> Callable[[Handler], Handler]:
        """`event_type` is "petition.registered.v1", or a contract class naming its `event_type` or, where one
        payload serves several events (PetitionDecided), its `event_types`. Each type gets a durable of its own
        (`<durable>-<event>` when there are several), filtered on that type's subject in every tenant
        (xf.*.petition.accepted): one filter subject per durable is what the NATS permissions can pin."""
        types = _event_types(event_type)
        if filter_subject and len(types) > 1:
            raise ValueError("one filter_subject cannot serve several event types")
        durables = {
            name: DurableSpec(
                durable if len(types) == 1 else f"{durable}-{_event_of(name)}",
                filter_subject or type_filter(name, root),
                max_deliver,
                tuple(backoff),
                ack_wait,
            )
            for name in types
        }
        taken = {s.durable.durable for s in self._specs}
        if clash := [d.durable for d in durables.values() if d.durable in taken]:
            raise ValueError(f"durable {clash[0]!r} already has a handler")

        def register(handler: Handler) -> Handler:
            self._specs.extend(HandlerSpec(name, handler, d) for name, d in durables.items())
            return handler

        return register

    def __iter__(self) -> Iterator[HandlerSpec]:
        return iter(self._specs)


def _event_types(event_type: str | type) -> tuple[str, ...]:
    if isinstance(event_type, str):
        return (event_type,)
    several = getattr(event_type, "event_types", None)
    return tuple(several) if several else (event_type.event_type,)


def _event_of(event_type: str) -> str:
    """petition.not_accepted.v1 -> not-accepted: the part that tells one durable of a contract from another."""
    return event_type.split(".")[1].replace("_", "-")


def _scope_of(envelope: Envelope) -> DataScope:
    return DataScope.county() if envelope.is_county_level else DataScope.township(envelope.tenant_id)


class ConsumerRunner:
    def __init__(
        self,
        engine: AsyncEngine,
        js: JetStreamContext,
        handlers: Iterable[HandlerSpec],
        service_name: str,
        *,
        topology: EventTopology = TOPOLOGY,
        batch_size: int = 100,
        fetch_timeout: float = 1.0,
        gather_timeout: float = 0.02,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self.sessions = session_factory(engine)
        self.js = js
        self.specs = list(handlers)
        self.service_name = service_name
        self.topology = topology
        self.batch_size = batch_size
        self.fetch_timeout = fetch_timeout
        self.gather_timeout = gather_timeout
        self.tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        self._subs: dict[str, JetStreamContext.PullSubscription] = {}

    async def start(self) -> None:
        """Create or update every durable and bind a pull subscription to it."""
        for spec in self.specs:
            await ensure_consumer(self.js, self.topology.stream, spec.durable)
            self._subs[spec.durable.durable] = await self.js.pull_subscribe_bind(
                durable=spec.durable.durable, stream=self.topology.stream
            )

    async def stop(self) -> None:
        for sub in self._subs.values():
            await sub.unsubscribe()
        self._subs.clear()

    async def run_once(self) -> int:
        """Fetch one batch from every durable and process it; returns how many messages were handled."""
        counts = await asyncio.gather(*(self._fetch_and_process(spec) for spec in self.specs))
        return sum(counts)

    async def run_forever(self, stop: asyncio.Event) -> None:
        async def loop(spec: HandlerSpec) -> None:
            while not stop.is_set():
                try:
                    await self._fetch_and_process(spec)
                except Exception:
                    log.exception("consumer %s round failed", spec.durable.durable)
                    await asyncio.sleep(1)

        await asyncio.gather(*(loop(spec) for spec in self.specs))

    async def _fetch_and_process(self, spec: HandlerSpec) -> int:
        msgs = await self._fetch(spec)
        await self.process_batch(spec, msgs)
        return len(msgs)

    async def _fetch(self, spec: HandlerSpec) -> list[Msg]:
        """Waits up to fetch_timeout for one message, then takes what else is there within gather_timeout. One
        pull of batch_size would hold its first message until the batch filled or the pull expired: a second's
        lag at a few events a second."""
        sub = self._subs[spec.durable.durable]
        try:
            msgs = await sub.fetch(1, timeout=self.fetch_timeout)
        except (nats.errors.TimeoutError, TimeoutError):
            # nats-py raises its own TimeoutError, or asyncio's when the pull request itself times out: both
            # mean only that nothing was waiting.
            return []
        if self.batch_size > 1:
            with contextlib.suppress(nats.errors.TimeoutError, TimeoutError):
                msgs += await sub.fetch(self.batch_size - 1, timeout=self.gather_timeout)
        return msgs

    async def process(self, spec: HandlerSpec, msg: Msg) -> None:
        await self.process_batch(spec, [msg])

    async def process_batch(self, spec: HandlerSpec, msgs: Sequence[Msg]) -> None:
        """A fetched batch's events of one tenant are applied in one transaction and acked after its commit: one
        commit per tenant and batch, not per event, is what lets a consumer keep up at a thousand events a second.
        When any of them fails the transaction is rolled back and each is applied alone, so only the failing one
        is retried or dead-lettered and the others' order is kept."""
        by_scope: dict[tuple[bool, str | None], list[tuple[Msg, Envelope]]] = {}
        for msg in msgs:
            envelope = await self._accepted(spec, msg)
            if envelope is not None:
                by_scope.setdefault((envelope.is_county_level, envelope.tenant_id), []).append(
                    (msg, envelope)
                )
        for group in by_scope.values():
            if len(group) > 1 and await self._apply_together(spec, group):
                continue
            for msg, envelope in group:
                await self._apply_alone(spec, msg, envelope)

    async def _accepted(self, spec: HandlerSpec, msg: Msg) -> Envelope | None:
        """The message's envelope, or None once a message no retry can help has been dead-lettered."""
        try:
            envelope = Envelope.from_json(msg.data)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            # A malformed message fails the same way every time: straight to dead-letter.
            with self._span(spec, msg) as span:
                await self._dead_letter(spec, msg, exc, span)
            return None
        if envelope.type != spec.event_type:
            # A type (or version) this consumer was never written for: retrying cannot help either.
            with self._span(spec, msg, envelope) as span:
                await self._dead_letter(spec, msg, UnexpectedEventType(envelope.type), span)
            return None
        return envelope

    async def _apply_together(self, spec: HandlerSpec, group: Sequence[tuple[Msg, Envelope]]) -> bool:
        """Returns False, having changed nothing, when one of the group failed."""
        try:
            async with scoped_transaction(self.sessions, _scope_of(group[0][1])) as db:
                unclaimed = await self._claim_all(spec, [e for _, e in group], db)
                for msg, envelope in group:
                    with self._span(spec, msg, envelope) as span:
                        span.set_attribute("messaging.batch.message_count", len(group))
                        # A second copy of one event in the batch finds its claim taken by the first.
                        fresh = envelope.id in unclaimed
                        unclaimed.discard(envelope.id)
                        span.set_attribute("xf.event.duplicate", not fresh)
                        if fresh:
                            await spec.handler(envelope, db)
        except Exception:
            log.info(
                "consumer %s: a batch of %d failed; applying them one by one",
                spec.durable.durable,
                len(group),
            )
            return False
        for msg, _ in group:
            await msg.ack()
        return True

    async def _apply_alone(self, spec: HandlerSpec, msg: Msg, envelope: Envelope) -> None:
        with self._span(spec, msg, envelope) as span:
            try:
                async with scoped_transaction(self.sessions, _scope_of(envelope)) as db:
                    applied = await self._claim_and_handle(spec, envelope, db)
            except Exception as exc:
                await self._retry_or_dead_letter(spec, msg, exc, span)
                return
            span.set_attribute("xf.event.duplicate", not applied)
            await msg.ack()

    async def _claim_all(
        self, spec: HandlerSpec, envelopes: Sequence[Envelope], db: AsyncSession
    ) -> set[uuid.UUID]:
        """Claims a group's events in one statement (one tenant's); the ids this consumer had not applied yet."""
        claimed = await db.execute(
            text(
                f"INSERT INTO {PROCESSED_EVENT} (consumer, event_id, tenant_id)"
                " SELECT :consumer, id, :tenant_id FROM unnest(CAST(:ids AS uuid[])) AS id"
                " ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {
                "consumer": spec.durable.durable,
                "ids": [e.id for e in envelopes],
                "tenant_id": envelopes[0].tenant_id,
            },
        )
        return set(claimed.scalars())

    async def _claim_and_handle(self, spec: HandlerSpec, envelope: Envelope, db: AsyncSession) -> bool:
        """Returns False when this consumer had already applied the event."""
        # Claim first: a second delivery running concurrently waits on this row, then finds it taken.
        if not await self._claim_all(spec, [envelope], db):
            return False
        await spec.handler(envelope, db)
        return True

    @contextlib.contextmanager
    def _span(self, spec: HandlerSpec, msg: Msg, envelope: Envelope | None = None) -> Iterator[Span]:
        with self.tracer.start_as_current_span(
            f"process {msg.subject}",
            context=extract_context(msg.headers),
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": "nats",
                "messaging.operation.type": "process",
                "messaging.destination.name": msg.subject,
                "messaging.consumer.group.name": spec.durable.durable,
                "messaging.nats.delivery": msg.metadata.num_delivered,
                **({"messaging.message.id": str(envelope.id)} if envelope else {}),
            },
            record_exception=False,
        ) as span:
            yield span

    async def _retry_or_dead_letter(self, spec: HandlerSpec, msg: Msg, exc: Exception, span: Span) -> None:
        delivered = msg.metadata.num_delivered
        span.record_exception(exc)
        span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
        if delivered >= spec.durable.max_deliver:
            await self._dead_letter(spec, msg, exc, span)
            return
        log.warning(
            "consumer %s: delivery %d of %s failed (%s); retrying",
            spec.durable.durable, delivered, msg.subject, type(exc).__name__,
        )  # fmt: skip
        await msg.nak(delay=spec.durable.nak_delay(delivered))

    async def _dead_letter(self, spec: HandlerSpec, msg: Msg, exc: Exception, span: Span) -> None:
        subject = self.topology.dead_letter_subject(self.service_name, msg.subject)
        headers = {
            **(msg.headers or {}),
            "Xf-Original-Subject": msg.subject,
            "Xf-Consumer": spec.durable.durable,
            "Xf-Error": type(exc).__name__,
            # Types and codes only: a database error's message quotes the refused row.
            "Xf-Error-Detail": describe(exc)[:300],
            "Xf-Deliveries": str(msg.metadata.num_delivered),
            "Xf-Stream-Sequence": str(msg.metadata.sequence.stream),
        }
        # One dead letter per (event, consumer), even if this step is repeated.
        headers["Nats-Msg-Id"] = (
            f"{headers.get('Nats-Msg-Id', msg.metadata.sequence.stream)}:{spec.durable.durable}"
        )
        await self.js.publish(subject, msg.data, headers=headers)
        span.set_attribute("xf.dead_lettered", True)
        log.error(
            "consumer %s: %s dead-lettered to %s (%s)",
            spec.durable.durable,
            msg.subject,
            subject,
            type(exc).__name__,
        )
        await msg.term()
