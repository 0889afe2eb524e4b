"""信息报送: the information reports the user's scope sees (due, overdue, submitted), "生成草稿" from the list, and a
report's page to edit and submit it — read from and sent to reporting with the user's own token. Each form carries
its own Idempotency-Key, so a form sent twice drafts or submits once."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.figures_home import ReportingCall
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import asked_page, form_text
from services.portal.api.session_auth import holding
from services.portal.domain import figures as fig
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import INFORMATION_REPORT_READERS
from services.portal.domain.messages import Language
from services.portal.service.apis import ApiConflict, ApiInvalid, ApiUnavailable
from services.portal.service.web_sessions import SignedIn
from shared.abilities import reporting as can
from shared.tenancy import Scope

READ = holding(INFORMATION_REPORT_READERS)
WRITE = holding(can.WRITE_INFORMATION_REPORTS.roles)
PATH = "/information-reports"
FILTERS = ("kind", "status", "period", "township")
KINDS = ("regular", "major_matter")
SOURCES = ("collective_petition", "emergency")
STATUSES = ("draft", "overdue", "on_time", "late")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _filters(request: Request) -> dict[str, str]:
    found = {name: (request.query_params.get(name) or "").strip() for name in FILTERS}
    return {name: value for name, value in found.items() if value}


def _errors(request: Request, invalid: ApiInvalid) -> FormErrors:
    t = messages_for(request)

    def label(field: str) -> str | None:
        text = t(f"irfield.{field}")
        return None if text == f"irfield.{field}" else text

    return FormErrors.from_problem(invalid.errors, label, t.language is Language.en)


def _can_write(user: SignedIn) -> bool:
    return can.WRITE_INFORMATION_REPORTS.held_by(user.principal.roles)


def _own(user: SignedIn, report: dict[str, Any]) -> bool:
    """A county officer writes the county office's reports; a township's writer their township's."""
    mine = "county" if user.principal.scope is Scope.county else user.principal.township
    return _can_write(user) and report["township"] == mine


@get(PATH, guards=[READ], summary="信息报送: the reports, due, overdue and submitted; draft one")
async def report_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal)


@post(PATH, guards=[WRITE], summary="Draft a report (生成草稿) and open it")
async def draft(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = form_text(await request.form(), "kind", "period", "source_kind", "source_id", "idempotency_key")
    key = posted.pop("idempotency_key", None) or str(uuid.uuid4())
    body = {k: v for k, v in posted.items() if k == "kind" or k in _fields_of(posted.get("kind"))}
    reporting = ReportingCall(request, portal)
    try:
        report = await reporting.api.post(
            reporting.user, reporting.language, f"{PATH}/drafts", body, headers={"Idempotency-Key": key}
        )
    except ApiInvalid as invalid:
        return await _list_page(
            request, portal, errors=_errors(request, invalid), values=posted, status_code=422
        )
    except ApiConflict as conflict:
        found = _UUID.search(conflict.detail or "")
        if found:  # one per month or matter: the one already drafted is the one to work on
            return Redirect(f"{PATH}/{found[0]}?exists=1", status_code=HTTP_303_SEE_OTHER)
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _list_page(request, portal, notice=notice, values=posted, status_code=409)
    return Redirect(f"{PATH}/{report['id']}", status_code=HTTP_303_SEE_OTHER)


def _fields_of(kind: str | None) -> tuple[str, ...]:
    return (
        ("period",) if kind == "regular" else ("source_kind", "source_id") if kind == "major_matter" else ()
    )


async def _list_page(
    request: Request[SignedIn, Any, Any], portal: Portal, errors: FormErrors | None = None,
    notice: str | None = None, values: dict[str, str] | None = None, status_code: int = 200,
) -> Template:  # fmt: skip
    filters, number = _filters(request), asked_page(request)
    reporting = ReportingCall(request, portal)
    result, unavailable, names = None, False, {}
    try:
        result = await reporting.get(PATH, {**filters, "page": number, "page_size": 20})
        names = await reporting.township_names()
    except ApiInvalid as invalid:
        errors, status_code = _errors(request, invalid), 422
    except ApiUnavailable:
        unavailable = True
    last_month = fig.Month.last_before(datetime.now(CHINA).date())
    asked = {
        n: request.query_params.get(n) or "" for n in ("source_kind", "source_id")
    }  # linked from a matter
    shown = {"kind": "major_matter" if asked["source_id"] else "regular", "period": str(last_month), **asked,
             **(values or {})}  # fmt: skip
    return page(
        request, request.user, portal, "information_reports.html", [("nav.information_reports", None)],
        status_code=status_code, result=result, unavailable=unavailable, filters=filters,
        errors=errors or FormErrors(), notice=notice, names=names, can_write=_can_write(request.user),
        county_wide=request.user.principal.scope is Scope.county, kinds=KINDS, sources=SOURCES,
        statuses=STATUSES, shown=shown, new_key=str(uuid.uuid4()),
    )  # fmt: skip


@get(f"{PATH}/{{report_id:uuid}}", guards=[READ], summary="One report: read it, or edit and submit a draft")
async def report_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, report_id: FromPath[uuid.UUID]
) -> Template:
    t = messages_for(request)
    notice = t("ir.exists") if request.query_params.get("exists") else None
    done = request.query_params.get("done")
    notice = t(f"ir.{done}") if done in ("saved", "submitted") else notice
    return await _report_page(request, portal, report_id, notice=notice)


