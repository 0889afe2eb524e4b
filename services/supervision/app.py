"""Wiring of the supervision service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide

from services.supervision.api import (
    calendar,
    cases,
    hard_cases,
    onsite,
    orders,
    public,
    routing,
    spot_checks,
    work,
)
from services.supervision.service.context import SupervisionContext
from services.supervision.settings import SupervisionSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang supervision 交办督办"
DESCRIPTION = "The life of a case after registration: assignment, transfer, deadlines, reminders, supervision orders, spot checks, satisfaction, review and closure."


def create_app(settings: SupervisionSettings | None = None) -> Litestar:
    settings = settings or SupervisionSettings()
    runtime = ServiceRuntime("supervision", settings)
    context = SupervisionContext(settings.rules, settings.county)
    provide_context = Provide(lambda: context, use_cache=True, sync_to_thread=False)
    routes = [
        *cases.ROUTES,
        *work.ROUTES,
        *routing.ROUTES,
        *calendar.ROUTES,
        *spot_checks.ROUTES,
        *orders.ROUTES,
        *onsite.ROUTES,
        *hard_cases.ROUTES,
        *public.ROUTES,
    ]
    return build_app(
        runtime,
        TITLE,
        DESCRIPTION,
        routes,
        {"supervision": provide_context},
        public_paths=public.PUBLIC_PATHS,
    )
