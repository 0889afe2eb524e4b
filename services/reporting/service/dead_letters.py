"""Dead letters for operators: the list with counts per consumer, one dead letter, and its replay.

A replay reads the message back from the dead-letter stream and publishes it, data and original headers, to its
original subject with a new Nats-Msg-Id (docs/reporting.md). Every consumer of that subject receives it: those that
had applied the event find their processed_event claim and skip it, the one that gave up applies it now. One replay
per dead letter: a replay that fails again is a new dead letter (linked by `replay_of`), replayed in its turn.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import nats.errors
import nats.js.errors
from nats.js import JetStreamContext

from services.reporting.domain.dead_letter import MSG_ID, replay_headers
from services.reporting.persistence import dead_letters
from services.reporting.service.dead_letter_io import (
    DeadLetterCount,
    DeadLetterDetailView,
    DeadLetterPage,
    DeadLetterView,
    ReplayView,
)
from shared import trail
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import AppError, NotFound, StateConflict
from shared.events.streams import TOPOLOGY, EventTopology
from shared.paging import offset
from shared.tenancy import COUNTY_CHAIN

PUBLISH_TIMEOUT = 5.0


class EventStreamUnavailable(AppError):
    """503: NATS did not answer the read or the publish; nothing was recorded, the replay can be asked again."""

    status = 503


def _view(row: dict[str, Any]) -> DeadLetterView:
    return DeadLetterView(
        seq=row["dlq_seq"],
        service=row["service"],
        consumer=row["consumer"],
        original_subject=row["original_subject"],
        original_seq=row["original_seq"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        tenant=row["event_tenant"],
        undecodable=not row["decodable"],
        error_type=row["error_type"],
        error_detail=row["error_detail"],
        deliveries=row["deliveries"],
        dead_lettered_at=row["dead_lettered_at"],
        replay_of=row["replay_of"],
        replayed_at=row["replayed_at"],
        replayed_by=row["replayed_by"],
        replay_msg_id=row["replay_msg_id"],
    )


async def page(
    db: TenantSession, filters: dict[str, Any], page_number: int, page_size: int
) -> DeadLetterPage:
    rows, total = await dead_letters.page(db, filters, page_size, offset(page_number, page_size))
    counts = [DeadLetterCount(**c) for c in await dead_letters.counts(db, filters)]
    return DeadLetterPage([_view(r) for r in rows], total, page_number, page_size, counts)


async def one(db: TenantSession, seq: int) -> DeadLetterDetailView:
    row = await dead_letters.one(db, seq)
    if row is None:
        raise NotFound()
    return DeadLetterDetailView(_view(row), await dead_letters.replayed_by(db, seq))


async def replay(
    db: TenantSession,
    js: JetStreamContext | None,
    by: Principal,
    seq: int,
    topology: EventTopology = TOPOLOGY,
) -> ReplayView:
    # Locked to the end of the transaction: a second replay of the same dead letter waits, then finds it replayed.
    row = await dead_letters.one(db, seq, for_update=True)
    if row is None:
        raise NotFound()
    if row["replayed_at"] is not None:
        raise StateConflict("already replayed: a replay that failed again is a dead letter of its own")
    subject = row["original_subject"]
    if not subject.startswith(f"{topology.root}."):
        raise StateConflict("its original subject is not on the event stream")
    if js is None:
        raise EventStreamUnavailable("NATS is not connected")
    ack, headers = await _publish_again(js, topology, seq, subject)
    at = datetime.now(UTC)
    await dead_letters.mark_replayed(db, seq, at, by.username, headers[MSG_ID])
    await trail.record(
        db, by, "dead_letter.replayed", "dead_letter", str(seq), tenant_id=COUNTY_CHAIN,
        detail={"service": row["service"], "consumer": row["consumer"], "event_type": row["event_type"],
                "subject": subject, "msg_id": headers[MSG_ID], "stream_seq": ack.seq},
    )  # fmt: skip
    return ReplayView(seq, subject, headers[MSG_ID], ack.seq, at, by.username)


async def _publish_again(
    js: JetStreamContext, topology: EventTopology, seq: int, subject: str
) -> tuple[Any, dict[str, str]]:
    try:
        stored = await js.get_msg(topology.dlq_stream, seq)
    except nats.js.errors.NotFoundError:
        raise StateConflict("the message is no longer in the dead-letter stream") from None
    except (TimeoutError, nats.errors.Error) as exc:
        raise EventStreamUnavailable(type(exc).__name__) from None
    headers = replay_headers(stored.headers or {}, seq)
    try:
        # The id is the same for every attempt of this replay: a publish repeated after a lost answer is stored once.
        ack = await js.publish(subject, stored.data or b"", timeout=PUBLISH_TIMEOUT, headers=headers)
    except (TimeoutError, nats.errors.Error) as exc:
        raise EventStreamUnavailable(type(exc).__name__) from None
    return ack, headers
