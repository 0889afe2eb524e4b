"""The statutory clocks alone: due dates, extension, a hearing's pause and the reminder points."""

from __future__ import annotations

from datetime import date

import pytest

from services.supervision.domain import clocks
from services.supervision.domain.calendar import CalendarYearMissing, DayCounting, WorkingCalendar
from services.supervision.domain.clocks import Audience, ClockKind, ClockState
from shared.errors import RuleViolation, StateConflict

# 2026 around National Day, as the State Council's notice gives it.
CAL_2026 = WorkingCalendar.of(
    [2026],
    holidays=[date(2026, 10, d) for d in range(1, 8)],
    workdays=[date(2026, 9, 20), date(2026, 10, 10)],
)


def handling(started: date = date(2026, 3, 2), **kw: object) -> ClockState:
    return ClockState(ClockKind.handling, DayCounting.calendar, started, 60, **kw)  # type: ignore[arg-type]


def test_sixty_calendar_days_from_acceptance_the_start_not_counted() -> None:
    assert clocks.due_date(handling(), CAL_2026) == date(2026, 5, 1)


def test_five_working_days_across_national_day_land_on_the_make_up_saturday() -> None:
    window = ClockState(ClockKind.objection_window, DayCounting.working, date(2026, 9, 28), 5)
    # 29, 30 Sep; 1-7 Oct off; 8, 9 Oct; Saturday 10 Oct is a make-up working day.
    assert clocks.due_date(window, CAL_2026) == date(2026, 10, 10)


def test_working_days_into_a_year_nobody_entered_are_refused() -> None:
    window = ClockState(ClockKind.objection_window, DayCounting.working, date(2026, 12, 28), 5)
    with pytest.raises(CalendarYearMissing) as refused:
        clocks.due_date(window, CAL_2026)
    assert refused.value.year == 2027


def test_an_extension_adds_at_most_thirty_days_in_all() -> None:
    once = clocks.extend(handling(), 20, 30, date(2026, 4, 1), CAL_2026)
    assert clocks.due_date(once, CAL_2026) == date(2026, 5, 21)
    with pytest.raises(RuleViolation):
        clocks.extend(once, 11, 30, date(2026, 4, 1), CAL_2026)
    assert clocks.extend(once, 10, 30, date(2026, 4, 1), CAL_2026).extended_days == 30


def test_no_extension_after_the_period_ran_out_nor_of_another_clock() -> None:
    with pytest.raises(StateConflict):
        clocks.extend(handling(), 10, 30, date(2026, 5, 2), CAL_2026)
    review = ClockState(ClockKind.review, DayCounting.calendar, date(2026, 3, 2), 30)
    with pytest.raises(StateConflict):
        clocks.extend(review, 10, 30, date(2026, 3, 3), CAL_2026)


def test_a_hearing_s_days_do_not_count_first_and_last_included() -> None:
    paused = clocks.pause(handling(), date(2026, 3, 10))
    assert clocks.due_date(paused, CAL_2026) is None
    resumed = clocks.resume(paused, date(2026, 3, 12), CAL_2026)
    assert resumed.paused_days == 3
    assert clocks.due_date(resumed, CAL_2026) == date(2026, 5, 4)


def test_a_working_day_clock_pauses_only_its_working_days() -> None:
    window = ClockState(ClockKind.review, DayCounting.working, date(2026, 9, 28), 5)
    # The hearing runs over the whole holiday: only 30 Sep (a Wednesday) was a working day of it.
    resumed = clocks.resume(clocks.pause(window, date(2026, 9, 30)), date(2026, 10, 7), CAL_2026)
    assert resumed.paused_days == 1


def test_a_hearing_cannot_end_before_it_began_nor_pause_twice() -> None:
    paused = clocks.pause(handling(), date(2026, 3, 10))
    with pytest.raises(StateConflict):
        clocks.pause(paused, date(2026, 3, 11))
    with pytest.raises(RuleViolation):
        clocks.resume(paused, date(2026, 3, 9), CAL_2026)


def test_a_petitioner_s_window_cannot_be_paused() -> None:
    window = ClockState(ClockKind.review_window, DayCounting.calendar, date(2026, 3, 2), 30)
    with pytest.raises(StateConflict):
        clocks.pause(window, date(2026, 3, 5))


def test_reminders_before_then_the_leader_then_the_county() -> None:
    points = clocks.reminder_points(ClockKind.handling, date(2026, 3, 2), date(2026, 5, 1), [7, 1], 5)
    assert [(p.point, p.audience, p.fires_on) for p in points] == [
        ("before_7", Audience.unit, date(2026, 4, 24)),
        ("before_1", Audience.unit, date(2026, 4, 30)),
        ("overdue", Audience.township_leader, date(2026, 5, 2)),
        ("overdue_county", Audience.county_officer, date(2026, 5, 7)),
    ]


def test_a_short_clock_gets_no_reminder_before_its_own_start() -> None:
    points = clocks.reminder_points(ClockKind.report_back, date(2026, 3, 2), date(2026, 3, 5), [7, 1], 5)
    assert [p.point for p in points] == ["before_1", "overdue", "overdue_county"]


def test_a_window_only_closes() -> None:
    points = clocks.reminder_points(ClockKind.review_window, date(2026, 3, 2), date(2026, 4, 1), [7, 1], 5)
    assert [(p.point, p.audience, p.fires_on) for p in points] == [("lapse", Audience.none, date(2026, 4, 2))]
