"""Reading screening registers: the overdue flag and on-time verdict computed on the day of the reading."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from services.intake.domain.screening import filed_on_time, is_overdue
from services.intake.persistence.repositories import DirectoryRepo
from services.intake.persistence.screening_repo import ScreeningRepo
from services.intake.persistence.screening_tables import ScreeningItemRow, ScreeningRegisterRow
from services.intake.persistence.tables import TownshipRow
from services.intake.service.screening_io import RegisterDetail, RegisterView, ScreeningItemView
from shared.db.session import TenantSession
from shared.trail.timeline import timeline


def _fields(row: ScreeningRegisterRow, township: TownshipRow, item_count: int, today: date) -> dict:
    return {
        "id": row.id,
        "township": township.slug,
        "township_name": township.name,
        "period": row.period,
        "period_kind": row.period_kind,
        "period_label": row.period_label,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "due_on": row.due_on,
        "status": row.status,
        "overdue": is_overdue(row.due_on, row.filed_on, today),
        "filed_on": row.filed_on,
        "on_time": filed_on_time(row.due_on, row.filed_on) if row.filed_on else None,
        "filed_by_name": row.filed_by_name,
        "item_count": item_count,
    }


async def register_detail(db: TenantSession, row: ScreeningRegisterRow, today: date) -> RegisterDetail:
    directory = DirectoryRepo(db)
    items = await ScreeningRepo(db).items(row.id)
    villages = await directory.villages([i.village_id for i in items if i.village_id])
    return RegisterDetail(
        **_fields(row, await directory.township(row.tenant_id), len(items), today),
        items=[_item(i, villages[i.village_id].slug if i.village_id else None) for i in items],
        timeline=await timeline(db, "screening_register", row.id),
    )


def _item(row: ScreeningItemRow, village: str | None) -> ScreeningItemView:
    return ScreeningItemView(
        id=row.id,
        village=village,
        description=row.description,
        risk_level=row.risk_level,
        people_count=row.people_count,
        responsible_person=row.responsible_person,
        measures=row.measures,
        status=row.status,
        recorded_at=row.recorded_at,
        resolution_note=row.resolution_note,
        resolved_at=row.resolved_at,
    )


async def page_of(db: TenantSession, rows: Sequence[ScreeningRegisterRow], today: date) -> list[RegisterView]:
    directory = DirectoryRepo(db)
    townships = {t: await directory.township(t) for t in {r.tenant_id for r in rows}}
    counts = await ScreeningRepo(db).item_counts([r.id for r in rows])
    return [RegisterView(**_fields(r, townships[r.tenant_id], counts.get(r.id, 0), today)) for r in rows]
