"""我的待办 (work list) and 信访件查询 (the petitions list with its search form and paging)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Request, Response, get
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import date_formatter, messages_for, page
from services.portal.api.intake_calls import IntakeCall, asked_page, form_errors, place_names
from services.portal.api.session_auth import holding
from services.portal.domain.menu import PETITION_READERS, WORK_LIST_ROLES
from services.portal.domain.petition_form import query_of
from services.portal.service import export
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

SEARCH_FIELDS = (
    "township",
    "village",
    "channel",
    "category",
    "status",
    "received_from",
    "received_to",
    "three",
    "q",
    "acceptance",
)
WORK_LIST_SIZE = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@get(
    "/work-list", guards=[holding(WORK_LIST_ROLES)], summary="我的待办: decisions overdue, due soon, awaiting"
)
async def work_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    intake = IntakeCall(request, portal)
    size = {"page_size": WORK_LIST_SIZE}
    overdue, due_soon, awaiting = await asyncio.gather(
        intake.get("/petitions", {"acceptance": "overdue", **size}),
        intake.get("/petitions", {"acceptance": "due_soon", **size}),
        intake.get("/petitions", {"status": "awaiting_acceptance", **size}),
    )
    places = place_names(await intake.townships())
    sections = [
        ("overdue", overdue, "acceptance=overdue"),
        ("due_soon", due_soon, "acceptance=due_soon"),
        ("awaiting", awaiting, "status=awaiting_acceptance"),
    ]
    return page(
        request,
        request.user,
        portal,
        "work_list.html",
        [("nav.work_list", None)],
        sections=sections,
        places=places,
    )


@get("/petitions", guards=[holding(PETITION_READERS)], summary="信访件查询: search form, table, paging")
async def petition_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    intake = IntakeCall(request, portal)
    query = query_of(request.query_params, SEARCH_FIELDS)
    number = asked_page(request)
    errors = None
    empty = {"items": [], "total": 0, "page": 1, "page_size": 20}
    try:
        result, townships = await asyncio.gather(
            intake.get("/petitions", {**query, "page": number}), intake.townships()
        )
    except ApiInvalid as invalid:
        errors, result, townships = form_errors(request, invalid), empty, await intake.townships()
    return page(
        request,
        request.user,
        portal,
        "petitions.html",
        [("nav.petitions", None)],
        status_code=422 if errors else 200,
        query=query,
        result=result,
        townships=townships,
        places=place_names(townships),
        errors=errors,
        request_query=urlencode({k: v for k, v in query.items() if v}),
    )


EXPORT_LIMIT = 5000
_PAGE = 100


@get("/petitions/export.xlsx", guards=[holding(PETITION_READERS)], summary="导出: the search result as Excel")
async def petition_export(request: Request[SignedIn, Any, Any], portal: Portal) -> Response[bytes]:
    intake = IntakeCall(request, portal)
    query = query_of(request.query_params, SEARCH_FIELDS)
    items: list[dict[str, Any]] = []
    page_number = 1
    while len(items) < EXPORT_LIMIT:
        result = await intake.get("/petitions", {**query, "page": page_number, "page_size": _PAGE})
        items += result["items"]
        if page_number * _PAGE >= result["total"]:
            break
        page_number += 1
    t = messages_for(request)
    data = export.workbook(items[:EXPORT_LIMIT], t, place_names(await intake.townships()), date_formatter(t))
    filename = quote(f"{t('nav.petitions')}-{date.today():%Y%m%d}.xlsx")
    return Response(
        data, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
    )


ROUTES = [work_list, petition_export, petition_list]
