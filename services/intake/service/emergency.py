"""应急求助 (急事急办): an urgent request answered within hours, then resolved; the caller's phone sealed.

The phone is encrypted at rest and masked in every answer; a responder who must call back reveals it,
and that read is on the trail like a petitioner's reveal.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.intake.domain import emergency as rules_of
from services.intake.domain.emergency import EmergencyStatus
from services.intake.domain.identity import mask_mobile, mobile_problem, normalise_mobile
from services.intake.events import announce
from services.intake.persistence.emergency_repo import EmergencyFilter, EmergencyRepo
from services.intake.persistence.emergency_tables import EmergencyRequestRow
from services.intake.persistence.repositories import DirectoryRepo
from services.intake.service import places
from services.intake.service.context import IntakeContext
from services.intake.service.emergency_io import EmergencyDetail, EmergencyIn, EmergencyPage, EmergencyView
from services.intake.service.places import list_place
from services.intake.village_line_settings import VillageLineRules
from shared.auth import Principal
from shared.contracts.intake_village import EmergencyRequested, EmergencyResolved, EmergencyResponded
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict, Violations
from shared.events.envelope import uuid7
from shared.paging import offset
from shared.record_dates import record_time_problem
from shared.trail.timeline import record_row, timeline

OBJECT = "emergency_request"
PHONE = (
    "emergency_request.contact_phone"  # the cipher's context: this ciphertext decrypts in this column only
)


async def request(
    db: TenantSession, by: Principal, ctx: IntakeContext, rules: VillageLineRules, data: EmergencyIn
) -> EmergencyDetail:
    """受理应急求助: the response and resolution deadlines start when the request came in."""
    place = await places.resolve(db, by, data.township, data.village)
    now = ctx.now()
    received_at = data.received_at or now
    _check(data, received_at, now)
    phone = normalise_mobile(data.contact_phone)
    due = rules_of.deadlines(received_at, rules.emergency_response_hours, rules.emergency_resolution_hours)
    row = EmergencyRepo(db).add(
        EmergencyRequestRow(
            id=uuid7(),
            tenant_id=place.township.tenant_id,
            village_id=place.village.id if place.village else None,
            what_happened=data.what_happened.strip(),
            people_affected=data.people_affected,
            contact_phone_enc=ctx.cipher.encrypt(phone, PHONE),
            contact_phone_masked=mask_mobile(phone),
            received_at=received_at,
            respond_by=due.respond_by,
            resolve_by=due.resolve_by,
            status=EmergencyStatus.received,
            requested_by=by.user_id,
        )
    )
    await db.flush()
    village = place.village.slug if place.village else None
    payload = EmergencyRequested(
        row.id, village, row.people_affected, received_at, due.respond_by, due.resolve_by
    )
    await announce(db, by, row.tenant_id, row.id, payload)
    await record_row(db, by, "emergency.requested", OBJECT, row)
    return await detail(db, by, ctx, row.id)


def _check(data: EmergencyIn, received_at: datetime, now: datetime) -> None:
    found = Violations()
    found.required("what_happened", data.what_happened)
    found.add("contact_phone", mobile_problem(data.contact_phone))
    found.add("received_at", record_time_problem(received_at, now))
    found.raise_any()


async def respond(
    db: TenantSession, by: Principal, ctx: IntakeContext, request_id: uuid.UUID, note: str
) -> EmergencyDetail:
    """响应: someone is on it; answered once, within the response deadline to count as on time."""
    row = await EmergencyRepo(db).load_visible(by, request_id, for_update=True)
    if not rules_of.can_respond(row.status):
        raise StateConflict(f"this request is already {row.status}")
    _note_required(note)
    row.status = EmergencyStatus.responding
    row.responded_at, row.responded_by, row.response_note = ctx.now(), by.user_id, note.strip()
    on_time = rules_of.on_time(row.responded_at, row.respond_by)
    await announce(db, by, row.tenant_id, row.id, EmergencyResponded(row.id, row.responded_at, on_time))
    await record_row(db, by, "emergency.responded", OBJECT, row, on_time=on_time)
    return await detail(db, by, ctx, row.id)


async def resolve(
    db: TenantSession, by: Principal, ctx: IntakeContext, request_id: uuid.UUID, note: str
) -> EmergencyDetail:
    """办结: settled, straight from receipt too (then it was answered by being settled)."""
    row = await EmergencyRepo(db).load_visible(by, request_id, for_update=True)
    if not rules_of.can_resolve(row.status):
        raise StateConflict("this request is already resolved")
    _note_required(note)
    now = ctx.now()
    if row.responded_at is None:
        row.responded_at, row.responded_by = now, by.user_id
    row.status = EmergencyStatus.resolved
    row.resolved_at, row.resolved_by, row.resolution_note = now, by.user_id, note.strip()
    on_time = rules_of.on_time(now, row.resolve_by)
    await announce(db, by, row.tenant_id, row.id, EmergencyResolved(row.id, now, on_time))
    await record_row(db, by, "emergency.resolved", OBJECT, row, on_time=on_time)
    return await detail(db, by, ctx, row.id)


def _note_required(note: str) -> None:
    if not note.strip():
        raise RuleViolation("note", "required")


async def reveal_contact(
    db: TenantSession, by: Principal, ctx: IntakeContext, request_id: uuid.UUID, purpose: str
) -> EmergencyDetail:
    """查看求助人电话: to call back; every reveal is on the trail with its purpose."""
    row = await EmergencyRepo(db).load_visible(by, request_id)
    await record_row(db, by, "emergency.contact_revealed", OBJECT, row, purpose=purpose)
    view = await detail(db, by, ctx, row.id)
    view.contact_phone = ctx.cipher.decrypt(row.contact_phone_enc, PHONE)
    view.contact_phone_masked = False
    return view


async def detail(db: TenantSession, by: Principal, ctx: IntakeContext, request_id: uuid.UUID) -> EmergencyDetail:
    row = await EmergencyRepo(db).load_visible(by, request_id)
    directory = DirectoryRepo(db)
    township = await directory.township(row.tenant_id)
    village = (await directory.villages([row.village_id]))[row.village_id].slug if row.village_id else None
    steps = await timeline(db, OBJECT, request_id)
    return EmergencyDetail(**_fields(row, township.slug, village, ctx.now()), timeline=steps)


def _fields(row: EmergencyRequestRow, township: str, village: str | None, now: datetime) -> dict:
    step = rules_of.overdue_step(row.status, row.respond_by, row.resolve_by, now)
    return {
        "id": row.id,
        "township": township,
        "village": village,
        "what_happened": row.what_happened,
        "people_affected": row.people_affected,
        "contact_phone": row.contact_phone_masked,
        "received_at": row.received_at,
        "respond_by": row.respond_by,
        "resolve_by": row.resolve_by,
        "status": row.status,
        "overdue": step is not None,
        "overdue_step": step,
        "responded_at": row.responded_at,
        "response_note": row.response_note,
        "resolved_at": row.resolved_at,
        "resolution_note": row.resolution_note,
    }


async def page(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    *,
    township: str | None,
    village: str | None,
    status: str | None,
    overdue: bool | None,
    page_number: int,
    page_size: int,
) -> EmergencyPage:
    """应急求助列表; `overdue=true` lists the requests with a deadline passed undone (response or resolution),
    `overdue=false` all the others."""
    tenant_id, village_id = await list_place(db, by, township, village)
    now = ctx.now()
    f = EmergencyFilter(tenant_id, village_id, status, overdue, now)
    rows, total = await EmergencyRepo(db).list(f, offset(page_number, page_size), page_size)
    directory = DirectoryRepo(db)
    slugs = {t: (await directory.township(t)).slug for t in {r.tenant_id for r in rows}}
    villages = await directory.villages([r.village_id for r in rows if r.village_id])
    items = [
        EmergencyView(
            **_fields(r, slugs[r.tenant_id], villages[r.village_id].slug if r.village_id else None, now)
        )
        for r in rows
    ]
    return EmergencyPage(items, total, page_number, page_size)
