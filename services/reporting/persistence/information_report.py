"""The information reports users write: rows of `information_report`, under row-level security (a township's
caller reads and writes its own township's, the county office every township's and its own)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam

from shared.db.session import TenantSession

COLUMNS = """id, tenant_id, township, kind, period, source_kind, source_id, title, body, facts, due_at, due_on,
    drafted_by, drafted_at, edited_at, submitted_by, submitted_at"""

_INSERT = text(f"""
INSERT INTO information_report ({COLUMNS})
VALUES (:id, :tenant_id, :township, :kind, :period, :source_kind, :source_id, :title, :body, :facts, :due_at,
        :due_on, :drafted_by, :drafted_at, NULL, NULL, NULL)
ON CONFLICT DO NOTHING
RETURNING id
""").bindparams(bindparam("facts", type_=JSONB))

_EXISTING = text("""
SELECT id FROM information_report
WHERE tenant_id = :tenant_id AND kind = :kind
  AND period IS NOT DISTINCT FROM :period AND source_id IS NOT DISTINCT FROM :source_id
""")

_ONE = text(f"SELECT {COLUMNS} FROM information_report WHERE id = :id")
_LOCK = text(f"SELECT {COLUMNS} FROM information_report WHERE id = :id FOR UPDATE")

_EDIT = text("""
UPDATE information_report SET title = coalesce(:title, title), body = coalesce(:body, body), edited_at = :at
WHERE id = :id AND submitted_at IS NULL
""")

_SUBMIT = text("""
UPDATE information_report SET submitted_by = :by, submitted_at = :at
WHERE id = :id AND submitted_at IS NULL
""")

# The status of a report at `:now` (domain.information_report.Status), as the list filters by it.
STATUS_SQL = """CASE
    WHEN submitted_at IS NOT NULL AND submitted_at < due_at THEN 'on_time'
    WHEN submitted_at IS NOT NULL THEN 'late'
    WHEN :now < due_at THEN 'draft'
    ELSE 'overdue' END"""


@dataclass(frozen=True)
class NewReport:
    id: uuid.UUID
    tenant_id: uuid.UUID
    township: str
    kind: str
    period: str | None
    source_kind: str | None
    source_id: uuid.UUID | None
    title: str
    body: str
    facts: dict[str, Any]
    due_at: datetime
    due_on: date
    drafted_by: str
    drafted_at: datetime


async def insert(db: TenantSession, report: NewReport) -> uuid.UUID | None:
    """The new report's id, or None when the reporter already has one for that month or matter."""
    return (await db.execute(_INSERT, report.__dict__)).scalar_one_or_none()


async def existing(
    db: TenantSession, tenant_id: uuid.UUID, kind: str, period: str | None, source_id: uuid.UUID | None
) -> uuid.UUID | None:
    params = {"tenant_id": tenant_id, "kind": kind, "period": period, "source_id": source_id}
    return (await db.execute(_EXISTING, params)).scalar_one_or_none()


async def one(db: TenantSession, report_id: uuid.UUID, *, lock: bool = False) -> RowMapping | None:
    return (await db.execute(_LOCK if lock else _ONE, {"id": report_id})).mappings().first()


async def edit(
    db: TenantSession, report_id: uuid.UUID, title: str | None, body: str | None, at: datetime
) -> None:
    await db.execute(_EDIT, {"id": report_id, "title": title, "body": body, "at": at})


async def submit(db: TenantSession, report_id: uuid.UUID, by: str, at: datetime) -> None:
    await db.execute(_SUBMIT, {"id": report_id, "by": by, "at": at})


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    status: str | None = None
    period: str | None = None
    township: str | None = None


def _where(f: Filters) -> str:
    parts = ["true"]
    if f.kind:
        parts.append("kind = :kind")
    if f.status:
        parts.append(f"({STATUS_SQL}) = :status")
    if f.period:
        parts.append("period = :period")
    if f.township:
        parts.append("township = :township")
    return " AND ".join(parts)


async def page(
    db: TenantSession, f: Filters, now: datetime, limit: int, offset: int
) -> tuple[Sequence[RowMapping], int]:
    """Newest due first: what is owed soonest after what is already late is what a reporter looks for."""
    where = _where(f)
    params = {**f.__dict__, "now": now, "limit": limit, "offset": offset}
    rows = text(f"""
SELECT {COLUMNS} FROM information_report WHERE {where}
ORDER BY due_at DESC, id LIMIT :limit OFFSET :offset
""")
    total = text(f"SELECT count(*) FROM information_report WHERE {where}")
    found = (await db.execute(rows, params)).mappings().all()
    return found, (await db.execute(total, params)).scalar_one()
