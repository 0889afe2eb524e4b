"""GET /trail/chain and /trail/heads: each service serves its own chains to auditors, so reporting can compare them
with its copy and the anchors (docs/trail.md). Mounted by shared/service_app.build_app in every service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.params import QueryParameter
from sqlalchemy import select

from shared.abilities import reporting as can
from shared.abilities import requires
from shared.db.request import Db
from shared.trail.anchors import heads
from shared.trail.store import trail_entry

MAX_LIMIT = 1000
AUDITORS = requires(can.READ_TRAIL)
Township = Annotated[uuid.UUID, QueryParameter(description="乡镇（租户）UUID：链所属的租户")]
AfterSeq = Annotated[int, QueryParameter(ge=0, le=2**62, description="从此序号之后开始（不含）")]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="最多条数")]


class ChainEntry(msgspec.Struct):
    """One entry with every field its hash covers: the caller recomputes the hash and the links itself."""

    tenant_id: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_id: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    request_id: str | None
    trace_id: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


class ChainPage(msgspec.Struct):
    service: str
    township: uuid.UUID
    entries: list[ChainEntry]
    head_seq: int | None  # the chain's newest seq as the service has it now
    next_after_seq: int | None  # where the next page starts, while entries may follow


class ChainHead(msgspec.Struct):
    township: uuid.UUID
    seq: int
    hash: str


class ChainHeads(msgspec.Struct):
    service: str
    heads: list[ChainHead]


def _service(request: Request) -> str:
    return request.app.state["runtime"].name


@get(
    "/trail/chain",
    guards=[AUDITORS],
    summary="This service's trail chain of one township, in seq order (留痕链)",
)
async def chain(
    request: Request, db: Db, township: Township, after_seq: AfterSeq = 0, limit: Limit = 500
) -> ChainPage:
    c = trail_entry.c
    rows = await db.execute(
        select(trail_entry).where(c.tenant_id == township, c.seq > after_seq).order_by(c.seq).limit(limit)
    )
    entries = [ChainEntry(**row._mapping) for row in rows]
    head = (
        await db.execute(select(c.seq).where(c.tenant_id == township).order_by(c.seq.desc()).limit(1))
    ).scalar()
    more = bool(entries) and head is not None and entries[-1].seq < head
    return ChainPage(_service(request), township, entries, head, entries[-1].seq if more else None)


@get(
    "/trail/heads", guards=[AUDITORS], summary="The head of every trail chain of this service (各链最新记录)"
)
async def chain_heads(request: Request, db: Db) -> ChainHeads:
    return ChainHeads(_service(request), [ChainHead(h.tenant_id, h.seq, h.hash) for h in await heads(db)])


ROUTES = [chain, chain_heads]
