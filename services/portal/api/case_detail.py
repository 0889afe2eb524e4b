"""办理件详情: a case's facts, clocks, moves, notices, verdicts, hearings and timeline, and a form for each action
supervision's `actions` list offers this user now; below them the county's oversight (督办单, 现场督办, 疑难积案,
续报), whose forms show to the roles holding supervision's ability for them. Supervision decides again on every call: a forged form is its
403 or 409, never the portal's guess."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from services.portal.api.auth import Portal
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import as_number, form_text, place_names
from services.portal.api.oversight_sections import oversight_of
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import (
    SupervisionCall,
    act,
    deadline_helpers,
    unit_choice,
    unit_value,
)
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import CASE_READERS, PETITION_READERS
from services.portal.service.apis import ApiError
from services.portal.service.web_sessions import SignedIn

READ = holding(CASE_READERS)
# Actions whose forms choose a unit: the page asks supervision for the case's township's units only for these.
_UNIT_FORMS = frozenset({"transfer", "assign"})
# The portal's form for each action: (supervision's path under the case, the body from the posted fields).
_ACTIONS: dict[str, tuple[str, Any]] = {
    "take": ("take", lambda f: None),
    "transfer": ("transfers", lambda f: {**unit_choice(f.get("unit", "")), **form_text(f, "reason")}),
    "object": ("objection", lambda f: form_text(f, "reason")),
    "assign": (
        "assignments",
        lambda f: {**unit_choice(f.get("unit", "")), **form_text(f, "report_back_on", "note")},
    ),
    "extend": ("extension", lambda f: {**form_text(f, "reason"), "days": as_number(f.get("days"))}),
    "hearing_start": ("hearings", lambda f: form_text(f, "starts_on", "note")),
    "hearing_end": ("hearings/end", lambda f: form_text(f, "ends_on")),
    "issue_opinion": ("opinion", lambda f: form_text(f, "text")),
    "answer_appeal": ("appeal-opinion", lambda f: form_text(f, "text")),
    "record_satisfaction": ("satisfaction", lambda f: form_text(f, "verdict", "note")),
    "appeal": ("appeals", lambda f: None),
    # the county's oversight (forms in _case_oversight.html); no name may be a segment case_oversight.py routes
    # under the case ("orders", "onsite"): the router would not come back to this route for it
    "issue_order": ("supervision-orders", lambda f: form_text(f, "demand", "reply_due_on")),
    "record_onsite": (
        "onsite-supervisions",
        lambda f: form_text(f, "visited_on", "place", "participants", "findings"),
    ),
    "flag_hard_case": ("hard-case", lambda f: form_text(f, "reason")),
    "hard_case_lead": ("hard-case/lead", lambda f: form_text(f, "name", "role")),
    "hard_case_units": ("hard-case/units", lambda f: {"units": [str(u) for u in f.getall("units", [])]}),
    "hard_case_note": ("hard-case/notes", lambda f: form_text(f, "text")),
    "follow_up": ("follow-ups", lambda f: form_text(f, "text")),
}


@get("/cases/{case_id:uuid}", guards=[READ], summary="A case with its clocks, moves, notices and timeline")
async def case_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, case_id: FromPath[uuid.UUID]
) -> Template:
    return await detail_page(request, portal, case_id)


@post(
    "/cases/{case_id:uuid}/{action:str}", guards=[READ], summary="One action on a case, as its form posts it"
)
async def case_action(
    request: Request[SignedIn, Any, Any], portal: Portal, case_id: FromPath[uuid.UUID], action: FromPath[str]
) -> Template | Redirect:
    if action not in _ACTIONS:
        raise NotFoundException()
    form = await request.form()
    posted = {k: str(v) for k, v in form.items()}
    path, body_of = _ACTIONS[action]
    body = body_of(form)  # the form itself: a multi-select (协办单位) posts one field many times
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if v not in (None, "")}

    async def again(**values: Any) -> Template:
        return await detail_page(request, portal, case_id, posted_action=action, values=posted, **values)

    here = f"/cases/{case_id}"
    return await act(request, portal, f"{here}/{path}", body, here, again)


async def detail_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    case_id: uuid.UUID,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
    posted_action: str | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    supervision = SupervisionCall(request, portal)
    case = await supervision.get(f"/cases/{case_id}")
    townships = await supervision.townships()
    units = await supervision.units(case["township"]) if _UNIT_FORMS & set(case["actions"]) else []
    return page(
        request,
        request.user,
        portal,
        "case_detail.html",
        [("nav.cases", "/cases"), ("nav.case", None)],
        status_code=status_code,
        c=case,
        places=place_names(townships),
        unit_options=[(unit_value(u), _unit_label(request, u)) for u in units],
        missing_years=await _missing_years(supervision, case),
        may_read_petition=not PETITION_READERS.isdisjoint(request.user.principal.roles),
        o=await oversight_of(supervision, case),
        errors=errors or FormErrors(),
        notice=notice,
        posted_action=posted_action,
        values=values or {},
        **deadline_helpers(request),
    )


def _unit_label(request: Request, unit: dict[str, Any]) -> str:
    county = messages_for(request)("case.county_unit") if unit.get("level") == "county" else ""
    return f"{unit['name']}{county}"


async def _missing_years(supervision: SupervisionCall, case: dict[str, Any]) -> dict[str, int]:
    """For each clock waiting for the calendar, the year it waits for: the first year from its start that the
    county admin has not entered (so the page says 待录入2027年工作日历, not just "unknown")."""
    waiting = [c for c in case["clocks"] if c.get("waiting_for_calendar")]
    if not waiting:
        return {}
    try:
        first = min(int(str(c["started_on"])[:4]) for c in waiting)
        entered = {y["year"] for y in await supervision.calendar_years(first)}
    except ApiError:
        entered = set()
    found: dict[str, int] = {}
    for clock in waiting:
        year = int(str(clock["started_on"])[:4])
        while year in entered:
            year += 1
        found[str(clock["id"])] = year
    return found


ROUTES = [case_detail, case_action]
