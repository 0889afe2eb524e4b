"""The county's working-day calendar and deadlines counted in calendar or working days."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from shared.errors import StateConflict

# date.weekday() numbers Monday 0: 5 and 6 are the weekend.
_SATURDAY = 5


class DayCounting(enum.StrEnum):
    calendar = "calendar"
    working = "working"


class CalendarYearMissing(StateConflict):
    """A working-day count needs a year whose notice nobody has entered: refused, never estimated."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{year}年的工作日历尚未录入，无法按工作日计算期限")
        self.year = year


@dataclass(frozen=True)
class WorkingCalendar:
    """The years the county has entered, with their holidays (off days) and make-up working days (调休上班日)."""

    years: frozenset[int]
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        outside = sorted(d for d in self.holidays | self.workdays if d.year not in self.years)
        if outside:
            raise ValueError(f"days outside the known years: {outside[:3]}")
        if both := sorted(self.holidays & self.workdays):
            raise ValueError(f"days both holiday and make-up working day: {both[:3]}")

    @classmethod
    def of(
        cls, years: Iterable[int], holidays: Iterable[date] = (), workdays: Iterable[date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(years), frozenset(holidays), frozenset(workdays))

    def with_(self, other: WorkingCalendar) -> WorkingCalendar:
        """This calendar and another's years together (a year entered later, say)."""
        return WorkingCalendar(
            self.years | other.years, self.holidays | other.holidays, self.workdays | other.workdays
        )


def is_working_day(d: date, cal: WorkingCalendar) -> bool:
    if d.year not in cal.years:
        raise CalendarYearMissing(d.year)
    if d in cal.workdays:
        return True
    return d.weekday() < _SATURDAY and d not in cal.holidays


def due_on(start: date, days: int, counting: DayCounting, cal: WorkingCalendar) -> date:
    """The deadline `days` after `start`; the start itself does not count (民法典 art. 201: 开始的当日不计入)."""
    if days < 0:
        raise ValueError("a deadline counts forward")
    if counting is DayCounting.calendar:
        return start + timedelta(days=days)
    return _working_days_after(start, days, cal)


def _working_days_after(start: date, days: int, cal: WorkingCalendar) -> date:
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    return day
