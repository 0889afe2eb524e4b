"""The county's calendar in intake: the holidays that set the screening periods before them (节前排查).

Supervision keeps the calendar and the county admin enters each year there; intake keeps its own copy of the
holidays, seeded from the same State Council notices and replaced by each calendar.year_entered.v1. A year nobody
entered has no holiday periods: a register for one is refused, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from services.intake.domain.screening import holiday_periods, holiday_year
from services.intake.persistence.screening_repo import CalendarRepo
from services.intake.village_line_settings import HolidayPeriod, VillageLineRules
from shared.contracts.supervision import CalendarYearEntered
from shared.db.session import TenantSession
from shared.events.envelope import Envelope
from shared.state_council_calendar import HOLIDAY, SEEDED, SOURCE, notice_days

# The seed's rows carry no entry time of their own: older than anything the county admin entered.
_SEEDED_AT = datetime(2000, 1, 1, tzinfo=UTC)


async def periods_for(db: TenantSession, rules: VillageLineRules, period_id: str) -> list[HolidayPeriod]:
    """The calendar's periods a holiday period id may name; a 元旦 run may start in the December before."""
    year = holiday_year(period_id)
    if year is None:
        return []
    holidays = await CalendarRepo(db).holidays(year - 1, year)
    return [p for p in holiday_periods(holidays, rules.screened_holidays) if p.ends_on.year == year]


async def load_seed(db: TenantSession) -> int:
    """Every year the package knows, unless the county admin entered it; returns the holidays written."""
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in notice_days():
        if d.kind == HOLIDAY:
            by_year[d.day.year].append({"day": d.day.isoformat(), "name": d.name})
    repo, written = CalendarRepo(db), 0
    for year, holidays in sorted(by_year.items()):
        if await repo.put_year(year, SOURCE, holidays, _SEEDED_AT, over_source_like=SEEDED):
            written += len(holidays)
    return written


async def on_year_entered(db: TenantSession, envelope: Envelope) -> None:
    """The admin's year replaces the year whole; a redelivered older entry loses to a newer one."""
    entered = envelope.payload_as(CalendarYearEntered)
    holidays = [{"day": h.day.isoformat(), "name": h.label} for h in entered.holidays]
    await CalendarRepo(db).put_year(
        entered.year, entered.source, holidays, envelope.time, over_source_like="%"
    )
