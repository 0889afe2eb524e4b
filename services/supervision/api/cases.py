"""/cases: the cases of accepted petitions, their moves, clocks, opinions, verdicts and appeals."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from services.supervision.api.deps import Supervision
from services.supervision.domain.case import CaseStage, OpinionKind, SatisfactionSource
from services.supervision.persistence.case_repo import CaseRepo
from services.supervision.service import cases, moves, steps
from services.supervision.service.case_detail import detail
from services.supervision.service.case_io import (
    AssignIn,
    CaseDetail,
    CasePage,
    ExtensionIn,
    HearingEndIn,
    HearingIn,
    OpinionIn,
    ReasonIn,
    SatisfactionIn,
    TransferIn,
)
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import Slug
from shared.paging import PageNumber, PageSize

_CASE = "/cases/{case_id:uuid}"
DueWithin = Annotated[int, QueryParameter(ge=0, le=365)]


@get("/cases", guards=[requires(can.READ_CASES)], summary="List cases (办理件) with filters and work lists")
async def list_cases(
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
    township: FromQuery[Slug | None] = None,
    unit: FromQuery[Slug | None] = None,
    stage: FromQuery[CaseStage | None] = None,
    open: FromQuery[bool | None] = None,
    overdue: FromQuery[bool | None] = None,
    due_within: DueWithin | None = None,
    mine: FromQuery[bool] = False,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> CasePage:
    return await cases.page(
        db, principal, supervision, township=township, unit=unit, stage=stage, open_only=open, overdue=overdue,
        due_within=due_within, mine=mine, page_number=page, page_size=page_size,
    )  # fmt: skip


@get(_CASE, guards=[requires(can.READ_CASES)], summary="A case with its clocks, moves, notices and timeline")
async def get_case(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> CaseDetail:
    return await detail(db, principal, supervision, case_id)


@post(f"{_CASE}/take", guards=[requires(can.HANDLE)], status_code=200, summary="Take the case (承办)")
async def take(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> CaseDetail:
    await moves.take(db, principal, supervision, case_id)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/assignments",
    guards=[requires(can.ASSIGN)],
    status_code=200,
    summary="Assign with a report-back date (交办)",
)
async def assign(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[AssignIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await moves.assign(db, principal, supervision, case_id, data)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/transfers",
    guards=[requires(can.HANDLE)],
    status_code=200,
    summary="Transfer to the competent unit (转办)",
)
async def transfer(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[TransferIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await moves.transfer(db, principal, supervision, case_id, data)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/objection",
    guards=[requires(can.HANDLE)],
    status_code=200,
    summary="Object: not this unit's matter (异议)",
)
async def object_to(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[ReasonIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await moves.object_to(db, principal, supervision, case_id, data.reason)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/extension",
    guards=[requires(can.EXTEND)],
    status_code=200,
    summary="Approve an extension (延长办理期限)",
)
async def extend(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[ExtensionIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await steps.extend(db, principal, supervision, case_id, data)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/hearings",
    guards=[requires(can.HEARING)],
    status_code=200,
    summary="Start a hearing: the clock pauses (听证)",
)
async def start_hearing(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[HearingIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await steps.start_hearing(db, principal, supervision, case_id, data)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/hearings/end",
    guards=[requires(can.HEARING)],
    status_code=200,
    summary="End the hearing: the clock runs again",
)
async def end_hearing(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[HearingEndIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await steps.end_hearing(db, principal, supervision, case_id, data)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/opinion",
    guards=[requires(can.ISSUE_OPINION)],
    status_code=200,
    summary="Issue the handling opinion (处理意见书)",
)
async def issue_opinion(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[OpinionIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    await steps.issue_opinion(
        db, principal, supervision, case_id, data.text, frozenset({OpinionKind.opinion})
    )
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/appeal-opinion", guards=[requires(can.ANSWER_APPEAL)], status_code=200,
    summary="Answer a review or re-examination (复查意见书 / 复核意见书)",
)  # fmt: skip
async def answer_appeal(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[OpinionIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    appeals = frozenset({OpinionKind.review, OpinionKind.reexamination})
    await steps.issue_opinion(db, principal, supervision, case_id, data.text, appeals)
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/satisfaction", guards=[requires(can.RECORD_SATISFACTION)], status_code=200,
    summary="Record the petitioner's verdict from a return visit (回访满意度)",
)  # fmt: skip
async def record_satisfaction(
    case_id: FromPath[uuid.UUID],
    data: JSONBody[SatisfactionIn],
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
) -> CaseDetail:
    case = await CaseRepo(db).load_visible(principal, case_id, for_update=True)
    await steps.rate(
        db, principal, supervision, case, data.verdict, SatisfactionSource.return_visit, data.note
    )
    return await detail(db, principal, supervision, case_id)


@post(
    f"{_CASE}/appeals", guards=[requires(can.RECORD_SATISFACTION)], status_code=200,
    summary="Register the petitioner's request for review or re-examination (复查 / 复核申请)",
)  # fmt: skip
async def appeal(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> CaseDetail:
    await steps.appeal(db, principal, supervision, case_id)
    return await detail(db, principal, supervision, case_id)


ROUTES = [
    list_cases, get_case, take, assign, transfer, object_to, extend, start_hearing, end_hearing, issue_opinion,
    answer_appeal, record_satisfaction, appeal,
]  # fmt: skip
