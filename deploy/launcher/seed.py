"""Migrations of every service schema, and the county of the seed file loaded through each service's own code."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.service import directory, holiday_calendar
from services.supervision.service import calendar, responsible_units
from services.training_records.service import townships
from shared.db.engine import make_engine
from shared.db.migrations import upgrade
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.settings import DatabaseSettings

from .config import REPO_ROOT, SERVICES, StackSettings
from .services import service_env

Loader = Callable[[AsyncSession, dict[str, Any]], Awaitable[int]]
# (service, what, loader): a service may have several, run in this order.
LOADERS: list[tuple[str, str, Loader]] = [
    ("intake", "villages", directory.load_county),
    ("supervision", "responsible units", responsible_units.load_county),
    # The calendar is the country's, not the seed file's: it comes from the chinese-calendar package.
    ("supervision", "calendar days", lambda db, _county: calendar.load_seed(db)),
    ("intake", "calendar holidays", lambda db, _county: holiday_calendar.load_seed(db)),
    ("training_records", "townships", townships.load_county),
]


def db_settings(s: StackSettings, secrets: dict[str, str], service: str) -> DatabaseSettings:
    prefix = f"XF_{service.upper()}_DB__"
    env = {
        k.removeprefix(prefix).lower(): v
        for k, v in service_env(s, secrets, service).items()
        if k.startswith(prefix)
    }
    return DatabaseSettings(**env)


def migrate_all(s: StackSettings, secrets: dict[str, str]) -> None:
    for service in SERVICES:
        upgrade(
            REPO_ROOT / "services" / service / "persistence" / "migrations", db_settings(s, secrets, service)
        )


def seed_demo_county(s: StackSettings, secrets: dict[str, str], say: Callable[[str], None] = print) -> None:
    county = json.loads(s.seed_file.read_text())
    for service, what, loader in LOADERS:
        count = asyncio.run(_load(db_settings(s, secrets, service), service, loader, county))
        say(f"demo county {county['county']['name']}: {count} {what} in {service}")


async def _load(db: DatabaseSettings, service: str, loader: Loader, county: dict[str, Any]) -> int:
    engine = make_engine(db, application_name=f"seed-{service}")
    try:
        # The county admin's scope: the service role is bound by row-level security like any caller.
        async with scoped_transaction(session_factory(engine), DataScope.county()) as session:
            return await loader(session, county)
    finally:
        await engine.dispose()
