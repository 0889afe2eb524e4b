"""The async engine of one service, connected as its application role with its schema on the search path."""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.db.scope import SIGNER, ScopeSigner
from shared.settings import DatabaseSettings


def make_engine(settings: DatabaseSettings, application_name: str, as_owner: bool = False) -> AsyncEngine:
    engine = create_async_engine(
        settings.url(as_owner=as_owner),
        pool_size=settings.pool_size,
        # A restarted PostgreSQL leaves dead connections in the pool; a ping replaces them.
        pool_pre_ping=True,
        # An error's text would otherwise end in "[parameters: ...]": petition content, attachment bytes.
        hide_parameters=True,
        connect_args={
            "timeout": 3,
            "server_settings": {"search_path": settings.schema_name, "application_name": application_name},
        },
    )
    _sign_scopes_with(engine, settings.scope_key.get_secret_value())
    return engine


def _sign_scopes_with(engine: AsyncEngine, key: str) -> None:
    """Each new server connection gets a signer for its backend; the pid comes with the connection, no query."""

    @event.listens_for(engine.sync_engine, "connect")
    def _remember_signer(dbapi_connection, connection_record) -> None:  # noqa: ANN001 - SQLAlchemy's types
        pid = dbapi_connection.driver_connection.get_server_pid()
        connection_record.info[SIGNER] = ScopeSigner(key.encode(), pid)


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
