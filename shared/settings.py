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
    scope_key: SecretStr = Field(
        SecretStr(""),
        description="Key that signs the caller's data scope in each transaction; row-level security checks it",
    )

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
    user: str = Field("", description="The service's own NATS user (publishes only its own subjects)")
    password: SecretStr = Field(SecretStr(""), description="Password of the service's NATS user")


class KeycloakSettings(BaseModel):
    url: str = Field("http://localhost:8080", description="Keycloak base URL; also the token issuer's base")
    realm: str = Field("xinfang", description="The county's realm")
    audience: str = Field("xinfang-api", description="Audience every API requires in access tokens")


class CountySettings(BaseModel):
    """The county this deployment serves; the launcher sets it from the seed file's `county` block."""

    name: str = Field("", description="The county's name as printed, e.g. 宁海县")
    code: str = Field("", description="Administrative division code of the county, e.g. 330226")
    name_en: str = Field("", description="The county's name in English, e.g. Ninghai County")
    township_office: str = Field(
        "{county}{township}人民政府", description="Issuing office of a township's notices ({county}, {township})"
    )

    def office_of(self, township: str) -> str:
        return self.township_office.format(county=self.name, township=township)


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


class TrailSettings(BaseModel):
    anchor_interval: float = Field(
        60.0, gt=0, description="Seconds between the worker's anchors of its trail chains' heads (docs/trail.md)"
    )


class ServiceSettings(BaseSettings):
    """Base of every service's settings; a subclass only sets its env prefix."""

    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="ignore")

    db: DatabaseSettings = DatabaseSettings()
    nats: NatsSettings = NatsSettings()
    keycloak: KeycloakSettings = KeycloakSettings()
    county: CountySettings = CountySettings()
    telemetry: TelemetrySettings = TelemetrySettings()
    trail: TrailSettings = TrailSettings()
    assets_dir: Path = Field(
        _REPO_ROOT / "deploy" / "assets" / "node_modules",
        description="Front-end packages installed by npm, served by the service itself",
    )
