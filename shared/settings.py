"""Typed settings pieces each service composes under its own environment prefix (e.g. XF_INTAKE_DB__PORT)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL

_REPO_ROOT = Path(__file__).resolve().parents[1]


class DatabaseSettings(BaseModel):
    host: str = Field("127.0.0.1", description="PostgreSQL host")
    port: int = Field(5432, description="PostgreSQL port")
    name: str = Field("xinfang", description="Database holding every service's schema")
    user: str = Field("", description="The service's application role (no BYPASSRLS, owns no table)")
    password: SecretStr = Field(SecretStr(""), description="Password of the application role")
    owner_user: str = Field("", description="Role that owns the service's schema; used by migrations only")
    owner_password: SecretStr = Field(SecretStr(""), description="Password of the owner role")
    schema_name: str = Field("public", description="The service's own schema")
    pool_size: int = Field(10, description="Connections kept open per process")

    def url(self, as_owner: bool = False) -> URL:
        user, password = (self.owner_user, self.owner_password) if as_owner else (self.user, self.password)
        return URL.create(
            "postgresql+asyncpg",
            username=user,
            password=password.get_secret_value(),
            host=self.host,
            port=self.port,
            database=self.name,
        )


class NatsSettings(BaseModel):
    url: str = Field("nats://127.0.0.1:4222", description="NATS server with JetStream")


class KeycloakSettings(BaseModel):
    url: str = Field("http://localhost:8080", description="Keycloak base URL; also the token issuer's base")
    realm: str = Field("xinfang", description="The county's realm")
    audience: str = Field("xinfang-api", description="Audience every API requires in access tokens")


class TelemetrySettings(BaseModel):
    otlp_endpoint: str | None = Field(
        None, description="OTLP/HTTP collector, e.g. http://localhost:4318; spans go to trace_file when unset"
    )
    trace_file: Path | None = Field(
        None, description="Spans as JSON lines when no collector is set; none kept when both are unset"
    )
    process_wide: bool = Field(
        True,
        description="Install the tracer provider and JSON logging for the whole process (off when tests run several apps in one process)",
    )


class ServiceSettings(BaseSettings):
    """Base of every service's settings; a subclass only sets its env prefix."""

    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="ignore")

    db: DatabaseSettings = DatabaseSettings()
    nats: NatsSettings = NatsSettings()
    keycloak: KeycloakSettings = KeycloakSettings()
    telemetry: TelemetrySettings = TelemetrySettings()
    assets_dir: Path = Field(
        _REPO_ROOT / "deploy" / "assets" / "node_modules",
        description="Front-end packages installed by npm, served by the service itself",
    )
