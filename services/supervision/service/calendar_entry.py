"""The county admin enters a year's State Council notice (holidays and make-up working days); clocks that waited for
that year get their due dates. A year nobody entered stays unknown: working days there are refused, not guessed."""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from sqlalchemy import Integer, cast, delete, func, select

from services.supervision.domain.calendar import DayCounting, due_on
from services.supervision.persistence.calendar_repo import CalendarRepo
from services.supervision.persistence.calendar_tables import HOLIDAY, WORKDAY, CalendarDayRow, CalendarYearRow
from services.supervision.service import clock_store
from services.supervision.service.context import SupervisionContext
from shared import trail
from shared.auth import Principal
from shared.contracts.supervision import CalendarDay, CalendarYearEntered
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation, Violations, register_reasons
from shared.events.announce import announce as shared_announce
from shared.fields import Name
from shared.tenancy import COUNTY, COUNTY_CHAIN

register_reasons(
    {
        "outside_year": ("不在该年度内", "is not in this year"),
        "not_a_weekend": ("调休上班日应为周六或周日", "a make-up working day falls on a Saturday or Sunday"),
        "listed_twice": (
            "同一天不能重复录入或既是假日又是上班日",
            "is listed twice, or both holiday and working day",
        ),
    }
)
FIRST_YEAR, LAST_YEAR = 2004, 2100


class CalendarDayIn(msgspec.Struct, forbid_unknown_fields=True):
    day: date
    name: Name


class CalendarYearIn(msgspec.Struct, forbid_unknown_fields=True):
    holidays: list[CalendarDayIn]
    workdays: list[CalendarDayIn] = []


class CalendarDayView(msgspec.Struct):
    day: date
    name: str | None


class CalendarYearView(msgspec.Struct, kw_only=True):
    year: int
    known: bool
    source: str | None = None
    entered_by: str | None = None
    entered_at: datetime | None = None
    holidays: list[CalendarDayView] = []
    workdays: list[CalendarDayView] = []


class CalendarYearSummary(msgspec.Struct, kw_only=True):
    year: int
    source: str
    entered_by: str | None
    holidays: int
    workdays: int


class DueDateView(msgspec.Struct):
    start: date
    days: int
    counting: str
    due_on: date


async def years(db: TenantSession) -> list[CalendarYearSummary]:
    year_of = cast(func.extract("year", CalendarDayRow.day), Integer)
    counted = await db.execute(
        select(year_of, CalendarDayRow.kind, func.count()).group_by(year_of, CalendarDayRow.kind)
    )
    counts = {(y, kind): n for y, kind, n in counted.all()}
    rows = await db.scalars(select(CalendarYearRow).order_by(CalendarYearRow.year.desc()))
    return [
        CalendarYearSummary(
            year=r.year, source=r.source, entered_by=r.entered_by, holidays=counts.get((r.year, HOLIDAY), 0),
            workdays=counts.get((r.year, WORKDAY), 0),
        )
        for r in rows
    ]  # fmt: skip


async def year(db: TenantSession, which: int) -> CalendarYearView:
    if not FIRST_YEAR <= which <= LAST_YEAR:
        raise NotFound()
    entered = await db.get(CalendarYearRow, which)
    if entered is None:
        return CalendarYearView(year=which, known=False)
    days = await db.scalars(
        select(CalendarDayRow)
        .where(CalendarDayRow.day.between(date(which, 1, 1), date(which, 12, 31)))
        .order_by(CalendarDayRow.day)
    )
    rows = list(days)
    return CalendarYearView(
        year=which, known=True, source=entered.source, entered_by=entered.entered_by, entered_at=entered.entered_at,
        holidays=[CalendarDayView(d.day, d.name) for d in rows if d.kind == HOLIDAY],
        workdays=[CalendarDayView(d.day, d.name) for d in rows if d.kind == WORKDAY],
    )  # fmt: skip


async def enter_year(
    db: TenantSession, by: Principal, ctx: SupervisionContext, which: int, data: CalendarYearIn
) -> CalendarYearView:
    """The whole year as the notice gives it, replacing what was there; then waiting clocks are computed."""
    _check(which, data)
    source = f"county-admin {by.username}"
    await db.execute(
        delete(CalendarDayRow).where(CalendarDayRow.day.between(date(which, 1, 1), date(which, 12, 31)))
    )
    repo = CalendarRepo(db)
    await repo.upsert_year(which, source)
    await db.execute(
        CalendarYearRow.__table__.update()
        .where(CalendarYearRow.year == which)
        .values(entered_by=by.display_name, entered_at=ctx.now())
    )
    await repo.upsert_days(
        [{"day": d.day, "kind": HOLIDAY, "name": d.name.strip(), "source": source} for d in data.holidays]
        + [{"day": d.day, "kind": WORKDAY, "name": d.name.strip(), "source": source} for d in data.workdays]
    )
    await db.flush()
    await clock_store.recompute_waiting(db, ctx.rules)
    await _announce(db, by, which, source, data)
    await trail.record(db, by, "calendar.year_entered", "calendar_year", str(which), tenant_id=COUNTY_CHAIN,
                       detail={"by": by.display_name, "holidays": len(data.holidays), "workdays": len(data.workdays)})  # fmt: skip
    return await year(db, which)


async def _announce(db: TenantSession, by: Principal, which: int, source: str, data: CalendarYearIn) -> None:
    """County-level: the calendar is every township's."""
    payload = CalendarYearEntered(which, _days(data.holidays), _days(data.workdays), source)
    await shared_announce(db, "supervision", by, COUNTY, None, str(which), payload)


def _days(entered: list[CalendarDayIn]) -> tuple[CalendarDay, ...]:
    return tuple(CalendarDay(d.day, d.name.strip()) for d in entered)


def _check(which: int, data: CalendarYearIn) -> None:
    found = Violations()
    if not FIRST_YEAR <= which <= LAST_YEAR:
        found.add("year", "out_of_range")
    seen: set[date] = set()
    for field, days in (("holidays", data.holidays), ("workdays", data.workdays)):
        for i, d in enumerate(days):
            if d.day.year != which:
                found.add(f"{field}.{i}.day", "outside_year")
            elif d.day in seen:
                found.add(f"{field}.{i}.day", "listed_twice")
            elif field == "workdays" and d.day.weekday() < 5:
                found.add(f"{field}.{i}.day", "not_a_weekend")
            found.required(f"{field}.{i}.name", d.name)
            seen.add(d.day)
    found.raise_any()


async def due_date(db: TenantSession, start: date, days: int, counting: DayCounting) -> DueDateView:
    """期限计算: the deadline `days` after `start`; 409 when it needs a year nobody entered."""
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise RuleViolation("start", "out_of_range")
    cal = await clock_store.calendar_from(db, start)
    return DueDateView(start, days, counting, due_on(start, days, counting, cal))
