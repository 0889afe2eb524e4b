"""Supervision's events, put in the request's outbox on the subject of the township they belong to."""

from __future__ import annotations

import uuid

import msgspec

from services.supervision.persistence.case_tables import CaseRow
from shared.db.session import TenantSession
from shared.events.announce import Acting
from shared.events.announce import announce as shared_announce


async def announce(
    db: TenantSession, by: Acting, case: CaseRow, payload: msgspec.Struct, event_type: str | None = None
) -> None:
    """An event about a case, whose subject is the case."""
    await announce_for(db, by, case.township, case.tenant_id, case.id, payload, event_type)


async def announce_for(
    db: TenantSession,
    by: Acting,
    township: str,
    tenant_id: uuid.UUID,
    subject: uuid.UUID,
    payload: msgspec.Struct,
    event_type: str | None = None,
) -> None:
    """An event about another of supervision's objects (a spot check, an order), in its township."""
    await shared_announce(db, "supervision", by, township, tenant_id, subject, payload, event_type)
