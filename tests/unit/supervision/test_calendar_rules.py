"""Deadlines in calendar and working days on the State Council's 2026 calendar, and a year nobody has entered."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from services.supervision.domain.calendar import (
    CalendarYearMissing,
    DayCounting,
    WorkingCalendar,
    due_on,
    is_working_day,
)


def _year_from_package(year: int) -> WorkingCalendar:
    return WorkingCalendar.of(
        [year],
        holidays=(d for d in chinese_calendar.holidays if d.year == year),
        workdays=(d for d in chinese_calendar.workdays if d.year == year),
    )


CAL_2026 = _year_from_package(2026)
# Invented for the test, not a notice: 2027's calendar as a county admin might enter it.
CAL_2027 = WorkingCalendar.of([2027], holidays=[date(2027, 1, 1), date(2027, 1, 4)])


def test_five_working_days_across_national_day_2026() -> None:
    # 国庆节 2026: Oct 1 (Thu) to Oct 7 (Wed) off; Sat Oct 10 is a make-up working day. From Wed Sep 30:
    # Oct 8 Thu (1), Oct 9 Fri (2), Oct 10 Sat make-up (3), Oct 11 Sun off, Oct 12 Mon (4), Oct 13 Tue (5).
    assert due_on(date(2026, 9, 30), 5, DayCounting.working, CAL_2026) == date(2026, 10, 13)


def test_the_sunday_make_up_day_before_national_day_counts() -> None:
    # From Fri Sep 18: Sat Sep 19 off, Sun Sep 20 make-up (1), Mon Sep 21 (2), Tue Sep 22 (3).
    assert due_on(date(2026, 9, 18), 3, DayCounting.working, CAL_2026) == date(2026, 9, 22)


def test_calendar_days_add_plainly_over_the_holiday() -> None:
    assert due_on(date(2026, 9, 30), 30, DayCounting.calendar, CAL_2026) == date(2026, 10, 30)
    assert due_on(date(2026, 9, 30), 0, DayCounting.working, CAL_2026) == date(2026, 9, 30)


def test_a_count_into_2027_is_refused_until_its_calendar_is_entered() -> None:
    # From Mon Dec 28: Dec 29 (1), Dec 30 (2), Dec 31 (3), then 2027, which the package does not know.
    with pytest.raises(CalendarYearMissing) as missing:
        due_on(date(2026, 12, 28), 5, DayCounting.working, CAL_2026)
    assert missing.value.year == 2027
    # Jan 1 and Jan 4 off in the test's 2027, Jan 2-3 the weekend: Jan 5 (4), Jan 6 (5).
    assert due_on(date(2026, 12, 28), 5, DayCounting.working, CAL_2026.with_(CAL_2027)) == date(2027, 1, 6)


def test_a_count_that_stays_in_2026_needs_no_2027() -> None:
    assert due_on(date(2026, 12, 28), 3, DayCounting.working, CAL_2026) == date(2026, 12, 31)


def test_a_saturday_make_up_day_counts_and_a_weekday_holiday_does_not() -> None:
    assert is_working_day(date(2026, 10, 10), CAL_2026)  # Saturday, 调休上班
    assert not is_working_day(date(2026, 10, 5), CAL_2026)  # Monday, 国庆节
    assert not is_working_day(date(2026, 10, 17), CAL_2026)  # an ordinary Saturday
    assert is_working_day(date(2026, 10, 8), CAL_2026)  # Thursday after the holiday


def test_is_working_day_refuses_an_unknown_year() -> None:
    with pytest.raises(CalendarYearMissing):
        is_working_day(date(2027, 3, 1), CAL_2026)


def test_a_calendar_rejects_days_outside_its_years() -> None:
    with pytest.raises(ValueError, match="outside"):
        WorkingCalendar.of([2026], holidays=[date(2027, 1, 1)])
