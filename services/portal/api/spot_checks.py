"""抽查: the county officer draws a month of a township's closed cases (share, optional seed), records a return
visit per drawn case, and anyone who may read spot checks draws one again from its seed to see it is the same."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import as_number, form_text, place_names
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, act, supervision_errors
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import SPOT_CHECK_READERS
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

GUARD = holding(SPOT_CHECK_READERS)
PATH = "/spot-checks"
_CHECK = f"{PATH}/{{check_id:uuid}}"


def draw_body(posted: dict[str, str]) -> dict[str, Any]:
    """The draw form as supervision takes it; a share or seed the portal cannot read goes as typed, for
    supervision to name the field."""
    body: dict[str, Any] = form_text(posted, "township", "month")
    share = (posted.get("share") or "").strip()
    if share:
        try:
            body["share"] = float(share)
        except ValueError:
            body["share"] = share
    seed = as_number((posted.get("seed") or "").strip())
    if seed is not None:
        body["seed"] = seed
    return body


@get(PATH, guards=[GUARD], summary="抽查: the spot checks drawn, latest month first, and the draw form")
async def check_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    return await _list_page(request, portal, {})


@post(PATH, guards=[GUARD], summary="Draw a month's spot check of a township (county officer)")
async def draw(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}

    async def again(**values: Any) -> Template:
        return await _list_page(request, portal, posted, **values)

    return await act(request, portal, PATH, draw_body(posted), lambda check: f"{PATH}/{check['id']}", again)


@get(_CHECK, guards=[GUARD], summary="A spot check with its drawn cases and the visit forms")
async def check_detail(
    request: Request[SignedIn, Any, Any], portal: Portal, check_id: FromPath[uuid.UUID]
) -> Template:
    return await _detail_page(request, portal, check_id)


@post(f"{_CHECK}/redraw", guards=[GUARD], summary="Draw again from the seed and say whether it is the same")
async def redraw(
    request: Request[SignedIn, Any, Any], portal: Portal, check_id: FromPath[uuid.UUID]
) -> Template:
    # Supervision changes nothing on a redraw: the answer is shown at once, not kept for a redirect.
    again = await SupervisionCall(request, portal).post(f"{PATH}/{check_id}/redraw")
    return await _detail_page(request, portal, check_id, redrawn=again)


@post(f"{_CHECK}/cases/{{case_id:uuid}}/visit", guards=[GUARD], summary="Record a drawn case's return visit")
async def visit(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    check_id: FromPath[uuid.UUID],
    case_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    action = f"visit-{case_id}"

    async def again(**values: Any) -> Template:
        return await _detail_page(request, portal, check_id, posted_action=action, values=posted, **values)

    here = f"{PATH}/{check_id}"
    body = {**form_text(posted, "verdict"), "note": (posted.get("note") or "").strip()}
    return await act(request, portal, f"{here}/cases/{case_id}/visit", body, f"{here}#item-{case_id}", again)


async def _list_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    values: dict[str, str],
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    supervision = SupervisionCall(request, portal)
    township = (request.query_params.get("township") or "").strip()
    try:
        checks = await supervision.get(PATH, {"township": township})
    except ApiInvalid as invalid:
        checks, errors, status_code = [], supervision_errors(request, invalid), 422
    townships = await supervision.townships()
    return page(
        request,
        request.user,
        portal,
        "spot_checks.html",
        [("nav.spot_checks", None)],
        status_code=status_code,
        checks=checks,
        township=township,
        townships=townships,
        places=place_names(townships),
        values=values,
        errors=errors or FormErrors(),
        notice=notice,
    )


async def _detail_page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    check_id: uuid.UUID,
    redrawn: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
    posted_action: str | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    supervision = SupervisionCall(request, portal)
    check = await supervision.get(f"{PATH}/{check_id}")
    return page(
        request,
        request.user,
        portal,
        "spot_check.html",
        [("nav.spot_checks", PATH), ("nav.spot_check", None)],
        status_code=status_code,
        check=check,
        places=place_names(await supervision.townships()),
        redrawn=redrawn,
        errors=errors or FormErrors(),
        notice=notice,
        posted_action=posted_action,
        values=values or {},
    )


ROUTES = [check_list, draw, check_detail, redraw, visit]
