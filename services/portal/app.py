"""Wiring of the portal service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar

from services.portal.settings import PortalSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang portal 门户"
DESCRIPTION = "The web UI: signs users in with Keycloak and calls the four APIs with the user's token."


def create_app(settings: PortalSettings | None = None) -> Litestar:
    runtime = ServiceRuntime("portal", settings or PortalSettings())
    return build_app(runtime, TITLE, DESCRIPTION)
