"""The caller's scope as transaction-local settings that every row-level security policy reads."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.tenancy import Scope

# set_config(..., true) is SET LOCAL with bind parameters, which asyncpg cannot send to SET itself.
SET_SCOPE = text(
    "SELECT set_config('app.scope', :scope, true), set_config('app.tenant_id', :tenant, true),"
    " set_config('app.village_id', :village, true)"
)


def scope_params(
    scope: Scope | None, tenant_id: uuid.UUID | None, village_id: uuid.UUID | None
) -> dict[str, str]:
    return {
        "scope": scope.value if scope else "",
        "tenant": str(tenant_id or ""),
        "village": str(village_id or ""),
    }


async def set_scope(
    db: AsyncSession, scope: Scope, tenant_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None
) -> None:
    """Set the scope inside an already begun transaction (event handlers that switch tenant use it)."""
    await db.execute(SET_SCOPE, scope_params(scope, tenant_id, village_id))