@post(f"{PATH}/{{report_id:uuid}}", guards=[WRITE], summary="Save a draft's title and body")
async def save(
    request: Request[SignedIn, Any, Any], portal: Portal, report_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    form = await request.form()
    body = {name: str(form.get(name) or "") for name in ("title", "body")}
    reporting = ReportingCall(request, portal)
    try:
        # PATCH through the API client's one sending path: the portal's client names no PATCH of its own.
        await reporting.api._send(
            reporting.user, reporting.language, "PATCH", f"{PATH}/{report_id}", json=body
        )
    except ApiInvalid as invalid:
        errors = _errors(request, invalid)
        return await _report_page(request, portal, report_id, errors=errors, values=body, status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _report_page(request, portal, report_id, notice=notice, status_code=409)
    return Redirect(f"{PATH}/{report_id}?done=saved", status_code=HTTP_303_SEE_OTHER)


@post(f"{PATH}/{{report_id:uuid}}/submit", guards=[WRITE], summary="Submit the report (报送), once per form")
async def submit(
    request: Request[SignedIn, Any, Any], portal: Portal, report_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    key = str((await request.form()).get("idempotency_key") or "") or str(uuid.uuid4())
    reporting = ReportingCall(request, portal)
    try:
        await reporting.api.post(
            reporting.user,
            reporting.language,
            f"{PATH}/{report_id}/submit",
            None,
            headers={"Idempotency-Key": key},
        )
    except ApiInvalid as invalid:
        return await _report_page(
            request, portal, report_id, errors=_errors(request, invalid), status_code=422
        )
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await _report_page(request, portal, report_id, notice=notice, status_code=409)
    return Redirect(f"{PATH}/{report_id}?done=submitted", status_code=HTTP_303_SEE_OTHER)


async def _report_page(
    request: Request[SignedIn, Any, Any], portal: Portal, report_id: uuid.UUID, errors: FormErrors | None = None,
    notice: str | None = None, values: dict[str, str] | None = None, status_code: int = 200,
) -> Template:  # fmt: skip
    """Another township's report is reporting's 404, the portal's 页面不存在."""
    reporting = ReportingCall(request, portal)
    report = await reporting.get(f"{PATH}/{report_id}")  # another township's: ApiNotFound, the 404 page
    names = await reporting.township_names()
    editable = report["submitted_at"] is None and _own(request.user, report)
    return page(
        request, request.user, portal, "information_report.html",
        [("nav.information_reports", PATH), ("nav.information_report", None)], status_code=status_code,
        report=report, names=names, editable=editable, errors=errors or FormErrors(), notice=notice,
        shown={"title": report["title"], "body": report["body"], **(values or {})}, new_key=str(uuid.uuid4()),
    )  # fmt: skip


ROUTES = [report_list, draft, report_detail, save, submit]
