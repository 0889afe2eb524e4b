"""Appending to and verifying the trail (全程留痕) inside the caller's transaction; nothing here commits.

The table is named without a schema: the service's engine puts its own schema on the search path
(shared/db/engine.py), so each service writes its own `trail_entry`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import asdict
from typing import Any, Protocol

from opentelemetry import trace
from sqlalchemy import BigInteger, Column, DateTime, MetaData, Table, Text, Uuid, insert, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from shared.trail.chain import (
    GENESIS_HASH,
    ChainCheck,
    ChainReport,
    TrailRecord,
    entry_hash,
    normalised_detail,
)
from shared.trail.events import announce_entry

trail_entry = Table(
    "trail_entry",
    MetaData(),
    Column("tenant_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("actor_id", Text, nullable=False),
    Column("actor_role", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("object_type", Text, nullable=False),
    Column("object_id", Text, nullable=False),
    Column("request_id", Text),
    Column("trace_id", Text),
    Column("detail", JSONB, nullable=False),
    Column("prev_hash", Text, nullable=False),
    Column("hash", Text, nullable=False),
)

# One writer per tenant chain at a time, until its transaction ends: two transactions can never read the same
# head and chain to the same predecessor. The schema is part of the key, so services do not wait on each other.
_LOCK_CHAIN = text(
    "SELECT pg_advisory_xact_lock(hashtext('xf.trail/' || current_schema()), hashtext(:tenant))"
)

# Read after the lock, so READ COMMITTED sees the head the previous writer committed; clock_timestamp() (not
# now(), the transaction's start) keeps occurred_at ascending along the chain.
# The schema names the service (the launcher gives each service its own); a schema without an outbox (a scratch
# schema of the trail's own tests) keeps its chain unannounced.
_READ_HEAD = text(
    "SELECT clock_timestamp() AS now, head.seq, head.hash, current_schema() AS service,"
    " to_regclass('outbox') IS NOT NULL AS announces FROM (VALUES (1)) AS one"
    " LEFT JOIN LATERAL (SELECT seq, hash FROM trail_entry WHERE tenant_id = :tenant"
    " ORDER BY seq DESC LIMIT 1) AS head ON true"
)

# Mirrors the tenant policy of shared/db/rls.py, through the same verifying functions of the session's schema:
# a scope that hides the tenant would verify an empty chain.
_SCOPE_COVERS = text("SELECT scope_county() OR scope_tenant()::text = :tenant")


class Actor(Protocol):
    """Who acts: the shared Principal fits, and so does any object with these three attributes."""

    @property
    def user_id(self) -> str: ...

    @property
    def roles(self) -> Collection[str]: ...

    @property
    def tenant_id(self) -> uuid.UUID | None: ...


class TrailScopeError(PermissionError):
    """The session's scope does not cover the tenant whose chain was asked for."""


async def record(
    db: AsyncSession,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str | uuid.UUID,
    *,
    tenant_id: uuid.UUID | None = None,
    detail: Mapping[str, Any] | None = None,
    request_id: str | None = None,
    trace_id: str | None = None,
) -> TrailRecord:
    """留痕: append one entry to the tenant's chain in the caller's transaction, with its event in the outbox.

    The tenant is the object's township; a county actor (no tenant of its own) must name it. The chain stays
    locked until the caller's transaction ends, so record late in the transaction. Needs READ COMMITTED
    (the default): a REPEATABLE READ snapshot would miss the predecessor and fail on the (tenant_id, seq) key.
    """
    tenant = tenant_id or actor.tenant_id
    if tenant is None:
        raise ValueError("a county actor must name the tenant whose object it acted on")
    values: dict[str, Any] = {
        "tenant_id": tenant,
        "actor_id": actor.user_id,
        "actor_role": ",".join(sorted(str(role) for role in actor.roles)),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "request_id": request_id,
        "trace_id": trace_id or current_trace_id(),
        "detail": normalised_detail(detail or {}),
    }
    await db.execute(_LOCK_CHAIN, {"tenant": str(tenant)})
    head = (await db.execute(_READ_HEAD, {"tenant": tenant})).one()
    values |= {"seq": (head.seq or 0) + 1, "occurred_at": head.now, "prev_hash": head.hash or GENESIS_HASH}
    entry = TrailRecord(**values, hash=entry_hash(values))
    await db.execute(insert(trail_entry).values(asdict(entry)))
    if head.announces:
        # Same transaction: the entry and its event commit together or not at all (docs/trail.md).
        await announce_entry(db, head.service, entry)
    return entry


async def verify(db: AsyncSession, tenant_id: uuid.UUID) -> ChainReport:
    """Walk the tenant's chain in seq order, recompute every hash, and name the first broken link."""
    if not (await db.execute(_SCOPE_COVERS, {"tenant": str(tenant_id)})).scalar():
        raise TrailScopeError("the session's scope does not cover this tenant: set it before verifying")
    check = ChainCheck(tenant_id)
    stmt = select(trail_entry).where(trail_entry.c.tenant_id == tenant_id).order_by(trail_entry.c.seq)
    # Streamed in batches: a township's chain grows for years and need not fit in memory.
    rows = await db.stream(stmt.execution_options(yield_per=1000))
    try:
        async for row in rows.mappings():
            if not check.add(TrailRecord(**row)):
                break
    finally:
        await rows.close()
    return check.report()


def current_trace_id() -> str | None:
    """The trace id of the active OpenTelemetry span, as W3C traceparent writes it (32 hex digits)."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


async def history(db: AsyncSession, object_type: str, object_id: str | uuid.UUID) -> list[TrailRecord]:
    """An object's timeline (办理轨迹): its entries in chain order, as the caller's scope lets them be seen."""
    stmt = (
        select(trail_entry)
        .where(trail_entry.c.object_type == object_type, trail_entry.c.object_id == str(object_id))
        .order_by(trail_entry.c.tenant_id, trail_entry.c.seq)
    )
    return [TrailRecord(**row._mapping) for row in await db.execute(stmt)]
