"""The supervision worker process: `python -m services.supervision.worker` relays the outbox and runs the handlers."""

import asyncio

from services.supervision.events import REGISTRY
from services.supervision.settings import SupervisionSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker("supervision", SupervisionSettings(), REGISTRY))
