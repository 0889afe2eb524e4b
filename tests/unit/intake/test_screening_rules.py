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
    holiday_periods,
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


# The State Council's 2026 notice (国办发明电〔2025〕7号), written out by hand: the days off of each holiday.
NOTICE_2026 = [
    *[(date(2026, 1, d), "元旦") for d in (1, 2, 3)],
    *[(date(2026, 2, d), "春节") for d in range(15, 24)],
    *[(date(2026, 4, d), "清明节") for d in (4, 5, 6)],
    *[(date(2026, 5, d), "劳动节") for d in range(1, 6)],
    *[(date(2026, 6, d), "端午节") for d in (19, 20, 21)],
    *[(date(2026, 9, d), "中秋节") for d in (25, 26, 27)],
    *[(date(2026, 10, d), "国庆节") for d in range(1, 8)],
]
PERIODS_2026 = holiday_periods(NOTICE_2026, RULES.screened_holidays)


def test_a_holiday_register_is_due_the_day_its_holiday_starts() -> None:
    p = period_of("2026-spring-festival", RULES, PERIODS_2026)
    assert p is not None and p.kind is PeriodKind.holiday and p.label == "春节"
    assert (p.due_on, p.starts_on, p.ends_on) == (date(2026, 2, 15), date(2026, 2, 15), date(2026, 2, 23))


def test_the_calendar_gives_the_five_screened_holidays_and_the_settings_two_sessions() -> None:
    assert sorted(p.period for p in PERIODS_2026) == [
        "2026-labour-day", "2026-national-day", "2026-new-year", "2026-qingming", "2026-spring-festival",
    ]  # fmt: skip
    assert period_of("2026-two-sessions", RULES, PERIODS_2026).starts_on == date(2026, 3, 3)
    assert period_of("2026-mid-autumn", RULES, PERIODS_2026) is None  # a holiday, but not a screened one


def test_a_year_nobody_entered_has_no_holiday_periods_but_keeps_its_set_ones() -> None:
    assert period_of("2027-spring-festival", RULES, []) is None
    assert period_of("2027-two-sessions", RULES, []) is not None


def test_a_new_year_that_starts_in_december_belongs_to_the_new_year() -> None:
    days = [(date(2023, 12, 30), "元旦"), (date(2023, 12, 31), "元旦"), (date(2024, 1, 1), "元旦")]
    (p,) = holiday_periods(days, RULES.screened_holidays)
    assert (p.period, p.starts_on, p.ends_on) == ("2024-new-year", date(2023, 12, 30), date(2024, 1, 1))


def test_national_day_with_mid_autumn_inside_it_is_one_period() -> None:
    days = [(date(2025, 10, d), "中秋节" if d == 6 else "国庆节") for d in range(1, 9)]
    (p,) = holiday_periods(days, RULES.screened_holidays)
    assert (p.code, p.starts_on, p.ends_on) == ("national-day", date(2025, 10, 1), date(2025, 10, 8))


def test_a_county_can_screen_another_holiday_and_add_its_own_period() -> None:
    extra = HolidayPeriod(
        code="county-fair", label="物资交流会", starts_on=date(2026, 8, 8), ends_on=date(2026, 8, 10)
    )
    rules = VillageLineRules(
        screened_holidays={**RULES.screened_holidays, "中秋节": "mid-autumn"}, other_periods=[extra]
    )
    periods = holiday_periods(NOTICE_2026, rules.screened_holidays)
    assert period_of("2026-mid-autumn", rules, periods).due_on == date(2026, 9, 25)
    assert period_of("2026-county-fair", rules, periods).due_on == date(2026, 8, 8)
    assert period_of("2026-two-sessions", rules, periods) is None  # replaced by the county's own list


@pytest.mark.parametrize(
    "period", ["2026-13", "2026-00", "2026-1", "2028-spring-festival", "2026-mid-autumn", ""]
)
def test_a_period_that_is_neither_a_month_nor_a_set_holiday_is_unknown(period: str) -> None:
    assert period_of(period, RULES, PERIODS_2026) is None


def test_settings_with_one_period_twice_or_one_code_twice_are_refused() -> None:
    twice = RULES.other_periods[0]
    with pytest.raises(ValidationError):
        VillageLineRules(other_periods=[twice, twice])
    with pytest.raises(ValidationError):
        VillageLineRules(screened_holidays={"春节": "spring", "元旦": "spring"})
    with pytest.raises(ValidationError):
        VillageLineRules(screened_holidays={"两会": "two-sessions"})  # the code of a set period


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


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_a_month_of_no_real_year_is_unknown_not_an_error(period: str) -> None:
    assert period_of(period, RULES) is None
