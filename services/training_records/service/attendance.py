"""出勤: who attended a session and the hours credited, from the trainer's form or the imported sign-in sheet.

Both paths end in `_store`: every entry checked before anything is written, then each cadre's row inserted,
corrected or left as it is. The same sheet imported twice changes nothing: no row, no event, no trail entry.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal

from litestar.exceptions import PermissionDeniedException
from sqlalchemy import select

from services.training_records.domain.sign_in_sheet import Cadre, read_sheet
from services.training_records.domain.training import credited_hours_problem
from services.training_records.persistence.tables import (
    AttendanceRow,
    CadreRow,
    TownshipRow,
    TrainingSessionRow,
)
from services.training_records.service import sessions
from services.training_records.service.announce import announce
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import AttendanceIn, AttendanceResult, AttendanceView
from shared import trail
from shared.auth import Principal
from shared.contracts.training_records import AttendanceChanged
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict, Violations, register_reasons
from shared.events.envelope import uuid7
from shared.tenancy import COUNTY, COUNTY_CHAIN, Scope

register_reasons(
    {
        "unknown_cadre": ("不是本次培训可登记的信访干部", "is not a petition cadre this session may count"),
        "listed_twice": ("同一人重复登记", "is listed twice"),
        "hours_out_of_range": (
            "学时不符：出席应大于0且不超过培训时长，缺席或请假应为0",
            "hours out of range: present needs more than 0 and at most the session's length; absent or excused 0",
        ),
        "too_large": ("文件超过大小限制", "is larger than the limit"),
    }
)


@dataclass(frozen=True)
class Entry:
    cadre_id: str
    status: str
    hours: Decimal


async def writable(
    db: TenantSession, by: Principal, ctx: TrainingContext, session_id: uuid.UUID, held: bool = True
) -> TrainingSessionRow:
    """The session, if the caller may change it: a county session is the county's; attendance waits till it is held."""
    session = await sessions.load(db, session_id, for_update=True)
    if session.tenant_id is None and by.scope is not Scope.county:
        raise PermissionDeniedException("县级培训由县级培训师登记")
    if held and session.held_on > ctx.today():
        raise StateConflict("培训尚未举行，不能登记出勤 (the session has not been held yet)")
    return session


async def roster(db: TenantSession, session: TrainingSessionRow) -> dict[str, CadreRow]:
    """Who a session may count: a township's session its own serving cadres, the county's every serving cadre."""
    stmt = select(CadreRow).where(CadreRow.active)
    if session.tenant_id is not None:
        stmt = stmt.where(CadreRow.tenant_id == session.tenant_id)
    return {c.user_id: c for c in await db.scalars(stmt)}


async def record(
    db: TenantSession, by: Principal, ctx: TrainingContext, session_id: uuid.UUID, data: AttendanceIn
) -> AttendanceResult:
    session = await writable(db, by, ctx, session_id)
    cadres = await roster(db, session)
    found, seen, entries = Violations(), set(), []
    for i, e in enumerate(data.entries):
        hours = (
            sessions.hours_of(e.hours)
            if e.hours is not None
            else (session.hours if e.status == "present" else Decimal(0))
        )
        if e.cadre_id not in cadres:
            found.add(f"entries.{i}.cadre_id", "unknown_cadre")
        elif e.cadre_id in seen:
            found.add(f"entries.{i}.cadre_id", "listed_twice")
        if hours is None:
            found.add(f"entries.{i}.hours", "one_decimal")
        else:
            found.add(f"entries.{i}.hours", credited_hours_problem(e.status, hours, session.hours))
        seen.add(e.cadre_id)
        entries.append(Entry(e.cadre_id, e.status, hours or Decimal(0)))
    found.raise_any()
    return await _store(db, by, ctx, session, cadres, entries, "form", None)


