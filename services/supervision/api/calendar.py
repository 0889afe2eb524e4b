"""/calendar: the county's working-day calendar, a year's notice entered by the county admin, and the deadline
calculator that refuses a year nobody entered."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import get, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from services.supervision.api.deps import Supervision
from services.supervision.domain.calendar import DayCounting
from services.supervision.service import calendar_entry
from services.supervision.service.calendar_entry import (
    CalendarYearIn,
    CalendarYearSummary,
    CalendarYearView,
    DueDateView,
)
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db

READERS = requires(can.READ_CALENDAR)
CountedDays = Annotated[int, QueryParameter(ge=0, le=120)]


@get("/calendar/years", guards=[READERS], summary="The years entered in the calendar (工作日历)")
async def list_years(db: Db) -> list[CalendarYearSummary]:
    return await calendar_entry.years(db)


@get("/calendar/years/{year:int}", guards=[READERS], summary="One year's holidays and make-up working days")
async def get_year(year: FromPath[int], db: Db) -> CalendarYearView:
    return await calendar_entry.year(db, year)


@put(
    "/calendar/years/{year:int}",
    guards=[requires(can.KEEP_CALENDAR)],
    summary="Enter a year's State Council notice: holidays and make-up working days (录入节假日安排)",
)
async def enter_year(
    year: FromPath[int],
    data: JSONBody[CalendarYearIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CalendarYearView:
    return await calendar_entry.enter_year(db, principal, supervision, year, data)


@get(
    "/calendar/due-date",
    guards=[READERS],
    summary="A deadline in calendar or working days (期限计算); 409 when it needs a year nobody entered",
    opt={"conflicts": True},
)
async def due_date(
    db: Db, start: FromQuery[date], days: CountedDays, counting: FromQuery[DayCounting] = DayCounting.working
) -> DueDateView:
    return await calendar_entry.due_date(db, start, days, counting)


ROUTES = [list_years, get_year, enter_year, due_date]
