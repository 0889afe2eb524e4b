"""Events the supervision service consumes: its handler registry (the events it publishes go through its outbox)."""

from __future__ import annotations

from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.service import cases
from services.supervision.service.context import SupervisionContext
from services.supervision.settings import SupervisionSettings
from shared.events.consumer import HandlerRegistry
from shared.events.envelope import Envelope

REGISTRY = HandlerRegistry()


@cache
def _context() -> SupervisionContext:
    # Read in the worker process, from its environment, the first time an event needs it.
    settings = SupervisionSettings()
    return SupervisionContext(settings.rules, settings.county)


@REGISTRY.handles("petition.accepted.v1", durable="supervision-petition-accepted")
async def open_case(envelope: Envelope, db: AsyncSession) -> None:
    await cases.open_from_acceptance(db, envelope, _context())
