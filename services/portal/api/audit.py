"""审计留痕 (the trail search, its exports, one case's whole trail) and 留痕核验 (the latest verification and the button
that runs one), read from reporting with the auditor's own token: reporting decides who reads the trail."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Stream, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from opentelemetry.propagate import inject

from services.portal.api.auth import Portal
from services.portal.api.figures_home import ReportingCall
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import asked_page
from services.portal.api.session_auth import holding
from services.portal.domain import audit
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.messages import Language, Messages
from services.portal.service.apis import (
    ApiConflict,
    ApiError,
    ApiForbidden,
    ApiInvalid,
    ApiNotFound,
    ApiUnavailable,
)
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE

log = logging.getLogger(__name__)
PAGE_SIZE = 50
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
GUARD = holding(audit.TRAIL_READERS)


class TrailCall(ReportingCall):
    """Reporting's trail as the auditor behind this request sees it; township names from intake's directory."""

    async def post(self, path: str, headers: dict[str, str]) -> Any:
        return await self.api.post(self.user, self.language, path, None, headers=headers)

    async def townships(self) -> list[dict[str, Any]]:
        try:
            return await self.intake.get(self.user, self.language, "/townships")
        except ApiError:
            return []  # names are a comfort: the page shows the slugs rather than fail


def trail_errors(t: Messages, invalid: ApiInvalid) -> FormErrors:
    """Reporting's 422 under the fields it names (the search's names are reporting's)."""

    def label(field: str) -> str | None:
        text = t(f"audit.{field}")
        return None if text == f"audit.{field}" else text

    return FormErrors.from_problem(invalid.errors, label, t.language is Language.en)


