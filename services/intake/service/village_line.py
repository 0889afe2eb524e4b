"""What the diary, screening and emergency use cases share: where a list looks, and announcing a change."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from services.intake.persistence.repositories import DirectoryRepo
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import RuleViolation
from shared.events.envelope import Envelope
from shared.events.outbox import put
from shared.tenancy import Scope


async def list_place(
    db: TenantSession, by: Principal, township: str | None, village: str | None
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The tenant and village a list filter names: filters narrow the caller's scope, never widen it.

    Only the county chooses a township; a township caller's scope already fixes theirs (as /petitions does).
    """
    directory = DirectoryRepo(db)
    tenant_id = by.tenant_id
    if township and by.scope is Scope.county:
        found = await directory.township_by_slug(township)
        if found is None:
            raise RuleViolation("township", "unknown_township")
        tenant_id = found.tenant_id
    village_id = None
    if village and tenant_id:
        v = await directory.village_by_slug(tenant_id, village)
        if v is None:
            raise RuleViolation("village", "unknown_village")
        village_id = v.id
    return tenant_id, village_id


async def announce(
    db: TenantSession, by: Principal, tenant_id: uuid.UUID, subject: uuid.UUID, payload: msgspec.Struct
) -> None:
    """Put the payload's event in the request's outbox, on the subject of the object's township."""
    township = await DirectoryRepo(db).township(tenant_id)
    event_type: Any = type(payload).event_type  # every contract Struct names its own type
    await put(
        db,
        Envelope.new(
            service="intake",
            type=event_type,
            subject=str(subject),
            tenant=township.slug,
            tenant_id=tenant_id,
            data=payload,
            actor=by.user_id,
        ),
    )
