"""现场督办: the county on site for a case (date, place, participants, findings), with up to nine photos.

Photos are judged by their first bytes (JPEG or PNG only, 5 MB each) and kept in PostgreSQL beside the record:
one backup, one transaction, one row-level policy.
"""

from __future__ import annotations

import hashlib
import uuid

from services.supervision.domain import oversight as rules_of
from services.supervision.persistence.case_repo import CaseRepo
from services.supervision.persistence.oversight_repo import OnsiteRepo
from services.supervision.persistence.oversight_tables import OnsitePhotoRow, OnsiteRow
from services.supervision.service.announce import announce_for
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext
from services.supervision.service.oversight_io import OnsiteIn, OnsiteView, PhotoView
from shared.auth import Principal
from shared.contracts.supervision import OnsitePhotoAdded, OnsiteSupervisionRecorded
from shared.db.session import TenantSession
from shared.errors import NotFound
from shared.events.envelope import uuid7
from shared.trail.timeline import record_row

FIELD = "file"  # the multipart part a photo comes in


async def record(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, data: OnsiteIn
) -> OnsiteView:
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    rules_of.not_in_future("visited_on", data.visited_on, ctx.today())
    row = OnsiteRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id,
        visited_on=data.visited_on, place=data.place, participants=data.participants, findings=data.findings,
        recorded_by=by.user_id, recorded_by_name=by.display_name,
    )  # fmt: skip
    OnsiteRepo(db).add(row)
    await db.flush()
    await announce_for(
        db,
        by,
        case.township,
        case.tenant_id,
        row.id,
        OnsiteSupervisionRecorded(row.id, case.id, row.visited_on),
    )
    await record_row(db, by, "case.onsite_recorded", OBJECT, case, onsite_id=str(row.id),
                     visited_on=row.visited_on)  # fmt: skip
    return _view(row, [])


async def add_photo(db: TenantSession, by: Principal, onsite_id: uuid.UUID, content: bytes) -> PhotoView:
    """The record's row is locked first, so two uploads at once cannot both be the ninth."""
    repo = OnsiteRepo(db)
    onsite = await repo.load_visible(by, onsite_id, for_update=True)
    media_type = rules_of.photo_media_type(content, FIELD)
    rules_of.check_photo_room(await repo.photo_count(onsite.id), FIELD)
    photo = OnsitePhotoRow(
        id=uuid7(), tenant_id=onsite.tenant_id, village_id=onsite.village_id, onsite_id=onsite.id,
        media_type=media_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(), data=content,
        uploaded_by=by.user_id,
    )  # fmt: skip
    db.add(photo)
    await db.flush()
    case = await CaseRepo(db).load_visible(by, onsite.case_id)
    added = OnsitePhotoAdded(onsite.id, case.id, photo.id, media_type, photo.size)
    await announce_for(db, by, case.township, case.tenant_id, onsite.id, added)
    await record_row(db, by, "case.onsite_photo_added", OBJECT, case, onsite_id=str(onsite.id),
                     photo_id=str(photo.id), size=photo.size)  # fmt: skip
    return _photo_view(photo)


async def of_case(db: TenantSession, by: Principal, case_id: uuid.UUID) -> list[OnsiteView]:
    case = await CaseRepo(db).load_visible(by, case_id)
    repo = OnsiteRepo(db)
    rows = await repo.of_case(case.id)
    photos: dict[uuid.UUID, list[PhotoView]] = {r.id: [] for r in rows}
    for p in await repo.photos([r.id for r in rows]):
        photos[p.onsite_id].append(_photo_view(p))
    return [_view(r, photos[r.id]) for r in rows]


async def photo(
    db: TenantSession, by: Principal, onsite_id: uuid.UUID, photo_id: uuid.UUID
) -> OnsitePhotoRow:
    repo = OnsiteRepo(db)
    onsite = await repo.load_visible(by, onsite_id)
    found = await repo.photo_with_data(photo_id)
    if found is None or found.onsite_id != onsite.id:
        raise NotFound()
    return found


def _photo_view(p: OnsitePhotoRow) -> PhotoView:
    return PhotoView(id=p.id, media_type=p.media_type, size=p.size, sha256=p.sha256)


def _view(r: OnsiteRow, photos: list[PhotoView]) -> OnsiteView:
    return OnsiteView(
        id=r.id, case_id=r.case_id, visited_on=r.visited_on, place=r.place, participants=r.participants,
        findings=r.findings, recorded_by=r.recorded_by_name, photos=photos,
    )  # fmt: skip
