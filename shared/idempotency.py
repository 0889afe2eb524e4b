"""Idempotency-Key for any service's POST: a retried request returns the first answer and acts once, even racing.

Each service keeps the keys in its own `idempotency_key` table (created by `idempotency_migration_sql`, under the
tenant policy); the table is found on the session's search path, like the trail and the outbox.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import msgspec
from litestar.params import HeaderParameter
from litestar.response import Response
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, Uuid, func, select
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.rls import tenant_policy_sql
from shared.errors import RuleViolation, register_reasons
from shared.tenancy import COUNTY_CHAIN

register_reasons(
    {"reused_for_another_request": ("已用于另一个不同的请求", "was already used for a different request")}
)
KEY_FIELD = "Idempotency-Key"
# Marks an answer that is the first request's, given again: the client learns that nothing acted this time.
REPLAYED_HEADER = "Idempotent-Replayed"
# What a POST handler declares to take the header (`idempotency_key: IdempotencyKey = None`).
IdempotencyKey = Annotated[str | None, HeaderParameter(name=KEY_FIELD, max_length=200)]

idempotency_key = Table(
    "idempotency_key",
    MetaData(),
    Column("tenant_id", Uuid, primary_key=True),
    Column("user_id", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("fingerprint", Text, nullable=False),
    Column("status_code", Integer),
    Column("response", JSONB),
    Column("created_at", DateTime(timezone=True), server_default=func.now(), nullable=False),
)


def idempotency_migration_sql(schema: str) -> list[str]:
    table = f'"{schema}".idempotency_key'
    return [
        f"""CREATE TABLE {table} (
            tenant_id uuid NOT NULL,
            user_id text NOT NULL,
            key text NOT NULL,
            fingerprint text NOT NULL,
            status_code integer,
            response jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, user_id, key)
        )""",
        *tenant_policy_sql(table),
    ]


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


def fingerprint(body: object) -> str:
    return hashlib.sha256(msgspec.json.encode(body, order="sorted")).hexdigest()


async def begin(
    db: AsyncSession, tenant_id: uuid.UUID, user_id: str, key: str, body: object
) -> Replay | None:
    """None: go ahead and act. A Replay: the first request with this key already acted; answer as it did.

    The claim is an INSERT ... ON CONFLICT DO NOTHING on the key: a racing twin blocks on it until the first
    commits, then finds the stored answer. If the first rolls back, the twin's insert succeeds and it acts.
    """
    mine = fingerprint(body)
    claim = (
        insert(idempotency_key)
        .values(tenant_id=tenant_id, user_id=user_id, key=key, fingerprint=mine)
        .on_conflict_do_nothing()
        .returning(idempotency_key.c.key)
    )
    if (await db.execute(claim)).first() is not None:
        return None
    row = (await db.execute(_row(tenant_id, user_id, key))).first()
    if row is None or row.fingerprint != mine:
        raise RuleViolation(KEY_FIELD, "reused_for_another_request")
    return Replay(row.status_code or 200, row.response or {})


async def finish(
    db: AsyncSession, tenant_id: uuid.UUID, user_id: str, key: str, status_code: int, body: object
) -> None:
    """Keep the answer with the key, in the transaction that acted: a replay then answers the same."""
    c = idempotency_key.c
    await db.execute(
        idempotency_key.update()
        .where(c.tenant_id == tenant_id, c.user_id == user_id, c.key == key)
        .values(status_code=status_code, response=msgspec.to_builtins(body))
    )


def _row(tenant_id: uuid.UUID, user_id: str, key: str):  # noqa: ANN202 - a SQL statement
    c = idempotency_key.c
    return select(idempotency_key).where(c.tenant_id == tenant_id, c.user_id == user_id, c.key == key)


async def once(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    user_id: str,
    key: str | None,
    body: object,
    act: Callable[[], Awaitable[object]],
    status_code: int = 200,
) -> tuple[object, Replay | None]:
    """Act, unless this key already did: then the first answer comes back as a Replay and nothing acts again.
    Without a key the request simply acts (a client that wants retries to be safe sends one)."""
    if key:
        replay = await begin(db, tenant_id, user_id, key, body)
        if replay is not None:
            return replay.body, replay
    answer = await act()
    if key:
        await finish(db, tenant_id, user_id, key, status_code, answer)
    return answer, None


class Caller(Protocol):
    @property
    def user_id(self) -> str: ...

    @property
    def tenant_id(self) -> uuid.UUID | None: ...


async def respond_once(
    db: AsyncSession,
    caller: Caller,
    key: str | None,
    body: object,
    act: Callable[[], Awaitable[object]],
    status_code: int = 200,
) -> Response[Any]:
    """`once` as a handler answers: the caller's keys are kept under their township (county staff: the county's),
    and a replay comes back with its first status and the REPLAYED_HEADER."""
    tenant = caller.tenant_id or COUNTY_CHAIN
    answer, replay = await once(db, tenant, caller.user_id, key, body, act, status_code)
    if replay:
        return Response(replay.body, status_code=replay.status_code, headers={REPLAYED_HEADER: "true"})
    return Response(answer, status_code=status_code)
