"""Training records' events, put in the request's outbox on the subject of the township they belong to."""

from __future__ import annotations

import uuid

import msgspec

from shared.db.session import TenantSession
from shared.events.announce import Acting
from shared.events.announce import announce as shared_announce
from shared.tenancy import COUNTY, tenant_id_for


async def announce(
    db: TenantSession,
    by: Acting,
    township: str | None,
    subject: uuid.UUID,
    payload: msgspec.Struct,
    event_type: str | None = None,
) -> None:
    """`township` None (or "county"): a county-level event (a county session, county staff's attendance)."""
    tenant = township if township and township != COUNTY else COUNTY
    tenant_id = None if tenant == COUNTY else tenant_id_for(tenant)
    await shared_announce(db, "training_records", by, tenant, tenant_id, subject, payload, event_type)