@get(
    "/audit",
    guards=[GUARD],
    summary="审计留痕: search the trail by case, user, township, service, action, dates",
)
async def audit_search(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    t = messages_for(request)
    trail = TrailCall(request, portal)
    townships = await trail.townships()
    query = audit.search_of(request.query_params)
    if "township" in query:
        query["township"] = audit.township_slug(query["township"], townships)
    number = asked_page(request)
    result: dict[str, Any] = {"items": [], "total": 0, "page": 1, "page_size": PAGE_SIZE}
    errors, unavailable = FormErrors(audit.date_errors(query, t)), False
    if not errors:
        try:
            result = await trail.get("/trail/entries", {**query, "page": number, "page_size": PAGE_SIZE})
        except ApiInvalid as invalid:
            errors = trail_errors(t, invalid)
        except ApiUnavailable:
            unavailable = True  # the form stays usable: the auditor may try again
    names = audit.tenant_names(townships)
    return page(
        request,
        request.user,
        portal,
        "audit.html",
        [("nav.audit", None)],
        status_code=422 if errors else 200,
        query=query,
        result=result,
        rows=audit.entry_rows(result["items"], names, t),
        townships=townships,
        services=[(s, audit.service_name(s, t)) for s in audit.SERVICES],
        actions=audit.action_choices(query.get("action"), t),
        errors=errors,
        unavailable=unavailable,
        date_pattern=audit.DATE_PATTERN,
        exports={kind: audit.export_href(kind, query) for kind in audit.EXPORTS},
    )


# Reporting renders the whole file before it answers: up to 5,000 entries as a PDF may take minutes on a busy
# machine, far past the pages' 20 s; the connection itself must still be quick.
EXPORT_TIMEOUT = httpx.Timeout(20.0, read=300.0)
_REFUSALS: dict[int, type[ApiError]] = {403: ApiForbidden, 404: ApiNotFound, 422: ApiInvalid}


async def _export(request: Request[SignedIn, Any, Any], portal: Portal, kind: str) -> Stream | Redirect:
    """Reporting builds the file (it alone holds the whole trail); the portal streams it on, with the same filters,
    as it arrives."""
    query = audit.search_of(request.query_params)
    if audit.date_errors(query, messages_for(request)):
        # A hand-edited link: the page says what is wrong with the dates.
        return Redirect(f"/audit?{audit.query_string(query)}", status_code=HTTP_303_SEE_OTHER)
    qs = audit.query_string(query)
    answer = await _open_download(
        TrailCall(request, portal), f"/trail/export.{kind}" + (f"?{qs}" if qs else "")
    )
    name = quote(f"{messages_for(request)('audit.title')}-{datetime.now(CHINA):%Y%m%d}.{kind}")
    disposition = answer.headers.get("content-disposition") or f"attachment; filename*=UTF-8''{name}"
    return Stream(_chunks(answer), media_type=MEDIA[kind], headers={"Content-Disposition": disposition})


async def _open_download(trail: TrailCall, path: str) -> httpx.Response:
    """GET a file from reporting with the auditor's token, its body left unread; a refusal as the pages know it."""
    headers = {
        "Authorization": f"Bearer {trail.user.tokens.access_token}",
        "Accept-Language": trail.language.value,
    }
    inject(headers)  # one trace from the click to reporting's query
    client = trail.api.client
    try:
        answer = await client.send(
            client.build_request("GET", path, headers=headers, timeout=EXPORT_TIMEOUT), stream=True
        )
    except httpx.HTTPError as exc:
        log.warning("reporting unreachable for an export: %s", type(exc).__name__)
        raise ApiUnavailable(503) from exc
    if answer.is_success:
        return answer
    await answer.aread()
    await answer.aclose()
    kind = _REFUSALS.get(answer.status_code, ApiUnavailable if answer.status_code >= 500 else ApiError)
    raise kind(answer.status_code, _json_or_empty(answer))


def _json_or_empty(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _chunks(answer: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in answer.aiter_bytes():
            yield chunk
    finally:
        await answer.aclose()


@get(
    "/audit/export.xlsx", guards=[GUARD], cache_control=NO_STORE, response_headers=NO_CACHE,
    summary="The trail search as .xlsx, built by reporting, with the page's filters",
)  # fmt: skip
async def export_xlsx(request: Request[SignedIn, Any, Any], portal: Portal) -> Stream | Redirect:
    return await _export(request, portal, "xlsx")


@get(
    "/audit/export.pdf", guards=[GUARD], cache_control=NO_STORE, response_headers=NO_CACHE,
    summary="The trail search as PDF, built by reporting, with the page's filters",
)  # fmt: skip
async def export_pdf(request: Request[SignedIn, Any, Any], portal: Portal) -> Stream | Redirect:
    return await _export(request, portal, "pdf")


@get(
    "/audit/cases/{case_id:str}",
    guards=[GUARD],
    summary="One case's (or petition's) whole trail across the services, by time",
)
async def case_trail(request: Request[SignedIn, Any, Any], portal: Portal, case_id: FromPath[str]) -> Template:
    t = messages_for(request)
    trail = TrailCall(request, portal)
    try:
        answer = await trail.get(f"/trail/cases/{quote(case_id, safe='')}")
    except ApiInvalid as invalid:
        raise NotFoundException() from invalid  # not an id reporting could know: no such case
    names = audit.tenant_names(await trail.townships())
    return page(
        request,
        request.user,
        portal,
        "audit_case.html",
        [("nav.audit", "/audit"), ("nav.audit_case", None)],
        case_id=case_id,
        rows=audit.entry_rows(audit.case_entries(answer), names, t),
        exports={kind: audit.export_href(kind, {"case": case_id}) for kind in audit.EXPORTS},
    )


@get(
    "/audit/verification",
    guards=[GUARD],
    summary="留痕核验: the latest verification, per service and township",
)
async def verification(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _verification_page(request, portal)


@post(
    "/audit/verification",
    guards=[GUARD],
    summary="Run a verification now (idempotent per form: a double click runs it once)",
)
async def run_verification(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    form = await request.form()
    key = str(form.get("idempotency_key") or "").strip() or str(uuid.uuid4())
    try:
        await TrailCall(request, portal).post("/trail/verifications", headers={"Idempotency-Key": key})
    except ApiInvalid as invalid:
        errors = trail_errors(messages_for(request), invalid)
        return await _verification_page(request, portal, notice=" ".join(errors.rest()), status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _verification_page(request, portal, notice=notice, status_code=409)
    return Redirect("/audit/verification?done=1", status_code=HTTP_303_SEE_OTHER)


async def _verification_page(
    request: Request[SignedIn, Any, Any], portal: Portal, notice: str | None = None, status_code: int = 200
) -> Template:
    t = messages_for(request)
    trail = TrailCall(request, portal)
    try:
        latest = await trail.get("/trail/verifications/latest")
    except ApiNotFound:
        latest = None  # none has run yet
    names = audit.tenant_names(await trail.townships())
    chains = audit.chain_results(latest, names, t)
    return page(
        request,
        request.user,
        portal,
        "audit_verification.html",
        [("nav.audit", "/audit"), ("nav.audit_verification", None)],
        status_code=status_code,
        latest=latest,
        chains=chains,
        failed=sum(1 for c in chains if c.status == "problem"),
        unreachable=sum(1 for c in chains if c.status == "unreachable"),
        at=audit.beijing_time(audit.verified_at(latest), t) if latest else None,
        done=request.query_params.get("done") == "1" and status_code == 200,
        notice=notice,
        idempotency_key=str(uuid.uuid4()),
    )


ROUTES = [audit_search, export_xlsx, export_pdf, case_trail, verification, run_verification]
