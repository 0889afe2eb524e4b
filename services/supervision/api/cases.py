"""/cases: the cases of accepted petitions, their moves, clocks, opinions, verdicts and appeals."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from services.supervision.api.deps import Supervision
from services.supervision.domain.case import CaseStage, OpinionKind, SatisfactionSource
from services.supervision.persistence.case_repo import CaseRepo
from services.supervision.service import case_documents, cases, moves, steps
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
from shared import idempotency
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.idempotency import IdempotencyKey
from shared.paging import PageNumber, PageSize

_CASE = "/cases/{case_id:uuid}"
DueWithin = Annotated[int, QueryParameter(ge=0, le=365)]
# A client that may retry (a flaky village line) sends one; the second request answers as the first and acts not.


@get("/cases", guards=[requires(can.READ_CASES)], summary="List cases (办理件) with filters and work lists")
async def list_cases(
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
    township: SlugQuery = None,
    unit: SlugQuery = None,
    stage: FromQuery[CaseStage | None] = None,
    open: FromQuery[bool | None] = None,
    overdue: FromQuery[bool | None] = None,
    due_within: DueWithin | None = None,
    mine: FromQuery[bool] = False,
    petition_id: FromQuery[uuid.UUID | None] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> CasePage:
    return await cases.page(
        db, principal, supervision, township=township, unit=unit, stage=stage, open_only=open, overdue=overdue,
        due_within=due_within, mine=mine, petition_id=petition_id, page_number=page, page_size=page_size,
    )  # fmt: skip


@get(_CASE, guards=[requires(can.READ_CASES)], summary="A case with its clocks, moves, notices and timeline")
async def get_case(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> CaseDetail:
    return await detail(db, principal, supervision, case_id)


async def _once(
    db: Db, principal: CurrentPrincipal, supervision: Supervision, key: str | None, case_id: uuid.UUID,
    data: object, act: Callable[[], Awaitable[object]],
) -> Response[CaseDetail]:  # fmt: skip
    """The action, then the case as it now stands; a replayed key answers the first time's case unchanged."""

    async def acted() -> CaseDetail:
        await act()
        return await detail(db, principal, supervision, case_id)

    return await idempotency.respond_once(db, principal, key, {"case": str(case_id), "data": data}, acted)


def _post(action: str, ability: Any, summary: str) -> Any:
    return post(f"{_CASE}/{action}", guards=[requires(ability)], status_code=200, summary=summary)


@_post("take", can.HANDLE, "Take the case (承办)")
async def take(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision,
    idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: moves.take(db, principal, supervision, case_id)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, None, act)


@_post("assignments", can.ASSIGN, "Assign with a report-back date (交办)")
async def assign(
    case_id: FromPath[uuid.UUID], data: JSONBody[AssignIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: moves.assign(db, principal, supervision, case_id, data)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("transfers", can.HANDLE, "Transfer to the competent unit (转办)")
async def transfer(
    case_id: FromPath[uuid.UUID], data: JSONBody[TransferIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: moves.transfer(db, principal, supervision, case_id, data)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("objection", can.HANDLE, "Object: not this unit's matter (异议)")
async def object_to(
    case_id: FromPath[uuid.UUID], data: JSONBody[ReasonIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: moves.object_to(db, principal, supervision, case_id, data.reason)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("extension", can.EXTEND, "Approve an extension (延长办理期限)")
async def extend(
    case_id: FromPath[uuid.UUID], data: JSONBody[ExtensionIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: steps.extend(db, principal, supervision, case_id, data)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("hearings", can.HEARING, "Start a hearing: the clock pauses (听证)")
async def start_hearing(
    case_id: FromPath[uuid.UUID], data: JSONBody[HearingIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: steps.start_hearing(db, principal, supervision, case_id, data)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("hearings/end", can.HEARING, "End the hearing: the clock runs again")
async def end_hearing(
    case_id: FromPath[uuid.UUID], data: JSONBody[HearingEndIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: steps.end_hearing(db, principal, supervision, case_id, data)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("opinion", can.ISSUE_OPINION, "Issue the handling opinion (处理意见书)")
async def issue_opinion(
    case_id: FromPath[uuid.UUID], data: JSONBody[OpinionIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    kinds = frozenset({OpinionKind.opinion})
    act = lambda: steps.issue_opinion(db, principal, supervision, case_id, data.text, kinds)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post("appeal-opinion", can.ANSWER_APPEAL, "Answer a review or re-examination (复查意见书 / 复核意见书)")
async def answer_appeal(
    case_id: FromPath[uuid.UUID], data: JSONBody[OpinionIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    kinds = frozenset({OpinionKind.review, OpinionKind.reexamination})
    act = lambda: steps.issue_opinion(db, principal, supervision, case_id, data.text, kinds)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post(
    "satisfaction",
    can.RECORD_SATISFACTION,
    "Record the petitioner's verdict from a return visit (回访满意度)",
)
async def record_satisfaction(
    case_id: FromPath[uuid.UUID], data: JSONBody[SatisfactionIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision, idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    async def act() -> object:
        case = await CaseRepo(db).load_visible(principal, case_id, for_update=True)
        return await steps.rate(
            db, principal, supervision, case, data.verdict, SatisfactionSource.return_visit, data.note
        )

    return await _once(db, principal, supervision, idempotency_key, case_id, data, act)


@_post(
    "appeals",
    can.RECORD_SATISFACTION,
    "Register the petitioner's request for review or re-examination (复查 / 复核申请)",
)
async def appeal(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision,
    idempotency_key: IdempotencyKey = None,
) -> Response[CaseDetail]:  # fmt: skip
    act = lambda: steps.appeal(db, principal, supervision, case_id)  # noqa: E731
    return await _once(db, principal, supervision, idempotency_key, case_id, None, act)


@get(
    f"{_CASE}/notices/{{notice_id:uuid}}/document.pdf",
    guards=[requires(can.READ_CASES)],
    summary="A notice as the printable document for the petitioner (意见书 / 告知书)",
    opt={"media_types": ["application/pdf"]},
)
async def notice_document(
    case_id: FromPath[uuid.UUID], notice_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> Response[bytes]:  # fmt: skip
    _, pdf = await case_documents.notice_pdf(db, principal, supervision, case_id, notice_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="notice-{notice_id}.pdf"'},
    )


ROUTES = [
    list_cases, get_case, take, assign, transfer, object_to, extend, start_hearing, end_hearing, issue_opinion,
    answer_appeal, record_satisfaction, appeal, notice_document,
]  # fmt: skip
