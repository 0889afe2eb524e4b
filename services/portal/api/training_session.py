"""A training session's page: its facts, its materials (downloaded through the portal; added by a trainer who may
change the session, even before it is held), its attendance, the sign-in sheet import (every bad row named next to
its Excel row number, nothing stored until all are right) and the small form a trainer corrects one cadre with."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import messages_for, page
from services.portal.api.intake_calls import place_names
from services.portal.api.session_auth import holding
from services.portal.api.training_calls import TrainingCall, passed_on, training_errors
from services.portal.domain.abilities import abilities_of
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import TRAINING_READERS, TRAINING_RECORDERS
from services.portal.domain.training_form import (
    STATUSES,
    SheetProblem,
    attendance_body,
    count,
    entry_errors,
    sheet_problems,
)
from services.portal.service.apis import ApiConflict, ApiInvalid
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE
from shared.tenancy import Scope

_SESSION = "/training/{session_id:uuid}"
# Training reads sheets up to its own limit and answers a 422 naming `sheet` above it; the portal lets that
# answer through rather than cutting the upload short with a bare 413.
SHEET_BODY_LIMIT = 9 * 1024 * 1024
MATERIAL_BODY_LIMIT = 25 * 1024 * 1024  # above training's 24 MiB for the same reason
RESULT_KEYS = ("recorded", "corrected", "unchanged")


@get(
    _SESSION,
    guards=[holding(TRAINING_READERS)],
    summary="A session with its attendance and, for trainers, the forms",
)
async def session_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: FromPath[uuid.UUID]
) -> Template:
    counts = {k: count(request.query_params.get(k)) for k in RESULT_KEYS}
    result = counts if all(v is not None for v in counts.values()) else None
    return await _detail_page(request, portal, session_id, result=result)


@post(
    f"{_SESSION}/attendance",
    guards=[holding(TRAINING_RECORDERS)],
    summary="Record or correct one cadre's attendance",
)
async def correct_attendance(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    path = f"/training-sessions/{session_id}/attendance"
    try:
        done = await TrainingCall(request, portal).post(path, attendance_body(posted))
    except ApiInvalid as invalid:
        errors = training_errors(request, entry_errors(invalid.errors))
        return await _detail_page(request, portal, session_id, errors=errors, values=posted, status_code=422)
    except ApiConflict as conflict:
        return await _conflict(request, portal, session_id, conflict)
    return _done(session_id, done)


async def _uploaded(
    request: Request[SignedIn, Any, Any], missing: str
) -> tuple[str, bytes, str] | FormErrors:
    """The form's `file` as (name, content, type) to pass on, or the error at `file` when none was chosen."""
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return FormErrors({"file": messages_for(request)(missing)})
    return upload.filename, await upload.read(), upload.content_type or "application/octet-stream"


