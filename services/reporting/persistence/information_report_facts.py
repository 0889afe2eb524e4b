"""The major matters (重大事项) an information report is written on, as facts fed by events, and what a draft reads.

`major_matter_fact`, one row per matter: a collective petition (petition.registered.v1 with is_collective, raised
at the event's time: its registration) and an emergency request (emergency.requested.v1, raised at its
`received_at`; responded and resolved by emergency.responded.v1 / emergency.resolved.v1). Each event writes only
its own columns; where one could come twice, the earliest instant is kept, so events in any order give the same
row (docs/reporting.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, text

from shared.clock import CHINA
from shared.db.session import TenantSession

_RAISED = text("""
INSERT INTO major_matter_fact (source_kind, source_id, tenant_id, township, raised_at, raised_on, people_count,
                               village, respond_by, resolve_by)
VALUES (:source_kind, :source_id, :tenant_id, :township, :raised_at, :raised_on, :people_count, :village,
        :respond_by, :resolve_by)
ON CONFLICT (source_kind, source_id) DO UPDATE SET
    raised_at = LEAST(major_matter_fact.raised_at, EXCLUDED.raised_at),
    raised_on = LEAST(major_matter_fact.raised_on, EXCLUDED.raised_on),
    people_count = EXCLUDED.people_count, village = EXCLUDED.village,
    respond_by = EXCLUDED.respond_by, resolve_by = EXCLUDED.resolve_by
""")

# responded_at / resolved_at: the first instant seen, whichever event (or copy) comes first.
_STEP = {
    step: text(f"""
INSERT INTO major_matter_fact (source_kind, source_id, tenant_id, township, {step}_at)
VALUES ('emergency', :source_id, :tenant_id, :township, :at)
ON CONFLICT (source_kind, source_id) DO UPDATE SET
    {step}_at = LEAST(major_matter_fact.{step}_at, EXCLUDED.{step}_at)
""")
    for step in ("responded", "resolved")
}


class MajorMatterWriter:
    def __init__(self, db: TenantSession, tenant_id: uuid.UUID, township: str) -> None:
        self.db = db
        self.owner: dict[str, Any] = {"tenant_id": tenant_id, "township": township}

    async def raised(
        self, source_kind: str, source_id: uuid.UUID, raised_at: datetime, people_count: int | None,
        village: str | None, respond_by: datetime | None = None, resolve_by: datetime | None = None,
    ) -> None:  # fmt: skip
        await self.db.execute(
            _RAISED,
            {**self.owner, "source_kind": source_kind, "source_id": source_id, "raised_at": raised_at,
             "raised_on": raised_at.astimezone(CHINA).date(), "people_count": people_count, "village": village,
             "respond_by": respond_by, "resolve_by": resolve_by},
        )  # fmt: skip

    async def emergency_step(self, step: str, source_id: uuid.UUID, at: datetime) -> None:
        await self.db.execute(_STEP[step], {**self.owner, "source_id": source_id, "at": at})


# -- what a draft reads: the caller's scope (row-level security) decides which townships --------------------------

_MATTER = text("""
SELECT source_kind, source_id, township, tenant_id, raised_at, people_count, responded_at, resolved_at
FROM major_matter_fact WHERE source_kind = :source_kind AND source_id = :source_id AND raised_at IS NOT NULL
""")

_MATTERS_IN_MONTH = text("""
SELECT source_kind, source_id, township, raised_at, people_count, responded_at, resolved_at
FROM major_matter_fact WHERE raised_on BETWEEN :first AND :last
ORDER BY raised_at, source_id
""")

# The month's screening registers, by the dates the figures use: recorded, first controlled, first resolved.
_SCREENING = text("""
SELECT item_id, township, 'recorded' AS step FROM screening_item_fact WHERE recorded_on BETWEEN :first AND :last
UNION ALL
SELECT item_id, township, 'controlled' FROM screening_item_fact WHERE controlled_on BETWEEN :first AND :last
UNION ALL
SELECT item_id, township, 'resolved' FROM screening_item_fact WHERE resolved_on BETWEEN :first AND :last
ORDER BY step, township, item_id
""")


async def matter(db: TenantSession, source_kind: str, source_id: uuid.UUID) -> RowMapping | None:
    return (
        (await db.execute(_MATTER, {"source_kind": source_kind, "source_id": source_id})).mappings().first()
    )


async def matters_in_month(db: TenantSession, first: date, last: date) -> Sequence[RowMapping]:
    return (await db.execute(_MATTERS_IN_MONTH, {"first": first, "last": last})).mappings().all()


async def screening_in_month(db: TenantSession, first: date, last: date) -> Sequence[RowMapping]:
    return (await db.execute(_SCREENING, {"first": first, "last": last})).mappings().all()
