"""What every service process has: its engine, NATS link, token verifier, health, docs; built once in create_app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from litestar import Litestar
from litestar.di import Provide
from litestar.types import ControllerRouterHandler

from shared.auth import TokenVerifier, auth_middleware, principal_dependencies
from shared.auth.middleware import PUBLIC_PATHS
from shared.db.engine import make_engine, ping
from shared.db.request import tenant_session_provider
from shared.db.session import session_factory
from shared.errors import EXCEPTION_HANDLERS
from shared.events.connection import NatsLink
from shared.events.outbox import set_aside_note
from shared.health import health_router
from shared.http_input import JSON_BODY_LIMIT, InputGuard
from shared.openapi import openapi_config, swagger_assets_router
from shared.settings import ServiceSettings
from shared.telemetry import setup_telemetry
from shared.trail import api as trail_api


class ServiceRuntime:
    """Connections a service process holds for its whole life."""

    def __init__(self, name: str, settings: ServiceSettings) -> None:
        self.name = name
        self.settings = settings
        self.engine = make_engine(settings.db, application_name=name)
        self.sessions = session_factory(self.engine)
        self.nats = NatsLink(settings.nats, name=name)
        self.verifier = TokenVerifier(settings.keycloak)
        t = settings.telemetry
        self.telemetry = setup_telemetry(
            name, t.otlp_endpoint, t.trace_file, set_global=t.process_wide, json_logs=t.process_wide
        )
        self.telemetry.instrument_sqlalchemy(self.engine)

    async def database_check(self) -> None:
        await ping(self.engine)

    async def start(self) -> None:
        await self.nats.start()

    async def stop(self) -> None:
        await self.nats.stop()
        await self.engine.dispose()
        self.telemetry.shutdown()


def build_app(
    runtime: ServiceRuntime,
    title: str,
    description: str,
    route_handlers: Sequence[ControllerRouterHandler] = (),
    dependencies: Mapping[str, Provide] | None = None,
    public_paths: Sequence[str] = (),
) -> Litestar:
    """Every route but health, docs, assets and `public_paths` (patterns, e.g. "^/public/") needs a bearer token;
    `db` is the caller's TenantSession, so a public route opens its own sessions."""
    public = (*PUBLIC_PATHS, *public_paths)
    checks = {"database": runtime.database_check, "nats": runtime.nats.check}
    return Litestar(
        route_handlers=[
            health_router(checks, notes={"outbox": set_aside_note(runtime.sessions)}),
            swagger_assets_router(runtime.settings.assets_dir),
            # Every service serves its own trail chains to auditors (docs/trail.md).
            *trail_api.ROUTES,
            *route_handlers,
        ],
        openapi_config=openapi_config(title, description, public_paths=public),
        exception_handlers=EXCEPTION_HANDLERS,
        # The caller is known before its input is read; the guard refuses what no handler should decode.
        middleware=[auth_middleware(runtime.verifier, exclude=public), InputGuard()],
        request_max_body_size=JSON_BODY_LIMIT,
        dependencies={
            **principal_dependencies(),
            "db": Provide(tenant_session_provider(runtime.sessions)),
            **(dependencies or {}),
        },
        plugins=[runtime.telemetry.litestar_plugin()],
        on_startup=[runtime.start],
        on_shutdown=[runtime.stop],
        state={"runtime": runtime},
    )
