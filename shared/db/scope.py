"""The caller's scope as transaction-local settings, signed so that row-level security can tell it from a forgery."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.tenancy import Scope

# set_config(..., true) is SET LOCAL with bind parameters, which asyncpg cannot send to SET itself.
SET_SCOPE = text(
    "SELECT set_config('app.scope', :scope, true), set_config('app.tenant_id', :tenant, true),"
    " set_config('app.village_id', :village, true), set_config('app.scope_sig', :sig, true)"
)
SET_SCOPE_RAW = (
    "SELECT set_config('app.scope', $1, true), set_config('app.tenant_id', $2, true),"
    " set_config('app.village_id', $3, true), set_config('app.scope_sig', $4, true)"
)

# Where make_engine's connect listener leaves each pooled connection's signer (Connection.info).
SIGNER = "xf.scope_signer"


@dataclass(frozen=True)
class ScopeSigner:
    """Signs scopes for one server backend: the pid in the message stops a signature working in another session."""

    key: bytes
    backend_pid: int

    def params(
        self, scope: Scope | None, tenant_id: uuid.UUID | None, village_id: uuid.UUID | None
    ) -> dict[str, str]:
        values = {
            "scope": scope.value if scope else "",
            "tenant": str(tenant_id or ""),
            "village": str(village_id or ""),
        }
        # The same string the schema's scope_signed() rebuilds (shared/db/rls.py).
        message = "|".join([values["scope"], values["tenant"], values["village"], str(self.backend_pid)])
        sig = hmac.new(self.key, message.encode(), hashlib.sha256).hexdigest() if self.key else ""
        return {**values, "sig": sig}


# A connection that did not come from make_engine signs nothing: its policies see no row.
UNSIGNED = ScopeSigner(b"", 0)


def signer_of(info: dict) -> ScopeSigner:
    return info.get(SIGNER, UNSIGNED)


async def set_scope(
    db: AsyncSession, scope: Scope, tenant_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None
) -> None:
    """Set the scope inside an already begun transaction (event handlers that switch tenant use it)."""
    conn = await db.connection()
    await db.execute(SET_SCOPE, signer_of(conn.info).params(scope, tenant_id, village_id))


async def set_scope_raw(
    conn: asyncpg.Connection,
    key: str,
    scope: Scope,
    tenant_id: uuid.UUID | None = None,
    village_id: uuid.UUID | None = None,
) -> None:
    """The same for a plain asyncpg connection (benchmarks, tests), inside its transaction."""
    p = ScopeSigner(key.encode(), conn.get_server_pid()).params(scope, tenant_id, village_id)
    await conn.execute(SET_SCOPE_RAW, p["scope"], p["tenant"], p["village"], p["sig"])
