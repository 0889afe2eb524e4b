"""Reads and writes of the county's calendar; none commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.domain.calendar import WorkingCalendar
from services.supervision.persistence.calendar_tables import HOLIDAY, CalendarDayRow, CalendarYearRow


class CalendarRepo:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def load(self, first: date, last: date) -> WorkingCalendar:
        """The calendar of every year from `first`'s to `last`'s that has been entered; the others stay unknown."""
        years = range(first.year, last.year + 1)
        known = set(
            await self.db.scalars(select(CalendarYearRow.year).where(CalendarYearRow.year.in_(years)))
        )
        # A range on the key, not extract(year): the primary key's index serves it.
        rows = await self.db.execute(
            select(CalendarDayRow.day, CalendarDayRow.kind).where(
                CalendarDayRow.day.between(date(first.year, 1, 1), date(last.year, 12, 31))
            )
        )
        days = [(d, kind) for d, kind in rows.all() if d.year in known]
        return WorkingCalendar.of(
            known,
            holidays=(d for d, kind in days if kind == HOLIDAY),
            workdays=(d for d, kind in days if kind != HOLIDAY),
        )

    async def upsert_year(self, year: int, source: str, over_source_like: str = "%") -> None:
        """`over_source_like`: an entered row is replaced only when its source matches (the seed keeps the county's)."""
        stmt = insert(CalendarYearRow).values(year=year, source=source)
        await self.db.execute(
            stmt.on_conflict_do_update(
                index_elements=["year"],
                set_={"source": stmt.excluded.source},
                where=CalendarYearRow.source.like(over_source_like),
            )
        )

    async def upsert_days(self, rows: Iterable[dict[str, Any]], over_source_like: str = "%") -> None:
        """Each row: day, kind, name, source; a day entered again takes the new values, as `upsert_year`."""
        values = list(rows)
        if not values:
            return
        stmt = insert(CalendarDayRow).values(values)
        await self.db.execute(
            stmt.on_conflict_do_update(
                index_elements=["day"],
                set_={"kind": stmt.excluded.kind, "name": stmt.excluded.name, "source": stmt.excluded.source},
                where=CalendarDayRow.source.like(over_source_like),
            )
        )
