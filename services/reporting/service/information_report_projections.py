"""Events onto the major matters an information report is written on: collective petitions and emergencies.

Each handler runs in the event's township scope with the runner's claim on (consumer, event id), so a redelivered
event changes nothing, and the upserts keep the earliest instant, so the order does not matter either.
"""

from __future__ import annotations

from services.reporting.domain.information_report import SourceKind
from services.reporting.persistence.information_report_facts import MajorMatterWriter
from shared.contracts.intake import PetitionRegistered
from shared.contracts.intake_village import EmergencyRequested, EmergencyResolved, EmergencyResponded
from shared.db.session import TenantSession
from shared.events.envelope import Envelope


def _writer(envelope: Envelope, db: TenantSession) -> MajorMatterWriter | None:
    # A matter always belongs to a township; a county-level one would be a bug upstream and no township's to report.
    if envelope.tenant_id is None or envelope.is_county_level:
        return None
    return MajorMatterWriter(db, envelope.tenant_id, envelope.tenant)


async def collective_petition_registered(envelope: Envelope, db: TenantSession) -> None:
    """Raised when it was registered (the event's time): the payload carries only the day it was received."""
    p = envelope.payload_as(PetitionRegistered)
    if not p.is_collective or (w := _writer(envelope, db)) is None:
        return
    await w.raised(
        SourceKind.collective_petition.value, p.petition_id, envelope.time, p.people_count, p.village
    )


async def emergency_requested(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(EmergencyRequested)
    await w.raised(SourceKind.emergency.value, p.request_id, p.received_at, p.people_affected, p.village,
                   p.respond_by, p.resolve_by)  # fmt: skip


async def emergency_responded(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(EmergencyResponded)
    await w.emergency_step("responded", p.request_id, p.responded_at)


async def emergency_resolved(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(EmergencyResolved)
    await w.emergency_step("resolved", p.request_id, p.resolved_at)
