"""Work items (待办): each reminder and escalation the scanner fired, and cases waiting to be routed again, on the
list of whom they are addressed to until someone marks them done."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import msgspec
from sqlalchemy import func, select

from services.supervision.domain.clocks import days_left
from services.supervision.persistence.case_tables import CaseRow, WorkItemRow
from services.supervision.service.context import SupervisionContext
from shared.auth import Principal
from shared.auth.roles import Role
from shared.db.session import TenantSession
from shared.errors import NotFound, StateConflict
from shared.paging import Page, offset
from shared.trail.timeline import record_row

# Who reads which audience: the unit's reminders are the clerks' (and the leader's, who sees the unit's matters).
_AUDIENCES = {
    Role.township_clerk: ("unit",),
    Role.township_leader: ("unit", "township_leader"),
    Role.county_officer: ("county_officer",),
    Role.county_leader: ("county_officer",),
}


class WorkItemView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    case_id: uuid.UUID
    petition_id: uuid.UUID
    township: str
    item: str
    audience: str
    clock: str | None
    due_on: date | None
    days_left: int | None
    created_at: datetime
    done_at: datetime | None


WorkItemPage = Page[WorkItemView]


def audiences_of(by: Principal) -> list[str]:
    return sorted({a for role in by.roles for a in _AUDIENCES.get(role, ())})


async def page(
    db: TenantSession, by: Principal, ctx: SupervisionContext, *, done: bool, page_number: int, page_size: int
) -> WorkItemPage:
    where = [
        WorkItemRow.audience.in_(audiences_of(by)),
        WorkItemRow.done_at.is_not(None) if done else WorkItemRow.done_at.is_(None),
    ]
    total = await db.scalar(select(func.count()).select_from(WorkItemRow).where(*where)) or 0
    rows = (
        await db.execute(
            select(WorkItemRow, CaseRow.petition_id, CaseRow.township)
            .join(CaseRow, CaseRow.id == WorkItemRow.case_id)
            .where(*where)
            .order_by(WorkItemRow.due_on.nulls_last(), WorkItemRow.created_at)
            .offset(offset(page_number, page_size))
            .limit(page_size)
        )
    ).all()
    today = ctx.today()
    items = [_view(w, petition_id, township, today) for w, petition_id, township in rows]
    return WorkItemPage(items, total, page_number, page_size)


async def mark_done(
    db: TenantSession, by: Principal, ctx: SupervisionContext, item_id: uuid.UUID
) -> WorkItemView:
    item = await db.get(WorkItemRow, item_id, with_for_update=True)
    if item is None or item.audience not in audiences_of(by):
        raise NotFound()
    if item.done_at is not None:
        raise StateConflict("this work item is already done")
    item.done_at = ctx.now()
    case = await db.get(CaseRow, item.case_id)
    await record_row(db, by, "case.work_item_done", "case", case, item=item.item, clock=item.clock)
    return _view(item, case.petition_id, case.township, ctx.today())


def _view(item: WorkItemRow, petition_id: uuid.UUID, township: str, today: date) -> WorkItemView:
    return WorkItemView(
        id=item.id, case_id=item.case_id, petition_id=petition_id, township=township, item=item.item,
        audience=item.audience, clock=item.clock, due_on=item.due_on,
        days_left=days_left(item.due_on, today), created_at=item.created_at,
        done_at=item.done_at,
    )  # fmt: skip
