"""学时与覆盖率: each cadre's hours in a year against what their roles require, per township and county-wide,
and the list of who is behind (docs/training.md has the definitions).

A cadre counts for a year when the record knew them before it ended and they had not left before it began; one
who left during the year keeps their hours and owes nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select

from services.training_records.domain.training import CadreYear, Coverage, coverage_of, requirement
from services.training_records.persistence.tables import (
    AttendanceRow,
    CadreRow,
    TownshipRow,
    TrainingSessionRow,
)
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import CadreYearView, CoverageRow, CoverageView
from services.training_records.service.sessions import COUNTY_OFFICE
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.tenancy import COUNTY, Scope


def _bounds(ctx: TrainingContext, year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=ctx.clock.tz), datetime(year + 1, 1, 1, tzinfo=ctx.clock.tz)


async def cadre_years(
    db: TenantSession,
    ctx: TrainingContext,
    year: int,
    township: str | None = None,
    user_id: str | None = None,
) -> list[CadreYear]:
    """Every cadre the caller's scope sees who counts for `year`, with their hours (row-level security applies)."""
    start, end = _bounds(ctx, year)
    hours = (
        select(AttendanceRow.cadre_id, func.sum(AttendanceRow.hours).label("hours"))
        .join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
        .where(
            AttendanceRow.status == "present",
            TrainingSessionRow.held_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(AttendanceRow.cadre_id)
        .subquery()
    )
    stmt = (
        select(CadreRow, func.coalesce(hours.c.hours, 0))
        .outerjoin(hours, hours.c.cadre_id == CadreRow.user_id)
        .where(CadreRow.first_seen_at < end, or_(CadreRow.left_at.is_(None), CadreRow.left_at >= start))
        .order_by(CadreRow.township, CadreRow.full_name, CadreRow.user_id)
    )
    if township is not None:
        stmt = stmt.where(CadreRow.township == township)
    if user_id is not None:
        stmt = stmt.where(CadreRow.user_id == user_id)
    return [
        CadreYear(
            c.user_id,
            c.full_name,
            c.township,
            requirement(c.roles, ctx.rules.yearly_hours),
            Decimal(h),
            c.left_at is None or c.left_at >= end,
        )
        for c, h in (await db.execute(stmt)).all()
    ]


def year_view(y: CadreYear) -> CadreYearView:
    return CadreYearView(
        user_id=y.user_id, full_name=y.full_name, township=y.township, required=float(y.required),
        hours=float(y.hours), missing=float(y.missing), still_serving=y.still_serving,
    )  # fmt: skip


def _row(slug: str, name: str, c: Coverage) -> CoverageRow:
    return CoverageRow(
        township=slug, township_name=name, cadres=c.cadres, covered=c.covered, up_to_standard=c.up_to_standard,
        hours=float(c.hours), coverage_rate=c.coverage_rate, standard_rate=c.standard_rate,
    )  # fmt: skip


def scope_township(by: Principal, asked: str | None) -> str | None:
    """A township caller reads their own township whatever they ask (county staff's rows are shared, not theirs)."""
    return asked if by.scope is Scope.county else by.township


async def coverage(db: TenantSession, by: Principal, ctx: TrainingContext, year: int) -> CoverageView:
    """Per township the caller sees (the county's own staff as 县信访局), and the sum of those rows."""
    by_township: dict[str, list[CadreYear]] = defaultdict(list)
    years = await cadre_years(db, ctx, year, scope_township(by, None))
    for y in years:
        by_township[y.township].append(y)
    townships = list(await db.scalars(select(TownshipRow).order_by(TownshipRow.slug)))
    rows = [_row(t.slug, t.name, coverage_of(by_township.get(t.slug, []))) for t in townships]
    if by.scope is Scope.county and COUNTY in by_township:
        rows.append(_row(COUNTY, COUNTY_OFFICE, coverage_of(by_township[COUNTY])))
    return CoverageView(year=year, county=_row(COUNTY, "全县", coverage_of(years)), townships=rows)


async def behind(
    db: TenantSession, by: Principal, ctx: TrainingContext, year: int, township: str | None
) -> list[CadreYearView]:
    """未达标: who still owes hours this year, most missing first."""
    late = [y for y in await cadre_years(db, ctx, year, scope_township(by, township)) if y.behind]
    return [year_view(y) for y in sorted(late, key=lambda y: (-y.missing, y.township, y.full_name))]
