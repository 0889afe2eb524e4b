"""Wiring of the training_records service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar

from services.training_records.settings import TrainingRecordsSettings
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang training records 培训记录"
DESCRIPTION = "Training sessions, attendance, hours and yearly coverage of petition cadres."


def create_app(settings: TrainingRecordsSettings | None = None) -> Litestar:
    runtime = ServiceRuntime("training_records", settings or TrainingRecordsSettings())
    return build_app(runtime, TITLE, DESCRIPTION)
