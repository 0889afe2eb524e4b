"""信访件详情: the petition with its timeline, and what can be done on it (reveal, repeat decisions, acceptance
decision and its PDF notice, leader instruction, attachment downloads), each a call to intake."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from services.portal.api.auth import Portal
from services.portal.api.frame import fragment, page
from services.portal.api.intake_calls import IntakeCall, act, form_errors
from services.portal.api.session_auth import holding
from services.portal.domain.abilities import DECIDE_ACCEPTANCE, DECIDE_REPEAT, INSTRUCT, REVEAL
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import PETITION_READERS
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

READ = holding(PETITION_READERS)


@get("/petitions/{petition_id:uuid}", guards=[READ], summary="A petition with its timeline")
async def petition_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, petition_id: FromPath[uuid.UUID]
) -> Template:
    return await _detail_page(request, portal, petition_id)


@post(
    "/petitions/{petition_id:uuid}/petitioners/{petitioner_id:uuid}/reveal",
    guards=[holding(REVEAL)],
    summary="htmx: a petitioner's full data, once; intake records who looked and why",
)
async def reveal_petitioner(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    petition_id: FromPath[uuid.UUID],
    petitioner_id: FromPath[uuid.UUID],
) -> Template:
    intake = IntakeCall(request, portal)
    purpose = str((await request.form()).get("purpose") or "").strip()
    path = f"/petitions/{petition_id}"
    try:
        person = await intake.post(f"{path}/petitioners/{petitioner_id}/reveal", {"purpose": purpose})
    except ApiInvalid as invalid:
        masked = next(p for p in (await intake.get(path))["petitioners"] if p["id"] == str(petitioner_id))
        errors = form_errors(request, invalid)
        return fragment(
            request, request.user, "_petitioner.html", p=masked, petition_id=petition_id, errors=errors
        )
    timeline = (await intake.get(path))["timeline"]
    return fragment(
        request,
        request.user,
        "_petitioner.html",
        p=person,
        petition_id=petition_id,
        timeline=timeline,
        errors=None,
    )


@post(
    "/petitions/{petition_id:uuid}/repeat-candidates/{earlier_id:uuid}",
    guards=[holding(DECIDE_REPEAT)],
    summary="Confirm or reject a suggested repeat petition",
)
async def decide_repeat(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    petition_id: FromPath[uuid.UUID],
    earlier_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    confirmed = (await request.form()).get("confirmed") == "true"
    body = {"confirmed": confirmed}
    return await _act(request, portal, petition_id, f"repeat-candidates/{earlier_id}", body)


@post(
    "/petitions/{petition_id:uuid}/acceptance",
    guards=[holding(DECIDE_ACCEPTANCE)],
    summary="Decide acceptance",
)
async def decide_acceptance(
    request: Request[SignedIn, Any, Any], portal: Portal, petition_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    posted = await request.form()
    body = {
        "decision": str(posted.get("decision") or "") or None,
        "reason": str(posted.get("reason") or "").strip() or None,
        "forwarded_to": str(posted.get("forwarded_to") or "").strip() or None,
    }
    return await _act(request, portal, petition_id, "acceptance", {k: v for k, v in body.items() if v})


@post(
    "/petitions/{petition_id:uuid}/instructions", guards=[holding(INSTRUCT)], summary="A leader's instruction"
)
async def instruct(
    request: Request[SignedIn, Any, Any], portal: Portal, petition_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    text = str((await request.form()).get("text") or "").strip()
    return await _act(request, portal, petition_id, "instructions", {"text": text})


@get(
    "/petitions/{petition_id:uuid}/attachments/{attachment_id:uuid}",
    guards=[READ],
    summary="Download an attachment (through the portal: the browser talks to no other host)",
)
async def download_attachment(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    petition_id: FromPath[uuid.UUID],
    attachment_id: FromPath[uuid.UUID],
) -> Response[bytes]:
    got = await IntakeCall(request, portal).download(f"/petitions/{petition_id}/attachments/{attachment_id}")
    headers = {"Content-Disposition": got.disposition} if got.disposition else {}
    return Response(got.content, media_type=got.media_type, headers=headers)


@get(
    "/petitions/{petition_id:uuid}/notice.pdf",
    guards=[holding(DECIDE_ACCEPTANCE)],
    summary="The acceptance decision notice (告知书) as a PDF",
)
async def decision_notice(
    request: Request[SignedIn, Any, Any], portal: Portal, petition_id: FromPath[uuid.UUID]
) -> Response[bytes]:
    got = await IntakeCall(request, portal).download(f"/petitions/{petition_id}/acceptance/notice.pdf")
    disposition = got.disposition or f'inline; filename="notice-{petition_id}.pdf"'
    return Response(got.content, media_type="application/pdf", headers={"Content-Disposition": disposition})


async def _act(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    petition_id: uuid.UUID,
    action: str,
    body: dict[str, Any],
) -> Template | Redirect:
    async def again(**values: Any) -> Template:
        return await _detail_page(request, portal, petition_id, **values)

    return await act(
        request, portal, f"/petitions/{petition_id}/{action}", body, f"/petitions/{petition_id}", again
    )


async def _detail_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    petition_id: uuid.UUID,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    petition = await IntakeCall(request, portal).get(f"/petitions/{petition_id}")
    return page(
        request,
        request.user,
        portal,
        "petition_detail.html",
        [("nav.petitions", "/petitions"), ("nav.petition", None)],
        status_code=status_code,
        p=petition,
        errors=errors or FormErrors(),
        notice=notice,
    )


ROUTES = [
    petition_detail,
    reveal_petitioner,
    decide_repeat,
    decide_acceptance,
    instruct,
    download_attachment,
    decision_notice,
]
