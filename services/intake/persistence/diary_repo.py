"""Repository of the sentiment diary: queries narrow what row-level security already allows; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from services.intake.persistence.diary_tables import DiaryEntryRow
from shared.db.session import TenantSession


@dataclass(frozen=True)
class DiaryFilter:
    tenant_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    resolution_level: str | None = None


class DiaryRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    def add(self, row: DiaryEntryRow) -> DiaryEntryRow:
        self.db.add(row)
        return row

    async def get(self, entry_id: uuid.UUID) -> DiaryEntryRow | None:
        return await self.db.get(DiaryEntryRow, entry_id)

    async def get_for_update(self, entry_id: uuid.UUID) -> DiaryEntryRow | None:
        stmt = select(DiaryEntryRow).where(DiaryEntryRow.id == entry_id).with_for_update()
        return await self.db.scalar(stmt)

    async def list(self, f: DiaryFilter, offset: int, limit: int) -> tuple[Sequence[DiaryEntryRow], int]:
        conditions = [c for c in _conditions(f) if c is not None]
        total = await self.db.scalar(select(func.count()).select_from(DiaryEntryRow).where(*conditions))
        stmt = (
            select(DiaryEntryRow)
            .where(*conditions)
            .order_by(DiaryEntryRow.entry_date.desc(), DiaryEntryRow.recorded_at.desc(), DiaryEntryRow.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.db.scalars(stmt)).all(), total or 0


def _conditions(f: DiaryFilter) -> list:
    return [
        DiaryEntryRow.tenant_id == f.tenant_id if f.tenant_id else None,
        DiaryEntryRow.village_id == f.village_id if f.village_id else None,
        DiaryEntryRow.entry_date >= f.date_from if f.date_from else None,
        DiaryEntryRow.entry_date <= f.date_to if f.date_to else None,
        DiaryEntryRow.status == f.status if f.status else None,
        DiaryEntryRow.resolution_level == f.resolution_level if f.resolution_level else None,
    ]
