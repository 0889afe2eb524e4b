"""培训记录: a training session as a trainer records it, the list of sessions, and one session with its counts.

A township trainer records for their own township only; a county trainer for the county or any township. A county
session is every township's to read (their cadres attend it), the county's alone to change.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import Integer, cast, func, select

from services.training_records.domain.training import SESSION_TYPE_ZH, TENTH, Level, SessionType
from services.training_records.persistence.tables import (
    AttendanceRow,
    SessionMaterialRow,
    TownshipRow,
    TrainingSessionRow,
)
from services.training_records.service.announce import announce
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import MaterialView, SessionIn, SessionPage, SessionView
from shared import trail
from shared.auth import Principal
from shared.contracts.training_records import TrainingSessionRecorded
from shared.db.session import TenantSession
from shared.errors import NotFound, Violations, register_reasons
from shared.events.envelope import uuid7
from shared.paging import offset
from shared.tenancy import COUNTY_CHAIN, Scope

OBJECT = "training_session"
COUNTY_OFFICE = "县信访局"  # the unit of a county session and of county staff, on every list and certificate
FIRST_YEAR, LAST_YEAR = 2000, 2100

register_reasons(
    {
        "not_your_township": (
            "只能记录本乡镇组织的培训",
            "is another township: record your own township's sessions",
        ),
        "county_only": ("县级培训只能由县级培训师记录", "county sessions are recorded by a county trainer"),
        "no_township_for_county": ("县级培训不填乡镇", "a county session has no township"),
        "one_decimal": ("最多保留一位小数", "takes at most one decimal"),
        "unknown_township": ("不是本县的乡镇（街道）", "is not a township of this county"),
    }
)


def hours_of(value: float) -> Decimal | None:
    """The hours as given, or None when they carry more than one decimal (2.25 is a typo, not a rounding)."""
    exact = Decimal(str(value))
    tenth = exact.quantize(TENTH)
    return tenth if tenth == exact else None


async def _township(db: TenantSession, slug: str) -> TownshipRow | None:
    return (await db.execute(select(TownshipRow).where(TownshipRow.slug == slug))).scalar_one_or_none()


async def _check(
    db: TenantSession, by: Principal, ctx: TrainingContext, data: SessionIn
) -> TownshipRow | None:
    found = Violations()
    hours = hours_of(data.hours)
    if hours is None:
        found.add("hours", "one_decimal")
    elif not Decimal(0) < hours <= ctx.rules.max_session_hours:
        found.add("hours", "out_of_range")
    if not FIRST_YEAR <= data.starts_at.year <= LAST_YEAR:
        found.add("starts_at", "out_of_range")
    township = None
    if data.level is Level.county:
        found.add("level", None if by.scope is Scope.county else "county_only")
        found.add("township", "no_township_for_county" if data.township else None)
    elif not data.township:
        found.add("township", "required")
    elif by.scope is not Scope.county and data.township != by.township:
        found.add("township", "not_your_township")
    elif (township := await _township(db, data.township)) is None:
        found.add("township", "unknown_township")
    found.raise_any()
    return township


async def record(db: TenantSession, by: Principal, ctx: TrainingContext, data: SessionIn) -> SessionView:
    township = await _check(db, by, ctx, data)
    hours = hours_of(data.hours)
    assert hours is not None  # checked above
    row = TrainingSessionRow(
        id=uuid7(),
        tenant_id=township.tenant_id if township else None,
        session_type=data.session_type,
        topic=data.topic.strip(),
        starts_at=data.starts_at,
        held_on=data.starts_at.astimezone(ctx.clock.tz).date(),
        hours=hours,
        place=data.place.strip(),
        organiser=(data.organiser or "").strip()
        or (ctx.county.office_of(township.name) if township else COUNTY_OFFICE),
        trainers=[t.strip() for t in data.trainers if t.strip()],
        speakers=[s.strip() for s in data.speakers if s.strip()],
        recorded_by=by.display_name,
    )
    db.add(row)
    await db.flush()
    slug = township.slug if township else None
    payload = TrainingSessionRecorded(row.id, row.session_type, data.level, slug, row.held_on, hours)
    await announce(db, by, slug, row.id, payload)
    await trail.record(
        db, by, "training.session_recorded", OBJECT, row.id, tenant_id=row.tenant_id or COUNTY_CHAIN,
        detail={"type": row.session_type, "held_on": row.held_on, "hours": str(hours), "level": data.level},
    )  # fmt: skip
    return await one(db, row.id)


async def load(db: TenantSession, session_id: uuid.UUID, for_update: bool = False) -> TrainingSessionRow:
    """The session if the caller's scope sees it (row-level security); another township's is 404."""
    stmt = select(TrainingSessionRow).where(TrainingSessionRow.id == session_id)
    row = (await db.execute(stmt.with_for_update() if for_update else stmt)).scalar_one_or_none()
    if row is None:
        raise NotFound()
    return row


async def one(db: TenantSession, session_id: uuid.UUID) -> SessionView:
    row = await load(db, session_id)
    views = await _views(db, [row])
    materials = await db.scalars(
        select(SessionMaterialRow)
        .where(SessionMaterialRow.session_id == row.id)
        .order_by(SessionMaterialRow.added_at)
    )
    views[0].materials = [
        MaterialView(m.id, m.filename, m.media_type, m.size_bytes, m.added_at) for m in materials
    ]
    return views[0]


async def page(
    db: TenantSession,
    *,
    year: int | None,
    township: str | None,
    session_type: SessionType | None,
    page_number: int,
    page_size: int,
) -> SessionPage:
    conditions = []
    if year is not None:
        conditions.append(cast(func.extract("year", TrainingSessionRow.held_on), Integer) == year)
    if township is not None:
        found = await _township(db, township)
        conditions.append(TrainingSessionRow.tenant_id == (found.tenant_id if found else None))
    if session_type is not None:
        conditions.append(TrainingSessionRow.session_type == session_type)
    total = (
        await db.execute(select(func.count()).select_from(TrainingSessionRow).where(*conditions))
    ).scalar_one()
    rows = await db.scalars(
        select(TrainingSessionRow)
        .where(*conditions)
        .order_by(TrainingSessionRow.starts_at.desc(), TrainingSessionRow.id)
        .offset(offset(page_number, page_size))
        .limit(page_size)
    )
    return SessionPage(await _views(db, list(rows)), total, page_number, page_size)


async def _views(db: TenantSession, rows: list[TrainingSessionRow]) -> list[SessionView]:
    """Attendance counts are of the rows the caller sees: a township reads its own people at a county session."""
    ids = [r.id for r in rows]
    counts = {
        sid: (n, present)
        for sid, n, present in (
            await db.execute(
                select(
                    AttendanceRow.session_id,
                    func.count(),
                    func.count().filter(AttendanceRow.status == "present"),
                )
                .where(AttendanceRow.session_id.in_(ids))
                .group_by(AttendanceRow.session_id)
            )
        ).all()
    }
    names = {t.tenant_id: t for t in await db.scalars(select(TownshipRow))}
    return [_view(r, names.get(r.tenant_id), *counts.get(r.id, (0, 0))) for r in rows]


def _view(r: TrainingSessionRow, township: TownshipRow | None, attendees: int, present: int) -> SessionView:
    return SessionView(
        id=r.id, session_type=r.session_type, session_type_label=SESSION_TYPE_ZH[SessionType(r.session_type)],
        topic=r.topic, starts_at=r.starts_at, held_on=r.held_on, hours=float(r.hours),
        place=r.place, level=Level.township if r.tenant_id else Level.county,
        township=township.slug if township else None, township_name=township.name if township else None,
        organiser=r.organiser, trainers=list(r.trainers), speakers=list(r.speakers), recorded_by=r.recorded_by,
        recorded_at=r.recorded_at, attendees=attendees, present=present,
    )  # fmt: skip
