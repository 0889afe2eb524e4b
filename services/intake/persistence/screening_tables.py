"""Tables of instability screening (不稳定因素排查): registers and their risk items, in intake's metadata."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.intake.persistence.tables import Base

# timestamptz: asyncpg binds with an explicit cast, and a naive cast would refuse aware datetimes.
_TZ = DateTime(timezone=True)


class ScreeningRegisterRow(Base):
    __tablename__ = "screening_register"
    __table_args__ = (UniqueConstraint("tenant_id", "period"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    period: Mapped[str]
    period_kind: Mapped[str]
    period_label: Mapped[str]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[str]
    opened_by: Mapped[str]
    opened_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    filed_at: Mapped[datetime | None] = mapped_column(_TZ)
    filed_on: Mapped[date | None]
    filed_by: Mapped[str | None]
    filed_by_name: Mapped[str | None]


class ScreeningItemRow(Base):
    __tablename__ = "screening_item"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    register_id: Mapped[uuid.UUID]
    description: Mapped[str]
    risk_level: Mapped[str]
    people_count: Mapped[int]
    responsible_person: Mapped[str]
    measures: Mapped[str]
    status: Mapped[str]
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    resolution_note: Mapped[str | None]
    resolved_at: Mapped[datetime | None] = mapped_column(_TZ)


class CalendarYearRow(Base):
    """One year of the county's calendar as intake keeps it: the holidays only (they set the screening periods).

    Seeded from the State Council notices (shared/state_council_calendar.py); a year the county admin enters in
    supervision arrives as calendar.year_entered.v1 and replaces the year whole. No tenant: the county's.
    """

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str]
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # [{"day": "2026-10-01", "name": "国庆节"}]
    entered_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
