"""The stack's seed leaves the county's calendar in supervision and its holidays in intake; seeding again changes
nothing, and never a year the county admin entered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.launcher.config import StackSettings
from deploy.launcher.seed import db_settings
from services.intake.service import holiday_calendar
from services.supervision.domain.calendar import CalendarYearMissing, DayCounting, due_on
from services.supervision.persistence.calendar_repo import CalendarRepo
from services.supervision.service.calendar import load_seed
from shared.db.engine import make_engine
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.state_council_calendar import SOURCE

# The seed's own rows: other tests enter far years (2094, 2099) as the county admin would, and those stay theirs.
_SEEDED = "source LIKE 'chinese-calendar %'"
COUNTS = (
    f"SELECT (SELECT count(*) FROM supervision.calendar_day WHERE {_SEEDED}),"
    f" (SELECT count(*) FROM supervision.calendar_year WHERE {_SEEDED})"
)
DAYS_DIGEST = (
    "SELECT md5(string_agg(concat_ws('|', day, kind, name, source), ',' ORDER BY day)) FROM supervision.calendar_day"
    f" WHERE {_SEEDED}"
)


@pytest.fixture
async def app_engine(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    """The supervision application role, as the service connects: no superuser, no owner."""
    engine = make_engine(db_settings(stack, stack_secrets, "supervision"), "calendar-seed-test")
    yield engine
    await engine.dispose()


async def test_the_seed_knows_2004_to_2026_and_not_2027(superuser: asyncpg.Connection) -> None:
    years = [
        r["year"]
        for r in await superuser.fetch(
            f"SELECT year FROM supervision.calendar_year WHERE {_SEEDED} ORDER BY year"
        )
    ]
    assert years == list(range(2004, 2027))


async def test_national_day_2026_and_its_make_up_days(superuser: asyncpg.Connection) -> None:
    kinds = dict(
        await superuser.fetch(
            "SELECT day, kind FROM supervision.calendar_day WHERE day BETWEEN '2026-09-19' AND '2026-10-11'"
        )
    )
    assert kinds[date(2026, 10, 1)] == "holiday"
    assert kinds[date(2026, 9, 20)] == "workday"
    assert kinds[date(2026, 10, 10)] == "workday"
    assert date(2026, 10, 8) not in kinds  # an ordinary Thursday: no row


async def test_seeding_again_changes_no_count(superuser: asyncpg.Connection, app_engine: AsyncEngine) -> None:
    before = tuple(await superuser.fetchrow(COUNTS))
    digest = await superuser.fetchval(DAYS_DIGEST)
    async with scoped_transaction(session_factory(app_engine), DataScope.county()) as db:
        written = await load_seed(db)
    assert tuple(await superuser.fetchrow(COUNTS)) == before
    assert await superuser.fetchval(DAYS_DIGEST) == digest
    assert written == before[0]


async def test_a_deadline_from_the_stored_calendar(app_engine: AsyncEngine) -> None:
    async with scoped_transaction(session_factory(app_engine), DataScope.county()) as db:
        cal = await CalendarRepo(db).load(date(2026, 9, 1), date(2027, 1, 31))
    assert cal.years == {2026}
    assert due_on(date(2026, 9, 30), 5, DayCounting.working, cal) == date(2026, 10, 13)
    with pytest.raises(CalendarYearMissing):
        due_on(date(2026, 12, 28), 5, DayCounting.working, cal)


async def _seed_both(stack: StackSettings, secrets: dict[str, str]) -> None:
    for service, seed in (("supervision", load_seed), ("intake", holiday_calendar.load_seed)):
        engine = make_engine(db_settings(stack, secrets, service), "calendar-seed-test")
        try:
            async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
                await seed(db)
        finally:
            await engine.dispose()


async def test_a_year_the_admin_entered_is_kept_by_both_seeds(
    superuser: asyncpg.Connection, stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    """2005 as if the county admin had entered it without its 元旦 (3 January 2005, a Monday): a re-seed of either
    service puts nothing back."""
    admin = "county-admin seed-test"
    await superuser.execute("UPDATE supervision.calendar_year SET source = $1 WHERE year = 2005", admin)
    await superuser.execute("DELETE FROM supervision.calendar_day WHERE day = '2005-01-03'")
    await superuser.execute(
        "UPDATE intake.calendar_year SET source = $1, holidays = '[]', entered_at = now() WHERE year = 2005",
        admin,
    )
    try:
        await _seed_both(stack, stack_secrets)
        assert (
            await superuser.fetchval("SELECT count(*) FROM supervision.calendar_day WHERE day = '2005-01-03'")
            == 0
        )
        assert await superuser.fetchval("SELECT holidays FROM intake.calendar_year WHERE year = 2005") == "[]"
    finally:
        await superuser.execute("UPDATE supervision.calendar_year SET source = $1 WHERE year = 2005", SOURCE)
        await superuser.execute(
            "UPDATE intake.calendar_year SET source = $1, entered_at = '2000-01-01Z' WHERE year = 2005",
            SOURCE,
        )
        await _seed_both(stack, stack_secrets)
    assert (
        await superuser.fetchval("SELECT count(*) FROM supervision.calendar_day WHERE day = '2005-01-03'")
        == 1
    )
    assert "2005-01-03" in await superuser.fetchval(
        "SELECT holidays FROM intake.calendar_year WHERE year = 2005"
    )
