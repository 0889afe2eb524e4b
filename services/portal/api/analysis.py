"""月度分析: the monthly situation analysis, on demand for a month (PDF or Excel) and the ones the worker generated,
read from reporting with the user's own token — reporting decides the scope, so a township's user gets their own
township's analysis and lists only theirs. The files pass through as reporting answered them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.figures_home import ReportingCall, asked_month
from services.portal.api.frame import messages_for, page
from services.portal.api.session_auth import holding
from services.portal.domain import figures as fig
from services.portal.domain.dates import CHINA
from services.portal.domain.menu import ANALYSIS_READERS
from services.portal.service.apis import Download
from services.portal.service.web_sessions import SignedIn
from shared.no_store import NO_CACHE, NO_STORE

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@get(
    "/analyses",
    guards=[holding(ANALYSIS_READERS)],
    summary="月度分析: the analyses generated, and one on demand",
)
async def analyses(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    reporting = ReportingCall(request, portal)
    latest = fig.Month.last_before(datetime.now(CHINA).date())
    month = asked_month(request, latest)
    listed = await reporting.get("/analyses", {"page_size": 100})
    t = messages_for(request)
    return page(
        request,
        request.user,
        portal,
        "analysis.html",
        [("nav.analyses", None)],
        month=str(month),
        months=[(str(m), fig.month_label(m, t)) for m in fig.months_offered(month, latest)],
        generated=listed["items"],
        total=listed["total"],
        names=await reporting.township_names(),
        month_label=lambda text: fig.month_label(fig.Month.parse(text) or latest, t),
    )


def _passed_on(got: Download, kind: str, filename: str) -> Response[bytes]:
    """As reporting answered it (its handler declares NO_STORE: no copy in a shared office computer's cache)."""
    disposition = got.disposition or f'attachment; filename="{filename}"'
    return Response(got.content, media_type=MEDIA_TYPES[kind], headers={"Content-Disposition": disposition})


def _document(name: str) -> tuple[str, str]:
    """ "2026-11.pdf" → ("2026-11", "pdf"); anything else is 页面不存在 (reporting would refuse it)."""
    stem, _, kind = name.rpartition(".")
    if kind not in MEDIA_TYPES or fig.Month.parse(stem) is None:
        raise NotFoundException()
    return stem, kind


@get(
    "/analyses/{document:str}", guards=[holding(ANALYSIS_READERS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="The month's analysis from the current figures, as PDF or Excel",
)  # fmt: skip
async def on_demand(request: Request[SignedIn, Any, Any], portal: Portal, document: str) -> Response[bytes]:
    month, kind = _document(document)
    reporting = ReportingCall(request, portal)
    got = await reporting.api.download(request.user, reporting.language, f"/analyses/{month}.{kind}")
    return _passed_on(got, kind, f"analysis-{month}.{kind}")


@get(
    "/analyses/generated/{analysis_id:uuid}", guards=[holding(ANALYSIS_READERS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="One generated analysis, as reporting stored it",
)  # fmt: skip
async def generated_one(
    request: Request[SignedIn, Any, Any], portal: Portal, analysis_id: uuid.UUID
) -> Response[bytes]:
    reporting = ReportingCall(request, portal)
    got = await reporting.api.download(request.user, reporting.language, f"/analyses/generated/{analysis_id}")
    kind = "xlsx" if got.media_type.startswith(MEDIA_TYPES["xlsx"]) else "pdf"
    return _passed_on(got, kind, f"analysis-{analysis_id}.{kind}")


ROUTES = [analyses, on_demand, generated_one]
