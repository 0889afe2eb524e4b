"""/attachments: upload a scanned letter or photo before registering; download it from its petition."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery

from services.intake.api.deps import Intake
from services.intake.api.petitions import READERS, REGISTRARS
from services.intake.service import attachments
from services.intake.service.views import AttachmentView
from shared.attachment_rules import ALLOWED_KINDS
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.no_store import NO_CACHE, NO_STORE

# Litestar refuses bodies over its limit with a bare 413; a little headroom lets the size rule answer a 422
# that names the field, as for every other rule.
UPLOAD_BODY_LIMIT = 16 * 1024 * 1024


@dataclass
class UploadIn:
    """One file per upload, in the part named `file` (attachments.FIELD); other parts are ignored."""

    file: UploadFile


@post(
    "/attachments",
    guards=[REGISTRARS],
    request_max_body_size=UPLOAD_BODY_LIMIT,
    status_code=201,
    summary="Upload an attachment: PDF, JPEG or PNG (上传附件)",
)
async def upload_attachment(
    data: Annotated[UploadIn, Body(media_type=RequestEncodingType.MULTI_PART)],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    township: FromQuery[str | None] = None,
) -> AttachmentView:
    upload = data.file
    content = await upload.read()
    return await attachments.upload(
        db, principal, intake, township, upload.filename, upload.content_type, content
    )


@get(
    "/petitions/{petition_id:uuid}/attachments/{attachment_id:uuid}",
    guards=[READERS],
    summary="Download an attachment of a petition",
    cache_control=NO_STORE,
    response_headers=NO_CACHE,
    opt={"media_types": [kind.media_type for kind in ALLOWED_KINDS]},  # documented by shared.openapi
)
async def download_attachment(
    petition_id: FromPath[uuid.UUID], attachment_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db
) -> Response[bytes]:
    row = await attachments.download(db, principal, petition_id, attachment_id)
    return Response(
        row.data,
        media_type=row.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(row.filename)}"},
    )


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


ROUTES = [upload_attachment, download_attachment]
