"""Each service's ready check names the part that is down, and recovers when it is back.

The parts are a PostgreSQL cluster and a NATS server of this test's own, started by the launcher's code,
so stopping them never disturbs the rest of the suite.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient

from deploy.launcher import nats
from deploy.launcher.config import SERVICES, StackSettings
from deploy.launcher.postgres import DATABASE, Postgres, app_role
from deploy.launcher.proc import Processes, wait_until
from deploy.launcher.secrets import load_or_create
from deploy.launcher.services import settings_class
from shared.settings import DatabaseSettings, NatsSettings, TelemetrySettings


@dataclass
class Scratch:
    settings: StackSettings
    pg: Postgres
    procs: Processes


@pytest.fixture(scope="module")
async def scratch(stack: StackSettings) -> AsyncIterator[Scratch]:
    # Below 32768: ports in Linux's ephemeral range can be taken at random by any outgoing connection.
    s = StackSettings(run_dir=stack.run_dir / "scratch-readiness", port_base=stack.port_base + 1000)
    shutil.rmtree(s.run_dir, ignore_errors=True)
    pg = Postgres(s, load_or_create(s.run_dir))
    procs = Processes(s.run_dir)
    await asyncio.to_thread(pg.initialise)
    await asyncio.to_thread(pg.start)
    await asyncio.to_thread(pg.provision)
    nats.start(s, procs, pg.secrets)
    assert wait_until(lambda: nats.healthy(s), 20), f"scratch NATS did not start: {procs.log_file(nats.NAME)}"
    yield Scratch(s, pg, procs)
    procs.stop(nats.NAME)
    pg.stop()
    shutil.rmtree(s.run_dir, ignore_errors=True)


def _settings_for(service: str, sc: Scratch):
    cls = settings_class(service)
    db = DatabaseSettings(
        port=sc.settings.pg_port,
        name=DATABASE,
        user=app_role(service),
        password=sc.pg.secrets[f"{service}_app"],
        schema_name=service,
    )
    # Intake and the portal refuse to start without their keys; readiness does not depend on their values.
    keys = ("personal_data_key", "session_key")
    extra = {k: "readiness-test-key-0123456789" for k in keys if k in cls.model_fields}
    return cls(
        db=db,
        nats=NatsSettings(
            url=f"nats://127.0.0.1:{sc.settings.nats_port}",
            user=service,
            password=sc.pg.secrets[f"{service}_nats"],
        ),
        telemetry=TelemetrySettings(process_wide=False),
        **extra,
    )


@pytest.fixture(scope="module")
async def clients(scratch: Scratch) -> AsyncIterator[dict[str, AsyncTestClient]]:
    opened: dict[str, AsyncTestClient] = {}
    for service in SERVICES:
        app = importlib.import_module(f"services.{service}.app").create_app(_settings_for(service, scratch))
        opened[service] = await AsyncTestClient(app).__aenter__()
    yield opened
    for client in opened.values():
        await client.__aexit__(None, None, None)


async def _wait_for(client: AsyncTestClient, status: int, within: float = 20.0) -> dict:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        r = await client.get("/health/ready")
        if r.status_code == status or asyncio.get_running_loop().time() > deadline:
            assert r.status_code == status, r.text
            return r.json()
        await asyncio.sleep(0.5)


async def test_every_service_is_ready_when_database_and_nats_answer(
    clients: dict[str, AsyncTestClient],
) -> None:
    for service, client in clients.items():
        body = await _wait_for(client, 200)
        assert body["checks"] == {"database": "ok", "nats": "ok"}, service
        assert (await client.get("/health/live")).status_code == 200


async def test_ready_names_the_database_while_it_is_stopped(
    scratch: Scratch, clients: dict[str, AsyncTestClient]
) -> None:
    await asyncio.to_thread(scratch.pg.stop)
    try:
        for service, client in clients.items():
            body = await _wait_for(client, 503)
            assert body["failing"] == ["database"], service
            assert body["checks"]["nats"] == "ok"
    finally:
        await asyncio.to_thread(scratch.pg.start)
    for client in clients.values():
        await _wait_for(client, 200)


async def test_ready_names_nats_while_it_is_stopped(
    scratch: Scratch, clients: dict[str, AsyncTestClient]
) -> None:
    scratch.procs.stop(nats.NAME)
    try:
        for service, client in clients.items():
            body = await _wait_for(client, 503)
            assert body["failing"] == ["nats"], service
            assert body["checks"]["database"] == "ok"
    finally:
        nats.start(scratch.settings, scratch.procs, scratch.pg.secrets)
        assert wait_until(lambda: nats.healthy(scratch.settings), 20), "scratch NATS did not come back"
    for client in clients.values():
        await _wait_for(client, 200)
