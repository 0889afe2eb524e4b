"""Reporting's trail tables (migration 0007): the append-only copy, the anchors, the continuous verification's state
per (service, township), and the verifications auditors asked for."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.domain.trail import Anchor, Problem
from shared.trail import GENESIS_HASH, TrailRecord

_metadata = MetaData()


def _entry_columns() -> list[Column]:
    return [
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
    ]


trail_copy = Table(
    "trail_copy",
    _metadata,
    Column("service", Text, primary_key=True),
    Column("tenant_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    *_entry_columns(),
    Column("received_at", DateTime(timezone=True), server_default=func.clock_timestamp()),
)
trail_anchor = Table(
    "trail_anchor",
    _metadata,
    Column("service", Text, primary_key=True),
    Column("tenant_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", Text, nullable=False),
    Column("anchored_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), server_default=func.clock_timestamp()),
)
trail_copy_state = Table(
    "trail_copy_state",
    _metadata,
    Column("service", Text, primary_key=True),
    Column("tenant_id", Uuid, primary_key=True),
    Column("received_seq", BigInteger, nullable=False),
    Column("verified_seq", BigInteger, nullable=False),
    Column("verified_hash", Text, nullable=False),
    Column("anchor_seq", BigInteger),
    Column("anchor_hash", Text),
    Column("anchored_at", DateTime(timezone=True)),
    Column("problem_seq", BigInteger),
    Column("problem_reason", Text),
    Column("problem_detail", Text),
    Column("problem_found_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), server_default=func.clock_timestamp()),
)
trail_verification = Table(
    "trail_verification",
    _metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("narrowed_to", JSONB, nullable=False),
    Column("results", JSONB, nullable=False),
)

_ENTRY_FIELDS = tuple(c.name for c in trail_copy.c if c.name not in ("service", "received_at"))


def record_of(row: object) -> TrailRecord:
    m = row._mapping  # type: ignore[attr-defined]
    return TrailRecord(**{name: m[name] for name in _ENTRY_FIELDS})


async def insert_entry(db: AsyncSession, service: str, entry: TrailRecord) -> str | None:
    """Keep the entry; None when it is new, else the hash the copy already holds for that seq (a redelivery,
    or a conflicting second version: the copy keeps the first)."""
    stmt = (
        insert(trail_copy)
        .values(service=service, **asdict(entry))
        .on_conflict_do_nothing()
        .returning(trail_copy.c.seq)
    )
    if (await db.execute(stmt)).first() is not None:
        return None
    return await copied_hash(db, service, entry.tenant_id, entry.seq)


async def copied_hash(db: AsyncSession, service: str, tenant: uuid.UUID, seq: int) -> str | None:
    c = trail_copy.c
    stmt = select(c.hash).where(c.service == service, c.tenant_id == tenant, c.seq == seq)
    return (await db.execute(stmt)).scalar()


async def insert_anchor(
    db: AsyncSession, service: str, tenant: uuid.UUID, anchor: Anchor, at: datetime
) -> str | None:
    """As insert_entry: None when new, else the hash already anchored at that seq."""
    stmt = (
        insert(trail_anchor)
        .values(service=service, tenant_id=tenant, seq=anchor.seq, hash=anchor.hash, anchored_at=at)
        .on_conflict_do_nothing()
        .returning(trail_anchor.c.seq)
    )
    if (await db.execute(stmt)).first() is not None:
        return None
    c = trail_anchor.c
    found = select(c.hash).where(c.service == service, c.tenant_id == tenant, c.seq == anchor.seq)
    return (await db.execute(found)).scalar()


async def anchored_hash(db: AsyncSession, service: str, tenant: uuid.UUID, seq: int) -> str | None:
    c = trail_anchor.c
    stmt = select(c.hash).where(c.service == service, c.tenant_id == tenant, c.seq == seq)
    return (await db.execute(stmt)).scalar()


async def locked_state(db: AsyncSession, service: str, tenant: uuid.UUID):  # noqa: ANN201 - a Row
    """The chain's state, locked until the transaction ends: entries and anchors of one chain check one by one."""
    await db.execute(
        insert(trail_copy_state)
        .values(service=service, tenant_id=tenant, received_seq=0, verified_seq=0, verified_hash=GENESIS_HASH)
        .on_conflict_do_nothing()
    )
    c = trail_copy_state.c
    stmt = select(trail_copy_state).where(c.service == service, c.tenant_id == tenant).with_for_update()
    return (await db.execute(stmt)).one()


async def entries_after(
    db: AsyncSession, service: str, tenant: uuid.UUID, seq: int, limit: int = 1000
) -> list[TrailRecord]:
    c = trail_copy.c
    stmt = (
        select(trail_copy)
        .where(c.service == service, c.tenant_id == tenant, c.seq > seq)
        .order_by(c.seq)
        .limit(limit)
    )
    return [record_of(row) for row in await db.execute(stmt)]


async def save_state(db: AsyncSession, service: str, tenant: uuid.UUID, **values: object) -> None:
    c = trail_copy_state.c
    await db.execute(
        update(trail_copy_state)
        .where(c.service == service, c.tenant_id == tenant)
        .values(**values, updated_at=func.clock_timestamp())
    )


def problem_values(problem: Problem) -> dict[str, object]:
    return {
        "problem_seq": problem.seq,
        "problem_reason": str(problem.reason),
        "problem_detail": problem.detail,
        "problem_found_at": func.clock_timestamp(),
    }


async def states(db: AsyncSession):  # noqa: ANN201 - rows
    c = trail_copy_state.c
    return list(await db.execute(select(trail_copy_state).order_by(c.service, c.tenant_id)))


async def chain_of(db: AsyncSession, service: str, tenant: uuid.UUID) -> list[TrailRecord]:
    c = trail_copy.c
    stmt = select(trail_copy).where(c.service == service, c.tenant_id == tenant).order_by(c.seq)
    return [record_of(row) for row in await db.execute(stmt)]


async def anchors_of(db: AsyncSession, service: str, tenant: uuid.UUID) -> list[Anchor]:
    c = trail_anchor.c
    stmt = select(c.seq, c.hash).where(c.service == service, c.tenant_id == tenant).order_by(c.seq)
    return [Anchor(r.seq, r.hash) for r in await db.execute(stmt)]


async def chains(db: AsyncSession) -> list[tuple[str, uuid.UUID]]:
    """Every (service, township) the copy or the anchors know."""
    c, a = trail_copy_state.c, trail_anchor.c
    known = {(r.service, r.tenant_id) for r in await db.execute(select(c.service, c.tenant_id))}
    known |= {(r.service, r.tenant_id) for r in await db.execute(select(a.service, a.tenant_id).distinct())}
    return sorted(known, key=lambda k: (k[0], str(k[1])))


async def add_verification(db: AsyncSession, values: dict[str, object]) -> None:
    await db.execute(insert(trail_verification).values(**values))


async def latest_verification(db: AsyncSession):  # noqa: ANN201 - a Row or None
    c = trail_verification.c
    stmt = select(trail_verification).order_by(c.finished_at.desc(), c.id.desc()).limit(1)
    return (await db.execute(stmt)).first()


def entry_columns() -> Sequence[str]:
    return _ENTRY_FIELDS
