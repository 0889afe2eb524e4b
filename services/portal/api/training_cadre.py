"""One cadre's training year (their hours against the requirement, the sessions credited) for those who read
coverage, and their certificate for those who print anyone's: training decides the scope, so a township's users
reach only their township's cadres (another's is 页面不存在)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import place_names
from services.portal.api.session_auth import holding
from services.portal.api.training_calls import TrainingCall, asked_year, passed_on, years_around
from services.portal.domain.menu import CERTIFICATE_PRINTERS, COVERAGE_READERS
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE

_CADRE = "/training/cadres/{user_id:uuid}"


@get(_CADRE, guards=[holding(COVERAGE_READERS)], summary="One cadre's hours of a year and the sessions")
async def cadre_page(
    request: Request[SignedIn, Any, Any], portal: Portal, user_id: FromPath[uuid.UUID]
) -> Template:
    training = TrainingCall(request, portal)
    year = asked_year(request)
    found = await training.get(f"/cadres/{user_id}/training", {"year": year})
    return page(
        request,
        request.user,
        portal,
        "training_cadre.html",
        [("nav.training_coverage", f"/training/coverage?year={year}"), ("nav.training_cadre", None)],
        found=found,
        user_id=str(user_id),
        year=year,
        years=years_around(year),
        places=place_names(await training.townships()),
    )


@get(
    f"{_CADRE}/certificate.pdf", guards=[holding(CERTIFICATE_PRINTERS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="A cadre's certificate of a year's hours, read from training with the user's token",
)  # fmt: skip
async def cadre_certificate(
    request: Request[SignedIn, Any, Any], portal: Portal, user_id: FromPath[uuid.UUID]
) -> Response[bytes]:
    year = asked_year(request)
    got = await TrainingCall(request, portal).download(f"/cadres/{user_id}/certificate.pdf?year={year}")
    return passed_on(got, "application/pdf", f'inline; filename="{year}-certificate.pdf"')


ROUTES = [cadre_page, cadre_certificate]
