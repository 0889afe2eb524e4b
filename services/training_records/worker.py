"""The training_records worker process: `python -m services.training_records.worker` relays the outbox and runs the handlers."""

import asyncio

from services.training_records.events import REGISTRY
from services.training_records.settings import TrainingRecordsSettings
from shared.events.worker import run_worker

if __name__ == "__main__":
    asyncio.run(run_worker("training_records", TrainingRecordsSettings(), REGISTRY))
