"""登记信访件: the register form, its htmx helpers (villages, one more petitioner row, attachments, repeat
candidates as the clerk types) and the registration itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import fragment, page
from services.portal.api.intake_calls import IntakeCall, form_errors
from services.portal.api.session_auth import holding
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import REGISTER_ROLES
from services.portal.domain.petition_form import MAX_ROWS, PetitionerRow, PetitionForm
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

GUARD = holding(REGISTER_ROLES)
# Intake takes files up to its own limit and answers a 422 naming the field above it; the portal lets that
# answer through rather than cutting the upload short with a bare 413.
UPLOAD_BODY_LIMIT = 17 * 1024 * 1024


@get("/petitions/new", guards=[GUARD], summary="The register form")
async def register_form(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    form = PetitionForm(values={"received_on": datetime.now(CHINA).date().isoformat()})
    return await _form_page(request, portal, form, FormErrors())


@post("/petitions/new", guards=[GUARD], summary="Register the petition (idempotent per form)")
async def register(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = await request.form()
    form = PetitionForm.parse(posted)
    key = str(posted.get("idempotency_key") or uuid.uuid4())
    intake = IntakeCall(request, portal)
    try:
        done = await intake.post("/petitions", form.body(), headers={"Idempotency-Key": key})
    except ApiInvalid as invalid:
        # A new key for the corrected form: nothing was registered under the old one (intake rolled back).
        return await _form_page(request, portal, form, form_errors(request, invalid), status_code=422)
    return Redirect(f"/petitions/{done['id']}", status_code=HTTP_303_SEE_OTHER)


@get("/petitions/new/villages", guards=[GUARD], summary="htmx: the village dropdown of the chosen township")
async def village_choices(
    request: Request[SignedIn, Any, Any], portal: Portal, township: FromQuery[str] = ""
) -> Template:
    townships = await IntakeCall(request, portal).townships()
    return fragment(request, request.user, "_village_select.html", villages=_villages_of(townships, township))


@get("/petitions/new/petitioner-row", guards=[GUARD], summary="htmx: one more petitioner row")
async def petitioner_row(
    request: Request[SignedIn, Any, Any], index: Annotated[int, QueryParameter(ge=1, le=MAX_ROWS - 1)]
) -> Template:
    return fragment(
        request,
        request.user,
        "_petitioner_row.html",
        row=PetitionerRow(),
        index=index,
        errors=None,
        more=True,
    )


@post(
    "/petitions/new/attachments",
    guards=[GUARD],
    request_max_body_size=UPLOAD_BODY_LIMIT,
    summary="htmx: forward an attachment to intake; answers the form's attachment list with it",
)
async def upload_attachment(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    posted = await request.form()
    form = PetitionForm.parse(posted)
    upload = posted.get("file")
    errors = FormErrors()
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        params = {"township": form.values["township"]}
        try:
            done = await IntakeCall(request, portal).upload(
                "/attachments",
                (upload.filename, content, upload.content_type or "application/octet-stream"),
                params,
            )
            form.attachments.append((str(done["id"]), done["filename"]))
        except ApiInvalid as invalid:
            errors = form_errors(request, invalid)
    return fragment(request, request.user, "_attachments.html", form=form, errors=errors)


@post(
    "/petitions/new/candidates", guards=[GUARD], summary="htmx: earlier petitions that may be the same matter"
)
async def repeat_candidates(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    draft = PetitionForm.parse(await request.form()).draft()
    candidates: list[dict[str, Any]] = []
    if draft is not None:
        try:
            candidates = await IntakeCall(request, portal).post("/petitions/repeat-candidates", draft)
        except ApiInvalid:
            # A half-typed form (a village of another township): no hint yet, the submit will name the field.
            candidates = []
    return fragment(
        request, request.user, "_repeat_candidates.html", candidates=candidates, looked=draft is not None
    )


async def _form_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    form: PetitionForm,
    errors: FormErrors,
    status_code: int = 200,
) -> Template:
    townships = await IntakeCall(request, portal).townships()
    own = request.user.principal.township
    chosen = form.values.get("township") or (own if any(t["slug"] == own for t in townships) else "")
    return page(
        request,
        request.user,
        portal,
        "petition_register.html",
        [("nav.register", None)],
        status_code=status_code,
        form=form,
        errors=errors,
        townships=townships,
        villages=_villages_of(townships, chosen),
        idempotency_key=str(uuid.uuid4()),
    )


def _villages_of(townships: list[dict[str, Any]], township: str) -> list[dict[str, str]]:
    for t in townships:
        if t["slug"] == township or (not township and len(townships) == 1):
            return t.get("villages", [])
    return []


ROUTES = [register_form, register, village_choices, petitioner_row, upload_attachment, repeat_candidates]
