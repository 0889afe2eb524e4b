"""The reporting calendar of information reports (docs/reporting.md, "Information reports"), worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.reporting.domain import information_report as rules
from services.reporting.domain.figures import Month
from services.reporting.domain.information_report import COUNTY, ScreeningCounts, SourceKind, Status
from services.reporting.information_report_settings import InformationReportCalendar
from shared.clock import CHINA
from shared.errors import RuleViolation, StateConflict

DEFAULT = InformationReportCalendar()


def china(y: int, m: int, d: int, h: int = 0, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=CHINA)


def test_the_defaults_are_the_fifth_day_a_day_for_a_collective_petition_and_two_hours_for_an_emergency():
    assert (DEFAULT.regular_due_day, DEFAULT.major_matter_hours, DEFAULT.emergency_hours) == (5, 24, 2)


def test_a_regular_report_is_due_by_the_end_of_the_fifth_day_after_its_month():
    due = rules.regular_due(Month(2026, 11), DEFAULT)
    assert due.on == date(2026, 12, 5)
    assert due.at == china(2026, 12, 6)  # 24:00 on the 5th, China time
    assert due.at.astimezone(UTC) == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)


def test_a_december_report_is_due_in_january_and_the_day_is_a_setting():
    assert rules.regular_due(Month(2026, 12), DEFAULT).on == date(2027, 1, 5)
    assert rules.regular_due(Month(2027, 1), InformationReportCalendar(regular_due_day=10)).on == date(
        2027, 2, 10
    )
    # February has 28 days in 2027: the fifth day after is 5 March either way.
    assert rules.regular_due(Month(2027, 2), DEFAULT).on == date(2027, 3, 5)


def test_a_collective_petition_is_due_24_hours_after_its_registration():
    raised = china(2026, 11, 3, 9, 30)
    due = rules.major_matter_due(SourceKind.collective_petition, raised, DEFAULT)
    assert (due.at, due.on) == (china(2026, 11, 4, 9, 30), date(2026, 11, 4))


def test_an_emergency_is_due_two_hours_after_it_was_received():
    raised = china(2026, 11, 3, 23, 0)
    due = rules.major_matter_due(SourceKind.emergency, raised, DEFAULT)
    assert due.at == china(2026, 11, 4, 1, 0)
    assert due.on == date(2026, 11, 4)  # the county's day, though it is still the 3rd in UTC
    assert rules.major_matter_hours(SourceKind.emergency, InformationReportCalendar(emergency_hours=4)) == 4


def test_a_limit_of_exactly_midnight_counts_in_the_day_that_ends_there():
    due = rules.major_matter_due(SourceKind.emergency, china(2026, 11, 30, 22, 0), DEFAULT)
    assert due.at == china(2026, 12, 1)
    assert due.on == date(2026, 11, 30)  # November's figure


def test_on_time_is_before_the_limit_and_late_at_or_after_it():
    due = china(2026, 12, 6)
    assert rules.is_on_time(due, due - timedelta(seconds=1))
    assert not rules.is_on_time(due, due)
    assert rules.status(due, due - timedelta(hours=1), now=due + timedelta(days=3)) is Status.on_time
    assert rules.status(due, due + timedelta(hours=1), now=due + timedelta(days=3)) is Status.late


def test_an_unsubmitted_report_is_a_draft_until_it_is_due_then_overdue():
    due = china(2026, 12, 6)
    assert rules.status(due, None, now=due - timedelta(minutes=1)) is Status.draft
    assert rules.status(due, None, now=due) is Status.overdue


def test_a_month_is_reported_on_from_its_first_day_never_before():
    assert rules.draftable_period(Month(2026, 12), date(2026, 12, 1)) == Month(2026, 12)
    with pytest.raises(RuleViolation) as refused:
        rules.draftable_period(Month(2027, 1), date(2026, 12, 31))
    assert [(v.field, v.reason) for v in refused.value.violations] == [("period", "period_in_future")]


def test_a_submitted_report_is_frozen():
    rules.ensure_editable(None)
    with pytest.raises(StateConflict):
        rules.ensure_editable(china(2026, 12, 1))


def test_the_draft_text_carries_the_months_counts_and_the_county_lists_its_townships():
    counts = {"dajiahe": ScreeningCounts(3, 2, 1), "changjie": ScreeningCounts(1, 0, 1)}
    body = rules.regular_body(Month(2026, 11), COUNTY, counts, collective=2, emergencies=1)
    assert body.startswith(
        "2026年11月，全县排查登记不稳定因素4件，稳控2件，化解2件；发生集体访2件，紧急求助1起。"
    )
    assert "changjie：排查1件，稳控0件，化解1件。" in body
    assert rules.regular_title(Month(2026, 11), COUNTY) == "全县2026年11月信访信息（定期）"
    own = rules.regular_body(Month(2026, 11), "dajiahe", {"dajiahe": counts["dajiahe"]}, 0, 0)
    assert "本乡镇（街道）排查登记不稳定因素3件" in own and "dajiahe：" not in own


def test_a_major_matters_draft_names_its_time_and_limit_and_no_one():
    body = rules.major_matter_body(SourceKind.emergency, china(2026, 11, 3, 8, 5), 12, 2)
    assert body.startswith("2026年11月3日08时05分，接到紧急求助，涉及12人。")
    assert "2小时内" in body
    assert rules.major_matter_title(SourceKind.collective_petition, date(2026, 11, 3)) == (
        "重大事项信息（集体访）：2026年11月3日"
    )
