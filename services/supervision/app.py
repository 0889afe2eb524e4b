"""Wiring of the supervision service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar

from services.supervision.settings import SupervisionSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang supervision 交办督办"
DESCRIPTION = "The life of a case after registration: assignment, transfer, deadlines, reminders, supervision orders, spot checks, satisfaction, review and closure."


def create_app(settings: SupervisionSettings | None = None) -> Litestar:
    runtime = ServiceRuntime("supervision", settings or SupervisionSettings())
    return build_app(runtime, TITLE, DESCRIPTION)
