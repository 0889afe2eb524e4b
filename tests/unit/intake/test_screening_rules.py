"""Screening periods, the holiday calendar and the overdue and on-time rules (不稳定因素排查)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from services.intake.domain.screening import (
    ItemStatus,
    PeriodKind,
    RegisterStatus,
    can_add_items,
    can_move_item,
    filed_on_time,
    is_overdue,
    period_of,
)
from services.intake.village_line_settings import HolidayPeriod, VillageLineRules

RULES = VillageLineRules()


def test_a_monthly_register_is_due_by_the_fifth_of_the_next_month() -> None:
    p = period_of("2026-11", RULES)
    assert p is not None and p.kind is PeriodKind.monthly
    assert (p.starts_on, p.ends_on, p.due_on) == (date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 5))
    assert p.label == "2026年11月"


def test_the_december_register_is_due_in_january_of_the_next_year() -> None:
    assert period_of("2026-12", RULES).due_on == date(2027, 1, 5)


def test_february_ends_on_its_last_day_in_leap_years_too() -> None:
    assert period_of("2028-02", RULES).ends_on == date(2028, 2, 29)
    assert period_of("2027-02", RULES).ends_on == date(2027, 2, 28)


def test_the_due_day_is_a_county_setting() -> None:
    assert period_of("2026-11", VillageLineRules(screening_due_day=10)).due_on == date(2026, 12, 10)


def test_a_holiday_register_is_due_the_day_its_period_starts() -> None:
    p = period_of("2026-spring-festival", RULES)
    assert p is not None and p.kind is PeriodKind.holiday and p.label == "春节"
    assert p.due_on == p.starts_on == date(2026, 2, 15)


def test_the_default_calendar_covers_the_major_holidays_and_two_sessions_of_2026_and_2027() -> None:
    codes = {"new-year", "spring-festival", "two-sessions", "qingming", "labour-day", "national-day"}
    for year in (2026, 2027):
        assert all(period_of(f"{year}-{code}", RULES) is not None for code in codes)


@pytest.mark.parametrize(
    "period", ["2026-13", "2026-00", "2026-1", "2028-spring-festival", "2026-mid-autumn", ""]
)
def test_a_period_that_is_neither_a_month_nor_a_set_holiday_is_unknown(period: str) -> None:
    assert period_of(period, RULES) is None


def test_a_county_can_add_its_own_holiday_period() -> None:
    extra = HolidayPeriod(
        code="mid-autumn", label="中秋节", starts_on=date(2026, 9, 25), ends_on=date(2026, 9, 27)
    )
    rules = VillageLineRules(holidays=[*RULES.holidays, extra])
    assert period_of("2026-mid-autumn", rules).due_on == date(2026, 9, 25)


def test_a_calendar_with_one_period_twice_is_refused() -> None:
    twice = RULES.holidays[0]
    with pytest.raises(ValidationError):
        VillageLineRules(holidays=[twice, twice])


def test_a_holiday_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError):
        HolidayPeriod(code="x-day", label="X", starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 1))


def test_a_draft_past_its_due_date_is_overdue_and_on_the_due_date_is_not() -> None:
    due = date(2026, 12, 5)
    assert is_overdue(due, None, date(2026, 12, 6)) is True
    assert is_overdue(due, None, date(2026, 12, 5)) is False


def test_a_late_filing_is_no_longer_overdue_but_not_on_time() -> None:
    due = date(2026, 12, 5)
    assert is_overdue(due, date(2026, 12, 9), date(2026, 12, 20)) is False
    assert filed_on_time(due, date(2026, 12, 9)) is False
    assert filed_on_time(due, date(2026, 12, 5)) is True


def test_items_are_added_to_a_draft_only() -> None:
    assert can_add_items(RegisterStatus.draft) and not can_add_items(RegisterStatus.filed)


def test_an_item_moves_from_open_to_controlled_to_resolved_and_never_back() -> None:
    assert can_move_item(ItemStatus.open, ItemStatus.controlled)
    assert can_move_item(ItemStatus.open, ItemStatus.resolved)
    assert can_move_item(ItemStatus.controlled, ItemStatus.resolved)
    assert not can_move_item(ItemStatus.controlled, ItemStatus.controlled)
    assert not can_move_item(ItemStatus.resolved, ItemStatus.resolved)
    assert not can_move_item(ItemStatus.resolved, ItemStatus.open)
