"""What instability screening takes and answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from services.intake.domain.screening import RiskLevel
from shared.fields import Name, Note, PeopleCount, Slug, Text
from shared.paging import Page
from shared.trail.timeline import TimelineEntry

PeriodId = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-[a-z0-9][a-z0-9-]{1,40}$")]


class RegisterOpenIn(msgspec.Struct, forbid_unknown_fields=True):
    period: PeriodId  # "2026-11" or a configured holiday period, "2026-spring-festival"
    township: Slug | None = None


class ScreeningItemIn(msgspec.Struct, forbid_unknown_fields=True):
    description: Text
    risk_level: RiskLevel
    responsible_person: Name  # 责任人: a cadre, named so the county knows whom to ask
    measures: Text  # 稳控化解措施
    people_count: PeopleCount = 1
    village: Slug | None = None


class ItemResolveIn(msgspec.Struct, forbid_unknown_fields=True):
    status: Literal["controlled", "resolved"] = "resolved"
    note: Note | None = None


class ScreeningItemView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    village: str | None
    description: str
    risk_level: str
    people_count: int
    responsible_person: str
    measures: str
    status: str
    recorded_at: datetime
    resolution_note: str | None
    resolved_at: datetime | None


class RegisterView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    township: str
    township_name: str
    period: str
    period_kind: str
    period_label: str
    starts_on: date
    ends_on: date
    due_on: date
    status: str
    overdue: bool
    filed_on: date | None
    on_time: bool | None
    filed_by_name: str | None
    item_count: int


class RegisterDetail(RegisterView, kw_only=True):
    items: list[ScreeningItemView]
    timeline: list[TimelineEntry]


RegisterPage = Page[RegisterView]
