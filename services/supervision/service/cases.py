"""办理件: a case opened from every accepted petition, routed by the township's rules, and how it reads."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select

from services.supervision.domain.calendar import DayCounting
from services.supervision.domain.case import CLOSED_STAGES, OPEN_STAGES, CaseStage
from services.supervision.domain.clocks import DUTIES, ClockKind, days_left
from services.supervision.domain.routing import MoveKind, route
from services.supervision.persistence.case_repo import CaseRepo, MoveRepo, RoutingRepo, UnitRepo
from services.supervision.persistence.case_tables import CaseRow, ClockRow, MoveRow
from services.supervision.service import clock_store
from services.supervision.service.announce import announce
from services.supervision.service.case_io import CasePage, CaseView, UnitView
from services.supervision.service.context import OPENER, SupervisionContext
from shared.auth import Principal
from shared.contracts.intake import PetitionDecided
from shared.contracts.supervision import CaseOpened
from shared.db.session import TenantSession
from shared.errors import RuleViolation
from shared.events.envelope import Envelope, uuid7
from shared.paging import offset
from shared.tenancy import Scope, tenant_id_for, village_id_for
from shared.trail.timeline import record_row

OBJECT = "case"


async def open_from_acceptance(db: TenantSession, envelope: Envelope, ctx: SupervisionContext) -> CaseRow:
    """Every petition.accepted.v1 opens one case; the petition's id is unique, so a second delivery finds it."""
    accepted = envelope.payload_as(PetitionDecided)
    repo = CaseRepo(db)
    if (found := await repo.by_petition(accepted.petition_id)) is not None:
        return found
    tenant_id = tenant_id_for(envelope.tenant)
    case = repo.add(
        CaseRow(
            id=uuid7(),
            tenant_id=tenant_id,
            village_id=village_id_for(envelope.tenant, accepted.village) if accepted.village else None,
            petition_id=accepted.petition_id,
            matter_id=accepted.petition_id,
            township=envelope.tenant,
            village=accepted.village,
            category=accepted.category or "other",
            kind=accepted.kind or "claim",
            people_count=max(accepted.people_count, 1),
            is_collective=accepted.is_collective,
            accepted_on=accepted.decided_on,
            unit_id=route(
                await RoutingRepo(db).rules(tenant_id), accepted.category or "other", accepted.kind or ""
            ),
            stage=CaseStage.handling,
            query_code_digest=accepted.query_code_digest,
            acceptance_number=accepted.document_number,
        )
    )
    await db.flush()
    handling = await clock_store.start(
        db, case, ClockKind.handling, case.accepted_on, ctx.rules.handling_days, ctx.rules
    )
    unit = await UnitRepo(db).get(case.unit_id) if case.unit_id else None
    if unit is not None:
        await _routed(db, case, ctx)
    await announce(db, OPENER, case, CaseOpened(
        case.id, case.petition_id, unit.slug if unit else None, case.category, case.kind, case.village,
        case.accepted_on, handling.due_on,
    ))  # fmt: skip
    await record_row(db, OPENER, "case.opened", OBJECT, case, unit=unit.name if unit else None)
    return case


async def _routed(db: TenantSession, case: CaseRow, ctx: SupervisionContext) -> None:
    """分流 on acceptance: the receiving unit may object for the configured working days (lenient: an event
    cannot be answered 409, so a missing calendar year leaves the window waiting for the county admin)."""
    move = MoveRepo(db).add(
        MoveRow(
            id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id,
            move=MoveKind.routed, from_unit_id=None, to_unit_id=case.unit_id, moved_on=case.accepted_on,
            by_id=OPENER.user_id, by_name=OPENER.display_name,
        )
    )  # fmt: skip
    await db.flush()
    await clock_store.start(
        db, case, ClockKind.objection_window, case.accepted_on, ctx.rules.objection_working_days, ctx.rules,
        counting=DayCounting.working, subject_id=move.id, strict=False,
    )  # fmt: skip


