"""The county's oversight rules alone: order reply dates and lateness, photos by content, hard-case rules, the
month of a progress note, who owes follow-up reports, and the order's document number."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.supervision.domain import oversight as rules
from services.supervision.domain.case import CaseStage
from services.supervision.domain.documents import document_number
from services.supervision.domain.oversight import HardCaseRule
from shared.errors import RuleViolation, StateConflict

TODAY = date(2026, 3, 10)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100


def _violation(exc: pytest.ExceptionInfo[RuleViolation]) -> tuple[str, str]:
    v = exc.value.violations[0]
    return v.field, v.reason


def test_an_order_replies_in_the_default_days_unless_the_county_sets_a_later_date() -> None:
    assert rules.reply_due_on(TODAY, None, 30) == date(2026, 4, 9)
    assert rules.reply_due_on(TODAY, date(2026, 3, 20), 30) == date(2026, 3, 20)


@pytest.mark.parametrize("given", [TODAY, TODAY - timedelta(days=1)])
def test_a_reply_date_must_be_after_today(given: date) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.reply_due_on(TODAY, given, 30)
    assert _violation(exc) == ("reply_due_on", "not_after_today")


def test_a_reply_after_the_date_is_late_and_on_the_date_is_not() -> None:
    due = date(2026, 3, 20)
    assert not rules.reply_is_late(due, due)
    assert rules.reply_is_late(due, due + timedelta(days=1))


def test_an_unanswered_order_is_late_only_once_its_date_has_passed() -> None:
    due = date(2026, 3, 20)
    assert not rules.order_is_late(due, None, due)
    assert rules.order_is_late(due, None, due + timedelta(days=1))
    assert not rules.order_is_late(due, date(2026, 3, 19), date(2026, 5, 1))  # replied in time stays on time


def test_photos_are_judged_by_their_first_bytes() -> None:
    assert rules.photo_media_type(JPEG) == "image/jpeg"
    assert rules.photo_media_type(PNG) == "image/png"
    with pytest.raises(RuleViolation) as exc:
        rules.photo_media_type(EXE)  # whatever its name says
    assert _violation(exc) == ("file", "not_a_photo")


def test_an_empty_or_oversized_photo_is_refused() -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.photo_media_type(b"")
    assert _violation(exc) == ("file", "empty_file")
    assert rules.photo_media_type(JPEG[:3] + b"\x00" * (rules.MAX_PHOTO_BYTES - 3)) == "image/jpeg"
    with pytest.raises(RuleViolation) as exc:
        rules.photo_media_type(JPEG[:3] + b"\x00" * (rules.MAX_PHOTO_BYTES - 2))
    assert _violation(exc) == ("file", "photo_too_large")


def test_a_record_holds_nine_photos() -> None:
    rules.check_photo_room(8)
    with pytest.raises(RuleViolation) as exc:
        rules.check_photo_room(9)
    assert _violation(exc) == ("file", "too_many_photos")


@pytest.mark.parametrize(
    ("age", "matter_cases", "collective", "expected"),
    [
        (181, 1, False, HardCaseRule.age),
        (180, 1, False, None),  # open 180 days is not yet longer than 180
        (10, 3, False, HardCaseRule.repeat),
        (10, 2, False, None),
        (10, 1, True, HardCaseRule.collective),
        (200, 5, True, HardCaseRule.age),  # the first rule that holds is the one recorded
        (10, 4, True, HardCaseRule.repeat),
    ],
)
def test_the_rules_that_make_a_hard_case(
    age: int, matter_cases: int, collective: bool, expected: HardCaseRule | None
) -> None:
    accepted = TODAY - timedelta(days=age)
    assert rules.rule_for(accepted, TODAY, matter_cases, collective, 180, 3) == expected


def test_a_progress_note_is_of_its_month_and_missing_until_written() -> None:
    assert rules.month_of(TODAY) == "2026-03"
    assert rules.month_of(date(2026, 11, 30)) == "2026-11"
    assert rules.note_missing(None, TODAY)
    assert rules.note_missing("2026-02", TODAY)
    assert not rules.note_missing("2026-03", TODAY)


def test_follow_ups_are_owed_by_extended_or_hard_cases_in_handling() -> None:
    assert rules.needs_follow_up(CaseStage.handling, extended=True, hard=False)
    assert rules.needs_follow_up(CaseStage.handling, extended=False, hard=True)
    assert not rules.needs_follow_up(CaseStage.handling, extended=False, hard=False)
    assert not rules.needs_follow_up(CaseStage.in_review, extended=True, hard=True)
    with pytest.raises(StateConflict):
        rules.ensure_reportable(CaseStage.opinion_issued)


def test_a_visit_cannot_be_in_the_future() -> None:
    rules.not_in_future("visited_on", TODAY, TODAY)
    with pytest.raises(RuleViolation) as exc:
        rules.not_in_future("visited_on", TODAY + timedelta(days=1), TODAY)
    assert _violation(exc) == ("visited_on", "in_future")


def test_an_order_is_numbered_with_its_mark() -> None:
    assert document_number("大佳何镇", "order", 2026, 3) == "大佳何信督〔2026〕3号"
