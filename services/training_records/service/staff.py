"""The cadres training counts (信访干部): the Keycloak users with a petition role, read through the realm's
read-only client and kept in the cadre table, so a cadre who leaves stays in the history with their hours.

The table is the cache: the worker re-reads Keycloak every `refresh_seconds`, and an API process re-reads it at
most that often when a caller needs the list (a trainer importing a sheet with a name just added by the admin
asks for it explicitly with `POST /cadres/refresh`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select, text, true, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.training_records.persistence.tables import CadreRow, TownshipRow
from services.training_records.service import roster
from services.training_records.settings import PETITION_ROLES
from shared.auth.admin import DirectoryUser
from shared.auth.roles import Role
from shared.clock import Clock
from shared.db.session import DataScope, scoped_transaction
from shared.tenancy import COUNTY, tenant_id_for

log = logging.getLogger(__name__)


class StaffSource(Protocol):
    async def users_holding(self, roles: Sequence[Role]) -> list[DirectoryUser]: ...


def full_name(user: DirectoryUser) -> str:
    """Chinese order, family name first, no space: how a sign-in sheet writes it."""
    return f"{user.family_name or ''}{user.given_name or ''}".strip() or user.username


async def sync(db: AsyncSession, users: Sequence[DirectoryUser], now: datetime) -> int:
    """Upsert every enabled cadre Keycloak shows; mark the others as having left (kept, never deleted).

    A user placed in a township the county does not have counts nowhere: skipped, and said in the log. Each
    township whose serving set changed is announced whole in the same transaction (service/roster.py).
    """
    # The worker and an API process may sync at once: one after the other, each compares with what the other
    # committed, so the last roster announced is the one the table holds.
    await db.execute(text("SELECT pg_advisory_xact_lock(hashtext('training_records.staff_sync'))"))
    before = await roster.serving(db)
    known = set(await db.scalars(select(TownshipRow.slug))) | {COUNTY}
    strays = sorted({u.username for u in users if u.enabled and u.township not in known})
    if strays:
        log.warning("cadres in no township of the county, not counted: %s", ", ".join(strays))
    serving = [u for u in users if u.enabled and u.township in known]
    for u in serving:
        values = {
            "user_id": u.user_id,
            "tenant_id": None if u.township == COUNTY else tenant_id_for(u.township),
            "username": u.username,
            "full_name": full_name(u),
            "township": u.township,
            "roles": sorted(r.value for r in u.roles),
            "active": True,
            "left_at": None,
        }
        stmt = insert(CadreRow).values({**values, "first_seen_at": now})
        await db.execute(stmt.on_conflict_do_update(index_elements=["user_id"], set_=values))
    seen = [u.user_id for u in serving]
    await db.execute(
        update(CadreRow)
        .where(CadreRow.active, CadreRow.user_id.not_in(seen) if seen else true())
        .values(active=False, left_at=now)
    )
    await roster.announce_changes(db, before, now)
    return len(serving)


class StaffSync:
    """One process's view of when the cadre table was last refreshed from Keycloak."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        source: StaffSource,
        refresh_seconds: int,
        clock: Clock | None = None,
    ) -> None:
        self.sessions, self.source, self.refresh_seconds = sessions, source, refresh_seconds
        self.clock = clock or Clock()
        self._last: float | None = None
        self._lock = asyncio.Lock()

    async def refresh(self, force: bool = False) -> bool:
        """Re-read Keycloak when the table is older than `refresh_seconds` (or `force`); True when it did."""
        async with self._lock:
            if not force and self._last is not None and time.monotonic() - self._last < self.refresh_seconds:
                return False
            users = await self.source.users_holding(PETITION_ROLES)
            async with scoped_transaction(self.sessions, DataScope.county()) as db:
                count = await sync(db, users, self.clock.now())
            self._last = time.monotonic()
            log.info("cadres refreshed from Keycloak: %d serving", count)
            return True

    async def refresh_quietly(self) -> bool:
        """For readers: a refresh that fails (Keycloak down) leaves the last list in place, and says so in the log;
        False then, so a loop can try again sooner."""
        try:
            await self.refresh()
        except Exception:
            log.warning("cadres not refreshed from Keycloak; the last list stays", exc_info=True)
            return False
        return True


async def serving_count(db: AsyncSession) -> int:
    return (await db.execute(select(func.count()).select_from(CadreRow).where(CadreRow.active))).scalar_one()
