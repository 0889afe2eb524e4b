"""不稳定因素排查: a township's register per month and before each major holiday, its risk items, and filing.

An empty register may be filed: a zero report (零报告) is how a township says it looked and found nothing.
"""

from __future__ import annotations

import uuid

from services.intake.domain.screening import (
    ItemStatus,
    RegisterStatus,
    RiskLevel,
    can_add_items,
    can_move_item,
    period_of,
)
from services.intake.events import announce
from services.intake.persistence.repositories import DirectoryRepo
from services.intake.persistence.screening_repo import RegisterFilter, ScreeningRepo
from services.intake.persistence.screening_tables import ScreeningItemRow
from services.intake.service import holiday_calendar, places
from services.intake.service.context import IntakeContext
from services.intake.service.places import list_place
from services.intake.service.screening_io import (
    ItemResolveIn,
    RegisterDetail,
    RegisterOpenIn,
    RegisterPage,
    ScreeningItemIn,
)
from services.intake.service.screening_views import page_of, register_detail
from services.intake.village_line_settings import VillageLineRules
from shared import trail
from shared.auth import Principal
from shared.contracts.intake_village import (
    ScreeningItemRecorded,
    ScreeningItemResolved,
    ScreeningRegisterFiled,
    ScreeningRegisterOpened,
)
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation, StateConflict, Violation, register_reasons
from shared.events.envelope import uuid7
from shared.paging import offset

OBJECT = "screening_register"

register_reasons(
    {
        "unknown_period": (
            "不是月份（如2026-11）或已设定的节日排查期",
            "is neither a month nor a set holiday period",
        )
    }
)


async def open_register(
    db: TenantSession, by: Principal, ctx: IntakeContext, rules: VillageLineRules, data: RegisterOpenIn
) -> RegisterDetail:
    """建立排查台账: one register per township and period; a second one for the period is a conflict."""
    place = await places.resolve(db, by, data.township, None)
    period = period_of(data.period, rules, await holiday_calendar.periods_for(db, rules, data.period))
    if period is None:
        raise RuleViolation("period", "unknown_period")
    tenant_id = place.township.tenant_id
    register_id = await ScreeningRepo(db).open(
        {
            "id": uuid7(),
            "tenant_id": tenant_id,
            "period": period.id,
            "period_kind": period.kind,
            "period_label": period.label,
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "due_on": period.due_on,
            "status": RegisterStatus.draft,
            "opened_by": by.user_id,
        }
    )
    if register_id is None:
        raise StateConflict(f"the township already has a screening register for {period.id}")
    payload = ScreeningRegisterOpened(register_id, period.id, period.kind, period.due_on)
    await announce(db, by, tenant_id, register_id, payload)
    await _trail(db, by, "screening.register_opened", tenant_id, register_id, period=period.id)
    return await detail(db, by, ctx, register_id)


async def add_item(
    db: TenantSession, by: Principal, ctx: IntakeContext, register_id: uuid.UUID, data: ScreeningItemIn
) -> RegisterDetail:
    """登记不稳定因素: a risk signal with its level, the cadre responsible and the measures taken."""
    register = await ScreeningRepo(db).load_visible(by, register_id, for_update=True)
    if not can_add_items(register.status):
        raise StateConflict("this register has been filed; record new risks in the next period's register")
    _check_item(data)
    village_id = None
    if data.village:
        village = await DirectoryRepo(db).village_by_slug(register.tenant_id, data.village)
        if village is None:
            raise RuleViolation("village", "unknown_village")
        village_id = village.id
    item = ScreeningRepo(db).add_item(
        ScreeningItemRow(
            id=uuid7(),
            tenant_id=register.tenant_id,
            village_id=village_id,
            register_id=register.id,
            description=data.description.strip(),
            risk_level=data.risk_level,
            people_count=data.people_count,
            responsible_person=data.responsible_person.strip(),
            measures=data.measures.strip(),
            status=ItemStatus.open,
            recorded_by=by.user_id,
        )
    )
    await db.flush()
    payload = ScreeningItemRecorded(
        register.id, item.id, register.period, item.risk_level, item.people_count, data.village
    )
    await announce(db, by, register.tenant_id, register.id, payload)
    await _trail(
        db,
        by,
        "screening.item_recorded",
        register.tenant_id,
        register.id,
        item_id=str(item.id),
        risk=item.risk_level,
    )
    return await detail(db, by, ctx, register.id)


