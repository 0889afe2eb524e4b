"""Calling training records from a page handler: the user's token and language come from the request, like
intake's and supervision's; helpers the training pages share (the year asked for, errors, downloads)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException

from services.portal.api.frame import messages_for
from services.portal.api.intake_calls import IntakeCall
from services.portal.domain.dates import CHINA
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.messages import Language
from services.portal.service.apis import ApiError, Download
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn

# The years training keeps (services/training_records: 2000..2100); the selector offers the recent ones.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEARS_OFFERED = 6


class TrainingCall(IntakeCall):
    """Training records as the user behind this request sees it (the same calls as intake's, another base URL)."""

    def __init__(self, request: Request[SignedIn, Any, Any], portal: PortalContext) -> None:
        super().__init__(request, portal)
        self.intake = portal.intake
        self.api = portal.training

    async def townships(self) -> list[dict[str, Any]]:
        """Township names come from intake's directory (the one list of the county's places)."""
        try:
            return await self.intake.get(self.user, self.language, "/townships")
        except ApiError:
            return []  # names are a comfort: the page shows the slugs rather than fail


def training_errors(
    request: Request, errors: Iterable[Mapping[str, Any]], labels: str = "tfield"
) -> FormErrors:
    """The 422's messages by field, with training's labels (`tfield.*`; a form whose `file` is not the sign-in
    sheet names its own namespace, `mfield.*` for a material)."""
    t = messages_for(request)

    def label(field: str) -> str | None:
        text = t(f"{labels}.{field}")
        return None if text == f"{labels}.{field}" else text

    return FormErrors.from_problem(errors, label, t.language is Language.en)


def this_year() -> int:
    return datetime.now(CHINA).year


def asked_year(request: Request) -> int:
    """The year asked for (`?year=`), this year when none; one training keeps no record of is 页面不存在."""
    text = (request.query_params.get("year") or "").strip()
    if not text:
        return this_year()
    if not (text.isascii() and text.isdecimal() and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise NotFoundException()
    return int(text)


def years_around(year: int) -> list[int]:
    """The selector's years: the recent ones, newest first, and the one asked for if it is older."""
    latest = max(this_year(), year)
    offered = list(range(latest, latest - YEARS_OFFERED, -1))
    return offered if year in offered else [*offered, year]


def passed_on(got: Download, media_type: str, disposition: str) -> Response[bytes]:
    """A file training answered the user, passed on as it came (its handler declares NO_STORE: no copy in a
    shared office computer's cache); training's own disposition when it gives one."""
    return Response(
        got.content, media_type=media_type, headers={"Content-Disposition": got.disposition or disposition}
    )
