"""One instance of the whole product: bring it up part by part, reuse what runs, take it all down."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from . import keycloak, nats, services
from .config import SERVICES, StackSettings
from .errors import StackError
from .postgres import Postgres, find_bin_dir
from .proc import Processes, port_is_open, require_free_port, wait_until
from .secrets import load_or_create


@dataclass
class PartStatus:
    name: str
    port: int
    pid: int | None
    health: str


class Stack:
    def __init__(self, settings: StackSettings, say: Callable[[str], None] = print) -> None:
        self.s = settings
        self.say = say
        self.procs = Processes(settings.run_dir)
        self.secrets = load_or_create(settings.run_dir)
        self.pg = Postgres(settings, self.secrets)

    # -- up ------------------------------------------------------------------------------------
    def preflight(self) -> None:
        """Every check that can fail before anything starts, so a wrong machine changes nothing."""
        find_bin_dir(self.s)
        nats.server_binary()
        if not self.procs.pid(keycloak.NAME):
            keycloak.find_java_home(self.s)
            keycloak.check_obtainable(self.s)
        wanted = [
            ("PostgreSQL", self.s.pg_port, "XF_PG_PORT", self.pg.is_running()),
            ("NATS", self.s.nats_port, "XF_NATS_PORT", bool(self.procs.pid(nats.NAME))),
            (
                "NATS monitoring",
                self.s.nats_monitor_port,
                "XF_NATS_MONITOR_PORT",
                bool(self.procs.pid(nats.NAME)),
            ),
            ("Keycloak", self.s.keycloak_port, "XF_KEYCLOAK_PORT", bool(self.procs.pid(keycloak.NAME))),
            (
                "Keycloak management",
                self.s.keycloak_management_port,
                "XF_KEYCLOAK_MANAGEMENT_PORT",
                bool(self.procs.pid(keycloak.NAME)),
            ),
        ]
        wanted += [
            (
                f"the {svc} service",
                self.s.service_port(svc),
                f"XF_{svc.upper()}_PORT",
                bool(self.procs.pid(svc)),
            )
            for svc in SERVICES
        ]
        for part, port, setting, ours in wanted:
            if not ours:
                require_free_port(port, part, setting)

    def up(self, seed: bool = True, demo: bool = True) -> None:
        started = time.monotonic()
        self.preflight()
        self._postgres()
        self._migrate_and_seed(seed)
        self._nats()
        java_home = None if self.procs.pid(keycloak.NAME) else keycloak.find_java_home(self.s)
        if java_home:
            self.say(f"starting Keycloak {self.s.keycloak_version} (Java: {java_home})")
            keycloak.start(self.s, self.procs, self.secrets, java_home)
        for svc in SERVICES:
            if not self.procs.pid(svc):
                services.start(self.s, self.procs, self.secrets, svc)
            if not self.procs.pid(services.worker_name(svc)):
                services.start_worker(self.s, self.procs, self.secrets, svc)
        self._wait(keycloak.NAME, lambda: keycloak.healthy(self.s), "Keycloak")
        for svc in SERVICES:
            self._wait(svc, lambda svc=svc: services.ready(self.s, svc), f"the {svc} service")
        for svc in SERVICES:
            # A worker has no port: still alive once the APIs are ready means it got past imports and settings.
            worker = services.worker_name(svc)
            if self.procs.pid(worker) is None:
                raise StackError(
                    f"the {svc} worker stopped while starting: read {self.procs.log_file(worker)} for why."
                )
        if seed and demo:
            # After the county seed and once every service and worker runs: the year goes through their use cases.
            from deploy.demo.run import seed_demo_year

            seed_demo_year(self.s, self.secrets, self.say)
        self.say(f"everything is up in {time.monotonic() - started:.0f} s")

    def _postgres(self) -> None:
        if not self.pg.is_initialised():
            self.say(f"creating the PostgreSQL cluster in {self.pg.data}")
            self.pg.initialise()
        if not self.pg.is_running():
            self.say(f"starting PostgreSQL on port {self.s.pg_port}")
            self.pg.start()
        self.pg.provision()

    def _migrate_and_seed(self, seed: bool) -> None:
        from .seed import migrate_all, seed_demo_county

        migrate_all(self.s, self.secrets)
        if seed:
            seed_demo_county(self.s, self.secrets)

    def _nats(self) -> None:
        if not self.procs.pid(nats.NAME):
            self.say(f"starting NATS with JetStream on port {self.s.nats_port}")
            nats.start(self.s, self.procs, self.secrets)
        self._wait(nats.NAME, lambda: nats.healthy(self.s), "NATS")
        nats.create_streams(self.s, self.secrets)

    def _wait(self, name: str, check: Callable[[], bool], part: str) -> None:
        def done() -> bool:
            if self.procs.pid(name) is None:
                raise StackError(f"{part} stopped while starting: read {self.procs.log_file(name)} for why.")
            return check()

        if not wait_until(done, self.s.start_timeout, interval=1.0):
            raise StackError(
                f"{part} was not ready within {self.s.start_timeout:.0f} s: read {self.procs.log_file(name)}, "
                "or raise XF_START_TIMEOUT on a slow machine."
            )

    # -- down and status ---------------------------------------------------------------------
    def down(self) -> None:
        workers = [services.worker_name(svc) for svc in SERVICES]
        for name in (*SERVICES, *workers, keycloak.NAME, nats.NAME):
            if self.procs.stop(name):
                self.say(f"stopped {name}")
        if self.pg.stop():
            self.say("stopped PostgreSQL")

    def status(self) -> list[PartStatus]:
        pg_up = self.pg.is_running()
        rows = [
            PartStatus(
                "postgres",
                self.s.pg_port,
                None,
                "ready" if pg_up and port_is_open(self.s.pg_port) else "stopped",
            )
        ]
        rows.append(self._row(nats.NAME, self.s.nats_port, lambda: nats.healthy(self.s)))
        rows.append(self._row(keycloak.NAME, self.s.keycloak_port, lambda: keycloak.healthy(self.s)))
        for svc in SERVICES:
            rows.append(self._row(svc, self.s.service_port(svc), lambda svc=svc: services.ready(self.s, svc)))
            rows.append(self._worker_row(svc))
        return rows

    def _worker_row(self, svc: str) -> PartStatus:
        row = self._row(services.worker_name(svc), 0, lambda: True)
        # The worker has no port: its relay's set-aside rows are noted by its service's readiness answer.
        note = _outbox_note(self.s, svc) if row.health == "ready" else None
        if note not in (None, "ok"):
            row.health = f"ready, outbox: {note}"
        return row

    def _row(self, name: str, port: int, check: Callable[[], bool]) -> PartStatus:
        pid = self.procs.pid(name)
        health = "stopped" if pid is None else ("ready" if check() else "not ready")
        return PartStatus(name, port, pid, health)


def _outbox_note(s: StackSettings, service: str) -> str | None:
    try:
        r = httpx.get(f"http://127.0.0.1:{s.service_port(service)}/health/ready", timeout=3)
        return r.json().get("notes", {}).get("outbox")
    except (httpx.HTTPError, ValueError):
        return None
