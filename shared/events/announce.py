"""announce: a state change's event, put in the caller's outbox, written once for every service."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.envelope import Envelope
from shared.events.outbox import put


class Acting(Protocol):
    @property
    def user_id(self) -> str: ...


async def announce(
    db: AsyncSession,
    service: str,
    by: Acting,
    tenant: str,
    tenant_id: uuid.UUID | None,
    subject: uuid.UUID | str,
    payload: msgspec.Struct,
    event_type: str | None = None,
) -> Envelope:
    """Put the payload's event in the request's outbox, on the subject of `tenant` (a township slug or "county").

    `event_type` only where one payload serves several events (PetitionDecided); else the contract names it.
    """
    kind: Any = event_type or type(payload).event_type
    envelope = Envelope.new(
        service=service,
        type=kind,
        subject=str(subject),
        tenant=tenant,
        tenant_id=tenant_id,
        data=payload,
        actor=by.user_id,
    )
    return await put(db, envelope)
