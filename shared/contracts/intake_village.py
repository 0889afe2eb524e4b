"""Events of intake's village line: the sentiment diary, screening registers and emergency help.

Ids, codes, counts and dates only: what villagers said and who they are stays in intake; a consumer that
needs more reloads it through the API under its own caller's scope.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import msgspec


class DiaryRecorded(msgspec.Struct, frozen=True):
    event_type = "diary.recorded.v1"
    diary_entry_id: uuid.UUID
    village: str
    entry_date: date
    category: str
    people_count: int


class DiaryResolved(msgspec.Struct, frozen=True):
    """Every resolution raises this, also one on the spot at recording: reporting counts levels from it."""

    event_type = "diary.resolved.v1"
    diary_entry_id: uuid.UUID
    village: str
    category: str
    resolution_level: str
    resolved_on: date


class DiaryConverted(msgspec.Struct, frozen=True):
    event_type = "diary.converted.v1"
    diary_entry_id: uuid.UUID
    petition_id: uuid.UUID
    village: str


class ScreeningRegisterOpened(msgspec.Struct, frozen=True):
    event_type = "screening.register_opened.v1"
    register_id: uuid.UUID
    period: str
    period_kind: str
    due_on: date


class ScreeningItemRecorded(msgspec.Struct, frozen=True):
    event_type = "screening.item_recorded.v1"
    register_id: uuid.UUID
    item_id: uuid.UUID
    period: str
    risk_level: str
    people_count: int
    village: str | None


class ScreeningItemResolved(msgspec.Struct, frozen=True):
    """`status` is controlled (稳控) or resolved (化解)."""

    event_type = "screening.item_resolved.v1"
    register_id: uuid.UUID
    item_id: uuid.UUID
    period: str
    risk_level: str
    status: str


class ScreeningRegisterFiled(msgspec.Struct, frozen=True):
    """`nothing_found`: a zero report (零报告), filed with no items."""

    event_type = "screening.register_filed.v1"
    register_id: uuid.UUID
    period: str
    period_kind: str
    due_on: date
    filed_on: date
    on_time: bool
    item_count: int
    high_risk_count: int
    nothing_found: bool


class EmergencyRequested(msgspec.Struct, frozen=True):
    event_type = "emergency.requested.v1"
    request_id: uuid.UUID
    village: str | None
    people_affected: int
    received_at: datetime
    respond_by: datetime
    resolve_by: datetime


class EmergencyResponded(msgspec.Struct, frozen=True):
    event_type = "emergency.responded.v1"
    request_id: uuid.UUID
    responded_at: datetime
    on_time: bool


class EmergencyResolved(msgspec.Struct, frozen=True):
    event_type = "emergency.resolved.v1"
    request_id: uuid.UUID
    resolved_at: datetime
    on_time: bool
