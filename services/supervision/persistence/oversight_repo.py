"""Reads and writes of supervision orders, on-site supervision, follow-ups, hard cases and repeat links; none
commits. Row-level security bounds every query to the caller's scope."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import undefer

from services.supervision.domain.case import OPEN_STAGES
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.persistence.oversight_tables import (
    FollowUpRow,
    HardCaseNoteRow,
    HardCaseRow,
    MatterLinkRow,
    OnsitePhotoRow,
    OnsiteRow,
    SupervisionOrderRow,
)
from shared.db.repository import TenantRepo
from shared.db.session import TenantSession

_OPEN = [s.value for s in OPEN_STAGES]


class OrderRepo(TenantRepo[SupervisionOrderRow]):
    row = SupervisionOrderRow
    order = (SupervisionOrderRow.reply_due_on, SupervisionOrderRow.id)

    async def of_case(self, case_id: uuid.UUID) -> Sequence[SupervisionOrderRow]:
        stmt = select(SupervisionOrderRow).where(SupervisionOrderRow.case_id == case_id)
        return (
            await self.db.scalars(stmt.order_by(SupervisionOrderRow.issued_on, SupervisionOrderRow.id))
        ).all()

    async def count_in_year(self, tenant_id: uuid.UUID, year: int) -> int:
        stmt = select(func.count()).where(
            SupervisionOrderRow.tenant_id == tenant_id,
            func.extract("year", SupervisionOrderRow.issued_on) == year,
        )
        return await self.db.scalar(stmt) or 0


def late_condition(today: date):  # noqa: ANN201 - an SQL expression
    """Replied after the date, or unanswered past it: the domain's `order_is_late` in SQL."""
    o = SupervisionOrderRow
    return or_(o.late.is_(True), (o.replied_on.is_(None)) & (o.reply_due_on < today))


