"""民情日记: the liaisons' sentiment diary — list and new entry, an entry with its resolution and conversion."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import partial
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import IntakeCall, ListPage, act, as_number, form_text, list_page
from services.portal.api.session_auth import holding
from services.portal.domain.abilities import DIARY_CONVERT, DIARY_RECORD, DIARY_RESOLVE
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import DIARY_READERS
from services.portal.domain.petition_form import PetitionerRow, PetitionForm
from services.portal.service.web_sessions import SignedIn

FILTERS = ("status", "resolution_level", "date_from", "date_to")
LIST = ListPage("/diary-entries", "diary.html", "nav.diary", FILTERS, with_townships=False)
ENTRY_FIELDS = ("entry_date", "category", "concern", "people_count", "handled_on_spot")
# The person who raised the matter usually speaks for it: the conversion form starts with them as representative.
FIRST_PETITIONER = PetitionerRow(is_representative=True)


@get("/diary", guards=[holding(DIARY_READERS)], summary="民情日记: the entries and, for liaisons, a new one")
async def diary_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal, {"entry_date": datetime.now(CHINA).date().isoformat()})


@post("/diary", guards=[holding(DIARY_RECORD)], summary="Record a diary entry")
async def record_entry(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = await request.form()
    values = form_text(posted, *ENTRY_FIELDS, "resolved_on_spot")
    body: dict[str, Any] = {**values, "resolved_on_spot": values.get("resolved_on_spot") == "on"}
    if "people_count" in values:
        body["people_count"] = as_number(values["people_count"])

    async def again(**shown: Any) -> Template:
        return await _list_page(request, portal, values, **shown)

    return await act(request, portal, "/diary-entries", body, lambda e: f"/diary/{e['id']}", again)


@get("/diary/{entry_id:uuid}", guards=[holding(DIARY_READERS)], summary="A diary entry with its timeline")
async def diary_entry(
    request: Request[SignedIn, Any, Any], portal: Portal, entry_id: FromPath[uuid.UUID]
) -> Template:
    return await _entry_page(request, portal, entry_id)


@post(
    "/diary/{entry_id:uuid}/resolve", guards=[holding(DIARY_RESOLVE)], summary="Record where it was resolved"
)
async def resolve_entry(
    request: Request[SignedIn, Any, Any], portal: Portal, entry_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    body = form_text(await request.form(), "level", "note")

    async def again(**shown: Any) -> Template:
        return await _entry_page(request, portal, entry_id, values=body, **shown)

    return await act(request, portal, f"/diary-entries/{entry_id}/resolve", body, f"/diary/{entry_id}", again)


@post(
    "/diary/{entry_id:uuid}/petition",
    guards=[holding(DIARY_CONVERT)],
    summary="Register the entry as a petition",
)
async def convert_entry(
    request: Request[SignedIn, Any, Any], portal: Portal, entry_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    posted = await request.form()
    values = form_text(posted, "kind", "channel", "content")
    petitioners = PetitionForm.parse(posted).petitioners
    body: dict[str, Any] = {**values, "petitioners": [p.body() for p in petitioners]}

    async def again(**shown: Any) -> Template:
        # The form draws one petitioner row: what was typed in it comes back with the messages.
        row = petitioners[0] if petitioners else FIRST_PETITIONER
        return await _entry_page(request, portal, entry_id, values=values, petitioner=row, **shown)

    return await act(
        request, portal, f"/diary-entries/{entry_id}/petition", body, lambda p: f"/petitions/{p['id']}", again
    )


# The list with its form, bound to this page's API path, template and filters.
_list_page = partial(list_page, LIST)


async def _entry_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    entry_id: uuid.UUID,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    petitioner: PetitionerRow = FIRST_PETITIONER,
) -> Template:
    """The entry; after a refused resolution or conversion, with what was posted (`values`, `petitioner`)."""
    entry = await IntakeCall(request, portal).get(f"/diary-entries/{entry_id}")
    return page(
        request,
        request.user,
        portal,
        "diary_entry.html",
        [("nav.diary", "/diary"), ("nav.diary_entry", None)],
        status_code=status_code,
        e=entry,
        values=values or {},
        petitioner=petitioner,
        errors=errors or FormErrors(),
        notice=notice,
    )


ROUTES = [diary_list, record_entry, diary_entry, resolve_entry, convert_entry]
