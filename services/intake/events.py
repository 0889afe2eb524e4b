"""Events intake publishes (announce, through the outbox) and the handlers of the events it consumes."""

from __future__ import annotations

import uuid

import msgspec

from services.intake.persistence.repositories import DirectoryRepo
from services.intake.service import closed_matters, holiday_calendar
from shared.auth import Principal
from shared.contracts.supervision import CalendarYearEntered, CaseClosedForGood
from shared.db.session import TenantSession
from shared.events.announce import announce as shared_announce
from shared.events.consumer import HandlerRegistry
from shared.events.envelope import Envelope

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


@REGISTRY.handles(CaseClosedForGood, durable="intake-closed-for-good")
async def on_case_closed_for_good(envelope: Envelope, db: TenantSession) -> None:
    """复核 answered: later petitions of the matter are flagged 不再受理 (never refused automatically)."""
    await closed_matters.record_closed(db, envelope)


@REGISTRY.handles(CalendarYearEntered, durable="intake-calendar")
async def on_calendar_year_entered(envelope: Envelope, db: TenantSession) -> None:
    """A year of the county's calendar entered in supervision: its holidays set intake's screening periods."""
    await holiday_calendar.on_year_entered(db, envelope)
