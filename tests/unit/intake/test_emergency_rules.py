"""Deadline arithmetic of emergency help (应急求助, 急事急办): hours from receipt, and which step is overdue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from services.intake.domain.emergency import (
    EmergencyStatus,
    OverdueStep,
    can_resolve,
    can_respond,
    deadlines,
    on_time,
    overdue_step,
)
from services.intake.village_line_settings import VillageLineRules

RECEIVED = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)  # a Friday night: the clock runs over the weekend
DUE = deadlines(RECEIVED, 24, 72)


def test_the_defaults_are_24_hours_to_respond_and_72_to_resolve() -> None:
    rules = VillageLineRules()
    assert (rules.emergency_response_hours, rules.emergency_resolution_hours) == (24, 72)


def test_deadlines_count_clock_hours_from_receipt_weekends_included() -> None:
    assert DUE.respond_by == datetime(2026, 11, 21, 22, 30, tzinfo=UTC)
    assert DUE.resolve_by == datetime(2026, 11, 23, 22, 30, tzinfo=UTC)


def test_a_request_not_answered_within_the_response_deadline_is_overdue_for_response() -> None:
    late = DUE.respond_by + timedelta(minutes=1)
    assert (
        overdue_step(EmergencyStatus.received, DUE.respond_by, DUE.resolve_by, late) is OverdueStep.response
    )
    assert overdue_step(EmergencyStatus.received, DUE.respond_by, DUE.resolve_by, DUE.respond_by) is None


def test_a_request_being_handled_is_overdue_only_after_the_resolution_deadline() -> None:
    late_answer = DUE.respond_by + timedelta(hours=1)
    assert overdue_step(EmergencyStatus.responding, DUE.respond_by, DUE.resolve_by, late_answer) is None
    past = DUE.resolve_by + timedelta(seconds=1)
    assert (
        overdue_step(EmergencyStatus.responding, DUE.respond_by, DUE.resolve_by, past)
        is OverdueStep.resolution
    )


def test_past_both_deadlines_the_resolution_is_what_is_overdue() -> None:
    past = DUE.resolve_by + timedelta(days=1)
    assert (
        overdue_step(EmergencyStatus.received, DUE.respond_by, DUE.resolve_by, past) is OverdueStep.resolution
    )


def test_a_resolved_request_is_never_overdue() -> None:
    past = DUE.resolve_by + timedelta(days=30)
    assert overdue_step(EmergencyStatus.resolved, DUE.respond_by, DUE.resolve_by, past) is None


def test_on_time_includes_the_deadline_itself() -> None:
    assert on_time(DUE.respond_by, DUE.respond_by) and not on_time(
        DUE.respond_by + timedelta(seconds=1), DUE.respond_by
    )


def test_a_request_is_responded_to_once_and_resolved_once() -> None:
    assert can_respond(EmergencyStatus.received)
    assert not can_respond(EmergencyStatus.responding) and not can_respond(EmergencyStatus.resolved)
    assert can_resolve(EmergencyStatus.received) and can_resolve(EmergencyStatus.responding)
    assert not can_resolve(EmergencyStatus.resolved)


def test_a_resolution_deadline_shorter_than_the_response_deadline_is_refused() -> None:
    with pytest.raises(ValidationError):
        VillageLineRules(emergency_response_hours=48, emergency_resolution_hours=24)
