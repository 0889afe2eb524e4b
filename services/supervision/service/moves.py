"""A case changing hands: 承办 (a clerk takes it), 交办 (the county assigns it with a report-back date), 转办 (to the
competent unit) and 异议 (the receiving unit is not competent, within the working days the statute gives)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.supervision.domain.calendar import DayCounting, due_on
from services.supervision.domain.case import CaseStage
from services.supervision.domain.clocks import ClockKind
from services.supervision.domain.routing import MoveKind, repeat_of
from services.supervision.persistence.case_repo import CaseRepo, MoveRepo, UnitRepo
from services.supervision.persistence.case_tables import CaseRow, MoveRow, WorkItemRow
from services.supervision.persistence.tables import ResponsibleUnitRow
from services.supervision.service import clock_store
from services.supervision.service.announce import announce
from services.supervision.service.case_io import AssignIn, TransferIn
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext
from shared.auth import Principal
from shared.contracts.supervision import CaseMoved
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict, register_reasons
from shared.events.envelope import uuid7
from shared.trail.timeline import record_row

register_reasons(
    {
        "unknown_unit": (
            "不是该乡镇或本县的责任单位",
            "is not a responsible unit of this township or county",
        ),
        "same_unit": ("已由该单位办理", "already handles this case"),
        "not_after_today": ("应晚于今天", "must be after today"),
    }
)


# A report-back date further out than a year is a typo, not a plan (and 9999-12-31 has no day after it).
MAX_REPORT_BACK_DAYS = 365


async def _handling(db: TenantSession, by: Principal, case_id: uuid.UUID) -> CaseRow:
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    if case.stage != CaseStage.handling:
        raise StateConflict("this case is past handling; it can no longer change hands")
    return case


async def take(db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID) -> CaseRow:
    """承办: the caller becomes the case's handler, whose work list it is on."""
    case = await _handling(db, by, case_id)
    case.handler_id, case.handler_name = by.user_id, by.display_name
    unit = await _slug(db, case.unit_id)
    await announce(db, by, case, CaseMoved(case.id, "taken", unit, unit))
    await record_row(db, by, "case.taken", OBJECT, case)
    return case


async def assign(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, data: AssignIn
) -> CaseRow:
    """交办: to a unit, with a date to report back by; the same matter to the same unit again is a repeat."""
    case = await _handling(db, by, case_id)
    unit = await _unit(db, case, data.unit, data.county_unit)
    today = ctx.today()
    report_back_on = data.report_back_on or await _default_report_back(db, ctx, today)
    if report_back_on <= today:
        raise RuleViolation("report_back_on", "not_after_today")
    if report_back_on > today + timedelta(days=MAX_REPORT_BACK_DAYS):
        raise RuleViolation("report_back_on", "out_of_range")
    repeat = repeat_of(await MoveRepo(db).earlier_of_matter(case.matter_id), unit.id)
    move = await _move(
        db, by, case, MoveKind.assigned, unit, today, data.note or None, report_back_on, repeat
    )
    await clock_store.start(
        db, case, ClockKind.report_back, today, (report_back_on - today).days, ctx.rules, subject_id=move.id
    )
    await _receive(db, case, move, ctx, today)
    await _announce_move(db, by, case, move)
    await record_row(db, by, "case.assigned", OBJECT, case, unit=unit.name, report_back_on=report_back_on,
                     repeat_of=str(repeat) if repeat else None)  # fmt: skip
    return case


async def _default_report_back(db: TenantSession, ctx: SupervisionContext, today: date) -> date:
    cal = await clock_store.calendar_from(db, today)
    return due_on(today, ctx.rules.report_back_days, ctx.rules.internal_counting, cal)


async def transfer(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, data: TransferIn
) -> CaseRow:
    """转办: to the competent unit; the new unit's objection window starts, the old one's closes."""
    case = await _handling(db, by, case_id)
    unit = await _unit(db, case, data.unit, data.county_unit)
    if unit.id == case.unit_id:
        raise RuleViolation("unit", "same_unit")
    today = ctx.today()
    move = await _move(db, by, case, MoveKind.transferred, unit, today, data.reason, None, None)
    await _receive(db, case, move, ctx, today)
    await _announce_move(db, by, case, move)
    await record_row(db, by, "case.transferred", OBJECT, case, unit=unit.name, reason=data.reason)
    return case


async def object_to(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, reason: str
) -> CaseRow:
    """异议: within the window the case waits for routing again, on the work list of whoever routes."""
    case = await _handling(db, by, case_id)
    window = await clock_store.running(db, case.id, ClockKind.objection_window)
    today = ctx.today()
    if window is None or window.due_on is None or today > window.due_on:
        raise StateConflict("the objection period for this case has closed (or never opened)")
    await clock_store.stop(db, window, today, ctx.rules)
    move = await _move(db, by, case, MoveKind.objected, None, today, reason, None, None)
    db.add(WorkItemRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id,
        audience="township_leader", item="reroute", clock=None, due_on=today,
    ))  # fmt: skip
    await _announce_move(db, by, case, move)
    await record_row(db, by, "case.objected", OBJECT, case, reason=reason)
    return case


async def _receive(
    db: TenantSession, case: CaseRow, move: MoveRow, ctx: SupervisionContext, today: date
) -> None:
    """The case is the new unit's: its objection window opens (strict: a request can be answered 409 when the
    working days need a calendar year nobody has entered); the previous unit's window closes."""
    previous = await clock_store.running(db, case.id, ClockKind.objection_window)
    if previous is not None:
        await clock_store.stop(db, previous, today, ctx.rules)
    case.unit_id = move.to_unit_id
    await clock_store.start(
        db, case, ClockKind.objection_window, today, ctx.rules.objection_working_days, ctx.rules,
        counting=DayCounting.working, subject_id=move.id,
    )  # fmt: skip


async def _move(
    db: TenantSession, by: Principal, case: CaseRow, kind: MoveKind, unit: ResponsibleUnitRow | None,
    on: date, reason: str | None, report_back_on: date | None, repeat: uuid.UUID | None,
) -> MoveRow:  # fmt: skip
    move = MoveRepo(db).add(MoveRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id, move=kind,
        from_unit_id=case.unit_id, to_unit_id=unit.id if unit else None, moved_on=on, report_back_on=report_back_on,
        reason=reason, repeat_of=repeat, by_id=by.user_id, by_name=by.display_name,
    ))  # fmt: skip
    if kind is MoveKind.objected:
        case.unit_id = None
    await db.flush()
    return move


async def _announce_move(db: TenantSession, by: Principal, case: CaseRow, move: MoveRow) -> None:
    payload = CaseMoved(
        case.id, move.move, await _slug(db, move.from_unit_id), await _slug(db, move.to_unit_id),
        move.report_back_on, move.repeat_of,
    )  # fmt: skip
    await announce(db, by, case, payload)


async def _slug(db: TenantSession, unit_id: uuid.UUID | None) -> str | None:
    unit = await UnitRepo(db).get(unit_id) if unit_id else None
    return unit.slug if unit else None


async def _unit(db: TenantSession, case: CaseRow, slug: str, county_unit: bool) -> ResponsibleUnitRow:
    unit = await UnitRepo(db).by_slug(None if county_unit else case.tenant_id, slug)
    if unit is None:
        raise RuleViolation("unit", "unknown_unit")
    return unit
