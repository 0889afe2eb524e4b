"""The trail as a service uses it: record an entry for a row, and read an object's timeline in one shape."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from shared.trail.chain import TrailRecord
from shared.trail.store import history, record


class TimelineEntry(msgspec.Struct):
    """One step of an object's timeline (办理轨迹), as every detail page shows it."""

    at: datetime
    action: str
    actor_id: str
    actor_role: str
    detail: dict[str, Any]


class NamedActor(Protocol):
    @property
    def user_id(self) -> str: ...

    @property
    def roles(self) -> Any: ...

    @property
    def display_name(self) -> str: ...


class TenantRow(Protocol):
    id: uuid.UUID
    tenant_id: uuid.UUID


async def record_row(
    db: AsyncSession, by: NamedActor, action: str, object_type: str, row: TenantRow, **detail: object
) -> TrailRecord:
    """留痕 for a row: its id and township, the actor's name beside the detail (the timeline shows it)."""
    return await record(
        db, by, action, object_type, row.id, tenant_id=row.tenant_id, detail={"by": by.display_name, **detail}
    )


def timeline_of(records: Iterable[TrailRecord]) -> list[TimelineEntry]:
    return [TimelineEntry(e.occurred_at, e.action, e.actor_id, e.actor_role, dict(e.detail)) for e in records]


async def timeline(db: AsyncSession, object_type: str, object_id: uuid.UUID | str) -> list[TimelineEntry]:
    """An object's timeline as the caller's scope lets it be seen."""
    return timeline_of(await history(db, object_type, object_id))
