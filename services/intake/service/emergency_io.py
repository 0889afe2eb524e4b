"""What emergency help takes and answers; the requester's phone only ever masked here."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from services.intake.service.inputs import Slug
from shared.trail.timeline import TimelineEntry

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class EmergencyIn(msgspec.Struct, forbid_unknown_fields=True):
    what_happened: Text
    contact_phone: Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
    people_affected: Annotated[int, msgspec.Meta(ge=1, le=100000)] = 1
    # When the call or visit came in, if it is registered later; the deadlines run from it. Default: now.
    received_at: Annotated[datetime, msgspec.Meta(tz=True)] | None = None
    township: Slug | None = None
    village: Slug | None = None


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Text


class EmergencyView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    township: str
    village: str | None
    what_happened: str
    people_affected: int
    contact_phone: str
    contact_phone_masked: bool = True
    received_at: datetime
    respond_by: datetime
    resolve_by: datetime
    status: str
    overdue: bool
    overdue_step: str | None
    responded_at: datetime | None
    response_note: str | None
    resolved_at: datetime | None
    resolution_note: str | None


class EmergencyDetail(EmergencyView, kw_only=True):
    timeline: list[TimelineEntry]


class EmergencyPage(msgspec.Struct):
    items: list[EmergencyView]
    total: int
    page: int
    page_size: int
