"""我的学时 (a cadre's own year and certificate) and 培训覆盖 (coverage by township and who is behind): training
decides the scope, so a township's users see their township and the county every township."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import place_names
from services.portal.api.session_auth import holding
from services.portal.api.training_calls import TrainingCall, asked_year, passed_on, years_around
from services.portal.domain.menu import COVERAGE_READERS, OWN_HOURS_ROLES
from services.portal.service.apis import ApiNotFound
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE
from shared.tenancy import Scope


@get(
    "/my-training", guards=[holding(OWN_HOURS_ROLES)], summary="我的学时: my hours of a year and the sessions"
)
async def my_training(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    year = asked_year(request)
    try:
        mine = await TrainingCall(request, portal).get("/my-training", {"year": year})
    except ApiNotFound:
        # Training keeps no year for a cadre not serving then (or not yet in its list): the page says so, and the
        # year selector stays, rather than 页面不存在 for a year chosen from it.
        mine = None
    return page(
        request,
        request.user,
        portal,
        "my_training.html",
        [("nav.my_training", None)],
        mine=mine,
        year=year,
        years=years_around(year),
    )


@get(
    "/my-training/certificate.pdf", guards=[holding(OWN_HOURS_ROLES)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="My certificate of a year's hours, read from training with my token",
)  # fmt: skip
async def my_certificate(request: Request[SignedIn, Any, Any], portal: Portal) -> Response[bytes]:
    year = asked_year(request)
    got = await TrainingCall(request, portal).download(f"/my-training/certificate.pdf?year={year}")
    return passed_on(got, "application/pdf", f'inline; filename="{year}-certificate.pdf"')


@get(
    "/training/coverage",
    guards=[holding(COVERAGE_READERS)],
    summary="培训覆盖: coverage by township, who is behind",
)
async def coverage(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    training = TrainingCall(request, portal)
    year = asked_year(request)
    county_wide = request.user.principal.scope is Scope.county
    township = (request.query_params.get("township") or "").strip() if county_wide else ""
    found = await training.get("/training-coverage", {"year": year})
    behind = await training.get("/training-behind", {"year": year, "township": township})
    townships = await training.townships()
    return page(
        request,
        request.user,
        portal,
        "training_coverage.html",
        [("nav.training_coverage", None)],
        coverage=found,
        behind=behind,
        year=year,
        years=years_around(year),
        township=township,
        townships=townships if county_wide else [],
        places=place_names(townships),
    )


ROUTES = [my_training, my_certificate, coverage]
