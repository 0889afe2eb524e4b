"""What training records' API takes and answers (msgspec structs: the OpenAPI document is made from them).

Hours travel as numbers with one decimal (2.5); inside they are Decimals, so sums do not drift.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec

from services.training_records.domain.training import Level, SessionType
from shared.fields import Name, Slug

Topic = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Place = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Hours = Annotated[float, msgspec.Meta(ge=0, le=200)]
People = Annotated[list[Name], msgspec.Meta(max_length=30)]
UserId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Status = Annotated[str, msgspec.Meta(pattern=r"^(present|absent|excused)$")]


class SessionIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    session_type: SessionType
    topic: Topic
    starts_at: datetime
    hours: Hours
    place: Place
    level: Level
    township: Slug | None = None  # required for a township session; none for the county's
    organiser: Place | None = None  # default: the county petition bureau, or the township's office
    trainers: People = []
    speakers: People = []


class MaterialView(msgspec.Struct):
    id: uuid.UUID
    filename: str
    media_type: str
    size_bytes: int
    added_at: datetime


class SessionView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    session_type: str
    session_type_label: str
    topic: str
    starts_at: datetime
    held_on: date
    hours: float
    place: str
    level: str
    township: str | None
    township_name: str | None
    organiser: str
    trainers: list[str]
    speakers: list[str]
    recorded_by: str
    recorded_at: datetime
    attendees: int = 0
    present: int = 0
    materials: list[MaterialView] = []


class SessionPage(msgspec.Struct):
    items: list[SessionView]
    total: int
    page: int
    page_size: int


class AttendanceEntryIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    cadre_id: UserId
    status: Status
    hours: Hours | None = None  # present without hours: the whole session


class AttendanceIn(msgspec.Struct, forbid_unknown_fields=True):
    entries: Annotated[list[AttendanceEntryIn], msgspec.Meta(min_length=1, max_length=2000)]


class AttendanceView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    cadre_id: str
    full_name: str
    username: str
    township: str
    status: str
    hours: float
    source: str
    recorded_at: datetime
    corrected_at: datetime | None
    still_serving: bool


class AttendanceResult(msgspec.Struct, kw_only=True):
    """What a form or an imported sheet changed: new rows, corrected rows, rows already as given."""

    recorded: int
    corrected: int
    unchanged: int
    attendance: list[AttendanceView]


class CadreView(msgspec.Struct, kw_only=True):
    user_id: str
    username: str
    full_name: str
    township: str
    roles: list[str]
    active: bool
    left_at: datetime | None


class CadreYearView(msgspec.Struct, kw_only=True):
    user_id: str
    full_name: str
    township: str
    required: float
    hours: float
    missing: float
    still_serving: bool


class CoverageRow(msgspec.Struct, kw_only=True):
    township: str
    township_name: str
    cadres: int
    covered: int
    up_to_standard: int
    hours: float
    coverage_rate: float | None
    standard_rate: float | None


class CoverageView(msgspec.Struct, kw_only=True):
    year: int
    county: CoverageRow
    townships: list[CoverageRow]


class HoursLine(msgspec.Struct, kw_only=True):
    session_id: uuid.UUID
    held_on: date
    session_type: str
    session_type_label: str
    topic: str
    organiser: str
    status: str
    hours: float


class MyYearView(msgspec.Struct, kw_only=True):
    year: int
    cadre: CadreYearView
    sessions: list[HoursLine]
