"""The supervision worker process: `python -m services.supervision.worker` relays the outbox, runs the handlers,
the deadline scanner and the daily flagging of hard cases (any number of these processes may run: each reminder
still fires once, each hard case is flagged once)."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from services.supervision.events import REGISTRY
from services.supervision.service.context import SupervisionContext
from services.supervision.service.hard_cases import run_daily
from services.supervision.service.scanner import run_scanner
from services.supervision.settings import SupervisionSettings
from shared.events.worker import run_worker


def main() -> None:
    settings = SupervisionSettings()
    ctx = SupervisionContext(settings.rules, settings.county)

    async def scanner(engine: AsyncEngine, stop: asyncio.Event) -> None:
        await run_scanner(engine, ctx, settings.scanner, stop)

    async def hard_cases(engine: AsyncEngine, stop: asyncio.Event) -> None:
        await run_daily(engine, ctx, settings.oversight, stop)

    tasks = [scanner] if settings.scanner.enabled else []
    tasks += [hard_cases] if settings.oversight.flagging_enabled else []
    asyncio.run(run_worker("supervision", settings, REGISTRY, tasks=tasks))


if __name__ == "__main__":
    main()
