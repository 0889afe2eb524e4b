"""Events intake publishes (announce, through the outbox) and its handler registry for events it consumes."""

from __future__ import annotations

import uuid

import msgspec

from services.intake.persistence.repositories import DirectoryRepo
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.events.announce import announce as shared_announce
from shared.events.consumer import HandlerRegistry

REGISTRY = HandlerRegistry()


async def announce(
    db: TenantSession,
    by: Principal,
    tenant_id: uuid.UUID,
    subject: uuid.UUID,
    payload: msgspec.Struct,
    event_type: str | None = None,
) -> None:
    """Put the payload's event in the request's outbox, on the subject of the object's township."""
    township = await DirectoryRepo(db).township(tenant_id)
    await shared_announce(db, "intake", by, township.slug, tenant_id, subject, payload, event_type)
