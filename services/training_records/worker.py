"""The training_records worker process: `python -m services.training_records.worker` relays the outbox, runs the
handlers, and keeps the cadre list in step with Keycloak."""

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

from services.training_records.app import staff_sync
from services.training_records.events import REGISTRY
from services.training_records.settings import TrainingRecordsSettings
from shared.db.session import session_factory
from shared.events.worker import run_worker

log = logging.getLogger(__name__)
RETRY_SECONDS = 10


def staff_task(settings: TrainingRecordsSettings):  # noqa: ANN201 - a WorkerTask
    async def keep_cadres(engine: AsyncEngine, stop: asyncio.Event) -> None:
        d = settings.directory
        staff = staff_sync(session_factory(engine), settings)
        while not stop.is_set():
            # Keycloak may start after the worker (it does on `xinfang up`): try again soon until it answers.
            pause = (
                d.refresh_seconds if await staff.refresh_quietly() else min(RETRY_SECONDS, d.refresh_seconds)
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)

    return keep_cadres


if __name__ == "__main__":
    settings = TrainingRecordsSettings()
    asyncio.run(run_worker("training_records", settings, REGISTRY, tasks=[staff_task(settings)]))
