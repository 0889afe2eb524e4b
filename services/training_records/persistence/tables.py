"""Training records' tables (migration 0005): townships, cadres, sessions, materials, attendance."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, LargeBinary, Numeric, Text, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import service_base

Base = service_base("training_records")
_TZ = DateTime(timezone=True)
_HOURS = Numeric(4, 1)


class TownshipRow(Base):
    __tablename__ = "township"
    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str]
    name: Mapped[str]


class CadreRow(Base):
    """A petition cadre as Keycloak last showed them; `left_at` once they no longer hold a petition role."""

    __tablename__ = "cadre"
    user_id: Mapped[str] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID | None]
    username: Mapped[str]
    full_name: Mapped[str]
    township: Mapped[str]
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text))
    active: Mapped[bool] = mapped_column(default=True)
    first_seen_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    left_at: Mapped[datetime | None] = mapped_column(_TZ)


class TrainingSessionRow(Base):
    __tablename__ = "training_session"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID | None]
    session_type: Mapped[str]
    topic: Mapped[str]
    starts_at: Mapped[datetime] = mapped_column(_TZ)
    held_on: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(_HOURS)
    place: Mapped[str]
    organiser: Mapped[str]
    trainers: Mapped[list[str]] = mapped_column(ARRAY(Text))
    speakers: Mapped[list[str]] = mapped_column(ARRAY(Text))
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())


class SessionMaterialRow(Base):
    __tablename__ = "session_material"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID]
    tenant_id: Mapped[uuid.UUID | None]
    filename: Mapped[str]
    media_type: Mapped[str]
    size_bytes: Mapped[int]
    sha256: Mapped[str]
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    added_by: Mapped[str]
    added_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())


class AttendanceRow(Base):
    __tablename__ = "attendance"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID]
    tenant_id: Mapped[uuid.UUID | None]
    cadre_id: Mapped[str]
    status: Mapped[str]
    hours: Mapped[Decimal] = mapped_column(_HOURS)
    source: Mapped[str]
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    corrected_at: Mapped[datetime | None] = mapped_column(_TZ)
