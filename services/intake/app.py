"""Wiring of the intake service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar

from services.intake.settings import IntakeSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang intake 信访登记"
DESCRIPTION = "Petitions from every channel, the sentiment diary, instability screening and emergency help; classification, the three petitions and acceptance."


def create_app(settings: IntakeSettings | None = None) -> Litestar:
    runtime = ServiceRuntime("intake", settings or IntakeSettings())
    return build_app(runtime, TITLE, DESCRIPTION)
