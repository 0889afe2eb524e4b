"""Statutory clocks of a case: when each falls due, how extension and a hearing's pause move it, and its reminders.

A clock is either a duty (the office owes an act by its due date: reminded before, escalated after) or a window
(someone may act until it closes: the petitioner's right to request review, a unit's right to object). Due dates
count from the day after the start (民法典 art. 201); a hearing's days do not count (信访工作条例: 听证时间不计入).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.supervision.domain.calendar import DayCounting, WorkingCalendar, due_on, is_working_day
from shared.errors import RuleViolation, StateConflict


class ClockKind(enum.StrEnum):
    handling = "handling"  # 处理意见书: 60 days from acceptance
    review_window = "review_window"  # 请求复查: 30 days from the opinion
    review = "review"  # 复查意见: 30 days from the request
    reexamination_window = "reexamination_window"  # 请求复核: 30 days from the review opinion
    reexamination = "reexamination"  # 复核意见: 30 days from the request
    objection_window = "objection_window"  # 异议: 5 working days from receipt
    report_back = "report_back"  # 交办回复: the date the assigning level set
    order_reply = "order_reply"  # 督办单回复: 30 days from the order
    follow_up = "follow_up"  # 续报: the next progress report of a long-running matter


DUTIES = frozenset(
    {ClockKind.handling, ClockKind.review, ClockKind.reexamination, ClockKind.report_back, ClockKind.order_reply,
     ClockKind.follow_up}
)  # fmt: skip


WINDOWS = frozenset({ClockKind.review_window, ClockKind.reexamination_window, ClockKind.objection_window})
# The clocks a hearing stops: the office's own handling time, not the petitioner's time to appeal.
PAUSABLE = frozenset({ClockKind.handling, ClockKind.review, ClockKind.reexamination})


class Audience(enum.StrEnum):
    unit = "unit"  # the responsible unit and its handler
    township_leader = "township_leader"
    county_officer = "county_officer"
    none = "none"  # a window closing tells nobody: it changes the case


@dataclass(frozen=True)
class ClockState:
    kind: ClockKind
    counting: DayCounting
    started_on: date
    days: int
    extended_days: int = 0
    paused_days: int = 0
    paused_since: date | None = None
    stopped_on: date | None = None

    @property
    def running(self) -> bool:
        return self.stopped_on is None and self.paused_since is None


def due_date(clock: ClockState, cal: WorkingCalendar) -> date | None:
    """None while paused: nobody can say when a hearing ends."""
    if clock.paused_since is not None:
        return None
    total = clock.days + clock.extended_days + clock.paused_days
    return due_on(clock.started_on, total, clock.counting, cal)


def days_left(due: date | None, today: date) -> int | None:
    """Calendar days from today to the due date, negative once overdue; what every list shows."""
    return None if due is None else (due - today).days


def extend(clock: ClockState, days: int, max_days: int, today: date, cal: WorkingCalendar) -> ClockState:
    """延长办理期限: once per clock in all at most `max_days`, before the clock has run out."""
    if clock.kind is not ClockKind.handling:
        raise StateConflict("only the handling period can be extended")
    if clock.stopped_on is not None:
        raise StateConflict("this period has already ended")
    if days < 1:
        raise RuleViolation("days", "out_of_range")
    if clock.extended_days + days > max_days:
        raise RuleViolation("days", "too_large")
    due = due_date(clock, cal)
    if due is not None and today > due:
        raise StateConflict("the handling period has already run out; it can no longer be extended")
    return replace(clock, extended_days=clock.extended_days + days)


def pause(clock: ClockState, starts_on: date) -> ClockState:
    if clock.kind not in PAUSABLE or clock.stopped_on is not None:
        raise StateConflict("no running handling period to pause")
    if clock.paused_since is not None:
        raise StateConflict("a hearing is already pausing this period")
    if starts_on < clock.started_on:
        raise RuleViolation("starts_on", "out_of_range")
    return replace(clock, paused_since=starts_on)


def resume(clock: ClockState, ends_on: date, cal: WorkingCalendar) -> ClockState:
    """The hearing's days, first and last included, are added in the clock's own counting."""
    if clock.paused_since is None:
        raise StateConflict("no hearing is pausing this period")
    if ends_on < clock.paused_since:
        raise RuleViolation("ends_on", "out_of_range")
    held = _days_in(clock.paused_since, ends_on, clock.counting, cal)
    return replace(clock, paused_since=None, paused_days=clock.paused_days + held)


def _days_in(first: date, last: date, counting: DayCounting, cal: WorkingCalendar) -> int:
    span = (last - first).days + 1
    if counting is DayCounting.calendar:
        return span
    return sum(is_working_day(first + timedelta(days=i), cal) for i in range(span))


def stop(clock: ClockState, on: date) -> ClockState:
    if clock.stopped_on is not None:
        raise StateConflict("this period has already ended")
    return replace(clock, stopped_on=on, paused_since=None)


@dataclass(frozen=True)
class ReminderPoint:
    point: str
    audience: Audience
    fires_on: date


def reminder_points(
    kind: ClockKind, started_on: date, due: date, days_before: list[int], county_after: int
) -> list[ReminderPoint]:
    """Duties: 催办 `days_before` the due date (none before the start), then the township leader the day after it,
    the county officer `county_after` days later. Windows: one point, the day after, that closes the window."""
    after = due + timedelta(days=1)
    if kind in WINDOWS:
        return [ReminderPoint("lapse", Audience.none, after)]
    before = [
        ReminderPoint(f"before_{n}", Audience.unit, due - timedelta(days=n))
        for n in days_before
        if due - timedelta(days=n) > started_on
    ]
    return [
        *before,
        ReminderPoint("overdue", Audience.township_leader, after),
        ReminderPoint("overdue_county", Audience.county_officer, after + timedelta(days=county_after)),
    ]


def is_escalation(point: str) -> bool:
    return point.startswith("overdue")
