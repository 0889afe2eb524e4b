"""/emergency-requests: emergency help (应急求助, 急事急办) on hour deadlines."""

from __future__ import annotations

import uuid

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from services.intake.api.deps import Intake
from services.intake.domain.emergency import EmergencyStatus
from services.intake.service import emergency
from services.intake.service.emergency_io import EmergencyDetail, EmergencyIn, EmergencyPage, NoteIn
from services.intake.service.inputs import RevealIn
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.no_store import NO_CACHE, NO_STORE
from shared.paging import PageNumber, PageSize

REQUESTERS = requires(can.EMERGENCY_REQUEST)
HANDLERS = requires(can.EMERGENCY_HANDLE)
READERS = requires(can.EMERGENCY_READ)
REVEALERS = requires(can.EMERGENCY_REVEAL)


@post(
    "/emergency-requests",
    guards=[REQUESTERS],
    status_code=201,
    summary="Receive an emergency request (应急求助)",
)
async def request_help(
    data: JSONBody[EmergencyIn], principal: CurrentPrincipal, db: Db, intake: Intake
) -> EmergencyDetail:
    return await emergency.request(db, principal, intake, intake.village_line, data)


@get(
    "/emergency-requests",
    guards=[READERS],
    summary="List emergency requests; overdue=true: a deadline passed",
)
async def list_requests(
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    township: FromQuery[str | None] = None,
    village: FromQuery[str | None] = None,
    status: FromQuery[EmergencyStatus | None] = None,
    overdue: FromQuery[bool | None] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> EmergencyPage:
    return await emergency.page(
        db,
        principal,
        intake,
        township=township,
        village=village,
        status=status,
        overdue=overdue,
        page_number=page,
        page_size=page_size,
    )


@get(
    "/emergency-requests/{request_id:uuid}",
    guards=[READERS],
    summary="An emergency request with its timeline",
)
async def get_request(
    request_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, intake: Intake
) -> EmergencyDetail:
    return await emergency.detail(db, principal, intake, request_id)


@post(
    "/emergency-requests/{request_id:uuid}/respond",
    guards=[HANDLERS],
    status_code=200,
    summary="Respond: someone is handling it (响应)",
)
async def respond(
    request_id: FromPath[uuid.UUID],
    data: JSONBody[NoteIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> EmergencyDetail:
    return await emergency.respond(db, principal, intake, request_id, data.note)


@post(
    "/emergency-requests/{request_id:uuid}/resolve",
    guards=[HANDLERS],
    status_code=200,
    summary="Resolve the request (办结)",
)
async def resolve(
    request_id: FromPath[uuid.UUID],
    data: JSONBody[NoteIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> EmergencyDetail:
    return await emergency.resolve(db, principal, intake, request_id, data.note)


@post(
    "/emergency-requests/{request_id:uuid}/contact/reveal",
    guards=[REVEALERS],
    status_code=200,
    summary="Show the requester's full phone number to call back; audited (查看求助人电话)",
    cache_control=NO_STORE,
    response_headers=NO_CACHE,
    opt={"changes_state": False},  # a read, audited: no 409 in its document (shared.openapi)
)
async def reveal_contact(
    request_id: FromPath[uuid.UUID],
    data: JSONBody[RevealIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> EmergencyDetail:
    return await emergency.reveal_contact(db, principal, intake, request_id, data.purpose)


ROUTES = [request_help, list_requests, get_request, respond, resolve, reveal_contact]
