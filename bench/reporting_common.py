"""What reporting's three benches share: the stack's connections, the bench's own township, figures as rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
import nats
from nats.aio.client import Client as NATS

from bench.measure import Result, percentile
from deploy.launcher.config import StackSettings
from deploy.launcher.nats import operator_settings
from deploy.launcher.postgres import DATABASE, SUPERUSER, app_role
from shared.db.scope import set_scope_raw
from shared.events.connection import connect_options
from shared.tenancy import Scope, tenant_id_for

# The lag and rebuild benches' events belong to a township of their own: its subjects (xf.xfbench.>) can be
# purged from the stream afterwards without touching a real township's events, and its facts deleted by tenant.
TOWNSHIP = "xfbench"
TENANT = tenant_id_for(TOWNSHIP)
SUBJECTS = f"xf.{TOWNSHIP}.>"


@dataclass(frozen=True)
class Stack:
    """The running stack the bench measures and the secrets that open it."""

    s: StackSettings
    secrets: dict[str, str]

    async def superuser(self) -> asyncpg.Connection:
        """The observer: it reads reporting's facts and intake's outbox behind row-level security, and cleans up."""
        return await self._connect(SUPERUSER, self.secrets["pg_superuser"])

    async def app(self, service: str) -> asyncpg.Connection:
        return await self._connect(app_role(service), self.secrets[f"{service}_app"])

    async def county_scope(self, conn: asyncpg.Connection, service: str) -> None:
        """Inside a transaction: the county scope, which may write any township's rows (the relay's own)."""
        await set_scope_raw(conn, self.secrets[f"{service}_scope_key"], Scope.county)

    async def operator(self) -> NATS:
        return await nats.connect(**connect_options(operator_settings(self.s, self.secrets)), name="xfbench")

    async def _connect(self, user: str, password: str) -> asyncpg.Connection:
        return await asyncpg.connect(
            host="127.0.0.1", port=self.s.pg_port, user=user, password=password, database=DATABASE
        )


def result(
    name: str, samples_ms: Sequence[float], seconds: float, errors: int = 0, concurrency: int = 1
) -> Result:
    return Result(
        name,
        concurrency,
        len(samples_ms),
        errors,
        round(seconds, 3),
        round(len(samples_ms) / seconds, 1) if seconds else 0.0,
        round(percentile(samples_ms, 50), 2),
        round(percentile(samples_ms, 95), 2),
        round(percentile(samples_ms, 99), 2),
    )


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def say(r: Result) -> Result:
    """Each figure as it is measured: a full run takes minutes."""
    print(f"  {r.name}: {r.requests} in {r.seconds} s, p50 {r.p50_ms} ms, p99 {r.p99_ms} ms", flush=True)
    return r


def rows(results: Sequence[Result]) -> list[dict[str, Any]]:
    return [r.row() for r in results]
