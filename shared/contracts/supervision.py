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


class SpotCheckDrawn(msgspec.Struct, frozen=True):
    """抽查: a month's sample of a township's closed cases, with the seed that draws it again."""

    event_type = "spot_check.drawn.v1"
    spot_check_id: uuid.UUID
    month: str
    share: float
    seed: int
    population: int
    sampled: int


class SpotCheckVisited(msgspec.Struct, frozen=True):
    """A county return visit of one sampled case; `contradicts`: its verdict differs from the recorded one."""

    event_type = "spot_check.visited.v1"
    spot_check_id: uuid.UUID
    case_id: uuid.UUID
    verdict: str
    contradicts: bool


class SupervisionOrderIssued(msgspec.Struct, frozen=True):
    """督办单: the county demands a unit act on a case and reply by a date."""

    event_type = "supervision_order.issued.v1"
    order_id: uuid.UUID
    case_id: uuid.UUID
    unit: str
    document_number: str
    issued_on: date
    reply_due_on: date


class SupervisionOrderReplied(msgspec.Struct, frozen=True):
    """The township's reply to a supervision order; `late`: after its reply date."""

    event_type = "supervision_order.replied.v1"
    order_id: uuid.UUID
    case_id: uuid.UUID
    replied_on: date
    late: bool


class OnsiteSupervisionRecorded(msgspec.Struct, frozen=True):
    """现场督办: the county was on site for a case (the findings stay in supervision)."""

    event_type = "onsite_supervision.recorded.v1"
    onsite_id: uuid.UUID
    case_id: uuid.UUID
    visited_on: date


class OnsitePhotoAdded(msgspec.Struct, frozen=True):
    """A photo of an on-site supervision, JPEG or PNG, kept in supervision."""

    event_type = "onsite_supervision.photo_added.v1"
    onsite_id: uuid.UUID
    case_id: uuid.UUID
    photo_id: uuid.UUID
    media_type: str
    size: int


class FollowUpReported(msgspec.Struct, frozen=True):
    """续报 of a long-running case: on time or late, and when the next one is due (None: no more are)."""

    event_type = "follow_up_report.reported.v1"
    report_id: uuid.UUID
    case_id: uuid.UUID
    reported_on: date
    on_time: bool
    next_due_on: date | None


class HardCaseFlagged(msgspec.Struct, frozen=True):
    """疑难积案: by rule (`rule`: age, repeat or collective) or by hand."""

    event_type = "hard_case.flagged.v1"
    hard_case_id: uuid.UUID
    case_id: uuid.UUID
    matter_id: uuid.UUID
    source: str
    rule: str | None = None


class HardCaseChanged(msgspec.Struct, frozen=True):
    """A hard case's lead leader (包案领导) or coordinating units changed; `units`: the coordinating units' slugs."""

    event_type = "hard_case.changed.v1"
    hard_case_id: uuid.UUID
    case_id: uuid.UUID
    change: str
    units: tuple[str, ...] = ()


class HardCaseNoted(msgspec.Struct, frozen=True):
    """A hard case's monthly progress note (one per month)."""

    event_type = "hard_case.noted.v1"
    hard_case_id: uuid.UUID
    case_id: uuid.UUID
    month: str


class CaseMatterLinked(msgspec.Struct, frozen=True):
    """A confirmed repeat: the later petition's case now shares the earlier one's matter."""

    event_type = "case.matter_linked.v1"
    case_id: uuid.UUID
    earlier_case_id: uuid.UUID
    matter_id: uuid.UUID


class CalendarDay(msgspec.Struct, frozen=True):
    day: date
    label: str | None  # the holiday as the notice names it (春节); "name" is kept for people in events


class CalendarYearEntered(msgspec.Struct, frozen=True):
    """The county admin entered a year's State Council notice; it replaces that whole year wherever it is kept
    (intake's holiday screening periods come from its holidays)."""

    event_type = "calendar.year_entered.v1"
    year: int
    holidays: tuple[CalendarDay, ...]
    workdays: tuple[CalendarDay, ...]
    source: str
