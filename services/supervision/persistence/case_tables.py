"""Tables of a case's life (migration 0007): the case, its moves, clocks, reminders, work items, notices,
satisfaction and hearings. `case_file`, not `case`: CASE is an SQL keyword."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Numeric, func
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.persistence.tables import Base


class TownshipRow(Base):
    __tablename__ = "township"
    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    slug: Mapped[str]
    name: Mapped[str]


class RoutingRuleRow(Base):
    __tablename__ = "routing_rule"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    category: Mapped[str]
    kind: Mapped[str | None]
    unit_id: Mapped[uuid.UUID]
    updated_by: Mapped[str | None]
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CaseRow(Base):
    __tablename__ = "case_file"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    petition_id: Mapped[uuid.UUID]
    matter_id: Mapped[uuid.UUID]
    township: Mapped[str]
    village: Mapped[str | None]
    category: Mapped[str]
    kind: Mapped[str]
    people_count: Mapped[int]
    is_collective: Mapped[bool]
    accepted_on: Mapped[date]
    unit_id: Mapped[uuid.UUID | None]
    stage: Mapped[str]
    handler_id: Mapped[str | None]
    handler_name: Mapped[str | None]
    query_code_digest: Mapped[str | None]
    acceptance_number: Mapped[str | None]
    opened_at: Mapped[datetime] = mapped_column(server_default=func.now())
    closed_on: Mapped[date | None]


class MoveRow(Base):
    __tablename__ = "case_move"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    move: Mapped[str]
    from_unit_id: Mapped[uuid.UUID | None]
    to_unit_id: Mapped[uuid.UUID | None]
    moved_on: Mapped[date]
    report_back_on: Mapped[date | None]
    reason: Mapped[str | None]
    repeat_of: Mapped[uuid.UUID | None]
    by_id: Mapped[str]
    by_name: Mapped[str]


class ClockRow(Base):
    __tablename__ = "case_clock"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    kind: Mapped[str]
    subject_id: Mapped[uuid.UUID | None]
    counting: Mapped[str]
    started_on: Mapped[date]
    days: Mapped[int]
    extended_days: Mapped[int] = mapped_column(default=0)
    paused_days: Mapped[int] = mapped_column(default=0)
    paused_since: Mapped[date | None]
    due_on: Mapped[date | None]
    stopped_on: Mapped[date | None]
    on_time: Mapped[bool | None]


class ReminderRow(Base):
    __tablename__ = "reminder"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    clock_id: Mapped[uuid.UUID]
    point: Mapped[str]
    audience: Mapped[str]
    fires_on: Mapped[date | None]
    status: Mapped[str]
    fired_at: Mapped[datetime | None]


class WorkItemRow(Base):
    __tablename__ = "work_item"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    reminder_id: Mapped[uuid.UUID | None]
    audience: Mapped[str]
    item: Mapped[str]
    clock: Mapped[str | None]
    due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    done_at: Mapped[datetime | None]


class NoticeRow(Base):
    __tablename__ = "case_notice"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    kind: Mapped[str]
    document_number: Mapped[str]
    issued_on: Mapped[date]
    text: Mapped[str]
    extension_days: Mapped[int | None]
    new_due_on: Mapped[date | None]
    issued_by: Mapped[str]
    issued_by_name: Mapped[str]


class SatisfactionRow(Base):
    __tablename__ = "satisfaction"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    opinion: Mapped[str]
    verdict: Mapped[str]
    source: Mapped[str]
    recorded_on: Mapped[date]
    note: Mapped[str | None]
    by_id: Mapped[str]


class HearingRow(Base):
    __tablename__ = "hearing"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID]
    clock_id: Mapped[uuid.UUID]
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str | None]


class QueryAttemptRow(Base):
    __tablename__ = "query_attempt"
    client: Mapped[str] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None]
    last_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SpotCheckRow(Base):
    __tablename__ = "spot_check"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    month: Mapped[str]
    share: Mapped[float] = mapped_column(Numeric(4, 3, asdecimal=False))
    seed: Mapped[int] = mapped_column(BigInteger)
    population: Mapped[int]
    drawn_by: Mapped[str]
    drawn_by_name: Mapped[str]
    drawn_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SpotCheckItemRow(Base):
    __tablename__ = "spot_check_item"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID]
    village_id: Mapped[uuid.UUID | None]
    spot_check_id: Mapped[uuid.UUID]
    case_id: Mapped[uuid.UUID]
    recorded_verdict: Mapped[str | None]
    visit_verdict: Mapped[str | None]
    visited_on: Mapped[date | None]
    note: Mapped[str | None]
    contradicts: Mapped[bool | None]
    visited_by: Mapped[str | None]
