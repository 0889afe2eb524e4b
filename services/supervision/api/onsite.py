"""/onsite-supervisions: the county's on-site supervision of a case (现场督办) and its photos."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import onsite
from services.supervision.service.oversight_io import OnsiteIn, OnsiteView, PhotoView
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.no_store import NO_CACHE, NO_STORE

_RECORD = "/onsite-supervisions/{onsite_id:uuid}"
# Above the 5 MB a photo may have, so an oversized photo is answered by the rule (422 naming `file`), not 413.
PHOTO_BODY_LIMIT = 8 * 1024 * 1024


@dataclass
class PhotoIn:
    """One photo per upload, in the part named `file`."""

    file: UploadFile


@post(
    "/cases/{case_id:uuid}/onsite-supervisions", guards=[requires(can.ONSITE)],
    summary="Record an on-site supervision of a case (现场督办)",
)  # fmt: skip
async def record_onsite(
    case_id: FromPath[uuid.UUID], data: JSONBody[OnsiteIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> OnsiteView:  # fmt: skip
    return await onsite.record(db, principal, supervision, case_id, data)


@get(
    "/cases/{case_id:uuid}/onsite-supervisions", guards=[requires(can.READ_CASES)],
    summary="The on-site supervisions of a case, with their photos' ids",
)  # fmt: skip
async def case_onsite(case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db) -> list[OnsiteView]:
    return await onsite.of_case(db, principal, case_id)


@post(
    f"{_RECORD}/photos", guards=[requires(can.ONSITE)], request_max_body_size=PHOTO_BODY_LIMIT,
    summary="Add a photo: JPEG or PNG, at most 5 MB, at most 9 per record",
)  # fmt: skip
async def add_photo(
    onsite_id: FromPath[uuid.UUID],
    data: Annotated[PhotoIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    principal: CurrentPrincipal,
    db: Db,
) -> PhotoView:
    return await onsite.add_photo(db, principal, onsite_id, await data.file.read())


@get(
    f"{_RECORD}/photos/{{photo_id:uuid}}", guards=[requires(can.READ_CASES)], summary="One photo",
    cache_control=NO_STORE, response_headers=NO_CACHE,
    opt={"media_types": ["image/jpeg", "image/png"]},  # documented by shared.openapi
)  # fmt: skip
async def get_photo(
    onsite_id: FromPath[uuid.UUID], photo_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db
) -> Response[bytes]:
    row = await onsite.photo(db, principal, onsite_id, photo_id)
    return Response(row.data, media_type=row.media_type)


ROUTES = [record_onsite, case_onsite, add_photo, get_photo]
