"""The State Council's holiday notices as the `chinese-calendar` package encodes them, in the county's words.

Every service that counts by the calendar seeds its own copy from here (no service reads another's tables);
a year the county admin enters later reaches them as `calendar.year_entered.v1`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

import chinese_calendar

SOURCE = f"chinese-calendar {version('chinese-calendar')}"
# A re-seed refreshes the package's own rows and leaves a day or year the county admin entered as it is.
SEEDED = "chinese-calendar %"
HOLIDAY, WORKDAY = "holiday", "workday"

# The package names days in English; the county reads them in Chinese, as the notices write them.
NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class NoticeDay:
    day: date
    kind: str  # HOLIDAY or WORKDAY (a make-up working day, 调休上班)
    name: str


def notice_days() -> list[NoticeDay]:
    """Every holiday and make-up working day the package knows, oldest first."""
    days = [NoticeDay(d, HOLIDAY, NAMES_ZH.get(n, n)) for d, n in chinese_calendar.holidays.items()]
    days += [NoticeDay(d, WORKDAY, NAMES_ZH.get(n, n)) for d, n in chinese_calendar.workdays.items()]
    return sorted(days, key=lambda d: d.day)


def years_known() -> list[int]:
    return sorted({d.day.year for d in notice_days()})
