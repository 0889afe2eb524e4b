"""The deadline scanner: fires each reminder (催办) and escalation once, however many workers run.

Each round is one transaction in the county's scope that claims clocks with a reminder due by today using
PostgreSQL's `FOR UPDATE SKIP LOCKED` (no library needed: the lock is the row's own, and it is released by the
commit or by the connection dying), fires them and commits with their events in the outbox. A second worker skips
what the first holds; a worker killed mid-round loses its transaction, so the rows go back unfired and the next
round (its own or the other's) fires them. A worker that was down finds everything due since, and fires for each
clock only its latest point: the earlier ones are marked superseded (nobody wants "7 days left" on an overdue case).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.supervision.domain.case import CaseStage, stage_after_lapse
from services.supervision.domain.clocks import ClockKind, days_left, is_escalation
from services.supervision.persistence.case_tables import CaseRow, ClockRow, ReminderRow, WorkItemRow
from services.supervision.service import clock_store
from services.supervision.service.announce import announce
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SCANNER, SupervisionContext
from services.supervision.settings import ScannerSettings
from shared.contracts.supervision import CaseStageChanged, ReminderFired
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events.envelope import uuid7
from shared.trail.timeline import record_row

log = logging.getLogger(__name__)


async def scan_once(
    sessions: async_sessionmaker[AsyncSession],
    ctx: SupervisionContext,
    batch_size: int,
    hold_seconds: float = 0,
) -> int:
    """One round; returns how many clocks it fired for (a full batch means there may be more)."""
    async with scoped_transaction(sessions, DataScope.county()) as db:
        today = ctx.today()
        clocks = await _claim(db, today, batch_size)
        if hold_seconds and clocks:
            await asyncio.sleep(hold_seconds)  # fault drills: a window in which the worker can be killed
        for clock in clocks:
            await _fire(db, clock, ctx)
    return len(clocks)


async def _claim(db: AsyncSession, today: date, batch_size: int) -> Sequence[ClockRow]:
    """Two steps, so each is cheap at any number of open cases: the due reminders' clocks from the partial index
    `reminder_due` (a few more than a batch, for those another worker holds), then those clock rows locked by
    primary key. Returned in township order: firing takes each township's trail lock, and two workers that take
    them in the same order cannot deadlock."""
    due = await db.scalars(
        select(ReminderRow.clock_id)
        .where(ReminderRow.status == clock_store.PENDING, ReminderRow.fires_on <= today)
        .order_by(ReminderRow.fires_on, ReminderRow.clock_id)
        .limit(batch_size * 2)
    )
    candidates = list(dict.fromkeys(due))
    if not candidates:
        return []
    stmt = (
        select(ClockRow)
        .where(ClockRow.id.in_(candidates), ClockRow.stopped_on.is_(None))
        .order_by(ClockRow.tenant_id, ClockRow.case_id, ClockRow.id)
        .limit(batch_size)
        .with_for_update(skip_locked=True)
    )
    return (await db.scalars(stmt)).all()


async def _fire(db: AsyncSession, clock: ClockRow, ctx: SupervisionContext) -> None:
    today = ctx.today()
    due = (
        await db.scalars(
            select(ReminderRow)
            .where(
                ReminderRow.clock_id == clock.id,
                ReminderRow.status == clock_store.PENDING,
                ReminderRow.fires_on <= today,
            )
            .order_by(ReminderRow.fires_on)
        )
    ).all()
    if not due:
        return
    for earlier in due[:-1]:
        earlier.status = clock_store.SUPERSEDED
    latest = due[-1]
    latest.status, latest.fired_at = clock_store.FIRED, ctx.now()
    case = await db.get(CaseRow, clock.case_id, with_for_update=True)
    if latest.point == "lapse":
        await _close_window(db, case, clock, ctx)
    else:
        await _remind(db, case, clock, latest, ctx)


async def _remind(
    db: AsyncSession, case: CaseRow, clock: ClockRow, reminder: ReminderRow, ctx: SupervisionContext
) -> None:
    escalation = is_escalation(reminder.point)
    left = days_left(clock.due_on, ctx.today()) or 0
    db.add(
        WorkItemRow(
            id=uuid7(),
            tenant_id=case.tenant_id,
            village_id=case.village_id,
            case_id=case.id,
            reminder_id=reminder.id,
            audience=reminder.audience,
            item="escalation" if escalation else "reminder",
            clock=clock.kind,
            due_on=clock.due_on,
        )
    )
    payload = ReminderFired(
        reminder.id, case.id, clock.kind, reminder.point, reminder.audience, clock.due_on, left
    )
    event_type = "reminder.escalated.v1" if escalation else "reminder.sent.v1"
    await announce(db, SCANNER, case, payload, event_type)
    await record_row(
        db, SCANNER, "case.escalated" if escalation else "case.reminded", OBJECT, case,
        clock=clock.kind, point=reminder.point, audience=reminder.audience, days_left=left,
    )  # fmt: skip


async def _close_window(db: AsyncSession, case: CaseRow, clock: ClockRow, ctx: SupervisionContext) -> None:
    """The petitioner did not appeal in time (or the unit did not object): the window closes, and a case that
    waited on it is closed as it stands."""
    today = ctx.today()
    await clock_store.stop(db, clock, today, ctx.rules)
    await record_row(db, SCANNER, "case.window_closed", OBJECT, case, clock=clock.kind)
    next_stage = stage_after_lapse(ClockKind(clock.kind), CaseStage(case.stage))
    if next_stage is not None:
        case.stage, case.closed_on = next_stage, today
        await announce(db, SCANNER, case, CaseStageChanged(case.id, case.petition_id, case.stage, today))


async def run_scanner(
    engine: AsyncEngine, ctx: SupervisionContext, settings: ScannerSettings, stop: asyncio.Event
) -> None:
    """The worker's loop: rounds until nothing is left, then a pause; a failed round is logged and retried."""
    sessions = session_factory(engine)
    while not stop.is_set():
        try:
            while (
                await scan_once(sessions, ctx, settings.batch_size, settings.claim_hold_seconds)
                >= settings.batch_size
            ):
                if stop.is_set():
                    return
        except Exception:
            log.exception("deadline scan failed; retrying")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.interval_seconds)
