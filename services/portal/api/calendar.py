"""工作日历: the years entered, one year's holidays and make-up working days, the county admin's form to enter a
year's notice (one day a line), and the deadline calculator that shows supervision's refusal for a year nobody
entered."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import messages_for, page
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, supervision_errors
from services.portal.domain.calendar_form import ReadDays, as_text, errors_by_line, read_days
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import CALENDAR_ROLES
from services.portal.domain.messages import Language
from services.portal.service.apis import ApiConflict, ApiInvalid, ApiNotFound
from services.portal.service.web_sessions import SignedIn

GUARD = holding(CALENDAR_ROLES)
_TEXTAREAS = ("holidays", "workdays")


@get("/calendar", guards=[GUARD], summary="工作日历: years entered, a year's days, the deadline calculator")
async def calendar_page(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _page(request, portal)


@post("/calendar", guards=[GUARD], summary="Enter a year's holidays and make-up working days (county admin)")
async def enter_year(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    t = messages_for(request)
    year_text = posted.get("year", "").strip()
    read = {name: read_days(posted.get(name, "")) for name in _TEXTAREAS}
    lines: dict[str, dict[int, list[str]]] = {
        name: {n: [t(f"cal.{why}")] for n, why in r.bad_lines.items()} for name, r in read.items()
    }
    if not (year_text.isascii() and year_text.isdecimal() and len(year_text) == 4):
        return await _again(request, portal, posted, lines, FormErrors({"year": t("cal.bad_year")}))
    if any(lines.values()):  # the lines the portal could not read: nothing is sent until they read
        return await _again(request, portal, posted, lines, FormErrors())
    body = {name: r.days for name, r in read.items()}
    try:
        await SupervisionCall(request, portal).put(f"/calendar/years/{year_text}", body)
    except ApiInvalid as invalid:
        by_line, rest = _refusals(request, invalid, read)
        other = supervision_errors(request, ApiInvalid(422, {"errors": rest}))
        return await _again(request, portal, posted, by_line, other)
    query = urlencode({"year": year_text, "saved": "1"})
    return Redirect(f"/calendar?{query}", status_code=HTTP_303_SEE_OTHER)


def _refusals(
    request: Request, invalid: ApiInvalid, read: dict[str, ReadDays]
) -> tuple[dict[str, dict[int, list[str]]], list]:
    t = messages_for(request)
    labels = {"day": t("sfield.day"), "name": t("sfield.name")}
    sep = " " if t.language is Language.en else ""
    return errors_by_line(invalid.errors, {n: r.lines for n, r in read.items()}, labels, sep)


async def _again(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    posted: dict[str, str],
    lines: dict[str, dict[int, list[str]]],
    errors: FormErrors,
) -> Template:
    return await _page(request, portal, posted=posted, line_errors=lines, errors=errors, status_code=422)


async def _page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    posted: dict[str, str] | None = None,
    line_errors: dict[str, dict[int, list[str]]] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Template:
    supervision = SupervisionCall(request, portal)
    years = await supervision.calendar_years(datetime.now(CHINA).year)
    shown = _shown_year(request, posted)
    try:
        year = await supervision.get(f"/calendar/years/{shown}")
    except ApiNotFound:  # a year the calendar cannot hold (before 2004, after 2100): nothing entered
        year = {"year": shown, "known": False}
    calculator = await _calculate(request, supervision)
    form = posted or {
        "year": str(shown),
        "holidays": as_text(year.get("holidays", [])),
        "workdays": as_text(year.get("workdays", [])),
    }
    return page(
        request,
        request.user,
        portal,
        "calendar.html",
        [("nav.calendar", None)],
        status_code=status_code,
        years=years,
        year=year,
        form=form,
        line_errors=line_errors or {},
        errors=errors or FormErrors(),
        saved=request.query_params.get("saved") == "1" and posted is None,
        calculator=calculator,
    )


def _shown_year(request: Request, posted: dict[str, str] | None) -> int:
    """The year asked for (?year=, or the one just posted), else the current year."""
    asked = (posted or {}).get("year") or request.query_params.get("year") or ""
    asked = asked.strip()
    if asked.isascii() and asked.isdecimal() and len(asked) == 4:
        return int(asked)
    return datetime.now(CHINA).year


async def _calculate(request: Request, supervision: SupervisionCall) -> dict[str, Any]:
    """期限计算 from the query (?start=&days=&counting=): the due date, or supervision's refusal in its words."""
    query = {k: (request.query_params.get(k) or "").strip() for k in ("start", "days", "counting")}
    query["counting"] = query["counting"] or "working"
    out: dict[str, Any] = {"query": query, "result": None, "refused": None, "errors": FormErrors()}
    if not query["start"] and not query["days"]:
        out["query"]["start"] = date.today().isoformat()
        return out
    try:
        out["result"] = await supervision.get("/calendar/due-date", query)
    except ApiConflict as conflict:
        out["refused"] = conflict.detail
    except ApiInvalid as invalid:
        out["errors"] = supervision_errors(request, invalid)
    return out


ROUTES = [calendar_page, enter_year]
