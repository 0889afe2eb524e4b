"""/trail/*: the auditors' trail — search the copy, one case's whole trail, exports, the continuous verification and
verification on request (docs/trail.md). Auditors only (read_trail); every service's own chains are /trail/chain."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Response

from services.reporting.service import trail_export, trail_search, trail_verification
from services.reporting.service.trail_io import (
    CaseTrailView,
    CopyView,
    TrailEntryView,
    VerificationIn,
    VerificationView,
)
from services.reporting.service.trail_search import TrailFilters, tenant_of
from shared.abilities import reporting as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.idempotency import IdempotencyKey, respond_once
from shared.paging import Page, PageNumber, PageSize

AUDITORS = requires(can.READ_TRAIL)
Text = Annotated[str | None, QueryParameter(min_length=1, max_length=200)]
CaseParam = Annotated[uuid.UUID | None, QueryParameter(description="案件 ID 或信访件 ID")]
TownshipParam = Annotated[
    str | None, QueryParameter(min_length=1, max_length=64, description="乡镇代码或租户 UUID")
]
ServiceParam = Annotated[
    str | None,
    QueryParameter(pattern="^(intake|supervision|training_records|portal|reporting)$", description="服务"),
]
# `from` is a Python keyword: the handler names it from_, the query says from.
FromDay = Annotated[
    date | None, QueryParameter(name="from", description="起始日期 YYYY-MM-DD（县内日期，含）")
]
ToDay = Annotated[date | None, QueryParameter(description="截止日期 YYYY-MM-DD（县内日期，含）")]


def _settings(request: Request[Any, Any, Any]) -> Any:
    return request.app.state["runtime"].settings


def _filters(case, user, township, service, action, from_, to) -> TrailFilters:  # noqa: ANN001
    tenant = tenant_of(township) if township else None
    return TrailFilters(case, user, tenant, service, action, from_, to)


@get(
    "/trail/entries", guards=[AUDITORS], summary="Search the trail of every service (留痕检索), newest first"
)
async def entries(
    request: Request[Any, Any, Any], db: Db, case: CaseParam = None, user: Text = None,
    township: TownshipParam = None, service: ServiceParam = None, action: Text = None, from_: FromDay = None,
    to: ToDay = None, page: PageNumber = 1, page_size: PageSize = 20,
) -> Page[TrailEntryView]:  # fmt: skip
    found = _filters(case, user, township, service, action, from_, to)
    return await trail_search.search(db, found, page, page_size, _settings(request).trace_viewer_url)


@get("/trail/cases/{case_id:uuid}", guards=[AUDITORS], summary="One case's whole trail across the services")
async def case_trail(request: Request[Any, Any, Any], db: Db, case_id: FromPath[uuid.UUID]) -> CaseTrailView:
    return await trail_search.case_trail(db, case_id, _settings(request).trace_viewer_url)


async def _export(request: Request[Any, Any, Any], db: Db, filters: TrailFilters) -> list[TrailEntryView]:
    return await trail_search.for_export(db, filters, _settings(request).trace_viewer_url)


@get(
    "/trail/export.xlsx", guards=[AUDITORS], summary="The searched trail as .xlsx, for an inspection",
    opt={"media_types": [trail_export.XLSX_TYPE]},
)  # fmt: skip
async def export_xlsx(
    request: Request[Any, Any, Any], db: Db, case: CaseParam = None, user: Text = None,
    township: TownshipParam = None, service: ServiceParam = None, action: Text = None, from_: FromDay = None,
    to: ToDay = None,
) -> Response[bytes]:  # fmt: skip
    rows = await _export(request, db, _filters(case, user, township, service, action, from_, to))
    content = trail_export.render_xlsx(rows, datetime.now(UTC))
    disposition = 'attachment; filename="trail.xlsx"'
    return Response(content, media_type=trail_export.XLSX_TYPE, headers={"Content-Disposition": disposition})


@get(
    "/trail/export.pdf", guards=[AUDITORS], summary="The searched trail as PDF, for an inspection",
    opt={"media_types": [trail_export.PDF_TYPE]},
)  # fmt: skip
async def export_pdf(
    request: Request[Any, Any, Any], db: Db, case: CaseParam = None, user: Text = None,
    township: TownshipParam = None, service: ServiceParam = None, action: Text = None, from_: FromDay = None,
    to: ToDay = None,
) -> Response[bytes]:  # fmt: skip
    rows = await _export(request, db, _filters(case, user, township, service, action, from_, to))
    content = trail_export.render_pdf(rows, datetime.now(UTC))
    disposition = 'attachment; filename="trail.pdf"'
    return Response(content, media_type=trail_export.PDF_TYPE, headers={"Content-Disposition": disposition})


@get("/trail/copy", guards=[AUDITORS], summary="The copy's continuous verification, per service and township")
async def copy_state(db: Db) -> CopyView:
    return await trail_search.copy_states(db)


@post(
    "/trail/verifications", guards=[AUDITORS], status_code=201,
    summary="Verify every service's own chains against the copy and the anchors (核验), naming the first difference",
)  # fmt: skip
async def verify(
    request: Request[Any, Any, Any], db: Db, principal: CurrentPrincipal, data: VerificationIn | None = None,
    idempotency_key: IdempotencyKey = None,
) -> Response[VerificationView]:  # fmt: skip
    asked = data or VerificationIn()
    apis = _settings(request).trail_apis
    authorization = request.headers.get("authorization", "")
    act = lambda: trail_verification.verify(db, principal, apis, authorization, asked)  # noqa: E731
    return await respond_once(db, principal, idempotency_key, asked, act, 201)


@get(
    "/trail/verifications/latest", guards=[AUDITORS], summary="The latest verification's result",
    opt={"not_found": True},
)  # fmt: skip
async def latest_verification(db: Db) -> VerificationView:
    return await trail_verification.latest(db)


ROUTES = [entries, case_trail, export_xlsx, export_pdf, copy_state, verify, latest_verification]
