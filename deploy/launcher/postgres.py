"""PostgreSQL from the machine's server binaries: one cluster per instance, run by an unprivileged OS user."""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
from pathlib import Path

import asyncpg

from .config import SERVICES, StackSettings
from .errors import StackError

SUPERUSER = "xf_super"
DATABASE = "xinfang"
KEYCLOAK_DB = "keycloak"


def owner_role(service: str) -> str:
    return f"xf_{service}_owner"


def app_role(service: str) -> str:
    return f"xf_{service}"


def find_bin_dir(settings: StackSettings) -> Path:
    candidates: list[Path] = []
    if settings.pg_bin_dir:
        candidates.append(settings.pg_bin_dir)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    candidates += sorted(
        settings.pg_search_dir.glob("*/bin"), key=lambda p: (len(p.parent.name), p.parent.name), reverse=True
    )
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    raise StackError(
        "No PostgreSQL server binaries (initdb, pg_ctl) were found: install them "
        "(apt-get install postgresql) or set XF_PG_BIN_DIR to their folder."
    )


def os_user() -> str | None:
    """initdb and postgres refuse root: as root we run them as `postgres` (or a user we create)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "xinfang"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "xinfang"], check=True
    )
    return "xinfang"


class Postgres:
    def __init__(self, settings: StackSettings, secrets: dict[str, str]) -> None:
        self.s = settings
        self.secrets = secrets
        self.root = settings.path("pg")
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = settings.path("logs", "postgres.log")
        self.user = os_user()

    # -- running commands as the cluster's OS user ------------------------------------------
    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=check, cwd="/")

    def _bin(self, name: str) -> str:
        return str(find_bin_dir(self.s) / name)

    def _give_to_user(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def _check_reachable(self) -> None:
        if self.user and self._run(["test", "-w", str(self.root)], check=False).returncode != 0:
            raise StackError(
                f"The OS user '{self.user}' cannot reach {self.root}: put the project (XF_RUN_DIR) "
                "under a folder every user may enter, for example /srv or /tmp."
            )

    # -- lifecycle --------------------------------------------------------------------------
    def is_initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        return self._run([self._bin("pg_ctl"), "status", "-D", str(self.data)], check=False).returncode == 0

    def initialise(self) -> None:
        self.s.run_dir.mkdir(parents=True, exist_ok=True)
        for d in (self.s.run_dir, self.root):
            d.mkdir(parents=True, exist_ok=True)
            d.chmod(0o755)
        self._give_to_user(self.root)
        self._check_reachable()
        self._give_to_user(self.socket_dir)
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.secrets["pg_superuser"] + "\n")
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        pwfile.chmod(0o600)
        try:
            # C.UTF-8 so pg_trgm sees Chinese characters (a C locale gives no trigrams for them).
            res = self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    SUPERUSER,
                    f"--pwfile={pwfile}",
                    "--auth-host=scram-sha-256",
                    "--auth-local=peer",
                    "--locale=C.UTF-8",
                    "--encoding=UTF8",
                ],
                check=False,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if res.returncode != 0:
            raise StackError(f"initdb failed, see its output: {res.stderr.strip().splitlines()[-1:]}")
        self._write_config()

    def _write_config(self) -> None:
        conf = self.data / "postgresql.auto.conf"
        with open(conf, "a") as f:
            f.write(
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.s.pg_port}\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "max_connections = 200\n"
                "shared_buffers = '256MB'\n"
                "logging_collector = off\n"
                # An error's DETAIL quotes the row ("Failing row contains (...)"): petition content, names.
                "log_error_verbosity = terse\n"
            )

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.log, pw.pw_uid, pw.pw_gid)
        res = self._run(
            [
                self._bin("pg_ctl"),
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                str(int(self.s.start_timeout)),
                "-o",
                f"-p {self.s.pg_port}",
            ],
            check=False,
        )
        if res.returncode != 0:
            raise StackError(f"PostgreSQL did not start on port {self.s.pg_port}: read {self.log} for why.")

    def stop(self) -> bool:
        if not self.is_running():
            return False
        self._run([self._bin("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"], check=False)
        return True

    # -- provisioning (idempotent) ------------------------------------------------------------
    def provision(self) -> None:
        asyncio.run(self._provision())

    async def _connect(self, database: str = "postgres") -> asyncpg.Connection:
        return await asyncpg.connect(
            host="127.0.0.1",
            port=self.s.pg_port,
            user=SUPERUSER,
            password=self.secrets["pg_superuser"],
            database=database,
        )

    async def _provision(self) -> None:
        conn = await self._connect()
        try:
            await self._ensure_role(conn, "keycloak", self.secrets["keycloak_db"])
            for service in SERVICES:
                await self._ensure_role(conn, owner_role(service), self.secrets[f"{service}_owner"])
                await self._ensure_role(conn, app_role(service), self.secrets[f"{service}_app"])
            for db, owner in ((DATABASE, SUPERUSER), (KEYCLOAK_DB, "keycloak")):
                if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", db):
                    await conn.execute(f'CREATE DATABASE "{db}" OWNER "{owner}"')
        finally:
            await conn.close()
        conn = await self._connect(DATABASE)
        try:
            await conn.execute(f"REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC")
            await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            # hmac() for the signed data scope: each schema's scope functions call public.hmac by name.
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public")
            for service in SERVICES:
                await self._ensure_schema(conn, service)
        finally:
            await conn.close()

    @staticmethod
    async def _ensure_role(conn: asyncpg.Connection, role: str, password: str) -> None:
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        verb = "ALTER" if exists else "CREATE"
        # No superuser, no BYPASSRLS: row-level security must bind every service role.
        await conn.execute(
            f'{verb} ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE '
            f"PASSWORD '{password}'"
        )

    @staticmethod
    async def _ensure_schema(conn: asyncpg.Connection, service: str) -> None:
        owner, app = owner_role(service), app_role(service)
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{service}" AUTHORIZATION "{owner}"')
        await conn.execute(f'GRANT CONNECT ON DATABASE {DATABASE} TO "{owner}", "{app}"')
        await conn.execute(f'GRANT USAGE ON SCHEMA "{service}" TO "{app}"')
        await conn.execute(
            f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA "{service}" '
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{app}"'
        )
        await conn.execute(
            f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA "{service}" '
            f'GRANT USAGE, SELECT ON SEQUENCES TO "{app}"'
        )
