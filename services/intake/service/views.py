"""What intake answers: petitions with personal data masked, their timeline, decisions and links."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import msgspec

from shared.paging import Page
from shared.trail.timeline import TimelineEntry


class PetitionerView(msgspec.Struct):
    id: uuid.UUID
    name: str
    id_number: str | None
    phone: str | None
    is_representative: bool
    masked: bool = True


class AttachmentView(msgspec.Struct):
    id: uuid.UUID
    filename: str
    media_type: str
    size: int
    sha256: str


class RepeatCandidateView(msgspec.Struct):
    petition_id: uuid.UUID
    score: float
    reasons: list[dict[str, Any]]
    decision: str = "suggested"
    received_on: date | None = None
    summary: str | None = None


class ClosedForGoodView(msgspec.Struct):
    """不再受理: the earlier petition of this matter closed for good after re-examination (复核), and whether
    the link to it is confirmed or only suggested by the matcher (services/intake/domain/closed_matter.py)."""

    petition_id: uuid.UUID
    closed_on: date
    confirmed: bool


class AcceptanceView(msgspec.Struct):
    decision: str
    reason: str | None
    forwarded_to: str | None
    decided_by: str
    decided_on: date
    on_time: bool
    document_number: str


class InstructionView(msgspec.Struct):
    id: uuid.UUID
    leader_name: str
    text: str
    instructed_at: datetime


class PetitionSummary(msgspec.Struct):
    id: uuid.UUID
    township: str
    village: str | None
    channel: str
    category: str
    kind: str
    summary: str
    received_on: date
    status: str
    acceptance_due_on: date
    people_count: int
    is_collective: bool
    is_skip_level: bool
    is_repeat_suspected: bool
    is_repeat: bool
    closed_for_good: ClosedForGoodView | None = None


class PetitionDetail(msgspec.Struct):
    id: uuid.UUID
    township: str
    township_name: str
    village: str | None
    village_name: str | None
    channel: str
    category: str
    kind: str
    content: str
    received_on: date
    registered_at: datetime
    registered_by: str
    registration_level: str
    status: str
    acceptance_due_on: date
    people_count: int
    is_collective: bool
    is_skip_level: bool
    is_repeat_suspected: bool
    is_repeat: bool
    petitioners: list[PetitionerView]
    attachments: list[AttachmentView]
    repeat_candidates: list[RepeatCandidateView]
    acceptance: AcceptanceView | None
    instructions: list[InstructionView]
    timeline: list[TimelineEntry]
    closed_for_good: ClosedForGoodView | None = None


PetitionPage = Page[PetitionSummary]
