"""The reporting worker process: `python -m services.reporting.worker` relays the outbox and runs the handlers."""

import asyncio

from services.reporting.events import REGISTRY
from services.reporting.settings import ReportingSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker("reporting", ReportingSettings(), REGISTRY))
