"""Where the stack lives and which ports it uses: one object, read from XF_* environment variables."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "supervision", "training_records", "reporting", "portal")
KEYCLOAK_VERSION = "26.7.3"

# Offsets from the port base, so a second instance (the test stack) only needs another base.
_PORT_OFFSETS = {
    "pg_port": 432,
    "nats_port": 422,
    "nats_monitor_port": 822,
    "keycloak_port": 80,
    "keycloak_management_port": 90,
    "portal_port": 100,
    "intake_port": 101,
    "supervision_port": 102,
    "training_records_port": 103,
    "reporting_port": 104,
}


class StackSettings(BaseSettings):
    """Settings of one running instance of the whole product (the demo, or the test stack)."""

    model_config = SettingsConfigDict(env_prefix="XF_", extra="ignore")

    run_dir: Path = Field(
        REPO_ROOT / ".run" / "demo", description="Data, logs and pid files of this instance"
    )
    cache_dir: Path = Field(
        Path.home() / ".cache" / "xinfang", description="Downloads shared by all instances (Keycloak)"
    )
    port_base: int = Field(18000, description="Every port below defaults to this base plus a fixed offset")
    pg_port: int = 0
    nats_port: int = 0
    nats_monitor_port: int = 0
    keycloak_port: int = 0
    keycloak_management_port: int = 0
    portal_port: int = 0
    intake_port: int = 0
    supervision_port: int = 0
    training_records_port: int = 0
    reporting_port: int = 0
    pg_bin_dir: Path | None = Field(
        None, description="PostgreSQL server binaries; found on PATH or under /usr/lib/postgresql/*/bin"
    )
    pg_search_dir: Path = Field(
        Path("/usr/lib/postgresql"), description="Where PostgreSQL versions are looked for"
    )
    java_home: Path | None = Field(
        None, description="JDK for Keycloak (17 or newer); the newest under /usr/lib/jvm otherwise"
    )
    jvm_search_dir: Path = Field(
        Path("/usr/lib/jvm"), description="Where JDKs are looked for when java_home is unset"
    )
    keycloak_version: str = Field(
        KEYCLOAK_VERSION, description="keycloak-quarkus-dist version fetched from Maven Central"
    )
    demo_password: str = Field("Xinfang@2026", description="Password of every demo user in the demo realm")
    intake_workers: int = Field(
        2,
        description="uvicorn worker processes of the intake API (registration is CPU-bound: repeat matching)",
    )
    deadline_scanner: bool = Field(
        True,
        description="Run supervision's deadline scanner in the stack's worker (the test stack's scanner tests start their own workers)",
    )
    start_timeout: float = Field(240.0, description="Seconds to wait for one part to become ready")
    seed_file: Path = Field(
        REPO_ROOT / "deploy" / "seed" / "ninghai.json",
        description="The county this instance serves: its name, code, townships and villages",
    )

    @model_validator(mode="after")
    def _fill_ports(self) -> StackSettings:
        for name, offset in _PORT_OFFSETS.items():
            if not getattr(self, name):
                setattr(self, name, self.port_base + offset)
        return self

    def service_port(self, service: str) -> int:
        return getattr(self, f"{service}_port")

    @property
    def keycloak_url(self) -> str:
        return f"http://localhost:{self.keycloak_port}"

    @property
    def portal_url(self) -> str:
        return f"http://localhost:{self.portal_port}"

    def path(self, *parts: str) -> Path:
        return self.run_dir.joinpath(*parts)

    def county(self) -> dict[str, str]:
        """The seed file's `county` block: slug, name, code, name_en."""
        return json.loads(self.seed_file.read_text())["county"]
