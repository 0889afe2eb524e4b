"""Repositories of intake: each query loads what it uses; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select, text
from sqlalchemy.dialects.postgresql import insert

from services.intake.persistence.tables import (
    AcceptanceRow,
    AttachmentRow,
    ClosedMatterRow,
    LeaderInstructionRow,
    PetitionerRow,
    PetitionRow,
    PetitionTokenRow,
    RepeatLinkRow,
    TownshipRow,
    VillageRow,
)
from shared.db.repository import TenantRepo
from shared.db.session import TenantSession


class DirectoryRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def township_by_slug(self, slug: str) -> TownshipRow | None:
        return await self.db.scalar(select(TownshipRow).where(TownshipRow.slug == slug))

    async def township(self, tenant_id: uuid.UUID) -> TownshipRow | None:
        return await self.db.get(TownshipRow, tenant_id)

    async def village_by_slug(self, tenant_id: uuid.UUID, slug: str) -> VillageRow | None:
        stmt = select(VillageRow).where(VillageRow.tenant_id == tenant_id, VillageRow.slug == slug)
        return await self.db.scalar(stmt)

    async def villages(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, VillageRow]:
        rows = await self.db.scalars(select(VillageRow).where(VillageRow.id.in_(ids))) if ids else []
        return {r.id: r for r in rows}


@dataclass(frozen=True)
class PetitionFilter:
    tenant_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None
    channel: str | None = None
    category: str | None = None
    status: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    three: str | None = None
    text: str | None = None
    due_from: date | None = None
    due_to: date | None = None


_THREE = {
    "repeat": PetitionRow.is_repeat_suspected,
    "collective": PetitionRow.is_collective,
    "skip_level": PetitionRow.is_skip_level,
}


class PetitionRepo(TenantRepo[PetitionRow]):
    row = PetitionRow
    order = (PetitionRow.received_on.desc(), PetitionRow.registered_at.desc(), PetitionRow.id)

    async def list(self, f: PetitionFilter, offset: int, limit: int) -> tuple[Sequence[PetitionRow], int]:
        return await self.page(self._conditions(f), offset, limit)

    @staticmethod
    def _conditions(f: PetitionFilter) -> list:
        return [
            PetitionRow.tenant_id == f.tenant_id if f.tenant_id else None,
            PetitionRow.village_id == f.village_id if f.village_id else None,
            PetitionRow.channel == f.channel if f.channel else None,
            PetitionRow.category == f.category if f.category else None,
            PetitionRow.status == f.status if f.status else None,
            PetitionRow.received_on >= f.received_from if f.received_from else None,
            PetitionRow.received_on <= f.received_to if f.received_to else None,
            _THREE[f.three].is_(True) if f.three else None,
            PetitionRow.content.contains(f.text, autoescape=True) if f.text else None,
            PetitionRow.acceptance_due_on >= f.due_from if f.due_from else None,
            PetitionRow.acceptance_due_on <= f.due_to if f.due_to else None,
        ]

    async def rare_tokens(self, tenant_id: uuid.UUID, tokens: Sequence[str], common: int) -> list[str]:
        """Tokens fewer than `common` petitions carry (petitioner keys always count); counting stops at
        `common`, so a word every petition has costs little."""
        if not tokens:
            return []
        stmt = text(
            "SELECT k.token FROM unnest(CAST(:tokens AS text[])) AS k(token) WHERE k.token LIKE 'key:%' OR"
            " (SELECT count(*) FROM (SELECT 1 FROM petition_token t WHERE t.tenant_id = :tenant"
            " AND t.token = k.token LIMIT :common) AS seen) < :common"
        )
        params = {"tokens": list(tokens), "tenant": tenant_id, "common": common}
        return list(await self.db.scalars(stmt, params))

    async def ids_sharing_tokens(
        self, tenant_id: uuid.UUID, tokens: Sequence[str], limit: int
    ) -> list[uuid.UUID]:
        """Petitions sharing the most with a draft; plain equality keeps the index usable under RLS."""
        if not tokens:
            return []
        # A shared petitioner outweighs any wording; a shared amount or area outweighs a shared word.
        token = PetitionTokenRow.token
        shared = func.sum(case((token.startswith("key:"), 100), (token.startswith("fact:"), 3), else_=1))
        stmt = (
            select(PetitionTokenRow.petition_id)
            .where(PetitionTokenRow.tenant_id == tenant_id, token.in_(tokens))
            .group_by(PetitionTokenRow.petition_id)
            .order_by(shared.desc())
            .limit(limit)
        )
        return list(await self.db.scalars(stmt))

    async def many(self, ids: Sequence[uuid.UUID], since: date | None = None) -> Sequence[PetitionRow]:
        if not ids:
            return []
        stmt = select(PetitionRow).where(PetitionRow.id.in_(ids))
        if since:
            stmt = stmt.where(PetitionRow.received_on >= since)
        return (await self.db.scalars(stmt)).all()

    async def add_tokens(self, tenant_id: uuid.UUID, petition_id: uuid.UUID, tokens: set[str]) -> None:
        if tokens:
            rows = [{"tenant_id": tenant_id, "token": t, "petition_id": petition_id} for t in sorted(tokens)]
            await self.db.execute(insert(PetitionTokenRow).values(rows).on_conflict_do_nothing())


class PetitionerRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def of_petition(self, petition_id: uuid.UUID) -> Sequence[PetitionerRow]:
        stmt = (
            select(PetitionerRow)
            .where(PetitionerRow.petition_id == petition_id)
            .order_by(PetitionerRow.position)
        )
        return (await self.db.scalars(stmt)).all()

    async def get(self, petitioner_id: uuid.UUID) -> PetitionerRow | None:
        return await self.db.get(PetitionerRow, petitioner_id)


class AttachmentRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def staged(self, ids: Sequence[uuid.UUID], tenant_id: uuid.UUID) -> Sequence[AttachmentRow]:
        stmt = (
            select(AttachmentRow)
            .where(
                AttachmentRow.id.in_(ids),
                AttachmentRow.tenant_id == tenant_id,
                AttachmentRow.petition_id.is_(None),
            )
            .with_for_update()
        )
        return (await self.db.scalars(stmt)).all()

    async def of_petition(self, petition_id: uuid.UUID) -> Sequence[AttachmentRow]:
        stmt = (
            select(AttachmentRow)
            .where(AttachmentRow.petition_id == petition_id)
            .order_by(AttachmentRow.uploaded_at)
        )
        return (await self.db.scalars(stmt)).all()

    async def get_with_data(self, attachment_id: uuid.UUID) -> AttachmentRow | None:
        from sqlalchemy.orm import undefer

        return await self.db.scalar(
            select(AttachmentRow)
            .where(AttachmentRow.id == attachment_id)
            .options(undefer(AttachmentRow.data))
        )


class RepeatLinkRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def of_petition(self, petition_id: uuid.UUID) -> Sequence[RepeatLinkRow]:
        stmt = (
            select(RepeatLinkRow)
            .where(RepeatLinkRow.petition_id == petition_id)
            .order_by(RepeatLinkRow.score.desc(), RepeatLinkRow.earlier_petition_id)
        )
        return (await self.db.scalars(stmt)).all()

    async def get(self, petition_id: uuid.UUID, earlier_id: uuid.UUID) -> RepeatLinkRow | None:
        stmt = (
            select(RepeatLinkRow)
            .where(RepeatLinkRow.petition_id == petition_id, RepeatLinkRow.earlier_petition_id == earlier_id)
            .with_for_update()
        )
        return await self.db.scalar(stmt)


class AcceptanceRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def get(self, petition_id: uuid.UUID) -> AcceptanceRow | None:
        return await self.db.get(AcceptanceRow, petition_id)

    async def count_in_year(self, tenant_id: uuid.UUID, year: int) -> int:
        stmt = (
            select(func.count())
            .select_from(AcceptanceRow)
            .where(
                AcceptanceRow.tenant_id == tenant_id, func.extract("year", AcceptanceRow.decided_on) == year
            )
        )
        return await self.db.scalar(stmt) or 0


class InstructionRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def of_petition(self, petition_id: uuid.UUID) -> Sequence[LeaderInstructionRow]:
        stmt = (
            select(LeaderInstructionRow)
            .where(LeaderInstructionRow.petition_id == petition_id)
            .order_by(LeaderInstructionRow.instructed_at)
        )
        return (await self.db.scalars(stmt)).all()


class ClosedMatterRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def add(self, row: ClosedMatterRow) -> bool:
        """False when the petition's matter was already recorded as closed (a repeated event)."""
        stmt = (
            insert(ClosedMatterRow)
            .values(
                petition_id=row.petition_id,
                tenant_id=row.tenant_id,
                matter_id=row.matter_id,
                case_id=row.case_id,
                closed_on=row.closed_on,
            )
            .on_conflict_do_nothing()
            .returning(ClosedMatterRow.petition_id)
        )
        return (await self.db.execute(stmt)).first() is not None

    async def of_petitions(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ClosedMatterRow]:
        if not ids:
            return {}
        rows = await self.db.scalars(select(ClosedMatterRow).where(ClosedMatterRow.petition_id.in_(ids)))
        return {r.petition_id: r for r in rows}

    async def linked_to_closed(
        self, petition_ids: Sequence[uuid.UUID]
    ) -> Sequence[tuple[RepeatLinkRow, ClosedMatterRow]]:
        """The petitions' repeat links whose earlier petition is closed for good, rejected ones included."""
        if not petition_ids:
            return []
        stmt = (
            select(RepeatLinkRow, ClosedMatterRow)
            .join(ClosedMatterRow, ClosedMatterRow.petition_id == RepeatLinkRow.earlier_petition_id)
            .where(RepeatLinkRow.petition_id.in_(petition_ids))
        )
        return (await self.db.execute(stmt)).tuples().all()

    async def links_to(self, tenant_id: uuid.UUID, earlier_id: uuid.UUID) -> Sequence[RepeatLinkRow]:
        """The later petitions' links to one earlier petition."""
        stmt = select(RepeatLinkRow).where(
            RepeatLinkRow.tenant_id == tenant_id, RepeatLinkRow.earlier_petition_id == earlier_id
        )
        return (await self.db.scalars(stmt)).all()
