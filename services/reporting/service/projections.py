"""Events onto the facts. Each handler runs in the event's township scope, in one transaction with the runner's
claim on (consumer, event id): a redelivered event changes nothing, and the upserts make the order irrelevant."""

from __future__ import annotations

from services.reporting.domain.figures import CLOSED_STAGES, stage_rank
from services.reporting.persistence.facts import FactWriter
from shared.contracts.intake import PetitionDecided, PetitionInstructed, PetitionRegistered, RepeatLinkDecided
from shared.contracts.intake_village import DiaryResolved, ScreeningItemRecorded, ScreeningItemResolved
from shared.contracts.supervision import (
    CaseClockChanged,
    CaseMoved,
    CaseOpened,
    CaseStageChanged,
    HardCaseFlagged,
)
from shared.contracts.training_records import AttendanceChanged, CadreRosterChanged
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


async def petition_instructed(envelope: Envelope, db: TenantSession) -> None:
    """Any instruction marks the petition; whether it is a letter is the registration's channel, not this one's."""
    if (w := _writer(envelope, db)) is None:
        return
    await w.instructed(envelope.payload_as(PetitionInstructed).petition_id)


async def hard_case_flagged(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(HardCaseFlagged)
    await w.hard_case(p.hard_case_id, p.case_id, p.source, p.rule)


async def case_moved(envelope: Envelope, db: TenantSession) -> None:
    """Only a move that repeats an earlier assignment of the matter to the same unit (重复交办) is kept."""
    p = envelope.payload_as(CaseMoved)
    if p.repeat_of is None or (w := _writer(envelope, db)) is None:
        return
    await w.repeat_assignment(p.case_id, p.move, p.to_unit, p.repeat_of)


async def diary_resolved(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(DiaryResolved)
    await w.diary_resolved(p.diary_entry_id, p.village, p.resolution_level, p.resolved_on)


async def screening_item_recorded(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(ScreeningItemRecorded)
    await w.screened(p.item_id, p.register_id, p.period)


async def screening_item_resolved(envelope: Envelope, db: TenantSession) -> None:
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(ScreeningItemResolved)
    await w.screening_status(p.item_id, p.register_id, p.period, p.status)


async def attendance_changed(envelope: Envelope, db: TenantSession) -> None:
    """County staff's attendance is a county-level event: they are no township's cadres, and no figure of a
    township or of the county's townships counts them (docs/reporting.md)."""
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(AttendanceChanged)
    await w.attendance(
        p.attendance_id, session_id=p.session_id, cadre_id=p.cadre_id, status=p.status, hours=p.hours,
        held_on=p.held_on,
    )  # fmt: skip


async def cadre_roster_changed(envelope: Envelope, db: TenantSession) -> None:
    """The county office's roster is a county-level event and is not kept: county staff's training is no
    township's, so neither the townships' coverage nor the county's (their sum) counts them."""
    if (w := _writer(envelope, db)) is None:
        return
    p = envelope.payload_as(CadreRosterChanged)
    await w.roster(p.as_of, p.as_of_date, sorted(p.cadre_ids))
