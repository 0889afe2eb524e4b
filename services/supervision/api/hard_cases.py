"""/hard-cases: hard cases (疑难积案) with their lead leader, coordinating units and monthly notes, the boards of a
township and the county, and the follow-up reports (续报) of long-running cases."""

from __future__ import annotations

import uuid

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import follow_ups, hard_cases
from services.supervision.service.oversight_io import (
    FlagRun,
    FollowUpIn,
    FollowUps,
    FollowUpView,
    HardCaseDetail,
    HardCaseIn,
    HardCasePage,
    LeadIn,
    NoteIn,
    UnitsIn,
)
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.paging import PageNumber, PageSize

_HARD = "/cases/{case_id:uuid}/hard-case"
_FOLLOW_UPS = "/cases/{case_id:uuid}/follow-ups"


@get("/hard-cases", guards=[requires(can.READ_CASES)], summary="The hard-case board (疑难积案台账)")
async def board(
    principal: CurrentPrincipal, db: Db, supervision: Supervision, township: SlugQuery = None,
    open: FromQuery[bool] = True, page: PageNumber = 1, page_size: PageSize = 20,
) -> HardCasePage:  # fmt: skip
    return await hard_cases.board(
        db, principal, supervision, township=township, open_only=open, page_number=page, page_size=page_size
    )


@post(
    "/hard-cases/flag-by-rules", guards=[requires(can.FLAG_HARD_CASES)], status_code=200,
    summary="Flag hard cases by the county's rules now (the worker does it daily)",
)  # fmt: skip
async def flag_by_rules(principal: CurrentPrincipal, db: Db, supervision: Supervision) -> FlagRun:
    return await hard_cases.flag_by_rules(db, principal, supervision)


@get(_HARD, guards=[requires(can.READ_CASES)], summary="A case's hard-case record with its monthly notes")
async def get_hard_case(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> HardCaseDetail:
    return await hard_cases.detail(db, principal, supervision, case_id)


@post(_HARD, guards=[requires(can.HARD_CASES)], summary="Flag a case as a hard case by hand, with a reason")
async def flag_by_hand(
    case_id: FromPath[uuid.UUID], data: JSONBody[HardCaseIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> HardCaseDetail:  # fmt: skip
    return await hard_cases.flag_by_hand(db, principal, supervision, case_id, data.reason)


@post(
    f"{_HARD}/lead", guards=[requires(can.HARD_CASE_LEAD)], status_code=200,
    summary="Set the lead leader (包案领导)",
)  # fmt: skip
async def set_lead(
    case_id: FromPath[uuid.UUID], data: JSONBody[LeadIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> HardCaseDetail:  # fmt: skip
    return await hard_cases.set_lead(db, principal, supervision, case_id, data)


@post(
    f"{_HARD}/units", guards=[requires(can.HARD_CASE_LEAD)], status_code=200,
    summary="Set the coordinating units (协办单位)",
)  # fmt: skip
async def set_units(
    case_id: FromPath[uuid.UUID], data: JSONBody[UnitsIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> HardCaseDetail:  # fmt: skip
    return await hard_cases.set_units(db, principal, supervision, case_id, data.units)


@post(f"{_HARD}/notes", guards=[requires(can.HARD_CASE_NOTES)], summary="This month's progress note")
async def add_note(
    case_id: FromPath[uuid.UUID], data: JSONBody[NoteIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> HardCaseDetail:  # fmt: skip
    return await hard_cases.add_note(db, principal, supervision, case_id, data.text)


@get(
    _FOLLOW_UPS, guards=[requires(can.READ_CASES)], summary="A case's follow-up reports and the next one due"
)
async def case_follow_ups(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> FollowUps:
    return await follow_ups.of_case(db, principal, supervision, case_id)


@post(_FOLLOW_UPS, guards=[requires(can.FOLLOW_UP)], summary="Report progress (续报); the next period starts")
async def report_follow_up(
    case_id: FromPath[uuid.UUID], data: JSONBody[FollowUpIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> FollowUpView:  # fmt: skip
    return await follow_ups.report(db, principal, supervision, case_id, data.text)


ROUTES = [
    board, flag_by_rules, get_hard_case, flag_by_hand, set_lead, set_units, add_note, case_follow_ups,
    report_follow_up,
]  # fmt: skip
