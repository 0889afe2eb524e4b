"""不稳定因素排查: screening registers (list, open one for a period), a register's items, and filing it."""

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
from services.portal.domain.abilities import SCREENING_KEEP, SCREENING_OPEN
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import SCREENING_READERS
from services.portal.service.web_sessions import SignedIn

FILTERS = ("township", "period", "overdue")
LIST = ListPage("/screening-registers", "screening.html", "nav.screening", FILTERS)
ITEM_FIELDS = ("description", "risk_level", "responsible_person", "measures", "people_count", "village")


@get("/screening", guards=[holding(SCREENING_READERS)], summary="The screening registers; open one")
async def register_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal, {"period": datetime.now(CHINA).strftime("%Y-%m")})


@post("/screening", guards=[holding(SCREENING_OPEN)], summary="Open a register for a period")
async def open_register(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    body = form_text(await request.form(), "period", "township")

    async def again(**shown: Any) -> Template:
        return await _list_page(request, portal, body, **shown)

    return await act(request, portal, "/screening-registers", body, lambda r: f"/screening/{r['id']}", again)


@get("/screening/{register_id:uuid}", guards=[holding(SCREENING_READERS)], summary="A register and its items")
async def register_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, register_id: FromPath[uuid.UUID]
) -> Template:
    return await _register_page(request, portal, register_id)


@post("/screening/{register_id:uuid}/items", guards=[holding(SCREENING_KEEP)], summary="Record a risk item")
async def add_item(
    request: Request[SignedIn, Any, Any], portal: Portal, register_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    values = form_text(await request.form(), *ITEM_FIELDS)
    body: dict[str, Any] = dict(values)
    if "people_count" in body:
        body["people_count"] = as_number(body["people_count"])
    return await _act(request, portal, register_id, "items", body, values)


@post(
    "/screening/{register_id:uuid}/items/{item_id:uuid}/resolve",
    guards=[holding(SCREENING_KEEP)],
    summary="Mark a risk item controlled or resolved",
)
async def resolve_item(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    register_id: FromPath[uuid.UUID],
    item_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    body = form_text(await request.form(), "status", "note")
    return await _act(request, portal, register_id, f"items/{item_id}/resolve", body)


@post(
    "/screening/{register_id:uuid}/file", guards=[holding(SCREENING_KEEP)], summary="File the register upward"
)
async def file_register(
    request: Request[SignedIn, Any, Any], portal: Portal, register_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    return await _act(request, portal, register_id, "file", None)


async def _act(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    register_id: uuid.UUID,
    action: str,
    body: Any,
    values: dict[str, str] | None = None,
) -> Template | Redirect:
    async def again(**shown: Any) -> Template:
        return await _register_page(request, portal, register_id, values=values, **shown)

    path = f"/screening-registers/{register_id}/{action}"
    return await act(request, portal, path, body, f"/screening/{register_id}", again)


# The list with its form, bound to this page's API path, template and filters.
_list_page = partial(list_page, LIST)


async def _register_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    register_id: uuid.UUID,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
    values: dict[str, str] | None = None,
) -> Template:
    """The register; after a refused item, with what was typed (`values`) so nothing has to be typed again."""
    intake = IntakeCall(request, portal)
    register = await intake.get(f"/screening-registers/{register_id}")
    villages = next(
        (t["villages"] for t in await intake.townships() if t["slug"] == register["township"]), []
    )
    return page(
        request,
        request.user,
        portal,
        "screening_register.html",
        [("nav.screening", "/screening"), ("nav.screening_register", None)],
        status_code=status_code,
        r=register,
        villages=villages,
        values=values or {},
        errors=errors or FormErrors(),
        notice=notice,
    )


ROUTES = [register_list, open_register, register_detail, add_item, resolve_item, file_register]
