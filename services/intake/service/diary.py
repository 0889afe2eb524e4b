"""民情日记: village liaisons log what villagers raise, settle it where they can, and turn it into a petition."""

from __future__ import annotations

import uuid
from datetime import date

from services.intake.domain.diary import DiaryStatus, ResolutionLevel, can_resolve
from services.intake.domain.petition import Category
from services.intake.events import announce
from services.intake.persistence.diary_repo import DiaryFilter, DiaryRepo
from services.intake.persistence.diary_tables import DiaryEntryRow
from services.intake.persistence.repositories import DirectoryRepo
from services.intake.persistence.tables import TownshipRow, VillageRow
from services.intake.service import petition_views, places, registration
from services.intake.service.context import IntakeContext
from services.intake.service.diary_io import (
    DiaryEntryDetail,
    DiaryEntryIn,
    DiaryEntryView,
    DiaryPage,
    DiaryPetitionIn,
    DiaryResolveIn,
)
from services.intake.service.inputs import PetitionIn
from services.intake.service.places import list_place
from services.intake.service.views import PetitionDetail
from shared import trail
from shared.auth import Principal
from shared.contracts.intake_village import DiaryConverted, DiaryRecorded, DiaryResolved
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict, Violations
from shared.events.envelope import uuid7
from shared.paging import offset
from shared.record_dates import record_date_problem
from shared.trail.timeline import timeline

OBJECT = "diary_entry"


async def record(
    db: TenantSession, by: Principal, ctx: IntakeContext, data: DiaryEntryIn
) -> DiaryEntryDetail:
    """记民情日记: an entry in the liaison's own village; one settled on the spot is resolved at village level."""
    place = await places.resolve(db, by, None, None)
    if place.village is None:
        raise RuleViolation("village", "required")
    _check_entry(ctx, data)
    settled = data.resolved_on_spot
    row = DiaryRepo(db).add(
        DiaryEntryRow(
            id=uuid7(),
            tenant_id=place.township.tenant_id,
            village_id=place.village.id,
            entry_date=data.entry_date,
            concern=data.concern.strip(),
            people_count=data.people_count,
            category=data.category,
            handled_on_spot=(data.handled_on_spot or "").strip() or None,
            status=DiaryStatus.resolved if settled else DiaryStatus.open,
            resolution_level=ResolutionLevel.village if settled else ResolutionLevel.unresolved,
            resolved_at=ctx.now() if settled else None,
            resolved_by=by.user_id if settled else None,
            recorded_by=by.user_id,
            recorded_by_name=by.display_name,
        )
    )
    await db.flush()
    village = place.village.slug
    recorded = DiaryRecorded(row.id, village, row.entry_date, row.category, row.people_count)
    await announce(db, by, row.tenant_id, row.id, recorded)
    if settled:
        await announce(db, by, row.tenant_id, row.id, _resolved(row, village, ctx.today()))
    await trail.record(
        db,
        by,
        "diary.recorded",
        OBJECT,
        row.id,
        tenant_id=row.tenant_id,
        detail={"by": by.display_name, "category": row.category, "resolved_on_spot": settled},
    )
    return await detail(db, by, row.id)


def _check_entry(ctx: IntakeContext, data: DiaryEntryIn) -> None:
    found = Violations()
    found.required("concern", data.concern)
    found.add("entry_date", record_date_problem(data.entry_date, ctx.today()))
    found.raise_any()


def _resolved(row: DiaryEntryRow, village: str, on: date) -> DiaryResolved:
    return DiaryResolved(row.id, village, row.category, row.resolution_level, on)


async def resolve(
    db: TenantSession, by: Principal, ctx: IntakeContext, entry_id: uuid.UUID, data: DiaryResolveIn
) -> DiaryEntryDetail:
    """化解: record the level the matter was settled at ("小事不出村，大事不出镇") and how."""
    row = await DiaryRepo(db).load_visible(by, entry_id, for_update=True)
    if not can_resolve(row.status):
        raise StateConflict("this diary entry is already resolved")
    if not data.note.strip():
        raise RuleViolation("note", "required")
    row.status = DiaryStatus.resolved
    row.resolution_level = data.level
    row.resolution_note = data.note.strip()
    row.resolved_at = ctx.now()
    row.resolved_by = by.user_id
    _, village = await _place(db, row)
    await announce(db, by, row.tenant_id, row.id, _resolved(row, village.slug, ctx.today()))
    await trail.record(
        db,
        by,
        "diary.resolved",
        OBJECT,
        row.id,
        tenant_id=row.tenant_id,
        detail={"by": by.display_name, "level": data.level},
    )
    return await detail(db, by, row.id)


