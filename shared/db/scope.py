"""The caller's scope, set transaction-locally so a pooled connection never carries it into another request."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.tenancy import Scope


async def set_scope(
    db: AsyncSession, scope: Scope, tenant_id: uuid.UUID | None = None, village_id: uuid.UUID | None = None
) -> None:
    # set_config(..., true) is SET LOCAL with bind parameters, which asyncpg cannot send to SET itself.
    await db.execute(
        text(
            "SELECT set_config('app.scope', :scope, true), set_config('app.tenant_id', :tenant, true),"
            " set_config('app.village_id', :village, true)"
        ),
        {"scope": scope.value, "tenant": str(tenant_id or ""), "village": str(village_id or "")},
    )
