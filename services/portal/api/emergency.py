"""应急求助: emergency requests (急事急办) — list with the overdue ones marked, a new request, respond, resolve,
and the audited reveal of the caller's phone to call back."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from services.portal.api.auth import Portal
from services.portal.api.frame import fragment, page
from services.portal.api.intake_calls import (
    IntakeCall,
    ListPage,
    act,
    as_number,
    form_errors,
    form_text,
    list_page,
)
from services.portal.api.session_auth import holding
from services.portal.domain.abilities import EMERGENCY_HANDLE, EMERGENCY_REQUEST, EMERGENCY_REVEAL
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import EMERGENCY_READERS
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

FILTERS = ("township", "status", "overdue")
LIST = ListPage("/emergency-requests", "emergency.html", "nav.emergency", FILTERS)
REQUEST_FIELDS = ("what_happened", "contact_phone", "people_affected", "township", "village")


@get("/emergency", guards=[holding(EMERGENCY_READERS)], summary="Emergency requests; a new one")
async def request_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal, {})


@post("/emergency", guards=[holding(EMERGENCY_REQUEST)], summary="Receive an emergency request")
async def request_help(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    values = form_text(await request.form(), *REQUEST_FIELDS)
    body: dict[str, Any] = dict(values)
    if "people_affected" in body:
        body["people_affected"] = as_number(body["people_affected"])

    async def again(**shown: Any) -> Template:
        return await _list_page(request, portal, values, **shown)

    return await act(request, portal, "/emergency-requests", body, lambda r: f"/emergency/{r['id']}", again)


@get(
    "/emergency/{request_id:uuid}", guards=[holding(EMERGENCY_READERS)], summary="A request with its timeline"
)
async def request_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, request_id: FromPath[uuid.UUID]
) -> Template:
    return await _request_page(request, portal, request_id)


@post(
    "/emergency/{request_id:uuid}/{step:str}",
    guards=[holding(EMERGENCY_HANDLE)],
    summary="Respond or resolve",
)
async def handle_request(
    request: Request[SignedIn, Any, Any], portal: Portal, request_id: FromPath[uuid.UUID], step: FromPath[str]
) -> Template | Redirect:
    if step not in ("respond", "resolve"):
        return await _request_page(request, portal, request_id, status_code=404)
    body = form_text(await request.form(), "note")

    async def again(**shown: Any) -> Template:
        # Both forms have a note: the message and the text go back under the one that was sent.
        return await _request_page(request, portal, request_id, step=step, note=body.get("note", ""), **shown)

    path = f"/emergency-requests/{request_id}/{step}"
    return await act(request, portal, path, body, f"/emergency/{request_id}", again)


# The list with its form, bound to this page's API path, template and filters.
_list_page = partial(list_page, LIST)


async def _request_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    request_id: uuid.UUID,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
    step: str | None = None,
    note: str = "",
    revealed: dict[str, Any] | None = None,
) -> Template:
    """The request; after a refused step, its note and message under that step's form (`step`, `note`);
    after a reveal, the request as intake answered it with the phone in full (`revealed`)."""
    found = revealed or await IntakeCall(request, portal).get(f"/emergency-requests/{request_id}")
    return page(
        request,
        request.user,
        portal,
        "emergency_request.html",
        [("nav.emergency", "/emergency"), ("nav.emergency_request", None)],
        status_code=status_code,
        r=found,
        step=step,
        note=note,
        errors=errors or FormErrors(),
        notice=notice,
    )


@post(
    "/emergency/{request_id:uuid}/contact/reveal",
    guards=[holding(EMERGENCY_REVEAL)],
    summary="The caller's full phone, once, to call back; intake records who looked and why",
)
async def reveal_contact(
    request: Request[SignedIn, Any, Any], portal: Portal, request_id: FromPath[uuid.UUID]
) -> Template:
    """htmx swaps in the phone (and the timeline, which now has the reveal); without htmx, the whole page."""
    intake = IntakeCall(request, portal)
    purpose = str((await request.form()).get("purpose") or "").strip()
    htmx = request.headers.get("hx-request") == "true"
    path = f"/emergency-requests/{request_id}"
    try:
        revealed = await intake.post(f"{path}/contact/reveal", {"purpose": purpose})
    except ApiInvalid as invalid:
        errors = form_errors(request, invalid)
        if not htmx:
            return await _request_page(request, portal, request_id, errors=errors, status_code=422)
        masked = await intake.get(path)
        return fragment(request, request.user, "_emergency_contact.html", r=masked, errors=errors)
    if not htmx:
        return await _request_page(request, portal, request_id, revealed=revealed)
    return fragment(
        request,
        request.user,
        "_emergency_contact.html",
        r=revealed,
        timeline=revealed["timeline"],
        errors=None,
    )


ROUTES = [request_list, request_help, request_detail, handle_request, reveal_contact]
