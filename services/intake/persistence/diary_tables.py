"""Table of the sentiment diary (民情日记), in intake's metadata."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from services.intake.persistence.tables import Base

# timestamptz: asyncpg binds with an explicit cast, and a naive cast would refuse aware datetimes.
_TZ = DateTime(timezone=True)


class DiaryEntryRow(Base):
    __tablename__ = "diary_entry"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID]
    entry_date: Mapped[date]
    concern: Mapped[str]
    people_count: Mapped[int]
    category: Mapped[str]
    handled_on_spot: Mapped[str | None]
    status: Mapped[str]
    resolution_level: Mapped[str]
    resolution_note: Mapped[str | None]
    resolved_at: Mapped[datetime | None] = mapped_column(_TZ)
    resolved_by: Mapped[str | None]
    recorded_by: Mapped[str]
    recorded_by_name: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    petition_id: Mapped[uuid.UUID | None]
