"""Events intake publishes (announce, through the outbox) and its handler registry for events it consumes."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from services.intake.persistence.repositories import DirectoryRepo
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.events.consumer import HandlerRegistry
from shared.events.envelope import Envelope
from shared.events.outbox import put

REGISTRY = HandlerRegistry()


async def announce(
    db: TenantSession,
    by: Principal,
    tenant_id: uuid.UUID,
    subject: uuid.UUID,
    payload: msgspec.Struct,
    event_type: str | None = None,
) -> None:
    """Put the payload's event in the request's outbox, on the subject of the object's township.

    `event_type` only where one payload serves several events (PetitionDecided); else the contract names it.
    """
    township = await DirectoryRepo(db).township(tenant_id)
    kind: Any = event_type or type(payload).event_type
    await put(
        db,
        Envelope.new(
            service="intake",
            type=kind,
            subject=str(subject),
            tenant=township.slug,
            tenant_id=tenant_id,
            data=payload,
            actor=by.user_id,
        ),
    )
