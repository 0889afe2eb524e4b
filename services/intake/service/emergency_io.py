"""What emergency help takes and answers; the requester's phone only ever masked here."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from shared.fields import PeopleCount, Slug, Text
from shared.paging import Page
from shared.trail.timeline import TimelineEntry


class EmergencyIn(msgspec.Struct, forbid_unknown_fields=True):
    what_happened: Text
    contact_phone: Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
    people_affected: PeopleCount = 1
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


EmergencyPage = Page[EmergencyView]
