"""/training-sessions: record a session, list and read them, record attendance by form or sign-in sheet; /cadres."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter

from services.training_records.api.deps import Training
from services.training_records.domain.sign_in_sheet import template
from services.training_records.domain.training import SessionType
from services.training_records.service import attendance, cadres, materials, sessions
from services.training_records.service.io import (
    AttendanceIn,
    AttendanceResult,
    AttendanceView,
    CadreView,
    SessionIn,
    SessionPage,
    SessionView,
)
from services.training_records.service.materials import MATERIAL_KINDS
from shared import idempotency
from shared.abilities import requires
from shared.abilities import training_records as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.idempotency import IdempotencyKey
from shared.no_store import NO_CACHE, NO_STORE
from shared.paging import PageNumber, PageSize

_SESSION = "/training-sessions/{session_id:uuid}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Litestar refuses a body over its limit with a bare 413; headroom lets the size rule answer a 422 naming `sheet`.
SHEET_BODY_LIMIT = 8 * 1024 * 1024
MATERIAL_BODY_LIMIT = 24 * 1024 * 1024
Year = Annotated[int | None, QueryParameter(ge=sessions.FIRST_YEAR, le=sessions.LAST_YEAR)]


@dataclass
class SheetUpload:
    """The file (a workbook, a material) in the part named `file`."""

    file: UploadFile


@post(
    "/training-sessions", guards=[requires(can.RECORD_TRAINING)], status_code=201,
    summary="Record a training session (记录培训)",
)  # fmt: skip
async def record_session(
    data: JSONBody[SessionIn], principal: CurrentPrincipal, db: Db, training: Training,
    idempotency_key: IdempotencyKey = None,
) -> Response[SessionView]:  # fmt: skip
    return await idempotency.respond_once(
        db, principal, idempotency_key, data, lambda: sessions.record(db, principal, training, data), 201
    )


@get("/training-sessions", guards=[requires(can.READ_TRAINING)], summary="Training sessions, newest first")
async def list_sessions(
    db: Db, year: Year = None, township: SlugQuery = None,
    session_type: FromQuery[SessionType | None] = None, page: PageNumber = 1, page_size: PageSize = 20,
) -> SessionPage:  # fmt: skip
    return await sessions.page(
        db, year=year, township=township, session_type=session_type, page_number=page, page_size=page_size
    )


@get(_SESSION, guards=[requires(can.READ_TRAINING)], summary="One training session with its materials")
async def get_session(session_id: FromPath[uuid.UUID], db: Db) -> SessionView:
    return await sessions.one(db, session_id)


@get(f"{_SESSION}/attendance", guards=[requires(can.READ_TRAINING)], summary="A session's attendance (出勤)")
async def session_attendance(session_id: FromPath[uuid.UUID], db: Db) -> list[AttendanceView]:
    await sessions.load(db, session_id)
    return await attendance.of_session(db, session_id)


@post(
    f"{_SESSION}/attendance", guards=[requires(can.RECORD_TRAINING)], status_code=200,
    summary="Record or correct attendance (出勤登记、更正)",
)  # fmt: skip
async def record_attendance(
    session_id: FromPath[uuid.UUID], data: JSONBody[AttendanceIn], principal: CurrentPrincipal, db: Db,
    training: Training, idempotency_key: IdempotencyKey = None,
) -> Response[AttendanceResult]:  # fmt: skip
    act = lambda: attendance.record(db, principal, training, session_id, data)  # noqa: E731
    return await idempotency.respond_once(
        db, principal, idempotency_key, {"session": str(session_id), "data": data}, act, 200
    )


@post(
    f"{_SESSION}/attendance/sheet", guards=[requires(can.RECORD_TRAINING)], status_code=200,
    request_max_body_size=SHEET_BODY_LIMIT,
    summary="Import the sign-in sheet (.xlsx): every row checked, nothing stored unless all are right",
)  # fmt: skip
async def import_sheet(
    session_id: FromPath[uuid.UUID], data: Annotated[SheetUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    principal: CurrentPrincipal, db: Db, training: Training,
) -> AttendanceResult:  # fmt: skip
    content = await data.file.read()
    return await attendance.import_sheet(db, principal, training, session_id, content)


@get(
    "/sign-in-sheet-template.xlsx", guards=[requires(can.RECORD_TRAINING)],
    summary="The sign-in sheet template (签到表模板)", opt={"media_types": [XLSX]},
)  # fmt: skip
async def sheet_template() -> Response[bytes]:
    return Response(
        template(), media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8.xlsx"},
    )  # fmt: skip


@post(
    f"{_SESSION}/materials", guards=[requires(can.RECORD_TRAINING)], status_code=200,
    request_max_body_size=MATERIAL_BODY_LIMIT,
    summary="Add a material (培训材料): PDF, JPEG, PNG, Word, PowerPoint or Excel, by its content",
)  # fmt: skip
async def add_material(
    session_id: FromPath[uuid.UUID], data: Annotated[SheetUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    principal: CurrentPrincipal, db: Db, training: Training,
) -> SessionView:  # fmt: skip
    upload = data.file
    content = await upload.read()
    return await materials.add(
        db, principal, training, session_id, upload.filename, upload.content_type, content
    )


@get(
    f"{_SESSION}/materials/{{material_id:uuid}}", guards=[requires(can.READ_TRAINING)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="Download a material",
    opt={"media_types": [k.media_type for k in MATERIAL_KINDS]},
)  # fmt: skip
async def get_material(
    session_id: FromPath[uuid.UUID], material_id: FromPath[uuid.UUID], db: Db
) -> Response[bytes]:
    row = await materials.download(db, session_id, material_id)
    return Response(
        row.content, media_type=row.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename)}"},
    )  # fmt: skip


@get(
    "/cadres", guards=[requires(can.READ_TRAINING)], summary="The petition cadres training counts (信访干部)"
)
async def list_cadres(
    db: Db, principal: CurrentPrincipal, training: Training, township: SlugQuery = None,
    include_left: FromQuery[bool] = False,
) -> list[CadreView]:  # fmt: skip
    return await cadres.listed(db, principal, training, township, include_left)


@post(
    "/cadres/refresh", guards=[requires(can.RECORD_TRAINING)], status_code=200,
    summary="Re-read the cadres from Keycloak now (同步人员名单)",
)  # fmt: skip
async def refresh_cadres(db: Db, principal: CurrentPrincipal, training: Training) -> list[CadreView]:
    await cadres.refresh(training)
    return await cadres.listed(db, principal, training, None, False)


ROUTES = [
    record_session, list_sessions, sheet_template, get_session, session_attendance, record_attendance, import_sheet,
    add_material, get_material, list_cadres, refresh_cadres,
]  # fmt: skip
