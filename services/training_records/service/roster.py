"""在岗信访干部名单: after a staff sync, each township whose serving cadres changed is announced whole
(`cadre_roster.changed.v1`), so reporting counts coverage against who serves without reading this service's tables.

The sets are compared with the cadre table as it stood before the sync, in the sync's own transaction: the event is
committed with the rows it describes, or neither is. A sync that changes nothing announces nothing; the first one
finds every township that has cadres changed (a township with none has no roster, which reads as none serving).
The county office's staff are a county-level event (tenant `county`), as their attendance is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.training_records.persistence.tables import CadreRow
from services.training_records.service.announce import announce
from shared.clock import CHINA
from shared.contracts.training_records import CadreRosterChanged
from shared.tenancy import tenant_id_for

Rosters = Mapping[str, frozenset[str]]  # township slug (or "county") -> serving cadres' user ids


@dataclass(frozen=True)
class _System:
    user_id: str


STAFF_SYNC = _System("system:training-records-staff")  # the envelope's actor: no user asked for the sync


async def serving(db: AsyncSession) -> dict[str, frozenset[str]]:
    """The serving cadres of every township, as the cadre table holds them now."""
    found: dict[str, set[str]] = defaultdict(set)
    for township, user_id in await db.execute(
        select(CadreRow.township, CadreRow.user_id).where(CadreRow.active)
    ):
        found[township].add(user_id)
    return {t: frozenset(ids) for t, ids in found.items()}


def changed(before: Rosters, after: Rosters) -> dict[str, tuple[str, ...]]:
    """The townships whose set differs, each with its new roster sorted (empty when the last cadre left)."""
    empty: frozenset[str] = frozenset()
    return {
        township: tuple(sorted(after.get(township, empty)))
        for township in sorted(before.keys() | after.keys())
        if before.get(township, empty) != after.get(township, empty)
    }


def roster_event(township: str, cadre_ids: tuple[str, ...], now: datetime) -> CadreRosterChanged:
    return CadreRosterChanged(township, cadre_ids, now, now.astimezone(CHINA).date())


async def announce_changes(db: AsyncSession, before: Rosters, now: datetime) -> list[str]:
    """Put one event per changed township in the outbox; the townships announced."""
    rosters = changed(before, await serving(db))
    for township, cadre_ids in rosters.items():
        # Subject: the township's own id (the county office's chain for county staff), the roster being its.
        await announce(
            db, STAFF_SYNC, township, tenant_id_for(township), roster_event(township, cadre_ids, now)
        )
    return list(rosters)
