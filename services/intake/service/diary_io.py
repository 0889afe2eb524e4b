"""What the sentiment diary takes and answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec

from services.intake.domain.diary import SettledLevel
from services.intake.domain.petition import Category, Channel, Kind
from services.intake.service.inputs import PetitionerIn
from shared.fields import Content, Note, PeopleCount, Text
from shared.paging import Page
from shared.trail.timeline import TimelineEntry


class DiaryEntryIn(msgspec.Struct, forbid_unknown_fields=True):
    entry_date: date
    concern: Text
    category: Category
    people_count: PeopleCount = 1
    handled_on_spot: Note | None = None
    resolved_on_spot: bool = False  # 当场化解: settled in the village as it was raised


class DiaryResolveIn(msgspec.Struct, forbid_unknown_fields=True):
    level: SettledLevel
    note: Text


class DiaryPetitionIn(msgspec.Struct, forbid_unknown_fields=True):
    """What a petition needs that the diary does not hold: the petitioners (the diary keeps no ID numbers)."""

    kind: Kind
    petitioners: Annotated[list[PetitionerIn], msgspec.Meta(min_length=1, max_length=200)]
    channel: Channel = Channel.visit
    content: Content | None = None


class DiaryEntryView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    township: str
    village: str
    village_name: str
    entry_date: date
    concern: str
    people_count: int
    category: str
    handled_on_spot: str | None
    status: str
    resolution_level: str
    resolution_note: str | None
    resolved_at: datetime | None
    recorded_by_name: str
    recorded_at: datetime
    petition_id: uuid.UUID | None


class DiaryEntryDetail(DiaryEntryView, kw_only=True):
    timeline: list[TimelineEntry]


DiaryPage = Page[DiaryEntryView]
