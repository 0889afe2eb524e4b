"""Fixtures every test shares: the running test stack (started by `xinfang test`) and tokens from its realm."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from keycloak import KeycloakOpenID

from deploy.launcher import nats
from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from deploy.launcher.proc import port_is_open
from deploy.launcher.secrets import load_or_create
from shared.settings import NatsSettings
from tests.integration.security.session_scan import pytest_sessionfinish, pytest_sessionstart  # noqa: F401 - hooks

REALM_FILE = REPO_ROOT / "deploy" / "keycloak" / "xinfang-realm.json"


@pytest.fixture(scope="session")
def stack() -> StackSettings:
    s = StackSettings()
    if not port_is_open(s.keycloak_port) or not port_is_open(s.pg_port):
        pytest.exit("The test stack is not running: run the suite with `bash deploy/bootstrap.sh test`.", 2)
    return s


@pytest.fixture(scope="session")
def stack_secrets(stack: StackSettings) -> dict[str, str]:
    return load_or_create(stack.run_dir)


@pytest.fixture(scope="session")
def nats_operator(stack: StackSettings, stack_secrets: dict[str, str]) -> NatsSettings:
    """The NATS operator's connection settings (every right): `nats.connect(**connect_options(nats_operator))`."""
    return nats.operator_settings(stack, stack_secrets)


@pytest.fixture(scope="session")
def realm_users() -> list[dict]:
    return json.loads(REALM_FILE.read_text())["users"]


@pytest.fixture(scope="session")
async def keycloak_cli(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[KeycloakOpenID]:
    yield KeycloakOpenID(
        server_url=stack.keycloak_url,
        realm_name="xinfang",
        client_id="xinfang-cli",
        client_secret_key=stack_secrets["cli_client"],
    )


@pytest.fixture(scope="session")
async def superuser(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[asyncpg.Connection]:
    """The cluster's superuser, for set-up and for looking behind the services (it bypasses RLS)."""
    conn = await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )
    yield conn
    await conn.close()


@pytest.fixture
def artifacts_dir() -> Path:
    d = REPO_ROOT / "test-artifacts"
    d.mkdir(exist_ok=True)
    return d
