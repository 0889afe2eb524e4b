"""Events onto the facts. Each handler runs in the event's township scope, in one transaction with the runner's
claim on (consumer, event id): a redelivered event changes nothing, and the upserts make the order irrelevant."""

from __future__ import annotations

from services.reporting.domain.figures import CLOSED_STAGES, stage_rank
from services.reporting.persistence.facts import FactWriter
from shared.contracts.intake import PetitionDecided, PetitionRegistered, RepeatLinkDecided
from shared.contracts.supervision import CaseClockChanged, CaseOpened, CaseStageChanged
from shared.db.session import TenantSession
from shared.events.envelope import Envelope

HANDLING = "handling"
OPINION_ISSUED = "opinion_issued"


def _writer(envelope: Envelope, db: TenantSession) -> FactWriter | None:
    # Petitions and cases always belong to a township; a county-level event of these types would be a bug upstream,
    # and a row without a tenant could be read by no township.
    if envelope.tenant_id is None or envelope.is_county_level:
        return None
    return FactWriter(db, envelope.tenant_id, envelope.tenant, envelope.time)


async def petition_registered(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(PetitionRegistered)
    await w.registered(
        p.petition_id, channel=p.channel, category=p.category, kind=p.kind, received_on=p.received_on,
        acceptance_due_on=p.acceptance_due_on, is_collective=p.is_collective, is_skip_level=p.is_skip_level,
        registration_level=p.registration_level,
    )  # fmt: skip


async def petition_decided(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(PetitionDecided)
    await w.decided(p.petition_id, p.decision, p.decided_on, p.on_time)


async def repeat_linked(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(RepeatLinkDecided)
    await w.repeat_link(p.petition_id, p.earlier_petition_id, p.confirmed)


async def case_opened(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(CaseOpened)
    await w.case_opened(
        p.case_id, p.petition_id, p.accepted_on, p.handling_due_on, HANDLING, stage_rank(HANDLING)
    )


async def case_clock_changed(envelope: Envelope, db: TenantSession) -> None:
    """Only the handling clock sets the deadline of 按期办结率; a paused clock has no date (due_on None)."""
    p = envelope.payload_as(CaseClockChanged)
    if p.clock != HANDLING or p.due_on is None or (w := _writer(envelope, db)) is None:
        return
    await w.handling_due(p.case_id, p.due_on)


async def case_stage_changed(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(CaseStageChanged)
    await w.stage(p.case_id, p.petition_id, p.stage, stage_rank(p.stage))
    if p.stage == OPINION_ISSUED:
        await w.opinion(p.case_id, p.on, p.on_time)
    if p.stage in CLOSED_STAGES:
        await w.closed(p.case_id, p.on)
    if p.satisfaction is not None:
        await w.rated(p.case_id, p.satisfaction, p.on)
