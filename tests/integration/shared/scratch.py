"""A scratch service for the shared library's tests: its own schema, owner and application role and scope key.

It is made like a real service (the owner migrates, the app role is bound by row-level security), with the
outbox as the migrations leave it plus whatever tables a test adds, and it is removed whole at the end.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import asyncpg
import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE
from shared.db.engine import make_engine
from shared.db.rls import scope_key_sql
from shared.events import outbox
from shared.events.connection import connect_options
from shared.events.relay import OutboxRelay
from shared.events.streams import EventTopology, ensure_streams
from shared.settings import DatabaseSettings, NatsSettings


@dataclass(frozen=True)
class ScratchService:
    token: str
    schema: str
    owner: str
    app: str
    passwords: dict[str, str] = field(repr=False)
    scope_key: str = field(repr=False)

    @classmethod
    def new(cls, prefix: str) -> ScratchService:
        token = secrets.token_hex(4)
        owner, app = f"xft_{token}_owner", f"xft_{token}_app"
        return cls(
            token,
            f"{prefix}_{token}",
            owner,
            app,
            {owner: secrets.token_urlsafe(16), app: secrets.token_urlsafe(16)},
            secrets.token_urlsafe(24),
        )

    def db_settings(self, stack: StackSettings, pool_size: int = 4) -> DatabaseSettings:
        return DatabaseSettings(
            port=stack.pg_port,
            user=self.app,
            password=self.passwords[self.app],
            schema_name=self.schema,
            pool_size=pool_size,
            scope_key=self.scope_key,
        )

    async def create(self, su: asyncpg.Connection, stack: StackSettings, tables: Sequence[str] = ()) -> None:
        for role in (self.owner, self.app):
            await su.execute(
                f"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{self.passwords[role]}'"
            )
        await su.execute(f'GRANT CONNECT ON DATABASE {DATABASE} TO "{self.owner}", "{self.app}"')
        await su.execute(f'CREATE SCHEMA "{self.schema}" AUTHORIZATION "{self.owner}"')
        await su.execute(f'GRANT USAGE ON SCHEMA "{self.schema}" TO "{self.app}"')
        await su.execute(
            f'ALTER DEFAULT PRIVILEGES FOR ROLE "{self.owner}" IN SCHEMA "{self.schema}" '
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{self.app}"'
        )
        owner = await asyncpg.connect(
            host="127.0.0.1",
            port=stack.pg_port,
            user=self.owner,
            password=self.passwords[self.owner],
            database=DATABASE,
        )
        try:
            async with owner.transaction():
                for statement in [
                    *outbox.outbox_migration_sql(self.schema),
                    *outbox.outbox_set_aside_sql(self.schema),
                    *tables,
                    *scope_key_sql(self.schema, self.scope_key),
                ]:
                    await owner.execute(statement)
        finally:
            await owner.close()

    async def drop(self, su: asyncpg.Connection) -> None:
        await su.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        for role in (self.owner, self.app):
            await su.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role)
            await su.execute(f'DROP OWNED BY "{role}"')
            await su.execute(f'DROP ROLE "{role}"')

    @asynccontextmanager
    async def engine(
        self, su: asyncpg.Connection, stack: StackSettings, tables: Sequence[str] = (), pool_size: int = 4
    ) -> AsyncIterator[AsyncEngine]:
        """Create it, hand out an engine of its application role, and remove it all afterwards."""
        try:
            await self.create(su, stack, tables)
            engine = make_engine(self.db_settings(stack, pool_size), application_name=f"test-{self.schema}")
            try:
                yield engine
            finally:
                await engine.dispose()
        finally:
            await self.drop(su)


@dataclass
class Bus:
    nc: Client
    js: JetStreamContext


@asynccontextmanager
async def scratch_bus(nats_operator: NatsSettings, topology: EventTopology, name: str) -> AsyncIterator[Bus]:
    """A connection as the NATS operator, with the test's own streams, deleted at the end."""
    nc = await nats.connect(**connect_options(nats_operator), name=name)
    js = nc.jetstream()
    await ensure_streams(js, topology)
    try:
        yield Bus(nc, js)
    finally:
        for stream in (topology.stream, topology.dlq_stream):
            await js.delete_stream(stream)
        await nc.close()


async def relay_all(relay: OutboxRelay) -> int:
    """Relay rounds until one publishes nothing; how many events went out."""
    total = 0
    while published := await relay.run_once():
        total += published
    return total


async def wait_for(condition: Callable[[], Awaitable[bool]], within: float, every: float = 0.2) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(every)
