"""The supervision worker process: `python -m services.supervision.worker` relays the outbox, runs the handlers
and the deadline scanner (any number of these processes may run: each reminder still fires once)."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from services.supervision.events import REGISTRY
from services.supervision.service.context import SupervisionContext
from services.supervision.service.scanner import run_scanner
from services.supervision.settings import SupervisionSettings
from shared.events.worker import run_worker


def main() -> None:
    settings = SupervisionSettings()
    ctx = SupervisionContext(settings.rules, settings.county)

    async def scanner(engine: AsyncEngine, stop: asyncio.Event) -> None:
        await run_scanner(engine, ctx, settings.scanner, stop)

    tasks = [scanner] if settings.scanner.enabled else []
    asyncio.run(run_worker("supervision", settings, REGISTRY, tasks=tasks))


if __name__ == "__main__":
    main()
