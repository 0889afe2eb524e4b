"""The copy of every service's trail, kept as the events arrive, and verified continuously (docs/trail.md).

Each event is applied once (the consumer runner's claim) in the county scope. The copy keeps the first version of
every entry and anchor; the chain's state row, locked for the transaction, makes the checks of one chain run one
at a time, so an entry and its anchor arriving together are compared by whichever commits second.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Row

from services.reporting.domain.trail import (
    Anchor,
    CopyProblem,
    Problem,
    advance,
    anchor_problem,
    own_problem,
)
from services.reporting.persistence import trail as store
from shared.contracts.trail import TrailAnchored, TrailRecorded
from shared.db.session import TenantSession
from shared.events.envelope import Envelope
from shared.trail.events import record_of

BATCH = 1000


class ForeignTrail(ValueError):
    """A trail event whose payload names another service than the one that sent it."""


def _service_of(envelope: Envelope, claimed: str) -> str:
    # Every service may publish trail events (NATS cannot tell whose chain): the envelope's source must agree.
    if envelope.source != f"xinfang/{claimed}":
        raise ForeignTrail(f"{envelope.source} sent a trail event of {claimed}")
    return claimed


async def trail_recorded(envelope: Envelope, db: TenantSession) -> None:
    payload = envelope.payload_as(TrailRecorded)
    service, entry = _service_of(envelope, payload.service), record_of(payload)
    held = await store.insert_entry(db, service, entry)
    state = await store.locked_state(db, service, entry.tenant_id)
    problem: Problem | None = None
    if held is not None and held != entry.hash:
        problem = Problem(
            entry.seq, CopyProblem.conflicting_entry, "this seq arrived again with another hash"
        )
    elif held is None:
        anchored = await store.anchored_hash(db, service, entry.tenant_id, entry.seq)
        problem = own_problem(entry) or (
            anchor_problem(Anchor(entry.seq, anchored), entry.hash) if anchored else None
        )
    seq, head, found = await _advance(db, service, entry.tenant_id, state.verified_seq, state.verified_hash)
    values: dict[str, object] = {
        "received_seq": max(state.received_seq, entry.seq),
        "verified_seq": seq,
        "verified_hash": head,
    }
    await _save(db, service, entry.tenant_id, state, values, problem or found)


async def _advance(
    db: TenantSession, service: str, tenant: uuid.UUID, seq: int, head: str
) -> tuple[int, str, Problem | None]:
    while True:
        following = await store.entries_after(db, service, tenant, seq, BATCH)
        moved = advance(seq, head, following)
        if moved.problem or moved.verified_seq - seq < BATCH:
            return moved.verified_seq, moved.verified_hash, moved.problem
        seq, head = moved.verified_seq, moved.verified_hash


async def trail_anchored(envelope: Envelope, db: TenantSession) -> None:
    payload = envelope.payload_as(TrailAnchored)
    service, anchor = _service_of(envelope, payload.service), Anchor(payload.seq, payload.hash)
    held = await store.insert_anchor(db, service, payload.tenant, anchor, payload.anchored_at)
    state = await store.locked_state(db, service, payload.tenant)
    if held is not None and held != anchor.hash:
        problem: Problem | None = Problem(
            anchor.seq, CopyProblem.anchor_differs, "two anchors of one seq differ"
        )
    else:
        problem = anchor_problem(anchor, await store.copied_hash(db, service, payload.tenant, anchor.seq))
    values: dict[str, object] = {}
    if state.anchor_seq is None or anchor.seq >= state.anchor_seq:
        values |= {"anchor_seq": anchor.seq, "anchor_hash": anchor.hash, "anchored_at": payload.anchored_at}
    await _save(db, service, payload.tenant, state, values, problem)


async def _save(
    db: TenantSession, service: str, tenant: uuid.UUID, state: Row, values: dict, problem: Problem | None
) -> None:
    # The first problem found stays: later ones usually follow from it.
    if problem is not None and state.problem_seq is None:
        values |= store.problem_values(problem)
    if values:
        await store.save_state(db, service, tenant, **values)