def next_due_subquery() -> ColumnElement:
    """The earliest due date among the case's running duties: what the office owes next."""
    return (
        select(func.min(ClockRow.due_on))
        .where(
            ClockRow.case_id == CaseRow.id,
            ClockRow.stopped_on.is_(None),
            ClockRow.kind.in_([k.value for k in DUTIES]),
        )
        .correlate(CaseRow)
        .scalar_subquery()
    )


async def units_of(db: TenantSession, rows: list[CaseRow]) -> dict[uuid.UUID, UnitView]:
    units = await UnitRepo(db).many({r.unit_id for r in rows if r.unit_id})
    return {i: UnitView(u.slug, u.name, u.level) for i, u in units.items()}


def view_fields(row: CaseRow, unit: UnitView | None, next_due: date | None, today: date) -> dict:
    left = days_left(next_due, today)
    return {
        "id": row.id,
        "petition_id": row.petition_id,
        "township": row.township,
        "village": row.village,
        "category": row.category,
        "kind": row.kind,
        "people_count": row.people_count,
        "is_collective": row.is_collective,
        "accepted_on": row.accepted_on,
        "stage": row.stage,
        "unit": unit,
        "handler": row.handler_name,
        "next_due_on": next_due,
        "days_left": left,
        "overdue": left is not None and left < 0,
    }


async def page(
    db: TenantSession,
    by: Principal,
    ctx: SupervisionContext,
    *,
    township: str | None = None,
    unit: str | None = None,
    stage: CaseStage | None = None,
    open_only: bool | None = None,
    overdue: bool | None = None,
    due_within: int | None = None,
    mine: bool = False,
    petition_id: uuid.UUID | None = None,
    page_number: int = 1,
    page_size: int = 20,
) -> CasePage:
    """办理件列表 and work lists: filters narrow the caller's scope (row-level security), never widen it."""
    today = ctx.today()
    next_due = next_due_subquery()
    conditions = [
        _township_filter(by, township),
        await _unit_filter(db, by, township, unit),
        CaseRow.stage == stage if stage else None,
        _open_filter(open_only),
        _due_filter(next_due, today, overdue, due_within),
        CaseRow.handler_id == by.user_id if mine else None,
        CaseRow.petition_id == petition_id if petition_id else None,
    ]
    where = [c for c in conditions if c is not None]
    total = await db.scalar(select(func.count()).select_from(CaseRow).where(*where)) or 0
    stmt = (
        select(CaseRow, next_due.label("next_due"))
        .where(*where)
        .order_by(*CaseRepo.order)
        .offset(offset(page_number, page_size))
        .limit(page_size)
    )
    found = (await db.execute(stmt)).all()
    units = await units_of(db, [r for r, _ in found])
    items = [CaseView(**view_fields(r, units.get(r.unit_id), d, today)) for r, d in found]
    return CasePage(items, total, page_number, page_size)


def _township_filter(by: Principal, township: str | None) -> ColumnElement[bool] | None:
    if not township:
        return None
    if by.scope is not Scope.county and township != by.township:
        raise RuleViolation("township", "not_your_township")
    return CaseRow.township == township


async def _unit_filter(
    db: TenantSession, by: Principal, township: str | None, unit: str | None
) -> ColumnElement[bool] | None:
    if not unit:
        return None
    tenant_id = by.tenant_id or (tenant_id_for(township) if township else None)
    found = await UnitRepo(db).by_slug(tenant_id, unit) if tenant_id else None
    found = found or await UnitRepo(db).by_slug(None, unit)
    if found is None:
        raise RuleViolation("unit", "unknown_unit")
    return CaseRow.unit_id == found.id


def _open_filter(open_only: bool | None) -> ColumnElement[bool] | None:
    if open_only is None:
        return None
    stages = OPEN_STAGES if open_only else CLOSED_STAGES
    return CaseRow.stage.in_([s.value for s in stages])


def _due_filter(
    next_due: ColumnElement, today: date, overdue: bool | None, due_within: int | None
) -> ColumnElement[bool] | None:
    if overdue is True:
        return next_due < today
    if due_within is not None:
        return and_(next_due >= today, next_due <= today + timedelta(days=due_within))
    if overdue is False:
        return (next_due >= today) | next_due.is_(None)
    return None
