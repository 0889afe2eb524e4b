"""A case's clocks kept in their rows, with the reminders each one schedules.

Every change of a clock (start, extension, pause, resume, stop) goes through here, under the clock row's lock, so
the scanner (which claims clocks with FOR UPDATE SKIP LOCKED) never fires a reminder of a clock being changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select, update

from services.supervision.domain import clocks as rules_of
from services.supervision.domain.calendar import CalendarYearMissing, DayCounting, WorkingCalendar
from services.supervision.domain.clocks import DUTIES, ClockKind, ClockState
from services.supervision.persistence.calendar_repo import CalendarRepo
from services.supervision.persistence.case_tables import CaseRow, ClockRow, ReminderRow
from services.supervision.settings import SupervisionRules
from shared.db.session import TenantSession
from shared.events.envelope import uuid7

PENDING, FIRED, SUPERSEDED, CANCELLED = "pending", "fired", "superseded", "cancelled"
# Far enough for any clock's working days and a hearing, near enough to load in a millisecond.
_CALENDAR_REACH = timedelta(days=400)


async def calendar_from(db: TenantSession, start: date) -> WorkingCalendar:
    return await CalendarRepo(db).load(start, start + _CALENDAR_REACH)


def state_of(row: ClockRow) -> ClockState:
    return ClockState(
        kind=ClockKind(row.kind),
        counting=DayCounting(row.counting),
        started_on=row.started_on,
        days=row.days,
        extended_days=row.extended_days,
        paused_days=row.paused_days,
        paused_since=row.paused_since,
        stopped_on=row.stopped_on,
    )


async def start(
    db: TenantSession,
    case: CaseRow,
    kind: ClockKind,
    started_on: date,
    days: int,
    rules: SupervisionRules,
    *,
    counting: DayCounting = DayCounting.calendar,
    subject_id: uuid.UUID | None = None,
    strict: bool = True,
) -> ClockRow:
    """`strict=False` (an event handler, which cannot answer a 409) keeps a clock that needs a calendar year
    nobody has entered without a due date; entering the year computes it (`recompute_waiting`)."""
    row = ClockRow(
        id=uuid7(),
        tenant_id=case.tenant_id,
        village_id=case.village_id,
        case_id=case.id,
        kind=kind,
        subject_id=subject_id,
        counting=counting,
        started_on=started_on,
        days=days,
        extended_days=0,
        paused_days=0,
    )
    db.add(row)
    await db.flush()
    try:
        await _schedule(db, row, rules, await calendar_from(db, started_on))
    except CalendarYearMissing:
        if strict:
            raise
    return row


async def change(db: TenantSession, row: ClockRow, new: ClockState, rules: SupervisionRules) -> None:
    """Write the clock's new state and move its pending reminders to match."""
    row.extended_days, row.paused_days = new.extended_days, new.paused_days
    row.paused_since, row.stopped_on = new.paused_since, new.stopped_on
    await _schedule(db, row, rules, await calendar_from(db, row.started_on))


async def stop(db: TenantSession, row: ClockRow, on: date, rules: SupervisionRules) -> None:
    """The act the clock waited for was done (or the window closed): no reminder of it fires any more."""
    new = rules_of.stop(state_of(row), on)
    row.on_time = row.due_on is not None and on <= row.due_on
    row.stopped_on, row.paused_since = new.stopped_on, None
    await _cancel_pending(db, row.id)


async def _schedule(db: TenantSession, row: ClockRow, rules: SupervisionRules, cal: WorkingCalendar) -> None:
    due = rules_of.due_date(state_of(row), cal)
    row.due_on = due
    if due is None or row.stopped_on is not None:
        await _hold_pending(db, row.id)
        return
    points = rules_of.reminder_points(
        ClockKind(row.kind), row.started_on, due, rules.remind_days_before, rules.escalate_county_after_days
    )
    existing = {
        r.point: r for r in await db.scalars(select(ReminderRow).where(ReminderRow.clock_id == row.id))
    }
    for p in points:
        found = existing.get(p.point)
        if found is None:
            db.add(ReminderRow(
                id=uuid7(), tenant_id=row.tenant_id, village_id=row.village_id, case_id=row.case_id,
                clock_id=row.id, point=p.point, audience=p.audience, fires_on=p.fires_on, status=PENDING,
            ))  # fmt: skip
        elif found.status == PENDING:
            found.fires_on = p.fires_on
    await db.flush()


async def _hold_pending(db: TenantSession, clock_id: uuid.UUID) -> None:
    """Paused (or waiting for a calendar year): pending reminders wait without a date."""
    await db.execute(
        update(ReminderRow)
        .where(ReminderRow.clock_id == clock_id, ReminderRow.status == PENDING)
        .values(fires_on=None)
    )


async def _cancel_pending(db: TenantSession, clock_id: uuid.UUID) -> None:
    await db.execute(
        update(ReminderRow)
        .where(ReminderRow.clock_id == clock_id, ReminderRow.status == PENDING)
        .values(status=CANCELLED)
    )


async def of_case(db: TenantSession, case_id: uuid.UUID) -> list[ClockRow]:
    rows = await db.scalars(
        select(ClockRow).where(ClockRow.case_id == case_id).order_by(ClockRow.started_on, ClockRow.id)
    )
    return list(rows)


def next_duty_due(rows: Iterable[ClockRow]) -> date | None:
    """The earliest due date among the running duties: what the office owes next (cases.next_due_subquery in SQL)."""
    return min(
        (c.due_on for c in rows if c.kind in DUTIES and c.stopped_on is None and c.due_on), default=None
    )


async def running(
    db: TenantSession, case_id: uuid.UUID, kind: ClockKind, subject_id: uuid.UUID | None = None
) -> ClockRow | None:
    """The case's clock of this kind that has not stopped, locked for the change the caller is about to make."""
    stmt = select(ClockRow).where(
        ClockRow.case_id == case_id, ClockRow.kind == kind, ClockRow.stopped_on.is_(None)
    )
    if subject_id is not None:
        stmt = stmt.where(ClockRow.subject_id == subject_id)
    return await db.scalar(stmt.with_for_update())


async def recompute_waiting(db: TenantSession, rules: SupervisionRules) -> int:
    """After a calendar year is entered: every clock that waited for one gets its due date, if it now can."""
    rows = await db.scalars(
        select(ClockRow)
        .where(ClockRow.due_on.is_(None), ClockRow.paused_since.is_(None), ClockRow.stopped_on.is_(None))
        .with_for_update(skip_locked=True)
    )
    computed = 0
    for row in rows:
        try:
            await _schedule(db, row, rules, await calendar_from(db, row.started_on))
        except CalendarYearMissing:
            continue
        computed += 1
    return computed
