"""Idempotency-Key: a retried request returns the first answer and acts once, even when the two race."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import msgspec

from services.intake.persistence.repositories import IdempotencyRepo
from shared.db.session import TenantSession
from shared.errors import RuleViolation, register_reasons

register_reasons(
    {"reused_for_another_request": ("已用于另一个不同的请求", "was already used for a different request")}
)
KEY_FIELD = "Idempotency-Key"


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


def fingerprint(body: object) -> str:
    return hashlib.sha256(msgspec.json.encode(body, order="sorted")).hexdigest()


async def begin(
    db: TenantSession, tenant_id: uuid.UUID, user_id: str, key: str, body: object
) -> Replay | None:
    """None: go ahead and act. A Replay: the first request with this key already acted; answer as it did.

    The claim is an INSERT ... ON CONFLICT DO NOTHING on the key: a racing twin blocks on it until the first
    commits, then finds the stored answer. If the first rolls back, the twin's insert succeeds and it acts.
    """
    repo = IdempotencyRepo(db)
    mine = fingerprint(body)
    if await repo.claim(tenant_id, user_id, key, mine):
        return None
    row = await repo.get(tenant_id, user_id, key)
    if row is None or row.fingerprint != mine:
        raise RuleViolation(KEY_FIELD, "reused_for_another_request")
    return Replay(row.status_code or 200, row.response or {})


async def finish(
    db: TenantSession, tenant_id: uuid.UUID, user_id: str, key: str, status_code: int, body: object
) -> None:
    row = await IdempotencyRepo(db).get(tenant_id, user_id, key)
    if row is not None:
        row.status_code = status_code
        row.response = msgspec.to_builtins(body)
