"""Wiring of the reporting service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar

from services.reporting.api import analysis, dead_letters, figures, information_reports, trail
from services.reporting.settings import ReportingSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang reporting 统计分析"
DESCRIPTION = "Read models built from events: dashboards, monthly analysis, township ranking, information reports, exports and the audit trail."


def create_app(settings: ReportingSettings | None = None) -> Litestar:
    runtime = ServiceRuntime("reporting", settings or ReportingSettings())
    return build_app(
        runtime,
        TITLE,
        DESCRIPTION,
        [*figures.ROUTES, *dead_letters.ROUTES, *information_reports.ROUTES, *analysis.ROUTES, *trail.ROUTES],
    )
