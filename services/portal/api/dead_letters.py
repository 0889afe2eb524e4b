"""死信事件 (county admin): the dead-lettered events with their counts per service and consumer, read from reporting
with the user's own token, and a replay button per dead letter (one Idempotency-Key per form, so a resent form
replays nothing more)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.figures_home import ReportingCall
from services.portal.api.frame import messages_for, page
from services.portal.api.session_auth import holding
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import DEAD_LETTER_OPERATORS
from services.portal.domain.messages import Language
from services.portal.service.apis import ApiConflict, ApiInvalid, ApiUnavailable
from services.portal.service.web_sessions import SignedIn

GUARD = holding(DEAD_LETTER_OPERATORS)
PATH = "/dead-letters"
FILTERS = ("service", "consumer", "type", "replayed")


def asked_filters(request: Request) -> dict[str, str]:
    """The filters as typed; reporting names a value it cannot take (a 422 shown at the filter)."""
    found = {name: (request.query_params.get(name) or "").strip() for name in FILTERS}
    return {name: value for name, value in found.items() if value}


def asked_page(request: Request) -> int:
    text = (request.query_params.get("page") or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= 10_000 else 1


@get(
    PATH,
    guards=[GUARD],
    summary="死信事件: dead-lettered events, counts per consumer, and the replay buttons",
)
async def dead_letter_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    done = (request.query_params.get("replayed_seq") or "").strip()
    notice = messages_for(request)("dl.done", seq=done) if done.isdigit() else None
    return await _list_page(request, portal, notice=notice)


@post(f"{PATH}/{{seq:int}}/replay", guards=[GUARD], summary="Replay one dead letter (idempotent per form)")
async def replay(
    request: Request[SignedIn, Any, Any], portal: Portal, seq: FromPath[int]
) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    key = posted.get("idempotency_key") or str(uuid.uuid4())
    reporting = ReportingCall(request, portal)
    try:
        await reporting.api.post(
            reporting.user, reporting.language, f"{PATH}/{seq}/replay", None, headers={"Idempotency-Key": key}
        )
    except ApiInvalid as invalid:
        return await _list_page(request, portal, errors=_errors(request, invalid), status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _list_page(request, portal, notice=notice, status_code=409)
    back = {**_kept_filters(posted), "replayed_seq": seq}
    return Redirect(f"{PATH}?{urlencode(back)}", status_code=HTTP_303_SEE_OTHER)


def _kept_filters(posted: dict[str, str]) -> dict[str, str]:
    """The list the button was pressed on: its filters travel in the form."""
    return {name: posted[name] for name in FILTERS if posted.get(name)}


def _errors(request: Request, invalid: ApiInvalid) -> FormErrors:
    t = messages_for(request)

    def label(field: str) -> str | None:
        text = t(f"dlfield.{field}")
        return None if text == f"dlfield.{field}" else text

    return FormErrors.from_problem(invalid.errors, label, t.language is Language.en)


async def _list_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    filters, number = asked_filters(request), asked_page(request)
    reporting = ReportingCall(request, portal)
    result, unavailable = None, False
    try:
        result = await reporting.get(PATH, {**filters, "page": number, "page_size": 20})
    except ApiInvalid as invalid:
        errors, status_code = _errors(request, invalid), 422
    except ApiUnavailable:
        unavailable = True
    return page(
        request,
        request.user,
        portal,
        "dead_letters.html",
        [("nav.dead_letters", None)],
        status_code=status_code,
        result=result,
        unavailable=unavailable,
        filters=filters,
        errors=errors or FormErrors(),
        notice=notice,
        # One key per page drawn: each replay form sends its own, and sending it again replays nothing more.
        new_key=lambda: str(uuid.uuid4()),
    )


ROUTES = [dead_letter_list, replay]
