"""催办待办: the reminders, escalations and re-routings supervision addressed to the user's role, each to its case."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import asked_page, place_names
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, deadline_helpers
from services.portal.domain.menu import SUPERVISION_WORKERS
from services.portal.service.apis import ApiConflict
from services.portal.service.web_sessions import SignedIn

GUARD = holding(SUPERVISION_WORKERS)
PATH = "/supervision/work-items"


@get(PATH, guards=[GUARD], summary="催办待办: the user's open (or done) work items")
async def work_items(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _page(request, portal)


@post(f"{PATH}/{{item_id:uuid}}/done", guards=[GUARD], summary="Mark a work item done")
async def mark_done(
    request: Request[SignedIn, Any, Any], portal: Portal, item_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    try:
        await SupervisionCall(request, portal).post(f"/work-items/{item_id}/done")
    except ApiConflict as conflict:  # done meanwhile by a colleague: say so, keep the list
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _page(request, portal, notice=notice, status_code=409)
    return Redirect(PATH, status_code=HTTP_303_SEE_OTHER)


async def _page(
    request: Request[SignedIn, Any, Any], portal: Portal, notice: str | None = None, status_code: int = 200
) -> Template:
    supervision = SupervisionCall(request, portal)
    done = request.query_params.get("done") == "true"
    result = await supervision.get(
        "/work-items", {"done": "true" if done else None, "page": asked_page(request)}
    )
    return page(
        request,
        request.user,
        portal,
        "supervision_work_items.html",
        [("nav.supervision_work", None)],
        status_code=status_code,
        result=result,
        done=done,
        query={"done": "true"} if done else {},
        places=place_names(await supervision.townships()),
        notice=notice,
        **deadline_helpers(request),
    )


ROUTES = [work_items, mark_done]
