"""Events the supervision service consumes: its handler registry (the events it publishes go through its outbox)."""

from __future__ import annotations

from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.domain.case import CaseStage
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.service import cases, follow_ups, hard_cases
from services.supervision.service.context import SupervisionContext
from services.supervision.settings import SupervisionSettings
from shared.contracts.supervision import CaseClockChanged, CaseStageChanged
from shared.events.consumer import HandlerRegistry
from shared.events.envelope import Envelope

REGISTRY = HandlerRegistry()


@cache
def _context() -> SupervisionContext:
    # Read in the worker process, from its environment, the first time an event needs it.
    settings = SupervisionSettings()
    return SupervisionContext(settings.rules, settings.county)


@REGISTRY.handles("petition.accepted.v1", durable="supervision-petition-accepted")
async def open_case(envelope: Envelope, db: AsyncSession) -> None:
    case = await cases.open_from_acceptance(db, envelope, _context())
    # A repeat link intake confirmed before this petition (or its earlier one) was accepted applies now.
    await hard_cases.apply_links(db, case.petition_id)


@REGISTRY.handles("petition.repeat_linked.v1", durable="supervision-repeat-linked")
async def link_repeat(envelope: Envelope, db: AsyncSession) -> None:
    await hard_cases.link_repeat(db, envelope)


# Supervision's own events, read back so that the statutory chain (service/steps.py) need not know of follow-ups:
# an extended case starts reporting, a case past handling stops.
@REGISTRY.handles("case.clock_changed.v1", durable="supervision-follow-up-on-extension")
async def follow_up_on_extension(envelope: Envelope, db: AsyncSession) -> None:
    changed = envelope.payload_as(CaseClockChanged)
    if changed.clock != "handling" or changed.change != "extended":
        return
    case = await db.get(CaseRow, changed.case_id, with_for_update=True)
    if case is not None:
        await follow_ups.start_if_due(db, follow_ups.FOLLOW_UPS, case, _context())


@REGISTRY.handles("case.stage_changed.v1", durable="supervision-follow-up-on-stage")
async def follow_up_on_stage(envelope: Envelope, db: AsyncSession) -> None:
    changed = envelope.payload_as(CaseStageChanged)
    if changed.stage == CaseStage.handling:
        return
    case = await db.get(CaseRow, changed.case_id, with_for_update=True)
    if case is not None:
        await follow_ups.end_if_left_handling(db, case, _context())
