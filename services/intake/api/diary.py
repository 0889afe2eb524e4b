"""/diary-entries: the village liaisons' sentiment diary (民情日记), its resolutions and conversion to petitions."""

from __future__ import annotations

import uuid
from datetime import date

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from services.intake.api.deps import Intake
from services.intake.domain.diary import DiaryStatus, ResolutionLevel
from services.intake.service import diary
from services.intake.service.diary_io import (
    DiaryEntryDetail,
    DiaryEntryIn,
    DiaryPage,
    DiaryPetitionIn,
    DiaryResolveIn,
)
from services.intake.service.views import PetitionDetail
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.paging import PageNumber, PageSize

KEEPERS = requires(can.DIARY_RECORD)
READERS = requires(can.DIARY_READ)
RESOLVERS = requires(can.DIARY_RESOLVE)
CONVERTERS = requires(can.DIARY_CONVERT)


@post(
    "/diary-entries", guards=[KEEPERS], status_code=201, summary="Record a sentiment diary entry (记民情日记)"
)
async def record_entry(
    data: JSONBody[DiaryEntryIn], principal: CurrentPrincipal, db: Db, intake: Intake
) -> DiaryEntryDetail:
    return await diary.record(db, principal, intake, data)


@get("/diary-entries", guards=[READERS], summary="List sentiment diary entries (民情日记查询)")
async def list_entries(
    principal: CurrentPrincipal,
    db: Db,
    township: FromQuery[str | None] = None,
    village: FromQuery[str | None] = None,
    date_from: FromQuery[date | None] = None,
    date_to: FromQuery[date | None] = None,
    status: FromQuery[DiaryStatus | None] = None,
    resolution_level: FromQuery[ResolutionLevel | None] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> DiaryPage:
    return await diary.page(
        db,
        principal,
        township=township,
        village=village,
        date_from=date_from,
        date_to=date_to,
        status=status,
        resolution_level=resolution_level,
        page_number=page,
        page_size=page_size,
    )


@get("/diary-entries/{entry_id:uuid}", guards=[READERS], summary="A sentiment diary entry with its timeline")
async def get_entry(entry_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db) -> DiaryEntryDetail:
    return await diary.detail(db, principal, entry_id)


@post(
    "/diary-entries/{entry_id:uuid}/resolve",
    guards=[RESOLVERS],
    status_code=200,
    summary="Record where the matter was resolved: village, township or county (化解层级)",
)
async def resolve_entry(
    entry_id: FromPath[uuid.UUID],
    data: JSONBody[DiaryResolveIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> DiaryEntryDetail:
    return await diary.resolve(db, principal, intake, entry_id, data)


@post(
    "/diary-entries/{entry_id:uuid}/petition",
    guards=[CONVERTERS],
    status_code=201,
    summary="Register the entry as a petition, once (转为信访事项)",
)
async def convert_entry(
    entry_id: FromPath[uuid.UUID],
    data: JSONBody[DiaryPetitionIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> PetitionDetail:
    return await diary.to_petition(db, principal, intake, entry_id, data)


ROUTES = [record_entry, list_entries, get_entry, resolve_entry, convert_entry]
