"""What the county's oversight of a case takes and answers: shapes and limits checked on decoding; rules in the
use cases and services/supervision/domain/oversight.py."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import msgspec

from shared.fields import Content, Name, Slug, Text
from shared.paging import Page

RoleText = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    demand: Content
    reply_due_on: date | None = None  # default: order_reply_days from today


class ReplyIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Content


class OnsiteIn(msgspec.Struct, forbid_unknown_fields=True):
    visited_on: date
    place: Text
    participants: Text
    findings: Content


class FollowUpIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Content


class HardCaseIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text


class LeadIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    role: RoleText


class UnitsIn(msgspec.Struct, forbid_unknown_fields=True):
    units: Annotated[list[Slug], msgspec.Meta(max_length=20)]


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Content


class OrderView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    case_id: uuid.UUID
    township: str
    unit: str
    document_number: str
    demand: str
    issued_on: date
    reply_due_on: date
    issued_by: str
    replied_on: date | None
    reply: str | None
    replied_by: str | None
    open: bool
    # Replied after the date, or (still open) past it.
    late: bool


OrderPage = Page[OrderView]


class PhotoView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    media_type: str
    size: int
    sha256: str


class OnsiteView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    case_id: uuid.UUID
    visited_on: date
    place: str
    participants: str
    findings: str
    recorded_by: str
    photos: list[PhotoView]


class FollowUpView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    reported_on: date
    due_on: date | None
    on_time: bool
    text: str
    by: str


class FollowUps(msgspec.Struct, kw_only=True):
    """A case's follow-up reports, and the next one's due date while one is owed."""

    reports: list[FollowUpView]
    next_due_on: date | None
    days_left: int | None


class LeadView(msgspec.Struct):
    name: str
    role: str


class NoteView(msgspec.Struct, kw_only=True):
    month: str
    text: str
    written_on: date
    by: str


class HardCaseView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    case_id: uuid.UUID
    township: str
    village: str | None
    category: str
    stage: str
    accepted_on: date
    age_days: int
    flagged_on: date
    source: str
    rule: str | None
    reason: str | None
    lead: LeadView | None
    coordinating_units: list[str]
    last_note: NoteView | None
    note_missing: bool  # this month's progress note is not written yet


class HardCaseDetail(HardCaseView, kw_only=True):
    notes: list[NoteView]


HardCasePage = Page[HardCaseView]


class FlagRun(msgspec.Struct, kw_only=True):
    """One run of the county's rules: the cases it flagged now (those flagged before are not counted)."""

    flagged: int
    case_ids: list[uuid.UUID]
