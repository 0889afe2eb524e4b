"""Fast tests of a service's logic: its app in this process, the test stack's PostgreSQL, each test rolled back.

The app is the real one (guards, validation, row-level security under the service's own role, real tokens from the
test realm); only its sessions are bound to one connection whose outer transaction the test rolls back, so a rule
change is checked in seconds and no test leaves rows behind.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from unittest import mock

import httpx
import pytest
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.launcher.config import StackSettings
from deploy.launcher.services import service_env
from services.intake.app import create_app
from services.intake.settings import IntakeSettings
from tests.integration.intake import conftest as intake_fixtures

Client = Callable[[str], Awaitable[httpx.AsyncClient]]
tokens = intake_fixtures.tokens  # the realm's tokens, one cache for the whole run


@pytest.fixture(scope="session")
async def intake_app(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[Litestar]:
    env = {
        **{k: v for k, v in service_env(stack, stack_secrets, "intake").items() if "TELEMETRY" not in k},
        "XF_INTAKE_PERSONAL_DATA_KEY": stack_secrets["personal_data_key"],
        "XF_INTAKE_TELEMETRY__PROCESS_WIDE": "false",
    }
    with mock.patch.dict(os.environ, env):
        settings = IntakeSettings()
    app = create_app(settings)
    # Start-up in this loop, where the requests will run: NATS, and the matcher loading the county's names.
    for hook in app.on_startup:
        await hook()
    yield app
    for hook in app.on_shutdown:
        await hook()


@pytest.fixture
async def as_user_inprocess(intake_app: Litestar, tokens) -> AsyncIterator[Client]:
    """Clients of the in-process app whose every request runs inside one outer transaction, rolled back after."""
    runtime = intake_app.state["runtime"]
    engine: AsyncEngine = runtime.engine
    async with engine.connect() as conn:
        outer = await conn.begin()
        runtime.sessions.configure(bind=conn, join_transaction_mode="create_savepoint")
        opened: list[httpx.AsyncClient] = []

        async def client(username: str) -> httpx.AsyncClient:
            # httpx's ASGI transport calls the app in this loop, where the pool's connections live (Litestar's
            # AsyncTestClient would run it in a thread of its own).
            c = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=intake_app),
                base_url="http://intake.test",
                headers={"Authorization": f"Bearer {await tokens(username)}"},
            )
            opened.append(c)
            return c

        try:
            yield client
        finally:
            for c in opened:
                await c.aclose()
            runtime.sessions.configure(bind=engine, join_transaction_mode="conservative_savepoint")
            await outer.rollback()
