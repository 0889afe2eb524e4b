"""Table of emergency help requests (应急求助), in intake's metadata; the phone only encrypted or masked."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from services.intake.persistence.tables import Base

# timestamptz: asyncpg binds with an explicit cast, and a naive cast would refuse aware datetimes.
_TZ = DateTime(timezone=True)


class EmergencyRequestRow(Base):
    __tablename__ = "emergency_request"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    what_happened: Mapped[str]
    people_affected: Mapped[int]
    contact_phone_enc: Mapped[bytes]
    contact_phone_masked: Mapped[str]
    received_at: Mapped[datetime] = mapped_column(_TZ)
    respond_by: Mapped[datetime] = mapped_column(_TZ)
    resolve_by: Mapped[datetime] = mapped_column(_TZ)
    status: Mapped[str]
    requested_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    responded_at: Mapped[datetime | None] = mapped_column(_TZ)
    responded_by: Mapped[str | None]
    response_note: Mapped[str | None]
    resolved_at: Mapped[datetime | None] = mapped_column(_TZ)
    resolved_by: Mapped[str | None]
    resolution_note: Mapped[str | None]
