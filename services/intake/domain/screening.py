"""Instability screening (不稳定因素排查): periods, the holidays that have one, due dates and what counts as on time.

A township keeps one register a month ("2026-11"), due by a set day of the following month, and one more
before each major holiday or 两会 ("2026-spring-festival"), due on the day that period starts.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.intake.village_line_settings import HolidayPeriod, VillageLineRules

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_YEAR, LAST_YEAR = 1, 9998  # every year a month and its due date (next month) can be a date in
_HOLIDAY = re.compile(r"^(\d{4})-[a-z][a-z0-9-]{1,30}$")


class PeriodKind(StrEnum):
    monthly = "monthly"  # 月度排查
    holiday = "holiday"  # 重大节日前专项排查


class RegisterStatus(StrEnum):
    draft = "draft"  # 排查中
    filed = "filed"  # 已报送


class RiskLevel(StrEnum):
    high = "high"  # 高
    medium = "medium"  # 中
    low = "low"  # 低


class ItemStatus(StrEnum):
    open = "open"  # 未化解
    controlled = "controlled"  # 已稳控
    resolved = "resolved"  # 已化解


@dataclass(frozen=True)
class Period:
    id: str
    kind: PeriodKind
    label: str
    starts_on: date
    ends_on: date
    due_on: date


def holiday_year(period_id: str) -> int | None:
    """The year whose calendar a holiday period id needs ("2026-spring-festival" → 2026); None for a month."""
    m = _HOLIDAY.match(period_id)
    return int(m.group(1)) if m else None


def holiday_periods(
    holidays: Iterable[tuple[date, str | None]], screened: Mapping[str, str]
) -> list[HolidayPeriod]:
    """The screening periods of the calendar's holidays: each run of consecutive days off that holds a screened
    holiday is its period, whole (国庆 with 中秋 inside it is one run)."""
    periods: list[HolidayPeriod] = []
    for run in _runs(sorted(holidays)):
        names = dict.fromkeys(name for _, name in run if name in screened)
        periods += [
            HolidayPeriod(code=screened[name], label=name, starts_on=run[0][0], ends_on=run[-1][0])
            for name in names
        ]
    return periods


def _runs(days: list[tuple[date, str | None]]) -> list[list[tuple[date, str | None]]]:
    runs: list[list[tuple[date, str | None]]] = []
    for day in days:
        if runs and (day[0] - runs[-1][-1][0]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def period_of(
    period_id: str, rules: VillageLineRules, holidays: Sequence[HolidayPeriod] = ()
) -> Period | None:
    """The period a register covers, or None for an id that is neither a month nor a set period.

    `holidays`: the periods of the county's calendar (`holiday_periods`); a year nobody entered has none.
    """
    if m := _MONTH.match(period_id):
        year = int(m.group(1))
        # Year 0000, or 9999 (its December is due in the year 10000), is no date: unknown.
        return (
            _month(year, int(m.group(2)), rules.screening_due_day)
            if FIRST_YEAR <= year <= LAST_YEAR
            else None
        )
    for h in [*holidays, *rules.other_periods]:
        if h.period == period_id:
            return Period(h.period, PeriodKind.holiday, h.label, h.starts_on, h.ends_on, h.starts_on)
    return None


def _month(year: int, month: int, due_day: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Period(
        f"{year}-{month:02d}",
        PeriodKind.monthly,
        f"{year}年{month}月",
        date(year, month, 1),
        date(year, month, last),
        date(next_year, next_month, due_day),
    )


def is_overdue(due_on: date, filed_on: date | None, today: date) -> bool:
    """逾期未报: past its due date and still not filed. A late filing is no longer overdue, only late."""
    return filed_on is None and today > due_on


def filed_on_time(due_on: date, filed_on: date) -> bool:
    return filed_on <= due_on


def can_add_items(status: RegisterStatus) -> bool:
    """A filed register is what was reported upward; risks found later go into the next period's register."""
    return RegisterStatus(status) is RegisterStatus.draft


_NEXT_ITEM_STATUS = {
    ItemStatus.open: {ItemStatus.controlled, ItemStatus.resolved},
    ItemStatus.controlled: {ItemStatus.resolved},
    ItemStatus.resolved: set(),
}


def can_move_item(current: ItemStatus, to: ItemStatus) -> bool:
    """open → controlled (稳控) → resolved (化解); a resolved item stays resolved."""
    return ItemStatus(to) in _NEXT_ITEM_STATUS[ItemStatus(current)]
