"""/petitions: register, list, read, reveal a petitioner, decide on a repeat candidate."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from services.intake.api.deps import Intake
from services.intake.domain.petition import Category, Channel, PetitionStatus
from services.intake.service import (
    drafts,
    instructions,
    petition_views,
    petitioners,
    registration,
    repeat_links,
)
from services.intake.service.inputs import (
    DraftIn,
    InstructionIn,
    PetitionIn,
    PetitionQuery,
    RepeatDecisionIn,
    RevealIn,
)
from services.intake.service.views import PetitionDetail, PetitionerView, PetitionPage, RepeatCandidateView
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.idempotency import REPLAYED_HEADER, IdempotencyKey
from shared.no_store import NO_CACHE, NO_STORE
from shared.paging import PageNumber, PageSize

REGISTRARS = requires(can.REGISTER)
READERS = requires(can.READ_PETITIONS)
REVEALERS = requires(can.REVEAL)


@post("/petitions", guards=[REGISTRARS], summary="Register a petition (登记信访事项)", status_code=201)
async def register_petition(
    data: JSONBody[PetitionIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    idempotency_key: IdempotencyKey = None,
) -> Response[Any]:
    done = await registration.register(db, principal, intake, data, idempotency_key)
    if done.replay:
        return Response(
            done.replay.body, status_code=done.replay.status_code, headers={REPLAYED_HEADER: "true"}
        )
    return Response(done.petition, status_code=done.status_code)


@get("/petitions", guards=[READERS], summary="List petitions with filters (信访件查询)")
async def list_petitions(
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    township: FromQuery[str | None] = None,
    village: FromQuery[str | None] = None,
    channel: FromQuery[Channel | None] = None,
    category: FromQuery[Category | None] = None,
    status: FromQuery[PetitionStatus | None] = None,
    received_from: FromQuery[date | None] = None,
    received_to: FromQuery[date | None] = None,
    three: Annotated[str | None, QueryParameter(pattern="^(repeat|collective|skip_level)$")] = None,
    acceptance: Annotated[str | None, QueryParameter(pattern="^(overdue|due_soon)$")] = None,
    q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> PetitionPage:
    query = PetitionQuery(
        township=township,
        village=village,
        channel=channel,
        category=category,
        status=status,
        received_from=received_from,
        received_to=received_to,
        three=three,
        text=q,
        acceptance=acceptance,
        page=page,
        page_size=page_size,
    )
    return await petition_views.page(db, principal, query, intake.today())


@get("/petitions/{petition_id:uuid}", guards=[READERS], summary="A petition with its timeline (信访件详情)")
async def get_petition(
    petition_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db
) -> PetitionDetail:
    return await petition_views.detail(db, principal, petition_id)


@post(
    "/petitions/{petition_id:uuid}/petitioners/{petitioner_id:uuid}/reveal",
    guards=[REVEALERS],
    summary="Show a petitioner's full personal data; audited (查看完整信息)",
    status_code=200,
    cache_control=NO_STORE,
    response_headers=NO_CACHE,
    opt={"changes_state": False},  # a read, audited: no 409 in its document (shared.openapi)
)
async def reveal_petitioner(
    petition_id: FromPath[uuid.UUID],
    petitioner_id: FromPath[uuid.UUID],
    data: JSONBody[RevealIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> PetitionerView:
    return await petitioners.reveal(db, principal, intake, petition_id, petitioner_id, data.purpose)


LEADERS = requires(can.INSTRUCT)
CLERKS = requires(can.DECIDE_REPEAT)


@post(
    "/petitions/{petition_id:uuid}/instructions",
    guards=[LEADERS],
    status_code=201,
    summary="A leader's written instruction on a petition (领导阅批)",
)
async def instruct_petition(
    petition_id: FromPath[uuid.UUID], data: JSONBody[InstructionIn], principal: CurrentPrincipal, db: Db
) -> PetitionDetail:
    return await instructions.instruct(db, principal, petition_id, data.text)


@post(
    "/petitions/{petition_id:uuid}/repeat-candidates/{earlier_id:uuid}",
    guards=[CLERKS],
    status_code=200,
    summary="Confirm or reject a suggested repeat petition (重复访认定)",
)
async def decide_repeat(
    petition_id: FromPath[uuid.UUID],
    earlier_id: FromPath[uuid.UUID],
    data: JSONBody[RepeatDecisionIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> PetitionDetail:
    return await repeat_links.decide(db, principal, intake, petition_id, earlier_id, data.confirmed)


@post(
    "/petitions/repeat-candidates",
    guards=[REGISTRARS],
    status_code=200,
    summary="Earlier petitions that may be the same matter as a draft (重复访提示)",
    opt={"changes_state": False},  # a search by POST: no 409 in its document (shared.openapi)
)
async def draft_repeat_candidates(
    data: JSONBody[DraftIn], principal: CurrentPrincipal, db: Db, intake: Intake
) -> list[RepeatCandidateView]:
    return await drafts.repeat_candidates(db, principal, intake, data)


ROUTES = [
    draft_repeat_candidates,
    register_petition,
    list_petitions,
    get_petition,
    reveal_petitioner,
    instruct_petition,
    decide_repeat,
]
