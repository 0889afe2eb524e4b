"""/attachments: upload a scanned letter or photo before registering; download it from its petition."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery

from services.intake.api.deps import Intake
from services.intake.api.petitions import READERS, REGISTRARS
from services.intake.service import attachments
from services.intake.service.views import AttachmentView
from shared.auth import CurrentPrincipal
from shared.db.request import Db

# Litestar refuses bodies over its limit with a bare 413; a little headroom lets the size rule answer a 422
# that names the field, as for every other rule.
UPLOAD_BODY_LIMIT = 16 * 1024 * 1024


@post(
    "/attachments",
    guards=[REGISTRARS],
    request_max_body_size=UPLOAD_BODY_LIMIT,
    status_code=201,
    summary="Upload an attachment: PDF, JPEG or PNG (上传附件)",
)
async def upload_attachment(
    data: Annotated[dict[str, UploadFile], Body(media_type=RequestEncodingType.MULTI_PART)],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    township: FromQuery[str | None] = None,
) -> AttachmentView:
    upload = data.get(attachments.FIELD)
    content = await upload.read() if upload else b""
    return await attachments.upload(
        db,
        principal,
        intake,
        township,
        upload.filename if upload else "",
        upload.content_type if upload else None,
        content,
    )


@get(
    "/petitions/{petition_id:uuid}/attachments/{attachment_id:uuid}",
    guards=[READERS],
    summary="Download an attachment of a petition",
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
