"""Anchors (锚定): every so often a service publishes the head of each chain that moved, so reporting can tell a
chain cut off after its newest anchor, or rewritten under it, from one that simply stopped growing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.contracts.trail import TrailAnchored
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.trail.events import announce_anchor

log = logging.getLogger(__name__)

# One tenant at a time along the primary key (a skip scan): a handful of chains, each found by the index, however
# long the chains have grown.
_HEADS = text(
    """WITH RECURSIVE tenants AS (
    (SELECT tenant_id FROM trail_entry ORDER BY tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT e.tenant_id FROM trail_entry e WHERE e.tenant_id > tenants.tenant_id ORDER BY e.tenant_id LIMIT 1)
    FROM tenants WHERE tenants.tenant_id IS NOT NULL
)
SELECT tenants.tenant_id, head.seq, head.hash FROM tenants
CROSS JOIN LATERAL (
    SELECT seq, hash FROM trail_entry e WHERE e.tenant_id = tenants.tenant_id ORDER BY seq DESC LIMIT 1
) AS head
WHERE tenants.tenant_id IS NOT NULL
ORDER BY tenants.tenant_id"""
)

# Where the last run left off: the newest anchor of each tenant still in the outbox. Once purged, a head is
# anchored once more, which tells reporting nothing new and does no harm.
_LAST_ANCHORED = text(
    "SELECT DISTINCT ON (tenant_id) tenant_id, (envelope -> 'data' ->> 'seq')::bigint AS seq FROM outbox"
    " WHERE type = :type ORDER BY tenant_id, created_at DESC"
)


@dataclass(frozen=True)
class Head:
    tenant_id: uuid.UUID
    seq: int
    hash: str


async def heads(db: AsyncSession) -> list[Head]:
    """The head of every chain the session's scope sees."""
    return [Head(r.tenant_id, r.seq, r.hash) for r in await db.execute(_HEADS)]


class Anchorer:
    """Publishes, through the service's outbox, one anchor per tenant whose head moved since the last one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], service: str) -> None:
        self.sessions = sessions
        self.service = service
        self._anchored: dict[uuid.UUID, int] | None = None

    async def anchor_once(self) -> list[Head]:
        # The county scope: a system process anchoring every tenant's chain.
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            if self._anchored is None:
                rows = await db.execute(_LAST_ANCHORED, {"type": TrailAnchored.event_type})
                self._anchored = {r.tenant_id: r.seq for r in rows}
            moved = [h for h in await heads(db) if self._anchored.get(h.tenant_id) != h.seq]
            now = datetime.now(UTC)
            for head in moved:
                await announce_anchor(db, self.service, head.tenant_id, head.seq, head.hash, now)
        # Only after the commit: a rolled-back round is tried again next time.
        self._anchored.update({h.tenant_id: h.seq for h in moved})
        return moved

    async def run_forever(self, stop: asyncio.Event, interval: float) -> None:
        while not stop.is_set():
            try:
                await self.anchor_once()
            except Exception:
                log.exception("trail anchors of %s failed; trying again in %.0f s", self.service, interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)


def anchor_task(service: str, interval: float):  # noqa: ANN201 - a shared.events.worker.WorkerTask
    async def run(engine: AsyncEngine, stop: asyncio.Event) -> None:
        await Anchorer(session_factory(engine), service).run_forever(stop, interval)

    return run
