"""The reporting worker process: `python -m services.reporting.worker` relays the outbox and runs the handlers."""

import asyncio

from services.reporting.events import REGISTRY
from services.reporting.service.analysis import monthly_task
from services.reporting.service.dead_letter_keeper import keeper
from services.reporting.settings import ReportingSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    settings = ReportingSettings()
    asyncio.run(
        run_worker(
            "reporting", settings, REGISTRY, tasks=[keeper(settings.nats), monthly_task(settings.county.name)]
        )
    )
