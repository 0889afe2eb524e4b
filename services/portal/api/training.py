"""培训记录: the sessions of a year, newest first, and the form a trainer records a session with (a township
trainer's township fixed, a county trainer's the county's or a township's); the sign-in sheet template."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import asked_page, place_names
from services.portal.api.session_auth import holding
from services.portal.api.training_calls import (
    TrainingCall,
    asked_year,
    passed_on,
    training_errors,
    years_around,
)
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import TRAINING_READERS, TRAINING_RECORDERS
from services.portal.domain.training_form import LEVELS, SESSION_TYPES, count, session_body
from services.portal.service.apis import ApiConflict, ApiInvalid, ApiUnavailable
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE
from shared.tenancy import Scope

PATH = "/training"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "attachment; filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8.xlsx"  # 签到表.xlsx


def own_township(user: SignedIn) -> str | None:
    """The township a trainer records for without choosing: theirs, unless they work for the whole county."""
    principal = user.principal
    return None if principal.scope is Scope.county else principal.township


@get(
    PATH,
    guards=[holding(TRAINING_READERS)],
    summary="培训记录: a year's sessions, and the form to record one",
)
async def session_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal, {})


@post(
    PATH,
    guards=[holding(TRAINING_RECORDERS)],
    summary="Record a training session (trainers; idempotent per form)",
)
async def record(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    key = posted.get("idempotency_key") or str(uuid.uuid4())
    body = session_body(posted, own_township(request.user))
    try:
        done = await TrainingCall(request, portal).post(
            "/training-sessions", body, headers={"Idempotency-Key": key}
        )
    except ApiInvalid as invalid:
        # A new key for the corrected form: nothing was recorded under the old one.
        errors = training_errors(request, invalid.errors)
        return await _list_page(request, portal, posted, errors=errors, status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _list_page(request, portal, posted, notice=notice, status_code=409)
    return Redirect(f"{PATH}/{done['id']}", status_code=HTTP_303_SEE_OTHER)


@post(
    f"{PATH}/cadres/refresh",
    guards=[holding(TRAINING_RECORDERS)],
    summary="同步人员名单: training re-reads the cadres from Keycloak now; the page says how many it read",
)
async def refresh_cadres(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    year = asked_year(request)
    try:
        cadres = await TrainingCall(request, portal).post("/cadres/refresh")
    except ApiUnavailable as down:
        # Keycloak out of reach is training's 503: the trainer hears it on the page and may try again; the
        # sessions below are training's own and still readable.
        notice = messages_for(request)("cadres.refresh_failed", detail=down.detail or "503")
        return await _list_page(request, portal, {}, notice=notice, status_code=503)
    return Redirect(f"{PATH}?year={year}&refreshed={len(cadres or [])}", status_code=HTTP_303_SEE_OTHER)


@get(
    f"{PATH}/sign-in-sheet-template.xlsx", guards=[holding(TRAINING_RECORDERS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="The sign-in sheet template (签到表模板), read from training with the user's token",
)  # fmt: skip
async def sheet_template(request: Request[SignedIn, Any, Any], portal: Portal) -> Response[bytes]:
    got = await TrainingCall(request, portal).download("/sign-in-sheet-template.xlsx")
    return passed_on(got, XLSX, TEMPLATE_NAME)


async def _list_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    values: dict[str, str],
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    training = TrainingCall(request, portal)
    year = asked_year(request)
    result = await training.get("/training-sessions", {"year": year, "page": asked_page(request)})
    townships = await training.townships()
    return page(
        request,
        request.user,
        portal,
        "training.html",
        [("nav.training", None)],
        status_code=status_code,
        result=result,
        year=year,
        years=years_around(year),
        query={"year": year},
        townships=townships,
        places=place_names(townships),
        own_township=own_township(request.user),
        session_types=SESSION_TYPES,
        levels=LEVELS,
        values=values,
        errors=errors or FormErrors(),
        notice=notice,
        refreshed=count(request.query_params.get("refreshed")),
        idempotency_key=str(uuid.uuid4()),
    )


ROUTES = [session_list, record, refresh_cadres, sheet_template]
