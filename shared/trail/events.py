"""The trail's events: each entry put in the service's outbox in the entry's own transaction, and the anchors.

Both travel on the county's subject (shared/contracts/trail.py), with the chain's tenant as the envelope's tenant
id: the outbox row then sits under that tenant's row-level security, as the entry does.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shared.contracts.trail import TrailAnchored, TrailRecorded
from shared.events.envelope import Envelope
from shared.events.outbox import put
from shared.tenancy import COUNTY
from shared.trail.chain import TrailRecord, canonical_detail


def recorded_payload(service: str, entry: TrailRecord) -> TrailRecorded:
    return TrailRecorded(
        service=service,
        tenant=entry.tenant_id,
        seq=entry.seq,
        occurred_at=entry.occurred_at,
        actor_id=entry.actor_id,
        actor_role=entry.actor_role,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        request_id=entry.request_id,
        trace_id=entry.trace_id,
        detail=canonical_detail(entry.detail),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


def record_of(payload: TrailRecorded) -> TrailRecord:
    """The entry as its service stored it, from its event: what the copy recomputes the hash of."""
    detail: dict[str, Any] = json.loads(payload.detail)
    return TrailRecord(
        tenant_id=payload.tenant,
        seq=payload.seq,
        occurred_at=payload.occurred_at,
        actor_id=payload.actor_id,
        actor_role=payload.actor_role,
        action=payload.action,
        object_type=payload.object_type,
        object_id=payload.object_id,
        request_id=payload.request_id,
        trace_id=payload.trace_id,
        detail=detail,
        prev_hash=payload.prev_hash,
        hash=payload.hash,
    )


def _envelope(service: str, tenant: uuid.UUID, subject: str, payload: Any, actor: str | None) -> Envelope:
    return Envelope.new(
        service=service,
        type=payload.event_type,
        subject=subject,
        tenant=COUNTY,
        tenant_id=tenant,
        data=payload,
        actor=actor,
    )


async def announce_entry(db: AsyncSession, service: str, entry: TrailRecord) -> Envelope:
    """The entry's event, in the caller's transaction: published exactly when the entry commits."""
    subject = f"{entry.tenant_id}:{entry.seq}"
    return await put(
        db, _envelope(service, entry.tenant_id, subject, recorded_payload(service, entry), entry.actor_id)
    )


async def announce_anchor(
    db: AsyncSession, service: str, tenant: uuid.UUID, seq: int, hash_: str, at: datetime
) -> Envelope:
    payload = TrailAnchored(service=service, tenant=tenant, seq=seq, hash=hash_, anchored_at=at)
    return await put(db, _envelope(service, tenant, f"{tenant}:{seq}", payload, f"system:{service}-anchor"))
