"""The request's unit of work: one transaction under the caller's data scope, committed before the response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, TypeAlias

from litestar import Request
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db.session import DataScope, TenantSession, scoped_transaction
from shared.tenancy import Scope


class ScopedCaller(Protocol):
    scope: Scope
    tenant_id: object
    village_id: object


def data_scope_of(caller: ScopedCaller) -> DataScope:
    return DataScope(caller.scope, caller.tenant_id, caller.village_id)  # type: ignore[arg-type]


def tenant_session_provider(factory: async_sessionmaker[AsyncSession]):  # noqa: ANN201 - a Litestar provider
    """A generator dependency: Litestar throws a handler's exception into it (rollback) and closes it
    after the response is built but before it is sent, so a failed commit never answers success."""

    async def provide_db(request: Request) -> AsyncIterator[TenantSession]:
        async with scoped_transaction(factory, data_scope_of(request.user)) as db:
            yield db

    return provide_db


# What a handler declares (`db: Db`): the request's TenantSession, by name, as Litestar 2.23+ wants.
Db: TypeAlias = NamedDependency[TenantSession]
