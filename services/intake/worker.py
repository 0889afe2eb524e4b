"""The intake worker process: `python -m services.intake.worker` relays the outbox and runs the handlers."""

import asyncio

from services.intake.events import REGISTRY
from services.intake.settings import IntakeSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker("intake", IntakeSettings(), REGISTRY))
