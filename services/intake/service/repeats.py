"""重复访: earlier petitions of the same petitioner, or of the same matter in other words, within the window.

Candidates come from the petition_token table by plain equality (index-backed under row-level security);
only keys rarer than COMMON_POSTINGS are used to shortlist, so a word every petition has costs nothing.
The shortlist is scored by the domain matcher with word weights fitted on the shortlist itself.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from services.intake.domain.petition import PetitionStatus
from services.intake.domain.repeat_match import (
    Features,
    Idf,
    PetitionText,
    features,
    index_keys,
    reason_text,
    score_features,
)
from services.intake.domain.text_normalise import Normaliser, build_normaliser
from services.intake.persistence.repositories import PetitionRepo
from services.intake.persistence.tables import TownshipRow, VillageRow
from services.intake.service.summaries import summary_of
from services.intake.service.views import RepeatCandidateView
from shared.db.session import DataScope, TenantSession, scoped_transaction

log = logging.getLogger(__name__)
SHORTLIST = 100
COMMON_POSTINGS = 2000
LIMIT = 10


class RepeatMatcher:
    """The process's normaliser (jieba with the county's place names), loaded once at start-up."""

    def __init__(self) -> None:
        self._normaliser: Normaliser | None = None

    async def load(self, sessions) -> None:  # noqa: ANN001 - an async_sessionmaker
        try:
            async with scoped_transaction(sessions, DataScope.county()) as db:
                names = [
                    *(await db.scalars(select(TownshipRow.name))),
                    *(await db.scalars(select(VillageRow.name))),
                ]
        except Exception as exc:
            log.warning("place names not loaded for repeat matching: %s", type(exc).__name__)
            names = []
        self._normaliser = await asyncio.to_thread(build_normaliser, names)

    def features(self, text: PetitionText) -> Features:
        if self._normaliser is None:
            self._normaliser = build_normaliser([])
        return features(text, self._normaliser)


@dataclass(frozen=True)
class Candidate:
    petition_id: uuid.UUID
    score: float
    reasons: list[dict[str, Any]]
    status: str
    received_on: date
    summary: str

    def view(self, decision: str = "suggested") -> RepeatCandidateView:
        return RepeatCandidateView(
            self.petition_id, self.score, self.reasons, decision, self.received_on, self.summary
        )


@dataclass
class RepeatFinding:
    repeats: list[Candidate] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    features: dict[str, Any] = field(default_factory=dict)

    @property
    def township_has_handled(self) -> bool:
        """The township has decided on this matter before (so a county visit is not skip-level)."""
        return any(c.status != PetitionStatus.awaiting_acceptance for c in self.repeats)


async def find(
    db: TenantSession,
    matcher: RepeatMatcher,
    window_days: int,
    tenant_id: uuid.UUID,
    content: str,
    village: VillageRow | None,
    category: str | None,
    hashes: list[str],
    today: date,
) -> RepeatFinding:
    text = PetitionText(content, village.slug if village else None, category, today, frozenset(hashes))
    draft = matcher.features(text)
    keys = index_keys(draft)
    repo = PetitionRepo(db)
    rare = await repo.rare_tokens(tenant_id, sorted(keys), COMMON_POSTINGS)
    ids = await repo.ids_sharing_tokens(tenant_id, rare, SHORTLIST)
    rows = await repo.many(ids, today - timedelta(days=window_days))
    stored = [(row, Features.from_json(row.features)) for row in rows if row.features]
    idf = Idf.fit([draft, *(f for _, f in stored)])
    scored = [(row, score_features(draft, f, idf)) for row, f in stored]
    # Best first, ties by id: the order the stored links are read back in.
    found = [(row, round(m.score, 3), m) for row, m in scored if m.is_repeat]
    repeats = sorted(found, key=lambda c: (-c[1], c[0].id))[:LIMIT]
    return RepeatFinding(
        repeats=[
            Candidate(row.id, score, _reasons(m.reasons), row.status, row.received_on, summary_of(row))
            for row, score, m in repeats
        ],
        tokens=keys,
        features=draft.to_json(),
    )


def _reasons(codes: list[str]) -> list[dict[str, Any]]:
    return [
        {"code": c.partition(":")[0], "detail": c.partition(":")[2] or None, "text": reason_text(c)}
        for c in codes
    ]
