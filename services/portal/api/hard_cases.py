"""疑难积案台账: the township's hard cases, or the county's with a township filter, each with its lead leader,
coordinating units and whether this month's note is written; the county officer may run the rules now."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import asked_page, place_names
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, supervision_errors
from services.portal.domain.menu import HARD_CASE_READERS
from services.portal.domain.petition_form import query_of
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

GUARD = holding(HARD_CASE_READERS)
PATH = "/hard-cases"


@get(PATH, guards=[GUARD], summary="疑难积案台账: the board, open cases unless asked for all")
async def board(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    supervision = SupervisionCall(request, portal)
    query = query_of(request.query_params, ("township", "all"))
    asked = {"township": query.get("township"), "open": "false" if query.get("all") else "true"}
    errors = None
    try:
        result = await supervision.get(PATH, {**asked, "page": asked_page(request)})
    except ApiInvalid as invalid:
        errors, result = (
            supervision_errors(request, invalid),
            {"items": [], "total": 0, "page": 1, "page_size": 20},
        )
    townships = await supervision.townships()
    flagged = request.query_params.get("flagged") or ""
    return page(
        request,
        request.user,
        portal,
        "hard_cases.html",
        [("nav.hard_cases", None)],
        status_code=422 if errors else 200,
        query=query,
        result=result,
        townships=townships,
        places=place_names(townships),
        flagged=int(flagged) if flagged.isascii() and flagged.isdecimal() else None,
        errors=errors,
    )


@post(
    f"{PATH}/flag-by-rules", guards=[GUARD], summary="Run the county's hard-case rules now (county officer)"
)
async def flag_by_rules(request: Request[SignedIn, Any, Any], portal: Portal) -> Redirect:
    run = await SupervisionCall(request, portal).post(f"{PATH}/flag-by-rules")
    return Redirect(f"{PATH}?{urlencode({'flagged': run['flagged']})}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [board, flag_by_rules]
