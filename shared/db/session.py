"""Sessions that carry the caller's data scope into every transaction they begin.

The scope is written with set_config(..., true) right after BEGIN, so it lives exactly as long as the
transaction: a pooled connection handed to the next request carries nothing over. It is signed with the
service's key for the connection's backend (shared/db/scope.py), or row-level security ignores it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from shared.db.scope import SET_SCOPE, signer_of
from shared.tenancy import Scope


@dataclass(frozen=True)
class DataScope:
    """What a caller may see: the whole county, one township (tenant), or one village inside it."""

    scope: Scope
    tenant_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None

    @classmethod
    def county(cls) -> DataScope:
        return cls(Scope.county)

    @classmethod
    def township(cls, tenant_id: uuid.UUID) -> DataScope:
        return cls(Scope.township, tenant_id)

    @classmethod
    def village(cls, tenant_id: uuid.UUID, village_id: uuid.UUID) -> DataScope:
        return cls(Scope.village, tenant_id, village_id)


class ScopedSession(Session):
    """The sync session class under every TenantSession; its after_begin hook applies the scope."""


# An AsyncSession whose transactions are bound to one DataScope; the name handlers and services use.
TenantSession = AsyncSession


@event.listens_for(ScopedSession, "after_begin")
def _apply_scope(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    scope: DataScope | None = session.info.get("data_scope")
    # No scope at all sets empty values: every tenant policy then matches nothing.
    signer = signer_of(connection.info)
    params = (
        signer.params(scope.scope, scope.tenant_id, scope.village_id)
        if scope
        else signer.params(None, None, None)
    )
    connection.execute(SET_SCOPE, params)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, sync_session_class=ScopedSession, expire_on_commit=False)


@asynccontextmanager
async def scoped_transaction(
    factory: async_sessionmaker[AsyncSession], scope: DataScope | None
) -> AsyncIterator[TenantSession]:
    """One unit of work under one scope: commits when the block ends, rolls back on any exception."""
    async with factory(info={"data_scope": scope}) as session, session.begin():
        yield session