class OnsiteRepo(TenantRepo[OnsiteRow]):
    row = OnsiteRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[OnsiteRow]:
        stmt = select(OnsiteRow).where(OnsiteRow.case_id == case_id)
        return (await self.db.scalars(stmt.order_by(OnsiteRow.visited_on, OnsiteRow.id))).all()

    async def photos(self, onsite_ids: Sequence[uuid.UUID]) -> Sequence[OnsitePhotoRow]:
        if not onsite_ids:
            return []
        stmt = select(OnsitePhotoRow).where(OnsitePhotoRow.onsite_id.in_(onsite_ids))
        return (await self.db.scalars(stmt.order_by(OnsitePhotoRow.uploaded_at, OnsitePhotoRow.id))).all()

    async def photo_count(self, onsite_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(OnsitePhotoRow.onsite_id == onsite_id)
        return await self.db.scalar(stmt) or 0

    async def photo_with_data(self, photo_id: uuid.UUID) -> OnsitePhotoRow | None:
        stmt = select(OnsitePhotoRow).where(OnsitePhotoRow.id == photo_id)
        return await self.db.scalar(stmt.options(undefer(OnsitePhotoRow.data)))


class FollowUpRepo(TenantRepo[FollowUpRow]):
    row = FollowUpRow

    async def of_case(self, case_id: uuid.UUID) -> Sequence[FollowUpRow]:
        stmt = select(FollowUpRow).where(FollowUpRow.case_id == case_id)
        return (await self.db.scalars(stmt.order_by(FollowUpRow.reported_on, FollowUpRow.id))).all()


class HardCaseRepo(TenantRepo[HardCaseRow]):
    row = HardCaseRow

    async def of_case(self, case_id: uuid.UUID, *, for_update: bool = False) -> HardCaseRow | None:
        stmt = select(HardCaseRow).where(HardCaseRow.case_id == case_id)
        return await self.db.scalar(stmt.with_for_update() if for_update else stmt)

    async def add_once(self, row: HardCaseRow) -> bool:
        """Insert unless the case is already a hard case (however many flag it at once): True if inserted."""
        values = {c.key: getattr(row, c.key) for c in HardCaseRow.__table__.columns}
        stmt = insert(HardCaseRow).values(values).on_conflict_do_nothing(index_elements=["case_id"])
        inserted = await self.db.scalar(stmt.returning(HardCaseRow.id))
        return inserted is not None

    async def candidates(self, accepted_before: date, repeat_count: int) -> Sequence[tuple[CaseRow, int]]:
        """Open cases not yet hard cases that some rule may flag, each with how many cases its matter has (the
        domain's `rule_for` decides; this only keeps the rest of the county's open cases out of memory)."""
        per_matter = select(CaseRow.matter_id, func.count().label("n")).group_by(CaseRow.matter_id).subquery()
        flagged = select(HardCaseRow.case_id)
        stmt = (
            select(CaseRow, per_matter.c.n)
            .join(per_matter, per_matter.c.matter_id == CaseRow.matter_id)
            .where(CaseRow.stage.in_(_OPEN), CaseRow.id.not_in(flagged))
            .where(
                or_(
                    CaseRow.accepted_on < accepted_before,
                    per_matter.c.n >= repeat_count,
                    CaseRow.is_collective,
                )
            )
            .order_by(CaseRow.accepted_on, CaseRow.id)
        )
        return [(c, n) for c, n in (await self.db.execute(stmt)).all()]

    async def board(
        self, township: str | None, open_only: bool, offset: int, limit: int
    ) -> tuple[Sequence[tuple[HardCaseRow, CaseRow]], int]:
        where = [
            CaseRow.township == township if township else None,
            CaseRow.stage.in_(_OPEN) if open_only else None,
        ]
        conditions = [c for c in where if c is not None]
        base = (
            select(HardCaseRow, CaseRow).join(CaseRow, CaseRow.id == HardCaseRow.case_id).where(*conditions)
        )
        total = await self.db.scalar(select(func.count()).select_from(base.subquery())) or 0
        stmt = base.order_by(CaseRow.accepted_on, HardCaseRow.id).offset(offset).limit(limit)
        return [(h, c) for h, c in (await self.db.execute(stmt)).all()], total

    async def last_notes(self, hard_case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, HardCaseNoteRow]:
        if not hard_case_ids:
            return {}
        stmt = (
            select(HardCaseNoteRow)
            .where(HardCaseNoteRow.hard_case_id.in_(hard_case_ids))
            .distinct(HardCaseNoteRow.hard_case_id)
            .order_by(HardCaseNoteRow.hard_case_id, HardCaseNoteRow.month.desc())
        )
        return {n.hard_case_id: n for n in await self.db.scalars(stmt)}

    async def notes(self, hard_case_id: uuid.UUID) -> Sequence[HardCaseNoteRow]:
        stmt = select(HardCaseNoteRow).where(HardCaseNoteRow.hard_case_id == hard_case_id)
        return (await self.db.scalars(stmt.order_by(HardCaseNoteRow.month))).all()

    async def note_of_month(self, hard_case_id: uuid.UUID, month: str) -> HardCaseNoteRow | None:
        stmt = select(HardCaseNoteRow).where(
            HardCaseNoteRow.hard_case_id == hard_case_id, HardCaseNoteRow.month == month
        )
        return await self.db.scalar(stmt)


class MatterLinkRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def add_once(self, row: MatterLinkRow) -> None:
        values = {c.key: getattr(row, c.key) for c in MatterLinkRow.__table__.columns if c.key != "linked_at"}
        await self.db.execute(insert(MatterLinkRow).values(values).on_conflict_do_nothing())

    async def touching(self, petition_id: uuid.UUID) -> Sequence[MatterLinkRow]:
        """The links in which this petition is the later one or the earlier one."""
        stmt = select(MatterLinkRow).where(
            or_(MatterLinkRow.petition_id == petition_id, MatterLinkRow.earlier_petition_id == petition_id)
        )
        return (await self.db.scalars(stmt.order_by(MatterLinkRow.linked_at))).all()

    async def merge_matter(self, old: uuid.UUID, new: uuid.UUID) -> None:
        """Every case of the old matter joins the new one, so earlier links survive a later one."""
        await self.db.execute(update(CaseRow).where(CaseRow.matter_id == old).values(matter_id=new))
