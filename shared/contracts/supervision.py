"""Events supervision publishes: a case's moves, clocks, reminders and its end.

Ids, unit slugs, codes and dates: what the petitioner said and who they are stays in intake.
"""

from __future__ import annotations

import uuid
from datetime import date

import msgspec


class CaseOpened(msgspec.Struct, frozen=True):
    event_type = "case.opened.v1"
    case_id: uuid.UUID
    petition_id: uuid.UUID
    unit: str | None
    category: str
    kind: str
    village: str | None
    accepted_on: date
    handling_due_on: date


class CaseMoved(msgspec.Struct, frozen=True):
    """路由 / 交办 / 转办 / 异议: the case changes hands (or a unit says it is not competent)."""

    event_type = "case.moved.v1"
    case_id: uuid.UUID
    move: str
    from_unit: str | None
    to_unit: str | None
    report_back_on: date | None = None
    repeat_of: uuid.UUID | None = None


class CaseClockChanged(msgspec.Struct, frozen=True):
    """A statutory clock started, was extended, paused for a hearing, resumed, or stopped."""

    event_type = "case.clock_changed.v1"
    case_id: uuid.UUID
    clock: str
    change: str
    due_on: date | None
    days_left: int | None = None


class CaseStageChanged(msgspec.Struct, frozen=True):
    """处理意见 / 满意度 / 复查 / 复核: the case's stage after a step, with the verdict when one was given."""

    event_type = "case.stage_changed.v1"
    case_id: uuid.UUID
    petition_id: uuid.UUID
    stage: str
    on: date
    satisfaction: str | None = None
    on_time: bool | None = None


class CaseClosedForGood(msgspec.Struct, frozen=True):
    """复核 answered: the matter is closed for good (不再受理); intake flags a new petition of the same matter."""

    event_type = "case.closed_for_good.v1"
    case_id: uuid.UUID
    petition_id: uuid.UUID
    matter_id: uuid.UUID
    closed_on: date


class ReminderFired(msgspec.Struct, frozen=True):
    """催办 before a deadline, 升级 after it (township leader first, then the county); each fires once."""

    event_types = ("reminder.sent.v1", "reminder.escalated.v1")
    reminder_id: uuid.UUID
    case_id: uuid.UUID
    clock: str
    point: str
    audience: str
    due_on: date
    days_left: int
