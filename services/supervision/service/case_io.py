"""What supervision takes and answers for cases: shapes and limits checked on decoding; rules in the use cases."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import msgspec

from services.supervision.domain.case import Satisfaction
from shared.fields import Content, Note, Slug, Text
from shared.paging import Page
from shared.trail.timeline import TimelineEntry

Days = Annotated[int, msgspec.Meta(ge=1, le=365)]


class AssignIn(msgspec.Struct, forbid_unknown_fields=True):
    unit: Slug
    report_back_on: date | None = None
    note: Note = ""
    county_unit: bool = False  # True: `unit` is a county department, not one of the township's offices


class TransferIn(msgspec.Struct, forbid_unknown_fields=True):
    unit: Slug
    reason: Text
    county_unit: bool = False


class ReasonIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text


class ExtensionIn(msgspec.Struct, forbid_unknown_fields=True):
    days: Days
    reason: Text


class HearingIn(msgspec.Struct, forbid_unknown_fields=True):
    starts_on: date
    note: Note = ""


class HearingEndIn(msgspec.Struct, forbid_unknown_fields=True):
    ends_on: date


class OpinionIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Content


class SatisfactionIn(msgspec.Struct, forbid_unknown_fields=True):
    verdict: Satisfaction
    note: Note = ""


class UnitView(msgspec.Struct):
    slug: str
    name: str
    level: str


class ClockView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: str
    counting: str
    started_on: date
    days: int
    extended_days: int
    paused: bool
    due_on: date | None
    days_left: int | None
    stopped_on: date | None
    on_time: bool | None
    waiting_for_calendar: bool


class MoveView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    move: str
    from_unit: UnitView | None
    to_unit: UnitView | None
    moved_on: date
    report_back_on: date | None
    reason: str | None
    repeat_of: uuid.UUID | None
    by: str


class NoticeView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: str
    document_number: str
    issued_on: date
    text: str
    extension_days: int | None
    new_due_on: date | None
    issued_by: str


class SatisfactionView(msgspec.Struct, kw_only=True):
    opinion: str
    verdict: str
    source: str
    recorded_on: date
    note: str | None


class HearingView(msgspec.Struct, kw_only=True):
    starts_on: date
    ends_on: date | None
    note: str | None


class CaseView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    petition_id: uuid.UUID
    township: str
    village: str | None
    category: str
    kind: str
    people_count: int
    is_collective: bool
    accepted_on: date
    stage: str
    unit: UnitView | None
    handler: str | None
    # The clock the office owes next, with its days left (negative: overdue), for lists.
    next_due_on: date | None
    days_left: int | None
    overdue: bool


class CaseDetail(CaseView, kw_only=True):
    clocks: list[ClockView]
    moves: list[MoveView]
    notices: list[NoticeView]
    satisfaction: list[SatisfactionView]
    hearings: list[HearingView]
    actions: list[str]
    timeline: list[TimelineEntry]


CasePage = Page[CaseView]
