"""督办单: the county orders a case's unit to act and reply by a date (a duty clock the scanner reminds and
escalates); the township replies, on time or late."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from services.supervision.domain import oversight as rules_of
from services.supervision.domain.case import OPEN_STAGES, CaseStage
from services.supervision.domain.clocks import ClockKind
from services.supervision.persistence.case_repo import CaseRepo, UnitRepo
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.persistence.oversight_repo import OrderRepo, late_condition
from services.supervision.persistence.oversight_tables import SupervisionOrderRow
from services.supervision.service import clock_store
from services.supervision.service.announce import announce_for
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext
from services.supervision.service.numbering import next_number
from services.supervision.service.oversight_io import OrderIn, OrderPage, OrderView
from shared.auth import Principal
from shared.contracts.supervision import SupervisionOrderIssued, SupervisionOrderReplied
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict
from shared.events.envelope import uuid7
from shared.paging import offset
from shared.tenancy import Scope
from shared.trail.timeline import record_row


async def issue(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, data: OrderIn
) -> OrderView:
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    if CaseStage(case.stage) not in OPEN_STAGES:
        raise StateConflict("this case is closed; there is nothing left to supervise")
    if case.unit_id is None:
        raise StateConflict("this case waits for routing; no unit can be ordered yet")
    today = ctx.today()
    due = rules_of.reply_due_on(today, data.reply_due_on, ctx.rules.order_reply_days)
    order = SupervisionOrderRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id, unit_id=case.unit_id,
        document_number=await _number(db, case, today), demand=data.demand, issued_on=today, reply_due_on=due,
        issued_by=by.user_id, issued_by_name=by.display_name,
    )  # fmt: skip
    OrderRepo(db).add(order)
    await db.flush()
    await clock_store.start(
        db, case, ClockKind.order_reply, today, (due - today).days, ctx.rules, subject_id=order.id
    )
    unit = await _slug(db, order.unit_id)
    await announce_for(db, by, case.township, case.tenant_id, order.id, SupervisionOrderIssued(
        order.id, case.id, unit, order.document_number, today, due
    ))  # fmt: skip
    await record_row(db, by, "case.order_issued", OBJECT, case, order_id=str(order.id),
                     document_number=order.document_number, unit=unit, reply_due_on=due)  # fmt: skip
    return _view(order, case.township, unit, today)


async def _number(db: TenantSession, case: CaseRow, on: date) -> str:
    """大佳何信督〔2026〕1号: numbered like the township's other documents."""
    repo = OrderRepo(db)
    return await next_number(db, case, "order", on, lambda: repo.count_in_year(case.tenant_id, on.year))


async def reply(
    db: TenantSession, by: Principal, ctx: SupervisionContext, order_id: uuid.UUID, body: str
) -> OrderView:
    order = await OrderRepo(db).load_visible(by, order_id, for_update=True)
    if order.replied_on is not None:
        raise StateConflict("this order has already been replied to")
    case = await CaseRepo(db).load_visible(by, order.case_id, for_update=True)
    today = ctx.today()
    clock = await clock_store.running(db, case.id, ClockKind.order_reply, order.id)
    if clock is not None:
        await clock_store.stop(db, clock, today, ctx.rules)
    order.replied_on, order.reply = today, body
    order.replied_by, order.replied_by_name = by.user_id, by.display_name
    order.late = rules_of.reply_is_late(order.reply_due_on, today)
    await db.flush()
    await announce_for(
        db,
        by,
        case.township,
        case.tenant_id,
        order.id,
        SupervisionOrderReplied(order.id, case.id, today, order.late),
    )
    await record_row(db, by, "case.order_replied", OBJECT, case, order_id=str(order.id),
                     document_number=order.document_number, late=order.late)  # fmt: skip
    return _view(order, case.township, await _slug(db, order.unit_id), today)


async def of_case(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID
) -> list[OrderView]:
    case = await CaseRepo(db).load_visible(by, case_id)
    orders = await OrderRepo(db).of_case(case.id)
    units = await UnitRepo(db).many({o.unit_id for o in orders})
    today = ctx.today()
    return [_view(o, case.township, units[o.unit_id].slug, today) for o in orders]


async def one(db: TenantSession, by: Principal, ctx: SupervisionContext, order_id: uuid.UUID) -> OrderView:
    order = await OrderRepo(db).load_visible(by, order_id)
    case = await CaseRepo(db).load_visible(by, order.case_id)
    return _view(order, case.township, await _slug(db, order.unit_id), ctx.today())


async def page(
    db: TenantSession, by: Principal, ctx: SupervisionContext, *, township: str | None, open_only: bool | None,
    late: bool | None, page_number: int, page_size: int,
) -> OrderPage:  # fmt: skip
    """The county's list of orders (a township's own, by row-level security), oldest reply date first."""
    if township and by.scope is not Scope.county and township != by.township:
        raise RuleViolation("township", "not_your_township")
    today = ctx.today()
    o = SupervisionOrderRow
    in_township = o.case_id.in_(select(CaseRow.id).where(CaseRow.township == township)) if township else None
    is_open = (
        None if open_only is None else (o.replied_on.is_(None) if open_only else o.replied_on.is_not(None))
    )
    is_late = None if late is None else (late_condition(today) if late else ~late_condition(today))
    rows, total = await OrderRepo(db).page(
        [in_township, is_open, is_late], offset(page_number, page_size), page_size
    )
    cases = await db.execute(
        select(CaseRow.id, CaseRow.township).where(CaseRow.id.in_({r.case_id for r in rows}))
    )
    townships = dict(cases.tuples().all())
    units = await UnitRepo(db).many({r.unit_id for r in rows})
    items = [_view(r, townships.get(r.case_id, ""), units[r.unit_id].slug, today) for r in rows]
    return OrderPage(items, total, page_number, page_size)


async def _slug(db: TenantSession, unit_id: uuid.UUID) -> str:
    unit = await UnitRepo(db).get(unit_id)
    return unit.slug if unit else ""


def _view(o: SupervisionOrderRow, township: str, unit: str, today: date) -> OrderView:
    return OrderView(
        id=o.id, case_id=o.case_id, township=township, unit=unit, document_number=o.document_number,
        demand=o.demand, issued_on=o.issued_on, reply_due_on=o.reply_due_on, issued_by=o.issued_by_name,
        replied_on=o.replied_on, reply=o.reply, replied_by=o.replied_by_name, open=o.replied_on is None,
        late=rules_of.order_is_late(o.reply_due_on, o.replied_on, today),
    )  # fmt: skip
