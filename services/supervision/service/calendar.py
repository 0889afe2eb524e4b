"""The county's calendar, seeded from the State Council notices that the `chinese-calendar` package encodes."""

from __future__ import annotations

from sqlalchemy import not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.persistence.calendar_repo import CalendarRepo
from services.supervision.persistence.calendar_tables import CalendarYearRow
from shared.state_council_calendar import SEEDED, SOURCE, notice_days


async def load_seed(db: AsyncSession) -> int:
    """Upsert every year the package knows with its holidays and make-up working days, except the years the county
    admin entered (a day the admin left out stays out); returns the days written."""
    entered = set(
        await db.scalars(select(CalendarYearRow.year).where(not_(CalendarYearRow.source.like(SEEDED))))
    )
    rows = [
        {"day": d.day, "kind": d.kind, "name": d.name, "source": SOURCE}
        for d in notice_days()
        if d.day.year not in entered
    ]
    repo = CalendarRepo(db)
    for year in sorted({r["day"].year for r in rows}):
        await repo.upsert_year(year, SOURCE, over_source_like=SEEDED)
    await repo.upsert_days(rows, over_source_like=SEEDED)
    return len(rows)