@post(
    f"{_SESSION}/sheet", guards=[holding(TRAINING_RECORDERS)], request_max_body_size=SHEET_BODY_LIMIT,
    summary="Import the sign-in sheet (.xlsx) through training; a refused sheet's rows shown by their numbers",
)  # fmt: skip
async def import_sheet(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    file = await _uploaded(request, "training.choose_file")
    if isinstance(file, FormErrors):
        return await _detail_page(request, portal, session_id, sheet_errors=file, status_code=422)
    try:
        done = await TrainingCall(request, portal).upload(
            f"/training-sessions/{session_id}/attendance/sheet", file
        )
    except ApiInvalid as invalid:
        rows, rest = sheet_problems(invalid.errors)
        return await _detail_page(
            request, portal, session_id, sheet_rows=rows, sheet_rest=rest, status_code=422
        )
    except ApiConflict as conflict:
        return await _conflict(request, portal, session_id, conflict)
    return _done(session_id, done)


@post(
    f"{_SESSION}/materials", guards=[holding(TRAINING_RECORDERS)], request_max_body_size=MATERIAL_BODY_LIMIT,
    summary="Add a material (培训材料) through training, which accepts it by its content; a refusal at `file`",
)  # fmt: skip
async def add_material(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    file = await _uploaded(request, "materials.choose_file")
    if isinstance(file, FormErrors):
        return await _detail_page(request, portal, session_id, material_errors=file, status_code=422)
    try:
        await TrainingCall(request, portal).upload(f"/training-sessions/{session_id}/materials", file)
    except ApiInvalid as invalid:
        errors = training_errors(request, invalid.errors, labels="mfield")
        return await _detail_page(request, portal, session_id, material_errors=errors, status_code=422)
    except ApiConflict as conflict:
        return await _conflict(request, portal, session_id, conflict)
    return Redirect(f"/training/{session_id}#materials", status_code=HTTP_303_SEE_OTHER)


@get(
    f"{_SESSION}/materials/{{material_id:uuid}}", guards=[holding(TRAINING_READERS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="Download a material, read from training with the user's token",
)  # fmt: skip
async def download_material(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: FromPath[uuid.UUID],
    material_id: FromPath[uuid.UUID],
) -> Response[bytes]:  # fmt: skip
    got = await TrainingCall(request, portal).download(
        f"/training-sessions/{session_id}/materials/{material_id}"
    )
    return passed_on(got, got.media_type, "attachment")


def may_change(user: SignedIn, session: dict[str, Any]) -> bool:
    """A trainer changes their township's sessions (training hides the others') and, working for the county,
    the county's too: a county session offers a township trainer no form training would refuse."""
    principal = user.principal
    records = "record_training" in abilities_of(principal.roles)
    return records and (session.get("township") is not None or principal.scope is Scope.county)


def _done(session_id: uuid.UUID, done: dict[str, Any]) -> Redirect:
    """Post/redirect/get, the counts in the address: a reload shows them again and stores nothing twice."""
    counts = urlencode({k: done.get(k, 0) for k in RESULT_KEYS})
    return Redirect(f"/training/{session_id}?{counts}#attendance", status_code=HTTP_303_SEE_OTHER)


async def _conflict(
    request: Request[SignedIn, Any, Any], portal: Portal, session_id: uuid.UUID, conflict: ApiConflict
) -> Template:
    notice = messages_for(request)("common.conflict", detail=conflict.detail)
    return await _detail_page(request, portal, session_id, notice=notice, status_code=409)


def held(session: dict[str, Any]) -> bool:
    """Attendance is recorded once a session has begun (training answers 409 before): no form before then."""
    return date.fromisoformat(str(session["held_on"])) <= datetime.now(CHINA).date()


async def _detail_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    session_id: uuid.UUID,
    result: dict[str, int | None] | None = None,
    errors: FormErrors | None = None,
    sheet_errors: FormErrors | None = None,
    sheet_rows: list[SheetProblem] | None = None,
    sheet_rest: list[str] | None = None,
    material_errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    training = TrainingCall(request, portal)
    session = await training.get(f"/training-sessions/{session_id}")
    attendance = await training.get(f"/training-sessions/{session_id}/attendance")
    changes = may_change(request.user, session)
    cadres = await training.get("/cadres", {"township": session["township"]}) if changes else []
    return page(
        request,
        request.user,
        portal,
        "training_session.html",
        [("nav.training", "/training"), ("nav.training_session", None)],
        status_code=status_code,
        s=session,
        attendance=attendance,
        cadres=cadres,
        held=held(session),
        may_change=changes,
        statuses=STATUSES,
        places=place_names(await training.townships()),
        result=result,
        errors=errors or FormErrors(),
        sheet_errors=sheet_errors or FormErrors(),
        sheet_rows=sheet_rows or [],
        sheet_rest=sheet_rest or [],
        material_errors=material_errors or FormErrors(),
        values=values or {},
        notice=notice,
    )


ROUTES = [session_detail, correct_attendance, import_sheet, add_material, download_material]