async def to_petition(
    db: TenantSession, by: Principal, ctx: IntakeContext, entry_id: uuid.UUID, data: DiaryPetitionIn
) -> PetitionDetail:
    """转为信访事项: register the entry as a petition (once), linked both ways; the petitioners come with
    the request because the diary keeps no ID numbers."""
    row = await DiaryRepo(db).load_visible(by, entry_id, for_update=True)
    if row.petition_id is not None:
        raise StateConflict("this diary entry has already been registered as a petition")
    township, village = await _place(db, row)
    petition = PetitionIn(
        channel=data.channel,
        category=Category(row.category),
        kind=data.kind,
        content=data.content if data.content is not None else row.concern,
        received_on=row.entry_date,
        petitioners=data.petitioners,
        township=township.slug,
        village=village.slug,
        people_count=max(row.people_count, len(data.petitioners)),
    )
    petition_id = (await registration.register(db, by, ctx, petition)).petition.id
    row.petition_id = petition_id
    await announce(db, by, row.tenant_id, row.id, DiaryConverted(row.id, petition_id, village.slug))
    for action, object_type, object_id, link in (
        ("petition.from_diary", "petition", petition_id, {"diary_entry_id": str(row.id)}),
        ("diary.converted", OBJECT, row.id, {"petition_id": str(petition_id)}),
    ):
        await trail.record(
            db,
            by,
            action,
            object_type,
            object_id,
            tenant_id=row.tenant_id,
            detail={"by": by.display_name, **link},
        )
    return await petition_views.detail(db, by, petition_id)


async def _place(db: TenantSession, row: DiaryEntryRow) -> tuple[TownshipRow, VillageRow]:
    directory = DirectoryRepo(db)
    return await directory.township(row.tenant_id), (await directory.villages([row.village_id]))[
        row.village_id
    ]


async def detail(db: TenantSession, by: Principal, entry_id: uuid.UUID) -> DiaryEntryDetail:
    row = await DiaryRepo(db).load_visible(by, entry_id)
    township, village = await _place(db, row)
    return DiaryEntryDetail(**_fields(row, township, village), timeline=await timeline(db, OBJECT, entry_id))


def _fields(row: DiaryEntryRow, township: TownshipRow, village: VillageRow) -> dict:
    return {
        "id": row.id,
        "township": township.slug,
        "village": village.slug,
        "village_name": village.name,
        "entry_date": row.entry_date,
        "concern": row.concern,
        "people_count": row.people_count,
        "category": row.category,
        "handled_on_spot": row.handled_on_spot,
        "status": row.status,
        "resolution_level": row.resolution_level,
        "resolution_note": row.resolution_note,
        "resolved_at": row.resolved_at,
        "recorded_by_name": row.recorded_by_name,
        "recorded_at": row.recorded_at,
        "petition_id": row.petition_id,
    }


async def page(
    db: TenantSession,
    by: Principal,
    *,
    township: str | None,
    village: str | None,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    resolution_level: str | None,
    page_number: int,
    page_size: int,
) -> DiaryPage:
    """民情日记列表: the liaison's village, the township's villages, or the county's, as the scope allows."""
    tenant_id, village_id = await list_place(db, by, township, village)
    f = DiaryFilter(tenant_id, village_id, date_from, date_to, status, resolution_level)
    rows, total = await DiaryRepo(db).list(f, offset(page_number, page_size), page_size)
    directory = DirectoryRepo(db)
    townships = {t: await directory.township(t) for t in {r.tenant_id for r in rows}}
    villages = await directory.villages([r.village_id for r in rows])
    items = [DiaryEntryView(**_fields(r, townships[r.tenant_id], villages[r.village_id])) for r in rows]
    return DiaryPage(items, total, page_number, page_size)
