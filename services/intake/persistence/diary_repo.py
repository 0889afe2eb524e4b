"""Repository of the sentiment diary: queries narrow what row-level security already allows; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.intake.persistence.diary_tables import DiaryEntryRow
from shared.db.repository import TenantRepo


@dataclass(frozen=True)
class DiaryFilter:
    tenant_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    resolution_level: str | None = None


class DiaryRepo(TenantRepo[DiaryEntryRow]):
    row = DiaryEntryRow
    order = (DiaryEntryRow.entry_date.desc(), DiaryEntryRow.recorded_at.desc(), DiaryEntryRow.id)

    async def list(self, f: DiaryFilter, offset: int, limit: int) -> tuple[Sequence[DiaryEntryRow], int]:
        return await self.page(_conditions(f), offset, limit)


def _conditions(f: DiaryFilter) -> list:
    return [
        DiaryEntryRow.tenant_id == f.tenant_id if f.tenant_id else None,
        DiaryEntryRow.village_id == f.village_id if f.village_id else None,
        DiaryEntryRow.entry_date >= f.date_from if f.date_from else None,
        DiaryEntryRow.entry_date <= f.date_to if f.date_to else None,
        DiaryEntryRow.status == f.status if f.status else None,
        DiaryEntryRow.resolution_level == f.resolution_level if f.resolution_level else None,
    ]
