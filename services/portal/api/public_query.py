"""信访事项查询: the petitioner's page without an account. The query code travels in a form's body (never in a URL);
the portal asks supervision on nobody's behalf and names the petitioner's address, so supervision's throttle counts
each petitioner rather than the portal. The page shows the matter's steps and dates only: no names, no content."""

from __future__ import annotations

import math
from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import date_formatter, messages_for
from services.portal.api.supervision_calls import supervision_errors
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.vocabulary import choices
from services.portal.service.apis import ApiConflict, ApiInvalid, ApiThrottled

VERDICTS = frozenset({"satisfied", "basically_satisfied", "dissatisfied"})


@get("/query", summary="信访事项查询: the query-code form (no sign-in)")
async def query_form(request: Request) -> Template:
    return _page(request)


@post("/query", summary="One matter's steps and dates by its query code (no sign-in)")
async def query_progress(request: Request, portal: Portal) -> Template:
    code = str((await request.form()).get("code") or "").strip()
    return await _ask(request, portal, "/public/progress", {"code": code}, code)


@post("/query/verdict", summary="The petitioner's verdict on the opinion, taken once (no sign-in)")
async def query_verdict(request: Request, portal: Portal) -> Template:
    form = await request.form()
    code = str(form.get("code") or "").strip()
    verdict = str(form.get("verdict") or "")
    if verdict not in VERDICTS:
        verdict = ""  # supervision names the field
    return await _ask(request, portal, "/public/verdict", {"code": code, "verdict": verdict}, code)


async def _ask(request: Request, portal: Portal, path: str, body: dict[str, str], code: str) -> Template:
    t = messages_for(request)
    address = request.client.host if request.client else None
    try:
        view = await portal.supervision.post_public(t.language, path, body, address)
    except ApiThrottled as throttled:
        minutes = max(1, math.ceil((throttled.retry_after or 60) / 60))
        return _page(request, notice=t("query.throttled", minutes=minutes), status_code=429)
    except ApiInvalid as invalid:
        return _page(request, errors=supervision_errors(request, invalid), status_code=422)
    except ApiConflict as conflict:  # the verdict was given already: show the matter as it stands
        notice = t("common.conflict", detail=conflict.detail)
        view = await portal.supervision.post_public(t.language, "/public/progress", {"code": code}, address)
        return _page(request, view=view, code=code, notice=notice, status_code=409)
    return _page(request, view=view, code=code)


def _page(
    request: Request,
    view: dict[str, Any] | None = None,
    code: str = "",
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    t = messages_for(request)
    return Template(
        template_name="query.html",
        context={
            "t": t,
            "lang": t.language.value,
            "fmt_date": date_formatter(t),
            "choices": choices(t),
            "view": view,
            "code": code,
            "errors": errors or FormErrors(),
            "notice": notice,
        },
        status_code=status_code,
    )


ROUTES = [query_form, query_progress, query_verdict]
