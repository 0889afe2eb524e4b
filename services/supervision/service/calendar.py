"""The county's calendar, seeded from the State Council notices that the `chinese-calendar` package encodes."""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from typing import Any

import chinese_calendar
from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.persistence.calendar_repo import CalendarRepo
from services.supervision.persistence.calendar_tables import HOLIDAY, WORKDAY

SOURCE = f"chinese-calendar {version('chinese-calendar')}"
# A re-seed refreshes the package's own rows and leaves a day or year the county admin entered as it is.
_SEEDED = "chinese-calendar %"

# The package names days in English; the county reads them in Chinese, as the notices write them.
_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _rows(days: dict[date, str], kind: str) -> list[dict[str, Any]]:
    return [
        {"day": d, "kind": kind, "name": _NAMES_ZH.get(name, name), "source": SOURCE}
        for d, name in days.items()
    ]


async def load_seed(db: AsyncSession) -> int:
    """Upsert every year the package knows with its holidays and make-up working days; returns the days written."""
    rows = _rows(chinese_calendar.holidays, HOLIDAY) + _rows(chinese_calendar.workdays, WORKDAY)
    repo = CalendarRepo(db)
    for year in sorted({r["day"].year for r in rows}):
        await repo.upsert_year(year, SOURCE, over_source_like=_SEEDED)
    await repo.upsert_days(rows, over_source_like=_SEEDED)
    return len(rows)
