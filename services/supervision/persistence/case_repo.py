"""Reads and writes of cases and what hangs on them; none commits. Row-level security bounds every query."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from services.supervision.domain.routing import EarlierMove, MoveKind, RoutingRule
from services.supervision.persistence.case_tables import (
    CaseRow,
    HearingRow,
    MoveRow,
    NoticeRow,
    RoutingRuleRow,
    SatisfactionRow,
)
from services.supervision.persistence.tables import ResponsibleUnitRow
from shared.db.repository import TenantRepo
from shared.db.session import TenantSession


class CaseRepo(TenantRepo[CaseRow]):
    row = CaseRow
    order = (CaseRow.accepted_on.desc(), CaseRow.id.desc())

    async def by_petition(self, petition_id: uuid.UUID) -> CaseRow | None:
        return await self.db.scalar(select(CaseRow).where(CaseRow.petition_id == petition_id))

    async def by_query_code(self, digest: str) -> CaseRow | None:
        return await self.db.scalar(select(CaseRow).where(CaseRow.query_code_digest == digest))


class MoveRepo(TenantRepo[MoveRow]):
    row = MoveRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[MoveRow]:
        stmt = select(MoveRow).where(MoveRow.case_id == case_id).order_by(MoveRow.moved_on, MoveRow.id)
        return (await self.db.scalars(stmt)).all()

    async def earlier_of_matter(self, matter_id: uuid.UUID) -> list[EarlierMove]:
        stmt = (
            select(MoveRow)
            .join(CaseRow, CaseRow.id == MoveRow.case_id)
            .where(CaseRow.matter_id == matter_id)
            .order_by(MoveRow.id)
        )
        return [
            EarlierMove(m.id, m.to_unit_id, MoveKind(m.move), m.repeat_of)
            for m in await self.db.scalars(stmt)
        ]


class NoticeRepo(TenantRepo[NoticeRow]):
    row = NoticeRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[NoticeRow]:
        stmt = (
            select(NoticeRow).where(NoticeRow.case_id == case_id).order_by(NoticeRow.issued_on, NoticeRow.id)
        )
        return (await self.db.scalars(stmt)).all()

    async def count_in_year(self, tenant_id: uuid.UUID, kind: str, year: int) -> int:
        stmt = select(func.count()).where(
            NoticeRow.tenant_id == tenant_id,
            NoticeRow.kind == kind,
            func.extract("year", NoticeRow.issued_on) == year,
        )
        return await self.db.scalar(stmt) or 0


class SatisfactionRepo(TenantRepo[SatisfactionRow]):
    row = SatisfactionRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[SatisfactionRow]:
        stmt = select(SatisfactionRow).where(SatisfactionRow.case_id == case_id).order_by(SatisfactionRow.id)
        return (await self.db.scalars(stmt)).all()


class HearingRepo(TenantRepo[HearingRow]):
    row = HearingRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[HearingRow]:
        stmt = select(HearingRow).where(HearingRow.case_id == case_id).order_by(HearingRow.starts_on)
        return (await self.db.scalars(stmt)).all()

    async def open_of_case(self, case_id: uuid.UUID) -> HearingRow | None:
        stmt = select(HearingRow).where(HearingRow.case_id == case_id, HearingRow.ends_on.is_(None))
        return await self.db.scalar(stmt.with_for_update())


class UnitRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def get(self, unit_id: uuid.UUID) -> ResponsibleUnitRow | None:
        return await self.db.get(ResponsibleUnitRow, unit_id)

    async def by_slug(self, tenant_id: uuid.UUID | None, slug: str) -> ResponsibleUnitRow | None:
        """A township's own office, or (tenant None) a county department."""
        stmt = select(ResponsibleUnitRow).where(ResponsibleUnitRow.slug == slug)
        stmt = stmt.where(
            ResponsibleUnitRow.tenant_id.is_(None)
            if tenant_id is None
            else ResponsibleUnitRow.tenant_id == tenant_id
        )
        return await self.db.scalar(stmt)

    async def many(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, ResponsibleUnitRow]:
        if not ids:
            return {}
        rows = await self.db.scalars(select(ResponsibleUnitRow).where(ResponsibleUnitRow.id.in_(ids)))
        return {r.id: r for r in rows}

    async def of_township(self, tenant_id: uuid.UUID) -> Sequence[ResponsibleUnitRow]:
        """The township's offices first, then the county departments every township may route to."""
        stmt = (
            select(ResponsibleUnitRow)
            .where((ResponsibleUnitRow.tenant_id == tenant_id) | ResponsibleUnitRow.tenant_id.is_(None))
            .order_by(ResponsibleUnitRow.tenant_id.is_(None), ResponsibleUnitRow.slug)
        )
        return (await self.db.scalars(stmt)).all()

    async def township_known(self, tenant_id: uuid.UUID) -> bool:
        stmt = select(func.count()).where(ResponsibleUnitRow.tenant_id == tenant_id)
        return bool(await self.db.scalar(stmt))


class RoutingRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def rules(self, tenant_id: uuid.UUID) -> list[RoutingRule]:
        rows = await self.db.scalars(select(RoutingRuleRow).where(RoutingRuleRow.tenant_id == tenant_id))
        return [RoutingRule(r.category, r.kind, r.unit_id) for r in rows]

    async def rows(self, tenant_id: uuid.UUID) -> Sequence[RoutingRuleRow]:
        stmt = (
            select(RoutingRuleRow)
            .where(RoutingRuleRow.tenant_id == tenant_id)
            .order_by(RoutingRuleRow.category, RoutingRuleRow.kind.nulls_first())
        )
        return (await self.db.scalars(stmt)).all()
