"""The case page's oversight forms that are not a path under the case in supervision: the township's reply to a
supervision order, and an on-site record's photos (uploaded through the portal, and shown through it, so the
browser talks to no other host)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.case_detail import READ, detail_page
from services.portal.api.frame import messages_for
from services.portal.api.intake_calls import form_text
from services.portal.api.supervision_calls import SupervisionCall, act, supervision_errors
from services.portal.domain.form_errors import FormErrors
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE

_CASE = "/cases/{case_id:uuid}"
# Above supervision's 5 MB a photo may have, so an oversized one is its 422 at the field, not a bare 413.
PHOTO_BODY_LIMIT = 8 * 1024 * 1024


@post(f"{_CASE}/orders/{{order_id:uuid}}/reply", guards=[READ], summary="Reply to a supervision order")
async def reply_order(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    case_id: FromPath[uuid.UUID],
    order_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    action = f"reply-{order_id}"

    async def again(**values: Any) -> Template:
        return await detail_page(request, portal, case_id, posted_action=action, values=posted, **values)

    here = f"/cases/{case_id}"
    return await act(
        request, portal, f"/supervision-orders/{order_id}/reply", form_text(posted, "text"), here, again
    )


@post(
    f"{_CASE}/onsite/{{record_id:uuid}}/photos", guards=[READ], request_max_body_size=PHOTO_BODY_LIMIT,
    summary="Add a photo to an on-site supervision record (forwarded to supervision)",
)  # fmt: skip
async def add_photo(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    case_id: FromPath[uuid.UUID],
    record_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    upload = (await request.form()).get("file")
    action = f"photo-{record_id}"
    if not (isinstance(upload, UploadFile) and upload.filename):
        missing = FormErrors({"file": messages_for(request)("onsite.choose_photo")})
        return await detail_page(
            request, portal, case_id, errors=missing, posted_action=action, status_code=422
        )
    file = (upload.filename, await upload.read(), upload.content_type or "application/octet-stream")
    try:
        await SupervisionCall(request, portal).upload(f"/onsite-supervisions/{record_id}/photos", file)
    except ApiInvalid as invalid:
        errors = supervision_errors(request, invalid)
        return await detail_page(
            request, portal, case_id, errors=errors, posted_action=action, status_code=422
        )
    return Redirect(f"/cases/{case_id}#onsite-{record_id}", status_code=HTTP_303_SEE_OTHER)


@get(
    f"{_CASE}/onsite/{{record_id:uuid}}/photos/{{photo_id:uuid}}", guards=[READ],
    cache_control=NO_STORE, response_headers=NO_CACHE,
    summary="One on-site photo, read from supervision with the user's token; no copy is kept by the browser",
)  # fmt: skip
async def photo(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    case_id: FromPath[uuid.UUID],
    record_id: FromPath[uuid.UUID],
    photo_id: FromPath[uuid.UUID],
) -> Response[bytes]:
    del case_id  # in the path for the page's sake; supervision checks the record is the user's to see
    got = await SupervisionCall(request, portal).download(
        f"/onsite-supervisions/{record_id}/photos/{photo_id}"
    )
    declared = got.media_type.split(";")[0].strip()
    # Only the two types supervision accepts: nothing else is ever served as something a browser would run.
    media_type = declared if declared in ("image/jpeg", "image/png") else "application/octet-stream"
    return Response(got.content, media_type=media_type)


ROUTES = [reply_order, add_photo, photo]