async def import_sheet(
    db: TenantSession, by: Principal, ctx: TrainingContext, session_id: uuid.UUID, content: bytes
) -> AttendanceResult:
    if len(content) > ctx.rules.max_sheet_bytes:
        raise RuleViolation("sheet", "too_large")
    session = await writable(db, by, ctx, session_id)
    cadres = await roster(db, session)
    names = {t.tenant_id: t.name for t in await db.scalars(select(TownshipRow))}
    people = [
        Cadre(c.user_id, c.username, c.full_name, c.township, names.get(c.tenant_id, sessions.COUNTY_OFFICE))
        for c in cadres.values()
    ]
    rows = read_sheet(content, people, session.hours)
    entries = [Entry(r.user_id, r.status, r.hours) for r in rows]
    return await _store(db, by, ctx, session, cadres, entries, "sheet", hashlib.sha256(content).hexdigest())


async def _store(
    db: TenantSession, by: Principal, ctx: TrainingContext, session: TrainingSessionRow, cadres: dict[str, CadreRow],
    entries: list[Entry], source: str, sheet_sha256: str | None,
) -> AttendanceResult:  # fmt: skip
    existing = {
        a.cadre_id: a
        for a in await db.scalars(
            select(AttendanceRow).where(AttendanceRow.session_id == session.id).with_for_update()
        )
    }
    recorded = corrected = unchanged = 0
    for e in entries:
        before = existing.get(e.cadre_id)
        if before is not None and (before.status, before.hours) == (e.status, e.hours):
            unchanged += 1
            continue
        row = before or AttendanceRow(
            id=uuid7(), session_id=session.id, tenant_id=cadres[e.cadre_id].tenant_id, cadre_id=e.cadre_id,
            source=source, recorded_by=by.display_name,
        )  # fmt: skip
        previous = (before.status, before.hours) if before else (None, None)
        row.status, row.hours, row.source = e.status, e.hours, source
        if before is None:
            db.add(row)
            recorded += 1
        else:
            row.corrected_at = ctx.now()
            corrected += 1
        await db.flush()
        await _announce(db, by, session, cadres[e.cadre_id], row, *previous)
    if recorded or corrected:
        detail = {"source": source, "recorded": recorded, "corrected": corrected, "unchanged": unchanged}
        if sheet_sha256:
            detail["sheet_sha256"] = sheet_sha256
        await trail.record(
            db, by, "training.attendance_recorded", sessions.OBJECT, session.id,
            tenant_id=session.tenant_id or COUNTY_CHAIN, detail=detail,
        )  # fmt: skip
    return AttendanceResult(
        recorded=recorded,
        corrected=corrected,
        unchanged=unchanged,
        attendance=await of_session(db, session.id),
    )


async def _announce(
    db: TenantSession, by: Principal, session: TrainingSessionRow, cadre: CadreRow, row: AttendanceRow,
    previous_status: str | None, previous_hours: Decimal | None,
) -> None:  # fmt: skip
    township = None if cadre.township == COUNTY else cadre.township
    payload = AttendanceChanged(
        row.id, session.id, cadre.user_id, township, row.status, row.hours, session.held_on,
        previous_status, previous_hours,
    )  # fmt: skip
    kind = "attendance.recorded.v1" if previous_status is None else "attendance.corrected.v1"
    await announce(db, by, township, row.id, payload, kind)


async def of_session(db: TenantSession, session_id: uuid.UUID) -> list[AttendanceView]:
    """The session's attendance the caller's scope sees, by name."""
    rows = await db.execute(
        select(AttendanceRow, CadreRow)
        .join(CadreRow, CadreRow.user_id == AttendanceRow.cadre_id)
        .where(AttendanceRow.session_id == session_id)
        .order_by(CadreRow.township, CadreRow.full_name, CadreRow.user_id)
    )
    return [
        AttendanceView(
            id=a.id,
            cadre_id=c.user_id,
            full_name=c.full_name,
            username=c.username,
            township=c.township,
            status=a.status,
            hours=float(a.hours),
            source=a.source,
            recorded_at=a.recorded_at,
            corrected_at=a.corrected_at,
            still_serving=c.active,
        )
        for a, c in rows.all()
    ]
