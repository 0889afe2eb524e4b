"""Repository of screening registers and their items; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, not_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.domain.screening import RegisterStatus
from services.intake.persistence.screening_tables import (
    CalendarYearRow,
    ScreeningItemRow,
    ScreeningRegisterRow,
)
from shared.db.repository import TenantRepo


@dataclass(frozen=True)
class RegisterFilter:
    tenant_id: uuid.UUID | None = None
    period: str | None = None
    overdue: bool | None = None  # True: drafts past their due date on `today`; False: all the others
    today: date | None = None


class ScreeningRepo(TenantRepo[ScreeningRegisterRow]):
    row = ScreeningRegisterRow
    order = (ScreeningRegisterRow.due_on.desc(), ScreeningRegisterRow.id)

    async def open(self, values: dict[str, Any]) -> uuid.UUID | None:
        """The new register's id, or None when the township already has one for the period.

        ON CONFLICT instead of a look-up first: two clerks opening the same period at once get one register
        and one conflict, and the request's transaction stays usable either way.
        """
        stmt = (
            insert(ScreeningRegisterRow)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(ScreeningRegisterRow.id)
        )
        return (await self.db.execute(stmt)).scalar()

    async def list(
        self, f: RegisterFilter, offset: int, limit: int
    ) -> tuple[Sequence[ScreeningRegisterRow], int]:
        return await self.page(_conditions(f), offset, limit)

    def add_item(self, row: ScreeningItemRow) -> ScreeningItemRow:
        self.db.add(row)
        return row

    async def items(self, register_id: uuid.UUID) -> Sequence[ScreeningItemRow]:
        stmt = (
            select(ScreeningItemRow)
            .where(ScreeningItemRow.register_id == register_id)
            .order_by(ScreeningItemRow.recorded_at, ScreeningItemRow.id)
        )
        return (await self.db.scalars(stmt)).all()

    async def item_for_update(self, register_id: uuid.UUID, item_id: uuid.UUID) -> ScreeningItemRow | None:
        stmt = (
            select(ScreeningItemRow)
            .where(ScreeningItemRow.id == item_id, ScreeningItemRow.register_id == register_id)
            .with_for_update()
        )
        return await self.db.scalar(stmt)

    async def item_counts(self, register_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not register_ids:
            return {}
        stmt = (
            select(ScreeningItemRow.register_id, func.count())
            .where(ScreeningItemRow.register_id.in_(register_ids))
            .group_by(ScreeningItemRow.register_id)
        )
        return {r[0]: r[1] for r in await self.db.execute(stmt)}


def _conditions(f: RegisterFilter) -> list:
    r = ScreeningRegisterRow
    # Mirrors domain.screening.is_overdue, so the list and each register's flag never disagree.
    overdue = and_(r.status == RegisterStatus.draft, r.due_on < f.today) if f.today else None
    return [
        r.tenant_id == f.tenant_id if f.tenant_id else None,
        r.period == f.period if f.period else None,
        None if f.overdue is None or overdue is None else (overdue if f.overdue else not_(overdue)),
    ]


class CalendarRepo:
    """The county's calendar years intake keeps (county-wide: no tenant filter, none needed)."""

    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def holidays(self, first: int, last: int) -> list[tuple[date, str | None]]:
        years = await self.db.scalars(
            select(CalendarYearRow).where(CalendarYearRow.year.between(first, last))
        )
        return [(date.fromisoformat(h["day"]), h.get("name")) for y in years for h in y.holidays]

    async def put_year(
        self,
        year: int,
        source: str,
        holidays: list[dict[str, Any]],
        entered_at: datetime,
        over_source_like: str,
    ) -> bool:
        """Replace the year unless it was entered later, or by a source `over_source_like` does not match (the
        seed keeps the county admin's years); True when it was written."""
        stmt = insert(CalendarYearRow).values(
            year=year, source=source, holidays=holidays, entered_at=entered_at
        )
        done = await self.db.execute(
            stmt.on_conflict_do_update(
                index_elements=["year"],
                set_={"source": source, "holidays": stmt.excluded.holidays, "entered_at": entered_at},
                where=CalendarYearRow.source.like(over_source_like)
                & (CalendarYearRow.entered_at <= entered_at),
            ).returning(CalendarYearRow.year)
        )
        return done.scalar_one_or_none() is not None
