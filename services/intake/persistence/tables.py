"""Intake's tables."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import service_base

Base = service_base("intake")


class TownshipRow(Base):
    __tablename__ = "township"
    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))


class VillageRow(Base):
    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("township.tenant_id"))
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(40))


class PetitionRow(Base):
    __tablename__ = "petition"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    channel: Mapped[str]
    category: Mapped[str]
    kind: Mapped[str]
    content: Mapped[str]
    received_on: Mapped[date]
    registered_at: Mapped[datetime] = mapped_column(server_default=func.now())
    registered_by: Mapped[str]
    registration_level: Mapped[str]
    status: Mapped[str]
    acceptance_due_on: Mapped[date]
    people_count: Mapped[int]
    is_collective: Mapped[bool]
    is_skip_level: Mapped[bool]
    is_repeat_suspected: Mapped[bool] = mapped_column(default=False)
    is_repeat: Mapped[bool] = mapped_column(default=False)
    features: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class PetitionerRow(Base):
    __tablename__ = "petitioner"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    petition_id: Mapped[uuid.UUID]
    position: Mapped[int]
    is_representative: Mapped[bool]
    name_enc: Mapped[bytes]
    name_masked: Mapped[str]
    id_number_enc: Mapped[bytes | None]
    id_number_masked: Mapped[str | None]
    id_number_hash: Mapped[str | None]
    phone_enc: Mapped[bytes | None]
    phone_masked: Mapped[str | None]
    phone_hash: Mapped[str | None]


class PetitionTokenRow(Base):
    __tablename__ = "petition_token"
    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(primary_key=True)
    petition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class RepeatLinkRow(Base):
    __tablename__ = "repeat_link"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    petition_id: Mapped[uuid.UUID]
    earlier_petition_id: Mapped[uuid.UUID]
    score: Mapped[float]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    decision: Mapped[str] = mapped_column(default="suggested")
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]


class AttachmentRow(Base):
    __tablename__ = "attachment"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    petition_id: Mapped[uuid.UUID | None]
    filename: Mapped[str]
    media_type: Mapped[str]
    size: Mapped[int]
    sha256: Mapped[str]
    data: Mapped[bytes] = mapped_column(deferred=True)
    uploaded_by: Mapped[str]
    uploaded_at: Mapped[datetime] = mapped_column(server_default=func.now())


class AcceptanceRow(Base):
    __tablename__ = "acceptance"
    petition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    decision: Mapped[str]
    reason: Mapped[str | None]
    forwarded_to: Mapped[str | None]
    decided_by: Mapped[str]
    decided_by_name: Mapped[str]
    decided_on: Mapped[date]
    decided_at: Mapped[datetime] = mapped_column(server_default=func.now())
    on_time: Mapped[bool]
    document_number: Mapped[str]
    query_code_enc: Mapped[bytes | None] = mapped_column(default=None)


class ClosedMatterRow(Base):
    """A petition whose case was closed for good after re-examination (复核): its matter is not accepted again."""

    __tablename__ = "closed_matter"
    petition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    matter_id: Mapped[uuid.UUID]
    case_id: Mapped[uuid.UUID]
    closed_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())


class LeaderInstructionRow(Base):
    __tablename__ = "leader_instruction"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    petition_id: Mapped[uuid.UUID]
    leader_id: Mapped[str]
    leader_name: Mapped[str]
    leader_role: Mapped[str]
    text: Mapped[str]
    instructed_at: Mapped[datetime] = mapped_column(server_default=func.now())