def _check_item(data: ScreeningItemIn) -> None:
    blank = [f for f in ("description", "responsible_person", "measures") if not getattr(data, f).strip()]
    if blank:
        raise RuleViolation(many=[Violation(f, "required") for f in blank])


async def resolve_item(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    register_id: uuid.UUID,
    item_id: uuid.UUID,
    data: ItemResolveIn,
) -> RegisterDetail:
    """稳控 / 化解: an item moves open → controlled → resolved, also after the register was filed."""
    register = await ScreeningRepo(db).load_visible(by, register_id)
    item = await ScreeningRepo(db).item_for_update(register.id, item_id)
    if item is None:
        raise NotFound()
    if not can_move_item(item.status, ItemStatus(data.status)):
        raise StateConflict(f"a {item.status} item cannot become {data.status}")
    item.status = data.status
    item.resolution_note = (data.note or "").strip() or item.resolution_note
    if data.status == ItemStatus.resolved:
        item.resolved_at = ctx.now()
    payload = ScreeningItemResolved(register.id, item.id, register.period, item.risk_level, item.status)
    await announce(db, by, register.tenant_id, register.id, payload)
    await _trail(
        db,
        by,
        "screening.item_resolved",
        register.tenant_id,
        register.id,
        item_id=str(item.id),
        status=item.status,
    )
    return await detail(db, by, ctx, register.id)


async def file(
    db: TenantSession, by: Principal, ctx: IntakeContext, register_id: uuid.UUID
) -> RegisterDetail:
    """报送: the register goes up to the county once; filing on or before the due date is on time."""
    register = await ScreeningRepo(db).load_visible(by, register_id, for_update=True)
    if register.status == RegisterStatus.filed:
        raise StateConflict("this register has already been filed")
    items = await ScreeningRepo(db).items(register.id)
    today = ctx.today()
    register.status = RegisterStatus.filed
    register.filed_at, register.filed_on = ctx.now(), today
    register.filed_by, register.filed_by_name = by.user_id, by.display_name
    on_time = today <= register.due_on
    payload = ScreeningRegisterFiled(
        register_id=register.id,
        period=register.period,
        period_kind=register.period_kind,
        due_on=register.due_on,
        filed_on=today,
        on_time=on_time,
        item_count=len(items),
        high_risk_count=sum(1 for i in items if i.risk_level == RiskLevel.high),
        nothing_found=not items,
    )
    await announce(db, by, register.tenant_id, register.id, payload)
    await _trail(
        db, by, "screening.register_filed", register.tenant_id, register.id, on_time=on_time, items=len(items)
    )
    return await detail(db, by, ctx, register.id)


async def _trail(
    db: TenantSession,
    by: Principal,
    action: str,
    tenant_id: uuid.UUID,
    register_id: uuid.UUID,
    **detail: object,
) -> None:
    await trail.record(
        db, by, action, OBJECT, register_id, tenant_id=tenant_id, detail={"by": by.display_name, **detail}
    )


async def detail(
    db: TenantSession, by: Principal, ctx: IntakeContext, register_id: uuid.UUID
) -> RegisterDetail:
    row = await ScreeningRepo(db).load_visible(by, register_id)
    return await register_detail(db, row, ctx.today())


async def page(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    *,
    township: str | None,
    period: str | None,
    overdue: bool | None,
    page_number: int,
    page_size: int,
) -> RegisterPage:
    """排查台账列表; `overdue` picks the drafts past their due date (逾期未报), or all the others."""
    tenant_id, _ = await list_place(db, by, township, None)
    f = RegisterFilter(tenant_id, period, overdue, ctx.today())
    rows, total = await ScreeningRepo(db).list(f, offset(page_number, page_size), page_size)
    return RegisterPage(await page_of(db, rows, ctx.today()), total, page_number, page_size)
