"""Wiring of the portal service: `create_app` builds the Litestar application and nothing else.

Unlike the APIs (shared.service_app.build_app), the portal authenticates by its session cookie, not by a bearer
token, and answers with HTML pages: it takes the shared runtime, health probes and telemetry, and its own
middleware, error pages, CSRF protection, templates and security headers.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from services.portal.api import (
    analysis,
    audit,
    auth,
    calendar,
    case_detail,
    case_oversight,
    cases,
    dead_letters,
    diary,
    emergency,
    hard_cases,
    information_reports,
    pages,
    petition_detail,
    petition_register,
    petitions,
    public_query,
    routing_rules,
    screening,
    spot_checks,
    supervision_orders,
    supervision_work,
    training,
    training_cadre,
    training_coverage,
    training_session,
)
from services.portal.api.assets import asset_routers
from services.portal.api.cookies import CSRF_COOKIE, CSRF_HEADER, csrf_secret
from services.portal.api.errors import EXCEPTION_HANDLERS
from services.portal.api.frame import register_filters
from services.portal.api.security_headers import security_headers
from services.portal.api.session_auth import STATIC_PATHS, web_session_middleware
from services.portal.service.apis import ServiceApi
from services.portal.service.context import PortalContext
from services.portal.service.oidc import OidcClient
from services.portal.service.places import PlaceNames
from services.portal.service.sign_in import SignInFlow
from services.portal.service.web_sessions import SessionStore
from services.portal.settings import PortalSettings
from shared.health import health_router
from shared.openapi import openapi_config, swagger_assets_router
from shared.personal_data import PersonalDataCipher
from shared.service_app import ServiceRuntime

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Xinfang portal 门户"
DESCRIPTION = "The web UI: signs users in with Keycloak and calls the four APIs with the user's token."


def create_app(settings: PortalSettings | None = None) -> Litestar:
    settings = settings or PortalSettings()
    runtime = ServiceRuntime("portal", settings)
    context = _context(settings, runtime)
    checks = {"database": runtime.database_check, "nats": runtime.nats.check}
    return Litestar(
        route_handlers=[
            health_router(checks),
            swagger_assets_router(settings.assets_dir),
            *asset_routers(settings.assets_dir),
            *auth.ROUTES,
            *pages.ROUTES,
            *petitions.ROUTES,
            *petition_register.ROUTES,
            *petition_detail.ROUTES,
            *diary.ROUTES,
            *screening.ROUTES,
            *emergency.ROUTES,
            *cases.ROUTES,
            *case_detail.ROUTES,
            *case_oversight.ROUTES,
            *supervision_work.ROUTES,
            *supervision_orders.ROUTES,
            *hard_cases.ROUTES,
            *spot_checks.ROUTES,
            *calendar.ROUTES,
            *routing_rules.ROUTES,
            *training.ROUTES,
            *training_session.ROUTES,
            *training_coverage.ROUTES,
            *training_cadre.ROUTES,
            *analysis.ROUTES,
            *audit.ROUTES,
            *dead_letters.ROUTES,
            *information_reports.ROUTES,
            *public_query.ROUTES,
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[web_session_middleware(context)],
        dependencies={"portal": Provide(lambda: context, use_cache=True, sync_to_thread=False)},
        csrf_config=CSRFConfig(
            secret=csrf_secret(settings),
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.cookie_secure,
            cookie_httponly=True,  # pages carry the token themselves (hidden field, hx-headers)
            cookie_samesite="lax",
            exclude=list(STATIC_PATHS),  # the public query page keeps its CSRF token: it posts a verdict
        ),
        template_config=TemplateConfig(
            directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=register_filters
        ),
        # Pages, not an API: the document (DESIGN: every service publishes one) lists only the health probes, whose
        # router opts back in; pages answer HTML and redirects to people. Its docs page is served from its own assets.
        openapi_config=openapi_config(TITLE, DESCRIPTION, bearer=False),
        include_in_schema=False,
        before_send=[security_headers(settings)],
        plugins=[runtime.telemetry.litestar_plugin()],
        on_startup=[runtime.start],
        on_shutdown=[
            context.intake.close,
            context.supervision.close,
            context.training.close,
            context.reporting.close,
            runtime.stop,
        ],
        state={"runtime": runtime},
    )


def _context(settings: PortalSettings, runtime: ServiceRuntime) -> PortalContext:
    # PersonalDataCipher refuses a key shorter than 16 characters: a portal without its key does not start.
    cipher = PersonalDataCipher(settings.session_key.get_secret_value())
    oidc = OidcClient(settings.keycloak, settings.oidc, settings.redirect_uri)
    store = SessionStore(runtime.sessions, cipher, oidc, runtime.verifier)
    return PortalContext(
        settings=settings,
        oidc=oidc,
        store=store,
        sign_in=SignInFlow(runtime.sessions, cipher, oidc, store),
        places=PlaceNames(),
        intake=ServiceApi("intake", settings.apis.intake),
        supervision=ServiceApi("supervision", settings.apis.supervision),
        training=ServiceApi("training_records", settings.apis.training_records),
        reporting=ServiceApi("reporting", settings.apis.reporting),
    )
