"""办理件: the cases list with its filters (stage, open or closed, overdue, due within the week, mine, unit)."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, get
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import asked_page, place_names
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import (
    SupervisionCall,
    deadline_helpers,
    supervision_errors,
    unit_value,
)
from services.portal.domain.deadlines import SOON_DAYS
from services.portal.domain.menu import CASE_READERS
from services.portal.domain.petition_form import query_of
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn
from shared.tenancy import Scope

FILTERS = ("township", "unit", "stage", "state", "due", "mine")


def api_query(query: dict[str, str]) -> dict[str, Any]:
    """The page's filters as supervision's /cases takes them: one "state" and one "due" select on the page."""
    wanted: dict[str, Any] = {k: query.get(k) for k in ("township", "unit", "stage")}
    wanted["open"] = {"open": "true", "closed": "false"}.get(query.get("state", ""))
    wanted["overdue"] = "true" if query.get("due") == "overdue" else None
    wanted["due_within"] = SOON_DAYS if query.get("due") == "soon" else None
    wanted["mine"] = "true" if query.get("mine") else None
    unit = query.get("unit") or ""
    wanted["unit"] = unit.rpartition(":")[2] or None  # a county department's slug is as unique as an office's
    return wanted


@get("/cases", guards=[holding(CASE_READERS)], summary="办理件: filters, table with deadlines, paging")
async def case_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    supervision = SupervisionCall(request, portal)
    query = query_of(request.query_params, FILTERS)
    number = asked_page(request)
    principal = request.user.principal
    township = query.get("township") if principal.scope is Scope.county else principal.township
    empty = {"items": [], "total": 0, "page": 1, "page_size": 20}
    errors = None
    townships, units = await asyncio.gather(
        supervision.townships(), supervision.units(township) if township else _no_units()
    )
    try:
        result = await supervision.get("/cases", {**api_query(query), "page": number})
    except ApiInvalid as invalid:
        errors, result = supervision_errors(request, invalid), empty
    return page(
        request,
        request.user,
        portal,
        "cases.html",
        [("nav.cases", None)],
        status_code=422 if errors else 200,
        query=query,
        result=result,
        townships=townships,
        places=place_names(townships),
        unit_options=[(unit_value(u), u["name"]) for u in units],
        errors=errors,
        **deadline_helpers(request),
    )


async def _no_units() -> list[dict[str, Any]]:
    return []


ROUTES = [case_list]
