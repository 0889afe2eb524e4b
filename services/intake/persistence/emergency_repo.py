"""Repository of emergency help requests; the overdue test mirrors domain/emergency.py in SQL. None commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, not_, or_

from services.intake.domain.emergency import EmergencyStatus
from services.intake.persistence.emergency_tables import EmergencyRequestRow
from shared.db.repository import TenantRepo


@dataclass(frozen=True)
class EmergencyFilter:
    tenant_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None
    status: str | None = None
    overdue: bool | None = None  # True: a deadline passed undone at `now`; False: all the others
    now: datetime | None = None


class EmergencyRepo(TenantRepo[EmergencyRequestRow]):
    row = EmergencyRequestRow
    order = (EmergencyRequestRow.received_at.desc(), EmergencyRequestRow.id)

    async def list(
        self, f: EmergencyFilter, offset: int, limit: int
    ) -> tuple[Sequence[EmergencyRequestRow], int]:
        return await self.page(_conditions(f), offset, limit)


def _overdue(now: datetime):  # noqa: ANN202 - a SQL expression
    r = EmergencyRequestRow
    return and_(
        r.status != EmergencyStatus.resolved,
        or_(r.resolve_by < now, and_(r.status == EmergencyStatus.received, r.respond_by < now)),
    )


def _conditions(f: EmergencyFilter) -> list:
    return [
        EmergencyRequestRow.tenant_id == f.tenant_id if f.tenant_id else None,
        EmergencyRequestRow.village_id == f.village_id if f.village_id else None,
        EmergencyRequestRow.status == f.status if f.status else None,
        None
        if f.overdue is None or f.now is None
        else (_overdue(f.now) if f.overdue else not_(_overdue(f.now))),
    ]
