"""The async engine of one service, connected as its application role with its schema on the search path."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.settings import DatabaseSettings


def make_engine(settings: DatabaseSettings, application_name: str, as_owner: bool = False) -> AsyncEngine:
    return create_async_engine(
        settings.url(as_owner=as_owner),
        pool_size=settings.pool_size,
        # A restarted PostgreSQL leaves dead connections in the pool; a ping replaces them.
        pool_pre_ping=True,
        connect_args={
            "timeout": 3,
            "server_settings": {"search_path": settings.schema_name, "application_name": application_name},
        },
    )


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
