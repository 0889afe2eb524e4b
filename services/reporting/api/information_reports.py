"""/information-reports: upward information reports (信访信息报送) — draft, list, read, edit, submit
(docs/reporting.md, "Information reports")."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, JSONBody

from services.reporting.domain.information_report import ReportKind, Status
from services.reporting.persistence.information_report import Filters
from services.reporting.service import information_report as reports
from services.reporting.service.information_report import InformationReports
from services.reporting.service.information_report_io import (
    DraftIn,
    EditIn,
    InformationReportPage,
    InformationReportView,
)
from shared import idempotency
from shared.abilities import reporting as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.idempotency import IdempotencyKey
from shared.paging import PageNumber, PageSize

WRITERS = requires(can.WRITE_INFORMATION_REPORTS)
READERS = requires(can.READ_INFORMATION_REPORTS)
_REPORT = "/information-reports/{report_id:uuid}"


def _context(request: Request) -> InformationReports:
    """The calendar of the service's settings (XF_REPORTING_INFORMATION_REPORTS__*) and the county's clock."""
    return InformationReports(request.app.state["runtime"].settings.information_reports)


DEPENDENCIES: dict[str, Any] = {"reports_ctx": Provide(_context, sync_to_thread=False)}


@post(
    "/information-reports/drafts", guards=[WRITERS], status_code=201, dependencies=DEPENDENCIES,
    summary="Assemble a draft information report from the facts (生成草稿)",
)  # fmt: skip
async def draft(
    data: JSONBody[DraftIn], principal: CurrentPrincipal, db: Db, reports_ctx: InformationReports,
    idempotency_key: IdempotencyKey = None,
) -> Response[InformationReportView]:  # fmt: skip
    act = lambda: reports.draft(db, principal, reports_ctx, data)  # noqa: E731
    return await idempotency.respond_once(db, principal, idempotency_key, data, act, 201)


@get(
    "/information-reports", guards=[READERS], dependencies=DEPENDENCIES,
    summary="Information reports, the latest due first (信息报送列表)",
)  # fmt: skip
async def list_reports(
    db: Db, principal: CurrentPrincipal, reports_ctx: InformationReports,
    kind: FromQuery[ReportKind | None] = None, status: FromQuery[Status | None] = None,
    period: FromQuery[str | None] = None, township: SlugQuery = None,
    page: PageNumber = 1, page_size: PageSize = 20,
) -> InformationReportPage:  # fmt: skip
    filters = Filters(kind and kind.value, status and status.value, period or None, township)
    return await reports.page(db, principal, reports_ctx, filters, page, page_size)


@get(_REPORT, guards=[READERS], dependencies=DEPENDENCIES, summary="One information report")
async def get_report(
    report_id: FromPath[uuid.UUID], db: Db, reports_ctx: InformationReports
) -> InformationReportView:
    return await reports.one(db, reports_ctx, report_id)


@patch(
    _REPORT, guards=[WRITERS], dependencies=DEPENDENCIES,
    summary="Edit a draft's title and body; a submitted report is 409",
)  # fmt: skip
async def edit_report(
    report_id: FromPath[uuid.UUID], data: JSONBody[EditIn], principal: CurrentPrincipal, db: Db,
    reports_ctx: InformationReports,
) -> InformationReportView:  # fmt: skip
    return await reports.edit(db, principal, reports_ctx, report_id, data)


@post(
    f"{_REPORT}/submit", guards=[WRITERS], status_code=200, dependencies=DEPENDENCIES,
    summary="Submit the report (报送): stamped, frozen, recorded and announced",
)  # fmt: skip
async def submit_report(
    report_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, reports_ctx: InformationReports,
    idempotency_key: IdempotencyKey = None,
) -> Response[InformationReportView]:  # fmt: skip
    act = lambda: reports.submit(db, principal, reports_ctx, report_id)  # noqa: E731
    return await idempotency.respond_once(
        db, principal, idempotency_key, {"submit": str(report_id)}, act, 200
    )


ROUTES = [draft, list_reports, get_report, edit_report, submit_report]
