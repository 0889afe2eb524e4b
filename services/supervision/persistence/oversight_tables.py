"""Tables of the county's oversight of a case (migration 0009): supervision orders, on-site supervision with its
photos, follow-up reports, hard cases with their monthly notes, and the repeat links that share a matter."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.persistence.tables import Base


class SupervisionOrderRow(Base):
    __tablename__ = "supervision_order"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID]
    document_number: Mapped[str]
    demand: Mapped[str]
    issued_on: Mapped[date]
    reply_due_on: Mapped[date]
    issued_by: Mapped[str]
    issued_by_name: Mapped[str]
    replied_on: Mapped[date | None]
    reply: Mapped[str | None]
    replied_by: Mapped[str | None]
    replied_by_name: Mapped[str | None]
    late: Mapped[bool | None]


class OnsiteRow(Base):
    __tablename__ = "onsite_supervision"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    visited_on: Mapped[date]
    place: Mapped[str]
    participants: Mapped[str]
    findings: Mapped[str]
    recorded_by: Mapped[str]
    recorded_by_name: Mapped[str]
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())


class OnsitePhotoRow(Base):
    __tablename__ = "onsite_photo"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    onsite_id: Mapped[uuid.UUID]
    media_type: Mapped[str]
    size: Mapped[int]
    sha256: Mapped[str]
    # Lists never need the bytes: only the one-photo download loads them.
    data: Mapped[bytes] = mapped_column(deferred=True)
    uploaded_by: Mapped[str]
    uploaded_at: Mapped[datetime] = mapped_column(server_default=func.now())


class FollowUpRow(Base):
    __tablename__ = "follow_up_report"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    clock_id: Mapped[uuid.UUID]
    reported_on: Mapped[date]
    due_on: Mapped[date | None]
    on_time: Mapped[bool]
    text: Mapped[str]
    by_id: Mapped[str]
    by_name: Mapped[str]


class HardCaseRow(Base):
    __tablename__ = "hard_case"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    flagged_on: Mapped[date]
    source: Mapped[str]  # rule | hand
    rule: Mapped[str | None]
    reason: Mapped[str | None]
    flagged_by: Mapped[str]
    flagged_by_name: Mapped[str]
    lead_name: Mapped[str | None]
    lead_role: Mapped[str | None]
    coordinating_units: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)


class HardCaseNoteRow(Base):
    __tablename__ = "hard_case_note"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    hard_case_id: Mapped[uuid.UUID]
    month: Mapped[str]
    text: Mapped[str]
    written_on: Mapped[date]
    by_id: Mapped[str]
    by_name: Mapped[str]


class MatterLinkRow(Base):
    """A confirmed repeat (重复访) as intake decided it, kept until both petitions have their case."""

    __tablename__ = "matter_link"
    petition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    earlier_petition_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    linked_at: Mapped[datetime] = mapped_column(server_default=func.now())
