"""重复访: earlier petitions of the same petitioner, or of the same matter in other words, within the window."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from services.intake.domain.petition import PetitionStatus
from services.intake.persistence.repositories import PetitionRepo
from services.intake.persistence.tables import VillageRow
from services.intake.service.context import IntakeContext
from shared.db.session import TenantSession


@dataclass(frozen=True)
class Candidate:
    petition_id: uuid.UUID
    score: float
    reasons: list[dict[str, Any]]
    status: str


@dataclass
class RepeatFinding:
    repeats: list[Candidate] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    features: dict[str, Any] = field(default_factory=dict)

    @property
    def township_has_handled(self) -> bool:
        """The township has decided on this matter before (so a county visit is not skip-level)."""
        return any(c.status != PetitionStatus.awaiting_acceptance for c in self.repeats)


_SAME_PETITIONER = {"code": "same_petitioner", "text": "同一信访人"}


async def find(
    db: TenantSession,
    ctx: IntakeContext,
    tenant_id: uuid.UUID,
    content: str,
    village: VillageRow | None,
    category: str,
    hashes: list[str],
    today: date,
) -> RepeatFinding:
    since = today - timedelta(days=ctx.rules.repeat_window_days)
    repo = PetitionRepo(db)
    same_person = await repo.ids_by_petitioner_hashes(tenant_id, hashes, since)
    rows = await repo.many(same_person, since)
    return RepeatFinding(repeats=[Candidate(r.id, 1.0, [_SAME_PETITIONER], r.status) for r in rows])
