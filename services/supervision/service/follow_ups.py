"""续报: a long-running case (extended, or a hard case) reports its progress every `follow_up_days` while it is
in handling. Each period is a follow_up clock the scanner reminds and escalates by itself; a report stops it (on
time or late) and starts the next; leaving handling ends them."""

from __future__ import annotations

import uuid
from datetime import date

from services.supervision.domain import oversight as rules_of
from services.supervision.domain.case import CaseStage
from services.supervision.domain.clocks import ClockKind, days_left
from services.supervision.persistence.case_repo import CaseRepo
from services.supervision.persistence.case_tables import CaseRow, ClockRow
from services.supervision.persistence.oversight_repo import FollowUpRepo, HardCaseRepo
from services.supervision.persistence.oversight_tables import FollowUpRow
from services.supervision.service import clock_store
from services.supervision.service.announce import announce, announce_for
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext, SystemActor
from services.supervision.service.oversight_io import FollowUps, FollowUpView
from shared.auth import Principal
from shared.contracts.supervision import CaseClockChanged, FollowUpReported
from shared.db.session import TenantSession
from shared.errors import StateConflict
from shared.events.envelope import uuid7
from shared.trail.timeline import NamedActor, record_row

FOLLOW_UPS = SystemActor("system:supervision-follow-ups", "系统（续报）")


async def start_if_due(
    db: TenantSession, by: NamedActor, case: CaseRow, ctx: SupervisionContext
) -> ClockRow | None:
    """The first period of a case that has just become long-running; nothing if one runs or none is owed."""
    handling = await clock_store.running(db, case.id, ClockKind.handling)
    extended = handling is not None and handling.extended_days > 0
    hard = await HardCaseRepo(db).of_case(case.id) is not None
    if not rules_of.needs_follow_up(CaseStage(case.stage), extended, hard):
        return None
    if await clock_store.running(db, case.id, ClockKind.follow_up) is not None:
        return None
    today = ctx.today()
    clock = await _start(db, case, ctx, today, subject_id=case.id)
    await announce(db, by, case, CaseClockChanged(case.id, clock.kind, "started", clock.due_on,
                                                  days_left(clock.due_on, today)))  # fmt: skip
    await record_row(db, by, "case.follow_up_started", OBJECT, case, due_on=clock.due_on,
                     because="hard_case" if hard else "extended")  # fmt: skip
    return clock


async def report(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, text: str
) -> FollowUpView:
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    rules_of.ensure_reportable(CaseStage(case.stage))
    clock = await clock_store.running(db, case.id, ClockKind.follow_up)
    if clock is None:
        raise StateConflict("no follow-up report is owed for this case")
    today = ctx.today()
    await clock_store.stop(db, clock, today, ctx.rules)
    row = FollowUpRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id, clock_id=clock.id,
        reported_on=today, due_on=clock.due_on, on_time=bool(clock.on_time), text=text, by_id=by.user_id,
        by_name=by.display_name,
    )  # fmt: skip
    FollowUpRepo(db).add(row)
    await db.flush()
    following = await _start(db, case, ctx, today, subject_id=row.id)
    reported = FollowUpReported(row.id, case.id, today, row.on_time, following.due_on)
    await announce_for(db, by, case.township, case.tenant_id, row.id, reported)
    await record_row(db, by, "case.follow_up_reported", OBJECT, case, on_time=row.on_time,
                     next_due_on=following.due_on)  # fmt: skip
    return _view(row)


async def end_if_left_handling(db: TenantSession, case: CaseRow, ctx: SupervisionContext) -> None:
    """A case past handling reports no more: its running period stops without a report."""
    if CaseStage(case.stage) is CaseStage.handling:
        return
    clock = await clock_store.running(db, case.id, ClockKind.follow_up)
    if clock is None:
        return
    today = ctx.today()
    await clock_store.stop(db, clock, today, ctx.rules)
    await announce(db, FOLLOW_UPS, case, CaseClockChanged(case.id, clock.kind, "stopped", clock.due_on))
    await record_row(db, FOLLOW_UPS, "case.follow_ups_ended", OBJECT, case, stage=case.stage)


async def of_case(db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID) -> FollowUps:
    case = await CaseRepo(db).load_visible(by, case_id)
    reports = await FollowUpRepo(db).of_case(case.id)
    owed = [
        c
        for c in await clock_store.of_case(db, case.id)
        if c.kind == ClockKind.follow_up and c.stopped_on is None
    ]
    due = owed[0].due_on if owed else None
    return FollowUps(
        reports=[_view(r) for r in reports], next_due_on=due, days_left=days_left(due, ctx.today())
    )


async def _start(
    db: TenantSession, case: CaseRow, ctx: SupervisionContext, today: date, subject_id: uuid.UUID
) -> ClockRow:
    return await clock_store.start(
        db, case, ClockKind.follow_up, today, ctx.rules.follow_up_days, ctx.rules, subject_id=subject_id,
        strict=False,
    )  # fmt: skip


def _view(r: FollowUpRow) -> FollowUpView:
    return FollowUpView(
        id=r.id, reported_on=r.reported_on, due_on=r.due_on, on_time=r.on_time, text=r.text, by=r.by_name
    )
